"""The map's visual vocabulary: colours of sides, icons of ACLED event types, halos of imprecision.

One table per idea so that the legend, the markers, the timeline and the GeoJSON style hints can never
disagree. Colours follow the convention of Libyan conflict maps (LNA red, GNA blue) and stay readable on
both the light and the satellite base layers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Side:
    key: str
    label: str
    color: str


# The blocs the event coder writes in x_actor1_bloc (see DESIGN.md), in legend order.
SIDES: tuple[Side, ...] = (
    Side("LNA", "LNA (Haftar)", "#b03a2e"),
    Side("GNA", "GNA (Tripoli)", "#1f5fa8"),
    Side("Turkey", "Turkey", "#138d75"),
    Side("Wagner", "Wagner / Russia", "#6c3483"),
    Side("UAE", "UAE", "#b7950b"),
    Side("Egypt", "Egypt", "#a04000"),
    Side("IS", "Islamic State", "#1b1b1b"),
    Side("AQIM", "Al-Qaeda (AQIM)", "#4d5656"),
    Side("militia", "Local militias", "#ca6f1e"),
    Side("protesters", "Protesters", "#d4ac0d"),
    Side("civilians", "Civilians", "#7b7d7d"),
    Side("unknown", "Unidentified", "#95a5a6"),
)
SIDE_BY_KEY: dict[str, Side] = {s.key.lower(): s for s in SIDES}
_SIDE_ALIASES = {
    "haftar": "LNA", "laaf": "LNA", "lna/laaf": "LNA", "gna/gnu": "GNA", "gnu": "GNA", "tripoli": "GNA",
    "russia": "Wagner", "turkish": "Turkey", "isis": "IS", "isil": "IS", "daesh": "IS",
    "civilian": "civilians", "protester": "protesters", "militias": "militia", "": "unknown",
}


def side_of(bloc: object) -> Side:
    """The side a bloc string belongs to; anything unknown is ``unknown`` (never free text on the map)."""
    key = str(bloc or "").strip().lower()
    key = _SIDE_ALIASES.get(key, key).lower()
    return SIDE_BY_KEY.get(key, SIDE_BY_KEY["unknown"])


@dataclass(frozen=True, slots=True)
class EventType:
    label: str  # ACLED's exact category string
    short: str
    icon: str  # Font Awesome 6 free solid icon name
    color: str  # used by the timeline, where colour means type rather than side


EVENT_TYPES: tuple[EventType, ...] = (
    EventType("Battles", "Battle", "crosshairs", "#8e2c21"),
    EventType("Explosions/Remote violence", "Explosion / remote", "bomb", "#d35400"),
    EventType("Violence against civilians", "Violence vs civilians", "user-injured", "#6c3483"),
    EventType("Protests", "Protest", "bullhorn", "#2874a6"),
    EventType("Riots", "Riot", "fire", "#b7950b"),
    EventType("Strategic developments", "Strategic development", "chess-knight", "#566573"),
    EventType("Other", "Other", "circle-exclamation", "#99a3a4"),
)
TYPE_BY_LABEL: dict[str, EventType] = {t.label.lower(): t for t in EVENT_TYPES}


def type_of(event_type: object) -> EventType:
    return TYPE_BY_LABEL.get(str(event_type or "").strip().lower(), EVENT_TYPES[-1])


# Radius of the uncertainty halo by precision (km). ACLED geo_precision 2 is "near" a named place (a
# relative expression or a small area around it), 3 a district/region: a Libyan shabiya's typical radius.
PRECISION_RADIUS_KM: dict[int, float] = {2: 15.0, 3: 60.0}
PRECISION_LABELS: dict[int, str] = {
    1: "exact place",
    2: "near a place",
    3: "district / region",
    4: "country only",
}


def halo_radius_m(precision: object, uncertainty_km: object = None) -> int:
    """Halo radius in metres: the coder's own uncertainty when it gives one, else the precision's default."""
    try:
        km = float(uncertainty_km) if uncertainty_km not in (None, "") else None
    except (TypeError, ValueError):
        km = None
    try:
        p = int(precision or 1)
    except (TypeError, ValueError):
        p = 1
    if km is None or km <= 0:
        km = PRECISION_RADIUS_KM.get(p)
    if km is None or p < 2:
        return 0
    return int(round(min(km, 300.0) * 1000))


# Control areas: translucent fill of the side, contested hatched (SVG pattern), claimed dashed.
CONTROL_FILL_OPACITY = 0.22
CLAIMED_DASH = "7 5"
FRONT_LINE_COLOR = "#111111"
PLACE_COLOR = "#5d6d7e"
