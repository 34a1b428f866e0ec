"""Event triggers: the words that name an event, found with the rules of rules/events.yaml."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from pipeline.phrases import compile_phrases, first_words
from pipeline.rules_loader import load_rules

MEMO_WORDS = 200_000  # distinct words remembered by `_rules_starting`
_TOKEN = re.compile(r"[\w'’-]+")


@dataclass(frozen=True, slots=True)
class TriggerRule:
    """One group of events.yaml, compiled."""

    event_type: str
    weight: float
    pattern: re.Pattern[str]
    anaphoric: re.Pattern[str] | None  # counts only once the type was named earlier
    exclude: re.Pattern[str] | None
    context: re.Pattern[str] | None  # must occur in the sentence, the one before, or the title
    topic: re.Pattern[str] | None  # decides between event_type and else_type
    topic_before: re.Pattern[str] | None  # the part of the topic the sentence before may give
    else_type: str | None
    needs_place: bool
    suppresses: tuple[str, ...]
    yields_to: tuple[str, ...]  # dropped when a trigger of these types stands in its clause
    prefers_origin: bool
    moves: bool  # goods go somewhere: never placed at a departure point alone
    weak: bool  # dropped when another trigger stands in the same clause
    effect: bool  # "took effect": the event's date is when the agreement took effect
    state: bool  # a lasting condition (a siege): one per place, status only from a negation
    starts: re.Pattern[str]  # the words a match of `pattern` or `anaphoric` can start with
    folded: tuple  # (pattern, anaphoric, exclude) for lower-cased text (see phrases.fold_case)


@dataclass(frozen=True, slots=True)
class Trigger:
    """A trigger found in the body: its type, offsets and the rule that found it."""

    event_type: str
    start: int
    end: int
    anaphoric: bool
    rule: TriggerRule


@cache
def trigger_rules() -> tuple[TriggerRule, ...]:
    """The compiled groups of rules/events.yaml, in file order (earlier wins ties)."""
    data = load_rules("events")
    topics = data["topics"]
    rules = []
    for group in data["groups"]:
        topic = group.get("topic") or group.get("context")
        rules.append(
            TriggerRule(
                event_type=group["type"],
                weight=float(group.get("weight", 0.7)),
                pattern=compile_phrases(group["phrases"], topics),
                anaphoric=compile_phrases(group.get("anaphoric", []), topics),
                exclude=compile_phrases(group.get("exclude", []), topics),
                context=compile_phrases([f"@{group['context']}"], topics)
                if group.get("context")
                else None,
                topic=compile_phrases([f"@{topic}"], topics) if group.get("topic") else None,
                topic_before=compile_phrases([f"@{group['topic_before']}"], topics)
                if group.get("topic_before") else None,
                else_type=group.get("else_type"),
                needs_place=bool(group.get("needs_place", False)),
                suppresses=tuple(group.get("suppresses", ())),
                yields_to=tuple(group.get("yields_to", ())),
                prefers_origin=bool(group.get("prefers_origin", False)),
                moves=bool(group.get("moves", False)),
                weak=bool(group.get("weak", False)),
                effect=bool(group.get("effect", False)),
                state=bool(group.get("state", False)),
                starts=first_words([*group["phrases"], *group.get("anaphoric", [])], topics),
                folded=tuple(compile_phrases(group.get(k, []), topics, folded=True)
                             for k in ("phrases", "anaphoric", "exclude")),
            )
        )
    return tuple(rules)


def find_triggers(
    text: str,
    start: int,
    end: int,
    *,
    topic_text: str = "",
    title: str = "",
    seen_types: frozenset[str] = frozenset(),
    tokens: Sequence[tuple[int, str]] | None = None,
    lowered: str | None = None,
) -> list[Trigger]:
    """Triggers in text[start:end] (one sentence); of overlapping ones the leftmost, then longest.

    `topic_text` (the previous sentence) also decides a topic ("talks" are truce talks when the
    truce is named there or in the sentence); `title` only helps a context ("aid" for "convoy");
    `seen_types` are the types already found earlier in the article, for anaphoric triggers.
    `tokens` are the (start, lower-cased word) of the sentence, and `lowered` the whole text
    lower-cased (`phrases.fold_case`), when the caller has them: matching is faster on them.
    """
    sentence = text[start:end]
    rules = trigger_rules()
    found: list[tuple[int, int, int, TriggerRule, bool]] = []
    in_context: dict[int, bool] = {}
    if tokens is None:
        tokens = [(m.start(), m.group().lower()) for m in _TOKEN.finditer(text, start, end)]
    excluded: dict[int, list[tuple[int, int]]] = {}
    for rank, s, e, anaphoric in _candidates(lowered or text, end, tokens, seen_types,
                                             folded=lowered is not None):  # fmt: skip
        rule = rules[rank]
        if rule.context:
            ok = in_context.get(rank)
            if ok is None:
                ok = in_context[rank] = any(rule.context.search(t)
                                            for t in (sentence, topic_text, title))  # fmt: skip
            if not ok:
                continue
        if rule.exclude:
            spans = excluded.get(rank)
            if spans is None:
                pattern = rule.folded[2] if lowered is not None else rule.exclude
                spans = excluded[rank] = [x.span() for x in
                                          pattern.finditer(lowered or text, start, end)]
            if any(s < xe and xs < e for xs, xe in spans):
                continue
        found.append((s - start, e - start, rank, rule, anaphoric))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0]), f[2]))  # leftmost, then longest
    kept: list[Trigger] = []
    for s, e, _rank, rule, anaphoric in found:
        if any(s < t.end - start and t.start - start < e for t in kept):
            continue
        kept.append(
            Trigger(_type_for(rule, sentence, topic_text, title), start + s, start + e,
                    anaphoric, rule)
        )
    return sorted(kept, key=lambda t: t.start)


def word_tokens(text: str, *, lowered: str | None = None) -> list[tuple[int, str]]:
    """(start, lower-cased word) of every word of `text`, the units triggers start at;
    `lowered` is `text` lower-cased with the same offsets, if the caller has it."""
    if lowered is not None:
        return [(m.start(), m.group()) for m in _TOKEN.finditer(lowered)]
    return [(m.start(), m.group().lower()) for m in _TOKEN.finditer(text)]


def _candidates(text: str, end: int, tokens: Sequence[tuple[int, str]],
                seen_types: frozenset[str], *, folded: bool = False):  # fmt: skip
    """(rule rank, start, end, anaphoric) of every match, tried only at words that can open one;
    `folded`: `text` is lower-cased and the folded patterns are used."""
    rules = trigger_rules()
    memo = _STARTING
    for at, word in tokens:
        ranks = memo.get(word)
        if ranks is None:
            ranks = _rules_starting(word)
        for rank in ranks:
            rule = rules[rank]
            pattern, anaphoric = rule.folded[:2] if folded else (rule.pattern, rule.anaphoric)
            m = pattern.match(text, at, end)
            if m:
                yield rank, m.start(), m.end(), False
            if anaphoric and rule.event_type in seen_types:
                m = anaphoric.match(text, at, end)
                if m:
                    yield rank, m.start(), m.end(), True


_STARTING: dict[str, tuple[int, ...]] = {}


def _rules_starting(word: str) -> tuple[int, ...]:
    """Ranks of the rules one of whose phrases can start with `word` (memoised per word)."""
    ranks = _STARTING.get(word)
    if ranks is None:
        ranks = tuple(i for i, r in enumerate(trigger_rules()) if r.starts.fullmatch(word))
        if len(_STARTING) < MEMO_WORDS:
            _STARTING[word] = ranks
    return ranks


def _type_for(rule: TriggerRule, sentence: str, topic_text: str, title: str) -> str:
    """The rule's type when its topic is in the sentence, or its narrower `topic_before` in the
    sentence before or the title ("talks" in a story headlined on a truce), else `else_type`."""
    if rule.topic is None or rule.else_type is None:
        return rule.event_type
    if rule.topic.search(sentence):
        return rule.event_type
    if rule.topic_before and (rule.topic_before.search(topic_text)
                              or rule.topic_before.search(title)):  # fmt: skip
        return rule.event_type
    if rule.topic_before is None and rule.topic.search(topic_text):
        return rule.event_type
    return rule.else_type
