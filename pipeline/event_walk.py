"""What event extraction knows while it reads one article: its places, words and past events.

`start_walk(article, gz)` prepares, once per article, what every sentence needs (words, actors'
names, clause cuts, numbers, the article's country and focus); the helpers give a sentence its
mentions and places, and the places of the sentences read before it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter

from gazetteer.place import Place
from pipeline.actors import named_spans
from pipeline.clauses import clause_cuts
from pipeline.dates import find_dates
from pipeline.event_dates import EventDate
from pipeline.event_places import Location, locations
from pipeline.model import Article, DateMention, Mention
from pipeline.phrases import fold_case
from pipeline.place_refs import dateline_end, focus_place, main_country
from pipeline.quantities import quantities_by_sentence
from pipeline.sentences import sentence_spans
from pipeline.triggers import word_tokens

_start = attrgetter("start")
RECENT_SENTENCES = 3  # "the three provinces" refers back at most this many sentences


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """Where an event is, and how that was found (the text, "there", the article ...)."""

    place: Place
    text: str  # as written; body[start:end] when start >= 0
    start: int
    end: int
    how: str
    score: float = 1.0


@dataclass(slots=True)
class Walk:
    """What extraction remembers while it walks through the article's sentences."""

    article: Article
    spans: list[tuple[int, int]]  # the sentences
    dates: list[DateMention]
    mentions: list[Mention]  # sorted by start
    nation: PlaceRef | None
    focus: PlaceRef | None
    is_capital: Callable[[str], bool] | None = None
    seen_types: set[str] = field(default_factory=set)
    history: list[tuple[int, str, list[PlaceRef], EventDate]] = field(default_factory=list)
    # the sentences read so far: their span and places, found only when something points back
    read: list[list] = field(default_factory=list)  # [span, list[Location] | None]
    starts: list[int] = field(default_factory=list)  # mention starts, for bisect
    lowered: str | None = None  # the body lower-cased, when that keeps its offsets
    tokens: list[tuple[int, str]] = field(default_factory=list)  # (start, lower-cased word)
    token_starts: list[int] = field(default_factory=list)
    named: list[tuple[int, int]] = field(default_factory=list)  # actors' names in the body
    named_starts: list[int] = field(default_factory=list)
    cuts: list[int] = field(default_factory=list)  # where clauses may begin
    quantities: dict[int, list] = field(default_factory=dict)  # sentence index -> quantities
    text_dated: set[str] = field(default_factory=set)  # ids of events the text dates itself
    fresh: set[str] = field(default_factory=set)  # ids of events said to be new ("a second")
    known: set[str] = field(default_factory=set)  # ids of events referred to as known ("the")
    weak: set[str] = field(default_factory=set)  # ids of events placed only by the article
    effects: set[str] = field(default_factory=set)  # ids of agreements found by "took effect"


def start_walk(article: Article, gz=None) -> Walk:
    """A walk over `article`, with what its sentences need found once in the whole body."""
    body = article.body
    mentions = sorted(article.mentions, key=lambda m: m.start)
    # "AMMAN, July 9 - ": when the reporter filed, and a city (a venue often) that does not say
    # which country the story is in; the place it dwells on may well be the dateline's
    opening = dateline_end(body)
    dates = article.dates or find_dates(body, article.published)
    spans = article.sentences or sentence_spans(body)
    story = [m for m in mentions if m.start >= opening]
    walk = Walk(
        article=article,
        spans=spans,
        dates=sorted((d for d in dates if d.start >= opening), key=_start),  # (they are)
        mentions=mentions,
        nation=_nation(story, gz),
        focus=_focus(mentions),
        is_capital=getattr(gz, "is_capital", None),
        starts=[m.start for m in mentions],
    )
    walk.lowered = fold_case(body)
    walk.tokens = word_tokens(body, lowered=walk.lowered)
    walk.token_starts = [at for at, _word in walk.tokens]
    walk.named = named_spans(body)
    walk.named_starts = [s for s, _e in walk.named]
    walk.cuts = clause_cuts(body, tokens=walk.tokens)
    walk.quantities = quantities_by_sentence(body, spans)
    return walk


def tokens_in(walk: Walk, span: tuple[int, int]) -> list[tuple[int, str]]:
    """The (start, lower-cased word) of the words starting inside span."""
    ts = walk.token_starts
    return walk.tokens[bisect_left(ts, span[0]) : bisect_left(ts, span[1])]


def named_in(walk: Walk, span: tuple[int, int]) -> list[tuple[int, int]]:
    """The actors' names lying inside span."""
    found = walk.named[bisect_left(walk.named_starts, span[0]) :
                       bisect_left(walk.named_starts, span[1])]  # fmt: skip
    return [x for x in found if x[1] <= span[1]]


def mentions_in(walk: Walk, span: tuple[int, int]) -> list[Mention]:
    """The mentions that start inside span (mentions are sorted by start)."""
    return walk.mentions[bisect_left(walk.starts, span[0]) : bisect_left(walk.starts, span[1])]


def locations_in(walk: Walk, sentence: tuple[int, int], actors) -> list[Location]:
    """The places a sentence names as locations (see `event_places.locations`)."""
    spans = [(s, e) for s, e, _name in actors]
    home = walk.nation.place.country if walk.nation else None
    return locations(walk.article.body, mentions_in(walk, sentence), sentence[0], sentence[1],
                     spans, home=home, is_capital=walk.is_capital)  # fmt: skip


def _read_places(walk: Walk, entry: list) -> list[Location]:
    if entry[1] is None:
        entry[1] = locations_in(walk, entry[0], [])
    return entry[1]


def recent_places(walk: Walk) -> list[Location]:
    """The places of the last RECENT_SENTENCES sentences, in text order."""
    return [loc for entry in walk.read[-RECENT_SENTENCES:] for loc in _read_places(walk, entry)]


def last_places(walk: Walk) -> list[Location]:
    """The places of the last sentence that names any."""
    for entry in reversed(walk.read):
        found = _read_places(walk, entry)
        if found:
            return found
    return []


def ref(mention: Mention, how: str) -> PlaceRef:
    """A place as a mention names it."""
    return PlaceRef(mention.place, mention.text, mention.start, mention.end, how, mention.score)


def _nation(mentions: list[Mention], gz) -> PlaceRef | None:
    found = main_country(mentions)
    if found is None:
        return None
    code, mention = found
    if mention is not None:
        return ref(mention, "nation")
    place = gz.country_place(code) if gz is not None else None
    return PlaceRef(place, place.name, -1, -1, "nation") if place else None


def _focus(mentions: list[Mention]) -> PlaceRef | None:
    mention = focus_place(mentions)
    return ref(mention, "article-focus") if mention else None
