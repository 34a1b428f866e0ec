"""The map in a real browser, loaded the way streamlit-folium's component loads it (Chromium)."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from pipeline.maps import build_map, event_id_from_click
from pipeline.maps.snapshot import CHROMIUM, CHROMIUM_FLAGS, chromium_available
from pipeline.maps.synthetic import synthetic_events

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="no Chromium installed"),
]


def component_page(fmap) -> str:
    """A page built like streamlit-folium 0.27's frontend builds its iframe.

    It loads each element's default_js/default_css with <script src>/<link href> (here data:
    URIs), adds the header (inline <script> in it would not run there, so we drop it too), the
    map's html, then runs the generated script with `window.map = map_div`, and listens for
    clicks on the layers present at start, as its initComponent does.
    """
    from streamlit_folium import _get_header, _get_html, _get_map_string

    fmap.get_root().render()
    js = [src for _, src in fmap.default_js]
    css = [href for _, href in fmap.default_css]
    header = re.sub(r"<script>.*?</script>", "", _get_header(fmap), flags=re.S)
    body_html = _get_html(fmap)
    script = _get_map_string(fmap)
    links = "".join(f'<link rel="stylesheet" href="{h}">' for h in css)
    scripts = "".join(f'<script src="{s}"></script>' for s in js)
    listen = """
      window.map = map_div;
      window.clicks = [];
      for (var key in map_div._layers) {
        map_div._layers[key].on("click", function (e) {
          var t = e.sourceTarget && e.sourceTarget.getTooltip && e.sourceTarget.getTooltip();
          var span = document.createElement("span");
          span.innerHTML = t ? t.getContent() : "";
          window.clicks.push(span.textContent);
        });
      }
    """
    return (f"<!DOCTYPE html><html><head>{links}{header}</head><body>"
            f'<div id="map_div" style="width:900px;height:650px"></div>{body_html}'
            f"{scripts}<script>{script}\n{listen}</script></body></html>")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_FLAGS))
        yield b
        b.close()


def open_page(browser, content: str):
    page = browser.new_page(viewport={"width": 1000, "height": 750})
    page.remote = []
    page.errors = []
    page.route(re.compile(r"^(https?|wss?)://"),
               lambda route: (page.remote.append(route.request.url), route.abort()))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.set_content(content)
    page.wait_for_function("window.atlasDrawn >= 1", timeout=20_000)
    page.wait_for_timeout(300)  # the initial fitBounds may redraw the markers once more
    return page


def test_component_style_loading_draws_clusters_and_a_click_gives_an_event_id(browser):
    events = synthetic_events(10_000, seed=5)
    page = open_page(browser, component_page(build_map(events, inline_assets=True)))
    assert page.errors == [] and page.remote == []
    assert page.locator(".atlas-cluster").count() >= 5  # 10,000 events are clustered
    click_first_visible = """sel => {
        const box = document.getElementById("map_div").getBoundingClientRect();
        const el = [...document.querySelectorAll(sel)].find(e => {
            const r = e.getBoundingClientRect();
            return r.left > box.left && r.right < box.right
                && r.top > box.top && r.bottom < box.bottom;
        });
        if (el) el.click();
        return !!el;
    }"""
    for _ in range(10):  # zoom into clusters until single markers show, then click one
        if page.evaluate(click_first_visible, ".atlas-ev:not(.atlas-approx)"):
            break
        page.evaluate(click_first_visible, ".atlas-cluster")
        page.wait_for_timeout(500)
    page.wait_for_timeout(200)
    clicks = page.evaluate("window.clicks")
    page.close()
    ids = {event_id_from_click(text, events=events) for text in clicks} - {None}
    assert ids and ids <= set(events["event_id"])


def test_scripts_in_event_text_do_not_run_in_tooltips_or_popups(browser):
    from pipeline.maps.synthetic import events_frame

    payload = ("<img src=x onerror=\"window.pwned=1\">${window.pwned=2}`;window.pwned=3;`"
               "<script>window.pwned=4</script>\\")
    events = events_frame([{"event_id": payload, "event_type": "aid_convoy", "lat": 34.73,
                            "lon": 36.72, "date": "2016-02-24", "admin1": "SY-HI",
                            "country": "SY", "place_name": payload, "article_title": payload,
                            "source": payload}])
    page = open_page(browser, component_page(build_map(events, inline_assets=True)))
    marker = page.locator(".atlas-ev").first
    marker.hover(force=True)
    tooltip = page.locator(".leaflet-tooltip").inner_text(timeout=5_000)
    marker.click(force=True)
    page.wait_for_timeout(200)
    popup = page.locator(".leaflet-popup-content").inner_text()
    pwned = page.evaluate("window.pwned")
    page.close()
    assert pwned is None
    assert payload in tooltip and payload in popup  # shown, as text
    assert event_id_from_click(tooltip) == html_lib.unescape(payload)


def overlay_page(args: dict) -> str:
    """A page built like the component's iframe from `page_map.component_args`: the base map's
    script, then the overlay evaluated the way the component evaluates `feature_group`."""
    js, css = args["js_links"].split("\n"), args["css_links"].split("\n")
    links = "".join(f'<link rel="stylesheet" href="{h}">' for h in css)
    scripts = "".join(f'<script src="{s}"></script>' for s in js)
    swap = """
      window.map = map_div;
      window.swap = function (code) {
        (window.feature_group || []).forEach(function (l) { map_div.removeLayer(l); });
        eval(code);
      };
    """
    return (f"<!DOCTYPE html><html><head>{links}</head><body>"
            f'<div id="map_div" style="width:900px;height:650px"></div>'
            f"{scripts}<script>{args['script']}\n{swap}</script></body></html>")


def test_swapping_overlays_replaces_events_zones_and_legend_without_a_reload(browser):
    from gazetteer.polygons import governorates
    from pipeline.maps.zones import zone_states
    from pipeline.page_map import component_args, page_base, page_overlay

    events = synthetic_events(3_000, seed=8)
    aid = events[events["event_type"].str.startswith("aid_")]
    zones = zone_states(events, governorates())
    base = page_base()
    first = component_args(base, page_overlay(events, zones=zones))
    second = component_args(base, page_overlay(aid, zones=zones))
    assert first["script"] == second["script"]  # the same component: nothing reloads

    page = browser.new_page(viewport={"width": 1000, "height": 750})
    page.set_content(overlay_page(first))
    page.evaluate("code => window.swap(code)", first["feature_group"])
    page.wait_for_function("window.atlasDrawn >= 1")
    def on_markers(frame):  # country-wide events are the banner and border, not markers
        return int((frame["geo_precision"] != "country").sum())

    assert page.evaluate("window.atlasShown") == on_markers(events)
    toggle = page.locator(".atlas-legend-toggle")
    assert page.locator(".atlas-legend.atlas-folded").count() == 1  # the page starts it folded
    toggle.click()
    page.evaluate("window.marker = 1")
    page.evaluate("code => window.swap(code)", second["feature_group"])
    page.wait_for_timeout(300)
    state = page.evaluate("""() => ({
        shown: window.atlasShown, same: window.marker === 1,
        legends: document.querySelectorAll('.atlas-legend').length,
        folded: document.querySelectorAll('.atlas-legend.atlas-folded').length,
        banners: document.querySelectorAll('.atlas-banner').length,
        zones: map_div._atlasSlots.zones.getLayers().length,
        events: map_div._atlasSlots.events.getLayers().length })""")
    assert state == {"shown": on_markers(aid), "same": True, "legends": 1, "folded": 0,
                     "banners": 1, "zones": 1, "events": 1}
    types = page.evaluate("""() => { const out = new Set();
        map_div._atlasSlots.events.eachLayer(all => all.eachLayer(g => g.eachLayer(m => {
            if (m.feature) out.add(m.feature.properties.event_type); })));
        return [...out]; }""")
    page.close()
    assert types and all(t.startswith("aid_") for t in types)


def test_many_types_in_one_area_are_one_marker_that_opens_into_a_ring(browser):
    from pipeline.maps.style import EVENT_TYPES
    from pipeline.maps.synthetic import events_frame

    rows = [{"event_id": f"hama-{i}", "event_type": t, "lat": 35.2, "lon": 37.2,
             "geo_precision": "admin1", "admin1": "SY-HM", "country": "SY",
             "place_name": "Hama Governorate", "date": "2016-02-24"}
            for i, t in enumerate(list(EVENT_TYPES)[:7])]
    rows.append({"event_id": "homs-1", "event_type": "siege", "lat": 34.7, "lon": 37.5,
                 "geo_precision": "admin1", "admin1": "SY-HI", "country": "SY",
                 "place_name": "Homs Governorate", "date": "2016-02-24"})
    page = open_page(browser, component_page(build_map(events_frame(rows), inline_assets=True)))
    assert page.locator(".atlas-area-cluster").count() == 1  # Hama: 7 types in one marker
    assert page.locator(".atlas-approx").count() == 1  # Homs: its one type on its own
    page.locator(".atlas-area-cluster").click()
    page.wait_for_timeout(200)
    assert page.locator(".atlas-approx").count() == 1 + 7
    page.locator(".atlas-area-cluster").click()
    page.wait_for_timeout(200)
    assert page.locator(".atlas-approx").count() == 1
    page.close()
