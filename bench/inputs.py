"""Reading corpora: time and peak memory per byte for .jsonl, .csv and .json corpora of growing size, and
for --skip-bad over a corpus of bad lines, beside the baseline of the contract's own .jsonl in the same run.

    python bench/inputs.py [--articles 2000] [--steps 3]

Each step doubles the corpus. A figure per byte that grows with the size would be super-linear; memory
of the streamed readers (.jsonl, .csv, --skip-bad) should stay flat however large the file. No network.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.inputs import SkipLog, read_articles  # noqa: E402

TEXT = ("قصفت قوات مجهولة بالمدفعية مواقع قرب مدينة سرت صباح اليوم، وقالت مصادر محلية إن الاشتباكات "
        "استمرت عدة ساعات. Clashes were reported south of Misrata. ") * 6


def write(kind: str, path: Path, n: int) -> None:
    if kind == "jsonl":
        with path.open("w", encoding="utf-8") as fh:
            for i in range(n):
                fh.write(json.dumps({"id": f"a{i}", "text": TEXT, "date": "2020-05-09"}, ensure_ascii=False) + "\n")
    elif kind == "scraped.jsonl":
        with path.open("w", encoding="utf-8") as fh:
            for i in range(n):
                fh.write(json.dumps({"content": TEXT, "date_extracted": "2020-05-09 02:59:14",
                                     "url": f"https://example.org/{i}"}, ensure_ascii=False) + "\n")
    elif kind == "csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["id", "body", "published"])
            for i in range(n):
                w.writerow([f"c{i}", TEXT, "Sat, 09 May 2020 10:00:00 +0000"])
    elif kind == "json":
        path.write_text(json.dumps([{"id": f"j{i}", "full_text": TEXT, "publish_date": "2020-05-09"}
                                    for i in range(n)], ensure_ascii=False), encoding="utf-8")
    elif kind == "bad.jsonl":
        with path.open("w", encoding="utf-8") as fh:
            fh.write(json.dumps({"id": "good", "text": TEXT}, ensure_ascii=False) + "\n")
            for i in range(n):
                fh.write(json.dumps({"id": f"b{i}", "txt": TEXT}, ensure_ascii=False) + "\n")


def measure(path: Path, kind: str) -> tuple[int, float, int]:
    import logging

    logging.disable(logging.WARNING)  # the field-name note is not part of the figure
    skipped = SkipLog() if kind == "bad.jsonl" else None
    tracemalloc.start()
    t = time.perf_counter()
    n = sum(1 for _ in read_articles([str(path)], skipped=skipped))
    seconds = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return n + (len(skipped) if skipped is not None else 0), seconds, peak


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--steps", type=int, default=3)
    args = ap.parse_args()
    print(f"{'corpus':14} {'records':>8} {'MB':>7} {'s':>7} {'µs/KB':>7} {'peak MB':>8} {'peak B/B':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("jsonl", "scraped.jsonl", "csv", "json", "bad.jsonl"):  # the contract's .jsonl first: baseline
            for step in range(args.steps):
                n = args.articles * 2 ** step
                path = Path(tmp) / f"{step}.{kind.split('.')[-1] if kind != 'scraped.jsonl' else 'jsonl'}"
                write(kind, path, n)
                size = path.stat().st_size
                records, seconds, peak = measure(path, kind)
                print(f"{kind:14} {records:8d} {size / 1e6:7.1f} {seconds:7.2f} {seconds * 1e6 / (size / 1e3):7.1f} "
                      f"{peak / 1e6:8.2f} {peak / size:9.3f}")
                path.unlink()


if __name__ == "__main__":
    main()
