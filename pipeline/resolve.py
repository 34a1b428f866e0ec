"""Choosing the gazetteer entry a spotted name means, from the whole document.

Each candidate place of a spotted name gets a score that is the sum of small named rules
(`RULES`), each a function ``(doc, spotted, place) -> float`` with a one-line reason: the kind
the text asks for ("Hama province", "the city of Hama", "the provinces of Hama, Homs ..."), a
town named with its province ("Douma, Rif Dimashq"), the country the document is about, the
other places of the document nearby, then kind and population as the prior. The best candidate
wins; the mention's score (0..1) says how far ahead of the others it is and how sure the spot was.

The rules live in `pipeline.name_rules` (the name and the words around it) and
`pipeline.document_rules` (the rest of the article: its countries, its home country, nearby
places, the same name elsewhere in it); this module makes the document, the shortlists and
the choice.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from gazetteer.place import ADMIN1, COUNTRY, Place
from gazetteer.ranking import default_home
from pipeline.context import (
    PARENT_GAPS,
    POSSESSIVE_GAPS,
    Doc,
    admin1_of,
    evidence,
    home_vote,
    homes,
    leanings,
    qualifiers,
    spread,
)
from pipeline.document_rules import (
    VETO,
    admin1_focus,
    country_focus,
    descriptive,
    descriptive_name_abroad,
    home_country,
    name_countries_of,
    near_other_places,
    neighbour_by_other_name,
    one_country_per_name,
)
from pipeline.mentions import Spotted
from pipeline.model import Article, Mention
from pipeline.name_rules import (
    article_is_no_country,
    demonyms,
    initials,
    kind_and_population,
    named_after_parent,
    named_with_parent,
    namesake_capital,
    national_capital,
    qualifier_kind,
    region_focus,
    seat_is_the_building,
    spelling,
    spelt,
)
from pipeline.readings import MEMO_SIZE, PLAUSIBLE, WORDS, candidates, fit, memo

# A one-word name whose best reading scores below this (and is not a focus-region place spelt
# like the text) is too weakly supported to report: mostly surnames and ordinary words that
# are also names of hamlets (measured on LGL: 4.0 -> F1 0.623, 4.5 -> 0.637).
MIN_SCORE = 4.5
SHORTLIST = 8  # candidates per name the context rules weigh
DROP_BELOW = -VETO / 2  # a name whose best reading scores below this is no mention at all

# Per rule, whether it can count at all for name `i` (False: it gives 0.0 to every reading, so
# the readings are scored without calling it; most names have no qualifier and no parent).
GUARDS: dict[Callable[[Doc, int, Place], float], Callable[[Doc, int], bool]] = {
    namesake_capital: lambda doc, i: bool(doc.units_named[i]),
    qualifier_kind: lambda doc, i: bool(doc.asks[i]),
    named_with_parent: lambda doc, i: _signature(doc, i)[3] is not None,
    named_after_parent: lambda doc, i: _signature(doc, i)[4] is not None,
    home_country: lambda doc, i: doc.leanings[i] is not None,
    neighbour_by_other_name: lambda doc, i: doc.homes[i] is not None,
    one_country_per_name: lambda doc, i: doc.spotted[i].key in doc.name_countries,
    descriptive_name_abroad: lambda doc, i: doc.homes[i] is not None and descriptive(
        doc.spotted[i].folded, alone=True),
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
    namesake_capital, qualifier_kind, named_with_parent, named_after_parent, seat_is_the_building)
DOCUMENT_RULES: tuple[Callable[[Doc, int, Place], float], ...] = (
    country_focus, admin1_focus, near_other_places, home_country, descriptive_name_abroad,
    neighbour_by_other_name, one_country_per_name)
RULES = PRIOR_RULES + CONTEXT_RULES + DOCUMENT_RULES


# --- document context ---------------------------------------------------------------------------

def _ranked(doc: Doc, i: int, gz) -> list[tuple[float, Place]]:
    """The candidates of name `i` with their prior (`PRIOR_RULES`: kind, population, spelling),
    best first; memoised across articles, since the prior reads nothing of the document."""
    s = doc.spotted[i]
    cache = memo(gz).ranked
    said = (s.folded, s.ids, initials(doc, i))  # "US" as initials, or a word in capitals
    ranked = cache.get(said)
    if ranked is None:
        if len(cache) >= MEMO_SIZE:
            cache.clear()
        ranked = cache[said] = sorted(
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
    firsts = [sc if len(sc) == 1 else _choose(doc, i, first, final=False)
              for i, sc in enumerate(doc.scored)]
    doc.chosen = [f[0][1] if f else None for f in firsts]
    doc.name_countries = name_countries_of(doc, firsts)
    # descriptive names ("Old City", "Middle East") do not vote: their readings are the doubtful
    doc.votes = [None if descriptive(spotted[i].folded) else home_vote(
        firsts[i], p,
        floor=-math.inf if " " in spotted[i].key else MIN_SCORE,
        rival=lambda q, f=spotted[i].folded: q.country in doc.region and fit(
            f, q.name) >= PLAUSIBLE)
        for i, (sc, p) in enumerate(zip(doc.scored, doc.chosen, strict=True))]
    doc.home_votes, doc.homes = homes(doc.votes)
    doc.leanings = leanings(doc.votes, doc.homes, doc.home_votes, default_home(gz))
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
    if s.key in demonyms(doc):
        return True
    # "the Saudi city", "a Syrian town" (but "Georgia state" is the US state): a country spelt
    # so by one of its names (vowels alike) before a word asking for a settlement or site
    if not (s.after and s.after[0] in WORDS.place_words and ADMIN1 not in doc.asks[i]):
        return False
    match = getattr(doc.gz, "spelling_match", None)
    return any(p.kind == COUNTRY and (spelt(doc, i, p) >= 1.0 or (
        match is not None and match(s.text, p.id) >= 1.0)) for _, p in doc.scored[i])


def _spelt_in_region(doc: Doc, i: int, p: Place) -> bool:
    """A reading in the focus region spelt like the text ("Madaya" alone is still Madaya); in
    the article's home country by any of its names too ("Kefraya" for Kafriya in a Syrian
    story, "the Golan" where Syria ties with Israel; but "Houran" is no Turkish hamlet and
    "Manshiya" no Jordanian one of that name). A leaning with no vote for its country (a
    text naming nothing else, "Asian") is no home here."""
    if p.country not in doc.region:
        return False
    if doc.homes[i] == p.country or (
            doc.leanings[i] == p.country and doc.home_votes[p.country] > 0):
        return spelt(doc, i, p) >= PLAUSIBLE
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
        return not (doc.homes[i] is not None and descriptive(s.folded))
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
        capital = doc.gz.capital_of(p.country) if doc.body[s.end:s.end + 1] == " " else None
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
