"""build_map: events DataFrame -> a deterministic, offline folium map (zones, events, basemap)."""

from __future__ import annotations

import hashlib
from collections import OrderedDict

import folium
import geopandas as gpd
import pandas as pd

from gazetteer import polygons
from pipeline.maps.assets import LIVE_BASE_URL, localise
from pipeline.maps.basemap import (
    ATTRIBUTION,
    area_geometry,
    basemap_payload,
    country_names,
    country_outlines,
)
from pipeline.maps.escape import safe_text
from pipeline.maps.layers import AtlasCall, AtlasLayers, AtlasOverlay, control, legend_data
from pipeline.maps.payload import country_groups, events_payload, prepared
from pipeline.maps.style import ZONE_COLOURS, ZONE_FILL_OPACITY, ZONE_LABELS, type_style
from pipeline.maps.view import ZOOM_SNAP, Bounds
from pipeline.maps.zones import ZoneState, nationwide_states, zone_states

DEFAULT_BOUNDS = ((32.3, 35.6), (37.4, 42.4))  # (south, west), (north, east): Syria
ONLINE_TILES = {
    "name": "OpenStreetMap tiles (online)",
    "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "attribution": "&copy; OpenStreetMap contributors",
}
BANNER_TYPES = 4  # event types named in a country-wide line (its border's tooltip has them all)
NO_COUNTRY_STATE_COLOUR = "#555555"  # outline of a country with country-wide events but no truce


def _id_suffix(event_id: str | None) -> str:
    return f" [event {safe_text(event_id)}]" if event_id else ""


def _zone_tip(name: str, z: ZoneState | pd.Series) -> str:
    state = z["state"] if isinstance(z, pd.Series) else z.state
    since = z["since"] if isinstance(z, pd.Series) else z.since
    text = f"{name}: {ZONE_LABELS.get(state, state)}"
    if state != "none" and since:
        text += f" since {since}"
    nationwide = z["nationwide"] if isinstance(z, pd.Series) else z.nationwide
    if state != "none" and nationwide:
        text += " (country-wide)"
    return safe_text(text)


def _zones_payload(zones: gpd.GeoDataFrame, countries: dict, states: dict) -> dict:
    outlines = country_outlines()
    names = country_names()
    features = []
    for _, z in zones.iterrows():
        shape = area_geometry(gpd.GeoDataFrame([z], geometry="geometry", crs=zones.crs))[1]
        geometry = shape.get(z["admin1"])
        if geometry is None:
            continue
        event_id = z.get("event_id")
        features.append({
            "type": "Feature",
            "geometry": geometry,
            "properties": {
                "admin1": safe_text(z["admin1"]),
                "name": safe_text(z["name"]),
                "state": z["state"] if z["state"] in ZONE_COLOURS else "none",
                "event_id": safe_text(event_id),
                "tip": _zone_tip(str(z["name"]), z) + _id_suffix(event_id),
            },
        })
    nationwide = []
    for country, groups in countries.items():
        if country not in outlines:
            continue
        state = states.get(country, ZoneState())
        latest = state.event_id or groups[-1][2]
        counts = ", ".join(f"{type_style(t).label} {n}" for t, n, _ in groups)
        name = names.get(country, country)
        tip = _zone_tip(f"{name}, country-wide", state) + " · " + safe_text(counts)
        nationwide.append({
            "geometry": outlines[country],
            "properties": {
                "country": safe_text(country),
                "state": state.state,
                "colour": ZONE_COLOURS[state.state] if state.state != "none"
                else NO_COUNTRY_STATE_COLOUR,
                "event_id": safe_text(latest),
                "tip": tip + _id_suffix(latest),
            },
        })
    return {"features": features, "nationwide": nationwide, "colours": ZONE_COLOURS,
            "opacity": ZONE_FILL_OPACITY}


def _type_counts(groups: list[tuple[str, int, str]]) -> str:
    """'3 events: Ceasefire agreed 2 · Aid airdrop 1', the most frequent types first (a few)."""
    total = sum(n for _, n, _ in groups)
    top = sorted(groups, key=lambda g: (-g[1], g[0]))
    text = " · ".join(f"{type_style(t).label} {n:,}" for t, n, _ in top[:BANNER_TYPES])
    if len(top) > BANNER_TYPES:
        text += f" · {len(top) - BANNER_TYPES} more types"
    return f"{total:,} event{'s' if total != 1 else ''}: {text}"


def banner_lines(countries: dict, states: dict, unlocated: int = 0) -> list[tuple[str, str]]:
    """Country-wide events as (country name, plain text) lines: they belong to no point.

    `countries` is `payload.country_groups(...)`, `states` `zones.nationwide_states(...)`.
    """
    names = country_names()
    lines = []
    for country, groups in countries.items():
        state = states.get(country)
        text = "country-wide"
        if state and state.state != "none":
            text += f": ceasefire {ZONE_LABELS[state.state].lower()}"
            if state.since:
                text += f" since {state.since}"
        lines.append((names.get(country, country), f"{text} — {_type_counts(groups)}"))
    if unlocated:
        lines.append(("", f"{unlocated:,} events without coordinates are not on the map"))
    return lines


def _banner(countries: dict, states: dict, unlocated: int) -> str | None:
    lines = [
        (f"<b>{safe_text(name)}</b>, " if name else "") + safe_text(text)
        for name, text in banner_lines(countries, states, unlocated)
    ]
    return "<br>".join(lines) if lines else None


def selection(events: pd.DataFrame, selected_id: str, zones: gpd.GeoDataFrame) -> dict | None:
    """Where to ring the event `selected_id`: its area's outline, or its point; None if unknown."""
    rows = events[events["event_id"] == selected_id] if "event_id" in events else events.iloc[:0]
    if rows.empty:
        return None
    row = rows.iloc[0]
    precision = row.get("geo_precision")
    if precision == "admin1":
        shape = area_geometry(zones)[1].get(row.get("admin1"))
        if shape:
            return {"geometry": shape}
    if precision == "country":
        shape = country_outlines().get(row.get("country"))
        if shape:
            return {"geometry": shape}
    lat, lon = pd.to_numeric(row.get("lat"), errors="coerce"), pd.to_numeric(row.get("lon"),
                                                                             errors="coerce")
    if pd.isna(lat) or pd.isna(lon):
        return None
    return {"y": round(float(lat), 4), "x": round(float(lon), 4)}


def _bounds(zones: gpd.GeoDataFrame) -> list[list[float]]:
    if zones is not None and not zones.empty:
        w, s, e, n = (float(v) for v in zones.total_bounds)
        return [[round(s, 3), round(w, 3)], [round(n, 3), round(e, 3)]]
    return [list(DEFAULT_BOUNDS[0]), list(DEFAULT_BOUNDS[1])]


def default_bounds() -> list[list[float]]:
    """The extent a map shows before anyone moves it: the bundled governorates' (Syria)."""
    return _bounds(polygons.governorates())


def _extent(bounds: Bounds | None, zones: gpd.GeoDataFrame | None) -> list[list[float]]:
    """`bounds` as the view's [[south, west], [north, east]], else the zones' extent."""
    if bounds is None:
        return _bounds(zones)
    (south, west), (north, east) = bounds
    return [[round(float(south), 5), round(float(west), 5)],
            [round(float(north), 5), round(float(east), 5)]]


def _walk(element):
    yield element
    for child in element._children.values():
        yield from _walk(child)


def stabilise_ids(fmap: folium.Map) -> folium.Map:
    """Give every element an id from its position in the tree, so the same map gives the same HTML.

    folium draws random ids; streamlit-folium hashes the script to decide whether to remount the
    map, so random ids would also make it reload on every rerun. Ids stay 32 hex digits like
    folium's, which streamlit-folium's renaming expects.
    """
    root = fmap.get_root()
    for i, element in enumerate(_walk(root)):
        element._id = hashlib.md5(f"ceasefire-atlas-{i}".encode()).hexdigest()
    for element in _walk(root):
        element._children = OrderedDict((c.get_name(), c) for c in element._children.values())
    return fmap


def _base(bounds: list[list[float]], *, online_tiles: bool) -> folium.Map:
    """The map without data: vector basemap, layer switcher with the overlay slots, scale."""
    (south, west), (north, east) = bounds
    center = [round((south + north) / 2, 3), round((west + east) / 2, 3)]
    # Quarter zoom steps, so the view fits the country snugly at any width (buttons: half).
    fmap = folium.Map(location=center, zoom_start=7, tiles=None, prefer_canvas=True,
                      control_scale=True, zoom_control="topright", zoom_snap=ZOOM_SNAP,
                      zoom_delta=0.5)
    base = AtlasCall("basemap", {**basemap_payload(), "attribution": ATTRIBUTION},
                     name="AtlasBasemap")
    fmap.add_child(base)
    fmap.add_child(AtlasLayers(
        [("Basemap (offline)", base), ("Ceasefire zones", "zones"), ("Events", "events")],
        tiles=ONLINE_TILES if online_tiles else None,
    ))
    fmap.add_child(AtlasCall("view", bounds, name="AtlasView"))
    return fmap


def base_map(
    *,
    zones: gpd.GeoDataFrame | None = None,
    online_tiles: bool = False,
    inline_assets: bool = False,
    asset_base_url: str = LIVE_BASE_URL,
) -> folium.Map:
    """The map an overlay is drawn on: basemap, switcher, view on `zones` (default: Syria).

    It does not depend on the events, so the page builds it once and swaps overlays on it.
    """
    fmap = _base(_bounds(zones) if zones is not None else default_bounds(),
                 online_tiles=online_tiles)
    localise(fmap, inline=inline_assets, base_url=asset_base_url)
    return stabilise_ids(fmap)


def map_overlay(
    events: pd.DataFrame,
    *,
    zones: gpd.GeoDataFrame | None = None,
    selected_id: str | None = None,
    legend: bool = True,
    legend_open: bool = True,
    frame: pd.DataFrame | None = None,
) -> AtlasOverlay:
    """What `events` put on a base map: zones, events, country-wide banner, legend, selection.

    `zones` as for `build_map`. `frame` is `payload.prepared(events)` when the caller has it
    (the page prepares the whole store once and selects rows from it). `legend_open` is whether
    the legend starts unfolded (a snapshot) or as a one-line button (the page).
    """
    zones = _zones(events, zones)
    points, shapes = area_geometry(zones)
    frame = prepared(events) if frame is None else frame
    countries = country_groups(frame)
    states = nationwide_states(events)
    group = AtlasOverlay()
    group.add_child(AtlasCall("zones", _zones_payload(zones, countries, states),
                              name="AtlasZones"))
    data = events_payload(frame, area_points=points, area_shapes=shapes)
    group.add_child(AtlasCall("events", data, name="AtlasEvents"))
    if selected_id:
        ring = selection(events, selected_id, zones)
        if ring:
            group.add_child(AtlasCall("selected", ring, name="AtlasSelected"))
    banner = _banner(countries, states, data["unlocated"])
    if banner:
        group.add_child(control(banner, position="topleft", css_class="atlas-banner",
                                name="AtlasBanner"))
    if legend:
        shown = [t[0] for t in data["types"]]
        sites = any(code % 2 for code in data["points"]["c"])  # the packed site flag
        group.add_child(AtlasCall("legend", legend_data(
            shown, approx=bool(data["areas"]["y"]), sites=sites, zones=True,
            nationwide=bool(countries), start_open=legend_open), name="AtlasLegend"))
    return group


def _zones(events: pd.DataFrame, zones: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    if zones is None:
        return zone_states(events, polygons.governorates())
    if "state" not in zones:
        return zone_states(events, zones)
    return zones


def build_map(
    events: pd.DataFrame,
    *,
    zones: gpd.GeoDataFrame | None = None,
    selected_id: str | None = None,
    online_tiles: bool = False,
    inline_assets: bool = False,
    asset_base_url: str = LIVE_BASE_URL,
    legend: bool = True,
    legend_open: bool = True,
    bounds: Bounds | None = None,
) -> folium.Map:
    """The map of `events` (columns of `Store.events_frame()`): zones, events, basemap, legend.

    `zones` is `zone_states(...)` output (computed from `events` and the bundled governorates when
    None). `selected_id` rings that event. `online_tiles` adds OpenStreetMap tiles as a layer that
    is off until switched on. `inline_assets` embeds Leaflet and our script as data: URIs (the
    snapshot and the Streamlit component need no server); otherwise they load from
    `asset_base_url`. Pure and deterministic: the same input gives byte-identical HTML.
    `bounds` ((south, west), (north, east)) is the extent to show (an analyst's view of the
    page's map); by default the zones' extent. It is `base_map` with `map_overlay` on it.
    """
    zones = _zones(events, zones)
    fmap = _base(_extent(bounds, zones), online_tiles=online_tiles)
    fmap.add_child(map_overlay(events, zones=zones, selected_id=selected_id, legend=legend,
                               legend_open=legend_open))
    localise(fmap, inline=inline_assets, base_url=asset_base_url)
    return stabilise_ids(fmap)
