"""Events throughput on the Arabic news corpus in ../shared/data/arabic-text (prints figures).

    python bench/events.py [PATH.jsonl] [--baseline N]

Three figures in one run, on the same articles and the same mentions (CPU time of this process, so
that other work on the machine does not move them):

* the place stage alone (the ceiling: events need its mentions);
* the events stage as shipped: each lexicon is one Aho-Corasick pass over the article folded once;
* the baseline: the same events stage with the matcher it replaced, kept here as a reference — every
  sentence and clause folded on its own and each lexicon tried as one big regex alternation at every
  word start. It is slow, so it runs on the first N articles (default 20).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gazetteer.normalize import fold  # noqa: E402
from geo.article import Article  # noqa: E402
from geo.events import extract_events, fuse_events  # noqa: E402
from geo.events.lexicon import FoldedDoc, FoldedView, Hit, Lexicon, term_regex, trigger_lexicon  # noqa: E402
from geo.events.text import Segment  # noqa: E402
from geo.places import extract_mentions  # noqa: E402
from geo.places.mention import Mention  # noqa: E402


def _regex_find(lex: Lexicon[Any], folded: str, compiled: dict[int, tuple[re.Pattern[str], list[Any]]],
                payloads: dict[int, list[Any]]) -> list[Hit[Any]]:
    """The replaced matcher: one alternation of every entry (longest first), tried at word starts."""
    key = id(lex)
    if key not in compiled:
        terms = lex.terms
        regex = re.compile("(?:" + "|".join(f"(?P<t{i}>{term_regex(t)})" for i, t in enumerate(terms)) + ")(?= )")
        compiled[key] = (regex, payloads[key])
    regex, pl = compiled[key]
    out: list[Hit[Any]] = []
    end, pos = 0, folded.find(" ")
    while pos != -1:
        start = pos + 1
        if start >= end and (m := regex.match(folded, start)) is not None:
            out.append(Hit(m.start(), m.end(), pl[int(m.lastgroup[1:])], m.group()))  # type: ignore[index]
            end = m.end()
        pos = folded.find(" ", start)
    return out


@contextmanager
def regex_baseline() -> Iterator[None]:
    """Swap in the per-segment fold and the regex matcher for the duration of the block."""
    compiled: dict[int, tuple[re.Pattern[str], list[Any]]] = {}
    payloads: dict[int, list[Any]] = {}
    caches: dict[int, dict[str, list[Hit[Any]]]] = {}
    original_find: Callable[..., Any] = Lexicon.find
    original_folded = Segment.__dict__["folded"]

    def find(self: Lexicon[Any], folded: str | FoldedView) -> list[Hit[Any]]:
        text = folded if isinstance(folded, str) else folded.text
        payloads.setdefault(id(self), self._payloads)
        cache = caches.setdefault(id(self), {})
        if text not in cache:
            cache[text] = _regex_find(self, text, compiled, payloads)
        return cache[text]

    def folded_alone(self: Segment) -> FoldedView:
        if "_alone" not in self.__dict__:
            alone = FoldedDoc.of(self.text)
            self.__dict__["_alone"] = FoldedView(alone, 0, len(alone.text), self.start, shift=self.start)
        return self.__dict__["_alone"]

    Lexicon.find = find  # type: ignore[method-assign]
    Segment.folded = property(folded_alone)  # type: ignore[assignment,method-assign]
    try:
        yield
    finally:
        Lexicon.find = original_find  # type: ignore[method-assign]
        Segment.folded = original_folded  # type: ignore[method-assign]


def _events_stage(articles: list[Article], mentions: list[list[Mention]]) -> tuple[float, list[Any]]:
    t0 = time.process_time()
    events = [e for a, m in zip(articles, mentions, strict=True) for e in extract_events(a, m)]
    return time.process_time() - t0, events


def main() -> None:
    ap = argparse.ArgumentParser()
    default = ROOT.parent / "shared/data/arabic-text/saudinewsnet_libya_articles.jsonl"
    ap.add_argument("path", nargs="?", default=str(default))
    ap.add_argument("--baseline", type=int, default=20, help="articles for the regex baseline (0: skip)")
    args = ap.parse_args()
    path = Path(args.path)
    articles = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        r = json.loads(line)
        date = (r.get("date_extracted") or "")[:10] or None
        articles.append(Article(f"{path.name}:{i + 1}", r.get("content") or "", date, r.get("title"),
                                r.get("source"), r.get("url")))
    # Load the gazetteer and compile the lexicons outside the timings.
    extract_events(articles[0], extract_mentions(articles[0]))
    chars = sum(len(a.text) for a in articles)
    t0 = time.process_time()
    mentions = [extract_mentions(a) for a in articles]
    places_s = time.process_time() - t0
    events_s, events = _events_stage(articles, mentions)
    t1 = time.process_time()
    fused = fuse_events(events)
    fuse_s = time.process_time() - t1
    n = len(articles)
    print(f"articles {n}  characters {chars}  events {len(events)}  after fusion {len(fused)}")
    print(f"lexicons: triggers {trigger_lexicon().pattern_count} automaton patterns "
          f"({len(trigger_lexicon().terms)} entries); folding cache {fold.cache_info().currsize} names")
    print(f"place stage (ceiling)  {places_s:6.2f} s  ->  {n / places_s:8.1f} articles/s")
    print(f"events stage           {events_s:6.2f} s  ->  {n / events_s:8.1f} articles/s, "
          f"{len(events) / events_s:8.1f} events/s")
    total = places_s + events_s + fuse_s
    print(f"end to end (+fusion)   {total:6.2f} s  ->  {n / total:8.1f} articles/s, "
          f"{len(events) / total:8.1f} events/s")
    if args.baseline:
        k = min(args.baseline, n)
        new_s, new_events = _events_stage(articles[:k], mentions[:k])
        with regex_baseline():
            old_s, old_events = _events_stage(articles[:k], mentions[:k])
        same = [e.to_record() | {"timestamp": 0} for e in new_events] == \
            [e.to_record() | {"timestamp": 0} for e in old_events]
        print(f"baseline on the first {k} articles: regex matcher {old_s:6.2f} s -> {k / old_s:6.1f} articles/s, "
              f"{len(old_events) / old_s:6.1f} events/s; automaton {new_s:6.2f} s -> {k / new_s:6.1f} articles/s "
              f"({old_s / new_s:.0f}x); same events: {same}")
    print("event types:", dict(Counter(e.event_type for e in fused).most_common()))


if __name__ == "__main__":
    main()
