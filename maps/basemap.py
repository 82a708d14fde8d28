"""What the map takes from the gazetteer: town and district names for the offline base, and every name form
of every Libyan place for the search box (so "Misurata", "Misratah" and "مصراته" all find Misrata).

The index is the one the command loaded, or the user's compiled index; a map without a gazetteer (a broken
cache) still draws, with its own names only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

LABEL_KINDS = {"city", "town", "village", "neighbourhood", "district"}
BIG_CITY = 250_000


@dataclass(frozen=True, slots=True)
class GazPlace:
    name: str
    name_ar: str
    names: tuple[str, ...]
    lat: float
    lon: float
    kind: str
    population: int

    @property
    def rank(self) -> int | None:
        """The label's zoom class: 0 big cities (from zoom 5), 1 cities (7), 2 towns (9), 3 villages and
        neighbourhoods (11), 9 districts (zoom 6-8 only); None: not labelled on the base."""
        if self.kind == "district":
            return 9
        if self.kind == "city":
            return 0 if self.population >= BIG_CITY else 1
        if self.kind == "town":
            return 2
        if self.kind in LABEL_KINDS:
            return 3
        return None


def libyan_places(index: Any = None) -> list[GazPlace]:
    """The gazetteer's Libyan places (not the country itself), from ``index`` or the user's index."""
    if index is None:
        try:
            from gazetteer.cache import load_index

            index = load_index()
        except Exception as exc:  # noqa: BLE001 - the map draws without the gazetteer's names
            log.warning("gazetteer not available for the map's town names and search (%s)", exc)
            return []
    out = []
    for p in getattr(index, "places", ()) or ():
        if getattr(p, "country", None) != "LY" or getattr(p, "kind", "") == "country":
            continue
        try:
            lat, lon = float(p.lat), float(p.lon)
        except (TypeError, ValueError):
            continue
        out.append(GazPlace(str(p.name or ""), str(p.name_ar or ""), tuple(str(n) for n in (p.names or ())),
                            lat, lon, str(p.kind or ""), int(p.population or 0)))
    return out
