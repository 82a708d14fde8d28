"""The map an analyst reads at a glance (issue 16), in a real browser (Debian's chromium, no network):
filters that combine and drive markers, timeline and counts; the land below every point layer offline;
town names at sensible zooms; panels that leave the country in view; the gazetteer's names in the search;
the heat view; dates at their precision; Arabic quotes right-aligned."""

from __future__ import annotations

from pathlib import Path

import pytest

from maps.folium_map import write_map
from tests.browser.harness import browser, chromium_path, open_map, show_marker
from tests.browser.records import sample_analysis

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_path() is None, reason="chromium is not installed (apt-get install chromium)"),
]

SHOWN = "conflictmap.current.cluster.getLayers().length"
TIMELINE_TOTAL = "conflictmap.current.timelineTotal"


def _wide_analysis() -> dict:
    """The sample records with events of many more sides, so the legend and layer control are as long as
    a real corpus makes them."""
    a = sample_analysis()
    base = a["events"][2]
    for i, bloc in enumerate(["IS", "TEBU", "TUAREG", "EGY", "UN", "CIV", "PROTESTERS", "MISRATA", "ZINTAN", "AQIM",
                              "WAGNER", "TUR", "SYR", "UAE", "COMMUNAL", "PFG"]):
        ev = dict(base)
        ev.update(event_id_cnty=f"CMLBYX{i:04d}", x_actor1_bloc=bloc, latitude=base["latitude"] + 0.3 * (i % 4),
                  longitude=base["longitude"] - 0.4 * (i // 4), event_date=f"2020-01-{10 + i:02d}", fatalities=i % 3)
        a["events"].append(ev)
    return a


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def maps_dir(tmp_path_factory: pytest.TempPathFactory, gazetteer_index) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("reading")
    out = {"plain": d / "plain.html", "offline": d / "offline.html", "wide": d / "wide.html",
           "wide_online": d / "wide-online.html", "multi": d / "multi.html"}
    write_map(out["plain"], sample_analysis(), title="t", gazetteer=gazetteer_index)
    write_map(out["offline"], sample_analysis(), offline=True, title="t", gazetteer=gazetteer_index)
    write_map(out["wide"], _wide_analysis(), offline=True, title="Libya: many sides", gazetteer=gazetteer_index)
    write_map(out["wide_online"], _wide_analysis(), title="Libya: many sides", gazetteer=gazetteer_index)
    write_map(out["multi"], _multi_analysis(), title="t", gazetteer=gazetteer_index)
    return out


def _set(page, selector: str, value: object) -> None:
    page.evaluate("""([sel, v]) => { const el = document.querySelector(sel);
        if (el.type === 'checkbox') { el.checked = v; } else { el.value = v; }
        el.dispatchEvent(new Event(el.type === 'range' ? 'input' : 'change')); }""", [selector, value])
    page.wait_for_function("conflictmap.current.ready")


def test_filters_combine_and_drive_markers_timeline_and_counts(chromium, maps_dir) -> None:
    with open_map(chromium, maps_dir["plain"], width=1920, height=1080) as (page, log):
        assert page.evaluate(SHOWN) == 4 and page.evaluate(TIMELINE_TOTAL) == 4
        page.locator(".cm-filters-btn").click()  # the panel opens from its button
        assert page.locator(".cm-f-fatal").is_visible()
        battles = ".cm-filters [data-type='0']"
        _set(page, battles, False)  # no battles: the explosion and the strategic development remain
        assert page.evaluate(SHOWN) == 2 and page.evaluate(TIMELINE_TOTAL) == 2
        assert page.locator(".cm-timeline rect[data-type='0']").count() == 0
        assert "2 / 4" in page.locator(".cm-title").inner_text()
        _set(page, ".cm-f-fatal", True)  # and with fatalities: the air strike near Sirte
        assert page.evaluate(SHOWN) == 1 and page.evaluate(TIMELINE_TOTAL) == 1
        # the side counts of the layer control follow the filters
        assert "LNA (Haftar) (1)" in page.locator(".leaflet-control-layers-overlays").inner_text()
        _set(page, battles, True)
        assert page.evaluate(SHOWN) == 2  # the battle at Abu Qurayn (3 killed) comes back
        _set(page, ".cm-f-from", "2020-01-15")
        assert page.evaluate(SHOWN) == 1
        _set(page, ".cm-f-conf", 0.9)  # no event is that sure
        assert page.evaluate(SHOWN) == 0 and page.evaluate(TIMELINE_TOTAL) == 0
        assert "with the filters" in page.locator(".cm-timeline-t").inner_text()
        page.locator(".cm-f-reset").click()
        page.wait_for_function("conflictmap.current.ready")
        assert page.evaluate(SHOWN) == 4 and page.evaluate(TIMELINE_TOTAL) == 4
        # an actor: GNA forces are actor 2 of the two battles and the strike
        _set(page, _actor_box(page, "GNA forces"), True)
        assert page.evaluate(SHOWN) == 3
        assert log.errors == []


def _actor_box(page, name: str) -> str:
    """The selector of the actor filter's checkbox for ``name``."""
    i = page.evaluate("n => conflictmap.current.data.actors.findIndex(a => a[0] === n)", name)
    assert i >= 0, name
    return f".cm-filters [data-actor='{i}']"


def _sub_box(page, name: str) -> str:
    i = page.evaluate("n => conflictmap.current.data.subs.findIndex(s => s[0] === n)", name)
    assert i >= 0, name
    return f".cm-filters [data-sub='{i}']"


def _multi_analysis() -> dict:
    """The sample records and two more: a battle of another sub-type and actor, and a riot."""
    a = sample_analysis()
    regain = dict(a["events"][0])
    regain.update(event_id_cnty="CMLBYM0001", sub_event_type="Government regains territory", actor1="Tebu militia",
                  actor2="", x_actor1_bloc="TEBU", x_actor2_bloc="", latitude=25.92, longitude=13.92,
                  location="Murzuq", x_location_ar="مرزق", event_date="2020-01-19", fatalities=0)
    riot = dict(a["events"][1])
    riot.update(event_id_cnty="CMLBYM0002", event_type="Riots", sub_event_type="Violent demonstration",
                actor1="Rioters (Libya)", actor2="", x_actor1_bloc="PROTESTERS", x_actor2_bloc="", latitude=32.12,
                longitude=20.07, location="Benghazi", x_location_ar="بنغازي", event_date="2020-01-17",
                geo_precision=1, fatalities=0)
    a["events"] += [regain, riot]
    return a


def test_type_sub_type_and_actor_filters_are_multi_choice(chromium, maps_dir) -> None:
    with open_map(chromium, maps_dir["multi"], width=1920, height=1080) as (page, log):
        assert page.evaluate(SHOWN) == 6 and page.evaluate(TIMELINE_TOTAL) == 6
        page.locator(".cm-filters-btn").click()
        battles = ".cm-filters [data-type='0']"
        # two sub-types of one type: clearing one leaves the type mixed and the other sub-type shown
        _set(page, _sub_box(page, "Armed clash"), False)
        assert page.evaluate(SHOWN) == 4 and page.evaluate(TIMELINE_TOTAL) == 4
        assert page.evaluate(f"document.querySelector(\"{battles}\").indeterminate")
        assert "4 / 6" in page.locator(".cm-title").inner_text()
        _set(page, _sub_box(page, "Air/drone strike"), False)  # sub-types of two types at once
        assert page.evaluate(SHOWN) == 3 and page.evaluate(TIMELINE_TOTAL) == 3
        assert not page.locator(".cm-filters [data-type='1']").is_checked()  # its only sub-type is cleared
        page.locator(battles).check()  # the type's box ticks all its sub-types again
        page.wait_for_function("conflictmap.current.ready")
        assert page.evaluate(SHOWN) == 5 and page.locator(_sub_box(page, "Armed clash")).is_checked()
        page.locator(".cm-f-reset").click()
        page.wait_for_function("conflictmap.current.ready")
        assert page.evaluate(SHOWN) == 6
        # two actors: the events naming either (3 with GNA forces as actor 2, 1 of the Tebu militia)
        _set(page, _actor_box(page, "GNA forces"), True)
        assert page.evaluate(SHOWN) == 3
        _set(page, _actor_box(page, "Tebu militia"), True)
        assert page.evaluate(SHOWN) == 4 and page.evaluate(TIMELINE_TOTAL) == 4
        assert "4 / 6" in page.locator(".cm-title").inner_text()
        overlays = page.locator(".leaflet-control-layers-overlays").inner_text()
        assert "LNA (Haftar) (3)" in overlays and "(0)" in overlays  # the rioters' side counts none now
        # actors and types combine: without battles, the strike alone
        _set(page, battles, False)
        assert page.evaluate(SHOWN) == 1 and page.evaluate(TIMELINE_TOTAL) == 1
        # the actor list narrows to what is typed
        page.locator(".cm-f-afind").fill("tebu")
        assert page.locator(".cm-f-actors label:visible").count() == 1
        assert log.errors == []


def test_a_place_over_land_is_the_top_element_at_its_pixel_offline(chromium, maps_dir) -> None:
    with open_map(chromium, maps_dir["offline"], offline=True) as (page, log):
        hits = page.evaluate("""() => { const a = conflictmap.current, out = [];
            a.layers.places.eachLayer(l => {
              a.map.setView(l.getLatLng(), 9, {animate: false});
              const p = a.map.latLngToContainerPoint(l.getLatLng()), r = a.map.getContainer().getBoundingClientRect();
              const el = document.elementFromPoint(r.left + p.x, r.top + p.y);
              out.push(el === l._path ? 'place' : el.tagName + '.' + el.getAttribute('class') + '@' +
                       (el.closest('.leaflet-pane') || {}).className);
            });
            return out; }""")
        assert hits and all(h == "place" for h in hits), hits
        # the land lies in its own pane below the overlays (control areas), the points in one above them
        z = page.evaluate("""() => ['cmLand', 'overlayPane', 'cmPoints'].map(
            p => Number(getComputedStyle(conflictmap.current.map.getPane(p)).zIndex))""")
        assert z[0] < z[1] < z[2]
        # the points' pane lets the pointer through to a control area where no point is (halos included)
        hits = page.evaluate("""() => { const a = conflictmap.current, paths = [];
            a.map.removeLayer(a.cluster); a.map.removeLayer(a.layers.places);
            const walk = l => { if (l._path && l.getCenter) { paths.push(l); }
                                if (l.eachLayer) { l.eachLayer(walk); } };
            Object.keys(a.layers).filter(k => k.startsWith('area_')).forEach(k => walk(a.layers[k]));
            return paths.map(poly => {
              a.map.fitBounds(poly.getBounds(), {animate: false});
              const p = a.map.latLngToContainerPoint(poly.getCenter());
              const r = a.map.getContainer().getBoundingClientRect();
              const el = document.elementFromPoint(r.left + p.x, r.top + p.y);
              return el === poly._path ? 'area' : (el.closest('.leaflet-pane') || {}).className || el.tagName;
            }); }""")
        assert "area" in hits and not any("cmPoints" in h for h in hits), hits
        assert log.errors == []


SHOWN_TOWNS = ".cm-town:not(.cm-town-hidden)"
# The boxes of the shown names; the pairs that overlap (labels are translated to centre on their place).
LABEL_CLASHES = """() => {
    const boxes = [...document.querySelectorAll('.cm-town:not(.cm-town-hidden) > span')].map(s => {
      const r = s.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, s.textContent]; })
      .filter(b => b[2] > b[0] && b[3] > b[1]);
    const out = [];
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]) out.push(a[4] + ' / ' + b[4]);
    }
    return [boxes.length, out]; }"""


def _view(page, lat: float, lon: float, zoom: int) -> None:
    """Move the map and wait for the page's own placement of the names: once at the move's end, once after
    the clusters and control labels have settled."""
    before = page.evaluate("""([p, z]) => { const a = conflictmap.current, n = a.townsPlaced || 0;
        a.map.setView(p, z, {animate: false}); return n; }""", [[lat, lon], zoom])
    page.wait_for_function(f"(conflictmap.current.townsPlaced || 0) >= {before + 2}")


def test_town_names_from_the_gazetteer_by_zoom_offline(chromium, maps_dir) -> None:
    with open_map(chromium, maps_dir["offline"], offline=True) as (page, log):
        _view(page, 32.88, 13.19, 11)
        labels = page.locator(SHOWN_TOWNS).all_inner_texts()
        assert any("Tripoli" in t or "طرابلس" in t for t in labels)
        assert len(labels) > 5
        _view(page, 27, 17.5, 5)
        few = page.locator(SHOWN_TOWNS).all_inner_texts()
        assert 0 < len(few) < len(labels) and not page.locator(".cm-town-r3").count()
        assert log.errors == []


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_town_names_never_overlap_offline(chromium, maps_dir, size: tuple[int, int]) -> None:
    """At the initial view and around Tripoli and Benghazi, where the suburbs crowd, at every zoom from the
    country to the town: no two shown names' boxes overlap, and the big cities are the ones kept."""
    w, h = size
    with open_map(chromium, maps_dir["wide"], offline=True, width=w, height=h) as (page, log):
        page.wait_for_function("conflictmap.current.townsPlaced >= 3")  # the settled initial view
        n, clashes = page.evaluate(LABEL_CLASHES)
        assert n > 3 and clashes == [], clashes  # the initial view
        for lat, lon, city in ((32.89, 13.19, "Tripoli"), (32.12, 20.07, "Benghazi")):
            for zoom in (6, 7, 8, 9, 10, 11, 12):
                _view(page, lat, lon, zoom)
                n, clashes = page.evaluate(LABEL_CLASHES)
                assert clashes == [], f"{city} at zoom {zoom}: {clashes}"
                if zoom <= 9:  # the city itself keeps its name among its suburbs
                    assert any(city in t for t in page.locator(SHOWN_TOWNS).all_inner_texts()), (city, zoom)
        # the base does crowd there: with every name shown, names would overlap
        _view(page, 32.89, 13.19, 9)
        page.evaluate("document.querySelectorAll('.cm-town-hidden').forEach(e => e.classList.remove('cm-town-hidden'))")
        assert page.evaluate(LABEL_CLASHES)[1]
        assert log.errors == []


@pytest.mark.parametrize("offline", [True, False])
@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_the_visible_map_area_is_at_least_70_percent(chromium, maps_dir, size: tuple[int, int],
                                                      offline: bool) -> None:
    w, h = size
    with open_map(chromium, maps_dir["wide" if offline else "wide_online"], offline=offline, width=w,
                  height=h) as (page, log):
        ratio = page.evaluate("""() => {
            const m = conflictmap.current.map.getContainer().getBoundingClientRect();
            // the map's own area, then every control over it (rectangles clipped to the map; they do not overlap)
            let covered = 0;
            document.querySelectorAll('.leaflet-control').forEach(c => {
              const r = c.getBoundingClientRect();
              const x = Math.max(0, Math.min(r.right, m.right) - Math.max(r.left, m.left));
              const y = Math.max(0, Math.min(r.bottom, m.bottom) - Math.max(r.top, m.top));
              covered += x * y;
            });
            return (m.width * m.height - covered) / (innerWidth * innerHeight); }""")
        assert ratio >= 0.70, f"{w}x{h}: {ratio:.2f} of the viewport shows the map"
        # the panels fold and unfold
        legend_open = page.locator(".cm-legend-b").is_visible()
        assert legend_open == (w >= 1600)  # folded on a laptop screen, open on a large one
        page.locator(".cm-legend-h").click()
        assert page.locator(".cm-legend-b").is_visible() != legend_open
        page.locator(".cm-timeline-fold").click()
        assert not page.locator(".cm-timeline svg").is_visible()
        assert log.errors == []


def test_search_finds_the_gazetteer_spellings(chromium, maps_dir) -> None:
    with open_map(chromium, maps_dir["plain"]) as (page, log):
        for query in ("Misurata", "Misratah", "مصراته", "Misrata"):
            page.locator(".cm-search input").fill(query)
            page.locator(".cm-result").first.wait_for()
            assert "مصراتة" in page.locator(".cm-result").first.inner_text(), query
        # a place the map does not draw can still be flown to
        page.locator(".cm-search input").fill("Ghadames")
        page.locator(".cm-result", has_text="no event").first.wait_for()
        assert log.errors == []


def test_heat_view_follows_the_filters_offline(chromium, maps_dir) -> None:
    with open_map(chromium, maps_dir["offline"], offline=True) as (page, log):
        page.evaluate("() => { const a = conflictmap.current; a.map.addLayer(a.layers.heat); }")
        assert page.locator("canvas.leaflet-heatmap-layer").count() == 1
        assert page.evaluate("conflictmap.current.layers.heat._latlngs.length") == 4
        _set(page, ".cm-f-fatal", True)
        assert page.evaluate("conflictmap.current.layers.heat._latlngs.length") == 2
        assert log.errors == []


def test_popup_dates_at_their_precision_and_rtl_quotes_right_aligned(chromium, maps_dir) -> None:
    with open_map(chromium, maps_dir["plain"]) as (page, log):
        show_marker(page, 0).click()
        page.locator(".leaflet-popup-content blockquote").first.wait_for()
        assert "14 January 2020" in page.locator(".leaflet-popup-content").inner_text()
        align = page.evaluate("getComputedStyle(document.querySelector('.cm-quote[dir=rtl]')).textAlign")
        assert align == "right"
        assert log.errors == []


HALO_ALPHA = """([lat, lon]) => { const a = conflictmap.current, c = document.querySelector('canvas.cm-halos');
    if (!c) { return -1; }
    const p = a.map.latLngToContainerPoint([lat, lon]), m = a.map.getContainer().getBoundingClientRect();
    const r = c.getBoundingClientRect(), k = c.width / r.width;
    const x = Math.round((m.left + p.x - r.left + 20) * k), y = Math.round((m.top + p.y - r.top) * k);
    return c.getContext('2d').getImageData(x, y, 1, 1).data[3]; }"""


HALO_STATE = """() => { const a = conflictmap.current, m = a.map, c = document.querySelector('canvas.cm-halos');
    return {centre: m.getCenter(), zoom: m.getZoom(), animating: !!m._animatingZoom, halos: a.layers.halos.count(),
            canvas: c ? [c.width, c.height, c.style.width] : null, shown: a.shown}; }"""


def _wait_for_halo(page, at: list[float]) -> None:
    """Polled, not a fixed pause: one CI run under load read a blank canvas 100 ms after the move (never
    reproduced since); if the halo never comes, the failure says what the map was doing."""
    try:
        page.wait_for_function(f"() => ({HALO_ALPHA})({at}) > 0", timeout=10000, polling=100)
    except Exception as exc:  # playwright's TimeoutError: report the map's state instead of a bare timeout
        raise AssertionError(f"no halo drawn beside {at}: {page.evaluate(HALO_STATE)}") from exc


def test_precision_halos_are_drawn_and_follow_the_filters(chromium, maps_dir) -> None:
    with open_map(chromium, maps_dir["plain"]) as (page, log):
        airport = [32.7549, 13.1427]  # precision 2: a 15 km halo
        page.evaluate("p => conflictmap.current.map.setView(p, 10, {animate: false})", airport)
        _wait_for_halo(page, airport)  # 20 px beside the marker, inside the halo
        page.locator(".cm-filters-btn").click()
        _set(page, ".cm-filters [data-type='0']", False)  # the battle at the airport road hidden
        assert page.evaluate(HALO_ALPHA, airport) == 0
        _set(page, ".cm-filters [data-type='0']", True)
        _wait_for_halo(page, airport)
        page.evaluate("() => { const a = conflictmap.current; a.map.removeLayer(a.layers.halos); }")
        assert page.evaluate(HALO_ALPHA, airport) == -1  # the layer control turns them off
        assert log.errors == []
