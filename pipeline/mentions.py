"""Spotting place names in an article body with the gazetteer's name index.

Token sequences of the body (``gazetteer.names.token_spans``) are matched against the keys of
``gz.names()`` longest first, left to right, on word boundaries: "Rif Dimashq" wins over
"Dimashq", "Deir ez-Zor airport" over "Deir ez-Zor". The index is the set of name keys and of
their leading parts, so spotting costs a few set lookups per capitalised token whatever the
size of the gazetteer.

A spotted name is then kept or rejected by the rules of `pipeline.spotfilters` (months, people,
organisations, ordinary words that are also names of hamlets), whose words are data in
``pipeline/rules/geo_*.txt``.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Mapping
from typing import NamedTuple

from gazetteer.names import token_spans
from pipeline.readings import ARABIC_ARTICLES, WORDS, fast_fold
from pipeline.spotfilters import PERSON_RULES, reject_reason, rejected_as_written

CONTEXT = 3  # words kept on each side of a mention for the filters and the resolver
ID_CACHE_SIZE = 200_000  # name keys whose ids are kept between articles
MAX_TOKENS = 8  # names longer than this are ignored by the index (none are real toponyms)
# What may separate two tokens of one name: spaces, hyphens, dots ("St. Louis"), apostrophes
# and the marks written for an ayn or hamza (‘ ʿ ʾ ʼ `: "Rasm Al-‘Abboud"), and an Arabic
# article, which token_spans leaves out ("Deir ez-Zor", "Ras al Ain").
_MARKS = "'\u2018\u2019\u02bc\u02be\u02bf`"
_JOINABLE_GAP = re.compile(
    rf"[ \t\u00a0.\-\u2010-\u2015{_MARKS}]{{1,3}}"
    rf"(?:[^\W\d_]{{1,4}}[ \-\u2010\u2011{_MARKS}]{{1,2}})?")
# An Arabic article glued by a hyphen before a name, or a capitalised one ("al-Raqqa", "Al Bab"):
# token_spans leaves it out; the mention's text takes it in.
_ARTICLE_BEFORE = re.compile(
    rf"(?:(?<![^\W\d_])(?:{ARABIC_ARTICLES}|Al|El|AL|EL)[-\u2010\u2011]"
    r"|(?<![^\W\d_])(?:Al|El|AL|EL) )\Z")
_SENTENCE_END = re.compile(r"(?:[.!?:;\"\u201d\u2019)]\s*|\n\s*)$")
_UPPER_SHARE = 0.005  # below this share of capitals the text is typed in lower case: no case rule
# (a news sentence has 1-2% capitals: "Rebels and local activists say ..." is 1.3%)
_ASCII_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_LETTERS = _ASCII_UPPER + bytes(range(ord("a"), ord("z") + 1))
_ARTICLE_GAP = "- \u2010\u2011"  # what ends the text right before an article-prefixed name


class Spotted(NamedTuple):
    """A name of the gazetteer found in the body, before resolution.

    ``ids`` are the candidate place ids of its key; ``before``/``after`` the lower-case words of
    up to `CONTEXT` neighbouring tokens (nearest first), which the filters and the resolver read.
    (An immutable named tuple rather than a frozen dataclass: some twenty are made per article,
    and a tuple is made several times faster; bench/stages.py.)
    """

    start: int
    end: int
    text: str  # body[start:end]
    key: str  # the gazetteer name key matched
    ids: tuple[str, ...]
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    sentence_start: bool = False  # first word of a sentence, line or heading
    folded: str = ""  # the text folded (case, diacritics, apostrophes), not reduced to a key


class _Index:
    """Every name key and every leading part of a name key of up to `MAX_TOKENS` tokens ("dar"
    and "dar zar" for "dar zar arpurt"), so that a name grows token by token only while some
    name still starts so; and the ids of the keys looked up so far (the gazetteer's view builds
    them on every lookup)."""

    def __init__(self, names: Mapping[str, tuple[str, ...]]):
        self.names = names
        self.seen: dict[str, tuple[str, ...]] = {}
        self.rejected_as_written: dict[tuple[str, str], bool] = {}  # (text, key) -> verdict
        starts = set(names)
        add = starts.add
        for key in names:
            if " " in key and key.count(" ") < MAX_TOKENS:
                while True:  # its leading parts, longest first, until one is known
                    key = key.rpartition(" ")[0]
                    if not key or key in starts:
                        break
                    add(key)
        self.starts = starts

    def ids(self, key: str) -> tuple[str, ...]:
        """The place ids of name key `key` (empty when no name has it)."""
        got = self.seen.get(key)
        if got is None:
            if len(self.seen) >= ID_CACHE_SIZE:
                self.seen.clear()
            got = self.seen[key] = tuple(self.names.get(key, ()))
        return got


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
    if sample.isascii():  # counted in C: for ASCII, isalpha is [A-Za-z] and isupper [A-Z]
        raw = sample.encode()
        letters = len(raw) - len(raw.translate(None, _ASCII_LETTERS))
        upper = len(raw) - len(raw.translate(None, _ASCII_UPPER))
    else:
        letters = sum(map(str.isalpha, sample))
        upper = sum(map(str.isupper, sample))
    return letters == 0 or upper / letters >= _UPPER_SHARE


def spot(body: str, gz, *, possible_only: bool = False) -> list[Spotted]:
    """Every gazetteer name in `body`, longest first; in cased text only capitalised ones.

    Letters of scripts without case (Arabic) are neither upper nor lower and always pass.
    Digits never open a name ("1", "30" are GeoNames alternate names). `possible_only` leaves
    out names the filters reject whatever surrounds them (months, "The", "Mr"), still taking
    their words (cheaper: most of what is left out is such words).
    """
    idx = _index(gz)
    known, seen = idx.starts, idx.seen
    spans = token_spans(body)
    n = len(spans)
    keys = [k for _, _, k in spans]
    # tokens that may open a name, in one comprehension so that the loop visits only these
    if _case_matters(body):  # most words are lower case: test the first letter before the index
        starts = [i for i, (a, _, k) in enumerate(spans)
                  if not body[a].islower() and body[a].isalpha() and k in known]
    else:
        starts = [i for i, (a, _, k) in enumerate(spans) if body[a].isalpha() and k in known]
    lower = body.lower()  # context words are matched against word lists in lower case
    joinable = _JOINABLE_GAP.fullmatch

    def longest(i: int) -> tuple[str, int, tuple[str, ...]]:
        """The longest name opening at token `i` (key, tokens, ids), or ("", 0, ())."""
        key, length = keys[i], 1
        limit = min(MAX_TOKENS, n - i)
        # grow while a name still starts with these tokens and name-internal gaps join them
        while length < limit and joinable(body, spans[i + length - 1][1], spans[i + length][0]):
            longer = f"{key} {keys[i + length]}"
            if longer not in known:
                break
            key, length = longer, length + 1
        while length:  # then the longest of them that is a name
            ids = seen.get(key)
            if ids is None:
                ids = idx.ids(key)
            if ids:
                return key, length, ids
            key, length = key.rpartition(" ")[0], length - 1
        return "", 0, ()

    out = []
    i = -1  # the first token not yet inside a name
    for i0 in starts:
        if i0 < i:
            continue
        i = i0
        key, length, ids = longest(i)
        if length > 1 and lower[spans[i][0]:spans[i][1]] in WORDS.determiners:
            # "The U.S.": a name opening with an article ("The U", a hamlet) gives way to a
            # name opening at the next word that reaches further ("U.S.")
            key2, length2, ids2 = longest(i + 1)
            if length2 >= length:
                i, key, length, ids = i + 1, key2, length2, ids2
        if length:
            found = _spotted(body, lower, spans, i, length, key, ids, gz, possible_only)
            if found is not None:
                out.append(found)
            i += length
    return out


def _spotted(body: str, lower: str, spans: list, i: int, length: int, key: str, ids,
             gz, possible_only: bool) -> Spotted | None:
    start, end = spans[i][0], spans[i + length - 1][1]
    if start and body[start - 1] in _ARTICLE_GAP:  # the only endings _ARTICLE_BEFORE matches
        article = _ARTICLE_BEFORE.search(body, max(0, start - 4), start)
        if article:
            start = article.start()
    text = body[start:end]
    if possible_only:
        verdicts = _index(gz).rejected_as_written
        gone = verdicts.get((text, key))
        if gone is None:
            if len(verdicts) >= ID_CACHE_SIZE:
                verdicts.clear()
            gone = verdicts[text, key] = rejected_as_written(
                Spotted(start, end, text, key, tuple(ids), folded=fast_fold(text)), gz)
        if gone:
            return None
    return Spotted(
        start, end, text, key, tuple(ids),
        tuple([lower[a:b] for a, b, _ in spans[max(0, i - CONTEXT):i][::-1]]),
        tuple([lower[a:b] for a, b, _ in spans[i + length:i + length + CONTEXT]]),
        start == 0 or bool(_SENTENCE_END.search(body, max(0, start - 4), start)),
        fast_fold(text))


def spot_all(body: str, gz, *, possible_only: bool = False) -> list[tuple[Spotted, str | None]]:
    """Every spotted name with the reason it is rejected (None when kept), for measuring.

    A one-word name rejected as a person's anywhere in the article is a person everywhere in it
    ("Barack Obama ... Obama said"), except where a place word follows ("Obama County").
    `possible_only` leaves out the names rejected whatever surrounds them (`spot`): that changes
    no other name's verdict (a left-out name between two others keeps them apart in the text).
    """
    # names the spotter kept with `possible_only` pass the filters of how they are written
    judged = [(s, reject_reason(body, s, gz, written_ok=possible_only))
              for s in spot(body, gz, possible_only=possible_only)]
    # a name right after a person's given name is the surname ("President Vladimir Putin")
    for j in range(1, len(judged)):
        (a, why), (b, reason) = judged[j - 1], judged[j]
        if (why in PERSON_RULES and reason is None and " " not in b.key
                and body[a.end:b.start] in (" ", " al-", " el-")):
            judged[j] = (b, "surname")
    people = {s.key for s, reason in judged if reason in PERSON_RULES and " " not in s.key}
    if people:
        places = WORDS.place_words
        judged = [(s, "same_person" if reason is None and s.key in people
                   and not (s.after[:1] and s.after[0] in places) else reason)
                  for s, reason in judged]
    return judged


def find_mentions(body: str, gz) -> list[Spotted]:
    """The place names of `body`: spotted longest first, then filtered; offsets into `body`."""
    return [s for s, reason in spot_all(body, gz, possible_only=True) if reason is None]
