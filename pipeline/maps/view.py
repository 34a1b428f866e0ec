"""The part of the map the analyst is looking at, as streamlit-folium reports it.

The page asks the map component for its `bounds` and `zoom` (sent after every move), so snapshots
can show the analyst's view. Before any move the map shows its first view, which `Atlas.view`
(atlas.js) fits to the default extent; `is_first_view` tells that view from one the analyst chose
by redoing Leaflet's fit for the reported frame size, so a snapshot keeps the default extent
(fitted to the picture's own size) until the analyst has moved the map.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

# atlas.js `Atlas.view`: padding of the first fit (top-left, bottom-right; pixels) and the
# map's zoom snap (build._base).
FIT_PADDING_TOP_LEFT = (8, 48)
FIT_PADDING_BOTTOM_RIGHT = (8, 36)
ZOOM_SNAP = 0.25
MAX_ZOOM = 18  # folium's default
SAME_ZOOM = 0.01  # zoom levels
SAME_CENTRE_PX = 3.0  # a view whose centre is this close to the fitted one is that view
TILE_PX = 256
MAX_LATITUDE = 85.0511287798  # Web Mercator's edge

Bounds = tuple[tuple[float, float], tuple[float, float]]  # (south, west), (north, east)


@dataclass(frozen=True)
class MapView:
    """A rectangle of the map (degrees) and the zoom it was seen at."""

    south: float
    west: float
    north: float
    east: float
    zoom: float

    @property
    def bounds(self) -> Bounds:
        return (self.south, self.west), (self.north, self.east)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def view_from_returned(returned: Mapping | None) -> MapView | None:
    """The view in what `st_folium` returned (`bounds`, `zoom`), or None when it holds none.

    Leaflet reports bounds as ``{"_southWest": {"lat", "lng"}, "_northEast": {...}}``; before
    the map has reported, streamlit-folium returns its defaults (None values), which give None.
    """
    if not isinstance(returned, Mapping):
        return None
    bounds, zoom = returned.get("bounds"), _number(returned.get("zoom"))
    if not isinstance(bounds, Mapping) or zoom is None:
        return None
    corners = []
    for corner in ("_southWest", "_northEast"):
        point = bounds.get(corner)
        if not isinstance(point, Mapping):
            return None
        lat, lng = _number(point.get("lat")), _number(point.get("lng"))
        if lat is None or lng is None:
            return None
        corners.append((lat, lng))
    (south, west), (north, east) = corners
    if not (south < north and west < east):
        return None
    return MapView(south=south, west=west, north=north, east=east, zoom=zoom)


def _pixel(lat: float, lng: float, zoom: float) -> tuple[float, float]:
    """Leaflet's EPSG:3857 pixel position of a point at `zoom`."""
    scale = TILE_PX * 2 ** zoom
    lat = max(-MAX_LATITUDE, min(MAX_LATITUDE, lat))
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return scale * (lng / 360 + 0.5), scale * (0.5 - y / (2 * math.pi))


def fit_zoom(bounds: Bounds, size: tuple[float, float]) -> float:
    """The zoom Leaflet's `fitBounds(bounds, padding)` picks in a frame of `size` pixels."""
    (south, west), (north, east) = bounds
    x0, y0 = _pixel(north, west, 0)
    x1, y1 = _pixel(south, east, 0)
    room_x = size[0] - FIT_PADDING_TOP_LEFT[0] - FIT_PADDING_BOTTOM_RIGHT[0]
    room_y = size[1] - FIT_PADDING_TOP_LEFT[1] - FIT_PADDING_BOTTOM_RIGHT[1]
    scale = min(room_x / (x1 - x0), room_y / (y1 - y0))
    if scale <= 0:
        return 0.0
    zoom = math.log2(scale)
    zoom = round(zoom / (ZOOM_SNAP / 100)) * (ZOOM_SNAP / 100)  # Leaflet: within 1% of a step
    return max(0.0, min(MAX_ZOOM, math.floor(zoom / ZOOM_SNAP) * ZOOM_SNAP))


def is_first_view(view: MapView, default: Bounds) -> bool:
    """Whether `view` is the map's first view: `default` fitted to the view's frame."""
    x0, y0 = _pixel(view.north, view.west, view.zoom)
    x1, y1 = _pixel(view.south, view.east, view.zoom)
    zoom = fit_zoom(default, (x1 - x0, y1 - y0))
    if abs(zoom - view.zoom) > SAME_ZOOM:
        return False
    (south, west), (north, east) = default
    sx, sy = _pixel(south, west, zoom)
    nx, ny = _pixel(north, east, zoom)
    # fitBounds centres the padded frame on the bounds: off by half the padding difference.
    cx = (sx + nx) / 2 + (FIT_PADDING_BOTTOM_RIGHT[0] - FIT_PADDING_TOP_LEFT[0]) / 2
    cy = (sy + ny) / 2 + (FIT_PADDING_BOTTOM_RIGHT[1] - FIT_PADDING_TOP_LEFT[1]) / 2
    return math.hypot((x0 + x1) / 2 - cx, (y0 + y1) / 2 - cy) <= SAME_CENTRE_PX


def chosen_view(returned: Mapping | None, default: Bounds) -> MapView | None:
    """The view the analyst moved the map to, or None while it shows its first view."""
    view = view_from_returned(returned)
    if view is None or is_first_view(view, default):
        return None
    return view


def view_text(view: MapView) -> str:
    """'33.10°N–34.25°N, 35.80°E–37.05°E (zoom 8.25)': the extent in plain words."""

    def lat(v: float) -> str:
        return f"{abs(v):.2f}°{'N' if v >= 0 else 'S'}"

    def lng(v: float) -> str:
        return f"{abs(v):.2f}°{'E' if v >= 0 else 'W'}"

    return (f"{lat(view.south)}–{lat(view.north)}, {lng(view.west)}–{lng(view.east)} "
            f"(zoom {view.zoom:g})")
