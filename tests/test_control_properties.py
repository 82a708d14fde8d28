"""What an analyst would check before publishing the control layers, on real text: the SaudiNewsNet
corpus (124 Arabic articles of 2015) and the seed article, through ``conflictmap export`` as a user runs
it (default date, an earlier --as-of, and --no-baseline).

Properties, not counts: the events are being made more precise elsewhere, and these must hold whatever
they become.  The land polygon to check against is Natural Earth 1:10m from ../shared (not the
simplified outline the package clips with).
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest
from click.testing import CliRunner
from shapely.geometry import Polygon, shape

from geo import periods
from geo.cli.main import cli
from geo.control.estimate import KX, KY
from tests.conftest import SEED

KM2_PER_DEG2 = KX * KY


@pytest.fixture(scope="module")
def land(shared_data: Path):
    fc = json.loads((shared_data / "boundaries" / "libya_adm0_naturalearth_10m.geojson").read_text(encoding="utf-8"))
    return shape(fc["features"][0]["geometry"])


@pytest.fixture(scope="module")
def snn(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus as the CLI reads it (text/date; the reader may not know content/date_extracted yet)."""
    src = shared_data / "arabic-text" / "saudinewsnet_libya_articles.jsonl"
    out = tmp_path_factory.mktemp("snn") / "snn.jsonl"
    with src.open(encoding="utf-8") as fh, out.open("w", encoding="utf-8") as w:
        for i, line in enumerate(fh, start=1):
            r = json.loads(line)
            w.write(json.dumps({"id": f"snn:{i}", "text": r["content"], "date": r["date_extracted"][:10],
                                "title": r.get("title"), "url": r.get("url")}, ensure_ascii=False) + "\n")
    return out


def _export(tmp: Path, name: str, *args: str) -> list[dict]:
    out = tmp / f"{name}.geojson"
    res = CliRunner().invoke(cli, ["export", *args, "-o", str(out)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    fc = json.loads(out.read_text(encoding="utf-8"))
    return [f for f in fc["features"] if f["properties"]["kind"] in ("control_area", "front_line")]


@pytest.fixture(scope="module")
def runs(snn: Path, gazetteer_index, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    tmp = tmp_path_factory.mktemp("exports")
    return {
        "snn": _export(tmp, "snn", str(snn)),
        "snn-july": _export(tmp, "snn-july", str(snn), "--as-of", "2015-07-28"),
        "snn-no-baseline": _export(tmp, "snn-nb", str(snn), "--no-baseline"),
        "seed": _export(tmp, "seed", str(SEED), "--date", "2020-01"),
    }


RUNS = ("snn", "snn-july", "snn-no-baseline", "seed")


def _areas(feats: list[dict]) -> list[dict]:
    return [f for f in feats if f["properties"]["kind"] == "control_area"]


def _lines(feats: list[dict]) -> list[dict]:
    return [f for f in feats if f["properties"]["kind"] == "front_line"]


@pytest.mark.parametrize("run", RUNS)
def test_there_is_something_to_check(runs, run) -> None:
    if run == "snn-no-baseline":
        return  # the articles alone may support little: that is allowed
    assert [f for f in _areas(runs[run]) if f["properties"]["current"]], run


@pytest.mark.parametrize("run", RUNS)
def test_no_area_offshore(runs, land, run) -> None:
    for f in _areas(runs[run]):
        g = shape(f["geometry"])
        off = g.difference(land).area / g.area
        assert off < 0.005, (run, f["properties"]["side"], f["properties"]["places"], off)


@pytest.mark.parametrize("run", RUNS)
def test_no_slivers_or_small_holes(runs, run) -> None:
    for f in _areas(runs[run]):
        g = shape(f["geometry"])
        for poly in getattr(g, "geoms", [g]):
            assert poly.area * KM2_PER_DEG2 >= 4.5, (run, f["properties"]["places"])
            for ring in poly.interiors:
                assert Polygon(ring).area * KM2_PER_DEG2 >= 4.5, (run, f["properties"]["places"])


def _pieces(props: dict) -> int:
    """Independent pieces among the listed evidence: article-days and events of weight >= 0.5; a baseline
    fact or an analyst record counts as enough on its own."""
    items = props["evidence_items"]
    if any(i["kind"] in ("baseline", "analyst") for i in items):
        return 2
    return len({(i["doc"], i["date"]) for i in items if i["weight"] >= 0.5})


@pytest.mark.parametrize("run", RUNS)
def test_no_area_backed_by_a_single_piece_of_evidence(runs, run) -> None:
    for f in _areas(runs[run]):
        p = f["properties"]
        assert _pieces(p) >= 2, (run, p["side"], p["places"], p["evidence_items"])
        if run == "snn-no-baseline":
            assert all(i["kind"] != "baseline" for i in p["evidence_items"])
            assert "baseline" not in p["control_source"]


@pytest.mark.parametrize("run", RUNS)
def test_contested_areas_have_evidence_of_both_sides(runs, run) -> None:
    for f in _areas(runs[run]):
        p = f["properties"]
        if p["side"] != "contested":
            continue
        named = {b for i in p["evidence_items"] for b in (i["parties"] if i["side"] == "contested" else [i["side"]])}
        assert len(named) >= 2, (run, p["places"], p["evidence_items"])


@pytest.mark.parametrize("run", RUNS)
def test_no_side_on_a_date_when_it_did_not_exist(runs, run) -> None:
    for f in runs[run]:
        p = f["properties"]
        sides = [p["side"]] if p["kind"] == "control_area" else [p["side_a"], p["side_b"]]
        for side in sides:
            if side == "contested":
                continue
            for day in (p["valid_from"], p["valid_to"]):
                assert periods.exists(side, day) and periods.holds_ground(side), (run, side, day)
                assert side in periods.period_of(day).blocs, (run, side, day)
    if run.startswith("snn"):  # 2015: the Tripoli camp was Libya Dawn, and there was no GNA
        assert not [f for f in runs[run] if "GNA" in (f["properties"].get("side"), f["properties"].get("side_a"),
                                                      f["properties"].get("side_b"))]


@pytest.mark.parametrize("run", RUNS)
def test_front_lines_are_connected_stretches_that_match_their_length(runs, run) -> None:
    from geo.control.estimate import geodesic_length_km

    lines = _lines(runs[run])
    for f in lines:
        g = shape(f["geometry"])
        assert g.geom_type == "LineString"  # one connected line per stretch
        assert f["properties"]["length_km"] == pytest.approx(geodesic_length_km(g), abs=0.1)
        assert f["properties"]["side_a"] != f["properties"]["side_b"]
    if lines:
        assert statistics.median(f["properties"]["length_km"] for f in lines) >= 10, run


@pytest.mark.parametrize("run", RUNS)
def test_every_feature_is_dated_and_pictures_do_not_overlap_in_time(runs, run) -> None:
    feats = runs[run]
    for f in feats:
        p = f["properties"]
        assert p["valid_from"] and p["valid_to"] and p["valid_from"] <= p["valid_to"]
        assert 0 <= p["confidence"] <= 1
    spans = sorted({(f["properties"]["valid_from"], f["properties"]["valid_to"]) for f in feats})
    for (_a0, a1), (b0, _b1) in zip(spans, spans[1:], strict=False):
        assert a1 < b0, (run, spans)
    current = {(f["properties"]["valid_from"], f["properties"]["valid_to"])
               for f in feats if f["properties"]["current"]}
    assert len(current) <= 1 and (not current or max(spans) in current)


def test_as_of_dates_the_picture(runs) -> None:
    july = [f for f in runs["snn-july"] if f["properties"]["current"]]
    assert july and all(f["properties"]["valid_to"] == "2015-07-28" for f in july)
    assert all(f["properties"]["valid_to"] <= "2015-07-28" for f in runs["snn-july"])
