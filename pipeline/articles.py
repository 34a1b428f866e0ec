"""Reading article files: finding them, decoding them, front matter, and clear reasons to reject.

Decoding, in order (each step is cheap and deterministic):
1. a byte-order mark decides: UTF-8, UTF-16 or UTF-32 (the mark is dropped);
2. NUL bytes mean binary, unless they sit in every other byte the way BOM-less UTF-16 text does;
3. valid UTF-8 is UTF-8;
4. anything else is read as UTF-8 where it is valid and as Windows-1252 byte by byte where it is
   not. Windows-1252 is what browsers use for "Latin-1"/ISO-8859-1 too (WHATWG Encoding Standard):
   it agrees with Latin-1 on every printable byte and gives curly quotes and dashes to 0x80-0x9F,
   which Latin-1 wastes on control codes nobody types. A file that mixes UTF-8 and Windows-1252
   (a pasted quote) keeps both right.

The body is the decoded text after the front matter, with its line endings untouched, so that the
contract's offsets (`body[start:end] == text`) hold for anyone who decodes the file the same way.

Front matter is read by `pipeline.frontmatter` (its docstring says what is rejected and what is
read with a warning).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.frontmatter import FrontMatterError, clean_fields, split_front_matter
from pipeline.model import Article

MAX_BYTES = 5 * 1024 * 1024  # files larger than this are rejected before being read
SUFFIXES = (".txt", ".md")  # what a folder search picks up (a file named explicitly is read anyway)
CONTROL_RATIO = 0.02  # more control characters than this share of the text: binary, not prose
TITLE_MAX = 200  # characters kept when the title is taken from the first line


@dataclass(frozen=True, slots=True)
class Rejected:
    """A file that could not be read as an article, and why (one short phrase)."""

    path: str
    reason: str


class _Unreadable(Exception):
    """Raised inside this module with the reason a file is rejected."""


# -- finding files ---------------------------------------------------------------------------


def iter_inputs(inputs: Iterable[Path | str]) -> Iterator[Path | Rejected]:
    """Each article file the inputs name, in a stable order; a Rejected for inputs that give none.

    Folders are searched recursively for `SUFFIXES` (hidden files and folders skipped, sorted by
    path); a file named explicitly is read whatever its extension; a file reached twice is
    read once.
    """
    seen: set[str] = set()
    for given in inputs:
        name = os.fspath(given)
        if os.path.isdir(name):
            found = list(_walk(name))
            if not found:
                yield Rejected(name, "folder holds no .txt or .md articles")
        elif os.path.exists(name):
            found = [name]
        else:
            yield Rejected(name, "no such file or folder")
            continue
        for file in found:
            # abspath, not realpath: no system call per file (a file reached through two symlinks
            # is read twice and the run gives the second copy its own id).
            key = os.path.abspath(file)
            if key not in seen:
                seen.add(key)
                yield Path(file)


def _walk(folder: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):  # does not follow symlinked folders: no loops
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(SUFFIXES):
                yield os.path.join(root, name)


# -- decoding -------------------------------------------------------------------------------

_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CP1252 = tuple(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # tabs, newlines, form feeds are fine
_WORD = re.compile(r"[^\W_]")  # a letter or digit in any script


def _cp1252_bytes(err: UnicodeError) -> tuple[str, int]:
    assert isinstance(err, UnicodeDecodeError)
    return "".join(_CP1252[b] for b in err.object[err.start : err.end]), err.end


codecs.register_error("ceasefire.cp1252", _cp1252_bytes)


def decode(data: bytes) -> tuple[str, str]:
    """The text of a file's bytes and the encoding it was read as; raises on binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).removeprefix("\ufeff"), encoding
            except UnicodeDecodeError as e:
                raise _Unreadable(
                    f"starts with a {encoding} byte-order mark but is not {encoding}"
                ) from e
    if b"\0" in data:
        return _decode_utf16_without_bom(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="ceasefire.cp1252")
        return text, "utf-8+windows-1252" if _has_utf8_sequences(data) else "windows-1252"


def _decode_utf16_without_bom(data: bytes) -> tuple[str, str]:
    half = len(data) // 2 or 1
    even_nul, odd_nul = data[0::2].count(0) / half, data[1::2].count(0) / half
    # ASCII-range text in UTF-16 has a NUL in nearly every high byte and almost none in low bytes.
    for encoding, high, low in (("utf-16-le", odd_nul, even_nul), ("utf-16-be", even_nul, odd_nul)):
        if high > 0.3 and low < 0.05 and len(data) % 2 == 0:
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    raise _Unreadable("binary file (NUL bytes), not text")


def _has_utf8_sequences(data: bytes) -> bool:
    return re.search(rb"[\xc2-\xf4][\x80-\xbf]", data) is not None


# -- articles -------------------------------------------------------------------------------


def _title_from_body(body: str) -> str:
    for line in body.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:TITLE_MAX]
    return ""


def article_from_text(text: str, *, default_id: str, path: str = "") -> Article | Rejected:
    """An Article from decoded text (front matter optional), or a Rejected saying why not."""
    try:
        meta, body_start, warnings = split_front_matter(text)
    except FrontMatterError as e:
        return Rejected(path, str(e))
    body = text[body_start:]
    if not body.strip():
        return Rejected(
            path, "empty file" if not text.strip() else "no text after the front matter"
        )
    if _WORD.search(body) is None:
        return Rejected(path, "no words: only punctuation or symbols")
    controls = len(_CONTROL.findall(body))
    if controls > CONTROL_RATIO * len(body):
        return Rejected(path, "binary file (control characters), not text")
    fields, field_warnings = clean_fields(meta)
    return Article(
        article_id=str(fields.get("id") or default_id),
        body=body,
        title=str(fields.get("title") or _title_from_body(body)),
        published=fields.get("published"),  # type: ignore[arg-type]
        source=str(fields.get("source", "")),
        url=str(fields.get("url", "")),
        path=path,
        warnings=warnings + field_warnings,
    )


def read_article(path: Path | str, *, max_bytes: int = MAX_BYTES) -> Article | Rejected:
    """Read one article file: an Article, or a Rejected naming the reason."""
    name = os.fspath(path)
    try:
        info = os.stat(name)
        if not stat.S_ISREG(info.st_mode):
            return Rejected(name, "not a regular file")
        if info.st_size > max_bytes:
            return Rejected(name, f"{_mb(info.st_size)} is over the {_mb(max_bytes)} limit")
        with open(name, "rb") as f:
            data = f.read(max_bytes + 1)  # never more than the limit, even if the file grows
    except OSError as e:
        return Rejected(name, f"cannot be read: {e.strerror or e}")
    if len(data) > max_bytes:
        return Rejected(name, f"is over the {_mb(max_bytes)} limit")
    if not data.strip():
        return Rejected(name, "empty file")
    try:
        text, _encoding = decode(data)
    except _Unreadable as e:
        return Rejected(name, str(e))
    default_id = os.path.splitext(os.path.basename(name))[0]
    return article_from_text(text, default_id=default_id, path=name)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"
