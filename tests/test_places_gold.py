"""The project's annotated corpus (tests/data/places_gold_*.jsonl): precision and recall of `places`.

A predicted mention counts as right only when its span is exactly the gold span, it is (or is not) a
relative expression as the gold says, it agrees on in/out of Libya, and its point lies within the gold
tolerance (5 km for towns, 10 km for cities, 25 km for regions; countries are checked by country).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.article import Article
from geo.places import extract_mentions
from geo.places.relative import haversine_km

DATA = Path(__file__).parent / "data"
THRESHOLD = 0.95


def _items(name: str) -> list[dict]:
    path = DATA / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _matches(gold: dict, rec: dict) -> bool:
    if (gold["start"], gold["end"]) != (rec["start"], rec["end"]):
        return False
    if bool(gold.get("relative")) != (rec["kind"] == "relative"):
        return False
    if bool(gold["in_libya"]) != bool(rec["in_libya"]):
        return False
    if gold.get("kind") == "country" or gold.get("tol_km") is None:
        return rec.get("country") == gold.get("country")
    return haversine_km(gold["lat"], gold["lon"], rec["lat"], rec["lon"]) <= gold["tol_km"]


def score(items: list[dict], index: object) -> tuple[float, float, float, list[str]]:
    tp = fp = fn = 0
    errors: list[str] = []
    for item in items:
        recs = [m.to_record() for m in extract_mentions(Article(item["id"], item["text"]), index)]
        golds = item["mentions"]
        used: set[int] = set()
        for g in golds:
            j = next((j for j, r in enumerate(recs) if j not in used and _matches(g, r)), None)
            if j is None:
                fn += 1
                near = [(r["surface"], r.get("name")) for r in recs if r["start"] < g["end"] and g["start"] < r["end"]]
                errors.append(f"{item['id']} missed {g['surface']!r} ({g.get('name')}); got {near}")
            else:
                used.add(j)
                tp += 1
        for j, r in enumerate(recs):
            if j not in used:
                fp += 1
                errors.append(f"{item['id']} spurious {r['surface']!r} -> {r.get('name')} ({r['kind']})")
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, errors


@pytest.mark.parametrize("name", ["places_gold_ar.jsonl", "places_gold_en_fr.jsonl"])
def test_gold_precision_and_recall(name, gazetteer_index):
    items = _items(name)
    assert len(items) >= (60 if name.endswith("_ar.jsonl") else 30)
    p, r, f, errors = score(items, gazetteer_index)
    report = f"{name}: {len(items)} items, precision {p:.3f}, recall {r:.3f}, F1 {f:.3f}"
    print("\n" + report)
    for e in errors[:40]:
        print("  " + e)
    assert p >= THRESHOLD and r >= THRESHOLD, report
