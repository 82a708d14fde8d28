"""The review workspace over one store: listing with filters, the queue, an event with its article,
and applying a reviewer's request (a correction, a move to a gazetteer place, a merge, a split).

Each public method opens the store, does its work in the store's transactions and closes it again, so
a server killed between requests loses nothing and a server killed in a request loses only that one.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from maps.layers import Layers
from maps.review import aliases as alias_store
from maps.review.backend import ReviewBackend, article_of, open_backend, query, version
from maps.review.carry import carry_over, ensure_table, record_anchor
from maps.review.model import ACLED_TYPES, REJECT_REASONS, BadCorrection, ReviewRequest, doubt
from maps.store_sql import Correction, now_iso

log = logging.getLogger(__name__)


class NotFound(KeyError):
    pass


@dataclass(frozen=True, slots=True)
class Filters:
    date_from: str | None = None
    date_to: str | None = None
    event_type: str | None = None
    side: str | None = None
    status: str | None = None  # unreviewed | accepted | corrected | rejected | reviewed
    min_confidence: float | None = None
    include_rejected: bool = False
    doc: str | None = None
    text: str | None = None


def review_status(ev: Mapping[str, Any]) -> str:
    return str(ev.get("x_review") or "unreviewed")


def _matches(ev: Mapping[str, Any], f: Filters) -> bool:
    status = review_status(ev)
    if status == "rejected" and not (f.include_rejected or f.status == "rejected"):
        return False
    if f.status == "reviewed":
        if status == "unreviewed":
            return False
    elif f.status and status != f.status:
        return False
    if f.event_type and ev.get("event_type") != f.event_type:
        return False
    if f.side and f.side not in (ev.get("x_actor1_bloc"), ev.get("x_actor2_bloc")):
        return False
    if f.min_confidence is not None and status == "unreviewed":
        try:
            if float(ev.get("x_confidence") or 0) < f.min_confidence:
                return False
        except (TypeError, ValueError):
            return False
    if f.doc and f.doc not in (ev.get("x_docs") or [ev.get("doc")]):
        return False
    if f.text:
        needle = f.text.casefold()
        hay = " ".join(str(ev.get(k) or "") for k in ("location", "x_location_ar", "notes", "actor1", "actor2",
                                                      "x_quote", "event_id_cnty")).casefold()
        if needle not in hay:
            return False
    return True


class Workspace:
    def __init__(self, store: str | os.PathLike[str], *, reviewer: str | None = None,
                 gazetteer_path: str | None = None) -> None:
        self.store = os.fspath(store)
        self.reviewer = reviewer
        self.gazetteer_path = gazetteer_path
        self._lock = threading.RLock()  # one writer at a time in this process; the store locks across processes
        self._cache: tuple[str, Layers] | None = None
        with self._open(readonly=False) as st:
            st.write(lambda: ensure_table(st))  # and a bad store fails here, before the server starts

    @contextmanager
    def _open(self, *, readonly: bool = True) -> Iterator[ReviewBackend]:
        st = open_backend(self.store, readonly=readonly)
        try:
            yield st
        finally:
            st.close()

    # -- reading --
    def version(self) -> str:
        with self._open() as st:
            return version(st)

    def layers(self) -> Layers:
        """Every event, rejected ones included, with reviews applied (cached until the store changes)."""
        v = self.version()
        cached = self._cache
        if cached and cached[0] == v:
            return cached[1]
        with self._open(readonly=False) as st:
            with self._lock:
                moved = carry_over(st)  # an ingest beside the server may have changed event ids
            if moved:
                log.info("reviews carried over to new event ids: %s", moved)
            # the version and what it stands for, read in one snapshot
            v, layers, reviews = st.read(lambda: (version(st), st.load(include_rejected=True), st.reviews()))
        _annotate(layers.events, reviews)
        self._cache = (v, layers)
        return layers

    def _patch(self, st: Any, v_in: str, v_out: str, event_ids: set[str]) -> None:
        """After this process's own write: re-read only the days of the events it touched, when the cache
        held exactly the store as it was before the write (``v_in``); else the next read reloads it all."""
        cached = self._cache
        self._cache = None
        if not cached or cached[0] != v_in:
            return
        marks = ",".join("?" * len(event_ids))
        days = sorted({str(r[0]) for r in query(st, f"SELECT event_date FROM events WHERE event_id_cnty IN ({marks})",
                                                sorted(event_ids))})
        fresh: list[dict[str, Any]] = []
        reviews = st.reviews()
        for day in days:
            fresh += st.load(day, day, include_rejected=True).events
        _annotate(fresh, reviews)
        ids = {e["event_id_cnty"] for e in fresh}
        if not event_ids <= ids:
            return
        layers = cached[1]
        events = [e for e in layers.events if e["event_id_cnty"] not in ids] + fresh
        events.sort(key=lambda e: (str(e.get("event_date") or ""), str(e["event_id_cnty"])))
        self._cache = (v_out, Layers(places=layers.places, events=events, control_areas=layers.control_areas,
                                     front_lines=layers.front_lines))

    def events(self, f: Filters = Filters()) -> list[dict[str, Any]]:
        evs = self.layers().events
        out = []
        for ev in evs:
            day = str(ev.get("event_date") or "")
            if f.date_from and day < f.date_from or f.date_to and day > f.date_to:
                continue
            if _matches(ev, f):
                out.append(ev)
        return out

    def queue(self, f: Filters = Filters()) -> list[dict[str, Any]]:
        """Unreviewed events, most doubtful first (ties: earlier date, then id, so the order is stable)."""
        f = Filters(**{**{k: getattr(f, k) for k in f.__dataclass_fields__}, "status": "unreviewed"})
        evs = self.events(f)
        return sorted(evs, key=lambda e: (-e["x_doubt"], str(e.get("event_date") or ""), e["event_id_cnty"]))

    def event(self, event_id: str) -> dict[str, Any]:
        for ev in self.layers().events:
            if ev["event_id_cnty"] == event_id:
                return ev
        raise NotFound(event_id)

    def detail(self, event_id: str) -> dict[str, Any]:
        """The event, the articles that support it (text, url, title, the quotes' spans) and its audit."""
        ev = self.event(event_id)
        docs = list(dict.fromkeys([*(q.get("doc") for q in ev.get("x_quotes") or ()), *(ev.get("x_docs") or ()),
                                   ev.get("doc")]))
        with self._open() as st:
            arts = []
            for doc in docs:
                if not doc:
                    continue
                art = article_of(st, str(doc))
                if art is None:
                    continue
                spans = sorted({(int(q["start"]), int(q["end"])) for q in ev.get("x_quotes") or ()
                                if q.get("doc") == doc and q.get("start") is not None and q.get("end") is not None
                                and 0 <= int(q["start"]) < int(q["end"]) <= len(art["text"] or "")})
                surface = None
                if doc == ev.get("doc") and None not in (ev.get("x_surface_start"), ev.get("x_start")):
                    # the place name's offsets are inside the event's quote
                    s = int(ev["x_start"]) + int(ev["x_surface_start"])
                    e = int(ev["x_start"]) + int(ev.get("x_surface_end") or 0)
                    if 0 <= s < e <= len(art["text"] or "") and art["text"][s:e] == ev.get("x_surface"):
                        surface = [s, e]
                arts.append({**art, "quotes": [list(sp) for sp in spans], "surface": surface})
            audit = st.audit(event_id)
        return {"event": ev, "articles": arts, "audit": audit}

    def audit(self, event_id: str | None = None) -> list[dict[str, Any]]:
        with self._open() as st:
            return st.audit(event_id)

    def places(self, query: str, limit: int = 10) -> list[dict[str, Any]]:
        idx = self._index()
        out = []
        for hit in idx.search(query, limit=limit):
            p = hit.place if hasattr(hit, "place") else hit[0]
            out.append({"place_id": p.id, "name": p.name, "name_ar": p.name_ar, "lat": p.lat, "lon": p.lon,
                        "kind": p.kind, "country": p.country, "admin1": p.admin1})
        return out

    def _index(self) -> Any:
        from gazetteer.cache import load_index

        return load_index(self.gazetteer_path)

    # -- writing --
    def apply(self, event_id: str, req: ReviewRequest) -> dict[str, Any]:
        with self._lock:
            ev = self.event(event_id)
            c = req.correction
            changes = dict(c.changes)
            place = None
            if req.place:
                place = self._index().get(req.place)
                if place is None:
                    raise BadCorrection(f"no gazetteer place {req.place}")
                changes.update({"latitude": round(place.lat, 6), "longitude": round(place.lon, 6),
                                "location": place.name, "x_place_id": place.id, "geo_precision": 1})
            if "event_type" in changes and "sub_event_type" not in changes:
                subs = ACLED_TYPES.get(changes["event_type"], set())
                if ev.get("sub_event_type") not in subs:
                    raise BadCorrection(f"give a sub_event_type of {changes['event_type']}: {', '.join(sorted(subs))}")
            if "sub_event_type" in changes and "event_type" not in changes:
                if changes["sub_event_type"] not in ACLED_TYPES.get(str(ev.get("event_type")), set()):
                    raise BadCorrection(f"sub_event_type {changes['sub_event_type']!r} is not one of "
                                        f"{ev.get('event_type')}'s sub-types")
            parts = [self._part(ev, part) for part in req.split]
            if req.learn and not _surface(ev):
                raise BadCorrection("this event names no place to learn an alias for")
            target = None
            if req.merge_with:
                if req.merge_with == event_id:
                    raise BadCorrection("an event cannot be merged with itself")
                target = self.event(req.merge_with)
                if review_status(target) == "rejected":
                    raise BadCorrection(f"{req.merge_with} is rejected: merge into a kept event")
            with self._open(readonly=False) as st:
                split_ids = [self._split(st, ev, part, c.reviewer) for part in parts]
                # one transaction for the whole request: the review rows, their audit rows, the anchors
                if changes or c.status or req.merge_with:
                    def work() -> tuple[dict[str, Any], str, str]:
                        v_in = version(st)
                        out = self._write(st, ev, target, req, changes)
                        return out, v_in, version(st)

                    result, v_in, v_out = st.write(work)
                    if not split_ids:
                        self._patch(st, v_in, v_out, {event_id, *([req.merge_with] if req.merge_with else [])})
                else:
                    result = {"event_id": event_id, "status": ev.get("x_review")}
                if split_ids:
                    result["split_into"] = split_ids
                    self._cache = None
            if req.learn and (place is not None or "latitude" in changes):
                result["alias"] = self._learn(ev, place, changes, req.learn, c.reviewer)
            return result

    def _write(self, st: Any, ev: Mapping[str, Any], target: Mapping[str, Any] | None, req: ReviewRequest,
               changes: dict[str, Any]) -> dict[str, Any]:
        c = req.correction
        event_id = str(ev["event_id_cnty"])
        if req.merge_with and target is not None:
            result = st._review(event_id, Correction(reviewer=c.reviewer, status="rejected", reason="duplicate",
                                                     merged_into=req.merge_with))
            # ACLED codes the lower of two fatality figures: the kept event's stays unless it had none
            tchanges: dict[str, Any] = {}
            if not target.get("fatalities") and ev.get("fatalities"):
                tchanges["fatalities"] = int(ev["fatalities"])
            st._review(req.merge_with, Correction(
                reviewer=c.reviewer, status=None if tchanges else (target.get("x_review") or "accepted"),
                reason=f"{event_id} merged into it", changes=tchanges))
            record_anchor(st, req.merge_with)
        else:
            result = st._review(event_id, Correction(reviewer=c.reviewer, status=c.status, reason=c.reason,
                                                     changes=changes))
        record_anchor(st, event_id)
        return result

    def _part(self, ev: Mapping[str, Any], part: Mapping[str, Any]) -> dict[str, Any]:
        """A split part's values, its gazetteer place resolved, its type checked."""
        vals = dict(part)
        pid = vals.pop("x_place_id", None)
        if pid:
            place = self._index().get(pid)
            if place is None:
                raise BadCorrection(f"no gazetteer place {pid}")
            vals.update({"latitude": round(place.lat, 6), "longitude": round(place.lon, 6), "location": place.name,
                         "x_place_id": place.id, "geo_precision": 1, "x_location_ar": place.name_ar})
        et = vals.get("event_type", ev.get("event_type"))
        sub = vals.get("sub_event_type", ev.get("sub_event_type"))
        if sub not in ACLED_TYPES.get(str(et), set()):
            raise BadCorrection(f"give a sub_event_type of {et}: {', '.join(sorted(ACLED_TYPES.get(str(et), ())))}")
        return vals

    def _split(self, st: Any, ev: Mapping[str, Any], part: Mapping[str, Any], reviewer: str) -> str:
        """One more event reported by the same sentence (two places, or two kinds of act, coded as one).

        The store derives events from articles' reports, so the part enters it the way every event does:
        as the report of a reviewer's note (an article ``review-split:ID`` whose text is the quote), at
        once accepted by the reviewer; the original gets an audit row ``split_into``. Two transactions:
        a server killed between them leaves the new event unreviewed in the queue, nothing lost."""
        from geo.article import Article
        from maps.tables import ACLED_COLUMNS

        eid = str(ev["event_id_cnty"])
        taken = {e["event_id_cnty"] for e in self.layers().events}
        n = 1
        while f"{eid}-S{n}" in taken:
            n += 1
        new_id = f"{eid}-S{n}"
        quote = str(ev.get("x_quote") or "")
        doc = f"review-split:{new_id}"
        art = Article(doc=doc, text=f"{quote}\n\n[{reviewer}: split from {eid}]", date=ev.get("event_date"),
                      source=ev.get("source"), title=f"split of {eid}", id=doc)
        rec: dict[str, Any] = {k: ev.get(k) for k in ACLED_COLUMNS}
        for k in ("x_actor1_bloc", "x_actor2_bloc", "x_location_ar", "x_place_id", "x_confidence", "x_trigger"):
            rec[k] = ev.get(k)
        rec.update(part)
        if part.get("fatalities") is None and ("event_type" in part or "latitude" in part):
            rec["fatalities"] = 0  # the deaths stay with the original unless the reviewer moves them
        rec.update({"event_id_cnty": new_id, "x_quote": quote, "x_start": 0, "x_end": len(quote),
                    "x_quotes": [{"doc": doc, "text": quote, "start": 0, "end": len(quote)}],
                    "x_split_of": eid, "x_origin": "review", "x_fatalities_low": None, "x_fatalities_high": None})
        st.ingest(art, [], [rec])
        row = st.execute("SELECT e.event_id_cnty FROM reports r JOIN events e ON e.fid = r.event_fid "
                         "WHERE r.report_key=?", (new_id,)).fetchone()
        made = str(row[0]) if row else new_id

        def note() -> None:
            st._review(made, Correction(reviewer=reviewer, status="accepted", reason=f"split from {eid}"))
            st.execute("INSERT INTO audit (event_id, field, old_value, new_value, reason, reviewer, at) "
                       "VALUES (?,?,?,?,?,?,?)", (eid, "split_into", None, made, "split", reviewer, now_iso()))
            record_anchor(st, made)

        st.write(note)
        self._cache = None
        return made

    def _learn(self, ev: Mapping[str, Any], place: Any, changes: Mapping[str, Any], scope: str,
               reviewer: str) -> dict[str, Any]:
        surface = _surface(ev)
        return alias_store.save_alias(
            surface=surface,
            lat=float(changes["latitude"]), lon=float(changes["longitude"]),
            name=place.name if place is not None else str(changes.get("location") or surface),
            name_ar=getattr(place, "name_ar", None), kind=getattr(place, "kind", None) or "town",
            admin1=getattr(place, "admin1", None), place_id=getattr(place, "id", None),
            scope=scope, doc=str(ev.get("doc") or ""), reviewer=reviewer,
            event_id=str(ev["event_id_cnty"]))


def _surface(ev: Mapping[str, Any]) -> str:
    """The place name as the article wrote it (what an alias teaches the gazetteer)."""
    return str(ev.get("x_surface") or ev.get("x_location_ar") or ev.get("location") or "").strip()


def _annotate(events: list[dict[str, Any]], reviews: Mapping[str, Mapping[str, Any]]) -> None:
    for ev in events:
        r = reviews.get(ev["event_id_cnty"])
        if r:
            ev["x_review_reason"] = r.get("reason")
            ev["x_merged_into"] = r.get("merged_into")
            ev["x_reviewed_at"] = r.get("reviewed_at")
        ev["x_doubt"] = doubt(ev)


def reject_reasons() -> dict[str, str]:
    return dict(REJECT_REASONS)
