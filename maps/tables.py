"""The events table as CSV: ACLED's 31 export columns in ACLED's order, then our ``x_`` columns.

Spreadsheets execute cells that begin with ``= + - @`` (and tab or CR) as formulas, and article text is
hostile, so text cells that begin that way get a leading single quote. Numeric columns stay numeric:
a longitude of -12.3 is data, not a formula.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from maps.atomic import write_text

try:  # the events helper owns the canonical list; this copy is only used until it lands
    from geo.events.model import ACLED_COLUMNS as _ACLED_COLUMNS
except ImportError:  # pragma: no cover - depends on what is merged
    _ACLED_COLUMNS = None

ACLED_COLUMNS: tuple[str, ...] = tuple(_ACLED_COLUMNS) if _ACLED_COLUMNS else (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)

# Columns whose values are numbers (ACLED's and ours); their cells are never prefixed.
NUMERIC_COLUMNS: frozenset[str] = frozenset({
    "year", "time_precision", "inter1", "inter2", "interaction", "iso", "latitude", "longitude",
    "geo_precision", "fatalities", "timestamp",
    "x_start", "x_end", "x_confidence", "x_fatalities_low", "x_fatalities_high", "x_n_evidence",
})

# Preferred order of our extensions; any other x_ field follows, sorted, so output is deterministic.
X_COLUMNS: tuple[str, ...] = (
    "x_quote", "x_start", "x_end", "x_location_ar", "x_place_id", "x_actor1_bloc", "x_actor2_bloc",
    "x_confidence", "x_fatalities_low", "x_fatalities_high", "x_n_evidence", "x_quotes", "x_docs",
)

# The reporting article's address and title, beside ACLED's ``source``.
PROVENANCE_COLUMNS: tuple[str, ...] = ("url", "title")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def event_columns(events: Iterable[Mapping[str, Any]]) -> list[str]:
    """ACLED's 31 columns, then ``doc``, then every ``x_`` column present (known ones first)."""
    seen: set[str] = set()
    for ev in events:
        seen.update(ev)
    extra = [c for c in X_COLUMNS if c in seen]
    extra += sorted(c for c in seen if c.startswith("x_") and c not in X_COLUMNS)
    extra += [c for c in PROVENANCE_COLUMNS if c in seen]
    return [*ACLED_COLUMNS, "doc", *extra]


def _is_number_text(value: str) -> bool:
    try:
        return math.isfinite(float(value))
    except ValueError:
        return False


def cell(column: str, value: Any) -> str:
    """One CSV cell: numbers as numbers, lists/dicts as JSON, text neutralised against formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return ""
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, (list, tuple, dict)):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    if column in NUMERIC_COLUMNS and _is_number_text(text):
        return text
    return neutralise(text)


def neutralise(text: str) -> str:
    """Prefix a single quote to text a spreadsheet would run as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def events_csv(events: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """The CSV text of ``events`` (RFC 4180 quoting, CRLF line ends as spreadsheets expect)."""
    cols = list(columns) if columns is not None else event_columns(events)
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(cols)
    for ev in events:
        writer.writerow([cell(c, ev.get(c)) for c in cols])
    return buf.getvalue()


def write_events_csv(
    path: str | os.PathLike[str], events: Sequence[Mapping[str, Any]], *, bom: bool = False
) -> None:
    """Write the events CSV atomically; ``bom`` adds a UTF-8 BOM so Excel reads Arabic correctly."""
    write_text(path, events_csv(events), encoding="utf-8-sig" if bom else "utf-8")
