"""The same event reported twice (in one article, or across a corpus) becomes one event."""

from __future__ import annotations

from .model import Event
from .sources import join_scales


def _key(e: Event) -> tuple[str, str, str, str, frozenset[str]]:
    place = e.place_id or f"{e.latitude},{e.longitude}"
    # Precise dates only: two month-precision events at one place may well be different events.
    when = e.event_date if e.time_precision == 1 else f"{e.event_date}/{e.doc}/{e.quote.start}"
    return when, place, e.event_type, e.sub_event_type, frozenset(b for b in (e.actor1_bloc, e.actor2_bloc) if b)


def fuse_events(events: list[Event]) -> list[Event]:
    """Merge events with the same date (day precision), place, type and actor blocs.

    The first report is kept as the event's quote; every report's quote goes into ``quotes``. The
    fused event keeps the most precise location, the highest stated fatalities (ACLED takes the most
    reliable figure, not the sum of reports of one event) and the highest confidence. Events whose
    date is only known to the week or month are never merged. Pure: the inputs are not modified.
    """
    out: dict[tuple[str, str, str, str, frozenset[str]], Event] = {}
    order: list[Event] = []
    for e in events:
        k = _key(e)
        first = out.get(k)
        if first is None:
            clone = _copy(e)
            out[k] = clone
            order.append(clone)
            continue
        seen = {(q.doc, q.start) for q in first.quotes}
        first.quotes.extend(q for q in e.quotes if (q.doc, q.start) not in seen)
        if e.fatalities > first.fatalities:
            first.fatalities, first.fatalities_low, first.fatalities_high = \
                e.fatalities, e.fatalities_low, e.fatalities_high
        if e.geo_precision < first.geo_precision:
            first.geo_precision, first.latitude, first.longitude = e.geo_precision, e.latitude, e.longitude
        first.confidence = max(first.confidence, e.confidence)
        sources = [x for x in first.source.split("; ") if x]
        if e.source and e.source not in sources:
            first.source = "; ".join([*sources, e.source])
        first.source_scale = join_scales([first.source_scale, e.source_scale])
        if not first.assoc_actor_1 and e.assoc_actor_1:
            first.assoc_actor_1 = e.assoc_actor_1
        if not first.assoc_actor_2 and e.assoc_actor_2:
            first.assoc_actor_2 = e.assoc_actor_2
    return order


def _copy(e: Event) -> Event:
    from dataclasses import replace

    return replace(e, quotes=list(e.quotes))
