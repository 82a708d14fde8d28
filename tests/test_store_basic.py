"""The event store on both backends (GeoPackage and PostGIS): idempotent ingest, revisions only by id or url,
merging across articles in an order that does not matter, reviews and audit, the schema GIS tools read."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyogrio
import pytest
from test_export_samples import QUOTE_ABU_GRAIN, event, place, sample_layers

from geo.article import Article
from maps.store import Correction, EventStore, StoreError, gpkg_point, load_analysis, open_store
from maps.store_merge import canonical_events

TEXT_A = "اندلعت اشتباكات عنيفة بين قوات حفتر وقوات الوفاق في منطقة أبوقرين جنوب مصراتة يوم الاثنين."
TEXT_B = "أفادت مصادر محلية بمقتل ثلاثة مقاتلين في اشتباكات قرب بوقرين، فيما قصفت طائرة مسيرة مواقع في سرت."


def art(doc: str, text: str, date: str = "2020-01-07", **kw: str | None) -> Article:
    fields = {"title": "اشتباكات في أبوقرين", "source": "الوسط", "url": f"https://example.org/{doc}", "id": doc,
              **kw}
    return Article(doc=doc, text=text, date=date, **fields)  # type: ignore[arg-type]


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


def test_reingesting_the_same_article_is_a_no_op(store_spec: str) -> None:
    layers = sample_layers()
    with open_store(store_spec) as store:
        store.ingest(art("a1", TEXT_A), layers.places, layers.events)
        before = store.counts()
        again = store.ingest(art("a1", TEXT_A), layers.places, layers.events)
        same_text_other_id = store.ingest(art("copy", TEXT_A), layers.places, layers.events)
        assert again.status == same_text_other_id.status == "unchanged"
        assert store.counts() == before


def test_same_event_from_another_article_gains_evidence(store_spec: str) -> None:
    first = event(doc="a1")
    # another outlet: same day and type, 3 km away, a higher toll, a different quote and source
    second = event(event_id_cnty="CMLBY9001", doc="b1", latitude=31.4600, longitude=15.2850,
                   x_place_id="cm:abu-grein-south", fatalities=3, x_fatalities_low=3, x_fatalities_high=3,
                   source="Libya Observer", x_quote="أفادت مصادر محلية بمقتل ثلاثة مقاتلين في اشتباكات قرب بوقرين")
    far = event(event_id_cnty="CMLBY9002", doc="b1", latitude=31.2089, longitude=16.5887,
                x_place_id="cm:sirte", location="Sirte")
    other_type = event(event_id_cnty="CMLBY9003", doc="b1", event_type="Explosions/Remote violence",
                       sub_event_type="Air/drone strike")
    with open_store(store_spec) as store:
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


def test_opposed_sides_on_the_same_day_stay_separate(store_spec: str) -> None:
    lna_gna = event(doc="a1")
    militias = event(event_id_cnty="CMLBY7001", doc="b1", x_actor1_bloc="militia", x_actor2_bloc="IS")
    with open_store(store_spec) as store:
        store.ingest(art("a1", TEXT_A), [], [lna_gna])
        res = store.ingest(art("b1", TEXT_B), [], [militias])
    assert res.events_new == 1 and res.events_merged == 0


def test_a_revised_article_replaces_its_evidence(store_spec: str) -> None:
    with open_store(store_spec) as store:
        store.ingest(art("a1", TEXT_A), [place(doc="a1")], [event(doc="a1")])
        res = store.ingest(art("a1", TEXT_A + " (تحديث)"), [place(doc="a1")],
                           [event(doc="a1", event_id_cnty="CMLBY0001", event_date="2020-01-07")])
        assert res.status == "revised"
        counts = store.counts()
        dates = [e["event_date"] for e in store.load().events]
    assert counts == {"articles": 1, "mentions": 1, "events": 1, "evidence": 1}
    assert dates == ["2020-01-07"]


def test_load_by_date_range(store_spec: str) -> None:
    evs = [event(event_id_cnty=f"CMLBY{i}", event_date=d, doc=f"d{i}", latitude=30 + i, longitude=15)
           for i, d in enumerate(["2019-12-31", "2020-01-01", "2020-01-20", "2020-02-01", "2020-02-02"])]
    with open_store(store_spec) as store:
        for i, ev in enumerate(evs):
            store.ingest(art(f"d{i}", f"نص {i}", date=ev["event_date"]), [place(doc=f"d{i}")], [ev])
    layers = load_analysis(store_spec, "2020-01-01", "2020-02-01")
    assert [e["event_date"] for e in layers.events] == ["2020-01-01", "2020-01-20", "2020-02-01"]
    assert len(layers.places) == 3
    assert {p["article_title"] for p in layers.places} == {"اشتباكات في أبوقرين"}
    assert layers.places[0]["article_url"] == "https://example.org/d1"
    assert len(load_analysis(store_spec).events) == 5
    assert load_analysis(store_spec, date_from="2020-02-02").events[0]["event_id_cnty"] == "CMLBY4"


def test_store_output_feeds_the_writers(store_spec: str, tmp_path: Path) -> None:
    from maps.geojson import rfc7946_problems, write_geojson
    from maps.tables import write_events_csv

    layers = sample_layers()
    with open_store(store_spec) as store:
        store.ingest(art("a1", TEXT_A), layers.places, layers.events)
    loaded = load_analysis(store_spec)
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


def test_geopackage_views_and_control_layer_open_in_gis_tools(store_path: Path) -> None:
    layers = sample_layers()
    with EventStore(store_path) as store:
        store.ingest(art("a1", TEXT_A), layers.places, layers.events)
        store.review("CMLBY0002", Correction(reviewer="amal", status="rejected", reason="not_an_event"))
    names = dict(pyogrio.list_layers(store_path))
    assert names["events_reviewed"] == "Point"
    assert names["control_areas"] == "MultiPolygon" and names["control_areas_current"] == "MultiPolygon"
    reviewed = pyogrio.read_dataframe(store_path, layer="events_reviewed")
    assert list(reviewed["event_id_cnty"]) == ["CMLBY0001"]


def test_a_doc_that_is_a_path_line_or_stdin_never_makes_a_revision(store_spec: str) -> None:
    # two different texts under the same doc and no id or url: both stay, with all their events
    with open_store(store_spec) as store:
        for doc in ("report.txt", "corpus.jsonl:3", "-"):
            a = Article(doc=doc, text=f"{TEXT_A} {doc}", date="2020-01-07")
            b = Article(doc=doc, text=f"{TEXT_B} {doc}", date="2020-01-07")
            ea = event(doc=doc, latitude=30.0 + len(doc), longitude=14.0, x_place_id=None)
            eb = event(doc=doc, latitude=31.0 + len(doc), longitude=18.0, x_place_id=None)
            ra = store.ingest(a, [place(doc=doc)], [ea])
            rb = store.ingest(b, [place(doc=doc)], [eb])
            assert (ra.status, rb.status) == ("added", "added")
        counts = store.counts()
        ids = [e["event_id_cnty"] for e in store.load().events]
    assert counts["articles"] == 6 and counts["events"] == 6
    assert len(set(ids)) == 6  # the same extractor id from two texts under one doc: two stored events


SIRTE = {"latitude": 31.2089, "longitude": 16.5887, "x_place_id": "cm:sirte", "location": "Sirte"}


def test_same_url_or_same_id_makes_a_revision(store_spec: str) -> None:
    with open_store(store_spec) as store:
        store.ingest(Article("x.txt", TEXT_A, "2020-01-07", url="https://example.org/n/1"), [], [event(doc="x.txt")])
        by_url = store.ingest(Article("y.txt", TEXT_A + " تحديث", "2020-01-07", url="https://example.org/n/1"),
                              [], [event(doc="y.txt")])
        store.ingest(Article("k1", TEXT_B, "2020-01-07", id="k1"), [],
                     [event(doc="k1", event_id_cnty="CMLBYK", **SIRTE)])
        by_id = store.ingest(Article("k1", TEXT_B + " تحديث", "2020-01-07", id="k1"), [],
                             [event(doc="k1", event_id_cnty="CMLBYK", fatalities=4, **SIRTE)])
        assert (by_url.status, by_id.status) == ("revised", "revised")
        assert store.counts()["articles"] == 2
        events = store.load().events
    assert sorted(e["doc"] for e in events) == ["k1", "y.txt"]
    assert {e["doc"]: e["fatalities"] for e in events}["k1"] == 4


def test_events_do_not_depend_on_the_order_of_ingest(store_spec: str, new_store) -> None:  # noqa: ANN001
    # a chain along one road: A and B 3 km apart, B and C 3 km apart, A and C 6 km apart; C names the place
    items = [
        (art("a", "نص أ"), [event(doc="a", event_id_cnty="CMLBYA", latitude=31.40, longitude=15.25,
                                  x_place_id=None, geo_precision=2, fatalities=2)]),
        (art("b", "نص ب"), [event(doc="b", event_id_cnty="CMLBYB", latitude=31.427, longitude=15.25,
                                  x_place_id=None, geo_precision=2, fatalities=5, source="Libya Observer")]),
        (art("c", "نص ج"), [event(doc="c", event_id_cnty="CMLBYC", latitude=31.454, longitude=15.25,
                                  x_place_id="cm:c", geo_precision=1, fatalities=3, source="Libya Herald")]),
    ]
    results = []
    for order in ([0, 1, 2], [2, 1, 0], [1, 0, 2], [1, 2, 0]):
        spec = new_store()
        with open_store(spec) as store:
            for i in order:
                a, evs = items[i]
                store.ingest(a, [], evs)
            results.append(canonical_events(store.load().events))
    assert all(r == results[0] for r in results[1:])
    assert len(results[0]) == 2  # C (most precise) leads and takes B; A is 6 km from C and stays apart


def test_review_wins_when_read_and_leaves_an_audit_trail(store_spec: str) -> None:
    layers = sample_layers()
    with open_store(store_spec) as store:
        store.ingest(art("a1", TEXT_A), layers.places, layers.events)
        store.review("CMLBY0001", Correction(reviewer="amal", changes={"latitude": 31.5, "longitude": 15.3,
                                                                       "fatalities": 4}))
        store.review("CMLBY0002", Correction(reviewer="omar", status="rejected", reason="not_an_event"))
        with pytest.raises(KeyError):
            store.review("CMLBYNONE", Correction(reviewer="x", status="accepted"))
        with pytest.raises(ValueError):
            store.review("CMLBY0001", Correction(reviewer="x", changes={"event_id_cnty": "CMLBY9"}))
        shown = store.load().events
        every = store.load(include_rejected=True).events
        trail = store.audit()
        # re-ingesting the same article never undoes a review
        store.ingest(art("a1", TEXT_A), layers.places, layers.events)
        assert [e["x_review"] for e in store.load().events] == ["corrected"]
    assert [e["event_id_cnty"] for e in shown] == ["CMLBY0001"]
    assert (shown[0]["latitude"], shown[0]["longitude"], shown[0]["fatalities"]) == (31.5, 15.3, 4)
    assert shown[0]["x_review"] == "corrected" and shown[0]["x_reviewed_by"] == "amal"
    assert {e["event_id_cnty"]: e.get("x_review") for e in every}["CMLBY0002"] == "rejected"
    fields = [(a["event_id"], a["field"], a["new_value"], a["reviewer"]) for a in trail]
    assert ("CMLBY0001", "fatalities", "4", "amal") in fields
    assert ("CMLBY0002", "x_review", "rejected", "omar") in fields
    assert all(a["at"] for a in trail)


def test_control_estimate_is_kept_per_day_and_current_view_shows_the_latest(store_spec: str) -> None:
    from test_store_seed import SECOND
    from tests_seed import seed_article

    from geo.pipeline import analyse

    with open_store(store_spec) as store:
        for a in (seed_article(), Article("second", SECOND, "2020-01", id="second")):
            an = analyse([a], control=False)
            store.ingest(a, an.places, an.events)
        n = store.refresh_control("2020-01-20")
        m = store.refresh_control()
        rows = store.execute("SELECT as_of, count(*) FROM control_areas GROUP BY as_of ORDER BY as_of").fetchall()
        current = store.execute("SELECT count(*), min(as_of) FROM control_areas_current").fetchone()
    assert n > 0 and m > 0
    assert len(rows) == 2
    assert current[0] == m and str(current[1]) == str(rows[-1][0])


@pytest.mark.filterwarnings("ignore:pandas only supports SQLAlchemy")
def test_postgis_schema_is_what_qgis_loads(pg_cluster) -> None:  # noqa: ANN001
    import geopandas as gpd
    import psycopg

    url = pg_cluster.new_database()
    layers = sample_layers()
    with open_store(url) as store:
        store.ingest(art("a1", TEXT_A), layers.places, layers.events)
        store.review("CMLBY0002", Correction(reviewer="amal", status="rejected", reason="not_an_event"))
    with psycopg.connect(url) as conn:
        geoms = {(r[0], r[1]): (r[2], r[3]) for r in conn.execute(
            "SELECT f_table_name, f_geometry_column, type, srid FROM geometry_columns")}
        assert geoms[("events", "geom")] == ("POINT", 4326)
        assert geoms[("mentions", "geom")] == ("POINT", 4326)
        assert geoms[("control_areas", "geom")] == ("MULTIPOLYGON", 4326)
        assert geoms[("events_reviewed", "geom")][1] == 4326
        gist = {r[0] for r in conn.execute("SELECT tablename FROM pg_indexes WHERE indexdef LIKE '%USING gist%'")}
        assert {"events", "mentions", "control_areas"} <= gist
        types = dict(conn.execute("SELECT column_name, data_type FROM information_schema.columns "
                                  "WHERE table_name = 'events'").fetchall())
        assert types["event_date"] == "date" and types["first_seen"] == "timestamp with time zone"
        assert types["fatalities"] == "bigint" and types["latitude"] == "double precision"
        views = {r[0] for r in conn.execute("SELECT table_name FROM information_schema.views")}
        assert {"events_reviewed", "control_areas_current"} <= views
        events = gpd.read_postgis("SELECT * FROM events_reviewed", conn, geom_col="geom")
    assert list(events["event_id_cnty"]) == ["CMLBY0001"] and events.crs.to_epsg() == 4326
    assert (events.geometry.x.iloc[0], events.geometry.y.iloc[0]) == pytest.approx(
        (events["longitude"].iloc[0], events["latitude"].iloc[0]))


def test_a_review_follows_its_event_when_a_better_report_comes_to_lead_it(store_spec: str) -> None:
    vague = event(doc="a1", event_id_cnty="CMLBYVAGUE", geo_precision=2, x_confidence=0.6)
    exact = event(doc="b1", event_id_cnty="CMLBYEXACT", geo_precision=1, x_confidence=0.9, source="Libya Observer")
    with open_store(store_spec) as store:
        store.ingest(art("a1", TEXT_A), [], [vague])
        store.review("CMLBYVAGUE", Correction(reviewer="amal", changes={"fatalities": 7}))
        store.ingest(art("b1", TEXT_B), [], [exact])
        events = store.load().events
        trail = store.audit("CMLBYEXACT")
    assert [(e["event_id_cnty"], e["x_docs"], e["fatalities"], e["x_review"]) for e in events] == [
        ("CMLBYEXACT", ["a1", "b1"], 7, "corrected")]
    assert [(a["field"], a["old_value"], a["new_value"]) for a in trail] == [("event_id", "CMLBYVAGUE", "CMLBYEXACT")]


def test_both_backends_are_the_one_store_interface(store_spec: str) -> None:
    from maps.store import Store

    with open_store(store_spec) as store:
        assert isinstance(store, Store)
        store.ingest(art("a1", TEXT_A), [place(doc="a1")], [event(doc="a1")])
    import geo

    result = geo.from_store(store_spec)
    assert list(result.events["event_id_cnty"]) == ["CMLBY0001"]


def test_committed_articles_leave_the_wal_at_close(store_path: Path) -> None:
    layers = sample_layers()
    with EventStore(store_path) as store:
        store.ingest(art("a1", TEXT_A), layers.places, layers.events)
        wal = Path(str(store_path) + "-wal")
        assert wal.exists()  # while open: WAL mode
        with EventStore(store_path) as second:  # a second writer closing first leaves the WAL to the last
            second.ingest(art("b1", TEXT_B), [], [event(doc="b1", event_id_cnty="CMLBYB", **SIRTE)])
    assert not wal.exists() or wal.stat().st_size == 0
    with sqlite3.connect(store_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
