"""Sentence spans with exact offsets (quotes and context windows are cut on them).

A quote is the sentence a mention stands in, cut to a window of at most ``QUOTE_CHARS`` characters around
the mention (at word boundaries, never beyond the sentence): an article with no sentence ends (a list, a
transcript, hostile input) must not copy its whole text into every one of its mentions.
"""

from __future__ import annotations

import bisect
import re

# A sentence ends at . ! ? ؟ ؛ (not between digits: 3.5 km) or at a line break.
_END = re.compile(r"(?<!\d)[.!?؟؛…](?!\d)[\"'»”)]*|\n+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, leading/trailing whitespace trimmed, empty ones dropped."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _END.finditer(text):
        _add(text, pos, m.end(), spans)
        pos = m.end()
    _add(text, pos, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and any(ch.isalnum() for ch in text[start:end]):
        spans.append((start, end))


class SentenceIndex:
    """Find the sentence containing an offset in O(log n)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = sentence_spans(text)
        self._starts = [s for s, _ in self.spans]

    def containing(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return (0, len(self.text)) if not self.spans else self.spans[0]
        return self.spans[i]

    def quote(self, offset: int) -> str:
        s, e = self.containing(offset)
        return self.text[s:e]

    def quote_span(self, start: int, end: int, limit: int | None = None) -> tuple[int, int]:
        """(start, end) of the quote for the mention at [start, end): its sentence, or a window of at most
        ``limit`` characters of it around the mention (more only when the mention itself is longer)."""
        s, e = self.containing(start)
        return quote_window(self.text, s, e, start, end, QUOTE_CHARS if limit is None else limit)


QUOTE_CHARS = 300
# A cut that finds no word boundary this close to the limit cuts inside the word (a run without spaces).
_WORD_SLACK = 40


def quote_window(text: str, s: int, e: int, start: int, end: int, limit: int = QUOTE_CHARS) -> tuple[int, int]:
    """The sentence [s, e) cut to at most ``limit`` characters around [start, end), at word boundaries."""
    start, end = max(s, min(start, e)), min(e, max(end, start))
    if e - s <= limit:
        return s, e
    if end - start >= limit:
        return start, end
    room = limit - (end - start)
    left = min(room // 2, start - s)
    right = min(room - left, e - end)
    left = min(room - right, start - s)  # what one side cannot use goes to the other
    lo, hi = start - left, end + right
    if lo > s and not text[lo - 1].isspace():
        cut = _next_space(text, lo, start)
        lo = cut if cut is not None else lo
    if hi < e and not text[hi].isspace():
        cut = _prev_space(text, end, hi)
        hi = cut if cut is not None else hi
    while lo < start and text[lo].isspace():
        lo += 1
    while hi > end and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def _next_space(text: str, lo: int, limit: int) -> int | None:
    """The first offset after whitespace in text[lo:limit] (within the slack), or None."""
    for i in range(lo, min(limit, lo + _WORD_SLACK)):
        if text[i].isspace():
            return i + 1
    return None


def _prev_space(text: str, limit: int, hi: int) -> int | None:
    """The last whitespace offset in text[limit:hi] (within the slack), or None."""
    for i in range(hi - 1, max(limit, hi - _WORD_SLACK) - 1, -1):
        if text[i].isspace():
            return i
    return None
