"""The place table and its name index, loaded fast from the bundled files and parsed lazily.

On disk (``gazetteer/data``, written by ``gazetteer.build``):

- ``places.tsv.gz``: one place a line: ``id, name, kind, lat, lon, population, admin1, country,
  key`` (``key`` is the key of the canonical name), after one header line.
- ``names.tsv.gz``: one name key a line: ``key`` and the comma-separated postings of the places
  that bear it, after one header line. A posting is a row number, with ``:`` and the vowel
  signatures of the place's spellings of that key (``/``-separated) when they have vowels.

Loading keeps the lines as strings (a few hundred thousand `str.split` calls are what makes a
load slow) and turns a row into a `Place` the first time a lookup touches it.
"""

from __future__ import annotations

import dataclasses
import gzip
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from gazetteer.names import name_key, variant_keys
from gazetteer.place import Place

IDS_CACHE_SIZE = 100_000  # name keys whose place ids `NamesView` keeps
PLACES_FILE = "places.tsv.gz"
NAMES_FILE = "names.tsv.gz"
Postings = tuple[tuple[int, tuple[str, ...]], ...]  # (row, vowel signatures) per place
PLACE_COLUMNS = ("id", "name", "kind", "lat", "lon", "population", "admin1", "country", "key")


class PlaceTable:
    """Places by row number, an id index and a name-key index (key -> row numbers)."""

    def __init__(self, lines: list[str] | None = None, index: dict | None = None):
        self._lines: list[str] = lines if lines is not None else []
        self._parsed: dict[int, tuple[Place, str]] = {}
        self._index: dict[str, str | Postings] = index if index is not None else {}
        self._ids: dict[str, int] | None = None

    @classmethod
    def read(cls, data_dir: Path) -> PlaceTable:
        """The table of the bundled files in `data_dir`."""
        lines = _body(data_dir / PLACES_FILE).split("\n")
        # keys and postings hold no tab: one split of the whole text gives key, postings, ...
        cells = _body(data_dir / NAMES_FILE).replace("\t", "\n").split("\n")
        return cls(lines, dict(zip(cells[0::2], cells[1::2], strict=True)))

    def state(self) -> tuple:
        """The table as plain values (strings, numbers, tuples, dicts) for `marshal`: what
        `from_state` rebuilds it from, much faster than `read` parses the bundled files."""
        parsed = {i: (dataclasses.astuple(place), key) for i, (place, key) in self._parsed.items()}
        return self._lines, self._index, parsed, self._ids

    @classmethod
    def from_state(cls, state: tuple) -> PlaceTable:
        """The table `state()` describes."""
        lines, index, parsed, ids = state
        table = cls(lines, index)
        table._parsed = {i: (Place(*fields), key) for i, (fields, key) in parsed.items()}
        table._ids = ids
        return table

    def __len__(self) -> int:
        return len(self._lines)

    # --- rows -------------------------------------------------------------------------------
    def row(self, i: int) -> tuple[Place, str]:
        """Place `i` and the key of its canonical name."""
        got = self._parsed.get(i)
        if got is None:
            f = self._lines[i].split("\t")
            place = Place(f[0], f[1], f[2], float(f[3]), float(f[4]), int(f[5] or 0),
                          f[6] or None, f[7] or None)
            got = self._parsed[i] = (place, f[8])
        return got

    def row_of(self, place_id: str) -> int | None:
        """The row number of a place id, or None."""
        if self._ids is None:
            ids = [line.partition("\t")[0] for line in self._lines]
            self._ids = dict(zip(ids, range(len(ids)), strict=True))
        return self._ids.get(place_id)

    def places(self) -> Iterator[Place]:
        """Every place, in row order (parses the whole table)."""
        return (self.row(i)[0] for i in range(len(self._lines)))

    # --- names ------------------------------------------------------------------------------
    def postings(self, key: str) -> Postings:
        """(row number, vowel signatures) of the places bearing name key `key`."""
        hit = self._index.get(key)
        if hit is None:
            return ()
        if isinstance(hit, str):
            hit = self._index[key] = tuple(_posting(p) for p in hit.split(","))
        return hit

    def keys(self) -> Iterable[str]:
        """Every name key."""
        return self._index.keys()

    def has_key(self, key: str) -> bool:
        return key in self._index

    def key_count(self) -> int:
        return len(self._index)

    # --- changes (tiny tables, curated rows, an analyst's overlay) ----------------------------
    def put(self, place: Place, names: Iterable[str] = ()) -> int:
        """Add `place` (or replace the place with its id) and index its name and `names`."""
        i = self.row_of(place.id)
        if i is None:
            i = len(self._lines)
            self._lines.append(place.id)
            self._ids[place.id] = i
        key = name_key(place.name)
        self._parsed[i] = (place, key)
        for name in (place.name, *names):
            for k, sig in variant_keys(name).items():
                postings = dict(self.postings(k))
                postings[i] = tuple(sorted({*postings.get(i, ()), sig}))
                self._index[k] = tuple(postings.items())
        return i


def _posting(text: str) -> tuple[int, tuple[str, ...]]:
    row, _, sigs = text.partition(":")
    return int(row), tuple(sigs.split("/"))


def format_postings(postings: dict[int, set[str]]) -> str:
    """The on-disk form of a key's postings (see the module docstring)."""
    return ",".join(f"{i}:{'/'.join(sorted(s))}" if s - {""} else str(i)
                    for i, s in sorted(postings.items()))


def _body(path: Path) -> str:
    """The text of a bundled gzipped table without its header line and final newline."""
    with gzip.open(path, "rb") as f:
        text = f.read().decode("utf-8")
    return text[text.index("\n") + 1:].rstrip("\n")


class NamesView(Mapping):
    """``Gazetteer.names()``: name key -> ids of the places bearing it (read-only view).

    The spotter asks it for every token sequence of a text, so misses are answered without an
    exception and hits are kept.
    """

    def __init__(self, table: PlaceTable):
        self._table = table
        self._ids: dict[str, tuple[str, ...]] = {}

    def get(self, key: str, default=None):
        ids = self._ids.get(key)
        if ids is None:
            rows = self._table.postings(key) if isinstance(key, str) else ()
            if not rows:
                return default
            if len(self._ids) >= IDS_CACHE_SIZE:
                self._ids.clear()
            ids = self._ids[key] = tuple(self._table.row(i)[0].id for i, _ in rows)
        return ids

    def __getitem__(self, key: str) -> tuple[str, ...]:
        ids = self.get(key)
        if ids is None:
            raise KeyError(key)
        return ids

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._table.has_key(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._table.keys())

    def __len__(self) -> int:
        return self._table.key_count()
