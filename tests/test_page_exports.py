"""Exports of the shown events: CSV (spreadsheet-safe) and GeoJSON, and the snapshot texts."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import synthetic_events

from pipeline.page_exports import (
    EXPORT_COLUMNS,
    events_csv,
    events_geojson,
    file_stem,
    snapshot_footer,
    snapshot_title,
)
from pipeline.store import EVENT_PROPERTIES


def _events(tmp_path: Path):
    return synthetic_events.build(tmp_path, n=6, undated=1).events_frame()


def test_csv_holds_every_row_and_the_contract_columns(tmp_path):
    frame = _events(tmp_path)
    rows = list(csv.DictReader(io.StringIO(events_csv(frame).decode("utf-8-sig"))))
    assert len(rows) == len(frame) == 7
    assert tuple(rows[0]) == EXPORT_COLUMNS
    assert rows[0]["actors"] == "Local council"
    assert json.loads(rows[0]["quantities"]) == {"trucks": 12}


def test_csv_cells_cannot_run_as_spreadsheet_formulas(tmp_path):
    frame = _events(tmp_path)
    frame.loc[0, "article_title"] = "=HYPERLINK(\"http://x\")"
    frame.loc[1, "source"] = "@SUM(A1)"
    rows = list(csv.DictReader(io.StringIO(events_csv(frame).decode("utf-8-sig"))))
    assert rows[0]["article_title"].startswith("'=")
    assert rows[1]["source"] == "'@SUM(A1)"


def test_geojson_is_one_point_feature_per_row_with_contract_properties(tmp_path):
    frame = _events(tmp_path)
    data = events_geojson(frame)
    doc = json.loads(data)
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 7
    feature = doc["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [37.1343, 36.2021]}
    assert tuple(feature["properties"]) == EVENT_PROPERTIES
    assert b"<script>" not in data  # markup in titles is JSON-escaped, the value unchanged
    titles = {f["properties"]["article_title"] for f in doc["features"]}
    assert synthetic_events.XSS_TITLE in titles


def test_subsets_export_only_what_is_shown(tmp_path):
    frame = _events(tmp_path)
    shown = frame[frame["event_type"] == "aid_convoy"]
    assert len(json.loads(events_geojson(shown))["features"]) == len(shown) == 2
    assert events_csv(shown).decode("utf-8-sig").count("\n") == 3


def test_snapshot_texts_name_window_filters_sources_and_version(tmp_path):
    frame = _events(tmp_path)
    title = snapshot_title((date(2016, 3, 1), date(2016, 3, 7)), "types: shelling", 1)
    assert title.endswith("2016-03-01 to 2016-03-07 · types: shelling · 1 event")
    footer = snapshot_footer(frame, "abc123")
    assert "Test Wire" in footer and "abc123" in footer and "GeoNames" in footer
    stem = file_stem((date(2016, 3, 1), date(2016, 3, 7)))
    assert stem == "ceasefire-atlas_2016-03-01_2016-03-07"
    assert file_stem(None) == "ceasefire-atlas_all-dates"
