"""The event store: a GeoPackage (SQLite) that grows across runs.

It holds the articles (with a content hash), their place mentions, the events, and the evidence that
ties each event to the article and quote that support it. It is written with ``sqlite3`` as a valid
GeoPackage 1.3 (``gpkg_spatial_ref_sys``, ``gpkg_contents``, ``gpkg_geometry_columns``, GeoPackage binary
points, an R-tree spatial index), so QGIS, GDAL and pyogrio open its ``events`` and ``mentions`` layers.

Rules:
- one transaction per article: a kill leaves the store as it was before the article being written;
- the same content (hash of the text) is never ingested twice;
- the same event reported by another article (same date, same event type, the same place or one within
  ``MERGE_KM``, no contradiction between the sides involved) becomes one event with more evidence;
- an article whose ``doc`` is already stored with other text is a revision: its old mentions and evidence
  are replaced, and events that no longer have any evidence are removed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import math
import os
import sqlite3
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from maps.layers import Layers, is_libyan_event
from maps.tables import ACLED_COLUMNS

log = logging.getLogger(__name__)

MERGE_KM = 5.0
SRS_ID = 4326
GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
GPKG_USER_VERSION = 10300  # GeoPackage 1.3.0
STORE_SCHEMA = "1"

_INT_COLUMNS = {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
                "fatalities", "timestamp"}
_REAL_COLUMNS = {"latitude", "longitude"}
# x_ fields the store keeps as columns; any other x_ field of the first report is kept in x_extra (JSON).
_X_COLUMNS = {"x_quote": "TEXT", "x_start": "INTEGER", "x_end": "INTEGER", "x_location_ar": "TEXT",
              "x_place_id": "TEXT", "x_actor1_bloc": "TEXT", "x_actor2_bloc": "TEXT", "x_confidence": "REAL",
              "x_fatalities_low": "INTEGER", "x_fatalities_high": "INTEGER"}
_MENTION_COLUMNS = {"doc": "TEXT", "surface": "TEXT", "start": "INTEGER", "end": "INTEGER",
                    "place_id": "TEXT", "name": "TEXT", "name_ar": "TEXT", "lat": "REAL", "lon": "REAL",
                    "country": "TEXT", "place_kind": "TEXT", "in_libya": "BOOLEAN", "admin1": "TEXT",
                    "precision": "INTEGER", "confidence": "REAL", "anchor": "TEXT", "anchor_id": "TEXT",
                    "bearing_deg": "REAL", "offset_km": "REAL", "quote": "TEXT", "article_date": "DATE"}

_WGS84_WKT = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],'
    'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],'
    'UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],'
    'AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]'
)


class StoreError(Exception):
    """The store cannot be used (not a store, not writable, corrupt): a one-line message."""


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# -- GeoPackage geometry -------------------------------------------------------------------------------

def gpkg_point(lon: float, lat: float, srs_id: int = SRS_ID) -> bytes:
    """A GeoPackage binary point: header (magic, version 0, little-endian flag, no envelope, SRS id)
    followed by ISO WKB."""
    return b"GP\x00\x01" + struct.pack("<i", srs_id) + struct.pack("<BIdd", 1, 1, lon, lat)


def _wkb_offset(blob: bytes) -> int:
    flags = blob[3]
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}.get((flags >> 1) & 0x07, 0)
    return 8 + envelope


def _point_xy(blob: bytes | None) -> tuple[float, float] | None:
    if not blob or len(blob) < 8 or blob[:2] != b"GP" or blob[3] & 0x10:
        return None
    off = _wkb_offset(blob)
    order = "<" if blob[off] == 1 else ">"
    (gtype,) = struct.unpack_from(order + "I", blob, off + 1)
    if gtype % 1000 != 1:
        return None
    x, y = struct.unpack_from(order + "dd", blob, off + 5)
    return (x, y) if not (math.isnan(x) or math.isnan(y)) else None


def _register_functions(conn: sqlite3.Connection) -> None:
    # The R-tree triggers of the GeoPackage spec call these; GDAL defines them in its own connections.
    def coord(i: int) -> Any:
        def f(blob: bytes | None) -> float | None:
            xy = _point_xy(blob)
            return None if xy is None else xy[i]
        return f

    conn.create_function("ST_MinX", 1, coord(0), deterministic=True)
    conn.create_function("ST_MaxX", 1, coord(0), deterministic=True)
    conn.create_function("ST_MinY", 1, coord(1), deterministic=True)
    conn.create_function("ST_MaxY", 1, coord(1), deterministic=True)
    conn.create_function("ST_IsEmpty", 1, lambda b: 1 if _point_xy(b) is None else 0, deterministic=True)


def _rtree_sql(table: str) -> list[str]:
    t, c, i = table, "geom", "fid"
    r = f"rtree_{t}_{c}"
    vals = f"(NEW.{i}, ST_MinX(NEW.{c}), ST_MaxX(NEW.{c}), ST_MinY(NEW.{c}), ST_MaxY(NEW.{c}))"
    return [
        f"CREATE VIRTUAL TABLE {r} USING rtree(id, minx, maxx, miny, maxy)",
        f"CREATE TRIGGER {r}_insert AFTER INSERT ON {t} WHEN (NEW.{c} NOT NULL AND NOT ST_IsEmpty(NEW.{c})) "
        f"BEGIN INSERT OR REPLACE INTO {r} VALUES {vals}; END",
        f"CREATE TRIGGER {r}_update1 AFTER UPDATE OF {c} ON {t} WHEN OLD.{i} = NEW.{i} AND "
        f"(NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c})) BEGIN INSERT OR REPLACE INTO {r} VALUES {vals}; END",
        f"CREATE TRIGGER {r}_update2 AFTER UPDATE OF {c} ON {t} WHEN OLD.{i} = NEW.{i} AND "
        f"(NEW.{c} IS NULL OR ST_IsEmpty(NEW.{c})) BEGIN DELETE FROM {r} WHERE id = OLD.{i}; END",
        f"CREATE TRIGGER {r}_update3 AFTER UPDATE ON {t} WHEN OLD.{i} != NEW.{i} AND "
        f"(NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c})) BEGIN DELETE FROM {r} WHERE id = OLD.{i}; "
        f"INSERT OR REPLACE INTO {r} VALUES {vals}; END",
        f"CREATE TRIGGER {r}_update4 AFTER UPDATE ON {t} WHEN OLD.{i} != NEW.{i} AND "
        f"(NEW.{c} IS NULL OR ST_IsEmpty(NEW.{c})) BEGIN DELETE FROM {r} WHERE id IN (OLD.{i}, NEW.{i}); END",
        f"CREATE TRIGGER {r}_delete AFTER DELETE ON {t} WHEN OLD.{c} NOT NULL "
        f"BEGIN DELETE FROM {r} WHERE id = OLD.{i}; END",
        "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) "
        f"VALUES ('{t}', '{c}', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', "
        "'write-only')",
    ]


# -- schema -----------------------------------------------------------------------------------------

def _event_columns_sql() -> str:
    cols = []
    for c in ACLED_COLUMNS:
        if c == "event_id_cnty":
            cols.append(f"{_q(c)} TEXT NOT NULL UNIQUE")
        elif c == "event_date":
            cols.append(f"{_q(c)} DATE")
        else:
            kind = "INTEGER" if c in _INT_COLUMNS else "REAL" if c in _REAL_COLUMNS else "TEXT"
            cols.append(f"{_q(c)} {kind}")
    cols += ["doc TEXT"] + [f"{_q(c)} {t}" for c, t in _X_COLUMNS.items()]
    cols += ["x_n_evidence INTEGER NOT NULL DEFAULT 1", "x_docs TEXT", "x_extra TEXT",
             "first_seen DATETIME", "updated DATETIME"]
    return ", ".join(cols)


def _schema_sql() -> list[str]:
    mention_cols = ", ".join(f"{_q(c)} {t}" for c, t in _MENTION_COLUMNS.items())
    return [
        "CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, "
        "organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, "
        "description TEXT)",
        "CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, "
        "identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT "
        "(strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, "
        "srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))",
        "CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, "
        "geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, "
        "CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), "
        "CONSTRAINT uk_gc_table_name UNIQUE (table_name), "
        "CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), "
        "CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))",
        "CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, "
        "definition TEXT NOT NULL, scope TEXT NOT NULL, "
        "CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))",
        "INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', "
        "'undefined cartesian coordinate reference system')",
        "INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', "
        "'undefined geographic coordinate reference system')",
        f"INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, '{_WGS84_WKT}', "
        "'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')",
        "CREATE TABLE cm_meta (key TEXT PRIMARY KEY, value TEXT)",
        f"INSERT INTO cm_meta VALUES ('schema', '{STORE_SCHEMA}')",
        "CREATE TABLE articles (fid INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, "
        "content_hash TEXT NOT NULL UNIQUE, date TEXT, title TEXT, source TEXT, url TEXT, language TEXT, "
        "text TEXT NOT NULL, n_mentions INTEGER, n_events INTEGER, ingested_at DATETIME NOT NULL)",
        "CREATE INDEX articles_doc ON articles(doc)",
        "CREATE INDEX articles_date ON articles(date)",
        f"CREATE TABLE mentions (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT, "
        f"article_fid INTEGER NOT NULL REFERENCES articles(fid), {mention_cols})",
        "CREATE INDEX mentions_article ON mentions(article_fid)",
        "CREATE INDEX mentions_date ON mentions(article_date)",
        f"CREATE TABLE events (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT, {_event_columns_sql()})",
        "CREATE INDEX events_date_type ON events(event_date, event_type)",
        "CREATE TABLE evidence (fid INTEGER PRIMARY KEY AUTOINCREMENT, "
        "event_fid INTEGER NOT NULL REFERENCES events(fid), "
        "article_fid INTEGER NOT NULL REFERENCES articles(fid), doc TEXT, source_event_id TEXT, "
        "quote TEXT, start INTEGER, \"end\" INTEGER, confidence REAL, fatalities INTEGER, source TEXT, "
        "notes TEXT, UNIQUE (event_fid, article_fid, start))",
        "CREATE INDEX evidence_event ON evidence(event_fid)",
        "CREATE INDEX evidence_article ON evidence(article_fid)",
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES "
        "('events', 'features', 'events', 'Conflict events, ACLED columns, merged across articles', 4326), "
        "('mentions', 'features', 'mentions', 'Place mentions found in the articles', 4326), "
        "('articles', 'attributes', 'articles', 'Ingested articles with their content hash', NULL), "
        "('evidence', 'attributes', 'evidence', 'Which article and quote supports which event', NULL)",
        "INSERT INTO gpkg_geometry_columns VALUES ('events', 'geom', 'POINT', 4326, 0, 0), "
        "('mentions', 'geom', 'POINT', 4326, 0, 0)",
        *_rtree_sql("events"),
        *_rtree_sql("mentions"),
    ]


# -- helpers ------------------------------------------------------------------------------------------

def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _num(value: Any) -> float | None:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _int(value: Any) -> int | None:
    f = _num(value)
    return None if f is None else int(f)


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"


def _blocs(ev: Mapping[str, Any]) -> set[str]:
    blocs = {str(b).strip().lower() for b in (ev.get("x_actor1_bloc"), ev.get("x_actor2_bloc")) if b}
    return blocs - {"", "unknown", "none"}


def _quotes_of(ev: Mapping[str, Any], doc: str) -> list[tuple[str | None, int | None, int | None]]:
    """The quotes of this article that support ``ev``: its ``x_quotes`` (fused reports carry several),
    else its single ``x_quote``."""
    out = []
    for q in ev.get("x_quotes") or ():
        if isinstance(q, Mapping) and q.get("doc") in (None, doc):
            out.append((q.get("text"), _int(q.get("start")), _int(q.get("end"))))
        elif isinstance(q, str):
            out.append((q, None, None))
    return out or [(ev.get("x_quote"), _int(ev.get("x_start")), _int(ev.get("x_end")))]


def _sql_value(column: str, value: Any) -> Any:
    if value is None:
        return None
    if column in _INT_COLUMNS or _X_COLUMNS.get(column) == "INTEGER":
        return _int(value)
    if column in _REAL_COLUMNS or _X_COLUMNS.get(column) == "REAL":
        return _num(value)
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return str(value) if not isinstance(value, (int, float)) else value


@dataclass(slots=True)
class IngestResult:
    doc: str
    status: str  # "added" | "unchanged" | "revised"
    mentions: int = 0
    events_new: int = 0
    events_merged: int = 0


# -- the store ----------------------------------------------------------------------------------------

class EventStore:
    """An open event store. Use as a context manager; every ``ingest`` is one transaction."""

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        exists = self.path.exists()
        if readonly and not exists:
            raise StoreError(f"{self.path}: no such event store")
        if not exists and not create:
            raise StoreError(f"{self.path}: no such event store")
        if exists and self.path.is_dir():
            raise StoreError(f"{self.path}: is a directory, not an event store")
        if not exists:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{self.path}: cannot create directory ({exc.strerror or exc})") from None
        try:
            if readonly:
                uri = self.path.resolve().as_uri() + "?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30)
            else:
                self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open ({exc})") from None
        _register_functions(self.conn)
        try:
            self.conn.execute("PRAGMA foreign_keys = ON")
            if exists and self.path.stat().st_size > 0:
                self._check()
            elif readonly:
                raise StoreError(f"{self.path}: empty file, not an event store")
            else:
                self._create()
            if not readonly:
                # WAL: a killed writer loses only its open transaction, and readers never block on it.
                # ``close`` switches back to a single file for QGIS and for copying.
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            msg = str(exc)
            if "readonly" in msg or "unable to open" in msg:
                raise StoreError(f"{self.path}: not writable ({msg})") from None
            raise StoreError(f"{self.path}: not an event store ({msg})") from None

    # -- lifecycle --
    def _create(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.execute(f"PRAGMA application_id = {GPKG_APPLICATION_ID}")
            self.conn.execute(f"PRAGMA user_version = {GPKG_USER_VERSION}")
            for stmt in _schema_sql():
                self.conn.execute(stmt)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def _check(self) -> None:
        (app_id,) = self.conn.execute("PRAGMA application_id").fetchone()
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if app_id != GPKG_APPLICATION_ID or not {"cm_meta", "articles", "events", "evidence"} <= tables:
            raise StoreError(f"{self.path}: not a conflictmap event store (a GeoPackage made by "
                             "`conflictmap ingest`)")
        row = self.conn.execute("SELECT value FROM cm_meta WHERE key='schema'").fetchone()
        if not row or row[0] != STORE_SCHEMA:
            raise StoreError(f"{self.path}: event store schema {row[0] if row else '?'} is not "
                             f"{STORE_SCHEMA}")

    def close(self) -> None:
        if self.readonly:
            self.conn.close()
            return
        try:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.conn.execute("PRAGMA journal_mode = DELETE")
        except sqlite3.Error:
            pass  # another reader holds the WAL open; it is checkpointed later
        self.conn.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- queries --
    def has_content(self, text: str) -> bool:
        h = content_hash(text)
        return self.conn.execute("SELECT 1 FROM articles WHERE content_hash=?", (h,)).fetchone() is not None

    def counts(self) -> dict[str, int]:
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "mentions", "events", "evidence")}

    # -- ingest --
    def ingest(self, article: Any, places: Sequence[Mapping[str, Any]],
               events: Sequence[Mapping[str, Any]]) -> IngestResult:
        """Add one article with its mention records and event records, in one transaction."""
        h = content_hash(article.text)
        result = IngestResult(doc=article.doc, status="added")
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT 1 FROM articles WHERE content_hash=?", (h,)).fetchone():
                conn.execute("ROLLBACK")
                result.status = "unchanged"
                return result
            old = [r[0] for r in conn.execute("SELECT fid FROM articles WHERE doc=?", (article.doc,))]
            if old:
                self._forget_articles(old)
                result.status = "revised"
            cur = conn.execute(
                "INSERT INTO articles (doc, content_hash, date, title, source, url, language, text, "
                "n_mentions, n_events, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (article.doc, h, article.date, article.title, article.source, article.url,
                 getattr(article, "language", None), article.text, len(places), len(events), _now()))
            article_fid = cur.lastrowid
            assert article_fid is not None
            self._insert_mentions(article_fid, article, places)
            result.mentions = len(places)
            for ev in events:
                if not is_libyan_event(ev):
                    continue
                if self._merge_or_insert(article_fid, article, ev):
                    result.events_merged += 1
                else:
                    result.events_new += 1
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return result

    def _forget_articles(self, fids: Sequence[int]) -> None:
        marks = ",".join("?" * len(fids))
        touched = [r[0] for r in self.conn.execute(
            f"SELECT DISTINCT event_fid FROM evidence WHERE article_fid IN ({marks})", fids)]
        self.conn.execute(f"DELETE FROM evidence WHERE article_fid IN ({marks})", fids)
        self.conn.execute(f"DELETE FROM mentions WHERE article_fid IN ({marks})", fids)
        for efid in touched:
            n = self.conn.execute("SELECT count(*) FROM evidence WHERE event_fid=?", (efid,)).fetchone()[0]
            if n == 0:
                self.conn.execute("DELETE FROM events WHERE fid=?", (efid,))
            else:
                docs = [r[0] for r in self.conn.execute(
                    "SELECT DISTINCT doc FROM evidence WHERE event_fid=? ORDER BY fid", (efid,))]
                n_articles = self.conn.execute("SELECT count(DISTINCT article_fid) FROM evidence WHERE event_fid=?",
                                               (efid,)).fetchone()[0]
                self.conn.execute("UPDATE events SET x_n_evidence=?, x_docs=?, updated=? WHERE fid=?",
                                  (n_articles, json.dumps(docs, ensure_ascii=False), _now(), efid))
        self.conn.execute(f"DELETE FROM articles WHERE fid IN ({marks})", fids)

    def _insert_mentions(self, article_fid: int, article: Any, places: Sequence[Mapping[str, Any]]) -> None:
        cols = list(_MENTION_COLUMNS)
        sql = (f"INSERT INTO mentions (geom, article_fid, {', '.join(_q(c) for c in cols)}) "
               f"VALUES (?, ?, {', '.join('?' * len(cols))})")
        rows = []
        for rec in places:
            lon, lat = _num(rec.get("lon")), _num(rec.get("lat"))
            geom = gpkg_point(lon, lat) if lon is not None and lat is not None else None
            values = {**rec, "place_kind": rec.get("kind"), "doc": rec.get("doc") or article.doc,
                      "article_date": article.date or rec.get("article_date")}
            row = []
            for c in cols:
                v = values.get(c)
                t = _MENTION_COLUMNS[c]
                row.append(_int(v) if t == "INTEGER" else _num(v) if t == "REAL"
                           else (None if v is None else int(bool(v))) if t == "BOOLEAN"
                           else None if v is None else str(v))
            rows.append((geom, article_fid, *row))
        self.conn.executemany(sql, rows)

    def _find_match(self, ev: Mapping[str, Any], article_fid: int) -> tuple[int, dict[str, Any]] | None:
        # Events this article already supports are left alone: within one article the extractor has
        # already fused what it judged to be one event, and the store only joins reports across articles.
        # ACLED's events (ids not ours) stay ACLED's: never merged into ours, nor ours into them.
        if ev.get("x_origin") == "acled":
            return None
        lat, lon = _num(ev.get("latitude")), _num(ev.get("longitude"))
        best: tuple[float, int, dict[str, Any]] | None = None
        cur = self.conn.execute(
            "SELECT fid, latitude, longitude, x_place_id, x_actor1_bloc, x_actor2_bloc, geo_precision, "
            "fatalities, x_fatalities_low, x_fatalities_high, source, source_scale, x_confidence, x_docs "
            "FROM events WHERE event_date=? AND event_type=? "
            "AND (x_extra IS NULL OR x_extra NOT LIKE '%\"x_origin\": \"acled\"%') "
            "AND NOT EXISTS (SELECT 1 FROM evidence v "
            "WHERE v.event_fid = events.fid AND v.article_fid = ?)",
            (ev.get("event_date"), ev.get("event_type"), article_fid))
        names = [d[0] for d in cur.description]
        new_blocs = _blocs(ev)
        for row in cur:
            rec = dict(zip(names, row, strict=True))
            old_blocs = _blocs(rec)
            if new_blocs and old_blocs and not new_blocs & old_blocs:
                continue  # e.g. a militia clash and an LNA air strike in the same town on the same day
            same_place = bool(ev.get("x_place_id")) and ev.get("x_place_id") == rec["x_place_id"]
            if same_place:
                dist = 0.0
            elif None in (lat, lon, rec["latitude"], rec["longitude"]):
                continue
            else:
                dist = haversine_km(lat, lon, rec["latitude"], rec["longitude"])  # type: ignore[arg-type]
                if dist > MERGE_KM:
                    continue
            if best is None or dist < best[0]:
                best = (dist, rec["fid"], rec)
        return None if best is None else (best[1], best[2])

    def _merge_or_insert(self, article_fid: int, article: Any, ev: Mapping[str, Any]) -> bool:
        """True when ``ev`` joined an existing event, False when it became a new one."""
        match = self._find_match(ev, article_fid)
        if match is None:
            event_fid = self._insert_event(ev, article)
            merged = False
        else:
            event_fid, old = match
            self._merge_into(event_fid, old, ev, article)
            merged = True
        for quote, start, end in _quotes_of(ev, article.doc):
            self.conn.execute(
                "INSERT OR IGNORE INTO evidence (event_fid, article_fid, doc, source_event_id, quote, start, "
                "\"end\", confidence, fatalities, source, notes) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (event_fid, article_fid, article.doc, ev.get("event_id_cnty"), quote, start, end,
                 _num(ev.get("x_confidence")), _int(ev.get("fatalities")),
                 ev.get("source") or article.source, ev.get("notes")))
        if merged:
            self.conn.execute("UPDATE events SET x_n_evidence=(SELECT count(DISTINCT article_fid) FROM evidence "
                              "WHERE event_fid=?) "
                              "WHERE fid=?", (event_fid, event_fid))
        return merged

    def _insert_event(self, ev: Mapping[str, Any], article: Any) -> int:
        cols = [*ACLED_COLUMNS, "doc", *_X_COLUMNS]
        values = [_sql_value(c, ev.get(c)) for c in cols]
        values[cols.index("doc")] = article.doc
        if not values[cols.index("source")]:
            values[cols.index("source")] = article.source
        extra = {k: v for k, v in ev.items()
                 if (k.startswith("x_") or k in ("url", "title")) and k not in _X_COLUMNS
                 and k not in ("x_quotes", "x_docs", "x_n_evidence")}
        lat, lon = _num(ev.get("latitude")), _num(ev.get("longitude"))
        geom = gpkg_point(lon, lat) if lat is not None and lon is not None else None
        now = _now()
        docs = json.dumps([values[cols.index("doc")]], ensure_ascii=False)
        sql = (f"INSERT INTO events (geom, {', '.join(_q(c) for c in cols)}, x_n_evidence, x_docs, x_extra, "
               f"first_seen, updated) VALUES ({', '.join('?' * (len(cols) + 6))})")
        base_id = str(ev.get("event_id_cnty") or f"CMLBY{content_hash(json.dumps(values, default=str))[:10]}")
        for attempt in range(100):
            values[0] = base_id if attempt == 0 else f"{base_id}-{attempt + 1}"
            try:
                cur = self.conn.execute(sql, (geom, *values, 1, docs,
                                              json.dumps(extra, ensure_ascii=False, default=str), now, now))
            except sqlite3.IntegrityError as exc:
                if "event_id_cnty" not in str(exc):
                    raise
                continue
            assert cur.lastrowid is not None
            return cur.lastrowid
        raise StoreError(f"{self.path}: cannot find a free id for event {base_id}")

    def _merge_into(self, fid: int, old: dict[str, Any], ev: Mapping[str, Any], article: Any) -> None:
        # ACLED codes the most conservative fatality figure when reports differ; keep the range too.
        lows = [v for v in (_int(old["x_fatalities_low"]) or _int(old["fatalities"]),
                            _int(ev.get("x_fatalities_low")) or _int(ev.get("fatalities"))) if v]
        highs = [v for v in (_int(old["x_fatalities_high"]), _int(ev.get("x_fatalities_high")),
                             _int(ev.get("fatalities"))) if v]
        low = min(lows) if lows else 0
        sources = [s for s in str(old["source"] or "").split("; ") if s]
        for s in str(ev.get("source") or article.source or "").split("; "):
            if s and s not in sources:
                sources.append(s)
        scales = sorted({part for s in (old["source_scale"], ev.get("source_scale")) if s
                         for part in str(s).split("-") if part})
        docs = json.loads(old["x_docs"] or "[]")
        doc = article.doc
        if doc not in docs:
            docs.append(doc)
        conf = max(v for v in (_num(old["x_confidence"]) or 0.0, _num(ev.get("x_confidence")) or 0.0))
        self.conn.execute(
            "UPDATE events SET fatalities=?, x_fatalities_low=?, x_fatalities_high=?, source=?, "
            "source_scale=?, x_confidence=?, x_docs=?, updated=? WHERE fid=?",
            (low, low, max(highs) if highs else low, "; ".join(sources), "-".join(scales) or None,
             round(conf, 3), json.dumps(docs, ensure_ascii=False), _now(), fid))
        new_prec, old_prec = _int(ev.get("geo_precision")), _int(old["geo_precision"])
        if new_prec is not None and (old_prec is None or new_prec < old_prec):
            # a later report that names the exact place sharpens the location
            lat, lon = _num(ev.get("latitude")), _num(ev.get("longitude"))
            if lat is not None and lon is not None:
                self.conn.execute(
                    "UPDATE events SET geom=?, latitude=?, longitude=?, geo_precision=?, location=?, admin1=?, "
                    "admin2=?, admin3=?, x_place_id=?, x_location_ar=? WHERE fid=?",
                    (gpkg_point(lon, lat), lat, lon, new_prec, ev.get("location"), ev.get("admin1"),
                     ev.get("admin2"), ev.get("admin3"), ev.get("x_place_id"), ev.get("x_location_ar"), fid))

    # -- reading --
    def load(self, date_from: str | None = None, date_to: str | None = None) -> Layers:
        """Events whose ``event_date`` lies in [date_from, date_to] (both inclusive, ISO dates), with their
        quotes from every supporting article, and the mentions of articles dated in that range."""
        where, args = _date_range("event_date", date_from, date_to)
        cur = self.conn.execute(f"SELECT * FROM events {where} ORDER BY event_date, fid", args)
        names = [d[0] for d in cur.description]
        events: list[dict[str, Any]] = []
        by_fid: dict[int, dict[str, Any]] = {}
        for row in cur:
            rec = dict(zip(names, row, strict=True))
            out: dict[str, Any] = {c: rec[c] for c in ACLED_COLUMNS}
            out["doc"] = rec["doc"]
            out.update({c: rec[c] for c in _X_COLUMNS})
            out.update(json.loads(rec["x_extra"] or "{}"))
            out["x_n_evidence"] = rec["x_n_evidence"]
            out["x_docs"] = json.loads(rec["x_docs"] or "[]")
            out["x_quotes"] = []
            by_fid[rec["fid"]] = out
            events.append(out)
        if by_fid:
            ev_where = where.replace("event_date", "e.event_date")
            for efid, doc, quote, start, end in self.conn.execute(
                    f"SELECT v.event_fid, v.doc, v.quote, v.start, v.\"end\" FROM evidence v "
                    f"JOIN events e ON e.fid = v.event_fid {ev_where} ORDER BY v.fid", args):
                if quote:  # the shape geo.events gives: one object per supporting sentence
                    by_fid[efid]["x_quotes"].append({"doc": doc, "text": quote, "start": start, "end": end})
        m_where, m_args = _date_range("article_date", date_from, date_to)
        m_where = m_where.replace("article_date", "m.article_date")
        cur = self.conn.execute(
            f"SELECT {', '.join('m.' + _q(c) for c in _MENTION_COLUMNS)}, a.title, a.url, a.source "
            f"FROM mentions m JOIN articles a ON a.fid = m.article_fid {m_where} ORDER BY m.fid", m_args)
        places = []
        for row in cur:
            rec = dict(zip(_MENTION_COLUMNS, row, strict=False))
            rec["article_title"], rec["article_url"], rec["article_source"] = row[-3:]
            rec["kind"] = rec.pop("place_kind")
            rec["in_libya"] = bool(rec["in_libya"])
            if rec["kind"] != "relative":
                for k in ("anchor", "anchor_id", "bearing_deg", "offset_km"):
                    if rec[k] is None:
                        del rec[k]
            places.append(rec)
        return Layers(places=places, events=events)


def _date_range(column: str, date_from: str | None, date_to: str | None) -> tuple[str, list[str]]:
    clauses, args = [], []
    if date_from:
        clauses.append(f"{column} >= ?")
        args.append(date_from)
    if date_to:
        clauses.append(f"{column} <= ?")
        args.append(date_to)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), args


def open_store(path: str | os.PathLike[str], *, create: bool = True) -> EventStore:
    return EventStore(path, create=create)


def load_analysis(store_path: str | os.PathLike[str], date_from: str | None = None,
                  date_to: str | None = None, *, control: bool = True) -> Layers:
    """What ``map`` and ``export`` draw when given ``--store``: the four layers for a date range.

    Control areas and front lines are not stored (they are estimates for a day, not facts of one
    article): with ``control`` they are estimated from the stored events as of ``date_to`` (else the
    latest event).
    """
    with EventStore(store_path, create=False, readonly=True) as store:
        layers = store.load(date_from, date_to)
    if control and layers.events:
        areas, fronts = control_layers(layers.events, as_of=date_to)
        layers.control_areas, layers.front_lines = areas, fronts
    return layers


def control_layers(events: Sequence[Mapping[str, Any]], as_of: str | None = None
                   ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Control areas and front lines estimated from events alone (no article text), as of a day."""
    try:
        from geo.control import estimate_control, to_features
    except ImportError:  # pragma: no cover - the control stage is not in this checkout
        return [], []
    from shapely.errors import GEOSException

    try:
        feats = to_features(estimate_control([], events, as_of=as_of))
    except GEOSException as exc:
        # the events are still worth exporting when the geometry of the estimate fails
        log.warning("control areas not estimated: %s", exc)
        return [], []
    kinds = [(f.get("properties") or {}).get("kind") for f in feats]
    return ([f for f, k in zip(feats, kinds, strict=True) if k == "control_area"],
            [f for f, k in zip(feats, kinds, strict=True) if k == "front_line"])


def ingest_all(store: EventStore, items: Iterable[tuple[Any, Sequence[Mapping[str, Any]],
                                                          Sequence[Mapping[str, Any]]]]) -> list[IngestResult]:
    """Ingest (article, places, events) triples one transaction each."""
    return [store.ingest(a, p, e) for a, p, e in items]
