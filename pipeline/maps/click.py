"""Which event a click on the map selected, from what streamlit-folium returns."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

# Every clickable marker and area ends its tooltip with this (atlas.js, build.py).
_ID_AT_END = re.compile(r"\[event ([^\[\]]+)\]\s*$")


def event_id_from_click(text: str | None) -> str | None:
    """The event id at the end of a clicked marker's tooltip text (`[event <id>]`), or None.

    Accepts the text as streamlit-folium returns it (`last_object_clicked_tooltip`, the tooltip's
    innerText) and also still-escaped HTML.
    """
    if not text:
        return None
    match = _ID_AT_END.search(html.unescape(str(text)))
    return match.group(1).strip() or None if match else None


def event_id_from_feature(feature: Mapping | None) -> str | None:
    """The event id of a clicked feature (`last_active_drawing`), or None."""
    if not isinstance(feature, Mapping):
        return None
    props = feature.get("properties")
    value = props.get("event_id") if isinstance(props, Mapping) else None
    return html.unescape(str(value)) if value else None
