"""Shared fixtures. Area-specific fixtures live in the test modules that use them."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED_EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The seed article (with its front matter)."""
    return SEEDS / "000_ccafa11628c541d7.txt"


@pytest.fixture(scope="session")
def gazetteer():
    """The bundled gazetteer, loaded once per test session."""
    from gazetteer import Gazetteer

    return Gazetteer.load()
