"""Ceasefire Atlas: the analyst's page (map, timeline, filters, evidence, table, exports, uploads).

    streamlit run dashboard.py                    # data folder data/ (seeded from seeds/ once)
    streamlit run dashboard.py -- --data DIR      # another data folder

The page is thin: the pure work lives in `pipeline.page_*` and `pipeline.maps` (tested without
Streamlit), the cached loaders in `pipeline.page_cache`, adding articles in `pipeline.page_add`;
this file lays out the filters, timeline, map, details, table and exports and wires them up.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from pipeline import page_add, page_data, page_map, page_table
from pipeline import page_cache as cache
from pipeline.maps.style import EVENT_TYPES
from pipeline.maps.view import view_text
from pipeline.page_details import detail_html, same_place_choices, type_label
from pipeline.page_exports import events_csv, events_geojson, file_stem
from pipeline.page_filters import Filters, Options
from pipeline.page_timeline import (
    clamp_window,
    period_for,
    play_step,
    slider_bounds,
    step_window,
    timeline_chart,
)
from pipeline.store import Store

ROOT = Path(__file__).resolve().parent
SEEDS = ROOT / "seeds"
PLAY_SECONDS = 1.5  # between two steps of the timeline's play
DATA_DIR = page_data.data_dir_from_argv(sys.argv[1:], os.environ, root=ROOT)


# -- widgets -----------------------------------------------------------------------------------


def sidebar_filters(opts: Options, names: dict[str, str]) -> Filters:
    """The filter widgets in the sidebar; returns what they ask for (without the date window)."""
    sb = st.sidebar
    sb.header("Filters")
    if sb.button("Reset filters", key="reset_filters"):
        for key in [k for k in st.session_state if str(k).startswith("f_")]:
            del st.session_state[key]
        st.session_state.pop("window", None)
    families = sb.pills("Event families", list(opts.types), selection_mode="multi",
                        default=list(opts.types), key="f_families")
    family_types = [t for fam in opts.types for t in opts.types[fam]]
    only = sb.multiselect(
        "Event types", family_types, key="f_types", placeholder="all types of those families",
        format_func=lambda t: f"{type_label(t)} ({opts.type_counts.get(t, 0):,})",
    )
    types = {t for fam in families for t in opts.types[fam]}
    if only:
        types &= set(only)
    admin1 = sb.multiselect("Governorate", opts.admin1, key="f_admin1",
                            format_func=lambda a: f"{names.get(a, a)} ({a})",
                            placeholder="any")
    actors = sb.multiselect("Actor", opts.actors, key="f_actors", placeholder="any")
    statuses = sb.multiselect("Status", opts.statuses, key="f_status", placeholder="any")
    text = sb.text_input("Text search", key="f_text",
                         help="Looks in the evidence, title, place, source and actors.")
    min_conf = sb.slider("Minimum confidence", 0.0, 1.0, 0.0, 0.05, key="f_conf")
    undated = sb.checkbox(
        "Include undated events", value=True, key="f_undated",
        help="Events whose date the text does not give: shown on the map and in the table "
        "whatever the window, but not on the timeline chart.",
    )
    return Filters(include_undated=undated, types=frozenset(types), admin1=frozenset(admin1),
                   actors=frozenset(actors), statuses=frozenset(statuses), text=text,
                   min_confidence=min_conf)


def _set_window(bounds: tuple[date, date], days: int | None) -> None:
    window = st.session_state.get("window", bounds)
    st.session_state["window"] = bounds if days is None else step_window(window, days, bounds)
    st.session_state["playing"] = False


def _toggle_play() -> None:
    st.session_state["playing"] = not st.session_state.get("playing", False)
    st.session_state["_play_at"] = time.monotonic() + PLAY_SECONDS


def timeline_window(bounds: tuple[date, date] | None) -> tuple[date, date] | None:
    """The date-range slider, its step buttons and play; None when no event is dated."""
    if bounds is None:
        st.info("No event has a date yet: the timeline appears once one does.")
        return None
    bounds = slider_bounds(bounds)
    if "_play_next" in st.session_state:  # a play step (set before the slider exists)
        st.session_state["window"] = st.session_state.pop("_play_next")
    window = st.session_state.get("window")
    # A new article can widen the dates; keep the analyst's window, cut to the new bounds.
    st.session_state["window"] = clamp_window(tuple(window), bounds) if window else bounds
    st.slider("Date window", min_value=bounds[0], max_value=bounds[1], key="window",
              format="YYYY-MM-DD")
    cols = st.columns([1, 1, 1, 1, 1.3, 1])
    steps = (("◀ week", -7), ("◀ day", -1), ("day ▶", 1), ("week ▶", 7))
    for col, (label, days) in zip(cols, steps, strict=False):
        col.button(label, key=f"step_{label}", on_click=_set_window, args=(bounds, days),
                   width="stretch")
    playing = st.session_state.get("playing", False)
    cols[4].button("⏸ Pause" if playing else "▶ Play by week", key="play",
                   on_click=_toggle_play, width="stretch",
                   help="Moves the window on by a week every few seconds, to the last day.")
    cols[5].button("All dates", key="step_all", on_click=_set_window, args=(bounds, None),
                   width="stretch")
    with st.container():  # always there, so starting or stopping play moves no element below
        if playing:
            player(bounds)
    return tuple(st.session_state["window"])


@st.fragment(run_every=PLAY_SECONDS)
def player(bounds: tuple[date, date]) -> None:
    """While playing: every PLAY_SECONDS the window moves on a week and the whole page redraws.

    The fragment also runs within every full rerun; only a run at or after the time set for the
    next step moves the window, so the redraw it asks for does not step again.
    """
    if not st.session_state.get("playing") or time.monotonic() < st.session_state.get(
            "_play_at", 0.0):
        return
    st.session_state["_play_at"] = time.monotonic() + PLAY_SECONDS * 0.8
    nxt = play_step(tuple(st.session_state["window"]), 7, bounds)
    if nxt is None:
        st.session_state["playing"] = False
    else:
        st.session_state["_play_next"] = nxt
    st.rerun(scope="app")


@st.fragment
def map_and_details(overlay, ring: str | None, shown: pd.DataFrame,
                    events: pd.DataFrame) -> None:
    """The map (left) and the selected event's details (right).

    A fragment: the map reports every move (its view, which the snapshots show), and a move
    reruns only this part, not the filters, chart and table. `ring` is the event `overlay`
    rings; when a click or a choice here rings another (or none), the whole page reruns.
    """
    left, right = st.columns([2, 1])
    with left:
        out = st_folium(cache.base_map(), key="map", height=page_map.HEIGHT, width=None,
                        use_container_width=True, returned_objects=page_map.RETURNS,
                        feature_group_to_add=[overlay])
        view = snapshot_view()
        view.view = page_map.map_view(out)
        st.caption("Map snapshots (below) show this view: " + view_text(view.view)
                   if view.view else "Map snapshots (below) show the whole map; move or zoom "
                   "it to export your view.")
        event_id, click = page_map.clicked_event(out, st.session_state.get("_last_click"), shown)
        st.session_state["_last_click"] = click
        if event_id:
            choose(event_id, via_map=True)
    with right:
        details(shown, events)
    if st.session_state.get("ring") != ring:
        st.rerun()  # the overlay rings another event (or none): redraw it


def snapshot_view() -> page_map.SnapshotView:
    """This session's record of the map's view (see `page_map.SnapshotView`)."""
    return st.session_state.setdefault("_snapshot_view", page_map.SnapshotView())


def choose(event_id: str, *, via_map: bool = False) -> None:
    """Select an event; one chosen off the map (table, list, link) is also ringed on it."""
    st.session_state["selected"] = event_id
    st.session_state["ring"] = None if via_map else event_id


def details(shown: pd.DataFrame, events: pd.DataFrame) -> None:
    """Evidence and provenance of the selected event, and the other events at its place."""
    st.subheader("Event")
    selected = st.session_state.get("selected")
    rows = events[events["event_id"] == selected] if selected else events.iloc[0:0]
    if rows.empty:
        st.caption("Click a marker or a zone on the map (or a table row) to see its evidence.")
        return
    event = rows.iloc[0].to_dict()
    st.query_params["event"] = selected
    if not (shown["event_id"] == selected).any():
        st.caption("This event is hidden by the current filters.")
    st.html(detail_html(event))
    labels = same_place_choices(shown, event)
    if labels:
        st.selectbox(f"Other events at this place ({len(labels)})", [None, *labels],
                     format_func=lambda e: "—" if e is None else labels[e],
                     key=f"same_place_{selected}", on_change=_select_from,
                     args=(f"same_place_{selected}",))


def _select_from(key: str) -> None:
    value = st.session_state.get(key)
    if value:
        choose(value)


def table(shown: pd.DataFrame, names: dict[str, str]) -> None:
    """The filtered events as a table; selecting a row selects its event.

    The grid draws cell text as text (never as HTML), so article text is shown as written.
    """
    st.subheader("Events")
    view = page_table.table_view(shown, names=names)
    if len(shown) > len(view):
        st.caption(f"Showing the first {len(view):,} of {len(shown):,} events; "
                   "the exports hold all of them.")
    state = st.dataframe(view, hide_index=True, width="stretch", height=320, key="table",
                         on_select="rerun", selection_mode="single-row",
                         column_config={c: None for c in page_table.HIDDEN})
    picked = state.selection.rows if state is not None else []
    if picked and st.session_state.get("_table_pick") != view.iloc[picked[0]]["event_id"]:
        st.session_state["_table_pick"] = view.iloc[picked[0]]["event_id"]
        choose(st.session_state["_table_pick"])
        st.rerun()


def exports(shown: pd.DataFrame, zones, window, filters_text: str, version: str) -> None:
    """Download buttons: data (CSV, GeoJSON) and map snapshots (HTML, PNG), built on click.

    The snapshots show the map's view at the moment of the click (see `page_map.SnapshotView`).
    """
    st.subheader("Export what is shown")
    stem = file_stem(window)
    snapshot = partial(page_map.snapshot_file, shown=shown, zones=zones, window=window,
                       filters_text=filters_text, version=version, view=snapshot_view())
    a, b, c, d = st.columns(4)
    a.download_button("Events CSV", partial(events_csv, shown), f"{stem}.csv", "text/csv",
                      key="dl_csv", on_click="ignore", width="stretch")
    b.download_button("Events GeoJSON", partial(events_geojson, shown), f"{stem}.geojson",
                      "application/geo+json", key="dl_geojson", on_click="ignore",
                      width="stretch")
    c.download_button("Map snapshot (HTML)", partial(snapshot, "html"), f"{stem}_map.html",
                      "text/html", key="dl_html", on_click="ignore", width="stretch")
    d.download_button("Map snapshot (PNG)", partial(snapshot, "png"), f"{stem}_map.png",
                      "image/png", key="dl_png", on_click="ignore", width="stretch")


# -- the page ----------------------------------------------------------------------------------


def main() -> None:
    st.set_page_config(page_title="Ceasefire Atlas", page_icon="🗺️", layout="wide")
    page_add.seed_if_new(DATA_DIR, SEEDS)
    data_dir, version = str(DATA_DIR), Store(DATA_DIR).version()
    events = cache.events(data_dir, version)
    opts, bounds = cache.choices(data_dir, version)
    names = cache.governorate_names()

    st.title("Ceasefire Atlas")
    st.caption(f"Data folder {DATA_DIR} · version {version}")
    with st.container():  # a message or none: the elements below keep their places (the map)
        page_add.ingest_messages()

    base = sidebar_filters(opts, names)
    window = timeline_window(bounds)
    filters = base if window is None else replace(base, start=window[0], end=window[1])
    shown = cache.select(data_dir, version, filters)
    # Zones show each governorate's ceasefire state at the end of the window, so they read every
    # ceasefire event up to it, whatever the type filter and the window's start.
    until = window[1] if window else None
    history = replace(filters, start=None, end=None, types=None)
    zones = cache.zones(data_dir, version, history.cache_key(), until, history)
    if "selected" not in st.session_state and st.query_params.get("event"):
        choose(st.query_params["event"])  # a shared link to an event
    ring = st.session_state.get("ring")
    overlay = cache.overlay(data_dir, version, filters.cache_key(), ring, shown, zones)

    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Events shown", f"{len(shown):,}", help=f"of {len(events):,} in the store")
    m2.metric("Articles", f"{shown['article_id'].nunique():,}")
    m3.metric("Places", f"{shown['place_id'].nunique():,}")
    m4.metric("Undated shown", f"{int(shown['date'].isna().sum()):,}")

    map_and_details(overlay, ring, shown, events)
    if window is not None:
        # The chart spans all dates (same filters, any window) and shades the window.
        chart_bounds = slider_bounds(bounds)
        period = period_for(chart_bounds)
        all_dates = replace(filters, start=None, end=None)
        counts = cache.counts(data_dir, version, all_dates.cache_key(), period, all_dates)
        st.altair_chart(timeline_chart(
            counts, window=window, bounds=chart_bounds, period=period,
            colours={t: s.colour for t, s in EVENT_TYPES.items()},
            labels={t: s.label for t, s in EVENT_TYPES.items()}), width="stretch")
    table(shown, names)
    exports(shown, zones, window, filters.describe(admin1_names=names), version)
    page_add.add_articles(DATA_DIR)


main()
