"""Misspelt place names: the same letter skeleton (rasm) with one dot misplaced.

Arabic letters that differ only by their dots (ج ح خ, ب ت ث ن ي, د ذ, ر ز, س ش, ص ض, ط ظ, ع غ, ف ق) are
the commonest typing and OCR slips, so a word whose skeleton equals a curated name's skeleton is a
candidate typo (بالرحمة for بالرجمة). The caller decides whether the context allows taking it.
"""

from __future__ import annotations

import ahocorasick

from gazetteer.normalize import FoldedText, is_arabic
from geo.places.recognize import ARABIC, GENERIC_FORMS, Hit

_RASM_CLASSES = ["جحخ", "بتثني", "دذ", "رز", "سش", "صض", "طظ", "عغ", "فق"]
RASM = str.maketrans({ch: cls[0] for cls in _RASM_CLASSES for ch in cls})
_PREFIXES = frozenset({"", "و", "ف", "ب", "ك", "ل", "وب", "فب", "ول", "فل"})

_CACHE: dict[int, tuple[object, ahocorasick.Automaton | None]] = {}


def _automaton(index: object) -> ahocorasick.Automaton | None:
    if id(index) in _CACHE:
        return _CACHE[id(index)][1]
    if len(_CACHE) > 8:
        _CACHE.clear()
    places = index.places  # type: ignore[attr-defined]
    patterns: dict[str, tuple[str, set[int]]] = {}
    for form, idxs in index.forms.items():  # type: ignore[attr-defined]
        # Only curated names, long enough that a one-dot change rarely makes another real word.
        if not is_arabic(form) or len(form.replace(" ", "")) < 5 or form in GENERIC_FORMS:
            continue
        cur = {i for i in idxs if places[i].id.startswith("curated:")}
        if not cur:
            continue
        key = form.translate(RASM) + " "
        patterns.setdefault(key, (form, set()))[1].update(cur)
    if not patterns:
        _CACHE[id(index)] = (index, None)
        return None
    auto = ahocorasick.Automaton()
    for key, (form, idxs) in patterns.items():
        auto.add_word(key, (len(key), form, tuple(sorted(idxs))))
    auto.make_automaton()
    _CACHE[id(index)] = (index, auto)
    return auto


def typo_hits(index: object, folded: FoldedText) -> list[Hit]:
    """Words whose skeleton is a curated name's skeleton but whose letters are not that name."""
    auto = _automaton(index)
    if auto is None:
        return []
    text = folded.text
    rasm_text = text.translate(RASM)  # same length: offsets are shared with the folded text
    out: list[Hit] = []
    for end_idx, (plen, form, idxs) in auto.iter(rasm_text):
        start = end_idx - plen + 1
        word = text[start:end_idx]
        if word == form:
            continue  # spelt right: the exact recogniser has it
        word_start = text.rfind(" ", 0, start) + 1
        prefix = text[word_start:start]
        if prefix not in _PREFIXES:
            continue
        out.append(Hit(start, end_idx, form, idxs, prefix, ARABIC))
    return out
