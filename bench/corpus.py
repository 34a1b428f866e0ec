"""Synthetic news articles for the benchmarks: templated wire copy over the gazetteer's places.

    python bench/corpus.py --n 10000 --out /tmp/corpus [--seed 7] [--real]

Each article is a short wire story (~0.9 KB with its front matter, like the 10,000 articles of
../shared/NOTES.md's geotext measure): a headline, a lead sentence with an event of the contract's
vocabulary (talks, truces, violations, convoys, airdrops, sieges, evacuations, strikes, shelling,
clashes, diplomacy), follow-ups with quantities and actors, dates in many forms (weekdays,
"22 February", "Feb. 22, 2016", "yesterday", "last week", "earlier this month"), and distractors:
people whose names are place names, months, organisations, sentences with no place at all.
Places are drawn through the `gazetteer` API (Syria and its neighbours by kind, big cities of
the world for diplomacy), never written here, and are spelt in varied transliterations (folded
diacritics, el-/al-, -ah/-a, ou/u, Deir/Dayr) as reporting spells them. The same seed gives the
same files, byte for byte. ``--real`` adds the seed articles and ``tests/devset/articles``.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_SEED = 7
TARGET_BYTES = 900  # mean size of one article file, front matter included
FIRST_DAY, LAST_DAY = date(2012, 1, 1), date(2024, 12, 31)
VARIANT_SHARE = 0.4  # share of place names written in another transliteration
UNDATED_SHARE = 0.05  # articles without a `published` date
SYRIAN_KINDS = ("city", "town", "village", "airbase", "camp", "crossing", "site", "region",
                "district")
NEIGHBOUR_POPULATION = 50_000  # towns of the neighbours this big appear as places of aid/talks
CAPITAL_POPULATION = 500_000  # capitals this big host talks and statements
SYRIA_SHARE = 0.8  # share of event places in Syria (the rest in its neighbours)
REAL_DIRS = (ROOT / "seeds", ROOT / "tests" / "devset" / "articles")

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
             "Nov.", "Dec.")  # wire style
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
OUTLETS = ("Wire Desk", "Levant Monitor", "World Desk", "Agence Presse", "Daily Report",
           "News Service", "Evening Bulletin", "Regional Correspondent")
# Who acts (actors a reader of such reporting meets; not place names).
AID = ("the United Nations", "the World Food Programme", "the ICRC", "the Syrian Arab Red "
       "Crescent", "UNICEF", "the UN refugee agency", "OCHA", "Save the Children")
ARMED = ("government forces", "rebels", "the Syrian army", "opposition fighters",
         "pro-government militias", "Kurdish-led forces", "jihadists", "Turkish-backed rebels")
MEDIATORS = ("the Russian Defence Ministry", "the UN special envoy", "Turkish officials",
             "the US State Department", "a Russian reconciliation centre", "local elders",
             "the Foreign Ministry", "negotiators from both sides")
GIVEN = ("Ahmed", "Omar", "Sarah", "Khaled", "Maria", "John", "Leila", "Hassan", "Anna",
         "Yusuf", "David", "Fatima", "Michael", "Rami", "Nadia", "Peter")
ROLES = ("a spokesman", "a spokeswoman", "an official", "an aid worker", "a resident",
         "a commander", "an analyst", "a doctor")
COUNTS = ("two", "three", "four", "five", "several", "a dozen")

# One event per group; {p} a place, {g} a governorate, {a}/{m}/{x} actors, {d} a date phrase,
# {n} a number, {c} a count word, {w} a city of the world.
EVENTS = {
    "ceasefire_talks": (
        "{m} said talks on a local truce in {p} began {d}.",
        "Negotiations on a ceasefire for {p} and nearby villages were held {d}, {m} said.",
        "{m} opened talks with armed groups in the provinces of {g} and {g2} {d}.",
    ),
    "ceasefire_agreed": (
        "A ceasefire for {p} was agreed {d} and would take effect at midnight.",
        "{m} announced {d} that a truce had been reached in {p}, {g} province.",
        "Warring parties accepted the terms of a cessation of hostilities in {g} {d}.",
    ),
    "ceasefire_violation": (
        "Monitors reported {n} violations of the truce around {p} {d}.",
        "{x} accused {a2} of breaching the ceasefire in {p} {d}.",
    ),
    "hostilities_halted": (
        "Fighting stopped in {p} {d} after weeks of clashes, residents said.",
        "Calm returned to the north of {g} Province {d} as military action was halted.",
    ),
    "monitoring_center": (
        "A coordination centre to monitor the truce opened at {s} {d}.",
        "{m} said its monitoring centre at {s} was working with local councils.",
    ),
    "aid_airdrop": (
        "A plane dropped {n} tonnes of food over {p} {d}, {a} said.",
        "{a} carried out an airdrop of supplies to besieged districts of {p} {d}.",
    ),
    "aid_convoy": (
        "A convoy of {n} trucks carrying food and medicine reached {p} {d}.",
        "{c} convoys of aid were sent to {p} and {p2} {d}, {a} said.",
        "More than {n} trucks delivered aid to {k:,} people in {p} {d}.",
    ),
    "aid_delivery": (
        "{a} said some {k:,} residents of {p} had received aid {d}.",
        "Food parcels for {k:,} families were distributed in {p} {d}.",
    ),
    "siege": (
        "About {k:,} people remain besieged in {p}, cut off since {month}.",
        "{x} tightened the siege of {p} {d}, {a} said.",
    ),
    "evacuation": (
        "{n} wounded civilians were evacuated from {p} {d}.",
        "Buses carried {k:,} fighters and their families out of {p} {d}.",
    ),
    "airstrike": (
        "Air strikes on {p} killed at least {n} people {d}, a monitoring group said.",
        "Warplanes struck a market in {p} {d}, wounding {n} people.",
    ),
    "shelling": (
        "Shelling of {p} by {x} killed {n} civilians {d}.",
        "Mortar rounds hit residential areas of {p} {d}.",
    ),
    "armed_clash": (
        "Clashes between {x} and {x2} near {p} left {n} fighters dead {d}.",
        "{x} fought {x2} on the outskirts of {p} {d}.",
    ),
    "territory_change": (
        "{x} captured {p} from {x2} {d}.",
        "{x} regained control of {p} in {g} province {d}.",
    ),
    "diplomacy": (
        "Foreign ministers met in {w} {d} to discuss the crisis.",
        "Envoys will meet in {w} next week, {m} said {d}.",
    ),
}
FILLER = (
    "The war has killed hundreds of thousands of people and displaced millions since {year}.",
    "{who}, {role} in {p}, said the situation remained difficult.",
    "\"We need fuel and medicine,\" said {who}, {role}.",
    "Prices of bread and fuel have risen sharply since {month}.",
    "{giv} {sur} told reporters that more talks were planned for {month}.",
    "The report could not be independently verified.",
    "Aid agencies have warned for months that supplies are running low.",
    "{a} said it had no access to {p} since {month}.",
    "Schools in the area remain closed, a teacher from {p} said.",
    "A statement on {weekday} gave no further details.",
)
HEADLINES = (
    "{Event} in {p}", "{a_cap} reports {event} near {p}", "{Event}: {p} and {g}",
    "Update on {p}", "{Event} reported in {g} province",
)
TITLES = {
    "ceasefire_talks": "truce talks", "ceasefire_agreed": "ceasefire agreed",
    "ceasefire_violation": "truce violations", "hostilities_halted": "fighting halted",
    "monitoring_center": "monitoring centre", "aid_airdrop": "airdrop",
    "aid_convoy": "aid convoy", "aid_delivery": "aid delivered", "siege": "siege",
    "evacuation": "evacuation", "airstrike": "air strikes", "shelling": "shelling",
    "armed_clash": "clashes", "territory_change": "front line shifts", "diplomacy": "talks",
}


@dataclass(frozen=True, slots=True)
class Pools:
    """Names drawn from the gazetteer: Syrian places by role, governorates, world cities."""

    syria: tuple[str, ...]  # towns, villages, cities, camps, crossings, regions of Syria
    neighbours: tuple[str, ...]  # towns and cities of the neighbouring countries
    sites: tuple[str, ...]  # airbases and sites (monitoring centres)
    governorates: tuple[str, ...]  # first-level units of Syria
    world: tuple[str, ...]  # national capitals of the world (talks, statements)
    surnames: tuple[str, ...]  # village names used as people's surnames (distractors)

    def place(self, rng: random.Random) -> str:
        """A place of an event: mostly Syrian, sometimes in a neighbouring country."""
        return rng.choice(self.syria if rng.random() < SYRIA_SHARE else self.neighbours)


def pools_from_gazetteer(gz=None) -> Pools:
    """The name pools, read through the `gazetteer` API (the bundled gazetteer by default)."""
    if gz is None:
        from gazetteer import Gazetteer

        gz = Gazetteer.load()
    syria, neighbours, sites, govs, world, surnames = [], [], [], [], [], []
    for p in gz.places():  # row order: deterministic
        if p.country == "SY" and p.kind in SYRIAN_KINDS:
            (sites if p.kind in ("airbase", "site") else syria).append(p.name)
        elif p.country == "SY" and p.kind == "admin1":
            govs.append(p.name)
        elif p.country in gz.focus and p.kind in ("city", "town") \
                and p.population >= NEIGHBOUR_POPULATION:
            neighbours.append(p.name)
        elif gz.is_capital(p.id) and p.population >= CAPITAL_POPULATION:
            world.append(p.name)
        elif p.kind == "village" and p.name.isascii() and p.name.isalpha() and len(p.name) > 4:
            surnames.append(p.name)
    strip = re.compile(r"\s+(Governorate|Province|Muhafazat)$|^Muhafazat\s+", re.IGNORECASE)
    govs = [strip.sub("", g) for g in govs]
    return Pools(tuple(syria), tuple(neighbours), tuple(sites), tuple(govs), tuple(world),
                 tuple(surnames[::50]))


def _fold(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


# Transliteration alternations of reporting (rules, applied to any name).
_VARIANTS = (
    (re.compile(r"\b[Aa]l-"), ("el-", "al ", "Al-", "")),
    (re.compile(r"\b[Ee]l-"), ("al-", "El ")),
    (re.compile(r"ah\b"), ("a", "eh")),
    (re.compile(r"(?<=[bdfklmnrstz])a\b"), ("ah",)),
    (re.compile(r"ou"), ("u",)),
    (re.compile(r"\bDeir\b"), ("Dayr", "Der")),
    (re.compile(r"\bDayr\b"), ("Deir",)),
    (re.compile(r"ee"), ("i",)),
    (re.compile(r"q"), ("k",)),
)


def spell(name: str, rng: random.Random) -> str:
    """`name` as some outlet may write it: diacritics folded, and one alternation applied."""
    if not name.isascii() and rng.random() < 0.8:
        name = _fold(name)
    if rng.random() < VARIANT_SHARE:
        rules = [(p, r) for p, r in _VARIANTS if p.search(name)]
        if rules:
            pattern, options = rng.choice(rules)
            name = pattern.sub(rng.choice(options), name, count=1)
            name = name[:1].upper() + name[1:]
    return name


def date_phrase(rng: random.Random, published: date | None) -> str:
    """A date as wire copy writes it, relative to `published` when there is one."""
    day = (published or date(2016, 3, 1)) - timedelta(days=rng.randint(0, 6))
    forms = [
        f"on {WEEKDAYS[day.weekday()]}", f"on {day.day} {MONTHS[day.month - 1]}",
        f"on {MONTHS[day.month - 1]} {day.day}", f"on {AP_MONTHS[day.month - 1]} {day.day}, "
        f"{day.year}", "yesterday", "last week", "earlier this month", "on Tuesday night",
        "the following day", "today", f"in {MONTHS[day.month - 1]} {day.year}",
    ]
    return rng.choice(forms)


def _fill(template: str, rng: random.Random, pools: Pools, published: date | None,
          place: str) -> str:
    def pick(seq):
        return spell(rng.choice(seq), rng)

    slots = {
        "p": place, "p2": spell(pools.place(rng), rng), "g": pick(pools.governorates),
        "g2": pick(pools.governorates), "s": pick(pools.sites), "w": rng.choice(pools.world),
        "a": rng.choice(AID), "a2": rng.choice(ARMED), "m": rng.choice(MEDIATORS),
        "x": rng.choice(ARMED), "x2": rng.choice(ARMED), "d": date_phrase(rng, published),
        "n": rng.choice((2, 3, 5, 7, 12, 15, 20, 24, 30, 45, 60, 100, 120, 250)),
        "k": rng.choice((800, 1500, 4000, 12000, 20000, 35000, 80000, 110000)),
        "c": rng.choice(COUNTS), "month": rng.choice(MONTHS),
        "year": rng.choice((2011, 2012)), "weekday": rng.choice(WEEKDAYS),
        "who": f"{rng.choice(GIVEN)} {rng.choice(pools.surnames)}",
        "giv": rng.choice(GIVEN), "sur": rng.choice(pools.surnames), "role": rng.choice(ROLES),
    }
    text = template.format(**slots)
    return text[:1].upper() + text[1:]


def article(i: int, rng: random.Random, pools: Pools) -> str:
    """Article `i`: front matter and body, about `TARGET_BYTES` long."""
    published = None if rng.random() < UNDATED_SHARE else FIRST_DAY + timedelta(
        days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))
    kind = rng.choice(tuple(EVENTS))
    place = spell(pools.place(rng), rng)
    sentences = [_fill(rng.choice(EVENTS[kind]), rng, pools, published, place)]
    size = 160 + len(sentences[0])
    while size < TARGET_BYTES - 60:
        if rng.random() < 0.55:
            other = rng.choice(tuple(EVENTS))
            s = _fill(rng.choice(EVENTS[other]), rng, pools, published,
                      spell(pools.place(rng), rng))
        else:
            s = _fill(rng.choice(FILLER), rng, pools, published, place)
        sentences.append(s)
        size += len(s) + 1
    paragraphs = [" ".join(sentences[j:j + 2]) for j in range(0, len(sentences), 2)]
    title = _fill(rng.choice(HEADLINES).replace("{Event}", TITLES[kind].capitalize())
                  .replace("{event}", TITLES[kind]).replace("{a_cap}", "{a}"),
                  rng, pools, published, place).replace('"', "'")
    front = ["---", f'title: "{title}"']
    if published:
        front.append(f"published: {published.isoformat()}")
    front.append(f"source: {rng.choice(OUTLETS)}")
    front.append(f"url: https://example.org/news/{i:06d}")
    front.append("---")
    return "\n".join(front) + "\n" + "\n".join(paragraphs) + "\n"


def generate(n: int, *, seed: int = DEFAULT_SEED, pools: Pools | None = None
             ) -> Iterator[tuple[str, str]]:
    """(file name, text) of `n` synthetic articles; the same seed gives the same articles."""
    pools = pools or pools_from_gazetteer()
    rng = random.Random(seed)
    for i in range(n):
        yield f"s{seed}_{i:06d}.txt", article(i, rng, pools)


def real_articles() -> list[Path]:
    """The seed articles and the development set's articles, when present."""
    return sorted(p for d in REAL_DIRS if d.is_dir() for p in d.rglob("*")
                  if p.suffix in (".txt", ".md") and p.is_file())


def write_corpus(out: Path, n: int, *, seed: int = DEFAULT_SEED, real: bool = False,
                 pools: Pools | None = None) -> list[Path]:
    """Write `n` articles (plus the real ones with `real`) into folder `out`; their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in generate(n, seed=seed, pools=pools):
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    if real:
        for src in real_articles():
            dst = out / f"real_{src.parent.name}_{src.name}"
            shutil.copyfile(src, dst)
            paths.append(dst)
    return paths


def cached_corpus(n: int, *, seed: int = DEFAULT_SEED, root: Path | None = None) -> Path:
    """A folder of `n` synthetic articles under ``bench/.corpus`` (written once, then reused)."""
    root = root or Path(__file__).resolve().parent / ".corpus"
    folder = root / f"n{n}_s{seed}"
    done = folder / ".complete"
    if not done.exists():
        if folder.exists():
            shutil.rmtree(folder)
        write_corpus(folder, n, seed=seed)
        done.write_text("ok\n")
    return folder


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="articles to write (default 1000)")
    ap.add_argument("--out", type=Path, required=True, help="folder to write them into")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--real", action="store_true", help="add the seed and dev-set articles")
    args = ap.parse_args()
    paths = write_corpus(args.out, args.n, seed=args.seed, real=args.real)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} articles, {size / 1e6:.2f} MB ({size / max(len(paths), 1):.0f} B each) "
          f"in {args.out}")


if __name__ == "__main__":
    main()
