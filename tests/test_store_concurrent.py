"""Several writers at once, on both backends, as real processes: any interleaving gives the sequential result.

The events of a store are derived from the set of stored reports in a canonical order, and each article's
read-match-write is one transaction under the store's writer lock, so writers that share a store (also one
that does not exist yet) end in the events one sequential run gives. Runs are compared with each other, never
with fixed event counts (what the extractor finds is another stage's business).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from geo.article import Article
from maps.store import open_store
from maps.store_merge import canonical_events

ROOT = Path(__file__).resolve().parents[1]

WRITER = r"""
import json, sys
from geo.article import Article
from maps.store import open_store

items = json.loads(open(sys.argv[1], encoding="utf-8").read())
with open_store(sys.argv[2]) as store:
    for it in items:
        store.ingest(Article(**it["article"]), it["places"], it["events"])
print("done", flush=True)
"""


def _synthetic(n: int, rng: random.Random) -> list[dict[str, Any]]:
    """Articles whose reports chain and overlap on a few days in one small area: the hard case for merging."""
    items = []
    for i in range(n):
        events = []
        for j in range(rng.randint(1, 3)):
            lat, lon = 31.40 + rng.randint(0, 12) * 0.01, 15.20 + rng.randint(0, 4) * 0.02
            events.append({
                "event_id_cnty": f"CMLBYS{i}x{j}", "event_date": f"2020-01-0{rng.randint(1, 3)}", "time_precision": 1,
                "event_type": rng.choice(["Battles", "Explosions/Remote violence"]), "country": "Libya",
                "latitude": lat, "longitude": lon, "geo_precision": rng.choice([1, 2, 3]),
                "x_place_id": rng.choice([None, None, f"cm:p{rng.randint(0, 3)}"]),
                "x_actor1_bloc": rng.choice([None, "LNA", "GNA"]), "x_actor2_bloc": rng.choice([None, "GNA"]),
                "fatalities": rng.randint(0, 5), "x_confidence": rng.choice([0.4, 0.6, 0.8]),
                "source": rng.choice(["Al Wasat", "Libya Observer", "Libya Herald"]),
                "x_quote": f"quote {i}.{j}", "x_start": 10 * j, "x_end": 10 * j + 8,
            })
        ident = f"s{i}" if i % 3 else None  # a third without an explicit id: their doc is FILE:LINE
        doc = ident or f"corpus.jsonl:{i}"
        items.append({"article": {"doc": doc, "id": ident, "text": f"نص التقرير رقم {i}", "date": "2020-01-03",
                                  "source": "test"},
                      "places": [], "events": [dict(e, doc=doc) for e in events]})
    return items


def _snapshot(spec: str) -> tuple[list[str], dict[str, int]]:
    with open_store(spec, create=False, readonly=True) as store:
        return canonical_events(store.load().events), store.counts()


def _write(path: Path, items: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("trial", [0, 1])
def test_three_writers_on_a_missing_store_end_as_one_sequential_run(
        trial: int, new_store, tmp_path: Path) -> None:  # noqa: ANN001
    rng = random.Random(trial)
    union = _synthetic(45, rng)
    # three overlapping shares, each in its own order
    shares = []
    for k in range(3):
        share = [it for i, it in enumerate(union) if i % 3 != k or rng.random() < 0.3]
        rng.shuffle(share)
        shares.append(share)
    assert {json.dumps(i, sort_keys=True) for s in shares for i in s} == {json.dumps(i, sort_keys=True)
                                                                          for i in union}
    concurrent = new_store()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(_write(tmp_path / f"share{k}.json", share)),
                               concurrent], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for k, share in enumerate(shares)]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0 and out.strip() == "done", err
    sequential = new_store()
    with open_store(sequential) as store:
        for it in union:
            store.ingest(Article(**it["article"]), it["places"], it["events"])
    got, want = _snapshot(concurrent), _snapshot(sequential)
    assert got[1] == want[1]
    assert got[0] == want[0]
    assert want[1]["events"] < sum(len(it["events"]) for it in union)  # merging did happen


def _real_corpus(seed_text: str) -> list[dict[str, Any]]:
    """Real Arabic reporting: the seed article's paragraphs as separate reports of the same days, with
    reports of our own about the same fighting."""
    paragraphs = [p for p in seed_text.split("\n") if len(p.strip()) > 40]
    # every row has the same keys: a corpus's field map is read from its first object
    rows = [{"id": f"seed-{i}", "date": "2020-01-14", "text": p, "url": None} for i, p in enumerate(paragraphs)]
    own = [
        "اندلعت اشتباكات عنيفة بين قوات الجيش الوطني وقوات الوفاق في منطقة أبوقرين جنوب مصراتة.",
        "أفادت مصادر محلية بمقتل ثلاثة مقاتلين في اشتباكات قرب بوقرين، فيما قصفت طائرة مسيرة مواقع في سرت.",
        "قصفت طائرة مسيرة مواقع قرب مطار معيتيقة في طرابلس، وأفادت مصادر بسقوط جرحى.",
        "سيطرت قوات حفتر على مدينة سرت بعد انسحاب قوات الوفاق باتجاه الغرب.",
        "تجددت الاشتباكات في محور عين زارة جنوب طرابلس وسط قصف مدفعي متبادل.",
    ]
    for i, text in enumerate(own):
        rows.append({"id": f"own-{i}", "date": "2020-01-14", "text": text, "url": f"https://example.org/{i}"})
        rows.append({"id": None, "date": "2020-01-14", "text": text + " (نقلاً عن وكالة أخرى)",
                     "url": None})  # no id: FILE:LINE
    return rows


def test_four_ingest_processes_over_overlapping_corpora_end_as_one_run(
        seed_text: str, new_store, tmp_path: Path, gazetteer_index: object) -> None:  # noqa: ANN001
    rows = _real_corpus(seed_text)
    rng = random.Random(7)
    corpora = []
    for k in range(4):
        share = [r for i, r in enumerate(rows) if i % 4 != k or rng.random() < 0.5]
        rng.shuffle(share)
        path = tmp_path / f"corpus{k}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in share), encoding="utf-8")
        corpora.append(path)
    # a row without an id is FILE:LINE: the same text must be stored once whichever file it came from
    union = tmp_path / "all.jsonl"
    union.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the gazetteer fixture's cache directory is inherited
    concurrent = new_store()
    procs = [subprocess.Popen([sys.executable, "-m", "geo.cli.main", "ingest", str(c), "--store", concurrent],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for c in corpora]
    for p in procs:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
    single = new_store()
    out = subprocess.run([sys.executable, "-m", "geo.cli.main", "ingest", str(union), "--store", single],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    got, want = _snapshot(concurrent), _snapshot(single)
    assert want[1]["articles"] == len(rows) and want[1]["events"] > 0
    assert got[1] == want[1]
    # FILE:LINE docs differ between the corpora (another file, another line): compare without them
    assert _without_file_line_docs(concurrent) == _without_file_line_docs(single)
    with open_store(concurrent, create=False, readonly=True) as a, open_store(single, create=False,
                                                                              readonly=True) as b:
        ca = a.execute("SELECT count(*) FROM control_areas_current").fetchone()[0]
        cb = b.execute("SELECT count(*) FROM control_areas_current").fetchone()[0]
    assert ca == cb


def _without_file_line_docs(spec: str) -> list[str]:
    import re

    pattern = re.compile(r'[^"\s]+\.jsonl:\d+')
    with open_store(spec, create=False, readonly=True) as store:
        events = store.load().events
    return canonical_events([json.loads(pattern.sub("FILE:LINE", json.dumps(e, ensure_ascii=False)))
                             for e in events])
