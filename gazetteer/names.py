"""Name keys: one skeleton for every spelling of a name, applied alike to gazetteer and text.

A key is made word by word. Each word is folded (case, diacritics, apostrophes and the ayn/hamza
marks), then reduced to a *skeleton* by rules that undo the usual alternations of transliterated
Arabic: ``kh``/``h``, ``q``/``k``, ``dh``/``z``, ``th``/``t``, ``sh``/``ch``, doubled letters, the
final ``-ah``/``-eh``/``-a``, ``ee``/``i``, and the vowels: every run of vowels becomes one of three
(``a`` for a, e, ai, ay, ei, ey: ``Deir``/``Dayr``/``Der``, ``Daraa``/``Deraa``/``Dar'a``; ``i`` for
i, y and an e closing a last syllable: ``Idleb``/``Idlib``; ``u`` for o, u, ou, aw:
``Zawr``/``Zor``/``Zour``). Three classes rather than one halve the English words that reach a
name key (bench/gazetteer_bench.py). A standing Arabic article
(``al``, ``el``, ``ad``, ``ash``, ``ez`` ...) has an empty key and is left out. Arabic script is
kept as Arabic letters with its marks stripped and its letter variants unified.

The key of a name is the space-joined keys of its words, so the spotter can match sequences of
``token_spans`` keys against ``Gazetteer.names()``. Glued articles ("Ezzor", "Alzawr") are not
undone here (that would turn "Albania" into "bania"); `variant_keys` adds them on the gazetteer's
side instead.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Standing Arabic articles (after folding), including the assimilated forms before sun letters.
# "us" and "un" are left out: they are the United States and the United Nations in English text.
ARTICLES = frozenset((
    "al", "el", "il", "ul", "ad", "ed", "ud", "ar", "er", "ur", "as", "es", "ash", "esh", "at",
    "et", "ut", "ath", "eth", "adh", "edh", "az", "ez", "uz", "an", "en",
))
# Initials of the Arabic "sun letters", to which a glued article assimilates (al-Zor -> Azzor).
SUN_LETTERS = frozenset("tdrzsnl")
# Marks that stand for ayn, hamza or an apostrophe; they vanish from keys.
APOSTROPHES = "'\u2019\u2018\u02bf\u02be`\u00b4\u02bc\u02bb\u2032\u02b9"
# Letters that NFKD does not decompose into a base letter.
_LETTERS = str.maketrans({
    "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "æ": "ae",
    "œ": "oe", "ə": "a", "ħ": "h", "ŧ": "t", "ŋ": "n", "ɑ": "a", "ɛ": "e", "ɔ": "o",
})
_DROP = str.maketrans("", "", APOSTROPHES + "_")  # "_" joins words in tokens (see _WORD_CHARS)
# One word: letters and digits, with apostrophes or ayn/hamza marks inside it (Dara'a, Ma'arat);
# combining marks and Arabic vowel signs count as part of the word.
# (An underscore counts as a letter too: one character class matches much faster than two.)
_WORD_CHARS = r"[\w\u0300-\u036f\u064b-\u065f\u0670\u0640]+"
_TOKEN = re.compile(rf"{_WORD_CHARS}(?:[{APOSTROPHES}]{_WORD_CHARS})*")
SPAN_CACHE_SIZE = 1 << 18  # word -> key, for the hot loop of `token_spans`
_SPAN_KEYS: dict[str, str] = {}

# Latin rules, applied in order to a folded word. Upper-case letters are placeholders for
# consonants that must not take part in later rules (the "h" of "kh" is not a final "h").
_LATIN_RULES = tuple((re.compile(p), r) for p, r in (
    (r"ee", "i"),  # English long i (Mayadeen / Mayadin)
    (r"x", "ks"),
    (r"sch|sh|ch", "X"),  # shin: sh, French/German ch, sch
    (r"kh", "H"),  # kha written kh or h (Khmeimim / Hmeimim)
    (r"gh", "G"),
    (r"dh", "z"),  # dhal as dh or z (Ladhiqiyah / Laziqiyah)
    (r"th", "t"),
    (r"ph", "f"),
    (r"dj|zh", "j"),
    (r"ck", "k"),
    (r"qu(?=[aeiouy])|q", "k"),
    (r"c(?=[eiy])", "s"),
    (r"c", "k"),
    (r"(.)\1+", r"\1"),  # doubled letters (Lattakia, Raqqa, Assad)
    (r"(?<=[aeiouy])h$", ""),  # final -ah, -eh (Hamah, Jableh)
    (r"u(?=w[aeiou])", ""),  # Suwayda / Sweida
    (r"^([wy])(?=[aeiou])", lambda m: m.group(1).upper()),  # initial w/y before a vowel
    (r"(?<=[aeou])([wy])(?=[aeiou])", lambda m: m.group(1).upper()),  # between vowels
    (r"(?<=[^aeiouwy])([wy])(?=[aeiou])", lambda m: m.group(1).upper()),  # after a consonant
))
_CLOSING_E = re.compile(r"e(?=[^aeiouwy]+$)")  # e closing a last syllable is i: Idleb / Idlib
_VOWELS = re.compile(r"[aeiouwy]+")
# A vowel of the key: a for a, e and the diphthongs (Daraa / Deraa, Dayr / Deir / Der), i for
# i and y, u for o, u, ou, aw (Zawr / Zor / Zour).
_KEY_VOWEL = {"a": "a", "e": "a", "i": "i", "u": "u"}

# Arabic script: vowel signs and tatweel go, letter variants are unified.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ئ": "ي", "ؤ": "و",
    "ة": "ه", "ۃ": "ه", "ہ": "ه", "ھ": "ه", "ک": "ك", "ء": "",
})
_ARABIC = re.compile("[\u0600-\u06ff]")


def fold(text: str) -> str:
    """Lower case with diacritics, apostrophes and ayn/hamza marks removed ("Ḩamāh" -> "hamah")."""
    text = unicodedata.normalize("NFKD", text.casefold()).translate(_LETTERS).translate(_DROP)
    return "".join(c for c in text if not unicodedata.combining(c))


def word_key(word: str) -> str:
    """The key of one word: its skeleton, "" for a standing Arabic article."""
    return analyse(word)[0]


@lru_cache(maxsize=1 << 18)
def analyse(word: str) -> tuple[str, str]:
    """(key, vowel signature) of one word; the signature tells the vowels the key folded.

    The signature has one letter per vowel of the key: ``a``, ``e``, ``i`` (i, y), ``u``
    (o, u, ou, aw) or ``e`` again for a diphthong (ai, ay, ei, ey): "Gaza" ``aa``, "Giza" ``ia``.
    """
    if _ARABIC.search(word):
        return _arabic_key(word), ""
    w = fold(word)
    if w in ARTICLES or not w:
        return "", ""
    if not w.isascii() or not w.isalpha():  # other scripts, digits: folded only
        return w, ""
    for pattern, repl in _LATIN_RULES:
        w = pattern.sub(repl, w)
    signature = "".join(_vowel_class(m.group()) for m in _VOWELS.finditer(w))
    if len(signature) > 1:  # not in one-syllable words: "Der" (Deir) keeps its e
        w = _CLOSING_E.sub("i", w)
    return _VOWELS.sub(lambda m: _KEY_VOWEL[_vowel_class(m.group())], w).lower(), signature


@lru_cache(maxsize=4096)
def _vowel_class(run: str) -> str:
    letters = set(run)
    if letters & {"o", "u", "w"}:
        return "u"
    if run[0] in "ae" and letters & {"i", "y"}:
        return "e"
    if letters & {"i", "y"}:
        return "i"
    return "e" if "e" in letters else "a"


def signature_match(a: str, b: str) -> float:
    """How well two vowel signatures of one key agree: 1 equal, halved per e/a or e/i, else 0."""
    if a == b:
        return 1.0
    if len(a) != len(b):
        return 0.0
    score = 1.0
    for x, y in zip(a, b, strict=True):
        if x != y:
            if "e" not in (x, y) or "u" in (x, y):
                return 0.0
            score /= 2
    return score


def _arabic_key(word: str) -> str:
    w = _ARABIC_MARKS.sub("", unicodedata.normalize("NFKC", word)).translate(_ARABIC_LETTERS)
    if w.startswith("ال") and len(w) > 3:  # the article is always glued in Arabic script
        w = w[2:]
    return re.sub(r"(.)\1+", r"\1", w)


def token_spans(text: str) -> list[tuple[int, int, str]]:
    """The words of `text` as (start, end, key), leaving out words whose key is empty.

    A possessive "'s" stays outside the span ("Syria's" gives the span of "Syria").
    """
    out = []
    keys = _SPAN_KEYS
    find = text.find
    at = 0
    # Words found as strings and placed with str.find (no match objects: ~15% faster): a
    # word starts with a word character, which no stretch between two words holds.
    for word in _TOKEN.findall(text):
        start = find(word, at)
        at = end = start + len(word)
        if end - start > 3 and word[-1] in "sS" and word[-2] in APOSTROPHES:
            end -= 2
            word = word[:-2]
        key = keys.get(word)
        if key is None:
            if len(keys) >= SPAN_CACHE_SIZE:
                keys.clear()
            key = keys[word] = analyse(word)[0]
        if key:
            out.append((start, end, key))
    return out


def name_key(text: str) -> str:
    """The key of a name: the space-joined keys of its words ("Deir ez-Zor" -> "dar zar")."""
    return " ".join(k for _, _, k in token_spans(text))


def name_signature(text: str) -> str:
    """The vowel signature of a name, word by word (see `analyse`)."""
    return key_and_signature(text)[1]


def key_and_signature(text: str) -> tuple[str, str]:
    """`name_key` and `name_signature` of `text` in one pass."""
    words = [analyse(text[a:b]) for a, b, _ in token_spans(text)]
    return " ".join(k for k, _ in words), ".".join(s for _, s in words)


def variant_keys(name: str) -> dict[str, str]:
    """Key -> vowel signature of `name` and of its spellings with an article glued to the next
    word: "Deir ez-Zor" also gives the keys of "Deir Ezzor" and "Deir Alzor"; "Al Bab" of "Albab".
    """
    words = [m.group() for m in _TOKEN.finditer(name)]
    spellings = [name]
    for i, word in enumerate(words[:-1]):
        art = fold(word)
        if art not in ARTICLES or _ARABIC.search(words[i + 1]):
            continue
        nxt = fold(words[i + 1])
        glued_forms = [art + nxt, "al" + nxt]
        if nxt[:1] in SUN_LETTERS:  # the article takes the sun letter: "ez-Zor" -> "Ezzor"
            glued_forms.append(art[0] + nxt[0] + nxt)
        spellings += [" ".join([*words[:i], g, *words[i + 2:]]) for g in glued_forms]
    out = {}
    for spelling in spellings:
        key = name_key(spelling)
        if key and key not in out:
            out[key] = name_signature(spelling)
    return out
