"""Place tables in CSV (the curated table, an analyst's overlay) applied over the gazetteer.

Columns: ``id,name,kind,lat,lon,admin1,country,aliases,geonameid,population,source,note``
(``aliases`` separated by ``|``). A row whose ``geonameid`` is set, or whose ``id`` names an
existing place (``gn:170017``, ``iso:SY-HM``, ``cur:hmeymim-airbase``), corrects that place: its
non-empty fields replace the bundled ones and its aliases are added. Any other row adds a place
with the id ``<prefix>:<id>``. A bad row is skipped with a message naming the file, the line and
the reason; the other rows still apply.
"""

from __future__ import annotations

import csv
import dataclasses
import math
from collections.abc import Iterator
from pathlib import Path

from gazetteer.place import KINDS, Place
from gazetteer.table import PlaceTable

COLUMNS = ("id", "name", "kind", "lat", "lon", "admin1", "country", "aliases", "geonameid",
           "population", "source", "note")
ALIAS_SEPARATOR = "|"
MAX_FIELD = 1_000  # characters; longer fields are not names


class RowError(ValueError):
    """A row of a place table that cannot be applied."""


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row of a place table; raises OSError/UnicodeError."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = {"name", "lat", "lon"} - set(reader.fieldnames or ())
        if missing and "geonameid" not in (reader.fieldnames or ()):
            raise RowError(f"missing columns: {', '.join(sorted(missing))}")
        for row in reader:
            clean = {k: (v or "").strip() for k, v in row.items() if isinstance(k, str)}
            yield reader.line_num, clean


def apply_file(table: PlaceTable, path: Path, *, prefix: str) -> list[str]:
    """Apply the place table at `path` to `table`; returns one message per skipped row."""
    problems = []
    try:
        for line, row in read_rows(path):
            try:
                place, aliases = place_of_row(table, row, prefix=prefix)
            except RowError as e:
                problems.append(f"{path}: line {line}: {e}")
                continue
            table.put(place, aliases)
    except (OSError, UnicodeError, csv.Error, RowError) as e:
        problems.append(f"{path}: {e}")
    return problems


def place_of_row(table: PlaceTable, row: dict[str, str], *, prefix: str
                 ) -> tuple[Place, list[str]]:
    """The place a row adds or corrects, and the aliases it gives."""
    if any(len(v) > MAX_FIELD and k not in ("aliases", "note", "source") for k, v in row.items()):
        raise RowError("a field is too long")
    target = _target(row, prefix)
    i = table.row_of(target)
    fields = _fields(row)
    aliases = [a.strip() for a in row.get("aliases", "").split(ALIAS_SEPARATOR) if a.strip()]
    if i is not None:
        return dataclasses.replace(table.row(i)[0], **fields), aliases
    if row.get("geonameid"):
        raise RowError(f"no GeoNames place {row['geonameid']} in the gazetteer")
    missing = [k for k in ("name", "kind", "lat", "lon") if k not in fields]
    if missing:
        raise RowError(f"a new place needs {', '.join(missing)}")
    return Place(id=target, **fields), aliases


def _target(row: dict[str, str], prefix: str) -> str:
    if row.get("geonameid"):
        if not row["geonameid"].isdigit():
            raise RowError(f"geonameid {row['geonameid']!r} is not a number")
        return f"gn:{row['geonameid']}"
    rid = row.get("id", "")
    if not rid:
        raise RowError("no id")
    return rid if ":" in rid else f"{prefix}:{rid}"


def _fields(row: dict[str, str]) -> dict:
    """The non-empty fields of a row, typed and checked."""
    out: dict = {}
    if row.get("name"):
        out["name"] = row["name"]
    if row.get("kind"):
        if row["kind"] not in KINDS:
            raise RowError(f"unknown kind {row['kind']!r} (one of {', '.join(KINDS)})")
        out["kind"] = row["kind"]
    for k, bound in (("lat", 90.0), ("lon", 180.0)):
        if row.get(k):
            try:
                v = float(row[k])
            except ValueError:
                raise RowError(f"{k} {row[k]!r} is not a number") from None
            if not math.isfinite(v) or abs(v) > bound:
                raise RowError(f"{k} {row[k]} is out of range")
            out[k] = v
    if ("lat" in out) != ("lon" in out):
        raise RowError("lat and lon go together")
    if row.get("population"):
        if not row["population"].isdigit():
            raise RowError(f"population {row['population']!r} is not a whole number")
        out["population"] = int(row["population"])
    for k in ("admin1", "country"):
        if row.get(k):
            out[k] = row[k]
    return out
