"""ControlEstimate -> GeoJSON Feature dicts (RFC 7946: [lon, lat], 6 decimals, CCW exterior rings)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from geo.control.model import ControlEstimate, PlaceControl

SIDE_COLOURS = {"contested": "#7d3c98", "unknown": "#bdbdbd"}
MAX_ITEMS = 25  # evidence listed per feature (all ids stay in ``evidence``)
QUOTE_CHARS = 400


def side_colour(side: str) -> str:
    from geo import periods

    return SIDE_COLOURS.get(side) or periods.bloc_info(side).color


def side_label(side: str) -> str:
    from geo import periods

    if side == "contested":
        return "Contested"
    return periods.bloc_info(side).label


def evidence_items(decided: Sequence[PlaceControl]) -> list[dict[str, Any]]:
    """What a popup lists: each supporting piece with its place, date, kind, article, quote and link,
    the newest first (an event's id links to its marker on the map)."""
    from geo.control.evidence import base_weight

    seen: set[tuple[str, str]] = set()
    items = []
    for pc in decided:
        for s in pc.support:
            key = (s.evidence_ids[0] if s.evidence_ids else "", s.source)
            if key in seen:
                continue
            seen.add(key)
            quote = s.quote if len(s.quote) <= QUOTE_CHARS else s.quote[: QUOTE_CHARS - 1] + "…"
            items.append({
                "id": key[0], "kind": "baseline" if s.kind == "fact" else s.kind, "date": s.date,
                "place": s.name, "side": s.side, "parties": list(s.parties), "doc": s.source,
                "quote": quote, "url": s.url, "weight": round(base_weight(s), 2),
            })
    items.sort(key=lambda r: (r["kind"] == "baseline", r["date"]), reverse=False)
    items.sort(key=lambda r: r["date"], reverse=True)
    items.sort(key=lambda r: r["kind"] == "baseline")
    return items[:MAX_ITEMS]


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
    """Where an area's places got their side: the articles (``inferred``), the built-in baseline of
    documented facts (``baseline``), the analyst's file, or a mix; with what the analyst overrode
    (both are kept, so the analyst's call can be checked against the text)."""
    analyst = [pc for pc in decided if pc.point.status == "analyst"]
    kinds = {s.kind for pc in decided if pc.point.status != "analyst" for s in pc.support}
    inferred = "+".join(x for x, on in (("inferred", kinds & {"text", "event"}), ("baseline", "fact" in kinds)) if on)
    if not decided:
        source = "none"
    elif not analyst:
        source = inferred or "inferred"
    else:
        source = "analyst" if len(analyst) == len(decided) else "analyst+" + (inferred or "inferred")
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
    """Features of kind ``control_area`` and ``front_line`` with simplestyle hints, for the picture as
    of ``estimate.as_of`` (``current: true``) and the earlier pictures of its ``history``
    (``current: false``), each valid from ``valid_from`` to ``valid_to`` (inclusive).

    ``control_area``: ``side`` (a bloc of its dates, ``geo.periods``) and ``side_label``, ``status``
    (assessed | claimed | baseline), ``valid_from``/``valid_to``, ``evidence_from`` (the oldest
    supporting piece), ``confidence``, ``evidence`` ids and ``evidence_items`` (place, date, kind,
    article, quote, link), ``places``, ``control_source`` (inferred | baseline | inferred+baseline |
    analyst | analyst+... | none) and ``overrides`` (per analyst-decided place: its side, date and
    source, ``won: "analyst"``, and the inferred side, date, source, quote and evidence it overrode, or
    ``inferred_side: null``).
    ``front_line``: ``side_a``/``side_b`` (and labels), ``status``, dates, ``length_km`` (great-circle
    length of its geometry), ``confidence``, ``places``, ``evidence``, ``evidence_items``, ``gap_km`` (0:
    a front is drawn only where the sides' areas meet).
    """
    feats: list[dict[str, Any]] = []
    for est in (*estimate.history, estimate):
        current = est is estimate
        feats += _picture(est, current)
    return feats


def _picture(estimate: ControlEstimate, current: bool) -> list[dict[str, Any]]:
    from geo import periods

    feats: list[dict[str, Any]] = []
    for a in estimate.areas:
        colour = side_colour(a.side)
        feats.append({
            "type": "Feature",
            "geometry": _geojson(_orient(a.geometry)),
            "properties": {
                "kind": "control_area", "side": a.side, "side_label": side_label(a.side), "status": a.status,
                "valid_from": a.valid_from, "valid_to": a.valid_to, "evidence_from": a.evidence_from,
                "as_of": estimate.as_of, "current": current, "period": periods.period_of(a.valid_to).key,
                "confidence": a.confidence, "evidence": list(a.evidence), "places": list(a.places),
                **_audit(a.decided), "evidence_items": evidence_items(a.decided),
                "fill": colour, "fill-opacity": 0.25, "stroke": colour, "stroke-width": 1,
            },
        })
    for f in estimate.fronts:
        geom = _geojson(f.geometry)
        feats.append({
            "type": "Feature",
            "geometry": geom,
            "properties": {
                "kind": "front_line", "side_a": f.side_a, "side_b": f.side_b,
                "side_a_label": side_label(f.side_a), "side_b_label": side_label(f.side_b),
                "valid_from": f.valid_from, "valid_to": f.valid_to, "as_of": estimate.as_of, "current": current,
                "length_km": _length_km(geom), "gap_km": f.gap_km, "status": f.status,
                "confidence": f.confidence, "places": list(f.places), "evidence": list(f.evidence),
                "evidence_items": evidence_items(f.decided), "stroke": "#000000",
                "stroke-width": 3 if f.status == "assessed" else 2,
            },
        })
    return feats


def _length_km(geom: dict[str, Any]) -> float:
    """The great-circle length of the line as written (after snapping), so the two always agree."""
    from shapely.geometry import shape

    from geo.control.estimate import geodesic_length_km

    return round(geodesic_length_km(shape(geom)), 1)


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
