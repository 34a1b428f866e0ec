"""build_map: zones, events, basemap and legend in offline, escaped, deterministic HTML."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import folium
import pytest
from folium.plugins import MarkerCluster

from pipeline.maps import build_map, event_id_from_click, event_id_from_feature
from pipeline.maps.assets import STATIC, AssetError, localise
from pipeline.maps.payload import decode_columns, events_payload, marker_key, prepared
from pipeline.maps.synthetic import events_frame, synthetic_events

CDN_HOSTS = ("cdn", "unpkg", "jsdelivr", "googleapis", "bootstrapcdn", "cdnjs", "code.jquery",
             "netdna", "cloudflare", "openstreetmap")
# URLs that occur in the bundled Leaflet and in SVG markup as text, never fetched: the SVG
# namespace, Leaflet's attribution link and two bug-tracker links in leaflet.css comments.
INERT_URLS = ("http://www.w3.org/2000/svg", "https://leafletjs.com",
              "https://bugs.chromium.org/", "https://bugzilla.mozilla.org/")
DATA_URI = re.compile(r"data:([a-z/+-]+);base64,([A-Za-z0-9+/=]+)")

PAYLOADS = {
    "script": "<script>alert('x')</script>",
    "img": '<img src=x onerror="alert(1)">',
    "template": "${alert(1)}",
    "backtick": "`;alert(1);`",
}


def row(event_id, event_type="aid_convoy", *, day="2016-02-24", lat=34.73, lon=36.72,
        precision="settlement", admin1="SY-HI", **extra):
    values = {"event_id": event_id, "event_type": event_type, "date": day, "published": day,
              "lat": lat, "lon": lon, "geo_precision": precision, "admin1": admin1,
              "country": "SY", "place_name": "Town", "place_id": "gn:1"}
    values.update(extra)
    return values


@pytest.fixture(scope="module")
def sample():
    return events_frame([
        row("conv-1", quantities={"trucks": 100}),
        row("conv-2", day="2016-02-26", quantities={"trucks": 20}),
        row("drop-1", "aid_airdrop", lat=35.336, lon=40.14, admin1="SY-DY",
            quantities={"tonnes": 21}),
        row("site-1", "monitoring_center", lat=35.40, lon=35.95, precision="site",
            admin1="SY-LA"),
        row("area-1", "ceasefire_violation", lat=35.2, lon=37.2, precision="admin1",
            admin1="SY-HM", place_name="Hama governorate"),
        row("nation-1", "ceasefire_agreed", day="2016-02-22", lat=35.0, lon=38.5,
            precision="country", admin1=None, place_name="Syria"),
    ])


@pytest.fixture(scope="module")
def sample_html(sample):
    return build_map(sample, inline_assets=True).get_root().render()


def points_of(frame):
    data = events_payload(prepared(frame), area_points={}, area_shapes={})
    return data, decode_columns(data["points"], data)


def split_data_uris(html: str) -> tuple[str, list[str]]:
    """The HTML with data: URIs cut out, and the decoded text ones (themselves cut the same way)."""
    decoded = []
    for m in DATA_URI.finditer(html):
        if m.group(1).startswith("text/"):
            text, inner = split_data_uris(base64.b64decode(m.group(2)).decode("utf-8"))
            decoded += [text, *inner]
    return DATA_URI.sub("data:", html), decoded


def test_map_draws_basemap_zones_events_and_legend(sample_html):
    for call in ("Atlas.basemap(", "Atlas.zones(", "Atlas.events(", "Atlas.legend(",
                 "Atlas.layers("):
        assert call in sample_html
    assert '"state":"agreed"' in sample_html  # the country-wide agreement shades the zones
    assert any("Ceasefire zones (end of window)" in a for a in split_data_uris(sample_html)[1])


def test_every_marker_carries_its_event_id(sample_html):
    for event_id in ("conv-2", "drop-1", "site-1", "area-1", "nation-1"):
        assert f'"{event_id}"' in sample_html


def test_no_cdn_or_remote_url_in_the_inlined_map(sample_html):
    html, assets = split_data_uris(sample_html)
    assert len(assets) >= 5  # leaflet.js, supercluster, atlas.js, leaflet.css, atlas.css
    for text in [html, *assets]:
        for host in CDN_HOSTS:
            assert host not in text.lower(), host
        for url in re.findall(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s\"')]*", text):
            assert url.startswith(INERT_URLS), url
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)


def test_local_asset_mode_points_into_the_bundled_static_folder(sample):
    html = build_map(sample, asset_base_url="/app/static/").get_root().render()
    links = re.findall(r"""(?:src|href)="([^"]+)\"""", html)
    assert links and all(link.startswith("/app/static/") for link in links)
    for link in links:
        assert (STATIC / link.removeprefix("/app/static/")).is_file()
    for host in CDN_HOSTS:
        assert host not in html.lower()


def test_inlined_css_carries_its_images():
    from pipeline.maps.assets import inline_uri

    css = base64.b64decode(inline_uri("leaflet/leaflet.css").split(",", 1)[1]).decode()
    assert "url(data:image/png;base64," in css
    assert not re.search(r"url\((?!data:|#)", css)


def test_same_events_give_byte_identical_html(sample, sample_html):
    again = build_map(sample, inline_assets=True).get_root().render()
    assert again == sample_html


def test_row_order_does_not_change_the_html(sample, sample_html):
    shuffled = sample.sample(frac=1.0, random_state=3)
    assert build_map(shuffled, inline_assets=True).get_root().render() == sample_html


def test_element_ids_are_deterministic(sample):
    names = [e.get_name() for e in build_map(sample)._children.values()]
    assert names == [e.get_name() for e in build_map(sample)._children.values()]


@pytest.mark.parametrize("field", ["article_title", "source", "place_name", "event_id"])
def test_article_payloads_are_escaped_in_the_map(field):
    values = {field: " ".join(PAYLOADS.values())}
    html = build_map(events_frame([row("x-1", **values) if field != "event_id"
                                   else row(values["event_id"])])).get_root().render()
    html, _ = split_data_uris(html)
    for payload in PAYLOADS.values():
        assert payload not in html
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "${alert" not in html and "`;alert" not in html


def test_escaped_event_id_still_comes_back_from_a_click():
    nasty = "id-<b>`${x}`"
    html = build_map(events_frame([row(nasty)])).get_root().render()
    assert "[event " not in html  # built in the browser, from the escaped id in the data
    assert event_id_from_click("Aid convoy · Town [event id-&lt;b&gt;&#96;&#36;{x}&#96;]") == nasty


def test_nationwide_agreement_is_an_outline_and_banner_not_a_point(sample, sample_html):
    data, cols = points_of(sample)
    ids = data["points"].get("id", []) + data["areas"]["id"]
    assert "nation-1" not in ids
    assert "country-wide: ceasefire agreed since 2016-02-22" in sample_html
    assert re.search(r'"nationwide":\[\{"geometry":\{"type":"(Multi)?Polygon"', sample_html)


def test_governorate_level_event_is_an_area_not_a_point(sample):
    data, _ = points_of(sample)
    assert "area-1" not in data["points"]["id"]
    assert data["areas"]["id"] == ["area-1"]


def test_area_event_sits_on_its_governorate_with_the_outline():
    from gazetteer import polygons
    from pipeline.maps.basemap import area_geometry

    points, shapes = area_geometry(polygons.governorates())
    frame = events_frame([row("a", precision="admin1", admin1="SY-HM", lat=0.0, lon=0.0)])
    data = events_payload(prepared(frame), area_points=points, area_shapes=shapes)
    cols = decode_columns(data["areas"], data)
    assert (cols["y"][0], cols["x"][0]) == pytest.approx(points["SY-HM"], abs=1e-4)
    assert data["area_shapes"] == [shapes["SY-HM"]]


def test_events_at_one_place_and_type_are_one_marker_with_count_and_latest_id(sample):
    data, cols = points_of(sample)
    convoy = data["types"].index(next(t for t in data["types"] if t[0] == "aid_convoy"))
    i = list(cols["t"]).index(convoy)
    assert data["points"]["n"][i] == 2 and data["points"]["id"][i] == "conv-2"
    assert data["strings"][data["points"]["q"][i]] == "120 trucks"
    assert data["dates"][cols["d0"][i]] == "2016-02-24"
    assert data["dates"][cols["d1"][i]] == "2016-02-26"


def test_sites_are_flagged_and_size_follows_quantity(sample):
    data, cols = points_of(sample)
    by_id = dict(zip(data["points"]["id"], range(len(cols["k"])), strict=True))
    assert cols["k"][by_id["site-1"]] == 1 and cols["k"][by_id["drop-1"]] == 0
    assert cols["s"][by_id["conv-2"]] > cols["s"][by_id["site-1"]]


def test_decoded_points_keep_their_coordinates(sample):
    data, cols = points_of(sample)
    by_id = dict(zip(data["points"]["id"], range(len(cols["y"])), strict=True))
    assert (cols["y"][by_id["drop-1"]], cols["x"][by_id["drop-1"]]) == pytest.approx((35.336,
                                                                                      40.14))


def test_events_without_coordinates_are_counted_not_drawn():
    frame = events_frame([row("a"), row("b", lat=None, lon=None)])
    html = build_map(frame).get_root().render()
    assert "1 events without coordinates are not on the map" in html


def test_selected_event_is_ringed(sample):
    html = build_map(sample, selected_id="drop-1").get_root().render()
    assert re.search(r'Atlas\.selected\([^)]*\{"y":35\.336,"x":40\.14\}', html)
    area = build_map(sample, selected_id="area-1").get_root().render()
    assert re.search(r'Atlas\.selected\([^)]*\{"geometry":', area)
    assert "Atlas.selected(" not in build_map(sample, selected_id="nope").get_root().render()


def test_online_tiles_only_on_request_and_off_until_switched_on(sample):
    assert "openstreetmap" not in build_map(sample).get_root().render()
    html = build_map(sample, online_tiles=True).get_root().render()
    call = re.search(r"Atlas\.layers\(.*?\);", html, re.S).group(0)
    assert "tile.openstreetmap.org" in call
    assert html.count("tile.openstreetmap.org") == 1  # offered in the switcher, not added


def test_many_distinct_points_send_position_keys_that_resolve_to_events(monkeypatch):
    from pipeline.maps import payload

    monkeypatch.setattr(payload, "ID_BUDGET_BYTES", 10)
    frame = events_frame([row("old", day="2016-01-01"), row("new", day="2016-03-01"),
                          row("other", lat=33.5, lon=36.3)])
    data = payload.events_payload(prepared(frame), area_points={}, area_shapes={})
    assert "id" not in data["points"]
    text = f"Aid convoy · Town [marker {marker_key(34.73, 36.72, 'aid_convoy')}]"
    assert event_id_from_click(text, events=frame) == "new"
    assert event_id_from_click(text) is None


def test_hundred_thousand_events_fit_in_three_megabytes():
    frame = synthetic_events(100_000, seed=1)
    html = build_map(frame, inline_assets=True).get_root().render()
    assert len(html.encode()) <= 3_000_000


@pytest.mark.parametrize("text,expected", [
    ("Aid convoy · Homs · 2016-02-24 [event abc-1]", "abc-1"),
    ("  [event 42]  ", "42"),
    ("Hama: Violated since 2016-02-28 [event e:3]", "e:3"),
    ("12 events: aid mostly; click to zoom in", None),
    ("", None),
    (None, None),
])
def test_event_id_from_click(text, expected):
    assert event_id_from_click(text) == expected


def test_event_id_from_feature():
    assert event_id_from_feature({"properties": {"event_id": "a&amp;b"}}) == "a&b"
    assert event_id_from_feature({"properties": {"event_id": None}}) is None
    assert event_id_from_feature(None) is None


def test_a_plugin_that_needs_cdn_assets_is_refused():
    fmap = folium.Map(tiles=None)
    MarkerCluster().add_to(fmap)
    with pytest.raises(AssetError, match="MarkerCluster"):
        localise(fmap, inline=True)


def test_vendored_files_have_licences_and_sources():
    sources = (STATIC / "SOURCES.md").read_text()
    for package in ("leaflet", "supercluster", "kdbush"):
        assert f"| {package} |" in sources
    for licence in ("leaflet/LICENSE", "supercluster/LICENSE", "supercluster/LICENSE.kdbush"):
        assert (STATIC / licence).stat().st_size > 100
    from pipeline.maps.assets import CSS, JS

    for _, relative in (*JS, *CSS):
        assert Path(STATIC, relative).is_file()


def test_payload_json_cannot_close_the_script_block():
    html = build_map(events_frame([row("a", place_name="</script><script>alert(1)//")]))
    text = html.get_root().render()
    assert text.count("</script>") == text.count("<script")
    assert json.loads('"\\u003c"') == "<"


def test_the_base_map_does_not_depend_on_the_events(sample):
    from pipeline.maps.build import base_map

    html = base_map(inline_assets=True).get_root().render()
    assert html == base_map(inline_assets=True).get_root().render()
    assert "Atlas.basemap(" in html and "Atlas.layers(" in html
    for call in ("Atlas.zones(", "Atlas.events(", "Atlas.legend("):
        assert call not in html


def test_an_overlay_holds_zones_events_banner_and_legend(sample):
    from pipeline.maps.build import map_overlay

    overlay = map_overlay(sample)
    calls = [child.function for child in overlay._children.values()]
    assert calls == ["zones", "events", "control", "legend"]  # control: the country-wide banner


def test_build_map_is_the_base_map_with_the_overlay_on_it(sample, sample_html):
    assert "Atlas.overlay(" in sample_html
    assert sample_html.index("Atlas.layers(") < sample_html.index("Atlas.overlay(")


def test_the_legend_can_start_folded(sample):
    from pipeline.maps.build import map_overlay

    legend = [c for c in map_overlay(sample, legend_open=False)._children.values()
              if c.function == "legend"][0]
    assert json.loads(legend.arguments[0])["open"] is False
    assert '"open":true' in build_map(sample).get_root().render()  # snapshots: unfolded


def test_the_overlay_may_take_the_prepared_frame_of_a_larger_store(sample):
    from pipeline.maps.build import map_overlay

    shown = sample[sample["event_type"] != "aid_convoy"]
    whole = prepared(sample)
    given = map_overlay(shown, frame=whole[whole.index.isin(shown.index)])
    own = map_overlay(shown)
    assert [c.arguments for c in given._children.values()] == [
        c.arguments for c in own._children.values()]


def test_the_country_wide_line_names_the_most_frequent_types_only():
    from pipeline.maps.build import banner_lines

    groups = {"SY": [("aid_convoy", 5, "a"), ("siege", 9, "b"), ("shelling", 1, "c"),
                     ("airstrike", 2, "d"), ("evacuation", 3, "e"), ("diplomacy", 1, "f")]}
    ((name, text),) = banner_lines(groups, {})
    assert name == "Syria"
    assert text == ("country-wide — 21 events: Siege 9 · Aid convoy 5 · Evacuation 3 · "
                    "Airstrike 2 · 2 more types")
