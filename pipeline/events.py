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
from dataclasses import replace

from gazetteer.place import COUNTRY, geo_precision
from pipeline.actors import actor_names, find_actors, participants
from pipeline.clauses import clause_of, clause_spans
from pipeline.event_dates import (
    DATE_FACTOR,
    UNDATED,
    EventDate,
    effective_date,
    event_date,
    history,
    published_date,
    within,
)
from pipeline.event_merge import date_agreements, merge_events
from pipeline.event_places import is_demonym
from pipeline.event_refs import fresh, inherited_places, known, same_event_date, venues_to_talks
from pipeline.event_walk import (
    PlaceRef,
    Walk,
    locations_in,
    mentions_in,
    named_in,
    ref,
    start_walk,
    tokens_in,
)
from pipeline.modality import called, status_of
from pipeline.model import Article, Event
from pipeline.place_assign import assign
from pipeline.quantities import merge_quantities
from pipeline.triggers import Trigger, find_triggers, trigger_rules

# How much each way of finding the place lowers the confidence.
PLACE_FACTOR = {"text": 1.0, "there": 0.8, "sentence": 0.8, "nation": 0.75, "same-event": 0.7,
                "article-focus": 0.55, "article-country": 0.5}  # fmt: skip
STATE_TYPES = frozenset(r.event_type for r in trigger_rules() if r.state)
_WEAK_PLACES = frozenset({"article-focus", "article-country"})
SCHEDULED_TYPES = frozenset({"aid_convoy", "aid_delivery", "aid_airdrop", "evacuation"})
# fighting a reporting organisation only reports ("SOHR said"): its actors are the fighters
CONFLICT_TYPES = frozenset({"armed_clash", "airstrike", "shelling", "territory_change", "siege",
                            "ceasefire_violation", "hostilities_halted"})  # fmt: skip
# what only happens, never is planned: a plan of fighting is no event (gold codes none)
FACT_TYPES = frozenset({"armed_clash", "airstrike", "shelling", "territory_change",
                        "ceasefire_violation"})  # fmt: skip
_INTENDED = frozenset({"planned", "pending"})
# fighting with no place in its clause is where the sentence's other fighting took place
FIGHTING = frozenset({"armed_clash", "airstrike", "shelling", "territory_change"})
BACKGROUND_DAYS = 365  # events the text dates more than this before publication are left out


def extract_events(article: Article, gz=None) -> list[Event]:
    """The events of one article, one per trigger and location, merged where they repeat."""
    body = article.body
    walk = start_walk(article, gz)
    spans = walk.spans
    events: list[Event] = []
    for i, (start, end) in enumerate(spans):
        previous = body[spans[i - 1][0] : spans[i - 1][1]] if i else ""
        events += _sentence_events(walk, i, (start, end), previous)
    events = date_agreements(events, walk.effects, walk.text_dated)
    return merge_events(events, states=STATE_TYPES, text_dated=walk.text_dated,
                        known=walk.known - walk.fresh, fresh=walk.fresh,
                        weak=walk.weak)  # fmt: skip


class EventStage:
    """Stage: fill `article.events` (after sentences, place mentions and dates)."""

    def __init__(self, gz=None) -> None:
        self.gz = gz

    def __call__(self, article: Article) -> Article:
        article.events = extract_events(article, self.gz)
        return article


def _sentence_events(walk: Walk, index: int, sentence: tuple[int, int], topic: str) -> list[Event]:
    body = walk.article.body
    start, end = sentence
    triggers = find_triggers(body, start, end, topic_text=topic, title=walk.article.title,
                             seen_types=frozenset(walk.seen_types),
                             tokens=tokens_in(walk, sentence), lowered=walk.lowered)  # fmt: skip
    if not triggers:
        walk.read.append([sentence, None])  # its places are found if something points back
        return []
    actors = find_actors(body, start, end, named=named_in(walk, sentence))
    # "High Negotiations Committee" names an actor, not negotiations
    triggers = [t for t in triggers if not any(s <= t.start and t.end <= e for s, e, _ in actors)]
    locs = locations_in(walk, sentence, actors)
    clauses = clause_spans(body, start, end, cuts=walk.cuts)
    offsets = [t.start for t in triggers] + [loc.mention.start for loc in locs]
    # places go to triggers before redundant ones are dropped: in "a convoy reached Gaza City,
    # the first aid delivered to the north of the Strip", the Strip goes with the delivery
    owned_by = assign(triggers, locs, {o: clause_of(clauses, o) for o in offsets})
    kept = {id(t) for t in _unsuppressed(triggers, clauses)}
    owned = [owned_by[i] for i, t in enumerate(triggers) if id(t) in kept]
    triggers = [t for t in triggers if id(t) in kept]
    owned = venues_to_talks(walk, triggers, owned, locs)
    actors += [(m.start, m.end, m.text) for m in mentions_in(walk, sentence)
               if m.place.kind == COUNTRY and not is_demonym(m)
               and all(loc.mention is not m for loc in locs)]  # fmt: skip
    quantities = walk.quantities.get(index, [])
    events: list[Event] = []
    clause_status: dict[int, str] = {}
    fought_at: list[PlaceRef] = []  # where the sentence's fighting so far took place
    for i, trigger in enumerate(triggers):
        walk.seen_types.add(trigger.event_type)
        clause = clauses[clause_of(clauses, trigger.start)]
        words = (w for _at, w in tokens_in(walk, clause))
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
        if status == "reported" and _ahead(walk, trigger, clause):
            status = "planned"  # "a convoy ... is due to enter the town on Saturday"
        if status in _INTENDED:
            trigger, status = _as_intended(trigger, status)
            if trigger is None:
                continue
        numbers = [q for q in quantities if clause[0] <= q.start < clause[1]]
        when = event_date(walk.dates, trigger, clause, sentence, status=status)
        if _background(when, walk.article.published) or (
                not trigger.rule.state and history(body, when)):  # fmt: skip
            continue
        places = [ref(loc.mention, "text") for loc in owned[i]]
        if not places and trigger.event_type in FIGHTING:  # "stormed the town after a week of
            places = [replace(p, how="sentence") for p in fought_at]  # heavy fighting"
        places = places or inherited_places(
            walk, index, trigger, clause, locs, concrete=bool(numbers) or when.how == "clause")
        if not places or (trigger.rule.state and places[0].how != "text"
                          and called(body, clause, (trigger.start, trigger.end))):
            continue
        is_new = fresh(body, trigger, clause)
        if when.how == "none" or (places[0].how == "same-event" and when.how != "clause"):
            # "the negotiations" with no date of their own are the negotiations named before;
            # "another convoy" is not
            when = None if is_new else same_event_date(walk, index, trigger,
                                                        any_date=places[0].how == "same-event")
            # only what happened is dated by publication; a planned, pending or refused event
            # the text gives no date for stays undated
            when = when or (published_date(walk.article.published) if status == "reported"
                            else UNDATED)  # fmt: skip
        walk.history.append((index, trigger.event_type, places, when))
        if trigger.event_type in FIGHTING and places[0].how in ("text", "there"):
            fought_at = places
        involved = participants(body, actors, conflict=trigger.event_type in CONFLICT_TYPES)
        who = actor_names(sorted([a for a in involved if clause[0] <= a[0] < clause[1]]
                                 or involved))  # fmt: skip
        effective = effective_date(walk.dates, trigger, sentence, when)
        is_known = known(body, trigger, clause)
        for place in places:
            ev = _event(walk.article, trigger, place, when, status, sentence, who,
                        merge_quantities(numbers), effective)
            events.append(ev)
            if when.how in ("clause", "sentence", "planned"):
                walk.text_dated.add(ev.event_id)
            if is_new:
                walk.fresh.add(ev.event_id)
            if is_known:
                walk.known.add(ev.event_id)
            if place.how in _WEAK_PLACES:
                walk.weak.add(ev.event_id)
            if trigger.rule.effect:
                walk.effects.add(ev.event_id)
    walk.read.append([sentence, locs])
    return events


def _ahead(walk: Walk, trigger: Trigger, clause: tuple[int, int]) -> bool:
    """Whether the only days the clause gives are ahead ("due to enter on Saturday"): then the
    event is planned. Only for what is scheduled (convoys, drops, evacuations); an agreement's
    day ahead is when it takes effect, a meeting's may be that of what it proposed."""
    if trigger.event_type not in SCHEDULED_TYPES:
        return False
    inside = [d for d in within(walk.dates, *clause) if d.date is not None]
    return bool(inside) and all(d.future for d in inside)


def _as_intended(trigger: Trigger, status: str) -> tuple[Trigger | None, str]:
    """What a planned or pending trigger reports. Fighting to come is no event ("forces would
    withdraw from the town", "strikes will target"); a halt announced ahead is a truce agreed
    ("Turkey would suspend its operation for 120 hours"); an agreement that is to take effect
    was agreed ("the truce is to take effect on Monday")."""
    if trigger.event_type in FACT_TYPES:
        return None, status
    if trigger.event_type == "hostilities_halted":
        return replace(trigger, event_type="ceasefire_agreed"), "reported"
    if trigger.event_type == "ceasefire_agreed" and trigger.rule.effect:
        return trigger, "reported"
    return trigger, status


def _background(when: EventDate, published) -> bool:
    """An event the text dates long before publication is history, not news ("captured the
    Golan Heights in 1967", "the first truce in 2012")."""
    if published is None or when.date_end is None:
        return False
    return (published - when.date_end).days > BACKGROUND_DAYS


def _unsuppressed(triggers: list[Trigger], clauses: list[tuple[int, int]]) -> list[Trigger]:
    """Drop triggers another trigger of the same clause makes redundant (convoy > delivery;
    anything > a weak "truce in X"; an air strike > "an attack on")."""
    clause = {t.start: clause_of(clauses, t.start) for t in triggers}
    suppressed = {(clause[t.start], s) for t in triggers for s in t.rule.suppresses
                  if s != t.event_type}  # talks that turn out not to be about a truce are diplomacy
    strong = {clause[t.start] for t in triggers if not t.rule.weak}
    present = {(clause[t.start], t.event_type) for t in triggers}
    return [t for t in triggers if (clause[t.start], t.event_type) not in suppressed
            and not (t.rule.weak and clause[t.start] in strong)
            and not any((clause[t.start], y) in present for y in t.rule.yields_to)]  # fmt: skip


def _event(
    article: Article,
    trigger: Trigger,
    ref: PlaceRef,
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
