"""Trie-shaped alternations find exactly what the plain alternation finds, in the same order."""

from __future__ import annotations

import random
import re

import pytest

from pipeline.alternation import alternation

WORDS = ["red cross", "red crescent", "red", "army", "armed forces", "arm", "al-nusra", "un",
         "unhcr", "united nations", "médecins sans frontières", "élysée", "is", "isis", "i",
         "a b", "ab", "o'brien", "o’neil", "forces", "force", "u.n.", "u.s.", "us"]


def _escaped(words):
    return [re.escape(w).replace(r"\ ", r"\s+") for w in words]


def _texts(seed: int, n: int = 200) -> list[str]:
    rng = random.Random(seed)
    pieces = [*WORDS, *(w.upper() for w in WORDS), " ", "  ", "-", ".", ",", "x", "Arm", "\n"]
    return ["".join(rng.choice(pieces) + rng.choice([" ", "", "  "]) for _ in range(30))
            for _ in range(n)]


def _all_matches(pattern: str, flags: int, texts: list[str]) -> list:
    rx = re.compile(pattern, flags)
    return [[m.span() for m in rx.finditer(t)] for t in texts]


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
@pytest.mark.parametrize("order", ["longest_first", "listed", "shuffled"])
def test_a_factored_alternation_matches_like_the_plain_one(flags, order):
    rng = random.Random(7)
    alts = _escaped(w for w in WORDS if w.isascii() or not flags)
    if order == "longest_first":
        alts.sort(key=lambda a: (-len(a), a))
    elif order == "shuffled":
        rng.shuffle(alts)
    plain = "(?:" + "|".join(alts) + ")"
    factored = alternation(alts, ignorecase=bool(flags))
    assert factored != plain  # it did factor
    # contexts that make the engine backtrack into the alternation for another end
    for context in ("{}", r"(?<![\w-]){}(?![\w-])", r"{}\s+forces", r"(?:{})+", r"{}?x",
                    r"(?:{}){{2}}", r"{}(?=[ .-]*x)", r"{}\s*$"):
        texts = _texts(len(context))
        assert _all_matches(context.format(factored), flags, texts) == _all_matches(
            context.format(plain), flags, texts)


def test_longest_first_names_are_factored_into_a_trie():
    alts = _escaped(["red crescent", "red cross", "red"])
    assert alternation(alts) == r"red(?:\s+cr(?:escent|oss)|)"


def test_alternatives_it_cannot_reason_about_are_joined_as_they_are():
    alts = [r"\d+", "a|b", "[xy]z", "(?:ab)"]
    for alt in alts:
        assert alternation([alt, "abc"]) == f"(?:{alt}|abc)"


def test_non_ascii_letters_are_not_factored_when_case_is_ignored():
    alts = _escaped(["élysée", "éditions"])
    assert alternation(alts, ignorecase=True) == "(?:" + "|".join(alts) + ")"
    assert alternation(alts) != "(?:" + "|".join(alts) + ")"
