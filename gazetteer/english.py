"""English names: the form of a place's name analysts read, chosen by rule from the data.

Build time only (``gazetteer/build.py``). The canonical name of a place (``Place.name``, the
``place_name`` of the pipeline's outputs) is an English form; every other spelling stays a name
of the place for matching. How often a form is written in English comes from PyPI ``wordfreq``
(word frequencies of English Wikipedia, news, books, subtitles and web text; a multi-word form's
frequency is wordfreq's estimate for the phrase).

- *GeoNames places* (`place_name`): outside the countries whose first language is Arabic
  (GeoNames' country table), the diacritic-folded name ("Umeå" -> "Umea"). In them GeoNames'
  names are romanisations that English often writes otherwise, so the name is the form most
  frequent in English among the folded name and the Latin-script alternates that spell the same
  name: same name key, same consonants (doubles kept), written with a capital ("Raqqa" for "Ar
  Raqqah"; never "Callinicum", nor "Katana" for "Qaţanā", nor "Samara" for "Sāmarrā’"). An
  alternate must be `MARGIN` (Zipf units: log10 per billion words) more frequent than the folded
  name to replace it; a form with a common word (Zipf >= `COMMON_WORD`: "Said", "Tell", "Bab")
  is no choice, its frequency counting other meanings. "Ḩamāh" -> "Hama", "Ţarţūs" -> "Tartus",
  "Ar Raqqah" -> "Raqqa", "Al Ḩasakah" -> "Al Hasakah". A form that is also another thing's
  name can still win where the place's own name should ("Dara" the given name for Dar‘ā); the
  curated table corrects those rows (``geonameid`` rows set ``name``, with a source).
- *First-level divisions* (`unit_name`): their *English forms* are the aliases written with an
  English kind word ("Hama Governorate", "Province of Sichuan", "Poltava Oblast"), taken without
  it; the most frequent in English of them and the folded name wins ("Jerusalem", not "Quds";
  ties: the first English form; a form of common words only, "Port
  Said", counts only when there is no other). The kind word is left out consistently (the
  unit's kind is ``admin1``: "Hama", "Texas", "Ontario"). A form whose remaining words are only
  generic ("Southern District", "First Governorate") describes rather than names the unit and is
  no English form, nor is an abbreviation ("ACT"). Without an English form,
  the other Latin-script aliases compete with the folded name as for places ("Bayrūt" ->
  "Beirut"; "Scotland" stays, not "Alba"). Case: a form with a word in lower case (not an
  Arabic article) gives way to the folded name when it has the same letters ("Rif-dimashq" ->
  "Rif Dimashq").
- *Countries* (`country_name`): the most frequent in English of GeoNames' name, Natural Earth's
  short and English names and pycountry's common and official short names, leaving out inverted
  and abbreviated forms ("Korea, Republic of", "Dem. Rep. Congo"); ties keep GeoNames' name
  ("Palestinian Territory" -> "Palestine", "The Netherlands" -> "Netherlands").
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from gazetteer.names import ARTICLES, fold, name_key

MARGIN = 0.1  # Zipf units an alternate must beat the folded canonical name by to replace it
COMMON_WORD = 3.0  # Zipf of a common word, 1 per million ("said", "tell", "der", "haul")
# English words naming the kind of a first-level division, before or after its name.
KIND_WORD = re.compile(
    r"^(?:(?:Free )?State|Province|Region|Governorate|Republic|Department|Prefecture|County|"
    r"District) of\s+"
    r"|\s+(?:Governorate|Province|Region|Oblast|Prefecture|Department|District|State|Territory|"
    r"Municipality|Emirate|Voivodeship|County|City|Capital District|Autonomous Region|Republic)$")
# Words that are no name on their own: a unit called only by them keeps its kind word.
GENERIC = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "north-east", "north-west", "south-east", "south-west", "northeast", "northwest",
    "southeast", "southwest", "middle", "upper", "lower", "capital", "coastal", "federal",
    "national", "inner", "outer", "new", "greater", "the", "first", "second", "third", "fourth",
    "fifth", "number", "one", "two", "three",
})
# Marks of ayn, hamza and apostrophes, written as an ASCII apostrophe in a folded name.
_APOSTROPHES = str.maketrans({c: "'" for c in "\u2019\u2018\u02bf\u02be`\u00b4\u02bc\u02bb"})
_LETTERS = str.maketrans({
    "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "Ð": "D", "ð": "d",
    "þ": "th", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ə": "a", "Ə": "A",
    "ħ": "h", "Ħ": "H",
})
_INVERTED_OR_SHORT = re.compile(r",|\.")


def ascii_fold(name: str) -> str:
    """The name without diacritics, ayn/hamza marks inside a word as "'" ("Dar‘ā" -> "Dar'a"),
    none at its ends ("‘Afrīn" -> "Afrin")."""
    text = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES).translate(_LETTERS))
    text = "".join(c for c in text if not unicodedata.combining(c))
    # an ayn or hamza at the start or end of a word is not written in English ("‘Afrīn")
    return " ".join(re.sub(r"(?<![^\s\-])'+|'+(?![^\s\-])", "", text).split())


@lru_cache(maxsize=1 << 16)
def zipf(form: str) -> float:
    """How often `form` is written in English: log10 of its frequency per billion words
    (0 for unknown words)."""
    from wordfreq import word_frequency

    f = word_frequency(form, "en")
    return math.log10(f * 1e9) if f > 0 else 0.0


def _latin(name: str) -> bool:
    folded = ascii_fold(name)
    return bool(folded) and folded.isascii() and any(c.isalpha() for c in folded)


def _cased(form: str) -> bool:
    """Whether every word of `form` but an Arabic article starts with a capital."""
    return all(w[0].isupper() or fold(w) in ARTICLES
               for w in re.split(r"[\s\-]+", form) if w and w[0].isalpha())


def _words(form: str) -> list[str]:
    return [w for w in re.split(r"[\s\-']+", fold(form)) if w]


def _consonants(form: str) -> str:
    """The consonants of a form without its articles, doubles kept ("Ar Raqqah" -> "rqq",
    "Qatana" -> "qtn", "Samarra" -> "smrr")."""
    words = [re.sub(r"(?<=[aeiou])h$", "", w) for w in _words(form) if w not in ARTICLES]
    return re.sub(r"[aeiouyw]+", "", "".join(words))


def _letters(form: str) -> str:
    return re.sub(r"[\s\-']+", "", fold(form))


def _best(forms: Sequence[str], *, default: str, margin: float = 0.0) -> str:
    """The form most frequent in English; `default` unless another beats it by `margin`;
    among equal frequencies the earliest."""
    best = default
    best_score = zipf(default) + margin
    for form in forms:
        if zipf(form) > best_score:
            best, best_score = form, zipf(form)
    # a badly cased winner gives way to a well-cased form of the same letters
    if not _cased(best):
        for form in (default, *forms):
            if _cased(form) and _letters(form) == _letters(best):
                return form
    return best


def place_name(name: str, alternates: Iterable[str], *, romanised: bool) -> str:
    """The English form of a GeoNames place's name (see the module docstring); `romanised`:
    the place's name is a romanisation of Arabic (a country whose first language is Arabic)."""
    canonical = ascii_fold(name)
    if not canonical.isascii():
        return name  # another script: kept as it is
    if not romanised:
        return canonical
    key = name_key(name)
    forms = sorted({ascii_fold(a) for a in alternates if a[:1].isupper() and not a.isupper()
                    and _latin(a) and name_key(a) == key} - {canonical})
    consonants = _consonants(canonical)
    forms = [f for f in forms if f.isascii() and _consonants(f) == consonants
             and f.count("'") <= canonical.count("'") and not any(
        zipf(w) >= COMMON_WORD for w in _words(f) if w not in ARTICLES)]
    return _best(forms, default=canonical, margin=MARGIN) if forms else canonical


def unit_name(name: str, aliases: Sequence[str]) -> str:
    """The English form of a first-level division's name (see the module docstring)."""
    forms, bare = [], []
    for alias in aliases:
        if not _latin(alias) or alias.isupper():  # abbreviations ("ACT", "CAR") are no names
            continue
        if not KIND_WORD.search(alias):
            bare.append(ascii_fold(alias))
            continue
        stripped = KIND_WORD.sub("", alias).strip()
        if all(w.lower() in GENERIC or any(c.isdigit() for c in w) for w in stripped.split()):
            continue  # "Central District", "First Governorate": a description, not a name
        form = ascii_fold(stripped)
        if form.isascii() and form not in forms:
            forms.append(form)
    folded = ascii_fold(name)
    default = folded if folded.isascii() else name
    if forms:
        usable = [f for f in forms if not _all_common(f)] or forms
        best = _best([*usable[1:], default], default=usable[0])
    else:
        best = _best([b for b in bare if b.isascii() and not _all_common(b)], default=default,
                     margin=MARGIN)
    if not _cased(best) and _cased(default) and _letters(default) == _letters(best):
        return default
    return best


def _all_common(form: str) -> bool:
    """Whether a form of several words is made of common words only ("Port Said",
    "Damascus Countryside"): wordfreq's estimate for such a phrase says nothing of it as a name."""
    words = [w for w in _words(form) if w not in ARTICLES]
    return len(words) > 1 and all(zipf(w) >= COMMON_WORD for w in words)


def country_name(names: Iterable[str], default: str) -> str:
    """The common English short name of a country among `names` (see the module docstring)."""
    forms = sorted({n.strip() for n in names if n and n.strip() and _latin(n)
                    and not _INVERTED_OR_SHORT.search(n)} - {default.strip()})
    return _best(forms, default=default.strip())


def curated_names() -> dict[str, str]:
    """Place id -> the name the curated table sets for a GeoNames place ("Daraa" for Dar‘ā), for
    the build's own uses of names (map labels, governorate capitals)."""
    import csv

    from gazetteer.core import CURATED_FILE, DATA_DIR

    path = DATA_DIR / CURATED_FILE
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        return {f"gn:{r['geonameid']}": r["name"] for r in csv.DictReader(f)
                if r.get("geonameid") and r.get("name")}
