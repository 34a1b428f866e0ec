"""A columnar copy of the store's events (`DIR/events.arrow`) that loads in a fraction of the time.

Reading 100,000 events row by row out of SQLite costs about a second; the same events as an Arrow
IPC file load in about a fifth of that. The file is a cache, never the truth: it carries the
store's meta stamp (which changes with every write) and is used only while that stamp is current.
It is written atomically (temporary file, then `os.replace`) while an export streams the rows, or
by the first read after a write, so a reader sees a whole file or none, and ignores a stale one.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from pathlib import Path

log = logging.getLogger(__name__)

SNAPSHOT_NAME = "events.arrow"
STAMP_KEY = b"ceasefire_atlas.stamp"
FILE_MODE = 0o644
BATCH_ROWS = 20_000  # rows per Arrow record batch: memory for one batch, not the whole store


def _arrow():
    """pyarrow, or None (it ships with Streamlit; without it the store reads SQLite only)."""
    try:
        import pyarrow as pa
        import pyarrow.ipc  # noqa: F401  (a submodule that `import pyarrow` does not load)
    except ImportError:  # pragma: no cover - pyarrow comes with streamlit
        return None
    return pa


def stamp_text(stamp: Sequence) -> str:
    """The store's meta stamp as the text the file carries."""
    return json.dumps([list(row) for row in stamp], ensure_ascii=False)


class SnapshotWriter:
    """Writes rows (tuples in `columns` order) to an Arrow file as they stream past.

    Use as a context manager; `tee(rows)` yields the rows on (to an export, say) while batching
    them into the file. The file replaces `path` only when the block ends without an error and
    every row was seen. Without pyarrow, or in a folder it cannot write, it writes nothing.
    """

    def __init__(self, path: Path, columns: Sequence[str], *, types: Mapping[str, str],
                 stamp: Sequence) -> None:
        self.path = Path(path)
        self.columns = list(columns)
        self.pa = _arrow()
        self._tmp: str | None = None
        self._file = self._writer = None
        self._failed = False
        if self.pa is None:
            return
        pa = self.pa
        self._types = [getattr(pa, types.get(c, "string"))() for c in self.columns]
        self.schema = pa.schema([pa.field(c, t) for c, t in zip(self.columns, self._types,
                                                                 strict=True)],
                                metadata={STAMP_KEY: stamp_text(stamp).encode("utf-8")})

    def __enter__(self) -> SnapshotWriter:
        if self.pa is None:
            return self
        try:
            fd, self._tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.",
                                             suffix=".tmp")
        except OSError as err:  # a read-only data folder: the store works, only slower
            log.info("no events snapshot in %s: %s", self.path.parent, err)
            self.pa = None
            return self
        os.chmod(self._tmp, FILE_MODE)
        self._file = os.fdopen(fd, "wb")
        self._writer = self.pa.ipc.new_file(self._file, self.schema)
        return self

    def write(self, rows: Sequence[Sequence]) -> None:
        """Append one batch of rows."""
        if self._writer is None or self._failed:
            return
        try:
            values = list(zip(*rows, strict=True)) if rows else [()] * len(self.columns)
            arrays = [self.pa.array(v, type=t) for v, t in zip(values, self._types, strict=True)]
            self._writer.write_batch(self.pa.record_batch(arrays, schema=self.schema))
        except Exception as err:  # a value Arrow cannot type: the export must go on regardless
            log.warning("no events snapshot: %s", err)
            self._failed = True

    def tee(self, rows: Iterable[Sequence]) -> Iterator[Sequence]:
        """Yield every row of `rows`, writing them to the file `BATCH_ROWS` at a time."""
        it = iter(rows)
        while batch := list(islice(it, BATCH_ROWS)):
            self.write(batch)
            yield from batch

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._writer is None:
            return
        try:
            self._writer.close()
            self._file.close()
            if exc_type is None and not self._failed:
                os.replace(self._tmp, self.path)
        finally:
            Path(self._tmp).unlink(missing_ok=True)


def read_snapshot(path: Path, *, stamp: Sequence) -> dict[str, object] | None:
    """Column name -> numpy array of the file at `path` when it carries `stamp`, else None.

    Text columns come back as object arrays of str and None, numbers as float64/int64 arrays.
    A missing, stale or unreadable file gives None (the caller reads SQLite instead).
    """
    pa = _arrow()
    if pa is None or not path.is_file():
        return None
    import numpy as np

    try:
        with pa.OSFile(str(path)) as source:
            reader = pa.ipc.open_file(source)
            meta = reader.schema.metadata or {}
            if meta.get(STAMP_KEY) != stamp_text(stamp).encode("utf-8"):
                return None
            table = reader.read_all()
    except (OSError, pa.ArrowException) as err:  # cut short by a crash or a full disk, say
        log.warning("ignoring the events snapshot %s: %s", path, err)
        return None
    return {name: _numpy(pa, np, table.column(name)) for name in table.column_names}


def _numpy(pa, np, column):
    """A column as an own, writable numpy array; text as objects, None where missing.

    Text goes through Arrow's dictionary encoding, so each distinct value becomes one Python
    string shared by its rows: twice as fast as converting row by row, and less memory.
    """
    if not pa.types.is_string(column.type):
        return np.array(column.to_numpy(zero_copy_only=False), copy=True)
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(column).combine_chunks()
    values = np.append(encoded.dictionary.to_numpy(zero_copy_only=False), None)
    indices = encoded.indices.fill_null(len(values) - 1)  # missing -> the None at the end
    return values[indices.to_numpy(zero_copy_only=False)]
