"""The page's map: one base map for every view, an overlay per filter state, and their cost.

The map in the page never reloads: its base (basemap, layer switcher, Leaflet inlined) does not
depend on the events, so streamlit-folium keeps the same component, and a filter or slider change
sends only the overlay (zones, events, legend, banner) through `feature_group_to_add`, which the
component swaps in place. The heavy per-event work (`payload.prepared`) is done once per store
version for the whole store; a view selects its rows from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd

from pipeline.maps.build import base_map, default_bounds, map_overlay, selection
from pipeline.maps.click import event_id_from_click
from pipeline.maps.layers import AtlasCall, AtlasOverlay
from pipeline.maps.payload import prepared
from pipeline.maps.snapshot import snapshot_html, snapshot_png
from pipeline.maps.view import MapView, chosen_view, view_text
from pipeline.page_exports import snapshot_footer, snapshot_title

HEIGHT = 640  # pixels
# What the map sends back: the clicked layer's tooltip/popup text (it ends in the event id), the
# click counter (clicking the same marker twice still selects it), and its view (bounds, zoom:
# snapshots show it). Every move sends the view, so the page keeps the map in a fragment: a move
# reruns the map and the details beside it, not the filters, chart and table.
RETURNS = ["last_object_clicked_tooltip", "last_object_clicked_popup",
           "last_object_clicked_count", "bounds", "zoom"]


@dataclass
class SnapshotView:
    """The analyst's view of the page's map (None: its first view), for the map snapshots.

    Mutable on purpose: a move reruns only the map's fragment, which updates it, while the
    snapshot buttons made by the last full run build their files when clicked and read it then.
    """

    view: MapView | None = None


def map_view(returned: dict | None) -> MapView | None:
    """The view the analyst moved the page's map to, or None while it shows its first view."""
    return chosen_view(returned, default_bounds())


def snapshot_file(kind: str, shown: pd.DataFrame, *, zones: gpd.GeoDataFrame,
                  window: tuple[date, date] | None, filters_text: str, version: str,
                  view: SnapshotView) -> str | bytes:
    """The HTML (`kind` "html") or PNG snapshot of `shown`, over the analyst's view if any.

    Built when its download button is clicked, so it reads `view` as the map last reported it.
    """
    current = view.view
    title = snapshot_title(window, filters_text, len(shown), own_view=current is not None)
    footer = snapshot_footer(shown, version,
                             extent=view_text(current) if current is not None else None)
    bounds = current.bounds if current is not None else None
    make = snapshot_html if kind == "html" else snapshot_png
    return make(shown, zones=zones, title=title, footer=footer, bounds=bounds)


def clicked_event(returned: dict | None, last: tuple | None,
                  shown: pd.DataFrame) -> tuple[str | None, tuple | None]:
    """(event id, click key) of a new click on the map, from what `st_folium` returned.

    The click key (click count, tooltip) tells a new click from the same one returned again on
    the next rerun; the id is None for a click on no event (a cluster) or on the same one. A
    map made anew counts its clicks from 0 again and reports no text: that becomes the key, so
    its first click is new even on the marker clicked last before.
    """
    returned = returned or {}
    text = returned.get("last_object_clicked_tooltip") or returned.get(
        "last_object_clicked_popup")
    click = (returned.get("last_object_clicked_count"), text)
    if click[0] is None or click == last:
        return None, last
    if not text:
        return None, click
    return event_id_from_click(text, events=shown), click


def page_base() -> folium.Map:
    """The base map the page shows (assets inlined: the component's iframe has no server)."""
    return base_map(inline_assets=True)


def map_frame(events: pd.DataFrame) -> pd.DataFrame:
    """The map's working columns for the whole store (see `payload.prepared`), once per version."""
    return prepared(events)


def page_overlay(shown: pd.DataFrame, *, zones: gpd.GeoDataFrame,
                 frame: pd.DataFrame | None = None, selected_id: str | None = None,
                 events: pd.DataFrame | None = None) -> AtlasOverlay:
    """The overlay of the events shown over `zones`, the legend folded to a button.

    `frame` is `map_frame` of the whole store (rows of `shown` are taken from it, in its order).
    `selected_id` rings that event, found in `events` (the whole store) when it is not shown.
    """
    if frame is not None:
        frame = frame[frame.index.isin(shown.index)]
    overlay = map_overlay(shown, zones=zones, frame=frame, legend_open=False)
    if selected_id:
        ring = selection(events if events is not None else shown, selected_id, zones)
        if ring:
            overlay.add_child(AtlasCall("selected", ring, name="AtlasSelected"))
    return overlay


def component_args(base: folium.Map, overlay: AtlasOverlay) -> dict[str, str]:
    """The strings streamlit-folium sends the component for this base and overlay.

    Renders copies the way `st_folium` does (it renames elements as it goes), so the arguments
    can be measured (and compared) without a running page.
    """
    import copy

    from streamlit_folium import (
        _get_feature_group_string,
        _get_header,
        _get_html,
        _get_map_string,
    )

    fmap, group = copy.deepcopy(base), copy.deepcopy(overlay)
    fmap.get_root().render()
    fmap.render()
    args = {"html": _get_html(fmap), "header": _get_header(fmap),
            "script": _get_map_string(fmap)}
    args["feature_group"] = _get_feature_group_string(group, map=fmap, idx=0)
    args["js_links"] = "\n".join(src for _, src in fmap.default_js)
    args["css_links"] = "\n".join(href for _, href in fmap.default_css)
    return args


def sent_bytes(base: folium.Map, overlay: AtlasOverlay) -> int:
    """Bytes of the map as the page sends it (base with its inlined assets, plus the overlay)."""
    return sum(len(v.encode("utf-8")) for v in component_args(base, overlay).values())


def sent_bytes_for_store(data_dir: Path) -> int:
    """`sent_bytes` for the page's first view of the store in `data_dir` (all events)."""
    from gazetteer.polygons import governorates
    from pipeline.maps.zones import zone_states
    from pipeline.store import Store

    events = Store(data_dir).events_frame()
    zones = zone_states(events, governorates())
    return sent_bytes(page_base(), page_overlay(events, zones=zones))
