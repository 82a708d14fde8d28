"""Events throughput on the Arabic news corpus in ../shared/data/arabic-text (prints figures).

    python bench/events.py [PATH.jsonl]
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.article import Article  # noqa: E402
from geo.events import extract_events, fuse_events  # noqa: E402
from geo.places import extract_mentions  # noqa: E402


def main() -> None:
    default = ROOT.parent / "shared/data/arabic-text/saudinewsnet_libya_articles.jsonl"
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    articles = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        r = json.loads(line)
        date = (r.get("date_extracted") or "")[:10] or None
        articles.append(Article(f"{path.name}:{i + 1}", r.get("content") or "", date, r.get("title"), r.get("source")))
    extract_mentions(articles[0])  # load the gazetteer index outside the timing
    chars = sum(len(a.text) for a in articles)
    t0 = time.perf_counter()
    mentions = [extract_mentions(a) for a in articles]
    t1 = time.perf_counter()
    events = [e for a, m in zip(articles, mentions, strict=True) for e in extract_events(a, m)]
    t2 = time.perf_counter()
    fused = fuse_events(events)
    t3 = time.perf_counter()
    print(f"articles {len(articles)}  characters {chars}  events {len(events)}  after fusion {len(fused)}")
    print(f"places stage  {t1 - t0:.2f} s")
    print(f"events stage  {t2 - t1:.2f} s  ->  {len(articles) / (t2 - t1):.1f} articles/s, "
          f"{len(events) / (t2 - t1):.1f} events/s")
    print(f"end to end    {t3 - t0:.2f} s  ->  {len(articles) / (t3 - t0):.1f} articles/s, "
          f"{len(events) / (t3 - t0):.1f} events/s")
    print("event types:", dict(Counter(e.event_type for e in fused).most_common()))


if __name__ == "__main__":
    main()
