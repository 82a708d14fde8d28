"""How the store joins reports of one event from several articles: a pure function of the reports.

A *report* is one event as one article's extraction gave it. The store keeps every report and derives its
events from them: the reports of one day and event type are put in a canonical order (the most precise and
most confident report first, then a unique key) and clustered greedily in that order, each report joining
the nearest cluster whose leading report is at the same place or within ``MERGE_KM`` and holds no other
report of the same article (within one article the extractor has already fused what it judged to be one
event), and which is the same event by more than place, day and type (``same_event``): the same text (a
wire story printed by several outlets), or the same sub-event type by the same pair of sides (or one
report naming one side of the other's pair: a casualty follow-up), the side in common a party to the
fighting rather than its civilian victims, both reports dated to the day by their own words (or both only
to the month, by the same pair of sides) and located at a named place or near one (precision 1 or 2).
Two reports of fighting "in Benghazi" on one day are not one event because they share a city and one
side: in a month of news that is what background sentences do (the army fights one group there on
Monday, another on Tuesday; an undated sentence takes its article's week).

Because the order is canonical, the events depend only on the *set* of stored reports, never on the order
in which articles arrived: several ``ingest`` processes interleaved in any way end in the events one
sequential run gives.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from geo.places.geometry import haversine_km

MERGE_KM = 5.0
SAME_TEXT = 0.5  # share of the shorter quote's content words found in the other: a reprinted story
SAME_TEXT_MIN = 4
_CELL_DEG = 0.1  # >= MERGE_KM in longitude up to ~60 degrees of latitude: neighbours lie in the 3x3 cells


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


# Function words and reporting verbs (Arabic, English, French): they say nothing about which event a
# sentence reports. Folded as the gazetteer folds text, so that the lists match folded words.
_STOP_WORDS = """في من على إلى الى عن مع التي الذي الذين بين بعد قبل أن إن ان كان كانت قد وقد هذا هذه ذلك
تلك حيث منذ كما أو او ثم لم لن ما لا هو هي هم عند خلال حول ضد نحو دون غير بعض كل أي اي أمس امس اليوم يوم أول
اول آخر اخر آخرون اخرون أخرى اخرى قال قالت أضاف اضاف أكد اكد أفاد افاد أفادت افادت ذكر مصادر مصدر وفق بحسب حسب
أيضا ايضا فيما بينما إلا الا لكن the and of in on at to a an for with by from that this was were is are has have
had said de la le les des du et en un une dans sur par pour avec qui que""".split()
_WORD = re.compile(r"\w+")
_CLITIC_ARTICLE = ("وال", "بال", "فال", "كال")


def quote_terms(texts: Iterable[str | None]) -> set[str]:
    """Content words of a report's quotes, folded, without attached و/ف/ب/ك + ال or لل and cut to five
    letters (a light stem: اشتباكات and اشتباك agree), for comparing two reports' wording."""
    from gazetteer.normalize import fold

    stop = _stop_words()
    out: set[str] = set()
    for text in texts:
        for w in _WORD.findall(fold(text or "")):
            for p in _CLITIC_ARTICLE:
                if w.startswith(p) and len(w) > len(p) + 2:
                    w = w[len(p):]
                    break
            else:
                if w.startswith("لل") and len(w) > 4:
                    w = w[2:]
                elif w.startswith("ال") and len(w) > 4:
                    w = w[2:]
                elif w[:1] in ("و", "ف") and len(w) > 4:
                    w = w[1:]
            if w.startswith("ابو") and len(w) > 4:
                w = w[1:]
            if len(w) < 3 or w.isdigit() or w in stop:
                continue
            out.add(w[:5])
            if w[:1] in ("ب", "ل", "ك") and len(w) > 4 and w[1:] not in stop:
                # ببنغازي or بنغازي? Stripping blindly breaks names that begin with ب: keep both readings
                out.add(w[1:6])
    return out


_STOP_CACHE: set[str] = set()


def _stop_words() -> set[str]:
    if not _STOP_CACHE:
        from gazetteer.normalize import fold

        _STOP_CACHE.update(fold(w) for w in _STOP_WORDS)
    return _STOP_CACHE


def same_text(a: set[str], b: set[str]) -> bool:
    shared = len(a & b)
    return shared >= SAME_TEXT_MIN and shared >= SAME_TEXT * min(len(a), len(b))


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

    @property
    def terms(self) -> set[str]:
        t = self.record.get("x_terms")
        return set(t.split()) if isinstance(t, str) else set()

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


# Blocs that are who an event hits, not a side of it: two attacks on civilians in one town are not one
# attack because both hit civilians.
NOT_A_PARTY = frozenset({"civ", "un"})


def same_sides(a: set[str], b: set[str], *, follow_up: bool = True) -> bool:
    """The same pair of sides, or (``follow_up``) one report naming a single side of the other's pair (a
    follow-up that counts one side's dead), with a party to the event among the sides in common."""
    if not (a & b) - NOT_A_PARTY:
        return False
    return a == b or (follow_up and ((len(a) == 1 and a <= b) or (len(b) == 1 and b <= a)))


def _dated_alike(report: Report, lead: Report) -> str | None:
    """How far the two reports' day can be trusted: "day" when both texts name it (time precision 1),
    "month" when both are known only to the month (a corpus dated by month: nothing finer to compare),
    else None: a week is what an undated background sentence is given from its article's date."""
    tps = {integer(r.record.get("time_precision")) for r in (report, lead)}
    return "day" if tps == {1} else "month" if tps == {3} else None


def same_event(report: Report, lead: Report) -> bool:
    """More than place, day and type in common: the same text, or the same sub-event type by the same
    sides, both dated to the day and located at or near a named place."""
    if same_text(report.terms, lead.terms):
        return True
    dated = _dated_alike(report, lead)
    # within a month, only the same pair of sides: a one-sided follow-up needs its day
    if dated is None or not same_sides(blocs(report.record), blocs(lead.record), follow_up=dated == "day"):
        return False
    if (report.record.get("sub_event_type") or "") != (lead.record.get("sub_event_type") or ""):
        return False
    precisions = (integer(report.record.get("geo_precision")), integer(lead.record.get("geo_precision")))
    return all(p is not None and p <= 2 for p in precisions)


def _distance(report: Report, lead: Report) -> float | None:
    """The distance that decides a join, or None when the two cannot be one event."""
    if "acled" in (report.record.get("x_origin"), lead.record.get("x_origin")):
        return None  # ACLED's events stay ACLED's: never merged into ours, nor ours into them
    a, b = blocs(report.record), blocs(lead.record)
    if a and b and not a & b:
        return None  # e.g. a militia clash and an LNA air strike in the same town on the same day
    if not same_event(report, lead):
        return None
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
    out.pop("x_terms", None)
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
