"""Control statements in real English conflict reporting: ACLED's notes (../shared/data/events).

A battle note must make its coded location contested (or, for a territory event, put it on the
taker's side); a note about shelling, an air strike, a protest or a killing must not make control
claims about its location.  The figures are printed; the floors are a little under what is measured.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from geo.article import Article
from geo.control.blocs import bloc_of, control_side
from geo.control.textrules import text_evidence
from geo.places import extract_mentions

FILES = ("acled_libya_2016-06-18_2016-07-02.csv", "acled_libya_2020-04-27_2020-05-09.csv")
TERRITORY = {"Government regains territory", "Non-state actor overtakes territory", "Non-violent transfer of territory"}


def _expected(row: dict[str, str]) -> str | None:
    """What the note should say about its location: a side, ``contested``, None (no control), or
    ``?`` for ground taken by an actor our blocs cannot place (2016's "Presidential Guard")."""
    et = row["event_type"]
    sub = row.get("sub_event_type") or (et.split("-", 1)[1] if et.startswith("Battle-") else "")
    if sub in TERRITORY:
        return control_side(bloc_of(row["actor1"])) or "?"
    if et == "Battles" or et.startswith("Battle"):
        return "contested"
    return None


def _said(note: str, lat: float, lon: float, index) -> str | None:
    art = Article("acled", note, "2020-01-01")
    pts = text_evidence(art, extract_mentions(art, index))
    # Within ~25 km of the coded location: ACLED codes a neighbourhood where a note names the city.
    near = [p for p in pts if math.hypot(p.lat - lat, (p.lon - lon) * math.cos(math.radians(lat))) < 0.23]
    return near[0].side if near else None


@pytest.fixture(scope="module")
def results(shared_data: Path, gazetteer_index) -> list[tuple[str | None, str | None]]:
    out = []
    for name in FILES:
        with open(shared_data / "events" / name, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                lat, lon = float(row["latitude"]), float(row["longitude"])
                out.append((_expected(row), _said(row["notes"], lat, lon, gazetteer_index)))
    return out


def test_battles_make_their_place_contested_or_taken(results) -> None:
    fights = [(e, g) for e, g in results if e not in (None, "?")]
    recall = sum(e == g for e, g in fights) / len(fights)
    wrong = sum(g is not None and g != e for e, g in fights)
    print(f"\n[control] ACLED battle/territory notes: {len(fights)}, recall {recall:.3f}, wrong side {wrong}")
    assert len(fights) >= 25
    assert recall >= 0.75
    assert wrong <= 2


def test_no_control_claims_from_strikes_protests_and_killings(results) -> None:
    others = [g for e, g in results if e is None]
    claims = sum(g is not None for g in others)
    print(f"\n[control] ACLED other notes: {len(others)}, control claimed for {claims}")
    assert len(others) >= 100
    assert claims / len(others) <= 0.03
