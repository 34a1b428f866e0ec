"""The files a run leaves in its output folder: `events.geojson` and `mentions.csv`, atomically.

Each file is written to a temporary file beside it and moved into place with `os.replace`, so a
reader sees the old file or the new one, never half of one; a crash or Ctrl-C leaves no temporary
file behind either.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import IO

from pipeline.store import EVENT_COLUMNS, EVENT_PROPERTIES, MENTION_COLUMNS

EVENTS_FILE = "events.geojson"
MENTIONS_FILE = "mentions.csv"
FILE_MODE = 0o644

_LAT, _LON = EVENT_COLUMNS.index("lat"), EVENT_COLUMNS.index("lon")
_JSON_PROPS = {EVENT_COLUMNS.index(c) for c in ("actors", "quantities")}


@contextmanager
def atomic_file(path: Path, *, newline: str | None = None) -> Iterator[IO[str]]:
    """Open a temporary text file next to `path`; on success move it over `path`, else delete it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, FILE_MODE)  # mkstemp makes it private; exports are for sharing
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())  # the data is on disk before the name points at it
        os.replace(tmp, path)
    except BaseException:  # KeyboardInterrupt too: never leave a stray temporary file
        Path(tmp).unlink(missing_ok=True)
        raise


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # made once: json.dumps makes one a call
_PARSED_CACHE = 10_000  # distinct actors/quantities texts kept parsed ("[]" and "{}" mostly)
_WRITE_ROWS = 1_000  # features joined into one write


_PARSED: dict[str, object] = {}  # actors/quantities text -> its value (only ever encoded)


def _feature(row: Sequence) -> dict:
    parsed = _PARSED
    props = dict(zip(EVENT_PROPERTIES, row, strict=False))  # the JSON texts replaced in place
    for i in _JSON_PROPS:
        text = row[i]
        value = parsed.get(text)
        if value is None:
            if len(parsed) >= _PARSED_CACHE:
                parsed.clear()
            value = parsed[text] = json.loads(text)
        props[EVENT_PROPERTIES[i]] = value
    return {
        "type": "Feature",
        "id": row[0],
        "geometry": {"type": "Point", "coordinates": [row[_LON], row[_LAT]]},
        "properties": props,
    }


def write_events_geojson(path: Path, event_rows: Iterable[Sequence]) -> None:
    """One Point Feature per event row (columns as `store.EVENT_COLUMNS`), WGS84 lon/lat."""
    rows = iter(event_rows)
    with atomic_file(path) as f:
        f.write('{"type": "FeatureCollection", "features": [')
        separator = "\n"
        while batch := list(islice(rows, _WRITE_ROWS)):
            f.write(separator + ",\n".join([_ENCODE(_feature(row)) for row in batch]))
            separator = ",\n"
        f.write("\n]}\n")


def write_mentions_csv(path: Path, mention_rows: Iterable[Sequence]) -> None:
    """One CSV row per mention (columns as `store.MENTION_COLUMNS`), UTF-8 with a header."""
    with atomic_file(path, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(MENTION_COLUMNS)
        writer.writerows(mention_rows)


def write_exports(
    out_dir: Path, event_rows: Iterable[Sequence], mention_rows: Iterable[Sequence]
) -> None:
    """Write both export files into `out_dir` (the rows are read once, as they come)."""
    write_events_geojson(out_dir / EVENTS_FILE, event_rows)
    write_mentions_csv(out_dir / MENTIONS_FILE, mention_rows)
