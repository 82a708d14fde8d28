"""The baseline: the project's table of documented control facts (geo/data/control_facts.csv).

Seats of power and well-known changes of hands that articles take for granted (Tripoli in 2019 is the
GNA's without any article saying so).  Each row has its side for its own dates (``geo.periods``), a
note and the public source it is taken from.  The baseline is optional (``--no-baseline``), is drawn
with ``control_source: "baseline"`` and never outweighs dated evidence (``geo.control.evidence``).
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from geo.control.dates import start_date
from geo.control.errors import ControlFileError
from geo.control.model import ControlPoint
from geo.control.placekinds import place_kind

FACTS_FILE = Path(__file__).resolve().parents[1] / "data" / "control_facts.csv"
_COLUMNS = ("place_id", "name", "name_ar", "lat", "lon", "side", "valid_from", "valid_to", "note", "source")


def load_facts(path: Path | str = FACTS_FILE) -> tuple[ControlPoint, ...]:
    """Every row of a fact table as a ControlPoint dated ``valid_from`` with ``valid_to`` set."""
    return _load(str(path))


@lru_cache(maxsize=4)
def _load(path: str) -> tuple[ControlPoint, ...]:
    out = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != _COLUMNS:
            raise ControlFileError(path, f"header must be {','.join(_COLUMNS)}", 1)
        for line, row in enumerate(reader, start=2):
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except ValueError:
                raise ControlFileError(path, "lat/lon must be numbers", line) from None
            vf, vt = start_date(row["valid_from"]), start_date(row["valid_to"]) if row["valid_to"] else None
            if vf is None or (row["valid_to"] and vt is None) or not row["side"]:
                raise ControlFileError(path, "side and valid_from (YYYY-MM-DD) are required", line)
            if not row["source"]:
                raise ControlFileError(path, "every fact needs its source", line)
            out.append(ControlPoint(
                place_id=row["place_id"] or None, name=row["name"], lat=lat, lon=lon, side=row["side"],
                date=vf, source="baseline", quote=f"{row['note']} (source: {row['source']})",
                evidence_ids=(f"baseline:{line}",), kind="fact", valid_to=vt,
                place_kind=place_kind(row["place_id"] or None, row["name"]),
            ))
    return tuple(out)
