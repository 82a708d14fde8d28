"""The control part of the map's payload: areas and front lines with their dates, labels, confidence and
evidence (escaped here, like every string of the payload), and the legend's control section.

Pictures of the past come with the current one (``current: false``, each valid from ``valid_from`` to
``valid_to``): ``maps/assets/conflictmap-control.js`` shows the one the time slider is on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from maps.escape import esc, is_arabic, safe_url

CONTESTED_COLOR = "#7d3c98"
MAX_EVIDENCE = 12  # listed per popup; the count says how many more there are


def _round_coords(obj: Any) -> Any:
    if isinstance(obj, (list, tuple)):
        if len(obj) >= 2 and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in obj[:2]):
            return [round(float(obj[0]), 5), round(float(obj[1]), 5)]
        return [_round_coords(v) for v in obj]
    raise ValueError("bad coordinates")


def geometry_of(geom: object, types: tuple[str, ...]) -> dict[str, Any] | None:
    """A GeoJSON geometry of one of ``types`` with coordinates rounded for the page, or None."""
    if not isinstance(geom, Mapping) or geom.get("type") not in types:
        return None
    try:
        return {"type": geom["type"], "coordinates": _round_coords(geom.get("coordinates"))}
    except (ValueError, TypeError):
        return None


def _day(value: object) -> str:
    s = str(value or "")[:10]
    return s if len(s) == 10 and s[4] == "-" and s[7] == "-" and s.replace("-", "").isdigit() else ""


def _side(raw: object) -> tuple[str, str, str]:
    """(key, label, colour) of a side, by ``geo.periods`` (the blocs of every period)."""
    from geo import periods

    key = str(raw or "unknown").strip()
    if key.lower() == "contested":
        return "contested", "Contested", CONTESTED_COLOR
    info = periods.bloc_info(key)
    if key.upper() not in periods.BLOCS:
        from maps.styles import side_of

        s = side_of(key)  # older files: the map's own vocabulary
        return s.key, s.label, s.color
    return info.key, info.label, info.color


def _conf(value: object) -> float | None:
    try:
        f = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return round(min(max(f, 0.0), 1.0), 2) if f == f else None


class _Quotes:
    def __init__(self) -> None:
        self.items: list[list[Any]] = []
        self._ix: dict[str, int] = {}

    def add(self, text: str) -> int:
        if text not in self._ix:
            self._ix[text] = len(self.items)
            self.items.append([esc(text), 1 if is_arabic(text) else 0])
        return self._ix[text]


def _evidence(props: Mapping[str, Any], quotes: _Quotes) -> list[dict[str, Any]]:
    out = []
    items = props.get("evidence_items")
    for it in items if isinstance(items, list) else []:
        if not isinstance(it, Mapping):
            continue
        rec = {
            "d": esc(_day(it.get("date"))), "k": esc(it.get("kind")), "pl": esc(it.get("place")),
            "s": esc(it.get("side")), "doc": esc(it.get("doc")), "u": safe_url(it.get("url")),
            "id": esc(str(it.get("id") or "").removeprefix("event:")) if str(it.get("id") or "").startswith(
                "event:") else "",
            "w": _conf(it.get("weight")),
        }
        if it.get("quote"):
            rec["q"] = quotes.add(str(it["quote"]))
        out.append({k: v for k, v in rec.items() if v not in ("", None)})
        if len(out) >= MAX_EVIDENCE:
            break
    return out




def short_label(key: str, label: str) -> str:
    """The few words an area's label gives its side ("LNA", "GNA", "Libya Dawn", "Contested"): the bloc's own
    short name (geo.periods), else its label up to its first bracket ("LNA (Haftar)" -> "LNA"). The popup and
    the tooltip give the full name, the dates and the rest."""
    from geo import periods

    bloc = periods.BLOCS.get(key.upper())
    return (bloc.short if bloc is not None else "") or label.split(" (")[0].strip() or key


def label_text(label: str, start: str, end: str) -> str:
    """An area's or a line's full name with the days it holds for (its tooltip)."""
    if start and end and start != end:
        return f"{label} · {start} → {end}"
    return f"{label} · {start or end}" if (start or end) else label


_M_PER_DEG = 111_320.0


def _label_point(geom: dict[str, Any]) -> tuple[list[float] | None, float, float]:
    """Where a label goes, and how big the thing it names is: ``([lat, lon], r, w)``.

    A polygon's label stands at the pole of inaccessibility of its largest part (the point inside it
    farthest from its edge: inside a crescent or a coastal strip, where a bounding box's centre may fall
    outside), ``r`` that distance and ``w`` the part's east-west extent, in metres, for the map to hide the
    label when the area is smaller on screen than the label. A line's label is halfway along its longest
    part, ``r`` 0 and ``w`` the part's extent (its bounding box's diagonal)."""
    import math

    from shapely import affinity
    from shapely.geometry import Point, shape
    from shapely.ops import polylabel

    try:
        g = shape(geom)
    except (ValueError, TypeError, AttributeError):
        return None, 0.0, 0.0
    parts = [x for x in getattr(g, "geoms", [g]) if not x.is_empty]
    if not parts:
        return None, 0.0, 0.0
    if g.geom_type in ("Polygon", "MultiPolygon"):
        part = max(parts, key=lambda x: x.area)
        minx, miny, maxx, maxy = part.bounds
        k = math.cos(math.radians((miny + maxy) / 2)) or 1.0
        # in a frame where a degree east is as long as a degree north at this latitude
        flat = affinity.scale(part, xfact=k, yfact=1.0, origin=(0, 0))
        if not flat.is_valid:
            flat = flat.buffer(0)
            if flat.geom_type == "MultiPolygon":
                flat = max(flat.geoms, key=lambda x: x.area)
        try:
            pt = polylabel(flat, tolerance=max(flat.length / 2000, 1e-5))
        except Exception:  # noqa: BLE001 - a degenerate ring: a point on the surface does
            pt = flat.representative_point()
        if not flat.contains(pt):
            pt = flat.representative_point()
        r = flat.exterior.distance(pt) if flat.geom_type == "Polygon" else 0.0
        if flat.geom_type == "Polygon":
            r = min([r] + [ring.distance(pt) for ring in flat.interiors])
        lat, lon = pt.y, pt.x / k
        return [round(lat, 5), round(lon, 5)], round(r * _M_PER_DEG), round((maxx - minx) * k * _M_PER_DEG)
    part = max(parts, key=lambda x: x.length)
    mid = part.interpolate(0.5, normalized=True)
    minx, miny, maxx, maxy = part.bounds
    k = math.cos(math.radians(mid.y))
    w = Point(minx * k, miny).distance(Point(maxx * k, maxy)) * _M_PER_DEG
    return [round(mid.y, 5), round(mid.x, 5)], 0.0, round(w)


def _label_fields(geom: dict[str, Any]) -> dict[str, Any]:
    """The payload's label fields: ``lp`` [lat, lon], ``lr`` and ``lw`` metres (see ``_label_point``)."""
    lp, r, w = _label_point(geom)
    return {"lp": lp, "lr": r, "lw": w}


def control_payload(areas: Sequence[Mapping[str, Any]], lines: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """``{"areas", "lines", "quotes", "asOf"}`` for the map script; bad geometries are dropped."""
    quotes = _Quotes()
    out_areas, out_lines, as_of = [], [], ""
    for f in areas:
        geom = geometry_of(f.get("geometry"), ("Polygon", "MultiPolygon"))
        if geom is None:
            continue
        p = f.get("properties") or {}
        key, label, colour = _side(p.get("side"))
        start, end = _day(p.get("valid_from")), _day(p.get("valid_to"))
        current = p.get("current") is not False
        if current:
            as_of = max(as_of, _day(p.get("as_of")) or end)
        status = str(p.get("status") or "")
        evidence = p.get("evidence") or p.get("evidence_ids") or []
        out_areas.append({"type": "Feature", "geometry": geom, "properties": {
            "side": esc(key), "label": esc(label), "color": colour,
            "status": status if status in ("claimed", "baseline") else "assessed",
            "from": esc(start), "to": esc(end), "cur": current, "lb": esc(short_label(key, label)),
            "tip": esc(label_text(label, start, end)),
            "n": len(evidence) if isinstance(evidence, (list, tuple)) else 0,
            "conf": _conf(p.get("confidence")), "src": esc(p.get("control_source")),
            "pl": [esc(x) for x in (p.get("places") or [])[:8] if isinstance(x, str)],
            "ev": _evidence(p, quotes), **_label_fields(geom),
        }})
    for f in lines:
        geom = geometry_of(f.get("geometry"), ("LineString", "MultiLineString"))
        if geom is None:
            continue
        p = f.get("properties") or {}
        (ka, a, _), (kb, b, _) = _side(p.get("side_a")), _side(p.get("side_b"))
        start = _day(p.get("valid_from")) or _day(p.get("date"))
        end = _day(p.get("valid_to")) or _day(p.get("date"))
        current = p.get("current") is not False
        if current:
            as_of = max(as_of, _day(p.get("as_of")) or end)
        try:
            length = round(float(p.get("length_km")), 1)
        except (TypeError, ValueError):
            length = None
        out_lines.append({"type": "Feature", "geometry": geom, "properties": {
            "a": esc(a), "b": esc(b), "from": esc(start), "to": esc(end), "cur": current,
            "date": esc(p.get("date") or end),  # older front-line records carry one date
            "lb": esc(f"{short_label(ka, a)} / {short_label(kb, b)}"),
            "tip": esc(label_text(f"Front line {a} / {b}", start, end)), "km": length,
            "status": esc(p.get("status")), "conf": _conf(p.get("confidence")),
            "pl": [esc(x) for x in (p.get("places") or [])[:8] if isinstance(x, str)],
            "ev": _evidence(p, quotes), **_label_fields(geom),
        }})
    return {"areas": out_areas, "lines": out_lines, "quotes": quotes.items, "asOf": esc(as_of)}


def control_legend(payload: Mapping[str, Any]) -> list[str]:
    """The legend's control section: each side drawn (with its period's name and colour), then styles."""
    areas, lines = payload.get("areas") or [], payload.get("lines") or []
    if not areas and not lines:
        return []
    parts = ["<h4>Control" + (f" (as of {payload['control']['asOf']})" if payload.get("control", {}).get("asOf")
                              else "") + "</h4>"]
    seen: dict[str, tuple[str, str]] = {}
    for f in areas:
        p = f["properties"]
        seen.setdefault(p["side"], (p["label"], p["color"]))
    for key, (label, colour) in seen.items():
        cls = "cm-swatch cm-swatch-contested" if key == "contested" else "cm-swatch cm-swatch-area"
        shown = f"{label} (hatched)" if key == "contested" else label
        parts.append(f'<div><span class="{cls}" style="background-color:{colour}"></span>{shown}</div>')
    parts.append('<div><span class="cm-swatch cm-swatch-area" style="background:rgba(93,109,126,.3);'
                 'border:2px solid #5d6d7e"></span>Assessed: several sources (solid)</div>')
    parts.append('<div><span class="cm-swatch cm-swatch-claimed"></span>Claimed: one source and more '
                 'reports (dashed)</div>')
    parts.append('<div><span class="cm-swatch cm-swatch-claimed" style="border-style:dotted"></span>'
                 "Baseline: documented facts only (dotted)</div>")
    if lines:
        parts.append('<div><span class="cm-swatch cm-swatch-line"></span>Front line (dated)</div>')
    parts.append('<div class="cm-muted">Areas follow the time slider; labels name the side where the area is big '
                 'enough on screen (in italics: claimed or baseline); point at an area for its dates, click for its '
                 'evidence.</div>')
    return parts
