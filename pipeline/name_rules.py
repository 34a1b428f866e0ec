"""The resolver's rules that read one name: its readings' kind, population and spelling (the
prior, memoised across articles) and the words and names right around it (the context).

Each rule is ``(doc, i, place) -> float``, a log-odds bonus for reading name ``doc.spotted[i]``
as `place`, with a one-line reason in its docstring; `pipeline.resolve` sums them
(`pipeline.document_rules` holds the rules that read the rest of the article).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

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
    Place,
)
from gazetteer.ranking import default_home
from pipeline.context import PARENT_GAPS, POSSESSIVE_GAPS, SETTLEMENTS, Doc, admin1_of, km
from pipeline.readings import (
    ARABIC_ARTICLES,
    PLAUSIBLE,
    fast_fold,
    fit,
    initials_of,
    seat_of_power,
)

# Prior by kind (log-odds): wider, better-known units are what a bare name usually means.
KIND_PRIOR = {COUNTRY: 3.0, ADMIN1: 2.2, CITY: 1.2, REGION: 1.0, TOWN: 0.4, DISTRICT: 0.0,
              AIRBASE: 0.2, CROSSING: 0.2, CAMP: 0.2, SITE: 0.0, VILLAGE: -0.3}
POPULATION_WEIGHT = 0.25  # per factor e of population: Paris (2M) beats Paris, Texas (25k)
QUALIFIER_BONUS = 4.0  # "Hama province" -> the governorate, overriding priors
WITH_PARENT_BONUS = 5.0  # "Douma, Rif Dimashq" -> the Douma inside Rif Dimashq
NEARBY_KM = 250.0  # another place of the document this close supports a candidate
NAMESAKE_BONUS = 1.5
REGION_BONUS = 1.0  # for places in the gazetteer's focus region (Syria and its neighbours)
SPELLING_WEIGHT = 6.0  # per unit of spelling fit lost: "Hama" vs "Qom" (0.29) costs 4.3
CAPITAL_BONUS = 2.0  # a national capital over its namesake unit (Washington, D.C.)
ARTICLE_PENALTY = 20.0  # a country reading of a name written with an Arabic article: never
_INITIALS = re.compile(r"(?:[A-Z]\.?){2,4}")  # "US", "U.S.", "UK", "DRC"
_WITH_ARTICLE = re.compile(rf"(?:{ARABIC_ARTICLES})[-\u2010\u2011 ]")


def kind_and_population(doc: Doc, i: int, p: Place) -> float:
    """A bare name most often means the wider or more populous place."""
    return KIND_PRIOR.get(p.kind, 0.0) + POPULATION_WEIGHT * math.log1p(max(p.population, 0))


def spelling(doc: Doc, i: int, p: Place) -> float:
    """Name keys merge look-alikes ("Hama" keys like Qom): the place spelt like the text wins,
    by its own name or, in the focus region, by one of its other names ("Palmyra" is a name of
    Tadmur; everywhere, that costs LGL and GeoVirus precision: bench/geoparse_eval.py)."""
    return SPELLING_WEIGHT * (spelt(doc, i, p) - 1.0)


def spelt(doc: Doc, i: int, p: Place) -> float:
    """The spelling fit of reading `p` of name `i`: by its own name, by its initials for a
    country or unit ("US", "U.S.", "UK", "DRC"; `initials`), or by any of its names for
    focus-region places ("Palmyra" for Tadmur)."""
    s = doc.spotted[i]
    if p.kind in (COUNTRY, ADMIN1):
        letters = initials(doc, i)
        if letters is not None and letters == initials_of(p.name):
            return 1.0
    spelt = fit(s.folded, p.name)
    if spelt < 1.0 and p.country in doc.region and hasattr(doc.gz, "spelling_match"):
        spelt = max(spelt, doc.gz.spelling_match(s.text, p.id))
    return spelt


def initials(doc: Doc, i: int) -> str | None:
    """The letters of name `i` when it is written as initials ("US", "U.S.", "DRC"), else None
    (in a line written in capitals the spotter keeps no such word: `pipeline.spotfilters`)."""
    text = doc.spotted[i].text
    return text.replace(".", "") if _INITIALS.fullmatch(text) else None


def demonyms(doc: Doc) -> Mapping[str, str]:
    """The gazetteer's demonyms (name key -> country), or none for a stand-in gazetteer."""
    return doc.gz.demonyms() if hasattr(doc.gz, "demonyms") else {}


def region_focus(doc: Doc, i: int, p: Place) -> float:
    """The gazetteer's focus region (Syria and its neighbours) is what this tool reports on."""
    return REGION_BONUS if p.country in doc.region else 0.0


def article_is_no_country(doc: Doc, i: int, p: Place) -> float:
    """A name written with an Arabic article ("Al-Malaah", "al-Ta'ai") is a place in Arabic
    reporting, never a country or its demonym (Malaysia, Thailand) whose key it shares, unless
    the country's name has the article too (El Salvador)."""
    if p.kind != COUNTRY or not _WITH_ARTICLE.match(doc.spotted[i].folded):
        return 0.0
    return 0.0 if _WITH_ARTICLE.match(fast_fold(p.name)) else -ARTICLE_PENALTY


def seat_is_the_building(doc: Doc, i: int, p: Place) -> float:
    """A seat of government the spotter kept ("talks in the Kremlin") is the building, a site,
    never a town named so (but "White House, Tennessee" is the town)."""
    s = doc.spotted[i]
    if p.kind == SITE or not seat_of_power(doc.body, s.start, s.end, s.folded):
        return 0.0
    return -ARTICLE_PENALTY


def national_capital(doc: Doc, i: int, p: Place) -> float:
    """A national capital named like a first-level unit of its country is what the bare name
    means ("talks in Washington" are not in Washington state; "Mexico" stays the country)."""
    is_capital = getattr(doc.gz, "is_capital", None)
    if is_capital is None or p.kind == ADMIN1 or not is_capital(p.id):
        return 0.0
    same = [q.kind for q in doc.candidates[i] if q.country == p.country]
    return CAPITAL_BONUS if ADMIN1 in same and COUNTRY not in same else 0.0


def namesake_capital(doc: Doc, i: int, p: Place) -> float:
    """A bare name shared by a unit and a town in it ("Homs", "Hama") means the town."""
    if p.kind not in SETTLEMENTS or not p.admin1:
        return 0.0
    return NAMESAKE_BONUS if p.admin1 in doc.units_named[i] else 0.0


def qualifier_kind(doc: Doc, i: int, p: Place) -> float:
    """"Hama province", "the city of Hama", "the Mezzeh airbase": the text says which kind."""
    asks = doc.asks[i]
    if not asks:
        return 0.0
    fitting = doc.fitting.get(i)
    if fitting is None:
        fitting = doc.fitting[i] = _fitting(doc, i, asks)
    if not fitting:
        return 0.0  # "the city of Damascus, Syria", "Syrian provinces": no such reading
    return QUALIFIER_BONUS if p.id in fitting else -QUALIFIER_BONUS


def _fitting(doc: Doc, i: int, asks: frozenset[str]) -> set[str]:
    """Ids of the readings of name `i` of an asked kind that the text may mean: spelt like it
    (a place of the tool's home country by any of its names, whose wire spellings the
    gazetteer holds: "the district of Salah al-Din" is Aleppo's Salaheddine; elsewhere by its
    own name: "the border town of Ras al-Ain" is no Turkish town called so by another name),
    or sharing a unit with a reading spelt like it (Ḩimş governorate around Homs city; Deir
    ez-Zor city in the governorate spelt Dayr az Zawr)."""
    folded = doc.spotted[i].folded
    places = doc.candidates[i]
    home = default_home(doc.gz)
    spelt_so = [q for q in places if fit(folded, q.name) >= PLAUSIBLE or (
        q.country == home and spelt(doc, i, q) >= PLAUSIBLE)]
    units = {admin1_of(q) for q in spelt_so} - {None}
    return {q.id for q in places if q.kind in asks and (q in spelt_so or admin1_of(q) in units)}


def named_with_parent(doc: Doc, i: int, p: Place) -> float:
    """"Douma, Rif Dimashq" / "Athens, Ga.": the next name is a unit that contains the place."""
    j = i + 1
    if j >= len(doc.spotted) or doc.body[doc.spotted[i].end:doc.spotted[j].start] not in (
            PARENT_GAPS):
        return 0.0
    parents = [q for q in doc.candidates[j] if q.kind in (ADMIN1, COUNTRY, REGION)]
    if not parents or p.kind in (COUNTRY,):
        return 0.0
    for q in parents:
        if q.kind == ADMIN1 and p.admin1 and p.admin1 == admin1_of(q):
            return WITH_PARENT_BONUS
        if q.kind == COUNTRY and p.country == q.country:
            return WITH_PARENT_BONUS / 2
        if q.kind == REGION and km(p, q) <= NEARBY_KM / 5:
            return WITH_PARENT_BONUS / 2
    return 0.0


def named_after_parent(doc: Doc, i: int, p: Place) -> float:
    """"Aleppo's Salaheddine district", "Homs's Old City": a unit or city named with a
    possessive right before contains the place."""
    j = i - 1
    if j < 0 or p.kind == COUNTRY or doc.body[doc.spotted[j].end:doc.spotted[i].start] not in (
            POSSESSIVE_GAPS):
        return 0.0
    for q in doc.candidates[j]:
        if q.kind == COUNTRY and p.country == q.country:
            return WITH_PARENT_BONUS / 2
        if q.kind != COUNTRY and (p.admin1 and p.admin1 == (admin1_of(q) or q.admin1)):
            return WITH_PARENT_BONUS
    return 0.0
