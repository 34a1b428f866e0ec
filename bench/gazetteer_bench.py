"""Gazetteer figures: load time, resident memory, lookups per second, data size, key collisions.

    python bench/gazetteer_bench.py [--words /usr/share/dict/american-english]

Targets (issue 5): load <= 1 s, resident memory <= 300 MB, 10,000 lookups <= 0.5 s, installed
data <= 60 MB. Collisions: how many dictionary words (Debian ``wamerican``) reach a name key of the
gazetteer, and how many of those only through the normalisation (their folded spelling is no
name in the gazetteer): the price of matching spellings by skeleton.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gazetteer import Gazetteer  # noqa: E402
from gazetteer.core import DATA_DIR  # noqa: E402
from gazetteer.names import fold, key_and_signature  # noqa: E402

LOOKUPS = 10_000
SEED = 5


def rss_mb() -> float:
    """Resident memory of this process now (Linux /proc), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sample_names(n: int) -> list[str]:
    """`n` names drawn from the bundled places (canonical names), fixed seed."""
    with gzip.open(DATA_DIR / "places.tsv.gz", "rt", encoding="utf-8") as f:
        names = [line.split("\t", 2)[1] for line in f.read().splitlines()[1:]]
    return random.Random(SEED).sample(names, n)


def collisions(gz: Gazetteer, words_path: Path) -> dict:
    """Dictionary words that reach a name key: in all, with the vowels of one of that key's
    spellings, and only through the normalisation (no name of the gazetteer folds to the word).

    Rebuilds the name list from the registry packages (the ``[build]`` extra) to know every
    alternate name's spelling.
    """
    from gazetteer.build import ALIASES_FILE, collect_entries

    entries, _, _ = collect_entries(DATA_DIR / ALIASES_FILE)
    folded = {fold(n) for e in entries for n in (*e.names, e.name)}
    words = {w.strip() for w in words_path.read_text(encoding="utf-8").splitlines()}
    words = {w for w in words if w.isalpha() and w.islower() and len(w) > 2}
    table = gz._table  # the postings carry the vowel signatures of each key's spellings
    hits, same_vowels, by_rules = [], [], []
    for w in sorted(words):
        key, sig = key_and_signature(w)
        postings = table.postings(key)
        if not postings:
            continue
        hits.append(w)
        if any(sig in sigs for _, sigs in postings):
            same_vowels.append(w)
        if fold(w) not in folded:
            by_rules.append(w)
    return {"words": len(words), "reach_a_name_key": len(hits),
            "with_the_vowels_of_a_spelling": len(same_vowels),
            "folded_spelling_is_a_name": len(hits) - len(by_rules),
            "only_through_the_rules": len(by_rules),
            "examples_only_through_rules": random.Random(SEED).sample(by_rules, 10)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--words", type=Path, default=Path("/usr/share/dict/american-english"))
    args = ap.parse_args()
    gc.collect()
    before = rss_mb()
    t, c = time.perf_counter(), time.process_time()
    gz = Gazetteer.load()
    load_s, load_cpu = time.perf_counter() - t, time.process_time() - c
    after = rss_mb()
    queries = sample_names(LOOKUPS)
    t, c = time.perf_counter(), time.process_time()
    for q in queries:
        gz.lookup(q, limit=5)
    cold, cold_cpu = time.perf_counter() - t, time.process_time() - c
    t = time.perf_counter()
    for q in queries:
        gz.lookup(q, limit=5)
    warm = time.perf_counter() - t
    data_mb = sum(p.stat().st_size for p in DATA_DIR.rglob("*") if p.is_file()) / 1e6
    print(f"places {len(gz):,}; name keys {len(gz.names()):,}")
    # CPU seconds too: on a machine shared with other jobs, wall time says little
    print(f"load {load_s:.2f} s ({load_cpu:.2f} s CPU); resident memory {after:.0f} MB "
          f"(gazetteer {after - before:.0f} MB)")
    print(f"{LOOKUPS:,} lookups: first time {cold:.2f} s ({cold_cpu:.2f} s CPU, "
          f"{LOOKUPS / cold:,.0f}/s), "
          f"again {warm:.3f} s; after lookups {rss_mb():.0f} MB")
    print(f"data folder {data_mb:.1f} MB")
    if args.words.exists():
        print("dictionary collisions:", collisions(gz, args.words))


if __name__ == "__main__":
    main()
