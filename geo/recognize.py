"""Toponym recognition: one Aho-Corasick pass over the folded text against every name in the gazetteer.

Patterns are folded names followed by a space, so every hit already ends at a word end; the word start
is checked afterwards, where an Arabic hit may be preceded by attached proclitics (و ف ب ك ل, and لل for
ل + the article). Proclitics are never stripped blindly: the full word is matched first (بنغازي, بني وليد,
ليبيا are whole names), and a prefix is accepted only when the rest of the word is a gazetteer name.
"""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from gazetteer.normalize import FoldedText, is_arabic

# Proclitic chains allowed before a name that does not start with the article, and before one that does.
_PREFIX_BARE = frozenset({"", "و", "ف", "ب", "ك", "ل", "وب", "فب", "وك", "فك", "ول", "فل"})
_PREFIX_ARTICLE = frozenset({"", "و", "ف", "ب", "ك", "وب", "فب", "وك", "فك"})
# A name with the article after ل loses the article's alef: ل + الجفرة = للجفرة.
_PREFIX_LAM = frozenset({"ل", "ول", "فل"})

_LATIN_ARTICLES = ("al ", "el ", "ad ", "as ", "ar ", "az ", "at ", "an ", "ash ", "es ", "ez ", "l ")

# Flags carried with each pattern.
ARABIC = 1
LAM_ARTICLE = 2  # pattern is ل + name-without-ال; needs a ل prefix before it
LATIN = 4


@dataclass(frozen=True, slots=True)
class Hit:
    """A gazetteer name found in the folded text: [start, end) in folded offsets, prefix excluded."""

    start: int
    end: int
    form: str
    places: tuple[int, ...]
    prefix: str
    flags: int


def _latin_variants(form: str) -> set[str]:
    out = {form}
    for art in _LATIN_ARTICLES:
        if form.startswith(art) and len(form) > len(art) + 2:
            out.add(form[len(art):])
    for f in list(out):
        if f.endswith("ah") and len(f) > 4:
            out.add(f[:-1])
        elif f.endswith("a") and len(f) > 3:
            out.add(f + "h")
    return out


class Recognizer:
    """The compiled automaton for one gazetteer index."""

    def __init__(self, forms: dict[str, tuple[int, ...]]) -> None:
        merged: dict[str, tuple[str, set[int], int]] = {}

        def add(pattern: str, form: str, idxs: tuple[int, ...], flags: int) -> None:
            if pattern in merged:
                merged[pattern][1].update(idxs)
            else:
                merged[pattern] = (form, set(idxs), flags)

        for form, idxs in forms.items():
            form = form.strip()
            if not form:
                continue
            if is_arabic(form):
                # Two-letter Arabic forms (ام، بر) hit inside countless words and are never names alone.
                if len(form.replace(" ", "")) < 3:
                    continue
                add(form + " ", form, idxs, ARABIC)
                if form.startswith("ال") and len(form) > 4:
                    add("ل" + form[2:] + " ", form, idxs, ARABIC | LAM_ARTICLE)
            else:
                if len(form) < 3 or not any(c.isalpha() for c in form):
                    continue
                for variant in _latin_variants(form):
                    add(" " + variant + " ", variant, idxs, LATIN)
        self.automaton = ahocorasick.Automaton()
        for pattern, (form, idxs, flags) in merged.items():
            self.automaton.add_word(pattern, (len(pattern), form, tuple(sorted(idxs)), flags))
        self.automaton.make_automaton()
        self.pattern_count = len(merged)

    def scan(self, folded: FoldedText) -> list[Hit]:
        """Every acceptable hit, longest-first without overlaps, in text order."""
        text = folded.text
        hits: list[Hit] = []
        for end_idx, (plen, form, idxs, flags) in self.automaton.iter(text):
            if flags & LATIN:
                start = end_idx - plen + 2  # skip the leading space
                hits.append(Hit(start, end_idx, form, idxs, "", flags))
                continue
            start = end_idx - plen + 1
            word_start = text.rfind(" ", 0, start) + 1
            prefix = text[word_start:start]
            if flags & LAM_ARTICLE:
                # The pattern starts with the article's ل; the proclitic ل is in the prefix.
                if prefix not in _PREFIX_LAM:
                    continue
            elif form.startswith("ال"):
                if prefix not in _PREFIX_ARTICLE:
                    continue
            elif prefix not in _PREFIX_BARE:
                continue
            hits.append(Hit(start, end_idx, form, idxs, prefix, flags))
        return _longest_first(hits)


def _longest_first(hits: list[Hit]) -> list[Hit]:
    if len(hits) < 2:
        return hits
    hits.sort(key=lambda h: (h.start - h.end - len(h.prefix), h.start))
    taken: list[Hit] = []
    occupied: list[tuple[int, int]] = []
    for h in hits:
        lo = h.start - len(h.prefix)
        if any(lo < e and s < h.end for s, e in occupied):
            continue
        occupied.append((lo, h.end))
        taken.append(h)
    taken.sort(key=lambda h: h.start)
    return taken


# id(index) -> (index, recognizer); the index is kept so that its id cannot be reused. A process
# normally holds one index, a test suite a handful.
_CACHE: dict[int, tuple[object, Recognizer]] = {}


def recognizer_for(index: object) -> Recognizer:
    """The automaton of an index, built once per index object."""
    entry = _CACHE.get(id(index))
    if entry is None:
        if len(_CACHE) > 8:
            _CACHE.clear()
        entry = (index, Recognizer(index.forms))  # type: ignore[attr-defined]
        _CACHE[id(index)] = entry
    return entry[1]
