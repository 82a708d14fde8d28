"""The store through the command line, on both backends: ingest, map and export with --store (a path or a
postgresql:// URL, PG* variables honoured), `store copy` both ways, and a damaged store as a one-line exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from maps.store import open_store
from maps.store_merge import canonical_events

ROOT = Path(__file__).resolve().parents[1]

ARTICLES = [
    {"id": "a1", "date": "2020-01-14", "url": "https://example.org/a1",
     "text": "اندلعت اشتباكات عنيفة بين قوات الجيش الوطني وقوات الوفاق في منطقة أبوقرين جنوب مصراتة."},
    {"id": "a2", "date": "2020-01-14",
     "text": "أفادت مصادر محلية بمقتل ثلاثة مقاتلين في اشتباكات قرب بوقرين، فيما قصفت طائرة مسيرة مواقع في سرت."},
    {"id": "a3", "date": "2020-01-15",
     "text": "قصفت طائرة مسيرة مواقع قرب مطار معيتيقة في طرابلس، وأفادت مصادر بسقوط جرحى."},
]


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo.cli.main", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


def _events(spec: str) -> list[str]:
    with open_store(spec, create=False, readonly=True) as s:
        return canonical_events(s.load().events)


def test_ingest_export_map_through_the_store(store_spec: str, corpus: Path, tmp_path: Path,
                                             gazetteer_index: object) -> None:
    out = _cli("ingest", str(corpus), "--store", store_spec)
    assert out.returncode == 0, out.stderr
    assert "3 articles added" in out.stderr and "password" not in out.stderr
    again = _cli("ingest", str(corpus), "--store", store_spec)
    assert again.returncode == 0 and "3 already stored" in again.stderr
    gj = tmp_path / "e.geojson"
    out = _cli("export", "--store", store_spec, "--from", "2020-01-14", "--to", "2020-01-14", "-o", str(gj),
               "--min-confidence", "0")  # the store's date filter, not the confidence threshold
    assert out.returncode == 0, out.stderr
    feats = json.loads(gj.read_text(encoding="utf-8"))["features"]
    dates = {f["properties"]["event_date"] for f in feats if f["properties"]["kind"] == "event"}
    assert dates == {"2020-01-14"}
    html = tmp_path / "m.html"
    extra = tmp_path / "new.jsonl"
    extra.write_text(json.dumps({"id": "n1", "date": "2020-01-14", "text": "اشتباكات عنيفة في أبوقرين"},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    before = _events(store_spec)
    out = _cli("map", "--store", store_spec, str(extra), "-o", str(html))
    assert out.returncode == 0, out.stderr
    assert html.stat().st_size > 10_000 and _events(store_spec) == before  # overlaid, never written


def test_pg_environment_variables_fill_in_the_url(pg_cluster, corpus: Path, tmp_path: Path,  # noqa: ANN001
                                                  gazetteer_index: object) -> None:
    url = pg_cluster.new_database()
    db = url.rsplit("/", 1)[1]
    env = {"PGHOST": "127.0.0.1", "PGPORT": str(pg_cluster.port), "PGUSER": "postgres", "PGDATABASE": db}
    out = _cli("ingest", str(corpus), "--store", "postgresql://", env=env)
    assert out.returncode == 0, out.stderr
    assert f"postgresql://postgres@127.0.0.1:{pg_cluster.port}/{db}" in out.stderr
    assert len(_events(url)) > 0


def test_store_copy_both_ways_keeps_events_and_reviews(pg_cluster, corpus: Path, tmp_path: Path,  # noqa: ANN001
                                                       gazetteer_index: object) -> None:
    from maps.store import Correction

    gpkg = str(tmp_path / "laptop.gpkg")
    assert _cli("ingest", str(corpus), "--store", gpkg).returncode == 0
    with open_store(gpkg) as s:
        first = s.load().events[0]["event_id_cnty"]
        s.review(first, Correction(reviewer="amal", changes={"fatalities": 9}))
    pg = pg_cluster.new_database()
    out = _cli("store", "copy", gpkg, pg)
    assert out.returncode == 0, out.stderr
    assert _events(pg) == _events(gpkg)
    back = str(tmp_path / "back.gpkg")
    out = _cli("store", "copy", pg, back)
    assert out.returncode == 0, out.stderr
    assert _events(back) == _events(gpkg)
    with open_store(back, create=False, readonly=True) as s:
        assert [(a["field"], a["new_value"], a["reviewer"]) for a in s.audit() if a["field"] == "fatalities"] == \
            [("fatalities", "9", "amal")]
    again = _cli("store", "copy", gpkg, pg)  # into a store that holds it all already: nothing doubles
    assert again.returncode == 0 and "0 articles copied, 0 revised, 3 already there" in again.stderr
    assert _events(pg) == _events(gpkg)
    assert _cli("store", "copy", gpkg, gpkg).returncode == 2


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    for off in range(2 * page, len(data), page):  # every page after the first two: tables and indexes
        data[off:off + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


def test_a_damaged_geopackage_store_is_a_one_line_exit_2_everywhere(corpus: Path, tmp_path: Path,
                                                                   gazetteer_index: object) -> None:
    store = tmp_path / "s.gpkg"
    assert _cli("ingest", str(corpus), "--store", str(store)).returncode == 0
    _damage(store)
    before = store.read_bytes()
    for args in (["ingest", str(corpus), "--store", str(store)],
                 ["export", "--store", str(store), "-o", str(tmp_path / "o.geojson")],
                 ["map", "--store", str(store), "-o", str(tmp_path / "o.html")]):
        out = _cli(*args)
        assert out.returncode == 2, (args, out.stderr)
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and "s.gpkg" in lines[0] and "internal error" not in lines[0], out.stderr
    assert store.read_bytes() == before  # ingest wrote nothing into it
    assert not (tmp_path / "o.geojson").exists() and not (tmp_path / "o.html").exists()


def test_not_a_store_on_postgis_is_a_one_line_exit_2(pg_cluster, corpus: Path, tmp_path: Path) -> None:  # noqa: ANN001
    import psycopg

    url = pg_cluster.new_database()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE events (id int)")
    for args in (["ingest", str(corpus), "--store", url], ["export", "--store", url, "-o", str(tmp_path / "o.csv")]):
        out = _cli(*args)
        assert out.returncode == 2 and "not a conflictmap event store" in out.stderr, out.stderr
    empty = pg_cluster.new_database()
    out = _cli("export", "--store", empty, "-o", str(tmp_path / "o.csv"))
    assert out.returncode == 2 and "no event store" in out.stderr
    gone = f"postgresql://postgres@127.0.0.1:{pg_cluster.port}/no_such_db"
    out = _cli("export", "--store", gone, "-o", str(tmp_path / "o.csv"))
    assert out.returncode == 2 and "cannot connect" in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_a_schema_1_store_is_refused_with_a_way_out_that_works(tmp_path: Path, gazetteer_index: object) -> None:
    import sqlite3

    old = tmp_path / "old.gpkg"
    with sqlite3.connect(old) as conn:  # what the first conflictmap wrote (the tables copy reads)
        conn.execute("PRAGMA application_id = 1196444487")
        conn.execute("CREATE TABLE cm_meta (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("INSERT INTO cm_meta VALUES ('schema', '1')")
        conn.execute("CREATE TABLE articles (fid INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, "
                     "content_hash TEXT NOT NULL UNIQUE, date TEXT, title TEXT, source TEXT, url TEXT, language TEXT, "
                     "text TEXT NOT NULL, n_mentions INTEGER, n_events INTEGER, ingested_at DATETIME NOT NULL)")
        conn.execute("CREATE TABLE events (fid INTEGER PRIMARY KEY)")
        conn.execute("CREATE TABLE evidence (fid INTEGER PRIMARY KEY)")
        for i, a in enumerate(ARTICLES):
            conn.execute("INSERT INTO articles (doc, content_hash, date, text, ingested_at) VALUES (?,?,?,?,?)",
                         (a["id"], str(i), a["date"], a["text"], "2020-01-01T00:00:00Z"))
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    out = _cli("ingest", str(corpus), "--store", str(old))
    assert out.returncode == 2 and "store copy" in out.stderr
    new = str(tmp_path / "new.gpkg")
    out = _cli("store", "copy", str(old), new)
    assert out.returncode == 0, out.stderr
    fresh = str(tmp_path / "fresh.gpkg")
    assert _cli("ingest", str(corpus), "--store", fresh).returncode == 0
    # the same events as ingesting the articles today (their urls were not in the old rows)
    strip = [json.loads(e) for e in _events(fresh)]
    for e in strip:
        e.pop("url", None)
    assert len(_events(new)) == len(strip) > 0
