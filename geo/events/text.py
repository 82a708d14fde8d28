"""Sentences, clauses and folded views of them, with exact offsets back into the article.

Events are read clause by clause: Arabic reporting strings several events into one sentence with
commas (``... أرسلت إلى سرت تعزيزات، واضطرت القيادة العامة إلى استخدام سلاح الطيران ...``), while
English notes use commas for appositions; so Arabic commas split clauses and Latin ones do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from .lexicon import FoldedDoc, FoldedView

# A sentence ends at . ! ? ؟ (runs of them, "..") or a line break; a full stop between digits
# (3.5 km) or after a single capital (U.S.) does not end it.
_SENTENCE_END = re.compile(r"(?<!\d)(?<!\b[A-Z])[.!?؟]+(?!\d)|\n+")
_CLAUSE_END_AR = re.compile(r"[،؛;]|,(?=\s*[\u0600-\u06ff])")
# English and French: a semicolon, or a comma before a clause of its own ("..., while forces shelled Y",
# "..., tandis que ...", "..., où des habitants ...", "..., qui ont par ailleurs affirmé ..."): a second report
# in one sentence gets a clause of its own, so each trigger finds its own place.
_CLAUSE_END_LATIN = re.compile(
    r"[;؛]|,(?= (?:while|whereas|but|meanwhile|tandis que|alors que|mais|où|qui ont|qui a) )")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # offsets into the article text
    end: int


@dataclass
class Segment:
    """A sentence or a clause: its text, absolute offsets and folded form.

    The folded form is a view into the article folded once (``doc``), so that every lexicon runs once
    per article; it is the same text as folding the segment alone, with local offsets.
    """

    text: str
    start: int
    end: int
    paragraph: int = 0
    doc: FoldedDoc | None = field(default=None, repr=False, compare=False)

    @cached_property
    def folded(self) -> FoldedView:
        view = self.doc.view(self.start, self.end) if self.doc is not None else None
        if view is None:  # not on word boundaries of the folded article: fold the segment alone
            alone = FoldedDoc.of(self.text)
            view = FoldedView(alone, 0, len(alone.text), self.start, shift=self.start)
        return view

    def to_abs(self, fstart: int, fend: int) -> tuple[int, int]:
        """Absolute (start, end) in the article of the folded span [fstart, fend)."""
        return self.folded.span(fstart, fend)

    def to_folded(self, abs_pos: int) -> int:
        """First folded index at or after the absolute offset (for ordering mentions and cues)."""
        return self.folded.index_of(abs_pos)

    @property
    def is_question(self) -> bool:
        return self.text.rstrip().endswith(("?", "؟"))


def _pieces(text: str, base: int, pattern: re.Pattern[str]) -> list[tuple[int, int, int]]:
    """(start, end, end_of_separator) of the non-blank pieces between matches of ``pattern``."""
    out: list[tuple[int, int, int]] = []
    pos = 0
    for m in pattern.finditer(text):
        out.append((pos, m.start(), m.end()))
        pos = m.end()
    out.append((pos, len(text), len(text)))
    res = []
    for s, e, sep_end in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            res.append((base + s, base + e, base + sep_end))
    return res


def split_sentences(text: str, doc: FoldedDoc | None = None) -> list[Segment]:
    """Sentences with their paragraph number; the closing punctuation stays with the sentence.

    ``doc`` is the article folded once (made here when not given); every sentence is a view into it.
    """
    doc = doc if doc is not None else FoldedDoc.of(text)
    out: list[Segment] = []
    paragraph = 0
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end() if "\n" not in m.group() else m.start()
        _add(out, text, pos, end, paragraph, doc)
        paragraph += m.group().count("\n")
        pos = m.end()
    _add(out, text, pos, len(text), paragraph, doc)
    return out


def _add(out: list[Segment], text: str, s: int, e: int, paragraph: int, doc: FoldedDoc) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s and any(ch.isalnum() for ch in text[s:e]):
        out.append(Segment(text[s:e], s, e, paragraph, doc))


def split_clauses(sentence: Segment) -> list[Segment]:
    pattern = _CLAUSE_END_AR if _ARABIC.search(sentence.text) else _CLAUSE_END_LATIN
    return [
        Segment(sentence.text[s - sentence.start : e - sentence.start], s, e, sentence.paragraph, sentence.doc)
        for s, e, _ in _pieces(sentence.text, sentence.start, pattern)
    ]


def is_arabic(text: str) -> bool:
    return _ARABIC.search(text) is not None
