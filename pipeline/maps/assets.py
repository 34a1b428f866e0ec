"""The map's JavaScript and CSS from pipeline/maps/static, as data: URIs or local URLs, never CDNs.

folium lists each element's assets in `default_js`/`default_css` (CDN URLs). `localise` replaces
them on every element of a map: with ``inline=True`` by ``data:`` URIs (the HTML opens offline with
nothing beside it, and streamlit-folium's component, which loads those lists with
``script.src``/``<link href>`` in its iframe, gets them too); otherwise by URLs under `base_url`
(Streamlit's static serving, `/app/static/`, when `static/` points at pipeline/maps/static).
"""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path

import branca
import folium
from folium.elements import JSCSSMixin

STATIC = Path(__file__).resolve().parent / "static"
LIVE_BASE_URL = "/app/static/"

# What the map needs, in load order: Leaflet, the clustering index, then our layer code.
JS = (
    ("leaflet", "leaflet/leaflet.js"),
    ("supercluster", "supercluster/supercluster.min.js"),
    ("atlas", "atlas/atlas.js"),
)
CSS = (
    ("leaflet_css", "leaflet/leaflet.css"),
    ("atlas_css", "atlas/atlas.css"),
)

_CSS_URL = re.compile(r"url\((?!['\"]?(?:data:|#))['\"]?([^'\")]+)['\"]?\)")
_MIME = {".js": "text/javascript", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml"}


class AssetError(ValueError):
    """A map element wants an asset that is not bundled (it would load from the network)."""


def _data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


@cache
def inline_uri(relative: str) -> str:
    """A bundled file as a data: URI; CSS gets the images it references inlined first."""
    path = STATIC / relative
    data = path.read_bytes()
    if path.suffix == ".css":
        def embed(match: re.Match) -> str:
            image = (path.parent / match.group(1)).resolve()
            return f"url({_data_uri(image.read_bytes(), _MIME[image.suffix])})"

        data = _CSS_URL.sub(embed, data.decode("utf-8")).encode("utf-8")
    return _data_uri(data, _MIME[path.suffix])


def asset_links(*, inline: bool, base_url: str = LIVE_BASE_URL) -> tuple[list, list]:
    """(default_js, default_css) lists for the map: data: URIs or URLs under `base_url`."""
    def link(relative: str) -> str:
        return inline_uri(relative) if inline else base_url + relative

    return [(n, link(p)) for n, p in JS], [(n, link(p)) for n, p in CSS]


def _walk(element):
    yield element
    for child in element._children.values():
        yield from _walk(child)


def localise(fmap: folium.Map, *, inline: bool, base_url: str = LIVE_BASE_URL) -> folium.Map:
    """Point every asset of `fmap` at the bundled files; raise AssetError for anything else.

    The map itself gets the full list; elements of ours need nothing more. A folium element that
    brings its own CDN assets (a plugin) is refused rather than silently loaded from the network.
    """
    js, css = asset_links(inline=inline, base_url=base_url)
    for element in _walk(fmap):
        if isinstance(element, branca.colormap.ColorMap):
            raise AssetError("branca colormaps load d3 from a CDN; use the map's legend instead")
        if not isinstance(element, JSCSSMixin):
            continue
        if element is fmap:
            element.default_js, element.default_css = list(js), list(css)
            continue
        if element.default_js or element.default_css:
            names = [n for n, _ in (*element.default_js, *element.default_css)]
            raise AssetError(f"{type(element).__name__} needs assets that are not bundled: {names}")
    return fmap
