"""Events that point back: places a word like "there" or "the three provinces" refers to, events
referred to as known ("the deal", "The supplies ..."), and agreements made abroad.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from gazetteer.place import COUNTRY, geo_precision
from pipeline.event_dates import EventDate
from pipeline.event_places import Location
from pipeline.event_walk import PlaceRef, Walk, last_places, recent_places, ref
from pipeline.phrases import compile_phrases
from pipeline.place_assign import MEETINGS
from pipeline.place_refs import anaphor, antecedents, plural_anaphor, venue
from pipeline.rules_loader import load_rules
from pipeline.triggers import Trigger

COREFERENCE_SENTENCES = 3  # "the deal" refers back at most this many sentences
# Aid reported one way and then another ("delivered supplies", "brought in by three trucks")
FAMILY = dict.fromkeys(("aid_convoy", "aid_delivery", "aid_airdrop"),
                       {"aid_convoy", "aid_delivery", "aid_airdrop"})  # fmt: skip
# "The truce has largely held", "the truce was violated": where the truce agreed before applies
FAMILY |= {"hostilities_halted": {"hostilities_halted", "ceasefire_agreed"},
           "ceasefire_violation": {"ceasefire_violation", "ceasefire_agreed"}}  # fmt: skip
_ANAPHOR_KINDS = {"city": ("settlement",), "town": ("settlement",), "village": ("settlement",),
                  "province": ("admin1",), "governorate": ("admin1",), "region": ("admin1",)}
_WIDE_ANAPHORS = ("enclave", "pocket", "countryside", "region")
# "a second convoy", "another airdrop", "new clashes": not the event reported before
_FRESH = re.compile(r"\b(?:another|new|fresh|further|more(?!\s+than)|additional|separate|renewed|"
                    r"an?\s+(?:second|third|fourth|fifth))\s+(?:[\w'’-]+\s+){0,2}$", re.I)
_ABOUT_A_TRUCE = frozenset({"ceasefire_violation", "hostilities_halted"})
_DEFINITE_TRUCE = re.compile(r"\b(?:the|this|that|its)\s+(?:[\w'’-]+\s+)?(?:truce|ceasefire|"
                             r"cease-fire|cessation|agreement|deal|accord|hudna)\b", re.I)
_DEFINITE = re.compile(r"\b(?:the|this|that|these|those|its|their|such)\s+(?:[\w'’-]+\s+)?$",
                       re.I)  # fmt: skip


def venues_to_talks(walk: Walk, triggers: list[Trigger], owned: list[list[Location]],
                    locs: list[Location] = ()) -> list[list[Location]]:  # fmt: skip
    """An agreement is placed where it applies, not where it was made: a place abroad ("agreed
    in Geneva") goes to the talks of the same sentence that have no place of their own, else
    nowhere; the agreement then takes the places of the truce named before, or the country.
    Talks with no venue of their own meet at the sentence's venue abroad, if it names one
    ("announced in Ankara, after four hours of talks, a pause ... between Tal Abyad and Ras
    al-Ain": Ankara, not the towns the pause covers)."""
    home = walk.nation.place.country if walk.nation else None
    body = walk.article.body
    venues = []
    out = list(owned)
    for i, t in enumerate(triggers):
        if t.event_type == "ceasefire_agreed":
            abroad = [loc for loc in owned[i] if venue(body, loc, home, _covered_opening())]
            out[i] = [loc for loc in owned[i] if loc not in abroad]
            venues += abroad
    abroad = [loc for loc in locs if loc.venue and _abroad(loc, home)]
    for i, t in enumerate(triggers):
        if t.event_type not in MEETINGS or any(loc in abroad for loc in out[i]):
            continue
        elsewhere = [loc for loc in abroad if not any(
            loc in out[j] for j, u in enumerate(triggers) if j != i and u.event_type in MEETINGS)]
        if elsewhere:
            out[i] = [min(elsewhere, key=lambda loc: abs(loc.mention.start - t.start))]
        elif not out[i]:
            out[i] = venues
    return out


def _abroad(loc: Location, home: str | None) -> bool:
    """Whether a place lies outside the article's country (any place when that is unknown)."""
    return home is None or loc.mention.place.country not in (home, None)


@cache
def _covered_opening():
    pattern = compile_phrases(["@ceasefire|pause|zone|zones|effect|force|began|"
                               "begins|started|starts in|for|across|covering|around|throughout|"
                               "over|on"], load_rules("events")["topics"])
    assert pattern is not None
    return pattern


def inherited_places(
    walk: Walk,
    index: int,
    trigger: Trigger,
    clause: tuple[int, int],
    locs: list[Location],
    *,
    concrete: bool,
) -> list[PlaceRef]:
    body = walk.article.body
    plural = plural_anaphor(body, clause[0], clause[1])
    if plural:  # "no air strikes in the three provinces": the three named just before
        n, kinds, at = plural
        pool = recent_places(walk)
        found = antecedents(pool + [loc for loc in locs if loc.mention.end <= at], n, kinds)
        if found:
            return [ref(loc.mention, "there") for loc in found]
    pointer = anaphor(body, clause[0], clause[1])
    if pointer and pointer[0] == "country" and walk.nation:
        return [replace(walk.nation, how="nation")]
    if pointer and pointer[0] == "local":
        word = body[pointer[1] : pointer[2]].lower()
        # "set out from Damascus and entered the town": not the place left
        here = [loc for loc in locs if loc.mention.end <= pointer[1]
                and not (loc.origin and trigger.rule.moves)]  # fmt: skip
        before = here or last_places(walk)
        if any(w in word for w in _WIDE_ANAPHORS):  # "the enclave": a region named a bit earlier
            wide = [loc for loc in recent_places(walk)
                    if geo_precision(loc.mention.place.kind) == "admin1"]  # fmt: skip
            before = before if any(loc in wide for loc in before) else (wide or before)
        antecedent = _antecedent(before, word)
        if antecedent:
            return [ref(antecedent.mention, "there")]
    if trigger.rule.needs_place:
        return []
    if known(body, trigger, clause):
        family = FAMILY.get(trigger.event_type, {trigger.event_type})
        for past_index, event_type, places, _when in reversed(walk.history):
            if index - past_index > COREFERENCE_SENTENCES:
                break
            if event_type in family:
                return [replace(p, how="same-event") for p in places]
    if concrete and walk.focus:
        return [replace(walk.focus, how="article-focus")]
    if concrete and walk.nation:
        return [replace(walk.nation, how="article-country")]
    return []


def _antecedent(candidates: list[Location], anaphor_text: str) -> Location | None:
    """The last place named that the anaphor can mean: not a country, and a settlement for
    "the city"/"the town", a governorate for "the province"."""
    places = [c for c in candidates if c.mention.place.kind != COUNTRY] or candidates
    wanted = next((kinds for word, kinds in _ANAPHOR_KINDS.items() if word in anaphor_text), None)
    fitting = [c for c in places if wanted and geo_precision(c.mention.place.kind) in wanted]
    chosen = fitting or places
    return chosen[-1] if chosen else None


def same_event_date(
    walk: Walk, index: int, trigger: Trigger, *, any_date: bool
) -> EventDate | None:
    """The date of the same kind of event just before: one the text gave it, or any (for an
    event referred to as known, which is the same event)."""
    for past_index, event_type, _places, when in reversed(walk.history):
        if index - past_index > COREFERENCE_SENTENCES:
            return None
        if event_type == trigger.event_type and (any_date or when.how in ("clause", "sentence")):
            return when if any_date else replace(when, how="same-event")
    return None


def known(body: str, trigger: Trigger, clause: tuple[int, int]) -> bool:
    """An event already reported: "the deal", or for aid a known subject ("The supplies ...
    were brought in by three trucks")."""
    if _definite(body, trigger):
        return True
    if trigger.event_type in _ABOUT_A_TRUCE and _DEFINITE_TRUCE.search(body, trigger.start,
                                                                       trigger.end):
        return True  # "accused the rebels of violating the truce": the truce named before
    return trigger.event_type in FAMILY and bool(_known_aid().match(body, clause[0], clause[1]))


@cache
def _known_aid():
    pattern = compile_phrases(["the|this|these|those ~ @aid|convoy*|truck*|lorr*|shipment*|"
                               "deliver*|airdrop*"], load_rules("events")["topics"])
    assert pattern is not None
    return pattern


def _definite(body: str, trigger: Trigger) -> bool:
    """ "the ceasefire deal", "the negotiations": an event already known, not a new one.

    Only a determiner before the trigger counts: in "accepts the terms of the deal" or
    "discussed the deal" the deal is known, but the acceptance or discussion is new.
    """
    text = body[trigger.start : trigger.end].lower()
    before = body[max(0, trigger.start - 40) : trigger.start]
    return text.startswith(("the ", "this ", "that ")) or bool(_DEFINITE.search(before))


def fresh(body: str, trigger: Trigger, clause: tuple[int, int]) -> bool:
    """ "another convoy", "a second airdrop": a new event, not the one reported before."""
    return bool(_FRESH.search(body, max(clause[0], trigger.start - 30), trigger.start))
