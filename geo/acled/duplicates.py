"""Our events that report an event ACLED has coded: within a day, within 10 km, of the same event type.

The link is ``x_acled_id`` on our event (the ACLED id) and ``x_duplicates`` on the ACLED event (our ids),
so that a reader of either finds the other. Nothing is merged: the two codings stay side by side, and an
analyst sees where the text and ACLED agree.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from typing import Any

from geo.places.geometry import haversine_km

DUPLICATE_KM = 10.0
DUPLICATE_DAYS = 1


def _day(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _point(ev: Mapping[str, Any]) -> tuple[float, float] | None:
    try:
        lat, lon = float(ev["latitude"]), float(ev["longitude"])
    except (KeyError, TypeError, ValueError):
        return None
    return (lat, lon) if math.isfinite(lat) and math.isfinite(lon) else None


def link_duplicates(ours: Iterable[dict[str, Any]], acled: Iterable[dict[str, Any]],
                    km: float = DUPLICATE_KM, days: int = DUPLICATE_DAYS) -> int:
    """Set ``x_acled_id`` on each of ``ours`` that duplicates an ACLED event (one of the same day before one
    a day off, then the nearest) and list our ids in that event's ``x_duplicates``. Returns the links made.

    Only our events dated to the day are linked (a month-precision event matches nothing); the ACLED
    events are indexed by day, so the cost is linear in the events.
    """
    by_day: dict[dt.date, list[dict[str, Any]]] = {}
    for a in acled:
        d = _day(a.get("event_date"))
        if d is not None and _point(a) is not None:
            by_day.setdefault(d, []).append(a)
    links = 0
    for ev in ours:
        if ev.get("x_origin") == "acled" or ev.get("time_precision") not in (1, "1", None):
            continue
        d, p = _day(ev.get("event_date")), _point(ev)
        if d is None or p is None:
            continue
        best: tuple[float, int, str, dict[str, Any]] | None = None
        for offset in range(-days, days + 1):
            for a in by_day.get(d + dt.timedelta(days=offset), ()):
                if a.get("event_type") != ev.get("event_type"):
                    continue
                q = _point(a)
                assert q is not None
                dist = haversine_km(p[0], p[1], q[0], q[1])
                if dist > km:
                    continue
                # the same day first (both codings date to the day), then the nearest
                key = (abs(offset), round(dist, 3), str(a.get("event_id_cnty")), a)
                if best is None or key[:3] < best[:3]:
                    best = key
        if best is None:
            continue
        match = best[3]
        ev["x_acled_id"] = match.get("event_id_cnty")
        dups = match.setdefault("x_duplicates", [])
        if ev.get("event_id_cnty") not in dups:
            dups.append(ev.get("event_id_cnty"))
        links += 1
    return links


class RecordEvent:
    """An event already as its record (an ACLED row, or ours after linking), for the writers that call
    ``to_record()``."""

    __slots__ = ("record",)

    def __init__(self, record: dict[str, Any]) -> None:
        self.record = record

    def to_record(self) -> dict[str, Any]:
        return self.record
