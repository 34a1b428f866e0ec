"""safe_text: HTML-escaped and inert inside JavaScript template strings."""

from __future__ import annotations

import json

import pytest

from pipeline.maps.escape import safe_text, script_json

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "${alert(1)}",
    "`; alert(1); `",
    "back\\slash\\`",
    "it's \"quoted\" & <b>bold</b>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_markup_or_template_syntax_survives(payload):
    out = safe_text(payload)
    for dangerous in ("<", ">", "`", "${", "\\", '"', "'"):
        assert dangerous not in out


def test_script_tag_becomes_text():
    assert safe_text("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_img_onerror_cannot_open_a_tag():
    out = safe_text('<img src=x onerror="alert(1)">')
    assert out.startswith("&lt;img") and "&quot;alert(1)&quot;" in out


def test_template_placeholder_is_neutralised_but_reads_the_same():
    assert safe_text("${alert(1)}") == "&#36;{alert(1)}"


def test_backtick_and_backslash_become_character_references():
    assert safe_text("a`b\\c") == "a&#96;b&#92;c"


def test_round_trip_through_html_unescape_gives_the_original():
    import html

    for payload in PAYLOADS + ["Dar'a — درعا", "$100 for 21%"]:
        assert html.unescape(safe_text(payload)) == payload


def test_none_is_empty_and_numbers_are_text():
    assert safe_text(None) == ""
    assert safe_text(21.5) == "21.5"


def test_plain_text_is_unchanged():
    assert safe_text("Aid convoy reaches Homs") == "Aid convoy reaches Homs"


def test_script_json_cannot_close_the_script_block():
    text = script_json({"t": "</script><script>alert(1)</script>", "u": "a\u2028b"})
    assert "</" not in text and "<script" not in text and "\u2028" not in text
    assert json.loads(text) == {"t": "</script><script>alert(1)</script>", "u": "a\u2028b"}
