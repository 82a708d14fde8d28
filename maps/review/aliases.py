"""Corrections that teach the gazetteer: a surface form an analyst moved to the right place.

Every alias is recorded in ``review-aliases.jsonl`` in the user's gazetteer directory (who, when, which
event, which article). A global alias also becomes a row of ``review-aliases.csv`` there, a custom-places
file registered in the gazetteer's import manifest, so the next ``ingest`` finds that name at that place.
An alias for one article's context is recorded but not given to the gazetteer, where it would apply to
every article.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import threading
from pathlib import Path
from typing import Any

from maps.atomic import write_text

_lock = threading.Lock()
CSV_FIELDS = ("name", "lat", "lon", "name_ar", "kind", "country", "admin1", "names")


def alias_dir() -> Path:
    from gazetteer.cache import cache_dir

    d = cache_dir()
    d.mkdir(parents=True, exist_ok=True)
    return d


def _arabic(s: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in s)


def read_aliases() -> list[dict[str, Any]]:
    p = alias_dir() / "review-aliases.jsonl"
    if not p.exists():
        return []
    out = []
    for line in p.read_text(encoding="utf-8").splitlines():
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(rec, dict):
            out.append(rec)
    return out


def save_alias(*, surface: str, lat: float, lon: float, name: str, name_ar: str | None, kind: str,
               admin1: str | None, place_id: str | None, scope: str, doc: str, reviewer: str,
               event_id: str) -> dict[str, Any]:
    rec = {"surface": surface, "lat": round(lat, 6), "lon": round(lon, 6), "name": name, "name_ar": name_ar,
           "kind": kind, "admin1": admin1, "place_id": place_id, "scope": scope,
           "doc": doc if scope == "article" else None, "reviewer": reviewer, "event_id": event_id,
           "at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
    with _lock:
        d = alias_dir()
        log_path = d / "review-aliases.jsonl"
        old = log_path.read_text(encoding="utf-8") if log_path.exists() else ""
        write_text(log_path, old + json.dumps(rec, ensure_ascii=False) + "\n")
        if scope == "global":
            _write_gazetteer_csv(d)
    return rec


def _write_gazetteer_csv(d: Path) -> None:
    from gazetteer.cache import import_source
    from gazetteer.place import PLACE_KINDS

    latest: dict[str, dict[str, Any]] = {}
    for rec in read_aliases():
        if rec.get("scope") == "global" and rec.get("surface"):
            latest[str(rec["surface"])] = rec  # a later correction of the same form wins
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
    w.writeheader()
    for surface, rec in sorted(latest.items()):
        ar = surface if _arabic(surface) else (rec.get("name_ar") or "")
        w.writerow({"name": rec.get("name") or surface, "lat": rec["lat"], "lon": rec["lon"], "name_ar": ar,
                    "kind": rec.get("kind") if rec.get("kind") in PLACE_KINDS else "town",
                    "country": "LY", "admin1": rec.get("admin1") or "",
                    "names": "|".join(x for x in {surface, str(rec.get("name_ar") or "")} if x and x != ar)})
    path = d / "review-aliases.csv"
    write_text(path, buf.getvalue())
    import_source(path, "csv")
