"""Loading the rule files under pipeline/rules/ (YAML), once per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

RULES_DIR = Path(__file__).resolve().parent / "rules"
# libyaml's parser when PyYAML has it (~10x faster, the same documents), else PyYAML's own
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RulesError(ValueError):
    """A rule file is missing or malformed; the message names the file and the reason."""


@cache
def load_rules(name: str) -> Any:
    """The parsed content of `pipeline/rules/<name>.yaml` (cached; treat it as read-only)."""
    path = RULES_DIR / f"{name}.yaml"
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"{path}: {exc}") from exc


def word_set(name: str, key: str) -> frozenset[str]:
    """A list of words from a rule file, lower-cased, as a set."""
    return frozenset(str(w).lower() for w in load_rules(name)[key])
