"""The control layer in a real browser (Debian's chromium through Playwright, no network): areas and
front lines follow the time slider, the title says the date of the control picture (``--as-of``),
tooltips carry the dates, popups list the evidence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli.main import cli
from tests.browser.harness import browser, chromium_path, open_map
from tests.conftest import SEED

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_path() is None, reason="chromium is not installed (apt-get install chromium)"),
]
CORPUS = Path(__file__).parent / "data" / "control_corpus.jsonl"


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


def _map(tmp: Path, name: str, *args: str) -> Path:
    out = tmp / f"{name}.html"
    res = CliRunner().invoke(cli, ["map", *args, "-o", str(out)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return out


@pytest.fixture(scope="module")
def maps(gazetteer_index, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("control-maps")
    return {
        "corpus": _map(tmp, "corpus", str(CORPUS), "--min-confidence", "0"),  # every dated report moves the slider
        "corpus-jan": _map(tmp, "corpus-jan", str(CORPUS), "--as-of", "2020-01-20"),
        "seed": _map(tmp, "seed", str(SEED), "--date", "2020-01", "--as-of", "2020-01-25"),
    }


VISIBLE = "() => conflictmap.current.control_layer.visible().map(p => [p.tip, p.from, p.to, p.cur])"
# The labels in the page (shown or not) and the labels of what is drawn, as [short label, dates] each.
LABELS = """() => Array.from(document.querySelectorAll('.cm-area-label, .cm-front-label')).map(e => e.textContent)"""
DRAWN_LABELS = """() => conflictmap.current.control_layer.labels()
    .map(l => [l.mk._icon.textContent, l.p.from, l.p.to])"""


def _slide_to(page, day_index: int) -> None:
    """Move the time slider as a user does: set the range input and fire its input event."""
    page.evaluate("""(i) => { const r = document.querySelector('.cm-time input[type=range]');
        r.value = String(i); r.dispatchEvent(new Event('input', {bubbles: true})); }""", day_index)


def test_slider_before_an_areas_valid_from_hides_it(chromium, maps) -> None:
    with open_map(chromium, maps["corpus"]) as (page, log):
        assert log.errors == []
        dates = page.evaluate("conflictmap.current.data.dates")
        assert len(dates) >= 2 and page.locator(".cm-time input[type=range]").count() == 1
        now = page.evaluate(VISIBLE)
        assert now and all(cur for *_, cur in now)
        latest_from = max(f for _, f, _, _ in now)
        before = [i for i, d in enumerate(dates) if d < latest_from]
        assert before, (dates, latest_from)
        i = before[-1]
        _slide_to(page, i)
        shown = page.evaluate(VISIBLE)
        # Nothing drawn that starts after the slider's day, and what is drawn holds on that day.
        assert all(f <= dates[i] <= t for _, f, t, _ in shown), shown
        # every label in the page is one of what is drawn, and none of them starts after the slider's day
        labels, drawn = page.evaluate(LABELS), page.evaluate(DRAWN_LABELS)
        assert sorted(labels) == sorted(lb for lb, *_ in drawn) and len(drawn) == len(shown)
        assert all(f <= dates[i] <= t for _, f, t in drawn), drawn
        assert page.locator(".cm-control-asof").inner_text() == f"Control as of {dates[i]}"
        # Back to the last day: the current picture again.
        _slide_to(page, len(dates) - 1)
        assert sorted(page.evaluate(VISIBLE)) == sorted(now)
        assert log.errors == []


def test_as_of_shows_in_the_title(chromium, maps) -> None:
    for name, day in (("corpus-jan", "2020-01-20"), ("seed", "2020-01-25")):
        with open_map(chromium, maps[name]) as (page, log):
            assert log.errors == []
            title = page.locator(".cm-title").inner_text()
            assert f"Control as of {day}" in title, title
            # Every picture shown at the slider's end is the one as of that day.
            assert all(t == day and cur for _, _, t, cur in page.evaluate(VISIBLE))


OVERLAPS = """() => {
  const r = Array.from(document.querySelectorAll('.cm-label:not(.cm-label-hidden) > span'))
    .map(e => e.getBoundingClientRect());
  let n = 0;
  for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++)
    if (r[i].left < r[j].right && r[j].left < r[i].right && r[i].top < r[j].bottom && r[j].top < r[i].bottom) n++;
  return [r.length, n];
}"""


def test_tooltips_carry_dates_and_popups_list_evidence(chromium, maps) -> None:
    with open_map(chromium, maps["seed"]) as (page, log):
        for zoom in (6, 8, 10):
            n = page.evaluate(f"""() => {{ const a = conflictmap.current, n = a.labelsPlaced;
                a.map.setView([31.8, 14.6], {zoom}, {{animate: false}}); return n; }}""")
            # The labels are placed at the move's end and again once the clusters have settled.
            page.wait_for_function(f"conflictmap.current.labelsPlaced >= {n + 2}")
            shown, overlapping = page.evaluate(OVERLAPS)
            # at zoom 6 the seed's areas are smaller than their labels: none is shown
            assert (shown >= 1 or zoom == 6) and overlapping == 0, (zoom, shown, overlapping)
        # the labels are short (the side, or the two sides of a front); the dates are in the tooltips
        labels = page.evaluate(LABELS)
        assert labels and not any(re.search(r"\d", lb) for lb in labels), labels
        assert "GNA / LNA" in labels, labels
        tips = page.evaluate("() => conflictmap.current.control_layer.visible().map(p => p.tip)")
        assert tips and all(re.search(r"\d{4}-\d{2}-\d{2}", t) for t in tips), tips
        assert any(t.startswith("Front line GNA (Tripoli) / LNA (Haftar)") for t in tips), tips
        # Open the popup of a front line: its evidence, with quotes and a link to an event.
        page.evaluate("""() => { const api = conflictmap.current;
            const g = api.layers.front_lines; let done = false;
            g.eachLayer(l => { if (!done) { l.openPopup(l.getBounds().getCenter()); done = true; } }); }""")
        pop = page.locator(".leaflet-popup-content")
        pop.wait_for()
        text = pop.inner_text()
        assert "Front line" in text and "Confidence" in text and "Evidence" in text
        assert pop.locator("blockquote.cm-quote").count() >= 1
        link = pop.locator("a.cm-ev-link").first
        assert link.count() == 1
        link.click()
        page.wait_for_function("() => !!document.querySelector('.leaflet-popup-content .cm-pop-h')"
                               " && !document.querySelector('.leaflet-popup-content .cm-ev-link')")
        assert log.errors == []


SLIDER_DAY = "document.querySelector('.cm-time .cm-date').textContent"


def test_the_slider_end_and_the_control_title_name_the_same_day(chromium, maps) -> None:
    """The seed map's events are of January 2020 (drawn on the 1st) and its control picture is asked for the
    25th: the slider ends on the 25th, where the title says control as of the 25th; one stop back, both move."""
    with open_map(chromium, maps["seed"]) as (page, log):
        dates = page.evaluate("conflictmap.current.data.dates")
        assert dates[-1] == "2020-01-25" and len(dates) >= 2
        assert page.evaluate(SLIDER_DAY) == "up to 2020-01-25"
        assert page.locator(".cm-control-asof").inner_text().startswith("Control as of 2020-01-25")
        _slide_to(page, len(dates) - 2)
        assert page.evaluate(SLIDER_DAY) == f"up to {dates[-2]}"
        assert page.locator(".cm-control-asof").inner_text().startswith(f"Control as of {dates[-2]}")
        _slide_to(page, len(dates) - 1)
        assert page.locator(".cm-control-asof").inner_text() == "Control as of 2020-01-25"
        assert log.errors == []
    with open_map(chromium, maps["corpus"]) as (page, log):
        day = page.evaluate("conflictmap.current.data.dates.slice(-1)[0]")
        assert page.evaluate(SLIDER_DAY) == f"up to {day}"
        assert f"Control as of {day}" in page.locator(".cm-title").inner_text()
    # a picture asked for an earlier day (--as-of 2020-01-20) keeps that day; the slider still reaches the
    # last event, and the title names the day asked for
    with open_map(chromium, maps["corpus-jan"]) as (page, log):
        last = page.evaluate("conflictmap.current.data.dates.slice(-1)[0]")
        assert last >= "2020-01-20"
        if page.locator(".cm-time").count():
            assert page.evaluate(SLIDER_DAY) == f"up to {last}"
        assert "Control as of 2020-01-20" in page.locator(".cm-title").inner_text()
