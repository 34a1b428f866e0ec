"""The offline map: events DataFrame in, folium map and HTML/PNG snapshots out (no Streamlit)."""

from pipeline.maps.build import build_map
from pipeline.maps.click import event_id_from_click, event_id_from_feature
from pipeline.maps.escape import safe_text
from pipeline.maps.snapshot import snapshot_html, snapshot_png
from pipeline.maps.zones import zone_states

__all__ = [
    "build_map",
    "event_id_from_click",
    "event_id_from_feature",
    "safe_text",
    "snapshot_html",
    "snapshot_png",
    "zone_states",
]
