"""Event extraction quality on the independent dev set (tests/devset) and the seed: P/R/F1 and more.

One command::

    python bench/events_eval.py                 # run the pipeline, print the scores
    python bench/events_eval.py --show-misses   # ... and every missed and spurious event

The pipeline (``pipeline.run.run``) runs into a temporary folder on ``tests/devset/articles`` and
the seed; its events are matched to the gold of ``tests/devset/gold`` (format and coding rules in
``tests/devset/README.md``). A prediction matches a gold event of the same article when the event
type is the same, the place agrees (:func:`place_agrees`) and the dates agree (:func:`dates_agree`);
pairs are made one-to-one, best first. Location and date correctness are measured on pairs made
without that criterion, quantity/status/effective-date agreement on the matched pairs.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from gazetteer.names import name_key  # noqa: E402

DEVSET = ROOT / "tests" / "devset"
ARTICLES = DEVSET / "articles"
GOLD = DEVSET / "gold"
# Test sets scored fresh once, then committed (each folder's README): title -> folder holding
# articles/ and gold/, in the order they are reported.
TEST_SETS = {
    "held-out": DEVSET / "heldout",
    "blind test set": DEVSET / "blind",  # written blind to every rule, scored once at 2461c34
    "blind test set 2": DEVSET / "blind2",  # the same, scored once at 6d57335
}
SEED = ROOT / "seeds" / "000_ccafa11628c541d7.txt"
SEED_ID = "000_ccafa11628c541d7"

MATCH_KM = 25.0  # a settlement or site prediction this close to the gold point is the same place
EVENT_TYPES = (
    "ceasefire_talks", "ceasefire_agreed", "ceasefire_violation", "hostilities_halted",
    "monitoring_center", "aid_airdrop", "aid_convoy", "aid_delivery", "siege", "evacuation",
    "armed_clash", "airstrike", "shelling", "territory_change", "diplomacy",
)  # fmt: skip
STATUSES = ("reported", "planned", "pending", "denied")
DATE_PRECISIONS = ("day", "week", "month", "year", "unknown")
GEO_PRECISIONS = ("site", "settlement", "admin1", "country")
REQUIRED = ("event_type", "place", "country", "geo_precision", "date", "date_end",
            "date_precision", "status", "evidence")


class GoldError(ValueError):
    """A gold file that does not follow the format; the message names the file and the reason."""


@dataclass(frozen=True, slots=True)
class Ev:
    """One event, gold or predicted, reduced to what the scorer compares."""

    article_id: str
    event_type: str
    place: str
    admin1: str | None
    country: str | None
    geo_precision: str
    lat: float | None
    lon: float | None
    date: date | None
    date_end: date | None
    status: str = "reported"
    effective_date: date | None = None
    quantities: dict = field(default_factory=dict)
    evidence: str = ""
    place_name: str = ""  # predicted only: the gazetteer's canonical name


def _iso(value, what: str) -> date | None:
    """A date from YAML (a date object or an ISO string) or None; anything else is an error."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise GoldError(f"{what}: not an ISO date: {value!r}") from None


def gold_event(raw: dict, article_id: str, where: str = "") -> Ev:
    """One gold event from its YAML mapping, checked against the format in tests/devset/README."""
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        raise GoldError(f"{where}: missing {', '.join(missing)}")
    kind, prec = raw["event_type"], raw["geo_precision"]
    checks = [
        (kind in EVENT_TYPES, f"unknown event_type {kind!r}"),
        (raw["status"] in STATUSES, f"unknown status {raw['status']!r}"),
        (raw["date_precision"] in DATE_PRECISIONS, f"bad date_precision {raw['date_precision']!r}"),
        (prec in GEO_PRECISIONS, f"bad geo_precision {prec!r}"),
        (prec not in ("site", "settlement") or ("lat" in raw and "lon" in raw), "no lat/lon"),
        (prec != "admin1" or bool(raw.get("admin1")) or "lat" in raw, "admin1: no code, no point"),
        (not raw.get("admin1") or str(raw["admin1"])[:2] == raw["country"], "admin1 off country"),
    ]
    for ok, reason in checks:
        if not ok:
            raise GoldError(f"{where}: {reason}")
    start, end = _iso(raw["date"], where), _iso(raw["date_end"], where)
    if (start is None) != (end is None) or (start and end and start > end):
        raise GoldError(f"{where}: date and date_end must both be null or an ordered range")
    if (start is None) != (raw["date_precision"] == "unknown"):
        raise GoldError(f"{where}: date_precision 'unknown' goes with null dates, only with them")
    quantities = raw.get("quantities") or {}
    if not all(isinstance(v, int | float) for v in quantities.values()):
        raise GoldError(f"{where}: quantities must be numbers")
    return Ev(article_id, kind, str(raw["place"]), raw.get("admin1"), raw["country"], prec,
              raw.get("lat"), raw.get("lon"), start, end, raw["status"],
              _iso(raw.get("effective_date"), where), dict(quantities), raw["evidence"])


def load_gold(gold_dir: Path = GOLD) -> dict[str, list[Ev]]:
    """Every gold file of a folder: article id -> its gold events (GoldError on a bad file)."""
    gold: dict[str, list[Ev]] = {}
    for path in sorted(gold_dir.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise GoldError(f"{path.name}: not YAML ({exc})") from None
        article_id = (data or {}).get("article_id")
        if article_id != path.stem:
            raise GoldError(f"{path.name}: article_id {article_id!r} differs from the file name")
        gold[article_id] = [gold_event(raw, article_id, f"{path.name} event {i + 1}")
                            for i, raw in enumerate(data.get("events") or [])]
    return gold


def _none(value):
    """NaN, empty strings and None all mean 'no value' in a frame row."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def predicted(frame) -> dict[str, list[Ev]]:
    """The events of a ``Store.events_frame()`` grouped by article."""
    out: dict[str, list[Ev]] = {}
    for row in frame.to_dict("records"):
        start = _iso(_none(row.get("date")), "prediction")
        out.setdefault(row["article_id"], []).append(Ev(
            row["article_id"], row["event_type"], str(_none(row.get("place")) or ""),
            _none(row.get("admin1")), _none(row.get("country")), row.get("geo_precision") or "",
            _none(row.get("lat")), _none(row.get("lon")), start,
            _iso(_none(row.get("date_end")), "prediction") or start, row.get("status") or "",
            _iso(_none(row.get("effective_date")), "prediction"), dict(row.get("quantities") or {}),
            str(_none(row.get("evidence")) or ""), str(_none(row.get("place_name")) or "")))
    return out


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(
        math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _same_name(pred: Ev, gold: Ev) -> bool:
    key = name_key(gold.place)
    return bool(key) and key in {name_key(pred.place), name_key(pred.place_name)}


def _distance(pred: Ev, gold: Ev) -> float:
    if None in (pred.lat, pred.lon, gold.lat, gold.lon):
        return math.inf
    return km(pred.lat, pred.lon, gold.lat, gold.lon)


def place_agrees(pred: Ev, gold: Ev) -> bool:
    """Same admin1 for coded admin1 gold, same country for country gold, else near or same name."""
    if gold.geo_precision == "admin1" and gold.admin1:
        return pred.admin1 == gold.admin1
    if gold.geo_precision == "country":
        return pred.country == gold.country and pred.geo_precision == "country"
    return _same_name(pred, gold) or _distance(pred, gold) <= MATCH_KM


def dates_agree(pred: Ev, gold: Ev) -> bool:
    """The predicted range overlaps the gold range, or both are undated."""
    if gold.date is None or pred.date is None:
        return gold.date is None and pred.date is None
    return pred.date <= gold.date_end and (pred.date_end or pred.date) >= gold.date


def _rank(pred: Ev, gold: Ev) -> tuple:
    """Best pairs first: same name, then nearer, then closer in time."""
    gap = 0 if pred.date is None or gold.date is None else abs((pred.date - gold.date).days)
    return (_same_name(pred, gold), -min(_distance(pred, gold), 1e6), -gap)


def pair(preds: list[Ev], golds: list[Ev], *, place: bool = True, when: bool = True
         ) -> list[tuple[int, int]]:
    """One-to-one greedy pairs (pred index, gold index) of the same type that agree as asked."""
    candidates = [
        (_rank(p, g), i, j)
        for i, p in enumerate(preds) for j, g in enumerate(golds)
        if p.event_type == g.event_type
        and (not place or place_agrees(p, g)) and (not when or dates_agree(p, g))
    ]
    candidates.sort(key=lambda c: (c[0], -c[1], -c[2]), reverse=True)
    used_p, used_g, pairs = set(), set(), []
    for _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i), used_g.add(j)
            pairs.append((i, j))
    return pairs


@dataclass
class Scores:
    """Counts of one slice (an event type, or all): true positives, predictions, gold events."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """Everything the scorer measured on one set of articles."""

    by_type: dict[str, Scores] = field(default_factory=dict)
    overall: Scores = field(default_factory=Scores)
    agree: Counter = field(default_factory=Counter)  # name -> agreeing pairs; name + "/n" -> pairs
    misses: list[Ev] = field(default_factory=list)  # gold events no prediction matched
    spurious: list[Ev] = field(default_factory=list)  # predictions that matched no gold event


def _tally(agree: Counter, name: str, ok: bool) -> None:
    agree[name] += bool(ok)
    agree[name + "/n"] += 1


def evaluate(preds: dict[str, list[Ev]], gold: dict[str, list[Ev]]) -> Report:
    """Score predictions against gold, article by article (only articles that have gold)."""
    rep = Report(by_type={t: Scores() for t in EVENT_TYPES})
    for article_id, golds in gold.items():
        ps = preds.get(article_id, [])
        for ev, attr in [(g, "gold") for g in golds] + [(p, "pred") for p in ps]:
            for s in (rep.by_type.setdefault(ev.event_type, Scores()), rep.overall):
                setattr(s, attr, getattr(s, attr) + 1)
        matched = pair(ps, golds)
        for i, j in matched:
            p, g = ps[i], golds[j]
            rep.by_type[g.event_type].tp += 1
            rep.overall.tp += 1
            _tally(rep.agree, "status", p.status == g.status)
            for key, value in g.quantities.items():
                _tally(rep.agree, "quantity", p.quantities.get(key) == value)
            if g.effective_date:
                _tally(rep.agree, "effective date", p.effective_date == g.effective_date)
        for i, j in pair(ps, golds, place=False):
            _tally(rep.agree, "location", place_agrees(ps[i], golds[j]))
        for i, j in pair(ps, golds, when=False):
            _tally(rep.agree, "date overlap", dates_agree(ps[i], golds[j]))
            _tally(rep.agree, "date exact", (ps[i].date, ps[i].date_end) == (golds[j].date,
                                                                              golds[j].date_end))
        rep.misses += [g for j, g in enumerate(golds) if j not in {b for _, b in matched}]
        rep.spurious += [p for i, p in enumerate(ps) if i not in {a for a, _ in matched}]
    return rep


def run_pipeline(inputs: list[Path], *, gazetteer=None):
    """Run the whole pipeline on the inputs into a temporary store; (events frame, RunReport)."""
    from pipeline.run import run
    from pipeline.store import Store

    with tempfile.TemporaryDirectory(prefix="events_eval_") as tmp:
        report = run(inputs, Path(tmp), gazetteer=gazetteer, export=False)
        return Store(Path(tmp)).events_frame(), report


def _line(name: str, s: Scores) -> str:
    return (f"{name:<20} {s.gold:>5} {s.pred:>5} {s.tp:>5}   "
            f"{s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}")


def format_report(title: str, rep: Report, *, per_type: bool = True) -> str:
    """The table of one report: per type (if asked) and overall, then the agreement figures."""
    head = f"{'event_type':<20} {'gold':>5} {'pred':>5} {'tp':>5}   {'P':>6} {'R':>6} {'F1':>6}"
    lines = [f"== {title}", head]
    if per_type:
        lines += [_line(t, s) for t, s in rep.by_type.items() if s.gold or s.pred]
    lines.append(_line("overall (micro)", rep.overall))
    for name in ("location", "date overlap", "date exact", "quantity", "status", "effective date"):
        n = rep.agree[name + "/n"]
        if n:
            ok = rep.agree[name]
            lines.append(f"  {name + ' correct':<28} {ok:>4}/{n:<4} = {ok / n:.3f}")
    return "\n".join(lines)


def _show(ev: Ev) -> str:
    when = "undated" if ev.date is None else f"{ev.date}..{ev.date_end}"
    where = ev.admin1 or ev.country or "?"
    return f"  {ev.article_id:<36} {ev.event_type:<19} {ev.place[:28]:<28} {where:<7} {when:<22} " \
           f"{ev.evidence[:70]!r}"


def main(argv: list[str] | None = None) -> int:
    """Run the pipeline on the dev set and the seed and print the scores; exit 0."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-misses", action="store_true", help="list missed and spurious events")
    args = ap.parse_args(argv)
    gold = load_gold()
    tests = {title: load_gold(folder / "gold") for title, folder in TEST_SETS.items()
             if (folder / "gold").is_dir()}
    inputs = [ARTICLES, SEED] + [TEST_SETS[title] / "articles" for title in tests]
    started = time.perf_counter()
    frame, run_report = run_pipeline(inputs)
    seconds = time.perf_counter() - started
    preds = predicted(frame)
    dev = {k: v for k, v in gold.items() if k != SEED_ID}
    seed = {k: v for k, v in gold.items() if k == SEED_ID}
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {platform.platform(terse=True)}")
    print(f"pipeline run: {run_report.articles_read} articles, {run_report.events_written} events "
          f"in {seconds:.2f} s (gazetteer load included)")
    for path, reason in run_report.rejected:
        print(f"rejected: {path}: {reason}")
    everything = {**gold, **{k: v for test in tests.values() for k, v in test.items()}}
    unread = sorted(set(everything) - set(run_report.article_ids))
    if unread:
        print(f"warning: gold articles not read by the pipeline: {', '.join(unread)}")
    reports = [(f"dev set ({len(dev)} articles)", evaluate(preds, dev), True),
               ("seed", evaluate(preds, seed), False),
               ("dev set + seed", evaluate(preds, gold), False)]
    reports += [(f"{title} ({len(test)} articles)", evaluate(preds, test), True)
                for title, test in tests.items()]
    for title, rep, per_type in reports:
        print()
        print(format_report(title, rep, per_type=per_type))
    if args.show_misses:
        rep = evaluate(preds, everything)
        print(f"\nmissed gold events ({len(rep.misses)}):")
        print("\n".join(_show(g) for g in rep.misses))
        print(f"\nspurious predictions ({len(rep.spurious)}):")
        print("\n".join(_show(p) for p in rep.spurious))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
