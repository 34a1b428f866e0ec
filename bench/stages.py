"""Where the time of a run goes: each stage's µs per article, and a cProfile of the whole loop.

    python bench/stages.py [--n 2000] [--top 25] [--no-profile]

Reads a synthetic corpus (bench/corpus.py, cached under bench/.corpus), loads the gazetteer
once, and runs the articles through ``pipeline.run.default_stages`` in this process: first
timing each stage (two passes, the second with the memos warm, as in a long run), then under
cProfile, printing the functions with the most time of their own and the most time in all.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import cached_corpus  # noqa: E402
from throughput import machine  # noqa: E402


def read_articles(folder: Path) -> list:
    """The articles of `folder`, read as the pipeline reads them."""
    from pipeline.articles import Rejected, read_article

    out = []
    for path in sorted(folder.glob("*.txt")):
        a = read_article(path)
        if not isinstance(a, Rejected):
            out.append(a)
    return out


def fresh(a):
    """A copy of article `a` with no stage output yet."""
    from pipeline.model import Article

    return Article(a.article_id, a.body, a.title, a.published, a.source, a.url, a.path)


def stage_times(articles: list, stages) -> dict[str, float]:
    """CPU seconds spent in each stage over `articles` (this process's CPU time, which other
    processes on a busy machine disturb less than the wall clock)."""
    from pipeline.run import stage_name

    spent = {stage_name(s): 0.0 for s in stages}
    clock = time.process_time
    for a in articles:
        a = fresh(a)
        for s in stages:
            t = clock()
            a = s(a)
            spent[stage_name(s)] += clock() - t
    return spent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--freeze", action="store_true",
                    help="gc.freeze() after the gazetteer loads (what the CLI does, if it does)")
    args = ap.parse_args()
    from pipeline.run import default_stages, load_gazetteer

    articles = read_articles(cached_corpus(args.n))
    kb = sum(len(a.body.encode()) for a in articles) / 1024
    t = time.perf_counter()
    gz = load_gazetteer()
    load_s = time.perf_counter() - t
    stages = default_stages(gz)
    if args.freeze:
        import gc

        gc.freeze()
    print(f"machine: {machine()}")
    print(f"{len(articles)} synthetic articles, {kb:.0f} KB of bodies; "
          f"gazetteer load {load_s:.2f} s")
    first = stage_times(articles, stages)
    second = stage_times(articles, stages)
    print("\n| stage | first pass, CPU µs/article | second pass, CPU µs/article |\n|---|---:|---:|")
    for name in first:
        print(f"| {name} | {first[name] / len(articles) * 1e6:.0f} "
              f"| {second[name] / len(articles) * 1e6:.0f} |")
    print(f"| all stages | {sum(first.values()) / len(articles) * 1e6:.0f} "
          f"| {sum(second.values()) / len(articles) * 1e6:.0f} |")
    if args.no_profile:
        return
    prof = cProfile.Profile()
    prof.enable()
    for a in articles:
        a = fresh(a)
        for s in stages:
            a = s(a)
    prof.disable()
    for key in ("tottime", "cumulative"):
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(key).print_stats(args.top)
        lines = buf.getvalue().splitlines()
        start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
        print(f"\ncProfile, third pass, sorted by {key} (top {args.top}):")
        print("\n".join(lines[start:start + args.top + 1]))


if __name__ == "__main__":
    main()
