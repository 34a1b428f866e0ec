"""The page through Streamlit's AppTest: filters and the window change what is shown, the export
buttons produce files of exactly what is shown, added articles add their events, text is escaped.

The data folder is a tmp folder passed through $CEASEFIRE_ATLAS_DATA (what `--data` sets).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
import synthetic_events
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from pipeline.page_data import DATA_ENV
from pipeline.store import Store

ROOT = Path(__file__).resolve().parent.parent
PAGE = str(ROOT / "dashboard.py")
TIMEOUT = 300  # seconds; a run that loads the gazetteer and the pipeline takes a while


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    synthetic_events.build(folder)
    monkeypatch.setenv(DATA_ENV, str(folder))
    monkeypatch.setattr(sys, "argv", ["dashboard.py"])
    return folder


@pytest.fixture
def app(data_dir) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> int:
    """The 'Events shown' metric."""
    return int(next(m for m in at.metric if m.label == "Events shown").value.replace(",", ""))


def html_text(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def test_the_page_opens_on_every_event(app):
    assert shown(app) == 26  # 24 dated, 2 undated
    assert app.title[0].value == "Ceasefire Atlas"


def test_type_governorate_and_text_filters_change_the_counts(app):
    families = app.button_group(key="f_families")
    families.set_value(["aid", "conflict", "other"]).run()
    assert shown(app) == 26 - 8  # ceasefire_agreed and _violation: 4 each of the 24
    app.multiselect(key="f_types").set_value(["aid_convoy", "shelling"]).run()
    assert shown(app) == 6 + 4
    app.button_group(key="f_families").set_value(["aid"]).run()
    assert shown(app) == 6
    app.multiselect(key="f_types").set_value([]).run()
    app.button_group(key="f_families").set_value(["ceasefire", "aid", "conflict", "other"]).run()
    assert shown(app) == 26
    app.multiselect(key="f_admin1").set_value(["SY-HI"]).run()
    homs = shown(app)
    assert 0 < homs < 26 - 4
    app.text_input(key="f_text").set_value("no such words anywhere").run()
    assert shown(app) == 0


def test_the_slider_and_step_buttons_move_the_window(app):
    first = synthetic_events.FIRST_DAY
    slider = app.slider(key="window")
    assert slider.value == (first, first + timedelta(days=synthetic_events.DAYS - 1))
    slider.set_value((first, first)).run()
    # the 24 dated events are spread over 20 days: day one has 2, plus the 2 undated ones
    assert shown(app) == 2 + 2
    app.checkbox(key="f_undated").uncheck().run()
    assert shown(app) == 2
    app.button(key="step_week ▶").click().run()
    assert app.slider(key="window").value == (first + timedelta(7), first + timedelta(7))
    assert shown(app) == 1


def test_export_buttons_produce_files_of_exactly_what_is_shown(data_dir, monkeypatch):
    made: dict[str, object] = {}
    original = DeltaGenerator.download_button

    def recording(self, label, data, *args, **kwargs):
        made[label] = data
        return original(self, label, data, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", recording)
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    at.multiselect(key="f_types").set_value(["aid_convoy"]).run()
    count = shown(at)
    assert 0 < count < 26

    def produce(label: str) -> bytes:
        data = made[label]
        data = data() if callable(data) else data  # deferred: built when clicked
        return data.encode("utf-8") if isinstance(data, str) else data

    rows = list(csv.DictReader(io.StringIO(produce("Events CSV").decode("utf-8-sig"))))
    assert len(rows) == count and {r["event_type"] for r in rows} == {"aid_convoy"}
    features = json.loads(produce("Events GeoJSON"))["features"]
    assert len(features) == count
    page = produce("Map snapshot (HTML)").decode("utf-8")
    assert "<html" in page.lower() and "aid_convoy" in page
    assert "<script>window.__xss" not in page
    assert produce("Map snapshot (PNG)").startswith(b"\x89PNG\r\n\x1a\n")


def test_selected_event_shows_escaped_evidence_and_no_unsafe_link(app):
    xss_event = "ev-024"  # the undated event whose title carries markup
    app.session_state["selected"] = xss_event
    app.run()
    text = html_text(app)
    assert "ca-evidence" in text and '<mark class="ca-place"' in text
    assert "&lt;script&gt;" in text and "<script>" not in text and "<img" not in text
    assert "javascript:" not in text  # the event's url is javascript:..., so no link at all
    assert "&#36;{alert(1)}" in text and "${" not in text


def test_an_event_link_selects_the_event(data_dir):
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.query_params["event"] = "ev-003"
    at.run()
    assert not at.exception, at.exception
    text = html_text(at)
    assert "Report 3 on the truce" in text and '<mark class="ca-place"' in text


def test_adding_an_article_adds_its_events(app, data_dir, tmp_path):
    """Upload a file: it is saved in DATA/articles, the pipeline runs, its events appear."""
    text = (
        b"---\ntitle: Truce agreed in Homs\npublished: 2016-03-05\nsource: Test Wire\n---\n"
        b"A ceasefire was agreed in Homs on Saturday, and more than 20 trucks of aid "
        b"reached Homs the same day.\n"
    )
    # What the pipeline itself finds in this article (whatever the extraction's quality).
    from pipeline.run import run

    probe = tmp_path / "probe"
    probe.mkdir()
    (probe / "homs-truce.txt").write_bytes(text)
    expected = run([probe / "homs-truce.txt"], tmp_path / "probe_out").events_written
    assert expected > 0, "the pipeline finds no event in a plain truce report"

    before = shown(app)
    app.file_uploader(key="upload_files").set_value(("homs-truce.txt", text, "text/plain"))
    app.button(key="upload_submit").click().run()
    assert not app.exception, app.exception
    assert (data_dir / "articles" / "homs-truce.txt").read_bytes() == text
    assert shown(app) == before + expected
    assert any("Added 1 article" in s.value for s in app.success)
    assert Store(data_dir).counts()["articles"] == 27


def test_bad_files_are_named_with_their_reason_and_the_rest_is_added(app, data_dir):
    # (other types never reach the page: the uploader itself takes only .txt and .md)
    app.file_uploader(key="upload_files").set_value([
        ("binary.txt", bytes(range(256)) * 8, "text/plain"),
        ("empty.txt", b"   ", "text/plain"),
        ("<img src=x onerror=alert(1)>.txt", b"Aid reached the town.", "text/plain"),
    ])
    app.button(key="upload_submit").click().run()
    assert not app.exception, app.exception
    text = html_text(app)
    assert "binary.txt: binary" in text.replace("</b>", "").replace("<b>", "")
    assert "empty.txt" in text
    assert "<img" not in text
    saved = sorted(p.name for p in (data_dir / "articles").iterdir())
    assert saved == ["img-src-x-onerror-alert-1.txt"]


def test_pasted_text_is_saved_with_front_matter_and_read(app, data_dir):
    before = Store(data_dir).counts()["articles"]
    app.text_input(key="paste_title").set_value("Convoy <b>report</b>")
    app.date_input(key="paste_date").set_value(date(2016, 3, 9))
    app.text_area(key="paste_body").set_value("Twenty trucks of aid reached the town.")
    app.button(key="paste_submit").click().run()
    assert not app.exception, app.exception
    assert Store(data_dir).counts()["articles"] == before + 1
    (saved,) = (data_dir / "articles").iterdir()
    assert saved.read_text().startswith("---\ntitle: Convoy <b>report</b>\npublished: '2016-03-09'")


def test_a_new_data_folder_is_built_from_the_seeds(tmp_path, monkeypatch):
    folder = tmp_path / "fresh"
    monkeypatch.setattr(sys, "argv", ["dashboard.py", "--data", str(folder)])
    monkeypatch.delenv(DATA_ENV, raising=False)
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert Store(folder).counts()["articles"] == len(list((ROOT / "seeds").glob("*.txt")))
    assert shown(at) == Store(folder).counts()["events"] > 0


def test_added_articles_use_the_data_folders_place_overlay(app, data_dir):
    """DATA/places.csv (the analyst's gazetteer overlay) places an article's events."""
    (data_dir / "places.csv").write_text(
        "id,name,kind,lat,lon,admin1,country,aliases,geonameid,population,source,note\n"
        "tal-zarqa-test,Tal Zarqa Qibli,village,35.1111,36.2222,SY-HM,SY,,,,analyst note,\n",
        encoding="utf-8",
    )
    text = (b"---\ntitle: Aid reaches Tal Zarqa Qibli\npublished: 2016-03-05\n---\n"
            b"A convoy of 30 trucks of aid reached Tal Zarqa Qibli in Hama province on Saturday.\n")
    app.file_uploader(key="upload_files").set_value(("zarqa.txt", text, "text/plain"))
    app.button(key="upload_submit").click().run()
    assert not app.exception, app.exception
    events = Store(data_dir).events_frame()
    placed = events[events["article_id"] == "zarqa"]
    assert "usr:tal-zarqa-test" in set(placed["place_id"])
    assert (placed["lat"].round(4) == 35.1111).any()


def test_play_moves_the_window_by_a_week_until_the_last_day(app):
    first = synthetic_events.FIRST_DAY
    app.button(key="play").click().run()
    assert app.session_state["playing"]
    windows = []
    for _ in range(5):
        app.session_state["_play_at"] = 0.0  # the next tick is due (the timer is Streamlit's)
        app.run()
        windows.append(app.slider(key="window").value)
    assert windows[0] == (first, first + timedelta(days=6))
    assert windows[1] == (first + timedelta(days=7), first + timedelta(days=13))
    last = first + timedelta(days=synthetic_events.DAYS - 1)
    assert windows[-1][1] == last and not app.session_state["playing"]  # stopped at the end
    assert app.button(key="play").label.startswith("▶")


def test_added_articles_rewrite_the_data_folders_exports(app, data_dir):
    from pipeline.exports import EVENTS_FILE

    text = b"---\ntitle: Convoy\npublished: 2016-03-05\n---\n20 trucks of aid reached Homs.\n"
    app.file_uploader(key="upload_files").set_value(("convoy.txt", text, "text/plain"))
    app.button(key="upload_submit").click().run()
    assert not app.exception, app.exception
    features = json.loads((data_dir / EVENTS_FILE).read_text(encoding="utf-8"))["features"]
    assert len(features) == Store(data_dir).counts()["events"] == shown(app)
    assert (data_dir / "mentions.csv").is_file()


def test_an_event_chosen_by_link_is_also_ringed_on_the_map(data_dir):
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.query_params["event"] = "ev-003"
    at.run()
    assert at.session_state["selected"] == at.session_state["ring"] == "ev-003"


def test_a_map_made_anew_counts_clicks_from_zero_and_its_first_click_is_new():
    from pipeline.maps.synthetic import events_frame
    from pipeline.page_map import clicked_event

    shown = events_frame([{"event_id": "e-1", "lat": 34.7, "lon": 36.7}])
    click = {"last_object_clicked_tooltip": "Aid · Homs [event e-1]",
             "last_object_clicked_count": 4}
    event_id, key = clicked_event(click, None, shown)
    assert event_id == "e-1"
    # the map is made again (its counter restarts): it reports no click, then the same marker
    # is clicked, which gives the very same count and text as the click before
    assert clicked_event({"last_object_clicked_count": 0}, key, shown)[0] is None
    key = clicked_event({"last_object_clicked_count": 0}, key, shown)[1]
    assert clicked_event(click, key, shown)[0] == "e-1"
