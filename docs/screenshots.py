"""Re-take the README's map screenshots from a map file, in Debian's chromium with no network.

    python -m geo.cli.main map ../shared/data/arabic-text/saudinewsnet_libya_articles.jsonl --offline \
        -o out/corpus.html
    python docs/screenshots.py out/corpus.html [--out docs] [--sizes 1366x768,1920x1080]

Four views at each size: the initial view, Tripoli at zoom 12, a filtered view (battles and violence
against civilians with fatalities) and the density (heat) layer. The first
size's files are ``corpus-<view>.png`` (the ones the README shows); the others get ``-<W>x<H>``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser.harness import browser, chromium_path, open_map  # noqa: E402

# The filtered view: two types ticked (the filters are multi-choice), with fatalities only.
FILTER_TYPES = ("Battles", "Violence against civilians")


def _settle(page) -> None:
    page.wait_for_function("conflictmap.current.ready")
    page.wait_for_timeout(800)  # the zoom animation, the clusters' and the labels' placement


def filtered(page) -> str:
    """Only the FILTER_TYPES ticked, with fatalities only; returns what the picture shows."""
    keep = page.evaluate("labels => conflictmap.current.data.types.map((t, i) => labels.includes(t.label) ? i : -1)"
                         ".filter(i => i >= 0)", list(FILTER_TYPES))
    page.locator(".cm-filters-btn").click()
    boxes = page.locator(".cm-filters [data-type]")
    for k in range(boxes.count()):
        box = boxes.nth(k)
        if int(box.get_attribute("data-type") or -1) not in keep:
            box.uncheck()
    page.locator(".cm-f-fatal").check()
    page.evaluate("document.querySelector('.cm-f-types').scrollTop = 0")
    _settle(page)
    return f"{' and '.join(FILTER_TYPES).lower()} with fatalities"


def shoot(b, map_path: Path, out: Path, w: int, h: int, suffix: str) -> None:
    """The four views at one size."""
    def shot(view: str, page, note: str = "") -> None:
        path = out / f"corpus-{view}{suffix}.png"
        page.screenshot(path=str(path))
        print(f"{path} ({w}x{h}{', ' + note if note else ''})")

    errors: list[str] = []
    with open_map(b, map_path, offline=True, width=w, height=h) as (page, log):
        _settle(page)
        shot("initial", page)
        page.evaluate("conflictmap.current.map.setView([32.875, 13.19], 12, {animate: false})")
        _settle(page)
        shot("tripoli", page)
        errors += log.errors
    with open_map(b, map_path, offline=True, width=w, height=h) as (page, log):
        shot("filtered", page, filtered(page))
        errors += log.errors
    with open_map(b, map_path, offline=True, width=w, height=h) as (page, log):
        page.evaluate("() => { const a = conflictmap.current; a.map.addLayer(a.layers.heat); }")
        _settle(page)
        shot("heat", page)
        errors += log.errors
    if errors:
        sys.exit(f"screenshots: errors in the page: {errors[:3]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("map", type=Path)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    ap.add_argument("--sizes", default="1366x768,1920x1080")
    args = ap.parse_args()
    if chromium_path() is None:
        sys.exit("screenshots: chromium is not installed (apt-get install chromium)")
    sizes = [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",")]
    with browser() as b:
        for n, (w, h) in enumerate(sizes):
            shoot(b, args.map, args.out, w, h, "" if n == 0 else f"-{w}x{h}")


if __name__ == "__main__":
    main()
