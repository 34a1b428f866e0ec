"""The gazetteer: places of the world by every spelling, ranked for Syria's war reporting.

``Gazetteer.load()`` reads the bundled data (GeoNames cities500, countries, first-level divisions,
the curated table) and an analyst's overlay; ``GazetteerGeocoder`` wraps it as a geopy geocoder.
"""

from gazetteer.core import Gazetteer
from gazetteer.geocoder import GazetteerGeocoder
from gazetteer.place import Place
from gazetteer.ranking import DEFAULT_FOCUS

__all__ = ["DEFAULT_FOCUS", "Gazetteer", "GazetteerGeocoder", "Place"]
