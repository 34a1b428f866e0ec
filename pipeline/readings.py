"""What the spotter's filters and the resolver share: word lists, spelling fit, plausible readings.

Gazetteer name keys are skeletons that merge transliterations ("Deir"/"Dayr"/"Der"), so one key
also gathers places whose names only look alike ("Hama" and Qom, "Police" and Puglia). The
*spelling fit* of a reading compares the text with the place's own name, folded but not reduced
to a skeleton; a reading is *plausible* when the two are spelt alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import cache, lru_cache
from pathlib import Path

from gazetteer.names import fold
from gazetteer.place import ADMIN1, COUNTRY, Place

RULES = Path(__file__).resolve().parent / "rules"
PLAUSIBLE = 0.8  # spelling fit from which a reading counts as written in the text
BIG_POPULATION = 100_000  # a place this big is meant even when its name is an English word


@cache
def rule_words(name: str) -> frozenset[str]:
    """The folded words of ``pipeline/rules/geo_<name>.txt`` (one a line, # comments)."""
    words = set()
    for line in (RULES / f"geo_{name}.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(fold(line))
    return frozenset(words)


_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|ez|es|ed|an|en|ul)[- ]|[-\u2010\u2011]")


def _bare(folded: str) -> str:
    """A folded name without a leading Arabic article, hyphens as spaces."""
    return _ARTICLE.sub(lambda m: "" if m.start() == 0 and len(m.group()) > 1 else " ", folded)


@lru_cache(maxsize=1 << 18)
def fit(folded: str, name: str) -> float:
    """0..1: how alike the folded text and a place's own name are spelt ("Hama"/"Ḩamāh" 0.89)."""
    a, b = _bare(folded), _bare(fold(name))
    if a == b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def plausible(folded: str, places: Iterable[Place]) -> list[Place]:
    """The readings whose own name is spelt like the text."""
    return [p for p in places if fit(folded, p.name) >= PLAUSIBLE]


def big(places: Iterable[Place]) -> bool:
    """Whether a reading is a country, a first-level unit or a populous place."""
    return any(p.kind in (COUNTRY, ADMIN1) or p.population >= BIG_POPULATION for p in places)


def unit(places: Iterable[Place]) -> bool:
    """Whether a reading is a country or a first-level unit."""
    return any(p.kind in (COUNTRY, ADMIN1) for p in places)


def candidates(gz, ids: Iterable[str]) -> list[Place]:
    """The places of `ids` the gazetteer knows."""
    return [p for p in map(gz.get, ids) if p is not None]
