"""Near-miss spellings the exact pass did not know (Al Qrayat for Al Qaryat, Gasr Ben Gashir), looked up
only in a locative slot, Libyan places only, with a lower confidence."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from gazetteer.interface import PlaceIndex
from gazetteer.normalize import FoldedText, fold, is_arabic, name_key
from gazetteer.place import Place
from geo.places.occurrence import Occurrence, SpanSet, is_curated
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
# A sentence may open with an article before the run ("A Gasr Ben Gashir militia ...", "The Zintan
# brigades ..."): the article, not the name, is the sentence's first word.
_LATIN_RUN = re.compile(r"(?:(?<=[a-zà-ÿ,;:)'] )|(?:^|(?<=[.!?] )|(?<=\n))(?:A|An|The|Une?|Les?|La) )" + _LATIN_NAME)
_ARABIC_SLOT = re.compile(
    r"(?:^|\s)[وفب]?(?:مدينة|مدينه|بلدة|بلده|منطقة|منطقه|قرية|قريه|حي|مطار|قاعدة|قاعده|ميناء|حقل|محور)\s+"
    r"(?P<name>[\u0621-\u064a]{4,}(?:\s+[\u0621-\u064a]{3,})?)"
)
_FUZZY_CUTOFF = 85.0
_HAS_LATIN = re.compile(r"[A-Za-z]{3}")
# id(index) -> (index, {(slot, candidate): (place or None, how)}): names and non-names recur across articles.
# The index is kept with its memo so that its id cannot be reused by another index while the memo lives
# (a stale memo gave another gazetteer's answers in a long test run).
_Memo = dict[tuple[bool, str], tuple["Place | None", str]]
_FUZZY_MEMO: dict[int, tuple[PlaceIndex, _Memo]] = {}


def fuzzy_occurrences(
    index: PlaceIndex, folded: FoldedText, text: str, places: Sequence[Place], found: list[Occurrence]
) -> list[Occurrence]:
    """Latin spellings the automaton did not know but ``gazetteer search`` does (Misurata, Sirt, Bousalim,
    Soluq: the same transliteration key; Gheryan: the same consonant skeleton), and near-miss spellings
    (Al Qrayat, Gasr Ben Gashir) in a locative slot. Libyan places only, at a lower confidence."""
    taken = SpanSet((o.start, o.end) for o in found)
    out: list[Occurrence] = []
    patterns = (_LATIN_RUN, _LATIN_SLOT, _ARABIC_SLOT) if _HAS_LATIN.search(text) else (_ARABIC_SLOT,)
    entry = _FUZZY_MEMO.get(id(index))
    if entry is None or entry[0] is not index:
        if len(_FUZZY_MEMO) > 8:
            _FUZZY_MEMO.clear()
        entry = _FUZZY_MEMO[id(index)] = (index, {})
    memo = entry[1]
    if len(memo) > 50_000:
        memo.clear()
    for pat in patterns:
        for m in pat.finditer(text):
            s, e = m.span("name")
            if taken.overlaps(s, e) and "-" not in m.group("name"):
                continue  # (a hyphenated pair may hold a known name and an unknown spelling)
            slot = pat is not _LATIN_RUN
            for cs, cand in _sub_runs(m.group("name"), s):
                e2 = cs + len(cand)
                if taken.overlaps(cs, e2) or (pat is not _ARABIC_SLOT and _after_given_name(text, cs)):
                    continue
                if pat is _ARABIC_SLOT:
                    place, how = _near_miss(index, cand, memo), "fuzzy"
                else:
                    place, how = _transliterated(index, cand, slot, memo)
                if place is None:
                    continue
                fs = int(np.searchsorted(folded.offsets, cs))
                fe = int(np.searchsorted(folded.offsets, e2 - 1)) + 1
                hit = Hit(fs, fe, fold(cand), (), "", ARABIC if is_arabic(cand) else LATIN)
                occ = Occurrence(
                    hit=hit, start=cs, end=e2, word_start=fs, prev_word="", next_words=(),
                    candidates=[(place, prior(place, True))], needs_evidence=False, evidence=1.0,
                    typo=how != "exact", conf_cap=0.8,
                )
                out.append(occ)
                taken.add(cs, e2)  # shorter candidates inside it overlap and are skipped
    return out


def _sub_runs(name: str, start: int) -> list[tuple[int, str]]:
    """(start, text) of the candidate names in a capitalised run, longest first from its first word, then
    each part of a hyphenated pair on its own ("Misurata-Sirt" is two places)."""
    words = name.split()
    out = [(start, " ".join(words[:n])) for n in range(len(words), 0, -1)]
    if "-" in name:
        pos = start
        for part in name.split("-"):
            if part and part[:1].isupper() and part.lower() not in _ARTICLES:
                out.append((pos, part.split()[0] if " " in part else part))
            pos += len(part) + 1
    return out


_ARTICLES = frozenset({"al", "el", "ad", "as", "ash", "az", "ar", "an", "at"})
# Words before a capitalised name that are not a given name: "in Sirt", "of Misurata".
_NOT_GIVEN_NAMES = frozenset(
    "in at near of from to and the de a en du le la des and or by on into toward towards outside around via "
    "between entre pres vers dans sur".split()
)


def _after_given_name(text: str, start: int) -> bool:
    """True when a capitalised word (not a cue, not sentence-initial) stands right before: "Khalifa
    Haftar", "Abdel Hakim Belhadj" are people, never "Haftar" the place."""
    before = text[max(0, start - 30) : start]
    if not before.endswith(" "):
        return False
    words = before.split()
    if not words:
        return False
    w = words[-1]
    if not w[:1].isupper() or w.lower() in _NOT_GIVEN_NAMES:
        return False
    return len(words) > 1 and not words[-2].endswith((".", "!", "?", ":", '"'))


# Kinds a bulk-source record must have to be taken without a locative cue.
_FREE_KINDS = frozenset({"city", "town", "oasis", "airport", "air_base", "oil_terminal", "oil_field", "port"})


def _transliterated(index: PlaceIndex, cand: str, slot: bool, memo: _Memo) -> tuple[Place | None, str]:
    key = (slot, cand)
    if key in memo:
        return memo[key]
    folded = fold(cand).replace(" ", "")
    place: Place | None = None
    how = "exact"
    if len(folded) >= 4:
        exact = [p for p, _ in index.lookup(cand) if p.in_libya]
        # What search sees by the transliteration key: a vetted place anywhere; a bulk record only when
        # it is a town of some size or the text puts a locative cue before it.
        place = next((p for p in exact if is_curated(p) or slot or (p.kind in _FREE_KINDS and p.population)), None)
        if place is None and slot and len(folded) >= 5:
            hits = [h for h in index.search(cand, limit=3) if h.how != "exact" and h.place.in_libya]
            best = next((h for h in hits if close_spelling(cand, h.place) >= _FUZZY_CUTOFF), None)
            if best is None:
                best = next((h for h in hits if h.how == "skeleton" and close_spelling(cand, h.place) >= 80), None)
            place, how = (best.place, "fuzzy") if best else (None, "exact")
    memo[key] = (place, how)  # how it was found, when not by the key itself, sets the confidence
    return place, how


def _near_miss(index: PlaceIndex, cand: str, memo: _Memo) -> Place | None:
    key = (True, cand)
    if key in memo:
        return memo[key][0]
    place = None
    if len(fold(cand).replace(" ", "")) >= 5:
        hits = [h for h in index.search(cand, limit=3) if h.how != "exact" and h.place.in_libya]
        best = next((h for h in hits if close_spelling(cand, h.place) >= _FUZZY_CUTOFF), None)
        place = best.place if best else None
    memo[key] = (place, "fuzzy")
    return place


_DEMONYM_ENDINGS = ("n", "an", "ns", "ans", "i", "is", "ian", "ians", "ia", "ine", "ines")


def close_spelling(name: str, place: Place) -> float:
    """Similarity (0-100) of a spelling to the place's closest name; 0 for its demonym (Misratan)."""
    from rapidfuzz import fuzz

    key = name_key(name)
    keys = [name_key(n) for n in place.all_names() if is_arabic(n) == is_arabic(name)]
    if any(key.startswith(k) and key[len(k):] in _DEMONYM_ENDINGS for k in keys if k):
        return 0.0
    return max((fuzz.ratio(key, k) for k in keys), default=0.0)
