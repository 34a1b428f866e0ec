"""The page's cached loaders: per server, keyed on the data folder and the store's version.

The version changes with every write to the store, so new events reload everything keyed on it.
Loaded events are shared read-only by every session (`st.cache_resource`), not copied per call
as `st.cache_data` does: at 100,000 events that copy (a pickle round trip) measured 1.2 s of a
new session's 2.6 s. Sharing is safe: the page never writes to the frame, and under pandas'
copy-on-write every filtered frame is its own. What depends on the filters too (zones, the map
overlay, the chart's counts) is cached on their key and computed inside, so a rerun that
changes neither (a click, a download) redoes no filtering, and a new session draws at once.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from pipeline import page_data, page_map
from pipeline.maps import zone_states
from pipeline.page_filters import Filters, Options, apply_filters, options, search_text
from pipeline.page_timeline import counts_over_time, date_bounds


@st.cache_resource(show_spinner="Loading the gazetteer…", max_entries=2)
def _gazetteer(overlay: str | None, stamp: float):
    from pipeline.run import load_gazetteer

    return load_gazetteer(overlay=Path(overlay) if overlay else None)


def gazetteer(data_dir: Path):
    """The bundled gazetteer with the data folder's overlay (`places.csv`), reloaded when that
    file changes: loaded once per server, and only when the pipeline runs."""
    from gazetteer.core import OVERLAY_FILE

    overlay = Path(data_dir) / OVERLAY_FILE
    if overlay.is_file():
        return _gazetteer(str(overlay), overlay.stat().st_mtime)
    return _gazetteer(None, 0.0)


@st.cache_resource(show_spinner=False)
def governorates():
    """The governorate polygons the ceasefire zones are drawn on."""
    from gazetteer.polygons import governorates as load

    return load()


@st.cache_resource(show_spinner=False)
def governorate_names() -> dict[str, str]:
    """ISO 3166-2 code -> governorate name."""
    frame = governorates()
    return dict(zip(frame["admin1"], frame["name"], strict=True))


@st.cache_resource(show_spinner="Loading events…", max_entries=2)
def events(data_dir: str, version: str) -> pd.DataFrame:
    """The store's events with the filters' derived columns (shared: never write to it)."""
    return page_data.load_events(Path(data_dir))


@st.cache_data(show_spinner=False, max_entries=2)
def choices(data_dir: str, version: str) -> tuple[Options, tuple[date, date] | None]:
    """The filter widgets' choices and the events' first and last day."""
    frame = events(data_dir, version)
    return options(frame), date_bounds(frame)


@st.cache_resource(show_spinner="Indexing the text…", max_entries=2)
def search_index(data_dir: str, version: str) -> pd.Series:
    """What the text search looks in, made the first time a search asks for it."""
    return search_text(events(data_dir, version))


def select(data_dir: str, version: str, filters: Filters) -> pd.DataFrame:
    """The events `filters` let through (the search index only when a text is searched)."""
    search = search_index(data_dir, version) if filters.text.strip() else None
    return apply_filters(events(data_dir, version), filters, search=search)


@st.cache_data(show_spinner=False, max_entries=16)
def zones(data_dir: str, version: str, key: tuple, until: date | None, _history: Filters):
    """Governorate ceasefire states at `until`, from the events `_history` (`key`) selects."""
    return zone_states(select(data_dir, version, _history), governorates(), until=until)


@st.cache_data(show_spinner=False)
def base_map():
    """The map's base, the same for every view, so the component never reloads (a copy per
    call: streamlit-folium renames the elements it renders)."""
    return page_map.page_base()


@st.cache_resource(show_spinner=False, max_entries=2)
def map_frame(data_dir: str, version: str) -> pd.DataFrame:
    """The map's working columns for the whole store, shared read-only like the events."""
    return page_map.map_frame(events(data_dir, version))


@st.cache_data(show_spinner=False, max_entries=16)
def overlay(data_dir: str, version: str, key: tuple, selected: str | None, _shown, _zones):
    """The map overlay of `_shown` (what `key` selects) over `_zones`, `selected` ringed."""
    return page_map.page_overlay(_shown, zones=_zones, frame=map_frame(data_dir, version),
                                 selected_id=selected, events=events(data_dir, version))


@st.cache_data(show_spinner=False, max_entries=16)
def counts(data_dir: str, version: str, key: tuple, period: str, _filters: Filters):
    """Events per period and type of what `_filters` (`key`) selects, over all dates."""
    return counts_over_time(select(data_dir, version, _filters), period=period)
