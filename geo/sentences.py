"""Sentence spans with exact offsets (quotes and context windows are cut on them)."""

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
