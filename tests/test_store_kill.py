"""An ingest killed midway (SIGKILL) leaves a store that opens, with every committed article whole (both backends)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyogrio
import pytest

from maps.store import open_store

ROOT = Path(__file__).resolve().parents[1]

# A child that ingests many articles through the real pipeline, slowed down between articles so that
# the kill lands between and inside transactions rather than after the last one.
CHILD = r"""
import json, sys, time
from geo.inputs import read_articles
from geo.pipeline import analyse
from maps.store import open_store

corpus, store_path = sys.argv[1], sys.argv[2]
with open_store(store_path) as store:
    for article in read_articles([corpus]):
        analysis = analyse([article], control=False)
        events = analysis.events or [{
            "event_id_cnty": "CMLBYK" + article.doc, "event_date": article.date, "event_type": "Battles",
            "sub_event_type": "Armed clash", "country": "Libya", "latitude": 32.0 + int(article.doc[1:]) / 100,
            "longitude": 15.0, "x_quote": article.text[:40], "x_place_id": "k" + article.doc}]
        store.ingest(article, analysis.places, events)
        print(article.doc, flush=True)
        time.sleep(0.02)
"""

TEXTS = [
    "اندلعت اشتباكات عنيفة بين قوات الجيش الوطني وقوات الوفاق في منطقة أبوقرين جنوب مصراتة.",
    "قصفت طائرة مسيرة مواقع قرب مطار معيتيقة في طرابلس، وأفادت مصادر بسقوط جرحى.",
    "سيطرت قوات حفتر على مدينة سرت بعد انسحاب قوات الوفاق باتجاه الغرب.",
    "تظاهر مئات في ساحة الشهداء بطرابلس احتجاجاً على انقطاع الكهرباء.",
]


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(400):
            day = 1 + i % 28
            art = {"id": f"k{i}", "date": f"2020-01-{day:02d}", "text": f"{TEXTS[i % 4]} (تقرير رقم {i})"}
            fh.write(json.dumps(art, ensure_ascii=False) + "\n")
    return path


def test_sigkill_midway_keeps_committed_articles_whole(corpus: Path, store_spec: str, backend: str) -> None:
    store = store_spec
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(corpus), store], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    committed: list[str] = []
    deadline = time.monotonic() + 120
    while len(committed) < 25 and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        committed.append(line.strip())
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert len(committed) >= 25, child.stderr.read() if child.stderr else ""
    assert child.returncode == -signal.SIGKILL

    if backend == "gpkg":
        import sqlite3

        with sqlite3.connect(store) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with open_store(store, create=False, readonly=True) as conn:
        docs = {r[0] for r in conn.execute("SELECT doc FROM articles")}
        assert set(committed) <= docs  # everything reported committed is there...
        assert len(docs) < 400  # ...and the kill did land before the end
        orphans = {
            "mentions without article": "SELECT count(*) FROM mentions m LEFT JOIN articles a "
                                        "ON a.fid = m.article_fid WHERE a.fid IS NULL",
            "evidence without article": "SELECT count(*) FROM evidence v LEFT JOIN articles a "
                                        "ON a.fid = v.article_fid WHERE a.fid IS NULL",
            "events without evidence": "SELECT count(*) FROM events e WHERE NOT EXISTS "
                                       "(SELECT 1 FROM evidence v WHERE v.event_fid = e.fid)",
            "reports without event": "SELECT count(*) FROM reports WHERE event_fid IS NULL",
            "evidence without event": "SELECT count(*) FROM evidence WHERE event_fid IS NULL",
            "articles without their events": "SELECT count(*) FROM articles a WHERE a.n_events > 0 AND NOT "
                                             "EXISTS (SELECT 1 FROM evidence v WHERE v.article_fid = a.fid)",
            "articles missing mentions": "SELECT count(*) FROM articles a WHERE a.n_mentions != "
                                         "(SELECT count(*) FROM mentions m WHERE m.article_fid = a.fid)",
        }
        for what, sql in orphans.items():
            assert conn.execute(sql).fetchone()[0] == 0, what
    # the store opens for GIS tools and for the next ingest, which continues where the kill stopped
    if backend == "gpkg":
        assert len(pyogrio.read_dataframe(store, layer="events")) > 0
    with open_store(store) as s:
        before = s.counts()["articles"]
        assert before == len(docs)
        assert s.has_content(f"{TEXTS[0]} (تقرير رقم 0)")


# A child killed while an article's transaction is open: its mentions are written, its events not yet.
CHILD_INSIDE = r"""
import sys, time
from geo.article import Article
from maps.store import open_store

store_path = sys.argv[1]
place = {"doc": "", "surface": "سرت", "start": 0, "end": 3, "place_id": "cm:sirte", "name": "Sirte",
         "name_ar": "سرت", "lat": 31.2089, "lon": 16.5887, "country": "LY", "kind": "city", "in_libya": True}
event = {"event_id_cnty": "CMLBYX1", "event_date": "2020-01-06", "event_type": "Battles", "country": "Libya",
         "latitude": 31.2089, "longitude": 16.5887, "x_place_id": "cm:sirte"}
with open_store(store_path) as store:
    store.ingest(Article("first", "سرت: اشتباكات", "2020-01-06"), [dict(place, doc="first")], [event])
    print("committed", flush=True)
    real = store._insert_mentions
    def slow(*args):
        real(*args)
        print("inside", flush=True)
        time.sleep(60)
    store._insert_mentions = slow
    store.ingest(Article("second", "سرت: قصف", "2020-01-06"), [dict(place, doc="second")], [event])
"""


def test_sigkill_inside_a_transaction_leaves_no_trace_of_that_article(store_spec: str) -> None:
    store = store_spec
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", CHILD_INSIDE, store], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    lines = [child.stdout.readline().strip(), child.stdout.readline().strip()]
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert lines == ["committed", "inside"], child.stderr.read() if child.stderr else ""
    with open_store(store) as s:
        assert s.counts() == {"articles": 1, "mentions": 1, "events": 1, "evidence": 1}
        ev = s.load().events[0]
    assert ev["x_docs"] == ["first"] and ev["x_n_evidence"] == 1
