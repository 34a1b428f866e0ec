"""The offline vector basemap (Natural Earth, GeoNames) as compact GeoJSON for the map's script."""

from __future__ import annotations

from functools import cache

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import mapping

from gazetteer import polygons
from pipeline.maps.escape import safe_text
from pipeline.maps.style import LAND_COLOUR, SEA_COLOUR

DECIMALS = 3  # ~100 m: finer than a pixel at the zooms the basemap is drawn for
# Simplification tolerance in degrees per layer (drawn at zoom 5-10, a pixel is 0.001-0.04°).
SIMPLIFY = {"land": 0.004, "lakes": 0.004, "coast": 0.003, "borders": 0.002,
            "governorates": 0.002, "countries": 0.004}
MAJOR_RANK = 1  # places of this rank or better are labelled at every zoom
MINOR_LABEL_ZOOM = 8  # the other places from this zoom on
COUNTRY_LABEL_MIN_AREA = 0.5  # square degrees: no labels for enclaves and base areas
ATTRIBUTION = "Natural Earth (public domain); GeoNames (CC BY 4.0)"


def geometry_json(geom, *, tolerance: float = 0.0) -> dict | None:
    """A shapely geometry as a GeoJSON dict, simplified and rounded; None when it vanishes."""
    if geom is None or geom.is_empty:
        return None
    if tolerance:
        geom = shapely.simplify(geom, tolerance, preserve_topology=True)
    geom = shapely.transform(geom, lambda c: np.round(c, DECIMALS))
    return None if geom.is_empty else mapping(geom)


def _geometries(frame: gpd.GeoDataFrame, tolerance: float) -> list[dict]:
    out = (geometry_json(g, tolerance=tolerance) for g in frame.geometry)
    return [g for g in out if g is not None]


def _labels(frame: gpd.GeoDataFrame, names, points) -> dict:
    return {
        "y": [round(p.y, DECIMALS) for p in points],
        "x": [round(p.x, DECIMALS) for p in points],
        "name": [safe_text(n) for n in names],
    }


@cache
def basemap_payload() -> dict:
    """Land, lakes, coast, borders, governorate lines and labelled places, ready for atlas.js."""
    layers = polygons.basemap_layers()
    out: dict = {name: _geometries(layers[name], tol) for name, tol in SIMPLIFY.items()
                 if name in layers and name != "countries"}
    if "countries" in layers:
        c = layers["countries"]
        c = c[shapely.area(c.geometry.values) >= COUNTRY_LABEL_MIN_AREA]
        points = [shapely.Point(x, y) for x, y in zip(c["label_lon"], c["label_lat"], strict=True)]
        out["countries"] = _labels(c, c["name"], points)
    if "places" in layers:
        p = layers["places"].sort_values(["rank", "name"], kind="mergesort")
        labels = p["label"] if "label" in p else p["name"]
        out["places"] = _labels(p, labels, p.geometry)
        out["places"]["rank"] = [int(r) for r in p["rank"]]
    out.update(land_colour=LAND_COLOUR, sea_colour=SEA_COLOUR, major_rank=MAJOR_RANK,
               minor_zoom=MINOR_LABEL_ZOOM)
    return out


@cache
def country_outlines() -> dict[str, dict]:
    """ISO alpha-2 -> simplified outline (GeoJSON geometry) of the basemap's countries."""
    layers = polygons.basemap_layers()
    if "countries" not in layers:
        return {}
    c = layers["countries"]
    out = {}
    for code, geom in zip(c["iso_a2"], c.geometry, strict=True):
        g = geometry_json(geom, tolerance=SIMPLIFY["countries"])
        if code and g is not None:
            out[str(code)] = g
    return out


def area_geometry(governorates: gpd.GeoDataFrame | None) -> tuple[dict, dict]:
    """(admin1 -> (lat, lon) inside the area, admin1 -> simplified outline) of the governorates."""
    if governorates is None or governorates.empty:
        return {}, {}
    points, shapes = {}, {}
    for code, geom in zip(governorates["admin1"], governorates.geometry, strict=True):
        if geom is None or geom.is_empty:
            continue
        p = geom.representative_point()
        points[code] = (round(p.y, DECIMALS), round(p.x, DECIMALS))
        shapes[code] = geometry_json(geom, tolerance=SIMPLIFY["governorates"])
    return points, shapes


@cache
def country_names() -> dict[str, str]:
    """ISO alpha-2 -> English name of the basemap's countries."""
    layers = polygons.basemap_layers()
    if "countries" not in layers:
        return {}
    c = layers["countries"]
    return {str(code): str(name) for code, name in zip(c["iso_a2"], c["name"], strict=True) if code}
