"""Whole-process throughput of `python -m pipeline run`, beside geotext, flashgeotext and a naive
spotter, on the same synthetic articles in the same run.

    python bench/throughput.py                        # 1k, 10k, 100k articles
    python bench/throughput.py --sizes 1000,10000 --repeat 5 --profile 2000

Every system runs as a fresh process over a folder of articles, as a user would run it: start,
imports, data loading, reading every file, the work, the outputs. Ours does full resolution,
dates and event extraction and writes the store, events.geojson and mentions.csv; geotext and
flashgeotext only spot names from their own lists (bench/peers.py; they live in
``bench/.venv-peers``, see bench/README.md); ``naive`` spots capitalised runs against our name
index with one regex and dict lookups; ``ours-1`` (not in the default list) is ours with
``--workers 1``. Figures are medians of ``--repeat`` runs (one run at
100k unless ``--repeat-large``). Peak memory is the largest sum of the resident memory of the
process and its children, sampled every 20 ms (RSS; worker processes share the gazetteer's pages,
which RSS counts once per process), and of their proportional set sizes (PSS, every 100 ms: the
memory the run really takes). Ratios are throughput against geotext's
(the issue's target: at least 0.25).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from corpus import cached_corpus  # noqa: E402

PEERS_PYTHON = BENCH / ".venv-peers" / "bin" / "python"
SAMPLE_S = 0.02
PSS_EVERY = 5  # samples
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
TARGET_RATIO, AIM_RATIO = 0.25, 0.5
MEMORY_TARGET_MB = 500


@dataclass(frozen=True, slots=True)
class Run:
    """One process run: wall and CPU seconds, peak resident memory of its tree, exit status."""

    system: str
    n: int
    wall_s: float
    cpu_s: float
    peak_mb: float  # resident memory of the process tree, summed (shared pages count twice)
    peak_pss_mb: float  # proportional set size, summed: shared pages split between processes
    status: int


def commands(system: str, folder: Path, out: Path) -> list[str]:
    """The command line of `system` over `folder` (outputs, if any, into `out`)."""
    if system == "ours":  # the CLI's default: worker processes for large inputs
        return [sys.executable, "-m", "pipeline", "run", str(folder), "--out", str(out), "-q"]
    if system == "ours-1":  # the same in one process
        return [sys.executable, "-m", "pipeline", "run", str(folder), "--out", str(out), "-q",
                "--workers", "1"]
    if system == "naive":
        return [sys.executable, str(BENCH / "peers.py"), "naive", str(folder)]
    return [str(PEERS_PYTHON), str(BENCH / "peers.py"), system, str(folder)]


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants (Linux /proc)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def measure(system: str, n: int, folder: Path, work: Path) -> Run:
    """Run `system` once over `folder` as a fresh process and measure it."""
    out = work / f"out-{system}"
    shutil.rmtree(out, ignore_errors=True)
    peak = [0, 0]
    started = time.perf_counter()
    proc = subprocess.Popen(commands(system, folder, out), cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        tick = 0
        while not done.is_set():
            tree = _tree(proc.pid)
            peak[0] = max(peak[0], sum(_rss_kb(p) for p in tree))
            if tick % PSS_EVERY == 0:  # reading PSS walks page tables: less often
                peak[1] = max(peak[1], sum(_pss_kb(p) for p in tree))
            tick += 1
            done.wait(SAMPLE_S)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{system} failed ({proc.returncode}):\n{err[-2000:]}")
    # (not ru_maxrss: it would carry this process's size over the fork)
    return Run(system, n, wall, usage.ru_utime + usage.ru_stime, peak[0] / 1024, peak[1] / 1024,
               proc.returncode)


def median_run(runs: list[Run]) -> Run:
    """The run of median wall time (its CPU and memory with it)."""
    return sorted(runs, key=lambda r: r.wall_s)[len(runs) // 2]


def machine() -> str:
    """This machine, in one line."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.machine())
    mem = next((int(line.split()[1]) // 1024 ** 2 for line in Path("/proc/meminfo").read_text()
                .splitlines() if line.startswith("MemTotal")), 0)
    load = os.getloadavg()[0]
    return (f"{cpu}, {os.cpu_count()} cores, {mem} GB RAM, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}; load average at start "
            f"{load:.1f}")


def git_rev() -> str:
    got = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                         capture_output=True, text=True, check=False)
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--",
                            "pipeline", "gazetteer"], capture_output=True, text=True,
                           check=False).stdout.strip()
    return got.stdout.strip() + (" + uncommitted changes" if dirty else "")


def scaling(medians: dict[int, Run]) -> tuple[float, float, list[str]]:
    """Least-squares fit wall = startup + per_article * n, and the per-article time per size."""
    ns = sorted(medians)
    if len(ns) < 2:
        return 0.0, medians[ns[0]].wall_s / ns[0], []
    mean_n = statistics.fmean(ns)
    mean_t = statistics.fmean(medians[n].wall_s for n in ns)
    per = (sum((n - mean_n) * (medians[n].wall_s - mean_t) for n in ns)
           / sum((n - mean_n) ** 2 for n in ns))
    startup = mean_t - per * mean_n
    rows = [f"| {n:,} | {medians[n].wall_s:.2f} | {(medians[n].wall_s - startup) / n * 1e6:.0f} |"
            for n in ns]
    return startup, per, rows


def profile(n: int, work: Path, top: int) -> str:
    """cProfile of one whole `pipeline run` process over `n` articles: the top entries."""
    import pstats
    from io import StringIO

    folder = cached_corpus(n)
    stats = work / "pipeline.prof"
    out = work / "out-profile"
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "pipeline", "run",
                    str(folder), "--out", str(out), "-q", "--workers", "1"], cwd=ROOT, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    text = []
    for key in ("tottime", "cumulative"):
        buf = StringIO()
        pstats.Stats(str(stats), stream=buf).strip_dirs().sort_stats(key).print_stats(top)
        lines = buf.getvalue().splitlines()
        head = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
        text.append(f"\ncProfile of `python -m pipeline run` over {n:,} articles, by {key} "
                    f"(top {top}):\n```\n" + "\n".join(lines[head:head + top + 1]) + "\n```")
    return "\n".join(text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--repeat", type=int, default=3, help="runs per system and size (median)")
    ap.add_argument("--repeat-large", type=int, default=1, help="runs at sizes over 20,000")
    ap.add_argument("--systems", default="ours,geotext,flashgeotext,naive")
    ap.add_argument("--profile", type=int, default=0, metavar="N",
                    help="also profile one run over N articles")
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--json", type=Path, help="write the results here too")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    systems = args.systems.split(",")
    if any(s in ("geotext", "flashgeotext") for s in systems) and not PEERS_PYTHON.exists():
        raise SystemExit(f"{PEERS_PYTHON} missing: see bench/README.md (peers' venv)")
    print(f"machine: {machine()}\nrevision: {git_rev()}\n")
    medians: dict[str, dict[int, Run]] = {s: {} for s in systems}
    with tempfile.TemporaryDirectory(dir=BENCH) as tmp:
        work = Path(tmp)
        for n in sizes:
            folder = cached_corpus(n)
            mb = sum(p.stat().st_size for p in folder.glob("*.txt")) / 1e6
            repeat = args.repeat if n <= 20_000 else args.repeat_large
            runs: dict[str, list[Run]] = {s: [] for s in systems}
            for _ in range(repeat):  # interleaved, so that a busy spell hits every system
                for system in systems:
                    runs[system].append(measure(system, n, folder, work))
            print(f"### {n:,} articles ({mb:.1f} MB), median of {repeat}\n")
            print("| system | wall s | CPU s | articles/s | MB/s | peak RSS MB | peak PSS MB "
                  "| × geotext |")
            print("|---|---:|---:|---:|---:|---:|---:|---:|")
            ref = median_run(runs["geotext"]) if "geotext" in runs else None
            for system in systems:
                r = medians[system][n] = median_run(runs[system])
                ratio = f"{ref.wall_s / r.wall_s:.3f}" if ref else "–"
                print(f"| {system} | {r.wall_s:.2f} | {r.cpu_s:.2f} | {n / r.wall_s:,.0f} | "
                      f"{mb / r.wall_s:.2f} | {r.peak_mb:.0f} | {r.peak_pss_mb:.0f} | {ratio} |")
            print()
        if "ours" in systems:
            startup, per, rows = scaling(medians["ours"])
            print(f"### Scaling of ours: wall = {startup:.2f} s + {per * 1e6:.0f} µs × N "
                  "(least squares)\n")
            print("| N | wall s | µs/article after start-up |\n|---|---:|---:|")
            print("\n".join(rows))
            if "geotext" in systems:
                print("\nthroughput × geotext, per size: " + ", ".join(
                    f"{n:,}: {medians['geotext'][n].wall_s / medians['ours'][n].wall_s:.3f}"
                    for n in sizes) + f" (target ≥ {TARGET_RATIO}, aim {AIM_RATIO})")
            print(f"peak memory of ours: {max(r.peak_mb for r in medians['ours'].values()):.0f} "
                  f"MB (target ≤ {MEMORY_TARGET_MB} MB)")
        if args.profile:
            print(profile(args.profile, work, args.top))
    if args.json:
        args.json.write_text(json.dumps({
            "machine": machine(), "revision": git_rev(),
            "runs": [asdict(r) for by_n in medians.values() for r in by_n.values()],
        }, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
