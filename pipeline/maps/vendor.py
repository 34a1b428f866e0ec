"""Fetch the map's JavaScript/CSS from the npm registry into pipeline/maps/static/.

Run ``python -m pipeline.maps.vendor`` to rebuild the vendored files. It uses ``npm pack`` (the
registry's ordinary client) for pinned versions, copies only the files the map uses plus each
package's licence, and writes ``static/SOURCES.md`` with the tarballs' integrity hashes.
Nothing is fetched at run time: the map and the tests use the files as committed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"


@dataclass(frozen=True, slots=True)
class Package:
    """One npm package: which version, which files of its tarball, and where they go."""

    name: str
    version: str
    licence: str
    files: tuple[tuple[str, str], ...]  # (path in the tarball under package/, path under STATIC)
    note: str = ""


PACKAGES = (
    Package(
        name="leaflet",
        version="1.9.4",
        licence="BSD-2-Clause",
        files=(
            ("dist/leaflet.js", "leaflet/leaflet.js"),
            ("dist/leaflet.css", "leaflet/leaflet.css"),
            ("dist/images/layers.png", "leaflet/images/layers.png"),
            ("dist/images/layers-2x.png", "leaflet/images/layers-2x.png"),
            ("dist/images/marker-icon.png", "leaflet/images/marker-icon.png"),
            ("dist/images/marker-icon-2x.png", "leaflet/images/marker-icon-2x.png"),
            ("dist/images/marker-shadow.png", "leaflet/images/marker-shadow.png"),
            ("LICENSE", "leaflet/LICENSE"),
        ),
    ),
    Package(
        name="supercluster",
        version="8.0.1",
        licence="ISC",
        files=(
            ("dist/supercluster.min.js", "supercluster/supercluster.min.js"),
            ("LICENSE", "supercluster/LICENSE"),
        ),
        note="client-side point clustering; its UMD build bundles kdbush (below)",
    ),
    Package(
        name="kdbush",
        version="4.0.2",
        licence="ISC",
        files=(("LICENSE", "supercluster/LICENSE.kdbush"),),
        note="only its licence: the code is bundled in supercluster.min.js",
    ),
)


def _pack(package: Package, workdir: Path) -> tuple[Path, dict]:
    """Download one pinned tarball with ``npm pack``; return its path and npm's metadata."""
    spec = f"{package.name}@{package.version}"
    done = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
        text=True,
        cwd=workdir,
    )
    meta = json.loads(done.stdout)[0]
    return workdir / meta["filename"], meta


def _extract(tarball: Path, package: Package) -> None:
    """Copy the listed files out of the tarball into STATIC."""
    with tarfile.open(tarball, "r:gz") as tar:
        for inner, target in package.files:
            member = tar.getmember(f"package/{inner}")
            source = tar.extractfile(member)
            if source is None:
                raise FileNotFoundError(f"{package.name}: {inner} is not a file")
            out = STATIC / target
            out.parent.mkdir(parents=True, exist_ok=True)
            with source, open(out, "wb") as sink:
                shutil.copyfileobj(source, sink)


def _sources_md(rows: list[tuple[Package, dict]]) -> str:
    lines = [
        "# Vendored map assets",
        "",
        "Fetched from the npm registry by `python -m pipeline.maps.vendor` (do not edit by hand).",
        "`atlas/` holds this project's own map script and style (MIT, like the project).",
        "",
        "| package | version | licence | integrity (npm) | files | note |",
        "|---|---|---|---|---|---|",
    ]
    for package, meta in rows:
        files = ", ".join(f"`{target}`" for _, target in package.files)
        lines.append(
            f"| {package.name} | {package.version} | {package.licence} | `{meta['integrity']}` "
            f"| {files} | {package.note} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    """Fetch every pinned package and rewrite the vendored files and SOURCES.md."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for package in PACKAGES:
            try:
                tarball, meta = _pack(package, Path(tmp))
            except (OSError, subprocess.CalledProcessError) as err:
                spec = f"{package.name}@{package.version}"
                print(f"vendor: cannot fetch {spec}: {err}", file=sys.stderr)
                return 1
            _extract(tarball, package)
            rows.append((package, meta))
            print(f"vendor: {package.name}@{package.version} ({meta['integrity'][:20]}...)")
    (STATIC / "SOURCES.md").write_text(_sources_md(rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
