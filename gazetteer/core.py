"""`Gazetteer`: the places of the world by name, ranked for Syria's war reporting, offline."""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path

from gazetteer.names import name_key
from gazetteer.overlay import apply_file
from gazetteer.place import ADMIN1, COUNTRY, Place
from gazetteer.ranking import DEFAULT_FOCUS, rank
from gazetteer.table import NamesView, PlaceTable

DATA_DIR = Path(__file__).resolve().parent / "data"
CURATED_FILE = "curated_places.csv"
MAX_NAME_CHARS = 300  # no place name is longer; longer queries are not names
RANK_CACHE_SIZE = 50_000  # ranked readings kept per gazetteer (lookups repeat across articles)

log = logging.getLogger(__name__)


class Gazetteer:
    """Places by id and by name; `lookup` ranks the readings of a name best first."""

    def __init__(self, table: PlaceTable, *, focus: Collection[str] = DEFAULT_FOCUS,
                 problems: Sequence[str] = ()):
        self._table = table
        self.focus = frozenset(focus)
        self.problems: tuple[str, ...] = tuple(problems)  # skipped overlay/curated rows
        self._ranked: dict[str, list[Place]] = {}
        self._names = NamesView(table)

    @classmethod
    def load(cls, *, overlay: Path | None = None, focus: Sequence[str] = DEFAULT_FOCUS,
             data_dir: Path = DATA_DIR) -> Gazetteer:
        """The bundled gazetteer, with the curated table and an analyst's `overlay` CSV applied.

        A missing overlay file is no overlay; its bad rows are skipped, logged and listed in
        `problems`.
        """
        table = PlaceTable.read(data_dir)
        problems = []
        curated = data_dir / CURATED_FILE
        if curated.exists():
            problems += apply_file(table, curated, prefix="cur")
        if overlay is not None and Path(overlay).exists():
            problems += apply_file(table, Path(overlay), prefix="usr")
        for p in problems:
            log.warning("skipped: %s", p)
        return cls(table, focus=focus, problems=problems)

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
        """The places `name` may mean, best first (kind, population, focus region)."""
        if not isinstance(name, str) or len(name) > MAX_NAME_CHARS:
            return []
        return self.lookup_key(name_key(name), limit=limit)

    def lookup_key(self, key: str, *, limit: int = 10) -> list[Place]:
        """Like `lookup`, for a name key (``gazetteer.names.name_key``)."""
        ranked = self._ranked.get(key)
        if ranked is None:
            rows = self._table.rows_of_key(key) if key else ()
            ranked = rank([self._table.row(i) for i in rows], key, self.focus)
            if len(self._ranked) >= RANK_CACHE_SIZE:
                self._ranked.clear()
            self._ranked[key] = ranked
        return ranked[:max(limit, 0)]

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
