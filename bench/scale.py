"""Throughput of the pipeline on Dask against the same corpus without Dask (prints figures).

    python bench/scale.py --articles 200000 [--workers 1,2] [--keep DIR]

The corpus is made from ../shared/data/arabic-text and the seed (``geo.distributed.corpus``): paragraph-
sized articles, two paragraphs each so that no text repeats whole (per-text caches would flatter the
single process), under distinct ids, one ``.jsonl`` split into byte-range blocks (4 partitions per
worker). Each run parses every article and fuses events across the corpus (the ``events`` command's
work). Reported: articles/s end to end (cluster start excluded), the parse phase and the fusion shuffle
separately, peak resident memory of each worker process (and of the process without Dask), and
whether the fused events are identical to the run without Dask.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _digest(records: list[dict]) -> str:
    import hashlib

    rows = [{k: v for k, v in r.items() if k != "timestamp"} for r in records]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def single(path: str) -> None:
    """Without Dask, in a process of its own so that its peak memory is its own."""
    from gazetteer.cache import load_index
    from geo.events import fuse_events
    from geo.inputs import read_articles
    from geo.pipeline import parse_article

    index = load_index()
    t0 = time.perf_counter()
    events = []
    n = 0
    for article in read_articles([path]):
        events.extend(parse_article(article, index).events)
        n += 1
    t1 = time.perf_counter()
    fused = fuse_events(events)
    t2 = time.perf_counter()
    print(json.dumps({"articles": n, "parse_s": t1 - t0, "fuse_s": t2 - t1, "total_s": t2 - t0,
                      "events": len(fused), "digest": _digest([e.to_record() for e in fused]),
                      "peak_mb": _peak_mb()}))


def distributed(path: str, workers: int) -> dict:
    from distributed import Client, LocalCluster

    from gazetteer.cache import default_index_path, load_index
    from geo.distributed.engine import Run
    from geo.distributed.partitions import plan_partitions
    from geo.distributed.tasks import TaskOptions

    load_index()
    size = Path(path).stat().st_size
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as client:
        t0 = time.perf_counter()
        parts = plan_partitions([path], block_bytes=size // (4 * workers) + 1)
        t1 = time.perf_counter()
        run = Run(client, parts, TaskOptions(mode="events", index_path=str(default_index_path())))
        run.parse()
        t2 = time.perf_counter()
        events = run.events()
        t3 = time.perf_counter()
        peaks = client.run(_peak_mb)
    return {"workers": workers, "partitions": len(parts), "articles": run.n_articles, "plan_s": t1 - t0,
            "parse_s": t2 - t1, "fuse_s": t3 - t2, "total_s": t3 - t0, "events": len(events),
            "digest": _digest([e.to_record() for e in events]),
            "worker_peak_mb": sorted(round(v) for v in peaks.values())}


def _burn(_: int) -> float:
    t = time.perf_counter()
    x = 0
    for i in range(10_000_000):
        x += i
    return time.perf_counter() - t


def parallel_capacity() -> float:
    """How many CPUs two busy processes really get here (2.0 on two idle cores, 1.0 on one)."""
    import multiprocessing as mp

    one = _burn(0)
    with mp.get_context("spawn").Pool(2) as pool:
        t = time.perf_counter()
        pool.map(_burn, [0, 1])
        two = time.perf_counter() - t
    return 2 * one / two


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    ap.add_argument("--keep", help="write the corpus here and keep it (default: a temporary directory)")
    ap.add_argument("--single", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.single:
        single(args.single)
        return
    from geo.distributed.corpus import write_corpus

    shared = ROOT.parent / "shared" / "data"
    seed = (ROOT / "seeds" / "libya-front-2020-01.ar.txt").read_text(encoding="utf-8-sig")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(args.keep) if args.keep else Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        corpus = base / f"scale-{args.articles}.jsonl"
        t = time.perf_counter()
        write_corpus(corpus, shared, seed, args.articles, distinct=True)
        print(f"corpus: {args.articles} articles, {corpus.stat().st_size / 1e6:.1f} MB "
              f"(written in {time.perf_counter() - t:.1f} s); CPUs: {os.cpu_count()}, of which two busy "
              f"processes get {parallel_capacity():.2f} (load average {os.getloadavg()[0]:.1f})")
        out = subprocess.run([sys.executable, __file__, "--single", str(corpus)], check=True,
                             capture_output=True, text=True, env=os.environ).stdout
        ref = json.loads(out.strip().splitlines()[-1])
        print(f"no Dask      : {ref['articles'] / ref['total_s']:8.1f} articles/s  total {ref['total_s']:7.1f} s "
              f"(parse {ref['parse_s']:.1f}, fuse {ref['fuse_s']:.2f})  events {ref['events']}  "
              f"peak {ref['peak_mb']:.0f} MB")
        for w in (int(x) for x in args.workers.split(",")):
            r = distributed(str(corpus), w)
            same = "identical" if r["digest"] == ref["digest"] else "DIFFERENT"
            print(f"{w} worker{'s' if w > 1 else ' '}    : {r['articles'] / r['total_s']:8.1f} articles/s  "
                  f"total {r['total_s']:7.1f} s (plan {r['plan_s']:.2f}, parse {r['parse_s']:.1f}, "
                  f"shuffle+fuse {r['fuse_s']:.2f})  {r['partitions']} partitions  events {r['events']} "
                  f"({same})  worker peak MB {r['worker_peak_mb']}")


if __name__ == "__main__":
    main()
