"""Map snapshots: self-contained HTML and a PNG of the same map, with and without Chromium."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from pipeline.maps import snapshot
from pipeline.maps.snapshot import chromium_available, snapshot_html, snapshot_png
from pipeline.maps.synthetic import events_frame

TITLE = "Events 2016-02-20 to 2016-02-28 · aid <b>only</b> ${x}"
FOOTER = "Sources: Press TV, `SANA`\nData version 0123abcd"
NASTY = ("<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">"
         "${window.__pwned=3}`")

needs_chromium = pytest.mark.skipif(not chromium_available(), reason="no Chromium installed")


@pytest.fixture(scope="module")
def events():
    base = {"date": "2016-02-24", "published": "2016-02-24", "country": "SY"}
    return events_frame([
        {**base, "event_id": "a1", "event_type": "aid_airdrop", "lat": 35.336, "lon": 40.14,
         "admin1": "SY-DY", "quantities": {"tonnes": 21}, "article_title": NASTY,
         "source": NASTY, "place_name": NASTY},
        {**base, "event_id": "c1", "event_type": "ceasefire_agreed", "lat": 35.0, "lon": 38.5,
         "geo_precision": "country", "admin1": None},
        {**base, "event_id": "v1", "event_type": "ceasefire_violation", "lat": 35.2,
         "lon": 37.2, "geo_precision": "admin1", "admin1": "SY-HM"},
    ])


@pytest.fixture(scope="module")
def html(events):
    return snapshot_html(events, title=TITLE, footer=FOOTER)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == snapshot.PNG_MAGIC
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_html_snapshot_refers_to_no_other_file_or_host(html):
    assert not re.search(r"""(src|href)=["'](?!data:)""", html)
    assert "url(" not in re.sub(r"url\(data:[^)]*\)", "", html.split("<body>")[0])


def unjson(text: str) -> str:
    """Undo the \\uXXXX escapes of JSON embedded in the script."""
    return re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1), 16)), text)


def test_html_snapshot_has_escaped_title_footer_and_legend(html):
    title = "<title>Events 2016-02-20 to 2016-02-28 · aid &lt;b&gt;only&lt;/b&gt; &#36;{x}</title>"
    assert title in html
    script = unjson(html)
    assert "<b>Sources: Press TV, &#96;SANA&#96;</b><br>Data version 0123abcd" in script
    assert "Atlas.legend(" in html and "Atlas.zones(" in html and "Atlas.events(" in html


def test_html_snapshot_holds_no_unescaped_article_markup(html):
    body = re.sub(r"data:[a-z/+-]+;base64,[A-Za-z0-9+/=]+", "", html)
    for fragment in ("<script>window", "<img src=x", "${window", "<b>only"):
        assert fragment not in body


def test_png_without_a_browser_is_drawn_with_matplotlib(events):
    data = snapshot_png(events, title=TITLE, footer=FOOTER, browser=False, size=(900, 700))
    assert png_size(data) == (900, 700)


def test_png_falls_back_to_matplotlib_when_chromium_is_missing(events, monkeypatch):
    monkeypatch.setattr(snapshot, "CHROMIUM", Path("/nonexistent/chromium"))
    assert not chromium_available()
    data = snapshot_png(events, title=TITLE, size=(640, 480))
    assert png_size(data) == (640, 480)


def test_png_title_with_dollar_signs_is_not_parsed_as_mathtext(events):
    data = snapshot_png(events, title="$\\frac{1}{0}$ $$ ${", browser=False, size=(400, 300))
    assert png_size(data) == (400, 300)


def test_png_of_an_empty_window(events):
    data = snapshot_png(events.iloc[:0], title="nothing", browser=False, size=(400, 300))
    assert png_size(data) == (400, 300)


@pytest.mark.browser
@needs_chromium
def test_png_with_chromium_is_a_screenshot_of_the_html(events):
    data = snapshot_png(events, title=TITLE, footer=FOOTER, browser=True, size=(800, 600))
    assert png_size(data) == (800, 600)


@pytest.mark.browser
@needs_chromium
def test_html_snapshot_opens_offline_draws_and_runs_no_payload(html, tmp_path):
    from playwright.sync_api import sync_playwright

    path = tmp_path / "snapshot.html"
    path.write_text(html, encoding="utf-8")
    remote, dialogs = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(snapshot.CHROMIUM),
                                    args=list(snapshot.CHROMIUM_FLAGS))
        try:
            page = browser.new_page()
            page.route(re.compile(r"^(https?|wss?)://"),
                       lambda route: (remote.append(route.request.url), route.abort()))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(path.as_uri())
            page.wait_for_function("window.atlasDrawn >= 1", timeout=15_000)
            markers = page.locator(".atlas-ev").count()
            zones = page.evaluate(
                "Object.keys(window).filter(k => k.startsWith('atlas_zones_'))"
                ".map(k => window[k].getLayers().length)")
            canvas = page.locator("canvas.leaflet-zoom-animated").count()
            title = page.locator(".atlas-title").inner_text()
            popup = []
            for i in range(markers):  # open every tooltip and popup: the payloads are in them
                page.locator(".atlas-ev").nth(i).click(force=True)
                page.wait_for_timeout(100)
                popup += page.locator(".leaflet-popup-content").all_inner_texts()
            pwned = page.evaluate("window.__pwned")
        finally:
            browser.close()
    assert remote == [] and dialogs == [] and pwned is None
    assert markers >= 2 and canvas >= 1
    assert zones == [15]  # 14 governorates and the country-wide outline
    assert "aid <b>only</b> ${x}" in title  # shown as text
    assert any("<script>window.__pwned=1</script>" in text for text in popup)


# -- the analyst's view ------------------------------------------------------------------------

VIEW = ((34.5, 36.2), (35.4, 37.3))  # (south, west), (north, east): around Homs and Hama


def _opening_view(text: str) -> list[list[float]]:
    import json

    match = re.search(r"Atlas\.view\(map_[0-9a-f]+, (\[\[.*?\]\])\)", text)
    assert match, "no first view in the map"
    return json.loads(match.group(1))


def test_html_snapshot_opens_on_the_view_given_else_on_all_the_zones(events, html):
    assert _opening_view(snapshot_html(events, title=TITLE, footer=FOOTER, bounds=VIEW)) == [
        list(VIEW[0]), list(VIEW[1])]
    (south, west), (north, east) = _opening_view(html)
    assert south < 33 and north > 37 and west < 36 and east > 42  # all of Syria


def test_png_of_a_view_without_a_browser_differs_from_the_whole_map(events):
    whole = snapshot_png(events, title=TITLE, browser=False, size=(500, 400))
    part = snapshot_png(events, title=TITLE, browser=False, size=(500, 400), bounds=VIEW)
    assert png_size(part) == (500, 400) and part != whole


def test_page_snapshots_follow_the_analysts_view_and_say_so(events):
    from pipeline.maps.view import MapView
    from pipeline.page_map import SnapshotView, snapshot_file

    (south, west), (north, east) = VIEW
    view = SnapshotView()
    args = {"zones": None, "window": None, "filters_text": "all events", "version": "v1",
            "view": view}
    whole = snapshot_file("html", events, **args)
    assert "analyst" not in whole and "Extent:" not in whole
    view.view = MapView(south=south, west=west, north=north, east=east, zoom=8.5)
    mine = snapshot_file("html", events, **args)  # read when built: the view of that moment
    assert _opening_view(mine) == [list(VIEW[0]), list(VIEW[1])]
    assert "the analyst&#x27;s map view" in mine  # in the title, escaped
    assert "Extent: the analyst" in mine and "34.50°N–35.40°N, 36.20°E–37.30°E (zoom 8.5)" in mine


@pytest.mark.browser
@needs_chromium
def test_html_snapshot_of_a_view_shows_that_view_in_the_browser(events):
    from playwright.sync_api import sync_playwright

    text = snapshot_html(events, title=TITLE, footer=FOOTER, bounds=VIEW)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(snapshot.CHROMIUM),
                                    args=list(snapshot.CHROMIUM_FLAGS))
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.route(re.compile(r"^(https?|wss?)://"), lambda route: route.abort())
            page.set_content(text)
            page.wait_for_function("window.atlasDrawn >= 1", timeout=15_000)
            shown = page.evaluate(
                "(() => { const m = window[Object.keys(window).find(k => /^map_[0-9a-f]{32}$/"
                ".test(k))]; const b = m.getBounds();"
                " return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; })()")
        finally:
            browser.close()
    s, w, n, e = shown
    (south, west), (north, east) = VIEW
    assert s <= south and w <= west and n >= north and e >= east  # all of the view is in it
    # and little more: fitted to within a quarter zoom step (and the padding) on one side
    assert min((n - s) / (north - south), (e - w) / (east - west)) < 1.45
