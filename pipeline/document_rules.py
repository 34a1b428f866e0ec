"""The resolver's rules that read the rest of the article: the countries and units its other
names read in, the places near a reading, the article's home country, and the other
occurrences of the same name.

Each rule is ``(doc, i, place) -> float`` with a one-line reason, summed by `pipeline.resolve`
after a first pass has read every name without them (`pipeline.name_rules` reads one name).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from gazetteer.place import ADMIN1, COUNTRY, Place
from pipeline.context import Doc, km
from pipeline.name_rules import NEARBY_KM, SPELLING_WEIGHT
from pipeline.readings import MEMO_SIZE, PLAUSIBLE, WORDS, fit

FOCUS_WEIGHT = 3.0  # times the share of the document's places in the candidate's country
NEARBY_BONUS = 1.5
ADMIN1_WEIGHT = 3.0  # times the share of the document's evidence for the candidate's admin1
HOME_BONUS = 3.0  # a reading in the article's home country (`pipeline.context.leanings`)
SAME_NAME_BONUS = 6.0  # a reading in the country a qualified occurrence of the name means: it
# outweighs the home country and the country focus (the text said which place it is)
SAME_NAME_MARGIN = 2.0  # how far that occurrence's reading leads those in other countries
VETO = 20.0  # a reading the text rules out (a descriptive name far from the article's home)
_NAME_GAP = re.compile(r"[\s\-\u2010\u2011]+")


def country_focus(doc: Doc, i: int, p: Place) -> float:
    """A document about Syria means the Syrian Homs: weight by the other names' countries."""
    total = doc.focus_sum - doc.own_sums[i][0]
    if total <= 0 or not p.country:
        return 0.0
    return FOCUS_WEIGHT * (doc.focus[p.country] - doc.evidence[i][0][p.country]) / total


def admin1_focus(doc: Doc, i: int, p: Place) -> float:
    """A document naming Texas (or several Texan towns) means Paris, Texas."""
    total = doc.units_sum - doc.own_sums[i][1]
    if p.kind in (COUNTRY, ADMIN1) or not p.admin1 or total <= 0:
        return 0.0
    return ADMIN1_WEIGHT * (doc.units[p.admin1] - doc.evidence[i][1][p.admin1]) / total


def near_other_places(doc: Doc, i: int, p: Place) -> float:
    """Places of one article lie together: candidates near the other names' readings win."""
    if p.kind == COUNTRY or not doc.site_points:
        return 0.0
    me = doc.spotted[i].key
    span = NEARBY_KM / 111.0  # degrees of latitude: a cheap box before the exact distance
    wide = span / max(0.05, math.cos(math.radians(p.lat)))
    lat, lon = p.lat, p.lon
    near = 0
    for q_lat, q_lon, key, q in doc.site_points:
        if (abs(q_lat - lat) <= span and abs(q_lon - lon) <= wide and key != me
                and km(q, p) <= NEARBY_KM):
            near += 1
            if near == 3:  # no more counts
                break
    return NEARBY_BONUS * near / 3


def home_country(doc: Doc, i: int, p: Place) -> float:
    """An article about Syria means the Syrian Ma'an, not the Jordanian governorate: the other
    names' unambiguous readings make a home country (else the tool's default home leans so,
    `pipeline.context.leanings`), and its readings come first."""
    return HOME_BONUS if p.country and p.country == doc.leanings[i] else 0.0


def descriptive_name_abroad(doc: Doc, i: int, p: Place) -> float:
    """A name of ordinary words ("Old City", "Red Sea", "Middle East") is a place abroad only
    where the article names that country otherwise: in a Homs story the Old City is Homs's."""
    home = doc.homes[i]
    if home is None or p.country == home or p.kind == COUNTRY or not p.country:
        return 0.0
    own = doc.votes[i]
    if doc.home_votes[p.country] - (own[1] if own and own[0] == p.country else 0.0) > 0:
        return 0.0
    return -VETO if descriptive(doc.spotted[i].folded, alone=True) else 0.0


@lru_cache(maxsize=MEMO_SIZE)
def descriptive(folded: str, *, alone: bool = False) -> bool:
    """Whether a name of several words is made of ordinary English words only (with `alone`,
    one ordinary word too: "the Opposing Sides" in a Syrian story is no Haitian unit)."""
    words = _NAME_GAP.split(folded)
    return (len(words) > 1 or (alone and folded in WORDS.common_words)) and all(
        w in WORDS.common_words or w in WORDS.function_words for w in words)


def neighbour_by_other_name(doc: Doc, i: int, p: Place) -> float:
    """A neighbouring country's place spelt like the text only by another of its names ("al-
    Samra" for Turkey's Mazidagi, once called Samra) is no reading in an article about
    another country: the spelling its own name earns counts, as for places further away."""
    home = doc.homes[i]
    if home is None or p.country == home or p.kind == COUNTRY or p.country not in doc.region:
        return 0.0
    own = fit(doc.spotted[i].folded, p.name)
    return SPELLING_WEIGHT * (own - 1.0) if own < PLAUSIBLE else 0.0


def one_country_per_name(doc: Doc, i: int, p: Place) -> float:
    """A name means one place in one article: the country its surest occurrence reads in
    ("the Syrian border town of Ras al-Ain") holds for its bare occurrences too."""
    country = doc.name_countries.get(doc.spotted[i].key)
    return SAME_NAME_BONUS if country is not None and country == p.country else 0.0


def name_countries_of(doc: Doc, firsts: list[list[tuple[float, Place]]]) -> dict[str, str]:
    """Per name named more than once, the country its surest occurrence reads in, when the
    words around that occurrence moved its reading there (its first-pass reading lies in
    another country than its prior's) with a lead of `SAME_NAME_MARGIN` over every reading
    elsewhere: "the border town of X" (where X's likeliest namesake is abroad), "X, Texas",
    "Aleppo's X"; not "the city of San Jose", which changes no country."""
    counts = Counter(s.key for s in doc.spotted)
    best: dict[str, tuple[float, str]] = {}
    for i, (s, scored) in enumerate(zip(doc.spotted, firsts, strict=True)):
        if counts[s.key] < 2 or not scored or not scored[0][1].country:
            continue
        country = scored[0][1].country
        if doc.scored[i][0][1].country == country:
            continue  # the prior already reads it there: the context told nothing new
        margin = scored[0][0] - max((sc for sc, q in scored if q.country != country),
                                    default=-VETO)
        if margin >= SAME_NAME_MARGIN and margin > best.get(s.key, (0.0, ""))[0]:
            best[s.key] = (margin, country)
    return {key: country for key, (_, country) in best.items()}
