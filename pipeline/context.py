"""The document as the resolver sees it: spotted names, readings, qualifiers, focus evidence.

`pipeline.resolve` builds a `Doc` per article and its rules read it: which kind a qualifier asks
for ("the provinces of Hama, Homs and Dara'a"), what each name says about the countries and
first-level units the article is about, and distances between places.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

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
from pipeline.mentions import Spotted
from pipeline.readings import WORDS

NAMED_WEIGHT = 2.0  # a country or unit named in the text, as evidence of the document's focus
# A name votes for the article's home country when every reading of it scoring within this of
# its best (first pass, no document context) lies in one country: "Aleppo", "Syrian" vote SY;
# "Ma'an" (a Jordanian governorate, a Syrian village) does not vote.
HOME_MARGIN = 3.0
HOME_LEAD = 2.0  # the home country has at least this many times the runner-up's votes
HOME_WEIGHT = 1.0  # the vote of one name read as a place
COUNTRY_VOTE = 0.5  # the vote of a country's name or adjective: countries are named as actors too

SETTLEMENTS = frozenset({CITY, TOWN, VILLAGE, DISTRICT})
UNITS = frozenset({ADMIN1, REGION})
SITES = frozenset({SITE, AIRBASE, CROSSING, CAMP})
# Qualifier words (keys, in pipeline/rules/geo_place_words.txt) and the kinds they ask for.
ASKS = {"province": UNITS, "provinces": UNITS, "governorate": UNITS, "governorates": UNITS,
         "state": UNITS, "states": UNITS, "region": UNITS, "county": UNITS, "counties": UNITS,
         "parish": UNITS, "district": UNITS | {DISTRICT}, "countryside": UNITS,
         "city": SETTLEMENTS, "town": SETTLEMENTS, "village": SETTLEMENTS,
         "airbase": SITES, "airport": SITES, "base": SITES, "crossing": SITES, "camp": SITES}
PARENT_GAPS = (", ", " in ", ",", " (", "; ")  # "Douma, Rif Dimashq", "Douma in Eastern Ghouta"
LIST_GAPS = (", ", ",", " and ", ", and ", " or ", ", or ", " & ")
POSSESSIVE_GAPS = ("'s ", "\u2019s ", "' ", "\u2019 ")  # "Aleppo's Salaheddine district"




@dataclass(slots=True)
class Doc:
    """What the rules read about the document: the spotted names, candidates, focus, anchors."""

    body: str
    spotted: Sequence[Spotted]
    candidates: list[list[Place]]
    asks: list[frozenset[str] | None]  # the kinds a qualifier asks for, per spotted name
    region: frozenset[str] = frozenset()  # the gazetteer's focus countries
    gz: object = None  # the gazetteer (its spelling_match compares all of a place's spellings)
    fitting: dict[int, set[str]] = field(default_factory=dict)  # per name: ids a qualifier fits
    context: dict[tuple, list] = field(default_factory=dict)  # context rules' sums, per signature
    focus: Counter = field(default_factory=Counter)  # country -> weight of evidence
    units: Counter = field(default_factory=Counter)  # admin1 code -> weight of evidence
    chosen: list[Place | None] = field(default_factory=list)  # first-pass readings
    evidence: list[tuple[Counter, Counter]] = field(default_factory=list)  # per name
    units_named: list[frozenset] = field(default_factory=list)  # admin1 readings, per name
    sites: list[tuple[Place, str]] = field(default_factory=list)  # first-pass places, key
    scored: list[list[tuple[float, Place]]] = field(default_factory=list)  # shortlist, prior
    # read by every candidate of every name, so computed once: sums of `focus` and `units`, and
    # per name the sums of its own evidence; `sites` as (lat, lon, key, place)
    focus_sum: float = 0.0
    units_sum: float = 0.0
    own_sums: list[tuple[float, float]] = field(default_factory=list)
    site_points: list[tuple[float, float, str, Place]] = field(default_factory=list)
    # the home country: per name its vote (country, weight) or None, their sum, and per name
    # the home the other names give (None: no country holds `HOME_SHARE` of their votes)
    votes: list[tuple[str, float] | None] = field(default_factory=list)
    home_votes: Counter = field(default_factory=Counter)
    homes: list[str | None] = field(default_factory=list)
    leanings: list[str | None] = field(default_factory=list)  # `homes`, else the default home
    signatures: list[tuple] = field(default_factory=list)  # per name, what its rules read
    name_countries: dict[str, str] = field(default_factory=dict)  # name key -> surest country


def km(a: Place, b: Place) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def admin1_of(p: Place) -> str | None:
    """The ISO 3166-2 code of an admin1 place (its own `admin1`, or from its `iso:` id)."""
    if p.admin1:
        return p.admin1
    return p.id[4:] if p.id.startswith("iso:") and "-" in p.id else None


def qualifiers(body: str, spotted: Sequence[Spotted]) -> list[frozenset[str] | None]:
    """The kinds asked for each name, spreading a list's qualifier over every item of it
    ("the provinces of Hama, Homs and Dara'a", "Hama and Homs provinces")."""
    words = WORDS.place_words
    own: list[frozenset[str] | None] = []
    for s in spotted:
        ask = None
        if (s.after and s.after[0] in words and s.after[0] in ASKS
                and body[s.end:s.end + 1] in (" ", "-")):  # "Hama province", not "Hama, state"
            ask = ASKS[s.after[0]]
        elif len(s.before) >= 2 and s.before[0] == "of" and s.before[1] in ASKS:
            ask = ASKS[s.before[1]]  # "the city of Hama", "the provinces of Hama"
        own.append(ask)
    # lists: consecutive names joined by commas / "and"; the first item's "provinces of" and
    # the last item's "provinces" apply to all items
    groups: list[list[int]] = [[0]] if spotted else []
    for i in range(1, len(spotted)):
        if body[spotted[i - 1].end:spotted[i].start] in LIST_GAPS:
            groups[-1].append(i)
        else:
            groups.append([i])
    asks = list(own)
    for g in groups:
        if len(g) < 2:
            continue
        shared = own[g[0]] if spotted[g[0]].before[:1] == ("of",) else None
        last = spotted[g[-1]]
        if shared is None and own[g[-1]] is not None and last.after[:1] in (
                ("provinces",), ("governorates",), ("states",), ("counties",)):
            shared = own[g[-1]]
        if shared is not None:
            for i in g:
                asks[i] = asks[i] or shared
    return asks


def evidence(place: Place | None, spread: tuple[Counter, Counter]) -> tuple[Counter, Counter]:
    """What one name says about the document's countries and units: `NAMED_WEIGHT` when it
    reads as a country or unit, plus its `_spread` over the countries (units) of its readings."""
    if place is None:
        return Counter(), Counter()
    countries, units = Counter(spread[0]), Counter(spread[1])
    if place.kind in (COUNTRY, ADMIN1) and place.country:
        countries[place.country] += NAMED_WEIGHT
        if place.kind == ADMIN1 and admin1_of(place):
            units[admin1_of(place)] += NAMED_WEIGHT
    return countries, units


def spread(places: list[Place]) -> tuple[Counter, Counter]:
    """1 split over the countries (and units) of a name's readings: an ambiguous name says
    little, a name found in one country only says much."""
    out = []
    for values in ({p.country for p in places if p.country},
                   {admin1_of(p) for p in places if admin1_of(p)}):
        out.append(Counter({v: 1 / len(values) for v in values}))
    return out[0], out[1]


def home_vote(scored: list[tuple[float, Place]], chosen: Place | None, *, floor: float,
              rival: Callable[[Place], bool] = lambda p: False) -> tuple[str, float] | None:
    """The country a name says the article is about, with its weight, or None when its likely
    readings (within `HOME_MARGIN` of the best, or any for which `rival` holds: a namesake in
    a neighbouring country spelt so) lie in more than one country, or its best reading scores
    below `floor` (a word that is likely no place at all: "Arab")."""
    if chosen is None or not chosen.country or not scored:
        return None
    best = scored[0][0]
    if best < floor:
        return None
    if any(p.country != chosen.country and (sc >= best - HOME_MARGIN or rival(p))
           for sc, p in scored):
        return None
    # a country named counts less than a town: countries are named as actors too ("Russian
    # warplanes struck Aleppo", "Turkey agreed to pause its offensive")
    return chosen.country, COUNTRY_VOTE if chosen.kind == COUNTRY else HOME_WEIGHT


def homes(votes: Sequence[tuple[str, float] | None]) -> tuple[Counter, list[str | None]]:
    """The votes summed, and per name the country with at least `HOME_LEAD` times the votes
    of any other among the *other* names' votes (a name does not vote for its own reading)."""
    total = Counter()
    for v in votes:
        if v is not None:
            total[v[0]] += v[1]
    top = total.most_common(3)
    memo: dict[tuple[str, float] | None, str | None] = {}  # few distinct votes per article
    out: list[str | None] = []
    for v in votes:
        if v not in memo:
            ranked = sorted(((w - (v[1] if v is not None and v[0] == c else 0.0), c)
                             for c, w in top), reverse=True)  # without this name's own vote
            first = ranked[0] if ranked else (0.0, None)
            second = ranked[1][0] if len(ranked) > 1 else 0.0
            memo[v] = first[1] if first[0] > 0 and first[0] >= HOME_LEAD * second else None
        out.append(memo[v])
    return total, out


def leanings(votes: Sequence[tuple[str, float] | None], found: Sequence[str | None],
             total: Counter, default: str | None) -> list[str | None]:
    """Per name, the home country its readings lean to: the one `homes` found, else the
    tool's `default` home (Syria) when no other country has more of the other names' votes
    (a one-sentence report naming nothing else; "Chechen fighters ... the village of Ma'an"):
    a prior for choosing among readings only, never a home that rules readings out."""
    if default is None:
        return list(found)
    out: list[str | None] = []
    for v, home in zip(votes, found, strict=True):
        if home is None:
            own = Counter({v[0]: v[1]}) if v is not None else Counter()
            mine = total[default] - own[default]
            if all(w - own[c] <= mine for c, w in total.items() if c != default):
                home = default
        out.append(home)
    return out
