"""Reading articles: encodings, front matter, limits, and a clear reason for every rejected file."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline import articles, frontmatter
from pipeline.articles import (
    Rejected,
    article_from_text,
    decode,
    iter_inputs,
    read_article,
)
from pipeline.frontmatter import parse_date
from pipeline.model import Article

FRONT = "---\ntitle: Aid reaches Madaya\npublished: 2016-01-11\nsource: Wire\n---\n"
BODY = "Trucks reached the town of Madaya on Monday.\n"


def put(path, data: bytes | str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def read(path, **kw) -> Article:
    result = read_article(path, **kw)
    assert isinstance(result, Article), result
    return result


def rejected(path, **kw) -> str:
    result = read_article(path, **kw)
    assert isinstance(result, Rejected), result
    assert result.path == str(path)
    return result.reason


def test_front_matter_fills_the_fields_and_the_body_follows_it(tmp_path):
    a = read(put(tmp_path / "madaya.txt", FRONT + BODY))
    assert (a.article_id, a.title, a.published, a.source) == (
        "madaya", "Aid reaches Madaya", date(2016, 1, 11), "Wire"
    )  # fmt: skip
    assert a.body == BODY and a.warnings == []


def test_the_id_in_front_matter_wins_over_the_file_name_and_keeps_leading_zeros(tmp_path):
    a = read(put(tmp_path / "x.md", "---\nid: 007\n---\n" + BODY))
    assert a.article_id == "007"


def test_without_front_matter_the_whole_text_is_the_body_and_the_title_its_first_line(tmp_path):
    a = read(put(tmp_path / "plain.md", "# Convoy news\n\n" + BODY))
    assert a.body.startswith("# Convoy news") and a.title == "Convoy news"
    assert a.published is None


def test_body_offsets_survive_windows_line_endings(tmp_path):
    text = FRONT.replace("\n", "\r\n") + "Line one.\r\nTrucks reached Madaya.\r\n"
    a = read(put(tmp_path / "crlf.txt", text))
    assert a.published == date(2016, 1, 11)
    start = a.body.index("Madaya")
    assert a.body[start : start + 6] == "Madaya" and a.body.startswith("Line one.\r\n")


def test_empty_file_is_rejected(tmp_path):
    assert rejected(put(tmp_path / "empty.txt", b"")) == "empty file"
    assert rejected(put(tmp_path / "blank.txt", b"  \n\n")) == "empty file"


def test_front_matter_without_a_body_is_rejected(tmp_path):
    assert rejected(put(tmp_path / "x.txt", FRONT)) == "no text after the front matter"


def test_binary_file_is_rejected(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    assert "binary" in rejected(put(tmp_path / "picture.txt", png))


def test_control_characters_without_nul_are_binary_too(tmp_path):
    data = bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16] * 50) + b"some words"
    assert "binary" in rejected(put(tmp_path / "noise.txt", data))


def test_latin1_file_is_decoded(tmp_path):
    text = "Les réfugiés ont reçu de l'aide à Alep, dit le Croissant-Rouge.\n"
    a = read(put(tmp_path / "latin1.txt", text.encode("latin-1")))
    assert a.body == text


def test_utf16_file_with_bom_is_decoded(tmp_path):
    text = FRONT + "Aid reached Dara’a and حلب.\n"
    a = read(put(tmp_path / "utf16.txt", text.encode("utf-16")))
    assert a.published == date(2016, 1, 11)
    assert a.body == "Aid reached Dara’a and حلب.\n"


def test_utf16_without_bom_is_recognised_by_its_nul_pattern(tmp_path):
    text = "Trucks reached the besieged town.\n"
    assert read(put(tmp_path / "le.txt", text.encode("utf-16-le"))).body == text
    assert read(put(tmp_path / "be.txt", text.encode("utf-16-be"))).body == text


def test_utf8_with_bom_drops_the_mark(tmp_path):
    a = read(put(tmp_path / "bom.txt", b"\xef\xbb\xbf" + (FRONT + BODY).encode()))
    assert a.published == date(2016, 1, 11) and a.body == BODY


def test_windows_1252_curly_quotes_are_decoded(tmp_path):
    text = "The ministry said “talks continue” – in Dara’a.\n"
    a = read(put(tmp_path / "cp1252.txt", text.encode("cp1252")))
    assert a.body == text


def test_a_stray_windows_1252_quote_in_utf8_text_keeps_both_right(tmp_path):
    data = "Aid to Ḩamāh, ".encode() + "“quoted”".encode("cp1252") + b".\n"
    text, encoding = decode(data)
    assert text == "Aid to Ḩamāh, “quoted”.\n" and encoding == "utf-8+windows-1252"


def test_broken_front_matter_is_read_field_by_field_with_a_warning(tmp_path):
    text = "---\ntitle: Russia: talks begin\npublished: 2016-02-24\n---\n" + BODY
    a = read(put(tmp_path / "colon.txt", text))
    assert a.title == "Russia: talks begin" and a.published == date(2016, 2, 24)
    assert a.body == BODY
    assert "front matter is not valid YAML" in a.warnings[0]


def test_impossible_date_is_dropped_with_a_warning_naming_the_field(tmp_path):
    a = read(put(tmp_path / "feb30.txt", "---\ntitle: T\npublished: 2016-02-30\n---\n" + BODY))
    assert a.published is None and a.title == "T" and a.body == BODY
    assert "'published: 2016-02-30' is not a valid date" in a.warnings[0]


def test_a_date_that_is_not_a_date_is_dropped_with_a_warning(tmp_path):
    a = read(put(tmp_path / "x.txt", "---\npublished: next Tuesday\n---\n" + BODY))
    assert a.published is None and "not a valid date" in a.warnings[0]


def test_front_matter_never_closed_is_rejected(tmp_path):
    reason = rejected(put(tmp_path / "open.txt", "---\ntitle: T\n" + BODY))
    assert "never closed" in reason


def test_a_markdown_rule_on_the_first_line_is_not_front_matter(tmp_path):
    a = read(put(tmp_path / "rule.md", "---\n" + BODY))
    assert a.body == "---\n" + BODY and a.warnings == []


def test_a_list_as_a_field_value_is_dropped_with_a_warning(tmp_path):
    a = read(put(tmp_path / "x.txt", "---\ntitle: [a, b]\n---\n" + BODY))
    assert a.title == "Trucks reached the town of Madaya on Monday."
    assert "'title' is not a single value" in a.warnings[0]


def test_a_file_of_20_mb_is_rejected_without_being_read(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(20 * 1024 * 1024)  # sparse: 20 MB on paper, nothing to read
    monkeypatch.setattr(articles, "open", lambda *a, **k: pytest.fail("opened"), raising=False)
    assert rejected(big) == "20.0 MB is over the 5.0 MB limit"


def test_the_size_limit_is_configurable(tmp_path):
    path = put(tmp_path / "a.txt", BODY * 100)
    assert "over the" in rejected(path, max_bytes=1000)
    assert read(path, max_bytes=10_000).body == BODY * 100


def test_an_article_of_only_punctuation_is_rejected(tmp_path):
    reason = rejected(put(tmp_path / "dots.txt", "... !!! — ?? “” ***\n"))
    assert reason == "no words: only punctuation or symbols"


def test_a_path_that_does_not_exist_is_rejected(tmp_path):
    missing = tmp_path / "nowhere.txt"
    assert list(iter_inputs([missing])) == [Rejected(str(missing), "no such file or folder")]


def test_a_folder_without_articles_is_rejected(tmp_path):
    put(tmp_path / "folder" / "notes.pdf", b"%PDF")
    (tmp_path / "folder" / "sub").mkdir()
    result = list(iter_inputs([tmp_path / "folder"]))
    assert result == [Rejected(str(tmp_path / "folder"), "folder holds no .txt or .md articles")]


def test_unreadable_file_is_rejected_with_the_reason(tmp_path, monkeypatch):
    path = put(tmp_path / "secret.txt", BODY)

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")  # chmod 0 does not stop root, this does

    monkeypatch.setattr(articles, "open", denied, raising=False)
    assert rejected(path) == "cannot be read: Permission denied"


def test_folders_are_searched_recursively_in_a_stable_order_skipping_hidden_and_other_files(
    tmp_path,
):
    for name in ("b/2.md", "a/1.TXT", "a/z/3.txt", "c.txt", ".hidden/4.txt", "a/.5.txt", "x.csv"):
        put(tmp_path / name, BODY)
    found = [p.relative_to(tmp_path).as_posix() for p in iter_inputs([tmp_path])]
    assert found == ["c.txt", "a/1.TXT", "a/z/3.txt", "b/2.md"]


def test_a_file_named_twice_is_read_once(tmp_path):
    path = put(tmp_path / "a.txt", BODY)
    assert list(iter_inputs([path, tmp_path, path])) == [path]


def test_a_file_named_explicitly_is_read_whatever_its_extension(tmp_path):
    path = put(tmp_path / "wire.text", BODY)
    assert list(iter_inputs([path])) == [path]
    assert read(path).body == BODY


def test_pasted_text_becomes_an_article_too():
    a = article_from_text(FRONT + BODY, default_id="pasted")
    assert isinstance(a, Article) and a.article_id == "pasted" and a.path == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016-02-24", date(2016, 2, 24)),
        ("2016-02-24T10:30:00Z", date(2016, 2, 24)),
        ("24 February 2016", date(2016, 2, 24)),
        ("Feb 24, 2016", date(2016, 2, 24)),
    ],
)
def test_publication_dates_in_common_forms(text, expected):
    assert parse_date(text) == expected


def test_the_seed_reads_with_its_front_matter(seed_path):
    a = read(seed_path)
    assert a.published == date(2016, 2, 24) and a.title.startswith("Russia begins talks")
    assert a.body.startswith("Russia has begun negotiations") and a.warnings == []


@pytest.mark.parametrize(
    "block",
    [
        'title: "Quoted: with colon"\npublished: 2016-02-24\nsource: Press TV\n',
        "title: It's plain\nurl: https://example.org/a?b=c#frag\nid: 007\n",
        "title: 'single'\nempty:\n\nsource: A, B and C\n",
        "published: 2016-02-24        # the date\n",
        "title: Russia: talks\n",
        "title: >\n  folded\n  text\n",
        'title: "esc\\"aped"\n',
        "tags:\n  - a\n  - b\ntitle: T\n",
    ],
)
def test_the_fast_front_matter_path_agrees_with_yaml_or_steps_aside(block):
    import yaml

    fast = frontmatter._simple_fields(block)
    if fast is not None:
        assert fast == yaml.load(block, Loader=frontmatter._FrontMatterLoader)
