"""``conflictmap map --store``: the event store on the map, new articles laid over it, date ranges, errors.

The store is filled with ``conflictmap ingest`` (the seed article, then another outlet's Arabic report of
the Abu Qurayn fighting), as an analyst would; the browser test counts the markers the page draws.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli.main import cli
from maps.elements import read_payload
from maps.layers import is_libyan_event
from maps.store import load_analysis
from maps.store_overlay import mark_new, store_layers
from tests.browser.harness import browser, chromium_path, open_map, show_marker

SECOND = ("أفادت مصادر عسكرية بأن قوات الوفاق خاضت مواجهات عنيفة مع قوات حفتر التي تحاول السيطرة على "
          "بوقرين، وسط قصف مدفعي متبادل.")
THIRD = ("قال مصدر عسكري إن قوات حفتر تحاول منذ أيام السيطرة على بوقرين، وإن الطيران المسير قصف مواقع "
         "قرب سرت.")


def _article(tmp: Path, name: str, text: str, date: str = "2020-01") -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    (tmp / (path.stem + ".meta.json")).write_text(json.dumps({"id": path.stem, "date": date,
                                                               "source": "ليبيا أوبزرفر"}), encoding="utf-8")
    return path


def _run(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(cli, list(args))
    if res.exit_code == 1 and res.exception is not None and not isinstance(res.exception, SystemExit):
        return 1, f"{res.output}{res.exception!r}"  # an internal error: show it in the assertion
    return res.exit_code, res.output


def _payload(html_path: Path) -> dict:
    return read_payload(html_path.read_text(encoding="utf-8"))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    tmp = tmp_path_factory.mktemp("store")
    path = tmp / "events.gpkg"
    second = _article(tmp, "second.txt", SECOND)
    code, out = _run("ingest", str(seed_path), str(second), "--store", str(path))
    assert code == 0, out
    return path


def _drawable(layers) -> int:
    return sum(1 for e in layers.events if is_libyan_event(e))


def test_map_of_the_store_draws_its_events_with_every_quote(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "store.html"
    code, msg = _run("map", "--min-confidence", "0", "--store", str(store), "-o", str(out))
    assert code == 0, msg
    payload = _payload(out)
    assert payload["counts"]["events"] == _drawable(load_analysis(store)) > 0
    fused = [e for e in payload["events"] if len(e.get("q", [])) >= 2]
    assert fused, "the Abu Qurayn battle is reported by both articles"
    docs = {Path(payload["docs"][ai]["d"]).name for e in fused for _, ai in e["q"]}
    assert {"libya-front-2020-01.ar.txt", "second.txt"} <= docs  # a plain file's doc is its path
    quotes = [payload["quotes"][qi][0] for e in fused for qi, _ in e["q"]]
    assert all("<mark>" in q for q in quotes), quotes


def test_inputs_over_the_store_fuse_into_a_copy_and_leave_the_store_alone(store: Path, tmp_path: Path) -> None:
    before = _digest(store)
    third = _article(tmp_path, "third.txt", THIRD)
    out = tmp_path / "over.html"
    code, msg = _run("map", "--min-confidence", "0", "--store", str(store), str(third), "-o", str(out))
    assert code == 0, msg
    assert _digest(store) == before and "is unchanged" in msg
    over = _payload(out)
    alone = _payload(_map_store(store, tmp_path))
    # The third article reports the same battle: one marker with one more quote, not a second marker.
    assert max(len(e.get("q", [])) for e in over["events"]) == max(len(e.get("q", [])) for e in alone["events"]) + 1
    expected = _drawable(store_layers(store, _items(third)).layers)
    assert over["counts"]["events"] == expected
    # The fused battle is ringed as a new report of a stored event, and the legend says so.
    grown = max(over["events"], key=lambda e: len(e.get("q", [])))
    assert grown.get("nw") == 2 and over["counts"]["new_reports"] >= 1
    assert "New report of a stored event" in over["legend"]
    assert all("nw" not in e for e in alone["events"]) and "this run" not in alone["legend"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("conflictmap-")] == []


def _map_store(store: Path, tmp_path: Path) -> Path:
    out = tmp_path / "alone.html"
    code, msg = _run("map", "--min-confidence", "0", "--store", str(store), "-o", str(out))
    assert code == 0, msg
    return out


def _items(path: Path):
    from geo.inputs import read_articles
    from geo.pipeline import analyse

    for a in read_articles([str(path)], None):
        analysis = analyse([a], control=False)
        yield a, analysis.places, analysis.events


def test_mark_new_tells_new_events_from_new_reports() -> None:
    events = [
        {"x_quotes": [{"doc": "old", "text": "ق"}, {"doc": "today", "text": "ق"}]},
        {"x_quotes": [{"doc": "today", "text": "ق"}]},
        {"x_quotes": [{"doc": "old", "text": "ق"}]},
        {"doc": "today", "x_quotes": []},
    ]
    mark_new(events, {"today"})
    assert [e.get("x_new") for e in events] == ["report", "event", None, "event"]


def test_date_range_selects_events(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "range.html"
    code, msg = _run("map", "--min-confidence", "0", "--store", str(store), "--from", "2019-01-01",
                     "--to", "2019-12-31",
                     "-o", str(out))
    assert code == 0, msg
    assert _payload(out)["counts"]["events"] == 0
    code, msg = _run("map", "--min-confidence", "0", "--store", str(store), "--from", "2020-01-01",
                     "--to", "2020-01-31",
                     "-o", str(out))
    assert code == 0 and _payload(out)["counts"]["events"] == _drawable(load_analysis(store, "2020-01-01",
                                                                                      "2020-01-31"))


def test_store_errors_exit_2_with_one_line_and_write_nothing(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    not_store = tmp_path / "notes.gpkg"
    not_store.write_text("غير مخزن", encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "ok", "text": "اشتباكات عنيفة في سرت", "date": "2020-01-05"},
                              ensure_ascii=False) + "\n{not json\n", encoding="utf-8")
    for args, needle in (
        (["--store", str(tmp_path / "missing.gpkg")], "missing.gpkg"),
        (["--store", str(not_store)], "notes.gpkg"),
        (["--from", "2020-01-01"], "--store"),
        (["--store", str(store), "--from", "2020-02-01", "--to", "2020-01-01"], "after"),
        (["--store", str(store), "--to", "2020-13-45"], "--to"),
        (["--store", str(store), str(tmp_path / "absent.txt")], "absent.txt"),
        (["--store", str(store), str(bad)], "bad.jsonl:2"),
    ):
        code, msg = _run("map", *args, "-o", str(out))
        assert code == 2 and needle in msg and len(msg.strip().splitlines()) == 1, (args, msg)
        assert not out.exists()
    code, msg = _run("map", "--store", str(store), str(bad), "--skip-bad", "-o", str(out))
    assert code == 0 and "skipped 1 bad line" in msg and out.exists()


COUNT_MARKERS = """() => {
  const singles = document.querySelectorAll('.leaflet-marker-pane .cm-mk').length;
  let clustered = 0;
  document.querySelectorAll('.leaflet-marker-pane .marker-cluster span').forEach(s => clustered += +s.textContent);
  return singles + clustered;
}"""


@pytest.mark.browser
@pytest.mark.skipif(chromium_path() is None, reason="chromium is not installed (apt-get install chromium)")
def test_store_map_in_the_browser_counts_markers_and_shows_both_reports(store: Path, tmp_path: Path) -> None:
    out = _map_store(store, tmp_path)
    n = _payload(out)["counts"]["events"]
    with browser() as b, open_map(b, out) as (page, log):
        assert log.errors == []
        assert page.evaluate(COUNT_MARKERS) == n == page.evaluate("conflictmap.current.cluster.getLayers().length")
        i = page.evaluate("conflictmap.current.markers.findIndex(m => (m.cm.q || []).length >= 2)")
        assert i >= 0
        show_marker(page, i).click()
        reports = page.locator(".leaflet-popup-content .cm-report")
        reports.first.wait_for()
        assert reports.count() >= 2
        for k in range(reports.count()):
            quote = reports.nth(k).locator("blockquote.cm-quote")
            assert quote.get_attribute("dir") == "rtl" and quote.get_attribute("lang") == "ar"
            assert quote.locator("mark").count() == 1 and "قرين" in quote.locator("mark").inner_text()
            assert reports.nth(k).locator(".cm-src").count() == 1
        assert "second.txt" in page.locator(".leaflet-popup-content").inner_text()
        assert log.errors == [] and log.dialogs == []


def test_help_says_what_inputs_with_a_store_do() -> None:
    code, msg = _run("map", "--help")
    assert code == 0
    text = " ".join(msg.split())
    assert "--store" in text and "temporary copy of the store" in text and "left unchanged" in text


def test_as_of_estimates_control_from_the_stored_events(store: Path, tmp_path: Path) -> None:
    from maps.store import control_layers

    out = tmp_path / "asof.html"
    events = load_analysis(store, control=False).events
    for day in ("2019-06-01", "2020-01-31"):
        code, msg = _run("map", "--min-confidence", "0", "--store", str(store), "--as-of", day, "-o", str(out))
        assert code == 0, msg
        payload = _payload(out)
        areas, lines = control_layers(events, as_of=day)
        assert (len(payload["areas"]), len(payload["lines"])) == (len(areas), len(lines)), day
        assert payload["counts"]["events"] == _drawable(load_analysis(store))  # --as-of dates control only
