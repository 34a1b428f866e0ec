"""Qualified names: "Hama province", "the city of Hama", "Aleppo countryside", "muhafazat Idlib".

A kind word before or after a name says which reading the writer means. The words, in every
language form the reporting uses (English, romanised Arabic, Turkish, Persian), are data:
``gazetteer/data/qualifiers.csv`` (``word,asks,note``), where ``asks`` is

- ``unit``: a first-level division (province, governorate, muhafazat, wilayat, ili ...), else a
  region of that name;
- ``district``: a district or neighbourhood, else a region or unit;
- ``settlement``: a city, town or village (city, town, madinat, qarya ...);
- ``rural``: the countryside around a place (countryside, rural, rif): its first-level division,
  else a region ("rural Damascus" is a name of Rif Dimashq and is found before any of this);
- ``direction``: a part of the place (northern, south-west ...): left out, asks nothing.

`split` peels such words (with "the" and "of") off both ends of a name; `prefer` puts the readings
of the kinds asked for first and keeps the others after them, each group in ranking order.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from gazetteer.names import fold
from gazetteer.place import ADMIN1, CITY, DISTRICT, REGION, TOWN, VILLAGE, Place

QUALIFIERS_FILE = Path(__file__).resolve().parent / "data" / "qualifiers.csv"
# Kinds a qualifier asks for.
ASKED_KINDS = {
    "unit": (ADMIN1, REGION),
    "district": (DISTRICT, REGION, ADMIN1),
    "settlement": (CITY, TOWN, VILLAGE),
    "rural": (ADMIN1, REGION),
}
LINK_WORDS = frozenset({"the", "of"})  # "the city of Hama", "the countryside of Idlib"


class Qualified(NamedTuple):
    """A name without its qualifiers and what they ask for (None: only directions)."""

    core: str
    asks: str | None


@lru_cache(maxsize=1)
def qualifier_words(path: Path = QUALIFIERS_FILE) -> dict[str, str]:
    """Folded qualifier word -> what it asks (see the module docstring)."""
    with path.open(encoding="utf-8", newline="") as f:
        return {fold(r["word"].strip()): r["asks"].strip() for r in csv.DictReader(f)
                if r.get("word", "").strip() and r.get("asks", "").strip() in (
                    *ASKED_KINDS, "direction")}


def split(name: str) -> Qualified | None:
    """The name inside qualifier words ("Hama province" -> ("Hama", "unit")), or None when no
    qualifier stands at either end (or nothing but qualifiers is left)."""
    words = name.split()
    words_of = qualifier_words()
    asks: list[str] = []
    peeled = True
    while peeled and words:
        peeled = False
        for end in (0, -1):
            if not words:
                break
            w = _folded(words[end])
            if w in LINK_WORDS or w in words_of:
                if w in words_of:
                    asks.append(words_of[w])
                words.pop(end)
                peeled = True
    if not asks or not words:
        return None
    kinds = [a for a in asks if a != "direction"]
    return Qualified(" ".join(words), kinds[0] if kinds else None)


@lru_cache(maxsize=1 << 14)
def _folded(word: str) -> str:
    return fold(word.strip(",.;:()\"'"))


def prefer(readings: Sequence[Place], asks: str | None) -> list[Place]:
    """`readings` with those of the kinds `asks` wants first; the ranking stays as it was within
    both groups (the Syrian town Daraa before the larger city Deira, for "Deraa city")."""
    kinds = set(ASKED_KINDS.get(asks or "", ()))
    return sorted(readings, key=lambda p: p.kind not in kinds)  # stable
