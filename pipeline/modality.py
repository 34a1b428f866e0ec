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
_RELATIVE = re.compile(r"\b(?:which|that|who|whom|whose|where|when|after|before|as)\b", re.I)


@cache
def _cues() -> dict[str, re.Pattern[str] | None]:
    rules = load_rules("modality")
    cues = {f"before:{k}": compile_phrases(v) for k, v in rules["before"].items()}
    cues |= {f"after:{k}": compile_phrases(v) for k, v in rules["after"].items()}
    cues |= {f"inside:{k}": compile_phrases(v) for k, v in rules["inside"].items()}
    cues |= {f"after_modal:{k}": compile_phrases(v) for k, v in rules["after_modal"].items()}
    cues["negation"] = compile_phrases(rules["negation"])
    cues["negation_exceptions"] = compile_phrases(rules["negation_exceptions"])
    cues["hypothetical"] = compile_phrases(rules["hypothetical"])
    cues["calls"] = compile_phrases(rules["calls"])
    cues["reference"] = compile_phrases(rules["reference"])
    cues["comparison"] = compile_phrases(rules["comparison"], load_rules("events")["topics"])
    # the words any cue ends with: a clause holding none reports its events (the usual case)
    every = [p for k in ("before", "after", "after_modal", "inside") for v in rules[k].values()
             for p in v]  # fmt: skip
    every += [p for k in ("negation", "hypothetical", "calls", "needs_after", "reference",
                          "comparison") for p in rules[k]]  # fmt: skip
    cues["enders"] = last_words(every, load_rules("events")["topics"])
    cues["needs_after"] = compile_phrases(rules["needs_after"])
    return cues


def status_of(
    text: str,
    clause: tuple[int, int],
    trigger: tuple[int, int],
    *,
    state: bool = False,
    words: Iterable[str] | None = None,
) -> str | None:
    """The status of the event whose trigger is text[trigger]; None when nothing is reported.

    Only words inside the clause count: "said it would" before the trigger makes it planned,
    "awaiting approval" pending, "blocked" denied. None for a hypothetical, a call ("urged all
    sides to allow access for convoys"), a need ("more trucks are needed"), a close negation
    ("no aid has reached": nothing happened), a known event used as a frame ("since the truce
    began"; a lasting condition (`state`) named so still holds: "the years of the siege") or a
    comparison ("a similar truce agreed in February collapsed"). `words` (the clause's words,
    lower-cased), when given, let a clause without any word a cue ends with skip the search.
    """
    cues = _cues()
    if words is not None and not any(map(_ends_cue, words)):
        return "reported"  # no word of the clause can end a cue
    before = _last_words(text[clause[0] : trigger[0]], BEFORE_WORDS)
    after = _first_words(text[trigger[1] : clause[1]], AFTER_WORDS)
    refused_before = _has(cues["before:denied"], _last_words(text[clause[0] : trigger[0]],
                                                             DENIED_BEFORE_WORDS))  # fmt: skip
    if _has(cues["before:pending"], before) and _has(cues["after:denied"],
                                                     text[trigger[1] : clause[1]]):  # fmt: skip
        return "denied"  # "a request to send a convoy ... was turned down"
    if _has(cues["hypothetical"], before) or _has(cues["calls"], text[clause[0] : trigger[0]]):
        return None
    if not state and _referred(before):
        return None
    if _has(cues["comparison"], text[clause[0] : clause[1]]):
        return None
    if _has(cues["needs_after"], _first_words(text[trigger[1] : clause[1]], NEEDS_AFTER_WORDS)):
        return None
    inside = text[trigger[0] : trigger[1]]
    for status in STATUS_ORDER:
        if _has(cues[f"before:{status}"], before) or _has(cues[f"after:{status}"], after):
            return status
        if status == "denied" and refused_before:
            return status
        if _has(cues.get(f"inside:{status}"), inside):
            return status
        if _has(cues.get(f"after_modal:{status}"), _before_relative(text[trigger[1] : clause[1]])):
            return status
        reach = STATE_NEGATION_WORDS if state else NEGATION_WORDS
        if status == "denied" and _negated(_last_words(before, reach)):
            return None
    return "reported"


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


def _referred(before: str) -> bool:
    """ "since the truce began", "despite the ceasefire": a known event used as a frame."""
    pattern = _cues()["reference"]
    found = [m for m in pattern.finditer(before)] if pattern and before else []
    if not found:
        return False
    rest = before[found[-1].end() :]
    return not re.search(r"[,;:]", rest) and len(rest.split()) <= REFERENCE_WORDS


def _before_relative(text: str) -> str:
    """The first MODAL_AFTER_WORDS words after a trigger, up to a relative pronoun: the modal of
    "a convoy of trucks ... will head" counts, that of "a truce which would begin" does not."""
    words = _first_words(text, MODAL_AFTER_WORDS)
    return _RELATIVE.split(words, maxsplit=1)[0]


def _negated(words: str) -> bool:
    cues = _cues()
    if _has(cues["negation_exceptions"], words):
        return False
    return _has(cues["negation"], words)


def _has(pattern: re.Pattern[str] | None, text: str) -> bool:
    return bool(pattern and text and pattern.search(text))


def _last_words(text: str, n: int) -> str:
    words = _WORD.findall(text)
    return " ".join(words[-n:]) if n else ""


def _first_words(text: str, n: int) -> str:
    return " ".join(_WORD.findall(text)[:n])
