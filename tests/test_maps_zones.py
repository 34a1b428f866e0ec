"""zone_states: each governorate's ceasefire state at the end of the window, with its precedence."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import box

from pipeline.maps.synthetic import events_frame
from pipeline.maps.zones import nationwide_states, zone_states


@pytest.fixture()
def govs() -> gpd.GeoDataFrame:
    """Two made-up governorates of one country, side by side."""
    return gpd.GeoDataFrame(
        {"admin1": ["SY-AA", "SY-BB"], "name": ["Alpha", "Beta"]},
        geometry=[box(36, 34, 37, 35), box(37, 34, 38, 35)],
        crs="EPSG:4326",
    )


def ev(event_id, event_type, day, *, admin1="SY-AA", precision="settlement", status="reported",
       country="SY"):
    return {"event_id": event_id, "event_type": event_type, "date": day, "published": day,
            "admin1": admin1, "country": country, "geo_precision": precision, "status": status,
            "lat": 34.5, "lon": 36.5}


def state_of(events, govs, code="SY-AA"):
    zones = zone_states(events_frame(events), govs)
    return zones.set_index("admin1").loc[code]


def test_no_ceasefire_events_means_none(govs):
    row = state_of([ev("a", "aid_convoy", "2016-02-01")], govs)
    assert row["state"] == "none" and row["event_id"] is None


def test_latest_event_sets_the_state(govs):
    row = state_of([ev("a", "ceasefire_agreed", "2016-02-01"),
                    ev("b", "ceasefire_violation", "2016-02-05"),
                    ev("c", "hostilities_halted", "2016-02-09")], govs)
    assert (row["state"], row["since"], row["event_id"]) == ("halted", "2016-02-09", "c")


def test_violation_the_same_day_as_an_agreement_wins(govs):
    row = state_of([ev("z", "ceasefire_violation", "2016-02-27"),
                    ev("a", "ceasefire_agreed", "2016-02-27")], govs)
    assert row["state"] == "violated"


def test_talks_do_not_undo_an_agreement(govs):
    row = state_of([ev("a", "ceasefire_agreed", "2016-02-01"),
                    ev("b", "ceasefire_talks", "2016-03-01")], govs)
    assert (row["state"], row["event_id"]) == ("agreed", "a")
    assert row["events"] == 2


def test_talks_alone_are_talks(govs):
    assert state_of([ev("a", "ceasefire_talks", "2016-02-01")], govs)["state"] == "talks"


def test_new_agreement_after_a_violation_renews_the_truce(govs):
    row = state_of([ev("a", "ceasefire_violation", "2016-02-01"),
                    ev("b", "ceasefire_agreed", "2016-02-10")], govs)
    assert row["state"] == "agreed"


def test_denied_violation_is_ignored(govs):
    row = state_of([ev("a", "ceasefire_agreed", "2016-02-01"),
                    ev("b", "ceasefire_violation", "2016-02-05", status="denied")], govs)
    assert row["state"] == "agreed"


def test_agreement_pending_approval_counts_as_talks(govs):
    row = state_of([ev("a", "ceasefire_agreed", "2016-02-01", status="pending")], govs)
    assert row["state"] == "talks"


def test_nationwide_agreement_reaches_every_governorate(govs):
    zones = zone_states(events_frame([
        ev("n", "ceasefire_agreed", "2016-02-27", admin1=None, precision="country"),
        ev("v", "ceasefire_violation", "2016-03-01", admin1="SY-BB"),
    ]), govs).set_index("admin1")
    assert zones.loc["SY-AA", "state"] == "agreed" and bool(zones.loc["SY-AA", "nationwide"])
    assert zones.loc["SY-BB", "state"] == "violated" and not zones.loc["SY-BB", "nationwide"]


def test_another_countrys_nationwide_event_does_not_reach_these_governorates(govs):
    row = state_of([ev("n", "ceasefire_agreed", "2016-02-27", admin1=None, precision="country",
                       country="YE")], govs)
    assert row["state"] == "none"


def test_until_drops_later_events(govs):
    events = events_frame([ev("a", "ceasefire_agreed", "2016-02-01"),
                           ev("b", "ceasefire_violation", "2016-02-05")])
    zones = zone_states(events, govs, until="2016-02-03").set_index("admin1")
    assert zones.loc["SY-AA", "state"] == "agreed"


def test_undated_event_falls_back_to_the_publication_day(govs):
    row = ev("a", "ceasefire_agreed", None)
    row["published"] = "2016-02-02"
    later = ev("b", "ceasefire_violation", "2016-02-01")
    assert state_of([row, later], govs)["state"] == "agreed"


def test_result_keeps_geometry_and_crs(govs):
    zones = zone_states(events_frame([ev("a", "ceasefire_talks", "2016-02-01")]), govs)
    assert list(zones["admin1"]) == ["SY-AA", "SY-BB"]
    assert zones.crs == govs.crs and zones.geometry.notna().all()


def test_nationwide_states_by_country():
    states = nationwide_states(events_frame([
        ev("n", "ceasefire_agreed", "2016-02-27", admin1=None, precision="country"),
        ev("l", "ceasefire_violation", "2016-03-01"),
    ]))
    assert set(states) == {"SY"} and states["SY"].state == "agreed"


def test_empty_frame_gives_all_none(govs):
    zones = zone_states(events_frame([]), govs)
    assert set(zones["state"]) == {"none"}
