"""Events DataFrame -> the compact, escaped data the map's script draws (points, areas, countries).

Events at the same point and of the same type become one marker carrying their count, the most
recent event's id and summed quantities; the browser clusters the markers (atlas.js, supercluster).
Columns are sent as parallel arrays with shared tables (types, places, dates, strings), so 100,000
events fit in a few MB. Every string is passed through `safe_text` here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from pipeline.maps.escape import safe_text
from pipeline.maps.style import (
    EVENT_TYPES,
    FAMILIES,
    FAMILY_COLOURS,
    SIZE_UNITS,
    SIZES_PX,
    size_class,
    type_style,
)

COORD_DECIMALS = 4  # ~11 m: events closer than that at one place are one marker
CLUSTER_RADIUS_PX = 45
CLUSTER_MAX_ZOOM = 12  # above it every marker is drawn on its own
DETAIL_MAX_MARKERS = 5_000  # below it each marker's popup names its latest report (article title)
APPROX_NOTE = "located only to this area"
QUANTITY_PREFIX = "q:"  # quantity columns in the working frame, apart from the map's own
POINT_PRECISIONS_EXCLUDED = frozenset({"admin1", "country"})


def _str(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _format_quantity(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def quantity_text(totals: Mapping[str, float]) -> str:
    """'21 tonnes · 100 trucks' from summed quantities (units in a fixed order)."""
    parts = []
    for unit in sorted(totals, key=lambda u: (u not in SIZE_UNITS, u)):
        value = totals[unit]
        if value:
            parts.append(f"{_format_quantity(value)} {unit}")
    return " · ".join(parts)


def _quantity_columns(events: pd.DataFrame) -> pd.DataFrame:
    """One numeric column per quantity unit present (missing -> 0)."""
    rows = [q if isinstance(q, Mapping) else {} for q in events.get("quantities", [])]
    units = sorted({u for q in rows for u, v in q.items() if isinstance(v, int | float)})
    data = {
        QUANTITY_PREFIX + u: [
            float(q.get(u, 0) or 0) if isinstance(q.get(u, 0), int | float) else 0.0 for q in rows
        ]
        for u in units
    }
    return pd.DataFrame(data, index=events.index)


def prepared(events: pd.DataFrame) -> pd.DataFrame:
    """The columns the map uses, with `when` (sort day), `until` and rounded `y`/`x`; sorted."""
    df = pd.DataFrame(index=events.index)
    for col in ("event_id", "event_type", "geo_precision", "place_name", "place_id", "admin1",
                "country", "article_title", "source"):
        df[col] = [_str(v) for v in events[col]] if col in events else ""
    date = [_str(v)[:10] for v in events["date"]] if "date" in events else [""] * len(df)
    pub = [_str(v)[:10] for v in events["published"]] if "published" in events else [""] * len(df)
    end = [_str(v)[:10] for v in events["date_end"]] if "date_end" in events else [""] * len(df)
    df["when"] = [d or p for d, p in zip(date, pub, strict=True)]
    df["until"] = [e or w for e, w in zip(end, df["when"], strict=True)]
    df["published"] = pub
    lat = pd.to_numeric(events.get("lat"), errors="coerce")
    lon = pd.to_numeric(events.get("lon"), errors="coerce")
    df["y"] = np.round(lat.astype(float), COORD_DECIMALS)
    df["x"] = np.round(lon.astype(float), COORD_DECIMALS)
    df = pd.concat([df, _quantity_columns(events)], axis=1)
    # Stable order: the most recent event of a group comes last (groupby "last" picks it).
    return df.sort_values(["when", "until", "event_id"], kind="mergesort")


class _Tables:
    """Shared string tables: each distinct value is sent once and referred to by index."""

    def __init__(self) -> None:
        self.types: list[list] = []
        self._types: dict[str, int] = {}
        self.places: list[list[str]] = []
        self._places: dict[tuple[str, str], int] = {}
        self.dates: list[str] = [""]
        self._dates: dict[str, int] = {"": 0}
        self.strings: list[str] = [""]
        self._strings: dict[str, int] = {"": 0}

    def type(self, key: str) -> int:
        if key not in self._types:
            s = type_style(key)
            label = s.label if key in EVENT_TYPES else f"{s.label} ({key})"
            self._types[key] = len(self.types)
            self.types.append([safe_text(key), safe_text(label), s.colour, s.icon,
                               FAMILIES.index(s.family)])
        return self._types[key]

    def place(self, name: str, place_id: str) -> int:
        key = (name, place_id)
        if key not in self._places:
            self._places[key] = len(self.places)
            label = name or place_id or "unnamed place"
            self.places.append([safe_text(label), safe_text(place_id)])
        return self._places[key]

    def date(self, day: str) -> int:
        if day not in self._dates:
            self._dates[day] = len(self.dates)
            self.dates.append(safe_text(day))
        return self._dates[day]

    def string(self, text: str) -> int:
        if text not in self._strings:
            self._strings[text] = len(self.strings)
            self.strings.append(safe_text(text))
        return self._strings[text]


def _groups(df: pd.DataFrame, keys: list[str], units: list[str]) -> pd.DataFrame:
    """One row per group of events: count, the latest event's fields, date span, summed units."""
    g = df.groupby(keys, sort=True, dropna=False)
    out = g.agg(
        n=("event_id", "size"),
        id=("event_id", "last"),
        place_name=("place_name", "last"),
        place_id=("place_id", "last"),
        title=("article_title", "last"),
        source=("source", "last"),
        published=("published", "last"),
        y_last=("y", "last"),
        x_last=("x", "last"),
    )
    out["d0"] = g["when"].agg(lambda s: min((v for v in s if v), default=""))
    out["d1"] = g["until"].agg(lambda s: max((v for v in s if v), default=""))
    if units:
        out = out.join(g[units].sum())
    return out.reset_index()


def _columns(groups: pd.DataFrame, tables: _Tables, units: list[str], *, detail: bool) -> dict:
    totals = [
        {u[len(QUANTITY_PREFIX):]: row[u] for u in units if row[u]}
        for row in groups[units].to_dict("records")
    ] if units else [{} for _ in range(len(groups))]
    cols = {
        "y": groups["y"].tolist(),
        "x": groups["x"].tolist(),
        "t": [tables.type(t) for t in groups["event_type"]],
        "p": [tables.place(n, p) for n, p in zip(groups["place_name"], groups["place_id"],
                                                 strict=True)],
        "n": [int(n) for n in groups["n"]],
        "s": [size_class(t) for t in totals],
        "q": [tables.string(quantity_text(t)) for t in totals],
        "d0": [tables.date(d) for d in groups["d0"]],
        "d1": [tables.date(d) for d in groups["d1"]],
        "id": [safe_text(i) for i in groups["id"]],
    }
    if detail:
        cols["r"] = [
            tables.string(f"{t} ({', '.join(x for x in (s, p) if x)})" if t else "")
            for t, s, p in zip(groups["title"], groups["source"], groups["published"], strict=True)
        ]
    return cols


def events_payload(events: pd.DataFrame, *, area_points: Mapping[str, tuple[float, float]],
                   area_shapes: Mapping[str, dict]) -> dict:
    """The events layer's data: clustered points, and events located only to an area.

    `area_points` gives each governorate's (lat, lon) to put its area events on and `area_shapes`
    its outline (GeoJSON geometry). Country-wide events are not here (see `country_groups`).
    """
    df = prepared(events)
    df = df[np.isfinite(df["y"]) & np.isfinite(df["x"])]
    units = [c for c in df.columns if c.startswith(QUANTITY_PREFIX)]
    tables = _Tables()
    point_rows = df[~df["geo_precision"].isin(POINT_PRECISIONS_EXCLUDED)].copy()
    point_rows["k"] = (point_rows["geo_precision"] == "site").astype(int)
    points = _groups(point_rows, ["y", "x", "event_type", "k"], units)
    detail = len(points) <= DETAIL_MAX_MARKERS
    pts = _columns(points, tables, units, detail=detail)
    pts["k"] = [int(k) for k in points["k"]]

    area_rows = df[df["geo_precision"] == "admin1"].copy()
    area_rows["area"] = [a or f"{y},{x}" for a, y, x in
                         zip(area_rows["admin1"], area_rows["y"], area_rows["x"], strict=True)]
    areas = _groups(area_rows, ["area", "event_type"], units)
    where = [area_points.get(a, (y, x)) for a, y, x in
             zip(areas["area"], areas["y_last"], areas["x_last"], strict=True)]
    areas["y"] = [round(w[0], COORD_DECIMALS) for w in where]
    areas["x"] = [round(w[1], COORD_DECIMALS) for w in where]
    ars = _columns(areas, tables, units, detail=detail)
    ars["o"] = areas.groupby("area").cumcount().astype(int).tolist()
    ars["w"] = areas.groupby("area")["event_type"].transform("size").astype(int).tolist()
    shapes = [area_shapes[a] for a in sorted(set(areas["area"])) if a in area_shapes]
    return {
        "types": tables.types,
        "families": [[f, FAMILY_COLOURS[f]] for f in FAMILIES],
        "places": tables.places,
        "dates": tables.dates,
        "strings": tables.strings,
        "points": pts,
        "areas": ars,
        "area_shapes": shapes,
        "sizes": list(SIZES_PX),
        "radius": CLUSTER_RADIUS_PX,
        "max_zoom": CLUSTER_MAX_ZOOM,
        "approx_note": APPROX_NOTE,
        "unlocated": int(len(events) - len(df)),
    }


def country_groups(events: pd.DataFrame) -> dict[str, list[tuple[str, int, str]]]:
    """Country code -> [(event_type, count, latest event id)] of country-wide events, sorted."""
    df = prepared(events)
    df = df[df["geo_precision"] == "country"]
    out: dict[str, list[tuple[str, int, str]]] = {}
    for (country, event_type), g in df.groupby(["country", "event_type"], sort=True):
        out.setdefault(country, []).append((event_type, len(g), g["event_id"].iloc[-1]))
    return out


def located(events: pd.DataFrame) -> pd.DataFrame:
    """The events with a usable point (finite lat/lon)."""
    lat = pd.to_numeric(events.get("lat"), errors="coerce")
    lon = pd.to_numeric(events.get("lon"), errors="coerce")
    return events[np.isfinite(lat.astype(float)) & np.isfinite(lon.astype(float))]
