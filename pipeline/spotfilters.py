"""Rules that reject names that are places only by accident (used by `pipeline.mentions`).

Each rule is ``(body, spotted, gz) -> reason | None`` with a one-line reason in its docstring.
Its words are data in ``pipeline/rules/geo_*.txt``; ``bench/geoparse_eval.py --rejects`` counts,
per rule, the names it rightly rejects and the gold toponyms it loses on LGL and GeoVirus.
Only *plausible* readings (spelt like the text, `pipeline.readings`) make a name big enough to
survive a rule: "Police" keys like Puglia, but nobody writes Puglia as "Police".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from gazetteer.names import word_key
from gazetteer.place import SITE
from gazetteer.ranking import default_home
from pipeline.readings import (
    ARABIC_ARTICLES,
    WORDS,
    any_plausible,
    candidates,
    fast_fold,
    plausible_big,
    seat_of_power,
    unit,
    unit_spelt_as,
)

if TYPE_CHECKING:
    from pipeline.mentions import Spotted

SHORT_TITLE = 4  # titles this short end with a period ("Mr.", "Gen.", "Sgt.") before the name
ACRONYM_LENGTH = 5  # words in capitals up to this long are acronyms unless a country/unit's
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_WORDISH = re.compile(r"[\w'\u2019-]*")  # what may follow the first letter of a word
_LETTER = re.compile(r"[^\W\d_]")
_GLUED_ARTICLE = re.compile(rf"(?:{ARABIC_ARTICLES})[-\u2010\u2011]")
_DATELINE = re.compile(r"(?: [\u2013\u2014-]|,| \()")  # "HUME –", "HOMS, Syria", "HAMA ("
_ROAD_NUMBER = re.compile(r"[ \-]?\d")  # "US 24", "US-24", "KY 90"
# a neighbouring word of four capitals or more: the line is written in capitals
_SHOUTED_BEFORE = re.compile(r"\b[A-Z]{4,}[^\w\n]{1,3}\Z")
_SHOUTED_AFTER = re.compile(r"[^\w\n]{1,3}[A-Z]{4,}\b")
_CONTRACTION = re.compile(r"['\u2019](?:ve|ll|re|d|m|t)$", re.IGNORECASE)


def _big(s: Spotted, gz, *, units_only: bool = False, places_only: bool = False,
         whole: bool = False) -> bool:
    """Whether a country, unit or (unless `units_only`) big place is spelt like the name
    (with `places_only`, a big place that is no unit; with `whole`, including its generic
    words: "State" of "Free State")."""
    return plausible_big(s.folded, candidates(gz, s.ids), units_only=units_only,
                         places_only=places_only, whole=whole)


def _next_word(body: str, pos: int) -> re.Match | None:
    """The word right after `pos` when one space separates them, else None; an Arabic article
    glued to it is skipped ("Bashar al-Assad" -> "Assad")."""
    if body[pos:pos + 1] != " ":
        return None
    m = _WORD.match(body, pos + 1)
    if m is not None:
        glued = _GLUED_ARTICLE.match(m.group())
        if glued:
            m = _WORD.match(body, m.start() + glued.end()) or m
    return m


def _prev_word(body: str, pos: int) -> tuple[int, str] | None:
    """(start, word) of the word right before `pos` when one space separates them, else None.

    The word starts with a letter and ends at the space; it is looked for in the 40 characters
    before. The run of word characters is read backwards, in C: a regular expression anchored
    at the end of the window would try every start in it.
    """
    if body[pos - 1:pos] != " ":
        return None
    end = pos - 1
    lo = max(0, pos - 40)
    run = _WORDISH.match(body[lo:end][::-1]).end()
    m = _LETTER.search(body, end - run, end)
    return None if m is None else (m.start(), body[m.start():end])


def _common(word: str) -> bool:
    return word in WORDS.common_words


def _place_word(word: str, gz) -> bool:
    """Whether a neighbouring (folded) word names a place worth naming or qualifies places;
    given names that are also hamlets ("David", "Abraham") do not count."""
    if word in WORDS.place_words:
        return True
    ids = gz.names().get(word_key(word), ())
    return bool(ids) and plausible_big(word, candidates(gz, ids))


def calendar_word(body: str, s: Spotted, gz) -> str | None:
    """Month and weekday names ("May", "March", "Sunday") are dates, not villages."""
    return "calendar" if s.folded in WORDS.calendar else None


def function_word(body: str, s: Spotted, gz) -> str | None:
    """Grammar words ("The", "In", "Of") are capitalised only because a sentence opens."""
    if s.folded in WORDS.function_words and (len(s.text) < 2 or not s.text.isupper()):
        return "function_word"  # but "US", "IN" (Indiana) written in capitals are names
    if _CONTRACTION.search(s.text):
        return "function_word"  # "I've", "We'll": GeoNames has villages called Ive, Well
    if s.folded in WORDS.place_words:
        return "function_word"  # "Province", "County" alone qualify a place, they are none
    return None


def acronym(body: str, s: Spotted, gz) -> str | None:
    """Short words in capitals ("IRS", "CEO", "KBR", "The UN") are organisations; only
    countries and units go by such names ("US", "UK", "DRC")."""
    text, key = s.text, s.key
    first, _, rest = text.partition(" ")
    if rest and fast_fold(first) in WORDS.determiners:
        text, key = rest, key.partition(" ")[2]  # "The UN", "the EU": an article first
    if not (text.isupper() and len(text) <= ACRONYM_LENGTH and " " not in key):
        return None
    return None if unit(candidates(gz, s.ids)) else "acronym"


def capitals_in_context(body: str, s: Spotted, gz) -> str | None:
    """A short word in capitals is a place's name only where it is written so: a dateline
    ("HUME – A delegation ..."), or a country or unit spelt so, by its initials or its name
    ("US", "DRC"; "WHO" is no Ohio, "TOUR" no Turkey); before a number it is a road ("US 24",
    "KY 90"); in a line written in capitals ("US STRIKES", "BY RUSS ZIMMER") only a country's
    or unit's own name spelt whole ("SYRIA") is a place."""
    if not (s.text.isupper() and len(s.text) <= ACRONYM_LENGTH and " " not in s.key):
        return None
    if _ROAD_NUMBER.match(body, s.end):
        return "road"
    if s.sentence_start and _DATELINE.match(body, s.end):
        return None
    if (_SHOUTED_BEFORE.search(body, max(0, s.start - 40), s.start)
            or _SHOUTED_AFTER.match(body, s.end)):
        return None if _big(s, gz, units_only=True, whole=True) else "acronym"
    if len(s.text.replace(".", "")) > 2 and not unit_spelt_as(s.text, candidates(gz, s.ids)):
        return "acronym"  # two letters are a code ("GA", "IN"); more must spell the unit
    return None


def community_word(body: str, s: Spotted, gz) -> str | None:
    """Religious and ethnic communities ("Sunni", "Alawite", "Turkmen") are people, not the
    places or countries their names key like."""
    return "community" if s.folded in WORDS.communities else None


def institution(body: str, s: Spotted, gz) -> str | None:
    """A seat of government stands for its government ("the Kremlin said", "White House
    officials"): a place only after a locative word ("talks in the Kremlin") and only when the
    gazetteer holds the building (a site; `name_rules.seat_is_the_building`). A legislature
    named like a town is the legislature after an article or "State" ("the State Duma"), the
    town otherwise ("shelling in Duma")."""
    # the word before, read in the body: token_spans leaves out "at" (an Arabic article's key)
    # (read only for the few names that can be institutions at all)
    if s.folded in WORDS.legislatures:
        prev = _prev_word(body, s.start)
        before = prev[1].lower() if prev is not None else ""
        return "institution" if before in WORDS.determiners or before == "state" else None
    if not seat_of_power(body, s.start, s.end, s.folded):
        return None
    prev = _prev_word(body, s.start)
    if prev is not None and prev[1].lower() in WORDS.determiners:
        prev = _prev_word(body, prev[0])
    if prev is not None and prev[1].lower() in WORDS.locatives and any(
            p.kind == SITE for p in candidates(gz, s.ids)):
        return None
    return "institution"


def title_or_abbreviation(body: str, s: Spotted, gz) -> str | None:
    """Titles and business abbreviations ("Ms", "Sgt", "Co", "Inc") name villages by accident."""
    if s.folded in WORDS.titles or s.folded in WORDS.organisations:
        return "abbreviation"
    return None


def person_title_before(body: str, s: Spotted, gz) -> str | None:
    """A title right before the name makes it a person ("President Vladimir", "Mr. Jordan");
    one ending the previous sentence ("... the judge. Columbus") does not."""
    if not s.before or s.before[0] not in WORDS.titles:
        return None
    gap = body[max(0, s.start - 2):s.start]
    if gap.endswith(" ") and (gap[0].isalpha() or (
            gap[0] == "." and len(s.before[0]) <= SHORT_TITLE)):
        return "person_title"
    return None


def titled_full_name(body: str, s: Spotted, gz) -> str | None:
    """A one-word name after a title and a capitalised given name is a surname ("spokesman
    Mustafa Bali", "President Vladimir Putin"), whatever else bears that name."""
    if " " in s.key or len(s.before) < 2 or s.before[1] not in WORDS.titles:
        return None
    prev = _prev_word(body, s.start)
    if prev is None or not prev[1][:1].isupper() or prev[1].isupper():
        return None
    before = _prev_word(body, prev[0])
    if before is None or before[1].lower() != s.before[1]:
        return None  # something other than one space stands between title and given name
    word = s.before[0]
    if _common(word) or word in WORDS.function_words or _place_word(word, gz):
        return None  # "General Electric", "Governor Texas..." : no given name
    return "surname"


def organisation_after(body: str, s: Spotted, gz) -> str | None:
    """A name before a capitalised organisation or street word is part of that name
    ("Washington Post", "Dublin Road")."""
    m = _next_word(body, s.end)
    if m is None or not m.group()[0].isupper():
        return None
    return "organisation" if fast_fold(m.group()) in WORDS.organisations else None


def common_word(body: str, s: Spotted, gz) -> str | None:
    """An ordinary English word ("Police", "Center") capitalised in a heading or a name is no
    place unless a country, unit or (mid-sentence) a big town is spelt so."""
    if " " in s.key:
        return _generic_phrase(s, gz)
    if not _common(s.folded) or s.text.isupper():
        return None
    # an ordinary word is a unit only spelt exactly as all of its name ("Free" is no Free State,
    # "Crime" no Crimea, "Turkey" is Turkey); mid-sentence, a big town spelt like it counts too
    if _big(s, gz, units_only=True, whole=True) or (
            not s.sentence_start and _big(s, gz, places_only=True)):
        return None
    if s.after[:1] and s.after[0] in WORDS.place_words and _next_word(body, s.end):
        return None  # "Walker County", "Red River": the word is part of a place's name
    return "common_word"


def _generic_phrase(s: Spotted, gz) -> str | None:
    """"The City", "There are", "I can": ordinary words are no place unless a place is spelt
    so ("Elbow Lake"; a place of the tool's home country by any of its names, whose wire
    spellings the gazetteer holds: "Panorama Orchards" for Panorama Farms); with an article
    first, unless a big place is ("The Hague")."""
    words = s.folded.replace("-", " ").split()
    if not all(_common(w) or w in WORDS.function_words for w in words):
        return None
    if words[0] in WORDS.determiners:
        return None if _big(s, gz) else "common_word"
    places = candidates(gz, s.ids)
    if any_plausible(s.folded, places):
        return None
    home, match = default_home(gz), getattr(gz, "spelling_match", None)
    if match is not None and any(p.country == home and match(s.text, p.id) >= 1.0
                                 for p in places):
        return None
    return "common_word"


def direction_word(body: str, s: Spotted, gz) -> str | None:
    """"West", "Central", "The northern" alone name no place here ("the West", "Central
    Command", "The northern countryside")."""
    if s.folded in WORDS.directions:
        return "direction"
    if " " not in s.folded:
        return None
    words = s.folded.split()
    if len(words) == 2 and words[0] in WORDS.determiners and words[1] in WORDS.directions:
        return "direction"
    return None


def organisation_name(body: str, s: Spotted, gz) -> str | None:
    """Agencies, monitors and movements named like places ("SANA", "SOHR", "Red Cross") are
    no places: in capitals or as several words always, a one-word name written otherwise
    ("Sana") only beside an agency word ("Sana news agency", "the agency Sana")."""
    if s.folded not in WORDS.organisation_names:
        return None
    if s.text.isupper() or " " in s.folded:
        return "organisation"
    near = s.before[:2] + s.after[:2]
    return "organisation" if any(w in WORDS.agency_words for w in near) else None


def organisation_head_before(body: str, s: Spotted, gz) -> str | None:
    """A name right after the head word of an armed group's or a movement's name belongs to
    that name ("Ahrar al-Sham", "Jund al-Aqsa", "Liwa al-Quds"), like "Washington Post"."""
    if not s.before or s.before[0] not in WORDS.organisation_heads:
        return None  # (the cheap test first: the previous token in lower case)
    prev = _prev_word(body, s.start)  # the mention holds its article: "Ahrar" + "al-Sham"
    if prev is None or not prev[1][:1].isupper():
        return None
    return "organisation" if fast_fold(prev[1]) in WORDS.organisation_heads else None


def given_name_after(body: str, s: Spotted, gz) -> str | None:
    """A one-word name before a capitalised proper name that is no place is a given name
    ("Vladimir Putin"); "Ohio Department", "Hama Province", "the Paris Walmart" are not."""
    if " " in s.key or not s.after:
        return None
    m = _next_word(body, s.end)
    if m is None or not m.group()[0].isupper() or m.group().isupper():
        return None
    word = s.after[0]
    if (_common(word) or word in WORDS.function_words or word in WORDS.calendar
            or (s.before[:1] and s.before[0] in WORDS.determiners)
            or _big(s, gz, units_only=True) or _place_word(word, gz)):
        return None
    return "given_name"


def surname_after_name(body: str, s: Spotted, gz) -> str | None:
    """A one-word name after a capitalised proper name that is no place is a surname
    ("Tom Jones", "Barack Obama", "Priscilla Chu": only a unit spelt whole so stays a place,
    Chu keys like Kyrgyzstan's Chuy); "Thursday's Ontario budget" is not."""
    if " " in s.key or not s.before or s.sentence_start:
        return None
    prev = _prev_word(body, s.start)
    if prev is None or not prev[1][0].isupper() or prev[1].isupper():
        return None
    word = s.before[0]
    if (_common(word) or word in WORDS.function_words or word in WORDS.titles
            or word in WORDS.calendar or prev[1][-2:] in ("'s", "\u2019s")
            or _big(s, gz, units_only=True, whole=True) or _place_word(word, gz)):
        return None
    if prev[0] == 0 or body[max(0, prev[0] - 2):prev[0]].rstrip(" ").endswith((".", "\n")):
        return None  # the word before opens a sentence
    return "surname"


def speaker(body: str, s: Spotted, gz) -> str | None:
    """A name that says something ("Jones said", "said Lincoln") is a person, unless a big
    place is spelt so (governments speak too)."""
    if " " in s.key:
        return None
    verbs = WORDS.speech_verbs
    said_after = s.after[:1] and s.after[0] in verbs
    said_before = s.before[:1] and s.before[0] in verbs and body[s.start - 1:s.start] == " "
    if not (said_after or said_before):
        return None  # (most names: the next word need not be read)
    nxt = _next_word(body, s.end)
    near = (said_after and nxt) or (
        said_before and not (nxt and nxt.group()[0].isupper()))  # "said Monroe Mayor Robert Rice"
    if not near or _big(s, gz) or (s.text.isupper() and unit_spelt_as(
            s.text, candidates(gz, s.ids))):  # "the US said"
        return None
    return "speaker"


# Rules whose verdict holds for the same word elsewhere in the article ("Barack Obama ... Obama")
PERSON_RULES = ("person_title", "given_name", "surname")
# The filters that read only the name as written (text, key, readings), never the body around
# it; they come first, so a name one of them rejects is rejected wherever it stands.
AS_WRITTEN: tuple[Callable[[str, Spotted, object], str | None], ...] = (
    calendar_word, function_word, acronym, title_or_abbreviation, community_word)
FILTERS: tuple[Callable[[str, Spotted, object], str | None], ...] = (
    *AS_WRITTEN, capitals_in_context, institution, person_title_before, titled_full_name,
    organisation_after, organisation_head_before, organisation_name, direction_word, common_word,
    given_name_after, surname_after_name, speaker,
)
_IN_CONTEXT = FILTERS[len(AS_WRITTEN):]  # the filters that read where a name stands
assert FILTERS[:len(AS_WRITTEN)] == AS_WRITTEN


def rejected_as_written(s: Spotted, gz) -> bool:
    """Whether a filter rejects `s` from how it is written alone (`AS_WRITTEN`), so wherever
    it stands; its offsets and neighbours are not read."""
    return any(rule("", s, gz) for rule in AS_WRITTEN)


def reject_reason(body: str, s: Spotted, gz, *, written_ok: bool = False) -> str | None:
    """The first filter that rejects `s`, or None when it is kept. `written_ok`: `s` is known
    to pass `rejected_as_written` (the spotter left the others out), so those filters, which
    come first, are not asked again."""
    for rule in _IN_CONTEXT if written_ok else FILTERS:
        reason = rule(body, s, gz)
        if reason:
            return reason
    return None
