"""GazetteerGeocoder keeps geopy's contract, offline; the CLI answers bad input with null."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from gazetteer import Gazetteer, GazetteerGeocoder
from gazetteer.place import ADMIN1, CITY, Place

PLACES = [
    Place("gn:1", "Ḩamāh", CITY, 35.13179, 36.75783, 460_602, "SY-HM", "SY"),
    Place("iso:SY-HM", "Hama", ADMIN1, 35.2, 36.7, 1_500_000, "SY-HM", "SY"),
    Place("gn:2", "Homs", CITY, 34.72405, 36.72559, 775_404, "SY-HI", "SY"),
]


@pytest.fixture(scope="module")
def geocoder():
    return GazetteerGeocoder(Gazetteer.from_places(PLACES))


def test_it_is_a_geopy_geocoder(geocoder):
    assert isinstance(geocoder, Geocoder)


def test_geocode_gives_a_location_with_the_place_as_raw(geocoder):
    loc = geocoder.geocode("Hamah")
    assert isinstance(loc, Location)
    assert (loc.latitude, loc.longitude) == (35.13179, 36.75783)
    assert loc.raw["id"] == "gn:1" and loc.raw["population"] == 460_602
    assert loc.address.startswith("Ḩamāh")


def test_geocode_not_exactly_one_gives_a_ranked_list(geocoder):
    locs = geocoder.geocode("Hama", exactly_one=False)
    assert [loc.raw["id"] for loc in locs] == ["gn:1", "iso:SY-HM"]


@pytest.mark.parametrize("query", ["Qwxzzyplk", "", "   ", "!!!", "x" * 10_000, None, 42])
def test_geocode_gives_none_for_no_match(geocoder, query):
    assert geocoder.geocode(query) is None
    assert geocoder.geocode(query, exactly_one=False) is None


def test_works_behind_geopys_rate_limiter(geocoder):
    limited = RateLimiter(geocoder.geocode, min_delay_seconds=0, max_retries=0)
    assert limited("Homs").raw["id"] == "gn:2"


GOVERNORATES = Path(__file__).resolve().parents[1] / "gazetteer" / "data" / "governorates.geojson"


@pytest.mark.skipif(not GOVERNORATES.exists(), reason="governorate polygons not built yet")
def test_reverse_gives_the_governorate(gazetteer):
    geocoder = GazetteerGeocoder(gazetteer)
    loc = geocoder.reverse((35.13, 36.75))  # Hama city
    assert loc.raw["id"] == "iso:SY-HM"
    assert geocoder.reverse((48.85, 2.35)) is None  # Paris: outside Syria's governorates
    assert geocoder.reverse("not a point") is None


def test_works_as_a_geopandas_provider(gazetteer):
    from geopandas.tools import geocode

    frame = geocode(["Damascus", "Deir ez-Zor", "Qwxzzyplk"], provider=GazetteerGeocoder,
                    gazetteer=gazetteer)
    assert frame.geometry.iloc[0].y == pytest.approx(33.51, abs=0.05)
    assert frame.geometry.iloc[1].x == pytest.approx(40.14, abs=0.05)
    assert frame.geometry.iloc[2].is_empty and not isinstance(frame.address.iloc[2], str)


# --- the CLI -------------------------------------------------------------------------------

def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gazetteer", *args], capture_output=True,
                          text=True, timeout=120)


def test_cli_geocode_json_prints_one_list_in_order_with_null_for_bad_input():
    bad = ["", "x" * 10_000, "Ha\x01ma\x07\x1b[2J", "?!...--", "\u202e\ufeff", "---", "-?!", "-"]
    done = run_cli("geocode", "--json", "Damascus", *bad, "Deraa")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    found = json.loads(done.stdout)
    assert len(found) == 2 + len(bad)
    assert found[0]["id"] == "gn:170654" and found[0]["country"] == "SY"
    assert set(found[0]) == {"id", "name", "lat", "lon", "kind", "admin1", "country"}
    assert found[1:-1] == [None] * len(bad)
    assert found[-1]["admin1"] == "SY-DR"


def test_cli_overlay_wins(tmp_path):
    overlay = tmp_path / "places.csv"
    overlay.write_text("id,name,kind,lat,lon,admin1,country,aliases\n"
                       "my-damascus,Damascus,town,1.0,2.0,,XX,\n", encoding="utf-8")
    found = json.loads(run_cli("geocode", "--json", "--overlay", str(overlay),
                               "Damascus").stdout)
    assert found[0]["id"] == "usr:my-damascus"
