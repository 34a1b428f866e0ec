"""The page's filters: event families, a typed filter record and its vectorised application."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

# The contract's event vocabulary, by family (CONTRACT.md "Event types"); the order is the
# order the page lists them in.
FAMILIES: Mapping[str, tuple[str, ...]] = {
    "ceasefire": (
        "ceasefire_talks",
        "ceasefire_agreed",
        "ceasefire_violation",
        "hostilities_halted",
        "monitoring_center",
    ),
    "aid": ("aid_airdrop", "aid_convoy", "aid_delivery", "siege", "evacuation"),
    "conflict": ("armed_clash", "airstrike", "shelling", "territory_change"),
    "other": ("diplomacy",),
}
OTHER_FAMILY = "other"
_FAMILY_OF = {t: fam for fam, types in FAMILIES.items() for t in types}

# Columns whose text the search box looks in.
SEARCH_COLUMNS = ("evidence", "article_title", "place", "place_name", "source", "event_type")


def family_of(event_type: str) -> str:
    """The family an event type belongs to; types outside the vocabulary count as 'other'."""
    return _FAMILY_OF.get(event_type, OTHER_FAMILY)


def types_by_family(event_types: Iterable[str]) -> dict[str, list[str]]:
    """Group event types by family: the vocabulary's own types first, then unknown ones sorted."""
    present = set(event_types)
    grouped: dict[str, list[str]] = {}
    for fam, types in FAMILIES.items():
        grouped[fam] = list(types)
    for extra in sorted(present - set(_FAMILY_OF)):
        grouped[OTHER_FAMILY].append(extra)
    return grouped


@dataclass(frozen=True, slots=True)
class Filters:
    """What the analyst asked to see. Empty sets mean 'any' except `types` (None means all)."""

    start: date | None = None
    end: date | None = None
    include_undated: bool = True
    types: frozenset[str] | None = None
    admin1: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    text: str = ""
    min_confidence: float = 0.0

    def cache_key(self) -> tuple:
        """A canonical, hashable key: equal filters give equal keys (sets sorted, dates ISO)."""
        def iso(d: date | None) -> str | None:
            return d.isoformat() if d else None

        def tup(values: frozenset[str] | None) -> tuple[str, ...] | None:
            return None if values is None else tuple(sorted(values))

        return (iso(self.start), iso(self.end), self.include_undated, tup(self.types),
                tup(self.admin1), tup(self.actors), tup(self.statuses), self.text.strip(),
                round(self.min_confidence, 4))

    def describe(self, *, admin1_names: Mapping[str, str] | None = None) -> str:
        """A short human sentence of the active filters (for snapshot titles and exports)."""
        parts = []
        if self.types is not None:
            parts.append("types: " + (", ".join(sorted(self.types)) or "none"))
        if self.admin1:
            names = admin1_names or {}
            parts.append("governorates: " + ", ".join(sorted(names.get(a, a) for a in self.admin1)))
        if self.actors:
            parts.append("actors: " + ", ".join(sorted(self.actors)))
        if self.statuses:
            parts.append("status: " + ", ".join(sorted(self.statuses)))
        if self.text.strip():
            parts.append(f'text: "{self.text.strip()}"')
        if self.min_confidence > 0:
            parts.append(f"confidence ≥ {self.min_confidence:.2f}")
        if not self.include_undated:
            parts.append("dated events only")
        return "; ".join(parts) or "all events"


def prepare(events: pd.DataFrame) -> pd.DataFrame:
    """Add the derived columns filtering needs (once, at load time): family and last day.

    The text the search box looks in is made only when a search asks for it (`search_text`):
    at 100,000 events it costs more than everything else here together.
    """
    out = events.copy()
    out["family"] = out["event_type"].map(family_of).astype(object)
    # A point-dated event ends the day it starts; ISO strings compare in date order.
    out["_last_day"] = out["date_end"].where(out["date_end"].notna(), out["date"])
    return out


def search_text(events: pd.DataFrame) -> pd.Series:
    """What the text search looks in, per event: evidence, title, place, source, type, actors."""
    text = pd.Series("", index=events.index, dtype=object)
    for col in SEARCH_COLUMNS:
        if col in events:
            text = text + " " + events[col].fillna("").astype(str)
    if "actors" in events:
        text = text + " " + events["actors"].map(_join_actors)
    return text.str.casefold()


def _join_actors(actors: object) -> str:
    return " ".join(str(a) for a in actors) if isinstance(actors, list | tuple) else ""


def apply_filters(events: pd.DataFrame, f: Filters, *,
                  search: pd.Series | None = None) -> pd.DataFrame:
    """The rows of a `prepare`d frame that pass every filter, in their original order.

    An event is in the date window when its possible days [date, date_end] overlap it, so an
    event known only to a month shows in every window that touches that month. `search` is
    `search_text` of the frame (or of a frame it was selected from), made here when needed.
    """
    keep = pd.Series(True, index=events.index)
    dated = events["date"].notna()
    in_window = dated.copy()
    if f.start is not None:
        in_window &= events["_last_day"].fillna("") >= f.start.isoformat()
    if f.end is not None:
        in_window &= events["date"].fillna("9999") <= f.end.isoformat()
    keep &= in_window | (~dated & f.include_undated)
    if f.types is not None:
        keep &= events["event_type"].isin(f.types)
    if f.admin1:
        keep &= events["admin1"].isin(f.admin1)
    if f.statuses:
        keep &= events["status"].isin(f.statuses)
    if f.min_confidence > 0:
        keep &= events["confidence"].fillna(0) >= f.min_confidence
    if f.actors:
        wanted = f.actors
        keep &= events["actors"].map(lambda a: bool(wanted.intersection(a or ())))
    needle = f.text.strip().casefold()
    if needle:
        text = search_text(events) if search is None else search.reindex(events.index)
        keep &= text.str.contains(needle, regex=False)
    return events[keep]


@dataclass(frozen=True, slots=True)
class Options:
    """The values the filter widgets offer, taken from the loaded events."""

    types: dict[str, list[str]]
    type_counts: dict[str, int]
    admin1: list[str]
    actors: list[str]
    statuses: list[str]


def options(events: pd.DataFrame) -> Options:
    """Widget options from the whole loaded frame (not the filtered one, so choices stay put)."""
    counts = events["event_type"].value_counts()
    actors = sorted({a for lst in events["actors"] for a in (lst or ())}, key=str.casefold)
    return Options(
        types=types_by_family(counts.index),
        type_counts={str(k): int(v) for k, v in counts.items()},
        admin1=sorted(events["admin1"].dropna().unique().tolist()),
        actors=actors,
        statuses=sorted(events["status"].dropna().unique().tolist()),
    )
