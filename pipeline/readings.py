"""What the spotter's filters and the resolver share: word lists, spelling fit, plausible readings.

Gazetteer name keys are skeletons that merge transliterations ("Deir"/"Dayr"/"Der"), so one key
also gathers places whose names only look alike ("Hama" and Qom, "Police" and Puglia). The
*spelling fit* of a reading compares the text with the place's own name, folded but not reduced
to a skeleton; a reading is *plausible* when the two are spelt alike.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import cache, lru_cache
from pathlib import Path

from gazetteer.names import fold
from gazetteer.place import ADMIN1, COUNTRY, Place

RULES = Path(__file__).resolve().parent / "rules"
PLAUSIBLE = 0.8  # spelling fit from which a reading counts as written in the text
MEMO_SIZE = 100_000  # names whose readings are kept between articles
BIG_POPULATION = 100_000  # a place this big is meant even when its name is an English word
_COMMENT = re.compile(r"#[^\n]*")


# ASCII characters `fold` drops (apostrophes, ...): for ASCII text, fold is lower case without them
_ASCII_DROPPED = str.maketrans("", "", "".join(c for c in map(chr, range(128)) if not fold(c)))


def fast_fold(text: str) -> str:
    """`gazetteer.names.fold`, with a fast path for ASCII text (most of it), where folding is
    lower case without the characters fold drops."""
    if text.isascii():
        return text.lower().translate(_ASCII_DROPPED)
    return fold(text)


@cache
def rule_words(name: str) -> frozenset[str]:
    """The folded words of ``pipeline/rules/geo_<name>.txt`` (one a line, # comments)."""
    raw = (RULES / f"geo_{name}.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in _COMMENT.sub("", raw).splitlines()]
    text = "\n".join(lines)
    if text.isascii():  # fold all lines at once (the common-word list has 64k of them)
        folded = text.lower().translate(_ASCII_DROPPED).split("\n")
    else:
        folded = [fold(line) for line in lines]
    return frozenset(f for f, line in zip(folded, lines, strict=True) if line)


class _Words:
    """The word lists as attributes (``WORDS.calendar``), each read on first use: the filters
    ask them thousands of times per second, and an attribute is cheaper than a cached call."""

    def __getattr__(self, name: str) -> frozenset[str]:
        if name.startswith("_"):
            raise AttributeError(name)
        words = rule_words(name)
        setattr(self, name, words)
        return words


WORDS = _Words()


# Arabic articles as romanised in reporting, lower case (a regex alternation; the spotter and
# the resolver use it)
ARABIC_ARTICLES = "al|el|ad|ar|as|ash|at|az|ez|es|ed|an|en|ul"
_ARTICLE = re.compile(rf"^(?:{ARABIC_ARTICLES})[- ]|[-\u2010\u2011]")


def _bare(folded: str) -> str:
    """A folded name without a leading Arabic article, hyphens as spaces."""
    return _ARTICLE.sub(lambda m: "" if m.start() == 0 and len(m.group()) > 1 else " ", folded)


@lru_cache(maxsize=1 << 18)
def fit(folded: str, name: str) -> float:
    """0..1: how alike the folded text and a place's own name are spelt ("Hama"/"Ḩamāh" 0.89)."""
    a, b = _bare(folded), _bare(fold(name))
    if a == b:
        return 1.0
    # "Laurel" for "Laurel County", "Hama" for "Hama Governorate": the generic word is not spelt
    words = rule_words("place_words")
    core = " ".join(w for w in b.split() if w not in words)
    if core == a:
        return 1.0
    return SequenceMatcher(None, a, core or b, autojunk=False).ratio()


@lru_cache(maxsize=1 << 16)
def whole_fit(folded: str, name: str) -> float:
    """Like `fit`, with the place's generic words counted ("Free" is not "Free State")."""
    a, b = _bare(folded), _bare(fold(name))
    return 1.0 if a == b else SequenceMatcher(None, a, b, autojunk=False).ratio()


def plausible_big(folded: str, places: Iterable[Place], *, units_only: bool = False,
                  places_only: bool = False, whole: bool = False) -> bool:
    """Whether a country or unit (or, unless `units_only`, a populous place; with
    `places_only`, only a populous place that is no unit) spelt like the text (with `whole`:
    spelt exactly so, generic words included) is among `places`; spelling is compared only
    for those, so it stays cheap."""
    spelt, enough = (whole_fit, 1.0) if whole else (fit, PLAUSIBLE)
    return any(spelt(folded, p.name) >= enough for p in places
               if (p.kind in (COUNTRY, ADMIN1) and not places_only)
               or (not units_only and p.population >= BIG_POPULATION
                   and not (places_only and p.kind in (COUNTRY, ADMIN1))))


def any_plausible(folded: str, places: Iterable[Place]) -> bool:
    """Whether any of `places` is spelt like the text."""
    return any(fit(folded, p.name) >= PLAUSIBLE for p in places)


_WORD_GAP = re.compile(r"[\s\-]+")
_NOT_IN_INITIALS = frozenset({"of", "the", "and"})


@lru_cache(maxsize=1 << 12)
def initials_of(name: str) -> str | None:
    """The initials of a name of several words, function words left out ("Democratic
    Republic of the Congo" -> "DRC", "New South Wales" -> "NSW"); None for one word."""
    words = [w for w in _WORD_GAP.split(name) if w and w.lower() not in _NOT_IN_INITIALS]
    return "".join(w[0] for w in words).upper() if len(words) > 1 else None


def unit_spelt_as(text: str, places: Iterable[Place]) -> bool:
    """Whether a country or unit is written `text` in capitals: as its initials ("US",
    "U.S.", "DRC") or as its name ("CHAD", "SYRIA"); "WHO" is no Ohio, "TOUR" no Turkey."""
    letters = text.replace(".", "")
    folded = fast_fold(letters)
    return any(initials_of(p.name) == letters or fit(folded, p.name) >= PLAUSIBLE
               for p in places if p.kind in (COUNTRY, ADMIN1))


_PARENT_AFTER = re.compile(r", [^\W\d_]")  # "White House, Tennessee": a town and its state


def seat_of_power(body: str, start: int, end: int, folded: str) -> bool:
    """Whether the name at `start:end` is a seat of government ("the Kremlin", "the White
    House"; ``geo_seats_of_power.txt``), not a town named so with its parent ("White House,
    Tennessee")."""
    return folded in WORDS.seats_of_power and not _PARENT_AFTER.match(body, end)


def unit(places: Iterable[Place]) -> bool:
    """Whether a reading is a country or a first-level unit."""
    return any(p.kind in (COUNTRY, ADMIN1) for p in places)


class _Memo:
    """What is worth keeping per gazetteer between articles (names recur across articles)."""

    def __init__(self):
        self.places: dict[tuple[str, ...], list[Place]] = {}
        self.ranked: dict[tuple[str, tuple[str, ...]], list] = {}


_MEMOS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_MEMOS_BY_ID: dict[int, tuple[object, _Memo]] = {}


def memo(gz) -> _Memo:
    """The memo of a gazetteer object (kept as long as the gazetteer lives)."""
    try:
        got = _MEMOS.get(gz)
        if got is None:
            got = _MEMOS[gz] = _Memo()
        return got
    except TypeError:  # not weak-referenceable: keep it by id, holding the object alive
        held = _MEMOS_BY_ID.get(id(gz))
        if held is None or held[0] is not gz:
            held = _MEMOS_BY_ID[id(gz)] = (gz, _Memo())
        return held[1]


def candidates(gz, ids: tuple[str, ...]) -> list[Place]:
    """The places of `ids` the gazetteer knows (memoised per gazetteer)."""
    cache = memo(gz).places
    got = cache.get(ids)
    if got is None:
        if len(cache) >= MEMO_SIZE:
            cache.clear()
        got = cache[ids] = [p for p in map(gz.get, ids) if p is not None]
    return got
