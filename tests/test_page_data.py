"""The page's data folder: --data, the environment variable, the default, and first-run seeding."""

from __future__ import annotations

from pathlib import Path

from pipeline.page_data import DATA_ENV, data_dir_from_argv, needs_seeding, seed_inputs


def test_data_argument_wins_then_environment_then_default(tmp_path):
    root = tmp_path / "app"
    assert data_dir_from_argv(["--data", str(tmp_path / "x")], {DATA_ENV: "/y"}, root=root) == (
        tmp_path / "x"
    )
    assert data_dir_from_argv(["-q", "tests/x.py"], {DATA_ENV: str(tmp_path / "y")},
                              root=root) == tmp_path / "y"
    assert data_dir_from_argv([], {}, root=root) == (root / "data").resolve()


def test_a_folder_without_a_store_is_seeded_with_seeds_and_its_own_articles(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    data = tmp_path / "data"
    assert needs_seeding(data)
    assert seed_inputs(data, seeds) == [seeds]
    (data / "articles").mkdir(parents=True)
    (data / "articles" / "a.txt").write_text("text")
    assert seed_inputs(data, seeds) == [seeds, data / "articles"]
    (data / "events.sqlite").write_bytes(b"")
    assert not needs_seeding(Path(data))
