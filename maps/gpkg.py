"""GeoPackage export: layers places, events, control_areas and front_lines, each with a spatial index.

``event_date`` (and ``valid_from``/``valid_to``) are written as GeoPackage DATE fields and ``timestamp``
as DATETIME, so that QGIS's temporal controller offers them without a field calculator.
"""

from __future__ import annotations

import os
from typing import Any

import pyogrio
from shapely.geometry import MultiLineString, MultiPolygon

from maps.atomic import atomic_path, describe_failure
from maps.frames import GEOMETRY_TYPES, for_file, frames


def _promote(geom: Any) -> Any:
    # A GeoPackage layer has one geometry type; single parts are promoted so that they fit.
    if geom is None:
        return None
    if geom.geom_type == "Polygon":
        return MultiPolygon([geom])
    if geom.geom_type == "LineString":
        return MultiLineString([geom])
    return geom


def write_gpkg(path: str | os.PathLike[str], analysis: Any) -> dict[str, int]:
    """Write the four layers into one GeoPackage atomically; returns the feature count per layer."""
    layers = frames(analysis)
    counts: dict[str, int] = {}
    with atomic_path(path, suffix=".gpkg") as tmp:
        for name, gdf in layers.items():
            gdf = for_file(gdf)
            if GEOMETRY_TYPES[name].startswith("Multi"):
                gdf = gdf.set_geometry(gdf.geometry.map(_promote), crs=gdf.crs)
            try:
                pyogrio.write_dataframe(
                    gdf, tmp, layer=name, driver="GPKG", use_arrow=True,
                    geometry_type=GEOMETRY_TYPES[name], layer_options={"SPATIAL_INDEX": "YES"},
                )
            except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.FieldError,
                    pyogrio.errors.GeometryError, pyogrio.errors.CRSError) as exc:
                raise describe_failure(path, f"the GeoPackage layer {name}", exc) from None
            counts[name] = len(gdf)
    return counts
