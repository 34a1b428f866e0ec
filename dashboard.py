"""Ceasefire Atlas: the analyst's page (map, timeline, filters, evidence, table, exports, uploads).

    streamlit run dashboard.py                    # data folder data/ (seeded from seeds/ once)
    streamlit run dashboard.py -- --data DIR      # another data folder

The page is thin: the pure work lives in `pipeline.page_*` and `pipeline.maps` (tested without
Streamlit); this file lays out widgets, caches, and wires them together.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from pipeline import page_data, page_map, page_uploads
from pipeline.maps import (
    event_id_from_click,
    safe_text,
    snapshot_html,
    snapshot_png,
    zone_states,
)
from pipeline.page_details import detail_html
from pipeline.page_exports import (
    events_csv,
    events_geojson,
    file_stem,
    snapshot_footer,
    snapshot_title,
)
from pipeline.page_filters import Filters, Options, apply_filters, options
from pipeline.page_timeline import (
    clamp_window,
    counts_over_time,
    date_bounds,
    period_for,
    slider_bounds,
    step_window,
    timeline_chart,
)
from pipeline.store import Store

ROOT = Path(__file__).resolve().parent
SEEDS = ROOT / "seeds"
TABLE_MAX_ROWS = 2_000  # rows sent to the browser; exports always hold every filtered event
SAME_PLACE_MAX = 200  # events listed under "other events at this place"
TABLE_COLUMNS = ["date", "event_type", "status", "place_name", "admin1", "actors", "quantities",
                 "confidence", "source", "article_title", "evidence", "event_id"]

DATA_DIR = page_data.data_dir_from_argv(sys.argv[1:], os.environ, root=ROOT)


# -- cached loaders ----------------------------------------------------------------------------


@st.cache_resource(show_spinner="Loading the gazetteer…", max_entries=2)
def load_gazetteer(overlay: str | None, stamp: float):
    """The bundled gazetteer with the data folder's overlay; `stamp` (its mtime) reloads edits."""
    from pipeline.run import load_gazetteer as load

    return load(overlay=Path(overlay) if overlay else None)


def gazetteer():
    """The gazetteer the pipeline runs with: loaded once per server, only when it runs."""
    from gazetteer.core import OVERLAY_FILE

    overlay = DATA_DIR / OVERLAY_FILE
    if overlay.is_file():
        return load_gazetteer(str(overlay), overlay.stat().st_mtime)
    return load_gazetteer(None, 0.0)


@st.cache_resource(show_spinner=False)
def governorates():
    """The governorate polygons the ceasefire zones are drawn on."""
    from gazetteer.polygons import governorates as load

    return load()


@st.cache_resource(show_spinner=False)
def governorate_names() -> dict[str, str]:
    frame = governorates()
    return dict(zip(frame["admin1"], frame["name"], strict=True))


# The loaded events are shared read-only by every session (st.cache_resource), not copied per
# call as st.cache_data does: at 100,000 events that copy (a pickle round trip) measured 1.2 s of
# a new session's 2.6 s. Sharing is safe: the page never writes to the frame, and under pandas'
# copy-on-write every filtered frame is its own. `version` is the key, so new events reload it.
@st.cache_resource(show_spinner="Loading events…", max_entries=2)
def load_events(data_dir: str, version: str) -> pd.DataFrame:
    """The store's events with the filters' derived columns, for this store version."""
    return page_data.load_events(Path(data_dir))


@st.cache_data(show_spinner=False, max_entries=2)
def load_options(data_dir: str, version: str) -> Options:
    return options(load_events(data_dir, version))


# The map, the zones and the chart's counts depend only on the store's version and the filters:
# cached on those, so a rerun that changes neither (a click, a download) redoes none of them,
# and a new session with the default filters draws at once. A folium map pickles in a few ms
# (its events travel as one prepared string), so st.cache_data hands each call its own copy.


@st.cache_data(show_spinner=False, max_entries=16)
def zones_for(data_dir: str, version: str, key: tuple, until: date | None, _history):
    """Governorate ceasefire states at `until`, from `_history` (what `key` selects)."""
    return zone_states(_history, governorates(), until=until)


@st.cache_data(show_spinner=False)
def base_map():
    """The map's base, the same for every view: the component never reloads (a copy per call,
    since streamlit-folium renames the elements it renders)."""
    return page_map.page_base()


@st.cache_resource(show_spinner=False, max_entries=2)
def map_frame(data_dir: str, version: str) -> pd.DataFrame:
    """The map's working columns for the whole store, shared read-only like the events."""
    return page_map.map_frame(load_events(data_dir, version))


@st.cache_data(show_spinner=False, max_entries=16)
def overlay_for(data_dir: str, version: str, key: tuple, _shown, _zones):
    """The map overlay of `_shown` (what `key` selects) over `_zones`."""
    return page_map.page_overlay(_shown, zones=_zones, frame=map_frame(data_dir, version))


@st.cache_data(show_spinner=False, max_entries=16)
def counts_for(data_dir: str, version: str, key: tuple, period: str, _events):
    return counts_over_time(_events, period=period)


# -- running the pipeline ----------------------------------------------------------------------


def run_pipeline(inputs: list[Path], label: str, *, export: bool = True):
    """Run the pipeline on `inputs` into the data folder, with a progress bar.

    `export=False` leaves DATA/events.geojson and mentions.csv as they are (rewriting them from
    a large store costs seconds); the page's own exports are its download buttons.
    """
    from pipeline.run import run

    bar = st.progress(0.0, text=label)

    def progress(done: int, total: int, path: str) -> None:
        bar.progress(done / max(total, 1), text=f"{label} {done}/{total}: {Path(path).name}")

    report = run(inputs, DATA_DIR, gazetteer=gazetteer(), progress=progress, export=export)
    bar.empty()
    return report


def seed_if_new() -> None:
    """A data folder that never held a store gets one built from the seed articles first."""
    if page_data.needs_seeding(DATA_DIR):
        inputs = page_data.seed_inputs(DATA_DIR, SEEDS)
        if inputs:
            report = run_pipeline(inputs, "First start: reading the seed articles")
            st.session_state["ingest_result"] = {
                "articles": report.articles_read, "events": report.events_written,
                "errors": list(report.rejected),
            }
        else:
            Store(DATA_DIR)  # an empty store: the page opens, and articles can be added


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
        format_func=lambda t: f"{t} ({opts.type_counts.get(t, 0)})",
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
    return Filters(
        include_undated=undated,
        types=frozenset(types),
        admin1=frozenset(admin1),
        actors=frozenset(actors),
        statuses=frozenset(statuses),
        text=text,
        min_confidence=min_conf,
    )


def _set_window(bounds: tuple[date, date], days: int | None) -> None:
    window = st.session_state.get("window", bounds)
    st.session_state["window"] = bounds if days is None else step_window(window, days, bounds)


def timeline_window(bounds: tuple[date, date] | None) -> tuple[date, date] | None:
    """The date-range slider and its step buttons; None when no event is dated."""
    if bounds is None:
        st.info("No event has a date yet: the timeline appears once one does.")
        return None
    bounds = slider_bounds(bounds)
    window = st.session_state.get("window")
    # A new article can widen the dates; keep the analyst's window, cut to the new bounds.
    st.session_state["window"] = clamp_window(tuple(window), bounds) if window else bounds
    st.slider("Date window", min_value=bounds[0], max_value=bounds[1], key="window",
              format="YYYY-MM-DD")
    cols = st.columns(5)
    steps = (("◀ week", -7), ("◀ day", -1), ("day ▶", 1), ("week ▶", 7), ("All dates", None))
    for col, (label, days) in zip(cols, steps, strict=True):
        col.button(label, key=f"step_{label}", on_click=_set_window, args=(bounds, days),
                   width="stretch")
    return tuple(st.session_state["window"])


def map_and_details(overlay, shown: pd.DataFrame, events: pd.DataFrame) -> None:
    """The map (left) and the selected event's details (right)."""
    left, right = st.columns([3, 2])
    with left:
        out = st_folium(base_map(), key="map", height=page_map.HEIGHT, width=None,
                        use_container_width=True, returned_objects=page_map.RETURNS,
                        feature_group_to_add=[overlay]) or {}
        text = out.get("last_object_clicked_tooltip") or out.get("last_object_clicked_popup")
        click = (out.get("last_object_clicked_count"), text)
        if text and click != st.session_state.get("_last_click"):
            st.session_state["_last_click"] = click
            event_id = event_id_from_click(text, events=shown)
            if event_id:
                st.session_state["selected"] = event_id
    with right:
        details(shown, events)


def sync_selection_with_url() -> None:
    """`?event=<id>` selects an event (a link to it can be shared); a selection updates the URL."""
    wanted = st.query_params.get("event")
    if wanted and "selected" not in st.session_state:
        st.session_state["selected"] = wanted


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
    same = shown[(shown["place_id"] == event["place_id"]) & (shown["event_id"] != selected)]
    if not same.empty:
        same = same.sort_values("date", ascending=False, na_position="last").head(SAME_PLACE_MAX)
        labels = {
            r.event_id: f"{r.date or 'undated'} · {r.event_type} · {str(r.article_title)[:60]}"
            for r in same.itertuples()
        }
        st.selectbox(f"Other events at this place ({len(same)})", [None, *labels],
                     format_func=lambda e: "—" if e is None else labels[e],
                     key=f"same_place_{selected}", on_change=_select_from,
                     args=(f"same_place_{selected}",))


def _select_from(key: str) -> None:
    value = st.session_state.get(key)
    if value:
        st.session_state["selected"] = value


def table(shown: pd.DataFrame) -> None:
    """The filtered events as a table; selecting a row selects its event.

    The grid draws cell text as text (never as HTML), so article text is shown as written.
    """
    st.subheader("Events")
    view = shown.head(TABLE_MAX_ROWS)[TABLE_COLUMNS].copy()
    view["actors"] = view["actors"].map(lambda a: "; ".join(a) if isinstance(a, list) else "")
    view["quantities"] = view["quantities"].map(
        lambda q: ", ".join(f"{k}: {v:g}" for k, v in sorted(q.items())) if q else ""
    )
    if len(shown) > TABLE_MAX_ROWS:
        st.caption(f"Showing the first {TABLE_MAX_ROWS:,} of {len(shown):,} events; "
                   "the exports hold all of them.")
    state = st.dataframe(view, hide_index=True, width="stretch", height=320, key="table",
                         on_select="rerun", selection_mode="single-row",
                         column_config={"event_id": None})
    picked = state.selection.rows if state is not None else []
    if picked and st.session_state.get("_table_pick") != view.iloc[picked[0]]["event_id"]:
        st.session_state["_table_pick"] = st.session_state["selected"] = (
            view.iloc[picked[0]]["event_id"]
        )
        st.rerun()


def exports(shown: pd.DataFrame, zones, window, filters_text: str, version: str) -> None:
    """Download buttons: data (CSV, GeoJSON) and map snapshots (HTML, PNG), built on click."""
    st.subheader("Export what is shown")
    stem = file_stem(window)
    title = snapshot_title(window, filters_text, len(shown))
    footer = snapshot_footer(shown, version)
    a, b, c, d = st.columns(4)
    a.download_button("Events CSV", partial(events_csv, shown), f"{stem}.csv", "text/csv",
                      key="dl_csv", on_click="ignore", width="stretch")
    b.download_button("Events GeoJSON", partial(events_geojson, shown), f"{stem}.geojson",
                      "application/geo+json", key="dl_geojson", on_click="ignore",
                      width="stretch")
    c.download_button("Map snapshot (HTML)",
                      partial(snapshot_html, shown, zones=zones, title=title, footer=footer),
                      f"{stem}_map.html", "text/html", key="dl_html", on_click="ignore",
                      width="stretch")
    d.download_button("Map snapshot (PNG)",
                      partial(snapshot_png, shown, zones=zones, title=title, footer=footer),
                      f"{stem}_map.png", "image/png", key="dl_png", on_click="ignore",
                      width="stretch")


def add_articles() -> None:
    """Upload .txt/.md files or paste text; the pipeline runs on them and the page reloads."""
    limit = page_uploads.MAX_UPLOAD_BYTES // (1024 * 1024)
    with st.expander("Add articles", expanded=False):
        with st.form("upload_form", clear_on_submit=True):
            files = st.file_uploader(
                f"Article files (.txt or .md, up to {limit} MB each, "
                f"{page_uploads.MAX_FILES} at a time)",
                type=["txt", "md"], accept_multiple_files=True, key="upload_files",
            )
            upload = st.form_submit_button("Add the files", key="upload_submit")
        with st.form("paste_form", clear_on_submit=True):
            title = st.text_input("Title", key="paste_title")
            published = st.date_input("Published", value=None, key="paste_date",
                                      min_value=date(1900, 1, 1), max_value=date(2100, 1, 1))
            source = st.text_input("Source (optional)", key="paste_source")
            url = st.text_input("Link (optional)", key="paste_url")
            body = st.text_area("Text", height=160, key="paste_body")
            paste = st.form_submit_button("Add the text", key="paste_submit")
    if upload and files:
        ingest([(f.name, lambda f=f: page_uploads.save_upload(DATA_DIR, f.name, f.getvalue()))
                for f in files[: page_uploads.MAX_FILES]],
               skipped=len(files) - page_uploads.MAX_FILES)
    if paste:
        ingest([(title or "(pasted text)", lambda: page_uploads.save_pasted(
            DATA_DIR, title=title, body=body, published=published, source=source, url=url))])


def ingest(jobs, *, skipped: int = 0) -> None:
    """Save each added article (errors per file), run the pipeline on the saved ones, reload."""
    errors: list[tuple[str, str]] = []
    saved = []
    for name, save in jobs:
        try:
            saved.append(save())
        except page_uploads.UploadError as e:
            errors.append((name, str(e)))
    if skipped > 0:
        errors.append((f"{skipped} more files", f"only {page_uploads.MAX_FILES} at a time"))
    report = None
    if saved:
        report = run_pipeline([s.path for s in saved], "Reading the new articles", export=False)
        by_path = {str(s.path): s.name for s in saved}
        errors.extend((by_path.get(p, Path(p).name), why) for p, why in report.rejected)
    st.session_state["ingest_result"] = {
        "articles": report.articles_read if report else 0,
        "events": report.events_written if report else 0,
        "errors": errors,
    }
    st.rerun()  # load the new events from the store


def ingest_messages() -> None:
    """What the last addition did (kept across the reload that shows its events)."""
    result = st.session_state.pop("ingest_result", None)
    if not result:
        return
    if result["articles"]:
        st.success(f"Added {result['articles']} article(s): {result['events']} event(s).")
    if result["errors"]:
        # File names and reasons come from the analyst's files: escaped, and not Markdown.
        items = "".join(f"<li><b>{safe_text(n)}</b>: {safe_text(why)}</li>"
                        for n, why in result["errors"])
        st.html(f'<div class="ca-errors" style="color:#a61b1b"><p>Not added:</p>'
                f"<ul>{items}</ul></div>")


# -- the page ----------------------------------------------------------------------------------


def main() -> None:
    st.set_page_config(page_title="Ceasefire Atlas", page_icon="🗺️", layout="wide")
    seed_if_new()
    store = Store(DATA_DIR)
    version = store.version()
    events = load_events(str(DATA_DIR), version)
    opts = load_options(str(DATA_DIR), version)
    names = governorate_names()

    st.title("Ceasefire Atlas")
    st.caption(f"Data folder {DATA_DIR} · version {version}")
    ingest_messages()

    base = sidebar_filters(opts, names)
    window = timeline_window(date_bounds(events))
    filters = base if window is None else replace(base, start=window[0], end=window[1])
    shown = apply_filters(events, filters)
    # Zones show each governorate's ceasefire state at the end of the window, so they read every
    # ceasefire event up to it, whatever the type filter and the window's start.
    history_filters = replace(filters, start=None, end=None, types=None)
    until = window[1] if window else None
    zones = zones_for(str(DATA_DIR), version, history_filters.cache_key(), until,
                      apply_filters(events, history_filters))
    overlay = overlay_for(str(DATA_DIR), version, filters.cache_key(), shown, zones)

    undated = int(shown["date"].isna().sum())
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Events shown", f"{len(shown):,}", help=f"of {len(events):,} in the store")
    m2.metric("Articles", f"{shown['article_id'].nunique():,}")
    m3.metric("Places", f"{shown['place_id'].nunique():,}")
    m4.metric("Undated shown", f"{undated:,}")

    sync_selection_with_url()
    map_and_details(overlay, shown, events)
    if window is not None:
        # The chart spans all dates (same filters, any window) and shades the window.
        all_time = replace(filters, start=None, end=None)
        bounds = slider_bounds(date_bounds(events))
        period = period_for(bounds)
        counts = counts_for(str(DATA_DIR), version, all_time.cache_key(), period,
                            apply_filters(events, all_time))
        st.altair_chart(timeline_chart(counts, window=window, bounds=bounds, period=period),
                        width="stretch")
    table(shown)
    exports(shown, zones, window, filters.describe(admin1_names=names), version)
    add_articles()


main()
