"""Event store benchmark: ingest throughput for a 5,000-article corpus and date-range query times, on the
GeoPackage store (the baseline, printed first) and on PostGIS (a throwaway local cluster, or --pg-url), and
one writer against four concurrent writer processes on the same corpus.

The corpus repeats and varies the real Arabic articles of ../shared/data/arabic-text (SaudiNewsNet, Libya
subset) and the seed article: each copy gets its own id, a publication date spread over a year and a
variant line, so every copy has its own content hash. The pipeline runs once per distinct text (its cost
is reported apart); the store is then fed every copy, so that the figure is the store's own throughput
(transactions, merging, indexes), plus the end-to-end figure with the pipeline's per-article cost.

    /work/venv/bin/python bench/store.py [--articles 5000] [--shared ../shared/data] [--backend gpkg|postgis|both]
                                         [--pg-url postgresql://...] [--writers 4]
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
from maps.store import load_analysis, open_store  # noqa: E402
from maps.store_merge import canonical_events  # noqa: E402


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


def corpus(bases: list[Article], analyses: list[Any], n: int) -> list[tuple[Article, list, list]]:
    start = dt.date(2020, 1, 1)
    out = []
    for i in range(n):
        base, an = bases[i % len(bases)], analyses[i % len(analyses)]
        date = (start + dt.timedelta(days=(i * 7) % 366)).isoformat()
        doc = f"bench-{i}"
        # each copy its own article: its own id and url (a shared url would make it a revision)
        url = f"{base.url}?copy={i}" if base.url else None
        art = replace(base, doc=doc, id=doc, url=url, date=date, text=f"{base.text}\n(نسخة {i})")
        out.append((art, retarget(an.places, doc, date), retarget(an.events, doc, date)))
    return out


WRITER = r"""
import pickle, sys
sys.path.insert(0, sys.argv[3])
from maps.store import open_store
items = pickle.load(open(sys.argv[1], "rb"))
with open_store(sys.argv[2]) as store:
    for art, places, events in items:
        store.ingest(art, places, events)
"""


def run_backend(label: str, spec: str, items: list[tuple[Article, list, list]], per_article_pipeline: float,
                writers: int, new_spec: Any) -> None:
    times: list[float] = []
    t0 = time.perf_counter()
    with open_store(spec) as store:
        for art, places, events in items:
            t1 = time.perf_counter()
            store.ingest(art, places, events)
            times.append(time.perf_counter() - t1)
        ingest_s = time.perf_counter() - t0
        counts = store.counts()
        t1 = time.perf_counter()
        again = sum(store.has_content(a.text) for a, _, _ in items)
        recheck_s = time.perf_counter() - t1
    n = len(items)
    print(f"[{label}] store ingest: {n} articles in {ingest_s:.2f} s = {n / ingest_s:.0f} articles/s "
          f"(median {1000 * statistics.median(times):.2f} ms, p95 {1000 * sorted(times)[int(0.95 * n)]:.2f} ms "
          "per article transaction)")
    first, last = times[: n // 10], times[-(n // 10):]
    print(f"[{label}] first tenth {1000 * statistics.mean(first):.2f} ms/article, last tenth "
          f"{1000 * statistics.mean(last):.2f} ms/article (flat = linear in the store)")
    print(f"[{label}] end to end (pipeline + store): {1 / (per_article_pipeline + ingest_s / n):.1f} articles/s")
    print(f"[{label}] store now: {counts['articles']} articles, {counts['mentions']} mentions, {counts['events']} "
          f"events, {counts['evidence']} evidence rows")
    print(f"[{label}] re-ingest check (content hash): {again} of {n} known, {recheck_s * 1000:.0f} ms")
    for what, lo, hi in (("one week", "2020-03-01", "2020-03-07"), ("one month", "2020-03-01", "2020-03-31"),
                         ("whole year", None, None)):
        reps = []
        for _ in range(3):
            t1 = time.perf_counter()
            layers = load_analysis(spec, lo, hi, control=False)
            reps.append(time.perf_counter() - t1)
        print(f"[{label}] query {what}: {len(layers.events)} events, {len(layers.places)} mentions in "
              f"{1000 * min(reps):.0f} ms (best of 3)")
    if writers > 1:
        import pickle
        import subprocess

        shared = new_spec()
        with tempfile.TemporaryDirectory() as tmp:
            procs = []
            t1 = time.perf_counter()
            for k in range(writers):
                path = Path(tmp) / f"w{k}.pickle"
                path.write_bytes(pickle.dumps(items[k::writers]))
                procs.append(subprocess.Popen([sys.executable, "-c", WRITER, str(path), shared, str(ROOT)]))
            for p in procs:
                p.wait()
            conc_s = time.perf_counter() - t1
        with open_store(spec, readonly=True, create=False) as a, open_store(shared, readonly=True,
                                                                             create=False) as b:
            same = canonical_events(a.load().events) == canonical_events(b.load().events)
        print(f"[{label}] {writers} concurrent writers: {n} articles in {conc_s:.2f} s = {n / conc_s:.0f} "
              f"articles/s (one writer above: {n / ingest_s:.0f}); same events as one writer: {same}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--backend", choices=["gpkg", "postgis", "both"], default="both")
    ap.add_argument("--pg-url", help="an empty PostGIS database (default: a throwaway local cluster)")
    ap.add_argument("--writers", type=int, default=4)
    args = ap.parse_args()

    bases = base_articles(args.shared)
    t0 = time.perf_counter()
    analyses = [analyse([a], control=False) for a in bases]
    pipeline_s = time.perf_counter() - t0
    per_article_pipeline = pipeline_s / len(bases)
    print(f"pipeline: {len(bases)} distinct articles in {pipeline_s:.2f} s "
          f"({len(bases) / pipeline_s:.1f} articles/s; {1000 * per_article_pipeline:.1f} ms each)")
    items = corpus(bases, analyses, args.articles)

    with tempfile.TemporaryDirectory() as tmp:
        if args.backend in ("gpkg", "both"):
            n = [0]

            def new_gpkg() -> str:
                n[0] += 1
                return str(Path(tmp) / f"events{n[0]}.gpkg")

            spec = new_gpkg()
            run_backend("gpkg", spec, items, per_article_pipeline, args.writers, new_gpkg)
            print(f"[gpkg] file size {Path(spec).stat().st_size / 1e6:.1f} MB")
            import pyogrio

            t1 = time.perf_counter()
            df = pyogrio.read_dataframe(spec, layer="events",
                                        where="event_date >= '2020-03-01' AND event_date <= '2020-03-31'")
            print(f"[gpkg] pyogrio read of the events layer for one month: {len(df)} rows in "
                  f"{1000 * (time.perf_counter() - t1):.0f} ms")
        if args.backend in ("postgis", "both"):
            cluster = None
            if args.pg_url:
                def new_pg() -> str:
                    raise SystemExit("--writers needs a throwaway cluster (no --pg-url)")
                spec = args.pg_url
            else:
                sys.path.insert(0, str(ROOT / "tests"))
                from pg_cluster import PgCluster

                cluster = PgCluster().start()
                new_pg = cluster.new_database
                spec = new_pg()
            try:
                run_backend("postgis", spec, items, per_article_pipeline, args.writers if cluster else 1, new_pg)
            finally:
                if cluster is not None:
                    cluster.stop()


if __name__ == "__main__":
    main()
