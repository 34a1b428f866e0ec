"""Events DataFrame -> the compact, escaped data the map's script draws (points, areas, countries).

Events at the same point and of the same type become one marker carrying their count, the most
recent event's id and summed quantities; the browser clusters the markers (atlas.js, supercluster).
Columns are sent as parallel arrays with shared tables (types, places, dates, strings), so 100,000
events fit in a few MB. Every string is passed through `safe_text` here.
"""

from __future__ import annotations

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
    type_style,
)

COORD_DECIMALS = 4  # ~11 m: events closer than that at one place are one marker
CLUSTER_RADIUS_PX = 45
CLUSTER_MAX_ZOOM = 12  # above it every marker is drawn on its own
AREA_ROW_MAX = 4  # up to this many types located only to one area stand side by side
DETAIL_MAX_MARKERS = 5_000  # below it each marker's popup names its latest report (article title)
ID_BUDGET_BYTES = 800_000  # above it point markers carry a position key instead of an event id
APPROX_NOTE = "located only to this area"
QUANTITY_PREFIX = "q:"  # quantity columns in the working frame, apart from the map's own
POINT_PRECISIONS_EXCLUDED = frozenset({"admin1", "country"})
_UNSAFE_CHARS = r"[&<>\"'`$\\\x00\u2028\u2029]"  # what `safe_text` changes


def _text(series: pd.Series | None, n: int) -> np.ndarray:
    """A column as an object array of str ('' for missing), vectorised (no per-cell Python)."""
    if series is None:
        return np.full(n, "", dtype=object)
    values = series.to_numpy(dtype=object)
    missing = pd.isna(values)
    if missing.any():
        values = np.where(missing, "", values)
    kinds = pd.api.types.infer_dtype(values, skipna=False)
    if kinds not in ("string", "empty"):  # dates, numbers: as text, like the store writes them
        values = np.array([str(v) for v in values], dtype=object)
    return values


def _format_quantity(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def quantity_text(totals: Mapping[str, float]) -> str:
    """'30 tonnes · 100 trucks' from summed quantities (units in a fixed order)."""
    parts = []
    for unit in sorted(totals, key=lambda u: (u not in SIZE_UNITS, u)):
        value = totals[unit]
        if value:
            parts.append(f"{_format_quantity(value)} {unit}")
    return " · ".join(parts)


def _quantity_columns(events: pd.DataFrame) -> pd.DataFrame:
    """One numeric column per quantity unit present (missing -> 0), named QUANTITY_PREFIX+unit."""
    if "quantities" not in events:
        return pd.DataFrame(index=events.index)
    n = len(events)
    data: dict[str, np.ndarray] = {}
    for i, q in enumerate(events["quantities"].to_numpy(dtype=object)):
        if not q or not isinstance(q, Mapping):  # most events report no quantity
            continue
        for unit, value in q.items():
            if type(value) in (int, float) and value == value:  # numbers, not bools or NaN
                key = QUANTITY_PREFIX + str(unit)
                if key not in data:
                    data[key] = np.zeros(n)
                data[key][i] = value
    return pd.DataFrame(dict(sorted(data.items())), index=events.index)


def prepared(events: pd.DataFrame) -> pd.DataFrame:
    """The columns the map uses, with `when` (sort day), `until` and rounded `y`/`x`; sorted."""
    n = len(events)

    def text(values) -> pd.Series:  # Arrow strings: grouping and comparing them is 2x faster
        return pd.Series(values, index=events.index, dtype=object).astype("str")

    cols = {col: text(_text(events.get(col), n)) for col in (
        "event_id", "event_type", "geo_precision", "place_name", "place_id", "admin1",
        "country", "article_title", "source")}
    day = {c: text(_text(events.get(c), n)).str.slice(0, 10)
           for c in ("date", "date_end", "published")}
    cols["when"] = day["date"].where(day["date"] != "", day["published"])
    cols["until"] = day["date_end"].where(day["date_end"] != "", cols["when"])
    cols["published"] = day["published"]
    lat = pd.to_numeric(events.get("lat"), errors="coerce") if "lat" in events else np.nan
    lon = pd.to_numeric(events.get("lon"), errors="coerce") if "lon" in events else np.nan
    cols["y"] = pd.Series(np.round(np.asarray(lat, dtype=float), COORD_DECIMALS),
                          index=events.index)
    cols["x"] = pd.Series(np.round(np.asarray(lon, dtype=float), COORD_DECIMALS),
                          index=events.index)
    df = pd.concat([pd.DataFrame(cols), _quantity_columns(events)], axis=1)
    # Stable order: the most recent event of a group comes last (groupby "last" picks it).
    return df.sort_values(["when", "until", "event_id"], kind="mergesort")


class _Tables:
    """Shared string tables: each distinct value is sent once and referred to by index."""

    def __init__(self, days: set[str]) -> None:
        self.types: list[list] = []
        self._types: dict[str, int] = {}
        self.places: list[list[str]] = []
        self._places: dict[tuple[str, str], int] = {}
        # sorted, so that a date span can be sent as (first, offset to last)
        self.dates: list[str] = sorted(days | {""})
        self._dates = {d: i for i, d in enumerate(self.dates)}
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
        return self._dates[day]

    def string(self, text: str) -> int:
        if text not in self._strings:
            self._strings[text] = len(self.strings)
            self.strings.append(safe_text(text))
        return self._strings[text]


_GROUP_FIELDS = {"id": "event_id", "place_name": "place_name", "place_id": "place_id",
                 "title": "article_title", "source": "source", "published": "published",
                 "y_last": "y", "x_last": "x"}  # group column -> the latest event's column


def _groups(df: pd.DataFrame, keys: list[str], units: list[str]) -> pd.DataFrame:
    """One row per group of events (sorted by `keys`): count, the latest event's fields, the
    date span (`d0` first day, `d1` last, "" when undated) and summed units.

    Vectorised: groups are numbered once, then counts, spans and sums are numeric reductions
    and the latest event is the group's last row (`df` is in time order), taken by position.
    """
    columns = [*keys, "n", *_GROUP_FIELDS, "d0", "d1", *units]
    if df.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    codes = df.groupby(keys, sort=True, dropna=False).ngroup().to_numpy()
    size = len(df)
    # Days as sortable integers; "" (undated) is the smallest, so it is skipped by max, and
    # replaced by one past the largest for min.
    day_codes, days = pd.factorize(np.concatenate([df["when"].to_numpy(dtype=object),
                                                   df["until"].to_numpy(dtype=object)]),
                                   sort=True)
    days = np.asarray(days, dtype=object)
    first, last_day = day_codes[:size].copy(), day_codes[size:]
    undated = len(days)
    if len(days) and days[0] == "":
        first[first == 0] = undated
    numbers = pd.DataFrame({"last": np.arange(size), "d0": first, "d1": last_day, "n": 1})
    for unit in units:
        numbers[unit] = df[unit].to_numpy(dtype=float)
    reduced = numbers.groupby(codes, sort=True).agg(
        {"last": "max", "d0": "min", "d1": "max", "n": "sum", **dict.fromkeys(units, "sum")})
    latest = df.iloc[reduced["last"].to_numpy()]
    out = {k: latest[k].to_numpy() for k in keys}
    out["n"] = reduced["n"].to_numpy()
    out.update({name: latest[col].to_numpy() for name, col in _GROUP_FIELDS.items()})
    span = np.append(days, "")  # index `undated` -> no day
    out["d0"] = span[reduced["d0"].to_numpy()]
    out["d1"] = span[reduced["d1"].to_numpy()]
    out.update({u: reduced[u].to_numpy() for u in units})
    return pd.DataFrame(out, columns=columns)


def _indexed(values: np.ndarray, index) -> np.ndarray:
    """`index(value)` of each value, calling it once per distinct value in first-seen order
    (the order a row-by-row loop would call it in, so the shared tables come out the same)."""
    codes, distinct = pd.factorize(values)
    return np.array([index(v) for v in distinct], dtype=np.int64)[codes] if len(values) else (
        np.zeros(0, dtype=np.int64))


def _size_classes(groups: pd.DataFrame) -> np.ndarray:
    """`style.size_class` of each marker's summed quantities, vectorised over the unit columns."""
    size = np.zeros(len(groups), dtype=np.int64)
    for unit, thresholds in SIZE_UNITS.items():
        column = QUANTITY_PREFIX + unit
        if column in groups:
            values = groups[column].to_numpy(dtype=float)[:, None]
            size = np.maximum(size, (values >= np.asarray(thresholds)).sum(axis=1))
    return size


def _quantity_texts(groups: pd.DataFrame, units: list[str]) -> np.ndarray:
    """`quantity_text` of each marker's summed quantities ("" for none)."""
    texts = np.full(len(groups), "", dtype=object)
    if not units:
        return texts
    names = [u[len(QUANTITY_PREFIX):] for u in units]
    values = groups[units].to_numpy(dtype=float)
    for i in np.flatnonzero(values.any(axis=1)):  # most markers report no quantity
        texts[i] = quantity_text({n: v for n, v in zip(names, values[i], strict=True) if v})
    return texts


def _escaped(values: np.ndarray) -> list[str]:
    """`safe_text` of each value; values without a character it changes are kept as they are."""
    out = list(values)
    unsafe = pd.Series(out, dtype=object).str.contains(_UNSAFE_CHARS, regex=True)
    plain = ~unsafe.fillna(True).to_numpy(dtype=bool)  # not text at all: through safe_text
    return [v if ok else safe_text(v) for v, ok in zip(out, plain, strict=True)]


def _columns(groups: pd.DataFrame, tables: _Tables, units: list[str], *, detail: bool,
             ids: bool) -> dict:
    """Parallel arrays for a set of markers (see atlas.js `decode` for the packed fields).

    Vectorised: each distinct type, place and text is looked up once, not once per marker.
    """
    def col(name: str) -> np.ndarray:
        return groups[name].to_numpy(dtype=object)

    scale = 10**COORD_DECIMALS
    y = np.rint(groups["y"].to_numpy(dtype=float) * scale).astype(np.int64)
    x = np.rint(groups["x"].to_numpy(dtype=float) * scale).astype(np.int64)
    t = _indexed(col("event_type"), tables.type)
    site = groups["k"].to_numpy(dtype=np.int64) if "k" in groups else np.zeros(len(groups), int)
    places = np.array([f"{n}\x00{p}" for n, p in zip(col("place_name"), col("place_id"),
                                                      strict=True)], dtype=object)
    p = _indexed(places, lambda key: tables.place(*key.split("\x00", 1)))
    q = _indexed(_quantity_texts(groups, units), tables.string)
    day = pd.Index(tables.dates)
    d0 = day.get_indexer(col("d0"))
    cols = {
        # y as differences from the previous marker (markers are sorted by y): mostly 1-2 digits
        "y": np.diff(y, prepend=0).tolist(),
        "x": x.tolist(),
        # type, size class and site flag in one number: (t * 5 + size) * 2 + site
        "c": ((t * len(SIZES_PX) + _size_classes(groups)) * 2 + site).tolist(),
        "p": p.tolist(),
        "n": groups["n"].astype(int).tolist(),
        "q": q.tolist(),
        "d0": d0.tolist(),
        "d1": (day.get_indexer(col("d1")) - d0).tolist(),
    }
    if ids:
        cols["id"] = _escaped(col("id"))
    if detail:
        cols["r"] = [
            tables.string(f"{t} ({', '.join(x for x in (s, p) if x)})" if t else "")
            for t, s, p in zip(col("title"), col("source"), col("published"), strict=True)
        ]
    return cols


def events_payload(df: pd.DataFrame, *, area_points: Mapping[str, tuple[float, float]],
                   area_shapes: Mapping[str, dict]) -> dict:
    """The events layer's data from a `prepared` frame: clustered points, and area events.

    `area_points` gives each governorate's (lat, lon) to put its area events on and `area_shapes`
    its outline (GeoJSON geometry). Country-wide events are not here (see `country_groups`).
    When the points' event ids would exceed ID_BUDGET_BYTES, markers carry their position and
    type instead (`marker_key`), which `click.event_id_from_click(..., events=)` resolves.
    """
    located = np.isfinite(df["y"]) & np.isfinite(df["x"])
    unlocated = int((~located).sum())
    df = df[located]
    units = [c for c in df.columns if c.startswith(QUANTITY_PREFIX)]
    point_rows = df[~df["geo_precision"].isin(POINT_PRECISIONS_EXCLUDED)]
    point_rows = point_rows.assign(k=(point_rows["geo_precision"] == "site").astype(int))
    points = _groups(point_rows, ["y", "x", "event_type", "k"], units)

    area_rows = df[df["geo_precision"] == "admin1"]
    area_rows = area_rows.assign(area=[a or f"{y},{x}" for a, y, x in zip(
        area_rows["admin1"], area_rows["y"], area_rows["x"], strict=True)])
    areas = _groups(area_rows, ["area", "event_type"], units)
    where = [area_points.get(a, (y, x)) for a, y, x in
             zip(areas["area"], areas["y_last"], areas["x_last"], strict=True)]
    areas["y"] = [round(w[0], COORD_DECIMALS) for w in where]
    areas["x"] = [round(w[1], COORD_DECIMALS) for w in where]

    days = {d for frame in (points, areas) for c in ("d0", "d1") for d in frame[c].unique()}
    tables = _Tables(days)
    detail = len(points) <= DETAIL_MAX_MARKERS
    ids = int(points["id"].str.len().sum()) + 3 * len(points) <= ID_BUDGET_BYTES
    pts = _columns(points, tables, units, detail=detail, ids=ids)
    ars = _columns(areas, tables, units, detail=detail, ids=True)
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
        "scale": 10**COORD_DECIMALS,
        "sizes": list(SIZES_PX),
        "radius": CLUSTER_RADIUS_PX,
        "max_zoom": CLUSTER_MAX_ZOOM,
        "area_row_max": AREA_ROW_MAX,
        "approx_note": APPROX_NOTE,
        "decimals": COORD_DECIMALS,
        "unlocated": unlocated,
        "total": int(points["n"].sum() + areas["n"].sum()),
    }


def marker_key(lat: float, lon: float, event_type: str) -> str:
    """What a marker without an event id carries: its rounded position and type."""
    return f"{lat:.{COORD_DECIMALS}f},{lon:.{COORD_DECIMALS}f} {event_type}"


def country_groups(df: pd.DataFrame) -> dict[str, list[tuple[str, int, str]]]:
    """Country code -> [(event_type, count, latest event id)] of country-wide events, sorted.

    `df` is a `prepared` frame (its rows in time order).
    """
    df = df[df["geo_precision"] == "country"]
    out: dict[str, list[tuple[str, int, str]]] = {}
    for (country, event_type), g in df.groupby(["country", "event_type"], sort=True):
        out.setdefault(country, []).append((event_type, len(g), g["event_id"].iloc[-1]))
    return out


def decode_columns(cols: Mapping, data: Mapping) -> dict[str, np.ndarray]:
    """Unpack `_columns` output as atlas.js does: y, x (degrees), t, s, k (ints), d0, d1."""
    sizes = len(data["sizes"])
    code = np.asarray(cols["c"], dtype=np.int64)
    k = code % 2
    s = (code // 2) % sizes
    d0 = np.asarray(cols["d0"], dtype=np.int64)
    return {
        "y": np.cumsum(np.asarray(cols["y"], dtype=np.int64)) / data["scale"],
        "x": np.asarray(cols["x"], dtype=np.int64) / data["scale"],
        "t": code // 2 // sizes,
        "s": s,
        "k": k,
        "d0": d0,
        "d1": d0 + np.asarray(cols["d1"], dtype=np.int64),
    }
