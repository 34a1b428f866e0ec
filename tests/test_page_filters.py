"""The page's filters: families, the date window with undated events, and every filter field."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from pipeline.page_filters import (
    FAMILIES,
    Filters,
    apply_filters,
    family_of,
    options,
    prepare,
    types_by_family,
)


def _event(event_id, event_type="aid_convoy", day="2016-03-05", end=None, **kw):
    row = {
        "event_id": event_id, "event_type": event_type, "date": day, "date_end": end or day,
        "admin1": "SY-HL", "actors": ["WFP"], "status": "reported", "confidence": 0.8,
        "evidence": "Trucks reached the town.", "article_title": "Aid", "place": "Aleppo",
        "place_name": "Aleppo", "source": "Wire",
    }
    row.update(kw)
    if day is None:
        row["date_end"] = None
    return row


@pytest.fixture
def events() -> pd.DataFrame:
    return prepare(pd.DataFrame([
        _event("a", "aid_convoy", "2016-03-01"),
        _event("b", "ceasefire_agreed", "2016-03-10", admin1="SY-HI", actors=["Council"]),
        _event("c", "shelling", "2016-03-20", confidence=0.3, status="denied"),
        _event("d", "aid_delivery", "2016-02-01", "2016-02-29"),  # known to the month
        _event("e", "diplomacy", None, evidence="Ministers met in <b>Geneva</b>."),
    ]))


def _ids(frame: pd.DataFrame) -> list[str]:
    return list(frame["event_id"])


def test_every_contract_type_has_one_family_and_unknown_types_are_other():
    all_types = [t for types in FAMILIES.values() for t in types]
    assert len(all_types) == len(set(all_types)) == 15
    assert family_of("siege") == "aid"
    assert family_of("monitoring_center") == "ceasefire"
    assert family_of("something_new") == "other"
    assert "something_new" in types_by_family(["something_new", "siege"])["other"]


def test_no_filters_shows_everything(events):
    assert _ids(apply_filters(events, Filters())) == ["a", "b", "c", "d", "e"]


def test_window_keeps_events_whose_days_overlap_it_and_undated_on_request(events):
    march_first_week = Filters(start=date(2016, 3, 1), end=date(2016, 3, 7))
    assert _ids(apply_filters(events, march_first_week)) == ["a", "e"]
    dated_only = Filters(start=date(2016, 3, 1), end=date(2016, 3, 7), include_undated=False)
    assert _ids(apply_filters(events, dated_only)) == ["a"]
    # an event known only to February shows in any window touching February
    late_feb = Filters(start=date(2016, 2, 20), end=date(2016, 2, 25), include_undated=False)
    assert _ids(apply_filters(events, late_feb)) == ["d"]


def test_type_governorate_actor_status_and_confidence_filters(events):
    assert _ids(apply_filters(events, Filters(types=frozenset({"shelling"})))) == ["c"]
    assert _ids(apply_filters(events, Filters(types=frozenset()))) == []
    assert _ids(apply_filters(events, Filters(admin1=frozenset({"SY-HI"})))) == ["b"]
    assert _ids(apply_filters(events, Filters(actors=frozenset({"Council"})))) == ["b"]
    assert _ids(apply_filters(events, Filters(statuses=frozenset({"denied"})))) == ["c"]
    assert _ids(apply_filters(events, Filters(min_confidence=0.5))) == ["a", "b", "d", "e"]


def test_text_search_ignores_case_and_reads_markup_literally(events):
    assert _ids(apply_filters(events, Filters(text="GENEVA"))) == ["e"]
    assert _ids(apply_filters(events, Filters(text="<b>"))) == ["e"]
    assert _ids(apply_filters(events, Filters(text="(("))) == []  # not a regex
    assert _ids(apply_filters(events, Filters(text="council"))) == ["b"]  # actors are searched


def test_options_come_from_the_loaded_events(events):
    opts = options(events)
    assert opts.admin1 == ["SY-HI", "SY-HL"]
    assert opts.actors == ["Council", "WFP"]
    assert opts.statuses == ["denied", "reported"]
    assert opts.type_counts["aid_convoy"] == 1
    assert opts.types["aid"][0] == "aid_airdrop"


def test_describe_names_the_active_filters():
    text = Filters(admin1=frozenset({"SY-HM"}), text="truce", min_confidence=0.6).describe(
        admin1_names={"SY-HM": "Hama"}
    )
    assert "governorates: Hama" in text and '"truce"' in text and "0.60" in text
    assert Filters().describe() == "all events"


def test_cache_keys_are_equal_for_equal_filters_and_differ_otherwise():
    a = Filters(types=frozenset({"siege", "shelling", "aid_convoy"}), text=" truce ")
    b = Filters(types=frozenset({"aid_convoy", "siege", "shelling"}), text="truce")
    assert a.cache_key() == b.cache_key()
    assert hash(a.cache_key()) == hash(b.cache_key())
    assert Filters(types=None).cache_key() != Filters(types=frozenset()).cache_key()
    assert Filters(start=date(2016, 1, 1)).cache_key() != Filters().cache_key()
