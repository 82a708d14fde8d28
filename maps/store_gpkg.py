"""The embedded event store: one GeoPackage (SQLite) file.

It is written with ``sqlite3`` as a valid GeoPackage 1.3 (``gpkg_spatial_ref_sys``, ``gpkg_contents``,
``gpkg_geometry_columns``, GeoPackage binary geometries, R-tree spatial indexes), so QGIS, GDAL and pyogrio
open its layers: ``events``, ``mentions``, ``control_areas`` and the views ``events_reviewed`` and
``control_areas_current``.

Concurrency: every write transaction is ``BEGIN IMMEDIATE``, SQLite's store-wide writer lock, taken before
anything is read, so one writer's read-match-write never interleaves with another's; creating a new store
happens inside such a transaction too, so that two ``ingest`` processes may start on a missing store.
Journal: WAL while open (a killed writer loses only its open transaction, readers never wait for it). The
WAL is checkpointed into the main file whenever it grows past SQLite's 1,000-page threshold and at close,
and the last writer to close switches the file back to a single file; after a SIGKILL the committed articles
may sit in ``STORE-wal`` until the next open (any SQLite client, QGIS included, folds them back), so copy a
store with ``conflictmap store copy`` rather than by copying the ``.gpkg`` file alone.
"""

from __future__ import annotations

import math
import os
import sqlite3
import struct
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from maps.store_sql import (
    EVENT_COLUMNS,
    LEAN_COLUMNS,
    MENTION_COLUMNS,
    REVIEW_FIELDS,
    STORE_SCHEMA,
    SqlStore,
    StoreError,
    event_kind,
    q,
)

SRS_ID = 4326
GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
GPKG_USER_VERSION = 10300  # GeoPackage 1.3.0
_SQL_TYPES = {"TEXT": "TEXT", "INTEGER": "INTEGER", "REAL": "REAL", "BOOLEAN": "BOOLEAN", "DATE": "DATE"}

_WGS84_WKT = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],'
    'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],'
    'UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],'
    'AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]'
)
_DAMAGE = ("malformed", "not a database", "disk image", "corrupt", "no such table", "no such column")

T = TypeVar("T")


# -- GeoPackage geometry -------------------------------------------------------------------------------

def gpkg_point(lon: float, lat: float, srs_id: int = SRS_ID) -> bytes:
    """A GeoPackage binary point: header (magic, version 0, little-endian flag, no envelope, SRS id)
    followed by ISO WKB."""
    return b"GP\x00\x01" + struct.pack("<i", srs_id) + struct.pack("<BIdd", 1, 1, lon, lat)


def gpkg_geometry(wkb: bytes, bounds: tuple[float, float, float, float], srs_id: int = SRS_ID) -> bytes:
    """A GeoPackage binary geometry with an XY envelope (what readers use without parsing the WKB)."""
    minx, miny, maxx, maxy = bounds
    return b"GP\x00\x03" + struct.pack("<i", srs_id) + struct.pack("<dddd", minx, maxx, miny, maxy) + wkb


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

def event_columns_ddl(types: dict[str, str]) -> str:
    cols = []
    for c in EVENT_COLUMNS:
        kind = types[event_kind(c)]
        cols.append(f"{q(c)} {kind} NOT NULL UNIQUE" if c == "event_id_cnty" else f"{q(c)} {kind}")
    cols += ["x_n_evidence INTEGER NOT NULL DEFAULT 1", "x_docs TEXT", "x_extra TEXT"]
    return ", ".join(cols)


def reviewed_view_sql(ts: str = "") -> str:
    """``events_reviewed``: the events with reviewed values winning, rejected events left out."""
    cols = ["e.fid AS fid", "COALESCE(r.geom, e.geom) AS geom"]
    for c in EVENT_COLUMNS:
        cols.append(f"COALESCE(r.{q(c)}, e.{q(c)}) AS {q(c)}" if c in REVIEW_FIELDS else f"e.{q(c)}")
    cols += ["e.x_n_evidence", "e.x_docs", "r.status AS x_review", "r.reviewer AS x_reviewed_by",
             "r.reason AS x_review_reason", "r.merged_into AS x_merged_into", "e.first_seen", "e.updated"]
    return (f"CREATE VIEW events_reviewed AS SELECT {', '.join(cols)} FROM events e LEFT JOIN reviews r "
            "ON r.event_id = e.event_id_cnty WHERE r.status IS NULL OR r.status <> 'rejected'")


CONTROL_CURRENT_VIEW = ("CREATE VIEW control_areas_current AS SELECT * FROM control_areas "
                        "WHERE as_of = (SELECT max(as_of) FROM control_areas)")


def _schema_sql() -> list[str]:
    mention_cols = ", ".join(f"{q(c)} {_SQL_TYPES[t]}" for c, t in MENTION_COLUMNS.items())
    review_cols = ", ".join(f"{q(c)} {_SQL_TYPES[t]}" for c, t in REVIEW_FIELDS.items())
    lean_cols = ", ".join(f"{q(c)} {_SQL_TYPES[t]}" for c, t in LEAN_COLUMNS.items())
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
        "CREATE TABLE articles (fid INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, article_id TEXT, "
        "content_hash TEXT NOT NULL UNIQUE, date TEXT, title TEXT, source TEXT, url TEXT, language TEXT, "
        "text TEXT NOT NULL, n_mentions INTEGER, n_events INTEGER, ingested_at DATETIME NOT NULL)",
        "CREATE INDEX articles_doc ON articles(doc)",
        "CREATE INDEX articles_id ON articles(article_id)",
        "CREATE INDEX articles_url ON articles(url)",
        "CREATE INDEX articles_date ON articles(date)",
        f"CREATE TABLE mentions (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT, "
        f"article_fid INTEGER NOT NULL REFERENCES articles(fid), {mention_cols})",
        "CREATE INDEX mentions_article ON mentions(article_fid)",
        "CREATE INDEX mentions_date ON mentions(article_date)",
        f"CREATE TABLE events (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT, "
        f"{event_columns_ddl(_SQL_TYPES)}, first_seen DATETIME, updated DATETIME)",
        "CREATE INDEX events_date_type ON events(event_date, event_type)",
        "CREATE TABLE reports (fid INTEGER PRIMARY KEY AUTOINCREMENT, "
        "article_fid INTEGER NOT NULL REFERENCES articles(fid), event_fid INTEGER REFERENCES events(fid), "
        f"report_key TEXT NOT NULL UNIQUE, event_date TEXT NOT NULL, event_type TEXT NOT NULL, record TEXT NOT NULL, "
        f"{lean_cols})",
        "CREATE INDEX reports_group ON reports(event_date, event_type)",
        "CREATE INDEX reports_article ON reports(article_fid)",
        "CREATE INDEX reports_event ON reports(event_fid)",
        "CREATE TABLE evidence (fid INTEGER PRIMARY KEY AUTOINCREMENT, event_fid INTEGER REFERENCES events(fid), "
        "article_fid INTEGER NOT NULL REFERENCES articles(fid), report_fid INTEGER NOT NULL REFERENCES "
        "reports(fid), doc TEXT, source_event_id TEXT, quote TEXT, start INTEGER, \"end\" INTEGER, "
        "confidence REAL, fatalities INTEGER, source TEXT, notes TEXT)",
        "CREATE INDEX evidence_event ON evidence(event_fid)",
        "CREATE INDEX evidence_article ON evidence(article_fid)",
        "CREATE INDEX evidence_report ON evidence(report_fid)",
        f"CREATE TABLE reviews (event_id TEXT PRIMARY KEY, status TEXT NOT NULL, reason TEXT, reviewer TEXT, "
        f"reviewed_at DATETIME NOT NULL, merged_into TEXT, geom BLOB, {review_cols})",
        "CREATE TABLE audit (fid INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, field TEXT NOT NULL, "
        "old_value TEXT, new_value TEXT, reason TEXT, reviewer TEXT, at DATETIME NOT NULL)",
        "CREATE INDEX audit_event ON audit(event_id)",
        "CREATE TABLE control_areas (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom MULTIPOLYGON, side TEXT, "
        "status TEXT, valid_from DATE, valid_to DATE, as_of DATE, estimated_at DATETIME, properties TEXT)",
        "CREATE INDEX control_areas_as_of ON control_areas(as_of)",
        reviewed_view_sql(),
        CONTROL_CURRENT_VIEW,
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES "
        "('events', 'features', 'events', 'Conflict events (machine coded), ACLED columns, merged across "
        "articles', 4326), "
        "('events_reviewed', 'features', 'events_reviewed', 'Events with reviewed values, rejected left out', 4326), "
        "('mentions', 'features', 'mentions', 'Place mentions found in the articles', 4326), "
        "('control_areas', 'features', 'control_areas', 'Estimated control areas, one set per as_of day', 4326), "
        "('control_areas_current', 'features', 'control_areas_current', 'The latest control estimate', 4326), "
        "('articles', 'attributes', 'articles', 'Ingested articles with their content hash', NULL), "
        "('reports', 'attributes', 'reports', 'Each article''s own report of an event', NULL), "
        "('evidence', 'attributes', 'evidence', 'Which article and quote supports which event', NULL), "
        "('reviews', 'attributes', 'reviews', 'Reviewed values and status per event', NULL), "
        "('audit', 'attributes', 'audit', 'Every review action: field, old and new value, who, when', NULL)",
        "INSERT INTO gpkg_geometry_columns VALUES ('events', 'geom', 'POINT', 4326, 0, 0), "
        "('events_reviewed', 'geom', 'POINT', 4326, 0, 0), ('mentions', 'geom', 'POINT', 4326, 0, 0), "
        "('control_areas', 'geom', 'MULTIPOLYGON', 4326, 0, 0), "
        "('control_areas_current', 'geom', 'MULTIPOLYGON', 4326, 0, 0)",
        *_rtree_sql("events"),
        *_rtree_sql("mentions"),
    ]


def damaged(path: object, exc: BaseException) -> StoreError:
    msg = " ".join(str(exc).split())
    if any(d in msg for d in _DAMAGE):
        return StoreError(f"{path}: not a usable event store (damaged: {msg})")
    if "locked" in msg or "busy" in msg:
        return StoreError(f"{path}: the store stayed locked by another writer ({msg})", exit_code=1)
    if "readonly" in msg or "unable to open" in msg:
        return StoreError(f"{path}: not writable ({msg})")
    return StoreError(f"{path}: {msg}", exit_code=1)


class GeoPackageStore(SqlStore):
    """An open GeoPackage event store. Use as a context manager; every ``ingest`` is one transaction."""

    POINT_SQL = "?"

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True, readonly: bool = False,
                 check: bool | None = None) -> None:
        self.path = Path(path)
        self.name = str(path)
        self.readonly = readonly
        exists = self.path.exists()
        if not exists and (readonly or not create):
            raise StoreError(f"{self.path}: no such event store")
        if exists and self.path.is_dir():
            raise StoreError(f"{self.path}: is a directory, not an event store")
        if exists and not self.path.is_file():
            raise StoreError(f"{self.path}: not a regular file, not an event store")
        if not exists:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{self.path}: cannot create directory ({exc.strerror or exc})") from None
        try:
            if readonly:
                uri = self.path.resolve().as_uri() + "?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=60)
            else:
                self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=60)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open ({exc})") from None
        _register_functions(self.conn)
        try:
            self.conn.execute("PRAGMA foreign_keys = ON")
            if readonly:
                if self.path.stat().st_size == 0:
                    raise StoreError(f"{self.path}: empty file, not an event store")
                self._check()
            else:
                self._open_for_writing(check if check is not None else exists)
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise damaged(self.path, exc) from None
        except StoreError:
            self.conn.close()
            raise

    def _open_for_writing(self, verify: bool) -> None:
        # Whoever takes the writer lock first creates the schema; a second process that started on the
        # same missing store waits for it and then finds a store to check, never a half-made one.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not tables:
                self.conn.execute(f"PRAGMA application_id = {GPKG_APPLICATION_ID}")
                self.conn.execute(f"PRAGMA user_version = {GPKG_USER_VERSION}")
                for stmt in _schema_sql():
                    self.conn.execute(stmt)
            else:
                self._check(tables)
                if verify:
                    # a damaged page must stop ``ingest`` before it writes, not after (exit 2, not 0)
                    (ok,) = self.conn.execute("PRAGMA quick_check(1)").fetchone()
                    if ok != "ok":
                        raise StoreError(f"{self.path}: not a usable event store (damaged: {ok})")
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        # WAL: a killed writer loses only its open transaction, and readers never block on it.
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")

    def _check(self, tables: set[str] | None = None) -> None:
        (app_id,) = self.conn.execute("PRAGMA application_id").fetchone()
        if tables is None:
            tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if app_id != GPKG_APPLICATION_ID or not {"cm_meta", "articles", "events", "evidence"} <= tables:
            raise StoreError(f"{self.path}: not a conflictmap event store (a GeoPackage made by "
                             "`conflictmap ingest`)")
        row = self.conn.execute("SELECT value FROM cm_meta WHERE key='schema'").fetchone()
        if not row or row[0] != STORE_SCHEMA:
            found = row[0] if row else "?"
            hint = " (made by an older conflictmap: `conflictmap store copy OLD NEW` makes a new store of its " \
                "articles)" if found == "1" else ""
            raise StoreError(f"{self.path}: event store schema {found} is not {STORE_SCHEMA}{hint}")

    # -- hooks --
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            return self.conn.execute(sql, params)
        except sqlite3.DatabaseError as exc:
            raise damaged(self.path, exc) from None

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        try:
            self.conn.executemany(sql, rows)
        except sqlite3.DatabaseError as exc:
            raise damaged(self.path, exc) from None

    def point_params(self, lon: float | None, lat: float | None) -> list[Any]:
        return [gpkg_point(lon, lat) if lon is not None and lat is not None else None]

    def polygon_params(self, wkb: bytes, bounds: tuple[float, float, float, float]) -> list[Any]:
        return [gpkg_geometry(wkb, bounds)]

    POLYGON_SQL = "?"

    def write(self, fn: Callable[[], T]) -> T:
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only")
        try:
            self.conn.execute("BEGIN IMMEDIATE")  # the store-wide writer lock, before anything is read
        except sqlite3.DatabaseError as exc:
            raise damaged(self.path, exc) from None
        try:
            out = fn()
            self.conn.execute("COMMIT")
            return out
        except sqlite3.DatabaseError as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise damaged(self.path, exc) from None
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def read(self, fn: Callable[[], T]) -> T:
        if self.conn.in_transaction:
            return fn()
        self.execute("BEGIN")  # one snapshot for every query of a read, even while a writer commits
        try:
            return fn()
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def close(self) -> None:
        if self.readonly:
            self.conn.close()
            return
        try:
            # Fold the WAL into the file; the last writer out also leaves a single file behind. Another
            # process still writing keeps WAL mode, and the checkpoint is then its to do.
            self.conn.execute("PRAGMA busy_timeout = 2000")
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.conn.execute("PRAGMA busy_timeout = 0")
            self.conn.execute("PRAGMA journal_mode = DELETE")
        except sqlite3.Error:
            pass
        self.conn.close()

    def backup_to(self, dst: str | os.PathLike[str]) -> None:
        """A consistent copy of the whole file, even while another process is writing to the store."""
        out = sqlite3.connect(dst)
        try:
            self.conn.backup(out)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot read ({exc})") from None
        finally:
            out.close()
