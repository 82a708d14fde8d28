"""The review workspace over the team's store: ``conflictmap serve --store postgresql://...`` behaves as over
a GeoPackage (corrections, audit, exports, a revised article keeping its reviews)."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.serve_helpers import SEED, cli, running, seed_corpus, write_jsonl


def test_review_over_postgis(pg_cluster, review_cache: Path, tmp_path: Path) -> None:
    url = pg_cluster.new_database()
    cli(["ingest", str(seed_corpus(tmp_path / "seed.jsonl", hostile=True)), "--store", url], review_cache)
    with running(url, review_cache) as srv, srv.client() as c:  # type: ignore[arg-type]
        q = {e["location"]: e["event_id_cnty"] for e in c.get("/api/queue").json()["events"]}
        assert len(q) >= 7
        tripoli, washka, rajma = q["Tripoli"], q["Al-Washka"], q["Al-Rajma"]
        assert c.post(f"/api/events/{tripoli}/review", json={"status": "rejected", "reason": "not_an_event"},
                      headers={"X-Reviewer": "amal"}).status_code == 200
        assert c.post(f"/api/events/{washka}/review", json={"place_id": "curated:sirte"}).status_code == 200
        assert c.post(f"/api/events/{rajma}/review", json={"event_type": "Battles",
                                                          "sub_event_type": "Armed clash"}).status_code == 200
        detail = c.get(f"/api/events/{tripoli}").json()
        assert detail["articles"][0]["text"].startswith(SEED.read_text("utf-8-sig")[:20])
        assert tripoli not in {f["properties"]["event_id_cnty"] for f in c.get("/api/events").json()["features"]}
        before = c.get("/api/version").json()["version"]
        text = SEED.read_text(encoding="utf-8-sig")
        cli(["ingest", str(write_jsonl(tmp_path / "rev.jsonl", [{"id": "seed", "date": "2020-01-15",
            "url": "https://example.org/libya/seed", "text": "تحديث: فقرة جديدة.\n" + text}])), "--store", url],
            review_cache)
        assert c.get("/api/version").json()["version"] != before
        audit = c.get("/api/audit").json()["audit"]
    assert {a["old_value"] for a in audit if a["field"] == "carried_from"} == {tripoli, washka, rajma}
    out = tmp_path / "out.csv"
    cli(["export", "--store", url, "-o", str(out), "--include-rejected", "--min-confidence", "0"], review_cache)
    with out.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    by_loc = {}
    for r in rows:
        by_loc.setdefault(r["location"], []).append(r)
    assert [r["x_review"] for r in by_loc["Tripoli"]] == ["rejected"]
    assert by_loc["Sirte"] and any(r["x_review"] == "corrected" and r["x_place_id"] == "curated:sirte"
                                   for r in by_loc["Sirte"])
    assert any(r["event_type"] == "Battles" and r["x_review"] == "corrected" for r in by_loc["Al-Rajma"])
