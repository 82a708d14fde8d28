"""Fuzzing `extract_mentions` (places) and `extract_events` (events) with mutated real articles.

Inputs start from real text: the Arabic news articles of ../shared/data/arabic-text (SaudiNewsNet) and
the seed article. Each input is a window of one article (a sentence to a few paragraphs, so that a
million inputs run in minutes, not days), then one to four mutations: byte flips (decoded with
replacement, as `--errors replace` would), inserted bidi marks (RLM, LRM, ALM, embeddings, isolates),
harakat and tatweel sprinkled inside words, random Unicode (any scalar value but surrogates and NUL,
which the input layer refuses), truncation (also mid-word), duplication of a slice, splicing of two
articles, hostile markup (script tags, formula starts, quotes, CR, long runs), digit swaps (ASCII /
Arabic-Indic / Persian), deleted spaces, and runs of a single character.

Every input goes through extract_mentions; every --events-every'th also through extract_events. A crash is
any exception; an invariant failure is a mention whose text[start:end] is not its surface or an
event whose quote is not text[x_start:x_end]. Crashes are grouped by exception type and the innermost
project frame, with the first input saved for reproduction (--save DIR).

The other layers (bench/fuzz_layers.py): ``--layer cli`` runs mutated articles and metadata, with
template and markup syntax in every field, through ``map``, ``export`` and ``ingest``/``map --store`` and
checks the exit-code contract and every output; ``--layer growth`` measures time and memory per byte on
inputs of growing size and flags super-linear growth; ``--layer concurrency`` starts two ingests at once.

Usage:
  python bench/fuzz.py --inputs 1000000                 # the full run (text layer)
  python bench/fuzz.py --inputs 20000 --jobs 2 --events-every 20
  python bench/fuzz.py --layer cli --cases 400 --jobs 2 --save out/fuzz
  python bench/fuzz.py --layer growth --sizes 1,4,16,64,256
  python bench/fuzz.py --layer concurrency --trials 5
  python bench/fuzz.py --layer all
Prints: inputs tried (places / events), crashes by signature, invariant failures, inputs/s, and the
time a million inputs would take at that rate; for the other layers, exit codes, contract failures,
time and memory per byte, and concurrent runs that failed or differ from a sequential one.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("CONFLICTMAP_SHARED", ROOT.parent / "shared"))
NEWS = SHARED / "data" / "arabic-text" / "saudinewsnet_libya_articles.jsonl"
SEED = ROOT / "seeds" / "libya-front-2020-01.ar.txt"

BIDI = ["\u200f", "\u200e", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
        "\u2068", "\u2069", "\ufeff", "\u200b", "\u200c", "\u200d", "\u00ad"]
HARAKAT = [chr(c) for c in range(0x064B, 0x0653)] + ["\u0670", "\u0640"]
HOSTILE = ["<script>alert(1)</script>", "</script><!--", "=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)",
           "\t=cmd", "\r", "\"'\"`", "&amp;&lt;", "javascript:alert(1)", "{{7*7}}", "${jndi:x}", "\\u0000",
           "]]>", "\u2028\u2029", "كم كم كم كم", "جنوب جنوب غرب", "١٢٣٤٥٦٧٨٩٠ كم", "99999999999999999999 كم"]
DIGIT_SETS = ["0123456789", "".join(chr(0x0660 + i) for i in range(10)), "".join(chr(0x06F0 + i) for i in range(10))]


def load_articles() -> list[str]:
    texts = [SEED.read_text(encoding="utf-8-sig")]
    if NEWS.exists():
        with NEWS.open(encoding="utf-8") as fh:
            texts += [json.loads(line)["content"] for line in fh]
    else:
        print(f"note: {NEWS} is absent; fuzzing the seed only", file=sys.stderr)
    return [t for t in texts if t.strip()]


def _random_char(rng: random.Random) -> str:
    while True:
        cp = rng.choice([rng.randrange(0x20, 0x250), rng.randrange(0x600, 0x700), rng.randrange(0x2000, 0x2070),
                         rng.randrange(0xFB50, 0xFEFF), rng.randrange(0x1, 0x110000)])
        if cp and not 0xD800 <= cp <= 0xDFFF:
            return chr(cp)


def _at(rng: random.Random, text: str) -> int:
    return rng.randrange(len(text) + 1)


def mutate(rng: random.Random, text: str, other: str) -> str:
    kind = rng.randrange(12)
    if kind == 0:  # byte flips, decoded as --errors replace does
        data = bytearray(text.encode("utf-8"))
        for _ in range(rng.randint(1, 8)):
            if data:
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        return data.decode("utf-8", "replace").replace("\x00", " ")
    if kind == 1:
        for _ in range(rng.randint(1, 10)):
            i = _at(rng, text)
            text = text[:i] + rng.choice(BIDI) + text[i:]
        return text
    if kind == 2:
        for _ in range(rng.randint(1, 20)):
            i = _at(rng, text)
            text = text[:i] + rng.choice(HARAKAT) * rng.randint(1, 3) + text[i:]
        return text
    if kind == 3:
        for _ in range(rng.randint(1, 10)):
            i = _at(rng, text)
            text = text[:i] + "".join(_random_char(rng) for _ in range(rng.randint(1, 4))) + text[i:]
        return text
    if kind == 4:  # truncation at either end, mid-word
        i, j = sorted((_at(rng, text), _at(rng, text)))
        return text[i:j] or text[:1]
    if kind == 5:
        i, j = sorted((_at(rng, text), _at(rng, text)))
        return text[:j] + text[i:j] * rng.randint(1, 5) + text[j:]
    if kind == 6:
        i, j = _at(rng, text), _at(rng, other)
        return text[:i] + other[j: j + rng.randint(1, 400)]
    if kind == 7:
        i = _at(rng, text)
        return text[:i] + rng.choice(HOSTILE) + text[i:]
    if kind == 8:
        src, dst = rng.sample(DIGIT_SETS, 2)
        return text.translate(str.maketrans(src, dst))
    if kind == 9:
        return text.replace(" ", "", rng.randint(1, 50))
    if kind == 10:
        i = _at(rng, text)
        return text[:i] + rng.choice(["ـ", " ", "\n", ".", "و", "ال", "\u200f", "a"]) * rng.randint(2, 2000) + text[i:]
    # replace every space by some other separator (NBSP, newline, Arabic comma...)
    return text.replace(" ", rng.choice(["\u00a0", "\n", "،", "\u2009", "\t", "  "]))


def make_input(rng: random.Random, articles: list[str]) -> str:
    art = rng.choice(articles)
    size = rng.choice([40, 120, 300, 800, 2000])
    start = rng.randrange(max(1, len(art) - size))
    text = art[start: start + size]
    other = rng.choice(articles)
    for _ in range(rng.randint(1, 4)):
        text = mutate(rng, text, other)
    return text


def _signature(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    inner = next((f for f in reversed(frames) if str(ROOT) in f.filename and "bench" not in f.filename), None)
    where = f"{Path(inner.filename).relative_to(ROOT)}:{inner.lineno}" if inner else "?"
    return f"{type(exc).__name__} at {where}"


def worker(args: tuple[int, int, int, str | None]) -> dict:
    seed, count, events_every, save_dir = args
    from gazetteer.cache import load_index
    from geo.article import Article
    from geo.events.extract import extract_events
    from geo.inputs import _has_words
    from geo.places import extract_mentions

    index = load_index()
    articles = load_articles()
    rng = random.Random(seed)
    crashes: Counter[str] = Counter()
    examples: dict[str, str] = {}
    bad_spans = events_tried = chars = 0
    for n in range(count):
        text = make_input(rng, articles)
        chars += len(text)
        article = Article(doc=f"fuzz{seed}:{n}", text=text, date="2020-01-06")
        stage = "places"
        try:
            mentions = extract_mentions(article, index)
            bad_spans += sum(1 for m in mentions if text[m.start:m.end] != m.surface)
            if events_every and n % events_every == 0:
                stage = "events"
                events_tried += 1
                for ev in extract_events(article, mentions):
                    rec = ev.to_record()
                    if text[rec["x_start"]:rec["x_end"]] != rec["x_quote"]:
                        bad_spans += 1
        except Exception as exc:  # noqa: BLE001 - counting crashes is the point
            sig = f"{stage}: {_signature(exc)}"
            if not _has_words(text):
                sig += " [the CLI refuses this input: no letter or digit]"
            crashes[sig] += 1
            if sig not in examples:
                examples[sig] = text
                if save_dir:
                    name = f"crash-{abs(hash(sig)) % 10**8}.txt"
                    Path(save_dir, name).write_text(text, encoding="utf-8", errors="surrogatepass")
    return {"tried": count, "events": events_tried, "crashes": dict(crashes), "examples": examples,
            "bad_spans": bad_spans, "chars": chars}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--inputs", type=int, default=100_000, help="how many inputs to try (default 100,000)")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes")
    ap.add_argument("--events-every", type=int, default=10,
                    help="also run extract_events on every N-th input (0: never; 1: all)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--save", help="directory for the first input of each crash signature")
    ap.add_argument("--layer", choices=["text", "cli", "growth", "concurrency", "all"], default="text")
    ap.add_argument("--cases", type=int, default=200, help="cli layer: how many cases")
    ap.add_argument("--sizes", default="1,4,16,64,256", help="growth layer: article sizes in KB")
    ap.add_argument("--growth-commands", default="map,export,ingest", help="growth layer: commands to measure")
    ap.add_argument("--pattern", choices=["paragraph", "names"], default="paragraph",
                    help="growth layer: repeat a real paragraph, or the list of town names of issue 12")
    ap.add_argument("--trials", type=int, default=5, help="concurrency layer: trials per case")
    opts = ap.parse_args()
    if opts.save:
        Path(opts.save).mkdir(parents=True, exist_ok=True)
    if opts.layer != "text":
        from bench import fuzz_layers

        if opts.layer in ("cli", "all"):
            fuzz_layers.run_cli(opts.cases, max(1, opts.jobs), opts.seed, opts.save)
        if opts.layer in ("growth", "all"):
            fuzz_layers.run_growth([int(x) for x in opts.sizes.split(",")], opts.growth_commands.split(","),
                                   opts.pattern)
        if opts.layer in ("concurrency", "all"):
            fuzz_layers.run_concurrency(opts.trials)
        if opts.layer != "all":
            return

    from gazetteer.cache import load_index

    load_index()  # build the cache once before the workers start
    jobs = max(1, opts.jobs)
    chunk = 2_000
    tasks = []
    left, k = opts.inputs, 0
    while left > 0:
        n = min(chunk, left)
        tasks.append((opts.seed * 1_000_003 + k, n, opts.events_every, opts.save))
        left -= n
        k += 1
    start = time.perf_counter()
    total = {"tried": 0, "events": 0, "bad_spans": 0, "chars": 0}
    crashes: Counter[str] = Counter()
    examples: dict[str, str] = {}
    with mp.get_context("fork").Pool(jobs) as pool:
        for res in pool.imap_unordered(worker, tasks):
            for key in total:
                total[key] += res[key]
            crashes.update(res["crashes"])
            for sig, ex in res["examples"].items():
                examples.setdefault(sig, ex)
            elapsed = time.perf_counter() - start
            print(f"\r{total['tried']:>9} tried, {sum(crashes.values())} crashes, "
                  f"{total['tried'] / elapsed:,.0f} inputs/s", end="", file=sys.stderr, flush=True)
    wall = time.perf_counter() - start
    print(file=sys.stderr)
    rate = total["tried"] / wall
    print(f"inputs tried:        {total['tried']:,} (places), {total['events']:,} of them also through events")
    print(f"characters:          {total['chars']:,} ({total['chars'] / max(total['tried'], 1):.0f} per input)")
    print(f"wall time:           {wall:,.1f} s with {jobs} process(es): {rate:,.0f} inputs/s")
    print(f"1,000,000 inputs:    {1_000_000 / rate / 60:,.1f} min at this rate")
    print(f"invariant failures:  {total['bad_spans']} (span != surface, quote != text[x_start:x_end])")
    print(f"crashes:             {sum(crashes.values())}")
    for sig, n in crashes.most_common():
        print(f"  {n:>8}  {sig}   e.g. {examples[sig][:80]!r}")


if __name__ == "__main__":
    main()
