"""Events CSV: ACLED's 31 columns in order, then ours; Arabic round trip; formula injection neutralised."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from test_export_samples import QUOTE_ACADEMY, sample_layers

from maps.tables import ACLED_COLUMNS, cell, event_columns, events_csv, write_events_csv


def test_columns_are_acleds_then_ours() -> None:
    cols = event_columns(sample_layers().events)
    assert cols[:31] == list(ACLED_COLUMNS)
    assert cols[31] == "doc"
    assert all(c.startswith("x_") for c in cols[32:])
    assert cols.index("x_quote") < cols.index("x_quotes")


def test_arabic_round_trip_with_pandas(tmp_path: Path) -> None:
    events = sample_layers().events
    out = tmp_path / "events.csv"
    write_events_csv(out, events)
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(out, encoding="utf-8", keep_default_na=False)
    assert list(df.columns[:31]) == list(ACLED_COLUMNS)
    assert list(df["x_quote"]) == [e["x_quote"] for e in events]
    assert list(df["x_location_ar"]) == ["أبوقرين", "طرابلس", "أنقرة"]
    assert df["latitude"].dtype.kind == "f" and df["fatalities"].dtype.kind == "i"
    assert QUOTE_ACADEMY in df["x_quotes"].iloc[1]


def test_bom_for_spreadsheets(tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    write_events_csv(out, sample_layers().events, bom=True)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "event_id_cnty"
    assert rows[2][rows[0].index("x_location_ar")] == "طرابلس"


def test_formulas_are_neutralised_but_numbers_stay_numbers(tmp_path: Path) -> None:
    events = sample_layers().events
    events[0]["longitude"] = -12.3  # a number, not a formula
    events[0]["latitude"] = "-12.3"  # numeric column given as text: still a number
    events[0]["actor1"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    events[0]["location"] = "\tمصراتة"
    out = tmp_path / "events.csv"
    write_events_csv(out, events)
    df = pd.read_csv(out, keep_default_na=False, dtype=str)
    assert df["longitude"].iloc[0] == "-12.3" and df["latitude"].iloc[0] == "-12.3"
    assert df["actor1"].iloc[0] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert df["location"].iloc[0] == "'\tمصراتة"
    assert df["notes"].iloc[1].startswith("'-30 killed; =SUM(A1)")
    # the x_ text columns are guarded too
    assert cell("x_quote", "+966 هاتف") == "'+966 هاتف"
    assert cell("notes", "-") == "'-"
    assert cell("fatalities", 0) == "0" and cell("fatalities", None) == ""


def test_writes_into_a_new_directory_atomically(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "events.csv"
    write_events_csv(out, [])
    assert out.read_text(encoding="utf-8").startswith("event_id_cnty,event_date,year,")
    assert [p.name for p in out.parent.iterdir()] == ["events.csv"]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")),
       st.floats(min_value=-90, max_value=90, allow_nan=False))
def test_any_text_survives_and_is_defused(text: str, lat: float) -> None:
    ev = {"event_id_cnty": "CMLBY1", "notes": text, "x_quote": "«" + text + "»", "latitude": lat}
    rows = list(csv.reader(io.StringIO(events_csv([ev]), newline="")))
    cols = rows[0]
    notes = rows[1][cols.index("notes")]
    assert notes == ("'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text)
    assert rows[1][cols.index("x_quote")] == "«" + text + "»"
    assert float(rows[1][cols.index("latitude")]) == lat
