"""The control layer's labels at a glance (issue 16): the side's short name at a point inside its area,
in the names' pane under the markers, placed with the town names by one placer (no two names overlap, none
under a marker or cluster), hidden while the area is smaller on screen than its label and shown again
zoomed in, following the time slider and the side toggles; the dates in the tooltip and the popup.

The map is drawn from hand-made control records (areas crowded on the coast around Benghazi, a crescent,
an area in two parts, a small area in the desert, a short front line, an earlier picture) and the sample
events, in Debian's chromium with no network.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import Point, Polygon, mapping

from maps.control_layer import _label_point, control_payload, short_label
from maps.folium_map import write_map
from tests.browser.harness import browser, chromium_path, open_map
from tests.browser.records import _event, sample_analysis


def in_chromium(test):
    """A test in Debian's chromium (skipped where it is not installed)."""
    missing = chromium_path() is None
    test = pytest.mark.skipif(missing, reason="chromium is not installed (apt-get install chromium)")(test)
    return pytest.mark.browser(test)


def _disc(lat: float, lon: float, km: float):
    """A disc of ``km`` radius around a point, in degrees (east-west stretched for the latitude)."""
    k = math.cos(math.radians(lat))
    return Polygon([(lon + x / k, lat + y) for x, y in Point(0, 0).buffer(km / 111.32, 32).exterior.coords])


def _crescent(lat: float, lon: float, km: float):
    """A crescent open to the west: its bounding box's centre and the middle of its southern edge are
    outside it."""
    k = math.cos(math.radians(lat))
    return _disc(lat, lon, km).difference(_disc(lat, lon - 0.55 * km / 111.32 / k, 0.8 * km))


def _area(geom, side: str, start: str, end: str, *, current: bool = True, status: str = "assessed") -> dict[str, Any]:
    g = mapping(geom.buffer(0) if not geom.is_valid else geom)
    return {"type": "Feature", "geometry": {"type": g["type"], "coordinates": _lists(g["coordinates"])},
            "properties": {"kind": "control_area", "side": side, "status": status, "valid_from": start,
                           "valid_to": end, "as_of": end, "current": current, "confidence": 0.8,
                           "evidence": ["a", "b"], "places": ["Benghazi"], "control_source": "inferred",
                           "evidence_items": [{"id": "a", "kind": "text", "date": start, "place": "Benghazi",
                                               "side": side, "doc": "d1", "quote": "اشتباكات في بنغازي",
                                               "weight": 1.0}]}}


def _lists(c):
    return [_lists(x) for x in c] if isinstance(c, (list, tuple)) and c and isinstance(c[0], (list, tuple)) \
        else list(c)


# Benghazi and its neighbours, as a corpus of 2015 puts them: close together on the coast.
BENGHAZI = (32.1, 20.08)
CRESCENT = _crescent(*BENGHAZI, 9)
BENINA = _disc(32.1, 20.3, 7)
MARJ = _disc(32.49, 20.83, 9)
# an area in two parts: the larger around Ajdabiya, a sliver far to the east
AJDABIYA = _disc(30.76, 20.23, 16)
SLIVER = _disc(30.9, 21.6, 3)
# small and alone in the desert
DESERT = _disc(27.6, 17.0, 2.5)


def _labels_analysis() -> dict[str, Any]:
    a = sample_analysis()
    a["control_areas"] = [
        _area(CRESCENT, "contested", "2020-01-15", "2020-01-20"),
        _area(BENINA, "LNA", "2020-01-15", "2020-01-20"),
        # Benina's earlier picture: contested from the 10th to the 14th
        _area(BENINA, "contested", "2020-01-10", "2020-01-14", current=False),
        _area(MARJ, "LNA", "2020-01-15", "2020-01-20", status="claimed"),
        _area(AJDABIYA.union(SLIVER), "LNA", "2020-01-15", "2020-01-20"),
        _area(DESERT, "TEBU", "2020-01-15", "2020-01-20", status="claimed"),
    ]
    a["front_lines"] = [{"type": "Feature", "geometry": {"type": "LineString", "coordinates": [
        [20.205, 32.06], [20.2, 32.1], [20.21, 32.14]]}, "properties": {
        "kind": "front_line", "side_a": "contested", "side_b": "LNA", "valid_from": "2020-01-15",
        "valid_to": "2020-01-20", "current": True, "length_km": 9.0, "status": "assessed", "confidence": 0.7,
        "places": ["Benghazi", "Benina"], "evidence_items": []}}]
    # an event at the pole of Al-Marj's area, where its label would go: the label must make way
    lp, *_ = _label_point(mapping(MARJ))
    marj = _event(7, "2020-01-18", "Battles", "Armed clash", lp[0], lp[1], "Al-Marj", "المرج",
                  "اشتباكات في المرج", "LNA", "GNA")
    # a clash just south of Benina's area, where a label hanging under the area would go
    south = _event(12, "2020-01-19", "Battles", "Armed clash", 32.1 - 8 / 111.32, 20.3, "Benina", "بنينا",
                   "اشتباكات جنوب بنينا", "LNA", "BRSC")
    # and a handful in Benghazi, which cluster over the city
    city = [_event(8 + i, "2020-01-19", "Battles", "Armed clash", 32.11 + 0.004 * i, 20.07, "Benghazi", "بنغازي",
                   "اشتباكات في بنغازي", "LNA", "BRSC") for i in range(4)]
    a["events"] = a["events"] + [marj, south] + city
    return a


# ---------------------------------------------------------------- the payload (no browser)

def test_the_label_point_lies_inside_a_concave_area_and_in_its_largest_part() -> None:
    for geom in (CRESCENT, AJDABIYA.union(SLIVER), BENINA):
        lp, r, w = _label_point(mapping(geom))
        pt = Point(lp[1], lp[0])
        assert geom.contains(pt), (geom.bounds, lp)
        assert r > 0 and w > 0
    # the crescent: neither its bounding box's centre nor the middle of its southern edge is inside it
    minx, miny, maxx, maxy = CRESCENT.bounds
    assert not CRESCENT.contains(Point((minx + maxx) / 2, (miny + maxy) / 2))
    assert not CRESCENT.contains(Point((minx + maxx) / 2, miny))
    lp, *_ = _label_point(mapping(AJDABIYA.union(SLIVER)))
    assert AJDABIYA.contains(Point(lp[1], lp[0]))
    # the distance to the edge, in metres: about the disc's radius for a disc
    _, r, w = _label_point(mapping(BENINA))
    assert 5500 < r < 7200 and 13000 < w < 14500, (r, w)


def test_labels_are_the_sides_short_names_and_the_tooltip_keeps_the_dates() -> None:
    a = _labels_analysis()
    payload = control_payload(a["control_areas"], a["front_lines"])
    lbs = [f["properties"]["lb"] for f in payload["areas"]]
    assert lbs == ["Contested", "LNA", "Contested", "LNA", "LNA", "Tebu"]
    assert payload["lines"][0]["properties"]["lb"] == "Contested / LNA"
    tips = [f["properties"]["tip"] for f in payload["areas"]]
    assert tips[1] == "LNA (Haftar) · 2020-01-15 → 2020-01-20"
    assert payload["lines"][0]["properties"]["tip"] == "Front line Contested / LNA (Haftar) · 2020-01-15 → 2020-01-20"
    assert short_label("DAWN", "Libya Dawn / GNC (Tripoli)") == "Libya Dawn"
    assert short_label("GNA", "GNA (Tripoli)") == "GNA"
    assert short_label("BRSC", "Benghazi Revolutionaries Shura Council") == "BRSC"


# ---------------------------------------------------------------- in the browser

@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def label_maps(tmp_path_factory: pytest.TempPathFactory, gazetteer_index) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("labels")
    out = {"offline": d / "offline.html", "online": d / "online.html"}
    write_map(out["offline"], _labels_analysis(), offline=True, title="labels", gazetteer=gazetteer_index)
    write_map(out["online"], _labels_analysis(), title="labels", gazetteer=gazetteer_index)
    return out


# markercluster is not sliding markers between clusters (the tests measure the markers in the page)
STILL = "!conflictmap.current.cluster._inZoomAnimation && !document.querySelector('.leaflet-cluster-anim')"


def _view(page, lat: float, lon: float, zoom: int) -> None:
    """Move the map and wait for the placer's two passes (at the move's end, and once the clusters settled)."""
    n = page.evaluate("""([p, z]) => { const a = conflictmap.current, n = a.labelsPlaced || 0;
        a.map.setView(p, z, {animate: false}); return n; }""", [[lat, lon], zoom])
    page.wait_for_function(f"(conflictmap.current.labelsPlaced || 0) >= {n + 2} && {STILL}")


def _settled(page, action: str) -> None:
    """Run ``action`` (JS) and wait for the placer's two passes after it."""
    n = page.evaluate(f"() => {{ const n = conflictmap.current.labelsPlaced || 0; {action}; return n; }}")
    page.wait_for_function(f"(conflictmap.current.labelsPlaced || 0) >= {n + 2} && {STILL}")


# Every control label in the page: its text, shown or not, its box and where its centre falls.
CONTROL_LABELS = """() => [...document.querySelectorAll('.cm-area-label, .cm-front-label')].map(el => {
    const r = el.firstChild.getBoundingClientRect();
    return {text: el.textContent, shown: !el.classList.contains('cm-label-hidden') &&
            getComputedStyle(el).visibility !== 'hidden', area: el.classList.contains('cm-area-label'),
            box: [r.left, r.top, r.right, r.bottom], cx: (r.left + r.right) / 2, cy: (r.top + r.bottom) / 2};
  })"""
# The shown names of every kind (towns, areas, front lines) whose boxes overlap, and the shown names that
# overlap an event marker or a cluster.
CLASHES = """() => {
    const named = [...document.querySelectorAll('.cm-town:not(.cm-town-hidden) > span, ' +
      '.cm-label:not(.cm-label-hidden) > span')].map(s => { const r = s.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom, s.textContent]; }).filter(b => b[2] > b[0] && b[3] > b[1]);
    const marks = [...document.querySelectorAll('.leaflet-marker-pane .leaflet-marker-icon')].map(e => {
        const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })
      .filter(b => b[2] > b[0] && b[3] > b[1]);
    const ov = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    const names = [], under = [];
    for (let i = 0; i < named.length; i++) for (let j = i + 1; j < named.length; j++)
      if (ov(named[i], named[j])) names.push(named[i][4] + ' / ' + named[j][4]);
    const control = [...document.querySelectorAll('.cm-label:not(.cm-label-hidden) > span')].map(s => {
        const r = s.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, s.textContent]; });
    control.forEach(c => { if (marks.some(m => ov(c, m))) under.push(c[4]); });
    return {n: named.length, control: control.length, names: names, under: under};
  }"""


@in_chromium
def test_short_labels_with_the_dates_in_the_tooltip_and_popup(chromium, label_maps) -> None:
    with open_map(chromium, label_maps["online"], width=1920, height=1080) as (page, log):
        _view(page, *BENGHAZI, 11)
        labels = page.evaluate(CONTROL_LABELS)
        assert {lb["text"] for lb in labels} >= {"Contested", "LNA", "Contested / LNA"}, labels
        assert not any(re.search(r"\d", lb["text"]) for lb in labels), labels
        # a claimed area's label is in italics, as its outline is dashed; an assessed one's upright
        styles = page.evaluate("""() => conflictmap.current.control_layer.labels().filter(l => l.kind === 'area')
            .map(l => [l.p.status, getComputedStyle(l.mk._icon.firstChild).fontStyle])""")
        assert {st for st, _ in styles} == {"assessed", "claimed"}
        assert all((fs == "italic") == (st == "claimed") for st, fs in styles), styles
        benina = page.evaluate("""() => { const a = conflictmap.current, m = a.map;
            const r = m.getContainer().getBoundingClientRect(), p = m.latLngToContainerPoint([32.1, 20.3]);
            return [r.left + p.x + 30, r.top + p.y]; }""")
        page.mouse.move(*benina)
        tip = page.locator(".cm-control-tip")
        tip.wait_for()
        assert "LNA (Haftar) · 2020-01-15 → 2020-01-20" in tip.inner_text()
        page.mouse.click(*benina)
        pop = page.locator(".leaflet-popup-content")
        pop.wait_for()
        assert "LNA (Haftar)" in pop.inner_text() and "2020-01-15 → 2020-01-20" in pop.inner_text()
        assert log.errors == []


@in_chromium
def test_an_area_label_lies_inside_its_area_in_the_names_pane_under_the_markers(chromium, label_maps) -> None:
    with open_map(chromium, label_maps["offline"], offline=True, width=1366, height=768) as (page, log):
        # the names' pane (town names too) lies under the markers and clusters
        panes = page.evaluate("""() => { const a = conflictmap.current;
            const pane = el => el.closest('.leaflet-pane').className;
            const z = n => Number(getComputedStyle(a.map.getPane(n)).zIndex);
            return {labels: [...document.querySelectorAll('.cm-label, .cm-town')].map(pane),
                    under: z('cmLabels') < z('markerPane')}; }""")
        assert panes["labels"] and all("cmLabels" in p for p in panes["labels"]), panes
        assert panes["under"]
        # each shown area label's centre is on its own area's drawn shape, crescent and two-part area included
        # (the last view: zoomed in on the north-east of Ajdabiya's area, its label's own point out of view)
        for lat, lon, zoom in ((*BENGHAZI, 11), (*BENGHAZI, 10), (30.76, 20.23, 9), (32.49, 20.83, 11),
                               (30.83, 20.31, 13)):
            _view(page, lat, lon, zoom)
            res = page.evaluate("""() => { const a = conflictmap.current, out = [];
                a.control_layer.labels().forEach(l => {
                  const el = l.mk._icon;
                  if (l.kind !== 'area' || el.classList.contains('cm-label-hidden')) { return; }
                  const r = el.firstChild.getBoundingClientRect();
                  const x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
                  if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) { return; }
                  const paths = [];
                  a.map.eachLayer(x2 => {
                    if (x2._path && x2.feature && x2.feature.properties === l.p) { paths.push(x2._path); } });
                  const hit = document.elementsFromPoint(x, y);
                  out.push([l.p.lb, paths.some(p => hit.includes(p))]);
                });
                return out; }""")
            assert res and all(ok for _, ok in res), (lat, lon, zoom, res)
        lp = page.evaluate("conflictmap.current.control_layer.labels()"
                           ".find(l => l.p.lb === 'LNA' && l.p.lw > 30000).p.lp")
        assert not page.evaluate(f"conflictmap.current.map.getBounds().contains({lp})")
        assert [lb for lb, _ in res] == ["LNA"]
        # the label of the area of Al-Marj makes way for the event at its own point, and stays in its area
        _view(page, 32.49, 20.83, 11)
        clashes = page.evaluate(CLASHES)
        assert clashes["control"] >= 1 and clashes["under"] == [], clashes
        assert log.errors == []


@in_chromium
@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_no_name_overlaps_another_or_sits_under_a_marker(chromium, label_maps, size: tuple[int, int]) -> None:
    """Around Benghazi, where the areas, the front and the town names crowd, at every zoom from the country to
    the town: no two shown names (towns, areas, front lines) overlap, and no control label is under a marker
    or cluster."""
    w, h = size
    with open_map(chromium, label_maps["offline"], offline=True, width=w, height=h) as (page, log):
        page.wait_for_function("conflictmap.current.labelsPlaced >= 2")
        seen = 0
        for zoom in (6, 7, 8, 9, 10, 11, 12):
            _view(page, *BENGHAZI, zoom)
            c = page.evaluate(CLASHES)
            assert c["names"] == [] and c["under"] == [], (zoom, c)
            seen += c["control"]
        assert seen >= 4
        # the base and the areas do crowd there: with every name shown, names would overlap
        _view(page, *BENGHAZI, 8)
        page.evaluate("""document.querySelectorAll('.cm-town-hidden, .cm-label-hidden').forEach(e => {
            e.classList.remove('cm-town-hidden'); e.classList.remove('cm-label-hidden'); })""")
        assert page.evaluate(CLASHES)["names"]
        assert log.errors == []


@in_chromium
def test_a_label_waits_until_its_area_is_as_big_as_the_label(chromium, label_maps) -> None:
    with open_map(chromium, label_maps["online"], width=1366, height=768) as (page, log):
        def shown(text: str) -> bool:
            return any(lb["shown"] for lb in page.evaluate(CONTROL_LABELS) if lb["text"] == text)

        # the small area in the desert (5 km across): nothing covers it, yet its label waits for zoom 12
        for zoom, want in ((7, False), (9, False), (12, True), (8, False)):
            _view(page, 27.6, 17.0, zoom)
            assert shown("Tebu") is want, zoom
        # the short front line (9 km): no label at zoom 8, one at 11
        _view(page, 32.1, 20.2, 8)
        assert not shown("Contested / LNA")
        _view(page, 32.1, 20.2, 11)
        assert shown("Contested / LNA")
        assert log.errors == []


@in_chromium
def test_labels_follow_the_time_slider_and_the_side_toggles(chromium, label_maps) -> None:
    with open_map(chromium, label_maps["online"], width=1920, height=1080) as (page, log):
        _view(page, 32.1, 20.3, 11)

        def benina() -> list[str]:
            return [lb["text"] for lb in page.evaluate(CONTROL_LABELS)
                    if lb["shown"] and lb["area"] and abs(lb["cx"] - page.evaluate(CENTRE)[0]) < 200]

        assert benina() == ["LNA"]
        dates = page.evaluate("conflictmap.current.data.dates")
        day = max(i for i, d in enumerate(dates) if d <= "2020-01-14")
        _settled(page, f"""const r = document.querySelector('.cm-time input[type=range]');
            r.value = String({day}); r.dispatchEvent(new Event('input', {{bubbles: true}}))""")
        assert benina() == ["Contested"]  # Benina's earlier picture, and its label
        assert "LNA" not in [lb["text"] for lb in page.evaluate(CONTROL_LABELS)]
        _settled(page, f"""const r = document.querySelector('.cm-time input[type=range]');
            r.value = String({len(dates) - 1}); r.dispatchEvent(new Event('input', {{bubbles: true}}))""")
        assert benina() == ["LNA"]
        # the LNA areas toggled off in the layer control: their labels go; on again: they come back, placed
        toggle = """() => { const a = conflictmap.current, id = L.stamp(a.layers.area_LNA);
            const box = a.control._layerControlInputs.find(i => i.layerId === id); box.click(); }"""
        _settled(page, toggle.replace("() => {", "(() => {") + ")()")
        assert "LNA" not in [lb["text"] for lb in page.evaluate(CONTROL_LABELS)]
        _settled(page, toggle.replace("() => {", "(() => {") + ")()")
        assert benina() == ["LNA"]
        assert page.evaluate(CLASHES)["names"] == []
        # the labels make way for the markers shown: with the LNA's events toggled off, the label of Al-Marj's
        # area goes back to its own point, where the event stood
        _view(page, 32.49, 20.83, 11)
        marj = ("() => conflictmap.current.control_layer.labels()"
                ".find(l => Math.abs(l.p.lp[0] - 32.49) + Math.abs(l.p.lp[1] - 20.83) < 0.05)")
        moved = marj + ".mk._icon.firstChild.style.transform"
        assert page.evaluate(f"({moved})()"), "the label stands on the event's marker"
        events_toggle = """() => { const a = conflictmap.current, s = a.data.sides.findIndex(x => x.key === 'LNA');
            const e = a.control._layers.find(x => x.layer._cmSide === s);
            a.control._layerControlInputs.find(i => i.layerId === L.stamp(e.layer)).click(); }"""
        _settled(page, f"({events_toggle})()")
        assert page.evaluate(f"({moved})()") == ""
        _settled(page, f"({events_toggle})()")
        assert page.evaluate(f"({moved})()")
        assert page.evaluate(CLASHES)["under"] == []
        assert log.errors == []


CENTRE = """() => { const r = conflictmap.current.map.getContainer().getBoundingClientRect();
    const p = conflictmap.current.map.latLngToContainerPoint([32.1, 20.3]); return [r.left + p.x, r.top + p.y]; }"""
