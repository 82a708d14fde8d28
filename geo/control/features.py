"""ControlEstimate -> GeoJSON Feature dicts (RFC 7946: [lon, lat], 6 decimals, CCW exterior rings)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from geo.control.model import ControlEstimate, PlaceControl

SIDE_COLOURS = {"LNA": "#b2182b", "GNA": "#2166ac", "IS": "#1a1a1a", "contested": "#f4a582", "unknown": "#bdbdbd"}


def _geojson(geom: Any) -> dict[str, Any]:
    from shapely.geometry import mapping

    from geo.control.geometry import snap

    # Snap to the 6-decimal grid first (repairing what rescaling broke): snapping may rewrite rings,
    # orientation included.
    geom = _orient(snap(geom))
    m = mapping(geom)

    def rnd(c: Any) -> Any:
        if isinstance(c[0], int | float):
            return [round(float(c[0]), 6), round(float(c[1]), 6)]
        return [rnd(x) for x in c]

    return {"type": m["type"], "coordinates": rnd(m["coordinates"])}


def _orient(geom: Any) -> Any:
    from shapely.geometry import MultiPolygon
    from shapely.geometry.polygon import orient

    if geom.geom_type == "Polygon":
        return orient(geom, 1.0)
    if geom.geom_type == "MultiPolygon":
        return MultiPolygon([orient(p, 1.0) for p in geom.geoms])
    return geom


def _audit(decided: Sequence[PlaceControl]) -> dict[str, Any]:
    """Which won for each place of an area, the analyst's file or the inferred evidence, with what
    the analyst overrode (both are kept, so the analyst's call can be checked against the text)."""
    analyst = [pc for pc in decided if pc.point.status == "analyst"]
    if not decided:
        source = "none"
    elif not analyst:
        source = "inferred"
    else:
        source = "analyst" if len(analyst) == len(decided) else "analyst+inferred"
    overrides = []
    for pc in analyst:
        p = pc.point
        rec: dict[str, Any] = {
            "place": p.name, "place_id": p.place_id, "side": p.side, "date": p.date, "source": p.source,
            "won": "analyst", "evidence": list(p.evidence_ids),
        }
        if pc.overridden:
            o = pc.overridden[0]
            rec |= {"inferred_side": o.side, "inferred_date": o.date, "inferred_source": o.source,
                    "inferred_quote": o.quote, "inferred_evidence": list(o.evidence_ids)}
        else:
            rec |= {"inferred_side": None}
        overrides.append(rec)
    return {"control_source": source, "overrides": overrides}


def to_features(estimate: ControlEstimate) -> list[dict[str, Any]]:
    """Features of kind ``control_area`` and ``front_line`` with simplestyle hints.

    ``control_area``: ``side``, ``status`` (assessed | claimed), ``valid_from``/``valid_to``,
    ``evidence`` ids, ``places``, ``control_source`` (inferred | analyst | analyst+inferred | none) and
    ``overrides`` (per analyst-decided place: its side, date and source, ``won: "analyst"``, and the
    inferred side, date, source, quote and evidence it overrode, or ``inferred_side: null``).
    ``front_line``: ``side_a``/``side_b``, ``status``, dates, ``length_km``, ``evidence`` and ``gap_km``
    (0 where the sides are in contact; else the narrowest distance between opposing held places across
    the line, which then is a midline estimate).
    """
    feats: list[dict[str, Any]] = []
    for a in estimate.areas:
        colour = SIDE_COLOURS.get(a.side, "#7f7f7f")
        feats.append({
            "type": "Feature",
            "geometry": _geojson(_orient(a.geometry)),
            "properties": {
                "kind": "control_area", "side": a.side, "status": a.status, "valid_from": a.valid_from,
                "valid_to": a.valid_to, "evidence": list(a.evidence), "places": list(a.places),
                **_audit(a.decided),
                "fill": colour, "fill-opacity": 0.25, "stroke": colour, "stroke-width": 1,
            },
        })
    for f in estimate.fronts:
        feats.append({
            "type": "Feature",
            "geometry": _geojson(f.geometry),
            "properties": {
                "kind": "front_line", "side_a": f.side_a, "side_b": f.side_b, "valid_from": f.valid_from,
                "valid_to": f.valid_to, "length_km": f.length_km, "gap_km": f.gap_km, "status": f.status,
                "evidence": list(f.evidence), "stroke": "#000000",
                "stroke-width": 3 if f.status == "assessed" else 2,
            },
        })
    return feats


def place_records(estimate: ControlEstimate) -> list[dict[str, Any]]:
    """Per-place control status for audit: which evidence won and what an analyst overrode."""
    out = []
    for pc in estimate.places:
        p = pc.point
        out.append({
            "place_id": p.place_id, "name": p.name, "lat": round(p.lat, 6), "lon": round(p.lon, 6),
            "side": p.side, "parties": list(p.parties), "date": p.date, "source": p.source,
            "quote": p.quote, "status": p.status, "assessment": pc.status,
            "evidence": [e for s in pc.support for e in s.evidence_ids],
            "overridden_by": pc.overridden_by,
            "overridden": [
                {"side": o.side, "date": o.date, "source": o.source, "status": o.status, "quote": o.quote}
                for o in pc.overridden
            ],
        })
    return out
