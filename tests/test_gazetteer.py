"""The gazetteer: lookups by any spelling, ranking, ids, tiny in-memory gazetteers."""

from __future__ import annotations

import math

import pytest

from gazetteer import Gazetteer
from gazetteer.names import name_key
from gazetteer.place import ADMIN1, CITY, COUNTRY, TOWN, Place

# Approximate coordinates of the seed article's places (Wikipedia's infoboxes).
SEED_PLACES = {
    "Hama": (35.13, 36.75),
    "Homs": (34.73, 36.72),
    "Latakia": (35.52, 35.79),
    "Damascus": (33.51, 36.29),
    "Dara'a": (32.62, 36.10),
    "Dayr al-Zawr": (35.33, 40.14),
    "Hmeymim": (35.41, 35.95),
}
VARIANTS = {
    "Dara'a": ["Daraa", "Deraa", "Dar'a"],
    "Dayr al-Zawr": ["Deir ez-Zor", "Deir al-Zor", "Deir Ezzor", "Deir el-Zour"],
    "Hmeymim": ["Khmeimim", "Hmeimim"],
    "Latakia": ["Lattakia"],
    "Hama": ["Hamah", "Ḩamāh"],
    "Homs": ["Hims", "Ḩimş", "Hums"],  # Hims by GeoNames' alternate names, not by the key
}
KM_TOLERANCE = 10.0


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km."""
    (la1, lo1), (la2, lo2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(
        (lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


@pytest.mark.parametrize("name", sorted(SEED_PLACES))
def test_seed_places_resolve_within_a_few_km(gazetteer, name):
    best = gazetteer.lookup(name, limit=1)[0]
    assert km((best.lat, best.lon), SEED_PLACES[name]) < KM_TOLERANCE, best
    assert best.country == "SY"


@pytest.mark.parametrize("name,variant", [(n, v) for n, vs in VARIANTS.items() for v in vs])
def test_variants_resolve_like_the_seed_spelling(gazetteer, name, variant):
    best = gazetteer.lookup(variant, limit=1)[0]
    assert km((best.lat, best.lon), SEED_PLACES[name]) < KM_TOLERANCE, best


@pytest.mark.parametrize("name,country", [
    ("Damascus", "SY"), ("Palmyra", "SY"), ("Madaya", "SY"), ("Geneva", "CH"), ("Amman", "JO"),
    ("Paris", "FR"), ("Moscow", "RU"), ("Aleppo", "SY"),
])
def test_a_bare_name_means_what_a_reader_of_this_reporting_expects(gazetteer, name, country):
    assert gazetteer.lookup(name, limit=1)[0].country == country


def test_bare_governorate_name_is_the_city_the_governorate_is_second(gazetteer):
    first, second = gazetteer.lookup("Hama", limit=2)
    assert (first.kind, first.admin1) == (CITY, "SY-HM")
    assert second.id == "iso:SY-HM" and second.kind == ADMIN1


def test_the_spelling_tells_places_of_one_key_apart(gazetteer):
    assert gazetteer.lookup("Gaza", limit=1)[0].country == "PS"
    assert gazetteer.lookup("Giza", limit=1)[0].country == "EG"


def test_a_national_capital_comes_before_a_state_of_its_name(gazetteer):
    assert gazetteer.lookup("Washington", limit=1)[0].admin1 == "US-DC"


@pytest.mark.parametrize("name,code", [("US", "US"), ("U.S.", "US"), ("UK", "GB"),
                                       ("Britain", "GB"), ("American", "US"),
                                       ("Palestinians", "PS"), ("Syrian", "SY")])
def test_short_forms_and_demonyms_name_their_country(gazetteer, name, code):
    assert gazetteer.lookup(name, limit=1)[0].id == f"iso:{code}"


def test_spelling_match_tells_how_close_a_text_is_to_a_places_names(gazetteer):
    daraa = gazetteer.lookup("Daraa", limit=1)[0].id
    assert gazetteer.spelling_match("Daraa", daraa) == 1.0
    assert gazetteer.spelling_match("Qwxzzyplk", daraa) == 0.0
    assert gazetteer.spelling_match("Daraa", "no-such-id") == 0.0


def test_demonyms_are_told_apart_from_names(gazetteer):
    assert gazetteer.demonyms()[name_key("Syrian")] == "SY"
    assert name_key("Syria") not in gazetteer.demonyms()


def test_us_counties_and_state_abbreviations(gazetteer):
    county = gazetteer.lookup("Laurel County", limit=1)[0]
    assert (county.id.startswith("fips:"), county.admin1) == (True, "US-KY")
    assert gazetteer.lookup("W.Va.", limit=1)[0].id == "iso:US-WV"


@pytest.mark.parametrize("query,admin1,country", [
    ("Paris, Texas", "US-TX", "US"), ("Tripoli, Lebanon", None, "LB"), ("Damascus, Oregon",
                                                                       "US-OR", "US"),
    ("Hama, Syria", "SY-HM", "SY"),
])
def test_a_qualifier_after_a_comma_picks_the_reading_inside_it(gazetteer, query, admin1,
                                                               country):
    best = gazetteer.lookup(query, limit=1)[0]
    assert best.country == country and (admin1 is None or best.admin1 == admin1)
    assert gazetteer.lookup("Damascus, Qwxzzyplk") == []


@pytest.mark.parametrize("name,place_id", [
    ("دمشق", "gn:170654"), ("دير الزور", "gn:170794"), ("حماة", "gn:170017"),
    ("سوريا", "iso:SY"), ("لبنان", "iso:LB"),
])
def test_arabic_script_names_resolve(gazetteer, name, place_id):
    assert gazetteer.lookup(name, limit=1)[0].id == place_id


def test_a_country_outranks_towns_of_its_name(gazetteer):
    assert gazetteer.lookup("Jordan", limit=1)[0].id == "iso:JO"
    assert gazetteer.lookup("Syria", limit=1)[0].id == "iso:SY"


def test_country_and_admin1_places_by_iso_code(gazetteer):
    assert gazetteer.country_place("SY").kind == COUNTRY
    assert gazetteer.admin1_place("SY-HM").kind == ADMIN1
    assert gazetteer.admin1_place("SY") is None and gazetteer.country_place("SY-HM") is None
    assert gazetteer.get("no-such-id") is None


def test_every_syrian_place_has_its_governorate(gazetteer):
    for pid in gazetteer.names()[name_key("Dara'a")]:
        place = gazetteer.get(pid)
        if place.country == "SY" and place.kind != COUNTRY:
            assert place.admin1 and place.admin1.startswith("SY-")


def test_names_maps_keys_to_ids_of_places(gazetteer):
    names = gazetteer.names()
    ids = names[name_key("Deir ez-Zor")]
    assert all(gazetteer.get(i) is not None for i in ids)
    assert name_key("Deir ez-Zor") in names and "" not in names


def test_unknown_and_odd_names_give_no_places(gazetteer):
    for name in ("", "   ", "!!!", "\x00\x07", "x" * 10_000, "Qwxzzyplk"):
        assert gazetteer.lookup(name) == []


# --- tiny gazetteers -----------------------------------------------------------------------

HAMA = Place("gn:1", "Ḩamāh", CITY, 35.13, 36.76, 460_602, "SY-HM", "SY")
HAMA_GOV = Place("iso:SY-HM", "Hama", ADMIN1, 35.2, 36.7, 1_500_000, "SY-HM", "SY")
OTHER = Place("gn:2", "Hama", TOWN, 10.0, 10.0, 2_000_000, None, "XX")


def test_from_places_indexes_names_and_aliases():
    gz = Gazetteer.from_places([HAMA, OTHER], aliases={"gn:1": ["Hamath"]})
    assert gz.get("gn:1") == HAMA
    assert [p.id for p in gz.lookup("Hamath")] == ["gn:1"]
    assert set(gz.names()[name_key("Hamah")]) == {"gn:1", "gn:2"}


def test_focus_region_outweighs_population():
    gz = Gazetteer.from_places([HAMA, OTHER])
    assert gz.lookup("Hama")[0] == HAMA
    assert Gazetteer.from_places([HAMA, OTHER], focus=("XX",)).lookup("Hama")[0] == OTHER


def test_namesake_city_comes_before_its_governorate():
    gz = Gazetteer.from_places([HAMA_GOV, HAMA])
    assert [p.id for p in gz.lookup("Hama")] == ["gn:1", "iso:SY-HM"]


# --- names analysts read --------------------------------------------------------------------

@pytest.mark.parametrize(("place_id", "name"), [
    ("gn:170017", "Hama"), ("gn:170905", "Daraa"), ("gn:163345", "Tartus"),
    ("gn:170592", "Douma"), ("gn:172955", "Raqqa"), ("gn:173576", "Latakia"),
    ("iso:SY-HM", "Hama"), ("iso:SY-LA", "Latakia"), ("iso:SY-HI", "Homs"),
    ("iso:SY-DI", "Damascus"), ("iso:SY", "Syria"), ("iso:PS", "Palestine"),
])
def test_canonical_names_are_the_english_forms_analysts_read(gazetteer, place_id, name):
    assert gazetteer.get(place_id).name == name


def test_geonames_spellings_stay_names_for_matching(gazetteer):
    for spelling in ("Ḩamāh", "Dar‘ā", "Ţarţūs", "Dūmā", "Ar Raqqah", "Al Lādhiqīyah", "Ḩimş"):
        assert gazetteer.lookup(spelling, limit=3), spelling
    assert gazetteer.lookup("Al Lādhiqīyah", limit=5)[0].id in ("gn:173576", "iso:SY-LA")


def test_canonical_names_are_ascii_in_syria(gazetteer):
    for place_id in gazetteer.names().get(name_key("Hama"), ()):
        place = gazetteer.get(place_id)
        assert place.country != "SY" or place.name.isascii(), place


def test_governorate_names_are_those_of_the_polygons(gazetteer):
    gov = gazetteer.governorates()
    for code, name in zip(gov["admin1"], gov["name"], strict=True):
        assert gazetteer.admin1_place(code).name == name, code


@pytest.mark.parametrize(("country", "capital"), [("JO", "Amman"), ("SY", "Damascus"),
                                                  ("LB", "Beirut"), ("XX", None), (None, None)])
def test_capital_of_a_country_is_its_most_populous_national_capital(gazetteer, country, capital):
    place = gazetteer.capital_of(country)
    assert (place.name if place else None) == capital
    assert place is None or gazetteer.is_capital(place.id)


def test_capital_of_names_each_countrys_capital(gazetteer):
    from gazetteer.ranking import capital_of

    assert capital_of(gazetteer, "JO").name == "Amman"
    assert capital_of(gazetteer, "SY").name == "Damascus"
    assert capital_of(gazetteer, "KZ").country == "KZ"
    assert capital_of(gazetteer, "XX") is None and capital_of(gazetteer, None) is None
    small = Gazetteer.from_places([Place("c:x", "X", CITY, 1.0, 1.0, 10, None, "JO")])
    assert capital_of(small, "JO") is None  # no capitals known
