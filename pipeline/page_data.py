"""Where the page's data lives: the data folder from the command line, first-run seeding."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from pipeline.page_filters import prepare
from pipeline.page_uploads import ARTICLES_DIR
from pipeline.store import STORE_NAME, Store

DATA_ENV = "CEASEFIRE_ATLAS_DATA"  # the data folder when no --data is given (tests use it)
DEFAULT_DATA = "data"


def data_dir_from_argv(
    argv: Sequence[str], env: Mapping[str, str], *, root: Path
) -> Path:
    """The data folder: `--data DIR` after `streamlit run dashboard.py --`, else $DATA_ENV, else
    `data/` beside the page. Arguments the page does not know are ignored (pytest's, say)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data", type=Path)
    known, _rest = parser.parse_known_args(list(argv))
    if known.data is not None:
        return known.data.expanduser().resolve()
    if env.get(DATA_ENV):
        return Path(env[DATA_ENV]).expanduser().resolve()
    return (root / DEFAULT_DATA).resolve()


def needs_seeding(data_dir: Path) -> bool:
    """True when the folder has never held a store: the page then builds one from the seeds."""
    return not (Path(data_dir) / STORE_NAME).exists()


def seed_inputs(data_dir: Path, seeds: Path) -> list[Path]:
    """What a first run reads: the seed articles and any articles already in `DATA/articles/`."""
    inputs = [seeds] if seeds.is_dir() else []
    added = Path(data_dir) / ARTICLES_DIR
    if added.is_dir() and any(added.iterdir()):
        inputs.append(added)
    return inputs


def load_events(data_dir: Path) -> pd.DataFrame:
    """The store's events with the derived columns the filters use."""
    return prepare(Store(data_dir).events_frame())
