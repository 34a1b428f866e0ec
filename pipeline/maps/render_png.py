"""The map as a PNG drawn with matplotlib, from the same layers as the HTML map (no browser)."""

from __future__ import annotations

import html
import io
import math

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from gazetteer import polygons
from pipeline.maps.basemap import ATTRIBUTION, area_geometry
from pipeline.maps.build import _bounds, banner_lines
from pipeline.maps.payload import country_groups, decode_columns, events_payload, prepared
from pipeline.maps.style import (
    LAND_COLOUR,
    SEA_COLOUR,
    SIZES_PX,
    ZONE_COLOURS,
    ZONE_FILL_OPACITY,
    ZONE_LABELS,
    ZONE_STATES,
)
from pipeline.maps.view import Bounds
from pipeline.maps.zones import nationwide_states, zone_states

DPI = 100
MARGIN_DEG = 0.4
AXES = (0.005, 0.04, 0.99, 0.9)  # the map's frame in figure fractions
# atlas.js icon -> the nearest matplotlib marker
MARKERS = {"talk": "o", "check": "P", "bolt": "^", "pause": "D", "eye": "o", "chute": "v",
           "truck": "s", "box": "s", "ring": "o", "out": ">", "cross": "X", "down": "v",
           "burst": "*", "flag": "p", "dot": "o"}


def plain(text: str) -> str:
    """Text for matplotlib: `$` would start mathtext (untrusted text must not be parsed)."""
    return str(text).replace("\\", "\\\\").replace("$", r"\$")


def _draw_basemap(ax, layers: dict[str, gpd.GeoDataFrame]) -> None:
    if "land" in layers:
        layers["land"].plot(ax=ax, color=LAND_COLOUR, linewidth=0, zorder=1)
    if "lakes" in layers:
        layers["lakes"].plot(ax=ax, color=SEA_COLOUR, linewidth=0, zorder=1.1)
    if "coast" in layers:
        layers["coast"].plot(ax=ax, color="#7f9fb6", linewidth=0.7, zorder=3)
    if "borders" in layers:
        layers["borders"].plot(ax=ax, color="#6e6e6e", linewidth=1.0, zorder=3)


def _draw_places(ax, layers, bounds) -> None:
    if "places" not in layers:
        return
    (s, w), (n, e) = bounds
    places = layers["places"]
    places = places[places["rank"] <= 1]
    for name, point in zip(places.get("label", places["name"]), places.geometry, strict=True):
        if w <= point.x <= e and s <= point.y <= n:
            ax.plot(point.x, point.y, "o", color="#444", markersize=2.5, zorder=6)
            ax.annotate(plain(name), (point.x, point.y), xytext=(4, 2), textcoords="offset points",
                        fontsize=8, color="#333", zorder=6)


def _draw_zones(ax, zones: gpd.GeoDataFrame) -> None:
    for state in ZONE_STATES:
        part = zones[zones["state"] == state]
        if part.empty:
            continue
        alpha = 0 if state == "none" else ZONE_FILL_OPACITY
        part.plot(ax=ax, color=ZONE_COLOURS[state], alpha=alpha, linewidth=0, zorder=2)
    zones.boundary.plot(ax=ax, color="#555", linewidth=0.6, zorder=2.5)


def _draw_nationwide(ax, countries: dict, states: dict, layers) -> None:
    outlines = layers.get("countries")
    if outlines is None:
        return
    for country in countries:
        shape = outlines[outlines["iso_a2"] == country]
        if shape.empty:
            continue
        state = states.get(country)
        colour = ZONE_COLOURS[state.state] if state and state.state != "none" else "#555555"
        shape.boundary.plot(ax=ax, color=colour, linewidth=3.5, linestyle=(0, (6, 4)), zorder=4)


def _scatter(ax, cols: dict, data: dict, *, approx: bool) -> None:
    c = decode_columns(cols, data)
    for ti, t in enumerate(data["types"]):
        idx = np.flatnonzero(c["t"] == ti)
        if not len(idx):
            continue
        site = (c["k"][idx] == 1) & (not approx)
        ax.scatter(c["x"][idx], c["y"][idx],
                   s=(np.asarray(SIZES_PX)[c["s"][idx]] * 0.55) ** 2,  # points², ~ the HTML icons
                   marker=MARKERS.get(t[3], "o"), c=t[2], alpha=0.6 if approx else 0.95,
                   edgecolors=np.where(site, "#111", "#333" if approx else "white"),
                   linewidths=np.where(site, 1.8, 0.8),
                   linestyle="--" if approx else "-", zorder=7)


def _legend(ax, data: dict, zones: gpd.GeoDataFrame) -> None:
    handles = [Patch(facecolor=ZONE_COLOURS[s], alpha=ZONE_FILL_OPACITY + 0.2, edgecolor="#555",
                     label=ZONE_LABELS[s]) for s in ZONE_STATES[1:]]
    for t in data["types"]:
        handles.append(Line2D([], [], linestyle="", marker=MARKERS.get(t[3], "o"), color=t[2],
                              markersize=8, label=plain(html.unescape(t[1]))))
    if data["areas"]["y"]:
        handles.append(Line2D([], [], linestyle="", marker="o", color="#999", alpha=0.6,
                              markeredgecolor="#333", label="located only to a governorate"))
    ax.legend(handles=handles, loc="lower right", fontsize=8, framealpha=0.92,
              title="Zones (end of window) and events", title_fontsize=8)


def render_png(
    events: pd.DataFrame,
    *,
    title: str,
    footer: str = "",
    zones: gpd.GeoDataFrame | None = None,
    selected_id: str | None = None,
    size: tuple[int, int] = (1400, 1000),
    bounds: Bounds | None = None,
) -> bytes:
    """Draw the map of `events` with matplotlib and return PNG bytes.

    `bounds` ((south, west), (north, east)): the extent to show, widened to the picture's shape
    (default: the zones' extent with a margin).
    """
    if zones is None:
        zones = zone_states(events, polygons.governorates())
    elif "state" not in zones:
        zones = zone_states(events, zones)
    layers = polygons.basemap_layers()
    points, shapes = area_geometry(zones)
    frame = prepared(events)
    countries = country_groups(frame)
    states = nationwide_states(events)
    data = events_payload(frame, area_points=points, area_shapes=shapes)
    if bounds is None:
        (s, w), (n, e) = _bounds(zones)
        s, w, n, e = s - MARGIN_DEG, w - MARGIN_DEG, n + MARGIN_DEG, e + MARGIN_DEG
    else:
        (s, w), (n, e) = bounds

    fig = Figure(figsize=(size[0] / DPI, size[1] / DPI), dpi=DPI)
    ax = fig.add_axes(AXES)
    ax.set_facecolor(SEA_COLOUR)
    _draw_basemap(ax, layers)
    _draw_zones(ax, zones)
    _draw_nationwide(ax, countries, states, layers)
    located_to_area = (
        set(events.loc[events["geo_precision"] == "admin1", "admin1"].dropna())
        if "geo_precision" in events and "admin1" in events else set()
    )
    areas = zones[zones["admin1"].isin(located_to_area)]
    if not areas.empty:
        areas.boundary.plot(ax=ax, color="#333", linewidth=1.2, linestyle="--", zorder=4.5)
    _draw_places(ax, layers, ((s, w), (n, e)))
    _scatter(ax, data["points"], data, approx=False)
    _scatter(ax, data["areas"], data, approx=True)
    if selected_id is not None and "event_id" in events:
        row = events[events["event_id"] == selected_id]
        if not row.empty and pd.notna(row.iloc[0].get("lat")):
            ax.scatter([row.iloc[0]["lon"]], [row.iloc[0]["lat"]], s=900, facecolors="none",
                       edgecolors="black", linewidths=2.5, zorder=8)
    _legend(ax, data, zones)
    # Widen the view to the frame's shape (as the browser does) so the map fills the picture.
    stretch = 1 / math.cos(math.radians((s + n) / 2))
    frame_w, frame_h = size[0] * AXES[2], size[1] * AXES[3]
    need_w = (n - s) * stretch * frame_w / frame_h  # degrees of longitude the frame shows
    if need_w > e - w:
        pad = (need_w - (e - w)) / 2
        w, e = w - pad, e + pad
    else:
        pad = ((e - w) * frame_h / frame_w / stretch - (n - s)) / 2
        s, n = s - pad, n + pad
    ax.set_xlim(w, e)
    ax.set_ylim(s, n)
    ax.set_aspect(stretch)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    banner = banner_lines(countries, states, data["unlocated"])
    if banner:
        text = "\n".join(f"{name}, {line}" if name else line for name, line in banner)
        ax.text(0.01, 0.99, plain(text), transform=ax.transAxes, va="top", ha="left", fontsize=9,
                zorder=9, bbox={"facecolor": "white", "alpha": 0.92, "edgecolor": "#999"})
    fig.suptitle(plain(title), fontsize=13, x=0.01, ha="left", y=0.975)
    foot = " · ".join(x for x in (str(footer).replace("\n", " · "), ATTRIBUTION) if x)
    fig.text(0.01, 0.015, plain(foot), fontsize=8, color="#333", ha="left", wrap=True)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI)
    return out.getvalue()
