"""The gazetteer's record: one named place with a point, a kind and its containing units."""

from __future__ import annotations

from dataclasses import dataclass

# Kinds, from the widest to the narrowest. `geo_precision` (in the pipeline's output) follows them.
COUNTRY = "country"
ADMIN1 = "admin1"  # a first-level division: a Syrian governorate, a US state ...
REGION = "region"  # a named area below admin1 or across units: "Eastern Ghouta", "Qalamoun"
CITY = "city"
TOWN = "town"
VILLAGE = "village"
DISTRICT = "district"  # a neighbourhood or quarter of a city, a camp inside a city
SITE = "site"  # a point facility
AIRBASE = "airbase"
CROSSING = "crossing"
CAMP = "camp"

KINDS = (COUNTRY, ADMIN1, REGION, CITY, TOWN, VILLAGE, DISTRICT, SITE, AIRBASE, CROSSING, CAMP)

_PRECISION = {
    COUNTRY: "country",
    ADMIN1: "admin1",
    REGION: "admin1",
    CITY: "settlement",
    TOWN: "settlement",
    VILLAGE: "settlement",
    DISTRICT: "settlement",
    SITE: "site",
    AIRBASE: "site",
    CROSSING: "site",
    CAMP: "site",
}


def geo_precision(kind: str) -> str:
    """The contract's `geo_precision` for a place kind: site, settlement, admin1 or country."""
    return _PRECISION.get(kind, "settlement")


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry.

    `id` is stable across builds and says where the entry comes from: ``gn:<geonameid>`` (GeoNames),
    ``iso:SY`` / ``iso:SY-HM`` (countries and first-level divisions by ISO code), ``cur:<slug>``
    (the curated table), ``usr:<slug>`` (an analyst's overlay).
    """

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    population: int = 0
    admin1: str | None = None  # ISO 3166-2, e.g. "SY-HM"
    country: str | None = None  # ISO 3166-1 alpha-2, e.g. "SY"

    def as_json(self) -> dict:
        """The object `python -m gazetteer geocode --json` prints (see CONTRACT.md)."""
        return {
            "id": self.id,
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "kind": self.kind,
            "admin1": self.admin1,
            "country": self.country,
        }
