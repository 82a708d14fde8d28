"""ACLED exports as input: read as ACLED's events (its ids, actors, coordinates, x_origin "acled") by
events/export/map/ingest, alone or beside articles; our events that duplicate one carry its id; the map
draws them as their own layer. The small export below is invented for the tests (ACLED's columns, made-up
rows); the real excerpts in ../shared are read only by the tests marked shared."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from geo.acled import AcledError, link_duplicates, read_acled
from geo.cli.main import cli

HEADER = ("data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,sub_event_type,"
          "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,country,admin1,admin2,"
          "admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,timestamp,iso3")
ROWS = [
    # 3 km from where the article's shelling is placed, the same day and type: a duplicate
    '1,434,TST001,1,9-May-20,2020,1,Explosions/Remote violence,Shelling/artillery/missile attack,"Military Forces '
    'of Libya (2014-) Haftar Faction",,1,,,0,10,Northern Africa,Libya,Tripoli,Tripoli,,Test Quarter,32.84,13.19,1,'
    'Test Wire,National,"Invented note: shells hit a quarter of the capital.",2,1589234729,LBY',
    # same place and day, another type: not a duplicate
    '2,434,TST002,2,9-May-20,2020,1,Battles,Armed clash,Militia A,,3,Militia B,,3,33,Northern Africa,Libya,Tripoli,'
    'Tripoli,,Test Quarter,32.84,13.19,1,Test Wire,National,"Invented note: a clash.",0,1589234729,LBY',
    # same place and type, three days later: not a duplicate
    '3,434,TST003,3,12-May-20,2020,1,Explosions/Remote violence,Shelling/artillery/missile attack,"Military Forces '
    'of Libya (2014-) Haftar Faction",,1,,,0,10,Northern Africa,Libya,Tripoli,Tripoli,,Test Quarter,32.84,13.19,1,'
    'Test Wire,National,"Invented note: more shells.",0,1589234729,LBY',
    # same day and type, 40 km away: not a duplicate
    '4,434,TST004,4,8-May-20,2020,1,Explosions/Remote violence,Air/drone strike,"Military Forces of Libya (2014-) '
    'Haftar Faction",,1,,,0,10,Northern Africa,Libya,Aljfara,Aljfara,,Far Away,32.5,13.4,1,Test Wire,National,'
    '"Invented note: a drone strike.",0,1589234729,LBY',
]
ARTICLE = "قصفت قوات حفتر بالمدفعية الثقيلة حي أبو سليم في طرابلس يوم السبت 9 مايو 2020، ما أدى إلى مقتل مدنيين اثنين."


@pytest.fixture(autouse=True)
def _index(gazetteer_index: object) -> None:
    """The built-in gazetteer in a temporary cache (never the user's)."""


@pytest.fixture()
def export(tmp_path: Path) -> Path:
    path = tmp_path / "acled_export.csv"
    path.write_text(HEADER + "\n" + "\n".join(ROWS) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def article(tmp_path: Path) -> Path:
    path = tmp_path / "tripoli.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "tripoli.meta.json").write_text(json.dumps(
        {"date": "2020-05-10", "title": "قصف على طرابلس", "url": "https://example.ly/news/1", "source": "Test Wire"},
        ensure_ascii=False), encoding="utf-8")
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def events_json(*args: str) -> list[dict]:
    res = run("events", *args, "--format", "json")
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout)


def test_an_export_alone_gives_acled_events_as_acled_coded_them(export: Path) -> None:
    evs = events_json(str(export))
    assert [e["event_id_cnty"] for e in evs] == ["TST001", "TST002", "TST003", "TST004"]
    first = evs[0]
    assert first["x_origin"] == "acled" and first["x_acled_id"] == "TST001"
    assert first["event_date"] == "2020-05-09" and (first["latitude"], first["longitude"]) == (32.84, 13.19)
    assert first["actor1"] == "Military Forces of Libya (2014-) Haftar Faction" and first["fatalities"] == 2
    assert first["notes"].startswith("Invented note") and first["x_confidence"] is None


def test_beside_an_article_our_duplicate_carries_the_acled_id(export: Path, article: Path) -> None:
    evs = events_json(str(article), str(export))
    ours = [e for e in evs if e["x_origin"] == "conflictmap"]
    acled = {e["event_id_cnty"]: e for e in evs if e["x_origin"] == "acled"}
    shelling = [e for e in ours if e["event_type"] == "Explosions/Remote violence"]
    assert shelling and all(e["x_acled_id"] == "TST001" for e in shelling)
    assert all(e["event_id_cnty"].startswith("CMLBY") for e in ours)  # our ids stay ours
    assert acled["TST001"]["x_duplicates"] == [e["event_id_cnty"] for e in shelling]
    assert all(not acled[k].get("x_duplicates") for k in ("TST002", "TST003", "TST004"))
    # provenance: our events carry the article's url and title beside its source
    assert {(e["url"], e["title"], e["source"]) for e in ours} == {
        ("https://example.ly/news/1", "قصف على طرابلس", "Test Wire")}
    # the same in either order
    again = events_json(str(export), str(article))
    assert sorted(e["event_id_cnty"] for e in again) == sorted(e["event_id_cnty"] for e in evs)


def test_link_duplicates_rules() -> None:
    ours = [{"event_id_cnty": "CM1", "event_date": "2020-05-10", "time_precision": 1, "event_type": "Battles",
             "latitude": 32.0, "longitude": 13.0},
            {"event_id_cnty": "CM2", "event_date": "2020-05-01", "time_precision": 3, "event_type": "Battles",
             "latitude": 32.0, "longitude": 13.0}]
    acled = [{"event_id_cnty": "A_far", "event_date": "2020-05-10", "event_type": "Battles", "latitude": 32.1,
              "longitude": 13.0},  # 11 km
             {"event_id_cnty": "A_near", "event_date": "2020-05-11", "event_type": "Battles", "latitude": 32.05,
              "longitude": 13.0}]  # 5.6 km, the next day
    assert link_duplicates(ours, acled) == 1
    assert ours[0]["x_acled_id"] == "A_near" and "x_acled_id" not in ours[1]  # month precision: no link


def test_export_csv_and_geojson_carry_acled_and_provenance(export: Path, article: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    res = run("export", str(article), str(export), "-o", str(out))
    assert res.exit_code == 0, res.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["event_id_cnty"] for r in rows if r["x_origin"] == "acled"} == {"TST001", "TST002", "TST003", "TST004"}
    assert {r["url"] for r in rows if r["x_origin"] == "conflictmap"} == {"https://example.ly/news/1"}
    assert {r["x_acled_id"] for r in rows if r["event_type"] == "Explosions/Remote violence"
            and r["x_origin"] == "conflictmap"} == {"TST001"}
    gj = tmp_path / "events.geojson"
    assert run("export", str(export), str(article), "-o", str(gj)).exit_code == 0
    props = [f["properties"] for f in json.loads(gj.read_text(encoding="utf-8"))["features"]
             if f["properties"]["kind"] == "event"]
    assert {p["article_title"] for p in props if p["x_origin"] == "conflictmap"} == {"قصف على طرابلس"}


def test_ingest_keeps_acled_events_apart_and_is_idempotent(export: Path, article: Path, tmp_path: Path) -> None:
    store = tmp_path / "s.gpkg"
    res = run("ingest", str(export), str(article), "--store", str(store))
    assert res.exit_code == 0, res.stderr
    assert "4 ACLED events added" in res.stderr
    again = run("ingest", str(export), "--store", str(store))
    assert "0 ACLED events added, 0 revised, 4 already stored" in again.stderr
    conn = sqlite3.connect(store)
    ids = {r[0] for r in conn.execute("SELECT event_id_cnty FROM events")}
    conn.close()
    assert {"TST001", "TST002", "TST003", "TST004"} <= ids
    assert any(i.startswith("CMLBY") for i in ids)  # our shelling event was not merged into ACLED's
    out = tmp_path / "from_store.geojson"
    assert run("export", "--store", str(store), "-o", str(out)).exit_code == 0
    props = [f["properties"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]
             if f["properties"]["kind"] == "event"]
    assert {p.get("x_origin") for p in props} == {"acled", "conflictmap"}
    assert {p.get("url") for p in props if p.get("x_origin") == "conflictmap"} == {"https://example.ly/news/1"}
    shelling = [p for p in props
                if p.get("x_origin") == "conflictmap" and p["event_type"] == "Explosions/Remote violence"]
    assert shelling and {p.get("x_acled_id") for p in shelling} == {"TST001"}  # linked in the store's output too


def test_map_of_an_export_and_an_article(export: Path, article: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    res = run("map", str(export), str(article), "-o", str(out))
    assert res.exit_code == 0, res.stderr
    html = out.read_text(encoding="utf-8")
    assert "TST001" in html and '"acled":4' in html.replace(" ", "")


def test_malformed_export_is_one_line_naming_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\n" + ROWS[0] + "\n" + ROWS[1].replace("32.84", "north") + "\n", encoding="utf-8")
    res = run("events", str(bad))
    assert res.exit_code == 2 and res.stderr.strip().count("\n") == 0
    assert "bad.csv:3: latitude 'north' is not a number" in res.stderr
    with pytest.raises(AcledError, match="bad.csv:3"):
        read_acled(bad)
    res = run("events", str(bad), "--skip-bad", "--format", "json")
    assert res.exit_code == 0 and [e["event_id_cnty"] for e in json.loads(res.stdout)] == ["TST001"]


@pytest.mark.shared
@pytest.mark.parametrize("name", ["acled_libya_2020-04-27_2020-05-09.csv", "acled_libya_2016-06-18_2016-07-02.csv"])
def test_real_acled_excerpts_one_event_per_row_with_acleds_ids(shared_data: Path, name: str) -> None:
    path = shared_data / "events" / name
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    evs = events_json(str(path))
    assert len(evs) == len(rows)
    assert [e["event_id_cnty"] for e in evs] == [r["event_id_cnty"] for r in rows]
    assert all(e["x_origin"] == "acled" and e["x_acled_id"] == e["event_id_cnty"] for e in evs)
    assert [e["latitude"] for e in evs] == [float(r["latitude"]) for r in rows]
    assert [e["actor1"] for e in evs] == [r["actor1"] for r in rows]
    assert all(e["event_type"] in ("Battles", "Explosions/Remote violence", "Violence against civilians",
                                   "Protests", "Riots", "Strategic developments") for e in evs)


@pytest.mark.browser
def test_acled_layer_in_the_browser(export: Path, article: Path, tmp_path: Path) -> None:
    from tests.browser.harness import browser, chromium_path, open_map, show_marker

    if chromium_path() is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    out = tmp_path / "m.html"
    assert run("map", str(export), str(article), "-o", str(out)).exit_code == 0
    with browser() as b, open_map(b, out) as (page, log):
        assert log.errors == []
        total = page.evaluate("conflictmap.current.markers.length")
        acled = page.evaluate("conflictmap.current.markers.filter(m => m.cm.o).length")
        assert acled == 4 and total > 4
        page.locator(".leaflet-control-layers").hover()
        toggle = page.locator(".leaflet-control-layers-overlays label", has_text="ACLED events (4)").locator("input")
        toggle.uncheck()
        page.wait_for_function(f"conflictmap.current.cluster.getLayers().length === {total - 4}")
        toggle.check()
        page.wait_for_function(f"conflictmap.current.cluster.getLayers().length === {total}")
        # our shelling event names its ACLED twin, and the ACLED event names ours
        ours = page.evaluate("conflictmap.current.markers.findIndex(m => m.cm.ac === 'TST001')")
        assert ours >= 0
        show_marker(page, ours).click()
        page.wait_for_selector(".cm-pop")
        assert "Same event in ACLED" in page.inner_text(".cm-pop") and "TST001" in page.inner_text(".cm-pop")
        twin = page.evaluate("conflictmap.current.markers.findIndex(m => m.cm.id === 'TST001')")
        page.keyboard.press("Escape")
        page.wait_for_selector(".cm-pop", state="detached")
        show_marker(page, twin).click()
        page.wait_for_function("document.querySelector('.cm-pop') && "
                               "document.querySelector('.cm-pop').innerText.includes('Coded by')")
        text = page.inner_text(".cm-pop")
        assert "ACLED" in text and "Invented note: shells hit a quarter" in text and "CMLBY" in text


def test_acled_actor_names_are_read_as_the_side_of_their_date() -> None:
    from geo.acled.actors import acled_bloc

    assert acled_bloc("Military Forces of Libya (2014-) Haftar Faction", "2020-05-01") == "LNA"
    assert acled_bloc("Military Forces of Libya (2016-2021) Government of National Accord", "2019-04-05") == "GNA"
    assert acled_bloc("Military Forces of Libya (2021-) Government of National Unity", "2022-08-27") == "GNU"
    # a Tripoli-camp name is the camp of the date: before the GNA existed it was Libya Dawn's
    assert acled_bloc("Libya Dawn", "2015-02-01") == "DAWN"
    assert acled_bloc("Islamic State (Libya)", "2016-07-01") == "IS"
    assert acled_bloc("Civilians (Libya)", "2016-07-01") == "CIV"
    assert acled_bloc("Unidentified Armed Group (Libya)", "2016-07-01") == "UNKNOWN"
    assert acled_bloc("Wagner Group", "2020-05-01") == "WAGNER"
    assert acled_bloc("Zawiya Martyrs Brigade", "2020-05-01") == ""  # not guessed


def test_acled_events_carry_the_blocs_of_their_actors(export: Path) -> None:
    first = events_json(str(export))[0]
    assert (first["x_actor1_bloc"], first["x_actor2_bloc"]) == ("LNA", "")


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_tab_and_semicolon_exports_are_recognised_and_read_by_the_same_rule(tmp_path: Path, export: Path,
                                                                             delimiter: str) -> None:
    """One dialect rule (geo.sniff.csv_delimiter) for recognising an export and for reading it."""
    rows = list(csv.reader(export.read_text(encoding="utf-8").splitlines()))
    other = tmp_path / "acled_other.csv"
    with other.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    assert [r["event_id_cnty"] for r in read_acled(other)] == [r["event_id_cnty"] for r in read_acled(export)]
    res = run("events", str(other), "--format", "json")
    assert res.exit_code == 0, res.stderr
    assert {e["event_id_cnty"] for e in json.loads(res.stdout)} == {"TST001", "TST002", "TST003", "TST004"}
