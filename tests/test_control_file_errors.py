"""A broken ``--control`` file is one line, exit 2, naming the file (and the line or feature); never a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli.main import cli
from geo.control import ControlFileError, load_overrides

TEXT = "اندلعت اشتباكات عنيفة في سرت يوم الاثنين بين قوات الوفاق وقوات حفتر ."


def _fc(*features: object) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


POINT = {"type": "Feature", "properties": {"side": "LNA", "date": "2020-01-05"},
         "geometry": {"type": "Point", "coordinates": [16.59, 31.21]}}
BAD_GEOJSON = {
    "point without coordinates": _fc({**POINT, "geometry": {"type": "Point"}}),
    "point with empty coordinates": _fc({**POINT, "geometry": {"type": "Point", "coordinates": []}}),
    "point with text coordinates": _fc({**POINT, "geometry": {"type": "Point", "coordinates": ["16", "x"]}}),
    "coordinates an object": _fc({**POINT, "geometry": {"type": "Point", "coordinates": {"a": 1}}}),
    "a list for a feature": _fc([1, 2, 3]),
    "a string for a feature": _fc("feature"),
    "a list for properties": _fc({**POINT, "properties": ["side", "LNA"]}),
    "a list for the geometry": _fc({**POINT, "geometry": [16.5, 31.2]}),
    "a side that is an object": _fc({**POINT, "properties": {"side": {"x": 1}, "date": "2020-01-05"}}),
    "deep nesting": "[" * 100_000 + "]" * 100_000,
    "deep nesting in a feature": _fc({**POINT, "properties": {"side": "LNA", "date": "2020-01-05", "note": "x"}}
                                     ).replace('"x"', "[" * 50_000 + "]" * 50_000),
}


@pytest.mark.parametrize("case", sorted(BAD_GEOJSON))
def test_bad_geojson_control_file(tmp_path: Path, case: str) -> None:
    ctl = tmp_path / "ctl.geojson"
    ctl.write_text(BAD_GEOJSON[case], encoding="utf-8")
    with pytest.raises(ControlFileError) as err:
        load_overrides(ctl)
    assert str(err.value).startswith(str(ctl))


def _cli_fails(tmp_path: Path, ctl: Path) -> str:
    art = tmp_path / "a.txt"
    art.write_text(TEXT, encoding="utf-8")
    res = CliRunner().invoke(cli, ["map", str(art), "--control", str(ctl), "-o", str(tmp_path / "m.html"),
                                   "--date", "2020-01-06"])
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert res.exit_code == 2, res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"conflictmap: error: {ctl}"), res.output
    assert not (tmp_path / "m.html").exists()
    return lines[0]


def test_cli_names_the_feature(tmp_path: Path) -> None:
    ctl = tmp_path / "ctl.geojson"
    ctl.write_text(_fc(POINT, {**POINT, "geometry": {"type": "Point"}}), encoding="utf-8")
    assert "feature 1" in _cli_fails(tmp_path, ctl)


def test_a_csv_field_over_the_csv_limit_names_the_line(tmp_path: Path) -> None:
    ctl = tmp_path / "ctl.csv"
    ctl.write_text("side,date,name,note\nLNA,2020-01-01,Sirte,ok\nGNA,2020-01-02,Sirte,\"" + "x" * 200_000 + "\"\n",
                   encoding="utf-8")
    line = _cli_fails(tmp_path, ctl)
    assert f"{ctl}:3:" in line and "field larger than field limit" in line


def test_csv_with_a_nul_byte_or_extra_cells(tmp_path: Path) -> None:
    ctl = tmp_path / "ctl.csv"
    ctl.write_text("side,date,name\nLNA,2020-01-01,Sirte,extra,cells\n", encoding="utf-8")
    assert len(load_overrides(ctl)) == 1  # extra cells are ignored, not a crash
    ctl.write_bytes(b"side,date,name\nLNA,2020-01-01,Si\x00rte\n")
    try:
        points = load_overrides(ctl)
    except ControlFileError as exc:
        assert str(exc).startswith(f"{ctl}:")
    else:  # Python 3.11's csv reads NUL; the name is then unknown, or found: either way no crash
        assert len(points) <= 1


def test_a_line_separator_inside_a_quoted_cell_is_not_a_row_break(tmp_path: Path) -> None:
    ctl = tmp_path / "ctl.csv"
    ctl.write_text('side,date,name,note\nLNA,2020-01-01,Sirte,"a\u2028b\x0bc"\n', encoding="utf-8")
    (point,) = load_overrides(ctl)
    assert point.quote == "a\u2028b\x0bc"
