"""Word lists matched on folded text (``gazetteer.normalize``), Arabic proclitics handled once here.

A lexicon entry is written in natural spelling; it is folded with the same rules as the text. A
trailing ``*`` lets the word continue (plurals, pronoun suffixes). Arabic words accept the
proclitics و ف ب ك ل and the article ال (لل = ل + ال) without listing them, because blind listing
of every prefixed form is what makes hand-written lexicons miss ``وبالاشتباكات``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from gazetteer.normalize import fold

DATA = Path(__file__).resolve().parents[1] / "data"
T = TypeVar("T")

_AR_WORD = re.compile(r"[\u0600-\u06ff]")
_PROCLITICS = "(?:[وف]?(?:بال|كال|لل|ال|[بلك])?)"


@dataclass(frozen=True, slots=True)
class Hit(Generic[T]):
    start: int  # folded offsets
    end: int
    payload: T
    surface: str


def _word_regex(word: str, first: bool) -> str:
    star = word.endswith("*")
    word = word.rstrip("*")
    if _AR_WORD.search(word):
        if word.startswith("ال") and len(word) > 3:
            # Written with the article: some article form is required (اليوم today, not يوم day).
            word = word[2:]
            prefix = "(?:[وف]?(?:بال|كال|لل|ال))" if first else "(?:ال|لل|بال)"
        else:
            prefix = _PROCLITICS if first else "(?:ال|لل|بال|ل)?"
        body = prefix + re.escape(word)
    else:
        body = re.escape(word)
    return body + (r"\w*" if star else "")


def term_regex(term: str) -> str:
    words = fold(term.replace("*", " STAR ")).replace(" star", "*").split()
    if not words:
        raise ValueError(f"empty lexicon term {term!r}")
    return " ".join(_word_regex(w, i == 0) for i, w in enumerate(words))


class Lexicon(Generic[T]):
    """Finds every entry in a folded text; longer entries win where two overlap."""

    def __init__(self, entries: Iterable[tuple[str, T]]) -> None:
        items = [(term, payload) for term, payload in entries if term.strip()]
        items.sort(key=lambda tp: -len(fold(tp[0].replace("*", ""))))
        self._payloads: list[T] = []
        self._cache: dict[str, list[Hit[T]]] = {}
        parts: list[str] = []
        for term, payload in items:
            parts.append(f"(?P<t{len(self._payloads)}>{term_regex(term)})")
            self._payloads.append(payload)
        self._regex = re.compile("(?:" + "|".join(parts) + ")(?= )") if parts else None

    def find(self, folded: str) -> list[Hit[T]]:
        """Hits in text order. The list is shared between calls on the same text: do not modify it."""
        cached = self._cache.get(folded)
        if cached is not None:
            return cached
        hits = self._find(folded)
        if len(self._cache) > 4096:
            self._cache.clear()
        self._cache[folded] = hits
        return hits

    def _find(self, folded: str) -> list[Hit[T]]:
        if self._regex is None:
            return []
        out: list[Hit[T]] = []
        # Try the alternation at word starts only: a scan at every character costs five times more.
        match = self._regex.match
        end = 0
        pos = folded.find(" ")
        while pos != -1:
            start = pos + 1
            if start >= end:
                m = match(folded, start)
                if m is not None:
                    idx = int(m.lastgroup[1:])  # type: ignore[index]
                    out.append(Hit(m.start(), m.end(), self._payloads[idx], m.group()))
                    end = m.end()
            pos = folded.find(" ", start)
        return out


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
