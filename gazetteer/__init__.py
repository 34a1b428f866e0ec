"""The gazetteer: places of the world by every spelling, ranked for Syria's war reporting.

``Gazetteer.load()`` reads the bundled data (GeoNames cities500, countries, first-level divisions,
the curated table) and an analyst's overlay; ``GazetteerGeocoder`` wraps it as a geopy geocoder.
"""

from gazetteer.core import Gazetteer
from gazetteer.place import Place
from gazetteer.ranking import DEFAULT_FOCUS

__all__ = ["DEFAULT_FOCUS", "Gazetteer", "GazetteerGeocoder", "Place"]


def __getattr__(name: str):
    # GazetteerGeocoder imports geopy (and with it requests, urllib3): only when asked for, so
    # that the pipeline's command line does not pay for it in every run
    if name == "GazetteerGeocoder":
        from gazetteer.geocoder import GazetteerGeocoder

        return GazetteerGeocoder
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
