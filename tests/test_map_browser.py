"""The map in a real browser (Debian's chromium through Playwright), with no network at all.

CDN assets are answered from the installed XStatic packages and tiles with a tiny PNG
(tests/browser/harness.py); the offline map gets every request but its own file aborted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from maps.escape import search_key
from maps.folium_map import write_map
from tests.browser.harness import browser, chromium_path, open_map, show_marker
from tests.browser.records import sample_analysis

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_path() is None, reason="chromium is not installed (apt-get install chromium)"),
]

COUNT_MARKERS = """() => {
  const singles = document.querySelectorAll('.leaflet-marker-pane .cm-mk').length;
  let clustered = 0;
  document.querySelectorAll('.leaflet-marker-pane .marker-cluster span').forEach(s => clustered += +s.textContent);
  return singles + clustered;
}"""


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def maps_dir(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("maps")
    out = {}
    for name, hostile, offline in (("plain", False, False), ("hostile", True, False), ("offline", True, True)):
        out[name] = d / f"{name}.html"
        write_map(out[name], sample_analysis(hostile=hostile), offline=offline, title="خريطة الاختبار")
    return out


def _abu_qurayn_marker(page):
    """The icon element of the Abu Qurayn event (the first event of the records)."""
    return show_marker(page, 0)


def test_loads_without_errors_and_draws_every_libyan_event(chromium, maps_dir) -> None:
    with open_map(chromium, maps_dir["plain"]) as (page, log):
        assert log.errors == []
        assert page.evaluate("conflictmap.current.cluster.getLayers().length") == 4
        assert page.evaluate(COUNT_MARKERS) == 4  # what is on screen, clusters counted by their children
        assert page.locator(".cm-timeline svg rect").count() == 4
        assert page.locator("path.leaflet-interactive").count() >= 4  # 3 control areas and a front line
        assert page.locator(".cm-front-label").count() == 1
        assert any("leaflet" in u for u in log.served)  # assets came through the local routing


def test_clicking_a_marker_opens_the_arabic_quote_with_the_place_marked(chromium, maps_dir) -> None:
    with open_map(chromium, maps_dir["plain"]) as (page, log):
        page.evaluate("conflictmap.current.map.setView([31.4497, 15.255], 12, {animate: false})")
        page.wait_for_timeout(300)
        _abu_qurayn_marker(page).click()
        quotes = page.locator(".leaflet-popup-content blockquote.cm-quote")
        quotes.first.wait_for()
        # The battle was reported by three articles: every quote, each with its source and its place marked.
        assert quotes.count() == 3
        assert [quotes.nth(i).get_attribute("dir") for i in range(3)] == ["rtl", "rtl", "auto"]
        assert [quotes.nth(i).get_attribute("lang") for i in range(3)] == ["ar", "ar", None]
        assert "تحاول قوات حفتر" in quotes.nth(0).inner_text()
        marks = [quotes.nth(i).locator("mark").inner_text() for i in range(3)]
        assert marks == ["بوقرين", "أبوقرين", "Abou Grein"]
        sources = page.locator(".leaflet-popup-content .cm-report .cm-src")
        assert sources.count() == 3 and "مصادر: صد هجوم على أبوقرين" in sources.nth(1).inner_text()
        assert "Libye : combats à Abou Grein" in sources.nth(2).inner_text()
        content = page.locator(".leaflet-popup-content").inner_text()
        assert "Battles" in content and "Reports\t3" in content
        page.evaluate("conflictmap.current.map.closePopup()")
        # The legend (a control, drawn above popups) folds while a popup is open, and comes back after; it
        # starts folded below 1600x950, so open it first.
        page.locator(".cm-legend-h").click()
        assert "cm-folded" not in page.locator(".cm-legend").get_attribute("class")
        _abu_qurayn_marker(page).click()
        quotes.first.wait_for()
        assert "cm-folded" in page.locator(".cm-legend").get_attribute("class")
        page.evaluate("conflictmap.current.map.closePopup()")
        assert "cm-folded" not in page.locator(".cm-legend").get_attribute("class")
        assert log.errors == []


def test_layer_control_toggles_sides_and_layers(chromium, maps_dir) -> None:
    with open_map(chromium, maps_dir["plain"]) as (page, log):
        page.locator(".leaflet-control-layers").hover()
        lna = page.locator(".leaflet-control-layers-overlays label", has_text="LNA (Haftar) (3)").locator("input")
        lna.uncheck()
        page.wait_for_function("conflictmap.current.ready")
        assert page.evaluate("conflictmap.current.cluster.getLayers().length") == 1  # only the GNA event
        lna.check()
        page.wait_for_function("conflictmap.current.ready")
        assert page.evaluate("conflictmap.current.cluster.getLayers().length") == 4
        places = page.locator(".leaflet-control-layers-overlays label", has_text="Places without events")
        places.locator("input").uncheck()
        assert page.evaluate("conflictmap.current.map.hasLayer(conflictmap.current.layers.places)") is False
        sat = page.locator(".leaflet-control-layers-base label", has_text="Satellite").locator("input")
        sat.check()
        page.locator("img.leaflet-tile[src*='arcgisonline']").first.wait_for(state="attached")
        assert log.errors == []


def test_time_slider_filters_by_date(chromium, maps_dir) -> None:
    with open_map(chromium, maps_dir["plain"]) as (page, log):
        page.evaluate("conflictmap.current.setDate(0)")
        page.wait_for_function("conflictmap.current.ready")
        assert page.evaluate("conflictmap.current.cluster.getLayers().length") == 1
        assert page.locator(".cm-date").inner_text() == "up to 2020-01-14"
        page.locator(".cm-timeline rect[data-date='2020-01-18']").click()
        page.wait_for_function("conflictmap.current.ready")
        assert page.evaluate("conflictmap.current.cluster.getLayers().length") == 3


def test_search_finds_places_in_arabic_and_latin(chromium, maps_dir) -> None:
    with open_map(chromium, maps_dir["plain"]) as (page, log):
        words = ["بو قرين", "أجدابيا", "مصراتة", "Ajdābiyā", "بَنْغَازِي"]
        assert page.evaluate("w => w.map(conflictmap.searchKey)", words) == [search_key(w) for w in words]
        page.locator(".cm-search input").fill("مصراته")
        page.locator(".cm-result").first.wait_for()
        assert "Misrata" in page.locator(".cm-result").first.inner_text()
        page.locator(".cm-search input").fill("Abu Qur")
        page.locator(".cm-result", has_text="بوقرين").wait_for()
        page.locator(".cm-search input").press("Enter")
        page.wait_for_function("""() => { const c = conflictmap.current.map.getCenter();
            return Math.abs(c.lat - 31.4497) < 0.01 && Math.abs(c.lng - 15.255) < 0.01; }""")


def test_hostile_article_text_never_runs_or_becomes_markup(chromium, maps_dir) -> None:
    with open_map(chromium, maps_dir["hostile"]) as (page, log):
        page.evaluate("conflictmap.current.map.setView([31.4497, 15.255], 12, {animate: false})")
        page.wait_for_timeout(300)
        _abu_qurayn_marker(page).hover()
        _abu_qurayn_marker(page).click()
        page.locator(".leaflet-popup-content blockquote").first.wait_for()
        quotes = page.locator(".leaflet-popup-content blockquote")
        assert quotes.count() == 3  # the hostile text of every report is shown as text
        assert all("<script>alert(1)</script>" in quotes.nth(i).inner_text() for i in range(3))
        assert "doc afp-fr<script>alert(1)</script>" in page.locator(".leaflet-popup-content").inner_text()
        # Open every place popup and area popup too.
        page.evaluate("""() => { const a = conflictmap.current;
            a.layers.places.eachLayer(l => { l.openPopup(); });
            Object.keys(a.layers).filter(k => k.startsWith('area_'))
                .forEach(k => a.layers[k].eachLayer(l => l.openPopup()));
        }""")
        page.wait_for_timeout(300)
        assert page.locator("img[src='x']").count() == 0
        assert page.locator(".leaflet-container script").count() == 0
        assert page.locator("svg[onload]").count() == 0
        assert page.locator("a[href^='javascript']").count() == 0
        assert log.dialogs == []
        assert log.errors == []


def test_offline_map_renders_with_every_request_blocked(chromium, maps_dir) -> None:
    html = maps_dir["offline"].read_text(encoding="utf-8")
    assert "<script src=" not in html and 'rel="stylesheet" href' not in html
    with open_map(chromium, maps_dir["offline"], offline=True) as (page, log):
        assert log.aborted == [] and log.served == []  # it never even asked
        assert log.errors == []
        assert page.evaluate(COUNT_MARKERS) == 4
        assert page.evaluate("conflictmap.current.map.hasLayer(conflictmap.current.layers.outline)")
        # outline and districts below, in the land pane; areas and the line above
        assert page.locator(".leaflet-cmLand-pane path").count() > 20
        assert page.locator(".leaflet-overlay-pane path").count() >= 4
        # Font Awesome is inlined: the icon font is available with no network.
        assert page.evaluate("document.fonts.check('900 12px \"Font Awesome 6 Free\"')")
        assert log.dialogs == []
