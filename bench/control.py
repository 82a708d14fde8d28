"""Control estimation time for 1, 10, 100 and 1,000 articles (prints a table).

    python bench/control.py [PATH.jsonl]

Rows: the seed article alone (January 2020), then 1, 10, 100 and 1,000 articles of the SaudiNewsNet
Libya corpus of ../shared/data/arabic-text (124 real articles, July-August 2015), cycled under new ids
with dates shifted by six weeks a round (so 1,000 articles are most of a year of reporting, not one
month reported eight times, and old evidence decays as it would).  Mentions and events
are extracted once, outside the timing: this measures the control layer alone.

Columns: ``evidence`` = the baseline, collecting the evidence (text rules, events, fact table) with no
geometry; ``estimate`` = the whole estimate as of the latest date (evidence + per-place status + areas
+ fronts); ``features`` = to GeoJSON (repair and grid snap); best of 3 runs (1 run at 1,000).  The
reach (towns, roads and Libya's outline in km) is built once per process; its cost is shown first.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.article import Article  # noqa: E402
from geo.control import collect_evidence, estimate_control, to_features  # noqa: E402
from geo.pipeline import parse_article  # noqa: E402


def _seed() -> Article:
    seed = (ROOT / "seeds" / "libya-front-2020-01.ar.txt").read_text(encoding="utf-8-sig")
    return Article("seed", seed, "2020-01-15", "seed article")


def _articles(path: Path) -> list[Article]:
    out = []
    if path.exists():
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            r = json.loads(line)
            out.append(Article(f"snn:{i}", r.get("content") or "", (r.get("date_extracted") or "")[:10] or None,
                               r.get("title"), r.get("source")))
    else:
        print(f"({path} is absent: the seed article alone, repeated)")
        out.append(_seed())
    return out


def _shifted(parsed: list, n: int) -> list:
    """``n`` (article, mentions, events) triples: the parsed ones cycled, each round six weeks later."""
    out = []
    for k in range(n):
        p = parsed[k % len(parsed)]
        weeks = k // len(parsed)
        art, mentions, events = p.article, p.mentions, p.event_records()
        if weeks:
            day = dt.date.fromisoformat(art.date[:10]) + dt.timedelta(weeks=6 * weeks) if art.date else None
            art = replace(art, doc=f"{art.doc}+{weeks}w", date=day.isoformat() if day else None)
            mentions = [replace(m, doc=art.doc) for m in mentions]
            events = [dict(e, doc=art.doc, event_date=(dt.date.fromisoformat(e["event_date"][:10])
                                                         + dt.timedelta(weeks=6 * weeks)).isoformat())
                      if e.get("event_date") else dict(e, doc=art.doc) for e in events]
        out.append((art, mentions, events))
    return out


def _best(fn, runs: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main() -> None:
    default = ROOT.parent / "shared/data/arabic-text/saudinewsnet_libya_articles.jsonl"
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    from gazetteer.cache import load_index

    index = load_index()
    t0 = time.perf_counter()
    seed = parse_article(_seed(), index)
    parsed = [parse_article(a, index) for a in _articles(path)]
    print(f"parsing {len(parsed)} distinct articles (not part of the figures): {time.perf_counter() - t0:.2f} s")

    from geo.control.estimate import _base_reach, _clip_km

    t0 = time.perf_counter()
    _clip_km(), _base_reach()
    print(f"reach built once per process (Libya outline, towns, roads, in km): {time.perf_counter() - t0:.3f} s\n")

    header = (f"{'articles':>8} {'evidence pts':>12} {'places':>6} {'areas':>5} {'fronts':>6} "
              f"{'evidence s':>10} {'estimate s':>10} {'features s':>10} {'total s':>8} {'art/s':>8}")
    print(header)
    print("-" * len(header))
    for n in ("seed", 1, 10, 100, 1000):
        rows = _shifted([seed], 1) if n == "seed" else _shifted(parsed, n)
        docs = [(a, m) for a, m, _ in rows]
        events = [e for _, _, ev in rows for e in ev]
        runs = 1 if len(rows) >= 1000 else 3
        t_ev, pts = _best(lambda: collect_evidence(docs, events), runs)  # noqa: B023
        t_est, est = _best(lambda: estimate_control(docs, events), runs)  # noqa: B023
        t_ft, _ = _best(lambda: to_features(est), runs)  # noqa: B023
        total = t_est + t_ft
        print(f"{n:>8} {len(pts):>12} {len(est.places):>6} {len(est.areas):>5} {len(est.fronts):>6} "
              f"{t_ev:>10.3f} {t_est:>10.3f} {t_ft:>10.3f} {total:>8.3f} {len(rows) / total:>8.1f}")


if __name__ == "__main__":
    main()
