"""The embedded store: articles, events and mentions in one SQLite file the dashboard reads.

`DIR/events.sqlite` runs in WAL mode with a busy timeout, so the dashboard can read while a run
writes and two runs on the same folder queue for the write lock instead of failing. A run replaces
everything it knows about the articles it read in one transaction: re-running the same files gives
the same rows (events keep their stable ids), never duplicates, and an interrupted run leaves the
store as it was.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from itertools import islice
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import columnar
from pipeline.model import Article, Event, Mention

if TYPE_CHECKING:  # pandas is imported when a frame is asked for: a CLI run never needs it
    import pandas as pd

log = logging.getLogger(__name__)

STORE_NAME = "events.sqlite"
BUSY_TIMEOUT_S = 120.0  # a second run waits this long for the write lock before giving up
SCHEMA_VERSION = "1"
WRITE_BATCH = 500  # articles converted to rows and written at a time, inside one transaction

# The contract's Feature properties, in the contract's order.
EVENT_PROPERTIES = (
    "event_id", "event_type", "date", "date_end", "date_precision", "effective_date",
    "place", "place_id", "place_name", "geo_precision", "admin1", "country",
    "actors", "quantities", "status",
    "article_id", "article_title", "published", "source", "url",
    "evidence", "evidence_start", "evidence_end", "confidence",
)  # fmt: skip
EVENT_EXTRA = ("lat", "lon", "place_start", "place_end", "trigger_start", "trigger_end")
EVENT_COLUMNS = EVENT_PROPERTIES + EVENT_EXTRA
MENTION_COLUMNS = (
    "article_id", "start", "end", "text", "place_id", "name", "kind",
    "lat", "lon", "admin1", "country", "score",
)  # fmt: skip
ARTICLE_COLUMNS = ("article_id", "title", "published", "source", "url", "path", "body")

_FLOAT = {"lat", "lon", "score", "confidence"}
_INT = {"start", "end", "evidence_start", "evidence_end"} | {
    "place_start", "place_end", "trigger_start", "trigger_end"
}  # fmt: skip
_JSON = {"actors", "quantities"}
_SNAPSHOT_TYPES = {c: "float64" for c in _FLOAT} | {c: "int64" for c in _INT}
_EVENT_FRAMES: dict[Path, tuple[tuple, pd.DataFrame]] = {}  # store file -> (meta stamp, frame)

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY, title TEXT, published TEXT, source TEXT, url TEXT, path TEXT,
    body TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    event_id TEXT PRIMARY KEY,
    {", ".join(f'"{c}"' for c in EVENT_COLUMNS if c != "event_id")}
);
CREATE INDEX IF NOT EXISTS events_by_article ON events (article_id);
CREATE TABLE IF NOT EXISTS mentions (
    {", ".join(f'"{c}"' for c in MENTION_COLUMNS)},
    PRIMARY KEY (article_id, "start", "end")
) WITHOUT ROWID;
"""


def _quoted(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


_EVENTS_SQL = (
    f"SELECT {_quoted(EVENT_COLUMNS)} FROM events "
    "ORDER BY article_id, evidence_start, place_start, event_id"
)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _number(x: float) -> int | float:
    """Whole quantities as ints, so the GeoJSON says `"trucks": 100`, not `100.0`."""
    return int(x) if float(x).is_integer() else float(x)


# One encoder each, made once (json.dumps with options makes one per call): the same text.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
_ENCODE_SORTED = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
_EVENT_VALUES = attrgetter(*EVENT_COLUMNS)  # every column's attribute, read in C
_DATE_AT = tuple(EVENT_COLUMNS.index(c) for c in ("date", "date_end", "effective_date",
                                                  "published"))  # fmt: skip
_ACTORS_AT, _QUANTITIES_AT = EVENT_COLUMNS.index("actors"), EVENT_COLUMNS.index("quantities")


def _event_row(e: Event) -> tuple:
    values = list(_EVENT_VALUES(e))
    values[_ACTORS_AT] = _ENCODE(list(e.actors))
    values[_QUANTITIES_AT] = _ENCODE_SORTED({k: _number(v) for k, v in e.quantities.items()})
    for i in _DATE_AT:
        values[i] = _iso(values[i])
    return tuple(values)


def article_rows(a: Article) -> tuple:
    """What the store keeps of an article, as rows of plain values: (article id, the article's
    row without its `updated_at`, event rows, mention rows). Made where the article is done (a
    worker process) and written by `Store.replace_rows`: rows of plain values cross processes
    several times faster than the records."""
    return (a.article_id,
            (a.article_id, a.title, _iso(a.published), a.source, a.url, a.path, a.body),
            [_event_row(e) for e in a.events],
            [_mention_row(a.article_id, m) for m in a.mentions])  # fmt: skip


def _mention_row(article_id: str, m: Mention) -> tuple:
    p = m.place
    return (article_id, m.start, m.end, m.text, p.id, p.name, p.kind, p.lat, p.lon,
            p.admin1, p.country, m.score)  # fmt: skip


def _frame(rows: list[tuple], columns: Sequence[str]) -> pd.DataFrame:
    """A DataFrame whose text columns keep None for missing values (pandas 3 would use NaN)."""
    cols = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    return _frame_of(dict(zip(columns, cols, strict=True)))


def _frame_of(data: dict[str, Sequence]) -> pd.DataFrame:
    """A DataFrame from column -> values (store order), typed as `_frame` promises."""
    import pandas as pd

    out = {}
    for name, values in data.items():
        if name in _FLOAT:
            out[name] = pd.Series(values, dtype="float64")
        elif name in _INT:
            out[name] = pd.Series(values, dtype="int64")
        elif name in _JSON:
            out[name] = pd.Series(_parse_json_column(values), dtype=object)
        else:
            out[name] = pd.Series(values, dtype=object)
    return pd.DataFrame(out, columns=list(data))


def _parse_json_column(values: Sequence[str]) -> list:
    """Each JSON text parsed; every row gets its own list/dict (a caller may change one)."""
    unique = list(dict.fromkeys(values))
    if not unique:
        return []
    # One parse of each distinct text, all in one call: far faster than a json.loads per row.
    parsed = dict(zip(unique, json.loads("[" + ",".join(unique) + "]"), strict=True))
    return [parsed[v].copy() for v in values]


class Store:
    """The SQLite store in `data_dir` (created on first use)."""

    def __init__(self, data_dir: Path | str) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / STORE_NAME
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            if not _has_schema(con):  # so that opening a store never waits for a running write
                # WAL lets readers (the dashboard) read while a run writes; it is persistent.
                con.execute("PRAGMA journal_mode=WAL")
                with _write(con):
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            con.execute(statement)
                    con.execute(
                        "INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,)
                    )

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # One short-lived connection per call: safe across the dashboard's threads, cheap to open.
        con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            con.execute("PRAGMA synchronous=NORMAL")  # durable enough in WAL mode, much faster
            yield con
        finally:
            con.close()

    def replace_articles(self, articles: Iterable[Article]) -> None:
        """Store these articles, replacing their earlier events and mentions, in one transaction.

        `articles` (ids unique, as `run` makes them) is read lazily, `WRITE_BATCH` at a time, so
        a run of any size needs memory for one batch of rows, not for all of them.
        """
        self.replace_rows(map(article_rows, articles))

    def replace_rows(self, rows: Iterable[tuple]) -> None:
        """`replace_articles` for articles already turned into rows (`article_rows`)."""
        now = datetime.now(UTC).isoformat(timespec="microseconds")
        batches = _batches(rows, WRITE_BATCH)
        batch = next(batches, None)
        if batch is None:
            return
        event_marks = ",".join("?" * len(EVENT_COLUMNS))
        mention_marks = ",".join("?" * len(MENTION_COLUMNS))
        with self._connect() as con, _write(con):
            while batch is not None:
                ids = [(article_id,) for article_id, _a, _e, _m in batch]
                con.executemany("DELETE FROM events WHERE article_id = ?", ids)
                con.executemany("DELETE FROM mentions WHERE article_id = ?", ids)
                con.executemany(
                    "INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?)",
                    [(*article, now) for _i, article, _e, _m in batch],
                )
                con.executemany(
                    f"INSERT OR REPLACE INTO events ({_quoted(EVENT_COLUMNS)}) "
                    f"VALUES ({event_marks})",
                    [row for _i, _a, events, _m in batch for row in events],
                )
                con.executemany(
                    f"INSERT OR REPLACE INTO mentions VALUES ({mention_marks})",
                    [row for _i, _a, _e, mentions in batch for row in mentions],
                )
                batch = next(batches, None)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('updated_at', ?)", (now,))
            con.execute(
                "INSERT INTO meta VALUES ('generation', '1') ON CONFLICT (key) "
                "DO UPDATE SET value = CAST(value AS INTEGER) + 1"
            )

    def _rows(self, sql: str) -> list[tuple]:
        with self._connect() as con:
            return con.execute(sql).fetchall()

    def events_frame(self) -> pd.DataFrame:
        """One row per event, in text order: the contract's properties plus coordinates/offsets.

        The frame is kept per store file until the next write, so asking again (a dashboard
        rerun) costs a lookup, not a load; callers get their own copy (pandas copy-on-write).
        A new process reads the columnar snapshot (`columnar.SNAPSHOT_NAME`) while it is current,
        else SQLite, and then leaves a current snapshot for the next reader.
        """
        with self._connect() as con, _read(con):
            stamp = tuple(con.execute("SELECT key, value FROM meta ORDER BY key").fetchall())
            cached = _EVENT_FRAMES.get(self.path)
            if cached is not None and cached[0] == stamp:
                return cached[1].copy(deep=False)
            columns = columnar.read_snapshot(self.snapshot_path, stamp=stamp)
            rows = None if columns is not None else con.execute(_EVENTS_SQL).fetchall()
        if rows is not None:
            columns = dict(zip(EVENT_COLUMNS, zip(*rows, strict=True) if rows else
                               [()] * len(EVENT_COLUMNS), strict=True))
            self._write_snapshot(rows, stamp)
        frame = _frame_of({c: columns[c] for c in EVENT_COLUMNS})
        _EVENT_FRAMES[self.path] = (stamp, frame)
        return frame.copy(deep=False)

    @property
    def snapshot_path(self) -> Path:
        """The columnar copy of the events beside the store."""
        return self.data_dir / columnar.SNAPSHOT_NAME

    def _snapshot_writer(self, stamp: tuple) -> columnar.SnapshotWriter:
        return columnar.SnapshotWriter(self.snapshot_path, EVENT_COLUMNS, types=_SNAPSHOT_TYPES,
                                       stamp=stamp)

    def _write_snapshot(self, rows: list[tuple], stamp: tuple) -> None:
        try:
            with self._snapshot_writer(stamp) as writer:
                writer.write(rows)
        except OSError as err:  # the snapshot only saves time: never fail a read for it
            log.warning("could not write %s: %s", self.snapshot_path, err)

    def mentions_frame(self) -> pd.DataFrame:
        """One row per resolved place mention, with the columns of `mentions.csv`."""
        rows = self._rows(f"SELECT {_quoted(MENTION_COLUMNS)} FROM mentions ORDER BY 1, 2, 3")
        return _frame(rows, MENTION_COLUMNS)

    def articles_frame(self) -> pd.DataFrame:
        """One row per stored article, with its body (every offset points into it)."""
        rows = self._rows(f"SELECT {_quoted(ARTICLE_COLUMNS)} FROM articles ORDER BY article_id")
        return _frame(rows, ARTICLE_COLUMNS)

    def counts(self) -> dict[str, int]:
        """How many articles, events and mentions the store holds."""
        with self._connect() as con:
            return {
                t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "events", "mentions")
            }

    def version(self) -> str:
        """A short fingerprint that changes with every write, for footers and caches (no scan)."""
        with self._connect() as con, _read(con):
            stamp = con.execute("SELECT key, value FROM meta ORDER BY key").fetchall()
            (count,) = con.execute("SELECT count(*) FROM events").fetchone()
        digest = hashlib.sha1(repr((stamp, count)).encode(), usedforsecurity=False)
        return digest.hexdigest()[:12]

    def export(self, out_dir: Path | str, *, snapshot: bool = False) -> None:
        """Write `events.geojson` and `mentions.csv` of the whole store into `out_dir`.

        `snapshot=True` also writes the columnar snapshot from the same rows (the dashboard's
        next load is then fast); the CLI leaves it to the first load, which writes it too, and
        so never pays for importing pyarrow.
        """
        from contextlib import nullcontext

        from pipeline.exports import write_exports

        with self._connect() as con, _write(con):
            # Held under the write lock so that, of two runs finishing together, the last export
            # to land is also the one that saw both runs' events.
            # Rows stream from the cursors into the files: a large store is never all in memory.
            stamp = tuple(con.execute("SELECT key, value FROM meta ORDER BY key").fetchall())
            events = con.cursor().execute(_EVENTS_SQL)
            mentions = con.cursor().execute(
                f"SELECT {_quoted(MENTION_COLUMNS)} FROM mentions ORDER BY 1, 2, 3"
            )
            writer = self._snapshot_writer(stamp) if snapshot else nullcontext()
            with writer:
                rows = writer.tee(events) if snapshot else events
                write_exports(Path(out_dir), rows, mentions)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    """`items` in lists of `size` (the last one shorter)."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _has_schema(con: sqlite3.Connection) -> bool:
    try:
        return con.execute("SELECT 1 FROM meta WHERE key = 'schema'").fetchone() is not None
    except sqlite3.OperationalError:  # no such table: a new store
        return False


@contextmanager
def _write(con: sqlite3.Connection) -> Iterator[None]:
    """A write transaction that takes the lock up front (no deadlock between two writers)."""
    con.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


@contextmanager
def _read(con: sqlite3.Connection) -> Iterator[None]:
    """A read transaction: every query inside sees the same snapshot."""
    con.execute("BEGIN")
    try:
        yield
    finally:
        con.execute("ROLLBACK")
