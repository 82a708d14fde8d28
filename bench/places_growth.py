"""Time, memory and output size of the place stage as one article grows: is it linear?

Two kinds of article, each at doubling sizes, each size in a fresh process (so that its peak memory is
its own):
  names      "سرت و مصراتة و " repeated: a name every 8 characters and no sentence end (the worst case
             for quotes and for resolution that compares mentions with each other)
  news       the SaudiNewsNet Libya articles (../shared) joined into one long article
For each: the place stage and the ``places --format json`` records serialised as they stream out, and
beside it, in the same process on the same text, the baseline: folding the text and one raw pass of the
recogniser's automaton (the work any scan must do). Printed per size: seconds per MB of each, the ratio of
the two, peak memory above the loaded gazetteer per MB of input, and JSON bytes per input byte. Linear
growth shows as flat per-MB columns; the last lines give the growth exponent of each total over the upper
half of the sizes (above 1.2 is flagged).

Run: python bench/places_growth.py [--max-kb 1600] [--kinds names,news]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CONFLICTMAP_SHARED", ROOT.parent / "shared")) / "data"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_text(kind: str, size: int) -> str:
    if kind == "names":
        unit = "سرت و مصراتة و "
    else:
        rows = (SHARED / "arabic-text" / "saudinewsnet_libya_articles.jsonl").read_text(encoding="utf-8")
        unit = "\n\n".join(json.loads(line)["content"] for line in rows.splitlines() if line.strip()) + "\n\n"
    return (unit * (size // len(unit) + 1))[:size]


def one(kind: str, size: int) -> None:
    """Measure one size in this process; print one JSON line."""
    sys.path.insert(0, str(ROOT))
    from gazetteer.cache import load_index
    from gazetteer.normalize import normalize_text
    from geo.article import Article
    from geo.pipeline import iter_place_records, parse_places
    from geo.places.recognize import recognizer_for

    index = load_index()
    rec = recognizer_for(index)
    warm = Article("warm", "اشتباكات في سرت")
    parse_places(warm, index).place_records()
    text = make_text(kind, size)
    base_mb = _rss_mb()

    t = time.process_time()
    folded = normalize_text(text)
    n_raw = sum(1 for _ in rec.automaton.iter(folded.text))
    raw_s = time.process_time() - t
    del folded

    # As `places --format json` does: records serialised as they stream out (the bytes are counted).
    t = time.process_time()
    n_records = json_bytes = 0
    for r in iter_place_records(Article("big", text), index):
        n_records += 1
        json_bytes += len(json.dumps(r, ensure_ascii=False).encode()) + 2
    stage_s = time.process_time() - t
    print(json.dumps({"kind": kind, "chars": size, "bytes": len(text.encode()), "raw_s": raw_s, "raw_hits": n_raw,
                      "stage_s": stage_s, "mentions": n_records, "json_bytes": json_bytes,
                      "peak_over_mb": _rss_mb() - base_mb}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--max-kb", type=int, default=1600, help="largest article, in thousands of characters")
    ap.add_argument("--min-kb", type=int, default=25)
    ap.add_argument("--kinds", default="names,news")
    ap.add_argument("--one", nargs=2, metavar=("KIND", "CHARS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        one(args.one[0], int(args.one[1]))
        return
    for kind in args.kinds.split(","):
        if kind == "news" and not (SHARED / "arabic-text").exists():
            print(f"news: skipped ({SHARED / 'arabic-text'} is absent)")
            continue
        rows = []
        size = args.min_kb * 1000
        while size <= args.max_kb * 1000:
            res = subprocess.run([sys.executable, __file__, "--one", kind, str(size)], capture_output=True,
                                 text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "0"})
            rows.append(json.loads(res.stdout.strip().splitlines()[-1]))
            size *= 2
        print(f"\n{kind}: one article of growing size (CPU seconds; baseline = fold + raw automaton pass)")
        print(f"{'chars':>10} {'MB':>6} {'mentions':>9} {'base s/MB':>10} {'stage s/MB':>11} {'stage/base':>11}"
              f" {'peak MB/MB':>11} {'JSON B/B':>9}")
        cols: dict[str, list[float]] = {"stage s/MB": [], "peak MB/MB": [], "JSON B/B": []}
        for r in rows:
            mb = r["bytes"] / 1e6
            base, stage = r["raw_s"] / mb, r["stage_s"] / mb
            peak, out = max(r["peak_over_mb"], 0.0) / mb, r["json_bytes"] / r["bytes"]
            cols["stage s/MB"].append(stage)
            cols["peak MB/MB"].append(peak)
            cols["JSON B/B"].append(out)
            print(f"{r['chars']:>10,} {mb:>6.2f} {r['mentions']:>9,} {base:>10.2f} {stage:>11.2f}"
                  f" {stage / max(base, 1e-9):>11.1f} {peak:>11.1f} {out:>9.1f}")
        # Growth exponent of each total (time, peak, output) over the upper half of the sizes, where fixed
        # costs and the allocator's granularity no longer dominate: 1.0 is linear.
        half = len(rows) // 2
        slopes = {}
        if len(rows) >= 3:
            span = math.log(rows[-1]["bytes"] / rows[half]["bytes"])
            for k, v in cols.items():
                lo_total, hi_total = v[half] * rows[half]["bytes"], v[-1] * rows[-1]["bytes"]
                if lo_total > 0 and hi_total > 0:
                    slopes[k] = math.log(hi_total / lo_total) / span
        print("growth exponent over the upper sizes (1.0 = linear): "
              + ", ".join(f"{k.split()[0]} {e:.2f}" for k, e in slopes.items()))
        flags = [k for k, e in slopes.items() if e > 1.2]
        print("growth: " + ("linear" if not flags else "SUPER-LINEAR in " + ", ".join(flags)))


if __name__ == "__main__":
    main()
