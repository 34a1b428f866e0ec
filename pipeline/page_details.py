"""The selected event's details as escaped HTML: highlighted evidence, article, quantities."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

import pandas as pd

from pipeline.maps.escape import safe_text
from pipeline.maps.style import EVENT_TYPES

PLACE_CLASS = "ca-place"
TRIGGER_CLASS = "ca-trigger"
# Inline styles, because st.html sanitises away <style> blocks it does not own.
_MARK_STYLE = {
    PLACE_CLASS: "background:#cfe8ff;border-radius:3px;padding:0 2px",
    TRIGGER_CLASS: "background:#ffe08a;border-radius:3px;padding:0 2px",
}
SAFE_SCHEMES = ("http", "https")
SAME_PLACE_MAX = 200  # events listed under "other events at this place"

GEO_PRECISION_TEXT = {
    "site": "a site (base, crossing, camp)",
    "settlement": "a town or village",
    "admin1": "a governorate only (drawn as its area, not a point)",
    "country": "the country only",
}
DATE_PRECISION_TEXT = {
    "day": "known to the day",
    "week": "known to the week",
    "month": "known to the month",
    "year": "known to the year",
    "unknown": "undated",
}


def type_label(event_type: object) -> str:
    """'Aid convoy' for aid_convoy; a type outside the vocabulary keeps its name."""
    return EVENT_TYPES[event_type].label if event_type in EVENT_TYPES else str(event_type)


def highlight(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """Escape `text` and wrap each (start, end, css_class) span in a <mark>.

    Offsets index the raw text; each piece is escaped on its own, so markup in the text can
    neither break out of a mark nor be split by one. Overlapping or out-of-range spans are
    dropped (the earlier one wins).
    """
    pieces: list[str] = []
    pos = 0
    for start, end, css in sorted(spans):
        if start < pos or end <= start or end > len(text):
            continue
        pieces.append(safe_text(text[pos:start]))
        style = _MARK_STYLE.get(css, "")
        pieces.append(f'<mark class="{css}" style="{style}">{safe_text(text[start:end])}</mark>')
        pos = end
    pieces.append(safe_text(text[pos:]))
    return "".join(pieces)


def evidence_spans(event: Mapping) -> list[tuple[int, int, str]]:
    """The place and trigger offsets of an event, made relative to its evidence sentence."""
    base = _int(event.get("evidence_start"))
    if base is None:
        return []
    spans = []
    for start_key, end_key, css in (
        ("place_start", "place_end", PLACE_CLASS),
        ("trigger_start", "trigger_end", TRIGGER_CLASS),
    ):
        start, end = _int(event.get(start_key)), _int(event.get(end_key))
        if start is not None and end is not None and start >= base:
            spans.append((start - base, end - base, css))
    return spans


def safe_url(url: object) -> str | None:
    """The URL when it is an absolute http(s) link, else None (no javascript:, data:, ...)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return None
    return url


def format_quantities(quantities: object) -> str:
    """`{"trucks": 100, "people": 80000}` as 'people: 80,000 · trucks: 100' (plain text)."""
    if not isinstance(quantities, Mapping) or not quantities:
        return ""
    return " · ".join(f"{k}: {_number(v)}" for k, v in sorted(quantities.items()))


def detail_html(event: Mapping) -> str:
    """The details card of one event (a row of the events frame) as escaped HTML."""
    evidence = str(event.get("evidence") or "")
    sentence = highlight(evidence, evidence_spans(event))
    title = safe_text(event.get("article_title") or "(untitled article)")
    url = safe_url(event.get("url"))
    if url:
        title = f'<a href="{safe_text(url)}" target="_blank" rel="noopener noreferrer">{title}</a>'
    source = safe_text(event.get("source") or "unknown source")
    published = safe_text(event.get("published") or "no date")
    when = _when(event)
    where = safe_text(event.get("place_name") or event.get("place") or "?")
    geo = GEO_PRECISION_TEXT.get(str(event.get("geo_precision")), "unknown precision")
    rows = [
        ("Type", safe_text(type_label(event.get("event_type")))),
        ("Status", safe_text(event.get("status"))),
        ("When", when),
        ("Where", f"{where} ({safe_text(event.get('admin1') or '')}) — {safe_text(geo)}"),
        ("Actors", safe_text(", ".join(_as_list(event.get("actors")))) or "—"),
        ("Quantities", safe_text(format_quantities(event.get("quantities"))) or "—"),
        ("Confidence", safe_text(_confidence(event.get("confidence")))),
        ("Article", f"{title}<br><small>{source} · {published}</small>"),
    ]
    table = "".join(
        f'<tr><th style="text-align:left;padding-right:8px;vertical-align:top">{k}</th>'
        f"<td>{v}</td></tr>"
        for k, v in rows
    )
    return (
        '<div class="ca-details">'
        f'<blockquote class="ca-evidence" style="margin:0 0 8px 0">{sentence}</blockquote>'
        f"<table>{table}</table></div>"
    )


def same_place_choices(shown: pd.DataFrame, event: Mapping, *,
                       limit: int = SAME_PLACE_MAX) -> dict[str, str]:
    """Other events shown at the selected event's place, newest first: event id -> label."""
    same = shown[(shown["place_id"] == event.get("place_id"))
                 & (shown["event_id"] != event.get("event_id"))]
    same = same.sort_values("date", ascending=False, na_position="last").head(limit)
    return {
        r.event_id: f"{r.date if isinstance(r.date, str) and r.date else 'undated'} · "
                    f"{type_label(r.event_type)} · {str(r.article_title)[:60]}"
        for r in same.itertuples()
    }


def _when(event: Mapping) -> str:
    start, end = event.get("date"), event.get("date_end")
    precision = DATE_PRECISION_TEXT.get(str(event.get("date_precision")), "unknown precision")
    if not start:
        text = "undated"
    elif end and end != start:
        text = f"{start} to {end} ({precision})"
    else:
        text = f"{start} ({precision})"
    if event.get("effective_date"):
        text += f"; takes effect {event['effective_date']}"
    return safe_text(text)


def _as_list(value: object) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return []


def _confidence(value: object) -> str:
    try:
        return f"{float(value):.2f}"
    except (TypeError, ValueError):
        return "?"


def _number(value: object) -> str:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isfinite(x) and x.is_integer():
        return f"{int(x):,}"
    return f"{x:,.2f}"


def _int(value: object) -> int | None:
    try:
        x = int(value)
    except (TypeError, ValueError):
        return None
    return x if x >= 0 else None
