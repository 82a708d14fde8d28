"""How often is each Arabic name of the gazetteer tables a place, and how often an ordinary word?

Reads the NewsFANE gold corpus (Arabic newswire, one token per line with a BIO entity tag; UTF-8 with a
BOM, CRLF line ends, a left-to-right mark before each token, clitics و/ب/ه split off) and, for every
Arabic name form in gazetteer/data/curated.csv and countries.csv that occurs, prints how many of its
occurrences are tagged as a location, as another entity (a person, an organisation ...) or as O.
Those figures set the ``ambiguous`` column: a name that is mostly not a location needs evidence.

    python bench/ambiguity.py [--corpus PATH] [--min-count 1] [--all]

No network. The corpus is read from ../shared/data/arabic-text beside the checkout.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gazetteer.normalize import fold  # noqa: E402

DATA = ROOT / "gazetteer" / "data"
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "arabic-text" / "NewsFANE_Gold_2014_170K.tsv"
LOCATION_TYPES = {"Nation", "Population-Center", "State-or-Province", "Continent", "Water-Body", "Land",
                  "County-or-District", "Airport", "Building-Grounds", "Path", "GPE-Cluster"}
MAX_WORDS = 6


def read_corpus(path: Path) -> list[tuple[str, str]]:
    """(folded token, tag) pairs; a sentence break is ('', '')."""
    out: list[tuple[str, str]] = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for line in fh:
            line = line.rstrip("\r\n")
            token, _, tag = line.partition("\t")
            token = fold(token)  # drops the LRM and diacritics, unifies alef/ta marbuta/ya
            if not token:
                out.append(("", ""))
                continue
            out.append((token, tag.strip() or "O"))
    return out


def name_forms() -> dict[tuple[str, ...], set[tuple[str, str, str]]]:
    """Folded word tuple -> {(table, row key, the form as written)}."""
    forms: dict[tuple[str, ...], set[tuple[str, str, str]]] = defaultdict(set)
    with (DATA / "curated.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            for n in {r["name_ar"], *r["names_ar"].split("|")}:
                if n:
                    forms[tuple(fold(n).split())].add(("curated", r["key"], n))
    with (DATA / "countries.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            for n in {r["name_ar"], *r["names_ar"].split("|")}:
                if n:
                    forms[tuple(fold(n).split())].add(("countries", f"{r['iso2']}:{r['name']}", n))
    return forms


def classify(tag: str) -> str:
    if tag == "O" or not tag:
        return "O"
    kind = tag.split("-", 1)[1] if "-" in tag else tag
    return "loc" if kind in LOCATION_TYPES else "ent"


def count(tokens: list[tuple[str, str]], forms: dict[tuple[str, ...], set]) -> dict[tuple[str, ...], Counter]:
    longest = min(MAX_WORDS, max(len(k) for k in forms))
    counts: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    words = [t for t, _ in tokens]
    for i in range(len(tokens)):
        if not words[i]:
            continue
        for n in range(1, longest + 1):
            gram = tuple(words[i : i + n])
            if len(gram) < n or "" in gram:
                break
            if gram in forms:
                counts[gram][classify(tokens[i][1])] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--min-count", type=int, default=1)
    ap.add_argument("--all", action="store_true", help="also list forms that never occur")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"error: {args.corpus}: corpus not found (../shared beside the checkout)", file=sys.stderr)
        return 2
    tokens = read_corpus(args.corpus)
    forms = name_forms()
    counts = count(tokens, forms)
    flags: dict[str, str] = {}
    with (DATA / "curated.csv").open(encoding="utf-8", newline="") as fh:
        flags = {r["key"]: r["ambiguous"] for r in csv.DictReader(fh)}

    print(f"corpus: {args.corpus.name}, {sum(1 for t, _ in tokens if t)} tokens; "
          f"{len(forms)} Arabic name forms, {len(counts)} occur")
    print(f"{'form':<26} {'loc':>5} {'ent':>5} {'O':>5} {'%loc':>5}  flag  verdict  rows")
    rows = sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    disagreements = 0
    for gram, c in rows:
        total = sum(c.values())
        if total < args.min_count:
            continue
        share = c["loc"] / total
        owners = sorted(forms[gram])
        curated_keys = [k for t, k, _ in owners if t == "curated"]
        flag = ",".join(sorted({flags[k] for k in curated_keys})) or "-"
        # A name is a place in fewer than 80% of its occurrences -> it needs evidence in context.
        verdict = "ambig" if share < 0.8 else "place"
        if curated_keys and ((verdict == "ambig") != ("1" in flag)):
            disagreements += 1
            verdict += " !"
        label = " ".join(gram)
        print(f"{label:<26} {c['loc']:>5} {c['ent']:>5} {c['O']:>5} {share:>5.0%}  {flag:<4}  {verdict:<7}  "
              + " ".join(k for _, k, _ in owners[:3]))
    if args.all:
        never = sorted(" ".join(g) for g in forms if g not in counts)
        print(f"\nnever in the corpus ({len(never)}): " + " | ".join(never))
    print(f"\ncurated rows whose flag disagrees with the corpus (marked !): {disagreements}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
