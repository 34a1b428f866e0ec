"""Data exports of exactly the events shown (CSV, GeoJSON) and the texts around snapshots."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from datetime import date

import pandas as pd

from pipeline.store import EVENT_PROPERTIES

EXPORT_COLUMNS = (*EVENT_PROPERTIES, "lat", "lon")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection);
# a leading apostrophe makes it text again.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters that must not appear raw in JSON that may end up inside HTML or a <script>.
_JSON_HTML = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
APP_NAME = "Ceasefire Atlas"
DATA_CREDITS = "Basemap: Natural Earth (public domain). Places: GeoNames (CC BY 4.0)."


def _cell(value: object) -> object:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def events_csv(events: pd.DataFrame) -> bytes:
    """The events as CSV (UTF-8 with BOM so spreadsheets detect it): contract columns, lat, lon.

    Actors are joined with '; ', quantities written as JSON; text that a spreadsheet would run
    as a formula gets a leading apostrophe.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    columns = [events[c] if c in events else pd.Series(None, index=events.index) for c in
               EXPORT_COLUMNS]
    for row in zip(*columns, strict=True):
        writer.writerow([_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _json_value(value: object) -> object:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def events_geojson(events: pd.DataFrame) -> bytes:
    """The events as a GeoJSON FeatureCollection with the contract's properties (WGS84 lon/lat)."""
    features = []
    props_cols = [c for c in EVENT_PROPERTIES if c in events]
    for record in events[[*props_cols, "lat", "lon"]].to_dict("records"):
        props = {c: _json_value(record[c]) for c in props_cols}
        features.append(
            {
                "type": "Feature",
                "id": props.get("event_id"),
                "geometry": {
                    "type": "Point",
                    "coordinates": [_json_value(record["lon"]), _json_value(record["lat"])],
                },
                "properties": props,
            }
        )
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    return text.translate(_JSON_HTML).encode("utf-8")


def window_text(window: tuple[date, date] | None) -> str:
    """'2016-02-01 to 2016-02-29', or 'all dates' without a window."""
    if window is None:
        return "all dates"
    start, end = window
    return start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"


def snapshot_title(window: tuple[date, date] | None, filters_text: str, count: int, *,
                   own_view: bool = False) -> str:
    """Plain-text title of a map snapshot: the window, the filters and the number of events.

    `own_view`: the map shows the part the analyst moved it to, not the whole default extent
    (the events counted are still all those shown, in view or not).
    """
    noun = "event" if count == 1 else "events"
    title = f"{APP_NAME}: {window_text(window)} · {filters_text} · {count:,} {noun}"
    return title + (" · the analyst's map view" if own_view else "")


def snapshot_footer(events: pd.DataFrame, version: str, *, max_sources: int = 8,
                    extent: str | None = None) -> str:
    """Plain-text footer naming the news sources shown, the data version and the data credits.

    `extent` (plain words for the analyst's view, `maps.view.view_text`) is named first.
    """
    sources = sorted({s for s in events.get("source", pd.Series(dtype=object)).dropna() if s})
    if len(sources) > max_sources:
        shown = ", ".join(sources[:max_sources]) + f" and {len(sources) - max_sources} more"
    else:
        shown = ", ".join(sources) or "none named"
    view = f"Extent: the analyst's view of the map, {extent}. " if extent else ""
    return f"{view}News sources: {shown}. Data version {version}. {DATA_CREDITS}"


def file_stem(window: tuple[date, date] | None) -> str:
    """A file name stem for downloads: 'ceasefire-atlas_2016-02-01_2016-02-29'."""
    text = window_text(window).replace(" to ", "_")
    return "ceasefire-atlas_" + re.sub(r"[^0-9A-Za-z_-]+", "-", text)
