"""Which event a click on the map selected, from what streamlit-folium returns."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

import pandas as pd

from pipeline.maps.payload import COORD_DECIMALS, POINT_PRECISIONS_EXCLUDED, prepared

# Every clickable marker and area ends its tooltip with one of these (atlas.js `clickKey`).
_ID_AT_END = re.compile(r"\[event ([^\[\]]+)\]\s*$")
_MARKER_AT_END = re.compile(r"\[marker (-?\d+\.\d+),(-?\d+\.\d+) ([^\[\]\s]+)\]\s*$")


def event_id_from_click(text: str | None, *, events: pd.DataFrame | None = None) -> str | None:
    """The event a clicked marker or area stands for, from its tooltip text, or None.

    Accepts the text as streamlit-folium returns it (`last_object_clicked_tooltip`, the tooltip's
    innerText) and also still-escaped HTML. Tooltips end in ``[event <id>]``; on maps with very
    many distinct points they end in ``[marker <lat>,<lon> <type>]`` instead, which needs the
    `events` the map was built from: the most recent event of that type at that point.
    """
    if not text:
        return None
    text = html.unescape(str(text))
    match = _ID_AT_END.search(text)
    if match:
        return match.group(1).strip() or None
    match = _MARKER_AT_END.search(text)
    if match is None or events is None or events.empty:
        return None
    lat, lon = round(float(match.group(1)), COORD_DECIMALS), round(float(match.group(2)),
                                                                   COORD_DECIMALS)
    df = prepared(events)
    hits = df[(df["y"] == lat) & (df["x"] == lon) & (df["event_type"] == match.group(3))
              & ~df["geo_precision"].isin(POINT_PRECISIONS_EXCLUDED)]
    return str(hits["event_id"].iloc[-1]) if len(hits) else None


def event_id_from_feature(feature: Mapping | None) -> str | None:
    """The event id of a clicked feature (`last_active_drawing`), or None."""
    if not isinstance(feature, Mapping):
        return None
    props = feature.get("properties")
    value = props.get("event_id") if isinstance(props, Mapping) else None
    return html.unescape(str(value)) if value else None
