"""Review and audit tables inside a GeoPackage event store, for a store module that has none yet.

Same rows and the same rules as the store's own review tables: one transaction per review, every
changed value an audit row, reviewed values win when the store is read, rejected events left out
unless asked for.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from maps.layers import Layers
from maps.review.model import FIELDS, STATUSES, Correction
from maps.store import EventStore

_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS reviews (event_id TEXT PRIMARY KEY, status TEXT NOT NULL, reason TEXT, "
    "reviewer TEXT, reviewed_at DATETIME, merged_into TEXT, "
    + ", ".join(f'"{k}" {t}' for k, t in FIELDS.items()) + ")",
    "CREATE TABLE IF NOT EXISTS audit (fid INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, "
    "field TEXT NOT NULL, old_value TEXT, new_value TEXT, reason TEXT, reviewer TEXT, at DATETIME NOT NULL)",
    "CREATE INDEX IF NOT EXISTS audit_event ON audit(event_id)",
]


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"


def _text(v: Any) -> str | None:
    return None if v is None else json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else str(v)


class ReviewedGeoPackage(EventStore):
    """The GeoPackage store with its review and audit tables."""

    def __init__(self, path: Any, *, readonly: bool = False) -> None:
        super().__init__(path, create=False, readonly=readonly)
        self.name = str(path)
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not readonly and not {"reviews", "audit"} <= tables:
            self.conn.execute("BEGIN IMMEDIATE")
            for stmt in _SCHEMA:
                self.conn.execute(stmt)
            self.conn.execute("COMMIT")
        self._has_tables = readonly is False or {"reviews", "audit"} <= tables

    def review(self, event_id: str, c: Correction) -> dict[str, Any]:
        if c.status is not None and c.status not in STATUSES:
            raise ValueError(f"review status must be one of {', '.join(STATUSES)}")
        cols = list(FIELDS)
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            ev = conn.execute("SELECT " + ", ".join(f'"{x}"' for x in cols) + " FROM events "
                              "WHERE event_id_cnty=?", (event_id,)).fetchone()
            if ev is None:
                raise KeyError(event_id)
            machine = dict(zip(cols, ev, strict=True))
            row = conn.execute("SELECT status, reason, merged_into, "
                               + ", ".join(f'"{x}"' for x in cols) + " FROM reviews WHERE event_id=?",
                               (event_id,)).fetchone()
            current = dict(zip(["status", "reason", "merged_into", *cols], row or (), strict=False))
            at = _now()
            audit = []
            values = {k: current.get(k) for k in cols}
            for k, v in c.changes.items():
                old = values[k] if values[k] is not None else machine[k]
                if v != old:
                    audit.append((event_id, k, _text(old), _text(v)))
                    values[k] = v
            status = c.status or ("corrected" if any(v is not None for v in values.values()) else "accepted")
            if status != current.get("status"):
                audit.append((event_id, "x_review", current.get("status"), status))
            if c.merged_into is not None and c.merged_into != current.get("merged_into"):
                audit.append((event_id, "merged_into", current.get("merged_into"), c.merged_into))
            conn.execute("DELETE FROM reviews WHERE event_id=?", (event_id,))
            conn.execute("INSERT INTO reviews (event_id, status, reason, reviewer, reviewed_at, merged_into, "
                         + ", ".join(f'"{x}"' for x in cols) + ") VALUES (" + ",".join("?" * (6 + len(cols))) + ")",
                         (event_id, status, c.reason or current.get("reason"), c.reviewer, at,
                          c.merged_into or current.get("merged_into"), *(values[k] for k in cols)))
            conn.executemany("INSERT INTO audit (event_id, field, old_value, new_value, reason, reviewer, at) "
                             "VALUES (?,?,?,?,?,?,?)", [(*a, c.reason, c.reviewer, at) for a in audit])
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return {"event_id": event_id, "status": status, "reviewer": c.reviewer, "reviewed_at": at, **values}

    def reviews(self) -> dict[str, dict[str, Any]]:
        if not self._has_tables:
            return {}
        cols = ["event_id", "status", "reason", "reviewer", "reviewed_at", "merged_into", *FIELDS]
        cur = self.conn.execute("SELECT " + ", ".join(f'"{c}"' for c in cols) + " FROM reviews")
        return {r[0]: dict(zip(cols, r, strict=True)) for r in cur}

    def audit(self, event_id: str | None = None) -> list[dict[str, Any]]:
        if not self._has_tables:
            return []
        where, args = ("WHERE event_id=?", (event_id,)) if event_id else ("", ())
        names = ["event_id", "field", "old_value", "new_value", "reason", "reviewer", "at"]
        cur = self.conn.execute(f"SELECT {', '.join(names)} FROM audit {where} ORDER BY at, fid", args)
        return [dict(zip(names, r, strict=True)) for r in cur]

    def load(self, date_from: str | None = None, date_to: str | None = None, *,
             include_rejected: bool = False) -> Layers:
        layers = super().load(date_from, date_to)
        reviews = self.reviews()
        kept = []
        for ev in layers.events:
            r = reviews.get(ev["event_id_cnty"])
            if r:
                if r["status"] == "rejected" and not include_rejected:
                    continue
                ev.update({k: v for k, v in r.items() if k in FIELDS and v is not None})
                ev["x_review"], ev["x_reviewed_by"] = r["status"], r["reviewer"]
            kept.append(ev)
        layers.events = kept
        return layers
