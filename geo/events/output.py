"""Event records as a terminal table, JSON, ACLED-column CSV or GeoJSON (article text escaped for each)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .model import ALL_COLUMNS, Event


def to_json(events: list[Event]) -> str:
    return json.dumps([e.to_record() for e in events], ensure_ascii=False, indent=1) + "\n"


# The cells spreadsheets treat as formulas (the same rule as maps.tables, which geo may not import).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in _FORMULA_START:
        return "'" + value  # a spreadsheet must not run article text as a formula
    return value


def to_csv(events: list[Event]) -> str:
    """ACLED's 31 columns in ACLED's order, then ``doc`` and the x_ columns."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(ALL_COLUMNS)
    for e in events:
        rec = e.to_record()
        w.writerow([_cell(rec[c]) for c in ALL_COLUMNS])
    return buf.getvalue()


def to_geojson(events: list[Event]) -> str:
    features = []
    for e in events:
        rec = e.to_record()
        if rec["latitude"] is None or rec["longitude"] is None:
            continue
        props = {"kind": "event", **{k: v for k, v in rec.items() if k not in ("latitude", "longitude")}}
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(rec["longitude"], 6), round(rec["latitude"], 6)]},
            "properties": props,
        })
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False) + "\n"


def _clip(s: str, n: int) -> str:
    s = " ".join(str(s).split())
    return s if len(s) <= n else s[: n - 1] + "…"


def to_table(events: list[Event]) -> str:
    if not events:
        return "no events\n"
    rows = [("date", "tp", "event / sub-event", "actor1", "actor2", "location", "gp", "fat", "quote")]
    for e in events:
        r = e.to_record()
        rows.append((r["event_date"], str(r["time_precision"]), _clip(f"{r['event_type']} / {r['sub_event_type']}", 48),
                     _clip(r["actor1"], 34), _clip(r["actor2"], 34), _clip(r["location"], 24),
                     str(r["geo_precision"]), str(r["fatalities"]), _clip(r["x_quote"], 60)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    out = []
    for row in rows:
        # Control characters from hostile text would move the terminal cursor.
        cells = ["".join(ch if ch.isprintable() else " " for ch in c) for c in row]
        out.append("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=False)) + "  " + cells[-1])
    return "\n".join(out) + "\n"


FORMATS = {"table": to_table, "json": to_json, "csv": to_csv, "geojson": to_geojson}
