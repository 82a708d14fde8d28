"""One ACLED export (CSV, the current schema or the older lower-case one) as event records.

Each row becomes one record with the columns our own events have (ACLED's 31 export columns, ``doc`` and
the ``x_`` fields), ACLED's ``event_id_cnty`` kept as the id (and in ``x_acled_id``), ``x_origin:
"acled"``. Rows of the older taxonomy ("Battle-No change of territory", "Remote violence" ...) get the
current event type, so that they compare with ours, and keep the original in ``x_acled_event_type``.
A malformed row is an ``AcledError`` naming the file and line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from geo.acled.actors import acled_bloc
from geo.events.model import ALL_COLUMNS, DISORDER, DISORDER_BOTH
from geo.sniff import csv_delimiter, is_acled_header, wide_csv_fields

MAX_FIELD = 1 << 20

# The pre-2019 taxonomy -> (event_type, sub_event_type) of the current one.
OLD_TYPES: dict[str, tuple[str, str]] = {
    "battle-no change of territory": ("Battles", "Armed clash"),
    "battle-government regains territory": ("Battles", "Government regains territory"),
    "battle-non-state actor overtakes territory": ("Battles", "Non-state actor overtakes territory"),
    "remote violence": ("Explosions/Remote violence", ""),
    "violence against civilians": ("Violence against civilians", ""),
    "riots/protests": ("Protests", ""),
    "strategic development": ("Strategic developments", ""),
    "headquarters or base established": ("Strategic developments", "Headquarters or base established"),
    "non-violent transfer of territory": ("Strategic developments", "Non-violent transfer of territory"),
}
_ALIASES = {"ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2"}
_DATE_FORMATS = ("%Y-%m-%d", "%d-%b-%y", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d/%m/%Y", "%Y/%m/%d")


class AcledError(ValueError):
    """A malformed ACLED export; the message is one line naming the file and line."""


def _date(value: str, where: str) -> str:
    s = value.strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(s, fmt).date().isoformat()
        except ValueError:
            continue
    raise AcledError(f"{where}: event_date {s[:30]!r} is not a date ACLED writes (2020-05-09, 9-May-20, 09 May 2020)")


def _int(value: str | None, where: str, column: str, default: int | None = None) -> int | None:
    s = (value or "").strip()
    if not s:
        return default
    try:
        f = float(s)
    except ValueError:
        raise AcledError(f"{where}: {column} {s[:20]!r} is not a number") from None
    if not math.isfinite(f):
        raise AcledError(f"{where}: {column} {s[:20]!r} is not a number")
    return int(f)


def _coord(value: str | None, where: str, column: str, limit: float) -> float:
    s = (value or "").strip()
    try:
        f = float(s)
    except ValueError:
        raise AcledError(f"{where}: {column} {s[:20]!r} is not a number") from None
    if not math.isfinite(f) or abs(f) > limit:
        raise AcledError(f"{where}: {column} {s[:20]!r} is out of range")
    return round(f, 6)


def acled_record(row: dict[str, str], where: str, doc: str) -> dict[str, Any]:
    """One ACLED row (keys lower-cased) as an event record of ours, ``x_origin: "acled"``."""
    get = {(_ALIASES.get(k, k)): (v or "").strip() for k, v in row.items() if k}
    acled_id = get.get("event_id_cnty", "")
    if not acled_id:
        raise AcledError(f"{where}: event_id_cnty is empty")
    etype, sub = get.get("event_type", ""), get.get("sub_event_type", "")
    extra: dict[str, Any] = {}
    old = OLD_TYPES.get(etype.lower())
    if old is not None and etype not in DISORDER:
        extra["x_acled_event_type"] = etype
        etype, sub = old[0], sub or old[1]
    if not etype:
        raise AcledError(f"{where}: event_type is empty")
    disorder = get.get("disorder_type") or (
        "Political violence; Demonstrations" if sub in DISORDER_BOTH else DISORDER.get(etype, ""))
    day = _date(get.get("event_date", ""), where)
    fatalities = _int(get.get("fatalities"), where, "fatalities", 0) or 0
    iso = _int(get.get("iso"), where, "iso", None)
    country = get.get("country", "")
    inter1, inter2 = _int(get.get("inter1"), where, "inter1"), _int(get.get("inter2"), where, "inter2")
    rec: dict[str, Any] = {c: None for c in ALL_COLUMNS}
    rec.update({
        "event_id_cnty": acled_id,
        "event_date": day,
        "year": _int(get.get("year"), where, "year", int(day[:4])),
        "time_precision": _int(get.get("time_precision"), where, "time_precision", 1),
        "disorder_type": disorder,
        "event_type": etype,
        "sub_event_type": sub,
        "actor1": get.get("actor1", ""),
        "assoc_actor_1": get.get("assoc_actor_1", ""),
        "inter1": inter1,
        "actor2": get.get("actor2", ""),
        "assoc_actor_2": get.get("assoc_actor_2", ""),
        "inter2": inter2 or None,
        "interaction": _int(get.get("interaction"), where, "interaction"),
        "civilian_targeting": get.get("civilian_targeting", ""),
        "iso": iso if iso is not None else (434 if country == "Libya" else None),
        "region": get.get("region", ""),
        "country": country,
        "admin1": get.get("admin1", ""),
        "admin2": get.get("admin2", ""),
        "admin3": get.get("admin3", ""),
        "location": get.get("location", ""),
        "latitude": _coord(get.get("latitude"), where, "latitude", 90),
        "longitude": _coord(get.get("longitude"), where, "longitude", 180),
        "geo_precision": _int(get.get("geo_precision"), where, "geo_precision", 1),
        "source": get.get("source", ""),
        "source_scale": get.get("source_scale", ""),
        "notes": get.get("notes", ""),
        "fatalities": fatalities,
        "tags": get.get("tags", ""),
        "timestamp": _int(get.get("timestamp"), where, "timestamp"),
        "doc": doc,
        "x_quote": "",
        "x_quotes": [],
        "x_docs": [doc],
        "x_location_ar": "",
        "x_actor1_bloc": acled_bloc(get.get("actor1"), day),
        "x_actor2_bloc": acled_bloc(get.get("actor2"), day),
        # ACLED's own hand coding: not a score of ours, so no calibrated confidence is claimed for it
        "x_confidence": None,
        "x_fatalities_low": fatalities,
        "x_fatalities_high": fatalities,
        "x_trigger": "",
        "x_surface": "",
    })
    rec.update({"x_origin": "acled", "x_acled_id": acled_id, "url": get.get("source_url") or None, "title": None})
    rec.update(extra)
    return rec


def read_acled_rows(name: str, text: io.TextIOBase, skipped: Any = None,
                    delimiter: str = ",") -> Iterator[dict[str, Any]]:
    """Event records of an ACLED CSV read from ``text``; bad rows raise, or go to ``skipped``."""
    from geo.inputs import SkippedLine

    with wide_csv_fields(MAX_FIELD):
        reader = csv.reader(text, delimiter=delimiter)
        try:
            header = next(reader, None)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise AcledError(f"{name}:1: not a readable CSV header ({exc})") from None
        if not header or not is_acled_header(header):
            raise AcledError(f"{name}: not an ACLED export (it needs event_id_cnty, event_date, event_type, "
                             "actor1, latitude and longitude columns)")
        columns = [h.strip().lower() for h in header]
        seen: set[str] = set()
        start = 2
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except UnicodeDecodeError as exc:
                raise AcledError(f"{name}:{start}: not valid UTF-8 ({exc.reason})") from None
            except csv.Error as exc:
                raise AcledError(f"{name}:{start}: not valid CSV ({exc})") from None
            line, start = start, reader.line_num + 1
            if not any(c.strip() for c in row):
                continue
            where = f"{name}:{line}"
            try:
                if len(row) != len(columns):
                    raise AcledError(f"{where}: {len(row)} cells where the header has {len(columns)}")
                rec = acled_record(dict(zip(columns, row, strict=True)), where, f"{name}:{line}")
                if rec["event_id_cnty"] in seen:
                    raise AcledError(f"{where}: event_id_cnty {rec['event_id_cnty']!r} is repeated")
                seen.add(rec["event_id_cnty"])
            except AcledError as exc:
                if skipped is None:
                    raise
                skipped.append(SkippedLine(name, line, str(exc)))
                continue
            yield rec


def read_acled(path: str | Path, skipped: Any = None) -> list[dict[str, Any]]:
    """Every event of an ACLED CSV export, in file order."""
    name = str(path)
    try:
        with open(path, "rb") as fh:
            delimiter = csv_delimiter(fh.readline(), name)
            fh.seek(0)
            text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
            return list(read_acled_rows(name, text, skipped, delimiter))
    except OSError as exc:
        raise AcledError(f"{name}: cannot read ({exc.strerror or exc})") from None
