"""Ceasefire zones: each governorate's ceasefire state at the end of the window.

The state follows the ceasefire events that concern a governorate, in time order: events placed in
it (a site, a settlement or the governorate itself) and nationwide ones (`geo_precision` country,
same country). Transitions:

- ``ceasefire_talks`` sets *talks* only where nothing is agreed yet: talks about a truce already in
  force (or already broken) do not undo it. An agreement `pending` approval counts as talks.
- ``ceasefire_agreed`` sets *agreed*, also after a violation (a renewed truce).
- ``hostilities_halted`` sets *halted*; ``ceasefire_violation`` sets *violated*.
- Events the text reports as `denied` are ignored.

Order: by the event's first possible day (`date`, else the article's `published` day; undated events
come first). Events of the same day are applied talks < agreed < halted < violated, so on a tie the
most severe wins: a violation reported the day a truce is agreed leaves the zone *violated*.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import pandas as pd

from pipeline.maps.style import ZONE_STATES

# event type -> the state it moves a zone towards
_KIND = {
    "ceasefire_talks": "talks",
    "ceasefire_agreed": "agreed",
    "hostilities_halted": "halted",
    "ceasefire_violation": "violated",
}
_RANK = {state: i for i, state in enumerate(ZONE_STATES)}
IGNORED_STATUS = frozenset({"denied"})
NATIONWIDE = "country"  # the geo_precision of an event that concerns a whole country


@dataclass(frozen=True, slots=True)
class ZoneStep:
    """One ceasefire event as a zone sees it."""

    when: str  # ISO day, "" when undated
    kind: str  # talks / agreed / halted / violated
    event_id: str
    admin1: str | None
    country: str | None
    nationwide: bool


@dataclass(frozen=True, slots=True)
class ZoneState:
    """A zone's state and the event that set it."""

    state: str = "none"
    since: str | None = None
    event_id: str | None = None
    nationwide: bool = False
    events: int = 0


def _day(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return (value.isoformat() if isinstance(value, date) else str(value))[:10]


def _column(rows: pd.DataFrame, name: str) -> list[str]:
    if name not in rows:
        return [""] * len(rows)
    return rows[name].astype("string").fillna("").to_numpy(dtype=object, na_value="").tolist()


def _order(step: ZoneStep) -> tuple:
    return (step.when, _RANK[step.kind], step.event_id)


def ceasefire_steps(events: pd.DataFrame, *, until: date | str | None = None) -> list[ZoneStep]:
    """The events that move zone states, in the order they apply (see the module docstring)."""
    if events.empty or "event_type" not in events:
        return []
    rows = events[events["event_type"].isin(list(_KIND))]
    limit = _day(until)
    cols = {c: _column(rows, c) for c in ("event_type", "status", "date", "published", "event_id",
                                          "admin1", "country", "geo_precision")}
    steps = []
    for i, event_type in enumerate(cols["event_type"]):
        status = cols["status"][i]
        if status in IGNORED_STATUS:
            continue
        kind = _KIND[event_type]
        if kind == "agreed" and status == "pending":
            kind = "talks"
        when = (cols["date"][i] or cols["published"][i])[:10]
        if limit and when > limit:
            continue
        steps.append(ZoneStep(when=when, kind=kind, event_id=cols["event_id"][i],
                              admin1=cols["admin1"][i] or None,
                              country=cols["country"][i] or None,
                              nationwide=cols["geo_precision"][i] == NATIONWIDE))
    steps.sort(key=_order)
    return steps


def apply_steps(steps: Iterable[ZoneStep]) -> ZoneState:
    """Fold ordered steps into the final state."""
    current = ZoneState()
    for step in steps:
        count = current.events + 1
        if step.kind == "talks" and current.state not in ("none", "talks"):
            current = ZoneState(current.state, current.since, current.event_id,
                                current.nationwide, count)
            continue
        current = ZoneState(step.kind, step.when or None, step.event_id, step.nationwide, count)
    return current


def _country_of(admin1: str) -> str:
    return admin1.split("-", 1)[0]


def zone_states(
    events: pd.DataFrame, governorates: gpd.GeoDataFrame, *, until: date | str | None = None
) -> gpd.GeoDataFrame:
    """Each governorate's ceasefire state at the end of the window.

    Returns the governorates (`admin1`, `name`, `geometry`) with `state` (none / talks / agreed /
    halted / violated), `since` (ISO day the state was set, or None), `event_id` (the event that
    set it), `nationwide` (set by a country-wide event) and `events` (ceasefire events counted).
    `until` drops events after that day; by default every event given counts.
    """
    steps = ceasefire_steps(events, until=until)
    local: dict[str, list[ZoneStep]] = {}
    nationwide: dict[str, list[ZoneStep]] = {}
    for step in steps:
        if step.nationwide:
            nationwide.setdefault(step.country or "", []).append(step)
        elif step.admin1:
            local.setdefault(step.admin1, []).append(step)
    rows = [
        apply_steps(heapq.merge(local.get(code, []),
                                nationwide.get(_country_of(code), []), key=_order))
        for code in governorates["admin1"]
    ]
    out = governorates[["admin1", "name", "geometry"]].copy()
    out["state"] = [r.state for r in rows]
    out["since"] = [r.since for r in rows]
    out["event_id"] = [r.event_id for r in rows]
    out["nationwide"] = [r.nationwide for r in rows]
    out["events"] = [r.events for r in rows]
    return gpd.GeoDataFrame(out, geometry="geometry", crs=governorates.crs)


def nationwide_states(
    events: pd.DataFrame, *, until: date | str | None = None
) -> dict[str, ZoneState]:
    """Country code -> ceasefire state from country-wide events only (for the nationwide banner)."""
    steps = [s for s in ceasefire_steps(events, until=until) if s.nationwide and s.country]
    return {
        country: apply_steps(s for s in steps if s.country == country)
        for country in sorted({s.country for s in steps})
    }
