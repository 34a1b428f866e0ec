"""The page's map: one base map for every view, an overlay per filter state, and their cost.

The map in the page never reloads: its base (basemap, layer switcher, Leaflet inlined) does not
depend on the events, so streamlit-folium keeps the same component, and a filter or slider change
sends only the overlay (zones, events, legend, banner) through `feature_group_to_add`, which the
component swaps in place. The heavy per-event work (`payload.prepared`) is done once per store
version for the whole store; a view selects its rows from it.
"""

from __future__ import annotations

from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd

from pipeline.maps.build import base_map, map_overlay, selection
from pipeline.maps.click import event_id_from_click
from pipeline.maps.layers import AtlasCall, AtlasOverlay
from pipeline.maps.payload import prepared

HEIGHT = 640  # pixels
# What the map sends back: the clicked layer's tooltip/popup text (it ends in the event id) and
# the click counter (clicking the same marker twice still selects it). Pan and zoom send nothing,
# so they do not rerun the page.
RETURNS = ["last_object_clicked_tooltip", "last_object_clicked_popup",
           "last_object_clicked_count"]


def clicked_event(returned: dict | None, last: tuple | None,
                  shown: pd.DataFrame) -> tuple[str | None, tuple | None]:
    """(event id, click key) of a new click on the map, from what `st_folium` returned.

    The click key (click count, tooltip) tells a new click from the same one returned again on
    the next rerun; the id is None for a click on no event (a cluster) or on the same one.
    """
    returned = returned or {}
    text = returned.get("last_object_clicked_tooltip") or returned.get(
        "last_object_clicked_popup")
    click = (returned.get("last_object_clicked_count"), text)
    if not text or click == last:
        return None, last
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
