"""The review page in a real browser (Debian's chromium through Playwright) against a real server:
an analyst works through the seed's queue, and the store, the export and the audit trail say so."""

from __future__ import annotations

import csv
import sqlite3
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser.harness import browser, chromium_path
from tests.serve_helpers import Server, cli, running

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_path() is None, reason="chromium is not installed (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def chromium() -> Any:
    with browser() as b:
        yield b


class Page:
    """One analyst's tab: errors and dialogs recorded, every request outside the server refused."""

    def __init__(self, browser: Any, srv: Server, reviewer: str) -> None:
        self.srv = srv
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

        def route(r: Any) -> None:
            if r.request.url.startswith(srv.url) or r.request.url.startswith("data:"):
                r.continue_()
            else:
                self.outside.append(r.request.url)
                r.abort()

        self.page.route("**/*", route)
        self.page.goto(srv.url + "/")
        self.page.wait_for_selector("html[data-review-ready='1']", state="attached", timeout=60000)
        self.page.fill("#reviewer", reviewer)
        self.page.dispatch_event("#reviewer", "change")

    def select(self, eid: str) -> None:
        self.page.click(f"#queue li[data-id='{eid}']")
        self.page.wait_for_selector(f"#ev-id:text-is('{eid}')")

    def wait_state(self, text: str) -> None:
        self.page.wait_for_selector(f"#ev-state:has-text('{text}')", timeout=30000)

    def reject(self, reason: str) -> None:
        self.page.select_option("#reject-reason", reason)
        self.page.click("#btn-reject")
        self.wait_state("rejected")

    def close(self) -> None:
        self.context.close()


def ids_by_location(srv: Server) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for e in httpx.get(srv.url + "/api/queue", timeout=30).json()["events"]:
        out.setdefault(e["location"], []).append(e["event_id_cnty"])
    return out


def audit_table(store: Path) -> list[tuple[str, str, str | None, str | None, str | None, str]]:
    con = sqlite3.connect(store)
    try:
        return con.execute("SELECT event_id, field, new_value, reason, reviewer, at FROM audit ORDER BY fid").fetchall()
    finally:
        con.close()


def exported(store: Path, cache: Path, tmp: Path) -> dict[str, dict[str, str]]:
    out = tmp / "out.csv"
    cli(["export", "--store", str(store), "-o", str(out), "--min-confidence", "0"], cache)
    with out.open(encoding="utf-8-sig") as f:
        return {r["event_id_cnty"]: r for r in csv.DictReader(f)}


def test_review_the_seed_queue(chromium: Any, server: Server, review_cache: Path, tmp_path: Path) -> None:
    ids = ids_by_location(server)
    tripoli, washka, rajma = ids["Tripoli"][0], ids["Al-Washka"][0], ids["Al-Rajma"][0]
    tab = Page(chromium, server, "amal")
    p = tab.page
    assert p.locator("#queue li").count() == 8
    assert p.locator(".leaflet-marker-icon").count() >= 1  # the map plugin drew the store's events

    tab.select(tripoli)
    assert p.locator(".article mark.cm-quote").count() >= 1  # the quote marked in its article
    assert p.locator(".article mark.cm-surface").inner_text() == "طرابلس"  # and the place name in it
    assert p.locator(".art-meta a[href='https://example.org/libya/seed']").count() == 1
    tab.reject("not_an_event")
    p.wait_for_selector(f"#queue li[data-id='{tripoli}']", state="detached")

    tab.select(washka)
    p.fill("#place-q", "مصراتة")
    p.click("#place-results li:has-text('Misrata')")
    p.click("#btn-move")
    tab.wait_state("corrected")

    tab.select(rajma)
    p.select_option("#f-event_type", "Battles")
    p.select_option("#f-sub_event_type", "Armed clash")
    p.click("#btn-save")
    tab.wait_state("corrected")
    assert p.locator("#audit tbody td:text-is('event_type')").count() == 1
    assert tab.errors == [] and tab.dialogs == [] and tab.outside == []
    tab.close()

    rows = exported(server.store, review_cache, tmp_path)
    assert tripoli not in rows
    assert rows[washka]["location"] == "Misrata" and rows[washka]["x_reviewed_by"] == "amal"
    assert abs(float(rows[washka]["latitude"]) - 32.37) < 0.1
    assert rows[rajma]["event_type"] == "Battles" and rows[rajma]["sub_event_type"] == "Armed clash"
    audit = audit_table(server.store)
    assert (tripoli, "x_review", "rejected", "not_an_event", "amal") in [a[:5] for a in audit]
    assert {(a[0], a[1]) for a in audit} >= {(washka, "latitude"), (washka, "longitude"), (washka, "location"),
                                             (rajma, "event_type"), (rajma, "sub_event_type")}
    assert all(a[4] == "amal" and a[5] for a in audit)


def test_drag_the_point(chromium: Any, server: Server) -> None:
    eid = ids_by_location(server)["Abu Qurayn"][0]
    tab = Page(chromium, server, "amal")
    tab.select(eid)
    before = httpx.get(f"{server.url}/api/events/{eid}", timeout=30).json()["event"]
    marker = tab.page.locator(".cm-edit-marker")
    box, prev = marker.bounding_box(), None
    for _ in range(50):  # until the map has stopped moving under the marker
        if box == prev:
            break
        tab.page.wait_for_timeout(200)
        prev, box = box, marker.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    tab.page.mouse.move(x, y)
    tab.page.mouse.down()
    tab.page.mouse.move(x + 60, y + 40, steps=8)
    tab.page.mouse.up()
    tab.page.wait_for_selector("#move-pending:has-text('dragged')")
    tab.page.click("#btn-move")
    tab.wait_state("corrected")
    after = httpx.get(f"{server.url}/api/events/{eid}", timeout=30).json()["event"]
    assert after["longitude"] > before["longitude"] and after["latitude"] < before["latitude"]
    assert tab.errors == []
    tab.close()


def test_two_sessions_edit_different_events_at_once(chromium: Any, server: Server) -> None:
    ids = ids_by_location(server)
    a, b = Page(chromium, server, "amal"), Page(chromium, server, "badr")
    ea, eb = ids["Al-Washka"][0], ids["Al-Rajma"][0]
    a.select(ea)
    b.select(eb)
    a.page.select_option("#reject-reason", "background")
    b.page.fill("#f-fatalities", "7")
    # both requests in flight together: the clicks are sent before either answer is awaited
    a.page.evaluate("document.getElementById('btn-reject').click()")
    b.page.evaluate("document.getElementById('btn-save').click()")
    a.wait_state("rejected")
    b.wait_state("corrected")
    audit = audit_table(server.store)
    assert (ea, "x_review", "rejected", "background", "amal") in [x[:5] for x in audit]
    assert (eb, "fatalities", "7", None, "badr") in [x[:5] for x in audit]
    # each tab sees the other's work when the store changes
    a.page.wait_for_selector(f"#queue li[data-id='{eb}']", state="detached", timeout=30000)
    assert a.errors == [] and b.errors == []
    a.close()
    b.close()


def test_a_restart_keeps_everything(chromium: Any, seed_store: Path, review_cache: Path) -> None:
    with running(seed_store, review_cache) as srv:
        eid = ids_by_location(srv)["Al-Rajma"][0]
        tab = Page(chromium, srv, "amal")
        tab.select(eid)
        tab.page.click("#btn-accept")
        tab.wait_state("accepted")
        tab.close()
    with running(seed_store, review_cache) as srv:
        tab = Page(chromium, srv, "amal")
        tab.page.select_option("#status-filter", "reviewed")
        tab.page.wait_for_selector(f"#queue li[data-id='{eid}']")
        tab.select(eid)
        tab.wait_state("accepted by amal")
        assert tab.page.locator("#audit tbody tr").count() == 1
        tab.close()


def test_hostile_article_text_stays_inert(chromium: Any, server: Server) -> None:
    eid = ids_by_location(server)["Ain Zara"][0]
    tab = Page(chromium, server, "amal")
    tab.select(eid)
    p = tab.page
    text = p.locator("#articles").inner_text()
    assert "<img src=x" in text and "<script>" in text  # shown as the text it is
    assert p.locator("#articles img, #articles script, #articles svg, #articles b").count() == 0
    assert p.locator("a[href^='javascript']").count() == 0
    assert p.title() == "conflictmap — review"
    p.hover("#articles")
    full = tab.context.new_page()
    full.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    full.goto(server.url + "/map")
    full.wait_for_selector("html[data-cm-ready='1']", state="attached", timeout=60000)
    assert full.title() != "pwned" and full.locator("img[src='x']").count() == 0
    assert tab.dialogs == [] and tab.errors == []
    tab.close()


def test_the_page_follows_an_ingest_beside_it(chromium: Any, server: Server, review_cache: Path,
                                              tmp_path: Path) -> None:
    tab = Page(chromium, server, "amal")
    assert tab.page.locator("#queue li").count() == 8
    corpus = tmp_path / "late.jsonl"
    corpus.write_text('{"id": "late", "date": "2020-02-03", "text": "قصفت طائرة مسيرة مواقع في مدينة غريان صباح '
                      'الاثنين."}\n', encoding="utf-8")
    done = threading.Event()

    def ingest() -> None:
        cli(["ingest", str(corpus), "--store", str(server.store)], review_cache)
        done.set()

    threading.Thread(target=ingest).start()
    assert done.wait(120)
    tab.page.wait_for_selector("#queue li:has-text('Gharyan')", timeout=30000)
    assert tab.errors == []
    tab.close()


def test_split_and_merge_in_the_page(chromium: Any, server: Server) -> None:
    ids = ids_by_location(server)
    tab = Page(chromium, server, "amal")
    p = tab.page
    tab.select(ids["Abu Qurayn"][0])
    p.fill("#s-place-q", "Sirte")
    p.click("#s-place-results li:has-text('Sirte')")
    p.click("#btn-split")
    p.wait_for_selector("#status-line:has-text('split')", timeout=30000)
    p.wait_for_selector("#audit tbody td:text-is('split_into')", timeout=30000)
    new = p.locator("#audit tbody tr:has(td:text-is('split_into')) td").nth(4).inner_text()
    part = httpx.get(f"{server.url}/api/events/{new}", timeout=30).json()["event"]
    assert part["location"] == "Sirte" and part["x_split_of"] == ids["Abu Qurayn"][0]

    dup, keep = ids["Sirte"]
    tab.select(dup)
    p.select_option("#merge-target", keep)
    p.click("#btn-merge")
    tab.wait_state("rejected")
    assert p.locator("#ev-state").inner_text().endswith(keep)
    assert tab.errors == [] and tab.dialogs == []
    tab.close()
