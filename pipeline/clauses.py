"""Clauses of a sentence: the scope in which an event's place, date and numbers are sought."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import cache

from pipeline.phrases import compile_phrases, first_words, fold_case
from pipeline.rules_loader import load_rules

# "as" opens a clause when a verb follows within a few words ("as military action has been
# halted"), not in "such as", "as well as", "described as".
_AS_CLAUSE = re.compile(
    r"(?<!such )(?<!well )\bas\s+(?:[\w'’-]+\s+){1,4}?"
    r"(?:has|have|had|is|are|was|were|will|would|continues?|continued)\b",
    re.IGNORECASE,
)
_HARD_LIMIT = re.compile(r";|\s[–—]\s|\s--\s")


@cache
def _clause_starts(folded: bool = False) -> re.Pattern[str]:
    pattern = compile_phrases(load_rules("modality")["clause_starts"], folded=folded)
    assert pattern is not None
    return pattern


@cache
def _as_clause(folded: bool = False) -> re.Pattern[str]:
    return re.compile(_AS_CLAUSE.pattern) if folded else _AS_CLAUSE


def clause_cuts(text: str, *, tokens: Sequence[tuple[int, str]] | None = None) -> list[int]:
    """Where clauses may begin in the whole text (sorted offsets), for `clause_spans`.

    `tokens`, the (start, lower-cased word) of the text's words, let the phrases be tried only
    at words that can open one."""
    lowered = fold_case(text)
    subject, folded = (lowered, True) if lowered is not None else (text, False)
    cuts = {m.end() for m in _HARD_LIMIT.finditer(text)} if _has_hard_limit(text) else set()
    if tokens is None:
        cuts |= {m.start() for m in _clause_starts(folded).finditer(subject)}
        cuts |= {m.start() for m in _as_clause(folded).finditer(subject)}
        return sorted(cuts)
    starts, as_clause = _clause_starts(folded), _as_clause(folded)
    reach = -1  # phrases do not overlap: the end of the last one found
    opens = _OPENS
    for at, word in tokens:
        if at < reach:
            continue
        found = opens.get(word)
        if found is None:
            found = _opens_clause(word)
        if found:
            m = starts.match(subject, at)
            if m:
                cuts.add(at)
                reach = m.end()
    reach = -1
    for at in (at for at, word in tokens if word == "as"):
        if at >= reach and (m := as_clause.match(subject, at)):
            cuts.add(at)
            reach = m.end()
    return sorted(cuts)


def _has_hard_limit(text: str) -> bool:
    """Whether `text` holds a character `_HARD_LIMIT` needs (a test in C, the search is not)."""
    return ";" in text or "–" in text or "—" in text or "--" in text


_OPENS: dict[str, bool] = {}


def _opens_clause(word: str) -> bool:
    """Whether a clause phrase can start with this lower-cased word ("a's" as "a"); memoised."""
    found = _OPENS.get(word)
    if found is None:
        first = _first_words()
        found = bool(first.fullmatch(word) or first.fullmatch(word.split("'")[0]))
        _OPENS[word] = found
    return found


@cache
def _first_words() -> re.Pattern[str]:
    return first_words(load_rules("modality")["clause_starts"])


def clause_spans(
    text: str, start: int, end: int, *, cuts: Sequence[int] | None = None
) -> list[tuple[int, int]]:
    """(start, end) offsets of the clauses of the sentence text[start:end], in order; `cuts`
    (from `clause_cuts` of the whole text) spare the search."""
    if cuts is not None:
        inside = cuts[bisect_right(cuts, start) : bisect_left(cuts, end)]
        bounds = [c - start for c in inside]
    else:
        sentence = text[start:end]
        found = {m.start() for m in _clause_starts().finditer(sentence)}
        found |= {m.start() for m in _AS_CLAUSE.finditer(sentence)}
        found |= {m.end() for m in _HARD_LIMIT.finditer(sentence)}
        bounds = sorted(c for c in found if 0 < c < len(sentence))
    spans = []
    prev = 0
    for c in [*bounds, end - start]:
        if c > prev:
            spans.append((start + prev, start + c))
        prev = c
    return spans or [(start, end)]


def clause_of(clauses: list[tuple[int, int]], offset: int) -> int:
    """Index of the clause holding `offset` (the last one for an offset past the end)."""
    for i, (s, e) in enumerate(clauses):
        if s <= offset < e:
            return i
    return len(clauses) - 1
