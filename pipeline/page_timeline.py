"""The page's timeline: date bounds, stepping the window, and the events-over-time chart."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import altair as alt
import pandas as pd

from pipeline.page_filters import FAMILIES

# Above this many days in view the chart counts by week, above the second by month, so the
# chart stays a few hundred bars at most.
DAILY_UP_TO_DAYS = 120
WEEKLY_UP_TO_DAYS = 1200
CHART_HEIGHT = 160
WINDOW_COLOUR = "#f2c14e"


def date_bounds(events: pd.DataFrame) -> tuple[date, date] | None:
    """First and last day any dated event may have happened on; None when nothing is dated."""
    starts = events["date"].dropna()
    if starts.empty:
        return None
    ends = events["date_end"].where(events["date_end"].notna(), events["date"]).dropna()
    return date.fromisoformat(starts.min()), date.fromisoformat(max(ends.max(), starts.max()))


def slider_bounds(bounds: tuple[date, date]) -> tuple[date, date]:
    """Bounds a range slider can take: a one-day data set gets a day either side."""
    lo, hi = bounds
    if lo == hi:
        return lo - timedelta(days=1), hi + timedelta(days=1)
    return lo, hi


def clamp_window(window: tuple[date, date], bounds: tuple[date, date]) -> tuple[date, date]:
    """The window cut to the bounds; a window entirely outside them becomes the bounds."""
    lo, hi = bounds
    start, end = max(window[0], lo), min(window[1], hi)
    if start > end:
        return lo, hi
    return start, end


def step_window(
    window: tuple[date, date], days: int, bounds: tuple[date, date]
) -> tuple[date, date]:
    """Move the window by `days` keeping its width, stopping at the bounds."""
    start, end = window
    lo, hi = bounds
    width = end - start
    start = start + timedelta(days=days)
    start = min(max(start, lo), hi - width if hi - width >= lo else lo)
    return start, min(start + width, hi)


def play_step(
    window: tuple[date, date], days: int, bounds: tuple[date, date]
) -> tuple[date, date] | None:
    """The next window when playing the timeline forward by `days`; None once the window's end
    has reached the last day (the play stops there). A window that already spans every day
    restarts as one step wide at the first day, so play always shows movement."""
    lo, hi = bounds
    if window == (lo, hi):
        return lo, min(lo + timedelta(days=max(days, 1) - 1), hi)
    if window[1] >= hi:
        return None
    return step_window(window, days, bounds)


def period_for(bounds: tuple[date, date]) -> str:
    """The bin the chart counts by: 'day', 'week' or 'month', from the span shown."""
    span = (bounds[1] - bounds[0]).days
    if span <= DAILY_UP_TO_DAYS:
        return "day"
    return "week" if span <= WEEKLY_UP_TO_DAYS else "month"


def counts_over_time(events: pd.DataFrame, *, period: str) -> pd.DataFrame:
    """Events per period and type (dated events only, binned by their first day).

    Columns: `period` (Timestamp of the bin's first day), `event_type`, `family`, `count`.
    """
    dated = events[events["date"].notna()]
    if dated.empty:
        return pd.DataFrame(columns=["period", "event_type", "family", "count"])
    days = pd.to_datetime(dated["date"])
    if period == "week":
        bins = days.dt.to_period("W-SUN").dt.start_time
    elif period == "month":
        bins = days.dt.to_period("M").dt.start_time
    else:
        bins = days
    table = (
        pd.DataFrame({"period": bins, "event_type": dated["event_type"], "family": dated["family"]})
        .groupby(["period", "event_type", "family"], observed=True)
        .size()
        .reset_index(name="count")
    )
    return table


def timeline_chart(
    counts: pd.DataFrame,
    *,
    window: tuple[date, date],
    bounds: tuple[date, date],
    period: str,
    colours: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> alt.LayerChart:
    """Stacked bars of events over time by type, with the selected window shaded behind.

    `colours` gives each type the map's colour, `labels` its readable name (both by type).
    """
    known = [t for types in FAMILIES.values() for t in types]
    types = [t for t in known if t in set(counts["event_type"])] + sorted(
        set(counts["event_type"]) - set(known)
    )
    labels = labels or {}
    counts = counts.assign(label=[labels.get(t, t) for t in counts["event_type"]])
    names = [labels.get(t, t) for t in types]
    scale = (
        alt.Scale(domain=names, range=[colours.get(t, "#888888") for t in types])
        if colours
        else alt.Scale(domain=names)
    )
    x_domain = [bounds[0].isoformat(), (bounds[1] + timedelta(days=1)).isoformat()]
    x = alt.X("period:T", title=None, scale=alt.Scale(domain=x_domain))
    shade = (
        alt.Chart(
            pd.DataFrame(
                {"start": [window[0].isoformat()], "end": [(window[1] + timedelta(1)).isoformat()]}
            )
        )
        .mark_rect(color=WINDOW_COLOUR, opacity=0.3)
        .encode(x=alt.X("start:T", scale=alt.Scale(domain=x_domain)), x2="end:T")
    )
    bars = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y("sum(count):Q", title=f"events per {period}"),
            color=alt.Color("label:N", scale=scale, title="type", sort=names),
            tooltip=[
                alt.Tooltip("period:T", title=period),
                alt.Tooltip("label:N", title="type"),
                alt.Tooltip("sum(count):Q", title="events"),
            ],
        )
    )
    return alt.layer(shade, bars).properties(height=CHART_HEIGHT)
