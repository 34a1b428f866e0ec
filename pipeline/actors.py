"""Actors named in a span of text, as written: organisations, armed groups, governments."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from pipeline import regex_cache
from pipeline.alternation import alternation
from pipeline.phrases import fold_case
from pipeline.rules_loader import load_rules, word_set

# Capitalised words (a country or demonym, possibly hyphenated: "US-led") before an institution.
_OWNER = r"(?:[A-Z][\w'’.]*(?:-[\w'’]+)?\s+){1,2}"
# Capitalised words that open sentences are not owners ("Meanwhile troops ...", "On Monday ...").
# "its efforts against", "the fight against", "the war on": what follows is aimed at, aside
_ASIDE = re.compile(r"\b(?:efforts?|fight|campaign|war|struggle|drive|push|operations?)\s+"
                    r"(?:against|on)\s+(?:the\s+)?$", re.IGNORECASE)
# "SOHR said", "the UN's OCHA reported", "Syrian Observatory activists documented"
_SPEAKS_AFTER = re.compile(r"\s*:|(?:['’]s)?(?:\s+[\w-]+){0,2}?\s*,?\s+(?:said|says|say|"
                           r"reported|reports|documented|recorded|registered|told|stated|"
                           r"confirmed|noted|added|estimated|counted|monitored)\b", re.IGNORECASE)
_OPENING_WORD = re.compile(r"([\w'’]+)\s+")
_ACCORDING = re.compile(r"\baccording\s+to\s+(?:the\s+)?$", re.IGNORECASE)
_OPENERS = word_set("sentences", "sentence_openers") | {
    "yesterday", "today", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "also", "now", "then", "last", "overnight", "separately",
}


def _uncased_names() -> list[str]:
    """The names matched whatever their case: organisations and armed groups not listed as
    case-sensitive, then the generic actors."""
    data = load_rules("actors")
    exact = set(data["case_sensitive"])
    named = [n for n in (*data["organisations"], *data["armed_groups"]) if n not in exact]
    return [*named, *data["generic"]]


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    data = load_rules("actors")
    folded = regex_cache.compile(_alternation(_uncased_names(), ignorecase=True), re.IGNORECASE)
    cased = regex_cache.compile(_alternation(set(data["case_sensitive"])))
    institutions = _alternation(data["institutions"], bare=True)
    owned = regex_cache.compile(rf"(?<![\w-]){_OWNER}(?:{institutions})(?![\w-])")
    return folded, cased, owned


@cache
def _lowered_names() -> re.Pattern[str]:
    """The case-insensitive names as a pattern for lower-cased text (much faster)."""
    return regex_cache.compile(_alternation([n.lower() for n in _uncased_names()]))


def find_actors(
    text: str, start: int, end: int, *, named: Sequence[tuple[int, int]] | None = None
) -> list[tuple[int, int, str]]:
    """(start, end, name as written) of the actors in text[start:end], longest first, in order.

    `named` are the spans of `named_spans` of the whole text inside text[start:end], when the
    caller found them once for all sentences."""
    _folded, _cased, owned = _patterns()
    spans = []
    for m in owned.finditer(text, start, end):
        s, e = _strip_openers(text, m.start(), m.end())
        if _has_owner(text[s:e]):
            spans.append((s, e))
    spans += named if named is not None else named_spans(text, start, end)
    spans.sort(key=lambda se: (-(se[1] - se[0]), se[0]))
    kept: list[tuple[int, int]] = []
    for s, e in spans:
        if not any(s < ke and ks < e for ks, ke in kept):
            kept.append((s, e))
    return [(s, e, text[s:e]) for s, e in sorted(kept)]


def named_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of the names of organisations, groups and generic actors in text[start:end],
    sorted by start (overlaps left for `find_actors` to settle)."""
    folded, cased, _owned = _patterns()
    end = len(text) if end is None else end
    lowered = fold_case(text)
    matches = [*(folded.finditer(text, start, end) if lowered is None
                 else _lowered_names().finditer(lowered, start, end)),
               *cased.finditer(text, start, end)]  # fmt: skip
    return sorted(_strip_openers(text, m.start(), m.end()) for m in matches)


def participants(
    text: str, found: Sequence[tuple[int, int, str]], *, conflict: bool
) -> list[tuple[int, int, str]]:
    """The actors that take part in an event, not bystanders: never the target of an effort
    named aside ("backs the army in its efforts against Islamic State") nor an abbreviation
    repeating the name before it; and for fighting, not an organisation that only reports it
    ("SOHR activists reported", "SOHR:", "according to the UN"). `found` is sorted by start."""
    kept: list[tuple[int, int, str]] = []
    for s, e, name in found:
        if _ASIDE.search(text, max(0, s - 40), s):
            continue
        if kept and text[kept[-1][1] : s].strip() == "(" and text[e : e + 1] == ")":
            continue  # "Hayat Tahrir al-Sham (HTS)": the same actor
        if conflict and _organisation(name) and (
            _SPEAKS_AFTER.match(text, e) or _ACCORDING.search(text, max(0, s - 20), s)
        ):
            continue
        kept.append((s, e, name))
    return kept


def _organisation(name: str) -> bool:
    return " ".join(name.lower().split()) in _organisations()


@cache
def _organisations() -> frozenset[str]:
    return frozenset(" ".join(n.lower().split()) for n in load_rules("actors")["organisations"])


def actor_names(found: Iterable[tuple[int, int, str]]) -> tuple[str, ...]:
    """Distinct names in order of appearance (case-insensitive duplicates dropped)."""
    seen: dict[str, str] = {}
    for _s, _e, name in found:
        seen.setdefault(" ".join(name.lower().split()), " ".join(name.split()))
    return tuple(seen.values())


def _strip_openers(text: str, s: int, e: int) -> tuple[int, int]:
    """Drop leading articles and sentence openers: "the Syrian army" -> "Syrian army"."""
    while m := _OPENING_WORD.match(text, s, e):
        if m.group(1).lower() not in _OPENERS or m.end() >= e:
            break
        s = m.end()
    return s, e


def _has_owner(name: str) -> bool:
    """An institution counts only with an owner left before it ("Turkish army", not "army")."""
    institutions = _patterns()[2]
    return bool(institutions.match(name)) and len(name.split()) > 1


def _alternation(names: Iterable[str], *, bare: bool = False, ignorecase: bool = False) -> str:
    # longest first; ties in a fixed order (a set's order changes from process to process);
    # as a trie (pipeline.alternation: the same matches, ~3x faster over a whole body)
    alts = sorted({re.escape(n).replace(r"\ ", r"\s+") for n in names},
                  key=lambda a: (-len(a), a))
    body = alternation(alts, ignorecase=ignorecase)
    return f"(?:{body})" if bare else rf"(?<![\w-])(?:{body})(?![\w-])"
