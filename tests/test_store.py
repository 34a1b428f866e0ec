"""The SQLite store: replacing an article's rows, frames, version, concurrent writers, exports."""

from __future__ import annotations

import csv
import json
import multiprocessing
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from gazetteer.place import Place
from pipeline import exports
from pipeline.model import Article, Event, Mention
from pipeline.store import ARTICLE_COLUMNS, EVENT_COLUMNS, MENTION_COLUMNS, Store

HAMA = Place("test:hama", "Hama", "admin1", 35.13, 36.75, admin1="SY-HM", country="SY")


def make_event(article_id: str, n: int, **changes) -> Event:
    """A complete Event for article `article_id`, the n-th of it."""
    event = Event(
        event_id=f"{article_id}-e{n}",
        event_type="ceasefire_talks",
        date=date(2016, 2, 24),
        date_end=date(2016, 2, 24),
        date_precision="day",
        effective_date=None,
        place="Hama",
        place_id=HAMA.id,
        place_name=HAMA.name,
        geo_precision="admin1",
        admin1="SY-HM",
        country="SY",
        lat=HAMA.lat,
        lon=HAMA.lon,
        actors=("Russian Defense Ministry",),
        quantities={"trucks": 100.0, "tonnes": 21.5},
        status="reported",
        article_id=article_id,
        article_title="Talks",
        published=date(2016, 2, 24),
        source="Test Wire",
        url="",
        evidence="Talks were held in Hama.",
        evidence_start=0,
        evidence_end=24,
        confidence=0.8,
        place_start=20,
        place_end=24,
    )
    return replace(event, **changes)


def make_article(article_id: str, events: int = 2) -> Article:
    """An article whose body names Hama, with one mention and `events` events."""
    body = "Talks were held in Hama."
    return Article(
        article_id=article_id,
        body=body,
        title="Talks",
        published=date(2016, 2, 24),
        path=f"/in/{article_id}.txt",
        mentions=[Mention(19, 23, "Hama", HAMA, 0.9)],
        events=[make_event(article_id, n) for n in range(events)],
    )


def test_events_frame_has_every_contract_column_with_plain_python_values(tmp_path):
    store = Store(tmp_path)
    store.replace_articles([make_article("a1", events=1)])
    frame = store.events_frame()
    assert tuple(frame.columns) == EVENT_COLUMNS
    row = frame.iloc[0]
    assert row["date"] == "2016-02-24" and row["effective_date"] is None
    assert row["actors"] == ["Russian Defense Ministry"]
    assert row["quantities"] == {"trucks": 100, "tonnes": 21.5}
    assert (row["lat"], row["lon"]) == (HAMA.lat, HAMA.lon)
    assert row["place_start"] == 20


def test_empty_store_gives_empty_frames_with_their_columns(tmp_path):
    store = Store(tmp_path)
    assert tuple(store.events_frame().columns) == EVENT_COLUMNS
    assert tuple(store.mentions_frame().columns) == MENTION_COLUMNS
    assert tuple(store.articles_frame().columns) == ARTICLE_COLUMNS
    assert len(store.events_frame()) == 0


def test_replacing_an_article_keeps_ids_and_adds_no_duplicates(tmp_path):
    store = Store(tmp_path)
    store.replace_articles([make_article("a1", 3), make_article("a2", 1)])
    first = sorted(store.events_frame()["event_id"])
    store.replace_articles([make_article("a1", 3)])
    assert sorted(store.events_frame()["event_id"]) == first
    assert store.counts() == {"articles": 2, "events": 4, "mentions": 2}


def test_a_rerun_with_fewer_events_removes_the_old_ones(tmp_path):
    store = Store(tmp_path)
    store.replace_articles([make_article("a1", 3)])
    store.replace_articles([make_article("a1", 1)])
    assert list(store.events_frame()["event_id"]) == ["a1-e0"]


def test_version_changes_when_events_change(tmp_path):
    store = Store(tmp_path)
    before = store.version()
    store.replace_articles([make_article("a1", 1)])
    after = store.version()
    assert before != after
    assert store.version() == after


def test_a_failed_write_leaves_the_store_as_it_was(tmp_path):
    store = Store(tmp_path)
    store.replace_articles([make_article("a1", 2)])
    broken = make_article("a1", 1)
    broken.events.append(make_event("a1", 9, quantities={"trucks": object()}))
    with pytest.raises(TypeError):
        store.replace_articles([broken])
    assert store.counts()["events"] == 2


def test_articles_are_written_batch_by_batch_in_one_transaction(tmp_path, monkeypatch):
    from pipeline import store as store_module

    monkeypatch.setattr(store_module, "WRITE_BATCH", 2)
    store = Store(tmp_path)
    store.replace_articles(make_article(f"a{i}", 2) for i in range(5))  # a generator, 3 batches
    assert store.counts()["events"] == 10

    def failing_late():
        yield from (make_article(f"b{i}", 1) for i in range(4))
        raise RuntimeError("the fifth article could not be read")

    with pytest.raises(RuntimeError):
        store.replace_articles(failing_late())  # two batches were written, then it failed
    assert store.counts()["events"] == 10 and "b0" not in set(store.events_frame()["article_id"])


def _write_many(data_dir: str, prefix: str, n: int) -> None:
    store = Store(data_dir)
    for i in range(n):
        store.replace_articles([make_article(f"{prefix}{i}", 2)])
        store.export(data_dir)


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_write_many, args=(str(tmp_path), prefix, 25)) for prefix in "xy"]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
        assert w.exitcode == 0
    store = Store(tmp_path)
    assert store.counts() == {"articles": 50, "events": 100, "mentions": 50}
    # The export that landed last saw both processes' writes.
    features = json.loads((tmp_path / exports.EVENTS_FILE).read_text())["features"]
    assert len(features) == 100


def test_export_writes_geojson_points_with_exactly_the_contract_properties(tmp_path):
    from pipeline.store import EVENT_PROPERTIES

    store = Store(tmp_path)
    store.replace_articles([make_article("a1", 1)])
    store.export(tmp_path / "out")
    collection = json.loads((tmp_path / "out" / "events.geojson").read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    feature = collection["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [HAMA.lon, HAMA.lat]}
    assert tuple(feature["properties"]) == EVENT_PROPERTIES
    assert feature["properties"]["quantities"] == {"tonnes": 21.5, "trucks": 100}
    assert feature["properties"]["effective_date"] is None


def test_export_writes_mentions_csv_with_the_contract_columns(tmp_path):
    store = Store(tmp_path)
    store.replace_articles([make_article("a1", 0)])
    store.export(tmp_path)
    with (tmp_path / "mentions.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == [
        "article_id", "start", "end", "text", "place_id", "name", "kind",
        "lat", "lon", "admin1", "country", "score",
    ]  # fmt: skip
    assert rows[1][:4] == ["a1", "19", "23", "Hama"]


def test_an_export_interrupted_midway_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    store = Store(tmp_path)
    store.replace_articles([make_article("a1", 1)])
    store.export(tmp_path)
    old = (tmp_path / "events.geojson").read_bytes()
    store.replace_articles([make_article("a2", 5)])

    def interrupted(row):
        raise KeyboardInterrupt

    monkeypatch.setattr(exports, "_feature", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.export(tmp_path)
    assert (tmp_path / "events.geojson").read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_store_path_is_events_sqlite_in_the_folder(tmp_path):
    Store(tmp_path / "new" / "dir")
    assert Path(tmp_path / "new" / "dir" / "events.sqlite").is_file()


def test_reading_never_waits_for_a_write_in_progress(tmp_path):
    import sqlite3

    Store(tmp_path).replace_articles([make_article("a1", 2)])
    writer = sqlite3.connect(tmp_path / "events.sqlite", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # a run holding the write lock
    writer.execute("DELETE FROM events")
    try:
        store = Store(tmp_path)  # the dashboard opening the store on a rerun
        assert len(store.events_frame()) == 2  # it sees the last committed state
        assert store.version()
    finally:
        writer.execute("ROLLBACK")
        writer.close()
