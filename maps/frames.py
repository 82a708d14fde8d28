"""The four layers as GeoDataFrames (EPSG:4326), for the GIS writers and the Python API.

Only the export edge and the Python API import this module: it pulls in geopandas.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
from shapely.geometry import Point, shape

from maps.layers import as_layers, is_libyan_event
from maps.tables import ACLED_COLUMNS

PLACE_COLUMNS: tuple[str, ...] = (
    "doc", "surface", "start", "end", "place_id", "name", "name_ar", "lat", "lon", "country",
    "place_kind", "in_libya", "admin1", "precision", "confidence", "anchor", "anchor_id", "bearing_deg",
    "offset_km", "quote",
)
CONTROL_COLUMNS: tuple[str, ...] = ("side", "status", "valid_from", "valid_to", "evidence")
FRONT_COLUMNS: tuple[str, ...] = ("side_a", "side_b", "status", "valid_from", "valid_to", "length_km")
GEOMETRY_TYPES: dict[str, str] = {
    "places": "Point", "events": "Point", "control_areas": "MultiPolygon", "front_lines": "MultiLineString",
}
DATE_COLUMNS: frozenset[str] = frozenset({"event_date", "valid_from", "valid_to"})
# Fixed field types, so that every export (even an empty one) has the same schema and QGIS can append
# one to another: a column that happens to hold a None must not turn from Integer into Real or String.
INT_COLUMNS: frozenset[str] = frozenset({
    "year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision", "fatalities",
    "x_start", "x_end", "x_fatalities_low", "x_fatalities_high", "x_n_evidence", "start", "end", "precision",
    "quote_start", "x_surface_start", "x_surface_end",
})
REAL_COLUMNS: frozenset[str] = frozenset({
    "latitude", "longitude", "lat", "lon", "confidence", "x_confidence", "bearing_deg", "offset_km",
    "length_km", "gap_km",
})
BOOL_COLUMNS: frozenset[str] = frozenset({"in_libya"})


def _point_or_none(lon: Any, lat: Any) -> Point | None:
    try:
        x, y = float(lon), float(lat)
    except (TypeError, ValueError):
        return None
    return Point(x, y) if np.isfinite(x) and np.isfinite(y) else None


def _frame(rows: list[dict[str, Any]], geoms: list[Any], columns: Sequence[str]) -> gpd.GeoDataFrame:
    cols = list(columns) + [c for r in rows for c in r if c not in columns]
    cols = list(dict.fromkeys(c for c in cols if c != "geometry"))
    df = pd.DataFrame.from_records(rows, columns=cols) if rows else pd.DataFrame(columns=cols)
    geometry = gpd.GeoSeries(geoms, index=df.index, crs="EPSG:4326")
    return gpd.GeoDataFrame(df, geometry=geometry, crs="EPSG:4326")


def places_frame(places: Sequence[Mapping[str, Any]]) -> gpd.GeoDataFrame:
    rows, geoms = [], []
    for rec in places:
        row = {("place_kind" if k == "kind" else k): v for k, v in rec.items()}
        rows.append(row)
        geoms.append(_point_or_none(rec.get("lon"), rec.get("lat")))
    return _frame(rows, geoms, PLACE_COLUMNS)


def events_frame(events: Sequence[Mapping[str, Any]]) -> gpd.GeoDataFrame:
    """Libyan events only (see ``is_libyan_event``); ACLED's columns first, in ACLED's order."""
    rows = [dict(ev) for ev in events if is_libyan_event(ev)]
    geoms = [_point_or_none(r.get("longitude"), r.get("latitude")) for r in rows]
    return _frame(rows, geoms, (*ACLED_COLUMNS, "doc"))


def _feature_rows(feats: Sequence[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], list[Any]]:
    rows, geoms = [], []
    for feat in feats:
        props = feat.get("properties")
        row = dict(props) if isinstance(props, Mapping) else {
            k: v for k, v in feat.items() if k not in ("type", "geometry")}
        row.pop("kind", None)
        geom = feat.get("geometry")
        rows.append(row)
        geoms.append(shape(geom) if isinstance(geom, Mapping) else geom)
    return rows, geoms


def control_frame(feats: Sequence[Mapping[str, Any]]) -> gpd.GeoDataFrame:
    return _frame(*_feature_rows(feats), CONTROL_COLUMNS)


def front_frame(feats: Sequence[Mapping[str, Any]]) -> gpd.GeoDataFrame:
    return _frame(*_feature_rows(feats), FRONT_COLUMNS)


def frames(analysis: Any) -> dict[str, gpd.GeoDataFrame]:
    """places, events, control_areas, front_lines as GeoDataFrames (dates as pandas datetimes)."""
    layers = as_layers(analysis)
    out = {
        "places": places_frame(layers.places),
        "events": events_frame(layers.events),
        "control_areas": control_frame(layers.control_areas),
        "front_lines": front_frame(layers.front_lines),
    }
    for gdf in out.values():
        for col in DATE_COLUMNS & set(gdf.columns):
            gdf[col] = pd.to_datetime(gdf[col].astype("string").str.slice(0, 10), errors="coerce",
                                      format="%Y-%m-%d")
        if "timestamp" in gdf.columns:
            gdf["timestamp"] = _epoch_to_datetime(gdf["timestamp"])
    return out


def _epoch_to_datetime(series: pd.Series) -> pd.Series:
    """ACLED's ``timestamp`` is Unix seconds; an ISO string is accepted too."""
    def conv(v: Any) -> Any:
        if v is None or (isinstance(v, float) and not np.isfinite(v)) or v is pd.NaT:
            return pd.NaT
        if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
            return pd.Timestamp(int(v), unit="s", tz="UTC")
        try:
            ts = pd.Timestamp(v)
        except (ValueError, TypeError):
            return pd.NaT
        return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")

    return pd.to_datetime(series.map(conv), utc=True)


def for_file(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Column types a file format can hold: dates as ``date32`` (GDAL's Date / Parquet's DATE),
    lists and dicts as JSON text, mixed object columns as the narrowest type that fits."""
    out = gdf.copy()
    for col in out.columns:
        if col == out.geometry.name:
            continue
        s = out[col]
        if col in DATE_COLUMNS and pd.api.types.is_datetime64_any_dtype(s):
            dates = [None if pd.isna(v) else v.date() for v in s]
            out[col] = pd.array(dates, dtype=pd.ArrowDtype(pa.date32()))
        elif col in INT_COLUMNS:
            out[col] = pd.to_numeric(s.map(lambda v: None if isinstance(v, bool) else v), errors="coerce"
                                     ).round().astype("Int64")
        elif col in REAL_COLUMNS:
            out[col] = pd.to_numeric(s, errors="coerce").astype("float64")
        elif col in BOOL_COLUMNS:
            out[col] = s.map(lambda v: None if _missing(v) else bool(v)).astype("boolean")
        elif col == "timestamp" and not pd.api.types.is_datetime64_any_dtype(s):
            out[col] = _epoch_to_datetime(s)
        elif s.dtype == object or pd.api.types.is_string_dtype(s):
            out[col] = _narrow(s)
    return out


def _narrow(s: pd.Series) -> pd.Series:
    values = [v for v in s if not _missing(v)]
    if values and all(isinstance(v, (bool, np.bool_)) for v in values):
        return s.map(lambda v: None if _missing(v) else bool(v)).astype("boolean")
    if values and all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in values):
        return s.map(lambda v: None if _missing(v) else int(v)).astype("Int64")
    if values and all(isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
                      for v in values):
        return s.map(lambda v: np.nan if _missing(v) else float(v)).astype("float64")
    return s.map(_text).astype("string")


def _missing(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    return isinstance(v, float) and not np.isfinite(v)


def _text(v: Any) -> Any:
    if _missing(v):
        return None
    if isinstance(v, (list, tuple, dict, np.ndarray)):
        return json.dumps(v.tolist() if isinstance(v, np.ndarray) else v, ensure_ascii=False, default=str)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return str(v)
