"""Event store benchmark: ingest throughput for a 5,000-article corpus and date-range query times.

The corpus repeats and varies the real Arabic articles of ../shared/data/arabic-text (SaudiNewsNet, Libya
subset) and the seed article: each copy gets its own id, a publication date spread over a year and a
variant line, so every copy has its own content hash. The pipeline runs once per distinct text (its cost
is reported apart); the store is then fed every copy, so that the figure is the store's own throughput
(transactions, merging, indexes), plus the end-to-end figure with the pipeline's per-article cost.

    /work/venv/bin/python bench/store.py [--articles 5000] [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.article import Article  # noqa: E402
from geo.pipeline import analyse  # noqa: E402
from maps.store import EventStore, load_analysis  # noqa: E402


def base_articles(shared: Path) -> list[Article]:
    seed = (ROOT / "seeds" / "libya-front-2020-01.ar.txt").read_text(encoding="utf-8-sig")
    out = [Article("seed", seed, date="2020-01")]
    path = shared / "arabic-text" / "saudinewsnet_libya_articles.jsonl"
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            row = json.loads(line)
            out.append(Article(f"snn{i}", row["content"], date=row["date_extracted"][:10],
                               title=row.get("title"), source=row.get("source"), url=row.get("url")))
    return out


def retarget(records: list[dict[str, Any]], doc: str, date: str) -> list[dict[str, Any]]:
    out = []
    for r in records:
        r = dict(r, doc=doc)
        if "event_date" in r:
            r["event_date"] = date
            r["year"] = int(date[:4])
            r["event_id_cnty"] = f"{r['event_id_cnty']}{doc}"
            r["x_quotes"] = [dict(q, doc=doc) for q in r.get("x_quotes") or ()]
        out.append(r)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--store", type=Path, help="keep the store here (default: a temporary directory)")
    args = ap.parse_args()

    bases = base_articles(args.shared)
    t0 = time.perf_counter()
    analyses = [analyse([a], control=False) for a in bases]
    pipeline_s = time.perf_counter() - t0
    per_article_pipeline = pipeline_s / len(bases)
    print(f"pipeline: {len(bases)} distinct articles in {pipeline_s:.2f} s "
          f"({len(bases) / pipeline_s:.1f} articles/s; {1000 * per_article_pipeline:.1f} ms each)")

    start = dt.date(2020, 1, 1)
    with tempfile.TemporaryDirectory() as tmp:
        store_path = args.store or Path(tmp) / "events.gpkg"
        if store_path.exists():
            store_path.unlink()
        times: list[float] = []
        t0 = time.perf_counter()
        with EventStore(store_path) as store:
            for i in range(args.articles):
                base, an = bases[i % len(bases)], analyses[i % len(analyses)]
                date = (start + dt.timedelta(days=(i * 7) % 366)).isoformat()
                doc = f"bench-{i}"
                art = replace(base, doc=doc, date=date, text=f"{base.text}\n(نسخة {i})")
                t1 = time.perf_counter()
                store.ingest(art, retarget(an.places, doc, date), retarget(an.events, doc, date))
                times.append(time.perf_counter() - t1)
            ingest_s = time.perf_counter() - t0
            counts = store.counts()
            t1 = time.perf_counter()
            again = sum(store.has_content(f"{bases[i % len(bases)].text}\n(نسخة {i})")
                        for i in range(args.articles))
            recheck_s = time.perf_counter() - t1
        size_mb = store_path.stat().st_size / 1e6
        print(f"store ingest: {args.articles} articles in {ingest_s:.2f} s = "
              f"{args.articles / ingest_s:.0f} articles/s (median {1000 * statistics.median(times):.2f} ms, "
              f"p95 {1000 * sorted(times)[int(0.95 * len(times))]:.2f} ms per article transaction)")
        print(f"end to end (pipeline + store): {1 / (per_article_pipeline + ingest_s / args.articles):.1f} "
              "articles/s")
        print(f"store now: {counts['articles']} articles, {counts['mentions']} mentions, {counts['events']} "
              f"events, {counts['evidence']} evidence rows; {size_mb:.1f} MB")
        print(f"re-ingest check (content hash): {again} of {args.articles} known, {recheck_s * 1000:.0f} ms")

        for label, lo, hi in (("one week", "2020-03-01", "2020-03-07"), ("one month", "2020-03-01", "2020-03-31"),
                              ("whole year", None, None)):
            reps = []
            for _ in range(3):
                t1 = time.perf_counter()
                layers = load_analysis(store_path, lo, hi, control=False)
                reps.append(time.perf_counter() - t1)
            print(f"query {label}: {len(layers.events)} events, {len(layers.places)} mentions in "
                  f"{1000 * min(reps):.0f} ms (best of 3)")
        import pyogrio

        t1 = time.perf_counter()
        df = pyogrio.read_dataframe(store_path, layer="events",
                                    where="event_date >= '2020-03-01' AND event_date <= '2020-03-31'")
        print(f"pyogrio read of the events layer for one month: {len(df)} rows in "
              f"{1000 * (time.perf_counter() - t1):.0f} ms")


if __name__ == "__main__":
    main()
