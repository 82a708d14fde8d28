"""How the store joins reports of one event from several articles: a pure function of the reports.

A *report* is one event as one article's extraction gave it. The store keeps every report and derives its
events from them: the reports of one day and event type are put in a canonical order (the most precise and
most confident report first, then a unique key) and clustered greedily in that order, each report joining
the nearest cluster whose leading report is at the same place or within ``MERGE_KM``, whose sides do not
contradict its own, and which holds no other report of the same article (within one article the extractor
has already fused what it judged to be one event).

Because the order is canonical, the events depend only on the *set* of stored reports, never on the order
in which articles arrived: several ``ingest`` processes interleaved in any way end in the events one
sequential run gives.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

MERGE_KM = 5.0
_CELL_DEG = 0.1  # >= MERGE_KM in longitude up to ~60 degrees of latitude: neighbours lie in the 3x3 cells


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def num(value: Any) -> float | None:
    if isinstance(value, bool):
        return float(value)
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def integer(value: Any) -> int | None:
    f = num(value)
    return None if f is None else int(f)


def blocs(ev: Mapping[str, Any]) -> set[str]:
    found = {str(b).strip().lower() for b in (ev.get("x_actor1_bloc"), ev.get("x_actor2_bloc")) if b}
    return found - {"", "unknown", "none"}


@dataclass(slots=True)
class Report:
    """One stored report: ``key`` is unique in the store; ``article`` orders the reports of an event
    (article date, doc, content hash) and ``article_fid`` tells which reports share an article."""

    key: str
    article_fid: int
    article: tuple[str, str, str]
    record: dict[str, Any]
    fid: int = 0

    @property
    def lat(self) -> float | None:
        return num(self.record.get("latitude"))

    @property
    def lon(self) -> float | None:
        return num(self.record.get("longitude"))

    @property
    def place_id(self) -> str | None:
        return self.record.get("x_place_id") or None

    def rank(self) -> tuple[Any, ...]:
        prec = integer(self.record.get("geo_precision"))
        conf = num(self.record.get("x_confidence")) or 0.0
        return (prec if prec is not None else 9, 0 if self.place_id else 1, -round(conf, 6), self.key)


@dataclass(slots=True)
class Cluster:
    reports: list[Report] = field(default_factory=list)
    articles: set[int] = field(default_factory=set)

    @property
    def lead(self) -> Report:
        return self.reports[0]


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return (math.floor(lat / _CELL_DEG), math.floor(lon / _CELL_DEG))


def _distance(report: Report, lead: Report) -> float | None:
    """The distance that decides a join, or None when the two cannot be one event."""
    a, b = blocs(report.record), blocs(lead.record)
    if a and b and not a & b:
        return None  # e.g. a militia clash and an LNA air strike in the same town on the same day
    if report.place_id and report.place_id == lead.place_id:
        return 0.0
    if None in (report.lat, report.lon, lead.lat, lead.lon):
        return None
    d = haversine_km(report.lat, report.lon, lead.lat, lead.lon)  # type: ignore[arg-type]
    return d if d <= MERGE_KM else None


def cluster_reports(reports: Iterable[Report]) -> list[Cluster]:
    """The events of one (event_date, event_type) group; linear in the reports (a grid, not all pairs)."""
    clusters: list[Cluster] = []
    by_place: dict[str, list[Cluster]] = {}
    by_cell: dict[tuple[int, int], list[Cluster]] = {}
    for rep in sorted(reports, key=Report.rank):
        candidates: list[Cluster] = list(by_place.get(rep.place_id, ())) if rep.place_id else []
        if rep.lat is not None and rep.lon is not None:
            ci, cj = _cell(rep.lat, rep.lon)
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    candidates.extend(by_cell.get((ci + di, cj + dj), ()))
        best: tuple[float, str, Cluster] | None = None
        for c in candidates:
            if rep.article_fid in c.articles:
                continue
            d = _distance(rep, c.lead)
            if d is not None and (best is None or (d, c.lead.key) < best[:2]):
                best = (d, c.lead.key, c)
        if best is None:
            target = Cluster()
            clusters.append(target)
            if rep.place_id:
                by_place.setdefault(rep.place_id, []).append(target)
            if rep.lat is not None and rep.lon is not None:
                by_cell.setdefault(_cell(rep.lat, rep.lon), []).append(target)
        else:
            target = best[2]
        target.reports.append(rep)
        target.articles.add(rep.article_fid)
    return clusters


def quotes_of(ev: Mapping[str, Any], doc: str) -> list[tuple[str | None, int | None, int | None]]:
    """The quotes of this article that support ``ev``: its ``x_quotes`` (fused reports carry several),
    else its single ``x_quote``."""
    out = []
    for q in ev.get("x_quotes") or ():
        if isinstance(q, Mapping) and q.get("doc") in (None, doc):
            out.append((q.get("text"), integer(q.get("start")), integer(q.get("end"))))
        elif isinstance(q, str):
            out.append((q, None, None))
    return out or [(ev.get("x_quote"), integer(ev.get("x_start")), integer(ev.get("x_end")))]


def merged_record(cluster: Cluster) -> dict[str, Any]:
    """The event a cluster stands for: the leading report's fields, with the figures of every report.

    ACLED codes the most conservative fatality figure when reports differ; the range is kept too.
    """
    lead = cluster.lead
    out = dict(lead.record)
    out["event_id_cnty"] = lead.key
    in_order = sorted(cluster.reports, key=lambda r: (r.article, r.key))
    docs: list[str] = []
    for r in in_order:
        d = str(r.record.get("doc") or "")
        if d not in docs:
            docs.append(d)
    out["x_docs"] = docs
    if len(cluster.reports) == 1:
        return out
    lows = [v for r in in_order
            for v in (integer(r.record.get("x_fatalities_low")) or integer(r.record.get("fatalities")),) if v]
    highs = [v for r in in_order for v in (integer(r.record.get("x_fatalities_high")),
                                          integer(r.record.get("fatalities"))) if v]
    low = min(lows) if lows else 0
    out["fatalities"] = low
    out["x_fatalities_low"] = low
    out["x_fatalities_high"] = max(highs) if highs else low
    sources: list[str] = []
    for r in in_order:
        for s in str(r.record.get("source") or "").split("; "):
            if s and s not in sources:
                sources.append(s)
    out["source"] = "; ".join(sources) or None
    scales = sorted({part for r in in_order for part in str(r.record.get("source_scale") or "").split("-") if part})
    out["source_scale"] = "-".join(scales) or None
    out["x_confidence"] = round(max(num(r.record.get("x_confidence")) or 0.0 for r in in_order), 3)
    return out


def canonical_events(events: Sequence[Mapping[str, Any]]) -> list[str]:
    """Events as comparable strings (no coding or storing times): what tests compare between runs."""
    skip = {"timestamp", "first_seen", "updated", "x_n_evidence_rows"}
    out = []
    for ev in events:
        rec = {k: v for k, v in ev.items() if k not in skip}
        if isinstance(rec.get("x_quotes"), list):
            rec["x_quotes"] = sorted(json.dumps(q, sort_keys=True, ensure_ascii=False) for q in rec["x_quotes"])
        out.append(json.dumps(rec, sort_keys=True, ensure_ascii=False, default=str))
    return sorted(out)
