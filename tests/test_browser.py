"""The page in a real browser (Playwright driving Debian's Chromium), with no network.

`streamlit run dashboard.py -- --data <tmp>` runs as a subprocess on a free localhost port; every
request to another host is aborted and recorded, and a test fails if one was attempted.
`window.alert`/`confirm`/`prompt` and dialogs are hooked in every frame, and the hostile test
data sets `window.__xss` if any of it ever runs.

Without Chromium these tests are skipped with a message naming it, except under `CI=true`, where
they fail (CI installs Chromium). `python tests/test_browser.py --screenshot docs/screenshot.png`
takes the README's screenshot of the page on the seed articles.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for synthetic_events as a script
import synthetic_events  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-quic"]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
SERVER_START_S = 90
RERUN_S = 120  # a rerun that runs the pipeline (first gazetteer load included) may take this
VIEWPORT = {"width": 1400, "height": 1000}
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
HOOKS = """
window.__xss = 0;
window.__alerts = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (m) => { window.__alerts.push(name + ":" + String(m)); return null; };
}
"""
PAYLOAD_TITLE = 'Truce <script>window.__xss=11</script> `${window.__xss=12}` agreed'
PAYLOAD_SOURCE = '<img src=x onerror="window.__xss=13"> ${alert(1)} `wire`'
PAYLOAD_BODY = (
    'A ceasefire was agreed in Homs on Saturday <script>window.__xss=14;alert(1)</script>, '
    'officials said `${window.__xss=15}` <img src=x onerror="window.__xss=16;alert(2)"> '
    "and 20 trucks of aid reached Homs. \\` ${alert(3)}\n"
)

pytestmark = pytest.mark.browser


def require_browser() -> None:
    """Skip (or, under CI=true, fail) when Chromium or Playwright is missing."""
    missing = None
    if not CHROMIUM.exists():
        missing = f"Chromium not found at {CHROMIUM} (install it: apt-get install -y chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "Playwright for Python is not installed (pip install playwright)"
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing}; CI=true, so the browser tests must run")
        pytest.skip(missing)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(data_dir: Path) -> Iterator[str]:
    """Run the page on `data_dir` on a free localhost port; yield its URL."""
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"),
           "--server.port", str(port), "--server.address", "127.0.0.1",
           "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none", "--", "--data", str(data_dir)]
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryFile() as log:
        # CA_SERVER_LOG=1 shows the server's errors as they happen (debugging a test or bench).
        errors = None if os.environ.get("CA_SERVER_LOG") else subprocess.STDOUT
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=errors)
        try:
            deadline = time.monotonic() + SERVER_START_S
            while not _healthy(url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError("the page did not start:\n" + log.read().decode()[-3000:])
                time.sleep(0.3)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "_stcore/health", timeout=2) as r:
            return r.read().strip() == b"ok"
    except OSError:
        return False


class Guard:
    """Blocks and records requests to other hosts; records dialogs; reads the XSS flags."""

    def __init__(self) -> None:
        self.external: list[str] = []
        self.dialogs: list[str] = []

    def route(self, route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "file") or parts.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def attach(self, context) -> None:
        context.route("**/*", self.route)
        context.add_init_script(HOOKS)
        context.on("page", lambda p: p.on("dialog", self.dialog))

    @staticmethod
    def ran(page) -> list[tuple[str, object, list]]:
        """Frames where hostile text ran: (url, __xss, alerts)."""
        hits = []
        for frame in page.frames:
            try:
                flag, alerts = frame.evaluate("[window.__xss || 0, window.__alerts || []]")
            except Exception:  # a frame that went away while we looked
                continue
            if flag or alerts:
                hits.append((frame.url[:80], flag, alerts))
        return hits


@pytest.fixture(scope="module")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site(browser, tmp_path_factory):
    """The page on a synthetic data folder: (url, data folder)."""
    data = tmp_path_factory.mktemp("browser") / "data"
    synthetic_events.build(data)
    with serve(data) as url:
        yield url, data


@pytest.fixture
def page(browser):
    guard = Guard()
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    guard.attach(context)
    tab = context.new_page()
    tab.guard = guard
    yield tab
    ran = Guard.ran(tab)
    context.close()
    assert not guard.external, f"requests to other hosts: {guard.external}"
    assert not guard.dialogs, f"dialogs opened: {guard.dialogs}"
    assert not ran, f"page text ran as code: {ran}"


# -- helpers -----------------------------------------------------------------------------------


def open_page(tab, url: str) -> None:
    tab.goto(url)
    tab.get_by_test_id("stMetric").first.wait_for(timeout=RERUN_S * 1000)
    wait_map_drawn(tab)
    settle(tab)


def settle(tab, timeout_s: float = RERUN_S) -> None:
    """Wait until the script has finished rerunning (Streamlit's status widget gone)."""
    tab.wait_for_timeout(300)
    deadline = time.monotonic() + timeout_s
    while tab.get_by_test_id("stStatusWidget").count() and time.monotonic() < deadline:
        tab.wait_for_timeout(200)
    tab.wait_for_timeout(300)


def shown(tab) -> int:
    """The 'Events shown' metric (once a rerun has replaced the old one: never two at once)."""
    value = tab.get_by_test_id("stMetric").filter(has_text="Events shown").get_by_test_id(
        "stMetricValue")
    deadline = time.monotonic() + RERUN_S
    while value.count() != 1 and time.monotonic() < deadline:
        tab.wait_for_timeout(100)
    return int(value.inner_text().replace(",", ""))


def wait_shown_change(tab, before: int) -> int:
    deadline = time.monotonic() + RERUN_S
    while time.monotonic() < deadline:
        settle(tab, 5)
        now = shown(tab)
        if now != before:
            return now
    raise AssertionError(f"'Events shown' stayed {before}")


def map_frame(tab):
    """The map component's frame (the newest one, while a rerun swaps the old one out)."""
    return tab.frame_locator(MAP_FRAME).last


def map_frame_handle(tab):
    """The newest map frame as a Frame (waits while a rerun swaps the iframe)."""
    deadline = time.monotonic() + 60
    while True:
        frame = tab.locator(MAP_FRAME).last.element_handle().content_frame()
        if frame is not None or time.monotonic() > deadline:
            return frame
        tab.wait_for_timeout(100)


def markers(tab):
    """The event markers drawn in the map (pipeline.maps draws them as `.atlas-ev` icons)."""
    return map_frame(tab).locator(".leaflet-marker-pane .atlas-ev")


def wait_map_drawn(tab) -> None:
    """Wait until the map's event layer has drawn (pipeline.maps counts draws in atlasDrawn)."""
    deadline = time.monotonic() + 60
    while tab.locator(MAP_FRAME).count() != 1 and time.monotonic() < deadline:
        tab.wait_for_timeout(100)  # a rerun that rebuilt the map briefly shows two frames
    map_frame(tab).locator(".leaflet-container").wait_for(timeout=60_000)
    map_frame_handle(tab).wait_for_function("window.atlasDrawn >= 1", timeout=60_000)


def overlays(tab) -> int:
    """How many overlays (what the filters select) the map has drawn so far."""
    return map_frame_handle(tab).evaluate("window.atlasOverlays || 0")


def wait_overlay_after(tab, before: int) -> None:
    """Wait until the map has drawn an overlay newer than the `before`-th one."""
    map_frame_handle(tab).wait_for_function(f"(window.atlasOverlays || 0) > {before}",
                                            timeout=60_000)
    tab.wait_for_timeout(200)


def zone_states_drawn(tab) -> list[str]:
    """The states of the zone areas in the map (drawn on a canvas, so read from Leaflet)."""
    return map_frame_handle(tab).evaluate(
        """() => { const out = [];
        const walk = (l) => { if (l.feature && l.feature.properties && l.feature.properties.state)
            out.push(l.feature.properties.state); if (l.eachLayer) l.eachLayer(walk); };
        Object.values(window.map._layers).forEach(walk); return out; }"""
    )


def click_marker(tab, marker) -> None:
    """Click a map marker once the page has stopped scrolling (else the click lands beside it).

    While the map shows only clusters, click one first: it zooms in until markers show. Of
    markers drawn on one point the last is on top, so that is the one clicked.
    """
    tab.locator(MAP_FRAME).last.scroll_into_view_if_needed()
    tab.wait_for_timeout(800)
    clusters = map_frame(tab).locator(".leaflet-marker-pane .atlas-cluster")
    for _ in range(6):
        if marker.count() or not clusters.count():
            break
        clusters.first.click()
        tab.wait_for_timeout(1200)  # the zoom animation, then the redraw
    marker.nth(_hittable(tab, ".leaflet-marker-pane .atlas-ev")).click()
    tab.locator(".ca-evidence").wait_for(timeout=RERUN_S * 1000)
    settle(tab)


def _hittable(tab, selector: str) -> int:
    """Index of the topmost element of `selector` that a click at its centre would reach
    (markers can sit under the legend, off the map's edge, or under another marker)."""
    index = map_frame_handle(tab).evaluate(
        """(sel) => { const els = Array.from(document.querySelectorAll(sel));
        for (let i = els.length - 1; i >= 0; i--) { const r = els[i].getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          if (hit && els[i].contains(hit)) return i; }
        return -1; }""",
        selector,
    )
    assert index >= 0, "no marker can be clicked"
    return index


def details_text(tab) -> str:
    box = tab.locator(".ca-details")
    return box.inner_text() if box.count() else ""


def download(tab, label: str, into: Path) -> Path:
    with tab.expect_download(timeout=RERUN_S * 1000) as info:
        tab.get_by_role("button", name=label).click()
    target = into / info.value.suggested_filename
    info.value.save_as(target)
    return target


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


# -- tests -------------------------------------------------------------------------------------


def test_missing_chromium_skips_with_its_name_but_fails_under_ci(monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="/nonexistent/chromium"):
        require_browser()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        require_browser()


def test_the_page_loads_offline_with_zones_and_markers(site, page):
    url, _data = site
    open_page(page, url)
    assert shown(page) == 26
    states = zone_states_drawn(page)
    assert len(states) >= 14  # every governorate is a zone, shaded by its state
    assert {"agreed", "violated"} & set(states)  # the synthetic truces and violations
    assert markers(page).count() >= 3
    # the timeline chart drew (Vega ships with Streamlit: no CDN)
    page.get_by_test_id("stVegaLiteChart").locator("canvas, svg").first.wait_for()


def test_the_slider_and_the_type_filter_change_what_is_shown(site, page):
    url, _data = site
    open_page(page, url)
    before, drawn = shown(page), overlays(page)
    thumb = page.get_by_test_id("stSlider").filter(has_text="Date window").get_by_role("slider")
    thumb.first.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")  # the window's start moves five days on
    after_slider = wait_shown_change(page, before)
    assert after_slider < before
    wait_overlay_after(page, drawn)
    drawn = overlays(page)
    page.get_by_test_id("stSidebar").get_by_role("button", name="ceasefire").click()
    after_type = wait_shown_change(page, after_slider)
    assert after_type < after_slider
    wait_overlay_after(page, drawn)
    assert page.locator(MAP_FRAME).count() == 1  # the same map, its overlay swapped


def test_clicking_a_marker_shows_its_evidence(site, page):
    url, _data = site
    open_page(page, url)
    assert "ca-evidence" not in page.content()
    click_marker(page, markers(page))
    text = details_text(page)
    assert "reported a" in text  # the evidence sentence of a synthetic event
    assert page.locator(".ca-evidence mark").count() >= 1


def test_selecting_a_table_row_shows_its_event_and_links_to_it(site, page):
    url, _data = site
    open_page(page, url)
    grid = page.get_by_test_id("stDataFrame")
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = grid.bounding_box()
    row_height = 35  # the grid's default header and row height
    page.mouse.click(box["x"] + 15, box["y"] + row_height * 3.5)  # the third row's checkbox
    page.locator(".ca-evidence").wait_for(timeout=RERUN_S * 1000)
    settle(page)
    assert "shelling in Idlib" in details_text(page)  # the synthetic events' third row
    assert page.evaluate("location.search") == "?event=ev-002"


def pick_table_row(tab, row: int) -> None:
    """Tick the table's `row`-th row (1-based) and wait for the page to show its event."""
    grid = tab.get_by_test_id("stDataFrame")
    grid.scroll_into_view_if_needed()
    tab.wait_for_timeout(500)
    box = grid.bounding_box()
    row_height = 35  # the grid's default header and row height
    tab.mouse.click(box["x"] + 15, box["y"] + row_height * (row + 0.5))
    tab.locator(".ca-evidence").wait_for(timeout=RERUN_S * 1000)
    settle(tab)


def selected_in_link(tab, other: str | None = None) -> str:
    """The selected event's id as the page's link holds it (waits while it is still `other`)."""
    deadline = time.monotonic() + RERUN_S
    while True:
        found = tab.evaluate("new URLSearchParams(location.search).get('event')") or ""
        if (found and found != other) or time.monotonic() > deadline:
            return found
        tab.wait_for_timeout(200)


def test_clicking_the_marker_clicked_before_selects_its_event_again(site, page):
    url, _data = site
    open_page(page, url)
    click_marker(page, markers(page))
    first = selected_in_link(page)
    assert first
    index = _hittable(page, ".leaflet-marker-pane .atlas-ev")
    box, frame = markers(page).nth(index).bounding_box(), page.locator(MAP_FRAME).bounding_box()
    at = (box["x"] - frame["x"] + box["width"] / 2, box["y"] - frame["y"] + box["height"] / 2)
    pick_table_row(page, 3)  # another event, chosen in the table
    assert selected_in_link(page, first) == "ev-002" != first
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    frame = page.locator(MAP_FRAME).bounding_box()
    page.mouse.click(frame["x"] + at[0], frame["y"] + at[1])  # the same marker, where it was
    assert selected_in_link(page, "ev-002") == first


def test_snapshots_download_and_the_html_opens_offline(site, page, browser, tmp_path):
    url, _data = site
    open_page(page, url)
    html_file = download(page, "Map snapshot (HTML)", tmp_path)
    png = download(page, "Map snapshot (PNG)", tmp_path).read_bytes()
    width, height = png_size(png)
    assert width >= 400 and height >= 300
    html = html_file.read_text(encoding="utf-8")
    assert "<script>window.__xss" not in html and "<img src=x" not in html
    assert "Ceasefire Atlas" in html
    # a fresh browser page with no server and no network: the map still draws
    guard = Guard()
    context = browser.new_context(viewport=VIEWPORT)
    guard.attach(context)
    offline = context.new_page()
    offline.goto(html_file.as_uri())
    offline.locator(".leaflet-container").wait_for(timeout=30_000)
    offline.locator(".leaflet-interactive").first.wait_for(timeout=30_000)
    ran = Guard.ran(offline)
    context.close()
    assert not guard.external, f"the snapshot asked other hosts for {guard.external}"
    assert not ran


def test_snapshots_show_the_view_the_map_was_moved_to(site, page, tmp_path):
    url, _data = site
    open_page(page, url)
    note = page.get_by_test_id("stCaptionContainer").filter(has_text="Map snapshots")
    assert "show the whole map" in note.inner_text(), map_frame_handle(page).evaluate(
        "[window.map.getSize(), window.map.getZoom(), window.map.getCenter()]")
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    map_frame(page).locator(".leaflet-control-zoom-in").click()
    note.filter(has_text="show this view").wait_for(timeout=RERUN_S * 1000)
    settle(page)
    view = map_frame_handle(page).evaluate(
        "(() => { const b = window.map.getBounds(); return [[b.getSouth(), b.getWest()],"
        " [b.getNorth(), b.getEast()]]; })()")
    html = download(page, "Map snapshot (HTML)", tmp_path).read_text(encoding="utf-8")
    opening = re.search(r"Atlas\.view\(map_[0-9a-f]+, (\[\[.*?\]\])\)", html)
    assert opening, "the snapshot has no first view"
    (s, w), (n, e) = json.loads(opening.group(1))
    assert [s, w, n, e] == pytest.approx([*view[0], *view[1]], abs=1e-4)
    assert "the analyst&#x27;s map view" in html and "Extent: the analyst" in html


def test_an_article_carrying_html_and_javascript_runs_none_of_it(site, page):
    url, data = site
    open_page(page, url)
    before = shown(page)
    text = (f"---\ntitle: '{PAYLOAD_TITLE}'\npublished: 2016-03-12\n"
            f"source: '{PAYLOAD_SOURCE}'\nurl: javascript:alert(4)\n---\n{PAYLOAD_BODY}")
    page.get_by_test_id("stExpander").filter(has_text="Add articles").locator("summary").click()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        files=[{"name": "<img src=x onerror=alert(5)>.txt", "mimeType": "text/plain",
                "buffer": text.encode("utf-8")}]
    )
    page.get_by_role("button", name="Add the files").click()
    page.get_by_test_id("stAlertContentSuccess").wait_for(timeout=RERUN_S * 1000)
    settle(page)
    assert shown(page) > before
    # show only the new article's events, open one on the map and in the details
    search = page.get_by_test_id("stSidebar").get_by_role("textbox", name="Text search")
    drawn, count = overlays(page), shown(page)
    search.fill("officials said")
    search.press("Enter")
    wait_shown_change(page, count)
    wait_overlay_after(page, drawn)
    click_marker(page, markers(page))
    text_shown = details_text(page)
    assert "<script>window.__xss=14" in text_shown  # shown as text, not run
    assert "${window.__xss=15}" in text_shown
    assert page.locator(".ca-details a[href^='javascript']").count() == 0
    page.wait_for_timeout(1000)  # give any injected handler the time to fire


def take_screenshot(out: Path) -> None:
    """The README's screenshot: the page on the seed articles, first event selected."""
    from playwright.sync_api import sync_playwright

    with (tempfile.TemporaryDirectory() as tmp, serve(Path(tmp) / "data") as url,
          sync_playwright() as p):
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        guard = Guard()
        context = chromium.new_context(viewport={"width": 1440, "height": 1100})
        guard.attach(context)
        tab = context.new_page()
        open_page(tab, url)  # the first session seeds the data folder and says so
        open_page(tab, url)  # a new one: the page as an analyst finds it
        click_marker(tab, markers(tab))
        out.parent.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(out))
        chromium.close()
        if guard.external:
            raise SystemExit(f"the page asked other hosts for {guard.external}")
    print(f"wrote {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenshot", type=Path, default=ROOT / "docs" / "screenshot.png")
    args = parser.parse_args()
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        raise SystemExit(f"Chromium not found at {CHROMIUM}")
    take_screenshot(args.screenshot)
