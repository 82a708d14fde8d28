"""Misspelt place names: the same letter skeleton (rasm) with one dot misplaced.

Arabic letters that differ only by their dots (ج ح خ, ب ت ث ن ي, د ذ, ر ز, س ش, ص ض, ط ظ, ع غ, ف ق) are
the commonest typing and OCR slips, so a word whose skeleton equals a curated name's skeleton is a
candidate typo (بالرحمة for بالرجمة). The caller decides whether the context allows taking it.
"""

from __future__ import annotations

from collections.abc import Sequence

import ahocorasick

from gazetteer.interface import PlaceIndex
from gazetteer.normalize import FoldedText, is_arabic
from gazetteer.place import Place
from geo.places.cues import ASSOCIATED_WORDS, NOT_A_PLACE_AFTER, STRONG_LOCATIVE_WORDS
from geo.places.gate import locative_evidence
from geo.places.occurrence import Occurrence, SpanSet, is_curated, occurrence
from geo.places.recognize import ARABIC, GENERIC_FORMS, Hit
from geo.places.relative import haversine_km

_RASM_CLASSES = ["جحخ", "بتثني", "دذ", "رز", "سش", "صض", "طظ", "عغ", "فق"]
RASM = str.maketrans({ch: cls[0] for cls in _RASM_CLASSES for ch in cls})
_PREFIXES = frozenset({"", "و", "ف", "ب", "ك", "ل", "وب", "فب", "ول", "فل"})

_CACHE: dict[int, tuple[PlaceIndex, ahocorasick.Automaton | None]] = {}


def _automaton(index: PlaceIndex) -> ahocorasick.Automaton | None:
    if id(index) in _CACHE:
        return _CACHE[id(index)][1]
    if len(_CACHE) > 8:
        _CACHE.clear()
    places = index.places
    patterns: dict[str, tuple[str, set[int]]] = {}
    for form, idxs in index.forms.items():
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


def typo_hits(index: PlaceIndex, folded: FoldedText) -> list[Hit]:
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


def typo_occurrences(
    index: PlaceIndex, folded: FoldedText, text: str, places: Sequence[Place], found: list[Occurrence]
) -> list[Occurrence]:
    """Misspelt curated names (one dot wrong: بالرحمة for بالرجمة), taken only with a locative cue and
    a Libyan place of the article within 150 km."""
    # One point per place: a long article names the same towns again and again.
    anchors = list({(p.lat, p.lon) for o in found for p, _ in o.candidates[:1] if p.in_libya and is_curated(p)})
    taken = SpanSet((o.word_start, o.hit.end) for o in found)
    out: list[Occurrence] = []
    for hit in typo_hits(index, folded):
        lo = hit.start - len(hit.prefix)
        if taken.overlaps(lo, hit.end):
            continue
        occ = occurrence(hit, folded, text, places)
        if occ is None:
            continue
        occ.needs_evidence = True
        word = folded.text[hit.start : hit.end]
        if occ.prev_word in NOT_A_PLACE_AFTER.get(word, ()) or locative_evidence(occ) < 0.6:
            continue
        sentence = _sentence_words(folded.text, hit.start)
        strong = occ.prev_word in STRONG_LOCATIVE_WORDS
        ev = 1.0 if strong else 0.6
        # A strong locative cue plus a Libyan place of the article nearby, or the place's own associated
        # words in the sentence (حفتر ... بالرحمة: Haftar's headquarters at Al-Rajma).
        near = [
            (p, s)
            for p, s in occ.candidates
            if p.in_libya
            and not p.ambiguous
            and (
                (strong and anchors and min(haversine_km(p.lat, p.lon, la, lo_) for la, lo_ in anchors) <= 150)
                or ASSOCIATED_WORDS.get(p.id, frozenset()) & sentence
            )
        ]
        if not near:
            continue
        occ.candidates = near
        occ.evidence = ev
        occ.typo = True
        out.append(occ)
    return out


def _sentence_words(ftext: str, pos: int) -> frozenset[str]:
    """Folded words of the sentence around a folded offset (the folded text has no punctuation, so
    a window of words stands in for the sentence)."""
    return frozenset(ftext[max(0, pos - 120) : pos + 120].split())
