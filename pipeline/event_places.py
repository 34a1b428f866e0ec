"""Which place mentions say where something happened, and which trigger each belongs to."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from gazetteer.place import ADMIN1, COUNTRY, CROSSING, Place
from pipeline.model import Mention
from pipeline.rules_loader import word_set

LOOKBACK_WORDS = 10  # how far back a preposition is looked for through modifiers
LOOKBACK_CHARS = 80  # the text read for them first (more when it holds fewer words)

_TOKEN = re.compile(r"[\w'’-]+|[^\w\s]")
_DEMONYM_ENDINGS = ("ian", "ean", "an", "ese", "ish", "i", "ic", "ch")
_CONNECTORS = frozenset({",", "and", "or", "&"})
ORIGIN_WORDS = frozenset({"from", "departed", "departing", "left", "leaving", "out"})
GOAL_WORDS = frozenset({"to", "towards", "toward", "into", "onto", "for", "reach", "reached",
                        "reaching", "entered", "entering", "enter"})  # fmt: skip
GATE_WORDS = frozenset({"through", "via", "at", "across"})
# "from al-Thawra hospital in Taiz": the place that locates an origin is an origin too
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:[\w'’-]+\s+){1,4}$", re.IGNORECASE)
BIGGER_POPULATION_RATIO = 5  # a city this much bigger can locate another place of its kind
_KIND_RANK = {"country": 0, "admin1": 1, "region": 2, "city": 3, "town": 4, "village": 5}
# "BEIRUT (Reuters) - ", "MOSCOW/IDLIB, March 6 - ", "AFRIN, Syria - ", "Aleppo / Geneva (ICRC) - "
DATELINE = re.compile(
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
_IN_AT_END = re.compile(r"\b(?:in|at)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$")
# a place a distance is measured from: "65 km southeast of", "some 30 miles from"
_DISTANCE = re.compile(r"\b\d[\d,.]*\s*(?:-\s*)?(?:km|kms|kilometres|kilometers|kilometre|"
                       r"kilometer|miles|mile)\b(?:\s+[a-z-]+){0,2}?\s+(?:of|from)\s+(?:the\s+)?$",
                       re.I)  # fmt: skip
# a word inside an organisation's name: after a capitalised word, before "for/of <Capital>"
_ORG_AFTER = re.compile(r"\s+(?:for|of)\s+(?:the\s+)?[A-Z]")
_ORG_BEFORE = re.compile(r"(?<![.!?]\s)\b[A-Z][\w'’-]+\s+$")
_POSSESSIVE_GAP = re.compile(r"['’]s\s+")
_LAST_WORD = re.compile(r"([\w'’-]+)\s*$")
_CONNECTORS_ONLY = re.compile(r"(?:,|and|or|&|\s)*")
_AGENT = re.compile(r"\bby\s+(?:the\s+)?$", re.IGNORECASE)
_LIST_GAP = re.compile(r"\s*(?:,|and|or|&)\s*(?:the\s+)?|\s*,\s*(?:and|or)\s+(?:the\s+)?", re.I)
# "Douma, near Damascus", "a village 10 km north of Hama": the bigger place is a landmark.
_NEAR = re.compile(r"\b(?:near|outside|north|south|east|west|northeast|northwest|southeast|"
                   r"southwest|kilometres|kilometers|km|miles)\b", re.IGNORECASE)
_DIRECTION = re.compile(r"\b(?:north|south|east|west|northeast|northwest|southeast|southwest|"
                        r"north-east|north-west|south-east|south-west)\s+of\b|\b(?:near|outside)\b",
                        re.IGNORECASE)  # fmt: skip
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
    venue: bool = False  # after "in" or "at": where people meet ("talks in Amman")


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


def is_demonym(mention: Mention) -> bool:
    """ "Syrian", "Russian": a country's adjective rather than its name."""
    if mention.place.kind != COUNTRY:
        return False
    text = mention.text.lower()
    return (
        text != mention.place.name.lower()
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
    adjectives = frozenset(m.start for m in inside if is_demonym(m))
    dateline = DATELINE.match(body, start) if inside else None
    for m in inside:
        if dateline and m.end <= dateline.end():  # "BEIRUT (Reuters) -": the reporter's place
            continue
        if _AGENT.search(body, max(start, m.start - 8), m.start) or (
            agent_end >= 0 and _LIST_GAP.fullmatch(body, agent_end, m.start)
        ):
            agent_end = m.end  # "brokered by Ankara and Moscow", "backed by Washington"
            continue
        prep = _preposition(body, start, m.start, found, adjectives)
        if prep is None and any(s < m.end and m.start < e for s, e in actors):
            continue  # "Syrian Arab Red Crescent", "The UN"; not "talks in the Kremlin"
        after = _next_word(body, m.end, end)
        if after == "time":
            continue  # "at midnight Damascus time": a clock, not a place
        if len(inside) > 1 and _DISTANCE.search(body, max(start, m.start - 60), m.start):
            continue  # "Tarhuna, 65 km southeast of Tripoli": Tripoli only measures
        if _ORG_AFTER.match(body, m.end) and _ORG_BEFORE.search(body, max(start, m.start - 30),
                                                                 m.start):  # fmt: skip
            continue  # "the Russian Centre for Reconciliation": a word of a name, no place
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
        if found and _aside(body, found[-1].mention, m):
            continue  # "Aleppo (Halab)", "Kassab (كسب)": the same place named again
        if found and _qualifies(body, m, found[-1].mention, before=True):
            found.pop()  # "the Damascus suburb of Daraya": Damascus only says where Daraya is
        origin = prep in ORIGIN_WORDS or (prep in ("in", "at") and _from_before(body, start, m))
        gate = prep in GATE_WORDS and (m.place.kind == CROSSING or after in words.crossing_words)
        found.append(Location(m, origin=origin, goal=prep in GOAL_WORDS, gate=gate,
                              venue=prep in ("in", "at")))  # fmt: skip
    return found


def _from_before(body: str, start: int, m: Mention) -> bool:
    """ "from al-Thawra hospital in Taiz": "from" a few plain words before the "in" of `m`."""
    head = _IN_AT_END.search(body[start : m.start])
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
    nxt = _POSSESSIVE_GAP.match(body, at)
    return bool(nxt) and any(x.start == at + nxt.end() for x in mentions)


_LIST_TAIL = re.compile(r"\s*(?:,|and|or|&)\s*(?:the\s+)?", re.IGNORECASE)


def _acts(body: str, m: Mention, mentions: Sequence[Mention]) -> bool:
    """Whether a country or capital, or the list it heads, is the subject of a verb: "Turkey
    seized", "Washington and Moscow would"; never right after a preposition ("in Turkey have")."""
    previous = _LAST_WORD.search(body[max(0, m.start - 30) : m.start])
    if previous and previous.group(1).lower() in _words().prepositions:
        return False
    end = m.end
    for other in mentions:  # skip the rest of a list of names: "Washington and Moscow"
        if other.start >= end and _LIST_TAIL.fullmatch(body, end, other.start):
            end = other.end
    verb = _next_word(body, end, len(body))
    words = _words()
    return verb in words.agent_verbs or verb in words.speakers


def _aside(body: str, previous: Mention, m: Mention) -> bool:
    """Whether `m` stands in brackets right after the place named before it."""
    return body[previous.end : m.start].strip() == "(" and body[m.end : m.end + 1] == ")"


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
    if not before and _DIRECTION.search(between):
        return True  # "Tarhuna, about 65 km southeast of Tripoli": a landmark, whatever its size
    said = before or bool(_NEAR.search(between) or _IN.search(between))
    same_unit = said or (p.admin1 == q.admin1 and p.admin1)
    return within(p, q) or (same_unit and _bigger(q, p))


def _bigger(outer: Place, inner: Place) -> bool:
    rank_o, rank_i = _KIND_RANK.get(outer.kind, 9), _KIND_RANK.get(inner.kind, 9)
    if rank_o != rank_i:
        return rank_o < rank_i
    return outer.population >= BIGGER_POPULATION_RATIO * max(inner.population, 1)


def _preposition(body: str, start: int, at: int, found: list[Location],
                 adjectives: frozenset[int] = frozenset()) -> str | None:  # fmt: skip
    """The preposition governing a name at `at`, through modifiers, demonyms (starting at one of
    `adjectives`: "in the Saudi city of Jeddah") and lists of earlier names."""
    words = _words()
    for t in reversed(_last_tokens(body, start, at)):  # most names stop at the first or second
        word, s, e = t.group().lower(), t.start(), t.end()
        if s in adjectives:
            continue
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


def _last_tokens(body: str, start: int, at: int) -> list[re.Match[str]]:
    """The last LOOKBACK_WORDS tokens of body[start:at] (matches: the caller reads the words
    it needs, lower-casing them).

    Read from a window before `at` (a sentence can be long): a scan that starts inside a word
    only gets that word's first token wrong, so the window must give one token more than kept.
    """
    lo = max(start, at - LOOKBACK_CHARS)
    while True:
        tokens = list(_TOKEN.finditer(body, lo, at))
        if lo == start or len(tokens) > LOOKBACK_WORDS:
            return tokens[-LOOKBACK_WORDS:]
        lo = start  # too few words in the window: the whole stretch


def _gap(body: str, prev_end: int, connector_end: int) -> int:
    """0 when only list punctuation and connectors stand between a name and a connector."""
    between = body[prev_end:connector_end].strip().lower()
    return 0 if _CONNECTORS_ONLY.fullmatch(between) else -1


_NEXT_WORD = re.compile(r"(?:['’]s)?\s*([\w'’-]+)")


def _next_word(body: str, at: int, end: int) -> str:
    m = _NEXT_WORD.match(body, at, end)
    return m.group(1).lower() if m else ""


def within(inner: Place, outer: Place) -> bool:
    """Whether `inner` lies inside `outer`, a country or a governorate."""
    if outer.kind == COUNTRY:
        return inner.kind != COUNTRY and inner.country == outer.country
    if outer.kind == ADMIN1:
        return inner.kind not in (COUNTRY, ADMIN1) and inner.admin1 == outer.admin1
    return False
