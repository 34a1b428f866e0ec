"""Builds ``pipeline/rules/geo_common_words.txt``: English words written in lower case.

The spotter's filters ask whether a capitalised word is an ordinary English word ("Police",
"Street", "Department") or a proper name ("Putin", "Jones"). The answer comes from SCOWL's
American English list as Debian ships it (package ``wamerican``, /usr/share/dict/american-english;
SCOWL copyright Kevin Atkinson, permissive licence, see /usr/share/doc/wamerican/copyright):
its lower-case entries are common words, its capitalised ones proper names. Rebuild with
``apt-get install wamerican && python -m pipeline.geo_words``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

SOURCE = Path("/usr/share/dict/american-english")
TARGET = Path(__file__).resolve().parent / "rules" / "geo_common_words.txt"
MIN_LENGTH = 2
HEADER = """# English words written in lower case (common words, not proper names), one a line.
# Source: SCOWL American English as Debian package wamerican 2020.12.07 ships it
# (/usr/share/dict/american-english); copyright 2000-2011 Kevin Atkinson and others,
# permission to use, copy, modify, distribute granted (see /usr/share/doc/wamerican/copyright).
# Built by `python -m pipeline.geo_words`; read by pipeline/mentions.py.
"""


def build(source: Path = SOURCE, target: Path = TARGET) -> int:
    """Write the lower-case alphabetic words of `source` to `target`; returns how many."""
    words = sorted({w for w in source.read_text(encoding="utf-8").split()
                    if len(w) >= MIN_LENGTH and re.fullmatch(r"[a-z]+", w)})
    tmp = target.with_suffix(".tmp")
    tmp.write_text(HEADER + "\n".join(words) + "\n", encoding="utf-8")
    tmp.replace(target)
    return len(words)


if __name__ == "__main__":
    if not SOURCE.exists():
        sys.exit(f"{SOURCE} not found: apt-get install wamerican")
    print(f"{build()} words -> {TARGET}")
