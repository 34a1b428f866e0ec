"""Qualified lookups: kind words around a name pick the reading a reader expects."""

from __future__ import annotations

import pytest

from gazetteer import Gazetteer
from gazetteer.place import ADMIN1, CITY, TOWN, Place
from gazetteer.qualifiers import prefer, qualifier_words, split


@pytest.mark.parametrize(("query", "place_id"), [
    ("Hama province", "iso:SY-HM"),
    ("Hama Governorate", "iso:SY-HM"),
    ("Homs province", "iso:SY-HI"),
    ("the province of Idlib", "iso:SY-ID"),
    ("muhafazat Idlib", "iso:SY-ID"),
    ("wilayat Halab", "iso:SY-HL"),
    ("the north of Latakia Province", "iso:SY-LA"),
    ("the city of Hama", "gn:170017"),
    ("Aleppo City", "gn:170063"),
    ("Deraa city", "gn:170905"),
    ("Aleppo countryside", "iso:SY-HL"),
    ("northern Hama countryside", "iso:SY-HM"),
    ("rural Damascus", "iso:SY-RD"),
    ("Damascus countryside", "iso:SY-RD"),
    ("Hatay ili", "iso:TR-31"),
])
def test_a_qualified_name_gives_the_reading_of_its_kind(gazetteer, query, place_id):
    assert gazetteer.lookup(query, limit=1)[0].id == place_id


def test_bare_names_and_names_with_kind_words_inside_are_unchanged(gazetteer):
    assert gazetteer.lookup("Hama", limit=1)[0].id == "gn:170017"
    assert gazetteer.lookup("North Carolina", limit=1)[0].id == "iso:US-NC"
    assert gazetteer.lookup("West Bank", limit=1)[0].country == "PS"


def test_only_kind_words_is_no_name(gazetteer):
    assert gazetteer.lookup("province") == []
    assert gazetteer.lookup("the countryside of") == []


def test_split_peels_kind_words_and_links_off_both_ends():
    assert split("the northern countryside of Hama") == ("Hama", "rural")
    assert split("Hama province") == ("Hama", "unit")
    assert split("eastern Homs") == ("Homs", None)
    assert split("Hama") is None
    assert split("city") is None


def test_every_asked_kind_of_the_data_file_is_known():
    words = qualifier_words()
    assert {"province", "muhafazat", "wilayat", "city", "countryside", "rif"} <= set(words)
    assert set(words.values()) <= {"unit", "district", "settlement", "rural", "direction"}


def test_prefer_keeps_the_ranking_within_the_kinds_asked_for():
    town = Place("t", "Daraa", TOWN, 0, 0, 90_000, None, "SY")
    city = Place("c", "Deira", CITY, 0, 0, 400_000, None, "AE")
    unit = Place("u", "Daraa", ADMIN1, 0, 0, 400_000, None, "SY")
    assert [p.id for p in prefer([unit, town, city], "settlement")] == ["t", "c", "u"]
    assert [p.id for p in prefer([town, unit], "unit")] == ["u", "t"]


def test_a_tiny_gazetteer_answers_qualified_names():
    hama_city = Place("c:hama", "Hama", CITY, 35.13, 36.75, 460_000, "SY-HM", "SY")
    hama_gov = Place("iso:SY-HM", "Hama", ADMIN1, 35.3, 36.7, 1_600_000, "SY-HM", "SY")
    gz = Gazetteer.from_places([hama_city, hama_gov])
    assert gz.lookup("Hama province", limit=1)[0].id == "iso:SY-HM"
    assert gz.lookup("the city of Hama", limit=1)[0].id == "c:hama"
