"""Ranking the places that bear a name: what a reader of Syria's war reporting expects first.

A score adds up, in units of one order of magnitude of population:

- the population (log10; an unknown population counts as `POPULATION_FLOOR`),
- a prior by kind (a country outranks a town of the same name: "Jordan", "Lebanon"),
- a bonus when the place lies in the focus region (Syria and its neighbours by default), so
  "Madaya" is the besieged Syrian town and not the larger one in Myanmar,
- a bonus for a national capital ("Washington" is the capital before the state),
- a settlement inside a first-level unit of the same name (Hama city in Hama governorate) goes
  just before that unit: a bare name means the city (a "province" around it is the geoparser's
  call); the rule reorders the two and lifts the city above nothing else,
- a bonus when the name is the place's canonical name rather than one of its alternate names,
- a bonus for the spelling: how well the vowels of the query agree with those of the place's
  own spellings of the name (keys fold a/e, so a text's "Deraa" reaches Daraa, but a place
  spelled with the text's own vowels comes first),
and an analyst's own places (``usr:``) come before every bundled place of the same name.

No name is special-cased: the same rule ranks Damascus (Syria) over Damascus (Oregon) and
Paris (France) over Paris (Texas).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence

from gazetteer.names import signature_match
from gazetteer.place import ADMIN1, CITY, COUNTRY, REGION, TOWN, VILLAGE, Place

# Syria and the countries bordering it; the first is the tool's home country.
DEFAULT_FOCUS: tuple[str, ...] = ("SY", "LB", "JO", "IQ", "TR", "IL", "PS")

POPULATION_FLOOR = 1_000  # GeoNames' cities500 lists places of 500+ people; 0 means unknown
KIND_PRIOR = {COUNTRY: 5.0, ADMIN1: 1.0, REGION: 0.5}  # a country before its namesake capital
FOCUS_BONUS = 2.0  # a focus-region place of 1,000 people ties a place of 100,000 elsewhere
NAMESAKE_MARGIN = 0.01  # a settlement named like its own unit ranks this far above the unit
CANONICAL_BONUS = 0.5
CAPITAL_BONUS = 2.5  # Washington, D.C. (690,000) before Washington state (summed 6.5 million)
SPELLING_BONUS = 4.0  # times `signature_match` of the query's vowels and the place's (0..1)
SETTLEMENTS = frozenset({CITY, TOWN, VILLAGE})


def score(place: Place, *, canonical: bool, spelling: float, capital: bool,
          focus: Collection[str]) -> float:
    """How likely `place` is the reading of a name it bears (higher is likelier)."""
    s = math.log10(max(place.population, POPULATION_FLOOR)) + KIND_PRIOR.get(place.kind, 0.0)
    s += SPELLING_BONUS * spelling
    if place.country in focus:
        s += FOCUS_BONUS
    if canonical:
        s += CANONICAL_BONUS
    if capital:
        s += CAPITAL_BONUS
    return s


def rank(candidates: Sequence[tuple[Place, str, tuple[str, ...]]], key: str,
         signature: str | None, focus: Collection[str],
         capitals: Collection[str] = ()) -> list[Place]:
    """Candidates (place, key of its canonical name, vowel signatures of its spellings of
    `key`) for name key `key` written with vowel `signature` (None: unknown), best first;
    `capitals` holds the ids of national capitals."""
    scores = {}
    for place, own_key, sigs in candidates:
        spelling = 1.0 if signature is None or signature in sigs else max(
            [signature_match(signature, s) for s in sigs], default=0.0)
        scores[place.id] = score(place, canonical=own_key == key, spelling=spelling,
                                 capital=place.id in capitals, focus=focus)
    scored = []
    for place, _, _ in candidates:
        s = scores[place.id]
        unit = scores.get(f"iso:{place.admin1}") if place.kind in SETTLEMENTS else None
        if unit is not None:  # a namesake settlement goes just before its own unit
            s = max(s, unit + NAMESAKE_MARGIN)
        scored.append((not place.id.startswith("usr:"), -s, place.id, place))
    scored.sort(key=lambda t: t[:3])
    return [t[3] for t in scored]


def capital_of(gz, country: str | None) -> Place | None:
    """The national capital of `country` (ISO code) in gazetteer `gz`, or None: the
    gazetteer's own `capital_of` (kept here for geoparser code of earlier revisions, which
    bench/same_output.py runs)."""
    return gz.capital_of(country)


def default_home(gz) -> str | None:
    """The country a text that says nothing else is about: the gazetteer's own `home` if it
    has one, else the first country of `DEFAULT_FOCUS` while it is in the gazetteer's focus
    (the focus is kept as a set, so its order is lost); None for another focus."""
    home = getattr(gz, "home", None)
    if isinstance(home, str):
        return home
    return DEFAULT_FOCUS[0] if DEFAULT_FOCUS[0] in getattr(gz, "focus", ()) else None
