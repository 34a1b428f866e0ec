"""Reading articles and running them through the stages, in this process or in worker processes.

`process_files` yields one `Outcome` per file, in the order of the files, whatever the number of
workers: the run's outputs and ids are the same with one worker or several. Workers are forked
after the gazetteer is loaded and the stages have run once (on the first file, here), so they
share the loaded gazetteer and the warm indexes instead of loading their own; the garbage
collector's view is frozen before the fork, so it does not copy those pages by touching them.
Where fork is not available, or for few files, everything runs in this process.
"""

from __future__ import annotations

import copyreg
import dataclasses
import gc
import multiprocessing
import operator
import os
import pickle
import signal
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path

from pipeline.articles import Rejected, read_article
from pipeline.model import Article
from pipeline.store import article_rows

MIN_FILES_PER_WORKER = 100  # below this, starting workers costs more than it saves
MAX_AUTO_WORKERS = 4
CHUNK = 16  # files handed to a worker at a time: big enough to amortise, small for balance


@dataclasses.dataclass(frozen=True, slots=True)
class Done:
    """A done article as the run needs it: its id, counts and warnings, and its store rows
    pickled for the store write (a worker's pickle goes to the run's spill file as it is)."""

    article_id: str
    events: int
    mentions: int
    warnings: tuple[str, ...]
    pickled: bytes


@dataclasses.dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one file: the article through every stage, or why it was rejected.

    `article_id` is the id the file's article was read with (`done` may carry another);
    `error` is a stage's failure message (the article still owns its id).
    """

    path: Path
    done: Done | None = None
    rejected: Rejected | None = None
    error: str | None = None
    article_id: str | None = None


def finished(path: Path, article: Article, article_id: str) -> Outcome:
    """The outcome of an article through every stage: what the store keeps of it, as its rows
    (`store.article_rows`, made here, in the worker: the parent only writes them)."""
    rows = pickle.dumps(article_rows(article), protocol=pickle.HIGHEST_PROTOCOL)
    return Outcome(path, Done(article.article_id, len(article.events), len(article.mentions),
                              tuple(article.warnings), rows), article_id=article_id)


def auto_workers(n_files: int) -> int:
    """How many worker processes suit `n_files` files on this machine (1: none)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MAX_AUTO_WORKERS, n_files // MIN_FILES_PER_WORKER))


def process_one(path: Path, stages: Sequence, max_bytes: int, *,
                prepare: Callable[[Article], None] | None = None) -> Outcome:
    """Read `path` and run the article through `stages` (`prepare` first changes the article
    as read: the run gives an article whose id an earlier file has a unique one)."""
    from pipeline.run import StageError, apply_stages

    result = read_article(path, max_bytes=max_bytes)
    if isinstance(result, Rejected):
        return Outcome(path, rejected=result)
    if prepare is not None:
        prepare(result)
    article_id = result.article_id
    try:
        article = apply_stages(result, stages)
    except StageError as e:
        return Outcome(path, error=str(e), article_id=article_id)
    return finished(path, article, article_id)


# What forked workers inherit (set just before the fork; never pickled).
_JOB: dict = {}


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _work(path: Path) -> Outcome:
    return process_one(path, _JOB["stages"], _JOB["max_bytes"])


def process_files(files: Sequence[Path], stages: Sequence, *, max_bytes: int,
                  workers: int = 1) -> Iterator[Outcome]:
    """One `Outcome` per file of `files`, in order; `workers` > 1 forks that many processes."""
    if not files:
        return
    first = process_one(files[0], stages, max_bytes)  # also warms the stages' indexes
    yield first
    rest = files[1:]
    if workers <= 1 or len(rest) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for path in rest:
            yield process_one(path, stages, max_bytes)
        return
    _JOB.update(stages=stages, max_bytes=max_bytes)
    gc.freeze()  # the loaded gazetteer is not scanned (and so not copied) in the workers
    try:
        with multiprocessing.get_context("fork").Pool(workers, _ignore_interrupts) as pool:
            yield from pool.imap(_work, rest, chunksize=CHUNK)
    finally:
        gc.unfreeze()
        _JOB.clear()


def _reduce(cls: type, fields: operator.attrgetter, obj: object) -> tuple:
    return cls, fields(obj)


def _pickle_by_fields(*classes: type) -> None:
    """Pickle these records as their class and field values (read by one C attrgetter) instead
    of dataclasses' generic slot state (Python calls per object): every file's outcome crosses
    back from a worker. (A done article itself crosses as its store rows, plain values.)
    """
    for cls in classes:
        names = [f.name for f in dataclasses.fields(cls)]
        copyreg.pickle(cls, partial(_reduce, cls, operator.attrgetter(*names)))


_pickle_by_fields(Done, Outcome)
