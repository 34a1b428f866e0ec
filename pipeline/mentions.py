"""Spotting place names in an article body with the gazetteer's name index.

Token sequences of the body (``gazetteer.names.token_spans``) are matched against the keys of
``gz.names()`` longest first, left to right, on word boundaries: "Rif Dimashq" wins over
"Dimashq", "Deir ez-Zor airport" over "Deir ez-Zor". The index is a dict from a name's first
token to the length of the longest name starting with it, so spotting costs a few dict lookups
per token whatever the size of the gazetteer.

A spotted name is then kept or rejected by small rules (`FILTERS`) against words that are places
only by accident: months, people ("President Vladimir Putin", "Mr. Jordan"), organisations and
streets ("Washington Post", "Dublin Road"), function words that open a sentence. The word lists
are data in ``pipeline/rules/geo_*.txt``; ``bench/geoparse_eval.py --rejects`` measures, per rule,
how many names it rightly rejects and how many gold toponyms it loses.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from gazetteer.names import name_key, token_spans

from gazetteer.place import ADMIN1, COUNTRY, Place

RULES = Path(__file__).resolve().parent / "rules"
CONTEXT = 3  # tokens kept on each side of a mention for the filters and the resolver
MAX_TOKENS = 8  # names longer than this are ignored by the index (none are real toponyms)
# What may separate two tokens of one name: spaces, hyphens, dots ("St. Louis"), apostrophes.
_JOINABLE_GAP = re.compile(r"[ \t\u00a0.\-\u2010-\u2015'\u2019]{1,3}")
_SENTENCE_END = re.compile(r"(?:[.!?:;\"\u201d\u2019)]\s*|\n\s*)$")
BIG_POPULATION = 100_000  # a place this big is meant even when its name is an English word
SHORT_TITLE = 4  # titles this short end with a period ("Mr.", "Gen.", "Sgt.") before the name
ACRONYM_LENGTH = 5  # words in capitals up to this long are acronyms unless a country/unit's
_UPPER_SHARE = 0.02  # below this share of capital letters the text is all lower case: no case rule


@dataclass(frozen=True, slots=True)
class Spotted:
    """A name of the gazetteer found in the body, before resolution.

    ``ids`` are the candidate place ids of its key; ``before``/``after`` the keys of up to
    `CONTEXT` neighbouring tokens (nearest first), which the filters and the resolver read.
    """

    start: int
    end: int
    text: str
    key: str
    ids: tuple[str, ...]
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    sentence_start: bool = False  # first word of a sentence, line or heading


@cache
def rule_words(name: str) -> frozenset[str]:
    """The name keys of the words in ``pipeline/rules/geo_<name>.txt`` (one a line, # comments)."""
    path = RULES / f"geo_{name}.txt"
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(name_key(line))
    words.discard("")
    return frozenset(words)


class _Index:
    """First token of a name -> the largest number of tokens of a name starting with it."""

    def __init__(self, names: Mapping[str, tuple[str, ...]]):
        self.names = names
        longest: dict[str, int] = {}
        for key in names:
            first, _, rest = key.partition(" ")
            n = rest.count(" ") + 2 if rest else 1
            if n <= MAX_TOKENS and n > longest.get(first, 0):
                longest[first] = n
        self.longest = longest


_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_INDEXES_BY_ID: dict[int, tuple[object, _Index]] = {}


def _index(gz) -> _Index:
    """The spotting index of a gazetteer, built once per gazetteer object."""
    try:
        idx = _INDEXES.get(gz)
        if idx is None:
            idx = _INDEXES[gz] = _Index(gz.names())
        return idx
    except TypeError:  # not weak-referenceable: keep it by id, holding the object alive
        held = _INDEXES_BY_ID.get(id(gz))
        if held is None or held[0] is not gz:
            held = _INDEXES_BY_ID[id(gz)] = (gz, _Index(gz.names()))
        return held[1]


def _case_matters(body: str) -> bool:
    """False for text typed all in lower case, where capitals say nothing."""
    sample = body[:4000]
    letters = sum(map(str.isalpha, sample))
    upper = sum(map(str.isupper, sample))
    return letters == 0 or upper / letters >= _UPPER_SHARE


@cache
def _article_initials() -> frozenset[str]:
    """First letters of the lower-case Arabic articles ("a" of "al-", "e" of "el-")."""
    return frozenset(w[0] for w in rule_words("articles"))


def _article_before_capital(token: str, next_initial: str) -> bool:
    """A lower-case name counts when it opens with an Arabic article before a capital
    ("al-Raqqa"); scripts without capitals (Arabic) never reach this check."""
    return token.lower() in rule_words("articles") and next_initial.isupper()


def spot(body: str, gz) -> list[Spotted]:
    """Every gazetteer name in `body`, longest first, capitalised (unfiltered otherwise).

    In cased text a name must start with a capital letter; letters of scripts without case
    (Arabic) are neither upper nor lower and always pass.
    """
    idx = _index(gz)
    names, longest = idx.names, idx.longest
    spans = token_spans(body)
    n = len(spans)
    keys = [k for _, _, k in spans]
    case = _case_matters(body)
    initials = _article_initials() if case else frozenset()
    # tokens that may open a name: their key starts some name, they start with a letter ("1",
    # "30" are GeoNames alternate names) and, in cased text, a capital (or an article's letter);
    # one comprehension, so that the Python loop below visits only these
    starts = [i for i, (a, _, k) in enumerate(spans)
              if k in longest and body[a].isalpha()
              and (not case or not body[a].islower() or body[a] in initials)]
    out = []
    i = -1  # the first token not yet inside a name
    for i0 in starts:
        if i0 < i:
            continue
        i = i0
        start = spans[i][0]
        if case and body[start].islower() and not _article_before_capital(
                body[start:spans[i][1]], body[spans[i + 1][0]] if i + 1 < n else ""):
            continue
        limit = longest[keys[i]]
        # how many tokens from i are joined by name-internal gaps only
        run = 1
        while run < limit and i + run < n and _JOINABLE_GAP.fullmatch(
                body, spans[i + run - 1][1], spans[i + run][0]):
            run += 1
        for length in range(run, 0, -1):
            key = " ".join(keys[i:i + length]) if length > 1 else keys[i]
            ids = names.get(key)
            if ids:
                end = spans[i + length - 1][1]
                out.append(Spotted(
                    start, end, body[start:end], key, tuple(ids),
                    tuple(keys[max(0, i - CONTEXT):i][::-1]),
                    tuple(keys[i + length:i + length + CONTEXT]),
                    i == 0 or bool(_SENTENCE_END.search(body, max(0, start - 4), start))))
                i += length
                break
    return out


# --- filters: each returns None to keep the name or a reason to reject it ---------------------

_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")


def _next_word(body: str, pos: int) -> re.Match | None:
    """The word right after `pos` when only one space separates them, else None."""
    return _WORD.match(body, pos + 1) if body[pos:pos + 1] == " " else None


def _common(key: str) -> bool:
    return key in rule_words("common_words")


def _big(places: Sequence[Place]) -> bool:
    """Whether a reading is a country, a first-level unit or a populous place."""
    return any(p.kind in (COUNTRY, ADMIN1) or p.population >= BIG_POPULATION for p in places)


def _place_word(word: str, gz) -> bool:
    """Whether a neighbouring word (a key) is itself a place worth naming: a country, a unit or
    a big town, or a word that qualifies places. Given names that are also hamlets are not."""
    if word in rule_words("place_words"):
        return True
    ids = gz.names().get(word)
    return bool(ids) and _big([p for p in (gz.get(i) for i in ids) if p is not None])


def calendar_word(body: str, s: Spotted, gz) -> str | None:
    """Month and weekday names ("May", "March", "Sunday") are dates, not villages."""
    return "calendar" if s.key in rule_words("calendar") else None


def function_word(body: str, s: Spotted, gz) -> str | None:
    """Grammar words ("The", "In", "As", "Of") are capitalised only because a sentence opens."""
    if s.key in rule_words("function_words") and (len(s.text) < 2 or not s.text.isupper()):
        return "function_word"  # but "US", "IN" (Indiana) written in capitals are names
    if s.key in rule_words("articles"):
        return "function_word"  # "al" of "al-Qaeda" alone
    if _CONTRACTION.search(s.text):
        return "function_word"  # "I've", "We'll": GeoNames has villages called Ive, Well
    return None


def acronym(body: str, s: Spotted, gz) -> str | None:
    """Short words in capitals ("IRS", "CEO", "KBR") are organisations and abbreviations; only
    countries and units go by such names ("US", "UK", "DRC")."""
    if not (s.text.isupper() and len(s.text) <= ACRONYM_LENGTH and " " not in s.key):
        return None
    if any(p.kind in (COUNTRY, ADMIN1) for p in _places(gz, s)):
        return None
    return "acronym"


def person_title_before(body: str, s: Spotted, gz) -> str | None:
    """A title or role right before the name makes it a person ("President Vladimir",
    "Mr. Jordan"); a title ending the previous sentence ("... the judge. Columbus") does not."""
    if not s.before or s.before[0] not in rule_words("titles"):
        return None
    gap = body[max(0, s.start - 2):s.start]
    if gap.endswith(" ") and (gap == "  " or gap[0].isalpha() or (
            gap[0] == "." and len(s.before[0]) <= SHORT_TITLE)):
        return "person_title"
    return None


def title_or_abbreviation(body: str, s: Spotted, gz) -> str | None:
    """Titles and business abbreviations ("Ms", "Sgt", "Co", "Inc") are names of villages only
    by accident."""
    if s.key in rule_words("titles") or s.key in rule_words("organisations"):
        return "abbreviation"
    return None


def speaker(body: str, s: Spotted, gz) -> str | None:
    """A name that says or tells something ("Jones said", "said Lincoln") is a person, unless
    a country, unit or big town bears it (their governments speak too)."""
    verbs = rule_words("speech_verbs")
    nxt = _next_word(body, s.end)
    near = (s.after[:1] and s.after[0] in verbs and nxt) or (
        s.before[:1] and s.before[0] in verbs and body[s.start - 1:s.start] == " "
        and not (nxt and nxt.group()[0].isupper()))  # "said Monroe Mayor Robert Rice"
    if not near or " " in s.key or _big(_places(gz, s)):
        return None
    return "speaker"


def organisation_after(body: str, s: Spotted, gz) -> str | None:
    """A name followed by a capitalised organisation or street word is part of that name
    ("Washington Post", "Dublin Road")."""
    m = _next_word(body, s.end)
    if m is None or not m.group()[0].isupper() or not s.after:
        return None
    return "organisation" if s.after[0] in rule_words("organisations") else None


def common_word(body: str, s: Spotted, gz) -> str | None:
    """An ordinary English word ("Police", "Center", "Street") capitalised in a title or an
    organisation's name is no place unless a country, unit or big town bears that name."""
    if " " in s.key:
        return _generic_phrase(s, gz)
    if not _common(s.key) or s.text.isupper():
        return None
    places = _places(gz, s)
    if any(p.kind in (COUNTRY, ADMIN1) for p in places):
        return None
    if _big(places) and not s.sentence_start:
        return None
    if s.after[:1] and s.after[0] in rule_words("place_words") and _next_word(body, s.end):
        return None  # "Walker County", "Red River": the word is part of a place's name
    return "common_word"


def _generic_phrase(s: Spotted, gz) -> str | None:
    """"The City", "The post": an article and ordinary words are no place unless a country,
    unit or big town bears them ("Elbow Lake", "East Bank" are places: no article)."""
    words = s.key.split(" ")
    if (words[0] in rule_words("function_words") and all(_common(w) for w in words[1:])
            and not _big(_places(gz, s))):
        return "common_word"
    return None


def given_name_after(body: str, s: Spotted, gz) -> str | None:
    """A one-word name followed by a capitalised proper name that is no place is a given name
    ("Vladimir Putin", "Jordan Smith"); "Ohio Department", "Hama Province" are not."""
    if " " in s.key or not s.after:
        return None
    m = _next_word(body, s.end)
    if m is None or not m.group()[0].isupper() or m.group().isupper():
        return None
    word = s.after[0]
    if (_common(word) or word in rule_words("function_words") or word in rule_words("calendar")
            or _place_word(word, gz) or s.before[:1] and s.before[0] in rule_words("determiners")
            or any(p.kind in (COUNTRY, ADMIN1) for p in _places(gz, s))):
        return None  # "the Paris Walmart store": no person follows an article
    return "given_name"


def surname_after_name(body: str, s: Spotted, gz) -> str | None:
    """A one-word name right after a capitalised proper name that is no place is a surname
    ("Tom Jones", "Barack Obama"), unless a country or unit bears it."""
    if " " in s.key or not s.before or s.sentence_start:
        return None
    m = _prev_word(body, s.start)
    if m is None or not m.group()[0].isupper() or m.group().isupper():
        return None
    word = s.before[0]
    if (_common(word) or word in rule_words("function_words") or word in rule_words("titles")
            or word in rule_words("calendar") or m.group()[-2:] in ("'s", "\u2019s")
            or _place_word(word, gz) or any(p.kind in (COUNTRY, ADMIN1) for p in _places(gz, s))):
        return None  # "Thursday's Ontario budget"
    if body[max(0, m.start() - 2):m.start()].rstrip(" ").endswith((".", "\n")) or m.start() == 0:
        return None  # the word before opens a sentence: "Officials Paris ..." is rare
    return "surname"


# Rules whose verdict holds for the same word elsewhere in the article ("Barack Obama ... Obama")
PERSON_RULES = ("person_title", "given_name", "surname")
FILTERS: tuple[Callable[[str, Spotted, object], str | None], ...] = (
    calendar_word, function_word, acronym, title_or_abbreviation, person_title_before,
    organisation_after,
    common_word, given_name_after, surname_after_name, speaker,
)


def _places(gz, s: Spotted) -> list[Place]:
    return [p for p in (gz.get(pid) for pid in s.ids) if p is not None]


def _prev_word(body: str, pos: int) -> re.Match | None:
    """The word right before `pos` when only one space separates them, else None."""
    if body[pos - 1:pos] != " ":
        return None
    m = _PREV_WORD.search(body, max(0, pos - 40), pos - 1)
    return m


_CONTRACTION = re.compile(r"['\u2019](?:ve|ll|re|d|m|t)$", re.IGNORECASE)
_PREV_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*\Z")


def reject_reason(body: str, s: Spotted, gz) -> str | None:
    """The first filter that rejects `s`, or None when it is kept."""
    for rule in FILTERS:
        reason = rule(body, s, gz)
        if reason:
            return reason
    return None


def spot_all(body: str, gz) -> list[tuple[Spotted, str | None]]:
    """Every spotted name with the reason it is rejected (None when kept), for measuring.

    A one-word name rejected as a person's anywhere in the article is a person everywhere in it
    ("Barack Obama ... Obama said").
    """
    judged = [(s, reject_reason(body, s, gz)) for s in spot(body, gz)]
    people = {s.key for s, reason in judged if reason in PERSON_RULES and " " not in s.key}
    if people:
        places = rule_words("place_words")
        judged = [(s, "same_person" if reason is None and s.key in people
                   and not (s.after[:1] and s.after[0] in places) else reason)
                  for s, reason in judged]
    return judged


def find_mentions(body: str, gz) -> list[Spotted]:
    """The place names of `body`: spotted longest first, then filtered; offsets into `body`."""
    return [s for s, reason in spot_all(body, gz) if reason is None]
