"""GeoJSON (RFC 7946) of places, events, control areas and front lines, with simplestyle hints.

RFC 7946: [lon, lat] in WGS84, no ``crs`` member, exterior rings counter-clockwise and holes clockwise
(section 3.1.6), and section 11.2's advice of at most 6 decimals (about 10 cm). Each feature has ``kind``
(place | event | control_area | front_line); a place's own kind goes to ``place_kind``. Style properties
follow Mapbox's simplestyle-spec so that geojson.io and GitHub draw the file sensibly.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections.abc import Mapping
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.polygon import orient

from maps.atomic import write_text
from maps.layers import as_layers, is_libyan_event
from maps.styles import FRONT_LINE_COLOR, PLACE_COLOR, side_of, type_of

DECIMALS = 6

EVENT_SYMBOLS: dict[str, str] = {
    "Battles": "danger",
    "Explosions/Remote violence": "rocket",
    "Violence against civilians": "cross",
    "Protests": "town-hall",
    "Riots": "fire-station",
    "Strategic developments": "flag",
}
CONTESTED_COLOR = "#e08214"  # not a side in maps.styles: a zone both sides fight over
PLACE_SYMBOLS: dict[str, str] = {
    "airport": "airport",
    "air_base": "airfield",
    "port": "harbor",
    "oil_terminal": "industry",
    "oil_field": "industry",
    "crossing": "roadblock",
    "relative": "cross",
    "country": "embassy",
}


# -- values -------------------------------------------------------------------------------------------

def json_value(value: Any) -> Any:
    """A JSON-safe property value: NaN -> null, numpy scalars -> Python, dates -> ISO 8601."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        f = float(value)
        return f if math.isfinite(f) else None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, np.ndarray)):
        return [json_value(v) for v in value]
    return str(value)


def _num(value: Any) -> float | None:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _point(lon: Any, lat: Any) -> dict[str, Any] | None:
    x, y = _num(lon), _num(lat)
    if x is None or y is None or not (-180 <= x <= 180 and -90 <= y <= 90):
        return None
    return {"type": "Point", "coordinates": [round(x, DECIMALS), round(y, DECIMALS)]}


def clean_geometry(geometry: Mapping[str, Any] | Any) -> dict[str, Any] | None:
    """Round to 6 decimals, then orient polygons the RFC's way; returns a GeoJSON geometry dict.

    Rounding comes first so that the orientation holds for the coordinates actually written.
    """
    if geometry is None:
        return None
    geom = geometry if isinstance(geometry, shapely.Geometry) else shape(geometry)
    if geom.is_empty:
        return None
    geom = shapely.transform(geom, lambda c: np.round(c, DECIMALS))
    if geom.geom_type == "Polygon":
        geom = orient(geom, 1.0)
    elif geom.geom_type == "MultiPolygon":
        geom = shapely.MultiPolygon([orient(p, 1.0) for p in geom.geoms])
    out = mapping(geom)
    return json.loads(json.dumps(out))  # tuples -> lists, as the RFC's examples and validators expect


# -- features -----------------------------------------------------------------------------------------

def place_feature(rec: Mapping[str, Any]) -> dict[str, Any] | None:
    geometry = _point(rec.get("lon"), rec.get("lat"))
    if geometry is None:
        return None
    props = {k: json_value(v) for k, v in rec.items() if k != "kind"}
    props["kind"] = "place"
    props["place_kind"] = rec.get("kind")
    in_libya = bool(rec.get("in_libya"))
    name = rec.get("name_ar") or rec.get("name") or rec.get("surface")
    props.update({
        "title": str(name) if name is not None else "",
        "description": _place_description(rec),
        "marker-color": PLACE_COLOR if in_libya else "#969696",
        "marker-size": "small",
        "marker-symbol": PLACE_SYMBOLS.get(str(rec.get("kind")), "circle"),
    })
    return {"type": "Feature", "geometry": geometry, "properties": props}


def _place_description(rec: Mapping[str, Any]) -> str:
    parts = [f"{rec.get('surface', '')}"]
    if rec.get("name") and rec.get("name") != rec.get("surface"):
        parts.append(str(rec["name"]))
    if rec.get("label"):
        parts.append(str(rec["label"]))
    elif rec.get("anchor"):
        parts.append(f"{rec.get('offset_km')} km, {rec.get('bearing_deg')}° from {rec['anchor']}")
    if not rec.get("in_libya"):
        parts.append("outside Libya")
    if rec.get("quote"):
        parts.append(f"“{rec['quote']}”")
    return " — ".join(p for p in parts if p)


def event_feature(rec: Mapping[str, Any]) -> dict[str, Any] | None:
    if not is_libyan_event(rec):
        return None
    geometry = _point(rec.get("longitude"), rec.get("latitude"))
    if geometry is None:
        return None
    props = {k: json_value(v) for k, v in rec.items()}
    props["kind"] = "event"
    event_type = str(rec.get("event_type") or "")
    title = " · ".join(str(p) for p in (rec.get("event_date"), rec.get("sub_event_type") or event_type,
                                         rec.get("location")) if p)
    description = str(rec.get("notes") or "")
    if rec.get("x_quote"):
        description = (description + " — " if description else "") + f"“{rec['x_quote']}”"
    fatalities = _num(rec.get("fatalities")) or 0
    if rec.get("title"):  # the article's title; simplestyle's "title" below is the feature's label
        props["article_title"] = props["title"]
    props.update({
        "title": title,
        "description": description,
        "marker-color": type_of(event_type).color,
        "marker-size": "large" if fatalities >= 10 else ("medium" if fatalities > 0 else "small"),
        "marker-symbol": EVENT_SYMBOLS.get(event_type, "circle"),
    })
    return {"type": "Feature", "geometry": geometry, "properties": props}


def _props_of(feat: Mapping[str, Any]) -> dict[str, Any]:
    props = feat.get("properties")
    if isinstance(props, Mapping):
        return {k: json_value(v) for k, v in props.items()}
    # a flat record with a geometry key
    return {k: json_value(v) for k, v in feat.items() if k not in ("type", "geometry", "properties")}


def _style(props: dict[str, Any], hints: Mapping[str, Any]) -> None:
    """Add style hints the producer did not set itself (the control stage styles its own layers)."""
    for key, value in hints.items():
        if props.get(key) in (None, ""):
            props[key] = value


def control_area_feature(feat: Mapping[str, Any]) -> dict[str, Any] | None:
    geometry = clean_geometry(feat.get("geometry"))
    if geometry is None:
        return None
    props = _props_of(feat)
    props["kind"] = "control_area"
    side = str(props.get("side") or "unknown")
    color = side_of(side).color if side != "contested" else CONTESTED_COLOR
    period = "–".join(str(props[k]) for k in ("valid_from", "valid_to") if props.get(k))
    _style(props, {
        "title": f"{side} control" + (f" ({props['status']})" if props.get("status") else ""),
        "description": period,
        "stroke": color,
        "stroke-width": 1,
        "stroke-opacity": 0.8,
        "fill": color,
        "fill-opacity": 0.2 if side != "contested" else 0.3,
    })
    return {"type": "Feature", "geometry": geometry, "properties": props}


def front_line_feature(feat: Mapping[str, Any]) -> dict[str, Any] | None:
    geometry = clean_geometry(feat.get("geometry"))
    if geometry is None:
        return None
    props = _props_of(feat)
    props["kind"] = "front_line"
    sides = f"{props.get('side_a') or '?'} / {props.get('side_b') or '?'}"
    period = "–".join(str(props[k]) for k in ("valid_from", "valid_to") if props.get(k))
    _style(props, {
        "title": f"Front line {sides}",
        "description": " ".join(p for p in (period, f"{props['length_km']} km" if props.get("length_km")
                                            else "") if p),
        "stroke": FRONT_LINE_COLOR,
        "stroke-width": 3,
        "stroke-opacity": 0.9,
    })
    return {"type": "Feature", "geometry": geometry, "properties": props}


def feature_collection(analysis: Any) -> dict[str, Any]:
    """One FeatureCollection: control areas under front lines under places under events."""
    layers = as_layers(analysis)
    feats: list[dict[str, Any] | None] = []
    feats += [control_area_feature(f) for f in layers.control_areas]
    feats += [front_line_feature(f) for f in layers.front_lines]
    feats += [place_feature(r) for r in layers.places]
    feats += [event_feature(r) for r in layers.events]
    return {"type": "FeatureCollection", "features": [f for f in feats if f is not None]}


def dumps(fc: Mapping[str, Any]) -> str:
    """Serialise; Arabic stays readable (UTF-8), and NaN can never sneak in (allow_nan=False)."""
    return json.dumps(fc, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n"


def write_geojson(path: str | os.PathLike[str], analysis: Any) -> dict[str, Any]:
    """Write the FeatureCollection atomically and return it."""
    fc = feature_collection(analysis)
    write_text(path, dumps(fc))
    return fc


# -- validation (RFC 7946) ----------------------------------------------------------------------------

def _ring_area2(ring: list[list[float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:], strict=False))


def _check_position(pos: Any, where: str, problems: list[str]) -> None:
    if not isinstance(pos, list) or len(pos) not in (2, 3):
        problems.append(f"{where}: a position must be [lon, lat] or [lon, lat, alt]")
        return
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in pos):
        problems.append(f"{where}: non-numeric or non-finite coordinate {pos!r}")
        return
    lon, lat = pos[0], pos[1]
    if not -180 <= lon <= 180 or not -90 <= lat <= 90:
        problems.append(f"{where}: [{lon}, {lat}] out of range (lat/lon swapped?)")
    if any(round(v, DECIMALS) != v for v in pos):
        problems.append(f"{where}: more than {DECIMALS} decimals in {pos!r}")


def _check_ring(ring: Any, where: str, exterior: bool, problems: list[str]) -> None:
    if not isinstance(ring, list) or len(ring) < 4:
        problems.append(f"{where}: a linear ring needs 4 or more positions")
        return
    for i, pos in enumerate(ring):
        _check_position(pos, f"{where}[{i}]", problems)
    if ring[0] != ring[-1]:
        problems.append(f"{where}: ring is not closed")
        return
    area2 = _ring_area2(ring)
    if exterior and area2 < 0:
        problems.append(f"{where}: exterior ring is clockwise (RFC 7946 wants counter-clockwise)")
    if not exterior and area2 > 0:
        problems.append(f"{where}: hole is counter-clockwise (RFC 7946 wants clockwise)")


def _check_geometry(geom: Any, where: str, problems: list[str]) -> None:
    if geom is None:
        return
    if not isinstance(geom, dict) or "type" not in geom:
        problems.append(f"{where}: geometry must be an object with a type, or null")
        return
    if "crs" in geom:
        problems.append(f"{where}: 'crs' member is not allowed")
    kind, coords = geom["type"], geom.get("coordinates")
    if kind == "GeometryCollection":
        for i, g in enumerate(geom.get("geometries") or []):
            _check_geometry(g, f"{where}.geometries[{i}]", problems)
        return
    if not isinstance(coords, list):
        problems.append(f"{where}: {kind} without a coordinates array")
        return
    if kind == "Point":
        _check_position(coords, where, problems)
    elif kind in ("MultiPoint", "LineString"):
        if kind == "LineString" and len(coords) < 2:
            problems.append(f"{where}: a LineString needs 2 or more positions")
        for i, p in enumerate(coords):
            _check_position(p, f"{where}[{i}]", problems)
    elif kind == "MultiLineString":
        for j, line in enumerate(coords):
            _check_geometry({"type": "LineString", "coordinates": line}, f"{where}[{j}]", problems)
    elif kind == "Polygon":
        for j, ring in enumerate(coords):
            _check_ring(ring, f"{where}[{j}]", j == 0, problems)
    elif kind == "MultiPolygon":
        for j, poly in enumerate(coords):
            _check_geometry({"type": "Polygon", "coordinates": poly}, f"{where}[{j}]", problems)
    else:
        problems.append(f"{where}: unknown geometry type {kind!r}")


def rfc7946_problems(obj: Any) -> list[str]:
    """Everything in ``obj`` that breaks RFC 7946 (or our 6-decimal rule); empty when it is valid."""
    problems: list[str] = []
    if not isinstance(obj, dict) or obj.get("type") != "FeatureCollection":
        return ["top level must be a FeatureCollection object"]
    if "crs" in obj:
        problems.append("'crs' member is not allowed (RFC 7946 section 4)")
    feats = obj.get("features")
    if not isinstance(feats, list):
        return problems + ["'features' must be an array"]
    for i, feat in enumerate(feats):
        where = f"features[{i}]"
        if not isinstance(feat, dict) or feat.get("type") != "Feature":
            problems.append(f"{where}: not a Feature object")
            continue
        if "geometry" not in feat or "properties" not in feat:
            problems.append(f"{where}: a Feature needs 'geometry' and 'properties' members")
        if feat.get("properties") is not None and not isinstance(feat.get("properties"), dict):
            problems.append(f"{where}: properties must be an object or null")
        if "crs" in feat:
            problems.append(f"{where}: 'crs' member is not allowed")
        _check_geometry(feat.get("geometry"), f"{where}.geometry", problems)
    return problems
