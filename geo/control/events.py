"""Control evidence from event records (ACLED columns + x_ fields)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from geo.control.blocs import bloc_of, control_side
from geo.control.dates import end_date, start_date
from geo.control.model import ControlPoint
from geo.control.placekinds import place_kind

TERRITORY = {
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Non-violent transfer of territory",
}


def event_evidence(events: Iterable[dict[str, Any]]) -> list[ControlPoint]:
    """Territory sub-events give the taker (actor1) control; armed clashes make a place contested."""
    out = []
    for ev in events:
        sub = ev.get("sub_event_type")
        if sub not in TERRITORY and sub != "Armed clash":
            continue
        try:
            lat, lon = float(ev["latitude"]), float(ev["longitude"])
        except (KeyError, TypeError, ValueError):
            continue
        date = start_date(ev.get("event_date"))
        if date is None:
            continue
        try:
            # ACLED geo_precision 3: a region or district, coded at its centroid; no place to hold.
            if int(ev.get("geo_precision") or 1) >= 3:
                continue
        except (TypeError, ValueError):
            pass
        a1 = control_side(ev.get("x_actor1_bloc") or bloc_of(ev.get("actor1")))
        a2 = control_side(ev.get("x_actor2_bloc") or bloc_of(ev.get("actor2")))
        parties = tuple(dict.fromkeys(b for b in (a1, a2) if b))
        if sub in TERRITORY:
            if not a1:
                continue
            side = a1
        else:
            side = "contested"
        eid = str(ev.get("event_id_cnty") or f"{ev.get('doc', '')}@{date}")
        name = str(ev.get("location") or f"{lat:.4f},{lon:.4f}")
        conf, low = _confidence(ev)
        # A fused event reported by several articles is several reports: one piece per article.
        # An event with no article (an ACLED row, coded by hand) is its own report.
        docs = [str(d) for d in (ev.get("x_docs") or []) if d] or [str(ev.get("doc") or f"event:{eid}")]
        for doc in dict.fromkeys(docs):
            out.append(ControlPoint(
                place_id=ev.get("x_place_id"), name=name,
                lat=lat, lon=lon, side=side, date=date, source=doc,
                quote=_quote_of(ev, doc), evidence_ids=(f"event:{eid}",),
                parties=parties, kind="event", confidence=conf, low_confidence=low,
                place_kind=place_kind(ev.get("x_place_id"), name), url=_url(ev),
                date_last=_last_day(ev, date),
                both_named=side != "contested" or len(parties) >= 2,
            ))
    return out


def _last_day(ev: dict[str, Any], date: str) -> str | None:
    """The end of the month for an event dated to a month only (``2020-01``), else None.  (An event
    coded on the 1st with time_precision 3 keeps its day: its article's own date bounds the month.)"""
    raw = str(ev.get("event_date") or "").strip()
    return end_date(raw) if len(raw) == 7 else None


def _confidence(ev: dict[str, Any]) -> tuple[float, bool]:
    """(x_confidence, low) of an event; an ACLED row, coded by hand, carries none and counts in full."""
    raw = ev.get("x_confidence")
    try:
        conf = float(raw) if raw not in (None, "") else 1.0
    except (TypeError, ValueError):
        conf = 1.0
    low = str(ev.get("x_low_confidence") or "").strip().lower() in ("1", "true", "yes")
    return conf, low


def _quote_of(ev: dict[str, Any], doc: str) -> str:
    for q in ev.get("x_quotes") or []:
        if isinstance(q, dict) and str(q.get("doc") or "") == doc and q.get("text"):
            return str(q["text"])
    return str(ev.get("x_quote") or ev.get("notes") or "")


def _url(ev: dict[str, Any]) -> str | None:
    for key in ("url", "x_url", "x_article_url", "article_url"):
        if ev.get(key):
            return str(ev[key])
    return None
