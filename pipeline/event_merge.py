"""Merging the events of one article that report the same thing twice."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace

from pipeline.model import Event


def merge_events(events: Sequence[Event], *, states: Collection[str] = ()) -> list[Event]:
    """One event per type, place, status and dates; country-wide ones a finer one covers dropped.

    For lasting conditions (`states`, e.g. siege) one event per type, place and status, whatever
    the dates: the one the text dates earliest ("besieged since July"), else the first.

    The most confident report is kept as it is (its actors; the other's numbers only for units
    it lacks): actors of another sentence may play another part in it. An
    event at country level goes when the same type, status and dates is reported at a place
    inside that country ("airdrop in Syria" then "dropped ... into <a city>").
    """
    kept: dict[tuple, Event] = {}
    for ev in events:
        if ev.event_type in states:
            key = (ev.event_type, ev.place_id, ev.status)
            other = kept.get(key)
            kept[key] = ev if other is None or _earlier(ev, other) else other
            continue
        key = (ev.event_type, ev.place_id, ev.status, ev.date, ev.date_end)
        other = kept.get(key)
        kept[key] = ev if other is None else _combine(other, ev)
    finer = {(e.event_type, e.status, e.date, e.date_end, e.country)
             for e in kept.values() if e.geo_precision != "country"}  # fmt: skip
    result = [e for e in kept.values()
              if e.geo_precision != "country"
              or (e.event_type, e.status, e.date, e.date_end, e.country) not in finer]  # fmt: skip
    return sorted(result, key=lambda e: (e.evidence_start, e.trigger_start, e.place_start))


def _earlier(a: Event, b: Event) -> bool:
    """Whether `a` dates the condition's start earlier than `b` (undated counts as latest)."""
    return a.date is not None and (b.date is None or a.date < b.date)


def _combine(a: Event, b: Event) -> Event:
    winner, loser = (b, a) if b.confidence > a.confidence else (a, b)
    actors = winner.actors or loser.actors
    return replace(winner, actors=actors, quantities={**loser.quantities, **winner.quantities})
