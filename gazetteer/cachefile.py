"""Cache files written beside package code or data, the way Python writes its .pyc files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all (temp file + rename), readable by whoever may read the
    folder it sits in (mkstemp alone makes it owner-only, so another user of a shared install
    would rebuild it on every run). Creates the folder; raises OSError when it cannot."""
    path.parent.mkdir(exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), path.parent.parent.stat().st_mode & 0o644)
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
