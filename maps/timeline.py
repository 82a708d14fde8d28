"""The timeline panel under the map: events per day (per week or month over long spans), stacked by type.

Plain SVG generated here, no chart library. Only dates that parse and the fixed ACLED type labels reach
the markup, so no article text can enter it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from maps.escape import esc
from maps.mapdata import day_of, event_is_libyan
from maps.styles import EVENT_TYPES, type_of

WIDTH, HEIGHT = 1000, 120
LEFT, RIGHT, TOP, BOTTOM = 34, 6, 6, 20


def _bin_start(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _next(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day + dt.timedelta(days=7)
    if unit == "month":
        return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return day + dt.timedelta(days=1)


Row = tuple[dt.date, dt.date, Counter[str]]
# Most of the events in this share of the days decides the focus; reports that recall older fighting
# (2011, 2014 in a 2015 article) go into one "earlier" bar instead of stretching the axis for years.
CORE_SHARE = 0.8


def focus_start(days: list[dt.date]) -> dt.date:
    """First day of the axis: the start of the shortest stretch holding ``CORE_SHARE`` of the events,
    when the events before it would otherwise stretch the axis to more than three times that stretch."""
    days = sorted(days)
    n = len(days)
    k = max(1, math.ceil(CORE_SHARE * n))
    best = min(range(n - k + 1), key=lambda i: days[i + k - 1] - days[i])
    start = days[best]
    span, core = (days[-1] - days[0]).days, (days[-1] - start).days
    if span > 120 and best > 0 and core * 3 < span:
        return start
    return days[0]


def bins(events: Iterable[Mapping[str, Any]], until: str | None = None) -> tuple[str, list[Row], Row | None]:
    """(unit, [(bin start, bin end, Counter of type labels)], earlier) with empty bins kept, so gaps show;
    ``earlier`` gathers the events before the focus (see ``focus_start``), or is None. The axis runs to
    ``until`` (the map's day, ``maps.mapdata.slider_days``) when that is after the last event."""
    dated: list[tuple[dt.date, str]] = []
    for ev in events:
        if not event_is_libyan(ev):
            continue
        d = day_of(ev.get("event_date"))
        if not d:
            continue
        try:
            dated.append((dt.date.fromisoformat(d), type_of(ev.get("event_type")).label))
        except ValueError:
            continue
    if not dated:
        return "day", [], None
    first, last = focus_start([d for d, _ in dated]), max(d for d, _ in dated)
    if until:
        try:
            last = max(last, dt.date.fromisoformat(until))
        except ValueError:
            pass
    earlier: Row | None = None
    before = [(d, label) for d, label in dated if d < first]
    if before:
        earlier = (min(d for d, _ in before), first - dt.timedelta(days=1), Counter(label for _, label in before))
        dated = [(d, label) for d, label in dated if d >= first]
    span = (last - first).days
    unit = "day" if span <= 120 else "week" if span <= 900 else "month"
    counts: dict[dt.date, Counter[str]] = {}
    for d, label in dated:
        counts.setdefault(_bin_start(d, unit), Counter())[label] += 1
    out = []
    cur = _bin_start(first, unit)
    while cur <= last:
        nxt = _next(cur, unit)
        out.append((cur, min(nxt - dt.timedelta(days=1), last), counts.get(cur, Counter())))
        cur = nxt
    return unit, out, earlier


def _spanned_rows(events: Iterable[Mapping[str, Any]], binned: tuple[str, list[Row], Row | None] | None,
                  ) -> tuple[str, list[Row], Row | None] | None:
    """(unit, bars with the "earlier" bar first when there is one, that bar) of events spanning at least two
    Libyan days; None for fewer, which get no timeline."""
    events = list(events)
    distinct = {day_of(e.get("event_date")) for e in events if event_is_libyan(e)} - {None}
    if len(distinct) < 2:
        return None
    unit, rows, earlier = binned or bins(events)
    return unit, ([earlier, *rows] if earlier is not None else rows), earlier


def axis(events: Iterable[Mapping[str, Any]], binned: tuple[str, list[Row], Row | None] | None = None,
         ) -> dict[str, Any] | None:
    """The timeline's bins for the browser, which redraws the bars when the filters change:
    {unit, bins: [[first day, last day], ...] (the "earlier" bar first when there is one), earlier, geometry}.
    ``binned``: what ``bins(events)`` returned, when the caller has it already."""
    spanned = _spanned_rows(events, binned)
    if spanned is None:
        return None
    unit, rows, earlier = spanned
    return {"unit": unit, "earlier": earlier is not None,
            "bins": [[a.isoformat(), b.isoformat()] for a, b, _ in rows],
            "total": sum(sum(c.values()) for _, _, c in rows),
            "box": [WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM]}


def _ticks(top: int) -> list[int]:
    if top <= 4:
        return list(range(0, top + 1))
    step = max(1, round(top / 4))
    return list(range(0, top + 1, step))


def timeline_html(events: Iterable[Mapping[str, Any]], binned: tuple[str, list[Row], Row | None] | None = None,
                  ) -> str | None:
    """The panel's HTML, or None when the events do not span at least two dates."""
    spanned = _spanned_rows(events, binned)
    if spanned is None:
        return None
    unit, rows, earlier = spanned
    top = max(sum(c.values()) for _, _, c in rows) or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    # the "earlier" bar stands one bar's width apart from the axis it does not belong to
    bw = plot_w / (len(rows) + (1 if earlier else 0))
    gap = min(2.0, bw * 0.15)
    svg: list[str] = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" preserveAspectRatio="none" role="img" '
        f'aria-label="Events per {unit}, stacked by type">'
    ]
    for t in _ticks(top):
        y = TOP + plot_h - t / top * plot_h
        svg.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e7e9"/>'
                   f'<text x="{LEFT - 4}" y="{y + 3:.1f}" font-size="9" text-anchor="end" fill="#566573">{t}</text>')
    label_every = max(1, round(len(rows) / 10))
    for i, (start, end, counts) in enumerate(rows):
        x = LEFT + (i + (1 if earlier and i else 0)) * bw
        y = TOP + plot_h
        for t in EVENT_TYPES:
            n = counts.get(t.label, 0)
            if not n:
                continue
            h = n / top * plot_h
            y -= h
            period = start.isoformat() if start == end else f"{start.isoformat()} – {end.isoformat()}"
            svg.append(
                f'<rect x="{x + gap / 2:.1f}" y="{y:.1f}" width="{max(bw - gap, 0.5):.1f}" height="{h:.1f}" '
                f'fill="{t.color}" data-date="{end.isoformat()}"><title>{period}: {n} × {esc(t.label)}</title></rect>'
            )
        if earlier and i == 0:
            svg.append(f'<text x="{x + bw / 2:.1f}" y="{HEIGHT - 6}" font-size="9" text-anchor="middle" '
                       f'fill="#566573">earlier</text>')
        elif (i - (1 if earlier else 0)) % label_every == 0:
            text = start.strftime("%d %b") if unit != "month" else start.strftime("%b %Y")
            svg.append(f'<text x="{x + bw / 2:.1f}" y="{HEIGHT - 6}" font-size="9" text-anchor="middle" '
                       f'fill="#566573">{text}</text>')
    svg.append("</svg>")
    present = {label for _, _, c in rows for label in c}
    keys = "".join(
        f'<span class="k"><b style="background:{t.color}"><i class="fa-solid fa-{t.icon}"></i></b>{esc(t.label)}</span>'
        for t in EVENT_TYPES if t.label in present
    )
    total = sum(sum(c.values()) for _, _, c in rows)
    note = ""
    if earlier:
        note = f"; {sum(earlier[2].values())} earlier, from {earlier[0].isoformat()}, in the first bar"
    return (
        f'<div class="cm-timeline" aria-label="Timeline"><div class="cm-timeline-h" '
        f'title="Click a bar to move the time slider to it"><span class="cm-timeline-t">Events per {unit} '
        f'({total}{note})</span>{keys}</div>{"".join(svg)}</div>'
    )
