"""`Gazetteer`: the places of the world by name, ranked for Syria's war reporting, offline."""

from __future__ import annotations

import hashlib
import logging
import marshal
import sys
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path

from gazetteer import names as _names_module
from gazetteer import overlay as _overlay_module
from gazetteer import place as _place_module
from gazetteer import qualifiers
from gazetteer import table as _table_module
from gazetteer.cachefile import write_atomically
from gazetteer.names import key_and_signature, name_key, signature_match
from gazetteer.overlay import apply_file
from gazetteer.place import ADMIN1, COUNTRY, Place
from gazetteer.ranking import DEFAULT_FOCUS, rank
from gazetteer.table import NamesView, PlaceTable

DATA_DIR = Path(__file__).resolve().parent / "data"
CURATED_FILE = "curated_places.csv"
OVERLAY_FILE = "places.csv"  # an analyst's overlay in a data folder: DATA/places.csv
CAPITALS_FILE = "capitals.tsv"  # national capitals (place_id, country)
DEMONYMS_FILE = "demonyms.tsv"  # demonyms of countries (demonym, country)
MAX_NAME_CHARS = 300  # no place name is longer; longer queries are not names
QUALIFIED_CANDIDATES = 200  # readings of "Name" searched for one inside "..., Qualifier"
QUALIFIER_READINGS = 3  # readings of a qualifier taken as the unit it may name
RANK_CACHE_SIZE = 50_000  # ranked readings kept per gazetteer (lookups repeat across articles)
# The bundled table with the curated rows applied is kept, like Python's bytecode, in a cache
# file beside the data (git-ignored): reading it is ~3x faster than parsing and applying.
LOAD_CACHE_DIR = "__pycache__"
LOAD_CACHE_PREFIX = "gazetteer-"
# What the cached table is made from: the data files and the code that reads them.
_LOAD_CODE = (_names_module, _overlay_module, _place_module, _table_module)

log = logging.getLogger(__name__)


class Gazetteer:
    """Places by id and by name; `lookup` ranks the readings of a name best first."""

    def __init__(self, table: PlaceTable, *, focus: Collection[str] = DEFAULT_FOCUS,
                 problems: Sequence[str] = (), capitals: Collection[str] = (),
                 demonyms: Mapping[str, str] | None = None):
        self._table = table
        self.focus = frozenset(focus)
        self._capitals = frozenset(capitals)
        self._demonyms = dict(demonyms or {})
        self.problems: tuple[str, ...] = tuple(problems)  # skipped overlay/curated rows
        self._ranked: dict[tuple[str, str | None], list[Place]] = {}
        self._names = NamesView(table)
        self._capital_of: dict[str, Place] | None = None  # country -> capital, made when asked

    @classmethod
    def load(cls, *, overlay: Path | None = None, focus: Sequence[str] = DEFAULT_FOCUS,
             data_dir: Path = DATA_DIR) -> Gazetteer:
        """The bundled gazetteer, with the curated table and an analyst's `overlay` CSV applied.

        The overlay's usual place is ``DATA/places.csv`` (`OVERLAY_FILE` in a data folder); a
        missing overlay file is no overlay; bad rows are skipped, logged and listed in `problems`.
        """
        table, problems = _bundled_table(Path(data_dir))
        capitals = [pid for pid, _ in _read_pairs(data_dir / CAPITALS_FILE)]
        demonyms = {name_key(d): c for d, c in _read_pairs(data_dir / DEMONYMS_FILE)}
        if overlay is not None and Path(overlay).exists():
            problems += apply_file(table, Path(overlay), prefix="usr")
        for p in problems:
            log.warning("skipped: %s", p)
        return cls(table, focus=focus, problems=problems, capitals=capitals, demonyms=demonyms)

    @classmethod
    def from_places(cls, places: Iterable[Place],
                    aliases: Mapping[str, Iterable[str]] | None = None, *,
                    focus: Sequence[str] = DEFAULT_FOCUS) -> Gazetteer:
        """A small in-memory gazetteer (for tests): `aliases` maps a place id to extra names."""
        table = PlaceTable()
        aliases = aliases or {}
        for place in places:
            table.put(place, aliases.get(place.id, ()))
        return cls(table, focus=focus)

    def __len__(self) -> int:
        return len(self._table)

    def __repr__(self) -> str:
        return f"<Gazetteer: {len(self)} places, {len(self.names())} name keys>"

    def lookup(self, name: str, *, limit: int = 10) -> list[Place]:
        """The places `name` may mean, best first (kind, population, focus region).

        A name with kind words that is no name itself ("Hama province", "the city of Hama",
        "Aleppo countryside": ``gazetteer.qualifiers``) gives the readings of the kind asked
        for first. "Name, Qualifier, ..." (as geocoder users write: "Paris, Texas", "Tripoli,
        Lebanon") keeps the readings of Name inside a country or first-level unit the
        qualifiers name.
        """
        if not isinstance(name, str) or len(name) > MAX_NAME_CHARS:
            return []
        key, signature = key_and_signature(name)
        found = self.lookup_key(key, signature=signature, limit=limit)
        if found:
            return found
        qualified = qualifiers.split(name)
        if qualified is not None:  # "Hama province", "the city of Hama", "rural Idlib"
            readings = self.lookup(qualified.core, limit=QUALIFIED_CANDIDATES)
            return qualifiers.prefer(readings, qualified.asks)[:limit]
        if "," not in name:
            return found
        head, *parents = name.split(",")
        readings = self.lookup(head, limit=QUALIFIED_CANDIDATES)
        units = {u.admin1 if u.kind == ADMIN1 else u.country
                 for q in parents for u in self.lookup(q, limit=QUALIFIER_READINGS)
                 if u.kind in (ADMIN1, COUNTRY)}
        return [p for p in readings if p.country in units or p.admin1 in units][:limit]

    def lookup_key(self, key: str, *, signature: str | None = None,
                   limit: int = 10) -> list[Place]:
        """Like `lookup`, for a name key (``gazetteer.names.name_key``); `signature` (from
        ``name_signature``) ranks the places spelled like the text first."""
        ranked = self._ranked.get((key, signature))
        if ranked is None:
            candidates = [(*self._table.row(i), sigs) for i, sigs in self._table.postings(key)]
            ranked = rank(candidates, key, signature, self.focus, self._capitals) if key else []
            if len(self._ranked) >= RANK_CACHE_SIZE:
                self._ranked.clear()
            self._ranked[key, signature] = ranked
        return ranked[:max(limit, 0)]

    def spelling_match(self, text: str, place_id: str) -> float:
        """How closely `text` is spelled like one of the place's names of the same key: 1.0 with
        the same vowels as one of them, 0.5 per e/a or e/i apart, 0.0 when no name of the
        place has the key of `text`."""
        key, signature = key_and_signature(text) if isinstance(text, str) else ("", "")
        i = self._table.row_of(place_id) if key else None
        for row, sigs in self._table.postings(key) if i is not None else ():
            if row == i:
                return max(signature_match(signature, s) for s in sigs)
        return 0.0

    def get(self, place_id: str) -> Place | None:
        """The place with id `place_id`, or None."""
        i = self._table.row_of(place_id) if isinstance(place_id, str) else None
        return None if i is None else self._table.row(i)[0]

    def admin1_place(self, code: str) -> Place | None:
        """The first-level division with ISO 3166-2 code `code` ("SY-HM"), or None."""
        place = self.get(f"iso:{code}")
        return place if place is not None and place.kind == ADMIN1 else None

    def country_place(self, code: str) -> Place | None:
        """The country with ISO 3166-1 alpha-2 code `code` ("SY"), or None."""
        place = self.get(f"iso:{code}")
        return place if place is not None and place.kind == COUNTRY else None

    def names(self) -> Mapping[str, tuple[str, ...]]:
        """Name key -> ids of the places bearing it (what the spotter matches text against)."""
        return self._names

    def demonyms(self) -> Mapping[str, str]:
        """Name key of a demonym ("Syrian", "American") -> ISO code of its country.

        Demonyms are also names of their countries in `names()`; this tells them apart.
        """
        return self._demonyms

    def is_capital(self, place_id: str) -> bool:
        """Whether the place is a national capital."""
        return place_id in self._capitals

    def capital_of(self, country: str | None) -> Place | None:
        """The national capital of `country` (ISO code), or None; of a country with several,
        the most populous ("the Jordanian capital" is Amman)."""
        if self._capital_of is None:
            by_country: dict[str, Place] = {}
            for pid in sorted(self._capitals):
                p = self.get(pid)
                if p is not None and p.country and (
                        p.country not in by_country
                        or p.population > by_country[p.country].population):
                    by_country[p.country] = p
            self._capital_of = by_country
        return self._capital_of.get(country) if country else None

    def places(self) -> Iterable[Place]:
        """Every place (parses the whole table: slow on the bundled one)."""
        return self._table.places()

    def admin1_at(self, lat: float, lon: float) -> str | None:
        """ISO 3166-2 code of the Syrian governorate at (lat, lon), or None outside Syria."""
        from gazetteer import polygons

        return polygons.admin1_at(lat, lon)

    def governorates(self):
        """Syria's 14 governorates: GeoDataFrame with columns admin1, name, geometry."""
        from gazetteer import polygons

        return polygons.governorates()


def _bundled_table(data_dir: Path) -> tuple[PlaceTable, list[str]]:
    """The bundled table with the curated rows applied, and the curated rows' problems; from the
    load cache when it was made from the same files by the same code and Python, else built and
    cached (a folder that cannot be written just goes without the cache)."""
    curated = data_dir / CURATED_FILE
    cache = _load_cache_path(data_dir)
    try:
        state, problems = marshal.loads(cache.read_bytes())
        return PlaceTable.from_state(state), list(problems)
    except (OSError, EOFError, ValueError, TypeError):
        pass  # no cache yet, or an unreadable one: build it
    table = PlaceTable.read(data_dir)
    problems = apply_file(table, curated, prefix="cur") if curated.exists() else []
    _write_load_cache(cache, marshal.dumps((table.state(), problems)))
    return table, problems


def _load_cache_path(data_dir: Path) -> Path:
    """The cache file for the current data files, loading code and Python version."""
    sources = [data_dir / f for f in (_table_module.PLACES_FILE, _table_module.NAMES_FILE,
                                      CURATED_FILE)]
    sources += [Path(m.__file__) for m in _LOAD_CODE]
    stamp = [sys.version, marshal.version]
    for path in sources:
        try:
            st = path.stat()
            stamp.append((str(path), st.st_size, st.st_mtime_ns))
        except OSError:
            stamp.append((str(path), None))
    digest = hashlib.sha1(repr(stamp).encode(), usedforsecurity=False).hexdigest()[:16]
    return data_dir / LOAD_CACHE_DIR / f"{LOAD_CACHE_PREFIX}{digest}.marshal"


def _write_load_cache(cache: Path, data: bytes) -> None:
    """Write the cache atomically (a reader sees all of it or none) and drop outdated ones."""
    try:
        write_atomically(cache, data)
        for old in cache.parent.glob(f"{LOAD_CACHE_PREFIX}*.marshal"):
            if old != cache:
                old.unlink(missing_ok=True)
    except OSError as e:  # a read-only install: load without the cache
        log.debug("gazetteer load cache not written: %s", e)


def _read_pairs(path: Path) -> list[tuple[str, str]]:
    """The two-column rows of a small bundled TSV file after its header (none if missing)."""
    if not path.exists():
        return []
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    return [tuple(r.split("\t", 1)) for r in rows if "\t" in r]
