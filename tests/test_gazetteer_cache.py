"""The gazetteer's load cache: a cached load is the same gazetteer, and a changed file is seen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gazetteer import Gazetteer
from gazetteer.core import CURATED_FILE, DATA_DIR, LOAD_CACHE_DIR, LOAD_CACHE_PREFIX
from gazetteer.table import NAMES_FILE, PLACES_FILE

NAMES = ("Hama", "Deir ez-Zor", "Hmeymim", "Damascus", "Paris", "Rif Dimashq", "Palmyra")


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    """A copy of the bundled data folder (the cache is written inside it)."""
    for name in (PLACES_FILE, NAMES_FILE, CURATED_FILE, "capitals.tsv", "demonyms.tsv"):
        if (DATA_DIR / name).exists():
            shutil.copy2(DATA_DIR / name, tmp_path / name)
    return tmp_path


def _caches(data_dir: Path) -> list[Path]:
    return sorted((data_dir / LOAD_CACHE_DIR).glob(f"{LOAD_CACHE_PREFIX}*"))


def _answers(gz: Gazetteer) -> list:
    return [[(p.id, p.name, p.kind, p.lat, p.lon, p.population, p.admin1, p.country)
             for p in gz.lookup(n)] for n in NAMES] + [len(gz), len(gz.names()), gz.problems]


def test_a_load_from_the_cache_answers_like_a_load_from_the_files(data_dir):
    built = Gazetteer.load(data_dir=data_dir)
    assert len(_caches(data_dir)) == 1
    cached = Gazetteer.load(data_dir=data_dir)
    assert _answers(cached) == _answers(built)
    assert cached.get("cur:hmeymim-airbase") == built.get("cur:hmeymim-airbase")
    assert cached.names()["hama"] == built.names()["hama"]


def test_an_edited_curated_table_is_read_again_not_taken_from_the_cache(data_dir):
    Gazetteer.load(data_dir=data_dir)
    with (data_dir / CURATED_FILE).open("a", encoding="utf-8") as f:
        f.write("zzq-test-place,Qarrat Zuzuq,village,35.1,36.7,SY-HM,SY,Zuzuq Tahta,,,test,\n")
    gz = Gazetteer.load(data_dir=data_dir)
    assert [p.id for p in gz.lookup("Zuzuq Tahta")] == ["cur:zzq-test-place"]
    assert len(_caches(data_dir)) == 1  # the outdated cache is gone


def test_a_damaged_cache_is_rebuilt(data_dir):
    built = Gazetteer.load(data_dir=data_dir)
    (cache,) = _caches(data_dir)
    cache.write_bytes(b"\x00not a cache")
    assert _answers(Gazetteer.load(data_dir=data_dir)) == _answers(built)


def test_a_folder_that_cannot_take_a_cache_still_loads(data_dir):
    (data_dir / LOAD_CACHE_DIR).write_text("a file where the cache folder would go")
    gz = Gazetteer.load(data_dir=data_dir)
    assert gz.lookup("Hama")


def test_the_cache_is_readable_by_whoever_can_read_the_data_folder(data_dir):
    data_dir.chmod(0o755)
    Gazetteer.load(data_dir=data_dir)
    (cache,) = _caches(data_dir)
    assert cache.stat().st_mode & 0o777 == 0o644
