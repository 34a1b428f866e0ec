"""Geoparsing quality on LGL and GeoVirus: our E2E-F1@161 beside the nine stored peers.

One command::

    python bench/geoparse_eval.py            # both corpora, ours + peers
    python bench/geoparse_eval.py --peers-only --corpus LGL

The yardstick is the one of ``../shared/eval/README.md``: a gold toponym is *found* when a
predicted mention overlaps its character span and *correct* when the predicted point is also
within 161 km of the gold point; recall = correct / gold, precision = correct / predicted.
F1 is given against the raw gold (which reproduces the README's peer figures) and against the
gold moved to ``mlg_evaldata_patches``' WikiData points (its README evaluates with those; note
they put "United States" at Washington, D.C.).
The corpora are read in place, never copied into the project.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
CORPORA = {"LGL": EVAL / "LGL" / "lgl.xml", "GeoVirus": EVAL / "GeoVirus" / "GeoVirus.xml"}
PATCHES = {"LGL": "lgl_patches.tsv", "GeoVirus": "GeoVirus_patches.tsv"}
PEERS = ("CLAVIN", "CamCoder", "DBpedia", "Edinburgh", "GeoTxt", "SpaCyNER", "StanfordNER",
         "TopoCluster", "Yahoo")
KM = 161.0  # 100 miles, the usual accuracy@161 radius
PATCH_TOLERANCE = 0.01  # degrees: a patch row applies to gold points this close to its old point


@dataclass(frozen=True, slots=True)
class Point:
    """A gold toponym or a prediction: a character span and a point."""

    start: int
    end: int
    text: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Doc:
    """One evaluation article with its geocoded gold toponyms."""

    text: str
    gold: tuple[Point, ...]


@dataclass(frozen=True, slots=True)
class Score:
    """Counts and rates of one system on one corpus."""

    gold: int
    predicted: int
    found: int
    correct: int

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_lgl(path: Path) -> list[Doc]:
    """LGL articles; toponyms without coordinates (no gaztag) are not gold for geocoding."""
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        gold = []
        for top in art.find("toponyms"):
            tag = top.find("gaztag")
            if tag is None or tag.find("lat") is None:
                continue
            gold.append(Point(int(top.findtext("start")), int(top.findtext("end")),
                              top.findtext("phrase"), float(tag.findtext("lat")),
                              float(tag.findtext("lon"))))
        docs.append(Doc(art.findtext("text"), tuple(gold)))
    return docs


def load_geovirus(path: Path) -> list[Doc]:
    """GeoVirus articles (WikiNews); every location has coordinates."""
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        gold = tuple(Point(int(loc.findtext("start")), int(loc.findtext("end")),
                           loc.findtext("name"), float(loc.findtext("lat")),
                           float(loc.findtext("lon")))
                     for loc in art.find("locations"))
        docs.append(Doc(art.findtext("text"), gold))
    return docs


def load_patches(path: Path) -> dict[str, list[tuple[float, float, float, float]]]:
    """Toponym -> [(old lat, old lon, new lat, new lon)] from an mlg_evaldata_patches TSV."""
    out: dict[str, list[tuple[float, float, float, float]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) != 3:
            continue
        (olat, olon), (nlat, nlon) = (tuple(float(x) for x in p.split(",")) for p in parts[1:])
        out[parts[0]].append((olat, olon, nlat, nlon))
    return out


def patch(docs: list[Doc], patches: dict) -> tuple[list[Doc], int]:
    """Replace gold points by their corrected coordinates; returns the docs and how many moved."""
    moved = 0
    out = []
    for doc in docs:
        gold = []
        for g in doc.gold:
            for olat, olon, nlat, nlon in patches.get(g.text, ()):
                if abs(olat - g.lat) <= PATCH_TOLERANCE and abs(olon - g.lon) <= PATCH_TOLERANCE:
                    moved += (nlat, nlon) != (g.lat, g.lon)
                    g = Point(g.start, g.end, g.text, nlat, nlon)
                    break
            gold.append(g)
        out.append(Doc(doc.text, tuple(gold)))
    return out, moved


def load_peer(path: Path, n_docs: int) -> list[list[Point]]:
    """A peer's stored output: one line per article, `name,,mention,,lat,,lon,,start,,end||...`."""
    lines = path.read_text(encoding="utf-8").split("\n")[:n_docs]
    preds = []
    for line in lines:
        doc = []
        for item in filter(None, line.strip().split("||")):
            f = item.split(",,")
            if len(f) < 6:
                continue
            try:
                lat, lon = float(f[2]), float(f[3])
            except ValueError:  # a mention the peer could not place: predicted, never correct
                lat = lon = math.nan
            doc.append(Point(int(f[4]), int(f[5]), f[1], lat, lon))
        preds.append(doc)
    preds += [[] for _ in range(n_docs - len(preds))]
    return preds


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def score(docs: list[Doc], preds: list[list[Point]]) -> Score:
    """E2E@161: found = a prediction overlaps the span; correct = one of those within 161 km."""
    gold = predicted = found = correct = 0
    for doc, pred in zip(docs, preds, strict=True):
        predicted += len(pred)
        for g in doc.gold:
            gold += 1
            hits = [p for p in pred if p.start < g.end and g.start < p.end]
            found += bool(hits)
            correct += any(km(g.lat, g.lon, p.lat, p.lon) <= KM for p in hits)
    return Score(gold, predicted, found, correct)


def run_ours(docs: list[Doc], gz) -> tuple[list[list[Point]], tuple[float, float, float],
                                           Counter, Counter, int]:
    """Our spotter + resolver on every doc; also counts what each filter rule rejected.

    Returns predictions, seconds spent (spotting, resolving, both again warm), rejects per rule
    overlapping no gold (accidental places rightly dropped), rejects per rule overlapping a
    gold toponym (places lost), and bytes read.
    """
    from pipeline.mentions import find_mentions, spot_all
    from pipeline.resolve import resolve

    find_mentions(docs[0].text, gz)  # builds the spotting index once, outside the timing
    t0 = time.perf_counter()
    spotted = [find_mentions(doc.text, gz) for doc in docs]
    t1 = time.perf_counter()
    resolved = [resolve(doc.text, s, gz) for doc, s in zip(docs, spotted, strict=True)]
    t2 = time.perf_counter()
    for doc in docs:  # again, with the memos warm, as in a long run over many articles
        resolve(doc.text, find_mentions(doc.text, gz), gz)
    seconds = (t1 - t0, t2 - t1, time.perf_counter() - t2)
    preds = [[Point(m.start, m.end, m.text, m.place.lat, m.place.lon) for m in mentions]
             for mentions in resolved]
    right, lost = Counter(), Counter()
    for doc in docs:
        for s, reason in spot_all(doc.text, gz):
            if reason is None:
                continue
            hit = any(s.start < g.end and g.start < s.end for g in doc.gold)
            (lost if hit else right)[reason] += 1
    size = sum(len(d.text.encode("utf-8")) for d in docs)
    return preds, seconds, right, lost, size


def machine() -> str:
    """A one-line description of this machine."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def row(name: str, s: Score, patched: Score) -> str:
    """One Markdown table row; ours in bold."""
    f1 = f"**{s.f1:.3f}**" if name == "ours" else f"{s.f1:.3f}"
    return (f"| {name:<11} | {s.gold:5d} | {s.predicted:5d} | {s.found:5d} | {s.correct:5d} "
            f"| {s.recall:.3f} | {s.precision:.3f} | {f1} | {patched.f1:.3f} |")


def main(argv: list[str] | None = None) -> int:
    """Score ours and the peers on each corpus and print one Markdown table per corpus."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=sorted(CORPORA), action="append")
    ap.add_argument("--peers-only", action="store_true", help="skip our geoparser")
    ap.add_argument("--rejects", action="store_true", help="print what each filter rule rejected")
    args = ap.parse_args(argv)
    print(f"machine: {machine()}")
    gz = None
    if not args.peers_only:
        from gazetteer import Gazetteer

        t0 = time.perf_counter()
        gz = Gazetteer.load()
        print(f"gazetteer loaded in {time.perf_counter() - t0:.2f} s")
    for corpus in args.corpus or ("LGL", "GeoVirus"):
        path = CORPORA[corpus]
        if not path.exists():
            print(f"{corpus}: {path} not found, skipped", file=sys.stderr)
            continue
        docs = load_lgl(path) if corpus == "LGL" else load_geovirus(path)
        fixed, moved = patch(docs, load_patches(EVAL / "mlg_evaldata_patches" / PATCHES[corpus]))
        print(f"\n### {corpus}: {len(docs)} articles, E2E@{KM:.0f} km\n")
        print("| system      |  gold |  pred | found | right | recall | prec. | F1 | F1 patched |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        results = []
        for peer in PEERS:
            peer_path = EVAL / "peer_outputs" / f"{corpus}_{peer}.txt"
            if peer_path.exists():
                preds = load_peer(peer_path, len(docs))
                results.append((peer, score(docs, preds), score(fixed, preds)))
        if gz is not None:
            preds, seconds, right, lost, size = run_ours(docs, gz)
            results.append(("ours", score(docs, preds), score(fixed, preds)))
        for name, raw, patched in sorted(results, key=lambda r: r[1].f1):
            print(row(name, raw, patched))
        print(f"\nF1 against the raw gold (the figures of ../shared/eval/README.md); F1 patched: "
              f"gold moved to mlg_evaldata_patches' WikiData points ({moved} moved).")
        if gz is not None:
            kb = size / 1e3
            print(f"\nours: {kb:.0f} KB; first pass: find_mentions {seconds[0] * 1e6 / kb:.0f} "
                  f"µs/KB, resolve {seconds[1] * 1e6 / kb:.0f} µs/KB; second pass (memos warm): "
                  f"{seconds[2] * 1e6 / kb:.0f} µs/KB, {len(docs) / seconds[2]:.0f} articles/s")
            print(f"filters: {sum(right.values())} accidental names rejected, "
                  f"{sum(lost.values())} gold toponyms lost")
            if args.rejects:
                for rule in sorted(set(right) | set(lost)):
                    print(f"  {rule:<22} rejected {right[rule]:5d}  lost {lost[rule]:5d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
