"""Articles added from the page: checked, given safe names, saved in `DATA/articles/`."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from pipeline.articles import Rejected, read_article
from pipeline.maps.escape import safe_text

if TYPE_CHECKING:
    from pipeline.run import RunReport

ARTICLES_DIR = "articles"
SUFFIXES = (".txt", ".md")
MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # per file; the page's uploader says the same (config.toml)
MAX_FILES = 50  # per batch, so one drop cannot queue hours of work
MAX_STEM = 80
# Names Windows refuses as files whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {
    f"lpt{i}" for i in range(10)
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class UploadError(ValueError):
    """An added article that was not saved, with the reason (shown next to its name)."""


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What adding articles did: articles read, events written, and (name, reason) per failure."""

    articles: int = 0
    events: int = 0
    errors: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Saved:
    """An article file written into the data folder."""

    name: str  # as the analyst gave it
    path: Path


def articles_dir(data_dir: Path) -> Path:
    """The folder added articles live in (created when missing)."""
    folder = Path(data_dir) / ARTICLES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def safe_stem(text: str, *, default: str = "article") -> str:
    """A file-name stem of ASCII letters, digits, '.', '_' and '-' only (no path, no dot first)."""
    # Both separators: a browser on Windows may send "C:\\Users\\x\\a.txt".
    base = re.split(r"[\\/]", text)[-1]
    ascii_text = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    stem = _UNSAFE.sub("-", ascii_text).strip(".-_")
    stem = re.sub(r"-{2,}", "-", stem)[:MAX_STEM].strip(".-_")
    if not stem:
        return default
    if stem.split(".")[0].lower() in _RESERVED:
        stem = f"{default}-{stem}"
    return stem


def safe_filename(name: str) -> str:
    """The name an uploaded file is saved under: a safe stem and its lower-case suffix.

    Raises UploadError when the type is not one the pipeline reads.
    """
    base = re.split(r"[\\/]", name)[-1]
    suffix = Path(base).suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadError(f"only {' and '.join(SUFFIXES)} files are read, not {suffix or 'this'}")
    return safe_stem(base[: -len(suffix)]) + suffix


def _inside(folder: Path, path: Path) -> bool:
    return path.resolve().parent == folder.resolve()


def _write_checked(folder: Path, filename: str, data: bytes, *, label: str) -> Saved:
    """Write `data` under a temporary name, read it back as an article, then move it in place."""
    target = folder / filename
    if not _inside(folder, target):
        raise UploadError("unsafe file name")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=Path(filename).suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        checked = read_article(tmp, max_bytes=MAX_UPLOAD_BYTES)
        if isinstance(checked, Rejected):
            raise UploadError(checked.reason)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return Saved(label, target)


def save_upload(data_dir: Path, name: str, data: bytes) -> Saved:
    """Save one uploaded file as `DATA/articles/<safe name>`; the same name replaces its article.

    Raises UploadError (type, size, or not readable as an article); nothing is written then.
    """
    filename = safe_filename(name)
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(f"{len(data) / 1024 / 1024:.1f} MB is over the "
                          f"{MAX_UPLOAD_BYTES / 1024 / 1024:.0f} MB limit")
    if not data.strip():
        raise UploadError("empty file")
    return _write_checked(articles_dir(data_dir), filename, data, label=name)


def pasted_text(*, title: str, body: str, published: date | None, source: str = "",
                url: str = "") -> str:
    """An article file's text: YAML front matter (safely quoted) and the body."""
    # A title is one line; whitespace runs (newlines included) become one space.
    meta: dict[str, object] = {"title": " ".join(title.split())}
    if published is not None:
        meta["published"] = published.isoformat()
    if source.strip():
        meta["source"] = source.strip()
    if url.strip():
        meta["url"] = url.strip()
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{front}---\n{body.strip()}\n"


def save_pasted(data_dir: Path, *, title: str, body: str, published: date | None,
                source: str = "", url: str = "") -> Saved:
    """Save pasted text as `DATA/articles/<title>-<hash>.md` (the same text gives the same file).

    Raises UploadError when the title or body is empty or the text is not readable as an article.
    """
    if not title.strip():
        raise UploadError("a title is needed")
    if not body.strip():
        raise UploadError("the text is empty")
    text = pasted_text(title=title, body=body, published=published, source=source, url=url)
    data = text.encode("utf-8")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(f"the text is over the {MAX_UPLOAD_BYTES / 1024 / 1024:.0f} MB limit")
    digest = hashlib.sha256(data).hexdigest()[:10]
    filename = f"{safe_stem(title)[:60]}-{digest}.md"
    return _write_checked(articles_dir(data_dir), filename, data, label=" ".join(title.split()))


def ingest(jobs: Sequence[tuple[str, Callable[[], Saved]]], *,
           run: Callable[[list[Path]], RunReport], skipped: int = 0) -> IngestResult:
    """Save each added article (`jobs`: its name and how to save it), then run the pipeline on
    the saved ones with `run`. A file that cannot be saved or read is named with its reason;
    the others are added all the same."""
    errors: list[tuple[str, str]] = []
    saved: list[Saved] = []
    for name, save in jobs:
        try:
            saved.append(save())
        except UploadError as e:
            errors.append((name, str(e)))
    if skipped > 0:
        errors.append((f"{skipped} more files", f"only {MAX_FILES} at a time"))
    if not saved:
        return IngestResult(errors=tuple(errors))
    report = run([s.path for s in saved])
    by_path = {str(s.path): s.name for s in saved}
    errors.extend((by_path.get(p, Path(p).name), why) for p, why in report.rejected)
    return IngestResult(report.articles_read, report.events_written, tuple(errors))


def errors_html(errors: Sequence[tuple[str, str]]) -> str:
    """The files not added, with their reasons, as escaped HTML (names come from the analyst)."""
    items = "".join(f"<li><b>{safe_text(n)}</b>: {safe_text(why)}</li>" for n, why in errors)
    return f'<div class="ca-errors" style="color:#a61b1b"><p>Not added:</p><ul>{items}</ul></div>'
