"""Choosing the gazetteer entry a spotted name means, from the whole document.

Each candidate place of a spotted name gets a score that is the sum of small named rules
(`RULES`), each a function ``(doc, spotted, place) -> float`` with a one-line reason: the kind
the text asks for ("Hama province", "the city of Hama", "the provinces of Hama, Homs ..."), a
town named with its province ("Douma, Rif Dimashq"), the country the document is about, the
other places of the document nearby, then kind and population as the prior. The best candidate
wins; the mention's score (0..1) says how far ahead of the others it is and how sure the spot was.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

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
from gazetteer.ranking import capital_of
from pipeline.context import (
    PARENT_GAPS,
    POSSESSIVE_GAPS,
    SETTLEMENTS,
    Doc,
    admin1_of,
    evidence,
    home_vote,
    homes,
    km,
    qualifiers,
    spread,
)
from pipeline.mentions import Spotted
from pipeline.model import Article, Mention
from pipeline.readings import MEMO_SIZE, PLAUSIBLE, WORDS, candidates, fast_fold, fit, memo

# Prior by kind (log-odds): wider, better-known units are what a bare name usually means.
KIND_PRIOR = {COUNTRY: 3.0, ADMIN1: 2.2, CITY: 1.2, REGION: 1.0, TOWN: 0.4, DISTRICT: 0.0,
              AIRBASE: 0.2, CROSSING: 0.2, CAMP: 0.2, SITE: 0.0, VILLAGE: -0.3}
POPULATION_WEIGHT = 0.25  # per factor e of population: Paris (2M) beats Paris, Texas (25k)
QUALIFIER_BONUS = 4.0  # "Hama province" -> the governorate, overriding priors
WITH_PARENT_BONUS = 5.0  # "Douma, Rif Dimashq" -> the Douma inside Rif Dimashq
FOCUS_WEIGHT = 3.0  # times the share of the document's places in the candidate's country
NEARBY_KM = 250.0  # another place of the document this close supports a candidate
NEARBY_BONUS = 1.5
ADMIN1_WEIGHT = 3.0  # times the share of the document's evidence for the candidate's admin1
# A one-word name whose best reading scores below this (and is not a focus-region place spelt
# like the text) is too weakly supported to report: mostly surnames and ordinary words that
# are also names of hamlets (measured on LGL: 4.0 -> F1 0.623, 4.5 -> 0.637).
MIN_SCORE = 4.5
NAMESAKE_BONUS = 1.5
REGION_BONUS = 1.0  # for places in the gazetteer's focus region (Syria and its neighbours)
SHORTLIST = 8  # candidates per name the context rules weigh
ARTICLE_PENALTY = 20.0  # a country reading of a name written with an Arabic article: never
_WITH_ARTICLE = re.compile(r"(?:al|el|ad|ar|as|ash|at|az|ez|es|ed|an|en|ul)[-\u2010\u2011 ]")
SPELLING_WEIGHT = 6.0  # per unit of spelling fit lost: "Hama" vs "Qom" (0.29) costs 4.3
CAPITAL_BONUS = 2.0  # a national capital over its namesake unit (Washington, D.C.)
HOME_BONUS = 3.0  # a reading in the article's home country (`pipeline.context.homes`)
SAME_NAME_BONUS = 6.0  # a reading in the country a qualified occurrence of the name means: it
# outweighs the home country and the country focus (the text said which place it is)
SAME_NAME_MARGIN = 2.0  # how far that occurrence's reading leads those in other countries
VETO = 20.0  # a reading the text rules out (a descriptive name far from the article's home)
DROP_BELOW = -VETO / 2  # a name whose best reading scores below this is no mention at all
_NAME_GAP = re.compile(r"[\s\-\u2010\u2011]+")
# --- rules: (doc, index of the spotted name, candidate) -> log-odds bonus ---------------------

def kind_and_population(doc: Doc, i: int, p: Place) -> float:
    """A bare name most often means the wider or more populous place."""
    return KIND_PRIOR.get(p.kind, 0.0) + POPULATION_WEIGHT * math.log1p(max(p.population, 0))


def article_is_no_country(doc: Doc, i: int, p: Place) -> float:
    """A name written with an Arabic article ("Al-Malaah", "al-Ta'ai") is a place in Arabic
    reporting, never a country or its demonym (Malaysia, Thailand) whose key it shares, unless
    the country's name has the article too (El Salvador)."""
    if p.kind != COUNTRY or not _WITH_ARTICLE.match(doc.spotted[i].folded):
        return 0.0
    return 0.0 if _WITH_ARTICLE.match(fast_fold(p.name)) else -ARTICLE_PENALTY


def national_capital(doc: Doc, i: int, p: Place) -> float:
    """A national capital named like a first-level unit of its country is what the bare name
    means ("talks in Washington" are not in Washington state; "Mexico" stays the country)."""
    is_capital = getattr(doc.gz, "is_capital", None)
    if is_capital is None or p.kind == ADMIN1 or not is_capital(p.id):
        return 0.0
    same = [q.kind for q in doc.candidates[i] if q.country == p.country]
    return CAPITAL_BONUS if ADMIN1 in same and COUNTRY not in same else 0.0


def region_focus(doc: Doc, i: int, p: Place) -> float:
    """The gazetteer's focus region (Syria and its neighbours) is what this tool reports on."""
    return REGION_BONUS if p.country in doc.region else 0.0


def spelling(doc: Doc, i: int, p: Place) -> float:
    """Name keys merge look-alikes ("Hama" keys like Qom): the place spelt like the text wins,
    by its own name or, in the focus region, by one of its other names ("Palmyra" is a name of
    Tadmur; everywhere, that costs LGL and GeoVirus precision: bench/geoparse_eval.py)."""
    return SPELLING_WEIGHT * (_spelt(doc, i, p) - 1.0)


def _spelt(doc: Doc, i: int, p: Place) -> float:
    """The spelling fit of reading `p` of name `i`: by its own name, or by any of its names
    for focus-region places ("Palmyra" for Tadmur)."""
    s = doc.spotted[i]
    spelt = fit(s.folded, p.name)
    if spelt < 1.0 and p.country in doc.region and hasattr(doc.gz, "spelling_match"):
        spelt = max(spelt, doc.gz.spelling_match(s.text, p.id))
    return spelt


def _demonyms(doc: Doc) -> Mapping[str, str]:
    """The gazetteer's demonyms (name key -> country), or none for a stand-in gazetteer."""
    return doc.gz.demonyms() if hasattr(doc.gz, "demonyms") else {}


def qualifier_kind(doc: Doc, i: int, p: Place) -> float:
    """"Hama province", "the city of Hama", "Hmeymim airbase": the text says which kind."""
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
    """Ids of the readings of name `i` of an asked kind that the text may mean: spelt like it,
    or sharing a unit with a reading spelt like it (Ḩimş governorate around Homs city; Deir
    ez-Zor city in the governorate spelt Dayr az Zawr)."""
    folded = doc.spotted[i].folded
    places = doc.candidates[i]
    spelt = [q for q in places if fit(folded, q.name) >= PLAUSIBLE]
    units = {admin1_of(q) for q in spelt} - {None}
    return {q.id for q in places if q.kind in asks and (q in spelt or admin1_of(q) in units)}


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


def country_focus(doc: Doc, i: int, p: Place) -> float:
    """A document about Syria means the Syrian Homs: weight by the other names' countries."""
    total = doc.focus_sum - doc.own_sums[i][0]
    if total <= 0 or not p.country:
        return 0.0
    return FOCUS_WEIGHT * (doc.focus[p.country] - doc.evidence[i][0][p.country]) / total


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


def admin1_focus(doc: Doc, i: int, p: Place) -> float:
    """A document naming Texas (or several Texan towns) means Paris, Texas."""
    total = doc.units_sum - doc.own_sums[i][1]
    if p.kind in (COUNTRY, ADMIN1) or not p.admin1 or total <= 0:
        return 0.0
    return ADMIN1_WEIGHT * (doc.units[p.admin1] - doc.evidence[i][1][p.admin1]) / total


def namesake_capital(doc: Doc, i: int, p: Place) -> float:
    """A bare name shared by a unit and a town in it ("Homs", "Hama") means the town."""
    if p.kind not in SETTLEMENTS or not p.admin1:
        return 0.0
    return NAMESAKE_BONUS if p.admin1 in doc.units_named[i] else 0.0


def home_country(doc: Doc, i: int, p: Place) -> float:
    """An article about Syria means the Syrian Ma'an, not the Jordanian governorate: the other
    names' unambiguous readings make a home country, and its readings come first."""
    return HOME_BONUS if p.country and p.country == doc.homes[i] else 0.0


def descriptive_name_abroad(doc: Doc, i: int, p: Place) -> float:
    """A name of ordinary words ("Old City", "Red Sea", "Middle East") is a place abroad only
    where the article names that country otherwise: in a Homs story the Old City is Homs's."""
    home = doc.homes[i]
    if home is None or p.country == home or p.kind == COUNTRY or not p.country:
        return 0.0
    own = doc.votes[i]
    if doc.home_votes[p.country] - (own[1] if own and own[0] == p.country else 0.0) > 0:
        return 0.0
    return -VETO if _descriptive(doc.spotted[i].folded) else 0.0


@lru_cache(maxsize=MEMO_SIZE)
def _descriptive(folded: str) -> bool:
    """Whether a name of several words is made of ordinary English words only."""
    words = _NAME_GAP.split(folded)
    return len(words) > 1 and all(
        w in WORDS.common_words or w in WORDS.function_words for w in words)


def one_country_per_name(doc: Doc, i: int, p: Place) -> float:
    """A name means one place in one article: the country its surest occurrence reads in
    ("the Syrian border town of Ras al-Ain") holds for its bare occurrences too."""
    country = doc.name_countries.get(doc.spotted[i].key)
    return SAME_NAME_BONUS if country is not None and country == p.country else 0.0


def _name_countries(doc: Doc, firsts: list[list[tuple[float, Place]]]) -> dict[str, str]:
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


# Per rule, whether it can count at all for name `i` (False: it gives 0.0 to every reading, so
# the readings are scored without calling it; most names have no qualifier and no parent).
GUARDS: dict[Callable[[Doc, int, Place], float], Callable[[Doc, int], bool]] = {
    namesake_capital: lambda doc, i: bool(doc.units_named[i]),
    qualifier_kind: lambda doc, i: bool(doc.asks[i]),
    named_with_parent: lambda doc, i: _signature(doc, i)[3] is not None,
    named_after_parent: lambda doc, i: _signature(doc, i)[4] is not None,
    home_country: lambda doc, i: doc.homes[i] is not None,
    one_country_per_name: lambda doc, i: doc.spotted[i].key in doc.name_countries,
    descriptive_name_abroad: lambda doc, i: doc.homes[i] is not None and _descriptive(
        doc.spotted[i].folded),
    country_focus: lambda doc, i: doc.focus_sum - doc.own_sums[i][0] > 0,
    admin1_focus: lambda doc, i: doc.units_sum - doc.own_sums[i][1] > 0,
    near_other_places: lambda doc, i: any(
        key != doc.spotted[i].key for _, _, key, _ in doc.site_points),
}

# The rules, in three groups: the prior reads only the name and the place (memoised across
# articles); the context rules read the words and names around it; the document rules read the
# first-pass readings of every other name of the article.
PRIOR_RULES: tuple[Callable[[Doc, int, Place], float], ...] = (
    kind_and_population, spelling, region_focus, article_is_no_country, national_capital)
CONTEXT_RULES: tuple[Callable[[Doc, int, Place], float], ...] = (
    namesake_capital, qualifier_kind, named_with_parent, named_after_parent)
DOCUMENT_RULES: tuple[Callable[[Doc, int, Place], float], ...] = (
    country_focus, admin1_focus, near_other_places, home_country, descriptive_name_abroad,
    one_country_per_name)
RULES = PRIOR_RULES + CONTEXT_RULES + DOCUMENT_RULES


# --- document context ---------------------------------------------------------------------------

def _ranked(doc: Doc, i: int, gz) -> list[tuple[float, Place]]:
    """The candidates of name `i` with their prior (`PRIOR_RULES`: kind, population, spelling),
    best first; memoised across articles, since the prior reads nothing of the document."""
    s = doc.spotted[i]
    cache = memo(gz).ranked
    ranked = cache.get((s.folded, s.ids))
    if ranked is None:
        if len(cache) >= MEMO_SIZE:
            cache.clear()
        ranked = cache[(s.folded, s.ids)] = sorted(
            ((sum(rule(doc, i, p) for rule in PRIOR_RULES), p) for p in doc.candidates[i]),
            key=lambda sp: (-sp[0], sp[1].id))
    return ranked


def _shortlist(doc: Doc, i: int, ranked: list[tuple[float, Place]]) -> list[tuple[float, Place]]:
    """The `SHORTLIST` likeliest readings, plus those of the kind a qualifier asks for and
    focus-region readings spelt like the text (the Syrian Saida behind eight bigger Saidas):
    the context rules weigh only these ("Springfield" has dozens of readings)."""
    asks = doc.asks[i]
    return ranked[:SHORTLIST] + [sp for sp in ranked[SHORTLIST:] if (
        asks and sp[1].kind in asks) or (
        sp[1].country in doc.region and fit(doc.spotted[i].folded, sp[1].name) >= PLAUSIBLE)]


def _signature(doc: Doc, i: int) -> tuple:
    """What the rules read about name `i`: occurrences with one signature score alike (made
    once per name, when the qualifiers are known)."""
    if doc.signatures:
        return doc.signatures[i]
    s = doc.spotted[i]
    j = i + 1
    parent = before = None
    if j < len(doc.spotted) and doc.body[s.end:doc.spotted[j].start] in PARENT_GAPS:
        parent = doc.spotted[j].key
    if i and doc.body[doc.spotted[i - 1].end:s.start] in POSSESSIVE_GAPS:
        before = doc.spotted[i - 1].key
    return s.key, s.folded, doc.asks[i], parent, before


def _choose(doc: Doc, i: int, memo_: dict, *, final: bool) -> list[tuple[float, Place]]:
    """The shortlisted readings of name `i` with prior plus the context rules (plus the document
    rules when `final`), best first. The context rules' sum is kept from the first pass, and
    the document rules are added to it in the order a single sum would add them."""
    sig = _signature(doc, i)
    got = memo_.get(sig)
    if got is None:
        context = doc.context.get(sig)
        if context is None:
            rules = _active(doc, i, CONTEXT_RULES)
            context = doc.context[sig] = [sum([rule(doc, i, p) for rule in rules])
                                          for _, p in doc.scored[i]]
        scores = []
        rules = _active(doc, i, DOCUMENT_RULES) if final else []
        for (prior, p), total in zip(doc.scored[i], context, strict=True):
            for rule in rules:
                total += rule(doc, i, p)
            scores.append((prior + total, p))
        got = memo_[sig] = sorted(scores, key=lambda sp: (-sp[0], sp[1].id))
    return got


def _active(doc: Doc, i: int, rules) -> list:
    """The rules that can count for name `i` (`GUARDS`)."""
    return [r for r in rules if r not in GUARDS or GUARDS[r](doc, i)]


def document(body: str, spotted: Sequence[Spotted], gz) -> Doc:
    """The document context the rules read, with a first pass of readings without context."""
    by_key = {s.key: candidates(gz, s.ids) for s in spotted}
    doc = Doc(body, spotted, [by_key[s.key] for s in spotted], qualifiers(body, spotted),
              region=frozenset(getattr(gz, "focus", ())), gz=gz)
    doc.scored = [_shortlist(doc, i, _ranked(doc, i, gz)) for i in range(len(spotted))]
    adjectives = [i for i, ask in enumerate(doc.asks) if ask and _adjective(doc, i)]
    for i in adjectives:  # the kind word qualifies another name: shortlist without it
        doc.asks[i] = None
        doc.scored[i] = _shortlist(doc, i, _ranked(doc, i, gz))
    doc.signatures = [_signature(doc, i) for i in range(len(spotted))]
    doc.candidates = [[p for _, p in sp] for sp in doc.scored]
    units = {k: frozenset(admin1_of(p) for p in ps if p.kind == ADMIN1) for k, ps in by_key.items()}
    doc.units_named = [units[s.key] for s in spotted]
    first: dict = {}
    # a name with one reading needs no scoring to know its reading
    doc.chosen = [sc[0][1] if len(sc) == 1 else (_choose(doc, i, first, final=False)
                                                 or [(0.0, None)])[0][1]
                  for i, sc in enumerate(doc.scored)]
    firsts = [sc if len(sc) == 1 else _choose(doc, i, first, final=False)
              for i, sc in enumerate(doc.scored)]
    doc.name_countries = _name_countries(doc, firsts)
    # descriptive names ("Old City", "Middle East") do not vote: their readings are the doubtful
    doc.votes = [None if _descriptive(spotted[i].folded) else home_vote(
        firsts[i], p,
        floor=-math.inf if " " in spotted[i].key else MIN_SCORE,
        rival=lambda q, f=spotted[i].folded: q.country in doc.region and fit(
            f, q.name) >= PLAUSIBLE)
        for i, (sc, p) in enumerate(zip(doc.scored, doc.chosen, strict=True))]
    doc.home_votes, doc.homes = homes(doc.votes)
    cache = memo(gz).ranked
    spreads = {}
    for s in spotted:
        if s.key not in spreads:
            spreads[s.key] = cache.get(("spread", s.ids)) or cache.setdefault(
                ("spread", s.ids), spread(by_key[s.key]))
    doc.evidence = []
    for p, s in zip(doc.chosen, spotted, strict=True):
        said = ("evidence", p.id if p is not None else None, s.ids)  # read only: shared
        got = cache.get(said)
        if got is None:
            got = cache[said] = evidence(p, spreads[s.key])
        doc.evidence.append(got)
    for countries, units in doc.evidence:
        doc.focus.update(countries)
        doc.units.update(units)
    # every occurrence counts: a place named five times anchors the article more than once
    doc.sites = [(place, s.key) for place, s in zip(doc.chosen, spotted, strict=True)
                 if place is not None and place.kind not in (COUNTRY, ADMIN1)]
    doc.site_points = [(q.lat, q.lon, key, q) for q, key in doc.sites]
    doc.focus_sum, doc.units_sum = sum(doc.focus.values()), sum(doc.units.values())
    doc.own_sums = [(sum(c.values()), sum(u.values())) for c, u in doc.evidence]
    return doc


def _adjective(doc: Doc, i: int) -> bool:
    """Whether name `i` is a country's adjective before its qualifier ("the Saudi city of
    Jeddah", "a town of Armenian heritage"): the kind word then qualifies another name."""
    s = doc.spotted[i]
    if s.key in _demonyms(doc):
        return True
    # "the Saudi city", "a Syrian town" (but "Georgia state" is the US state): a country spelt
    # so by one of its names (vowels alike) before a word asking for a settlement or site
    if not (s.after and s.after[0] in WORDS.place_words and ADMIN1 not in doc.asks[i]):
        return False
    match = getattr(doc.gz, "spelling_match", None)
    return any(p.kind == COUNTRY and (_spelt(doc, i, p) >= 1.0 or (
        match is not None and match(s.text, p.id) >= 1.0)) for _, p in doc.scored[i])


def _spelt_in_region(doc: Doc, i: int, p: Place) -> bool:
    """A reading in the focus region spelt like the text ("Madaya" alone is still Madaya); in
    the article's home country by any of its names too ("Kefraya" for Kafriya in a Syrian
    story, but "Houran" is no Turkish hamlet and "Manshiya" no Jordanian one of that name)."""
    if p.country not in doc.region:
        return False
    if doc.homes[i] == p.country:
        return _spelt(doc, i, p) >= PLAUSIBLE
    return fit(doc.spotted[i].folded, p.name) >= PLAUSIBLE


def _confidence(best: float, second: float | None) -> float:
    """0..1 from the margin between the two best candidates (one candidate: fairly sure)."""
    if second is None:
        return 0.9
    return round(min(0.99, 0.5 + 0.5 * math.tanh((best - second) / 3)), 3)


def resolve(body: str, spotted: Sequence[Spotted], gz) -> list[Mention]:
    """Resolve each spotted name to one gazetteer entry; names without candidates are dropped."""
    doc = document(body, spotted, gz)
    out = []
    final: dict = {}
    for i in range(len(spotted)):
        only = doc.scored[i]
        if len(only) == 1 and _sure(doc, i, only[0][1]):
            # one reading, and kept whatever its score: its score cannot change the answer
            out.append(_mention(doc, i, only[0][1], _confidence(0.0, None)))
            continue
        scored = _choose(doc, i, final, final=True)
        if not scored or scored[0][0] < DROP_BELOW:
            continue  # every reading vetoed
        best_score, best = scored[0]
        # the home country and the name's other occurrences pick among readings; they do
        # not make a word a place
        support = best_score - home_country(doc, i, best) - one_country_per_name(doc, i, best)
        if support < MIN_SCORE and not _kept_when_weak(doc, i, best):
            continue  # a weak reading: a surname, a word, a look-alike
        second = scored[1][0] if len(scored) > 1 else None
        out.append(_mention(doc, i, best, _confidence(best_score, second)))
    return out


def _sure(doc: Doc, i: int, p: Place) -> bool:
    """Whether the only reading of name `i` stands whatever the rules say: a name of several
    words (unless descriptive, in an article whose home may rule it out), or a focus-region
    place spelt like the text."""
    s = doc.spotted[i]
    if " " in s.key:
        return not (doc.homes[i] is not None and _descriptive(s.folded))
    return _spelt_in_region(doc, i, p)


def _kept_when_weak(doc: Doc, i: int, p: Place) -> bool:
    """Whether a reading scoring below `MIN_SCORE` is still reported: a name of several words
    (abbreviations too: "S.C.", "D.C."), or a focus-region place spelt like the text."""
    return " " in doc.spotted[i].key or _spelt_in_region(doc, i, p)


def _mention(doc: Doc, i: int, p: Place, score: float) -> Mention:
    """The mention of name `i` read as `p`; a country followed by "capital" is its capital,
    and the mention spans both words ("the Jordanian capital" -> Amman)."""
    s = doc.spotted[i]
    if p.kind == COUNTRY and s.after[:1] and s.after[0] in WORDS.capital_words:
        end = s.end + 1 + len(s.after[0])
        capital = capital_of(doc.gz, p.country) if doc.body[s.end:s.end + 1] == " " else None
        if capital is not None and doc.body[s.end + 1:end].lower() == s.after[0]:
            return Mention(s.start, end, doc.body[s.start:end], capital, score)
    return Mention(s.start, s.end, s.text, p, score)


class PlaceStage:
    """Pipeline stage: fills `article.mentions` with the resolved place mentions of its body."""

    def __init__(self, gz):
        self.gz = gz

    def __call__(self, article: Article) -> Article:
        from pipeline.mentions import find_mentions

        article.mentions = resolve(article.body, find_mentions(article.body, self.gz), self.gz)
        return article
