"""The page's map: a base that never changes, overlays per view, clicks, and what is sent."""

from __future__ import annotations

import pytest

from pipeline.maps.synthetic import events_frame, synthetic_events
from pipeline.page_map import clicked_event, component_args, page_base, page_overlay, sent_bytes


@pytest.fixture(scope="module")
def events():
    return synthetic_events(2_000, seed=11)


@pytest.fixture(scope="module")
def zones(events):
    from gazetteer.polygons import governorates
    from pipeline.maps.zones import zone_states

    return zone_states(events, governorates())


def test_the_base_the_component_gets_is_the_same_for_any_events(events, zones):
    base = page_base()
    some = component_args(base, page_overlay(events.head(100), zones=zones))
    other = component_args(base, page_overlay(events, zones=zones))
    assert some["script"] == other["script"] and some["header"] == other["header"]
    assert some["feature_group"] != other["feature_group"]


def test_a_view_selected_from_the_stores_prepared_frame_draws_the_same(events, zones):
    from pipeline.page_map import map_frame

    shown = events[events["event_type"] == "aid_convoy"]
    base = page_base()
    given = component_args(base, page_overlay(shown, zones=zones, frame=map_frame(events)))
    own = component_args(base, page_overlay(shown, zones=zones))
    assert given["feature_group"] == own["feature_group"]


def test_an_event_chosen_off_the_map_is_ringed_even_when_filtered_out(events, zones):
    hidden = events.iloc[0]["event_id"]
    shown = events.iloc[1:]
    overlay = page_overlay(shown, zones=zones, selected_id=hidden, events=events)
    assert [c.function for c in overlay._children.values()][-1] == "selected"
    plain = page_overlay(shown, zones=zones, selected_id="no-such-event", events=events)
    assert "selected" not in [c.function for c in plain._children.values()]


def test_a_new_click_gives_its_event_and_the_same_click_again_gives_none():
    shown = events_frame([{"event_id": "e-1", "lat": 34.7, "lon": 36.7}])
    returned = {"last_object_clicked_tooltip": "Aid delivery · Homs [event e-1]",
                "last_object_clicked_count": 3}
    event_id, key = clicked_event(returned, None, shown)
    assert event_id == "e-1"
    assert clicked_event(returned, key, shown) == (None, key)  # the next rerun: not a new click
    again = {**returned, "last_object_clicked_count": 4}
    assert clicked_event(again, key, shown)[0] == "e-1"  # clicked once more
    cluster = {"last_object_clicked_tooltip": "12 events: aid mostly; click to zoom in",
               "last_object_clicked_count": 5}
    assert clicked_event(cluster, key, shown)[0] is None
    assert clicked_event(None, key, shown) == (None, key)


def test_the_map_sent_for_100k_events_is_under_three_megabytes():
    from gazetteer.polygons import governorates
    from pipeline.maps.zones import zone_states

    many = synthetic_events(100_000, seed=1)
    size = sent_bytes(page_base(), page_overlay(many, zones=zone_states(many, governorates())))
    assert size <= 3_000_000
