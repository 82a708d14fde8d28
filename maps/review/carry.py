"""Reviews outlast re-ingesting: what ties a review to its event when the event's id changes.

An event's id is the key of its leading report; a later article can lead the same event, and a revised
article gives its reports new keys when the event's sentence moved. So with every review the workspace
keeps the event's *anchor*: the keys of all its reports, and its identity in its article (doc, url,
event type, place, quote). ``carry_over`` finds every review whose event is gone and moves it to the
event that now holds one of those reports, else to the one event of the same article, type and place
whose quote is closest to the reviewed one. Each move is an audit row; an ambiguous case is left alone
(and listed by ``conflictmap review report``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from maps.review.backend import query
from maps.store_sql import Correction

ANCHORS_DDL = ("CREATE TABLE IF NOT EXISTS review_anchors (event_id TEXT PRIMARY KEY, report_keys TEXT, doc TEXT, "
               "url TEXT, event_type TEXT, place_id TEXT, location TEXT, quote TEXT, carried_to TEXT)")
MIN_QUOTE_SIMILARITY = 0.6


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"


def ensure_table(st: Any) -> None:
    st.execute(ANCHORS_DDL)


def has_table(st: Any) -> bool:
    if isinstance(getattr(st, "conn", None), sqlite3.Connection):
        return bool(query(st, "SELECT 1 FROM sqlite_master WHERE type='table' AND name='review_anchors'"))
    return query(st, "SELECT to_regclass('review_anchors')")[0][0] is not None


def record_anchor(st: Any, event_id: str) -> None:
    """Inside the caller's transaction: the anchor of a reviewed event (replacing an older one)."""
    row = st.execute("SELECT doc, event_type, x_place_id, location, x_quote FROM events WHERE event_id_cnty=?",
                     (event_id,)).fetchone()
    if row is None:
        return
    doc, event_type, place_id, location, quote = row
    keys = [r[0] for r in st.execute(
        "SELECT r.report_key FROM reports r JOIN events e ON e.fid = r.event_fid WHERE e.event_id_cnty=?",
        (event_id,)).fetchall()]
    url = st.execute("SELECT url FROM articles WHERE doc=? ORDER BY fid DESC LIMIT 1", (doc or "",)).fetchone()
    st.execute("DELETE FROM review_anchors WHERE event_id=?", (event_id,))
    st.execute("INSERT INTO review_anchors (event_id, report_keys, doc, url, event_type, place_id, location, quote) "
               "VALUES (?,?,?,?,?,?,?,?)",
               (event_id, json.dumps(sorted(set(keys) | {event_id})), doc, url[0] if url else None,
                event_type, place_id, location, quote))


def _candidates(st: Any, anchor: Mapping[str, Any]) -> list[tuple[str, str | None]]:
    same_article = "(a.doc=? OR a.url=?)" if anchor["url"] else "a.doc=?"
    same_place = "e.x_place_id=?" if anchor["place_id"] else "e.x_place_id IS NULL AND e.location=?"
    args = [anchor["doc"], *([anchor["url"]] if anchor["url"] else []), anchor["event_type"],
            anchor["place_id"] or anchor["location"]]
    rows = query(st, "SELECT DISTINCT e.event_id_cnty, e.x_quote FROM events e JOIN reports r ON r.event_fid = e.fid "
                     f"JOIN articles a ON a.fid = r.article_fid WHERE {same_article} AND e.event_type=? "
                     f"AND {same_place}", args)
    return [(r[0], r[1]) for r in rows]


def find_target(st: Any, anchor: Mapping[str, Any], reviewed: set[str]) -> str | None:
    keys = json.loads(anchor["report_keys"] or "[]")
    if keys:
        marks = ",".join("?" * len(keys))
        rows = query(st, f"SELECT DISTINCT e.event_id_cnty FROM reports r JOIN events e ON e.fid = r.event_fid "
                         f"WHERE r.report_key IN ({marks})", keys)
        if len(rows) == 1:
            return str(rows[0][0])
        if len(rows) > 1:
            return None  # the reports now lead different events: a person decides
    scored = []
    for eid, quote in _candidates(st, anchor):
        if eid in reviewed:
            continue
        sim = difflib.SequenceMatcher(None, anchor["quote"] or "", quote or "", autojunk=False).ratio()
        scored.append((sim, eid))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < MIN_QUOTE_SIMILARITY or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def carry_over(st: Any) -> list[tuple[str, str]]:
    """Move reviews whose event is gone onto the event that continues it. Returns (old id, new id) pairs."""
    if not has_table(st):
        return []
    events = {r[0] for r in query(st, "SELECT event_id_cnty FROM events")}
    reviews = st.reviews()
    cols = ("event_id", "report_keys", "doc", "url", "event_type", "place_id", "location", "quote", "carried_to")
    rows = query(st, f"SELECT {', '.join(cols)} FROM review_anchors")
    anchors = {r[0]: dict(zip(cols, r, strict=True)) for r in rows}
    # the store renames a review when another of its event's reports comes to lead it (an audit row)
    renamed = {r[0]: r[1] for r in query(st, "SELECT new_value, old_value FROM audit WHERE field='event_id'")}
    moved: list[tuple[str, str]] = []
    for eid, review in sorted(reviews.items()):
        anchor, seen, name = anchors.get(eid), {eid}, eid
        while anchor is None and name in renamed and renamed[name] not in seen:
            name = renamed[name]
            seen.add(name)
            anchor = anchors.get(name)
        if eid in events or anchor is None or anchor["carried_to"]:
            continue
        target = find_target(st, anchor, set(reviews) & events)
        if target is None or target in reviews:
            continue
        fields = {k: v for k, v in review.items() if k not in ("event_id", "status", "reason", "reviewer",
                                                               "reviewed_at", "merged_into") and v is not None}

        def work(eid: str = eid, target: str = target, review: Mapping[str, Any] = review,
                 fields: dict[str, Any] = fields) -> None:
            st._review(target, Correction(reviewer=review.get("reviewer") or "", status=review["status"],
                                          reason=review.get("reason"), changes=fields,
                                          merged_into=review.get("merged_into")))
            st.execute("INSERT INTO audit (event_id, field, old_value, new_value, reason, reviewer, at) "
                       "VALUES (?,?,?,?,?,?,?)", (target, "carried_from", eid, target,
                                                  "the event's id changed when its articles were re-ingested",
                                                  "conflictmap", _now()))
            st.execute("UPDATE review_anchors SET carried_to=? WHERE event_id=?", (target, eid))
            record_anchor(st, target)

        st.write(work)
        reviews[target] = review
        moved.append((eid, target))
    return moved
