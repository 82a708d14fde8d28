"""Cardinal numbers written as words or digits, on folded text (gazetteer.normalize): their spans and values.

Arabic number words compose: a unit and عشر/عشرة make a teen (خمسة عشر 15, ثلاث عشرة 13), a unit
and a ten joined by و make 21-99 (واحد وعشرين), hundreds are مائة/مئة, the dual مائتان/مئتين/مئتي
(200) or a unit before or fused with مائة (ثلاثمائة، ثلاث مئة 300), thousands ألف, the dual ألفين,
or آلاف after a unit; each later part is joined by و (مائتين وخمسين 250). English numbers compose
the same way ("one hundred and twenty", "twenty one" once the hyphen is folded away). Digits
grouped by thousands ("1,200", folded to "1 200") are one number. A number with the article
(الاثنين Monday, الاحد Sunday, الثلاثه the three) or after an ordinal (اللواء الثامن عشر) is not a
count. Pure: no lexicon files, linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gazetteer.normalize import fold

_AR_UNITS = {
    "واحد": 1, "واحده": 1, "احد": 1, "احدي": 1,
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2,
    "ثلاثه": 3, "ثلاث": 3, "اربعه": 4, "اربع": 4, "خمسه": 5, "خمس": 5, "سته": 6, "ست": 6,
    "سبعه": 7, "سبع": 7, "ثمانيه": 8, "ثماني": 8, "ثمان": 8, "تسعه": 9, "تسع": 9,
}
_AR_TEN = {"عشره", "عشر"}
_AR_TENS = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40, "خمسون": 50,
    "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70, "ثمانون": 80, "ثمانين": 80,
    "تسعون": 90, "تسعين": 90,
}
# Written as in print; folded below the way the text is (ئ -> ي, ة -> ه, أ -> ا).
_AR_HUNDRED = {"مائة", "مئة"}
_AR_HUNDREDS2 = {"مائتان", "مائتين", "مئتان", "مئتين", "مائتي", "مئتي"}
_AR_THOUSAND = {"ألف": 1000, "ألفا": 1000, "ألفان": 2000, "ألفين": 2000, "ألفي": 2000}
_AR_THOUSANDS = {"آلاف"}
_AR_UNITS = {fold(k): v for k, v in _AR_UNITS.items()}
_AR_TEN = {fold(k) for k in _AR_TEN}
_AR_TENS = {fold(k): v for k, v in _AR_TENS.items()}
_AR_HUNDRED = {fold(k) for k in _AR_HUNDRED}
_AR_HUNDREDS2 = {fold(k) for k in _AR_HUNDREDS2}
_AR_THOUSAND = {fold(k): v for k, v in _AR_THOUSAND.items()}
_AR_THOUSANDS = {fold(k) for k in _AR_THOUSANDS}
# ثلاثمائة، اربعمئة: a unit fused with the hundred
_AR_FUSED_HUNDRED = re.compile(r"^(ثلاث|اربع|خمس|ست|سبع|ثمان|تسع)(?:" + "|".join(sorted(_AR_HUNDRED)) + ")$")
_AR_ORDINAL = re.compile(r"^(?:ال)?(?:حادي|ثاني|ثالث|رابع|خامس|سادس|سابع|ثامن|تاسع)$")

_EN_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
            "eighty": 80, "ninety": 90}
_FR = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
       "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
       "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100}
_WORD = re.compile(r"[^ ]+")


@dataclass(frozen=True, slots=True)
class Number:
    start: int  # folded offsets
    end: int
    value: int


def _strip_ar(w: str) -> str:
    """A proclitic و / ب / ل / ف before a number word (وثلاثة، لثلاثة), never the article."""
    if len(w) > 3 and w[0] in "وبلف" and (w[1:] in _AR_UNITS or w[1:] in _AR_TENS or w[1:] in _AR_HUNDRED
                                          or w[1:] in _AR_HUNDREDS2 or w[1:] in _AR_THOUSAND
                                          or _AR_FUSED_HUNDRED.match(w[1:]) or w[1:] in _AR_TEN):
        return w[1:]
    return w


def _ar_atom(w: str) -> int | None:
    if w in _AR_UNITS:
        return _AR_UNITS[w]
    if w in _AR_TEN:
        return 10
    if w in _AR_TENS:
        return _AR_TENS[w]
    if w in _AR_HUNDRED:
        return 100
    if w in _AR_HUNDREDS2:
        return 200
    m = _AR_FUSED_HUNDRED.match(w)
    if m:
        return _AR_UNITS[m.group(1)] * 100
    if w in _AR_THOUSAND:
        return _AR_THOUSAND[w]
    return None


def _parse_ar(words: list[tuple[int, int, str]], i: int) -> tuple[int, int] | None:
    """(value, index after) of the Arabic number starting at words[i], or None."""
    first = _strip_ar(words[i][2])
    v = _ar_atom(first)
    if v is None:
        return None
    if i > 0 and _AR_ORDINAL.match(words[i - 1][2]):
        return None  # الثامن عشر: an ordinal, no count
    j = i + 1
    total = 0
    cur = v
    # a teen: unit + عشر / عشرة
    if v < 10 and j < len(words) and words[j][2] in _AR_TEN:
        cur, j = v + 10, j + 1
    # a unit before hundreds or thousands: ثلاث مائة، ثلاثة آلاف
    elif v < 10 and j < len(words) and words[j][2] in _AR_HUNDRED:
        cur, j = v * 100, j + 1
    elif 1 < v <= 10 and j < len(words) and words[j][2] in _AR_THOUSANDS:
        cur, j = v * 1000, j + 1
    # و + the next, smaller part (واحد وعشرين، مائتين وخمسين، ألف ومائتين)
    while j < len(words) and words[j][2].startswith("و") and len(words[j][2]) > 2:
        nxt = _ar_atom(words[j][2][1:])
        if nxt is None:
            break
        k = j + 1
        if nxt < 10 and k < len(words) and words[k][2] in _AR_TEN:
            nxt, k = nxt + 10, k + 1
        if cur >= 1000 and nxt < 1000 or 100 <= cur < 1000 and nxt < 100 or cur < 10 and 20 <= nxt < 100:
            if cur >= 1000:
                total += cur
                cur = nxt
            else:
                cur += nxt
            j = k
        else:
            break
    return total + cur, j


def _parse_en(words: list[tuple[int, int, str]], i: int) -> tuple[int, int] | None:
    w = words[i][2]
    if w in ("a", "one") and i + 1 < len(words) and words[i + 1][2] in ("hundred", "thousand"):
        v, j = 1, i + 1
    elif w in _EN_UNITS:
        v, j = _EN_UNITS[w], i + 1
    elif w in _EN_TENS:
        v, j = _EN_TENS[w], i + 1
        if j < len(words) and words[j][2] in _EN_UNITS and 0 < _EN_UNITS[words[j][2]] < 10:
            v, j = v + _EN_UNITS[words[j][2]], j + 1
        return v, j
    elif w in _FR:
        return _FR[w], i + 1
    else:
        return None
    total = 0
    while j < len(words) and words[j][2] in ("hundred", "thousand"):
        mult = 100 if words[j][2] == "hundred" else 1000
        v, j = v * mult, j + 1
        k = j + 1 if j < len(words) and words[j][2] == "and" else j
        if k < len(words) and (words[k][2] in _EN_UNITS or words[k][2] in _EN_TENS):
            rest = _parse_en(words, k)
            if rest is not None and rest[0] < mult:
                if mult == 1000:
                    total += v
                    v = rest[0]
                else:
                    v += rest[0]
                j = rest[1]
    return total + v, j


_DIGITS = re.compile(r"(?<= )[وب]?(\d{1,3}(?: \d{3})+|\d{1,6})(?= )")  # و3: "and three"


def find_numbers(folded: str) -> list[Number]:
    """Every cardinal number of a folded text, left to right, not overlapping."""
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(folded)]
    out: list[Number] = []
    i = 0
    while i < len(words):
        parsed = _parse_ar(words, i) or _parse_en(words, i)
        if parsed is not None:
            value, j = parsed
            out.append(Number(words[i][0], words[j - 1][1], value))
            i = j
            continue
        i += 1
    for m in _DIGITS.finditer(folded):
        value = int(m.group(1).replace(" ", ""))
        if " " in m.group(1) and value < 1000:
            continue
        out.append(Number(m.start(1), m.end(1), value))
    out.sort(key=lambda n: n.start)
    return out
