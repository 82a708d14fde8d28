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


def _same_place(c: _Cluster, p: Place) -> tuple[float, int | None] | None:
    """(distance in km, index of a record ``p`` would displace) when ``p`` can join cluster ``c``
    (distance 0 when either has no coordinates).

    One source's records are distinct places by that source's own account, so a cluster holds one
    located record per source.  When the cluster already has one from ``p``'s source but ``p`` lies
    nearer, ``p`` takes its place (the other is placed again): the first record to arrive is not
    always the right one (a village Khums a few km off must not keep the city Khoms out of the
    curated Al-Khums)."""
    w = c.winner
    if w.country != p.country or not kinds_compatible(w.kind, p.kind):
        return None
    both_countries = w.kind == p.kind == "country"
    names_only = not c.located or not _located(p)
    if names_only or both_countries:
        if not (both_countries or names_only) and any(r.source == p.source for r in c.records):
            return None
        return 0.0, None
    d = haversine_km(c.lat, c.lon, p.lat, p.lon)
    radius = max(MERGE_RADIUS_KM.get(w.kind, 10), MERGE_RADIUS_KM.get(p.kind, 10))
    if d > radius:
        return None
    rival = next((j for j, r in enumerate(c.records) if r.source == p.source and _located(r)), None)
    if rival is None:
        return d, None
    if rival == 0:
        return None
    r = c.records[rival]
    if d + 0.05 < haversine_km(c.lat, c.lon, r.lat, r.lon):
        return d, rival
    return None


def _add(c: _Cluster, p: Place) -> None:
    c.records.append(p)
    if not c.located and _located(p):
        c.lat, c.lon = p.lat, p.lon
    c.names.update(dict.fromkeys(p.all_names()))
    c.keys |= _keys(p)


def _remove(c: _Cluster, j: int) -> Place:
    r = c.records.pop(j)
    c.names = dict.fromkeys(n for rec in c.records for n in rec.all_names())
    c.keys = set().union(*(_keys(rec) for rec in c.records))
    return r


def merge_places(records: Iterable[Place]) -> list[MergedPlace]:
    """Merge records given in priority order; records without coordinates that nothing locates
    are dropped."""
    clusters: list[_Cluster] = []
    by_key: dict[str, list[int]] = {}
    for record in records:
        pending = [record]
        while pending:
            p = pending.pop()
            keys = _keys(p)
            best: tuple[float, int, int | None] | None = None
            seen: set[int] = set()
            for k in sorted(keys):
                for ci in by_key.get(k, ()):
                    if ci in seen or k not in clusters[ci].keys:
                        continue
                    seen.add(ci)
                    got = _same_place(clusters[ci], p)
                    if got is not None and (best is None or got[0] < best[0]):
                        best = (got[0], ci, got[1])
            if best is None:
                ci = len(clusters)
                clusters.append(_Cluster([p], set(keys), p.lat, p.lon, dict.fromkeys(p.all_names())))
                for k in keys:
                    by_key.setdefault(k, []).append(ci)
                continue
            _, ci, displaced = best
            c = clusters[ci]
            if displaced is not None:
                pending.append(_remove(c, displaced))
            new_keys = keys - c.keys
            _add(c, p)
            for k in new_keys:
                by_key.setdefault(k, []).append(ci)
    return [_finish(c) for c in clusters if c.located]


def _finish(c: _Cluster) -> MergedPlace:
    w = c.winner
    others = c.records[1:]
    name_ar = w.name_ar or next((r.name_ar for r in others if r.name_ar), None)
    admin1 = w.admin1 or next((r.admin1 for r in others if r.admin1), None)
    admin2 = w.admin2 or next((r.admin2 for r in others if r.admin2), None)
    population = w.population or max((r.population or 0 for r in others), default=0) or None
    provenance = tuple(dict.fromkeys(pid for r in c.records for pid in (r.provenance or (r.id,))))
    place = replace(
        w,
        lat=c.lat,
        lon=c.lon,
        name_ar=name_ar,
        admin1=admin1,
        admin2=admin2,
        population=population,
        names=tuple(n for n in c.names if n),
        provenance=provenance,
        ambiguous=any(r.ambiguous for r in c.records),
    )
    return MergedPlace(place, frozenset(w.all_names()))
