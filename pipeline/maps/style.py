"""How the map draws things: event types (label, family, colour, icon), zone states, sizes."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TypeStyle:
    """How one event type is drawn: its label, family, colour and icon (an id in atlas.js)."""

    label: str
    family: str
    colour: str
    icon: str


# The contract's vocabulary. Colours are grouped by family (green/purple ceasefire, blue aid,
# red conflict, grey other): a cluster's dominant family reads at a glance; icons tell types apart.
EVENT_TYPES: dict[str, TypeStyle] = {
    "ceasefire_talks": TypeStyle("Ceasefire talks", "ceasefire", "#6a51a3", "talk"),
    "ceasefire_agreed": TypeStyle("Ceasefire agreed", "ceasefire", "#238b45", "check"),
    "ceasefire_violation": TypeStyle("Ceasefire violation", "ceasefire", "#d7301f", "bolt"),
    "hostilities_halted": TypeStyle("Hostilities halted", "ceasefire", "#41ab5d", "pause"),
    "monitoring_center": TypeStyle("Monitoring centre", "ceasefire", "#3f007d", "eye"),
    "aid_airdrop": TypeStyle("Aid airdrop", "aid", "#08519c", "chute"),
    "aid_convoy": TypeStyle("Aid convoy", "aid", "#2171b5", "truck"),
    "aid_delivery": TypeStyle("Aid delivery", "aid", "#4292c6", "box"),
    "siege": TypeStyle("Siege", "aid", "#8c2d04", "ring"),
    "evacuation": TypeStyle("Evacuation", "aid", "#d94801", "out"),
    "armed_clash": TypeStyle("Armed clash", "conflict", "#a50f15", "cross"),
    "airstrike": TypeStyle("Airstrike", "conflict", "#67000d", "down"),
    "shelling": TypeStyle("Shelling", "conflict", "#ef3b2c", "burst"),
    "territory_change": TypeStyle("Territory change", "conflict", "#525252", "flag"),
    "diplomacy": TypeStyle("Diplomacy", "other", "#737373", "talk"),
}
UNKNOWN_TYPE = TypeStyle("Other event", "other", "#969696", "dot")

FAMILIES = ("ceasefire", "aid", "conflict", "other")
FAMILY_COLOURS = {
    "ceasefire": "#238b45",
    "aid": "#2171b5",
    "conflict": "#cb181d",
    "other": "#737373",
}

# Zone states, from no information to the most severe; the order is also the same-day precedence
# (see zones.py). Colours: blue talks, light green agreed, green halted, red violated.
ZONE_STATES = ("none", "talks", "agreed", "halted", "violated")
ZONE_LABELS = {
    "none": "No ceasefire reported",
    "talks": "Talks",
    "agreed": "Agreed",
    "halted": "Hostilities halted",
    "violated": "Violated",
}
ZONE_COLOURS = {
    "none": "#ffffff",
    "talks": "#9ecae1",
    "agreed": "#a1d99b",
    "halted": "#31a354",
    "violated": "#fb6a4a",
}
ZONE_FILL_OPACITY = 0.45

# Marker sizes in pixels by size class (0 = no or small quantity); the quantity thresholds per unit
# put "30 tonnes", "100 trucks" and "60,000 people" on one visual scale.
SIZES_PX = (18, 22, 27, 32, 38)
SIZE_UNITS: dict[str, tuple[float, float, float, float]] = {
    "tonnes": (5, 20, 100, 500),
    "trucks": (5, 20, 50, 200),
    "convoys": (1, 2, 5, 10),
    "people": (100, 1_000, 10_000, 100_000),
}

# Basemap style (light, so events and zones stand out).
SEA_COLOUR = "#dbe7ef"
LAND_COLOUR = "#f6f4ef"


def type_style(event_type: str) -> TypeStyle:
    """The style of an event type; unknown types get a neutral grey dot."""
    return EVENT_TYPES.get(event_type, UNKNOWN_TYPE)


def size_class(quantities: Mapping[str, float] | None) -> int:
    """Size class 0..4 of a marker from its largest quantity (tonnes, trucks, convoys, people)."""
    best = 0
    for unit, thresholds in SIZE_UNITS.items():
        value = (quantities or {}).get(unit)
        if not isinstance(value, int | float) or math.isnan(value):
            continue
        best = max(best, sum(value >= t for t in thresholds))
    return best
