"""The offline map: events DataFrame in, folium map and HTML/PNG snapshots out (no Streamlit)."""

from pipeline.maps.escape import safe_text

__all__ = ["safe_text"]
