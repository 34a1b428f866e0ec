"""Finding date expressions and resolving them against the publication date (the dates stage).

`find_dates(text, published)` is pure. Absolute dates keep their own year; a day and month without
a year take the year that puts them nearest to `published` and not after it (after it only when the
verb is future). Weekdays are the latest such day on or before publication, or the next one after
it for a future verb. Anchored expressions ("the following day", "a day after") count from the last
day-precise date before them in the text. Nothing is ever invented: without `published`, relative
expressions stay unresolved (date None, precision "unknown").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from pipeline import calendar_math as cal
from pipeline.model import Article, DateMention

# How far back from a date the future-verb cues are looked for (characters).
FUTURE_LOOKBACK = 60
_FUTURE_CUE = re.compile(
    r"\b(?:will|would|shall|'ll)\b[^.;!?,]*$"
    r"|\b(?:set|due|scheduled|expected|planned|slated)\s+(?:to|for)\b[^.;!?]*$"
    r"|\b(?:is|are)\s+to\s+(?:begin|start|take|come|enter|open|resume|be)\b[^;!?]*$"
    r"|\bto\s+(?:begin|start|take\s+effect|come\s+into\s+(?:force|effect)|enter\s+into\s+force)"
    r"\s+(?:at\s+midnight\s+)?(?:on|at|from)?\s*$"
    r"|\b(?:effective|as\s+of|starting|beginning)\s+(?:at\s+midnight\s+)?(?:on|from)?\s*$"
    r"|\bexpires?\s+(?:on\s+)?$",
    re.IGNORECASE,
)
# where the clause of a date begins: its verb is after the last of these
_CLAUSE_BREAK = re.compile(r"[.;!?]\s+(?=[A-Z\"“])|;|\bthat\b|\bsaid\b|\bsays\b")
_SINCE = re.compile(r"\bsince\s+(?:the\s+)?$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": None, "few": None,
}  # fmt: skip
_MONTH = (
    r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sep(?:t(?:ember)?)?\.?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
_DAY2 = r"(?:\s*(?:-|–|to|and)\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?(?!\d))?"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d)"
_NUM = r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)"


@dataclass(frozen=True, slots=True)
class _Context:
    published: date | None
    anchor: date | None  # the last day-precise date before this one in the text
    ref: date | None  # the last full date (with its year) before this one; used without `published`
    future: bool


_Resolved = tuple[date | None, date | None, str]
_UNKNOWN: _Resolved = (None, None, "unknown")


def find_dates(text: str, published: date | None) -> list[DateMention]:
    """Return the date expressions of `text`, in order, resolved against `published`."""
    found: list[DateMention] = []
    anchor: date | None = None
    ref: date | None = None
    for start, end, m, handler, inherent_future in _matches(text):
        future = inherent_future or _future_verb(text, start)
        ctx = _Context(published, anchor, ref, future)
        first, last, precision = handler(m, ctx)
        if first and last and not future and published and first <= published < last:
            last = published  # a reported event cannot have happened after publication
        since = _SINCE.search(text[max(0, start - 12) : start])
        if since and first and published and not future and first <= published:
            last, precision = published, cal.precision_of(first, published)  # "since July"
        found.append(DateMention(start, end, text[start:end], first, last, precision, future))
        if precision == "day" and first and not future:  # a planned day anchors nothing
            anchor = first
        if m.groupdict().get("year") and first:
            ref = first
    return found


class DateStage:
    """Stage: fill `article.dates` with the body's date expressions."""

    def __call__(self, article: Article) -> Article:
        article.dates = find_dates(article.body, article.published)
        return article


def _future_verb(text: str, start: int) -> bool:
    window = text[max(0, start - FUTURE_LOOKBACK) : start]
    return bool(_FUTURE_CUE.search(_CLAUSE_BREAK.split(window)[-1]))


# Handlers: each turns a match into (first day, last day, precision).
def _absolute(m: re.Match, ctx: _Context) -> _Resolved:
    month = cal.month_number(m.group("month"))
    day, day2 = int(m.group("day")), int(m.group("day2") or m.group("day"))
    year = int(m.group("year")) if m.group("year") else None
    if year is None and m.group("weekday"):  # "Monday, 22 May": the year where that is a Monday
        year = cal.year_of_weekday(month, day, m.group("weekday"), ctx.published or ctx.ref)
    if year is None:
        year = cal.infer_year(month, day, ctx.published, future=ctx.future, fallback=ctx.ref)
    first, last = cal.safe_date(year, month, day), cal.safe_date(year, month, day2)
    if first is None or last is None or last < first:
        return _UNKNOWN
    return first, last, "day" if first == last else "week"


def _iso(m: re.Match, ctx: _Context) -> _Resolved:
    d = cal.safe_date(int(m.group("year")), int(m.group("mm")), int(m.group("dd")))
    return (d, d, "day") if d else _UNKNOWN


def _month(m: re.Match, ctx: _Context) -> _Resolved:
    month = cal.month_number(m.group("month"))
    year = int(m.group("year")) if m.groupdict().get("year") else None
    if year is None:
        shift = {"last": -1, "next": 1}.get((m.groupdict().get("rel") or "").lower(), 0)
        year = cal.infer_year(month, 1, ctx.published, future=ctx.future or shift > 0,
                              fallback=ctx.ref, shift=shift)
    if year is None:
        return _UNKNOWN
    first, last = cal.month_range(year, month)
    part = (m.groupdict().get("part") or "").lower()
    first, last = cal.part_of(first, last, part)
    return first, last, "month"


def _year(m: re.Match, ctx: _Context) -> _Resolved:
    y = int(m.group("year"))
    return date(y, 1, 1), date(y, 12, 31), "year"


def _weekday(m: re.Match, ctx: _Context) -> _Resolved:
    if ctx.published is None:
        return _UNKNOWN
    rel = (m.group("rel") or "").lower()
    d = cal.weekday_near(ctx.published, m.group("weekday"), rel=rel, future=ctx.future)
    return d, d, "day"


def _named_day(m: re.Match, ctx: _Context) -> _Resolved:
    if ctx.published is None:
        return _UNKNOWN
    word = m.group().lower()
    offsets = {"the day before yesterday": -2, "yesterday": -1, "last night": -1, "tomorrow": 1}
    offset = offsets.get(_SPACES.sub(" ", word), 0)
    d = ctx.published + timedelta(days=offset)
    return d, d, "day"


def _ago(m: re.Match, ctx: _Context) -> _Resolved:
    n = _count(m.group("n"))
    if ctx.published is None or n is None:
        return _UNKNOWN
    return cal.shifted(ctx.published, -n, m.group("unit"))


def _anchored(m: re.Match, ctx: _Context) -> _Resolved:
    if ctx.anchor is None:
        return _UNKNOWN
    word = m.group().lower()
    n = _count(m.group("n")) if m.groupdict().get("n") else 1
    if n is None:
        return _UNKNOWN
    if word.endswith("same day"):
        return ctx.anchor, ctx.anchor, "day"
    # "X came a day after Y": the clause that follows (Y) happened n days before the anchor (X).
    backwards = any(w in word for w in ("previous", "before", "earlier", "prior", " after"))
    backwards = backwards and not word.startswith(("the following", "the next"))
    unit = m.group("unit") or m.group("unit2") or "day"
    return cal.shifted(ctx.anchor, -n if backwards else n, unit)


def _period(m: re.Match, ctx: _Context) -> _Resolved:
    if ctx.published is None:
        return _UNKNOWN
    return cal.period(ctx.published, m.group().lower())


def _past_span(m: re.Match, ctx: _Context) -> _Resolved:
    """ "over the past three days": the days up to publication."""
    n = _count(m.group("n"))
    if ctx.published is None or n is None:
        return _UNKNOWN
    days = n * {"day": 1, "week": 7, "month": 30}[m.group("unit").lower()]
    first = ctx.published - timedelta(days=days)
    return first, ctx.published, cal.precision_of(first, ctx.published)


def _count(word: str) -> int | None:
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word.lower())


_I = re.IGNORECASE
# (pattern, handler, anchor): every match of a pattern holds a word of its anchor class (below),
# so a pattern runs only in windows around those words. Earlier patterns win at a start.
_PATTERNS: list[tuple[re.Pattern, Callable[[re.Match, _Context], _Resolved], str]] = [
    (re.compile(r"\b(?P<year>\d{4})-(?P<mm>\d\d)-(?P<dd>\d\d)\b"), _iso, "dash"),
    (re.compile(rf"\b(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}{_DAY2}\s+(?:of\s+)?{_MONTH}(?!\w)"
                rf"(?:,?\s+{_YEAR})?"), _absolute, "month"),
    (re.compile(rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}{_DAY2}(?:,?\s+{_YEAR})?"), _absolute,
     "month"),
    (re.compile(rf"\b(?:(?P<part>early|mid|late)[\s-]+)?{_MONTH}(?!\w),?\s+{_YEAR}"), _month,
     "month"),
    (re.compile(rf"\b(?:(?:in|since|until|by|during|through|throughout|of)\s+|"
                rf"(?P<rel>last|next|this)\s+|(?P<part>early|mid|late)[\s-]+(?:in\s+)?)"
                rf"{_MONTH}(?!\w)"), _month, "month"),
    (re.compile(rf"\b(?:(?P<part>early|mid|late)[\s-]+|in\s+|since\s+|during\s+|until\s+|by\s+)"
                rf"{_YEAR}"), _year, "century"),
    (re.compile(rf"\b(?:(?P<rel>last|this|next|on|late|early)\s+)?{_WEEKDAY}"
                r"(?:\s+(?:morning|afternoon|evening|night))?\b", _I), _weekday, "weekday"),
    (re.compile(r"\b(?:the\s+day\s+before\s+yesterday|yesterday|today|tonight|tomorrow|"
                r"last\s+night|this\s+(?:morning|afternoon|evening))\b", _I), _named_day,
     "named"),
    (re.compile(rf"\b{_NUM}\s+(?P<unit>day|week|month|year)s?\s+ago\b", _I), _ago, "ago"),
    (re.compile(rf"\b(?:the\s+(?:following|next|previous)\s+(?P<unit>day|week|month)|"
                rf"{_NUM}\s+(?P<unit2>day|week|month)s?\s+(?:later|earlier|after|before|prior)|"
                r"the\s+day\s+(?:after|before)|the\s+same\s+day)\b", _I), _anchored,
     "unit"),
    (re.compile(r"\b(?:earlier|later)\s+this\s+(?:week|month|year)|"
                r"\b(?:this|last|past|next|the\s+past|the\s+coming)\s+(?:week(?:end)?|month|year)\b|"
                r"\b(?:in\s+)?recent\s+(?:days|weeks)\b|\bthe\s+past\s+few\s+days\b", _I),
     _period, "unit"),
    (re.compile(rf"\bthe\s+(?:past|last)\s+{_NUM}\s+(?P<unit>day|week|month)s\b", _I),
     _past_span, "unit"),
]


# The words every match holds, by anchor class: a month as written (those patterns are
# case-sensitive), "-" (ISO dates), "19"/"20" (years), and words of the lower-cased text.
_MONTH_ANCHOR = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_CASED_ANCHORS = {"-": ("dash",), "19": ("century",), "20": ("century",)}
_FOLDED_ANCHORS = {
    "day": ("weekday", "named", "unit"),  # Monday, yesterday, today, the following day, days
    "ight": ("named",),  # tonight, last night
    "morning": ("named",), "afternoon": ("named",), "evening": ("named",), "tomorrow": ("named",),
    "ago": ("ago",),
    "week": ("unit",), "month": ("unit",), "year": ("unit",),
}  # fmt: skip
# How far before and after the start of its anchor word a match can begin and end (the longest
# forms, e.g. "Wednesday, the 22nd - 23rd of March, 2016", plus slack for extra spaces).
_REACH = {"month": (40, 32), "dash": (12, 14), "century": (16, 12), "weekday": (16, 28),
          "named": (24, 18), "ago": (32, 10), "unit": (24, 24)}  # fmt: skip
# The same patterns for lower-cased text (their sources have no upper-case escapes like \S).
_FOLDED = {rank: re.compile(p.pattern.lower().replace("(?p<", "(?P<"))
           for rank, (p, _h, _a) in enumerate(_PATTERNS) if p.flags & re.IGNORECASE}  # fmt: skip
_LEAD = re.compile(r"(?:in|since|until|by|during|through|throughout|of|on)\s+", _I)
_FUTURE_PHRASE = re.compile(r"(?:next|tomorrow|the\s+coming|later\s+this)\b", _I)


def _matches(text: str):
    """All pattern matches, left to right, the longest at each start, never overlapping."""
    lowered = text.lower()
    windows = _windows(text, lowered)
    if windows is None:
        lowered = text
    cands = []
    for rank, (pattern, handler, anchor) in enumerate(_PATTERNS):
        spans = windows.get(anchor, ()) if windows is not None else ((0, len(text)),)
        # patterns that ignore case run faster as lower-case patterns on the lower-cased text
        folded = _FOLDED.get(rank) if windows is not None else None
        subject = lowered if folded else text
        for lo, hi in spans:
            for m in (folded or pattern).finditer(subject, lo, hi):
                start, end = _core_span(m)
                cands.append((start, -(end - start), rank, end, m, handler))
    cands.sort(key=lambda c: c[:3])
    last_end = -1
    for start, _neg, _rank, end, m, handler in cands:
        if start >= last_end:
            yield start, end, m, handler, bool(_FUTURE_PHRASE.match(m.group()))
            last_end = end


def _windows(text: str, lowered: str) -> dict[str, list[tuple[int, int]]] | None:
    """Per anchor class, the stretches of text around its words where matches can lie (sorted,
    merged); None when lower-casing (`lowered`) changes the text's length (then patterns scan
    it all)."""
    if len(lowered) != len(text):
        return None
    hits: dict[str, list[int]] = {}
    for m in _MONTH_ANCHOR.finditer(text):
        hits.setdefault("month", []).append(m.start())
    for table, subject in ((_CASED_ANCHORS, text), (_FOLDED_ANCHORS, lowered)):
        for word, classes in table.items():
            at = subject.find(word)
            while at >= 0:
                for c in classes:
                    hits.setdefault(c, []).append(at)
                at = subject.find(word, at + 1)
    n = len(text)
    found: dict[str, list[tuple[int, int]]] = {}
    for c, starts in hits.items():
        spans = found[c] = []
        before, after = _REACH[c]
        for at in sorted(starts):
            lo, hi = max(0, at - before), min(n, at + after)
            if spans and lo <= spans[-1][1]:
                spans[-1] = (spans[-1][0], hi)
            else:
                spans.append((lo, hi))
    return found


def _core_span(m: re.Match) -> tuple[int, int]:
    """The span without a leading preposition ("in March" -> "March")."""
    lead = _LEAD.match(m.group())
    return (m.start() + lead.end() if lead else m.start()), m.end()
