"""The page's table of the events shown: the columns an analyst reads, with readable headings."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from pipeline.page_details import type_label

MAX_ROWS = 2_000  # rows sent to the browser; the exports always hold every filtered event
# Column of the events frame -> heading in the table (in this order).
COLUMNS: Mapping[str, str] = {
    "date": "Date",
    "event_type": "Type",
    "status": "Status",
    "place_name": "Place",
    "admin1": "Governorate",
    "geo_precision": "Located to",
    "actors": "Actors",
    "quantities": "Quantities",
    "confidence": "Confidence",
    "source": "Source",
    "article_title": "Article",
    "evidence": "Evidence",
    "event_id": "event_id",  # kept (hidden) so a selected row gives its event
}
HIDDEN = ("event_id",)
PRECISION_TEXT = {"site": "site", "settlement": "town or village", "admin1": "governorate",
                  "country": "country"}


def _actors(value: object) -> str:
    return "; ".join(str(a) for a in value) if isinstance(value, list | tuple) else ""


def _quantities(value: object) -> str:
    if not isinstance(value, Mapping) or not value:
        return ""
    return ", ".join(f"{k}: {v:,g}" if isinstance(v, int | float) else f"{k}: {v}"
                     for k, v in sorted(value.items()))


def _missing(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, float) and value != value)


def _date(start: object, end: object) -> str:
    if _missing(start):
        return "undated"
    return str(start) if _missing(end) or end == start else f"{start} to {end}"


def table_view(shown: pd.DataFrame, *, names: Mapping[str, str] | None = None,
               max_rows: int = MAX_ROWS) -> pd.DataFrame:
    """The first `max_rows` events shown as the table displays them (text, never HTML).

    Types read as labels ('Aid convoy'), governorates by name, date spans as 'a to b', actors
    and quantities as short text. `names` maps admin1 codes to governorate names.
    """
    rows = shown.head(max_rows)
    names = names or {}
    view = pd.DataFrame(index=rows.index)
    for column, heading in COLUMNS.items():
        values = rows[column] if column in rows else pd.Series(None, index=rows.index)
        if column == "date":
            ends = rows.get("date_end", values)
            values = [_date(a, b) for a, b in zip(values, ends, strict=True)]
        elif column == "event_type":
            values = values.map(type_label)
        elif column == "admin1":
            values = values.map(lambda a: "" if _missing(a) else names.get(a, a))
        elif column == "geo_precision":
            values = values.map(lambda p: PRECISION_TEXT.get(p, "" if _missing(p) else p))
        elif column == "actors":
            values = values.map(_actors)
        elif column == "quantities":
            values = values.map(_quantities)
        view[heading] = list(values)
    return view.reset_index(drop=True)
