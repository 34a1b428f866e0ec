"""Every benchmark in one command, and the README's table of figures (figure, value, target,
command) from their outputs.

    python bench/all.py                 # throughput at 1k/10k/100k: long (tens of minutes)
    python bench/all.py --quick         # throughput at 1k/10k, one run each; no map scale

Runs, each as its own process: bench/gazetteer_bench.py, bench/throughput.py,
bench/geoparse_eval.py, bench/events_eval.py and bench/map_scale.py (when present), prints each
one's own output, then the summary table. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def bench(script: str, *args: str) -> str:
    """The output of one benchmark script (printed as it is, too)."""
    cmd = [sys.executable, str(BENCH / script), *args]
    print(f"\n## python bench/{script} {' '.join(args)}\n", flush=True)
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    print(done.stdout)
    if done.returncode not in (0, 1):
        print(f"(exit {done.returncode})\n{done.stderr[-2000:]}")
    return done.stdout


def first(pattern: str, text: str, default: str = "?") -> str:
    m = re.search(pattern, text, re.MULTILINE)
    return m.group(1) if m else default


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    rows: list[tuple[str, str, str, str]] = []

    gaz = bench("gazetteer_bench.py", "--words", "/nonexistent")
    cmd = "python bench/gazetteer_bench.py"
    rows += [
        ("gazetteer load, wall (CPU)", first(r"^load ([\d.]+ s(?: \([\d.]+ s CPU\))?)", gaz),
         "≤ 1 s", cmd),
        ("gazetteer resident memory", first(r"gazetteer (\d+ MB)\)", gaz), "≤ 300 MB", cmd),
        ("10,000 lookups, wall (CPU)",
         first(r"lookups: first time ([\d.]+ s \([\d.]+ s) CPU", gaz) + ")", "≤ 0.5 s", cmd),
        ("installed data", first(r"data folder ([\d.]+ MB)", gaz), "≤ 60 MB", cmd),
    ]

    sizes = "1000,10000" if args.quick else "1000,10000,100000"
    repeat = "1" if args.quick else "3"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "throughput.json"
        bench("throughput.py", "--sizes", sizes, "--repeat", repeat, "--json", str(out))
        runs = json.loads(out.read_text())["runs"] if out.exists() else []
    cmd = f"python bench/throughput.py --sizes {sizes} --repeat {repeat}"
    by = {(r["system"], r["n"]): r for r in runs}
    for n in sorted({r["n"] for r in runs}):
        ours, geotext = by.get(("ours", n)), by.get(("geotext", n))
        if ours:
            rows.append((f"pipeline, {n:,} articles: articles/s (wall; CPU s)",
                         f"{n / ours['wall_s']:,.0f} ({ours['cpu_s']:.1f} s CPU)", "–", cmd))
        if ours and geotext:
            rows.append((f"throughput × geotext, {n:,} articles (wall; CPU)",
                         f"{geotext['wall_s'] / ours['wall_s']:.3f}; "
                         f"{geotext['cpu_s'] / ours['cpu_s']:.3f}", "≥ 0.25 (aim 0.5)", cmd))
    if runs:
        peak = max((r for r in runs if r["system"] == "ours"), key=lambda r: r["peak_mb"])
        rows.append(("pipeline peak memory, RSS summed (PSS)",
                     f"{peak['peak_mb']:.0f} MB ({peak['peak_pss_mb']:.0f} MB)", "≤ 500 MB", cmd))

    geo = bench("geoparse_eval.py")
    cmd = "python bench/geoparse_eval.py"
    for corpus, best in (("LGL", "0.50 (best peer 0.514)"), ("GeoVirus", "best peer 0.674")):
        section = geo.split(f"### {corpus}", 1)[-1]
        rows.append((f"E2E-F1@161 {corpus}", first(r"^\| ours .*\*\*([\d.]+)\*\*", section),
                     f"above {best}", cmd))

    ev = bench("events_eval.py")
    rows.append(("events F1, dev set (micro)",
                 first(r"== dev set.*\n(?:.*\n)*?overall \(micro\)\s+(?:\d+\s+){3}[\d.]+\s+[\d.]+"
                       r"\s+([\d.]+)", ev), "–", "python bench/events_eval.py"))

    if (BENCH / "map_scale.py").exists() and not args.quick:
        bench("map_scale.py")
        rows.append(("map scale (see its table above)", "–", "redraw ≤ 1 s, HTML ≤ 3 MB at 100k",
                     "python bench/map_scale.py"))

    print("\n## Summary\n\n| figure | value | target | command |\n|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
