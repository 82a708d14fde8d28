"""Robust geometry hygiene for the control layer: repair, snap to the output grid, and never drop a
piece of an area or a front without saying so.

Valid polygons in the km frame can become invalid when rescaled to degrees (floating-point rounding
of nearly touching rings), and GEOS's ``set_precision`` refuses some invalid inputs ("unable to
assign free hole to a shell"); real articles hit both.  Every step here keeps the polygonal (or
lineal) content and measures what changed.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger("conflictmap.control")

GRID_DEG = 1e-6  # the 6-decimal output grid of the GeoJSON contract
# Snapping to a 1e-6 degree grid moves a vertex by at most ~0.07 m; anything beyond this relative
# change in area (or length) is a real loss and is reported.
REL_TOLERANCE = 1e-4
ABS_TOLERANCE_DEG2 = 1e-9  # ~10 m2: slivers this small vanish on the grid by design


class GeometryLoss(UserWarning):
    """A repair or snap changed an area or a line by more than rounding can explain."""


def _measure(geom: Any) -> float:
    return float(geom.area) if geom.geom_type in ("Polygon", "MultiPolygon") else float(geom.length)


def _kind(geom: Any) -> str:
    t = geom.geom_type
    if t in ("Polygon", "MultiPolygon"):
        return "polygon"
    if t in ("LineString", "MultiLineString", "LinearRing"):
        return "line"
    return "other"


def keep_kind(geom: Any, kind: str) -> Any:
    """Only the parts of ``geom`` of one dimension (``polygon`` or ``line``), as one geometry."""
    import shapely
    from shapely.geometry import GeometryCollection, MultiLineString, MultiPolygon

    parts = []
    for part in shapely.get_parts(geom):
        if part.is_empty:
            continue
        if part.geom_type == "GeometryCollection":
            part = keep_kind(part, kind)
            if part.is_empty:
                continue
        if _kind(part) == kind:
            parts.extend(shapely.get_parts(part))
    if not parts:
        return GeometryCollection() if kind == "other" else (MultiPolygon() if kind == "polygon" else MultiLineString())
    if len(parts) == 1:
        return parts[0]
    return MultiPolygon(parts) if kind == "polygon" else MultiLineString(parts)


def repair(geom: Any) -> Any:
    """A valid geometry of the same kind: ``make_valid`` (keeping only the polygonal part of a
    polygon, the lineal part of a line), then ``buffer(0)`` as the last resort for polygons."""
    import shapely

    if geom.is_empty or geom.is_valid:
        return geom
    kind = _kind(geom)
    if kind == "polygon":
        fixed = shapely.make_valid(geom, method="structure", keep_collapsed=False)
        if not fixed.is_valid:
            fixed = geom.buffer(0)
        return keep_kind(fixed, "polygon")
    fixed = shapely.make_valid(geom)
    return keep_kind(fixed, kind) if kind != "other" else fixed


def repaired(geom: Any, what: str = "repair") -> Any:
    """``repair`` with the change measured: a repair that loses area is reported, not silent."""
    out = repair(geom)
    if out is not geom:
        # An invalid polygon's own area is only a signed sum (a bow-tie's is 0): count losses only.
        _report(what, geom, out, gains=False)
    return out


def _report(what: str, before: Any, after: Any, *, gains: bool = True) -> None:
    b, a = _measure(before), _measure(after)
    change = abs(b - a) if gains else b - a
    if change > max(ABS_TOLERANCE_DEG2 if _kind(before) == "polygon" else 1e-6, REL_TOLERANCE * b):
        msg = f"{what}: {_kind(before)} measure changed from {b:.6g} to {a:.6g}"
        log.warning(msg)
        import warnings

        warnings.warn(msg, GeometryLoss, stacklevel=3)


def snap(geom: Any, grid: float = GRID_DEG) -> Any:
    """``geom`` repaired and snapped to ``grid`` with a valid result of the same kind.

    Tries ``set_precision`` on the repaired geometry; if GEOS still fails, repairs again after a
    plain rounding of the coordinates.  A change beyond rounding is logged and warned, never silent.
    """
    import shapely

    if geom.is_empty:
        return geom
    kind = _kind(geom)
    fixed = repaired(geom)
    try:
        out = shapely.set_precision(fixed, grid)
    except shapely.errors.GEOSException:
        rounded = shapely.transform(fixed, lambda c: (c / grid).round() * grid)
        out = repair(rounded)
        out = shapely.set_precision(out, grid)
    if kind != "other":
        out = keep_kind(out, kind)
    _report("snap to grid", fixed, out)
    return out
