"""Added articles: safe names, type and size limits, checked before saving, never outside DATA."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.articles import read_article
from pipeline.page_uploads import (
    MAX_UPLOAD_BYTES,
    UploadError,
    safe_filename,
    save_pasted,
    save_upload,
)


def test_file_names_lose_paths_and_odd_characters():
    assert safe_filename("../../etc/passwd.txt") == "passwd.txt"
    assert safe_filename("C:\\Users\\me\\Report 1 (draft).MD") == "Report-1-draft.md"
    assert safe_filename(".hidden.txt") == "hidden.txt"
    assert safe_filename("Ḥamāh.txt") == "Hamah.txt"
    assert safe_filename("حلب.txt") == "article.txt"
    assert safe_filename("con.txt") == "article-con.txt"


@pytest.mark.parametrize("name", ["a.exe", "a.html", "a", "a.txt.sh"])
def test_only_txt_and_md_are_taken(name):
    with pytest.raises(UploadError):
        safe_filename(name)


def test_an_upload_is_saved_inside_the_data_folder_and_reads_back(tmp_path):
    saved = save_upload(tmp_path, "../../evil/Report.txt", b"Aid reached the town today.")
    assert saved.path == tmp_path / "articles" / "Report.txt"
    assert saved.path.read_bytes() == b"Aid reached the town today."
    assert not (tmp_path.parent / "evil").exists()


def test_bad_uploads_are_refused_and_leave_nothing_behind(tmp_path):
    for name, data, reason in (
        ("big.txt", b"a" * (MAX_UPLOAD_BYTES + 1), "limit"),
        ("empty.txt", b"  \n", "empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
    ):
        with pytest.raises(UploadError, match=reason):
            save_upload(tmp_path, name, data)
    assert list((tmp_path / "articles").iterdir()) == []


def test_pasted_text_keeps_hostile_titles_as_data(tmp_path):
    title = 'Truce: "talks" <script>alert(1)</script>\n---\nid: x'
    saved = save_pasted(tmp_path, title=title, body="Talks began in the city.",
                        published=date(2016, 2, 24), source="Wire `${x}`", url="https://e.org")
    article = read_article(saved.path)
    assert article.title == " ".join(title.split())  # one line, "id: x" is not a field
    assert article.article_id == saved.path.stem
    assert article.published == date(2016, 2, 24)
    assert article.source == "Wire `${x}`"
    assert article.body.strip() == "Talks began in the city."
    again = save_pasted(tmp_path, title=title, body="Talks began in the city.",
                        published=date(2016, 2, 24), source="Wire `${x}`", url="https://e.org")
    assert again.path == saved.path  # the same text gives the same file, not a duplicate


def test_pasted_text_needs_a_title_and_a_body(tmp_path):
    with pytest.raises(UploadError, match="title"):
        save_pasted(tmp_path, title=" ", body="text", published=None)
    with pytest.raises(UploadError, match="empty"):
        save_pasted(tmp_path, title="t", body="  ", published=None)


def test_ingest_names_each_bad_file_and_runs_the_pipeline_on_the_rest(tmp_path):
    from types import SimpleNamespace

    from pipeline.page_uploads import errors_html, ingest, save_upload

    ran = []

    def run(paths):
        ran.append(paths)
        return SimpleNamespace(articles_read=1, events_written=3,
                               rejected=[(str(paths[0]), "no text")] if len(paths) > 1 else [])

    jobs = [(name, lambda name=name, data=data: save_upload(tmp_path, name, data))
            for name, data in [("good.txt", b"Aid reached Homs."), ("bad.pdf", b"%PDF"),
                               ("also.md", b"Trucks reached Hama.")]]
    result = ingest(jobs, run=run, skipped=2)
    assert [p.name for p in ran[0]] == ["good.txt", "also.md"]
    assert (result.articles, result.events) == (1, 3)
    names = [n for n, _ in result.errors]
    assert names == ["bad.pdf", "2 more files", "good.txt"]  # the file the run rejected too
    html = errors_html([("<img src=x onerror=alert(1)>.txt", "binary `${x}`")])
    assert "<img" not in html and "&lt;img" in html and "${" not in html


def test_ingest_with_nothing_saved_runs_nothing(tmp_path):
    from pipeline.page_uploads import ingest, save_upload

    result = ingest([("x.exe", lambda: save_upload(tmp_path, "x.exe", b"MZ"))],
                    run=lambda paths: pytest.fail("ran the pipeline on nothing"))
    assert result.articles == 0 and [n for n, _ in result.errors] == ["x.exe"]
