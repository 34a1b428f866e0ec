"""folium elements that hand escaped data to atlas.js: basemap, zones, events, controls."""

from __future__ import annotations

from collections.abc import Sequence

from branca.element import MacroElement
from folium.template import Template

from pipeline.maps.escape import safe_text, script_json
from pipeline.maps.style import (
    EVENT_TYPES,
    SIZES_PX,
    ZONE_COLOURS,
    ZONE_LABELS,
    ZONE_STATES,
    type_style,
)

# streamlit-folium renders each element's `script` macro on its own: keep everything in it.
_CALL = Template(
    """
    {% macro script(this, kwargs) %}
    var {{ this.get_name() }} = Atlas.{{ this.function }}({{ this._parent.get_name() }}
    {%- for argument in this.arguments %}, {{ argument }}{% endfor %});
    {% endmacro %}
    """
)


class AtlasCall(MacroElement):
    """`var <name> = Atlas.<function>(map, <JSON arguments>...)` in the map's script."""

    _template = _CALL

    def __init__(self, function: str, *arguments, name: str) -> None:
        super().__init__()
        self._name = name
        self.function = function
        self.arguments = [script_json(a) for a in arguments]


class AtlasLayers(MacroElement):
    """Leaflet's layer switcher over our layers, plus the optional online tiles (off by default).

    A layer is an element of the map, or the name of a slot (a stable group that overlays fill,
    see atlas.js) given as a string.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = Atlas.layers({{ this._parent.get_name() }}, [
        {%- for label, layer in this.layers %}[{{ label }}, {{ layer }}],{% endfor %}
        ], {{ this.tiles }});
        {% endmacro %}
        """
    )

    def __init__(self, layers: Sequence[tuple[str, MacroElement | str]], *,
                 tiles: dict | None) -> None:
        super().__init__()
        self._name = "AtlasLayers"
        self.layers = [(script_json(safe_text(label)), _LayerRef(layer)) for label, layer in layers]
        self.tiles = script_json(tiles)


class _LayerRef:
    """How the switcher's script names a layer: the element's variable, or a slot's name."""

    def __init__(self, layer: MacroElement | str) -> None:
        self.layer = layer

    def __str__(self) -> str:  # rendered late: an element's name is final only then
        if isinstance(self.layer, str):
            return script_json(self.layer)
        return self.layer.get_name()


class AtlasOverlay(MacroElement):
    """A group of Atlas layers the page can swap without reloading the map (see atlas.js).

    `var <name> = Atlas.overlay(map)`; its children's scripts then draw into it. streamlit-folium
    adds it with `feature_group_to_add` and removes it when the next one comes.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = Atlas.overlay({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        # streamlit-folium names the group `feature_group_<id>` when it adds it: so must we.
        self._name = "FeatureGroup"


def control(html: str, *, position: str, css_class: str, name: str,
            first: bool = False) -> AtlasCall:
    """A box on the map holding `html` (built here from escaped text only); `first` puts it
    before the other boxes in its corner."""
    return AtlasCall("control", position, css_class, html, first, name=name)


def legend_data(event_types: Sequence[str], *, approx: bool, sites: bool, zones: bool,
                nationwide: bool = False, start_open: bool = True) -> dict:
    """What the legend lists: zone states, the event types shown, marker sizes, symbols.

    `start_open` False starts it folded to a one-line button.
    """
    return {
        "zones": [[safe_text(ZONE_LABELS[s]), ZONE_COLOURS[s]] for s in ZONE_STATES[1:]]
        if zones else [],
        "types": [
            [safe_text(t), safe_text(type_style(t).label if t in EVENT_TYPES else t),
             type_style(t).colour, type_style(t).icon, 0]
            for t in event_types
        ],
        "sizes": list(SIZES_PX),
        "approx": approx,
        "sites": sites,
        "nationwide": nationwide,
        "open": start_open,
    }


def html_lines(lines: Sequence[str], *, css_class: str = "") -> str:
    """Escaped lines of text as HTML (the first bold when there are several)."""
    parts = []
    for i, line in enumerate(lines):
        text = safe_text(line)
        parts.append(f"<b>{text}</b>" if i == 0 and len(lines) > 1 else text)
    cls = f' class="{css_class}"' if css_class else ""
    return f"<div{cls}>" + "<br>".join(parts) + "</div>"
