"""Near-miss spellings the exact pass did not know (Al Qrayat for Al Qaryat, Gasr Ben Gashir), looked up
only in a locative slot, Libyan places only, with a lower confidence."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from gazetteer.interface import PlaceIndex
from gazetteer.normalize import FoldedText, fold, is_arabic, name_key
from gazetteer.place import Place
from geo.places.occurrence import Occurrence, is_curated
from geo.places.recognize import ARABIC, LATIN, Hit
from geo.places.resolve import prior

# A capitalised name after a locative preposition (Latin), or a word after a head noun (Arabic), that the
# exact pass did not know: the only places where a near-miss spelling is worth a fuzzy guess.
_LATIN_NAME = (
    r"(?P<name>(?:(?:al|el|Al|El|as|As|ad|Ad)[- ])?[A-Z][\w'’]+"
    r"(?:[ -](?:(?:bin|ben|Bin|Ben|al|el|Al|El)[ -])?[A-Z][\w'’]+){0,2})"
)
_LATIN_SLOT = re.compile(r"\b(?:in|near|at|from|outside|around|of|to|toward|towards|à|près de|de)\s+" + _LATIN_NAME)
# Any capitalised run not at a sentence start: looked up by transliteration key only (Gasr Ben Gashir is
# Qasr bin Ghashir's key), which is cheap and exact enough to need no locative cue.
_LATIN_RUN = re.compile(r"(?<=[a-z,;:)] )" + _LATIN_NAME)
_ARABIC_SLOT = re.compile(
    r"(?:^|\s)[وفب]?(?:مدينة|مدينه|بلدة|بلده|منطقة|منطقه|قرية|قريه|حي|مطار|قاعدة|قاعده|ميناء|حقل|محور)\s+"
    r"(?P<name>[\u0621-\u064a]{4,}(?:\s+[\u0621-\u064a]{3,})?)"
)
_FUZZY_CUTOFF = 85.0
_HAS_LATIN = re.compile(r"[A-Za-z]{3}")
# (id(index)) -> {(exact_only, candidate): place or None}: names and non-names recur across articles.
_FUZZY_MEMO: dict[int, dict[tuple[bool, str], Place | None]] = {}


def fuzzy_occurrences(
    index: PlaceIndex, folded: FoldedText, text: str, places: Sequence[Place], found: list[Occurrence]
) -> list[Occurrence]:
    """Near-miss spellings (Al Qrayat for Al Qaryat, Gasr Ben Gashir) in a locative slot, Libyan places
    only, with a lower confidence."""
    taken = [(o.start, o.end) for o in found]
    out: list[Occurrence] = []
    patterns = (_LATIN_RUN, _LATIN_SLOT, _ARABIC_SLOT) if _HAS_LATIN.search(text) else (_ARABIC_SLOT,)
    memo = _FUZZY_MEMO.setdefault(id(index), {})
    if len(memo) > 50_000:
        memo.clear()
    for pat in patterns:
        for m in pat.finditer(text):
            s, e = m.span("name")
            if any(s < te and ts < e for ts, te in taken):
                continue
            words = m.group("name").split()
            for n in range(len(words), 0, -1):  # longest first: "Gasr Ben Gashir" before "Gasr"
                cand = " ".join(words[:n])
                e2 = s + len(cand)
                if len(fold(cand).replace(" ", "")) < 5:
                    break
                exact_only = pat is _LATIN_RUN
                conf_cap = 0.8 if exact_only else 0.6
                if (exact_only, cand) in memo:
                    place = memo[(exact_only, cand)]
                elif exact_only:
                    exact = [p for p, _ in index.lookup(cand)]
                    place = memo[(exact_only, cand)] = next((p for p in exact if p.in_libya and is_curated(p)), None)
                else:
                    hits = [h for h in index.search(cand, limit=3) if h.how != "exact" and h.place.in_libya]
                    best = next((h for h in hits if close_spelling(cand, h.place) >= _FUZZY_CUTOFF), None)
                    place = memo[(exact_only, cand)] = best.place if best else None
                if place is None:
                    continue
                fs = int(np.searchsorted(folded.offsets, s))
                fe = int(np.searchsorted(folded.offsets, e2 - 1)) + 1
                hit = Hit(fs, fe, fold(cand), (), "", ARABIC if is_arabic(cand) else LATIN)
                occ = Occurrence(
                    hit=hit, start=s, end=e2, word_start=fs, prev_word="", next_words=(),
                    candidates=[(place, prior(place, True))], needs_evidence=False, evidence=1.0,
                    typo=conf_cap < 0.7,
                )
                out.append(occ)
                taken.append((s, e2))
                break
    return out


_DEMONYM_ENDINGS = ("n", "an", "ns", "ans", "i", "is", "ian", "ians", "ia", "ine", "ines")


def close_spelling(name: str, place: Place) -> float:
    """Similarity (0-100) of a spelling to the place's closest name; 0 for its demonym (Misratan)."""
    from rapidfuzz import fuzz

    key = name_key(name)
    keys = [name_key(n) for n in place.all_names() if is_arabic(n) == is_arabic(name)]
    if any(key.startswith(k) and key[len(k):] in _DEMONYM_ENDINGS for k in keys if k):
        return 0.0
    return max((fuzz.ratio(key, k) for k in keys), default=0.0)
