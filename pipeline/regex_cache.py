"""Regular expressions compiled once per machine instead of once per process, like bytecode.

The rule files compile to long alternations, and Python compiles a pattern in Python code: the
event rules alone cost ~0.1 s of every `python -m pipeline run`. `compile` keeps what CPython's
compiler makes of a pattern (its flags, code and groups) in a cache file beside the package's
bytecode, keyed by the pattern, the flags and the Python version, and builds the pattern object
from it in C the next time. The C side validates the code it is given; anything unexpected
(another Python, a damaged file) falls back to `re.compile`.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
from pathlib import Path

from gazetteer.cachefile import write_atomically

try:  # CPython's regular expression engine and compiler (private, hence the version check)
    import _sre
    from re import _compiler, _parser

    USABLE = sys.implementation.name == "cpython" and (3, 11) <= sys.version_info[:2] <= (3, 13)
except ImportError:  # pragma: no cover - other Pythons
    USABLE = False

CACHE_DIR = Path(__file__).resolve().parent / "__pycache__"
# one file per exact Python version: its compiler made the code
_VERSION = ".".join(map(str, sys.version_info[:3])) + (f"-{_sre.MAGIC}" if USABLE else "")
CACHE_FILE = CACHE_DIR / f"regex.{sys.implementation.name}-{_VERSION}.marshal"
MAX_ENTRIES = 2_000  # patterns kept in the file (the rules compile to a few hundred)

_stored: dict | None = None  # (pattern, flags) -> compiled parts, as read from the file
_used: dict = {}  # what this process compiled or took from the file
_changed = False
_owner = os.getpid()  # forked workers never write the file (their parent does)


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)` for a str pattern, from the cache when it has it."""
    global _changed
    flags = int(flags)
    if not USABLE or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    key = (pattern, flags)
    parts = _used.get(key) or _read().get(key)
    if parts is not None:
        try:
            compiled = _sre.compile(pattern, *parts)
            _used[key] = parts
            return compiled
        except Exception:  # not what this Python makes: compile afresh
            pass
    parts = _parts(pattern, flags)
    _used[key] = parts
    _changed = True
    return _sre.compile(pattern, *parts)


def _parts(pattern: str, flags: int) -> tuple:
    """What `re._compiler.compile` hands to `_sre.compile` after the pattern (the same steps)."""
    p = _parser.parse(pattern, flags)
    code = _compiler._code(p, flags)
    groupindex = p.state.groupdict
    indexgroup = [None] * p.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    code = [int(c) for c in code]  # plain ints (some are named constants) for marshal
    return (int(flags | p.state.flags), code, p.state.groups - 1, dict(groupindex),
            tuple(indexgroup))


def _read() -> dict:
    global _stored
    if _stored is None:
        try:
            _stored = marshal.loads(CACHE_FILE.read_bytes())
            if not isinstance(_stored, dict):
                _stored = {}
        except (OSError, EOFError, ValueError, TypeError):
            _stored = {}
    return _stored


@atexit.register
def save() -> None:
    """Write the cache when this process compiled something new (atomically; a package folder
    that cannot be written just goes without)."""
    global _changed
    if not _changed or os.getpid() != _owner:
        return
    entries = dict(_used)
    for key, parts in _read().items():  # keep others' patterns too, up to MAX_ENTRIES
        if len(entries) >= MAX_ENTRIES:
            break
        entries.setdefault(key, parts)
    try:
        write_atomically(CACHE_FILE, marshal.dumps(entries))
        _changed = False
    except (OSError, ValueError):
        pass
