"""The GeoPackage event store: valid GeoPackage, idempotent ingest, merging across articles."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyogrio
import pytest
from test_export_samples import QUOTE_ABU_GRAIN, event, place, sample_layers

from geo.article import Article
from maps.store import EventStore, StoreError, gpkg_point, load_analysis

TEXT_A = "اندلعت اشتباكات عنيفة بين قوات حفتر وقوات الوفاق في منطقة أبوقرين جنوب مصراتة يوم الاثنين."
TEXT_B = "أفادت مصادر محلية بمقتل ثلاثة مقاتلين في اشتباكات قرب بوقرين، فيما قصفت طائرة مسيرة مواقع في سرت."


def art(doc: str, text: str, date: str = "2020-01-07") -> Article:
    return Article(doc=doc, text=text, date=date, title="اشتباكات في أبوقرين", source="الوسط",
                   url=f"https://example.org/{doc}")


@pytest.fixture()
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store" / "events.gpkg"


def test_new_store_is_a_geopackage_that_pyogrio_reads(store_path: Path) -> None:
    layers = sample_layers()
    with EventStore(store_path) as store:
        res = store.ingest(art("a1", TEXT_A), layers.places, layers.events)
    assert (res.status, res.mentions, res.events_new) == ("added", 5, 2)  # Ankara's event stays out
    with sqlite3.connect(store_path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    names = dict(pyogrio.list_layers(store_path))
    assert names["events"] == "Point" and names["mentions"] == "Point"
    events = pyogrio.read_dataframe(store_path, layer="events")
    assert set(events["event_id_cnty"]) == {"CMLBY0001", "CMLBY0002"}
    assert events.crs.to_epsg() == 4326
    row = events[events["event_id_cnty"] == "CMLBY0002"].iloc[0]
    assert (row.geometry.x, row.geometry.y) == pytest.approx((13.1913, 32.8872))
    assert row["x_location_ar"] == "طرابلس"
    info = pyogrio.read_info(store_path, layer="events")
    assert dict(zip(info["fields"], info["ogr_types"], strict=True))["event_date"] == "OFTDate"
    # the spatial index answers a bounding-box query around Tripoli
    near = pyogrio.read_dataframe(store_path, layer="events", bbox=(13.0, 32.7, 13.4, 33.0))
    assert list(near["event_id_cnty"]) == ["CMLBY0002"]
    mentions = pyogrio.read_dataframe(store_path, layer="mentions")
    assert "أنقرة" in set(mentions["name_ar"])


def test_reingesting_the_same_article_is_a_no_op(store_path: Path) -> None:
    layers = sample_layers()
    with EventStore(store_path) as store:
        store.ingest(art("a1", TEXT_A), layers.places, layers.events)
        before = store.counts()
        again = store.ingest(art("a1", TEXT_A), layers.places, layers.events)
        same_text_other_id = store.ingest(art("copy", TEXT_A), layers.places, layers.events)
        assert again.status == same_text_other_id.status == "unchanged"
        assert store.counts() == before


def test_same_event_from_another_article_gains_evidence(store_path: Path) -> None:
    first = event(doc="a1")
    # another outlet: same day and type, 3 km away, a higher toll, a different quote and source
    second = event(event_id_cnty="CMLBY9001", doc="b1", latitude=31.4600, longitude=15.2850,
                   x_place_id="cm:abu-grein-south", fatalities=3, x_fatalities_low=3, x_fatalities_high=3,
                   source="Libya Observer", x_quote="أفادت مصادر محلية بمقتل ثلاثة مقاتلين في اشتباكات قرب بوقرين")
    far = event(event_id_cnty="CMLBY9002", doc="b1", latitude=31.2089, longitude=16.5887,
                x_place_id="cm:sirte", location="Sirte")
    other_type = event(event_id_cnty="CMLBY9003", doc="b1", event_type="Explosions/Remote violence",
                       sub_event_type="Air/drone strike")
    with EventStore(store_path) as store:
        store.ingest(art("a1", TEXT_A), [place(doc="a1")], [first])
        res = store.ingest(art("b1", TEXT_B), [place(doc="b1")], [second, far, other_type])
        assert (res.events_new, res.events_merged) == (2, 1)
        layers = store.load()
    assert len(layers.events) == 3
    merged = next(e for e in layers.events if e["event_id_cnty"] == "CMLBY0001")
    assert merged["x_n_evidence"] == 2
    assert merged["x_docs"] == ["a1", "b1"]
    assert merged["x_quotes"][0] == {"doc": "a1", "text": QUOTE_ABU_GRAIN, "start": 0,
                                     "end": len(QUOTE_ABU_GRAIN)}
    assert merged["x_quotes"][1]["doc"] == "b1" and "بمقتل ثلاثة" in merged["x_quotes"][1]["text"]
    assert merged["fatalities"] == 2 and merged["x_fatalities_high"] == 3  # the conservative figure
    assert merged["source"] == "Al Wasat; Libya Observer"


def test_opposed_sides_on_the_same_day_stay_separate(store_path: Path) -> None:
    lna_gna = event(doc="a1")
    militias = event(event_id_cnty="CMLBY7001", doc="b1", x_actor1_bloc="militia", x_actor2_bloc="IS")
    with EventStore(store_path) as store:
        store.ingest(art("a1", TEXT_A), [], [lna_gna])
        res = store.ingest(art("b1", TEXT_B), [], [militias])
    assert res.events_new == 1 and res.events_merged == 0


def test_a_revised_article_replaces_its_evidence(store_path: Path) -> None:
    with EventStore(store_path) as store:
        store.ingest(art("a1", TEXT_A), [place(doc="a1")], [event(doc="a1")])
        res = store.ingest(art("a1", TEXT_A + " (تحديث)"), [place(doc="a1")],
                           [event(doc="a1", event_id_cnty="CMLBY0001", event_date="2020-01-07")])
        assert res.status == "revised"
        counts = store.counts()
        dates = [e["event_date"] for e in store.load().events]
    assert counts == {"articles": 1, "mentions": 1, "events": 1, "evidence": 1}
    assert dates == ["2020-01-07"]


def test_load_by_date_range(store_path: Path) -> None:
    evs = [event(event_id_cnty=f"CMLBY{i}", event_date=d, doc=f"d{i}", latitude=30 + i, longitude=15)
           for i, d in enumerate(["2019-12-31", "2020-01-01", "2020-01-20", "2020-02-01", "2020-02-02"])]
    with EventStore(store_path) as store:
        for i, ev in enumerate(evs):
            store.ingest(art(f"d{i}", f"نص {i}", date=ev["event_date"]), [place(doc=f"d{i}")], [ev])
    layers = load_analysis(store_path, "2020-01-01", "2020-02-01")
    assert [e["event_date"] for e in layers.events] == ["2020-01-01", "2020-01-20", "2020-02-01"]
    assert len(layers.places) == 3
    assert {p["article_title"] for p in layers.places} == {"اشتباكات في أبوقرين"}
    assert layers.places[0]["article_url"] == "https://example.org/d1"
    assert len(load_analysis(store_path).events) == 5
    assert load_analysis(store_path, date_from="2020-02-02").events[0]["event_id_cnty"] == "CMLBY4"


def test_store_output_feeds_the_writers(store_path: Path, tmp_path: Path) -> None:
    from maps.geojson import rfc7946_problems, write_geojson
    from maps.tables import write_events_csv

    layers = sample_layers()
    with EventStore(store_path) as store:
        store.ingest(art("a1", TEXT_A), layers.places, layers.events)
    loaded = load_analysis(store_path)
    fc = write_geojson(tmp_path / "s.geojson", loaded)
    assert rfc7946_problems(fc) == []
    write_events_csv(tmp_path / "s.csv", loaded.events)
    assert "أبوقرين" in (tmp_path / "s.csv").read_text(encoding="utf-8")


def test_not_a_store(tmp_path: Path) -> None:
    junk = tmp_path / "junk.gpkg"
    junk.write_text("hello", encoding="utf-8")
    with pytest.raises(StoreError, match="junk.gpkg"):
        EventStore(junk)
    with pytest.raises(StoreError, match="no such event store"):
        load_analysis(tmp_path / "missing.gpkg")


def test_geopackage_point_encoding() -> None:
    blob = gpkg_point(13.1913, 32.8872)
    assert blob[:2] == b"GP" and len(blob) == 8 + 21
