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


def _column(rows: pd.DataFrame, name: str) -> pd.Series:
    """A text column ("" for missing), as a plain object Series."""
    if name not in rows:
        return pd.Series("", index=rows.index, dtype=object)
    return rows[name].astype("string").fillna("").astype(object)


def ceasefire_steps(events: pd.DataFrame, *, until: date | str | None = None) -> pd.DataFrame:
    """The events that move zone states, in the order they apply (see the module docstring).

    Columns: `when` (ISO day or ""), `kind`, `event_id`, `admin1`, `country` ("" when missing),
    `nationwide`; vectorised, so 100,000 events cost milliseconds, not a Python loop.
    """
    columns = ["when", "rank", "kind", "event_id", "admin1", "country", "nationwide"]
    if events.empty or "event_type" not in events:
        return pd.DataFrame(columns=columns)
    wanted = [c for c in ("event_type", "status", "date", "published", "event_id", "admin1",
                          "country", "geo_precision") if c in events]
    rows = events.loc[events["event_type"].isin(list(_KIND)).to_numpy(), wanted]
    status = _column(rows, "status")
    rows, status = rows[~status.isin(IGNORED_STATUS)], status[~status.isin(IGNORED_STATUS)]
    kind = rows["event_type"].map(_KIND).astype(object)
    kind = kind.where(~((kind == "agreed") & (status == "pending")), "talks")
    day = _column(rows, "date").str.slice(0, 10)
    when = day.where(day != "", _column(rows, "published").str.slice(0, 10))
    steps = pd.DataFrame({
        "when": when, "rank": kind.map(_RANK), "kind": kind,
        "event_id": _column(rows, "event_id"), "admin1": _column(rows, "admin1"),
        "country": _column(rows, "country"),
        "nationwide": _column(rows, "geo_precision") == NATIONWIDE,
    }, columns=columns)
    limit = _day(until)
    if limit:
        steps = steps[steps["when"] <= limit]
    return steps.sort_values(["when", "rank", "event_id"], kind="mergesort")


def apply_steps(steps: pd.DataFrame) -> ZoneState:
    """Fold ordered steps into the final state.

    Talks never undo a truce agreed, halted or violated, and every later step of another kind
    replaces the state: so the state is the last step that is not talks, else the last talks.
    """
    if steps.empty:
        return ZoneState()
    settled = steps[steps["kind"] != "talks"]
    last = (settled if len(settled) else steps).iloc[-1]
    return ZoneState(str(last["kind"]), last["when"] or None, last["event_id"] or None,
                     bool(last["nationwide"]), len(steps))


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
    nationwide = steps["nationwide"].to_numpy(dtype=bool)
    admin1 = steps["admin1"].to_numpy(dtype=object)
    country = steps["country"].to_numpy(dtype=object)
    rows = [
        apply_steps(steps[(~nationwide & (admin1 == code))
                          | (nationwide & (country == _country_of(code)))])
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
    if "geo_precision" in events:
        events = events[events["geo_precision"] == NATIONWIDE]
    steps = ceasefire_steps(events, until=until)
    steps = steps[steps["nationwide"] & (steps["country"] != "")]
    return {str(country): apply_steps(group)
            for country, group in steps.groupby("country", sort=True)}
