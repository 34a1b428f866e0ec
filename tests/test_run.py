"""The run loop: stages in order, a broken article never stops the run, the report, re-runs."""

from __future__ import annotations

import io
import json
from dataclasses import replace

from test_store import make_event

from pipeline.model import Article, Event
from pipeline.progress import StderrProgress
from pipeline.run import apply_stages, run
from pipeline.store import Store


def mark_sentences(article: Article) -> Article:
    """A tiny stage: one sentence per line."""
    start = 0
    for line in article.body.splitlines(keepends=True):
        article.sentences.append((start, start + len(line.rstrip())))
        start += len(line)
    return article


def one_event_per_sentence(article: Article) -> Article:
    """A tiny stage: an event for every sentence that says 'talks', with a stable id."""
    for n, (start, end) in enumerate(article.sentences):
        if "talks" in article.body[start:end]:
            event: Event = make_event(article.article_id, n, evidence_start=start)
            article.events.append(replace(event, evidence=article.body[start:end]))
    return article


def explode_on_boom(article: Article) -> Article:
    if "boom" in article.body:
        raise ValueError("cannot parse this")
    return article


STAGES = (mark_sentences, one_event_per_sentence)


def write(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_stages_run_in_order_and_fill_the_store(tmp_path):
    write(tmp_path / "in", "a.txt", "First talks in Hama.\nNothing here.\nMore talks today.")
    report = run([tmp_path / "in"], tmp_path / "out", stages=STAGES)
    assert (report.articles_read, report.events_written, report.rejected) == (1, 2, [])
    frame = Store(tmp_path / "out").events_frame()
    assert list(frame["evidence"]) == ["First talks in Hama.", "More talks today."]


def test_a_stage_that_raises_rejects_only_that_article_and_names_the_stage(tmp_path):
    write(tmp_path / "in", "a.txt", "talks go on")
    bad = write(tmp_path / "in", "b.txt", "talks and a boom")
    report = run([tmp_path / "in"], tmp_path / "out", stages=(explode_on_boom, *STAGES))
    assert report.articles_read == 1
    assert report.rejected == [
        (str(bad), "stage explode_on_boom failed: ValueError: cannot parse this")
    ]


def test_a_stage_returning_something_else_is_named():
    article = Article(article_id="x", body="text")
    try:
        apply_stages(article, (lambda a: None,))
    except Exception as e:
        assert "<lambda> returned NoneType, not an Article" in str(e)
    else:
        raise AssertionError("expected a StageError")


def test_rerun_gives_the_same_event_ids_and_no_duplicates(tmp_path):
    write(tmp_path / "in", "a.txt", "talks one\ntalks two")
    write(tmp_path / "in", "sub/b.md", "talks three")
    first = run([tmp_path / "in"], tmp_path / "out", stages=STAGES)
    ids = sorted(Store(tmp_path / "out").events_frame()["event_id"])
    second = run([tmp_path / "in"], tmp_path / "out", stages=STAGES)
    assert first.events_written == second.events_written == 3
    assert sorted(Store(tmp_path / "out").events_frame()["event_id"]) == ids
    features = json.loads((tmp_path / "out" / "events.geojson").read_text())["features"]
    assert len(features) == 3


def test_rejected_inputs_are_reported_and_the_rest_is_written(tmp_path):
    write(tmp_path / "in", "good.txt", "talks in the north")
    write(tmp_path / "in", "empty.txt", "")
    report = run([tmp_path / "in", tmp_path / "missing.txt"], tmp_path / "out", stages=STAGES)
    assert report.articles_read == 1
    reasons = dict(report.rejected)
    assert reasons[str(tmp_path / "in" / "empty.txt")] == "empty file"
    assert reasons[str(tmp_path / "missing.txt")] == "no such file or folder"
    assert (tmp_path / "out" / "events.geojson").is_file()


def test_two_files_with_the_same_id_both_survive_with_a_warning(tmp_path):
    write(tmp_path / "in", "one/a.txt", "talks here")
    write(tmp_path / "in", "two/a.txt", "talks there")
    report = run([tmp_path / "in"], tmp_path / "out", stages=STAGES)
    assert report.articles_read == 2 and len(set(report.article_ids)) == 2
    assert "also the id of" in report.warnings[0][1]


def test_progress_is_called_once_per_file(tmp_path):
    for i in range(3):
        write(tmp_path / "in", f"{i}.txt", "talks")
    calls = []
    run([tmp_path / "in"], tmp_path / "out", stages=STAGES, progress=lambda *a: calls.append(a))
    assert [c[:2] for c in calls] == [(1, 3), (2, 3), (3, 3)]


def test_warnings_of_read_articles_reach_the_report(tmp_path):
    write(tmp_path / "in", "a.txt", "---\npublished: 2016-02-30\n---\ntalks")
    report = run([tmp_path / "in"], tmp_path / "out", stages=STAGES)
    assert report.articles_read == 1
    assert "not a valid date" in report.warnings[0][1]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_redraws_one_line_and_ends_it():
    stream = FakeTerminal()
    bar = StderrProgress(stream)
    for done in range(1, 51):
        bar(done, 50, f"{done}.txt")
    text = stream.getvalue()
    assert text.startswith("\rreading articles [") and text.endswith("50/50\n")
    assert text.count("\n") == 1


def test_progress_in_a_log_writes_about_ten_lines_and_nothing_for_a_few_files():
    stream = io.StringIO()
    bar = StderrProgress(stream)
    for done in range(1, 1001):
        bar(done, 1000, "x.txt")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 11 and lines[-1] == "reading articles: 1000/1000 (100%)"
    quiet = io.StringIO()
    for done in range(1, 4):
        StderrProgress(quiet)(done, 3, "x.txt")
    assert quiet.getvalue() == ""


def test_export_false_fills_the_store_and_writes_no_files(tmp_path):
    write(tmp_path / "in", "a.txt", "talks")
    report = run([tmp_path / "in"], tmp_path / "out", stages=STAGES, export=False)
    assert report.events_written == 1 and Store(tmp_path / "out").counts()["events"] == 1
    assert not (tmp_path / "out" / "events.geojson").exists()


def test_worker_processes_give_the_same_outputs_ids_and_report_as_one_process(tmp_path):
    for i in range(40):
        body = "First talks.\nMore talks today." if i % 3 else "talks\nboom"
        write(tmp_path / "in", f"d{i // 10}/{i % 10}.txt", body)  # ids repeat across folders
    write(tmp_path / "in", "empty.txt", "")
    stages = (*STAGES, explode_on_boom)
    reports, files = [], []
    for workers in (1, 2):
        out = tmp_path / f"out{workers}"
        reports.append(run([tmp_path / "in"], out, stages=stages, workers=workers))
        files.append([(out / name).read_bytes() for name in ("events.geojson", "mentions.csv")])
    one, two = reports
    assert (one.article_ids, one.rejected, one.warnings) == (two.article_ids, two.rejected,
                                                              two.warnings)
    assert one.events_written == two.events_written > 0 and files[0] == files[1]
    assert len(one.rejected) == 15 and sum("also the id of" in w for _, w in one.warnings) == 20
