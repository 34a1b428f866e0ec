"""Place references across sentences: what the article is about (its country, the place it
dwells on), datelines, venues abroad, and words that point back at places ("there", "the town",
"the three provinces").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache

from gazetteer.place import (
    ADMIN1,
    AIRBASE,
    CAMP,
    CITY,
    COUNTRY,
    CROSSING,
    DISTRICT,
    REGION,
    SITE,
    TOWN,
    VILLAGE,
)
from pipeline.event_places import DATELINE, Location, is_demonym
from pipeline.model import Mention
from pipeline.phrases import compile_phrases
from pipeline.rules_loader import load_rules

FOCUS_MIN_MENTIONS = 2  # an article's focus place is named at least this often ...
FOCUS_SHARE = 0.5  # ... and makes at least this share of its places below country level
NAMED_WEIGHT = 0.5  # a country named counts this much towards the article's country


@cache
def _anaphora() -> tuple[re.Pattern[str], re.Pattern[str]]:
    rules = load_rules("places")
    local = compile_phrases(rules["anaphora_local"])
    country = compile_phrases(["|".join(rules["anaphora_country"])])
    assert local and country
    return local, country


def dateline_end(body: str) -> int:
    """Where a dateline opening the body ends ("AMMAN, July 9 - "), else 0: its place and date
    say where and when the reporter filed, not where or when anything happened."""
    line = DATELINE.match(body)
    return line.end() if line else 0


COVERED_GAP_WORDS = 4  # "a truce in Yemen's Red Sea port city of Hodeidah"


def venue(body: str, loc: Location, home: str | None, opening: re.Pattern[str]) -> bool:
    """Whether a place is where an agreement was made rather than a place it covers: in another
    country than the article's ("agreed by Kerry and Lavrov in Geneva"), unless words of a truce
    just before name it as covered ("a truce in Gaza"; `opening` matches those words)."""
    place = loc.mention.place
    if home is None or place.country in (home, None):
        return False
    before = body[max(0, loc.mention.start - 80) : loc.mention.start]
    found = list(opening.finditer(before))
    return not (found and len(before[found[-1].end() :].split()) <= COVERED_GAP_WORDS)


_EXISTENTIAL = re.compile(r"there\s+(?:is|are|was|were|has|have|had|will|would|seems?|"
                         r"appears?|remains?|may|might|could|must|should)\b", re.IGNORECASE)
_PLURAL = re.compile(
    r"\b(?:the|these|those|all|both)\s+(?:(?P<n>two|three|four|five|six|seven|eight|nine|ten|"
    r"\d)\s+)?(?:[a-z][\w-]*\s+){0,2}?(?P<noun>towns|villages|cities|provinces|governorates|"
    r"areas|districts|neighbourhoods|neighborhoods|localities|settlements|regions|camps|"
    r"crossings)\b", re.IGNORECASE)
_NUMBERS = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10}  # fmt: skip
_SETTLEMENTS = frozenset({CITY, TOWN, VILLAGE, DISTRICT})
_PLURAL_KINDS = {"provinces": {ADMIN1}, "governorates": {ADMIN1}, "regions": {ADMIN1, REGION},
                 "camps": {CAMP}, "crossings": {CROSSING},
                 "areas": _SETTLEMENTS | {REGION, SITE, CAMP, CROSSING, AIRBASE}}  # fmt: skip


def anaphor(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """A word in text[start:end] pointing at a place: ("local"|"country", start, end).

    "there" is no pointer when it opens an existential ("there had been no air strikes")."""
    local, country = _anaphora()
    for kind, pattern in (("country", country), ("local", local)):
        for m in pattern.finditer(text, start, end):
            if kind == "local" and _EXISTENTIAL.match(text, m.start(), end):
                continue
            return kind, m.start(), m.end()
    return None


def plural_anaphor(text: str, start: int, end: int) -> tuple[int, frozenset[str], int] | None:
    """ "the three provinces", "both towns", "the two northern villages": (how many, the place
    kinds they can be, where the phrase starts), or None. Needs a number ("both" is two), so
    that "the besieged areas" (places never named) points nowhere."""
    for m in _PLURAL.finditer(text, start, end):
        word = (m.group("n") or m.group().split()[0]).lower()
        n = _NUMBERS.get(word) or (int(word) if word.isdigit() else 0)
        if n:
            kinds = _PLURAL_KINDS.get(m.group("noun").lower(), _SETTLEMENTS)
            return n, frozenset(kinds), m.start()
    return None


def antecedents(candidates: Sequence[Location], n: int, kinds: frozenset[str]) -> list[Location]:
    """The last `n` distinct places of the kinds asked named before ("the three provinces" after
    "Deraa, Quneitra and Sweida"), in text order; [] when fewer were named."""
    chosen: list[Location] = []
    for loc in reversed(candidates):
        place = loc.mention.place
        if place.kind in kinds and all(c.mention.place.id != place.id for c in chosen):
            chosen.append(loc)
            if len(chosen) == n:
                return chosen[::-1]
    return []


def focus_place(mentions: Sequence[Mention]) -> Mention | None:
    """The place an article is about, when one place below country level dominates it.

    It must be named at least FOCUS_MIN_MENTIONS times and make FOCUS_SHARE of such mentions;
    returns its first mention.
    """
    inner = [m for m in mentions if m.place.kind != COUNTRY]
    counts = Counter(m.place.id for m in inner)
    if not counts:
        return None
    place_id, n = counts.most_common(1)[0]
    if n < FOCUS_MIN_MENTIONS or n < FOCUS_SHARE * len(inner):
        return None
    return next(m for m in inner if m.place.id == place_id)


def main_country(mentions: Sequence[Mention]) -> tuple[str, Mention | None] | None:
    """The country the article is about, with its first mention by name.

    The country of most places below country level ("Hama", "Madaya"); countries named
    themselves count half, as they are more often actors ("Russia said") - enough to decide
    between a venue and the places of the story ("in Geneva" thrice, "Tripoli", "Benghazi" and
    "all of Libya").
    """
    counts: Counter[str] = Counter()
    for m in mentions:
        if m.place.country:
            inner = m.place.kind != COUNTRY
            counts[m.place.country] += 1.0 if inner else 0.0 if is_demonym(m) else NAMED_WEIGHT
    if not counts:
        return None
    code = counts.most_common(1)[0][0]
    named = next((m for m in mentions if m.place.kind == COUNTRY and m.place.country == code
                  and not is_demonym(m)), None)  # fmt: skip
    return code, named
