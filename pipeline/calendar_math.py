"""Calendar arithmetic for date resolution: year inference, weekdays, weeks, months, periods."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Days covered by "in recent days", "the past week" and the like.
RECENT_DAYS = 7
RECENT_WEEKS_DAYS = 30

Range = tuple[date | None, date | None, str]


def month_number(word: str) -> int:
    """1..12 for a month name or abbreviation ("Feb.", "Sept", "December")."""
    key = word.rstrip(".").lower()[:3]
    return ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
            "dec").index(key) + 1  # fmt: skip


def safe_date(year: int | None, month: int, day: int) -> date | None:
    """The date, or None when the year is unknown or the day does not exist."""
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def infer_year(
    month: int,
    day: int,
    published: date | None,
    *,
    future: bool,
    fallback: date | None = None,
    shift: int = 0,
) -> int | None:
    """The year of a day and month written without one.

    Nearest to `published` and not after it; for a future verb, the nearest on or after it.
    Without `published`, the year nearest to the last full date written earlier in the text
    (`fallback`), else None.
    `shift` moves one year back ("last March") or forward ("next March").
    """
    ref = published or fallback
    if ref is None:
        return None
    candidates = []
    for year in range(ref.year - 4, ref.year + 2):  # four years back: 29 February exists
        d = safe_date(year, month, day)
        if d is not None:
            candidates.append((year, d))
    if not candidates:
        return None
    if published is None:  # text order only: the nearest either side of the earlier full date
        return min(candidates, key=lambda c: abs((c[1] - ref).days))[0]
    if future:
        after = [y for y, d in candidates if d >= published]
        year = after[0] if after else candidates[-1][0]
    else:
        before = [y for y, d in candidates if d <= published]
        year = before[-1] if before else candidates[0][0]
    if shift < 0 and year == published.year and month == published.month:
        year -= 1  # "last March" written in March means a year ago
    elif shift > 0 and year == published.year and month <= published.month:
        year += 1
    return year


def precision_of(first: date, last: date) -> str:
    """The contract's precision for a span of days: day, week, month or year."""
    days = (last - first).days + 1
    return "day" if days <= 1 else "week" if days <= 7 else "month" if days <= 31 else "year"


def year_of_weekday(month: int, day: int, weekday: str, ref: date | None) -> int | None:
    """The year nearest `ref` (one either side) in which day/month falls on `weekday`."""
    if ref is None:
        return None
    target = WEEKDAYS.index(weekday.lower())
    fits = [y for y in (ref.year, ref.year + 1, ref.year - 1)
            if (d := safe_date(y, month, day)) and d.weekday() == target]  # fmt: skip
    return fits[0] if fits else None


def month_range(year: int, month: int) -> tuple[date, date]:
    """First and last day of a month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def part_of(first: date, last: date, part: str) -> tuple[date, date]:
    """The early (days 1-10), mid (11-20) or late (21-end) part of a month; the whole otherwise."""
    if part == "early":
        return first, first.replace(day=10)
    if part == "mid":
        return first.replace(day=11), first.replace(day=20)
    if part == "late":
        return first.replace(day=21), last
    return first, last


def weekday_near(published: date, name: str, *, rel: str, future: bool) -> date:
    """The weekday `name` nearest to publication: on or before it; on or after it for a future
    verb ("is due to enter on Saturday" written on a Saturday is that day); "next" is after it."""
    target = WEEKDAYS.index(name.lower())
    back = (published.weekday() - target) % 7
    ahead = (target - published.weekday()) % 7
    if rel == "last":
        return published - timedelta(days=back or 7)
    if rel == "next" or future:
        return published + timedelta(days=ahead or (7 if rel == "next" else 0))
    return published - timedelta(days=back)


def shifted(anchor: date, n: int, unit: str) -> Range:
    """A day, week, month or year `n` units from `anchor` (negative: before it)."""
    unit = unit.lower()
    if unit == "day":
        d = anchor + timedelta(days=n)
        return d, d, "day"
    if unit == "week":
        d = anchor + timedelta(weeks=n)
        return d - timedelta(days=3), d + timedelta(days=3), "week"
    if unit == "month":
        month0 = anchor.month - 1 + n
        first, last = month_range(anchor.year + month0 // 12, month0 % 12 + 1)
        return first, last, "month"
    return date(anchor.year + n, 1, 1), date(anchor.year + n, 12, 31), "year"


def period(published: date, phrase: str) -> Range:
    """Resolve "last week", "earlier this month", "next year", "in recent days" ... ."""
    words = phrase.split()
    if "recent" in words or "few" in words:
        days = RECENT_WEEKS_DAYS if "weeks" in words else RECENT_DAYS
        return published - timedelta(days=days), published, "month" if days > 7 else "week"
    unit = words[-1]
    if unit == "weekend":
        saturday = published - timedelta(days=(published.weekday() - 5) % 7)  # on or before
        in_weekend = published.weekday() >= 5
        if "next" in words or "coming" in words:
            saturday += timedelta(days=7)
        elif ("last" in words or "past" in words) and in_weekend:
            saturday -= timedelta(days=7)
        elif "this" in words and not in_weekend:
            saturday += timedelta(days=7)
        return saturday, saturday + timedelta(days=1), "week"
    if "past" in words:
        days = {"week": 7, "month": 30, "year": 365}[unit]
        return published - timedelta(days=days), published, unit
    step = -1 if "last" in words else 1 if ("next" in words or "coming" in words) else 0
    first, last = _unit_around(published, unit, step)
    if step == 0 and "later" in words:
        first = published
    elif step == 0:
        last = min(last, published)
    return first, last, unit


def _unit_around(d: date, unit: str, step: int) -> tuple[date, date]:
    """The week (Monday-Sunday), month or year containing `d`, moved by `step` units."""
    if unit == "week":
        monday = d - timedelta(days=d.weekday()) + timedelta(weeks=step)
        return monday, monday + timedelta(days=6)
    if unit == "month":
        month0 = d.month - 1 + step
        return month_range(d.year + month0 // 12, month0 % 12 + 1)
    return date(d.year + step, 1, 1), date(d.year + step, 12, 31)
