"""Event rules for wording of unseen reporting (round 3): each test fails without its rule."""

from __future__ import annotations

import pytest
from test_events import _events, _one

from gazetteer.place import ADMIN1, Place


def _none_of(body: str, *event_types: str, **kwargs) -> None:
    """Assert that `body` yields no event of any of `event_types`."""
    found = [e for e in _events(body, **kwargs) if e.event_type in event_types]
    assert not found, (body, found)


def test_a_gap_may_hold_a_decimal_or_a_thousands_figure():
    ev = _one("The centre delivered 3.5 tonnes of humanitarian aid to Aleppo.", "aid_delivery")
    assert ev.place == "Aleppo" and ev.quantities.get("tonnes") == 3.5
    ev = _one("Rebels handed out 9,000 food parcels in Douma on Monday.", "aid_delivery")
    assert ev.place == "Douma"




def test_a_halt_announced_ahead_is_a_truce_agreed_not_a_halt():
    events = _events("Turkey said on Monday it would suspend its military operation in Azaz "
                     "for 120 hours.")
    assert [(e.event_type, e.status, e.place) for e in events] == [
        ("ceasefire_agreed", "reported", "Azaz")]


def test_fighting_that_is_only_planned_is_no_event():
    body = "Under the deal, rebels are to withdraw from Zabadani and strikes on Madaya will end."
    _none_of(body, "territory_change", "airstrike")


def test_armed_groups_named_a_sentence_before_do_not_make_talks_truce_talks():
    body = ("Rebels shelled Aleppo on Monday. The Russian envoy held talks in Moscow with his "
            "Turkish counterpart on Tuesday.")
    assert [e.event_type for e in _events(body) if e.place == "Moscow"] == ["diplomacy"]


def test_talks_in_a_story_headlined_on_a_truce_are_truce_talks():
    body = "Officials held talks in Geneva on Monday."
    assert _one(body, "ceasefire_talks", title="Truce for Aleppo within reach").place == "Geneva"
    assert _one(body, "diplomacy", title="Trade between the two countries").place == "Geneva"


def test_talks_meet_at_the_venue_abroad_not_at_the_places_a_pause_covers():
    body = ("The US envoy announced in Ankara on Thursday, after four hours of talks, that "
            "Turkey would pause its offensive between Azaz and Aleppo for five days.")
    talks = [e.place for e in _events(body) if e.event_type == "ceasefire_talks"]
    assert talks == ["Ankara"]


def test_a_deal_in_a_truce_story_is_the_truce_even_with_an_aside_before_its_verb():
    body = "The deal, brokered by the UN envoy and two elders, was reached in Zabadani on Monday."
    ev = _one(body, "ceasefire_agreed", title="Zabadani truce")
    assert (ev.place, ev.date.isoformat()) == ("Zabadani", "2016-02-22")
    assert not _events(body, title="Zabadani")  # no truce named: a deal of any kind
    _none_of("The two sides signed an aid agreement in Damascus on Monday.", "ceasefire_agreed",
             title="Truce for Syria")


def test_a_deal_announced_abroad_applies_at_home_and_its_city_hosted_the_talks():
    body = ("Russia and the United States announced the deal in Geneva on Friday after long "
            "talks. Clashes hit Aleppo and Douma in Syria.")
    found = {(e.event_type, e.place) for e in _events(body, title="Truce for Syria")}
    assert {("ceasefire_agreed", "Syria"), ("ceasefire_talks", "Geneva")} <= found
    assert ("ceasefire_agreed", "Geneva") not in found


def test_quiet_is_a_halt_only_after_fighting_or_under_a_truce():
    assert not _events("Residents said Madaya was calm on Monday.")
    assert _one("Residents said Madaya was calm on Monday after a week of shelling.",
                "hostilities_halted").place == "Madaya"
    assert _one("Madaya was quiet on Monday.", "hostilities_halted",
                title="Truce takes hold").place == "Madaya"
    _none_of("Douma had seen a relative calm for weeks before the recent escalation.",
             "hostilities_halted")


def test_monitoring_points_and_implementation_centres_are_monitoring():
    ev = _one("Russian officers opened a ceasefire monitoring point in Douma on Monday.",
              "monitoring_center")
    assert ev.place == "Douma" and ev.status == "reported"
    ev = _one("The US and Russia will open a joint implementation centre in Aleppo.",
              "monitoring_center")
    assert ev.place == "Aleppo" and ev.status == "planned"


def test_the_centre_counts_again_where_it_is_not_for_what_it_does():
    body = ("A monitoring centre opened in Damascus on Monday. The centre delivered three tonnes "
            "of aid to Douma. The centre is located in Aleppo.")
    found = [e.place for e in _events(body) if e.event_type == "monitoring_center"]
    assert found == ["Damascus", "Aleppo"]


def test_people_and_arms_captured_are_no_ground_taken():
    for body in ("Rebels captured 20 soldiers in Saraqib on Monday.",
                 "Police seized weapons and ammunition in Saraqib on Monday."):
        _none_of(body, "territory_change")
    assert _one("Rebels captured the town of Saraqib on Monday.", "territory_change")


@pytest.mark.parametrize("body", [
    "Rebels were forced out of Saraqib on Monday.",
    "The army pushed the rebels out of Saraqib on Monday.",
    "Rebels handed Saraqib over to the army on Monday.",
])
def test_ground_lost_in_other_words_is_a_territory_change(body):
    assert _one(body, "territory_change").place == "Saraqib"


def test_fighting_with_no_place_of_its_own_is_where_the_sentence_fought():
    body = "The army captured Saraqib on Saturday after a week of heavy fighting."
    assert _one(body, "armed_clash").place == "Saraqib"
    assert _one(body, "territory_change").place == "Saraqib"


@pytest.mark.parametrize("body", [
    "An Israeli missile strike hit a building in Damascus on Monday.",
    "Israeli jets fired missiles at Damascus on Monday.",
])
def test_missiles_of_an_air_strike_are_the_strike_not_shelling(body):
    assert [e.event_type for e in _events(body)] == ["airstrike"]


def test_missiles_alone_and_strikes_carried_out_are_reported():
    assert _one("Rebels fired missiles at Aleppo on Monday.", "shelling").place == "Aleppo"
    assert _one("US-led forces carried out a strike near Palmyra on Monday.",
                "airstrike").place == "Palmyra"


@pytest.mark.parametrize("body, place", [
    ("President Assad received the Iranian foreign minister in Damascus on Monday.", "Damascus"),
    ("Russia and Turkey signed a trade agreement in Ankara on Monday.", "Ankara"),
    ("Turkey reopened its embassy in Damascus on Monday.", "Damascus"),
])
def test_visits_received_agreements_signed_and_embassies_reopened_are_diplomacy(body, place):
    assert _one(body, "diplomacy").place == place


def test_aid_received_is_no_diplomacy():
    _none_of("Residents of Douma received aid from the minister on Monday.", "diplomacy")


def test_a_memorandum_signed_in_a_truce_story_is_the_truce():
    ev = _one("Russia, Turkey and Iran signed a memorandum on Monday to create de-escalation "
              "zones in Idlib.", "ceasefire_agreed")
    assert ev.place == "Idlib"


def test_violating_the_truce_is_the_truce_named_before():
    body = ("A truce in Aleppo took effect on Monday. On Tuesday a military source accused the "
            "rebels of violating the truce.")
    assert _one(body, "ceasefire_violation").place == "Aleppo"


def test_the_agreement_comma_reached_on_a_day_dates_the_truce_named_before():
    body = ("A truce in Aleppo took effect on Tuesday. The agreement, reached on 13 February, "
            "provides for the redeployment of forces.")
    ev = _one(body, "ceasefire_agreed")
    assert (ev.place, ev.date.isoformat(), ev.effective_date.isoformat()) == (
        "Aleppo", "2016-02-13", "2016-02-23")


def test_a_place_a_distance_is_measured_from_is_no_event_place():
    body = "The capture of Saraqib, about 65 km southeast of Aleppo, ends a long battle."
    assert {e.place for e in _events(body)} == {"Saraqib"}
    assert _one("Clashes broke out 20 kilometres north of Aleppo on Monday.",
                "armed_clash").place == "Aleppo"  # the only place named


def test_delegations_from_countries_do_not_meet_in_them():
    body = "Delegations from Russia and Turkey held talks on the Idlib truce on Monday."
    assert not [e for e in _events(body) if e.event_type == "ceasefire_talks"
                and e.place in ("Russia", "Turkey")]


@pytest.mark.parametrize("body", [
    "The UN delivered aid to Douma in close consultation with the truce monitors on Monday.",
    "Russia said on Monday the peace process for Aleppo must continue.",
])
def test_consultation_as_a_manner_and_the_peace_process_are_no_meetings(body):
    _none_of(body, "ceasefire_talks", "diplomacy")


def test_a_gap_of_six_words_still_joins_a_trigger_to_its_object():
    body = "Russian warplanes flying from their base on Monday struck Saraqib."
    assert _one(body, "airstrike").place == "Saraqib"
    body = "A ceasefire for eastern Aleppo agreed on Tuesday held."  # the agreement read first
    assert _one(body, "ceasefire_agreed").place == "Aleppo"


@pytest.mark.parametrize("body, place", [
    ("The army declared Douma free of militants on Monday.", "Douma"),
    ("Palmyra is back in government hands after a three-week offensive.", "Palmyra"),
    ("Rebels have taken the town of Saraqib, a monitor said on Monday.", "Saraqib"),
    ("Saraqib changed hands three times on Monday.", "Saraqib"),
])
def test_more_ways_of_saying_a_place_changed_hands(body, place):
    assert _one(body, "territory_change").place == place


def test_took_place_is_no_capture():
    _none_of("The talks took place in Saraqib on Monday.", "territory_change")


def test_a_truce_said_to_cover_places_is_agreed_for_them_without_one_named_before():
    body = "The truce covers the provinces of Hama, Homs and Idlib."
    found = sorted(e.place for e in _events(body) if e.event_type == "ceasefire_agreed")
    assert found == ["Hama", "Homs", "Idlib"]
    found = [e.place for e in _events("Under the agreement, a truce will apply in Idlib.")
             if e.event_type == "ceasefire_agreed"]
    assert found == ["Idlib"]


def test_the_truce_comma_agreed_is_the_agreement():
    ev = _one("The truce, agreed on Monday by both sides, held in Aleppo.", "ceasefire_agreed")
    assert ev.date.isoformat() == "2016-02-22"


def test_a_truce_respected_or_observed_is_a_halt_and_one_not_respected_a_violation():
    assert _one("The truce was broadly observed in Aleppo on Monday.",
                "hostilities_halted").place == "Aleppo"
    assert _one("The truce in Aleppo was largely respected on Monday.",
                "hostilities_halted").place == "Aleppo"
    assert [e.event_type for e in _events("The truce in Douma has not been respected.")] == [
        "ceasefire_violation"]


def test_a_coordinated_clause_with_its_own_verb_keeps_its_date_to_itself():
    body = ("The truce was agreed by the two ministers in Geneva early on Saturday after more "
            "than 13 hours of talks, and took effect at sundown on Monday.")
    assert _one(body, "ceasefire_talks").date.isoformat() == "2016-02-20"


def test_an_attack_made_of_air_strikes_is_the_strike_but_an_offensive_they_back_is_fighting():
    body = "Russian jets launched an attack on Saraqib with air strikes on Monday."
    assert [e.event_type for e in _events(body)] == ["airstrike"]
    body = "Rebels began an offensive on Saraqib on Monday, backed by air strikes."
    assert {e.event_type for e in _events(body)} == {"armed_clash", "airstrike"}


def test_an_inter_agency_or_cross_line_convoy_is_aid_without_aid_named():
    ev = _one("A 50-truck inter-agency convoy reached Douma on Monday.", "aid_convoy")
    assert ev.place == "Douma"
    _none_of("A 50-truck convoy reached Douma on Monday.", "aid_convoy")


@pytest.mark.parametrize("body", [
    "The army ordered residents to evacuate Douma on Monday.",
    "Residents were told to evacuate Douma ahead of the offensive.",
])
def test_an_order_to_evacuate_is_no_evacuation(body):
    _none_of(body, "evacuation")


def test_people_evacuated_are_still_an_evacuation():
    assert _one("Aid workers evacuated 20 wounded from Madaya on Monday.",
                "evacuation").place == "Madaya"


def test_a_visit_is_diplomacy_only_when_officials_make_it():
    assert _one("The Saudi foreign minister visited Damascus on Monday.",
                "diplomacy").place == "Damascus"
    _none_of("The monitoring team visited Douma on Monday.", "diplomacy")


@pytest.mark.parametrize("body", [
    "A Turkish observation post near Saraqib came under fire on Monday.",
    "Syrian forces encircled the Turkish observation post in Saraqib on Monday.",
])
def test_a_post_attacked_is_no_news_of_the_post(body):
    _none_of(body, "monitoring_center")


def test_a_place_that_came_under_attack_saw_fighting():
    assert _one("The checkpoint near Saraqib came under fire late on Monday.",
                "armed_clash").place == "Saraqib"
    body = "Saraqib came under heavy fire from government artillery on Monday."
    assert [e.event_type for e in _events(body)] == ["shelling"]  # the artillery is the fire


def test_a_word_of_an_organisations_name_is_no_place():
    centre = Place("iso:BF-03", "Centre", ADMIN1, 12.3, -1.5, 0, "BF-03", "BF")
    body = ("No shelling was recorded in Hama on Monday, the Russian Centre for Reconciliation "
            "of the Opposing Sides said.")
    assert [e.place for e in _events(body, extra={"Centre": centre})] == ["Hama"]
