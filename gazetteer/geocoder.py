"""`GazetteerGeocoder`: the gazetteer behind geopy's geocoder interface, offline.

It subclasses ``geopy.geocoders.base.Geocoder`` (whose constructor only configures an HTTP adapter
and opens no connection), so it works wherever geopy geocoders do: ``RateLimiter``,
``geopandas.tools.geocode(names, provider=GazetteerGeocoder)``, and users who are online can swap
in ``Nominatim`` unchanged.
"""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from gazetteer.core import Gazetteer
from gazetteer.place import Place

DEFAULT_LIMIT = 10  # readings returned by geocode(exactly_one=False)
_SHARED: dict[str, Gazetteer] = {}
_LOCK = threading.Lock()


def _shared_gazetteer() -> Gazetteer:
    """The bundled gazetteer, loaded once per process for geocoders built without one."""
    with _LOCK:
        if "default" not in _SHARED:
            _SHARED["default"] = Gazetteer.load()
        return _SHARED["default"]


def address_of(place: Place, gazetteer: Gazetteer) -> str:
    """A readable address: "Ḩamāh, Hama, Syrian Arab Republic" (place, admin1, country)."""
    parts = [place.name]
    for unit in (gazetteer.admin1_place(place.admin1) if place.admin1 else None,
                 gazetteer.country_place(place.country) if place.country else None):
        if unit is not None and unit.id != place.id:
            parts.append(unit.name)
    return ", ".join(parts)


def location_of(place: Place, gazetteer: Gazetteer) -> Location:
    """A geopy Location whose ``raw`` is the place as a dict (with ``population``)."""
    return Location(address_of(place, gazetteer), Point(place.lat, place.lon),
                    dataclasses.asdict(place))


class GazetteerGeocoder(Geocoder):
    """A geopy geocoder over the offline gazetteer (the bundled one unless given)."""

    def __init__(self, gazetteer: Gazetteer | None = None, *, overlay: Path | None = None,
                 **kwargs):
        super().__init__(**kwargs)
        if gazetteer is None:
            gazetteer = Gazetteer.load(overlay=overlay) if overlay else _shared_gazetteer()
        self.gazetteer = gazetteer

    def geocode(self, query: str, *, exactly_one: bool = True, limit: int | None = None,
                timeout=None):
        """The best reading of `query` (a Location or None), or every reading (a list or None).

        `timeout` is accepted for geopy compatibility and ignored: nothing goes on the network.
        """
        if not isinstance(query, str):
            return None
        places = self.gazetteer.lookup(query, limit=1 if exactly_one else limit or DEFAULT_LIMIT)
        if not places:
            return None
        locations = [location_of(p, self.gazetteer) for p in places]
        return locations[0] if exactly_one else locations

    def reverse(self, query, *, exactly_one: bool = True, timeout=None):
        """The Syrian governorate at a point (a Location, or a one-item list), or None."""
        try:
            point = Point(query)
        except (TypeError, ValueError):
            return None
        code = self.gazetteer.admin1_at(point.latitude, point.longitude)
        place = self.gazetteer.admin1_place(code) if code else None
        if place is None:
            return None
        location = location_of(place, self.gazetteer)
        return location if exactly_one else [location]
