"""The peers of the throughput benchmark, each as a whole process over a folder of articles.

    bench/.venv-peers/bin/python bench/peers.py geotext DIR
    bench/.venv-peers/bin/python bench/peers.py flashgeotext DIR
    python bench/peers.py naive DIR          # the project's venv: reads our gazetteer

Each reads every ``.txt``/``.md`` file under DIR (as the pipeline does), finds place names in it
and prints one line: files, names found. geotext and flashgeotext only spot names (cities and
countries of their own lists; no coordinates, no resolution, no dates or events); they live in
their own venv (bench/README.md) and never in the project's dependencies. ``naive`` is our own
baseline: one regex for runs of capitalised words (as geotext does) and a dict lookup of every
sub-run's name key in the bundled gazetteer's name index, with no filtering and no resolution.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_CAPITALISED_RUN = re.compile(r"[A-Z][\w'\u2019-]*(?:[ -](?:[A-Z][\w'\u2019-]*|al|el|ez|ad))*")
NAIVE_MAX_WORDS = 4


def texts(folder: Path):
    """The bodies (front matter cut) of the articles under `folder`, in path order."""
    for path in sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        yield _FRONT.sub("", text, count=1)


def run_geotext(folder: Path) -> tuple[int, int]:
    from geotext import GeoText

    files = found = 0
    for text in texts(folder):
        g = GeoText(text)
        files += 1
        found += len(g.cities) + len(g.countries)
    return files, found


def run_flashgeotext(folder: Path) -> tuple[int, int]:
    from flashgeotext.geotext import GeoText

    geotext = GeoText()  # loads its default city/country lists (the demo data it ships)
    files = found = 0
    for text in texts(folder):
        out = geotext.extract(input_text=text)
        files += 1
        found += sum(v["count"] for kind in out.values() for v in kind.values())
    return files, found


def run_naive(folder: Path) -> tuple[int, int]:
    sys.path.insert(0, str(ROOT))
    from gazetteer import Gazetteer
    from gazetteer.names import name_key

    names = Gazetteer.load().names()
    files = found = 0
    for text in texts(folder):
        files += 1
        for m in _CAPITALISED_RUN.finditer(text):
            words = m.group().split()
            i = 0
            while i < len(words):  # longest sub-run first
                for j in range(min(len(words), i + NAIVE_MAX_WORDS), i, -1):
                    if name_key(" ".join(words[i:j])) in names:
                        found += 1
                        i = j
                        break
                else:
                    i += 1
    return files, found


PEERS = {"geotext": run_geotext, "flashgeotext": run_flashgeotext, "naive": run_naive}


def main() -> None:
    if len(sys.argv) != 3 or sys.argv[1] not in PEERS:
        sys.exit(f"usage: peers.py {{{','.join(PEERS)}}} DIR")
    files, found = PEERS[sys.argv[1]](Path(sys.argv[2]))
    print(f"{sys.argv[1]}: {files} files, {found} names")


if __name__ == "__main__":
    main()
