"""The analyst's view of the map: read from what streamlit-folium returns, told from its first."""

from __future__ import annotations

import math
import re

import pytest

from pipeline.maps.build import base_map, default_bounds
from pipeline.maps.snapshot import CHROMIUM, CHROMIUM_FLAGS, chromium_available
from pipeline.maps.view import (
    MapView,
    chosen_view,
    fit_zoom,
    is_first_view,
    view_from_returned,
    view_text,
)


def returned(south, west, north, east, zoom) -> dict:
    """What st_folium returns for a map showing that rectangle at that zoom."""
    return {"bounds": {"_southWest": {"lat": south, "lng": west},
                       "_northEast": {"lat": north, "lng": east}}, "zoom": zoom}


def test_the_view_is_read_from_leaflets_bounds_and_zoom():
    view = view_from_returned(returned(33.1, 35.8, 34.25, 37.05, 8.25))
    assert view == MapView(south=33.1, west=35.8, north=34.25, east=37.05, zoom=8.25)
    assert view.bounds == ((33.1, 35.8), (34.25, 37.05))


@pytest.mark.parametrize("value", [
    None, {}, {"zoom": 7},
    returned(None, None, None, None, 7),  # streamlit-folium's default before the map reports
    returned(33.1, 35.8, 34.25, 37.05, None),
    returned(33.1, 35.8, float("nan"), 37.05, 8),
    returned(34.25, 35.8, 33.1, 37.05, 8),  # south above north
    {"bounds": "33,35,34,37", "zoom": 8},
    returned(True, 35.8, 34.25, 37.05, 8),
])
def test_a_missing_or_broken_view_is_none(value):
    assert view_from_returned(value) is None
    assert chosen_view(value, default_bounds()) is None


def test_fit_zoom_snaps_down_to_a_quarter_step_and_grows_with_the_frame():
    bounds = default_bounds()
    small, large = fit_zoom(bounds, (600, 640)), fit_zoom(bounds, (1200, 1280))
    assert small % 0.25 == 0 and large % 0.25 == 0
    assert large == pytest.approx(small + 1, abs=0.25)  # twice the frame: one zoom level


def test_a_view_zoomed_in_on_the_first_views_centre_is_the_analysts():
    view = MapView(south=33.0, west=36.0, north=34.0, east=37.0, zoom=9.0)
    assert not is_first_view(view, default_bounds())
    assert chosen_view(returned(33.0, 36.0, 34.0, 37.0, 9.0), default_bounds()) == view


def test_the_view_in_words_names_its_edges_and_zoom():
    text = view_text(MapView(south=-1.5, west=-3.25, north=34.25, east=37.05, zoom=8.25))
    assert text == "1.50°S–34.25°N, 3.25°W–37.05°E (zoom 8.25)"


# -- against Leaflet itself (Chromium) ---------------------------------------------------------

THE_MAP = "window[Object.keys(window).find(k => /^map_[0-9a-f]{32}$/.test(k))]"
LEAFLET_VIEW = f"""() => {{ const m = {THE_MAP}; const b = m.getBounds();
  return {{bounds: {{_southWest: {{lat: b.getSouth(), lng: b.getWest()}},
  _northEast: {{lat: b.getNorth(), lng: b.getEast()}}}}, zoom: m.getZoom()}}; }}"""
MOVE = f"(js) => {{ const m = {THE_MAP}; eval(js); }}"


@pytest.fixture(scope="module")
def leaflet_page():
    """The page's base map in Chromium (no network), opened at a few frame sizes."""
    if not chromium_available():
        pytest.skip("no Chromium installed")
    from playwright.sync_api import sync_playwright

    html = base_map(inline_assets=True).get_root().render()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_FLAGS))

        def open_at(width: int, height: int):
            page = browser.new_page(viewport={"width": width, "height": height})
            page.route(re.compile(r"^(https?|wss?)://"), lambda route: route.abort())
            page.set_content(html)
            page.wait_for_function("window.L !== undefined")
            page.wait_for_timeout(300)
            return page

        yield open_at
        browser.close()


@pytest.mark.browser
@pytest.mark.parametrize("size", [(700, 640), (1100, 640), (900, 1000)])
def test_leaflets_first_view_is_the_first_view_and_a_move_is_not(leaflet_page, size):
    page = leaflet_page(*size)
    first = page.evaluate(LEAFLET_VIEW)
    assert view_from_returned(first) is not None
    assert chosen_view(first, default_bounds()) is None  # nobody moved it yet
    for move in ("m.panBy([40, 0], {animate: false})", "m.panBy([-40, 30], {animate: false})",
                 "m.setZoom(m.getZoom() + 0.5, {animate: false})",
                 "m.setZoom(m.getZoom() - 1, {animate: false})"):
        page.evaluate(MOVE, move)
        moved = page.evaluate(LEAFLET_VIEW)
        view = chosen_view(moved, default_bounds())
        assert view is not None, move
        assert math.isclose(view.zoom, moved["zoom"])
    page.close()


@pytest.mark.browser
def test_the_map_keeps_its_first_view_through_late_resizes_until_the_analyst_moves_it(
        leaflet_page):
    page = leaflet_page(900, 640)
    page.wait_for_timeout(4500)  # a page may lay the map out again seconds after it was made
    page.set_viewport_size({"width": 600, "height": 640})  # fitted, a quarter level out
    page.wait_for_timeout(400)
    assert chosen_view(page.evaluate(LEAFLET_VIEW), default_bounds()) is None
    page.mouse.move(300, 320)
    page.mouse.down()
    page.mouse.move(220, 260, steps=5)  # a drag: the analyst's view from now on
    page.mouse.up()
    page.wait_for_timeout(300)
    moved = page.evaluate(LEAFLET_VIEW)
    page.set_viewport_size({"width": 900, "height": 640})
    page.wait_for_timeout(400)
    after = page.evaluate(LEAFLET_VIEW)
    assert chosen_view(after, default_bounds()) is not None  # not fitted back
    assert after["zoom"] == moved["zoom"]
    page.close()
