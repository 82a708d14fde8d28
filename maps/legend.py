"""The map legend as HTML (fixed vocabulary only, escaped anyway): types, sides, precision, control."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from maps.escape import esc
from maps.styles import EVENT_TYPES, PRECISION_LABELS, SIDES


def legend_html(payload: Mapping[str, Any]) -> str:
    """Only what the map shows: the event types and sides present, then halos, places, control."""
    counts = payload.get("counts", {})
    parts: list[str] = []
    types = counts.get("types", {})
    if types:
        parts.append("<h4>Event type (icon)</h4>")
        for i, t in enumerate(EVENT_TYPES):
            if types.get(str(i)):
                parts.append(f'<div><i class="fa-solid fa-{t.icon}"></i>{esc(t.label)} ({types[str(i)]})</div>')
    sides = counts.get("sides", {})
    if sides:
        parts.append("<h4>Actor 1 side (colour)</h4>")
        for i, s in enumerate(SIDES):
            if sides.get(str(i)):
                parts.append(f'<div><span class="cm-swatch" style="background:{s.color}"></span>{esc(s.label)}</div>')
    new_events, new_reports = counts.get("new_events", 0), counts.get("new_reports", 0)
    if new_events or new_reports:
        parts.append("<h4>From this run's articles</h4>")
        if new_events:
            parts.append(f'<div><span class="cm-swatch cm-swatch-new1"></span>New event ({new_events})</div>')
        if new_reports:
            parts.append(f'<div><span class="cm-swatch cm-swatch-new2"></span>New report of a stored event '
                         f"({new_reports})</div>")
    parts.append("<h4>Location precision</h4>")
    parts.append(f'<div><span class="cm-swatch"></span>1 {esc(PRECISION_LABELS[1])}: solid ring</div>')
    parts.append(f'<div><span class="cm-swatch cm-swatch-halo"></span>2 {esc(PRECISION_LABELS[2])}: '
                 "dashed ring, halo = uncertainty</div>")
    parts.append(f'<div><span class="cm-swatch cm-swatch-halo"></span>3 {esc(PRECISION_LABELS[3])}: '
                 "dotted ring, wide halo</div>")
    if payload.get("places"):
        parts.append('<div><span class="cm-swatch cm-swatch-place"></span>Place mentioned, no event</div>')
    from maps.control_layer import control_legend

    parts += control_legend(payload)
    return "".join(parts)
