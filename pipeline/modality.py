"""An event's status from the words around its trigger: reported, planned, pending or denied."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from pipeline.phrases import compile_phrases, last_words
from pipeline.rules_loader import load_rules

BEFORE_WORDS = 6  # how far before the trigger status and hypothetical cues count
DENIED_BEFORE_WORDS = 10  # a refusal governs from farther: "refused requests by the UN to send"
AFTER_WORDS = 4  # how far after it passive cues ("was blocked") count
MODAL_AFTER_WORDS = 8  # how far after it a modal of its own verb ("... will head to") counts
NEGATION_WORDS = 4  # a negation must stand this close before the trigger
# ... and this close before a lasting condition: in "no aid has reached besieged Madaya" the
# "no" belongs to the aid, the town is still besieged; "is not besieged" negates the siege
STATE_NEGATION_WORDS = 2
REFERENCE_WORDS = 5  # "since the start of the Russian-Turkish truce": words between cue and trigger
NEEDS_AFTER_WORDS = 8  # "300 trucks of food a day are needed": how far after the trigger
STATUS_ORDER = ("denied", "pending", "planned")
_WORD = re.compile(r"\S+")
_PAUSE = re.compile(r"[,;:]")
_RELATIVE = re.compile(r"\b(?:which|that|who|whom|whose|where|when|after|before|as)\b", re.I)


@cache
def _cues(folded: bool = False) -> dict[str, re.Pattern[str] | None]:
    """The cue patterns by name; `folded`: for lower-cased text (faster)."""
    rules = load_rules("modality")
    topics = load_rules("events")["topics"]

    def compiled(phrases):
        return compile_phrases(phrases, topics, folded=folded)

    cues = {f"{where}:{k}": compiled(v) for where in ("before", "after", "inside", "after_modal")
            for k, v in rules[where].items()}  # fmt: skip
    for name in ("negation", "negation_exceptions", "hypothetical", "calls", "reference",
                 "comparison", "needs_after"):  # fmt: skip
        cues[name] = compiled(rules[name])
    # the words any cue ends with: a clause holding none reports its events (the usual case)
    every = [p for k in ("before", "after", "after_modal", "inside") for v in rules[k].values()
             for p in v]  # fmt: skip
    every += [p for k in ("negation", "hypothetical", "calls", "needs_after", "reference",
                          "comparison") for p in rules[k]]  # fmt: skip
    cues["enders"] = last_words(every, topics)
    return cues


def status_of(
    text: str,
    clause: tuple[int, int],
    trigger: tuple[int, int],
    *,
    state: bool = False,
    words: Iterable[str] | None = None,
    lowered: str | None = None,
) -> str | None:
    """The status of the event whose trigger is text[trigger]; None when nothing is reported.

    Only words inside the clause count: "said it would" before the trigger makes it planned,
    "awaiting approval" pending, "blocked" denied. None for a hypothetical, a call ("urged all
    sides to allow access for convoys"), a need ("more trucks are needed"), a close negation
    ("no aid has reached": nothing happened), a known event used as a frame ("since the truce
    began"; a lasting condition (`state`) named so still holds: "the years of the siege") or a
    comparison ("a similar truce agreed in February collapsed"). `words` (the clause's words,
    lower-cased), when given, let a clause without any word a cue ends with skip the search;
    `lowered` (the text lower-cased, `phrases.fold_case`) makes the search faster.
    """
    if words is not None and not _any_ends_cue(words):
        return "reported"  # no word of the clause can end a cue
    cues = _cues(lowered is not None)
    text = lowered if lowered is not None else text
    (c0, c1), (t0, t1) = clause, trigger
    words_before, words_after = _WORD.findall(text, c0, t0), _WORD.findall(text, t1, c1)
    before = " ".join(words_before[-BEFORE_WORDS:])
    after = " ".join(words_after[:AFTER_WORDS])
    if _has(cues["before:pending"], before) and _has(cues["after:denied"], text[t1:c1]):
        return "denied"  # "a request to send a convoy ... was turned down"
    if _has(cues["hypothetical"], before) or (
            not state and _has(cues["calls"], text[c0:t0])):  # "urged ... the besieged city"
        return None
    if not state and _referred(before, cues):
        return None
    if _has(cues["comparison"], text[c0:c1]):
        return None
    following = " ".join(words_after[:NEEDS_AFTER_WORDS])
    if _has(cues["needs_after"], following):
        return None
    inside = text[t0:t1]
    modal = _RELATIVE.split(" ".join(words_after[:MODAL_AFTER_WORDS]), maxsplit=1)[0]
    for status, cue_before, cue_after, cue_inside, cue_modal in _by_status(lowered is not None):
        if _has(cue_before, before) or _has(cue_after, after):
            return status
        if status == "denied" and _has(cue_before,
                                       " ".join(words_before[-DENIED_BEFORE_WORDS:])):
            return status  # fmt: skip
        if _has(cue_inside, inside):
            return status
        if _has(cue_modal, modal):
            return status
        reach = STATE_NEGATION_WORDS if state else NEGATION_WORDS
        if status == "denied" and _negated(" ".join(words_before[-BEFORE_WORDS:][-reach:]), cues):
            return None
    return "reported"


@cache
def _by_status(folded: bool = False) -> tuple[tuple[str, re.Pattern[str] | None, ...], ...]:
    """Per status of `STATUS_ORDER`, its cues before, after, inside and after a modal (named
    once, not per trigger)."""
    cues = _cues(folded)
    return tuple((status, cues[f"before:{status}"], cues[f"after:{status}"],
                  cues.get(f"inside:{status}"), cues.get(f"after_modal:{status}"))
                 for status in STATUS_ORDER)  # fmt: skip


_ENDERS: dict[str, bool] = {}
MEMO_WORDS = 200_000  # distinct words remembered by `_ends_cue`


def _ends_cue(word: str) -> bool:
    """Whether a cue can end with this (lower-cased) word; memoised."""
    found = _ENDERS.get(word)
    if found is None:
        found = bool(_cues()["enders"].fullmatch(word))
        if len(_ENDERS) < MEMO_WORDS:
            _ENDERS[word] = found
    return found


def _any_ends_cue(words: Iterable[str]) -> bool:
    """`any(map(_ends_cue, words))`, with the memo read inline (a call per word costs more
    than the look-up)."""
    memo = _ENDERS
    for word in words:
        found = memo.get(word)
        if found is None:
            found = _ends_cue(word)
        if found:
            return True
    return False


def called(text: str, clause: tuple[int, int], trigger: tuple[int, int]) -> bool:
    """Whether the trigger stands in a call ("urged all sides to allow access to every besieged
    area"): a lasting condition named there holds only at a place the text names."""
    return _has(_cues()["calls"], text[clause[0] : trigger[0]])


def _referred(before: str, cues: dict) -> bool:
    """ "since the truce began", "despite the ceasefire": a known event used as a frame."""
    pattern = cues["reference"]
    found = [m for m in pattern.finditer(before)] if pattern and before else []
    if not found:
        return False
    rest = before[found[-1].end() :]
    return not _PAUSE.search(rest) and len(rest.split()) <= REFERENCE_WORDS


def _negated(words: str, cues: dict) -> bool:
    if _has(cues["negation_exceptions"], words):
        return False
    return _has(cues["negation"], words)


def _has(pattern: re.Pattern[str] | None, text: str) -> bool:
    return bool(pattern and text and pattern.search(text))
