"""Spotting place names: sentence in, spotted names out (pipeline.mentions)."""

from __future__ import annotations

import pytest

from gazetteer import Gazetteer
from gazetteer.place import ADMIN1, AIRBASE, CITY, COUNTRY, REGION, TOWN, VILLAGE, Place
from pipeline.mentions import Spotted, find_mentions, spot_all

PLACES = [
    Place("iso:SY", "Syria", COUNTRY, 35.0, 38.0, 22_000_000, None, "SY"),
    Place("iso:SY-HM", "Hama", ADMIN1, 35.2, 37.0, 1_600_000, "SY-HM", "SY"),
    Place("gn:170017", "Hama", CITY, 35.13, 36.75, 460_000, "SY-HM", "SY"),
    Place("iso:SY-RD", "Rif Dimashq", ADMIN1, 33.5, 36.6, 2_800_000, "SY-RD", "SY"),
    Place("t:dimashq", "Dimashq", CITY, 33.51, 36.29, 1_700_000, "SY-DI", "SY"),
    Place("t:deir", "Deir ez-Zor", CITY, 35.33, 40.14, 240_000, "SY-DY", "SY"),
    Place("t:deir-airport", "Deir ez-Zor airport", AIRBASE, 35.28, 40.18, 0, "SY-DY", "SY"),
    Place("t:vladimir", "Vladimir", CITY, 56.13, 40.4, 350_000, None, "RU"),
    Place("t:jordan", "Jordan", COUNTRY, 31.0, 36.0, 10_000_000, None, "JO"),
    Place("t:may", "May", VILLAGE, 40.0, 20.0, 300, None, "AL"),
    Place("t:washington", "Washington", CITY, 38.9, -77.0, 700_000, "US-DC", "US"),
    Place("t:dublin", "Dublin", CITY, 53.35, -6.26, 1_000_000, None, "IE"),
    Place("t:police", "Police", VILLAGE, 52.0, 18.0, 500, None, "PL"),
    Place("t:latakia", "Latakia", REGION, 35.6, 36.0, 1_000_000, "SY-LA", "SY"),
    Place("t:raqqa", "Raqqa", TOWN, 35.95, 39.01, 200_000, "SY-RA", "SY"),
]
ALIASES = {"gn:170017": ["Hamah", "حماة"], "t:deir": ["Dayr al-Zawr"], "t:raqqa": ["al-Raqqa"]}


@pytest.fixture(scope="module")
def gz():
    return Gazetteer.from_places(PLACES, ALIASES)


def texts(body: str, gz) -> list[str]:
    return [s.text for s in find_mentions(body, gz)]


def test_offsets_point_at_the_text(gz):
    body = "Shelling hit Hama and\nRif Dimashq; Deir ez-Zor airport was closed."
    found = find_mentions(body, gz)
    assert found and all(body[s.start:s.end] == s.text for s in found)
    assert all(isinstance(s, Spotted) and s.ids for s in found)


def test_longest_name_wins(gz):
    assert texts("Fighting in Rif Dimashq went on.", gz) == ["Rif Dimashq"]
    assert texts("Planes left Deir ez-Zor airport at dawn.", gz) == ["Deir ez-Zor airport"]
    assert texts("Planes left Deir ez-Zor at dawn.", gz) == ["Deir ez-Zor"]


def test_names_match_on_word_boundaries_only(gz):
    assert texts("The Hamas movement and Hamadan are not in Hama's list.", gz) == ["Hama"]


def test_other_spellings_and_scripts(gz):
    assert texts("Aid reached Hamah and Dayr al-Zawr.", gz) == ["Hamah", "Dayr al-Zawr"]
    assert texts("قصف في حماة اليوم", gz) == ["حماة"]


def test_lower_case_arabic_article_before_a_capital(gz):
    assert texts("Jets struck al-Raqqa overnight.", gz) == ["al-Raqqa"]


def test_lower_case_words_are_not_places(gz):
    assert texts("Some ships may police the coast of Dublin.", gz) == ["Dublin"]


def test_a_given_name_is_not_a_place(gz):
    assert texts("President Vladimir Putin spoke to Damascus.", gz) == []
    assert texts("Russian leader Vladimir Putin met officials.", gz) == []
    assert "Vladimir" in texts("Trains left Vladimir on time.", gz)


def test_a_titled_person_is_not_a_place(gz):
    assert texts("Mr. Jordan said the talks would go on.", gz) == []
    assert texts("Talks were held in Jordan.", gz) == ["Jordan"]


def test_month_names_are_not_places(gz):
    assert texts("In May the convoy reached Hama.", gz) == ["Hama"]


def test_an_organisation_named_after_a_place_is_not_the_place(gz):
    assert texts("The Washington Post reported it.", gz) == []
    assert texts("They flew to Washington on Monday.", gz) == ["Washington"]


def test_an_ordinary_word_capitalised_in_a_name_is_not_a_place(gz):
    assert texts("The Dublin Police Department said so.", gz) == ["Dublin"]


def test_every_rejection_names_its_rule(gz):
    judged = spot_all("In May, President Vladimir Putin read the Washington Post.", gz)
    reasons = {s.text: reason for s, reason in judged}
    assert reasons["May"] == "calendar"
    assert reasons["Vladimir"] in ("person_title", "given_name")
    assert reasons["Washington"] == "organisation"


def test_empty_and_punctuation_only_bodies_have_no_mentions(gz):
    assert find_mentions("", gz) == []
    assert find_mentions("?!... ---", gz) == []


def test_seed_places_are_found_in_the_real_gazetteer(gazetteer, seed_path):
    body = seed_path.read_text(encoding="utf-8").split("---", 2)[2].lstrip("\n")
    found = find_mentions(body, gazetteer)
    assert all(body[s.start:s.end] == s.text for s in found)
    names = {s.text for s in found}
    for name in ("Hama", "Homs", "Latakia", "Damascus", "Dara’a", "Dayr al-Zawr"):
        assert name in names
    assert any(s.text.startswith("Hmeymim") for s in found)
    assert "Vladimir" not in names


def test_direction_words_alone_are_not_places():
    gz = Gazetteer.from_places([Place("t:west", "West", ADMIN1, 5.5, 10.4, 1_900_000, "CM-OU",
                                      "CM")])
    assert texts("Relations between Russia and the West soured.", gz) == []


def test_a_phrase_of_ordinary_words_is_no_place_unless_spelt_as_one():
    gz = Gazetteer.from_places(
        [Place("t:ican", "Ikan", VILLAGE, 1.0, 1.0, 900, None, "ID"),
         Place("t:elbow", "Elbow Lake", TOWN, 45.99, -95.98, 1_200, "US-MN", "US")],
        {"t:ican": ["I Can"]})
    assert texts("I Can see Elbow Lake from here.", gz) == ["Elbow Lake"]


def test_the_word_before_a_name_is_read_as_a_backward_search_would():
    import random
    import re

    from pipeline.spotfilters import _prev_word

    search = re.compile(r"[^\W\d_][\w'\u2019-]*\Z")  # the plain form of the rule, slow
    rng = random.Random(1)
    alphabet = "ab A1_'\u2019-. \n\u00e9\u0661\u00b2"
    for _ in range(20_000):
        body = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60)))
        pos = rng.randint(1, len(body))
        m = search.search(body, max(0, pos - 40), pos - 1) if body[pos - 1] == " " else None
        assert _prev_word(body, pos) == (None if m is None else (m.start(), m.group()))


def test_an_ordinary_word_is_no_unit_whose_name_only_adds_a_generic_word():
    gz = Gazetteer.from_places([
        Place("iso:ZA-FS", "Free State", ADMIN1, -28.5, 26.8, 2_800_000, "ZA-FS", "ZA"),
        Place("iso:SY", "Syria", COUNTRY, 35.0, 38.0, 22_000_000, None, "SY"),
    ], {"iso:ZA-FS": ["Free"], "iso:SY": ["Syrian"]})
    assert texts("Free Syrian Army fighters left the town.", gz) == ["Syrian"]
    assert texts("Fighting spread to the Free State.", gz) == ["Free State"]


def test_an_ordinary_word_is_a_unit_only_spelt_exactly_as_its_name():
    gz = Gazetteer.from_places([
        Place("iso:UA-43", "Crimea", ADMIN1, 45.0, 34.0, 2_000_000, "UA-43", "UA"),
        Place("iso:TR", "Turkey", COUNTRY, 39.0, 35.0, 84_000_000, None, "TR"),
    ])
    assert texts("Crime rose in the city.", gz) == []
    assert texts("Turkey closed the border.", gz) == ["Turkey"]


def test_agencies_named_like_places_are_no_places():
    gz = Gazetteer.from_places([
        Place("iso:YE-SN", "Sanaa", ADMIN1, 15.4, 44.2, 1_000_000, "YE-SN", "YE"),
        Place("t:redcross", "Red Cross", VILLAGE, 35.3, -80.4, 700, "US-NC", "US"),
    ], {"iso:YE-SN": ["Sana"]})
    assert texts("State news agency SANA said the road was open.", gz) == []
    assert texts("Sana news agency reported shelling.", gz) == []
    assert texts("The Red Cross said aid was ready.", gz) == []
    assert texts("Fighting reached Sana on Monday.", gz) == ["Sana"]


def test_a_name_after_an_armed_groups_head_word_belongs_to_the_group():
    gz = Gazetteer.from_places([
        Place("t:sham", "Al-Sham", CITY, 33.5, 36.3, 1_700_000, "SY-DI", "SY"),
        Place("t:quds", "Al-Quds", CITY, 31.8, 35.2, 900_000, "PS-JEM", "PS")])
    assert texts("Fighters of Ahrar al-Sham and Liwa al-Quds advanced.", gz) == []


def test_a_surname_after_a_title_and_a_given_name_is_a_person():
    gz = Gazetteer.from_places([
        Place("iso:ID-BA", "Bali", ADMIN1, -8.4, 115.2, 4_300_000, "ID-BA", "ID")])
    assert texts("SDF spokesman Mustafa Bali wrote on Twitter.", gz) == []
    assert texts("Tourists returned to Bali.", gz) == ["Bali"]


def test_an_article_and_a_direction_name_no_place():
    gz = Gazetteer.from_places([
        Place("iso:SD-NO", "Northern", ADMIN1, 19.0, 30.0, 900_000, "SD-NO", "SD")],
        {"iso:SD-NO": ["The Northern"]})
    assert texts("The northern countryside was shelled.", gz) == []


def test_an_ordinary_word_mid_sentence_is_no_unit_spelt_only_in_part():
    gz = Gazetteer.from_places([
        Place("iso:ZA-FS", "Free State", ADMIN1, -28.5, 26.8, 2_800_000, "ZA-FS", "ZA")],
        {"iso:ZA-FS": ["Free"]})
    assert texts("It was reported by the Houran Free League, a media group.", gz) == []


def test_a_name_opening_with_an_article_gives_way_to_a_longer_one_after_it():
    gz = Gazetteer.from_places([
        Place("t:taio", "Tai O", VILLAGE, 22.25, 113.86, 3_300, None, "HK"),
        Place("iso:US", "United States", COUNTRY, 39.8, -98.6, 327_000_000, None, "US")],
        {"t:taio": ["The U"], "iso:US": ["U.S."]})
    assert texts("The U.S. said it would send aid.", gz) == ["U.S"]


def test_an_acronym_after_an_article_is_an_organisation():
    gz = Gazetteer.from_places([
        Place("t:roanoke", "Roanoke", CITY, 37.3, -79.9, 100_000, "US-VA", "US")],
        {"t:roanoke": ["The UN"]})
    assert texts("The UN said only 15 trucks crossed.", gz) == []


def test_communities_are_people_not_places():
    gz = Gazetteer.from_places([
        Place("t:jounieh", "Jounieh", TOWN, 33.98, 35.62, 100_000, "LB-JL", "LB"),
        Place("iso:TM", "Turkmenistan", COUNTRY, 39.0, 59.5, 6_000_000, None, "TM")],
        {"t:jounieh": ["Sunni"], "iso:TM": ["Turkmen"]})
    assert texts("Sunni and Turkmen fighters held the hills.", gz) == []


def test_a_news_sentence_with_few_capitals_keeps_the_case_rule():
    gz = Gazetteer.from_places([
        Place("c:victoria", "Victoria", CITY, 48.43, -123.37, 300_000, "CA-BC", "CA"),
        Place("c:aleppo", "Aleppo", CITY, 36.2, 37.15, 2_000_000, "SY-HL", "SY")],
        {"c:victoria": ["Victory"]})
    body = ("Rebels and local activists say pro-government forces are using the water issue to "
            "score a political victory weeks after the fall of Aleppo city, using siege and "
            "shelling in the valley that supplies the capital with most of its water.")
    assert texts(body, gz) == ["Aleppo"]
    assert texts("shelling hit aleppo and the valley", gz) == ["aleppo"]


def test_a_name_whose_ayn_is_written_as_a_quote_mark_is_spotted_whole():
    gz = Gazetteer.from_places([
        Place("v:rasm", "Rasm 'Abbud", VILLAGE, 36.19, 37.61, 0, "SY-HL", "SY"),
        Place("v:abud", "Abud", VILLAGE, 32.03, 35.07, 2_000, None, "PS"),
    ])
    for body in ("Troops took Rasm Al-‘Abboud on Monday.", "Troops took Rasm al-ʿAbboud."):
        assert texts(body, gz)[0].startswith("Rasm ")


def test_a_short_word_in_capitals_is_a_unit_only_where_it_spells_one(gazetteer):
    # "WHO" keys like Ohio, "TOUR" like Turkey; a time zone or a road number is no place
    for body, word in (("The WHO said the outbreak was over.", "WHO"),
                       ("Seedlings came from TOUR Southern, a charity.", "TOUR"),
                       ("The shop opened at 8 a.m. EST on Monday.", "EST"),
                       ("A truck overturned on US 24 near the bridge.", "US"),
                       ("BY RUSS ZIMMER Advocate staff writer", "RUSS")):
        assert word not in texts(body, gazetteer), body
    assert "DRC" in texts("Refugees fled the DRC.", gazetteer)
    assert "HUME" in texts("HUME – A member of the school board met.", gazetteer)


def test_a_home_country_place_named_in_ordinary_words_by_an_other_name_is_spotted():
    # every word is English, so only a place spelt so makes it a name; in Syria the gazetteer
    # holds wire spellings as other names, abroad a place's own name must be spelt so
    gz = Gazetteer.from_places([
        Place("v:farms", "Panorama Farms", VILLAGE, 35.29, 40.07, 0, "SY-DY", "SY"),
        Place("v:park", "Orchard Park", VILLAGE, 42.76, -78.74, 3_000, "US-NY", "US"),
    ], {"v:farms": ["Panorama Orchards"], "v:park": ["Green Orchards"]})
    assert texts("Troops held the Panorama Orchards south of the city.", gz) == [
        "Panorama Orchards"]
    assert texts("Troops held the Green Orchards south of the city.", gz) == []


def test_a_name_after_a_given_name_is_a_surname_unless_a_unit_is_spelt_so_whole():
    gz = Gazetteer.from_places([
        Place("iso:KG-C", "Chuy", ADMIN1, 42.5, 74.5, 800_000, "KG-C", "KG"),
        Place("iso:US-TX", "Texas", ADMIN1, 31.25, -99.25, 25_000_000, "US-TX", "US"),
    ], {"iso:KG-C": ["Chu"]})
    assert "Chu" not in texts("The family of the pilot, Priscilla Chu said, flew home.", gz)
    assert "Texas" in texts("The court in Dallas Texas ruled on Monday.", gz)


def test_a_legislature_named_like_a_town_is_the_legislature_after_an_article():
    gz = Gazetteer.from_places(
        [Place("t:douma", "Douma", CITY, 33.57, 36.4, 110_000, "SY-RD", "SY")],
        {"t:douma": ["Duma"]})
    assert texts("The bill went to the Duma; the State Duma approved it.", gz) == []
    assert texts("Shelling in Duma killed five.", gz) == ["Duma"]
