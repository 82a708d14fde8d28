"""Throughput of place recognition and resolution, against a raw Aho-Corasick scan of the same text.

Corpus: the Arabic news articles in ../shared/data/arabic-text and the seed article, repeated until it
holds at least --mb megabytes of UTF-8 (each copy a separate article). Gazetteer: the built-in index (the
big Libyan gazetteer shipped in gazetteer/data), or with --imports also the shared OSM and GeoNames files
imported on top of it as a user would.

Prints MB/s and articles/s for:
  raw scan      one pass of an Aho-Corasick automaton of every gazetteer name over the raw text
                (no folding, no boundaries, no resolution): the practical ceiling
  end to end    extract_mentions + to_record per article (folding, offsets, gating, resolution,
                relative expressions)
and the peak resident memory of the process.

Run: python bench/places.py [--mb 20] [--imports]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("CONFLICTMAP_SHARED", ROOT.parent / "shared")) / "data"


def corpus(min_mb: float) -> list[str]:
    base = [json.loads(line)["content"] for line in (SHARED / "arabic-text" / "saudinewsnet_libya_articles.jsonl")
            .read_text(encoding="utf-8").splitlines() if line.strip()]
    base.append((ROOT / "seeds" / "libya-front-2020-01.ar.txt").read_text(encoding="utf-8-sig"))
    texts: list[str] = []
    size = 0
    while size < min_mb * 1e6:
        for t in base:
            texts.append(t)
            size += len(t.encode("utf-8"))
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=20.0)
    ap.add_argument("--imports", action="store_true", help="import the shared OSM and GeoNames files too")
    args = ap.parse_args()

    os.environ.setdefault("CONFLICTMAP_CACHE_DIR", tempfile.mkdtemp(prefix="cm-bench-"))
    import ahocorasick

    from gazetteer.cache import import_source, load_index
    from geo.article import Article
    from geo.places import extract_mentions
    from geo.places.recognize import recognizer_for

    t = time.perf_counter()
    if args.imports:
        import_source(str(SHARED / "osm-libya-places" / "overpass_places_raw.json"), "osm")
        import_source(str(SHARED / "geonames" / "LY_cities500.txt"), "geonames")
    index = load_index(refresh=True)
    built = time.perf_counter() - t
    libyan = sum(p.in_libya for p in index.places)
    print(f"gazetteer: {len(index.places):,} places ({libyan:,} in Libya), {len(index.forms):,} name forms; "
          f"compiled in {built:.1f} s{' with OSM + GeoNames imports' if args.imports else ''} "
          f"(loading time: bench/gazetteer.py)")
    t = time.perf_counter()
    rec = recognizer_for(index)
    print(f"automaton: {rec.pattern_count:,} patterns, built in {time.perf_counter() - t:.2f} s")

    texts = corpus(args.mb)
    mb = sum(len(x.encode("utf-8")) for x in texts) / 1e6
    print(f"corpus: {len(texts):,} articles, {mb:.1f} MB UTF-8")

    raw = ahocorasick.Automaton()
    for form in index.forms:
        raw.add_word(form, None)
    raw.make_automaton()
    # CPU time of this process: the figure for "one core", unaffected by other work on the machine.
    t = time.process_time()
    hits = 0
    for x in texts:
        for _ in raw.iter(x):
            hits += 1
    raw_s = time.process_time() - t

    extract_mentions(Article("warm-up", texts[0]), index)
    t = time.process_time()
    mentions = 0
    for i, x in enumerate(texts):
        recs = [m.to_record() for m in extract_mentions(Article(f"a{i}", x), index)]
        mentions += len(recs)
    e2e_s = time.process_time() - t

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(texts)
    print()
    print(f"{'stage':<14}{'CPU s':>10}{'MB/s':>10}{'articles/s':>13}{'output':>22}")
    print(f"{'raw scan':<14}{raw_s:>10.2f}{mb / raw_s:>10.2f}{n / raw_s:>13,.0f}{hits:>15,} hits")
    print(f"{'end to end':<14}{e2e_s:>10.2f}{mb / e2e_s:>10.2f}{n / e2e_s:>13,.0f}{mentions:>11,} mentions")
    print(f"\nend to end runs at {raw_s / e2e_s:.0%} of the raw scan's speed; peak memory {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
