"""The gate: names that are ordinary words too count only when the text gives evidence of a place.

Evidence is a locative cue right before the name (في, بمدينة, near), an attached locative proclitic
(بـ), a bearing or distance right after it ("الزاوية على بعد 45 كم", "Zawiya, west of Tripoli"), or a list of
places it stands in ("سرت والجفرة وهون"). A word that shows the ordinary reading (الخمس سنوات) vetoes.
"""

from __future__ import annotations

from geo.places.cues import (
    BEARINGS,
    COMMON_WORD_FOLLOWERS,
    KIND_HINTS,
    LIST_JOINERS,
    LOCATIVE_PROCLITICS,
    LOCATIVE_WORDS,
    NOT_A_PLACE_AFTER,
    NOT_A_PLACE_BEFORE,
)
from geo.places.occurrence import Occurrence


def is_nisba_adjective(o: Occurrence) -> bool:
    """وفدا بريطانيا "a British delegation", دعما تركيا "Turkish support": a country name in -يا right after an
    indefinite accusative noun (ending in tanwin alef) is the adjective, written the same without vowels."""
    form, prev = o.hit.form, o.prev_word
    if o.hit.prefix or not form.endswith("يا") or " " in form or len(prev) < 3:
        return False
    if not prev.endswith("ا") or prev.endswith(("ها", "نا", "وا")) or prev in LOCATIVE_WORDS:
        return False
    return all(p.kind == "country" for p, _ in o.candidates)


def locative_evidence(o: Occurrence) -> float:
    """-1 (an ordinary word), 0 (no evidence) .. 1 (a clear locative cue)."""
    # "الخمس سنوات" (five years): only for names that are ordinary words too; "البريقة مرات عدة" is Brega.
    if o.needs_evidence and o.next_words and o.next_words[0] in COMMON_WORD_FOLLOWERS:
        return -1.0
    if o.prev_word in NOT_A_PLACE_AFTER.get(o.hit.form, ()):
        return -1.0
    if o.next_words and o.next_words[0] in NOT_A_PLACE_BEFORE.get(o.hit.form, ()):
        return -1.0
    if is_nisba_adjective(o):
        return -1.0
    ev = 0.0
    ev = max(ev, LOCATIVE_PROCLITICS.get(o.hit.prefix, 0.0))
    if o.prev_word in LOCATIVE_WORDS:
        ev = max(ev, 1.0)
    if o.prev_word in KIND_HINTS:
        ev = max(ev, 1.0)
    # Followed by where it lies: "الزاوية على بعد 45 كم غرب طرابلس", "Zawiya, west of Tripoli".
    if o.next_words and (o.next_words[0] in BEARINGS or tuple(o.next_words[:2]) in (("علي", "بعد"), ("علي", "مسافه"))):
        ev = max(ev, 1.0)
    return ev


def gate(occurrences: list[Occurrence], ftext: str) -> list[Occurrence]:
    """Keep names that need evidence only when the text gives it: a locative cue, or a list of places."""
    for o in occurrences:
        o.evidence = locative_evidence(o)
    accepted = [(not o.needs_evidence and o.evidence >= 0) or o.evidence >= 0.6 for o in occurrences]
    # A list of places: "سرت والجفرة وهون", "Sirte, Jufra and Hun" lends evidence to its members.
    for _ in range(2):
        for i, o in enumerate(occurrences):
            if accepted[i] or o.evidence < 0:
                continue
            for j in (i - 1, i + 1):
                if 0 <= j < len(occurrences) and accepted[j] and adjacent(occurrences, min(i, j), max(i, j), ftext):
                    accepted[i] = True
                    o.evidence = max(o.evidence, 0.6)
    return [o for o, ok in zip(occurrences, accepted, strict=True) if ok]


def adjacent(occ: list[Occurrence], i: int, j: int, ftext: str) -> bool:
    """True when occurrence j follows i in a list: only a joiner (و, and, or) or nothing between them."""
    a, b = occ[i], occ[j]
    gap = ftext[a.hit.end : b.word_start]
    words = gap.split()
    if b.hit.prefix.startswith("و") and not words:
        return True
    return len(words) <= 1 and all(w in LIST_JOINERS for w in words)
