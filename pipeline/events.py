"""Events from an article: triggers with their places, dates, actors, numbers and status.

`extract_events(article, gz)` is pure; `EventStage(gz)` fills `article.events`. One event per
trigger and location. A trigger with no place of its own in its clause takes, in this order and
with less confidence: the place a word like "there" points back to; the whole country for "the
country" or "nationwide"; the places of the same kind of event named just before when it is
referred to as known ("the ceasefire deal"); when the clause gives a date or a number of its own
(a concrete report), the place the article is about if one dominates it, else its country.
Otherwise it is dropped. Events the text dates more than a year before publication are history
and left out.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache

from gazetteer.place import COUNTRY, Place, geo_precision
from pipeline.actors import actor_names, find_actors, named_spans
from pipeline.clauses import clause_cuts, clause_of, clause_spans
from pipeline.dates import find_dates
from pipeline.event_dates import (
    DATE_FACTOR,
    UNDATED,
    EventDate,
    effective_date,
    event_date,
    history,
    published_date,
)
from pipeline.event_merge import date_agreements, merge_events
from pipeline.event_places import (
    Location,
    anaphor,
    antecedents,
    assign,
    dateline_end,
    focus_place,
    is_demonym,
    locations,
    main_country,
    plural_anaphor,
    venue,
)
from pipeline.modality import status_of
from pipeline.model import Article, DateMention, Event, Mention
from pipeline.phrases import compile_phrases, fold_case
from pipeline.quantities import merge_quantities, quantities_by_sentence
from pipeline.rules_loader import load_rules
from pipeline.sentences import sentence_spans
from pipeline.triggers import Trigger, find_triggers, trigger_rules, word_tokens

# How much each way of finding the place lowers the confidence.
PLACE_FACTOR = {"text": 1.0, "there": 0.8, "nation": 0.75, "same-event": 0.7,
                "article-focus": 0.55, "article-country": 0.5}  # fmt: skip
STATE_TYPES = frozenset(r.event_type for r in trigger_rules() if r.state)
# Aid reported one way and then another ("delivered supplies", "brought in by three trucks")
_FAMILY = dict.fromkeys(("aid_convoy", "aid_delivery", "aid_airdrop"),
                        {"aid_convoy", "aid_delivery", "aid_airdrop"})  # fmt: skip
_WEAK_PLACES = frozenset({"article-focus", "article-country"})
BACKGROUND_DAYS = 365  # events the text dates more than this before publication are left out
COREFERENCE_SENTENCES = 3  # "the deal" refers back at most this many sentences
RECENT_SENTENCES = 3  # "the three provinces" refers back at most this many sentences
_ANAPHOR_KINDS = {"city": ("settlement",), "town": ("settlement",), "village": ("settlement",),
                  "province": ("admin1",), "governorate": ("admin1",), "region": ("admin1",)}
_WIDE_ANAPHORS = ("enclave", "pocket", "countryside", "region")
# "a second convoy", "another airdrop", "new clashes": not the event reported before
_FRESH = re.compile(r"\b(?:another|new|fresh|further|more(?!\s+than)|additional|separate|renewed|"
                    r"an?\s+(?:second|third|fourth|fifth))\s+(?:[\w'’-]+\s+){0,2}$", re.I)
_DEFINITE = re.compile(r"\b(?:the|this|that|these|those|its|their|such)\s+(?:[\w'’-]+\s+)?$",
                       re.I)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _PlaceRef:
    place: Place
    text: str  # as written; body[start:end] when start >= 0
    start: int
    end: int
    how: str
    score: float = 1.0


@dataclass(slots=True)
class _Walk:
    """What extraction remembers while it walks through the article's sentences."""

    article: Article
    dates: list[DateMention]
    mentions: list[Mention]
    nation: _PlaceRef | None
    focus: _PlaceRef | None
    seen_types: set[str] = field(default_factory=set)
    history: list[tuple[int, str, list[_PlaceRef], EventDate]] = field(default_factory=list)
    # the sentences read so far: their span and places, found only when something points back
    read: list[list] = field(default_factory=list)  # [span, list[Location] | None]
    starts: list[int] = field(default_factory=list)  # mention starts, for bisect
    tokens: list[tuple[int, str]] = field(default_factory=list)  # (start, lower-cased word)
    token_starts: list[int] = field(default_factory=list)
    lowered: str | None = None  # the body lower-cased, when that keeps its offsets
    named: list[tuple[int, int]] = field(default_factory=list)  # actors' names in the body
    named_starts: list[int] = field(default_factory=list)
    cuts: list[int] = field(default_factory=list)  # where clauses may begin
    quantities: dict[int, list] = field(default_factory=dict)  # sentence index -> quantities
    is_capital: Callable[[str], bool] | None = None
    text_dated: set[str] = field(default_factory=set)  # ids of events the text dates itself
    fresh: set[str] = field(default_factory=set)  # ids of events said to be new ("a second")
    known: set[str] = field(default_factory=set)  # ids of events referred to as known ("the")
    weak: set[str] = field(default_factory=set)  # ids of events placed only by the article
    effects: set[str] = field(default_factory=set)  # ids of agreements found by "took effect"


def extract_events(article: Article, gz=None) -> list[Event]:
    """The events of one article, one per trigger and location, merged where they repeat."""
    body = article.body
    spans = article.sentences or sentence_spans(body)
    mentions = sorted(article.mentions, key=lambda m: m.start)
    opening = dateline_end(body)  # "AMMAN, July 9 - ": when the reporter filed, not an event's day
    dates = article.dates or find_dates(body, article.published)
    walk = _Walk(
        article=article,
        dates=[d for d in dates if d.start >= opening],
        mentions=mentions,
        nation=_nation(mentions, gz),
        focus=_focus(mentions),
        is_capital=getattr(gz, "is_capital", None),
        starts=[m.start for m in mentions],
    )
    walk.lowered = fold_case(body)
    walk.tokens = word_tokens(body, lowered=walk.lowered)
    walk.token_starts = [at for at, _word in walk.tokens]
    # what sentences need is found once in the whole body
    walk.named = named_spans(body)
    walk.named_starts = [s for s, _e in walk.named]
    walk.cuts = clause_cuts(body, tokens=walk.tokens)
    walk.quantities = quantities_by_sentence(body, spans)
    events: list[Event] = []
    for i, (start, end) in enumerate(spans):
        previous = body[spans[i - 1][0] : spans[i - 1][1]] if i else ""
        events += _sentence_events(walk, i, (start, end), previous)
    events = date_agreements(events, walk.effects, walk.text_dated)
    return merge_events(events, states=STATE_TYPES, text_dated=walk.text_dated,
                        known=walk.known - walk.fresh, weak=walk.weak)  # fmt: skip


class EventStage:
    """Stage: fill `article.events` (after sentences, place mentions and dates)."""

    def __init__(self, gz=None) -> None:
        self.gz = gz

    def __call__(self, article: Article) -> Article:
        article.events = extract_events(article, self.gz)
        return article


def _sentence_events(walk: _Walk, index: int, sentence: tuple[int, int], topic: str) -> list[Event]:
    body = walk.article.body
    start, end = sentence
    lo, hi = bisect_left(walk.token_starts, start), bisect_left(walk.token_starts, end)
    triggers = find_triggers(body, start, end, topic_text=topic, title=walk.article.title,
                             seen_types=frozenset(walk.seen_types),
                             tokens=walk.tokens[lo:hi], lowered=walk.lowered)  # fmt: skip
    if not triggers:
        walk.read.append([sentence, None])  # its places are found if something points back
        return []
    actors = find_actors(body, start, end, named=_slice(walk.named, walk.named_starts, sentence))
    # "High Negotiations Committee" names an actor, not negotiations
    triggers = [t for t in triggers if not any(s <= t.start and t.end <= e for s, e, _ in actors)]
    locs = _locations(walk, sentence, actors)
    clauses = clause_spans(body, start, end, cuts=walk.cuts)
    offsets = [t.start for t in triggers] + [loc.mention.start for loc in locs]
    # places go to triggers before redundant ones are dropped: in "a convoy reached Gaza City,
    # the first aid delivered to the north of the Strip", the Strip goes with the delivery
    owned_by = assign(triggers, locs, {o: clause_of(clauses, o) for o in offsets})
    kept = {id(t) for t in _unsuppressed(triggers, clauses)}
    owned = [owned_by[i] for i, t in enumerate(triggers) if id(t) in kept]
    triggers = [t for t in triggers if id(t) in kept]
    owned = _venues_to_talks(walk, triggers, owned)
    actors += [(m.start, m.end, m.text) for m in _mentions_in(walk, sentence)
               if m.place.kind == COUNTRY and not is_demonym(m)
               and all(loc.mention is not m for loc in locs)]  # fmt: skip
    quantities = walk.quantities.get(index, [])
    events: list[Event] = []
    clause_status: dict[int, str] = {}
    for i, trigger in enumerate(triggers):
        walk.seen_types.add(trigger.event_type)
        clause = clauses[clause_of(clauses, trigger.start)]
        words = (w for _at, w in walk.tokens[bisect_left(walk.token_starts, clause[0]) :
                                             bisect_left(walk.token_starts, clause[1])])
        status = status_of(body, clause, (trigger.start, trigger.end), state=trigger.rule.state,
                           words=words, lowered=walk.lowered)  # fmt: skip
        if status is None:
            continue
        if trigger.rule.state:  # "the planned evacuation from the besieged town": the siege is real
            status = "denied" if status == "denied" else "reported"
        # "set to benefit from deliveries including air drops": the cue covers both triggers
        elif status == "reported":
            status = clause_status.get(clause[0], status)
        else:
            clause_status[clause[0]] = status
        numbers = [q for q in quantities if clause[0] <= q.start < clause[1]]
        when = event_date(walk.dates, trigger, clause, sentence, status=status)
        if _background(when, walk.article.published) or (
                not trigger.rule.state and history(body, when)):  # fmt: skip
            continue
        places = [_ref(loc.mention, "text") for loc in owned[i]] or _inherited_places(
            walk, index, trigger, clause, locs, concrete=bool(numbers) or when.how == "clause")
        if not places:
            continue
        fresh = bool(_FRESH.search(body, max(clause[0], trigger.start - 30), trigger.start))
        if when.how == "none" or (places[0].how == "same-event" and when.how != "clause"):
            # "the negotiations" with no date of their own are the negotiations named before;
            # "another convoy" is not
            when = None if fresh else _same_event_date(walk, index, trigger,
                                                       any_date=places[0].how == "same-event")
            # only what happened is dated by publication; a planned, pending or refused event
            # the text gives no date for stays undated
            when = when or (published_date(walk.article.published) if status == "reported"
                            else UNDATED)  # fmt: skip
        walk.history.append((index, trigger.event_type, places, when))
        who = actor_names(sorted([a for a in actors if clause[0] <= a[0] < clause[1]] or actors))
        effective = effective_date(walk.dates, trigger, sentence, when)
        known = _known(body, trigger, clause)
        for ref in places:
            ev = _event(walk.article, trigger, ref, when, status, sentence, who,
                        merge_quantities(numbers), effective)
            events.append(ev)
            if when.how in ("clause", "sentence", "planned"):
                walk.text_dated.add(ev.event_id)
            if fresh:
                walk.fresh.add(ev.event_id)
            if known:
                walk.known.add(ev.event_id)
            if ref.how in _WEAK_PLACES:
                walk.weak.add(ev.event_id)
            if trigger.rule.effect:
                walk.effects.add(ev.event_id)
    walk.read.append([sentence, locs])
    return events


def _read_places(walk: _Walk, entry: list) -> list[Location]:
    if entry[1] is None:
        entry[1] = _locations(walk, entry[0], [])
    return entry[1]


def _recent(walk: _Walk) -> list[Location]:
    """The places of the last RECENT_SENTENCES sentences, in text order."""
    return [loc for entry in walk.read[-RECENT_SENTENCES:] for loc in _read_places(walk, entry)]


def _last_places(walk: _Walk) -> list[Location]:
    """The places of the last sentence that names any."""
    for entry in reversed(walk.read):
        found = _read_places(walk, entry)
        if found:
            return found
    return []


def _venues_to_talks(walk: _Walk, triggers: list[Trigger],
                     owned: list[list[Location]]) -> list[list[Location]]:  # fmt: skip
    """An agreement is placed where it applies, not where it was made: a place abroad ("agreed
    in Geneva") goes to the talks of the same sentence that have no place of their own, else
    nowhere; the agreement then takes the places of the truce named before, or the country."""
    home = walk.nation.place.country if walk.nation else None
    body = walk.article.body
    venues = []
    out = list(owned)
    for i, t in enumerate(triggers):
        if t.event_type == "ceasefire_agreed":
            abroad = [loc for loc in owned[i] if venue(body, loc, home, _covered_opening())]
            out[i] = [loc for loc in owned[i] if loc not in abroad]
            venues += abroad
    for i, t in enumerate(triggers):
        if t.event_type in ("ceasefire_talks", "diplomacy") and not out[i]:
            out[i] = venues
    return out


@cache
def _covered_opening():
    pattern = compile_phrases(["@ceasefire|pause|deal|agreement|zone|zones|effect|force|began|"
                               "begins|started|starts in|for|across|covering|around|throughout|"
                               "over|on"], load_rules("events")["topics"])
    assert pattern is not None
    return pattern


def _background(when: EventDate, published) -> bool:
    """An event the text dates long before publication is history, not news ("captured the
    Golan Heights in 1967", "the first truce in 2012")."""
    if published is None or when.date_end is None:
        return False
    return (published - when.date_end).days > BACKGROUND_DAYS


def _locations(walk: _Walk, sentence: tuple[int, int], actors) -> list[Location]:
    spans = [(s, e) for s, e, _name in actors]
    home = walk.nation.place.country if walk.nation else None
    return locations(walk.article.body, _mentions_in(walk, sentence), sentence[0], sentence[1],
                     spans, home=home, is_capital=walk.is_capital)  # fmt: skip


def _slice(items: list, starts: list[int], span: tuple[int, int]) -> list:
    """The (start, end, ...) items lying inside span (items sorted by start)."""
    found = items[bisect_left(starts, span[0]) : bisect_left(starts, span[1])]
    return [x for x in found if x[1] <= span[1]]


def _mentions_in(walk: _Walk, span: tuple[int, int]) -> list[Mention]:
    """The mentions that start inside span (mentions are sorted by start)."""
    return walk.mentions[bisect_left(walk.starts, span[0]) : bisect_left(walk.starts, span[1])]


def _unsuppressed(triggers: list[Trigger], clauses: list[tuple[int, int]]) -> list[Trigger]:
    """Drop triggers another trigger of the same clause makes redundant (convoy > delivery;
    anything > a weak "truce in X")."""
    clause = {t.start: clause_of(clauses, t.start) for t in triggers}
    suppressed = {(clause[t.start], s) for t in triggers for s in t.rule.suppresses
                  if s != t.event_type}  # talks that turn out not to be about a truce are diplomacy
    strong = {clause[t.start] for t in triggers if not t.rule.weak}
    return [t for t in triggers if (clause[t.start], t.event_type) not in suppressed
            and not (t.rule.weak and clause[t.start] in strong)]  # fmt: skip


def _inherited_places(
    walk: _Walk,
    index: int,
    trigger: Trigger,
    clause: tuple[int, int],
    locs: list[Location],
    *,
    concrete: bool,
) -> list[_PlaceRef]:
    body = walk.article.body
    plural = plural_anaphor(body, clause[0], clause[1])
    if plural:  # "no air strikes in the three provinces": the three named just before
        n, kinds, at = plural
        pool = _recent(walk)
        found = antecedents(pool + [loc for loc in locs if loc.mention.end <= at], n, kinds)
        if found:
            return [_ref(loc.mention, "there") for loc in found]
    pointer = anaphor(body, clause[0], clause[1])
    if pointer and pointer[0] == "country" and walk.nation:
        return [replace(walk.nation, how="nation")]
    if pointer and pointer[0] == "local":
        word = body[pointer[1] : pointer[2]].lower()
        before = [loc for loc in locs if loc.mention.end <= pointer[1]] or _last_places(walk)
        if any(w in word for w in _WIDE_ANAPHORS):  # "the enclave": a region named a bit earlier
            wide = [loc for loc in _recent(walk)
                    if geo_precision(loc.mention.place.kind) == "admin1"]  # fmt: skip
            before = before if any(loc in wide for loc in before) else (wide or before)
        antecedent = _antecedent(before, word)
        if antecedent:
            return [_ref(antecedent.mention, "there")]
    if trigger.rule.needs_place:
        return []
    if _known(body, trigger, clause):
        family = _FAMILY.get(trigger.event_type, {trigger.event_type})
        for past_index, event_type, places, _when in reversed(walk.history):
            if index - past_index > COREFERENCE_SENTENCES:
                break
            if event_type in family:
                return [replace(p, how="same-event") for p in places]
    if concrete and walk.focus:
        return [replace(walk.focus, how="article-focus")]
    if concrete and walk.nation:
        return [replace(walk.nation, how="article-country")]
    return []


def _antecedent(candidates: list[Location], anaphor_text: str) -> Location | None:
    """The last place named that the anaphor can mean: not a country, and a settlement for
    "the city"/"the town", a governorate for "the province"."""
    places = [c for c in candidates if c.mention.place.kind != COUNTRY] or candidates
    wanted = next((kinds for word, kinds in _ANAPHOR_KINDS.items() if word in anaphor_text), None)
    fitting = [c for c in places if wanted and geo_precision(c.mention.place.kind) in wanted]
    chosen = fitting or places
    return chosen[-1] if chosen else None


def _same_event_date(
    walk: _Walk, index: int, trigger: Trigger, *, any_date: bool
) -> EventDate | None:
    """The date of the same kind of event just before: one the text gave it, or any (for an
    event referred to as known, which is the same event)."""
    for past_index, event_type, _places, when in reversed(walk.history):
        if index - past_index > COREFERENCE_SENTENCES:
            return None
        if event_type == trigger.event_type and (any_date or when.how in ("clause", "sentence")):
            return when if any_date else replace(when, how="same-event")
    return None


def _known(body: str, trigger: Trigger, clause: tuple[int, int]) -> bool:
    """An event already reported: "the deal", or for aid a known subject ("The supplies ...
    were brought in by three trucks")."""
    if _definite(body, trigger):
        return True
    return trigger.event_type in _FAMILY and bool(_known_aid().match(body, clause[0], clause[1]))


@cache
def _known_aid():
    pattern = compile_phrases(["the|this|these|those ~ @aid|convoy*|truck*|lorr*|shipment*|"
                               "deliver*|airdrop*"], load_rules("events")["topics"])
    assert pattern is not None
    return pattern


def _definite(body: str, trigger: Trigger) -> bool:
    """ "the ceasefire deal", "the negotiations": an event already known, not a new one.

    Only a determiner before the trigger counts: in "accepts the terms of the deal" or
    "discussed the deal" the deal is known, but the acceptance or discussion is new.
    """
    text = body[trigger.start : trigger.end].lower()
    before = body[max(0, trigger.start - 40) : trigger.start]
    return text.startswith(("the ", "this ", "that ")) or bool(_DEFINITE.search(before))


def _nation(mentions: list[Mention], gz) -> _PlaceRef | None:
    found = main_country(mentions)
    if found is None:
        return None
    code, mention = found
    if mention is not None:
        return _ref(mention, "nation")
    place = gz.country_place(code) if gz is not None else None
    return _PlaceRef(place, place.name, -1, -1, "nation") if place else None


def _focus(mentions: list[Mention]) -> _PlaceRef | None:
    mention = focus_place(mentions)
    return _ref(mention, "article-focus") if mention else None


def _ref(mention: Mention, how: str) -> _PlaceRef:
    return _PlaceRef(mention.place, mention.text, mention.start, mention.end, how, mention.score)


def _event(
    article: Article,
    trigger: Trigger,
    ref: _PlaceRef,
    when: EventDate,
    status: str,
    sentence: tuple[int, int],
    actors: tuple[str, ...],
    quantities: dict[str, float],
    effective,
) -> Event:
    p = ref.place
    parts = (article.article_id, trigger.event_type, p.id, *sentence, trigger.start)
    key = "|".join(map(str, parts))
    confidence = (trigger.rule.weight * PLACE_FACTOR[ref.how] * DATE_FACTOR[when.how]
                  * (0.6 + 0.4 * ref.score))  # fmt: skip
    return Event(
        event_id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
        event_type=trigger.event_type,
        date=when.date,
        date_end=when.date_end,
        date_precision=when.precision,
        effective_date=effective,
        place=ref.text,
        place_id=p.id,
        place_name=p.name,
        geo_precision=geo_precision(p.kind),
        admin1=p.admin1,
        country=p.country,
        lat=p.lat,
        lon=p.lon,
        actors=actors,
        quantities=quantities,
        status=status,
        article_id=article.article_id,
        article_title=article.title,
        published=article.published,
        source=article.source,
        url=article.url,
        evidence=article.body[sentence[0] : sentence[1]],
        evidence_start=sentence[0],
        evidence_end=sentence[1],
        confidence=round(min(1.0, max(0.0, confidence)), 3),
        place_start=ref.start,
        place_end=ref.end,
        trigger_start=trigger.start,
        trigger_end=trigger.end,
    )
