"""Splitting an article body into sentences with character offsets (the `split_sentences` stage)."""

from __future__ import annotations

import re

from pipeline.model import Article
from pipeline.rules_loader import word_set

# Word lists live in rules/sentences.yaml: abbreviations ("Mr.", "Gen."), words that open a
# sentence (after "U.S."), words a headline cannot end with.
ABBREVIATIONS = word_set("sentences", "abbreviations")
SENTENCE_OPENERS = word_set("sentences", "sentence_openers")
TRAILING_FUNCTION_WORDS = word_set("sentences", "trailing_function_words")
HEADLINE_MAX_CHARS = 150
# Hard-wrapped lines have similar lengths; a headline is clearly shorter than the line after it.
WRAP_LENGTH_RATIO = 0.8

_END = re.compile(r"[.!?…]+[\"'”’»)\]]*")
_NEXT_START = re.compile(r"\s+[\"'“‘«(\[]*(?=[A-Z0-9\u00C0-\u024F\u0600-\u06FF])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_BULLET = re.compile(r"(?:[-*•–—]|\d{1,2}[.)])\s+")
_TERMINAL = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
_LINE = re.compile(r"[^\n]+")
_NEXT_WORD = re.compile(r"[\w’']+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences of `text`, whitespace trimmed, in order."""
    spans: list[tuple[int, int]] = []
    for line_start, line_end in _blocks(text):
        start = line_start
        for cut in _cuts(text, line_start, line_end):
            spans.append((start, cut))
            start = cut
        spans.append((start, line_end))
    return [t for s, e in spans if (t := _trim(text, s, e))]


def split_sentences(article: Article) -> Article:
    """Stage: fill `article.sentences` with the (start, end) offsets of its body's sentences."""
    article.sentences = sentence_spans(article.body)
    return article


def paragraph_starts(text: str, spans: list[tuple[int, int]]) -> list[bool]:
    """For each sentence span, whether it opens a paragraph (a line break before it)."""
    flags = []
    prev_end = 0
    for i, (start, end) in enumerate(spans):
        flags.append(i == 0 or "\n" in text[prev_end:start])
        prev_end = end
    return flags


def _blocks(text: str) -> list[tuple[int, int]]:
    """Cut the text at line breaks that end a sentence: blank lines, finished lines, headlines."""
    lines = [m.span() for m in _LINE.finditer(text)]
    blocks: list[tuple[int, int]] = []
    block_start = None
    for i, (s, e) in enumerate(lines):
        if block_start is None:
            block_start = s
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is None or _line_ends_block(text, block_start, (s, e), nxt):
            blocks.append((block_start, e))
            block_start = None
    return blocks


def _line_ends_block(
    text: str, block_start: int, line: tuple[int, int], nxt: tuple[int, int]
) -> bool:
    s, e = line
    if text[e:nxt[0]].count("\n") > 1 or not text[s:e].strip():
        return True  # a blank line
    body = text[s:e].rstrip()
    if _TERMINAL.search(body):
        return True
    next_line = text[nxt[0] : nxt[1]].lstrip()
    if _BULLET.match(next_line) or _BULLET.match(text[s:e].lstrip()):
        return True  # list items are sentences of their own
    if not next_line or not (next_line[0].isupper() or next_line[0] in "0123456789\"“'‘"):
        return False
    words = body.split()
    if not words or words[-1].lower().strip(",") in TRAILING_FUNCTION_WORDS or body.endswith(","):
        return False
    headline = text[block_start:e].strip()
    if len(headline) > HEADLINE_MAX_CHARS or _END.search(headline[:-1] + " "):
        return False
    return len(body) < WRAP_LENGTH_RATIO * len(next_line) or len(next_line) < len(body) * 0.5


def _cuts(text: str, start: int, end: int) -> list[int]:
    """Offsets inside text[start:end] where a new sentence begins."""
    cuts = []
    for m in _END.finditer(text, start, end):
        nxt = _NEXT_START.match(text, m.end(), end)
        if not nxt:
            continue
        if m.group().startswith(".") and not _period_ends_sentence(text, m.start(), nxt.end()):
            continue
        cuts.append(m.end())
    return cuts


def _period_ends_sentence(text: str, dot: int, next_start: int) -> bool:
    """Decide whether the period at `dot` ends a sentence, given the word after it."""
    before = _WORD_BEFORE.search(text, max(0, dot - 30), dot)
    if not before:
        return True
    word = before.group(1)
    following = _NEXT_WORD.match(text, next_start)
    next_word = following.group().lower() if following else ""
    if "." in word:  # a dotted acronym: "U.S.", "U.N."
        return next_word in SENTENCE_OPENERS
    if len(word) == 1 and word.isupper():  # an initial: "George W. Bush"
        return False
    return word.lower() not in ABBREVIATIONS


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    bullet = _BULLET.match(text, start, end)
    if bullet and bullet.end() < end:
        start = bullet.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None
