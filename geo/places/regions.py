"""Regions of a country ("شرق ليبيا", "جنوب البلاد", "الجنوب الليبي", "eastern Libya") and the land test
that every projected point passes.

A region of Libya stands at a real town: among its populated places on that side of the country (the
eastern half of their longitudes, the south-western quadrant ...), the one nearest to their centroid
weighted by the square root of population. Abroad, where the gazetteer holds only the bigger towns, it is
an offset from the country's point scaled by how far its towns reach. "Eastern Libya" so lands in
Cyrenaica where its people live, not in the empty middle of the desert, and never in the sea (a plain
offset from Libya's centroid does both).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from gazetteer.place import Place
from geo.places.geometry import destination, haversine_km

# A country whose gazetteer holds fewer populated places on a side gets a plain offset instead.
_MIN_PLACES = 3
_NOMINAL_COUNTRY_KM = 400.0

# Bearing -> (north-south sign, east-west sign): which half (or quadrant) of the country it means.
_SIDES = {0.0: (1, 0), 180.0: (-1, 0), 90.0: (0, 1), 270.0: (0, -1),
          45.0: (1, 1), 135.0: (-1, 1), 225.0: (-1, -1), 315.0: (1, -1)}

_ADJ = {0.0: "northern", 180.0: "southern", 90.0: "eastern", 270.0: "western", 45.0: "north-eastern",
        135.0: "south-eastern", 225.0: "south-western", 315.0: "north-western"}


def region_label(country: Place, bearing_deg: float) -> str:
    """"eastern Libya", "south-western Libya"."""
    return f"{_ADJ.get(round(bearing_deg / 45.0) * 45.0 % 360.0, 'part of')} {country.name}"


def region_point(country: Place, bearing_deg: float, places: Sequence[Place]) -> tuple[float, float]:
    """The point standing for the part of ``country`` that lies towards ``bearing_deg``."""
    bearing = round(bearing_deg / 45.0) * 45.0 % 360.0
    key = (id(places), country.id, bearing)
    point = _POINTS.get(key)
    if point is None:
        point = _POINTS[key] = _region_point(country, bearing, _populated(id(places), places))
    return point


_POINTS: dict[tuple[int, str, float], tuple[float, float]] = {}


# id(places) -> the populated places by country; kept with the sequence so the id cannot be reused.
_POPULATED: dict[int, tuple[Sequence[Place], dict[str, tuple[Place, ...]]]] = {}


def _populated(key: int, places: Sequence[Place]) -> dict[str, tuple[Place, ...]]:
    entry = _POPULATED.get(key)
    if entry is None:
        if len(_POPULATED) > 8:
            _POPULATED.clear()
            _POINTS.clear()
        by: dict[str, list[Place]] = {}
        for p in places:
            if p.population and p.kind not in ("country", "region", "district"):
                by.setdefault(p.country, []).append(p)
        entry = _POPULATED[key] = (places, {k: tuple(v) for k, v in by.items()})
    return entry[1]


def _region_point(country: Place, bearing: float, populated: dict[str, tuple[Place, ...]]) -> tuple[float, float]:
    towns = populated.get(country.country, ())
    ns, ew = _SIDES.get(bearing, (0, 0))
    if not country.in_libya:
        # Abroad the gazetteer holds only the bigger towns, bunched where people live (Algeria's on its
        # coast): their halves say little about the country's. A plain offset from the country's point,
        # scaled by how far its towns reach (southern Algeria is the Sahara, southern Lebanon 30 km off).
        reach = max((haversine_km(country.lat, country.lon, p.lat, p.lon) for p in towns), default=0.0)
        dist = min(_NOMINAL_COUNTRY_KM, 0.35 * reach) if towns else _NOMINAL_COUNTRY_KM
        return destination(country.lat, country.lon, bearing, dist)
    if len(towns) >= _MIN_PLACES:
        mid_lat = (min(p.lat for p in towns) + max(p.lat for p in towns)) / 2
        mid_lon = (min(p.lon for p in towns) + max(p.lon for p in towns)) / 2
        side = [p for p in towns if (ns == 0 or (p.lat - mid_lat) * ns > 0) and (ew == 0 or (p.lon - mid_lon) * ew > 0)]
        if len(side) >= _MIN_PLACES:
            w = [math.sqrt(p.population or 1) for p in side]
            clat = sum(p.lat * x for p, x in zip(side, w, strict=True)) / sum(w)
            clon = sum(p.lon * x for p, x in zip(side, w, strict=True)) / sum(w)
            best = min(side, key=lambda p: (p.lat - clat) ** 2 + ((p.lon - clon) * math.cos(math.radians(clat))) ** 2)
            return best.lat, best.lon
    return destination(country.lat, country.lon, bearing, _NOMINAL_COUNTRY_KM)


@lru_cache(maxsize=1)
def _libya_land():  # -> shapely PreparedGeometry
    from shapely.prepared import prep

    from gazetteer.boundaries import libya_outline_shape

    return prep(libya_outline_shape())


def on_libyan_land(lat: float, lon: float) -> bool:
    """True when the point lies inside Libya's land outline (not in the sea, not across a border)."""
    from shapely.geometry import Point

    return bool(_libya_land().contains(Point(lon, lat)))
