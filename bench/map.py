"""Map benchmark: build time, HTML size and browser load-to-idle for 100, 1,000 and 10,000 events.

    python bench/map.py [--sizes 100,1000,10000] [--offline] [--no-browser] [--reports 3]

Targets (issue 6): 10,000 events under 3 s to build, under 10 MB, under 3 s to load. Load-to-idle is
from navigation start until every marker is in the cluster and two animation frames have passed, in
Debian's chromium with CDN assets served locally (tests/browser/harness.py). ``--reports K`` makes every
event a fusion of K reports (K quotes from K articles), the shape of a store after months of ingest.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from maps.folium_map import render_html  # noqa: E402
from maps.synthetic import synthetic_analysis  # noqa: E402


def fuse_reports(analysis: dict, k: int) -> None:
    """Give every event K quotes: its own and those of the next events, as if other articles reported it."""
    events = analysis["events"]
    for i, ev in enumerate(events):
        others = [events[(i + j) % len(events)] for j in range(k)]
        ev["x_quotes"] = [{"doc": o["doc"], "text": o["x_quote"], "start": 0, "end": len(o["x_quote"])}
                          for o in others]


def load_seconds(path: Path, offline: bool) -> float | None:
    from tests.browser.harness import browser, chromium_path, open_map

    if chromium_path() is None:
        return None
    with browser() as b, open_map(b, path, offline=offline, wait=False) as (page, log):
        page.wait_for_function("document.documentElement.getAttribute('data-cm-ready') === '1'", timeout=60000)
        ms = page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))"
        )
        if log.errors:
            print(f"  browser errors: {log.errors[:3]}", file=sys.stderr)
        return ms / 1000.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--offline", action="store_true")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--reports", type=int, default=1, help="quotes (reports) per event")
    args = ap.parse_args()
    mode = "offline" if args.offline else "online"
    # The CLI has the gazetteer loaded already (for the analysis) when it draws: its load is not the map's.
    from gazetteer.cache import load_index

    t0 = time.perf_counter()
    index = load_index()
    print(f"gazetteer index loaded in {time.perf_counter() - t0:.2f} s (not counted in build)")
    print(f"{'events':>8} {'build s':>8} {'HTML MB':>8} {'load s':>8}   ({mode}, {args.reports} report(s) per event)")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.sizes.split(",")):
            analysis = synthetic_analysis(n)
            if args.reports > 1:
                fuse_reports(analysis, args.reports)
            t0 = time.perf_counter()
            html, stats = render_html(analysis, offline=args.offline, title=f"Benchmark: {n} events",
                                      gazetteer=index)
            build = time.perf_counter() - t0
            path = Path(tmp) / f"bench-{n}.html"
            path.write_text(html, encoding="utf-8")
            load = None if args.no_browser else load_seconds(path, args.offline)
            load_s = "-" if load is None else f"{load:.2f}"
            print(f"{stats.events:>8} {build:>8.2f} {stats.bytes / 1e6:>8.2f} {load_s:>8}")


if __name__ == "__main__":
    main()
