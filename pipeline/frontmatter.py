"""Front matter: the optional YAML block that opens an article, read leniently and checked.

Front matter policy: a file is *rejected* only when it cannot be read as an article at all (too big,
empty, binary, undecodable, no words, front matter opened but never closed). A front matter that is
not valid YAML is read field by field (`key: value` lines) with a warning, and a field with an
impossible value (`published: 2016-02-30`) is dropped with a warning naming the field: the article
is kept, because its text is worth more than one bad field.

Every scalar stays a string (`id: 007` keeps its zeros, `published` is checked here, not by YAML),
and plain `key: value` blocks, the usual case, are read without YAML at all (it is most of the
per-file cost).
"""

from __future__ import annotations

import re
from datetime import date, datetime

import yaml

DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%Y/%m/%d")
TEXT_FIELDS = ("title", "source", "url", "id")


class FrontMatterError(ValueError):
    """The file cannot be split into front matter and body (the message says why)."""


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
            raise FrontMatterError("front matter opened with '---' on line 1 is never closed")
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


def clean_fields(meta: dict[str, object]) -> tuple[dict[str, object], list[str]]:
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
