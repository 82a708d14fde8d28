"""The team's event store: PostgreSQL with PostGIS, through psycopg 3.

The same tables as the GeoPackage store, typed for PostgreSQL: ``geometry(Point, 4326)`` on ``events``,
``mentions`` and ``reviews``, ``geometry(MultiPolygon, 4326)`` on ``control_areas``, GiST indexes on each,
``date`` for event dates and ``timestamptz`` for times; views ``events_reviewed`` and
``control_areas_current``. QGIS loads every layer as it is.

Concurrency: each article is one transaction that first takes a transaction-level advisory lock on the store
(``pg_advisory_xact_lock``), so that one writer's read-match-write never interleaves with another's; the
pipeline itself runs outside it, in parallel. Serialization failures, deadlocks and unique violations (two
writers racing on the same text) roll back and retry the whole article. Reads run in a repeatable-read
snapshot. The connection string is a ``postgresql://`` URL; libpq's ``PG*`` environment variables
(``PGHOST``, ``PGPORT``, ``PGUSER``, ``PGDATABASE``, ``PGPASSWORD``, ``PGSERVICE`` ...) fill what it leaves out.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from maps.store_gpkg import CONTROL_CURRENT_VIEW, event_columns_ddl, reviewed_view_sql
from maps.store_sql import LEAN_COLUMNS, MENTION_COLUMNS, REVIEW_FIELDS, STORE_SCHEMA, SqlStore, StoreError, q

T = TypeVar("T")
_PG_TYPES = {"TEXT": "text", "INTEGER": "bigint", "REAL": "double precision", "BOOLEAN": "boolean",
             "DATE": "date"}
# One advisory-lock key for the store's writers (the first 8 bytes of "cmstore1" as a bigint).
LOCK_KEY = int.from_bytes(b"cmstore1", "big", signed=True)
RETRIES = 20
URL_PREFIXES = ("postgresql://", "postgres://", "postgresql:", "postgres:")


def is_pg_url(spec: object) -> bool:
    return isinstance(spec, str) and spec.startswith(URL_PREFIXES)


def display_name(conninfo: str) -> str:
    """The store as it may be shown: ``postgresql://user@host:port/db``, never the password."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        d = conninfo_to_dict(conninfo)
    except Exception:  # noqa: BLE001 - a malformed URL is reported by connect, not here
        return "postgresql://?"
    import os

    user = d.get("user") or os.environ.get("PGUSER") or ""
    host = d.get("host") or os.environ.get("PGHOST") or "localhost"
    port = d.get("port") or os.environ.get("PGPORT") or "5432"
    db = d.get("dbname") or os.environ.get("PGDATABASE") or user
    return f"postgresql://{user + '@' if user else ''}{host}:{port}/{db}"


def _schema_sql() -> list[str]:
    mention_cols = ", ".join(f"{q(c)} {_PG_TYPES[t]}" for c, t in MENTION_COLUMNS.items())
    review_cols = ", ".join(f"{q(c)} {_PG_TYPES[t]}" for c, t in REVIEW_FIELDS.items())
    lean_cols = ", ".join(f"{q(c)} {_PG_TYPES[t]}" for c, t in LEAN_COLUMNS.items())
    return [
        "CREATE TABLE cm_meta (key text PRIMARY KEY, value text)",
        f"INSERT INTO cm_meta VALUES ('schema', '{STORE_SCHEMA}')",
        "CREATE TABLE articles (fid bigserial PRIMARY KEY, doc text NOT NULL, article_id text, "
        "content_hash text NOT NULL UNIQUE, date text, title text, source text, url text, language text, "
        "text text NOT NULL, n_mentions integer, n_events integer, ingested_at timestamptz NOT NULL)",
        "CREATE INDEX articles_doc ON articles(doc)",
        "CREATE INDEX articles_id ON articles(article_id)",
        "CREATE INDEX articles_url ON articles(url)",
        "CREATE INDEX articles_date ON articles(date)",
        f"CREATE TABLE mentions (fid bigserial PRIMARY KEY, geom geometry(Point, 4326), "
        f"article_fid bigint NOT NULL REFERENCES articles(fid), {mention_cols})",
        "CREATE INDEX mentions_geom ON mentions USING gist (geom)",
        "CREATE INDEX mentions_article ON mentions(article_fid)",
        "CREATE INDEX mentions_date ON mentions(article_date)",
        f"CREATE TABLE events (fid bigserial PRIMARY KEY, geom geometry(Point, 4326), "
        f"{event_columns_ddl(_PG_TYPES)}, first_seen timestamptz, updated timestamptz)",
        "CREATE INDEX events_geom ON events USING gist (geom)",
        "CREATE INDEX events_date_type ON events(event_date, event_type)",
        "CREATE TABLE reports (fid bigserial PRIMARY KEY, article_fid bigint NOT NULL REFERENCES articles(fid), "
        "event_fid bigint REFERENCES events(fid), report_key text NOT NULL UNIQUE, event_date text NOT NULL, "
        f"event_type text NOT NULL, record text NOT NULL, {lean_cols})",
        "CREATE INDEX reports_group ON reports(event_date, event_type)",
        "CREATE INDEX reports_article ON reports(article_fid)",
        "CREATE INDEX reports_event ON reports(event_fid)",
        "CREATE TABLE evidence (fid bigserial PRIMARY KEY, event_fid bigint REFERENCES events(fid), "
        "article_fid bigint NOT NULL REFERENCES articles(fid), report_fid bigint NOT NULL REFERENCES reports(fid), "
        "doc text, source_event_id text, quote text, start bigint, \"end\" bigint, confidence double precision, "
        "fatalities bigint, source text, notes text)",
        "CREATE INDEX evidence_event ON evidence(event_fid)",
        "CREATE INDEX evidence_article ON evidence(article_fid)",
        "CREATE INDEX evidence_report ON evidence(report_fid)",
        f"CREATE TABLE reviews (event_id text PRIMARY KEY, status text NOT NULL, reason text, reviewer text, "
        f"reviewed_at timestamptz NOT NULL, merged_into text, geom geometry(Point, 4326), {review_cols})",
        "CREATE INDEX reviews_geom ON reviews USING gist (geom)",
        "CREATE TABLE audit (fid bigserial PRIMARY KEY, event_id text NOT NULL, field text NOT NULL, "
        "old_value text, new_value text, reason text, reviewer text, at timestamptz NOT NULL)",
        "CREATE INDEX audit_event ON audit(event_id)",
        "CREATE TABLE control_areas (fid bigserial PRIMARY KEY, geom geometry(MultiPolygon, 4326), side text, "
        "status text, valid_from date, valid_to date, as_of date, estimated_at timestamptz, properties text)",
        "CREATE INDEX control_areas_geom ON control_areas USING gist (geom)",
        "CREATE INDEX control_areas_as_of ON control_areas(as_of)",
        reviewed_view_sql(),
        CONTROL_CURRENT_VIEW,
        "COMMENT ON TABLE events IS 'Conflict events (machine coded), ACLED columns, merged across articles'",
        "COMMENT ON VIEW events_reviewed IS 'Events with reviewed values, rejected events left out'",
        "COMMENT ON VIEW control_areas_current IS 'The latest control estimate'",
    ]


class PostgisStore(SqlStore):
    """An open PostGIS event store. Use as a context manager; every ``ingest`` is one transaction."""

    POINT_SQL = "ST_SetSRID(ST_MakePoint(?, ?), 4326)"
    POLYGON_SQL = "ST_Multi(ST_SetSRID(ST_GeomFromWKB(?), 4326))"
    TIME_PRECISION_SQL = "(r.record::json ->> 'time_precision')"

    def __init__(self, conninfo: str, *, create: bool = True, readonly: bool = False) -> None:
        try:
            import psycopg
        except ImportError:  # pragma: no cover - psycopg is a dependency
            raise StoreError("a postgresql:// store needs psycopg (pip install 'psycopg[binary]')") from None
        self._psycopg = psycopg
        self.conninfo = "" if conninfo in ("postgresql:", "postgres:") else conninfo
        self.name = display_name(self.conninfo)
        self.readonly = readonly
        try:
            self.conn = psycopg.connect(self.conninfo, autocommit=True, connect_timeout=15,
                                        application_name="conflictmap")
        except psycopg.Error as exc:
            raise StoreError(f"{self.name}: cannot connect ({_one_line(exc)})") from None
        try:
            self._open(create and not readonly)
        except psycopg.Error as exc:
            self.conn.close()
            raise StoreError(f"{self.name}: {_one_line(exc)}") from None
        except BaseException:
            self.conn.close()
            raise

    def _open(self, create: bool) -> None:
        errors = self._psycopg.errors
        with self.conn.transaction():
            # Two processes that start on an empty database: the first creates, the second waits here
            # (a reader, which never creates, need not wait for a writer's article).
            if create:
                self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
            tables = {r[0] for r in self.conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}
            if "cm_meta" not in tables:
                if {"articles", "events", "evidence"} & tables:
                    raise StoreError(f"{self.name}: not a conflictmap event store (it has tables of its own)")
                if not create:
                    raise StoreError(f"{self.name}: no event store in this database (make one with "
                                     "`conflictmap ingest`)")
                try:
                    with self.conn.transaction():
                        self.conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
                except (errors.InsufficientPrivilege, errors.FeatureNotSupported, errors.UndefinedFile) as exc:
                    raise StoreError(f"{self.name}: PostGIS is not available ({_one_line(exc)}); a superuser "
                                     "can run CREATE EXTENSION postgis") from None
                for stmt in _schema_sql():
                    self.conn.execute(stmt)
                return
            row = self.conn.execute("SELECT value FROM cm_meta WHERE key='schema'").fetchone()
            if not row or row[0] != STORE_SCHEMA:
                raise StoreError(f"{self.name}: event store schema {row[0] if row else '?'} is not {STORE_SCHEMA}")

    # -- hooks --
    def _retryable(self) -> tuple[type[BaseException], ...]:
        e = self._psycopg.errors
        return (e.SerializationFailure, e.DeadlockDetected, e.UniqueViolation, e.LockNotAvailable)

    def _translate(self, exc: BaseException) -> BaseException:
        e = self._psycopg.errors
        if isinstance(exc, self._retryable()):
            return exc  # write() rolls back and runs the article again
        if isinstance(exc, (e.UndefinedTable, e.UndefinedColumn, e.UndefinedFunction)):
            return StoreError(f"{self.name}: not a usable event store (damaged: {_one_line(exc)})")
        if isinstance(exc, self._psycopg.OperationalError):
            return StoreError(f"{self.name}: {_one_line(exc)}", exit_code=1)
        return exc

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            return self.conn.execute(sql.replace("?", "%s"), params)
        except self._psycopg.Error as exc:
            err = self._translate(exc)
            if err is exc:
                raise
            raise err from None

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        try:
            with self.conn.cursor() as cur:
                cur.executemany(sql.replace("?", "%s"), rows)
        except self._psycopg.Error as exc:
            err = self._translate(exc)
            if err is exc:
                raise
            raise err from None

    def point_params(self, lon: float | None, lat: float | None) -> list[Any]:
        return [lon, lat] if lon is not None and lat is not None else [None, None]

    def polygon_params(self, wkb: bytes, bounds: tuple[float, float, float, float]) -> list[Any]:
        return [wkb]

    def write(self, fn: Callable[[], T]) -> T:
        if self.readonly:
            raise StoreError(f"{self.name}: opened read-only")
        retryable = self._retryable()
        for attempt in range(RETRIES):
            try:
                with self.conn.transaction():
                    self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
                    return fn()
            except retryable:
                if attempt == RETRIES - 1:
                    raise
                time.sleep(min(2.0, 0.02 * 2 ** attempt) * random.random())
            except self._psycopg.OperationalError as exc:
                raise StoreError(f"{self.name}: {_one_line(exc)}", exit_code=1) from None
        raise AssertionError("unreachable")

    def read(self, fn: Callable[[], T]) -> T:
        if self.conn.info.transaction_status != self._psycopg.pq.TransactionStatus.IDLE:
            return fn()  # already inside a write: it sees its own snapshot
        with self.conn.transaction():
            self.conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return fn()

    def close(self) -> None:
        self.conn.close()


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
