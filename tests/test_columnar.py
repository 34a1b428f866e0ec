"""The columnar events snapshot: same frame as SQLite, used only while current, written safely."""

from __future__ import annotations

import pandas as pd
import pytest
from test_store import make_article

from pipeline import columnar
from pipeline import store as store_module
from pipeline.store import Store


def fresh_frame(store: Store) -> pd.DataFrame:
    """The events as a new process would load them (no in-process cache)."""
    store_module._EVENT_FRAMES.clear()
    return store.events_frame()


def from_sqlite(store: Store) -> pd.DataFrame:
    store.snapshot_path.unlink(missing_ok=True)
    frame = fresh_frame(store)
    return frame


def test_the_snapshot_gives_the_same_frame_as_sqlite(tmp_path):
    store = Store(tmp_path)
    store.replace_articles([make_article("a1", 3), make_article("a2", 1)])
    expected = from_sqlite(store)
    assert store.snapshot_path.is_file()  # the first load left it for the next reader
    loaded = fresh_frame(store)
    pd.testing.assert_frame_equal(loaded, expected)
    row = loaded.iloc[0]
    assert row["effective_date"] is None and row["actors"] == ["Russian Defense Ministry"]
    assert row["quantities"] == {"trucks": 100, "tonnes": 21.5}


def test_the_snapshot_is_read_instead_of_sqlite_while_current(tmp_path):
    import sqlite3

    store = Store(tmp_path)
    store.replace_articles([make_article("a1", 2)])
    from_sqlite(store)
    with sqlite3.connect(store.path) as con:  # behind the store's back: the stamp stays
        con.execute("UPDATE events SET source = 'changed in SQLite'")
    assert set(fresh_frame(store)["source"]) == {"Test Wire"}  # what the snapshot holds


def _stamp(store: Store) -> tuple:
    import sqlite3

    with sqlite3.connect(store.path) as con:
        return tuple(con.execute("SELECT key, value FROM meta ORDER BY key").fetchall())


def test_a_stale_snapshot_is_ignored_after_a_write(tmp_path):
    store = Store(tmp_path)
    store.replace_articles([make_article("a1", 2)])
    from_sqlite(store)
    old = store.snapshot_path.read_bytes()
    store.replace_articles([make_article("a1", 3), make_article("a2", 1)])
    assert store.snapshot_path.read_bytes() == old  # a write does not touch it...
    assert len(fresh_frame(store)) == 4  # ...but it is not believed any more
    assert store.snapshot_path.read_bytes() != old  # and the load left a current one


def test_an_export_asked_for_it_writes_a_current_snapshot_from_the_same_rows(tmp_path):
    store = Store(tmp_path)
    store.replace_articles([make_article("a1", 2), make_article("a2", 2)])
    store.export(tmp_path / "out")
    assert not store.snapshot_path.exists()  # the CLI's export: no pyarrow needed
    store.export(tmp_path / "out", snapshot=True)
    assert store.snapshot_path.is_file()
    assert columnar.read_snapshot(store.snapshot_path, stamp=_stamp(store)) is not None
    pd.testing.assert_frame_equal(fresh_frame(store), from_sqlite(store))


def test_an_empty_store_exports_an_empty_snapshot(tmp_path):
    store = Store(tmp_path)
    store.export(tmp_path, snapshot=True)
    frame = fresh_frame(store)
    assert len(frame) == 0 and store.snapshot_path.is_file()


def test_a_damaged_snapshot_falls_back_to_sqlite(tmp_path):
    store = Store(tmp_path)
    store.replace_articles([make_article("a1", 2)])
    from_sqlite(store)
    data = store.snapshot_path.read_bytes()
    store.snapshot_path.write_bytes(data[: len(data) // 2])
    assert len(fresh_frame(store)) == 2


def test_an_interrupted_export_leaves_no_snapshot_and_no_temporary(tmp_path, monkeypatch):
    from pipeline import exports

    store = Store(tmp_path)
    store.replace_articles([make_article("a1", 2)])

    def interrupted(row):
        raise KeyboardInterrupt

    monkeypatch.setattr(exports, "_feature", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.export(tmp_path, snapshot=True)
    assert not store.snapshot_path.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_value_arrow_cannot_type_costs_the_snapshot_not_the_export(tmp_path):
    import sqlite3

    store = Store(tmp_path)
    store.replace_articles([make_article("a1", 1)])
    with sqlite3.connect(store.path) as con:  # an old store with a number in a text column
        con.execute("UPDATE events SET source = 42")
    store.export(tmp_path, snapshot=True)
    assert (tmp_path / "events.geojson").is_file()
    assert not store.snapshot_path.exists()
    assert fresh_frame(store)["source"].iloc[0] == 42


def test_a_folder_it_cannot_write_still_loads_from_sqlite(tmp_path, monkeypatch):
    store = Store(tmp_path)
    store.replace_articles([make_article("a1", 2)])

    def refuse(*args, **kwargs):
        raise PermissionError("read-only folder")

    monkeypatch.setattr(columnar.tempfile, "mkstemp", refuse)
    assert len(fresh_frame(store)) == 2
    assert not store.snapshot_path.exists()
