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

Front matter policy: a file is *rejected* only when it cannot be read as an article at all (too big,
empty, binary, undecodable, no words, front matter opened but never closed). A front matter that is
not valid YAML is read field by field (`key: value` lines) with a warning, and a field with an
impossible value (`published: 2016-02-30`) is dropped with a warning naming the field: the article
is kept, because its text is worth more than one bad field.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml

from pipeline.model import Article

MAX_BYTES = 5 * 1024 * 1024  # files larger than this are rejected before being read
SUFFIXES = (".txt", ".md")  # what a folder search picks up (a file named explicitly is read anyway)
CONTROL_RATIO = 0.02  # more control characters than this share of the text: binary, not prose
TITLE_MAX = 200  # characters kept when the title is taken from the first line
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%Y/%m/%d")
TEXT_FIELDS = ("title", "source", "url", "id")


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


# -- front matter ---------------------------------------------------------------------------


class _FrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML that keeps every scalar a string: we check dates ourselves, `id: 007` stays."""


_FrontMatterLoader.yaml_implicit_resolvers = {}

_OPEN = re.compile(r"---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)
_KEY_LINE = re.compile(r"^[ \t]*([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$", re.MULTILINE)
_COMMENT = re.compile(r"[ \t]+#.*$")
_SIMPLE_LINE = re.compile(r"([A-Za-z_][\w-]*):(?:[ \t]+(.*?))?[ \t]*")
_YAML_INDICATORS = "-?:,[]{}#&*!|>%@`\t"


def split_front_matter(text: str) -> tuple[dict[str, object], int, list[str]]:
    """The front-matter fields, where the body starts, and warnings; raises if it never closes."""
    opening = _OPEN.match(text)
    if not opening:
        return {}, 0, []
    closing = _CLOSE.search(text, opening.end())
    if not closing:
        if _KEY_LINE.match(text, opening.end()):
            raise _Unreadable("front matter opened with '---' on line 1 is never closed")
        return {}, 0, []  # a Markdown rule on the first line, not front matter
    block = text[opening.end() : closing.start()]
    simple = _simple_fields(block)
    if simple is not None:
        return simple, closing.end(), []
    try:
        meta = yaml.load(block, Loader=_FrontMatterLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as e:
        where = getattr(e, "problem_mark", None)
        line = f" on line {where.line + 2}" if where else ""
        problem = getattr(e, "problem", None) or "syntax error"
        fields = _key_value_lines(block)
        return (
            fields,
            closing.end(),
            [f"front matter is not valid YAML ({problem}{line}); read its fields line by line"],
        )
    if meta is None:
        return {}, closing.end(), []
    if not isinstance(meta, dict):
        # "---\nsome words\n---": not metadata; keep those words as part of the body.
        return {}, 0, ["the block between the '---' lines is not key: value fields; read as body"]
    return {str(k).lower(): v for k, v in meta.items()}, closing.end(), []


def _simple_fields(block: str) -> dict[str, object] | None:
    """`key: value` lines whose YAML reading is obvious, parsed without YAML; else None.

    Reading front matter is most of the per-file cost; this gives what `_FrontMatterLoader` gives
    for plain and simply quoted one-line values and leaves everything else to YAML.
    """
    fields: dict[str, object] = {}
    for line in block.splitlines():
        if not line.strip():
            continue
        m = _SIMPLE_LINE.fullmatch(line)
        if not m or m[1].lower() in fields:
            return None
        value = m[2] or ""
        if not value:
            pass
        elif value[0] in ("'", '"'):
            quote = value[0]
            if len(value) < 2 or value[-1] != quote or quote in value[1:-1] or "\\" in value:
                return None
            value = value[1:-1]
        elif value[0] in _YAML_INDICATORS or ": " in value or " #" in value or value[-1:] == ":":
            return None
        fields[m[1].lower()] = value
    return fields


def _key_value_lines(block: str) -> dict[str, object]:
    fields: dict[str, object] = {}
    for key, value in _KEY_LINE.findall(block):
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        else:
            value = _COMMENT.sub("", value)
        fields.setdefault(key.lower(), value)
    return fields


def parse_date(value: str) -> date:
    """A publication date from `2016-02-24`, `2016-02-24T10:00Z`, `24 February 2016` and such."""
    value = value.strip()
    iso = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$", value)
    if iso:
        return date(*map(int, iso.groups()))  # raises ValueError for 2016-02-30
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError("not a date like 2016-02-24")


def _clean_fields(meta: dict[str, object]) -> tuple[dict[str, object], list[str]]:
    """Keep the fields we use, each checked; drop a bad one with a warning that names it."""
    fields: dict[str, object] = {}
    warnings: list[str] = []
    for key in (*TEXT_FIELDS, "published"):
        value = meta.get(key)
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            warnings.append(f"front matter field '{key}' is not a single value; ignored")
            continue
        if key == "published":
            try:
                fields[key] = parse_date(value)
            except (ValueError, OverflowError) as e:
                warnings.append(
                    f"front matter 'published: {value}' is not a valid date ({e}); "
                    "read without a publication date"
                )
            continue
        fields[key] = " ".join(value.split())  # one line: no control characters in titles or ids
    return fields, warnings


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
    except _Unreadable as e:
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
    fields, field_warnings = _clean_fields(meta)
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
