"""Command line: `python -m pipeline run INPUT... --out DIR`.

Exit status (CONTRACT.md): 0 when every input was read, 1 when some were rejected (each named on
stderr with its reason; the rest is still processed and written), 2 for a usage error. Ctrl-C
leaves no half-written file (the store rolls back, exports are replaced whole) and exits with
130, the shell's convention.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Turn news articles into dated, geolocated events with evidence.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser(
        "run",
        help="read articles and write events.geojson, mentions.csv and the store into DIR",
        description="Read articles (files, or folders searched recursively for .txt and .md) "
        "and write events.geojson, mentions.csv and events.sqlite into DIR.",
    )
    run.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help="article file or folder")
    run.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    run.add_argument(
        "--overlay",
        type=Path,
        metavar="CSV",
        help="an analyst's places CSV that adds to or corrects the bundled gazetteer "
        "(default: DIR/places.csv when it exists)",
    )
    run.add_argument(
        "--max-mb", type=float, default=5.0, metavar="MB", help="largest article file (default 5)"
    )
    run.add_argument(
        "--workers",
        type=int,
        default=0,
        metavar="N",
        help="worker processes for the stages (default 0: as many as suit the input and cores)",
    )
    run.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary")
    return parser


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """`run`: the whole pipeline over the inputs; messages on stderr, exit status per contract."""
    from gazetteer.core import OVERLAY_FILE
    from pipeline.progress import StderrProgress
    from pipeline.run import load_gazetteer, run

    if args.out.exists() and not args.out.is_dir():
        parser.error(f"--out {args.out}: exists and is not a folder")
    if args.overlay is not None and not args.overlay.is_file():
        parser.error(f"--overlay {args.overlay}: no such file")
    if args.max_mb <= 0:
        parser.error("--max-mb must be positive")
    if args.workers < 0:
        parser.error("--workers must be 0 (automatic) or more")
    overlay = args.overlay
    if overlay is None and (args.out / OVERLAY_FILE).is_file():
        overlay = args.out / OVERLAY_FILE  # the data folder's own places, as the dashboard uses
    gazetteer = load_gazetteer(overlay=overlay)
    report = run(
        args.inputs,
        args.out,
        gazetteer=gazetteer,
        progress=None if args.quiet else StderrProgress(),
        max_bytes=int(args.max_mb * 1024 * 1024),
        workers=args.workers,
    )
    for path, message in report.warnings:
        _say(f"warning: {path}: {message}")
    for path, reason in report.rejected:
        _say(f"rejected: {path}: {reason}")
    if not args.quiet:
        _say(
            f"read {report.articles_read} article(s), rejected {len(report.rejected)}; "
            f"{report.events_written} event(s), {report.mentions_written} place mention(s) "
            f"in {report.seconds:.1f} s; outputs in {args.out}"
        )
    return EXIT_REJECTED if report.rejected else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments and run the command; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)  # exits with 2 and the usage on a usage error
    try:
        return cmd_run(args, parser)
    except KeyboardInterrupt:
        _say("interrupted: no file was left half-written; run again to finish")
        return EXIT_INTERRUPTED
    except (OSError, sqlite3.Error) as e:
        # The output folder or its store cannot be written (full disk, no permission, a file
        # that is not a store): say so plainly rather than with a traceback.
        _say(f"error: cannot write the outputs in {args.out}: {e}")
        return EXIT_REJECTED


if __name__ == "__main__":
    sys.exit(main())
