"""`python -m pipeline run`: exit statuses, messages on stderr, outputs, never a traceback."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from pipeline import __main__ as cli
from pipeline.store import Store


def pipeline_run(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "run", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
    )


def put(path, data: bytes | str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_the_seed_runs_with_exit_0_and_writes_the_three_outputs(seed_path, tmp_path):
    done = pipeline_run(seed_path, "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert {"events.geojson", "mentions.csv", "events.sqlite"} <= names
    collection = json.loads((tmp_path / "out" / "events.geojson").read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"


def test_every_mention_row_of_the_seed_points_at_its_text_in_the_body(seed_path, tmp_path):
    assert pipeline_run(seed_path, "--out", tmp_path).returncode == 0
    bodies = dict(Store(tmp_path).articles_frame()[["article_id", "body"]].values)
    with (tmp_path / "mentions.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows, "the seed names places; the geoparser found none"
    for row in rows:
        body = bodies[row["article_id"]]
        assert body[int(row["start"]) : int(row["end"])] == row["text"]


def test_every_event_of_the_seed_points_at_its_evidence_and_place(seed_path, tmp_path):
    assert pipeline_run(seed_path, "--out", tmp_path).returncode == 0
    store = Store(tmp_path)
    body = store.articles_frame()["body"][0]
    events = store.events_frame()
    assert len(events) > 0
    for e in events.itertuples():
        assert body[e.evidence_start : e.evidence_end] == e.evidence
        if e.place_start >= 0:
            assert body[e.place_start : e.place_end] == e.place


def test_bad_inputs_are_named_with_reasons_exit_1_and_the_rest_is_written(tmp_path):
    src = tmp_path / "in"
    put(src / "good.txt", "---\npublished: 2016-02-24\n---\nAid trucks reached Homs today.\n")
    put(src / "empty.txt", b"")
    put(src / "binary.txt", b"\x00\x01\x02PK\x03\x04" * 100)
    put(src / "latin1.txt", "Les réfugiés à Alep ont reçu de l'aide.\n".encode("latin-1"))
    put(src / "utf16.txt", "Aid reached Dara’a.\n".encode("utf-16"))
    put(src / "broken.txt", "---\ntitle: a: b: [\npublished: 2016-02-24\n---\nTalks in Hama.\n")
    put(src / "feb30.txt", "---\npublished: 2016-02-30\n---\nTalks in Hama.\n")
    put(src / "dots.txt", "... !!! ---\n")
    with (src / "big.txt").open("wb") as f:
        f.truncate(20 * 1024 * 1024)
    (tmp_path / "nothing_here").mkdir()
    missing = tmp_path / "missing.txt"

    done = pipeline_run(src, tmp_path / "nothing_here", missing, "--out", tmp_path / "out")

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    rejected = {
        line.split(": ", 2)[1]: line.split(": ", 2)[2]
        for line in done.stderr.splitlines()
        if line.startswith("rejected: ")
    }
    assert rejected == {
        str(src / "empty.txt"): "empty file",
        str(src / "binary.txt"): "binary file (NUL bytes), not text",
        str(src / "dots.txt"): "no words: only punctuation or symbols",
        str(src / "big.txt"): "20.0 MB is over the 5.0 MB limit",
        str(tmp_path / "nothing_here"): "folder holds no .txt or .md articles",
        str(missing): "no such file or folder",
    }
    assert f"warning: {src / 'broken.txt'}: front matter is not valid YAML" in done.stderr
    assert f"warning: {src / 'feb30.txt'}: front matter 'published: 2016-02-30'" in done.stderr
    stored = set(Store(tmp_path / "out").articles_frame()["article_id"])
    assert stored == {"good", "latin1", "utf16", "broken", "feb30"}


def test_running_twice_gives_the_same_event_ids_and_no_duplicates(seed_path, tmp_path):
    def event_ids():
        features = json.loads((tmp_path / "events.geojson").read_text())["features"]
        return [f["properties"]["event_id"] for f in features]

    assert pipeline_run(seed_path, "--out", tmp_path).returncode == 0
    first = event_ids()
    mentions = (tmp_path / "mentions.csv").read_text()
    assert pipeline_run(seed_path, "--out", tmp_path).returncode == 0
    assert event_ids() == first and len(set(first)) == len(first)
    assert (tmp_path / "mentions.csv").read_text() == mentions


@pytest.mark.parametrize(
    "args",
    [
        [],  # no input
        ["seeds"],  # no --out
        ["seeds", "--out", "DIR", "--max-mb", "lots"],
        ["seeds", "--out", "DIR", "--bogus"],
    ],
)
def test_usage_errors_exit_2_without_a_traceback(args, tmp_path):
    args = [a.replace("DIR", str(tmp_path)) for a in args]
    done = pipeline_run(*args)
    assert done.returncode == 2
    assert "usage:" in done.stderr and "Traceback" not in done.stderr


def test_an_out_path_that_is_a_file_is_a_usage_error(seed_path, tmp_path):
    put(tmp_path / "file", "x")
    done = pipeline_run(seed_path, "--out", tmp_path / "file")
    assert done.returncode == 2 and "is not a folder" in done.stderr


def test_ctrl_c_exits_130_with_a_message_and_no_traceback(monkeypatch, capsys, tmp_path):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("pipeline.run.run", interrupted)
    monkeypatch.setattr("pipeline.run.load_gazetteer", lambda **kw: None)
    assert cli.main(["run", str(tmp_path), "--out", str(tmp_path / "out")]) == 130
    assert "interrupted" in capsys.readouterr().err


def test_a_store_that_is_not_a_database_is_reported_plainly(seed_path, tmp_path):
    put(tmp_path / "events.sqlite", b"this is not sqlite " * 100)
    done = pipeline_run(seed_path, "--out", tmp_path)
    assert done.returncode == 1
    assert "error: cannot write the outputs" in done.stderr and "Traceback" not in done.stderr


def test_a_progress_bar_appears_on_stderr_for_many_files(tmp_path):
    for i in range(12):
        put(tmp_path / "in" / f"{i:02}.txt", f"Report number {i} from Homs.\n")
    done = pipeline_run(tmp_path / "in", "--out", tmp_path / "out")
    assert done.returncode == 0
    assert "reading articles: 12/12 (100%)" in done.stderr


def test_two_runs_at_the_same_time_on_one_folder_lose_nothing(tmp_path):
    for group in "ab":
        for i in range(15):
            put(tmp_path / group / f"{group}{i:02}.txt", f"Aid reached Homs, report {group}{i}.\n")
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "pipeline", "run", str(tmp_path / g), "--out", str(tmp_path)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for g in "ab"
    ]
    for r in runs:
        assert r.wait(timeout=300) == 0, r.stderr.read()
        r.stderr.close()
    assert Store(tmp_path).counts()["articles"] == 30
    with (tmp_path / "mentions.csv").open(encoding="utf-8", newline="") as f:
        ids = {row["article_id"] for row in csv.DictReader(f)}
    # The export written last saw both runs (what the geoparser finds is not this test's business).
    assert ids == set(Store(tmp_path).mentions_frame()["article_id"])


SLOW_RUN = """
import sys, time
import pipeline.run as run

def slow(article):
    print("started", flush=True)
    time.sleep(0.2)
    return article

run.default_stages = lambda gz=None: (slow,)
run.load_gazetteer = lambda **kw: None
from pipeline.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def test_ctrl_c_in_a_real_run_exits_130_and_leaves_the_outputs_whole(tmp_path):
    import signal

    for i in range(40):
        put(tmp_path / "in" / f"{i:02}.txt", f"Report {i}.\n")
    out = tmp_path / "out"
    assert pipeline_run(tmp_path / "in" / "00.txt", "--out", out).returncode == 0
    before = (out / "events.geojson").read_bytes()
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_RUN, "run", str(tmp_path / "in"), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "started"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "interrupted" in err and "Traceback" not in err
    assert (out / "events.geojson").read_bytes() == before
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []
    assert Store(out).counts()["articles"] == 1  # the interrupted run stored nothing


def test_the_output_folders_places_csv_is_the_default_overlay(tmp_path):
    put(
        tmp_path / "out" / "places.csv",
        "id,name,kind,lat,lon,admin1,country,aliases,geonameid,population,source,note\n"
        "kafr-zubayda,Kafr Zubayda,village,35.5,36.6,SY-ID,SY,,,1200,test,\n",
    )
    put(tmp_path / "in" / "a.txt", "Aid reached the village of Kafr Zubayda in Idlib, Syria.\n")
    assert pipeline_run(tmp_path / "in", "--out", tmp_path / "out").returncode == 0
    place_ids = set(Store(tmp_path / "out").mentions_frame()["place_id"])
    assert "usr:kafr-zubayda" in place_ids
