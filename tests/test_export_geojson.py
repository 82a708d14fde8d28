"""GeoJSON export: RFC 7946 rules, read back with pyogrio, Arabic intact, foreign places never events."""

from __future__ import annotations

import json
from pathlib import Path

import pyogrio
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiPoint
from test_export_samples import sample_layers

from maps.geojson import control_area_feature, feature_collection, rfc7946_problems, write_geojson


def _by_kind(fc: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for f in fc["features"]:
        out.setdefault(f["properties"]["kind"], []).append(f)
    return out


def test_written_file_obeys_rfc7946(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "seed.geojson"
    write_geojson(out, sample_layers())
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert rfc7946_problems(fc) == []
    assert "crs" not in fc
    kinds = _by_kind(fc)
    assert set(kinds) == {"place", "event", "control_area", "front_line"}


def test_validator_catches_what_the_rfc_forbids() -> None:
    def pt(*coords: float) -> dict:
        geom = {"type": "Point", "coordinates": list(coords)}
        return {"type": "Feature", "properties": {}, "geometry": geom}

    bad = {"type": "FeatureCollection", "crs": {"type": "name"}, "features": [
        pt(32.88, 13.19, 5, 1), pt(13.1, 95.0), pt(13.1234567, 32.8),
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [
            [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [
            [[0, 0], [1, 0], [1, 1], [0, 1]]]}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [
            [[0, 0], [1, 0], [0, 0]]]}},
        {"type": "Feature", "geometry": None},
    ]}
    problems = "\n".join(rfc7946_problems(bad))
    for needle in ("'crs'", "position must be", "out of range", "decimals", "clockwise", "not closed",
                   "4 or more", "needs 'geometry' and 'properties'"):
        assert needle in problems


def test_positions_are_lon_lat_with_six_decimals() -> None:
    fc = feature_collection(sample_layers())
    kinds = _by_kind(fc)
    misrata = next(f for f in kinds["place"] if f["properties"]["name_ar"] == "مصراتة")
    assert misrata["geometry"]["coordinates"] == [15.0925, 32.3754]
    line = kinds["front_line"][0]["geometry"]["coordinates"]
    assert line[0] == [15.7, 31.5]
    area = kinds["control_area"][0]["geometry"]["coordinates"][0]
    assert [16.4, 31.312346] in area


def test_rings_are_counter_clockwise_and_holes_clockwise() -> None:
    fc = feature_collection(sample_layers())
    areas = _by_kind(fc)["control_area"]
    assert rfc7946_problems({"type": "FeatureCollection", "features": areas}) == []
    holey = next(a for a in areas if a["properties"]["side"] == "contested")
    assert len(holey["geometry"]["coordinates"]) == 2


def test_foreign_places_are_places_but_never_events() -> None:
    kinds = _by_kind(feature_collection(sample_layers()))
    ankara = [f for f in kinds["place"] if f["properties"]["name_ar"] == "أنقرة"]
    assert len(ankara) == 1 and ankara[0]["properties"]["in_libya"] is False
    assert ankara[0]["geometry"]["coordinates"] == [32.85427, 39.91987]
    assert all(f["properties"]["country"] == "Libya" for f in kinds["event"])
    assert {f["properties"]["event_id_cnty"] for f in kinds["event"]} == {"CMLBY0001", "CMLBY0002"}


def test_properties_kind_place_kind_dates_and_style() -> None:
    kinds = _by_kind(feature_collection(sample_layers()))
    rel = next(f for f in kinds["place"] if f["properties"]["place_kind"] == "relative")
    assert rel["properties"]["anchor"] == "Sirte" and rel["properties"]["precision"] == 2
    ev = next(f for f in kinds["event"] if f["properties"]["event_id_cnty"] == "CMLBY0002")
    p = ev["properties"]
    assert p["event_date"] == "2020-01-04"
    assert p["marker-color"].startswith("#") and p["marker-symbol"] and p["title"]
    assert "الكلية العسكرية" in p["description"]
    assert p["x_quotes"][1]["text"] == "غارة على الكلية العسكرية بالهضبة"
    area = kinds["control_area"][0]["properties"]
    assert area["valid_from"] == "2020-01-06" and area["fill"] and 0 < area["fill-opacity"] < 1
    assert kinds["front_line"][0]["properties"]["stroke-width"] > 0


def test_read_back_with_pyogrio(tmp_path: Path) -> None:
    out = tmp_path / "out.geojson"
    write_geojson(out, sample_layers())
    df = pyogrio.read_dataframe(out)
    assert len(df) == 10
    assert set(df["kind"]) == {"place", "event", "control_area", "front_line"}
    assert "قصف جوي" in " ".join(df["x_quote"].dropna())
    tripoli = df[(df["kind"] == "place") & (df["name_ar"] == "طرابلس")]
    assert tripoli.geometry.iloc[0].x == pytest.approx(13.1913)
    assert tripoli.geometry.iloc[0].y == pytest.approx(32.8872)


def test_nan_never_reaches_the_file(tmp_path: Path) -> None:
    layers = sample_layers()
    layers.places[0]["confidence"] = float("nan")
    layers.places[1]["lat"] = None  # unresolved: no geometry, so no feature
    out = tmp_path / "nan.geojson"
    fc = write_geojson(out, layers)
    text = out.read_text(encoding="utf-8")
    assert "NaN" not in text
    assert json.loads(text) == fc
    assert len([f for f in fc["features"] if f["properties"]["kind"] == "place"]) == 4


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "keep.geojson"
    out.write_text("old", encoding="utf-8")
    import maps.geojson as gj

    def boom(_fc: dict) -> str:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(gj, "dumps", boom)
    with pytest.raises(RuntimeError):
        gj.write_geojson(out, sample_layers())
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.geojson"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.floats(9.3, 25.2), st.floats(19.5, 33.2)), min_size=3, max_size=30),
       st.booleans())
def test_any_polygon_is_written_the_rfc_way(points: list[tuple[float, float]], clockwise: bool) -> None:
    hull = MultiPoint(points).convex_hull.buffer(0.01)  # a polygon inside Libya's bounding box
    ring = list(hull.exterior.coords)
    if clockwise == hull.exterior.is_ccw:
        ring.reverse()
    feat = control_area_feature({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
                                 "properties": {"side": "GNA"}})
    assert feat is not None
    assert rfc7946_problems({"type": "FeatureCollection", "features": [feat]}) == []
