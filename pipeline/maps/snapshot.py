"""Map snapshots: a self-contained HTML file and a PNG of the same map."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd

from pipeline.maps.build import build_map, stabilise_ids
from pipeline.maps.escape import safe_text
from pipeline.maps.layers import control, html_lines
from pipeline.maps.view import Bounds

log = logging.getLogger(__name__)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-quic")
PNG_SIZE = (1400, 1000)  # pixels
BROWSER_TIMEOUT_MS = 20_000
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PICTURE_CSS = (".leaflet-control-zoom, .leaflet-control-layers, .atlas-legend-toggle "
               "{ display: none !important; }")


def snapshot_html(
    events: pd.DataFrame,
    *,
    title: str,
    footer: str,
    zones: gpd.GeoDataFrame | None = None,
    selected_id: str | None = None,
    bounds: Bounds | None = None,
) -> str:
    """A self-contained HTML map (Leaflet, basemap and data inlined) with a title and footer.

    `title` (the window and filters) and `footer` (sources, data version) are plain text; they
    are escaped here. The file opens offline: it refers to no other file or host. `bounds`
    ((south, west), (north, east)) is the extent it opens on (default: the zones').
    """
    fmap = build_map(events, zones=zones, selected_id=selected_id, inline_assets=True,
                     bounds=bounds)
    title_lines = [line for line in str(title).splitlines() if line.strip()] or ["Ceasefire Atlas"]
    fmap.add_child(control(html_lines(title_lines), position="topleft", css_class="atlas-title",
                           name="AtlasTitle", first=True))
    footer_lines = [line for line in str(footer).splitlines() if line.strip()]
    if footer_lines:
        fmap.add_child(control(html_lines(footer_lines), position="bottomleft",
                               css_class="atlas-footer", name="AtlasFooter"))
    root = fmap.get_root()
    root.title = None  # set below, escaped (branca would insert it raw)
    stabilise_ids(fmap)
    html = root.render()
    return html.replace("<head>", f"<head>\n<title>{safe_text(title_lines[0])}</title>", 1)


def chromium_available() -> bool:
    """Whether headless Chromium and Playwright are here to screenshot the HTML snapshot."""
    if not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)):
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def screenshot_html(html: str, *, size: tuple[int, int] = PNG_SIZE) -> bytes:
    """PNG of an HTML map in headless Chromium, every network request refused."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_FLAGS))
        try:
            page = browser.new_page(viewport={"width": size[0], "height": size[1]})
            page.route(re.compile(r"^(https?|wss?|ftp)://"), lambda route: route.abort())
            page.set_content(html, wait_until="load", timeout=BROWSER_TIMEOUT_MS)
            page.wait_for_function("window.atlasDrawn >= 1", timeout=BROWSER_TIMEOUT_MS)
            # A picture has no use for buttons: zoom and layer switcher off, legend unfolded.
            page.add_style_tag(content=PICTURE_CSS)
            page.wait_for_timeout(300)  # let the canvas layers paint
            return page.screenshot(type="png", full_page=False)
        finally:
            browser.close()


def snapshot_png(
    events: pd.DataFrame,
    *,
    title: str,
    footer: str = "",
    zones: gpd.GeoDataFrame | None = None,
    selected_id: str | None = None,
    browser: bool | None = None,
    size: tuple[int, int] = PNG_SIZE,
    bounds: Bounds | None = None,
) -> bytes:
    """A PNG of the same map: a Chromium screenshot of the HTML snapshot when Chromium is here,
    else drawn with matplotlib from the same layers (zones, basemap, markers, legend, title).

    `browser`: True forces Chromium (errors if missing), False forces matplotlib, None picks.
    `bounds`: the extent shown, as for `snapshot_html`.
    """
    use_browser = chromium_available() if browser is None else browser
    if use_browser:
        html = snapshot_html(events, title=title, footer=footer, zones=zones,
                             selected_id=selected_id, bounds=bounds)
        try:
            return screenshot_html(html, size=size)
        except Exception as err:  # a broken browser must not cost the analyst the snapshot
            if browser:
                raise
            log.warning("Chromium screenshot failed (%s); drawing the PNG with matplotlib", err)
    from pipeline.maps.render_png import render_png  # matplotlib: imported only when drawn

    return render_png(events, title=title, footer=footer, zones=zones, selected_id=selected_id,
                      size=size, bounds=bounds)
