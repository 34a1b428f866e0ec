"""Which trigger each place of a sentence belongs to, and which of a trigger's places it is at."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.event_places import Location, within
from pipeline.model import Mention
from pipeline.triggers import Trigger

MEETINGS = frozenset({"ceasefire_talks", "diplomacy"})  # placed at a venue when one is named
BEFORE_PENALTY = 2.0  # a place before its trigger counts this much farther than one after it


def assign(
    triggers: Sequence[Trigger],
    locs: Sequence[Location],
    clause_index: dict[int, int],
) -> dict[int, list[Location]]:
    """For each trigger (by index), the locations that belong to it.

    Each location goes to the nearest trigger of its clause, a place after its trigger ("talks in
    Hama") counting nearer than one before it ("Aleppo was shelled"). A trigger left without a
    place shares the places of the nearest placed trigger of its clause ("airstrikes and shelling
    hit Douma"). Origins ("from Damascus") go when a destination exists (destinations go when an
    evacuation has an origin); a governorate or country
    goes when a place inside it is named for the same trigger.
    """
    owned: dict[int, list[Location]] = {i: [] for i in range(len(triggers))}
    for loc in locs:
        m = loc.mention
        costs = [
            (_cost(t, m), i)
            for i, t in enumerate(triggers)
            if clause_index[t.start] == clause_index[m.start]
        ]
        if costs:
            owned[min(costs)[1]].append(loc)
    for i, t in enumerate(triggers):
        if owned[i]:
            continue
        placed = [(abs(t.start - u.start), j) for j, u in enumerate(triggers)
                  if owned[j] and clause_index[u.start] == clause_index[t.start]]  # fmt: skip
        if placed:
            owned[i] = list(owned[min(placed)[1]])
    return {i: _finest(_destinations(v, triggers[i].rule)) for i, v in owned.items()}


def _cost(trigger: Trigger, mention: Mention) -> float:
    if trigger.end <= mention.start:
        return mention.start - trigger.end
    if mention.end <= trigger.start:
        return (trigger.start - mention.end) * BEFORE_PENALTY
    return 0.0


def _destinations(locs: list[Location], rule) -> list[Location]:
    """Where the event is: evacuations at their origins ("from Daraya"), else at places that are
    not goals ("in Zabadani"), never at a goal alone ("taken out to Idlib"); goods that move
    (`rule.moves`) at the crossing they pass ("through the Rafah crossing"), else at places that
    are not origins ("to Madaya"), never at a departure point alone ("set out from Damascus");
    anything else preferably not at an origin ("shelled Kobani from
    Akcakale"), but where people fled from when nothing else is named ("displaced from southern
    Idleb as air strikes intensified")."""
    if rule.event_type in MEETINGS:  # "talks on reopening roads to Taiz, held in Amman"
        # "delegations from Russia, Iran and Turkey": where they came from is no venue
        return [loc for loc in locs if loc.venue] or [loc for loc in locs if not loc.origin]
    if rule.prefers_origin:
        return [loc for loc in locs if loc.origin] or [loc for loc in locs if not loc.goal]
    targets = [loc for loc in locs if not loc.origin]
    if rule.moves:  # "entered Gaza through the Rafah crossing": coded at the crossing
        return [loc for loc in targets if loc.gate] or targets
    return targets or locs


def _finest(locs: list[Location]) -> list[Location]:
    """Drop a governorate or country when a place inside it is named too; one per place id."""
    kept: dict[str, Location] = {}
    for loc in locs:
        p = loc.mention.place
        inside = any(within(o.mention.place, p) for o in locs if o.mention.place.id != p.id)
        if not inside:
            kept.setdefault(p.id, loc)
    return list(kept.values())
