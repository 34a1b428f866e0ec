"""Syrian place recall and ranking on real news sentences: the Halterman (2019) event locations.

One command::

    python bench/syria_locations.py              # the figures and the most frequent misses
    python bench/syria_locations.py --show 40    # longer lists

The corpus is ``../shared/eval/event_location_halterman2019/labeled_text.jsonl.zip`` (read in
place, never copied into the project; see its SOURCE.txt): news sentences with LOCATION spans
(where an event happened) and no coordinates. We keep the sentences that name Syria, Aleppo,
Damascus, Homs or Idlib (1,581; the selection of SOURCE.txt), each gold span once per distinct
sentence, and run the spotter and resolver on each sentence alone
(``pipeline.mentions.find_mentions`` + ``pipeline.resolve.resolve``). A gold span is

- *found* when a resolved mention overlaps it, else *missed*; a missed span is *unknown* when the
  gazetteer has no reading of its text at all (a data gap), else *filtered* (the spotter or the
  resolver dropped a name the gazetteer has);
- *Syrian* when any reading of its text (or of an overlapping mention's text) lies in Syria; a
  found Syrian span is *in Syria* when its mention resolved to a Syrian place, else it counts as
  an *out-of-country* resolution (listed, with the place chosen).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gazetteer import Gazetteer  # noqa: E402
from pipeline.mentions import find_mentions  # noqa: E402
from pipeline.resolve import resolve  # noqa: E402

CORPUS = ROOT.parent / "shared" / "eval" / "event_location_halterman2019" / "labeled_text.jsonl.zip"
SYRIA_SENTENCE = re.compile(r"Syria|Aleppo|Damascus|Homs|Idlib")  # SOURCE.txt's selection
READINGS = 50  # readings of a span's text searched for a Syrian one
COUNTRY = "SY"


@dataclass(frozen=True, slots=True)
class Span:
    """One gold LOCATION span of one sentence."""

    text: str  # the sentence
    start: int
    end: int

    @property
    def name(self) -> str:
        return self.text[self.start:self.end]


def read_spans(path: Path = CORPUS) -> tuple[list[str], list[Span]]:
    """The Syrian sentences (distinct) and their gold LOCATION spans (each once)."""
    with zipfile.ZipFile(path) as z:
        member = next(n for n in z.namelist() if n.endswith("labeled_text.jsonl")
                      and not n.startswith("__MACOSX"))
        records = json.loads(z.read(member))
    sentences: dict[str, None] = {}
    spans: dict[tuple[str, int, int], Span] = {}
    for r in records:
        text = r.get("text") or ""
        if not SYRIA_SENTENCE.search(text):
            continue
        sentences.setdefault(text)
        for s in r.get("spans") or ():
            if s.get("label") == "LOCATION" and text[s["start"]:s["end"]].strip():
                spans.setdefault((text, s["start"], s["end"]), Span(text, s["start"], s["end"]))
    return list(sentences), list(spans.values())


def is_syrian(gz: Gazetteer, *names: str) -> bool:
    """Whether any reading of any of `names` lies in Syria."""
    return any(p.country == COUNTRY for n in names for p in gz.lookup(n, limit=READINGS))


def evaluate(gz: Gazetteer, show: int) -> dict:
    sentences, spans = read_spans()
    t0 = time.perf_counter()
    mentions = {s: resolve(s, find_mentions(s, gz), gz) for s in sentences}
    seconds = time.perf_counter() - t0
    found = missed = unknown = syrian = in_syria = 0
    missed_names: Counter = Counter()
    unknown_names: Counter = Counter()
    outside: Counter = Counter()
    for span in spans:
        hits = [m for m in mentions[span.text] if m.start < span.end and span.start < m.end]
        if not hits:
            missed += 1
            missed_names[span.name] += 1
            if not gz.lookup(span.name, limit=1):
                unknown += 1
                unknown_names[span.name] += 1
            continue
        found += 1
        if not is_syrian(gz, span.name, *(m.text for m in hits)):
            continue
        syrian += 1
        if any(m.place.country == COUNTRY for m in hits):
            in_syria += 1
        else:
            m, p = hits[0], hits[0].place
            outside[f"{m.text} -> {p.name} ({p.kind}, {p.admin1 or p.country}) [{p.id}]"] += 1
    print(f"Halterman (2019) Syrian sentences: {len(sentences)} distinct, {len(spans)} gold "
          f"LOCATION spans; spotter + resolver {seconds:.1f} s")
    print(f"  found (a resolved mention overlaps)  {found:5d}  {found / len(spans):.3f}")
    print(f"  missed                               {missed:5d}  {missed / len(spans):.3f}"
          f"  (of which no reading in the gazetteer: {unknown})")
    print(f"  found and Syrian (a reading in SY)   {syrian:5d}")
    print(f"    resolved inside Syria              {in_syria:5d}  {in_syria / max(syrian, 1):.3f}")
    print(f"    resolved outside Syria             {syrian - in_syria:5d}")
    print("\nmost frequent missed names (count; * = no reading in the gazetteer):")
    for name, n in missed_names.most_common(show):
        print(f"  {n:3d}  {'*' if name in unknown_names else ' '} {name}")
    print("\nout-of-country resolutions of Syrian spans:")
    for what, n in outside.most_common(show):
        print(f"  {n:3d}  {what}")
    return {"spans": len(spans), "found": found, "missed": missed, "unknown": unknown,
            "syrian": syrian, "in_syria": in_syria, "outside": syrian - in_syria}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", type=int, default=25, help="rows of each list")
    args = ap.parse_args(argv)
    if not CORPUS.exists():
        print(f"{CORPUS}: not found (the shared eval folder is beside the repository)",
              file=sys.stderr)
        return 2
    evaluate(Gazetteer.load(), args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
