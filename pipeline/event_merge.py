"""Merging the events of one article that report the same thing more than once."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace

from pipeline.model import Event

# A more specific type of the same happening: an aid delivery a convoy or an airdrop of the same
# place and days also reports is that convoy or airdrop ("ICRC delivered supplies to Taiz" ...
# "they were brought in by three trucks on Thursday").
SPECIFIC = {"aid_delivery": ("aid_convoy", "aid_airdrop")}
_WIDER = ("country", "admin1")
AGREED_BEFORE_DAYS = 31  # how long before taking effect an agreement may have been reached
_UNITS = ("iso:",)  # countries and governorates (not regions like "Eastern Ghouta")


def merge_events(
    events: Sequence[Event],
    *,
    states: Collection[str] = (),
    text_dated: Collection[str] = (),
    known: Collection[str] = (),
    fresh: Collection[str] = (),
    weak: Collection[str] = (),
) -> list[Event]:
    """One event per type, place, status and dates; repeats and summaries folded in.

    - For lasting conditions (`states`, e.g. siege) one event per type, place and status,
      whatever the dates: the one the text dates earliest ("besieged since July"), else the first.
    - An event with no date of its own (not in `text_dated`: "The convoy ... completed
      offloading in Ar-Rastan", "rebels withdrew from the town"), or referred to as known (in
      `known`) with only a wider date ("the third such evacuation this month"), is the one of
      its type, place and status the text dates ("On 29 March, a convoy ... in Ar-Rastan"),
      unless it is said to be another one (in `fresh`: "a second convoy").
    - An aid delivery goes when a convoy or airdrop of the same place, status and overlapping
      days reports it.
    - An event at country or governorate level goes when the same type and status is reported,
      on overlapping days, at a place inside it (a summary, then the details); a lasting
      condition only on the very same days ("several besieged areas" since 2013 are not the one
      town besieged since July).
    - An event placed only by what the article is about (its id in `weak`: "The UN carried out
      an airdrop on Wednesday") goes when the text places one of its type, status and days
      ("A plane dropped 20 tonnes on Aleppo").

    Of two reports of one event the most confident is kept as it is (its actors; the other's
    numbers only for units it lacks): actors of another sentence may play another part in it.
    """
    kept: dict[tuple, Event] = {}
    for ev in events:
        key = (ev.event_type, ev.place_id, ev.status)
        if ev.event_type not in states:
            key += (ev.date, ev.date_end)
        other = kept.get(key)
        if other is None:
            kept[key] = ev
        elif ev.event_type in states:
            kept[key] = ev if _earlier(ev, other) else other
        else:
            kept[key] = _combine(other, ev)
    dated = set(text_dated)
    merged = _repeats(list(kept.values()), dated, set(known), set(fresh), set(states))
    weak_ids = set(weak)  # (both sets once, not once per event)
    result = [e for e in merged if not _reported_more_precisely(
        e, merged, dated, weak_ids, state=e.event_type in states)]
    return sorted(result, key=lambda e: (e.evidence_start, e.trigger_start, e.place_start))


def _repeats(events: list[Event], text_dated: set[str], known: set[str], fresh: set[str],
             states: set[str]) -> list[Event]:  # fmt: skip
    """Fold events without a date of their own into a dated report of the same event."""
    dated = {}
    for ev in events:
        if ev.event_id in text_dated and ev.event_type not in states:
            dated.setdefault((ev.event_type, ev.place_id, ev.status), ev)
    out: list[Event] = []
    folded: dict[str, Event] = {}
    for ev in events:
        target = dated.get((ev.event_type, ev.place_id, ev.status))
        undated = ev.event_id not in text_dated
        if (target is None or target is ev or ev.event_type in states or ev.event_id in fresh
                or not (undated or (ev.event_id in known and _within_days(target, ev)))):
            # fmt: skip
            out.append(ev)
            continue
        folded[target.event_id] = _combine(folded.get(target.event_id, target), ev, keep=True)
    return [folded.get(e.event_id, e) for e in out]


def _within_days(inner: Event, outer: Event) -> bool:
    """Whether `inner`'s days lie inside `outer`'s ("the third such evacuation this month")."""
    if inner.date is None or outer.date is None:
        return False
    return outer.date <= inner.date and (inner.date_end or inner.date) <= (
        outer.date_end or outer.date)


def _reported_more_precisely(ev: Event, events: list[Event], text_dated: set[str],
                             weak: set[str], *, state: bool = False) -> bool:  # fmt: skip
    """Whether a convoy or airdrop reports this delivery, or a finer place this summary. A wider
    event the text dates itself stands unless the finer one has its very dates ("a nationwide
    truce agreed on 22 February" is not "local ceasefires reached this week")."""
    specific = SPECIFIC.get(ev.event_type, ())
    for other in events:
        if other is ev or other.status != ev.status or not _overlap(ev, other):
            continue
        if (other.event_type in specific and other.place_id == ev.place_id
                and ev.geo_precision != "country"):  # country-wide figures are aggregates
            return True
        if other.event_type != ev.event_type:
            continue
        same_days = (other.date, other.date_end) == (ev.date, ev.date_end)
        if state:  # lasting conditions overlap anyway: only a summary of the very same days
            if same_days and ev.place_id.startswith(_UNITS) and _inside(other, ev):
                return True
            continue
        if ev.event_id in weak and other.event_id not in weak:
            return True
        if (ev.place_id.startswith(_UNITS) and _inside(other, ev)
                and (same_days or ev.event_id not in text_dated)):
            return True  # fmt: skip
    return False


def _inside(inner: Event, outer: Event) -> bool:
    if inner.place_id == outer.place_id:
        return False
    if outer.geo_precision == "country":
        return inner.geo_precision != "country" and inner.country == outer.country
    return inner.geo_precision not in _WIDER and inner.admin1 == outer.admin1 is not None


def _overlap(a: Event, b: Event) -> bool:
    if a.date is None or b.date is None:
        return a.date is None and b.date is None
    return a.date <= (b.date_end or b.date) and b.date <= (a.date_end or a.date)


def date_agreements(
    events: Sequence[Event], effects: Collection[str], text_dated: Collection[str]
) -> list[Event]:
    """An agreement is dated the day it was agreed, with the day it took effect as
    `effective_date`: an event found by "took effect" (its id in `effects`) takes the date of an
    agreement the text dates (`text_dated`) at the same place or its country, up to
    AGREED_BEFORE_DAYS before ("agreed the truce on Thursday" ... "took effect on Friday")."""
    agreements = [e for e in events if e.event_type == "ceasefire_agreed" and e.date
                  and e.event_id not in effects and e.event_id in text_dated]  # fmt: skip
    out = []
    for ev in events:
        last = ev.date_end or ev.date
        if ev.event_id in effects and last is not None:
            made = [a for a in agreements if _covers(a, ev) and a.date <= last
                    and (last - a.date).days <= AGREED_BEFORE_DAYS]  # fmt: skip
            if made:
                a = min(made, key=lambda a: abs(a.evidence_start - ev.evidence_start))
                took = ev.date if ev.event_id in text_dated and ev.date_precision == "day" else None
                ev = replace(ev, date=a.date, date_end=a.date_end, date_precision=a.date_precision,
                             effective_date=ev.effective_date or took)
        out.append(ev)
    return out


def _covers(agreement: Event, effect: Event) -> bool:
    if agreement.place_id == effect.place_id:
        return True
    return agreement.geo_precision == "country" and agreement.country == effect.country


def _earlier(a: Event, b: Event) -> bool:
    """Whether `a` dates the condition's start earlier than `b` (undated counts as latest)."""
    return a.date is not None and (b.date is None or a.date < b.date)


def _combine(a: Event, b: Event, *, keep: bool = False) -> Event:
    """One event from two reports of it: the more confident one (`a` when `keep`)."""
    winner, loser = (b, a) if b.confidence > a.confidence and not keep else (a, b)
    actors = winner.actors or loser.actors
    return replace(winner, actors=actors, quantities={**loser.quantities, **winner.quantities},
                   effective_date=winner.effective_date or loser.effective_date)
