"""The review workspace's JSON API, over HTTP, against a real ``conflictmap serve`` (uvicorn) on a free
local port, over a real GeoPackage store holding the seed article and a hostile one."""

from __future__ import annotations

import csv
import signal
import sqlite3
from pathlib import Path

import httpx
import pytest

from maps.geojson import rfc7946_problems
from tests.serve_helpers import Server, cli, running, write_jsonl

ORIGIN_OK = {"Content-Type": "application/json"}


def queue(c: httpx.Client) -> list[dict]:
    r = c.get("/api/queue")
    assert r.status_code == 200
    return r.json()["events"]


def by_location(c: httpx.Client, location: str) -> str:
    return next(e["event_id_cnty"] for e in queue(c) if e["location"] == location)


def post(c: httpx.Client, eid: str, body: dict, **headers: str) -> httpx.Response:
    return c.post(f"/api/events/{eid}/review", json=body, headers=headers)


def export_rows(store: Path, cache: Path, tmp: Path, *extra: str) -> dict[str, dict[str, str]]:
    out = tmp / "export.csv"
    # Review mechanics, not the confidence threshold: every stored event is exported.
    cli(["export", "--store", str(store), "-o", str(out), "--min-confidence", "0", *extra], cache)
    with out.open(encoding="utf-8-sig") as f:
        return {r["event_id_cnty"]: r for r in csv.DictReader(f)}


def test_events_are_geojson_with_filters(server: Server) -> None:
    with server.client() as c:
        fc = c.get("/api/events").json()
        assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 8
        assert rfc7946_problems(fc) == []
        assert {f["properties"]["kind"] for f in fc["features"]} == {"event"}
        battles = c.get("/api/events", params={"type": "Battles"}).json()["features"]
        assert battles and all(f["properties"]["event_type"] == "Battles" for f in battles)
        assert len(c.get("/api/events", params={"from": "2020-01-20"}).json()["features"]) == 1
        assert c.get("/api/events", params={"from": "yesterday"}).status_code == 400
        lna = c.get("/api/events", params={"side": "LNA"}).json()["features"]
        assert lna and all("LNA" in (f["properties"]["x_actor1_bloc"], f["properties"]["x_actor2_bloc"]) for f in lna)


def test_queue_puts_the_most_doubtful_first(server: Server) -> None:
    with server.client() as c:
        q = queue(c)
    assert len(q) == 8
    doubts = [e["x_doubt"] for e in q]
    assert doubts == sorted(doubts, reverse=True)
    # ten dead reported by one source at region-level precision outrank an exact, confident clash
    first_loc = [e["location"] for e in q]
    assert first_loc.index("Tripoli") < first_loc.index("Tripoli Airport Road")


def test_event_detail_carries_its_article_and_the_quote_spans(server: Server) -> None:
    with server.client() as c:
        eid = by_location(c, "Tripoli")  # a quote well inside the article
        d = c.get(f"/api/events/{eid}").json()
        assert d["event"]["event_id_cnty"] == eid
        (art,) = d["articles"]
        assert art["url"] == "https://example.org/libya/seed"
        (s, e), = art["quotes"]
        assert s > 0 and art["text"][s:e] == d["event"]["x_quote"]
        ss, se = art["surface"]
        assert s <= ss < se <= e and art["text"][ss:se] == d["event"]["x_surface"] == "طرابلس"
        assert c.get("/api/events/CMLBYNOPE").status_code == 404


def test_reject_move_retype_are_audited_and_win_in_exports(server: Server, review_cache: Path, tmp_path: Path) -> None:
    with server.client() as c:
        tripoli = by_location(c, "Tripoli")
        washka = by_location(c, "Al-Washka")
        rajma = by_location(c, "Al-Rajma")
        r = post(c, tripoli, {"status": "rejected", "reason": "not_an_event"}, **{"X-Reviewer": "amal"})
        assert r.status_code == 200, r.text
        assert post(c, washka, {"lat": 31.2, "lon": 16.6, "location": "Sirte outskirts"}).status_code == 200
        r = post(c, rajma, {"event_type": "Battles", "sub_event_type": "Armed clash", "fatalities": 2})
        assert r.status_code == 200, r.text
        ids = {f["properties"]["event_id_cnty"] for f in c.get("/api/events").json()["features"]}
        assert tripoli not in ids and washka in ids
        with_rejected = c.get("/api/events", params={"include_rejected": "1"}).json()["features"]
        assert tripoli in {f["properties"]["event_id_cnty"] for f in with_rejected}
        assert tripoli not in {e["event_id_cnty"] for e in queue(c)}
        audit = c.get("/api/audit").json()["audit"]
    rows = {(a["event_id"], a["field"]): a for a in audit}
    assert rows[(tripoli, "x_review")]["new_value"] == "rejected"
    assert rows[(tripoli, "x_review")]["reason"] == "not_an_event"
    assert rows[(tripoli, "x_review")]["reviewer"] == "amal"
    assert rows[(washka, "latitude")]["new_value"] == "31.2" and rows[(washka, "latitude")]["reviewer"] == "tester"
    assert rows[(rajma, "event_type")]["old_value"] == "Strategic developments"
    assert all(a["at"] for a in audit)

    exported = export_rows(server.store, review_cache, tmp_path)
    assert tripoli not in exported
    assert float(exported[washka]["latitude"]) == 31.2 and exported[washka]["x_review"] == "corrected"
    assert exported[washka]["x_reviewed_by"] == "tester"
    assert exported[rajma]["event_type"] == "Battles" and exported[rajma]["fatalities"] == "2"
    assert exported[rajma]["sub_event_type"] == "Armed clash"
    assert exported[rajma]["disorder_type"] == "Political violence"  # no longer "Strategic developments"
    again = export_rows(server.store, review_cache, tmp_path, "--include-rejected")
    assert again[tripoli]["x_review"] == "rejected"


def test_move_to_a_gazetteer_place_picked_by_name(server: Server) -> None:
    with server.client() as c:
        hits = c.get("/api/places", params={"q": "مصراتة"}).json()["places"]
        misrata = next(p for p in hits if p["country"] == "LY" and p["kind"] == "city")
        eid = by_location(c, "Al-Washka")
        r = post(c, eid, {"place_id": misrata["place_id"]})
        assert r.status_code == 200, r.text
        ev = c.get(f"/api/events/{eid}").json()["event"]
    assert (ev["latitude"], ev["longitude"]) == (round(misrata["lat"], 6), round(misrata["lon"], 6))
    assert ev["x_place_id"] == misrata["place_id"] and ev["geo_precision"] == 1


@pytest.mark.parametrize("body, fragment", [
    ({"status": "rejected"}, "reason"),
    ({"status": "rejected", "reason": "boring"}, "reason"),
    ({"status": "maybe"}, "status"),
    ({"lat": 32.1}, "both"),
    ({"lat": 95, "lon": 13}, "between"),
    ({"event_type": "Skirmish", "sub_event_type": "Armed clash"}, "event_type"),
    ({"event_type": "Battles", "sub_event_type": "Peaceful protest"}, "sub_event_type"),
    ({"fatalities": -3}, "fatalities"),
    ({"fatalities": 2.5}, "whole"),
    ({"event_date": "15/01/2020"}, "date"),
    ({"x_confidence": 1}, "cannot correct"),
    ({}, "nothing"),
    (["accepted"], "object"),
])
def test_bad_corrections_are_refused_and_write_nothing(server: Server, body: object, fragment: str) -> None:
    with server.client() as c:
        eid = queue(c)[0]["event_id_cnty"]
        r = c.post(f"/api/events/{eid}/review", json=body)
        assert r.status_code == 400 and fragment in r.json()["error"]
        assert c.get("/api/audit").json()["audit"] == []


def test_writes_need_json_and_the_same_origin(server: Server) -> None:
    with server.client() as c:
        eid = queue(c)[0]["event_id_cnty"]
        r = c.post(f"/api/events/{eid}/review", content=b"status=accepted",
                   headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert r.status_code == 415
        r = post(c, eid, {"status": "accepted"}, Origin="http://evil.example")
        assert r.status_code == 403
        r = c.post(f"/api/events/{eid}/review", json={"status": "accepted"}, headers={"Sec-Fetch-Site": "cross-site"})
        assert r.status_code == 403
        assert c.get("/api/audit").json()["audit"] == []
        r = post(c, eid, {"status": "accepted"}, Origin=server.url)
        assert r.status_code == 200
        # a page on another name for this machine (DNS rebinding) is not this server
        assert c.get("/api/events", headers={"Host": f"evil.example:{server.port}"}).status_code == 421


def test_merge_keeps_one_event(server: Server, review_cache: Path, tmp_path: Path) -> None:
    with server.client() as c:
        sirte = [e["event_id_cnty"] for e in queue(c) if e["location"] == "Sirte"]
        dup, keep = sirte
        r = post(c, dup, {"merge_with": keep})
        assert r.status_code == 200, r.text
        assert post(c, dup, {"merge_with": dup}).status_code == 400
        detail = c.get(f"/api/events/{dup}").json()["event"]
    assert detail["x_review"] == "rejected" and detail["x_review_reason"] == "duplicate"
    assert detail["x_merged_into"] == keep
    rows = export_rows(server.store, review_cache, tmp_path)
    assert dup not in rows and rows[keep]["x_review"] == "accepted"


def test_restart_and_kill_keep_every_answered_review(seed_store: Path, review_cache: Path) -> None:
    with running(seed_store, review_cache) as srv, srv.client() as c:
        ids = [e["event_id_cnty"] for e in queue(c)]
        assert post(c, ids[0], {"status": "accepted"}).status_code == 200
        assert post(c, ids[1], {"status": "rejected", "reason": "background"}).status_code == 200
        srv.stop(signal.SIGKILL)  # no clean shutdown: what was answered must be in the store
    with running(seed_store, review_cache) as srv, srv.client() as c:
        audit = c.get("/api/audit").json()["audit"]
        assert {(a["event_id"], a["new_value"]) for a in audit if a["field"] == "x_review"} == {
            (ids[0], "accepted"), (ids[1], "rejected")}
        assert ids[1] not in {f["properties"]["event_id_cnty"] for f in c.get("/api/events").json()["features"]}
    con = sqlite3.connect(seed_store)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()


def test_an_ingest_beside_the_server_shows_up(server: Server, review_cache: Path, tmp_path: Path) -> None:
    with server.client() as c:
        before = c.get("/api/version").json()["version"]
        n = len(c.get("/api/events").json()["features"])
        corpus = write_jsonl(tmp_path / "more.jsonl", [{"id": "late", "date": "2020-02-03", "text":
                             "قصفت طائرة مسيرة مواقع في مدينة غريان صباح الاثنين."}])
        cli(["ingest", str(corpus), "--store", str(server.store)], review_cache)
        assert c.get("/api/version").json()["version"] != before
        assert len(c.get("/api/events").json()["features"]) > n


def test_a_review_survives_a_revised_article(server: Server, review_cache: Path, tmp_path: Path) -> None:
    """The seed revised (a paragraph added on top moves every sentence, so every event id changes)."""
    with server.client() as c:
        eid = by_location(c, "Tripoli")
        assert post(c, eid, {"status": "rejected", "reason": "not_an_event"}).status_code == 200
        washka = by_location(c, "Al-Washka")
        assert post(c, washka, {"fatalities": 4}).status_code == 200
    text = (Path(__file__).resolve().parents[1] / "seeds" / "libya-front-2020-01.ar.txt").read_text("utf-8-sig")
    corpus = write_jsonl(tmp_path / "rev.jsonl", [{"id": "seed", "date": "2020-01-15",
                         "url": "https://example.org/libya/seed", "title": "وفد بريطاني",
                         "text": "تحديث: أضيفت هذه الفقرة بعد النشر.\n" + text}])
    res = cli(["ingest", str(corpus), "--store", str(server.store)], review_cache)
    assert "1 revised" in res.stderr
    rows = export_rows(server.store, review_cache, tmp_path, "--include-rejected")
    assert eid not in rows  # the id did change
    tripoli = [r for r in rows.values() if r["location"] == "Tripoli"]
    assert [r["x_review"] for r in tripoli] == ["rejected"]
    (w,) = [r for r in rows.values() if r["location"] == "Al-Washka"]
    assert w["fatalities"] == "4" and w["x_review"] == "corrected"
    kept = export_rows(server.store, review_cache, tmp_path)
    assert not [r for r in kept.values() if r["location"] == "Tripoli"]
    with server.client() as c:
        carried = [a for a in c.get("/api/audit").json()["audit"] if a["field"] == "carried_from"]
    assert {a["old_value"] for a in carried} == {eid, washka}


def test_review_report_lists_rejected_triggers(server: Server, review_cache: Path) -> None:
    with server.client() as c:
        eid = by_location(c, "Tripoli")
        trigger = c.get(f"/api/events/{eid}").json()["event"]["x_trigger"]
        assert post(c, eid, {"status": "rejected", "reason": "not_an_event"}).status_code == 200
    out = cli(["review", "report", "--store", str(server.store)], review_cache).stdout
    assert "not_an_event" in out and trigger in out and "no rule was changed" in out
    js = cli(["review", "report", "--store", str(server.store), "--format", "json"], review_cache).stdout
    assert f'"trigger": "{trigger}"' in js


def test_token_guards_every_request(seed_store: Path, review_cache: Path) -> None:
    token = "s3cret-token-for-tests"
    with running(seed_store, review_cache, token=token) as srv:
        with httpx.Client(base_url=srv.url, timeout=30) as anon:
            assert anon.get("/api/events").status_code == 401
            assert anon.get("/").status_code == 401
            assert anon.get("/api/events", params={"token": "wrong-token"}).status_code == 401
            r = anon.get("/", params={"token": token})
            assert r.status_code == 303 and "token" not in r.headers["location"]
            assert "httponly" in r.headers["set-cookie"].lower()
            # the cookie now stands for the token
            assert anon.get("/api/events").status_code == 200
            eid = anon.get("/api/queue").json()["events"][0]["event_id_cnty"]
            assert anon.post(f"/api/events/{eid}/review", json={"status": "accepted"},
                             headers={"Origin": "http://evil.example"}).status_code == 403
            assert anon.post(f"/api/events/{eid}/review", json={"status": "accepted"}).status_code == 200
        with srv.client() as c:  # the header works without any cookie
            assert c.get("/api/audit").status_code == 200


def test_binding_beyond_this_machine_needs_a_token(seed_store: Path, review_cache: Path) -> None:
    res = cli(["serve", "--store", str(seed_store), "--host", "0.0.0.0"], review_cache, check=False)
    assert res.returncode == 2 and "--token" in res.stderr
    res = cli(["serve", "--store", str(seed_store.with_name("missing.gpkg"))], review_cache, check=False)
    assert res.returncode == 2 and "missing.gpkg" in res.stderr


def test_the_map_page_is_offline_and_the_assets_local(server: Server) -> None:
    with server.client() as c:
        page = c.get("/map")
        assert page.status_code == 200
        assert "cdn.jsdelivr" not in page.text and "/static/refresh.js" in page.text
        assert "<img src=x" not in page.text  # the hostile title and text are escaped in the payload
        review = c.get("/").text
        for src in ("/static/vendor/leaflet/leaflet.js", "/static/map/conflictmap.js", "/static/review.js",
                    "/static/vendor/font_awesome/css/solid.min.css"):
            assert src in review and c.get(src).status_code == 200
        assert c.get("/static/vendor/font_awesome/webfonts/fa-solid-900.woff2").headers["content-type"] == "font/woff2"
        assert c.get("/static/../app.py").status_code == 404
        assert c.get("/static/vendor/leaflet/%2e%2e/%2e%2e/etc/passwd").status_code == 404
        assert "script-src 'self'" in c.get("/").headers["content-security-policy"]


def test_a_learnt_place_places_the_next_ingest(seed_store: Path, review_cache: Path, tmp_path: Path) -> None:
    """A move saved "everywhere" is an alias in the user's gazetteer; one saved "in this article" changes only
    that article's next ingest."""
    import json
    import shutil

    cache = tmp_path / "cache"  # the aliases go to this user's gazetteer, not the session's
    shutil.copytree(review_cache, cache)
    late = [{"id": "later", "date": "2020-02-04", "text": "اندلعت اشتباكات عنيفة بين قوات الوفاق وقوات حفتر في "
             "الوشكة صباح الثلاثاء.\nوقصفت طائرات حربية مواقع في بوقرين مساء اليوم نفسه.\n"}]
    with running(seed_store, cache) as srv, srv.client() as c:
        misrata = next(p for p in c.get("/api/places", params={"q": "Misrata"}).json()["places"] if p["kind"] == "city")
        washka, abu = by_location(c, "Al-Washka"), by_location(c, "Abu Qurayn")
        r = post(c, washka, {"place_id": misrata["place_id"], "learn": "global"})
        assert r.status_code == 200 and r.json()["review"]["alias"]["surface"] == "الوشكة"
        assert post(c, abu, {"lat": 31.5, "lon": 15.5, "learn": "article"}).status_code == 200
        assert post(c, abu, {"status": "accepted", "learn": "article"}).status_code == 400  # nothing to learn
        manifest = json.loads((cache / "manifest.json").read_text(encoding="utf-8"))
        assert any(e["path"].endswith("review-aliases.csv") for e in manifest["imports"])
        cli(["ingest", str(write_jsonl(tmp_path / "later.jsonl", late)), "--store", str(seed_store)], cache)
        feats = c.get("/api/events", params={"doc": "later"}).json()["features"]
    got = {f["properties"]["x_surface"]: f["properties"] for f in feats}
    assert (got["الوشكة"]["latitude"], got["الوشكة"]["longitude"]) == (round(misrata["lat"], 6),
                                                                      round(misrata["lon"], 6))
    assert got["الوشكة"]["x_alias_of"] == "curated:al_washka" and got["الوشكة"]["x_place_id"] == misrata["place_id"]
    # the article alias of the seed's بوقرين does not move another article's بوقرين
    assert got["بوقرين"]["x_place_id"] == "curated:abu_qurayn" and "x_alias_of" not in got["بوقرين"]


def test_split_one_event_into_two(server: Server, review_cache: Path, tmp_path: Path) -> None:
    with server.client() as c:
        eid = by_location(c, "Abu Qurayn")
        assert post(c, eid, {"split": [{"sub_event_type": "Peaceful protest"}]}).status_code == 400
        assert post(c, eid, {"split": [{"x_confidence": 1}]}).status_code == 400
        r = post(c, eid, {"split": [{"place_id": "curated:sirte", "fatalities": 1}]}, **{"X-Reviewer": "amal"})
        assert r.status_code == 200, r.text
        (new,) = r.json()["review"]["split_into"]
        part = c.get(f"/api/events/{new}").json()
        original = c.get(f"/api/events/{eid}").json()
    ev = part["event"]
    assert ev["x_split_of"] == eid and ev["x_review"] == "accepted" and ev["x_reviewed_by"] == "amal"
    assert ev["x_place_id"] == "curated:sirte" and ev["fatalities"] == 1 and ev["event_type"] == "Battles"
    assert ev["x_quote"] == original["event"]["x_quote"]  # the same sentence supports both
    assert original["event"]["location"] == "Abu Qurayn"
    assert [(a["field"], a["new_value"]) for a in original["audit"]] == [("split_into", new)]
    rows = export_rows(server.store, review_cache, tmp_path)
    assert eid in rows and rows[new]["location"] == "Sirte" and rows[new]["x_review"] == "accepted"
