"""Map benchmark: build time, HTML size and browser load-to-idle for 100, 1,000 and 10,000 events.

    python bench/map.py [--sizes 100,1000,10000] [--offline] [--no-browser] [--reports 3]

Targets (issue 6): 10,000 events under 3 s to build, under 10 MB, under 3 s to load. Load-to-idle is
from navigation start until every marker is in the cluster and two animation frames have passed, in
Debian's chromium with CDN assets served locally (tests/browser/harness.py). ``--reports K`` makes every
event a fusion of K reports (K quotes from K articles), the shape of a store after months of ingest.

The baseline, measured in the same run and the same browser, is the least any clustered Leaflet map of
those points costs on this machine: a bare page with Leaflet, Leaflet.markercluster and the same points as
plain markers. On a shared machine the load figures move with the load of the others; the ratio to the
baseline moves much less, and so does the build's CPU time (``cpu s``) beside its wall time. Each load is the
median of ``--repeat`` page loads.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
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


def baseline_html(analysis: dict, offline: bool) -> str:
    """A bare clustered Leaflet page of the same points (see the module's docstring)."""
    import json

    from maps.assets import VENDOR, _inline_css, _script_safe

    pts = [[float(e["latitude"]), float(e["longitude"])] for e in analysis["events"]]
    head = []
    for asset in VENDOR:
        if not asset.name.startswith(("leaflet", "markercluster")) or asset.name == "leaflet_heat":
            continue
        if offline:
            head.append(f"<style>{_inline_css(asset)}</style>" if asset.kind == "css" else
                        f"<script>{_script_safe(asset.path().read_text(encoding='utf-8'))}</script>")
        else:
            head.append(f'<link rel="stylesheet" href="{asset.url}"/>' if asset.kind == "css" else
                        f'<script src="{asset.url}"></script>')
    tiles = "" if offline else (
        "L.tileLayer('https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png').addTo(map);")
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'>" + "".join(head) +
            "</head><body style='margin:0'><div id='m' style='height:100vh'></div>"
            f"<script type='application/json' id='d'>{json.dumps(pts)}</script><script>"
            "var map = L.map('m', {maxZoom: 18, minZoom: 3}).setView([27, 17.5], 6);" + tiles +
            "var pts = JSON.parse(document.getElementById('d').textContent);"
            "var c = L.markerClusterGroup({chunkedLoading: true});"
            "var icon = L.divIcon({className: 'b', iconSize: [12, 12]});"
            "c.addLayers(pts.map(function (p) { return L.marker(p, {icon: icon}); })); map.addLayer(c);"
            "(function w() { if (c.getLayers().length >= pts.length) {"
            " document.documentElement.setAttribute('data-cm-ready', '1'); } else { setTimeout(w, 20); } })();"
            "</script></body></html>")


def load_seconds(b: object, path: Path, offline: bool) -> float:
    from tests.browser.harness import open_map

    with open_map(b, path, offline=offline, wait=False) as (page, log):
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
    ap.add_argument("--repeat", type=int, default=3, help="page loads per figure (the median is printed)")
    args = ap.parse_args()
    mode = "offline" if args.offline else "online"
    # The CLI has the gazetteer loaded already (for the analysis) when it draws: its load is not the map's.
    from gazetteer.cache import load_index

    t0 = time.perf_counter()
    index = load_index()
    print(f"gazetteer index loaded in {time.perf_counter() - t0:.2f} s (not counted in build)")
    from tests.browser.harness import browser, chromium_path

    use_browser = not args.no_browser and chromium_path() is not None
    print(f"{'events':>8} {'build s':>8} {'cpu s':>6} {'HTML MB':>8} {'load s':>8} {'baseline':>9} {'ratio':>6}   "
          f"({mode}, {args.reports} report(s) per event; load: median of {args.repeat})")
    with tempfile.TemporaryDirectory() as tmp, (browser() if use_browser else contextlib.nullcontext()) as b:
        for n in (int(x) for x in args.sizes.split(",")):
            analysis = synthetic_analysis(n)
            if args.reports > 1:
                fuse_reports(analysis, args.reports)
            t0, c0 = time.perf_counter(), time.process_time()
            html, stats = render_html(analysis, offline=args.offline, title=f"Benchmark: {n} events",
                                      gazetteer=index)
            build, build_cpu = time.perf_counter() - t0, time.process_time() - c0
            path = Path(tmp) / f"bench-{n}.html"
            path.write_text(html, encoding="utf-8")
            if b is None:
                print(f"{stats.events:>8} {build:>8.2f} {build_cpu:>6.2f} {stats.bytes / 1e6:>8.2f} {'-':>8} {'-':>9} "
                      f"{'-':>6}")
                continue
            base_path = Path(tmp) / f"baseline-{n}.html"
            base_path.write_text(baseline_html(analysis, args.offline), encoding="utf-8")
            # interleaved, so both see the same machine load
            loads, bases = [], []
            for _ in range(args.repeat):
                loads.append(load_seconds(b, path, args.offline))
                bases.append(load_seconds(b, base_path, args.offline))
            load, base = statistics.median(loads), statistics.median(bases)
            print(f"{stats.events:>8} {build:>8.2f} {build_cpu:>6.2f} {stats.bytes / 1e6:>8.2f} {load:>8.2f} "
                  f"{base:>9.2f} {load / base:>6.2f}")


if __name__ == "__main__":
    main()
