"""The map's visual vocabulary: colours of sides, icons of ACLED event types, halos of imprecision.

One table per idea so that the legend, the markers, the timeline and the GeoJSON style hints can never
disagree. Colours follow the convention of Libyan conflict maps (LNA red, GNA blue) and stay readable on
both the light and the satellite base layers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Side:
    key: str
    label: str
    color: str


# The blocs, their labels and colours come from geo.periods (one table for events, control and map);
# this module only adds the spellings older records carry and the few blocs the actor table codes that
# periods does not list, and keeps two blocs that mean different things from sharing a colour on one map.
_SIDE_ALIASES = {
    "haftar": "LNA", "laaf": "LNA", "lna/laaf": "LNA", "dignity": "LNA", "gna/gnu": "GNA", "tripoli": "GNA",
    "russia": "WAGNER", "turkey": "TUR", "turkish": "TUR", "isis": "IS", "isil": "IS", "daesh": "IS",
    "egypt": "EGY", "civilian": "CIV", "civilians": "CIV", "protester": "PROTESTERS", "militia": "COMMUNAL",
    "militias": "COMMUNAL", "unknown": "UNKNOWN", "": "UNKNOWN", "un": "UN", "unsmil": "UN",
}
_EXTRA: dict[str, tuple[str, str]] = {
    "UK": ("United Kingdom", "#7d6608"), "SDN": ("Sudanese fighters", "#876f2f"), "CHAD": ("Chadian fighters",
                                                                                            "#8d6e63"),
    "ICRC": ("Red Cross / Red Crescent", "#85c1e9"),
}
_KEY = re.compile(r"^[A-Z][A-Z0-9_]{0,30}(:[A-Z][A-Z0-9_ ]{0,40})?$")
# Colours a second bloc gets when its own is already taken on the map by a bloc that means something else.
RESERVE_COLORS: tuple[str, ...] = (
    "#e67e22", "#16a085", "#8e44ad", "#2c3e50", "#d35400", "#27ae60", "#c0392b", "#7f8c8d", "#f39c12",
    "#1abc9c", "#9b59b6", "#34495e", "#e74c3c", "#2ecc71", "#3498db", "#95a5a6", "#f1c40f", "#6e2c00",
    "#0b5345", "#f5b7b1", "#a9cce3", "#f9e79f", "#abebc6", "#d7bde2", "#edbb99", "#4a235a", "#000080",
)
# The authority in Tripoli keeps one colour through its periods (NTC, GNC, Dawn, GNA, GNU): sharing it is
# the point, not a collision.
SAME_MEANING: tuple[frozenset[str], ...] = (frozenset({"NTC", "GNC", "DAWN", "GNA", "GNU"}),)


def side_of(bloc: object, day: object = None) -> Side:
    """The side a bloc string denotes on ``day`` (a Tripoli-camp name is the camp of that date's period);
    anything that is not a bloc code is ``UNKNOWN`` (never free text on the map)."""
    return _side_of(str(bloc or ""), str(day)[:10] if isinstance(day, str) else None)


@lru_cache(maxsize=65536)  # a map asks for few (bloc, day) pairs, many times over
def _side_of(bloc: str, day: str | None) -> Side:
    from geo.periods import BLOCS, bloc_for, bloc_info

    raw = bloc.strip()
    key = _SIDE_ALIASES.get(raw.lower(), raw.upper())
    if not _KEY.match(key):
        key = "UNKNOWN"
    key = bloc_for(key, day)
    if key in _EXTRA and key not in BLOCS:
        label, color = _EXTRA[key]
        return Side(key, label, color)
    info = bloc_info(key)
    return Side(info.key, info.label, info.color)


def legend_order(keys: Iterable[str]) -> list[str]:
    """Bloc keys in the periods' legend order (the main camps first), unknown keys last."""
    from geo.periods import PERIODS

    order: dict[str, int] = {}
    for p in reversed(PERIODS):  # the latest period's main sides lead
        for k in (*p.main_sides, *p.blocs):
            order.setdefault(k, len(order))
    return sorted(dict.fromkeys(keys), key=lambda k: (k == "UNKNOWN", order.get(k, len(order)), k))


def _rgb(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def color_distance(a: str, b: str) -> float:
    """A perceptual-ish distance between two #rrggbb colours (the "redmean" weighting of RGB)."""
    (r1, g1, b1), (r2, g2, b2) = _rgb(a), _rgb(b)
    rm = (r1 + r2) / 2
    return float(((2 + rm / 256) * (r1 - r2) ** 2 + 4 * (g1 - g2) ** 2 + (2 + (255 - rm) / 256) * (b1 - b2) ** 2)
                 ** 0.5)


MIN_DISTANCE = 60.0


def _same_meaning(a: str, b: str) -> bool:
    return any(a in g and b in g for g in SAME_MEANING)


def map_sides(sides: Iterable[Side]) -> list[Side]:
    """The sides one map shows, in legend order, each bloc in a colour no bloc of another meaning shares
    (Egypt and Zintan, or the UAE and rioters, share a colour in the periods' table)."""
    by_key = {s.key: s for s in sides}
    out: list[Side] = []
    for key in legend_order(by_key):
        s = by_key[key]
        taken = [o.color for o in out if not _same_meaning(o.key, key)] + [t.color for t in EVENT_TYPES]
        if any(color_distance(c, s.color) < MIN_DISTANCE for c in taken):
            used = [o.color for o in out] + [t.color for t in EVENT_TYPES]
            spare = next((c for c in RESERVE_COLORS if all(color_distance(u, c) >= MIN_DISTANCE
                                                           for u in used)), None)
            if spare is not None:
                s = Side(s.key, s.label, spare)
        out.append(s)
    return out


@dataclass(frozen=True, slots=True)
class EventType:
    label: str  # ACLED's exact category string
    short: str
    icon: str  # Font Awesome 6 free solid icon name
    color: str  # used by the timeline, where colour means type rather than side


# Type colours (the timeline's bars and the type legend) come from hues no bloc uses, so that on a map a
# colour means a side and only a side on the markers, and a type and only a type in the timeline.
EVENT_TYPES: tuple[EventType, ...] = (
    EventType("Battles", "Battle", "crosshairs", "#d81b60"),
    EventType("Explosions/Remote violence", "Explosion / remote", "bomb", "#ff8f00"),
    EventType("Violence against civilians", "Violence vs civilians", "user-injured", "#8e24aa"),
    EventType("Protests", "Protest", "bullhorn", "#00acc1"),
    EventType("Riots", "Riot", "fire", "#c0ca33"),
    EventType("Strategic developments", "Strategic development", "chess-knight", "#5e35b1"),
    EventType("Other", "Other", "circle-exclamation", "#bdbdbd"),
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
