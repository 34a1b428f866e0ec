"""Synthetic events frames (the columns of `Store.events_frame()`) for map tests and benchmarks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.maps.style import EVENT_TYPES
from pipeline.store import EVENT_COLUMNS

START = date(2016, 1, 1)
DAYS = 365
# Which quantity a type reports, and its typical scale (synthetic values are drawn around it).
_QUANTITY = {
    "aid_airdrop": ("tonnes", 20),
    "aid_convoy": ("trucks", 40),
    "aid_delivery": ("people", 20_000),
    "evacuation": ("people", 500),
    "ceasefire_violation": ("violations", 5),
    "armed_clash": ("fatalities", 10),
}


@dataclass(frozen=True, slots=True)
class SynthPlace:
    """Where synthetic events happen."""

    place_id: str
    name: str
    lat: float
    lon: float
    admin1: str | None
    country: str
    precision: str  # site, settlement, admin1, country


def event_row(**values) -> dict:
    """One events-frame row with every column; unspecified ones get plain defaults."""
    row = {column: None for column in EVENT_COLUMNS}
    row.update(
        event_type="aid_delivery", date_precision="day", geo_precision="settlement",
        actors=[], quantities={}, status="reported", confidence=0.8, article_title="",
        source="", url="", evidence="", evidence_start=0, evidence_end=0, place="",
        place_start=-1, place_end=-1, trigger_start=-1, trigger_end=-1,
    )
    row.update(values)
    row.setdefault("date_end", row.get("date"))
    if row.get("date_end") is None:
        row["date_end"] = row.get("date")
    for key in ("place_name", "place"):
        if not row.get(key):
            row[key] = row.get("place_name") or row.get("place") or ""
    return row


def events_frame(rows: Sequence[dict]) -> pd.DataFrame:
    """An events frame from `event_row` dicts, columns in the store's order."""
    return pd.DataFrame([event_row(**r) for r in rows], columns=list(EVENT_COLUMNS))


def region_places() -> list[SynthPlace]:
    """The basemap's Syrian places and governorates, plus Syria itself, as synthetic locations."""
    from gazetteer import polygons

    places = polygons.basemap_layers()["places"]
    places = places[places["country"] == "SY"].sort_values("id")
    codes = polygons.admin1_at_many(places.geometry.y.tolist(), places.geometry.x.tolist())
    out = [
        SynthPlace(str(pid), str(name), float(p.y), float(p.x), code, "SY", "settlement")
        for pid, name, p, code in zip(places["id"], places["name"], places.geometry, codes,
                                      strict=True)
    ]
    govs = polygons.governorates().sort_values("admin1")
    for code, name, geom in zip(govs["admin1"], govs["name"], govs.geometry, strict=True):
        p = geom.representative_point()
        out.append(SynthPlace(f"iso:{code}", str(name), p.y, p.x, code, "SY", "admin1"))
    out.append(SynthPlace("iso:SY", "Syria", 35.0, 38.5, None, "SY", "country"))
    return out


def synthetic_events(
    n: int,
    *,
    seed: int = 0,
    places: Sequence[SynthPlace] | None = None,
    distinct_points: bool = False,
) -> pd.DataFrame:
    """`n` synthetic events at `places` (default `region_places()`), reproducible from `seed`.

    Most events are at settlements, ~8% at governorate level and ~1% country-wide, with types,
    dates over one year and quantities drawn at random. `distinct_points` moves each point event
    to its own position near its place (the worst case for a map: nothing to merge).
    """
    rng = np.random.default_rng(seed)
    places = list(places or region_places())
    by_kind = {k: [p for p in places if p.precision == k] for k in ("settlement", "admin1",
                                                                    "country")}
    kinds = rng.choice(["settlement", "admin1", "country"], size=n, p=[0.91, 0.08, 0.01])
    types = list(EVENT_TYPES)
    type_idx = rng.integers(0, len(types), size=n)
    days = rng.integers(0, DAYS, size=n)
    pick = rng.random(n)
    scale = rng.lognormal(0, 0.8, size=n)
    offsets = rng.normal(0, 0.05, size=(n, 2))
    rows = []
    for i in range(n):
        pool = by_kind[kinds[i]] or by_kind["settlement"]
        place = pool[int(pick[i] * len(pool))]
        event_type = types[type_idx[i]]
        unit = _QUANTITY.get(event_type)
        day = (START + timedelta(days=int(days[i]))).isoformat()
        lat, lon = place.lat, place.lon
        if distinct_points and place.precision == "settlement":
            lat, lon = lat + offsets[i, 0], lon + offsets[i, 1]
        rows.append({
            "event_id": f"syn-{seed}-{i:07d}",
            "event_type": event_type,
            "date": day,
            "date_end": day,
            "published": day,
            "place": place.name,
            "place_id": place.place_id,
            "place_name": place.name,
            "geo_precision": place.precision,
            "admin1": place.admin1,
            "country": place.country,
            "lat": lat,
            "lon": lon,
            "quantities": {unit[0]: round(unit[1] * float(scale[i]))} if unit else {},
            "article_id": f"syn-article-{i // 3}",
            "article_title": f"Synthetic report {i // 3}",
            "source": "synthetic",
        })
    return events_frame(rows)


def write_store(events: pd.DataFrame, data_dir: Path) -> None:
    """Write a synthetic events frame into a Store in `data_dir` (one article per article_id).

    Each event gets a one-sentence evidence naming its place, so the page can highlight it.
    """
    from pipeline.model import Article, Event
    from pipeline.store import Store

    articles: dict[str, Article] = {}
    for row in events.to_dict("records"):
        article = articles.get(row["article_id"])
        if article is None:
            article = articles[row["article_id"]] = Article(
                article_id=row["article_id"], body="", title=row["article_title"] or "",
                published=_day(row["published"]), source=row["source"] or "",
                url=row["url"] or "")
        sentence = f"A {row['event_type'].replace('_', ' ')} was reported in {row['place']}."
        start = len(article.body)
        article.body += sentence + "\n"
        place_start = start + sentence.index(row["place"]) if row["place"] else -1
        trigger = row["event_type"].split("_")[-1]
        trigger_start = start + sentence.find(trigger)
        article.events.append(Event(
            event_id=row["event_id"], event_type=row["event_type"], date=_day(row["date"]),
            date_end=_day(row["date_end"]), date_precision=row["date_precision"] or "day",
            effective_date=None, place=row["place"], place_id=row["place_id"],
            place_name=row["place_name"], geo_precision=row["geo_precision"],
            admin1=row["admin1"], country=row["country"], lat=float(row["lat"]),
            lon=float(row["lon"]), actors=tuple(row["actors"] or ()),
            quantities=dict(row["quantities"] or {}), status=row["status"] or "reported",
            article_id=row["article_id"], article_title=article.title,
            published=article.published, source=article.source, url=article.url,
            evidence=sentence, evidence_start=start, evidence_end=start + len(sentence),
            confidence=float(row["confidence"]), place_start=place_start,
            place_end=place_start + len(row["place"]) if row["place"] else -1,
            trigger_start=trigger_start, trigger_end=trigger_start + len(trigger),
        ))
    Store(data_dir).replace_articles(list(articles.values()))


def _day(value) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None
