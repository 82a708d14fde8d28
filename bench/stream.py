"""Memory stays flat on big corpora: `places` (and `events`) over a 20 MB and a 200 MB .jsonl.

Builds each corpus in a temporary directory from the Arabic news articles of
../shared/data/arabic-text/saudinewsnet_libya_articles.jsonl and the seed article, repeated (every copy
its own line and id) until the file holds the asked size; runs the real command line in a subprocess
with standard output read and counted (never kept); samples the resident memory of the process every
0.05 s through /proc; prints corpus size, articles, wall time, MB/s, peak RSS and output size.

Usage:
  python bench/stream.py                        # places on 20 and 200 MB
  python bench/stream.py --sizes 20,200 --events-sizes 1,4
  python bench/stream.py --sizes 5 --keep       # keep the corpus (prints its path)
  python bench/stream.py --sizes "" --events-sizes 200 --fuse
  python bench/stream.py --sizes "" --events-sizes "" --ingest-sizes 2,10

Every copy of an article gets its own id and a copy number at the end of its text, so that ingest
stores each one. events runs with --no-fuse (streamed) unless --fuse is given: fusion across a corpus
keeps every event (not every article) until the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CONFLICTMAP_SHARED", ROOT.parent / "shared"))
NEWS = SHARED / "data" / "arabic-text" / "saudinewsnet_libya_articles.jsonl"
SEED = ROOT / "seeds" / "libya-front-2020-01.ar.txt"


def source_articles() -> list[dict[str, str]]:
    out = [{"title": "seed", "text": SEED.read_text(encoding="utf-8-sig"), "date": "2020-01-06"}]
    if NEWS.exists():
        with NEWS.open(encoding="utf-8") as fh:
            for line in fh:
                obj = json.loads(line)
                out.append({"title": obj.get("title") or "", "text": obj["content"], "source": obj.get("source") or ""})
    else:
        print(f"note: {NEWS} is absent; the corpus repeats the seed only", file=sys.stderr)
    return out


def build_corpus(path: Path, megabytes: float, articles: list[dict[str, str]]) -> int:
    target = int(megabytes * 1_000_000)
    written = n = 0
    with path.open("w", encoding="utf-8") as fh:
        while written < target:
            src = articles[n % len(articles)]
            # each copy's text differs (a trailing copy number), so that ingest stores every one
            rec = {"id": f"a{n}", **src, "text": f"{src['text']}\n\nنسخة {n}"}
            line = json.dumps(rec, ensure_ascii=False) + "\n"
            fh.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    return n


def rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run(args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run the CLI; count its output while sampling its memory. Returns the figures."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    out = {"bytes": 0, "lines": 0}
    err: list[bytes] = []

    def drain() -> None:
        assert proc.stdout is not None
        for chunk in iter(lambda: proc.stdout.read(1 << 20), b""):
            out["bytes"] += len(chunk)
            out["lines"] += chunk.count(b"\n")

    def drain_err() -> None:
        assert proc.stderr is not None
        err.append(proc.stderr.read())

    threads = [threading.Thread(target=drain), threading.Thread(target=drain_err)]
    for t in threads:
        t.start()
    peak = 0
    samples: list[tuple[float, int]] = []
    while proc.poll() is None:
        r = rss_bytes(proc.pid)
        peak = max(peak, r)
        samples.append((time.perf_counter() - start, r))
        time.sleep(0.05)
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        tail = b"".join(err).decode(errors="replace")[-500:]
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}): {tail}")
    # memory at the halfway mark and at 90 %: flat means they are close to each other and to the peak
    def at(frac: float) -> int:
        pts = [r for t, r in samples if t >= frac * wall]
        return pts[0] if pts else 0

    return {"wall": wall, "peak": peak, "mid": at(0.5), "late": at(0.9), "out_bytes": out["bytes"],
            "curve": " ".join(f"{at(f / 10) / 1e6:.0f}" for f in range(1, 10)),
            "out_lines": out["lines"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="20,200", help="corpus sizes in MB for places (comma-separated)")
    ap.add_argument("--events-sizes", default="1,4", help="corpus sizes in MB for events --no-fuse ('' for none)")
    ap.add_argument("--ingest-sizes", default="", help="corpus sizes in MB for ingest into a new store ('' for none)")
    ap.add_argument("--fuse", action="store_true",
                    help="run events with fusion across the corpus (keeps every event until the end)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary corpora")
    ap.add_argument("--curve", action="store_true", help="also print RSS at every tenth of each run")
    opts = ap.parse_args()

    env = dict(os.environ)
    env.setdefault("PYTHONPATH", str(ROOT))
    articles = source_articles()
    tmp = Path(tempfile.mkdtemp(prefix="conflictmap-stream-"))
    py = sys.executable
    jobs = [("places", float(s), ["places", "--format", "json"]) for s in opts.sizes.split(",") if s]
    events_cmd = ["events", "--format", "json"] + ([] if opts.fuse else ["--no-fuse"])
    label = "events+fuse" if opts.fuse else "events"
    jobs += [(label, float(s), events_cmd) for s in opts.events_sizes.split(",") if s]
    jobs += [("ingest", float(s), ["ingest", "--store", str(tmp / f"store-{s}.gpkg")])
             for s in opts.ingest_sizes.split(",") if s]
    print(f"{'command':<11} {'corpus MB':>9} {'articles':>9} {'wall s':>8} {'MB/s':>6} {'peak RSS MB':>11} "
          f"{'RSS@50% MB':>10} {'RSS@90% MB':>10} {'out MB':>8} {'out lines':>10}")
    try:
        for name, mb, cmd in jobs:
            corpus = tmp / f"corpus-{mb:g}MB.jsonl"
            if corpus.exists():
                n = sum(1 for _ in corpus.open("rb"))
            else:
                n = build_corpus(corpus, mb, articles)
            size = corpus.stat().st_size / 1e6
            r = run([py, "-m", "geo.cli.main", "-q", cmd[0], str(corpus), *cmd[1:]], env)
            print(f"{name:<11} {size:>9.1f} {n:>9} {r['wall']:>8.1f} {size / r['wall']:>6.2f} {r['peak'] / 1e6:>11.0f} "
                  f"{r['mid'] / 1e6:>10.0f} {r['late'] / 1e6:>10.0f} {r['out_bytes'] / 1e6:>8.1f} {r['out_lines']:>10}",
                  flush=True)
            if opts.curve:
                print(f"{'':<11} RSS MB at 10%..90% of the run: {r['curve']}", flush=True)
    finally:
        if opts.keep:
            print(f"corpora kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
