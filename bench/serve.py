"""Review workspace benchmark: how long the served API takes over a store of N events, beside the store's
own read of the same events (the baseline, in the same run).

The store holds synthetic events at real Libyan places (``maps.synthetic``), five to an article. A real
``conflictmap serve`` runs on a free local port; each figure is the median of several requests. "after a
review" is the first request after this server wrote a review (the workspace re-reads only the days of the
events it touched); "warm" is a repeated request for the same store version (answered from a cache).

    /work/venv/bin/python bench/serve.py [--events 5000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.article import Article  # noqa: E402
from maps.store import open_store  # noqa: E402
from maps.synthetic import synthetic_analysis  # noqa: E402
from tests.serve_helpers import start  # noqa: E402


def build(path: Path, n: int) -> float:
    data = synthetic_analysis(n)
    by_doc: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for p in data["places"]:
        by_doc[p["doc"]][0].append(p)
    for e in data["events"]:
        by_doc[e["doc"]][1].append(e)
    t = time.perf_counter()
    with open_store(path) as st:
        for doc, (places, events) in by_doc.items():
            text = "\n".join(e["x_quote"] for e in events)
            st.ingest(Article(doc, text, date=events[0]["event_date"], id=doc, url=f"https://example.org/{doc}"),
                      places, events)
    return time.perf_counter() - t


def timed(fn, repeat: int) -> float:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return statistics.median(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "bench.gpkg"
        t_build = build(store, args.events)
        with open_store(store, create=False) as st:
            n = len(st.load(include_rejected=True).events)
        print(f"store: {n} events in {args.events // 5} articles, ingested in {t_build:.1f} s")

        def baseline() -> None:
            with open_store(store, create=False, readonly=True) as st:
                st.load(include_rejected=True)
                st.reviews()

        rows = [("baseline: store.load + reviews (in process)", timed(baseline, args.repeat))]
        srv = start(store, Path(tmp) / "cache")
        try:
            with httpx.Client(base_url=srv.url, timeout=300) as c:
                ids = [e["event_id_cnty"] for e in c.get("/api/queue", params={"limit": 1000}).json()["events"]]
                k = iter(ids)

                def review() -> None:
                    r = c.post(f"/api/events/{next(k)}/review", json={"status": "accepted"})
                    assert r.status_code == 200, r.text

                for name, path in (("GET /api/queue", "/api/queue"), ("GET /api/events (GeoJSON)", "/api/events"),
                                   ("GET /api/mapdata (map payload)", "/api/mapdata"),
                                   ("GET /api/events/{id}", f"/api/events/{ids[0]}")):
                    cold_times: list[float] = []
                    for _ in range(args.repeat):
                        review()  # the store changed: the next read is the workspace's full read
                        t = time.perf_counter()
                        assert c.get(path).status_code == 200
                        cold_times.append(time.perf_counter() - t)
                    rows.append((f"{name}, after a review", statistics.median(cold_times)))
                    rows.append((f"{name}, warm", timed(lambda path=path: c.get(path), args.repeat)))
                rows.append(("POST /api/events/{id}/review", timed(review, args.repeat)))
                rows.append(("GET /api/version", timed(lambda: c.get("/api/version"), args.repeat)))
        finally:
            srv.stop()
    width = max(len(r[0]) for r in rows)
    base = rows[0][1]
    for name, secs in rows:
        print(f"{name:<{width}}  {secs * 1000:9.1f} ms  {secs / base:6.2f}x baseline")


if __name__ == "__main__":
    main()
