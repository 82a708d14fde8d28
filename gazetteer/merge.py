"""Merging the same place reported by several sources into one ``Place``.

Two records are the same place when they share a normalised name key, have compatible kinds and
the same country, and lie within a distance that grows with the kind (a village moves little
between sources, a district centroid a lot).  Records are visited in priority order (curated first),
so the first record of a cluster wins id, name, kind and coordinates; later ones add names,
population, admin1 and provenance.  Candidates come from a key -> clusters map: no pairwise scan.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from gazetteer.normalize import fold, name_key
from gazetteer.place import Place

# The same name forms recur across sources and are keyed again by the index: key each once.
# (normalize works on whole documents with numpy; per short name its set-up cost dominates.)
cached_name_key = lru_cache(maxsize=1 << 18)(name_key)
cached_fold = lru_cache(maxsize=1 << 18)(fold)

# Kinds in one group can be the same place under different labels across sources.
_GROUPS: dict[str, str] = {
    **dict.fromkeys(("city", "town", "village", "hamlet", "oasis", "neighbourhood"), "settlement"),
    **dict.fromkeys(("airport", "air_base", "military_base"), "airfield"),
    **dict.fromkeys(("port", "oil_terminal"), "harbour"),
    **dict.fromkeys(("district", "region"), "area"),
}

# Largest distance (km) at which two records of this kind are still the same place.
MERGE_RADIUS_KM: dict[str, float] = {
    "hamlet": 5,
    "village": 8,
    "neighbourhood": 5,
    "landmark": 5,
    "town": 12,
    "oasis": 15,
    "city": 25,
    "airport": 10,
    "air_base": 10,
    "military_base": 10,
    "port": 10,
    "oil_terminal": 15,
    "oil_field": 40,
    "crossing": 15,
    "road": 20,
    "island": 20,
    "wadi": 60,
    "mountain": 60,
    "district": 150,
    "region": 400,
    "country": math.inf,
}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def kinds_compatible(a: str, b: str) -> bool:
    return a == b or (a in _GROUPS and _GROUPS.get(a) == _GROUPS.get(b))


def _located(p: Place) -> bool:
    return not (math.isnan(p.lat) or math.isnan(p.lon))


@dataclass(slots=True)
class _Cluster:
    records: list[Place]
    keys: set[str]
    lat: float
    lon: float
    names: dict[str, None] = field(default_factory=dict)

    @property
    def winner(self) -> Place:
        return self.records[0]

    @property
    def located(self) -> bool:
        return not math.isnan(self.lat)


@dataclass(frozen=True, slots=True)
class MergedPlace:
    place: Place
    # Name forms of the winning record: a match on these is stronger evidence than on a form that
    # another source attached (GeoNames calls Al Khums "Homs" too; that must not outrank Syria's Homs).
    primary_names: frozenset[str]


def _keys(p: Place) -> set[str]:
    return {k for k in (cached_name_key(n) for n in p.all_names()) if k}


def _same_place(c: _Cluster, p: Place) -> float | None:
    """Distance in km when ``p`` can join cluster ``c`` (0 when either has no coordinates)."""
    w = c.winner
    if w.country != p.country or not kinds_compatible(w.kind, p.kind):
        return None
    both_countries = w.kind == p.kind == "country"
    names_only = not c.located or not _located(p)
    if not (both_countries or names_only) and any(r.source == p.source for r in c.records):
        return None  # one source's records are distinct places by that source's own account
    if names_only or both_countries:
        return 0.0
    d = haversine_km(c.lat, c.lon, p.lat, p.lon)
    radius = max(MERGE_RADIUS_KM.get(w.kind, 10), MERGE_RADIUS_KM.get(p.kind, 10))
    return d if d <= radius else None


def merge_places(records: Iterable[Place]) -> list[MergedPlace]:
    """Merge records given in priority order; records without coordinates that nothing locates
    are dropped."""
    clusters: list[_Cluster] = []
    by_key: dict[str, list[int]] = {}
    for p in records:
        keys = _keys(p)
        best: tuple[float, int] | None = None
        seen: set[int] = set()
        for k in keys:
            for ci in by_key.get(k, ()):
                if ci in seen:
                    continue
                seen.add(ci)
                d = _same_place(clusters[ci], p)
                if d is not None and (best is None or d < best[0]):
                    best = (d, ci)
        if best is None:
            ci = len(clusters)
            clusters.append(_Cluster([p], set(keys), p.lat, p.lon, dict.fromkeys(p.all_names())))
            for k in keys:
                by_key.setdefault(k, []).append(ci)
            continue
        ci = best[1]
        c = clusters[ci]
        c.records.append(p)
        if not c.located and _located(p):
            c.lat, c.lon = p.lat, p.lon
        c.names.update(dict.fromkeys(p.all_names()))
        for k in keys - c.keys:
            by_key.setdefault(k, []).append(ci)
        c.keys |= keys
    return [_finish(c) for c in clusters if c.located]


def _finish(c: _Cluster) -> MergedPlace:
    w = c.winner
    others = c.records[1:]
    name_ar = w.name_ar or next((r.name_ar for r in others if r.name_ar), None)
    admin1 = w.admin1 or next((r.admin1 for r in others if r.admin1), None)
    population = w.population or max((r.population or 0 for r in others), default=0) or None
    provenance = tuple(dict.fromkeys(pid for r in c.records for pid in (r.provenance or (r.id,))))
    place = replace(
        w,
        lat=c.lat,
        lon=c.lon,
        name_ar=name_ar,
        admin1=admin1,
        population=population,
        names=tuple(n for n in c.names if n),
        provenance=provenance,
        ambiguous=any(r.ambiguous for r in c.records),
    )
    return MergedPlace(place, frozenset(w.all_names()))
