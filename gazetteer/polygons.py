"""Syria's governorate polygons and the offline basemap layers, loaded from the bundled GeoJSON.

Everything here reads `gazetteer/data/` only (no network, no build packages) and caches what it
loads: the first call costs ~15 ms (governorates) or ~35 ms (basemap), later ones ~0.1 ms.
`build_polygons.py` regenerates the files.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import shape

DATA_DIR = Path(__file__).resolve().parent / "data"
GOVERNORATES_FILE = "governorates.geojson"
BASEMAP_DIR = DATA_DIR / "basemap"
BASEMAP_LAYERS = ("land", "lakes", "coast", "countries", "borders", "governorates", "places")
REGION = (25.0, 27.0, 50.0, 42.0)  # lon/lat box of the basemap: Syria and its neighbours
CRS = "EPSG:4326"


def _read(path: Path) -> gpd.GeoDataFrame:
    """A GeoJSON FeatureCollection as a GeoDataFrame.

    json + shapely, as fast as pyogrio here (3-6 ms a file) and keeps the properties' JSON types.
    """
    with path.open(encoding="utf-8") as fh:
        features = json.load(fh)["features"]
    geometry = [shape(f["geometry"]) for f in features]
    return gpd.GeoDataFrame([f["properties"] for f in features], geometry=geometry, crs=CRS)


@lru_cache(maxsize=1)
def _governorates() -> gpd.GeoDataFrame:
    return _read(DATA_DIR / GOVERNORATES_FILE)


def governorates() -> gpd.GeoDataFrame:
    """The 14 governorates: `admin1` (ISO 3166-2), `name`, `capital`, `capital_id`, `geometry`."""
    return _governorates().copy()


@lru_cache(maxsize=1)
def _index() -> tuple[shapely.STRtree, np.ndarray]:
    frame = _governorates()
    geoms = np.asarray(frame.geometry.values, dtype=object)
    shapely.prepare(geoms)
    return shapely.STRtree(geoms), frame["admin1"].to_numpy(dtype=object)


def _coordinate(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def admin1_at(lat: float, lon: float) -> str | None:
    """ISO 3166-2 code of the Syrian governorate containing (lat, lon), or None outside Syria."""
    lat, lon = _coordinate(lat), _coordinate(lon)
    if lat is None or lon is None:
        return None
    tree, codes = _index()
    hits = tree.query(shapely.Point(lon, lat), predicate="intersects")
    # A point on a shared border touches two: take the lower index so the answer is stable.
    return codes[hits.min()] if hits.size else None


def admin1_at_many(lats: Sequence[float], lons: Sequence[float]) -> list[str | None]:
    """`admin1_at` for many points at once (one vectorised tree query)."""
    lat = np.asarray(lats, dtype=float)
    lon = np.asarray(lons, dtype=float)
    if lat.shape != lon.shape or lat.ndim != 1:
        raise ValueError("lats and lons must be one-dimensional and of equal length")
    tree, codes = _index()
    result: list[str | None] = [None] * lat.size
    ok = np.isfinite(lat) & np.isfinite(lon)
    which = np.flatnonzero(ok)
    points = shapely.points(lon[which], lat[which])
    point_idx, geom_idx = tree.query(points, predicate="intersects")
    # Visit hits by descending governorate index so the lowest index wins, as in admin1_at.
    hits = sorted(zip(point_idx.tolist(), geom_idx.tolist(), strict=True), key=lambda t: -t[1])
    for p, g in hits:
        result[which[p]] = codes[g]
    return result


@lru_cache(maxsize=1)
def _basemap() -> dict[str, gpd.GeoDataFrame]:
    return {name: _read(BASEMAP_DIR / f"{name}.geojson") for name in BASEMAP_LAYERS}


def basemap_layers() -> dict[str, gpd.GeoDataFrame]:
    """Layer name -> GeoDataFrame for the offline basemap, in drawing order (see BASEMAP_LAYERS).

    land, lakes: polygons; coast, borders: lines; countries: polygons with `iso_a2`, `name`,
    `name_ar`, `label_lon`, `label_lat`; governorates: polygons with `admin1`, `name`;
    places: points with `id`, `name`, `label`, `country`, `population`, `rank`
    (0 national capital, 1 governorate capital, 2 other city).
    """
    return {name: frame.copy() for name, frame in _basemap().items()}


def basemap_paths() -> dict[str, Path]:
    """Layer name -> bundled GeoJSON file, for embedding the layers as they are."""
    return {name: BASEMAP_DIR / f"{name}.geojson" for name in BASEMAP_LAYERS}


def country_outline(code: str = "SY"):
    """Outline of a country of the region: Syria at full resolution, the others simplified."""
    if code.upper() == "SY":
        return shapely.union_all(_governorates().geometry.values)
    countries = _basemap()["countries"]
    match = countries.loc[countries["iso_a2"] == code.upper()]
    if match.empty:
        raise KeyError(f"no country {code!r} in the basemap region")
    return match.geometry.iloc[0]
