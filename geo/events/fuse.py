"""The same event reported twice (in one article, or across a corpus) becomes one event."""

from __future__ import annotations

from .model import Event
from .sources import join_scales


def _key(e: Event) -> tuple[str, str, str, str, frozenset[str]]:
    place = e.place_id or f"{e.latitude},{e.longitude}"
    # Precise dates only: two month-precision events at one place may well be different events.
    when = e.event_date if e.time_precision == 1 else f"{e.event_date}/{e.doc}/{e.quote.start}"
    return when, place, e.event_type, e.sub_event_type, frozenset(b for b in (e.actor1_bloc, e.actor2_bloc) if b)


def _canonical(e: Event) -> tuple[str, int, int, int, str]:
    return e.doc, e.quote.start, e.trigger_start, e.place_start, e.event_type


def fuse_events(events: list[Event]) -> list[Event]:
    """Merge events with the same date (day precision), place, type and actor blocs.

    The report that comes first in (doc, offset) order is kept as the event's quote and id, whatever
    the order of the inputs (issue 12); every report's quote goes into ``quotes``. The fused event
    keeps the most precise location, the highest stated fatalities (ACLED takes the most reliable
    figure, not the sum of reports of one event) and the highest confidence. Events whose date is only
    known to the week or month are never merged. Groups come out in the order of their first report.
    Pure: the inputs are not modified.
    """
    groups: dict[tuple[str, str, str, str, frozenset[str]], list[Event]] = {}
    for e in events:
        groups.setdefault(_key(e), []).append(e)
    out: list[Event] = []
    for members in groups.values():
        members = sorted(members, key=_canonical)
        first = _copy(members[0])
        for e in members[1:]:
            _merge(first, e)
        out.append(first)
    return out


def _merge(first: Event, e: Event) -> None:
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
        first.source = "; ".join(sorted([*sources, e.source]))
    first.source_scale = join_scales([first.source_scale, e.source_scale])
    if not first.assoc_actor_1 and e.assoc_actor_1:
        first.assoc_actor_1 = e.assoc_actor_1
    if not first.assoc_actor_2 and e.assoc_actor_2:
        first.assoc_actor_2 = e.assoc_actor_2


def _copy(e: Event) -> Event:
    from dataclasses import replace

    return replace(e, quotes=list(e.quotes))


def _km(a: Event, b: Event) -> float:
    import math

    if a.latitude is None or b.latitude is None or a.longitude is None or b.longitude is None:
        return math.inf
    la1, lo1, la2, lo2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


# Two reports of one article closer than this are one place (a town and its districts and outskirts).
SAME_PLACE_KM = 20.0


def _own_date(e: Event) -> bool:
    return any(s in ("dated", "dated-loose") for s in e.signals)


_PLANTED = frozenset({"Remote explosive/landmine/IED", "Suicide bomb"})


def _different_incidents(a: Event, b: Event) -> bool:
    """Two sub-types that no one incident has both of (a bomb on the ground and an air strike), or two
    sub-types by two named sides: two actor pairs, two events (ACLED's rule)."""
    if a.sub_event_type == b.sub_event_type:
        return False
    if {a.sub_event_type, b.sub_event_type} & _PLANTED and "Air/drone strike" in (a.sub_event_type, b.sub_event_type):
        return True
    return bool(a.actor1_bloc and b.actor1_bloc) and a.actor1_bloc != b.actor1_bloc and \
        "UNKNOWN" not in (a.actor1_bloc, b.actor1_bloc)


def _fallback_place(e: Event) -> bool:
    """The clause named no place: the event was put at the article's main place."""
    return "region" in e.signals and e.surface_start is None


def fuse_article(events: list[Event]) -> list[Event]:
    """One event per place, day and type within one article (ACLED's rule, issue 13).

    A later clause about the same incident (its toll, its actors, a quote about it) enriches the
    first report instead of becoming a second event: same event type, the same place (or within
    ``SAME_PLACE_KM``, or a clause that named no place), and the same day, or no day of its own.
    A strike on two towns stays two events; so do two clashes on two dated days.
    """
    out: list[Event] = []
    for e in events:
        target = None
        for f in out:
            if f.doc != e.doc or f.event_type != e.event_type:
                continue
            if _different_incidents(f, e):
                continue  # a car bomb and an air strike on one town: two incidents, whatever the day
            same_place = (f.place_id is not None and f.place_id == e.place_id) or _km(f, e) <= SAME_PLACE_KM \
                or _fallback_place(e)
            if not same_place:
                continue
            if f.event_date == e.event_date or not _own_date(e) or not _own_date(f):
                target = f
                break
        if target is None:
            out.append(_copy(e))
            continue
        _enrich(target, e)
    return out


def _enrich(first: Event, e: Event) -> None:
    seen = {(q.doc, q.start) for q in first.quotes}
    first.quotes.extend(q for q in e.quotes if (q.doc, q.start) not in seen)
    if _own_date(e) and not _own_date(first):
        first.event_date, first.time_precision = e.event_date, e.time_precision
        first.signals = tuple(dict.fromkeys((*first.signals, *(s for s in e.signals if s.startswith("dated")))))
    if e.fatalities > first.fatalities:
        first.fatalities, first.fatalities_low = e.fatalities, e.fatalities_low
        first.fatalities_high = e.fatalities_high
    if e.geo_precision < first.geo_precision and not _fallback_place(e):
        first.geo_precision, first.latitude, first.longitude = e.geo_precision, e.latitude, e.longitude
        first.location, first.location_ar, first.place_id = e.location, e.location_ar, e.place_id
        first.admin1, first.admin2 = e.admin1, e.admin2
    if not first.actor2 or first.actor2_bloc == "UNKNOWN":
        # a later clause names the other side ("... جراء هجوم شنه عناصر التنظيم"): it replaces a blank
        # or an unidentified second actor
        for name, inter, bloc in ((e.actor1, e.inter1, e.actor1_bloc), (e.actor2, e.inter2, e.actor2_bloc)):
            if name and bloc not in ("", "UNKNOWN", first.actor1_bloc) and \
                    not (bloc == "CIV" and first.event_type == "Battles"):
                first.actor2, first.inter2, first.actor2_bloc = name, inter, bloc
                break
    if first.actor1_bloc == "UNKNOWN" and e.actor1_bloc not in ("", "UNKNOWN", first.actor2_bloc):
        first.actor1, first.inter1, first.actor1_bloc = e.actor1, e.inter1, e.actor1_bloc
    first.confidence = max(first.confidence, e.confidence)
