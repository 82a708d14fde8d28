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


class LearnedPlaces:
    """The aliases analysts taught, applied to what the pipeline found in one article before it is
    stored: a mention or an event whose place name (as written) is a learned form is put at the learned
    place, the article's own alias before a global one. The event keeps ``x_alias_of``: the place the
    machine had chosen."""

    def __init__(self, aliases: list[dict[str, Any]] | None = None) -> None:
        from gazetteer.normalize import name_key

        self._key = name_key
        self.global_: dict[str, dict[str, Any]] = {}
        self.by_doc: dict[tuple[str, str], dict[str, Any]] = {}
        for rec in aliases if aliases is not None else read_aliases():
            k = name_key(str(rec.get("surface") or ""))
            if not k:
                continue
            if rec.get("scope") == "article" and rec.get("doc"):
                self.by_doc[(str(rec["doc"]), k)] = rec
            elif rec.get("scope") == "global":
                self.global_[k] = rec

    def __bool__(self) -> bool:
        return bool(self.global_ or self.by_doc)

    def lookup(self, doc: str, surface: Any) -> dict[str, Any] | None:
        if not surface:
            return None
        k = self._key(str(surface))
        return self.by_doc.get((doc, k)) or self.global_.get(k)

    def apply(self, doc: str, places: list[dict[str, Any]], events: list[dict[str, Any]]) -> int:
        n = 0
        for m in places:
            if m.get("kind") == "relative":
                continue  # a projected point: its anchor is the mention to correct
            rec = self.lookup(doc, m.get("surface"))
            if rec is None:
                continue
            m.update({"lat": rec["lat"], "lon": rec["lon"], "place_id": rec.get("place_id") or m.get("place_id"),
                      "name": rec.get("name") or m.get("name"), "country": "LY", "in_libya": True,
                      "precision": 1})
            n += 1
        for ev in events:
            rec = self.lookup(doc, ev.get("x_surface") or ev.get("x_location_ar"))
            if rec is None:
                continue
            ev["x_alias_of"] = ev.get("x_place_id")
            ev.update({"latitude": rec["lat"], "longitude": rec["lon"],
                       "location": rec.get("name") or ev.get("location"),
                       "x_place_id": rec.get("place_id") or ev.get("x_place_id"), "geo_precision": 1})
            if rec.get("admin1"):
                ev["admin1"] = rec["admin1"]
            n += 1
        return n
