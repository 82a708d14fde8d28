"""The gate: names that are ordinary words too count only when the text gives evidence of a place.

Evidence is a locative cue right before the name (في, بمدينة, near), an attached locative proclitic
(بـ), a bearing or distance right after it ("الزاوية على بعد 45 كم", "Zawiya, west of Tripoli"), or a list of
places it stands in ("سرت والجفرة وهون"). A word that shows the ordinary reading (الخمس سنوات) vetoes.
"""

from __future__ import annotations

from gazetteer.normalize import fold
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
from geo.places.resolve import is_curated

FACILITY_HEADS = frozenset(fold(w) for w in "شارع ميدان ساحة دوار فندق مستودع مخزن مصنع شركة جسر بوابة".split())
_BIG_KINDS = frozenset({"country", "city", "town", "region", "district", "oasis"})
WEAK_LOCATIVE_WORDS = frozenset({"من", "الي", "عن", "نحو", "حتي", "بين", "to", "from", "of", "de"})


def bare_word(word: str) -> str:
    """The word without an attached "and" (وميناء -> ميناء): a cue keeps its force after و/ف."""
    return word[1:] if len(word) > 3 and word[0] in "وف" else word


def is_nisba_adjective(o: Occurrence) -> bool:
    """وفدا بريطانيا "a British delegation", دعما تركيا "Turkish support": a country name in -يا right after an
    indefinite accusative noun (ending in tanwin alef) is the adjective, written the same without vowels."""
    form, prev = o.hit.form, o.prev_word
    if o.hit.prefix or not form.endswith("يا") or " " in form or len(prev) < 3:
        return False
    if not prev.endswith("ا") or prev.endswith(("ها", "نا", "وا")) or prev in LOCATIVE_WORDS:
        return False
    return all(p.kind == "country" for p, _ in o.candidates)


def is_definite_adjective(o: Occurrence, text: str = "") -> bool:
    """الدبلوماسية السعودية "Saudi diplomacy", العلاقات السعودية المصرية: a country name in ال...ية after a
    definite noun is the adjective agreeing with it; a place would follow a preposition (إلى السعودية)."""
    form, prev = o.hit.form, o.prev_word
    if o.hit.prefix or not form.startswith("ال") or not form.endswith("يه") or " " in form:
        return False
    if not prev.startswith(("ال", "لل")) or prev in LOCATIVE_WORDS or prev in KIND_HINTS:
        return False
    if text and any(ch in _BREAK_PUNCT for ch in text[max(0, o.start - 4) : o.start]):
        return False  # "... المصري. السعودية هي": a new sentence starts with the country
    return all(p.kind == "country" for p, _ in o.candidates)


_BREAK_PUNCT = frozenset(".،,؛;:!?؟»«\"()[]-–—\n")


_OPEN_QUOTES = "«\"“"
_CLOSE_QUOTES = "»\"”"


def is_quoted_title(o: Occurrence, text: str) -> bool:
    """لـ«الشرق الأوسط» (the newspaper Asharq al-Awsat), «البحر المتوسط»: a world region or sea that fills a
    quotation by itself is the title of a newspaper, a channel or an operation, not the region."""
    if not o.candidates or not all(p.id.startswith("world:") for p, _ in o.candidates):
        return False
    before = text[o.start - 1 : o.start] if o.start > 0 else ""
    after = text[o.end : o.end + 1]
    if before and before in _OPEN_QUOTES and after and after in _CLOSE_QUOTES:
        return True
    # القيادة الأمريكية في أفريقيا, كأس أفريقيا: a command, a cup or a championship named for the region.
    words = fold(text[max(0, o.start - 40) : o.start]).split()[-3:]
    return any(w.lstrip("وفبل") in _ORG_HEADS for w in words)


_ORG_HEADS = frozenset(fold(w) for w in "القيادة قيادة كأس كاس بطولة البطولة".split())


def locative_evidence(o: Occurrence, text: str = "") -> float:
    """-1 (an ordinary word), 0 (no evidence) .. 1 (a clear locative cue)."""
    # "الخمس سنوات" (five years): only for names that are ordinary words too; "البريقة مرات عدة" is Brega.
    if o.needs_evidence and o.next_words and o.next_words[0] in COMMON_WORD_FOLLOWERS:
        return -1.0
    if o.prev_word in NOT_A_PLACE_AFTER.get(o.hit.form, ()):
        return -1.0
    if o.next_words and o.next_words[0] in NOT_A_PLACE_BEFORE.get(o.hit.form, ()):
        return -1.0
    if is_nisba_adjective(o) or is_definite_adjective(o, text):
        return -1.0
    if text and is_quoted_title(o, text):
        return -1.0
    ev = 0.0
    words = o.hit.form.split()
    if len(words) > 1 and words[0] in FACILITY_HEADS:
        return 1.0  # شارع طرابلس, ميدان الشهداء: the head noun itself says a named place follows
    # A name measured to be an ordinary word more often than a place (البشر "humans") is not vouched for
    # by an attached ب/ل or by من/إلى/عن ("من البشر", "بالبشر"): it needs a strong cue or a list.
    # Only for villages and the like: a city or a country keeps its weak cues ("من الزاوية" is Zawiya,
    # "إلى مالي" is Mali).
    word_like = o.hit.form in o.common_words and not any(
        p.kind in _BIG_KINDS and (p.population or p.kind == "country") for p, _ in o.candidates
    )
    if not word_like:
        proclitic = LOCATIVE_PROCLITICS.get(o.hit.prefix, 0.0)
        if proclitic and o.needs_evidence and not o.hit.form.startswith("ال"):
            # An indefinite word after ب is as often an instrument as a place: بأصابعه "with his fingers".
            proclitic = min(proclitic, 0.3)
        ev = max(ev, proclitic)
    prev = bare_word(o.prev_word)
    if prev in LOCATIVE_WORDS or o.prev_word in LOCATIVE_WORDS:
        # من/إلى/عن are too common to vouch for a bulk-source town abroad named like a word or a person
        # (من بشار الأسد): those need a strong cue (في, قرب, مدينة ...) or a list.
        weak = prev in WEAK_LOCATIVE_WORDS and (
            word_like or all(not p.in_libya and not is_curated(p) for p, _ in o.candidates)
        )
        ev = max(ev, 0.5 if weak else 1.0)
    if prev in KIND_HINTS or o.prev_word in KIND_HINTS:
        ev = max(ev, 1.0)
    # Followed by where it lies: "الزاوية على بعد 45 كم غرب طرابلس", "Zawiya, west of Tripoli".
    if o.next_words and (o.next_words[0] in BEARINGS or tuple(o.next_words[:2]) in (("علي", "بعد"), ("علي", "مسافه"))):
        ev = max(ev, 1.0)
    return ev


def gate(occurrences: list[Occurrence], ftext: str, text: str = "") -> list[Occurrence]:
    """Keep names that need evidence only when the text gives it: a locative cue, or a list of places.

    ``text`` (the original) shows the punctuation the folded text has lost: two names side by side with
    nothing between them ("معسكر تونس", the camp of Tunis) are not a list."""
    for o in occurrences:
        o.evidence = locative_evidence(o, text)
    accepted = [(not o.needs_evidence and o.evidence >= 0) or o.evidence >= 0.6 for o in occurrences]
    # A list of places: "سرت والجفرة وهون", "Sirte, Jufra and Hun" lends evidence to its members.
    for _ in range(2):
        for i, o in enumerate(occurrences):
            if accepted[i] or o.evidence < 0:
                continue
            for j in (i - 1, i + 1):
                if (
                    0 <= j < len(occurrences) and accepted[j]
                    and adjacent(occurrences, min(i, j), max(i, j), ftext, text)
                ):
                    accepted[i] = True
                    o.evidence = max(o.evidence, 0.6)
    return [o for o, ok in zip(occurrences, accepted, strict=True) if ok]


def adjacent(occ: list[Occurrence], i: int, j: int, ftext: str, text: str = "") -> bool:
    """True when occurrence j follows i in a list: a joiner (و, and, or) or a comma between them."""
    a, b = occ[i], occ[j]
    gap = ftext[a.hit.end : b.word_start]
    words = gap.split()
    if b.hit.prefix.startswith("و") and not words:
        return True
    if words:
        return len(words) == 1 and words[0] in LIST_JOINERS
    # Nothing but spaces in the folded text: a comma (or a slash, a dash) in the original makes a list.
    return not text or any(ch in "،,/-–" for ch in text[a.end : b.start])
