"""Typed records that flow through the pipeline: Article in, Mention and Event out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from gazetteer.place import Place


@dataclass(slots=True)
class Article:
    """One news article as it moves through the stages; each stage fills its own fields."""

    article_id: str
    body: str  # the text after any front matter, as decoded; every offset points into it
    title: str = ""
    published: date | None = None
    source: str = ""
    url: str = ""
    path: str = ""  # where it was read from ("" for pasted text)
    warnings: list[str] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)  # (start, end) into body
    mentions: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name found in the body and the gazetteer entry it was resolved to."""

    start: int
    end: int
    text: str  # body[start:end]
    place: Place
    score: float  # 0..1, how sure the resolution is


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression in the body, resolved against the article's `published` date."""

    start: int
    end: int
    text: str
    date: date | None  # first possible day; None when it cannot be resolved
    date_end: date | None  # last possible day
    precision: str  # day, week, month, year, unknown
    future: bool = False  # "would begin on February 27": an effective date, not when it happened


@dataclass(frozen=True, slots=True)
class Event:
    """One event at one location (an event reported for five provinces is five Events)."""

    event_id: str
    event_type: str
    date: date | None
    date_end: date | None
    date_precision: str
    effective_date: date | None
    place: str  # as written
    place_id: str
    place_name: str
    geo_precision: str
    admin1: str | None
    country: str | None
    lat: float
    lon: float
    actors: tuple[str, ...]
    quantities: dict[str, float]
    status: str  # reported, planned, pending, denied
    article_id: str
    article_title: str
    published: date | None
    source: str
    url: str
    evidence: str
    evidence_start: int
    evidence_end: int
    confidence: float
    place_start: int = -1  # offsets of the place and the trigger in the body, for highlighting
    place_end: int = -1
    trigger_start: int = -1
    trigger_end: int = -1
