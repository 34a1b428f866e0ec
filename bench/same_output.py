"""Speed-ups must not change answers: compare the place mentions of two versions, and the
outputs of the CLI with and without worker processes.

    python bench/same_output.py                 # geoparser of HEAD vs the working tree
    python bench/same_output.py --rev 9b8ddcc --n 5000
    python bench/same_output.py --cli --n 3000  # `pipeline run` with 1 and 2 workers
    python bench/same_output.py --mine REV      # the speed engineer's files at REV vs now

Geoparser mode: the geoparser's modules (`GEOPARSER`, and its word lists) at git revision
``--rev`` are copied into a temporary package and run beside the working tree's, in one process
and on one loaded gazetteer (so a gazetteer or curation edit made meanwhile cannot blur the
comparison), over LGL and GeoVirus (../shared/eval), the seed, the dev set and ``--n``
synthetic articles (bench/corpus.py).
Every mention must be equal: offsets, text, place id, score.

CLI mode: a fresh ``python -m pipeline run`` over the same folder with ``--workers 1`` and
``--workers 2`` (both on one copy of the code and data, taken first); events.geojson and
mentions.csv must be byte for byte the same.

Mine mode (``--mine REV``): the speed engineer's files (`MINE`: sentences, dates, events and
their helpers, run/workers/articles, the gazetteer's loading code) at revision REV against the
working tree's, both on the *committed* version of everybody else's files (HEAD: others edit the
tree meanwhile), as a fresh ``python -m pipeline run --workers 1`` over the seed, the dev set
(held-out and blind included: only bytes are compared, nothing is shown), tests/gold and
``--n`` synthetic articles, plus the mentions found in LGL and GeoVirus; every output byte must
be the same.
"""

from __future__ import annotations

import argparse
import filecmp
import importlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import cached_corpus, real_articles  # noqa: E402

GEOPARSER = ("mentions", "spotfilters", "readings", "context", "resolve")
_IMPORT = re.compile(rf"\bpipeline\.({'|'.join(GEOPARSER)})\b")


def old_geoparser(rev: str, into: Path):
    """The geoparser modules of git revision `rev`, importable as package ``pipeline_old``."""
    pkg = into / "pipeline_old"
    (pkg / "rules").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    for name in GEOPARSER:
        src = _git_show(rev, f"pipeline/{name}.py")
        (pkg / f"{name}.py").write_text(_IMPORT.sub(r"pipeline_old.\1", src))
    listing = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "--name-only", rev,
                              "pipeline/rules/"], capture_output=True, text=True, check=True)
    for path in listing.stdout.split():
        if Path(path).name.startswith("geo_"):
            (pkg / "rules" / Path(path).name).write_text(_git_show(rev, path))
    sys.path.insert(0, str(into))
    return importlib.import_module("pipeline_old.mentions"), importlib.import_module(
        "pipeline_old.resolve")


def _git_show(rev: str, path: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:{path}"],
                          capture_output=True, text=True, check=True).stdout


def eval_docs() -> dict[str, list]:
    """The LGL and GeoVirus documents (../shared/eval), when present."""
    import geoparse_eval as ev

    loaders = {"LGL": ev.load_lgl, "GeoVirus": ev.load_geovirus}
    return {name: loaders[name](path) for name, path in ev.CORPORA.items() if path.exists()}


def mentions_of(mentions_mod, resolve_mod, body: str, gz) -> list[tuple]:
    """The resolved mentions of `body` as comparable tuples."""
    found = resolve_mod.resolve(body, mentions_mod.find_mentions(body, gz), gz)
    return [(m.start, m.end, m.text, m.place.id, m.score) for m in found]


def compare_geoparser(rev: str, n: int) -> int:
    from pipeline import mentions as new_mentions
    from pipeline import resolve as new_resolve
    from pipeline.articles import Rejected, read_article
    from pipeline.run import load_gazetteer

    with tempfile.TemporaryDirectory() as tmp:
        old_mentions, old_resolve = old_geoparser(rev, Path(tmp))
        gz = load_gazetteer()
        texts = [(f"eval:{name}:{i}", d.text) for name, docs in eval_docs().items()
                 for i, d in enumerate(docs)]
        for path in [*real_articles(), *sorted(cached_corpus(n).glob("*.txt"))]:
            a = read_article(path)
            if not isinstance(a, Rejected):
                texts.append((path.name, a.body))
        differ = total = 0
        for name, body in texts:
            old = mentions_of(old_mentions, old_resolve, body, gz)
            new = mentions_of(new_mentions, new_resolve, body, gz)
            total += len(old)
            if old != new:
                differ += 1
                if differ <= 5:
                    print(f"DIFFERENT: {name}\n  {rev}: "
                          f"{sorted(set(old) - set(new))}\n  now: {sorted(set(new) - set(old))}")
    print(f"{len(texts)} texts (LGL, GeoVirus, seed, dev set, synthetic), {total} mentions "
          f"at {rev}: {'all the same' if not differ else f'{differ} articles differ'}")
    return 1 if differ else 0


def snapshot(into: Path) -> Path:
    """A copy of the working tree's code and data (others edit the tree while a comparison
    runs: both runs must see the same files)."""
    for sub in ("pipeline", "gazetteer"):
        shutil.copytree(ROOT / sub, into / sub, ignore=shutil.ignore_patterns("__pycache__"))
    return into


def compare_cli(n: int) -> int:
    folder = cached_corpus(n)
    outs = []
    with tempfile.TemporaryDirectory() as tmp:
        code = snapshot(Path(tmp) / "code")
        for workers in (1, 2):
            out = Path(tmp) / f"w{workers}"
            subprocess.run([sys.executable, "-m", "pipeline", "run", str(folder), *map(
                str, real_articles()), "--out", str(out), "-q", "--workers", str(workers)],
                cwd=code, check=False)
            outs.append(out)
        same = all(filecmp.cmp(outs[0] / f, outs[1] / f, shallow=False)
                   for f in ("events.geojson", "mentions.csv"))
    print(f"CLI with 1 and 2 workers on {n} articles: {'same outputs' if same else 'DIFFERENT'}")
    return 0 if same else 1


MINE = (
    *(f"pipeline/{m}.py" for m in (
        "sentences", "dates", "events", "event_dates", "event_merge", "event_places",
        "event_refs", "event_walk", "place_refs", "place_assign", "triggers", "phrases",
        "clauses", "actors", "quantities", "modality", "calendar_math", "rules_loader", "run",
        "workers", "articles", "frontmatter", "progress", "__main__", "regex_cache",
        "alternation", "mentions", "spotfilters", "readings", "context", "resolve", "name_rules",
        "document_rules", "store", "exports")),
    "gazetteer/__init__.py", "gazetteer/core.py", "gazetteer/table.py", "gazetteer/names.py",
)
EVAL_DUMP = """
import sys
sys.path.insert(0, {bench!r})
from geoparse_eval import CORPORA, load_geovirus, load_lgl
from pipeline.mentions import find_mentions
from pipeline.resolve import resolve
from pipeline.run import load_gazetteer
gz = load_gazetteer()
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for name, load in (("LGL", load_lgl), ("GeoVirus", load_geovirus)):
        if CORPORA[name].exists():
            for i, d in enumerate(load(CORPORA[name])):
                for m in resolve(d.text, find_mentions(d.text, gz), gz):
                    print(name, i, m.start, m.end, m.text, m.place.id, m.score, file=out)
"""


def _tree(into: Path, mine_rev: str | None) -> Path:
    """HEAD's pipeline/ and gazetteer/ with the MINE files of `mine_rev` (None: the working
    tree's)."""
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD", "pipeline",
                              "gazetteer"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    for path in MINE:
        target = into / path
        if mine_rev is None:
            if (ROOT / path).exists():
                shutil.copyfile(ROOT / path, target)
        else:
            listing = subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e",
                                      f"{mine_rev}:{path}"], capture_output=True)
            if listing.returncode == 0:
                target.write_text(_git_show(mine_rev, path))
    if mine_rev is None:  # new helper modules of mine not yet in HEAD
        for src in (ROOT / "pipeline").glob("*.py"):
            if not (into / "pipeline" / src.name).exists():
                shutil.copyfile(src, into / "pipeline" / src.name)
    return into


def compare_mine(rev: str, n: int, *, keep: Path | None = None) -> int:
    gold = ROOT / "tests"
    inputs = [str(cached_corpus(n)), *map(str, real_articles()),
              *(str(d) for d in (gold / "gold" / "articles", gold / "devset" / "heldout",
                                 gold / "devset" / "blind") if d.is_dir())]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = keep or Path(tmp)
        same = True
        outs = {}
        for label, mine_rev in (("ref", rev), ("new", None)):
            code = _tree(tmp / label / "code", mine_rev)
            out = tmp / label / "out"
            # a first run fills the load caches (gazetteer, regexes): the compared run uses them
            subprocess.run([sys.executable, "-m", "pipeline", "run", str(real_articles()[0]),
                            "--out", str(tmp / label / "warm"), "-q"], cwd=code, check=False)
            subprocess.run([sys.executable, "-m", "pipeline", "run", *inputs, "--out",
                            str(out), "-q", "--workers", "1"], cwd=code, check=False)
            subprocess.run([sys.executable, "-c", EVAL_DUMP.format(bench=str(ROOT / "bench")),
                            str(out / "eval_mentions.txt")], cwd=code, check=True)
            outs[label] = out
        for f in ("events.geojson", "mentions.csv", "eval_mentions.txt"):
            a, b = outs["ref"] / f, outs["new"] / f
            equal = a.exists() and b.exists() and filecmp.cmp(a, b, shallow=False)
            same &= equal
            size = a.stat().st_size if a.exists() else 0
            print(f"{f}: {'same' if equal else 'DIFFERENT'} ({size:,} bytes at {rev})")
    print(f"mine at {rev} vs working tree, on {n} synthetic + real articles + LGL/GeoVirus: "
          f"{'same outputs' if same else 'DIFFERENT'}")
    return 0 if same else 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rev", default="HEAD", help="git revision of the reference geoparser")
    ap.add_argument("--n", type=int, default=3000, help="synthetic articles (default 3000)")
    ap.add_argument("--cli", action="store_true", help="compare CLI runs with 1 and 2 workers")
    ap.add_argument("--mine", metavar="REV", help="the speed engineer's files at REV vs now")
    ap.add_argument("--keep", type=Path, help="--mine: keep both trees and outputs here")
    args = ap.parse_args()
    if args.mine:
        sys.exit(compare_mine(args.mine, args.n, keep=args.keep))
    sys.exit(compare_cli(args.n) if args.cli else compare_geoparser(args.rev, args.n))


if __name__ == "__main__":
    main()
