"""The details card: escaped evidence with place and trigger marked, safe links, precision."""

from __future__ import annotations

from pipeline.page_details import (
    PLACE_CLASS,
    TRIGGER_CLASS,
    detail_html,
    evidence_spans,
    format_quantities,
    highlight,
    safe_url,
)

SENTENCE = "Aid reached <b>Madaya</b> town `${alert(1)}`."


def _event(**kw):
    body_offset = 100
    place = SENTENCE.index("Madaya")
    trigger = SENTENCE.index("reached")
    event = {
        "event_id": "ev-1", "event_type": "aid_convoy", "status": "reported",
        "date": "2016-01-11", "date_end": "2016-01-11", "date_precision": "day",
        "effective_date": None, "place": "Madaya", "place_name": "Madaya",
        "geo_precision": "settlement", "admin1": "SY-RD", "actors": ["Red Crescent"],
        "quantities": {"trucks": 44, "people": 40000}, "article_title": "<i>Convoy</i>",
        "source": "Wire <script>x</script>", "published": "2016-01-12",
        "url": "https://example.org/news?id=1&x=2", "evidence": SENTENCE,
        "evidence_start": body_offset, "place_start": body_offset + place,
        "place_end": body_offset + place + 6, "trigger_start": body_offset + trigger,
        "trigger_end": body_offset + trigger + 7, "confidence": 0.82,
    }
    event.update(kw)
    return event


def test_marks_wrap_the_place_and_trigger_and_the_rest_is_escaped():
    html = highlight(SENTENCE, evidence_spans(_event()))
    assert f'class="{PLACE_CLASS}"' in html and f'class="{TRIGGER_CLASS}"' in html
    assert ">Madaya</mark>" in html and ">reached</mark>" in html
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "`" not in html and "${" not in html


def test_spans_that_overlap_or_fall_outside_the_sentence_are_dropped():
    html = highlight("abcdef", [(0, 3, "x"), (2, 5, "y"), (4, 99, "z")])
    assert html.count("<mark") == 1 and html.endswith("def")
    assert evidence_spans(_event(place_start=5)) != []  # before the sentence: dropped
    assert len(evidence_spans(_event(place_start=5))) == 1


def test_only_http_and_https_links_are_kept():
    assert safe_url("https://example.org/a") == "https://example.org/a"
    assert safe_url("HTTP://example.org") == "HTTP://example.org"
    for bad in ("javascript:alert(1)", "data:text/html,<b>", "//example.org", "", None,
                "https://", " jav\tascript:alert(1)"):
        assert safe_url(bad) is None


def test_the_card_escapes_title_and_source_and_links_safely():
    html = detail_html(_event())
    assert "<script>" not in html and "<i>" not in html
    assert "&lt;i&gt;Convoy&lt;/i&gt;" in html
    assert 'href="https://example.org/news?id=1&amp;x=2"' in html
    assert "known to the day" in html and "a town or village" in html
    assert "people: 40,000 · trucks: 44" in html
    no_link = detail_html(_event(url="javascript:alert(1)"))
    assert "href" not in no_link and "javascript" not in no_link


def test_undated_and_governorate_level_events_say_so():
    html = detail_html(_event(date=None, date_end=None, date_precision="unknown",
                              geo_precision="admin1"))
    assert "undated" in html and "governorate only" in html


def test_quantities_read_as_plain_numbers():
    assert format_quantities({"tonnes": 21.5, "trucks": 100}) == "tonnes: 21.50 · trucks: 100"
    assert format_quantities({}) == "" and format_quantities(None) == ""


def test_other_events_at_the_place_are_listed_newest_first_without_the_selected_one():
    import pandas as pd

    from pipeline.page_details import same_place_choices

    shown = pd.DataFrame([
        {"event_id": "a", "place_id": "p", "date": "2016-03-01", "event_type": "siege",
         "article_title": "Old"},
        {"event_id": "b", "place_id": "p", "date": "2016-03-09", "event_type": "aid_convoy",
         "article_title": "New"},
        {"event_id": "c", "place_id": "p", "date": None, "event_type": "shelling",
         "article_title": "Undated"},
        {"event_id": "d", "place_id": "q", "date": "2016-03-05", "event_type": "siege",
         "article_title": "Elsewhere"},
    ])
    choices = same_place_choices(shown, {"event_id": "a", "place_id": "p"})
    assert list(choices) == ["b", "c"]
    assert choices["b"] == "2016-03-09 · Aid convoy · New"
    assert choices["c"].startswith("undated")
    assert len(same_place_choices(shown, {"event_id": "x", "place_id": "p"}, limit=1)) == 1
