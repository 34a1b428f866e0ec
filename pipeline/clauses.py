"""Clauses of a sentence: the scope in which an event's place, date and numbers are sought."""

from __future__ import annotations

import re
from functools import cache

from pipeline.phrases import compile_phrases
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
def _clause_starts() -> re.Pattern[str]:
    pattern = compile_phrases(load_rules("modality")["clause_starts"])
    assert pattern is not None
    return pattern


def clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) offsets of the clauses of the sentence text[start:end], in order."""
    sentence = text[start:end]
    cuts = {m.start() for m in _clause_starts().finditer(sentence)}
    cuts |= {m.start() for m in _AS_CLAUSE.finditer(sentence)}
    cuts |= {m.end() for m in _HARD_LIMIT.finditer(sentence)}
    bounds = sorted(c for c in cuts if 0 < c < len(sentence))
    spans = []
    prev = 0
    for c in [*bounds, len(sentence)]:
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
