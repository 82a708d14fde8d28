"""Hostile article text through every output of the command line: JSON and GeoJSON round-trip it
exactly, CSV neutralises formula starts (= + - @ tab CR) in every text cell, HTML never carries it as
markup, and the terminal table never receives control characters."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from geo.cli.main import cli

HOSTILE_ID = '=HYPERLINK("http://evil.example","x")'
HOSTILE_TITLE = "<img src=x onerror=alert(1)>\"' </title><script>alert(2)</script>"
TEXT = (
    "=cmd|' /C calc'!A0 اشتبكت قوات حكومة الوفاق مع قوات حفتر جنوب طرابلس يوم الاثنين.\n"
    "+1+1 قصفت طائرة مسيرة تابعة لقوات حفتر مواقع في سرت </script><script>alert(1)</script>.\n"
    "-2 قتل ثلاثة مدنيين في قصف على ترهونة.\n"
    "@SUM(A1) اشتباكات عنيفة في غريان \u2028 بين قوات الوفاق وقوات حفتر.\n"
    "\t=1+2 قصف مدفعي على مصراتة \x1b[2J\x1b]0;pwned\x07.\n"
    "\r=1 غارة جوية على بنغازي \u202eأخبار."
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMERIC = {
    "start", "end", "lat", "lon", "precision", "confidence", "bearing_deg", "offset_km", "year", "time_precision",
    "inter1", "inter2", "interaction", "iso", "latitude", "longitude", "geo_precision", "fatalities",
    "timestamp", "x_start", "x_end", "x_confidence", "x_fatalities_low", "x_fatalities_high", "x_n_evidence",
}


@pytest.fixture(autouse=True)
def _index(gazetteer_index: object) -> None:
    """The built-in gazetteer in a temporary cache."""


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.jsonl"
    line = {"id": HOSTILE_ID, "title": HOSTILE_TITLE, "source": "@evil", "url": "javascript:alert(1)",
            "date": "2020-01-06", "text": TEXT}
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def run(*args: str) -> Result:
    res = CliRunner().invoke(cli, list(args))
    assert res.exit_code == 0, (res.stdout, res.stderr)
    return res


def assert_csv_safe(text: str) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows
    for row in rows:
        for column, value in row.items():
            if column in NUMERIC and value:
                float(value)  # numbers stay numbers (a longitude of -12.3 is data, not a formula)
            else:
                assert not value.startswith(FORMULA_START), (column, value)
    return rows


def test_places_csv_neutralises_every_text_cell(corpus: Path) -> None:
    rows = assert_csv_safe(run("places", str(corpus), "--format", "csv").stdout)
    assert {r["doc"] for r in rows} == {"'" + HOSTILE_ID}
    assert any(r["quote"].startswith("'") for r in rows)  # the quote of a sentence starting with =, +, - ...


@pytest.mark.parametrize("extra", [[], ["--no-fuse"]])
def test_events_csv_neutralises_every_text_cell(corpus: Path, extra: list[str]) -> None:
    # --min-confidence 0: every event, whatever its confidence, goes through the CSV writer
    rows = assert_csv_safe(run("events", str(corpus), "--format", "csv", "--min-confidence", "0", *extra).stdout)
    assert len(rows) >= 3
    assert all(r["doc"] == "'" + HOSTILE_ID for r in rows)


def test_export_csv_neutralises_every_text_cell(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    run("export", str(corpus), "-o", str(out), "--min-confidence", "0")
    rows = assert_csv_safe(out.read_text(encoding="utf-8"))
    assert all(r["doc"] == "'" + HOSTILE_ID for r in rows)


def test_json_outputs_round_trip_the_text_exactly(corpus: Path) -> None:
    places = json.loads(run("places", str(corpus), "--format", "json").stdout)
    assert places and all(p["doc"] == HOSTILE_ID for p in places)
    for p in places:
        assert TEXT[p["start"]:p["end"]] == p["surface"]
        assert p["quote"] in TEXT
    events = json.loads(run("events", str(corpus), "--format", "json", "--min-confidence", "0").stdout)
    assert events and all(TEXT[e["x_start"]:e["x_end"]] == e["x_quote"] for e in events)
    assert any("</script><script>alert(1)</script>" in e["x_quote"] for e in events)


def test_geojson_outputs_are_valid_and_round_trip(corpus: Path, tmp_path: Path) -> None:
    for res_text in (
        run("places", str(corpus), "--format", "geojson").stdout,
        run("events", str(corpus), "--format", "geojson").stdout,
    ):
        fc = json.loads(res_text)
        assert fc["type"] == "FeatureCollection" and fc["features"]
        assert any(f["properties"].get("doc") == HOSTILE_ID for f in fc["features"])
    out = tmp_path / "x.geojson"
    run("export", str(corpus), "-o", str(out))
    raw = out.read_text(encoding="utf-8")
    fc = json.loads(raw)
    assert {f["properties"].get("doc") for f in fc["features"] if f["properties"].get("kind") == "event"} == {
        HOSTILE_ID
    }


def test_map_html_never_carries_article_text_as_markup(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    res = CliRunner().invoke(cli, ["map", str(corpus), "-o", str(out), "--offline"])
    assert res.exit_code == 0, res.stderr
    html = out.read_text(encoding="utf-8")
    for needle in ("<img src=x", "<script>alert(1)", "<script>alert(2)", "</title><script>", "javascript:alert"):
        assert needle not in html, needle
    assert "\x1b" not in html and "\u202e" not in html
    # exactly the scripts the map itself ships: none opened by article text
    assert html.count("<script") == html.count("</script>")


def test_terminal_tables_carry_no_control_characters(corpus: Path) -> None:
    for command in ("places", "events"):
        out = run(command, str(corpus)).stdout
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", out), command


def test_error_lines_escape_control_characters(tmp_path: Path) -> None:
    bad = tmp_path / "x.jsonl"
    bad.write_text('{"text": "سرت", "date": "\\u001b[2J\\u202e2020"}\n', encoding="utf-8")
    res = CliRunner().invoke(cli, ["places", str(bad)])
    assert res.exit_code == 2
    assert "\x1b" not in res.stderr and "\u202e" not in res.stderr and len(res.stderr.strip().splitlines()) == 1
