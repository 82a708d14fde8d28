"""``--control FILE`` on ``map`` and ``export``: an analyst file overrides inferred control, and the
output GeoJSON says which won; a bad file is one line on stderr and exit 2, with nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from shapely.geometry import Point, shape

from geo.cli.main import cli

ARTICLES = [
    {"id": "wasat-7", "date": "2020-01-06", "source": "الوسط",
     "text": "سيطرت قوات حفتر على مدينة سرت بعد انسحاب قوات الوفاق منها دون قتال يذكر، "
             "وأكد المتحدث باسم الجيش أن الوحدات تتقدم نحو الوشكة."},
    {"id": "observer-8", "date": "2020-01-08", "source": "ليبيا أوبزرفر",
     "text": "قالت مصادر محلية إن مدينة سرت باتت تحت سيطرة قوات حفتر، فيما عززت كتائب مصراتة مواقعها."},
]


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


@pytest.fixture()
def corpus(tmp_path: Path, gazetteer_index) -> Path:
    # gazetteer_index points the CLI's gazetteer cache at the session's temporary one.
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


@pytest.fixture()
def sirte(gazetteer_index) -> Point:
    place = gazetteer_index.get("curated:sirte")
    return Point(place.lon, place.lat)


def _area_at(fc: dict, pt: Point) -> dict:
    hits = [f["properties"] for f in fc["features"]
            if f["properties"]["kind"] == "control_area" and f["properties"]["current"]
            and shape(f["geometry"]).covers(pt)]
    assert len(hits) == 1, hits
    return hits[0]


def _control_csv(tmp_path: Path, body: str) -> Path:
    f = tmp_path / "control.csv"
    f.write_text("name,side,date,source,note\n" + body, encoding="utf-8")
    return f


def test_export_inferred_then_overridden(corpus: Path, tmp_path: Path, sirte: Point) -> None:
    out = tmp_path / "inferred.geojson"
    code, _, err = run("export", str(corpus), "-o", str(out))
    assert code == 0, err
    area = _area_at(json.loads(out.read_text(encoding="utf-8")), sirte)
    # The articles, and the baseline's documented fact that the LNA entered Sirte on 6 January 2020.
    assert area["side"] == "LNA" and area["control_source"] == "inferred+baseline" and area["overrides"] == []

    control = _control_csv(tmp_path, "سرت,GNA,2020-01-09,مكتب التحليل,\"مصادرنا: سرت بيد الوفاق, لا حفتر\"\n")
    out2 = tmp_path / "overridden.geojson"
    code, _, err = run("export", str(corpus), "-o", str(out2), "--control", str(control))
    assert code == 0, err
    area = _area_at(json.loads(out2.read_text(encoding="utf-8")), sirte)
    assert area["side"] == "GNA"
    assert area["control_source"] in {"analyst", "analyst+inferred"}
    (ov,) = [o for o in area["overrides"] if o["place_id"] == "curated:sirte"]
    assert ov["won"] == "analyst" and ov["side"] == "GNA" and ov["source"] == "مكتب التحليل"
    # What the text said is kept for audit: the newest inferred claim, LNA, from observer-8.
    assert ov["inferred_side"] == "LNA" and ov["inferred_source"] == "observer-8"
    assert "سرت" in ov["inferred_quote"]


def test_analyst_file_older_than_the_text_still_wins(corpus: Path, tmp_path: Path, sirte: Point) -> None:
    """The analyst's word is final even when the text is newer (the analyst saw the text)."""
    control = _control_csv(tmp_path, "Sirte,contested,2020-01-02,desk,\n")
    out = tmp_path / "o.geojson"
    code, _, err = run("export", str(corpus), "-o", str(out), "--control", str(control))
    assert code == 0, err
    area = _area_at(json.loads(out.read_text(encoding="utf-8")), sirte)
    assert area["side"] == "contested" and area["overrides"][0]["inferred_side"] == "LNA"


def test_map_with_control_geojson(corpus: Path, tmp_path: Path, sirte: Point) -> None:
    f = tmp_path / "control.geojson"
    f.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [sirte.x, sirte.y]},
         "properties": {"name": "سرت", "side": "GNA", "date": "2020-01-09", "source": "desk"}}]},
        ensure_ascii=False), encoding="utf-8")
    html, gj = tmp_path / "m.html", tmp_path / "m.geojson"
    code, _, err = run("map", str(corpus), "-o", str(html), "--geojson", str(gj), "--control", str(f))
    assert code == 0, err
    assert html.stat().st_size > 0
    area = _area_at(json.loads(gj.read_text(encoding="utf-8")), sirte)
    assert area["side"] == "GNA" and area["overrides"][0]["won"] == "analyst"


@pytest.mark.parametrize("command", ["export", "map"])
@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("Sirte,GNA,yesterday,desk,\n", ":2:"),
        ("Sirte,GNA,2020-01-09,desk,\nمكان لا وجود له,LNA,2020-01-09,desk,\n", ":3:"),
    ],
)
def test_bad_control_file(corpus: Path, tmp_path: Path, command: str, body: str, where: str) -> None:
    control = _control_csv(tmp_path, body)
    out = tmp_path / ("o.geojson" if command == "export" else "o.html")
    code, _, err = run(command, str(corpus), "-o", str(out), "--control", str(control))
    assert code == 2
    assert err.count("\n") == 1 and str(control) + where in err
    assert not out.exists() and not list(tmp_path.glob("o.*"))


def test_control_with_store_is_refused(tmp_path: Path) -> None:
    control = _control_csv(tmp_path, "Sirte,GNA,2020-01-09,desk,\n")
    code, _, err = run("export", "--store", str(tmp_path / "s.gpkg"), "-o", str(tmp_path / "o.geojson"),
                       "--control", str(control))
    assert code == 2 and "--control" in err


def test_missing_control_file(corpus: Path, tmp_path: Path) -> None:
    code, _, err = run("export", str(corpus), "-o", str(tmp_path / "o.geojson"), "--control",
                       str(tmp_path / "nope.csv"))
    assert code == 2 and "nope.csv" in err and err.count("\n") == 1


@pytest.mark.parametrize("command", ["export", "map"])
def test_no_baseline(corpus: Path, tmp_path: Path, command: str) -> None:
    """The baseline is the project's table of documented facts: on by default, marked as such, and off
    with --no-baseline (then only the articles speak)."""
    def features(*extra: str) -> list[dict]:
        out, gj = tmp_path / ("o.geojson" if command == "export" else "o.html"), tmp_path / "m.geojson"
        args = [command, str(corpus), "-o", str(out), *extra]
        if command == "map":
            args += ["--geojson", str(gj)]
        code, _, err = run(*args)
        assert code == 0, err
        fc = json.loads((out if command == "export" else gj).read_text(encoding="utf-8"))
        return [f["properties"] for f in fc["features"] if f["properties"]["kind"] == "control_area"]

    with_baseline = features()
    assert any(p["control_source"] == "baseline" for p in with_baseline)  # Tripoli, Misrata ... in 2020
    without = features("--no-baseline")
    assert without and all("baseline" not in p["control_source"] for p in without)
    assert all(i["kind"] != "baseline" for p in without for i in p["evidence_items"])
    assert {tuple(p["places"]) for p in without} == {("Sirte",)}  # two articles say the LNA took it


def test_no_baseline_with_store_is_refused(tmp_path: Path) -> None:
    code, _, err = run("map", "--store", str(tmp_path / "s.gpkg"), "-o", str(tmp_path / "o.html"), "--no-baseline")
    assert code == 2 and "--no-baseline" in err
