"""The date of an event: from its clause, its sentence, or the publication date, in that order."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter

from pipeline.model import DateMention
from pipeline.triggers import Trigger

# An event the text gives no date for was reported on publication and happened within the week
# before: [published - PUBLISHED_WINDOW_DAYS, published], precision "week".
PUBLISHED_WINDOW_DAYS = 6
# Types whose future date is when the agreement takes effect ("would begin on 27 February").
EFFECTIVE_TYPES = frozenset({"ceasefire_agreed", "hostilities_halted"})
HISTORY_DAYS = 31  # "since <date>" longer ago than this makes an event an aggregate of the past
_SINCE = re.compile(r"\bsince\s+(?:the\s+)?$", re.IGNORECASE)
_START = attrgetter("start")
# How much each source of the date lowers the confidence.
DATE_FACTOR = {"clause": 1.0, "sentence": 0.95, "planned": 0.95, "same-event": 0.9,
               "published": 0.8, "none": 0.7}  # fmt: skip


@dataclass(frozen=True, slots=True)
class EventDate:
    """An event's first and last possible day, precision, and where they came from."""

    date: date | None
    date_end: date | None
    precision: str
    how: str  # clause, sentence, planned, same-event, published, none
    mention: DateMention | None = None  # the expression it came from, if any


UNDATED = EventDate(None, None, "unknown", "none")


def event_date(
    dates: Sequence[DateMention],
    trigger: Trigger,
    clause: tuple[int, int],
    sentence: tuple[int, int],
    *,
    status: str,
) -> EventDate:
    """The date the text gives the event: the nearest resolved date in its clause, else in its
    sentence (future dates only for planned events); UNDATED when there is none. `dates` are
    sorted by start."""
    for how, (start, end) in (("clause", clause), ("sentence", sentence)):
        resolved = [d for d in within(dates, start, end) if d.date is not None]
        past = [d for d in resolved if not d.future]
        if past:
            return _as_event_date(_nearest(past, trigger), how)
        future = [d for d in resolved if d.future]
        if future and status == "planned":
            return _as_event_date(_nearest(future, trigger), "planned")
    return UNDATED


def published_date(published: date | None) -> EventDate:
    """The fallback: the week up to publication, or undated without a publication date."""
    if published is None:
        return UNDATED
    return EventDate(published - timedelta(days=PUBLISHED_WINDOW_DAYS), published, "week",
                     "published")  # fmt: skip


def effective_date(
    dates: Sequence[DateMention], trigger: Trigger, sentence: tuple[int, int], when: EventDate
) -> date | None:
    """When an agreement takes effect: the first future date after its trigger in the sentence,
    or the event's own date when the trigger says it took effect ("took effect on Tuesday")."""
    if trigger.event_type not in EFFECTIVE_TYPES:
        return None
    own_day = when.how in ("clause", "sentence", "planned") and when.precision == "day"
    if trigger.rule.effect and own_day:
        return when.date
    for d in within(dates, trigger.start, sentence[1]):
        if d.future and d.date:
            return d.date
    return None


def within(dates: Sequence[DateMention], start: int, end: int) -> Sequence[DateMention]:
    """The dates (sorted by start) that start in [start, end)."""
    return dates[bisect_left(dates, start, key=_START) : bisect_left(dates, end, key=_START)]


def _nearest(candidates: list[DateMention], trigger: Trigger) -> DateMention:
    def distance(d: DateMention) -> int:
        return max(trigger.start - d.end, d.start - trigger.end, 0)

    return min(candidates, key=distance)


def _as_event_date(d: DateMention, how: str) -> EventDate:
    return EventDate(d.date, d.date_end, d.precision, how, d)


def history(body: str, when: EventDate) -> bool:
    """An aggregate over a long past period, not news: "four rounds of negotiations held since
    February", "Since March 2015, the ICRC has delivered supplies ..." (a "since" date more than
    HISTORY_DAYS before the end of its range)."""
    d = when.mention
    if d is None or when.date is None or when.date_end is None:
        return False
    if not _SINCE.search(body, max(0, d.start - 12), d.start):
        return False
    return (when.date_end - when.date).days > HISTORY_DAYS
