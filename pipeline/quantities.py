"""Numbers with their units in a span of text: "more than 100 trucks" -> ("trucks", 100)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from pipeline.alternation import alternation
from pipeline.phrases import NUMBER, compile_phrases, fold_case, parse_number
from pipeline.rules_loader import load_rules

_DIGIT = re.compile(r"\d")
_PUNCTUATION = re.compile(r"[,;:.]")
_YEAR = re.compile(r"(?:19|20)\d\d")
MAX_GAP_WORDS = 2  # adjectives allowed between the number and its unit ("two besieged towns")
CUE_WORDS = 5  # how far a fatality or injury cue may stand from the number
YEAR_PREPOSITIONS = frozenset(
    {"in", "since", "the", "of", "by", "during", "until", "from", "early", "late"}
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number the text gives, with its unit and offsets of the whole phrase."""

    start: int
    end: int
    unit: str
    value: float


@dataclass(frozen=True, slots=True)
class _Rules:
    pattern: re.Pattern[str]
    folded: re.Pattern[str]  # the same for lower-cased text
    unit_of: dict[str, str]
    stop: frozenset[str]
    cues: dict[str, re.Pattern[str] | None]


@cache
def _rules() -> _Rules:
    data = load_rules("quantities")
    unit_of = {w.lower(): unit for unit, words in data["units"].items() for w in words}
    units = alternation([re.escape(w).replace(r"\ ", r"\s+")
                         for w in sorted(unit_of, key=len)[::-1]], ignorecase=True)
    source = (rf"(?<![\w.,])(?P<num>{NUMBER})(?P<gap>(?:\s+[\w'’-]+){{0,{MAX_GAP_WORDS}}}?)"
              rf"\s+(?P<unit>{units})(?![\w-])")
    cues = {k: compile_phrases(data[k]) for k in
            ("fatality_before", "fatality_after", "wounded_before", "wounded_after")}  # fmt: skip
    return _Rules(re.compile(source, re.IGNORECASE), re.compile(source), unit_of,
                  frozenset(data["stop_words"]), cues)  # fmt: skip


def find_quantities(text: str, start: int, end: int) -> list[Quantity]:
    """Quantities in text[start:end], in order; counts of people next to "killed" are fatalities."""
    return [q for m in _rules().pattern.finditer(text, start, end)
            if (q := _quantity(text, m, start, end))]  # fmt: skip


def quantities_by_sentence(
    text: str, spans: Sequence[tuple[int, int]]
) -> dict[int, list[Quantity]]:
    """`find_quantities` for every sentence (index -> quantities) in one pass over the text."""
    starts = [s for s, _e in spans]
    out: dict[int, list[Quantity]] = {}
    lowered = fold_case(text)
    rules = _rules()
    matches = (rules.pattern.finditer(text) if lowered is None
               else rules.folded.finditer(lowered))  # fmt: skip
    for m in matches:
        i = bisect_right(starts, m.start()) - 1
        if i < 0 or m.end() > spans[i][1]:
            continue  # not inside one sentence
        q = _quantity(text, m, *spans[i])
        if q:
            out.setdefault(i, []).append(q)
    return out


def _quantity(text: str, m: re.Match, start: int, end: int) -> Quantity | None:
    """The quantity of one match in the sentence text[start:end], or None when it is none."""
    rules = _rules()
    gap_words = m.group("gap").lower().split()
    if any(w in rules.stop for w in gap_words) or _DIGIT.search(m.group("gap")):
        return None
    value = parse_number(m.group("num"))
    if value is None or _looks_like_year(text, m.start(), m.group("num")):
        return None
    unit = rules.unit_of[" ".join(m.group("unit").lower().split())]
    if unit in ("people", "fighters"):
        unit = _casualty_unit(text, m.start(), m.end(), start, end) or unit
    return Quantity(m.start(), m.end(), unit, value)


def _casualty_unit(text: str, q_start: int, q_end: int, start: int, end: int) -> str | None:
    cues = _rules().cues
    before = _PUNCTUATION.split(text[start:q_start])[-1]
    before = " ".join(before.split()[-CUE_WORDS:])
    after = " ".join(text[q_end:end].split()[:CUE_WORDS])
    for unit, key in (("fatalities", "fatality"), ("wounded", "wounded")):
        cue_before, cue_after = cues[f"{key}_before"], cues[f"{key}_after"]
        if (cue_before and cue_before.search(before)) or (cue_after and cue_after.match(after)):
            return unit
    return None


def _looks_like_year(text: str, start: int, number: str) -> bool:
    """ "in 2015 towns ..." is a year before a noun, not a count."""
    if not _YEAR.fullmatch(number):
        return False
    previous = text[max(0, start - 12) : start].split()
    return bool(previous) and previous[-1].lower() in YEAR_PREPOSITIONS


def merge_quantities(quantities: list[Quantity]) -> dict[str, float]:
    """The event's `quantities` object: the first value of each unit."""
    merged: dict[str, float] = {}
    for q in quantities:
        merged.setdefault(q.unit, q.value)
    return merged
