"""The Python API: geo.parse / geo.parse_corpus / geo.from_store -> GeoDataFrames and a folium map."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest

import geo
from maps.store import EventStore

ROOT = Path(__file__).resolve().parents[1]


def test_import_geo_does_not_import_geopandas() -> None:
    code = "import sys, geo; geo.__doc__; assert 'geopandas' not in sys.modules, 'geopandas loaded'; print('ok')"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert out.stdout.strip() == "ok", out.stderr


def test_parse_seed_gives_geodataframes(seed_text: str) -> None:
    r = geo.parse(seed_text, date="2020-01")
    for name in ("places", "events", "control_areas", "front_lines"):
        gdf = getattr(r, name)
        assert isinstance(gdf, gpd.GeoDataFrame) and gdf.crs.to_epsg() == 4326
    assert len(r.places) > 0
    assert (r.places["doc"] == "text").all()
    located = r.places.dropna(subset=["lat"])
    assert (located.geometry.x.round(6) == located["lon"].round(6)).all()
    assert (located.geometry.y.round(6) == located["lat"].round(6)).all()
    assert "place_kind" in r.places.columns and "kind" not in r.places.columns
    assert list(r.events.columns[:3]) == ["event_id_cnty", "event_date", "year"]
    assert seed_text[r.places["start"].iloc[0]:r.places["end"].iloc[0]] == r.places["surface"].iloc[0]


def test_map_and_to_file(seed_text: str, tmp_path: Path) -> None:
    import folium

    r = geo.parse(seed_text, date="2020-01-10", doc="seed")
    assert isinstance(r.map(), folium.Map)
    r.to_file(tmp_path / "seed.gpkg")
    back = pyogrio.read_dataframe(tmp_path / "seed.gpkg", layer="places")
    assert sorted(back["surface"]) == sorted(r.places.dropna(subset=["lat"])["surface"])
    with pytest.raises(ValueError, match="unknown format"):
        r.to_file(tmp_path / "seed.kml")


def test_parse_corpus_and_from_store(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    rows = [{"id": "a", "date": "2020-01-06", "text": "اشتباكات في أبوقرين جنوب مصراتة"},
            {"id": "b", "date": "2020-02-03", "text": "قصف مدفعي على عين زارة جنوب طرابلس"}]
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    r = geo.parse_corpus(corpus)
    assert set(r.places["doc"]) == {"a", "b"}
    store = tmp_path / "s.gpkg"
    with EventStore(store) as s:
        for article in r.analysis.articles:
            mine = [p for p in r.analysis.places if p["doc"] == article.doc]
            s.ingest(article, mine, [])
    jan = geo.from_store(store, "2020-01-01", "2020-01-31")
    assert set(jan.places["doc"]) == {"a"}


def test_bad_input_raises_input_error(tmp_path: Path) -> None:
    from geo.inputs import InputError

    with pytest.raises(InputError, match="no such file"):
        geo.parse_corpus(tmp_path / "missing.jsonl")
    with pytest.raises(InputError):
        geo.parse("طرابلس", date="2020-13")
