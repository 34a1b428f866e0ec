"""The small phrase language of the rule files, compiled to regular expressions.

A phrase is words separated by spaces, matched case-insensitively on word boundaries:
``a|b|c`` any of the words; ``negotiat*`` any word starting so; ``took_effect`` words that follow
each other; ``~`` a gap of up to GAP_WORDS words (never across punctuation), ``~,`` that or an
aside between commas; ``?word`` an optional
word; ``@topic`` any word of a named topic; ``#`` a number (digits or words).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from pipeline import regex_cache
from pipeline.alternation import alternation

GAP_WORDS = 6
_WORD_CHARS = r"[\w'’-]"
# a gap word may hold a decimal point or thousands comma ("3.5 tonnes", "9,000 fighters") or be
# an initialism ("U.S."): punctuation between words still ends a gap
_GAP_WORD = rf"(?:{_WORD_CHARS}+(?:[.,]\d+)*|(?:[A-Za-z]\.){{2,}})"
_GAP = rf"(?:\s+{_GAP_WORD}){{0,{GAP_WORDS}}}?"
APPOSITIVE_WORDS = 10
# `~,`: a gap, or an aside between commas ("The deal, brokered by Egypt's intelligence chief,
# was reached")
_APPOSITIVE = rf"(?:{_GAP}|\s*,(?:\s+{_GAP_WORD}){{1,{APPOSITIVE_WORDS}}}?,)"
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozen": 12,
}  # fmt: skip
_BY_LENGTH = sorted(NUMBER_WORDS, key=len, reverse=True)
# (the word alternations as tries: pipeline.alternation, the same matches, faster)
NUMBER = (
    r"(?:\d[\d,]*(?:\.\d+)?(?:\s+(?:hundred|thousand|million|billion))?|"
    + alternation(_BY_LENGTH)
    + r"(?:[\s-]+"
    + alternation([*_BY_LENGTH, "thousand", "million"])
    + r")*)"
)


_NUMBER_GAPS = re.compile(r"[\s-]+")


def phrase_regex(phrase: str, topics: Mapping[str, str] | None = None) -> str:
    """The regular expression (a string, no flags) for one phrase."""
    topics = topics or {}
    out = ""
    gap = ""
    pending_optional = ""  # an optional first word waits for the word after it
    for token in phrase.split():
        if token in ("~", "~,"):
            gap = _APPOSITIVE if token == "~," else _GAP
            continue
        optional = token.startswith("?") and len(token) > 1
        body = _alternatives(token[1:] if optional else token, topics)
        sep = (gap or "") + r"\s+"
        gap = ""
        if not out and not pending_optional and optional:
            pending_optional = body
        elif not out:
            out = f"(?:{pending_optional}{sep})?{body}" if pending_optional else body
            pending_optional = ""
        else:
            out += f"(?:{sep}{body})?" if optional else sep + body
    out = out or pending_optional
    return rf"(?<![\w'’-])(?:{out})(?![\w’-])"


def compile_phrases(
    phrases: Iterable[str], topics: Mapping[str, str] | None = None, *, folded: bool = False
) -> re.Pattern[str] | None:
    """One case-insensitive pattern matching any of the phrases (None for no phrases).

    `folded`: a pattern for lower-cased text instead (much faster than ignoring case); see
    `fold_case`."""
    if folded:
        topics = {k: v.lower() for k, v in (topics or {}).items()}
        parts = [phrase_regex(p.lower(), topics) for p in phrases]
        return regex_cache.compile("|".join(parts)) if parts else None
    parts = [phrase_regex(p, topics) for p in phrases]
    return regex_cache.compile("|".join(parts), re.IGNORECASE) if parts else None


def fold_case(text: str) -> str | None:
    """`text` lower-cased for `folded` patterns, or None when lower-casing would move offsets
    (a few non-ASCII letters grow): then use the case-insensitive patterns on `text`."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else None


def first_words(
    phrases: Iterable[str], topics: Mapping[str, str] | None = None
) -> re.Pattern[str]:
    """A pattern that fully matches (lower-cased) the words a match of any phrase starts with.

    Every phrase starts with its first word, or its second when the first is optional, so
    matchers need to try a phrase only at such words.
    """
    topics = topics or {}
    alts = []
    for phrase in phrases:
        tokens = [t for t in phrase.split() if t not in ("~", "~,")]
        for token in tokens[:2]:
            optional = token.startswith("?") and len(token) > 1
            alts += _first_words(token[1:] if optional else token, topics)
            if not optional:
                break
    return regex_cache.compile("|".join(alts) or r"(?!)", re.IGNORECASE)


def last_words(
    phrases: Iterable[str], topics: Mapping[str, str] | None = None
) -> re.Pattern[str]:
    """A pattern that fully matches (lower-cased) the words a match of any phrase ends with:
    text without any of them matches no phrase (a cheap test before the real search)."""
    topics = topics or {}
    alts = []
    for phrase in phrases:
        tokens = [t for t in phrase.split() if t not in ("~", "~,")]
        for token in reversed(tokens):
            optional = token.startswith("?") and len(token) > 1
            alts += _first_words(token[1:] if optional else token, topics, last=True)
            if not optional:
                break
    return regex_cache.compile("|".join(alts) or r"(?!)", re.IGNORECASE)


def _first_words(token: str, topics: Mapping[str, str], *, last: bool = False) -> list[str]:
    out = []
    for alt in token.split("|"):
        if alt.startswith("@") and alt[1:] in topics:
            out += _first_words(topics[alt[1:]], topics, last=last)
        elif alt == "#":
            out.append(NUMBER)
        elif alt:
            word = alt.split("_")[-1 if last else 0]
            out.append(_word(word if "_" in alt else alt))
    return out


def parse_number(text: str) -> float | None:
    """The value of a number as written: "1,200", "1.5 million", "two", "twenty-five"."""
    words = _NUMBER_GAPS.split(text.strip().lower())
    scale = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
    try:
        value = float(words[0].replace(",", ""))
        words = words[1:]
    except ValueError:
        value = 0.0
    total = 0.0
    for w in words:
        if w in scale:
            value = (value or 1) * scale[w]
            if scale[w] >= 1_000:
                total, value = total + value, 0.0
        elif w in NUMBER_WORDS:
            value += NUMBER_WORDS[w]
        else:
            return None
    result = total + value
    return result if result > 0 else None


def _alternatives(token: str, topics: Mapping[str, str]) -> str:
    alts = []
    for alt in token.split("|"):
        if alt.startswith("@") and alt[1:] in topics:
            alts.append(_alternatives(topics[alt[1:]], topics))
        elif alt == "#":
            alts.append(NUMBER)
        elif alt:
            alts.append(_word(alt))
    return "(?:" + "|".join(alts) + ")"


def _word(alt: str) -> str:
    star = alt.endswith("*")
    words = alt.rstrip("*").split("_")
    regex = r"\s+".join(re.escape(w).replace("'", "['’]") for w in words)
    return regex + (rf"{_WORD_CHARS}*" if star else "")
