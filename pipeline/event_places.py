"""Which place mentions say where something happened, and which trigger each belongs to."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
    Place,
)
from pipeline.model import Mention
from pipeline.phrases import compile_phrases
from pipeline.rules_loader import load_rules, word_set
from pipeline.triggers import Trigger

LOOKBACK_WORDS = 10  # how far back a preposition is looked for through modifiers
BEFORE_PENALTY = 2.0  # a place before its trigger counts this much farther than one after it
_TOKEN = re.compile(r"[\w'’-]+|[^\w\s]")
_DEMONYM_ENDINGS = ("ian", "ean", "an", "ese", "ish", "i", "ic", "ch")
_CONNECTORS = frozenset({",", "and", "or", "&"})
ORIGIN_WORDS = frozenset({"from", "departed", "departing", "left", "leaving", "out"})
GOAL_WORDS = frozenset({"to", "towards", "toward", "into", "onto", "for", "reach", "reached",
                        "reaching", "entered", "entering", "enter"})  # fmt: skip
GATE_WORDS = frozenset({"through", "via", "at", "across"})
# "from al-Thawra hospital in Taiz": the place that locates an origin is an origin too
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:[\w'’-]+\s+){1,4}$", re.IGNORECASE)
FOCUS_MIN_MENTIONS = 2  # an article's focus place is named at least this often ...
FOCUS_SHARE = 0.5  # ... and makes at least this share of its places below country level
NAMED_WEIGHT = 0.5  # a country named counts this much towards the article's country
BIGGER_POPULATION_RATIO = 5  # a city this much bigger can locate another place of its kind
_KIND_RANK = {"country": 0, "admin1": 1, "region": 2, "city": 3, "town": 4, "village": 5}
# "BEIRUT (Reuters) - ", "MOSCOW/IDLIB, March 6 - ", "AFRIN, Syria - ", "Aleppo / Geneva (ICRC) - "
_DATELINE = re.compile(
    r"[A-Z][\w'’.-]*(?:[ ][A-Z][\w'’.-]*)*(?:\s*/\s*[A-Z][\w'’.-]*(?:[ ][A-Z][\w'’.-]*)*)*"
    r"(?:,\s*[A-Z][\w.'-]*(?:[ ][\w.'-]+){0,2})?"
    r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})(?:,?\s+\d{4})?)?"
    r"\s*(?:\([^)]{1,30}\))?\s*[-–—]+\s"
)
_QUALIFIER_AFTER = re.compile(
    r"\s*(?:,|\bin\b|\bof\b)?\s*(?:the\s+)?(?:(?:[a-z][\w-]*)\s+){0,3}"
    r"|\s*,\s*(?:a|an|the)\s+(?:[\w-]+\s+){0,3}(?:in|of|near|outside)\s+(?:[\w-]+\s+){0,2}",
    re.IGNORECASE,
)
_IN = re.compile(r"\bin\b", re.IGNORECASE)
_AGENT = re.compile(r"\bby\s+(?:the\s+)?$", re.IGNORECASE)
_LIST_GAP = re.compile(r"\s*(?:,|and|or|&)\s*(?:the\s+)?|\s*,\s*(?:and|or)\s+(?:the\s+)?", re.I)
# "Douma, near Damascus", "a village 10 km north of Hama": the bigger place is a landmark.
_NEAR = re.compile(r"\b(?:near|outside|north|south|east|west|northeast|northwest|southeast|"
                   r"southwest|kilometres|kilometers|km|miles)\b", re.IGNORECASE)
_QUALIFIER_BEFORE = re.compile(
    r"(?:['’]s)?\s+(?:(?:northern|southern|eastern|western|rural|besieged|rebel-held|"
    r"government-held)\s+)*(?:suburb|suburbs|district|neighbourhood|neighborhood|countryside|"
    r"province|governorate|town|village|city|region|area|quarter)\s+of\s+(?:the\s+)?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Location:
    """A mention that names where something happened; `origin` after "from" ("departed Homs",
    "from the hospital in Taiz"), `goal` after "to" ("into Madaya", "reached Douma")."""

    mention: Mention
    origin: bool = False
    goal: bool = False
    gate: bool = False  # a crossing goods pass through: "through the Rafah crossing"


@dataclass(frozen=True, slots=True)
class _Words:
    prepositions: frozenset[str]
    modifiers: frozenset[str]
    speakers: frozenset[str]
    place_nouns: frozenset[str]
    agent_verbs: frozenset[str]
    origin_nouns: frozenset[str]
    crossing_words: frozenset[str]


@cache
def _words() -> _Words:
    return _Words(*(word_set("places", k) for k in
                    ("prepositions", "modifiers", "speaker_words", "place_nouns",
                     "agent_verbs", "origin_nouns", "crossing_words")))  # fmt: skip


@cache
def _anaphora() -> tuple[re.Pattern[str], re.Pattern[str]]:
    rules = load_rules("places")
    local = compile_phrases(rules["anaphora_local"])
    country = compile_phrases(["|".join(rules["anaphora_country"])])
    assert local and country
    return local, country


def is_demonym(mention: Mention) -> bool:
    """ "Syrian", "Russian": a country's adjective rather than its name."""
    text = mention.text.lower()
    return (
        mention.place.kind == COUNTRY
        and text != mention.place.name.lower()
        and text.endswith(_DEMONYM_ENDINGS)
        and "." not in text
    )


def locations(
    body: str,
    mentions: Sequence[Mention],
    start: int,
    end: int,
    actors: Sequence[tuple[int, int]],
    *,
    home: str | None = None,
    is_capital: Callable[[str], bool] | None = None,
) -> list[Location]:
    """The mentions inside body[start:end] (a sentence) that say where something happened.

    Countries count only after a preposition ("in Syria") or as the article's own country
    (`home`) with a possessive ("Syria's truce"), not as speakers ("Russia said"), owners
    ("in Turkey's offensive") or agents ("the area Turkey seized"); national capitals that act
    ("Washington and Moscow would set up") are governments too; demonyms only before a place
    noun ("in five Syrian provinces"); no place counts when it speaks ("Damascus said") or
    lies inside an actor's name ("Syrian Arab Red Crescent").
    """
    words = _words()
    found: list[Location] = []
    agent_end = -1
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    for m in inside:
        if _dateline(body, start, m):
            continue
        if _AGENT.search(body, max(start, m.start - 8), m.start) or (
            agent_end >= 0 and _LIST_GAP.fullmatch(body, agent_end, m.start)
        ):
            agent_end = m.end  # "brokered by Ankara and Moscow", "backed by Washington"
            continue
        prep = _preposition(body, start, m.start, found)
        if prep is None and any(s < m.end and m.start < e for s, e in actors):
            continue  # "Syrian Arab Red Crescent", "The UN"; not "talks in the Kremlin"
        after = _next_word(body, m.end, end)
        if after == "time":
            continue  # "at midnight Damascus time": a clock, not a place
        if is_demonym(m):
            ok = after in words.place_nouns and prep is not None
        elif m.place.kind == COUNTRY:  # "in Syria", "Syria's truce"; not "Russia's centre"
            if _possessive(body, m.end):  # "in Syria's north", not "in Turkey's offensive"
                own = m.place.country == home and after not in words.speakers
                ok = own or (prep is not None and _place_follows(body, m.end, after, inside))
            else:
                ok = prep is not None and not _acts(body, m, inside)
        elif is_capital is not None and is_capital(m.place.id) and _acts(body, m, inside):
            ok = False  # "Washington and Moscow would set up a centre"
        else:  # "Damascus said" speaks; "the centre at Tiyas said" does not
            ok = prep is not None or after not in words.speakers
        if not ok:
            continue
        if found and _qualifies(body, found[-1].mention, m):
            continue  # "Orum al-Kubra, western rural Aleppo": Aleppo only says where Orum is
        if found and _qualifies(body, m, found[-1].mention, before=True):
            found.pop()  # "the Damascus suburb of Daraya": Damascus only says where Daraya is
        origin = prep in ORIGIN_WORDS or (prep in ("in", "at") and _from_before(body, start, m))
        gate = prep in GATE_WORDS and (m.place.kind == CROSSING or after in words.crossing_words)
        found.append(Location(m, origin=origin, goal=prep in GOAL_WORDS, gate=gate))
    return found


def _from_before(body: str, start: int, m: Mention) -> bool:
    """ "from al-Thawra hospital in Taiz": "from" a few plain words before the "in" of `m`."""
    head = re.search(r"\b(?:in|at)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$", body[start : m.start])
    if head is None:
        return False
    before = _FROM_BEFORE.search(body, start, start + head.start())
    if before is None:
        return False
    words = _words()
    between = [w.lower() for w in before.group().split()[1:]]
    return between[-1] in words.origin_nouns and not any(w in words.prepositions for w in between)


def _place_follows(body: str, at: int, after: str, mentions: Sequence[Mention]) -> bool:
    """After "Syria's": a place noun or a place name ("Syria's north", "Syria's Idlib")."""
    if after in _words().place_nouns:
        return True
    nxt = re.match(r"['’]s\s+", body[at:])
    return bool(nxt) and any(x.start == at + nxt.end() for x in mentions)


_LIST_TAIL = re.compile(r"\s*(?:,|and|or|&)\s*(?:the\s+)?", re.IGNORECASE)


def _acts(body: str, m: Mention, mentions: Sequence[Mention]) -> bool:
    """Whether a country or capital, or the list it heads, is the subject of a verb: "Turkey
    seized", "Washington and Moscow would"; never right after a preposition ("in Turkey have")."""
    previous = re.search(r"([\w'’-]+)\s*$", body[max(0, m.start - 30) : m.start])
    if previous and previous.group(1).lower() in _words().prepositions:
        return False
    end = m.end
    for other in mentions:  # skip the rest of a list of names: "Washington and Moscow"
        if other.start >= end and _LIST_TAIL.fullmatch(body, end, other.start):
            end = other.end
    verb = _next_word(body, end, len(body))
    words = _words()
    return verb in words.agent_verbs or verb in words.speakers


def _dateline(body: str, start: int, m: Mention) -> bool:
    """ "BEIRUT (Reuters) -", "DAMASCUS, Syria (AP) —": where the reporter is, not the event."""
    line = _DATELINE.match(body, start)
    return bool(line) and m.end <= line.end()


def dateline_end(body: str) -> int:
    """Where a dateline opening the body ends ("AMMAN, July 9 - "), else 0: its place and date
    say where and when the reporter filed, not where or when anything happened."""
    line = _DATELINE.match(body)
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


def _possessive(body: str, at: int) -> bool:
    return body.startswith(("'s", "’s"), at)


def _qualifies(body: str, inner: Mention, outer: Mention, *, before: bool = False) -> bool:
    """Whether `outer` only locates `inner`: a bigger place of the same governorate, joined by
    a comma, "in" or modifiers after it, or by "suburb of" and the like before it."""
    a, b = (outer, inner) if before else (inner, outer)
    between = body[a.end : b.start]
    pattern = _QUALIFIER_BEFORE if before else _QUALIFIER_AFTER
    if not pattern.fullmatch(between):
        return False
    p, q = inner.place, outer.place
    # "suburb of", "near" and "X, a town in Y" say it; else only a bigger place of the same
    # governorate qualifies ("Orum al-Kubra, western rural Aleppo")
    said = before or bool(_NEAR.search(between) or _IN.search(between))
    same_unit = said or (p.admin1 == q.admin1 and p.admin1)
    return _within(p, q) or (same_unit and _bigger(q, p))


def _bigger(outer: Place, inner: Place) -> bool:
    rank_o, rank_i = _KIND_RANK.get(outer.kind, 9), _KIND_RANK.get(inner.kind, 9)
    if rank_o != rank_i:
        return rank_o < rank_i
    return outer.population >= BIGGER_POPULATION_RATIO * max(inner.population, 1)


def _preposition(body: str, start: int, at: int, found: list[Location]) -> str | None:
    """The preposition governing a name at `at`, through modifiers and lists of earlier names."""
    words = _words()
    tokens = [(t.group().lower(), t.start(), t.end()) for t in _TOKEN.finditer(body, start, at)]
    for word, _s, e in reversed(tokens[-LOOKBACK_WORDS:]):
        if word in words.prepositions:
            return word
        if word in _CONNECTORS:
            prev = next((loc for loc in found
                         if loc.mention.end <= e and _gap(body, loc.mention.end, e) == 0), None)
            if prev is not None:  # a list keeps the role of its first name
                return ("from" if prev.origin else "to" if prev.goal
                        else "through" if prev.gate else "in")  # fmt: skip
            continue
        if word not in words.modifiers and not word.isdigit():
            return None
    return None


def _gap(body: str, prev_end: int, connector_end: int) -> int:
    """0 when only list punctuation and connectors stand between a name and a connector."""
    between = body[prev_end:connector_end].strip().lower()
    return 0 if re.fullmatch(r"(?:,|and|or|&|\s)*", between) else -1


def _next_word(body: str, at: int, end: int) -> str:
    m = re.match(r"(?:['’]s)?\s*([\w'’-]+)", body[at:end])
    return m.group(1).lower() if m else ""


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
        inside = any(_within(o.mention.place, p) for o in locs if o.mention.place.id != p.id)
        if not inside:
            kept.setdefault(p.id, loc)
    return list(kept.values())


def _within(inner: Place, outer: Place) -> bool:
    if outer.kind == COUNTRY:
        return inner.kind != COUNTRY and inner.country == outer.country
    if outer.kind == ADMIN1:
        return inner.kind not in (COUNTRY, ADMIN1) and inner.admin1 == outer.admin1
    return False


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
