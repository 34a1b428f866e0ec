"""Compiled regular expressions kept between processes: the same patterns, the same matches."""

from __future__ import annotations

import re

import pytest

from pipeline import regex_cache

PATTERNS = [
    (r"(?<![\w'’-])(?:truce|ceasefire\w*)(?:\s+(?:deal|agreement))?(?![\w’-])", re.IGNORECASE),
    (r"\b(?P<day>[0-3]?\d)\s+(?P<month>Jan(?:uary)?|Feb(?:ruary)?)(?:,?\s+(?P<year>20\d\d))?", 0),
    (r"(a|b)\1+", 0),
]
TEXT = "A Truce deal on 22 February, 2016; the CEASEFIRE agreement of 3 Jan; aab bba."


@pytest.fixture()
def fresh_cache(tmp_path, monkeypatch):
    """regex_cache with its file in tmp_path and nothing read or compiled yet."""
    monkeypatch.setattr(regex_cache, "CACHE_DIR", tmp_path)
    monkeypatch.setattr(regex_cache, "CACHE_FILE", tmp_path / "regex.marshal")
    monkeypatch.setattr(regex_cache, "_stored", None)
    monkeypatch.setattr(regex_cache, "_used", {})
    monkeypatch.setattr(regex_cache, "_changed", False)
    return tmp_path / "regex.marshal"


def _matches(pattern: re.Pattern) -> list:
    return [(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(TEXT)]


def _forget(monkeypatch):
    """As a new process: the file is read again, nothing compiled yet."""
    monkeypatch.setattr(regex_cache, "_stored", None)
    monkeypatch.setattr(regex_cache, "_used", {})


def test_patterns_from_the_cache_match_like_re_compile(fresh_cache, monkeypatch):
    for source, flags in PATTERNS:
        regex_cache.compile(source, flags)
    regex_cache.save()
    assert fresh_cache.exists()
    _forget(monkeypatch)
    for source, flags in PATTERNS:
        cached = regex_cache.compile(source, flags)
        plain = re.compile(source, flags)
        assert (cached.pattern, cached.flags, cached.groups, cached.groupindex) == (
            plain.pattern, plain.flags, plain.groups, plain.groupindex)
        assert _matches(cached) == _matches(plain)
    assert not regex_cache._changed  # nothing had to be compiled again


def test_a_damaged_cache_file_falls_back_to_compiling(fresh_cache, monkeypatch):
    fresh_cache.write_bytes(b"\x00garbage")
    source, flags = PATTERNS[0]
    assert _matches(regex_cache.compile(source, flags)) == _matches(re.compile(source, flags))


def test_cached_code_this_python_rejects_is_compiled_again(fresh_cache, monkeypatch):
    source, flags = PATTERNS[1]
    regex_cache.compile(source, flags)
    key = (source, flags)
    final_flags, code, *rest = regex_cache._used[key]
    monkeypatch.setattr(regex_cache, "_used", {})
    monkeypatch.setattr(regex_cache, "_stored", {key: (final_flags, [9999, *code], *rest)})
    assert _matches(regex_cache.compile(source, flags)) == _matches(re.compile(source, flags))


def test_the_cache_is_readable_by_whoever_can_read_the_package(fresh_cache, monkeypatch, tmp_path):
    tmp_path.chmod(0o755)
    monkeypatch.setattr(regex_cache, "CACHE_DIR", tmp_path / "__pycache__")
    monkeypatch.setattr(regex_cache, "CACHE_FILE", tmp_path / "__pycache__" / "regex.marshal")
    regex_cache.compile(*PATTERNS[0])
    regex_cache.save()
    assert (tmp_path / "__pycache__" / "regex.marshal").stat().st_mode & 0o777 == 0o644
