"""GeoPackage and GeoParquet exports, read back with pyogrio / geopandas and compared."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import geopandas as gpd
import pyarrow.parquet as pq
import pyogrio
import pytest
from test_export_samples import QUOTE_ABU_GRAIN, sample_layers

from maps.gpkg import write_gpkg
from maps.layers import Layers
from maps.parquet import write_events_parquet


@pytest.fixture()
def gpkg(tmp_path: Path) -> Path:
    out = tmp_path / "out" / "libya.gpkg"
    counts = write_gpkg(out, sample_layers())
    assert counts == {"places": 5, "events": 2, "control_areas": 2, "front_lines": 1}
    return out


def test_four_layers_with_their_geometry_types(gpkg: Path) -> None:
    layers = dict(pyogrio.list_layers(gpkg))
    assert layers == {"places": "Point", "events": "Point", "control_areas": "MultiPolygon",
                      "front_lines": "MultiLineString"}
    assert [p.name for p in gpkg.parent.iterdir()] == ["libya.gpkg"]


def test_event_date_is_a_date_and_timestamp_a_datetime(gpkg: Path) -> None:
    info = pyogrio.read_info(gpkg, layer="events")
    types = dict(zip(info["fields"], info["ogr_types"], strict=True))
    assert types["event_date"] == "OFTDate"
    assert types["timestamp"] == "OFTDateTime"
    assert types["latitude"] == "OFTReal" and types["fatalities"] == "OFTInteger64"
    control = pyogrio.read_info(gpkg, layer="control_areas")
    ctypes = dict(zip(control["fields"], control["ogr_types"], strict=True))
    assert ctypes["valid_from"] == "OFTDate" and ctypes["valid_to"] == "OFTDate"


def test_spatial_index_exists(gpkg: Path) -> None:
    with sqlite3.connect(gpkg) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    for layer in ("places", "events", "control_areas", "front_lines"):
        assert f"rtree_{layer}_geom" in names


def test_round_trip_with_arabic(gpkg: Path) -> None:
    events = pyogrio.read_dataframe(gpkg, layer="events")
    assert list(events["event_id_cnty"]) == ["CMLBY0001", "CMLBY0002"]  # Ankara's event is not Libyan
    assert events["x_quote"].iloc[0] == QUOTE_ABU_GRAIN
    assert str(events["event_date"].iloc[1].date()) == "2020-01-04"
    assert events["timestamp"].iloc[0].year == 2020
    assert events.geometry.iloc[1].x == pytest.approx(13.1913)
    places = pyogrio.read_dataframe(gpkg, layer="places")
    assert "أنقرة" in set(places["name_ar"])
    assert set(places["place_kind"]) >= {"city", "relative", "capital"}
    assert places.loc[places["name_ar"] == "أنقرة", "in_libya"].iloc[0] == 0
    areas = pyogrio.read_dataframe(gpkg, layer="control_areas")
    assert set(areas["side"]) == {"LNA", "contested"}
    assert "سيطرت" in areas["evidence"].iloc[0]  # the list is kept as JSON text
    lines = pyogrio.read_dataframe(gpkg, layer="front_lines")
    assert lines["length_km"].iloc[0] == pytest.approx(82.4)


def test_empty_analysis_still_gives_four_layers(tmp_path: Path) -> None:
    out = tmp_path / "empty.gpkg"
    assert write_gpkg(out, Layers()) == {"places": 0, "events": 0, "control_areas": 0, "front_lines": 0}
    assert {name for name, _ in pyogrio.list_layers(out)} == {"places", "events", "control_areas",
                                                              "front_lines"}
    assert "event_date" in pyogrio.read_info(out, layer="events")["fields"]


def test_geoparquet_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    assert write_events_parquet(out, sample_layers()) == 2
    meta = pq.read_metadata(out).metadata
    assert b"geo" in meta  # GeoParquet metadata
    assert str(pq.read_schema(out).field("event_date").type) == "date32[day]"
    gdf = gpd.read_parquet(out)
    assert gdf.crs.to_epsg() == 4326
    assert list(gdf["x_location_ar"]) == ["أبوقرين", "طرابلس"]
    assert gdf.geometry.iloc[0].y == pytest.approx(31.4456)


def test_schema_does_not_depend_on_the_data(tmp_path: Path) -> None:
    full, empty = tmp_path / "full.gpkg", tmp_path / "empty.gpkg"
    layers = sample_layers()
    layers.events[0]["inter2"] = None  # a missing integer must not turn the column into Real
    write_gpkg(full, layers)
    write_gpkg(empty, Layers())
    for layer in ("events", "places"):
        a, b = pyogrio.read_info(full, layer=layer), pyogrio.read_info(empty, layer=layer)
        ta = dict(zip(a["fields"], a["ogr_types"], strict=True))
        tb = dict(zip(b["fields"], b["ogr_types"], strict=True))
        assert {k: ta[k] for k in tb} == tb, layer
    assert ta["in_libya"] == "OFTInteger"  # GeoPackage BOOLEAN
