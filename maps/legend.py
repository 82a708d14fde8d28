"""The map legend as HTML (fixed vocabulary only, escaped anyway): types, sides, precision, control."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from maps.escape import esc
from maps.styles import EVENT_TYPES, PRECISION_LABELS


def legend_html(payload: Mapping[str, Any]) -> str:
    """Only what the map shows: the event types and sides present, then halos, places, control."""
    counts = payload.get("counts", {})
    parts: list[str] = []
    types = counts.get("types", {})
    if types:
        # the icon on the markers, the colour in the timeline: one key for both
        parts.append("<h4>Event type (icon on the map, colour in the timeline)</h4>")
        for i, t in enumerate(EVENT_TYPES):
            if types.get(str(i)):
                parts.append(f'<div class="cm-type-key"><span class="cm-swatch cm-swatch-type" style="background:'
                             f'{t.color}"><i class="fa-solid fa-{t.icon}"></i></span>{esc(t.label)} '
                             f'({types[str(i)]})</div>')
    sides = counts.get("sides", {})
    if sides:
        periods = payload.get("periods") or []
        span = f" <span class=\"cm-muted\">({esc(', '.join(periods))})</span>" if periods else ""
        # While the layer control stands open it is the side key (swatch, name, count, toggle): the legend
        # then leaves its copy out (class cm-ls) and says where to look (cm-ls-note).
        parts.append(f'<h4 class="cm-ls-h">Side of actor 1 (marker colour){span}</h4>')
        parts.append('<div class="cm-ls-note cm-muted">The layer control lists every side with its colour.</div>')
        for i, s in enumerate(payload.get("sides", [])):
            if sides.get(str(i)):
                # labels in the payload are escaped already
                parts.append(f'<div class="cm-ls"><span class="cm-swatch" style="background:{s["color"]}"></span>'
                             f'{s["label"]} ({sides[str(i)]})</div>')
    new_events, new_reports = counts.get("new_events", 0), counts.get("new_reports", 0)
    if new_events or new_reports:
        parts.append("<h4>From this run's articles</h4>")
        if new_events:
            parts.append(f'<div><span class="cm-swatch cm-swatch-new1"></span>New event ({new_events})</div>')
        if new_reports:
            parts.append(f'<div><span class="cm-swatch cm-swatch-new2"></span>New report of a stored event '
                         f"({new_reports})</div>")
    parts.append("<h4>Precision and confidence</h4>")
    parts.append("<div class=\"cm-explain\">Precision: how exactly the place is known (1 the named place, 2 near "
                 "it, 3 a district or region). Confidence: how likely the coding is right, calibrated on "
                 "hand-coded articles.</div>")
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
