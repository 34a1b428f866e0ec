"""Resolving spotted names to gazetteer entries from the document (pipeline.resolve)."""

from __future__ import annotations

import pytest

from gazetteer import Gazetteer
from gazetteer.place import (
    ADMIN1,
    AIRBASE,
    CITY,
    COUNTRY,
    DISTRICT,
    REGION,
    SITE,
    TOWN,
    VILLAGE,
    Place,
)
from pipeline.document_rules import home_country
from pipeline.mentions import find_mentions
from pipeline.model import Article
from pipeline.name_rules import named_after_parent
from pipeline.resolve import PlaceStage, resolve

GOVERNORATES = [
    ("HM", "Hama", 35.2, 37.0), ("HI", "Homs", 34.6, 38.0), ("LA", "Latakia", 35.6, 36.0),
    ("DI", "Damascus", 33.51, 36.3), ("DR", "Daraa", 32.75, 36.2),
    ("RD", "Rif Dimashq", 33.6, 36.6), ("DY", "Deir ez-Zor", 35.0, 40.5),
]
PLACES = [
    Place("iso:SY", "Syria", COUNTRY, 35.0, 38.0, 22_000_000, None, "SY"),
    Place("iso:LY", "Libya", COUNTRY, 27.0, 17.0, 6_000_000, None, "LY"),
    *(Place(f"iso:SY-{c}", n, ADMIN1, lat, lon, 1_000_000, f"SY-{c}", "SY")
      for c, n, lat, lon in GOVERNORATES),
    Place("c:hama", "Hama", CITY, 35.13, 36.75, 460_000, "SY-HM", "SY"),
    Place("c:homs", "Homs", CITY, 34.73, 36.71, 650_000, "SY-HI", "SY"),
    Place("c:khoms", "Homs", CITY, 32.65, 14.26, 200_000, None, "LY"),
    Place("c:latakia", "Latakia", CITY, 35.52, 35.79, 380_000, "SY-LA", "SY"),
    Place("c:damascus", "Damascus", CITY, 33.51, 36.29, 1_700_000, "SY-DI", "SY"),
    Place("c:daraa", "Daraa", CITY, 32.62, 36.1, 100_000, "SY-DR", "SY"),
    Place("c:deir", "Deir ez-Zor", CITY, 35.33, 40.14, 240_000, "SY-DY", "SY"),
    Place("c:hmeymim", "Hmeymim", VILLAGE, 35.41, 35.95, 2_000, "SY-LA", "SY"),
    Place("c:hmeymim-ab", "Hmeymim Air Base", AIRBASE, 35.40, 35.95, 0, "SY-LA", "SY"),
    Place("c:douma", "Douma", TOWN, 33.57, 36.4, 110_000, "SY-RD", "SY"),
    Place("c:douma-lb", "Douma", VILLAGE, 34.09, 35.84, 3_000, None, "LB"),
    Place("c:ghouta", "Eastern Ghouta", REGION, 33.55, 36.45, 400_000, "SY-RD", "SY"),
    Place("c:douma-hi", "Douma", VILLAGE, 34.9, 36.9, 500, "SY-HI", "SY"),
    Place("c:paris", "Paris", CITY, 48.85, 2.35, 2_100_000, None, "FR"),
    Place("c:paris-tx", "Paris", TOWN, 33.66, -95.55, 25_000, "US-TX", "US"),
    Place("iso:US-TX", "Texas", ADMIN1, 31.25, -99.25, 25_000_000, "US-TX", "US"),
    Place("c:dallas", "Dallas", CITY, 32.78, -96.8, 1_300_000, "US-TX", "US"),
]
ALIASES = {
    "iso:SY-DR": ["Dara'a", "Deraa", "Dara’a"], "c:daraa": ["Dara'a", "Deraa", "Dara’a"],
    "c:deir": ["Dayr al-Zawr", "Deir al-Zour"], "iso:SY-DY": ["Dayr al-Zawr"],
    "c:khoms": ["Al Khums", "Khoms"], "c:hmeymim-ab": ["Hmeymim airbase"],
}


@pytest.fixture(scope="module")
def gz():
    return Gazetteer.from_places(PLACES, ALIASES)


def resolved(body: str, gz) -> dict[str, Place]:
    return {m.text: m.place for m in resolve(body, find_mentions(body, gz), gz)}


def test_provinces_of_a_list_are_governorates(gz):
    body = ("Russia talks with groups in the provinces of Hama, Homs, Latakia, Damascus and "
            "Dara’a, the ministry said.")
    got = resolved(body, gz)
    assert {got[n].id for n in ("Hama", "Homs", "Latakia", "Damascus", "Dara’a")} == {
        "iso:SY-HM", "iso:SY-HI", "iso:SY-LA", "iso:SY-DI", "iso:SY-DR"}


def test_a_list_followed_by_provinces_is_governorates(gz):
    got = resolved("Clashes in Hama and Homs provinces went on.", gz)
    assert got["Hama"].kind == ADMIN1 and got["Homs"].kind == ADMIN1


def test_the_city_of_is_the_city(gz):
    got = resolved("A plane dropped aid into the eastern city of Dayr al-Zawr.", gz)
    assert got["Dayr al-Zawr"].id == "c:deir"


def test_north_of_a_province_is_the_governorate(gz):
    got = resolved("Results were secured in the north of Latakia Province.", gz)
    assert got["Latakia"].id == "iso:SY-LA"


def test_a_bare_city_name_is_the_city(gz):
    assert resolved("Shelling hit Homs on Sunday, Syria's army said.", gz)["Homs"].id == "c:homs"


def test_the_airbase_is_the_airbase(gz):
    got = resolved("The center is located in Hmeymim airbase, in Syria.", gz)
    assert got["Hmeymim airbase"].kind == AIRBASE


def test_deraa_and_daraa_resolve_to_the_same_governorate(gz):
    a = resolved("Fighting in Deraa province stopped.", gz)["Deraa"]
    b = resolved("Fighting in Dara'a province stopped.", gz)["Dara'a"]
    assert a.id == b.id == "iso:SY-DR"


def test_a_town_named_with_its_province_is_the_one_in_it(gz):
    assert resolved("Aid reached Douma, Rif Dimashq, on Friday.", gz)["Douma"].id == "c:douma"
    assert resolved("Aid reached Douma in Eastern Ghouta.", gz)["Douma"].id == "c:douma"


def test_country_focus_picks_the_syrian_homs(gz):
    body = "Syria's government said Homs and Hama were calm."
    assert resolved(body, gz)["Homs"].country == "SY"
    body = "Libya's coast guard said boats left Homs for Italy."
    assert resolved(body, gz)["Homs"].country == "LY"


def test_a_document_about_texas_means_paris_texas(gz):
    assert resolved("Paris, Texas police said the road near Dallas is open.", gz)["Paris"].id \
        == "c:paris-tx"
    assert resolved("Ministers met in Paris on Monday.", gz)["Paris"].id == "c:paris"


def test_scores_are_between_zero_and_one_and_offsets_hold(gz):
    body = "Talks in Hama, Homs and Latakia provinces; airdrop on Deir ez-Zor."
    mentions = resolve(body, find_mentions(body, gz), gz)
    assert mentions
    assert all(0.0 <= m.score <= 1.0 and body[m.start:m.end] == m.text for m in mentions)


def test_place_stage_fills_the_article_mentions(gz):
    article = Article(article_id="a", body="Convoys reached Douma, Rif Dimashq.")
    out = PlaceStage(gz)(article)
    assert out is article
    assert [m.place.id for m in out.mentions] == ["c:douma", "iso:SY-RD"]


def test_the_seed_resolves_to_the_places_it_means(gazetteer, seed_path):
    body = seed_path.read_text(encoding="utf-8").split("---", 2)[2].lstrip("\n")
    mentions = resolve(body, find_mentions(body, gazetteer), gazetteer)
    by_text: dict[str, list] = {}
    for m in mentions:
        by_text.setdefault(m.text, []).append(m.place)
    listed = body.index("provinces of Hama")
    in_list = {m.text: m.place for m in mentions if listed < m.start < listed + 80}
    assert {p.admin1 for p in in_list.values()} == {"SY-HM", "SY-HI", "SY-LA", "SY-DI", "SY-DR"}
    assert all(p.kind == ADMIN1 for t, p in in_list.items() if t != "Damascus")
    north = body.index("north of Latakia")
    latakia = next(m for m in mentions if m.start > north and m.text.startswith("Latakia"))
    assert latakia.place.kind == ADMIN1 and latakia.place.admin1 == "SY-LA"
    assert by_text["Dayr al-Zawr"][0].kind in (CITY, TOWN)
    hmeymim = next(m for m in mentions if m.text.startswith("Hmeymim"))
    assert hmeymim.place.kind == AIRBASE
    assert "Vladimir" not in by_text
    assert all(p.country == "SY" for ps in by_text.values() for p in ps if p.kind != COUNTRY)


def test_a_qualifier_that_fits_no_reading_changes_nothing(gz):
    got = resolved("Aid flew into the city of Damascus, Syria, on Friday.", gz)
    assert got["Damascus"].id == "c:damascus"
    assert got["Syria"].id == "iso:SY"


def test_a_look_alike_name_does_not_win_over_the_place_spelt_so():
    # "Hamu" has the same name key as "Hama" (vowels merge); the text spells the Syrian city
    gz = Gazetteer.from_places([
        Place("c:hama", "Hama", CITY, 35.13, 36.75, 460_000, "SY-HM", "SY"),
        Place("c:qum", "Qum", CITY, 34.64, 50.88, 900_000, "IR-25", "IR"),
    ], {"c:qum": ["Hamu"]})
    assert resolved("Shelling hit Hama overnight.", gz)["Hama"].id == "c:hama"


def test_a_focus_region_place_is_spelt_like_the_text_by_any_of_its_names():
    # "Palmyra" is another name of Tadmur; the bigger Palmira abroad is spelt closer to it
    gz = Gazetteer.from_places([
        Place("iso:SY", "Syria", COUNTRY, 35.0, 38.0, 22_000_000, None, "SY"),
        Place("c:tadmur", "Tadmur", TOWN, 34.56, 38.28, 51_000, "SY-HI", "SY"),
        Place("c:palmira", "Palmira", CITY, 3.54, -76.3, 312_000, "CO-VAC", "CO"),
    ], {"c:tadmur": ["Palmyra"]})
    assert resolved("Troops in Syria entered Palmyra.", gz)["Palmyra"].id == "c:tadmur"


def test_spelling_fit_tells_transliterations_from_look_alikes():
    from pipeline.readings import fit

    assert fit("hama", "Ḩamāh") >= 0.8 and fit("dara'a", "Dar‘ā") >= 0.8
    assert fit("laurel", "Laurel County") == 1.0
    assert fit("hama", "Qom") < 0.5 and fit("police", "Puglia") < 0.8


def test_damascus_in_the_seed_list_of_provinces_is_the_governorate(gazetteer, seed_path):
    body = seed_path.read_text(encoding="utf-8").split("---", 2)[2].lstrip("\n")
    listed = body.index("provinces of Hama")
    damascus = next(m for m in resolve(body, find_mentions(body, gazetteer), gazetteer)
                    if m.text == "Damascus" and listed < m.start < listed + 80)
    assert damascus.place.id == "iso:SY-DI"


def test_a_name_written_with_an_arabic_article_is_no_country():
    gz = Gazetteer.from_places([
        Place("iso:MY", "Malaysia", COUNTRY, 4.0, 102.0, 32_000_000, None, "MY"),
        Place("iso:SV", "El Salvador", COUNTRY, 13.8, -88.9, 6_500_000, None, "SV"),
        Place("v:malah", "Malah", VILLAGE, 36.3, 37.1, 900, "SY-HL", "SY"),
    ], {"iso:MY": ["Malay"]})
    assert resolved("Shelling hit Al-Malaah on Monday.", gz)["Al-Malaah"].id == "v:malah"
    assert resolved("Aid left El Salvador.", gz)["El Salvador"].id == "iso:SV"


HOME = [
    Place("iso:SY", "Syria", COUNTRY, 35.0, 38.0, 22_000_000, None, "SY"),
    Place("iso:JO", "Jordan", COUNTRY, 31.0, 36.0, 10_000_000, None, "JO"),
    Place("iso:JO-MN", "Ma'an", ADMIN1, 30.2, 35.7, 1_000_000, "JO-MN", "JO"),
    Place("v:maan-sy", "Ma'an", VILLAGE, 35.3, 36.9, 1_500, "SY-HM", "SY"),
    Place("c:aleppo", "Aleppo", CITY, 36.2, 37.15, 2_000_000, "SY-HL", "SY"),
    Place("c:homs", "Homs", CITY, 34.73, 36.71, 650_000, "SY-HI", "SY"),
    Place("t:oldcity-ps", "Old City", TOWN, 31.78, 35.23, 36_000, None, "PS"),
    Place("iso:PS", "Palestine", COUNTRY, 31.9, 35.2, 5_000_000, None, "PS"),
    Place("c:jerusalem", "Jerusalem", CITY, 31.77, 35.22, 800_000, "IL-JM", "IL"),
    Place("iso:IL", "Israel", COUNTRY, 31.5, 34.9, 9_000_000, None, "IL"),
]


@pytest.fixture(scope="module")
def home_gz():
    return Gazetteer.from_places(HOME, {"iso:SY": ["Syrian"], "iso:PS": ["Palestinian"]})


def test_a_syrian_reading_wins_in_an_article_about_syria(home_gz):
    body = "The Syrian army shelled Ma'an after taking villages near Aleppo and Homs."
    assert resolved(body, home_gz)["Ma'an"].id == "v:maan-sy"
    body = "Refugees from Jordan reached Ma'an, where Jordan's army keeps a base."
    assert resolved(body, home_gz)["Ma'an"].id == "iso:JO-MN"


def test_the_home_country_picks_a_reading_but_makes_no_word_a_place(home_gz):
    from pipeline import resolve as r

    body = "The Syrian army shelled Ma'an after taking villages near Aleppo and Homs."
    doc = r.document(body, find_mentions(body, home_gz), home_gz)
    assert set(doc.homes) == {"SY"}
    assert home_country(doc, 0, home_gz.get("c:aleppo")) > 0


def test_a_descriptive_name_abroad_is_no_place_in_an_article_at_home(home_gz):
    body = "Civilians left the Old City of Homs, Syrian officials said, as Aleppo waited."
    assert "Old City" not in resolved(body, home_gz)
    body = "Police closed the Old City of Jerusalem, Palestinian and Israeli officials said."
    assert resolved(body, home_gz)["Old City"].id == "t:oldcity-ps"


def test_a_country_before_capital_is_its_capital(gazetteer):
    body = "A monitoring centre will open in the Jordanian capital, officials in Syria said."
    got = resolved(body, gazetteer)
    assert got["Jordanian capital"].name == "Amman"
    body = "Shelling hit the Syrian capital on Monday."
    assert resolved(body, gazetteer)["Syrian capital"].name == "Damascus"


def test_a_country_adjective_before_a_kind_word_is_the_country(gazetteer):
    body = "Talks resumed in the Saudi city of Jeddah, a town of Armenian heritage said."
    got = resolved(body, gazetteer)
    assert got["Saudi"].id == "iso:SA" and got["Jeddah"].country == "SA"
    assert got["Armenian"].id == "iso:AM"


def test_a_place_named_after_its_parent_with_a_possessive_lies_in_it():
    gz = Gazetteer.from_places([
        Place("c:aleppo", "Aleppo", CITY, 36.2, 37.15, 2_000_000, "SY-HL", "SY"),
        Place("d:hamdaniyeh", "Hamdaniyah", DISTRICT, 36.18, 37.13, 0, "SY-HL", "SY"),
        Place("t:hamdaniya-iq", "Hamdaniyah", TOWN, 36.27, 43.38, 500_000, "IQ-NI", "IQ"),
    ])
    assert resolved("Clashes went on in Aleppo's Hamdaniyah.", gz)["Hamdaniyah"].id \
        == "d:hamdaniyeh"
    assert resolved("Clashes went on in Hamdaniyah.", gz)["Hamdaniyah"].id == "t:hamdaniya-iq"
    from pipeline import resolve as r

    body = "Clashes went on in Aleppo\u2019s Hamdaniyah and in Aleppo, Hamdaniyah."
    doc = r.document(body, find_mentions(body, gz), gz)
    assert named_after_parent(doc, 1, gz.get("d:hamdaniyeh")) > 0
    assert named_after_parent(doc, 1, gz.get("t:hamdaniya-iq")) == 0
    assert named_after_parent(doc, 3, gz.get("d:hamdaniyeh")) == 0  # no possessive there


def test_a_focus_region_reading_spelt_so_is_weighed_behind_many_bigger_namesakes():
    namesakes = [Place(f"c:saida-{n}", "Saida", CITY, 35.0 + n, -1.0, 150_000 + n, None, "DZ")
                 for n in range(10)]
    gz = Gazetteer.from_places([
        *namesakes,
        Place("iso:SY", "Syria", COUNTRY, 35.0, 38.0, 22_000_000, None, "SY"),
        Place("t:saida-sy", "Saida", TOWN, 32.63, 36.22, 0, "SY-DR", "SY"),
        Place("c:daraa", "Daraa", CITY, 32.62, 36.1, 100_000, "SY-DR", "SY"),
        Place("t:busra", "Busra al-Sham", TOWN, 32.52, 36.48, 20_000, "SY-DR", "SY"),
    ], {"iso:SY": ["Syrian"]})
    body = "Syrian jets struck Daraa, Busra al-Sham and Saida on Monday."
    assert resolved(body, gz)["Saida"].id == "t:saida-sy"


def test_a_capital_named_like_a_unit_of_its_country_is_the_capital():
    gz = Gazetteer.from_places([
        Place("c:washington", "Washington", CITY, 38.9, -77.04, 690_000, "US-DC", "US"),
        Place("iso:US-WA", "Washington", ADMIN1, 47.5, -120.5, 6_500_000, "US-WA", "US"),
        Place("iso:MX", "Mexico", COUNTRY, 23.0, -102.0, 126_000_000, None, "MX"),
        Place("c:mexico-city", "Mexico City", CITY, 19.43, -99.13, 12_000_000, "MX-CMX", "MX"),
        Place("iso:MX-MEX", "Mexico", ADMIN1, 19.35, -99.63, 15_000_000, "MX-MEX", "MX"),
    ], {"c:mexico-city": ["Mexico"]})
    gz._capitals = frozenset({"c:washington", "c:mexico-city"})
    assert resolved("Envoys flew to Washington for talks.", gz)["Washington"].id \
        == "c:washington"
    assert resolved("Envoys flew to Mexico for talks.", gz)["Mexico"].id == "iso:MX"


def test_a_name_means_the_country_its_qualified_occurrence_reads_in():
    gz = Gazetteer.from_places([
        Place("iso:TR", "Turkey", COUNTRY, 39.0, 35.0, 84_000_000, None, "TR"),
        Place("iso:SY", "Syria", COUNTRY, 35.0, 38.0, 22_000_000, None, "SY"),
        Place("t:ceylanpinar", "Ceylanpinar", TOWN, 36.85, 40.05, 40_000, "TR-63", "TR"),
        Place("t:rasalain", "Ras al-Ain", TOWN, 36.85, 40.07, 29_000, "SY-HA", "SY"),
        Place("c:ankara", "Ankara", CITY, 39.9, 32.85, 5_000_000, "TR-06", "TR"),
    ], {"t:ceylanpinar": ["Ras al-Ain"], "iso:TR": ["Turkish"]})
    body = ("Turkey agreed in Ankara to pause its offensive around the border town of Ras al-Ain. "
            "Turkish drones still struck Ras al-Ain on Friday.")
    got = [m.place.id for m in resolve(body, find_mentions(body, gz), gz)
           if m.text == "Ras al-Ain"]
    assert got == ["t:rasalain", "t:rasalain"]
    body = "Turkish drones struck Ras al-Ain, officials in Ankara said."
    assert resolved(body, gz)["Ras al-Ain"].id == "t:ceylanpinar"


def test_a_weak_neighbour_reading_by_an_other_name_is_no_mention_without_a_home_there():
    # "Manshiya" is an other name of a Jordanian hamlet; without Jordan as the home country
    # only a reading spelt so by its own name survives a weak score
    gz = Gazetteer.from_places([
        Place("v:manshiyat", "Manshiyat Bani Hasan", VILLAGE, 32.2, 36.1, 0, "JO-MA", "JO"),
        Place("iso:JO", "Jordan", COUNTRY, 31.0, 36.0, 10_000_000, None, "JO"),
        Place("iso:SY", "Syria", COUNTRY, 35.0, 38.0, 22_000_000, None, "SY"),
        Place("t:quneitra", "Quneitra", TOWN, 33.1, 35.8, 5_000, "SY-QU", "SY"),
    ], {"v:manshiyat": ["Manshiya"], "iso:SY": ["Syrian"]})
    body = "Jordan and Syria agreed the truce; fighters on the Manshiya front near Quneitra waited."
    assert "Manshiya" not in resolved(body, gz)


def test_a_district_named_by_an_other_name_of_a_home_place_fits_its_qualifier():
    # "district of" fits a first-level unit abroad spelt so and the Syrian district whose
    # wire spelling it is; the Syrian one is the district of an article about Aleppo
    gz = Gazetteer.from_places([
        Place("iso:IQ-SD", "Salah Al-Din", ADMIN1, 34.5, 43.5, 765_000, "IQ-SD", "IQ"),
        Place("d:salaheddine", "Salaheddine", DISTRICT, 36.19, 37.13, 0, "SY-HL", "SY"),
        Place("c:aleppo", "Aleppo", CITY, 36.2, 37.15, 2_000_000, "SY-HL", "SY"),
    ], {"d:salaheddine": ["Salah al-Din"]})
    body = "Rebels shelled the district of Salah al-Din in Aleppo."
    assert resolved(body, gz)["Salah al-Din"].id == "d:salaheddine"


MAAN = [
    Place("t:maan-jo", "Ma'an", TOWN, 30.19, 35.73, 41_000, "JO-MN", "JO"),
    Place("v:maan-sy", "Ma'an", VILLAGE, 35.3, 36.9, 1_500, "SY-HM", "SY"),
    Place("iso:JO", "Jordan", COUNTRY, 31.0, 36.0, 10_000_000, None, "JO"),
    Place("c:amman", "Amman", CITY, 31.95, 35.93, 1_300_000, "JO-AM", "JO"),
    Place("c:grozny", "Grozny", CITY, 43.31, 45.69, 300_000, "RU-CE", "RU"),
    Place("iso:SY", "Syria", COUNTRY, 35.0, 38.0, 22_000_000, None, "SY"),
]


def test_a_report_that_names_nothing_else_leans_to_the_tools_home_country():
    gz = Gazetteer.from_places(MAAN, {"iso:SY": ["Syrian"]})
    body = "Rebels attacked the village of Ma'an on Tuesday."
    assert resolved(body, gz)["Ma'an"].id == "v:maan-sy"
    # a tie between Syria and another country leans to Syria too
    body = "Syrian rebels and fighters from Grozny attacked the village of Ma'an."
    assert resolved(body, gz)["Ma'an"].id == "v:maan-sy"
    # an article about Jordan keeps its own home
    body = "Police in Amman closed the road to the town of Ma'an."
    assert resolved(body, gz)["Ma'an"].id == "t:maan-jo"


def test_the_default_home_rules_out_no_descriptive_name_abroad(home_gz):
    # the default home only leans: a text naming nothing else keeps the Old City it names
    assert resolved("Police closed the Old City on Friday.", home_gz)["Old City"].id == (
        "t:oldcity-ps")


def test_us_written_as_initials_is_the_united_states(gazetteer):
    for body in ("Officials said the US and Russia agreed to a truce in Syria.",
                 "The US-Russia deal was signed in Geneva.",
                 "The UK and the DRC backed the plan, the US said."):
        assert resolved(body, gazetteer)["US"].id == "iso:US"
    got = resolved("The UK and the DRC backed the plan.", gazetteer)
    assert (got["UK"].id, got["DRC"].id) == ("iso:GB", "iso:CD")


def test_the_pronoun_and_a_headline_in_capitals_are_no_united_states(gazetteer):
    assert "us" not in resolved("He told us that the truce in Aleppo would hold.", gazetteer)
    got = resolved("US STRIKES SYRIA AGAIN", gazetteer)
    assert "US" not in got and got["SYRIA"].id == "iso:SY"
    assert "US" not in resolved("THEY TOLD US THE TRUTH ABOUT ALEPPO", gazetteer)


SEATS = [
    Place("t:whitehouse-tn", "White House", TOWN, 36.47, -86.65, 12_000, "US-TN", "US"),
    Place("iso:US-TN", "Tennessee", ADMIN1, 35.75, -86.25, 6_900_000, "US-TN", "US"),
    Place("c:aleppo", "Aleppo", CITY, 36.2, 37.15, 2_000_000, "SY-HL", "SY"),
]


def test_a_seat_of_government_is_its_government_not_a_namesake_town():
    gz = Gazetteer.from_places(SEATS)
    assert "White House" not in resolved("The White House said the truce in Aleppo held.", gz)
    # in a locative, with no building in the gazetteer, still no town of that name
    assert "White House" not in resolved("Talks were held at the White House.", gz)
    # the town named with its state is the town
    assert resolved("He lives in White House, Tennessee.", gz)["White House"].id == (
        "t:whitehouse-tn")


def test_talks_in_a_seat_of_government_are_at_the_building():
    gz = Gazetteer.from_places([*SEATS, Place(
        "s:whitehouse", "White House", SITE, 38.8977, -77.0365, 0, "US-DC", "US")])
    assert resolved("Talks were held at the White House.", gz)["White House"].id == (
        "s:whitehouse")
    assert "White House" not in resolved("The White House said the talks went well.", gz)


def test_an_ordinary_word_is_no_unit_abroad_in_an_article_at_home():
    # "Sides" is a unit of Haiti spelt so; in a story about Syria it is the ordinary word
    gz = Gazetteer.from_places([*HOME, Place(
        "iso:HT-SE", "Sides", ADMIN1, 18.3, -72.5, 630_000, "HT-SE", "HT")],
        {"iso:SY": ["Syrian"]})
    body = ("The Center for Reconciliation of the Opposing Sides said Syrian troops held "
            "Aleppo and Homs.")
    got = resolved(body, gz)
    assert "Sides" not in got and got["Aleppo"].id == "c:aleppo"


def test_a_home_place_by_an_other_name_is_kept_where_syria_ties_with_another_country():
    # "Golan" is an other name of the Golan Heights (and the own name of an Iranian hamlet):
    # Syria and Israel each named once, the text leans to the tool's home, where it is kept
    gz = Gazetteer.from_places([
        Place("r:golan", "Golan Heights", REGION, 33.0, 35.8, 0, "SY-QU", "SY"),
        Place("v:golan-ir", "Golan", VILLAGE, 36.9, 55.1, 986, "IR-27", "IR"),
        Place("iso:SY", "Syria", COUNTRY, 35.0, 38.0, 22_000_000, None, "SY"),
        Place("iso:IL", "Israel", COUNTRY, 31.5, 34.9, 9_000_000, None, "IL"),
    ], {"r:golan": ["Golan"]})
    body = "Israel captured the Golan from Syria in the 1967 war."
    assert resolved(body, gz)["Golan"].id == "r:golan"


def test_a_neighbours_place_named_so_only_by_an_other_name_is_no_reading_at_home(home_gz):
    # Turkey's Mazidagi was once called Samra; in a story about Syria "al-Samra" is not it
    gz = Gazetteer.from_places([
        *HOME, Place("t:mazidagi", "Mazidagi", TOWN, 37.48, 40.48, 40_000, "TR-47", "TR"),
        Place("iso:TR", "Turkey", COUNTRY, 39.0, 35.0, 84_000_000, None, "TR")],
        {"iso:SY": ["Syrian"], "t:mazidagi": ["Samra"], "iso:TR": ["Turkish"]})
    body = ("Syrian jets struck vehicles in al-Samra by the Turkish border, west of Aleppo "
            "and Homs.")
    got = resolved(body, gz)
    assert "al-Samra" not in got and got["Aleppo"].id == "c:aleppo"
