"""The timeline: bounds over date ranges, stepping the window, counts per period, the chart."""

from __future__ import annotations

from datetime import date

import pandas as pd

from pipeline.page_filters import prepare
from pipeline.page_timeline import (
    clamp_window,
    counts_over_time,
    date_bounds,
    period_for,
    slider_bounds,
    step_window,
    timeline_chart,
)

D = date


def _frame(rows):
    return prepare(pd.DataFrame(
        [{"event_id": str(i), "event_type": t, "date": a, "date_end": b}
         for i, (t, a, b) in enumerate(rows)]
    ))


def test_bounds_run_from_the_first_start_to_the_last_possible_day():
    frame = _frame([("aid_convoy", "2016-02-01", "2016-02-29"),
                    ("shelling", "2016-02-10", "2016-02-10"), ("siege", None, None)])
    assert date_bounds(frame) == (D(2016, 2, 1), D(2016, 2, 29))
    assert date_bounds(_frame([("siege", None, None)])) is None


def test_a_single_day_gets_room_for_a_slider():
    assert slider_bounds((D(2016, 2, 24), D(2016, 2, 24))) == (D(2016, 2, 23), D(2016, 2, 25))


def test_stepping_keeps_the_width_and_stops_at_the_bounds():
    bounds = (D(2016, 1, 1), D(2016, 1, 31))
    assert step_window((D(2016, 1, 5), D(2016, 1, 11)), 7, bounds) == (D(2016, 1, 12),
                                                                       D(2016, 1, 18))
    assert step_window((D(2016, 1, 22), D(2016, 1, 28)), 7, bounds) == (D(2016, 1, 25),
                                                                        D(2016, 1, 31))
    assert step_window((D(2016, 1, 3), D(2016, 1, 9)), -7, bounds) == (D(2016, 1, 1),
                                                                       D(2016, 1, 7))


def test_a_window_outside_new_bounds_falls_back_to_them():
    bounds = (D(2016, 1, 1), D(2016, 1, 31))
    assert clamp_window((D(2015, 12, 20), D(2016, 1, 10)), bounds) == (D(2016, 1, 1),
                                                                       D(2016, 1, 10))
    assert clamp_window((D(2017, 1, 1), D(2017, 2, 1)), bounds) == bounds


def test_counts_bin_by_day_week_or_month_and_skip_undated():
    frame = _frame([("aid_convoy", "2016-02-01", "2016-02-01"),
                    ("aid_convoy", "2016-02-02", "2016-02-02"),
                    ("shelling", "2016-03-15", "2016-03-15"), ("siege", None, None)])
    by_month = counts_over_time(frame, period="month")
    assert by_month["count"].sum() == 3
    assert len(by_month[by_month["event_type"] == "aid_convoy"]) == 1
    assert len(counts_over_time(frame, period="day")) == 3
    assert period_for((D(2016, 1, 1), D(2016, 2, 1))) == "day"
    assert period_for((D(2016, 1, 1), D(2018, 1, 1))) == "week"
    assert period_for((D(2010, 1, 1), D(2018, 1, 1))) == "month"


def test_the_chart_shades_the_window_and_stacks_types():
    frame = _frame([("aid_convoy", "2016-02-01", "2016-02-01")])
    chart = timeline_chart(counts_over_time(frame, period="day"),
                           window=(D(2016, 2, 1), D(2016, 2, 3)),
                           bounds=(D(2016, 1, 31), D(2016, 2, 5)), period="day")
    spec = chart.to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["rect", "bar"]
    assert "2016-02-04" in str(spec)  # the shade ends after the window's last day


def test_play_moves_the_window_on_until_its_end_reaches_the_last_day():
    from pipeline.page_timeline import play_step

    bounds = (D(2016, 3, 1), D(2016, 3, 20))
    assert play_step((D(2016, 3, 1), D(2016, 3, 7)), 7, bounds) == (D(2016, 3, 8), D(2016, 3, 14))
    assert play_step((D(2016, 3, 8), D(2016, 3, 14)), 7, bounds) == (D(2016, 3, 14),
                                                                     D(2016, 3, 20))
    assert play_step((D(2016, 3, 14), D(2016, 3, 20)), 7, bounds) is None


def test_play_from_the_whole_range_starts_with_one_step_at_the_first_day():
    from pipeline.page_timeline import play_step

    bounds = (D(2016, 3, 1), D(2016, 3, 20))
    assert play_step(bounds, 7, bounds) == (D(2016, 3, 1), D(2016, 3, 7))
    assert play_step(bounds, 1, bounds) == (D(2016, 3, 1), D(2016, 3, 1))
