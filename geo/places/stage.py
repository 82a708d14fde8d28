"""Find and geocode every place name in an article: recognise, gate, resolve, add relative points.

``extract_mentions(article)`` is the whole stage; the steps are small functions over the folded text
(``gazetteer.normalize.normalize_text``) whose offsets map back to the original exactly.

Time and memory are linear in the article: every step looks at a bounded window of the text or of the
other mentions. An article longer than ``BLOCK_CHARS`` characters (a book, a dump, hostile input) is read
block by block, each cut at a paragraph or sentence end, so that the folded copy and its offset map (about
nine bytes a character) exist for one block at a time; coherence between places then does not reach across
a block boundary, which at that size is many pages away.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from gazetteer.interface import PlaceIndex
from gazetteer.normalize import FoldedText, normalize_text
from geo.article import Article
from geo.places.airfields import airfield_mentions
from geo.places.capital import capital_mentions
from geo.places.facilities import facility_mentions
from geo.places.fuzzy import fuzzy_occurrences
from geo.places.gate import gate
from geo.places.mention import Mention
from geo.places.occurrence import occurrence, requalify
from geo.places.recognize import recognizer_for
from geo.places.relative import merge_records, relative_mentions
from geo.places.resolve import resolve_occurrences
from geo.places.typos import typo_occurrences


def default_index() -> PlaceIndex:
    """The compiled built-in gazetteer (cached on disk and in the process)."""
    from gazetteer.cache import load_index

    return load_index()


BLOCK_CHARS = 200_000
# Where a block may end, best first: a blank line, a line end, a sentence end, any space.
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?؟؛](?=\s)"), re.compile(r"\s"))


def blocks(text: str, size: int = BLOCK_CHARS) -> Iterator[tuple[int, int]]:
    """[start, end) blocks of at most ``size`` characters covering the text, each ending at the best break
    in its last quarter (a run of that length without a single space is cut where it reaches the size)."""
    pos, n = 0, len(text)
    while n - pos > size:
        hi = pos + size
        lo = pos + (3 * size) // 4
        cut = hi
        for pat in _BREAKS:
            last = None
            for m in pat.finditer(text, lo, hi):
                last = m
            if last is not None:
                cut = last.end()
                break
        yield pos, cut
        pos = cut
    yield pos, n


def extract_mentions(
    article: Article, index: PlaceIndex | None = None, folded: FoldedText | None = None
) -> list[Mention]:
    """Every place mention of the article, resolved, in text order (relative records after their anchor).

    ``folded`` is ``normalize_text(article.text)`` when the caller has it already (the pipeline folds
    once for the place and event stages)."""
    index = index if index is not None else default_index()
    if len(article.text) <= BLOCK_CHARS:
        return _extract(article, index, folded)
    return [m for part in iter_mentions(article, index) for m in part]


def iter_mentions(article: Article, index: PlaceIndex | None = None) -> Iterator[list[Mention]]:
    """The mentions of the article block by block (one block for an ordinary article), with offsets into
    the whole text: the streaming path, whose memory is that of one block's mentions."""
    index = index if index is not None else default_index()
    if len(article.text) <= BLOCK_CHARS:
        yield _extract(article, index, None)
        return
    for s, e in blocks(article.text, BLOCK_CHARS):
        part = dataclasses.replace(article, text=article.text[s:e])
        yield [dataclasses.replace(m, start=m.start + s, end=m.end + s) for m in _extract(part, index, None)]


def _extract(article: Article, index: PlaceIndex, folded: FoldedText | None) -> list[Mention]:
    places = index.places
    demonyms = index.demonyms
    text = article.text
    folded = folded if folded is not None else normalize_text(text)
    hits = recognizer_for(index).scan(folded)
    common = index.common_words
    occurrences = [
        o for h in hits if (o := occurrence(h, folded, text, places, index.alias_keys, common)) is not None
    ]
    for o in occurrences:
        requalify(o, index.forms, places, demonyms, folded)
    occurrences = gate(occurrences, folded.text, text)
    occurrences += typo_occurrences(index, folded, text, places, occurrences)
    occurrences += fuzzy_occurrences(index, folded, text, places, occurrences)
    occurrences.sort(key=lambda o: o.start)
    mentions = resolve_occurrences(article, occurrences, demonyms)
    mentions = relative_mentions(article, mentions, occurrences, folded, places)
    mentions = merge_records(mentions, capital_mentions(article, mentions, folded, places, demonyms))
    return facility_mentions(text, airfield_mentions(text, mentions, places))
