"""A progress bar on stderr with no dependency: `\\r` redraws on a terminal, lines in logs."""

from __future__ import annotations

import sys
from time import monotonic
from typing import TextIO

MIN_FILES = 10  # fewer files than this finish before a bar would help
REDRAW_S = 0.1  # at most this often on a terminal
LOG_STEPS = 10  # lines written over a whole run when stderr is a file or a pipe
WIDTH = 30


class StderrProgress:
    """A `progress(done, total, path)` callback for `pipeline.run.run` that draws on stderr."""

    def __init__(self, stream: TextIO | None = None, *, min_files: int = MIN_FILES) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.min_files = min_files
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_draw = 0.0
        self._last_step = -1

    def __call__(self, done: int, total: int, path: str) -> None:
        if total < self.min_files:
            return
        if self.tty:
            now = monotonic()
            if done < total and now - self._last_draw < REDRAW_S:
                return
            self._last_draw = now
            filled = WIDTH * done // total
            bar = "#" * filled + "." * (WIDTH - filled)
            end = "\n" if done == total else ""
            self.stream.write(f"\rreading articles [{bar}] {done}/{total}{end}")
        else:
            step = LOG_STEPS * done // total
            if step == self._last_step:
                return
            self._last_step = step
            self.stream.write(f"reading articles: {done}/{total} ({100 * done // total}%)\n")
        self.stream.flush()
