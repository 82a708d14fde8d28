"""What both event-store backends share: ingest, revisions, merging, reviews and reading, over a DB-API
connection. The backends (``maps.store_gpkg``, ``maps.store_pg``) give the schema, the geometry encoding,
the transaction with its store-wide writer lock, and the error translation.

SQL here is written with ``?`` placeholders; the PostgreSQL backend rewrites them to ``%s``. No value
from an article ever becomes SQL text: everything is a bound parameter, identifiers are our own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from maps.layers import Layers, is_libyan_event
from maps.store_merge import Report, cluster_reports, integer, merged_record, num, quote_terms, quotes_of
from maps.tables import ACLED_COLUMNS

log = logging.getLogger(__name__)

STORE_SCHEMA = "2"

INT_COLUMNS = {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
               "fatalities", "timestamp"}
REAL_COLUMNS = {"latitude", "longitude"}
# x_ fields the store keeps as columns; any other x_ field of the leading report is kept in x_extra (JSON).
X_COLUMNS = {"x_quote": "TEXT", "x_start": "INTEGER", "x_end": "INTEGER", "x_location_ar": "TEXT",
             "x_place_id": "TEXT", "x_actor1_bloc": "TEXT", "x_actor2_bloc": "TEXT", "x_confidence": "REAL",
             "x_fatalities_low": "INTEGER", "x_fatalities_high": "INTEGER"}
MENTION_COLUMNS = {"doc": "TEXT", "surface": "TEXT", "start": "INTEGER", "end": "INTEGER",
                   "place_id": "TEXT", "name": "TEXT", "name_ar": "TEXT", "lat": "REAL", "lon": "REAL",
                   "country": "TEXT", "place_kind": "TEXT", "in_libya": "BOOLEAN", "admin1": "TEXT",
                   "precision": "INTEGER", "confidence": "REAL", "anchor": "TEXT", "anchor_id": "TEXT",
                   "bearing_deg": "REAL", "offset_km": "REAL", "quote": "TEXT", "article_date": "TEXT"}
# What a reviewer may correct (issue 18's workspace writes these through ``Store.review``).
REVIEW_FIELDS = {"event_type": "TEXT", "sub_event_type": "TEXT", "event_date": "DATE", "time_precision": "INTEGER",
                 "actor1": "TEXT", "actor2": "TEXT", "x_actor1_bloc": "TEXT", "x_actor2_bloc": "TEXT",
                 "fatalities": "INTEGER", "latitude": "REAL", "longitude": "REAL", "location": "TEXT",
                 "x_place_id": "TEXT", "geo_precision": "INTEGER", "notes": "TEXT"}
REVIEW_STATUSES = ("accepted", "corrected", "rejected")
# What the merge reads of every report of a group (the rest of a report is read only when its event changes).
LEAN_COLUMNS = {"latitude": "REAL", "longitude": "REAL", "x_place_id": "TEXT", "geo_precision": "INTEGER",
                "x_confidence": "REAL", "x_actor1_bloc": "TEXT", "x_actor2_bloc": "TEXT", "sub_event_type": "TEXT",
                "x_terms": "TEXT", "x_origin": "TEXT"}
EVENT_COLUMNS = [*ACLED_COLUMNS, "doc", *X_COLUMNS]
_NOT_EXTRA = {"x_quotes", "x_docs", "x_n_evidence", "x_review", "x_reviewed_by", "x_new"}


class StoreError(Exception):
    """The store cannot be used: a one-line message. ``exit_code`` 2 for a bad store (missing, not a store,
    damaged, wrong schema), 1 for a runtime failure (locked for too long, disk full, server gone)."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"


def iso(value: Any) -> Any:
    """Dates and times as the ISO strings the rest of the project uses (PostgreSQL returns objects)."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def cell(kind: str, value: Any) -> Any:
    """A Python value as the bound parameter for a column of ``kind``."""
    if value is None:
        return None
    if kind == "INTEGER":
        return integer(value)
    if kind == "REAL":
        return num(value)
    if kind == "BOOLEAN":
        return bool(value)
    if kind == "DATE":
        return str(value)[:10] or None
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def event_kind(column: str) -> str:
    if column in INT_COLUMNS:
        return "INTEGER"
    if column in REAL_COLUMNS:
        return "REAL"
    if column == "event_date":
        return "DATE"
    return X_COLUMNS.get(column, "TEXT")


@dataclass(slots=True)
class IngestResult:
    doc: str
    status: str  # "added" | "unchanged" | "revised"
    mentions: int = 0
    events_new: int = 0
    events_merged: int = 0


@dataclass(frozen=True, slots=True)
class Correction:
    """One reviewer's action on one event: a status (accepted, corrected, rejected), a reason, and new
    values for some of ``REVIEW_FIELDS``. Every changed field becomes an audit row."""

    reviewer: str
    status: str | None = None
    reason: str | None = None
    changes: Mapping[str, Any] = field(default_factory=dict)
    merged_into: str | None = None


@dataclass(slots=True)
class StoredArticle:
    """An article as the store holds it, with what its ingest was given: the unit of ``store copy``."""

    article: Any
    places: list[dict[str, Any]]
    events: list[dict[str, Any]]
    ingested_at: str | None = None


T = TypeVar("T")


class SqlStore:
    """The shared body of both backends. Subclasses set ``name`` and implement the hooks below."""

    name: str
    readonly: bool = False
    POINT_SQL = "?"  # SQL that turns the parameters of ``point_params`` into a point geometry
    POLYGON_SQL = "?"  # the same for ``polygon_params`` (a MultiPolygon from WKB)
    # A report's time_precision, read from its stored record: the merge needs it, and a column of its own
    # would change the schema of stores already made.
    TIME_PRECISION_SQL = "json_extract(r.record, '$.time_precision')"

    # -- hooks ---------------------------------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def write(self, fn: Callable[[], T]) -> T:  # pragma: no cover - abstract
        """Run ``fn`` in one transaction holding the store's writer lock (retried when the backend asks)."""
        raise NotImplementedError

    def read(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` over one consistent snapshot of the store."""
        return fn()

    def point_params(self, lon: float | None, lat: float | None) -> list[Any]:  # pragma: no cover
        raise NotImplementedError

    def polygon_params(self, wkb: bytes, bounds: tuple[float, float, float, float]) -> list[Any]:  # pragma: no cover
        raise NotImplementedError

    def close(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def insert(self, sql: str, params: Sequence[Any]) -> int:
        row = self.execute(sql + " RETURNING fid", params).fetchone()
        return int(row[0])

    # -- queries -------------------------------------------------------------------------------------
    def has_content(self, text: str) -> bool:
        return self.execute("SELECT 1 FROM articles WHERE content_hash=?", (content_hash(text),)).fetchone() \
            is not None

    def counts(self) -> dict[str, int]:
        return {t: int(self.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
                for t in ("articles", "mentions", "events", "evidence")}

    # -- ingest --------------------------------------------------------------------------------------
    def ingest(self, article: Any, places: Sequence[Mapping[str, Any]], events: Sequence[Mapping[str, Any]],
               *, ingested_at: str | None = None) -> IngestResult:
        """Add one article with its mention records and event records, in one transaction.

        The article is a revision of a stored one only when it has the same explicit ``id`` (``article.id``)
        or the same ``url``; its doc (a path, ``FILE:LINE``, ``-``) never makes one.
        """
        return self.write(lambda: self._ingest(article, places, events, ingested_at))

    def _ingest(self, article: Any, places: Sequence[Mapping[str, Any]], events: Sequence[Mapping[str, Any]],
                ingested_at: str | None) -> IngestResult:
        h = content_hash(article.text)
        result = IngestResult(doc=article.doc, status="added")
        if self.execute("SELECT 1 FROM articles WHERE content_hash=?", (h,)).fetchone():
            result.status = "unchanged"
            return result
        explicit_id = getattr(article, "id", None) or None
        url = (article.url or "").strip() or None
        groups: set[tuple[str, str]] = set()
        old = [r[0] for r in self.execute(
            "SELECT fid FROM articles WHERE (article_id IS NOT NULL AND article_id=?) OR "
            "(url IS NOT NULL AND url=?)", (explicit_id, url))]
        if old:
            groups |= self._forget_articles(old)
            result.status = "revised"
        article_fid = self.insert(
            "INSERT INTO articles (doc, article_id, content_hash, date, title, source, url, language, text, "
            "n_mentions, n_events, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (article.doc, explicit_id, h, article.date, article.title, article.source, url,
             getattr(article, "language", None), article.text, len(places), len(events),
             ingested_at or now_iso()))
        self._insert_mentions(article_fid, article, places)
        result.mentions = len(places)
        new_reports = self._insert_reports(article_fid, article, h, explicit_id is not None,
                                           [e for e in events if is_libyan_event(e)])
        groups |= {g for g, _ in new_reports}
        for g in sorted(groups):
            self._recluster(g)
        # new or merged: is each new report alone in its event, or with reports of other articles?
        for _group, rfid in new_reports:
            (n,) = self.execute(
                "SELECT count(*) FROM reports WHERE event_fid = (SELECT event_fid FROM reports WHERE fid=?)",
                (rfid,)).fetchone()
            if n > 1:
                result.events_merged += 1
            else:
                result.events_new += 1
        return result

    def _forget_articles(self, fids: Sequence[int]) -> set[tuple[str, str]]:
        marks = ",".join("?" * len(fids))
        groups = {(r[0], r[1]) for r in self.execute(
            f"SELECT DISTINCT event_date, event_type FROM reports WHERE article_fid IN ({marks})", fids)}
        self.execute(f"DELETE FROM evidence WHERE article_fid IN ({marks})", fids)
        self.execute(f"DELETE FROM reports WHERE article_fid IN ({marks})", fids)
        self.execute(f"DELETE FROM mentions WHERE article_fid IN ({marks})", fids)
        self.execute(f"DELETE FROM articles WHERE fid IN ({marks})", fids)
        return groups

    def _insert_mentions(self, article_fid: int, article: Any, places: Sequence[Mapping[str, Any]]) -> None:
        cols = list(MENTION_COLUMNS)
        sql = (f"INSERT INTO mentions (geom, article_fid, {', '.join(q(c) for c in cols)}) "
               f"VALUES ({self.POINT_SQL}, ?, {', '.join('?' * len(cols))})")
        rows = []
        for rec in places:
            values = {**rec, "place_kind": rec.get("kind"), "doc": rec.get("doc") or article.doc,
                      "article_date": article.date or rec.get("article_date")}
            rows.append((*self.point_params(num(rec.get("lon")), num(rec.get("lat"))), article_fid,
                         *(cell(MENTION_COLUMNS[c], values.get(c)) for c in cols)))
        if rows:
            self.executemany(sql, rows)

    def _insert_reports(self, article_fid: int, article: Any, h: str, explicit: bool,
                        events: Sequence[Mapping[str, Any]]) -> list[tuple[tuple[str, str], int]]:
        out = []
        seen: set[str] = set()
        for ev in events:
            record = {k: v for k, v in ev.items() if k not in _NOT_EXTRA or k == "x_quotes"}
            record["doc"] = article.doc
            if not record.get("source") and article.source:
                record["source"] = article.source
            base = str(ev.get("event_id_cnty") or "") or "CMLBY" + content_hash(
                json.dumps(record, sort_keys=True, default=str))[:16].upper()
            # A doc that is a path, FILE:LINE or - does not name one article, so neither do ids made from it:
            # such reports are named by the article's content and where in it they stand, the same from
            # whichever file or line the text was read.
            key = base if explicit else "CMLBY" + hashlib.blake2b("\x1f".join(
                str(ev.get(k) or "") for k in ("x_start", "x_end", "event_type", "sub_event_type", "x_place_id",
                                               "event_date")).encode() + h.encode(), digest_size=8).hexdigest().upper()
            n = 2
            while key in seen:
                key, n = f"{base}-{n}", n + 1
            seen.add(key)
            group = (str(ev.get("event_date") or ""), str(ev.get("event_type") or ""))
            quotes = quotes_of(ev, article.doc)
            lean = {**record, "x_terms": " ".join(sorted(quote_terms(q for q, _, _ in quotes)))}
            rfid = self.insert(
                f"INSERT INTO reports (article_fid, report_key, event_date, event_type, record, "
                f"{', '.join(q(c) for c in LEAN_COLUMNS)}) VALUES (?,?,?,?,?,{', '.join('?' * len(LEAN_COLUMNS))})",
                (article_fid, key, group[0], group[1], json.dumps(record, ensure_ascii=False, default=str),
                 *(cell(t, lean.get(c)) for c, t in LEAN_COLUMNS.items())))
            rows = []
            done: set[tuple[Any, Any, Any]] = set()
            for quote, start, end in quotes:
                if (quote, start, end) in done:
                    continue
                done.add((quote, start, end))
                rows.append((article_fid, rfid, article.doc, ev.get("event_id_cnty"), quote, start, end,
                             num(ev.get("x_confidence")), integer(ev.get("fatalities")),
                             ev.get("source") or article.source, ev.get("notes")))
            self.executemany(
                "INSERT INTO evidence (article_fid, report_fid, doc, source_event_id, quote, start, \"end\", "
                "confidence, fatalities, source, notes) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
            out.append((group, rfid))
        return out

    def _recluster(self, group: tuple[str, str]) -> None:
        """Derive the events of one (event_date, event_type) group again from all its reports.

        The clustering reads only the few columns it needs; the full records are read for the events that
        changed, so a group's cost per article is a narrow scan of its reports."""
        rows = self.execute(
            f"SELECT r.fid, r.report_key, r.article_fid, a.date, a.doc, a.content_hash, r.event_fid, a.ingested_at, "
            f"{', '.join('r.' + q(c) for c in LEAN_COLUMNS)}, {self.TIME_PRECISION_SQL} "
            "FROM reports r JOIN articles a ON a.fid = r.article_fid "
            "WHERE r.event_date=? AND r.event_type=?", group).fetchall()
        reports, was, seen_at = [], {}, {}
        for fid, key, afid, adate, adoc, ahash, efid, at, *lean, precision in rows:
            record = {c: v for c, v in zip(LEAN_COLUMNS, lean, strict=True)}
            record["doc"], record["time_precision"] = adoc, integer(precision)
            reports.append(Report(key=key, article_fid=afid, article=(adate or "", adoc or "", ahash),
                                  record=record, fid=fid))
            was[fid] = efid
            seen_at[afid] = iso(at)
        date_sql = "event_date IS NULL" if not group[0] else "event_date=?"
        old = {key: fid for fid, key in self.execute(
            f"SELECT fid, event_id_cnty FROM events WHERE {date_sql} AND event_type=?",
            (group[1],) if not group[0] else group)}
        old_members: dict[int, set[int]] = {}
        for rfid, efid in was.items():
            if efid is not None:
                old_members.setdefault(efid, set()).add(rfid)
        keep: set[int] = set()
        changed = []
        for cluster in cluster_reports(reports):
            members = {r.fid for r in cluster.reports}
            efid = old.get(cluster.lead.key)
            if efid is not None and old_members.get(efid) == members:
                keep.add(efid)  # the same reports led by the same report: the stored event stands
            else:
                changed.append((cluster, efid, members))
        if changed:
            fids = [r.fid for c, _, _ in changed for r in c.reports]
            full = {}
            for start in range(0, len(fids), 500):
                part = fids[start:start + 500]
                full.update({fid: rec for fid, rec in self.execute(
                    f"SELECT fid, record FROM reports WHERE fid IN ({','.join('?' * len(part))})", part)})
            for cluster, _, _ in changed:
                for r in cluster.reports:
                    lean = r.record
                    r.record = {**json.loads(full[r.fid]), "doc": lean["doc"], "x_terms": lean["x_terms"]}
        for cluster, efid, members in changed:
            rec = merged_record(cluster)
            first_seen = min(seen_at[r.article_fid] or "" for r in cluster.reports) or now_iso()
            if efid is None:
                efid = self._insert_event(rec, len(cluster.articles), first_seen)
            else:
                self._update_event(efid, rec, len(cluster.articles))
            keep.add(efid)
            self._follow_review(rec["event_id_cnty"], [r.key for r in cluster.reports])
            marks = ",".join("?" * len(members))
            self.execute(f"UPDATE reports SET event_fid=? WHERE fid IN ({marks})", (efid, *members))
            self.execute(f"UPDATE evidence SET event_fid=? WHERE report_fid IN ({marks})", (efid, *members))
        gone = [fid for fid in old.values() if fid not in keep]
        if gone:
            marks = ",".join("?" * len(gone))
            self.execute(f"DELETE FROM events WHERE fid IN ({marks})", gone)

    def _follow_review(self, event_id: str, keys: Sequence[str]) -> None:
        """An event is named by its leading report; when a better report comes to lead it, its review (held
        under the name of an earlier lead, one of its reports) moves with it, with an audit row saying so."""
        marks = ",".join("?" * len(keys))
        found = self.execute(f"SELECT event_id, reviewed_at FROM reviews WHERE event_id IN ({marks})",
                             keys).fetchall()
        if not found or event_id in {f[0] for f in found}:
            return
        newest = max(found, key=lambda f: (iso(f[1]) or "", f[0]))[0]
        self.execute("UPDATE reviews SET event_id=? WHERE event_id=?", (event_id, newest))
        self.execute("INSERT INTO audit (event_id, field, old_value, new_value, reason, reviewer, at) "
                     "VALUES (?,?,?,?,?,?,?)", (event_id, "event_id", newest, event_id,
                                                "another report now leads this event", "conflictmap", now_iso()))

    def _event_values(self, rec: Mapping[str, Any], n_articles: int) -> list[Any]:
        extra = {k: v for k, v in rec.items()
                 if (k.startswith("x_") or k in ("url", "title")) and k not in X_COLUMNS and k not in _NOT_EXTRA}
        return [*(cell(event_kind(c), rec.get(c)) for c in EVENT_COLUMNS), n_articles,
                json.dumps(rec.get("x_docs") or [], ensure_ascii=False),
                json.dumps(extra, ensure_ascii=False, default=str)]

    def _insert_event(self, rec: Mapping[str, Any], n_articles: int, first_seen: str) -> int:
        cols = ", ".join(q(c) for c in EVENT_COLUMNS)
        marks = ", ".join("?" * (len(EVENT_COLUMNS) + 3))
        now = now_iso()
        return self.insert(
            f"INSERT INTO events (geom, {cols}, x_n_evidence, x_docs, x_extra, first_seen, updated) "
            f"VALUES ({self.POINT_SQL}, {marks}, ?, ?)",
            (*self.point_params(num(rec.get("longitude")), num(rec.get("latitude"))),
             *self._event_values(rec, n_articles), first_seen, now))

    def _update_event(self, fid: int, rec: Mapping[str, Any], n_articles: int) -> None:
        sets = ", ".join(f"{q(c)}=?" for c in [*EVENT_COLUMNS, "x_n_evidence", "x_docs", "x_extra"])
        self.execute(
            f"UPDATE events SET geom={self.POINT_SQL}, {sets}, updated=? WHERE fid=?",
            (*self.point_params(num(rec.get("longitude")), num(rec.get("latitude"))),
             *self._event_values(rec, n_articles), now_iso(), fid))

    # -- reviews (the workspace of issue 18 writes through these) ---------------------------------
    def review(self, event_id: str, correction: Correction) -> dict[str, Any]:
        """Record a reviewer's action on an event: the review row and one audit row per changed value,
        in one transaction. Returns the review row."""
        bad = set(correction.changes) - set(REVIEW_FIELDS)
        if bad:
            raise ValueError(f"cannot correct {', '.join(sorted(bad))}")
        if correction.status is not None and correction.status not in REVIEW_STATUSES:
            raise ValueError(f"review status must be one of {', '.join(REVIEW_STATUSES)}")
        return self.write(lambda: self._review(event_id, correction))

    def _review(self, event_id: str, c: Correction) -> dict[str, Any]:
        cols = list(REVIEW_FIELDS)
        ev = self.execute(f"SELECT {', '.join(q(x) for x in cols)} FROM events WHERE event_id_cnty=?",
                          (event_id,)).fetchone()
        if ev is None:
            raise KeyError(event_id)
        machine = {k: iso(v) for k, v in zip(cols, ev, strict=True)}
        row = self.execute(f"SELECT status, reason, merged_into, {', '.join(q(x) for x in cols)} FROM reviews "
                           "WHERE event_id=?", (event_id,)).fetchone()
        current = {k: iso(v) for k, v in zip(["status", "reason", "merged_into", *cols], row or (), strict=False)}
        at = now_iso()
        audit = []
        values = {k: current.get(k) for k in cols}
        for k, v in c.changes.items():
            new = cell(REVIEW_FIELDS[k], v)
            old = values[k] if values[k] is not None else machine[k]
            if new != old:
                audit.append((event_id, k, _text(old), _text(new)))
                values[k] = new
        status = c.status or ("corrected" if any(v is not None for v in values.values()) else "accepted")
        if status != current.get("status"):
            audit.append((event_id, "x_review", current.get("status"), status))
        if c.merged_into != current.get("merged_into") and c.merged_into is not None:
            audit.append((event_id, "merged_into", current.get("merged_into"), c.merged_into))
        lon, lat = values["longitude"], values["latitude"]
        if (lon is None) != (lat is None):  # a move gives both; fill the other from the machine value
            lon, lat = (lon if lon is not None else machine["longitude"]), (lat if lat is not None else
                                                                             machine["latitude"])
            values["longitude"], values["latitude"] = lon, lat
        geom = self.point_params(num(lon), num(lat)) if lon is not None else self.point_params(None, None)
        self.execute("DELETE FROM reviews WHERE event_id=?", (event_id,))
        self.execute(
            f"INSERT INTO reviews (event_id, status, reason, reviewer, reviewed_at, merged_into, geom, "
            f"{', '.join(q(x) for x in cols)}) VALUES (?,?,?,?,?,?,{self.POINT_SQL},{', '.join('?' * len(cols))})",
            (event_id, status, c.reason or current.get("reason"), c.reviewer, at,
             c.merged_into or current.get("merged_into"), *geom, *(values[k] for k in cols)))
        if audit:
            self.executemany("INSERT INTO audit (event_id, field, old_value, new_value, reason, reviewer, at) "
                             "VALUES (?,?,?,?,?,?,?)", [(*a, c.reason, c.reviewer, at) for a in audit])
        return {"event_id": event_id, "status": status, "reviewer": c.reviewer, "reviewed_at": at, **values}

    def audit(self, event_id: str | None = None) -> list[dict[str, Any]]:
        where, args = ("WHERE event_id=?", (event_id,)) if event_id else ("", ())
        cur = self.execute("SELECT event_id, field, old_value, new_value, reason, reviewer, at FROM audit "
                           f"{where} ORDER BY at, fid", args)
        names = ["event_id", "field", "old_value", "new_value", "reason", "reviewer", "at"]
        return [{k: iso(v) for k, v in zip(names, r, strict=True)} for r in cur]

    def reviews(self) -> dict[str, dict[str, Any]]:
        cols = ["event_id", "status", "reason", "reviewer", "reviewed_at", "merged_into", *REVIEW_FIELDS]
        cur = self.execute(f"SELECT {', '.join(q(c) for c in cols)} FROM reviews")
        return {r[0]: {k: iso(v) for k, v in zip(cols, r, strict=True)} for r in cur}

    # -- reading -------------------------------------------------------------------------------------
    def load(self, date_from: str | None = None, date_to: str | None = None, *,
             include_rejected: bool = False, progress: Callable[[int], None] | None = None) -> Layers:
        return self.read(lambda: self._load(date_from, date_to, include_rejected, progress))

    def _load(self, date_from: str | None, date_to: str | None, include_rejected: bool,
              progress: Callable[[int], None] | None = None) -> Layers:
        """Events whose ``event_date`` lies in [date_from, date_to] (both inclusive, ISO dates), with their
        quotes from every supporting article, and the mentions of articles dated in that range. Reviewed
        values win over machine values (``x_review``, ``x_reviewed_by``); rejected events are left out
        unless ``include_rejected``. ``progress`` is told of each row read (the CLI's display counts them)."""
        counted = progress or _uncounted
        where, args = date_range("e.event_date", date_from, date_to)
        cols = ["fid", *EVENT_COLUMNS, "x_n_evidence", "x_docs", "x_extra"]
        cur = self.execute(f"SELECT {', '.join('e.' + q(c) for c in cols)} FROM events e {where} "
                           "ORDER BY e.event_date, e.event_id_cnty", args)
        reviews = self.reviews()
        events: list[dict[str, Any]] = []
        by_fid: dict[int, dict[str, Any]] = {}
        for row in cur:
            counted(1)
            rec = {c: iso(v) for c, v in zip(cols, row, strict=True)}
            out: dict[str, Any] = {c: rec[c] for c in EVENT_COLUMNS}
            out.update(json.loads(rec["x_extra"] or "{}"))
            out["x_n_evidence"] = rec["x_n_evidence"]
            out["x_docs"] = json.loads(rec["x_docs"] or "[]")
            out["x_quotes"] = []
            review = reviews.get(out["event_id_cnty"])
            if review:
                if review["status"] == "rejected" and not include_rejected:
                    continue
                out.update({k: v for k, v in review.items() if k in REVIEW_FIELDS and v is not None})
                out["x_review"], out["x_reviewed_by"] = review["status"], review["reviewer"]
                if review.get("event_type") or review.get("sub_event_type"):
                    out["disorder_type"] = _disorder_of(out)  # it follows from the (corrected) type
            by_fid[rec["fid"]] = out
            events.append(out)
        if by_fid:
            for efid, doc, quote, start, end in self.execute(
                    f"SELECT v.event_fid, v.doc, v.quote, v.start, v.\"end\" FROM evidence v "
                    f"JOIN events e ON e.fid = v.event_fid JOIN articles a ON a.fid = v.article_fid {where} "
                    "ORDER BY a.date, a.doc, a.content_hash, v.start, v.fid", args):
                counted(1)
                if quote and efid in by_fid:  # the shape geo.events gives: one object per supporting sentence
                    by_fid[efid]["x_quotes"].append({"doc": doc, "text": quote, "start": start, "end": end})
        m_where, m_args = date_range("m.article_date", date_from, date_to)
        cur = self.execute(
            f"SELECT {', '.join('m.' + q(c) for c in MENTION_COLUMNS)}, a.title, a.url, a.source "
            f"FROM mentions m JOIN articles a ON a.fid = m.article_fid {m_where} ORDER BY m.article_fid, m.fid",
            m_args)
        places = []
        for row in cur:
            counted(1)
            rec = dict(zip(MENTION_COLUMNS, row, strict=False))
            rec["article_title"], rec["article_url"], rec["article_source"] = row[-3:]
            rec["kind"] = rec.pop("place_kind")
            rec["in_libya"] = bool(rec["in_libya"])
            if rec["kind"] != "relative":
                for k in ("anchor", "anchor_id", "bearing_deg", "offset_km"):
                    if rec[k] is None:
                        del rec[k]
            places.append(rec)
        return Layers(places=places, events=events)

    def refresh_control(self, as_of: str | None = None) -> int:
        """Estimate control areas from the stored (reviewed) events as of a day (default: the latest event)
        and keep them as that day's set in ``control_areas`` (``control_areas_current`` shows the latest
        day's). Returns the number of areas."""
        # under the writer lock: the estimate is of the events as they are when it is stored
        return self.write(lambda: self._refresh_control(as_of))

    def _refresh_control(self, as_of: str | None) -> int:
        from shapely.geometry import MultiPolygon, Polygon, shape

        from maps.store import control_layers

        events = self._load(None, as_of, False).events
        if not events:
            return 0
        day = as_of or max(str(e["event_date"]) for e in events if e.get("event_date"))
        areas, _ = control_layers(events, as_of=day)
        rows = []
        for f in areas:
            geom = shape(f["geometry"])
            if isinstance(geom, Polygon):
                geom = MultiPolygon([geom])
            if not isinstance(geom, MultiPolygon) or geom.is_empty:
                continue
            p = f.get("properties") or {}
            rows.append((*self.polygon_params(geom.wkb, geom.bounds), p.get("side"), p.get("status"),
                         cell("DATE", p.get("valid_from")), cell("DATE", p.get("valid_to")), day, now_iso(),
                         json.dumps(p, ensure_ascii=False, default=str)))
        self.execute("DELETE FROM control_areas WHERE as_of=?", (day,))
        if rows:
            self.executemany(
                f"INSERT INTO control_areas (geom, side, status, valid_from, valid_to, as_of, estimated_at, "
                f"properties) VALUES ({self.POLYGON_SQL}, ?, ?, ?, ?, ?, ?, ?)", rows)
        return len(rows)

    def articles(self) -> Iterator[StoredArticle]:
        """Every stored article with the mention and event records it was ingested with (oldest first)."""
        from geo.article import Article

        fids = [r[0] for r in self.execute("SELECT fid FROM articles ORDER BY fid")]
        for fid in fids:
            row = self.execute("SELECT doc, article_id, date, title, source, url, language, text, ingested_at "
                               "FROM articles WHERE fid=?", (fid,)).fetchone()
            if row is None:
                continue  # revised away by a writer since the list was read
            doc, aid, date, title, source, url, language, text, at = row
            article = Article(doc=doc, text=text, date=date, title=title, source=source, url=url,
                              language=language, id=aid)
            places = []
            for r in self.execute(f"SELECT {', '.join(q(c) for c in MENTION_COLUMNS)} FROM mentions "
                                  "WHERE article_fid=? ORDER BY fid", (fid,)):
                rec = {k: v for k, v in zip(MENTION_COLUMNS, r, strict=True) if v is not None}
                rec["kind"] = rec.pop("place_kind", None)
                if "in_libya" in rec:
                    rec["in_libya"] = bool(rec["in_libya"])
                places.append(rec)
            events = [json.loads(r[0]) for r in self.execute(
                "SELECT record FROM reports WHERE article_fid=? ORDER BY fid", (fid,))]
            yield StoredArticle(article, places, events, iso(at))

    def audit_rows(self) -> list[dict[str, Any]]:
        return self.audit()

    def add_reviews(self, reviews: Mapping[str, Mapping[str, Any]], audit: Sequence[Mapping[str, Any]]) -> int:
        """Copy reviews and audit rows from another store: a review newer than the one held wins; audit rows
        already present are not added twice. Returns the number of reviews taken."""
        return self.write(lambda: self._add_reviews(reviews, audit))

    def _add_reviews(self, reviews: Mapping[str, Mapping[str, Any]], audit: Sequence[Mapping[str, Any]]) -> int:
        mine = self.reviews()
        cols = list(REVIEW_FIELDS)
        taken = 0
        for eid, r in reviews.items():
            if eid in mine and (mine[eid]["reviewed_at"] or "") >= (r["reviewed_at"] or ""):
                continue
            self.execute("DELETE FROM reviews WHERE event_id=?", (eid,))
            lon, lat = num(r.get("longitude")), num(r.get("latitude"))
            self.execute(
                f"INSERT INTO reviews (event_id, status, reason, reviewer, reviewed_at, merged_into, geom, "
                f"{', '.join(q(x) for x in cols)}) VALUES (?,?,?,?,?,?,{self.POINT_SQL},"
                f"{', '.join('?' * len(cols))})",
                (eid, r["status"], r.get("reason"), r.get("reviewer"), r.get("reviewed_at"), r.get("merged_into"),
                 *self.point_params(lon, lat), *(cell(REVIEW_FIELDS[k], r.get(k)) for k in cols)))
            taken += 1
        have = {tuple(a.values()) for a in self.audit()}
        new = [tuple(a.values()) for a in audit if tuple(a.values()) not in have]
        if new:
            self.executemany("INSERT INTO audit (event_id, field, old_value, new_value, reason, reviewer, at) "
                             "VALUES (?,?,?,?,?,?,?)", new)
        return taken


def _uncounted(n: int) -> None:
    return None


def _disorder_of(ev: Mapping[str, Any]) -> Any:
    from geo.events.model import disorder_type

    try:
        return disorder_type(str(ev.get("event_type")), str(ev.get("sub_event_type")))
    except KeyError:
        return ev.get("disorder_type")


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def date_range(column: str, date_from: str | None, date_to: str | None) -> tuple[str, list[str]]:
    clauses, args = [], []
    if date_from:
        clauses.append(f"{column} >= ?")
        args.append(date_from)
    if date_to:
        clauses.append(f"{column} <= ?")
        args.append(date_to)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), args
