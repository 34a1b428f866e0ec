"""The stage tuple and the loop: files in, each Article through every stage, store and exports out.

A stage is a callable `Article -> Article` that fills its own fields. The loop names a stage that
fails or returns something else; that article is rejected with the reason and the run goes on.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter
from typing import IO, TYPE_CHECKING

from pipeline.articles import MAX_BYTES, Rejected, iter_inputs
from pipeline.model import Article
from pipeline.store import Store
from pipeline.workers import Outcome, auto_workers, process_files, process_one

if TYPE_CHECKING:
    from gazetteer import Gazetteer

Stage = Callable[[Article], Article]
Progress = Callable[[int, int, str], None]  # (files done, files in all, the file just done)


@dataclass(frozen=True, slots=True)
class RunReport:
    """What a run did: counts, the rejected files with their reasons, the warnings."""

    articles_read: int
    events_written: int  # events of the articles this run read
    mentions_written: int
    rejected: list[tuple[str, str]]  # (path, reason)
    warnings: list[tuple[str, str]]  # (path, message): the article was read anyway
    article_ids: list[str]
    seconds: float


def default_stages(gazetteer: Gazetteer | None = None) -> tuple[Stage, ...]:
    """The pipeline, top to bottom: sentences, places, dates, events."""
    from pipeline.dates import DateStage
    from pipeline.events import EventStage
    from pipeline.resolve import PlaceStage
    from pipeline.sentences import split_sentences

    gz = gazetteer if gazetteer is not None else load_gazetteer()
    return (
        split_sentences,  # article.sentences
        PlaceStage(gz),  # article.mentions: every place name, resolved
        DateStage(),  # article.dates: absolute and relative dates against `published`
        EventStage(gz),  # article.events: typed, dated, placed, with evidence
    )


def load_gazetteer(*, overlay: Path | None = None) -> Gazetteer:
    """The bundled gazetteer, with an analyst's overlay CSV if given (load once, pass to `run`)."""
    from gazetteer import Gazetteer

    return Gazetteer.load(overlay=overlay)


def stage_name(stage: Stage) -> str:
    """A readable name for a stage: its function or class name."""
    return getattr(stage, "__name__", None) or type(stage).__name__


class StageError(Exception):
    """A stage failed on one article or broke the stage contract; the message names it."""


def apply_stages(article: Article, stages: Sequence[Stage]) -> Article:
    """Pass one article through every stage in order."""
    for stage in stages:
        try:
            result = stage(article)
        except Exception as e:  # one broken article must not stop the run
            raise StageError(f"stage {stage_name(stage)} failed: {type(e).__name__}: {e}") from e
        if not isinstance(result, Article):
            raise StageError(
                f"stage {stage_name(stage)} returned {type(result).__name__}, not an Article"
            )
        article = result
    return article


def run(
    inputs: Sequence[Path | str],
    out_dir: Path | str,
    *,
    gazetteer: Gazetteer | None = None,
    progress: Progress | None = None,
    stages: Sequence[Stage] | None = None,
    max_bytes: int = MAX_BYTES,
    export: bool = True,
    workers: int = 1,
) -> RunReport:
    """Read the inputs, run every article through the stages, store them and write the exports.

    `export=False` skips rewriting `events.geojson` and `mentions.csv` from the whole store (the
    dashboard adding one article to a large store need not pay for it). `workers` > 1 runs the
    stages in that many forked processes, 0 as many as suit the input and the cores
    (`pipeline.workers`; the CLI's default); the outputs are the same.
    """
    started = perf_counter()
    items = list(iter_inputs(inputs))
    files = [p for p in items if isinstance(p, Path)]
    rejected = [(r.path, r.reason) for r in items if isinstance(r, Rejected)]
    warnings: list[tuple[str, str]] = []
    if stages is None:
        stages = default_stages(gazetteer)
    owners: dict[str, str] = {}  # article id -> the file that has it, to catch two files, one id
    if workers == 0:
        workers = auto_workers(len(files))
    outcomes = process_files(files, stages, max_bytes=max_bytes, workers=workers)
    article_ids: list[str] = []
    events_written = mentions_written = 0
    # Done articles wait on disk, not in memory, for the one store write at the end: a run of
    # any size needs memory for the gazetteer and one batch (the file is anonymous, our own).
    with tempfile.TemporaryFile() as spill:
        for done, outcome in enumerate(outcomes, 1):
            path = outcome.path
            if outcome.article_id is not None and owners.setdefault(
                    outcome.article_id, os.fspath(path)) != os.fspath(path):
                outcome = _with_unique_id(path, stages, max_bytes, owners)  # rare: redo, renamed
            if outcome.rejected is not None:
                rejected.append((outcome.rejected.path, outcome.rejected.reason))
            elif outcome.error is not None:
                rejected.append((str(path), outcome.error))
            else:
                kept = outcome.done
                spill.write(kept.pickled)
                article_ids.append(kept.article_id)
                events_written += kept.events
                mentions_written += kept.mentions
                warnings.extend((str(path), w) for w in kept.warnings)
            if progress is not None:
                progress(done, len(files), str(path))
        spill.seek(0)
        store = Store(out_dir)
        store.replace_rows(_unspilled(spill))
    if export:
        store.export(out_dir)
    return RunReport(
        articles_read=len(article_ids),
        events_written=events_written,
        mentions_written=mentions_written,
        rejected=rejected,
        warnings=warnings,
        article_ids=article_ids,
        seconds=perf_counter() - started,
    )


def _unspilled(spill: IO[bytes]) -> Iterator[tuple]:
    """The articles' store rows (`store.article_rows`) pickled into `spill`, in order."""
    while True:
        try:
            yield pickle.load(spill)
        except EOFError:
            return


def _with_unique_id(path: Path, stages: Sequence[Stage], max_bytes: int,
                    owners: dict[str, str]) -> Outcome:
    """The outcome of a file whose article id an earlier file has: read again, given a unique
    id first (the stages put the id into event ids), then through the stages."""
    return process_one(path, stages, max_bytes,
                       prepare=lambda article: _give_unique_id(article, owners))


def _give_unique_id(article: Article, owners: dict[str, str]) -> None:
    """Two files with one id in the same run: the later one gets a suffix from its path."""
    first = owners.setdefault(article.article_id, article.path)
    if first != article.path:
        suffix = hashlib.sha1(article.path.encode(), usedforsecurity=False).hexdigest()[:8]
        new_id = f"{article.article_id}-{suffix}"
        article.warnings.append(
            f"article id '{article.article_id}' is also the id of {first}; stored as '{new_id}'"
        )
        article.article_id = new_id
        owners[new_id] = article.path
