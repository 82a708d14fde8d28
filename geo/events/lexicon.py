"""Word lists matched on folded text (``gazetteer.normalize``), Arabic proclitics handled once here.

A lexicon entry is written in natural spelling; it is folded with the same rules as the text. A
trailing ``*`` lets the word continue (plurals, pronoun suffixes). Arabic words accept the
proclitics و ف ب ك ل and the article ال (لل = ل + ال) without listing them, because blind listing
of every prefixed form is what makes hand-written lexicons miss ``وبالاشتباكات``.

Matching is one Aho-Corasick pass per lexicon over the article folded ONCE (``FoldedDoc``), as the
place recogniser does: an automaton pattern is an entry's folded words followed by a space (so a hit
ends at a word end), the proclitic chain between the word start and the hit is checked afterwards,
and the proclitics allowed on the second and later words are spelled out in the patterns. Sentences
and clauses are views into the folded article (``FoldedView``); a view's hits are the article's
candidates inside it, chosen left to right the way a regular expression tried at every word start
would choose them: at one word start the longest entry wins, and a hit hides the word starts it covers.
"""

from __future__ import annotations

import bisect
import csv
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

import ahocorasick

from gazetteer.normalize import FoldedText, fold, normalize_text

DATA = Path(__file__).resolve().parents[1] / "data"
T = TypeVar("T")

_AR_WORD = re.compile(r"[\u0600-\u06ff]")
_PROCLITICS = "(?:[وف]?(?:بال|كال|لل|ال|[بلك])?)"
_LEAD = ("", "و", "ف")
# Proclitic chains before the first word of an entry (checked after the hit) ...
_FIRST_BARE = frozenset(a + b for a in _LEAD for b in ("", "بال", "كال", "لل", "ال", "ب", "ل", "ك"))
_FIRST_ARTICLE = frozenset(a + b for a in _LEAD for b in ("بال", "كال", "لل", "ال"))
_FIRST_LATIN = frozenset({""})
# ... and before later words (spelled out in the automaton patterns): "وقف لإطلاق النار".
_NEXT_BARE = ("", "ال", "لل", "بال", "ل")
_NEXT_ARTICLE = ("ال", "لل", "بال")
# Entries with more spelled-out variants than this are matched by their first word and a regex.
_MAX_VARIANTS = 400


@dataclass(frozen=True, slots=True)
class Hit(Generic[T]):
    start: int  # folded offsets
    end: int
    payload: T
    surface: str


@dataclass(frozen=True, slots=True)
class _Word:
    body: str  # folded, without the star and without a required article
    star: bool
    arabic: bool
    article: bool  # written with the article: some article form is required (اليوم today, not يوم day)


def _words(term: str) -> list[_Word]:
    # The star is spelled as a word no text has (a plain " star" would eat the start of "start").
    words = fold(term.replace("*", " QQSTARQQ ")).replace(" qqstarqq", "*").split()
    if not words:
        raise ValueError(f"empty lexicon term {term!r}")
    out = []
    for w in words:
        star = w.endswith("*")
        w = w.rstrip("*")
        arabic = _AR_WORD.search(w) is not None
        article = arabic and w.startswith("ال") and len(w) > 3
        out.append(_Word(w[2:] if article else w, star, arabic, article))
    return out


def _word_regex(w: _Word, first: bool) -> str:
    if w.arabic:
        if w.article:
            prefix = "(?:[وف]?(?:بال|كال|لل|ال))" if first else "(?:ال|لل|بال)"
        else:
            prefix = _PROCLITICS if first else "(?:ال|لل|بال|ل)?"
        body = prefix + re.escape(w.body)
    else:
        body = re.escape(w.body)
    return body + (r"\w*" if w.star else "")


def term_regex(term: str) -> str:
    """The regular expression equivalent to one entry at a word start (the reference semantics)."""
    return " ".join(_word_regex(w, i == 0) for i, w in enumerate(_words(term)))


def _first_prefixes(w: _Word) -> frozenset[str]:
    if not w.arabic:
        return _FIRST_LATIN
    return _FIRST_ARTICLE if w.article else _FIRST_BARE


def _later_forms(w: _Word) -> tuple[str, ...]:
    if not w.arabic:
        return (w.body,)
    return tuple(p + w.body for p in (_NEXT_ARTICLE if w.article else _NEXT_BARE))


# An automaton value: (slot, pattern length, rank, allowed first-word prefixes, ends with a star, fallback
# regex); the slot says which lexicon the entry belongs to when several share one automaton.
_Entry = tuple[int, int, int, frozenset[str], bool, "re.Pattern[str] | None"]
# A candidate: (word start, rank, end) in the scanned text's coordinates.
_Cand = tuple[int, int, int]


class Lexicon(Generic[T]):
    """Finds every entry in a folded text; at one word start the longest entry wins."""

    def __init__(self, entries: Iterable[tuple[str, T]]) -> None:
        items = [(term, payload) for term, payload in entries if term.strip()]
        # The rank of an entry is its place in this order: longer entries first, then as listed.
        items.sort(key=lambda tp: -len(fold(tp[0].replace("*", ""))))
        self._terms = [term for term, _ in items]
        self._payloads: list[T] = [p for _, p in items]
        self._cache: dict[str, list[Hit[T]]] = {}
        patterns: dict[str, list[_Entry]] = {}
        for rank, (term, _) in enumerate(items):
            for pattern, entry in _compile(term, rank):
                patterns.setdefault(pattern, []).append(entry)
        self._patterns = {p: tuple(sorted(es, key=lambda e: e[2])) for p, es in patterns.items()}
        self._automaton = _build({p: list(es) for p, es in self._patterns.items()})
        self.pattern_count = len(patterns)

    @property
    def terms(self) -> list[str]:
        """The entries as written, in the order that breaks ties at one word start (longest first)."""
        return list(self._terms)

    def candidates(self, text: str) -> list[_Cand]:
        """Every (word start, rank, end) at which some entry matches, sorted by word start then rank."""
        return _scan(self._automaton, text, 1)[0]

    def select(self, cands: Sequence[_Cand], starts: Sequence[int], text: str, lo: int, hi: int,
               base: int) -> list[Hit[T]]:
        """Hits among ``cands`` that lie in text[lo:hi] (a space at hi), left to right, offsets minus base."""
        first = bisect.bisect_left(starts, lo)
        if first == len(starts) or starts[first] >= hi:
            return []
        out: list[Hit[T]] = []
        last_end = lo
        payloads = self._payloads
        for i in range(first, len(cands)):
            ws, rank, end = cands[i]
            if ws >= hi:
                break
            if ws < last_end or end > hi:
                continue
            out.append(Hit(ws - base, end - base, payloads[rank], text[ws:end]))
            last_end = end
        return out

    def find(self, folded: str | FoldedView) -> list[Hit[T]]:
        """Hits in text order. The list is shared between calls on the same text: do not modify it."""
        if folded.__class__ is FoldedView:
            hits = folded._hits.get(self)  # type: ignore[union-attr,arg-type]
            return hits if hits is not None else folded.find(self)  # type: ignore[union-attr,return-value]
        cached = self._cache.get(folded)
        if cached is not None:
            return cached
        cands = self.candidates(folded)
        hits = self.select(cands, [c[0] for c in cands], folded, 0, len(folded), 0)
        if len(self._cache) > 4096:
            self._cache.clear()
        self._cache[folded] = hits
        return hits


def _build(patterns: dict[str, list[_Entry]]) -> ahocorasick.Automaton | None:
    if not patterns:
        return None
    automaton = ahocorasick.Automaton()
    for pattern, entries in patterns.items():
        automaton.add_word(pattern, tuple(entries))
    automaton.make_automaton()
    return automaton


def _scan(automaton: ahocorasick.Automaton | None, text: str, slots: int) -> list[list[_Cand]]:
    """Candidates per slot: the automaton's hits that start a word (after its proclitics) and end one."""
    out: list[list[_Cand]] = [[] for _ in range(slots)]
    if automaton is None:
        return out
    rfind, find = text.rfind, text.find
    for end_idx, entries in automaton.iter(text):
        for slot, plen, rank, prefixes, star, regex in entries:
            start = end_idx - plen + 1
            ws = rfind(" ", 0, start) + 1
            if ws == 0:
                continue  # only word starts after a space are tried
            if regex is not None:
                m = regex.match(text, ws)
                if m is not None:
                    out[slot].append((ws, rank, m.end()))
                continue
            if text[ws:start] not in prefixes:
                continue
            if star:
                end = find(" ", end_idx + 1)
                if end < 0:
                    continue
            else:
                end = end_idx  # the pattern's trailing space
            out[slot].append((ws, rank, end))
    for cands in out:
        cands.sort()
    return out


class _Shared:
    """One automaton for every lexicon used on articles, so that an article is scanned once, not once
    per lexicon (each pass over the text costs about as much as all the hits it finds).

    A lexicon joins the first time it is used on a ``FoldedDoc``; the automaton is rebuilt lazily.
    """

    def __init__(self) -> None:
        self.members: dict[Lexicon[object], int] = {}
        self._built: tuple[ahocorasick.Automaton | None, list[Lexicon[object]]] | None = None

    def join(self, lex: Lexicon[object]) -> None:
        self.members[lex] = len(self.members)
        self._built = None

    def scan(self, text: str) -> dict[Lexicon[object], list[_Cand]]:
        built = self._built
        if built is None:
            order = list(self.members)
            merged: dict[str, list[_Entry]] = {}
            for slot, lex in enumerate(order):
                for pattern, entries in lex._patterns.items():
                    merged.setdefault(pattern, []).extend((slot, *e[1:]) for e in entries)
            built = self._built = (_build(merged), order)
        automaton, order = built
        found = _scan(automaton, text, len(order))
        return dict(zip(order, found, strict=True))


_SHARED = _Shared()


def _compile(term: str, rank: int) -> list[tuple[str, _Entry]]:
    words = _words(term)
    first, last = words[0], words[-1]
    prefixes = _first_prefixes(first)
    variants = 1
    for w in words[1:]:
        variants *= len(_later_forms(w))
    if any(w.star for w in words[:-1]) or variants > _MAX_VARIANTS:
        # A star inside a phrase ("frappe* aérienne*") cannot be spelled out: the automaton finds the
        # first word and the entry's own regex decides at that word start.
        regex = re.compile(term_regex(term) + "(?= )")
        anchor = first.body + ("" if first.star else " ")
        return [(anchor, (0, len(anchor), rank, prefixes, False, regex))]
    out = []
    tail = "" if last.star else " "
    for later in itertools.product(*(_later_forms(w) for w in words[1:])):
        pattern = " ".join((first.body, *later)) + tail
        out.append((pattern, (0, len(pattern), rank, prefixes, last.star, None)))
    return out


class FoldedDoc:
    """An article folded once, with each lexicon's candidates computed once over the whole of it."""

    __slots__ = ("folded", "text", "offsets", "_cands", "_scanned")

    def __init__(self, folded: FoldedText) -> None:
        self.folded = folded
        self.text = folded.text
        # A list: bisect on it is cheaper than a numpy call per sentence, clause and cue.
        self.offsets: list[int] = folded.offsets.tolist()
        self._cands: dict[Lexicon[object], tuple[list[_Cand], list[int]]] = {}
        self._scanned = False

    @classmethod
    def of(cls, text: str) -> FoldedDoc:
        return cls(normalize_text(text))

    def candidates(self, lex: Lexicon[T]) -> tuple[list[_Cand], list[int]]:
        got = self._cands.get(lex)  # type: ignore[arg-type]
        if got is not None:
            return got
        if lex not in _SHARED.members:
            _SHARED.join(lex)  # type: ignore[arg-type]
        if not self._scanned:
            self._scanned = True
            for member, cands in _SHARED.scan(self.text).items():
                self._cands[member] = (cands, [c[0] for c in cands])
            got = self._cands.get(lex)  # type: ignore[arg-type]
        if got is None:  # joined after this article was scanned
            cands = lex.candidates(self.text)
            got = self._cands[lex] = (cands, [c[0] for c in cands])  # type: ignore[index]
        return got

    def view(self, start: int, end: int, shift: int = 0) -> FoldedView | None:
        """The folded view of original text[start:end] (offsets in the doc's text plus ``shift``).

        It is exactly what folding that span alone gives (a space, the folded words, a space), or
        None when the span does not begin and end at word boundaries of the folded article.
        """
        offsets, g = self.offsets, self.text
        fs = bisect.bisect_left(offsets, start - shift)
        fe = bisect.bisect_left(offsets, end - shift)
        fe = min(fe, len(g))
        if fs < len(g) and g[fs] == " ":
            fs += 1
        if fe > fs and g[fe - 1] == " ":
            fe -= 1
        if fe <= fs or fs < 1 or fe >= len(g) or g[fs - 1] != " " or g[fe] != " ":
            return None
        return FoldedView(self, fs - 1, fe + 1, start, shift)


class FoldedView:
    """A sentence or clause of a ``FoldedDoc``: its folded text (leading and trailing space) and hits.

    Offsets of ``text`` are local (0 is the leading space); ``span`` maps them back to the original.
    """

    __slots__ = ("doc", "base", "text", "origin", "shift", "_hits")

    def __init__(self, doc: FoldedDoc, base: int, stop: int, origin: int, shift: int = 0) -> None:
        self.doc = doc
        self.base = base  # index in the doc's folded text of this view's leading space
        self.text = doc.text[base:stop]
        self.origin = origin  # original offset of the span's first character
        self.shift = shift
        self._hits: dict[Lexicon[object], list[Hit[object]]] = {}

    def find(self, lex: Lexicon[T]) -> list[Hit[T]]:
        hits = self._hits.get(lex)  # type: ignore[arg-type]
        if hits is None:
            cands, starts = self.doc.candidates(lex)
            hits = lex.select(cands, starts, self.doc.text, self.base + 1, self.base + len(self.text) - 1,
                              self.base)
            self._hits[lex] = hits  # type: ignore[index,assignment]
        return hits  # type: ignore[return-value]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the local folded span [start, end)."""
        offsets = self.doc.offsets
        # Local 0 is the leading space: it stands for the span's start, as when the span is folded alone.
        first = self.origin if start == 0 else offsets[self.base + start] + self.shift
        return first, offsets[self.base + end - 1] + 1 + self.shift

    def index_of(self, pos: int) -> int:
        """Local folded index of the first folded character at or after the original offset ``pos``."""
        if pos <= self.origin:
            return 0
        g = bisect.bisect_left(self.doc.offsets, pos - self.shift)
        return min(max(g - self.base, 0), len(self.text))


def text_of(folded: str | FoldedView) -> str:
    return folded if isinstance(folded, str) else folded.text


def word_set(words: str) -> Lexicon[str]:
    """A lexicon whose payload is the entry itself, from a whitespace/| separated list."""
    terms = [w.strip() for w in re.split(r"[|\n]", words) if w.strip()]
    return Lexicon((t, t) for t in terms)


def read_csv_rows(name: str) -> list[dict[str, str]]:
    path = DATA / name
    with path.open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if not ln.startswith("#")]
    return list(csv.DictReader(lines))


@dataclass(frozen=True, slots=True)
class Trigger:
    event_type: str
    sub_event_type: str  # "TERRITORY" is decided by the actor (see classify)
    priority: int
    term: str


@lru_cache(maxsize=1)
def trigger_lexicon() -> Lexicon[Trigger]:
    rows = read_csv_rows("events_triggers.csv")
    return Lexicon(
        (r["pattern"], Trigger(r["event_type"], r["sub_event_type"], int(r["priority"]), r["pattern"]))
        for r in rows
    )


def first_hits(hits: Sequence[Hit[T]]) -> list[Hit[T]]:
    return sorted(hits, key=lambda h: h.start)
