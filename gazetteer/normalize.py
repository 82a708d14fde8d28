"""Name normalisation shared by every stage: gazetteer keys and text scanning use the same rules.

Two levels:

* ``normalize_text`` folds a whole document character by character (vectorised with numpy) into a
  lower-case, diacritic-free, punctuation-as-space string and returns, for every character of the
  folded string, the offset of the character it came from.  Matches found in the folded string are
  reported on the original text through that map, so offsets stay exact.
* ``name_key`` / ``arabic_key`` / ``latin_key`` turn one name into the compact key under which the
  gazetteer indexes it (spaces and the Abu particle folded, transliteration alternations folded).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

# Bumped whenever a key function or the ranking of a key's places changes: compiled indexes are rebuilt.
KEY_VERSION = 4

# --- character classes -------------------------------------------------------------------------

ARABIC_DIACRITICS = "".join(chr(c) for c in range(0x064B, 0x0660)) + "".join(
    chr(c) for c in (0x0670, *range(0x06D6, 0x06DD), *range(0x06DF, 0x06E5), 0x06E7, 0x06E8, *range(0x06EA, 0x06EE))
)
TATWEEL = "\u0640"
# Zero-width and bidirectional marks that scraped news is full of; they must never split a word.
INVISIBLES = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad\u061c"
# Deleted as well: every format character (category Cf: U+2060-2064 word joiner and invisible operators,
# U+206A-206F, U+180E, U+0600-0605, U+06DD end of ayah, U+08E2 ...), the other default-ignorable code
# points (Hangul fillers, U+034F, Mongolian variation selectors, U+2800 braille blank), and the line
# breaks that are not "\n" (VT, FF, NEL, U+2028, U+2029): inserted inside مصراتة none of them may split
# it.  The price: a word joined to the next by one of those breaks alone is joined in the folded text.
IGNORABLES = frozenset(
    "\u000b\u000c\u0085\u2028\u2029\u2800\u034f\u115f\u1160\u3164\uffa0\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f"
)
# Outside the Basic Multilingual Plane: tag characters and variation selectors are deleted too.
_ASTRAL_DELETED = ((0xE0000, 0xE007F), (0xE0100, 0xE01EF), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A))

_ARABIC_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ة": "ه", "ۃ": "ه",
    "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي",
    "ک": "ك", "ڪ": "ك",
    "ھ": "ه", "ہ": "ه", "ە": "ه",
    "ؤ": "و", "ئ": "ي",
    "ڤ": "ف", "ڨ": "ق", "ݣ": "ك", "گ": "ك", "چ": "ج", "پ": "ب",
    # Persian and Urdu letter forms that Arabic text picks up from keyboards and converters.
    "ۀ": "ه", "ۂ": "ه", "ے": "ي", "ۓ": "ي", "ں": "ن", "ٮ": "ب", "ٯ": "ق",
}
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}


def _is_word_char(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat[0] in "LN" or cat == "Mn"


# The folded value of a code point that folds to several characters (see ``_expansions``).
EXPAND = 0xFFFFFFFF


def _fold_char(ch: str) -> str:
    """One character folded without compatibility decomposition: "" deletes it, " " separates."""
    cp = ord(ch)
    if ch in INVISIBLES or ch in ARABIC_DIACRITICS or ch == TATWEEL or ch in IGNORABLES:
        return ""
    if ch in _ARABIC_FOLD:
        return _ARABIC_FOLD[ch]
    if ch in _DIGITS:
        return _DIGITS[ch]
    if 0xD800 <= cp <= 0xDFFF:
        return " "
    if ch in _EXTRA_FOLD:
        return _EXTRA_FOLD[ch]
    cat = unicodedata.category(ch)
    if cat in ("Mn", "Cf"):  # combining marks (Latin accents written separately, Arabic marks); formats
        return ""
    if cat[0] not in "LN":
        return " "
    base = unicodedata.normalize("NFD", ch)[0]
    low = base.lower()
    if len(low) != 1:
        low = base
    if unicodedata.category(low)[0] not in "LN":
        low = ch.lower() if len(ch.lower()) == 1 else ch
    return low


# A few letters NFD does not decompose.
_EXTRA_FOLD = {"ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ı": "i", "ß": "s",
               "ʿ": " ", "ʾ": " ", "ʻ": " ", "ʼ": " "}


def _fold_compat(ch: str) -> str:
    """``_fold_char`` after NFKC: Arabic presentation forms (ﻣﺼﺮﺍﺗﺔ, the lam-alef ligature ﻻ), fullwidth
    Latin and digits (Ｍｉｓｒａｔａ), ligatures (ﬁ) and other compatibility characters fold to the letters
    they stand for.  A presentation form of a lone haraka (ﹰ, ﹱ) is deleted like the haraka."""
    if ch in _ARABIC_FOLD or ch in _DIGITS or ch in IGNORABLES or ch in INVISIBLES:
        return _fold_char(ch)
    # Only compatibility decompositions ("<font>", "<isolated>", "<wide>" ...) change under NFKC beyond
    # what NFD already does; checking that first keeps building the table cheap.
    if not unicodedata.decomposition(ch).startswith("<"):
        return _fold_char(ch)
    nf = unicodedata.normalize("NFKC", ch)
    if nf == ch:
        return _fold_char(ch)
    out = "".join(_fold_char(c) for c in nf)
    if out.strip() == "":
        return "" if any(unicodedata.category(c) == "Mn" or c == TATWEEL for c in nf) else (" " if out else "")
    return out


@lru_cache(maxsize=1)
def _fold_tables() -> tuple[np.ndarray, dict[int, str]]:
    """Code point -> folded code point for the Basic Multilingual Plane (0 means 'delete',
    ``EXPAND`` 'several characters, see the dict'), and the expansions."""
    table = np.zeros(0x10000, dtype=np.uint32)
    expansions: dict[int, str] = {}
    for cp in range(0x10000):
        out = _fold_compat(chr(cp))
        if len(out) == 1:
            table[cp] = ord(out)
        elif len(out) > 1:
            table[cp] = EXPAND
            expansions[cp] = out
    return table, expansions


def _fold_table() -> np.ndarray:
    return _fold_tables()[0]


def _fold_astral(cp: int) -> str:
    """A character outside the BMP: deleted (tags, variation selectors), a letter or digit when it is
    a compatibility form of one (mathematical 𝐌𝐢𝐬𝐫𝐚𝐭𝐚), else a separator (emoji, rare scripts)."""
    if any(lo <= cp <= hi for lo, hi in _ASTRAL_DELETED):
        return ""
    ch = chr(cp)
    cat = unicodedata.category(ch)
    if cat in ("Mn", "Cf"):
        return ""
    nf = unicodedata.normalize("NFKC", ch)
    if nf != ch and all(ord(c) < 0x10000 for c in nf):
        out = "".join(_fold_char(c) for c in nf)
        return out if out.strip() else " "
    return " "


@dataclass(frozen=True, slots=True)
class FoldedText:
    """A document folded for matching, with a map back to the original offsets.

    ``offsets[i]`` is the index in the original text of folded character ``i``;
    ``offsets[len(text)]`` is ``len(original)`` so that an end offset always maps.
    """

    text: str
    offsets: np.ndarray

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the folded span [start, end)."""
        return int(self.offsets[start]), int(self.offsets[end - 1]) + 1


def normalize_text(text: str) -> FoldedText:
    """Fold a document: Arabic letter variants unified, diacritics/tatweel/invisibles removed,
    Arabic-Indic digits to ASCII, Latin lower-cased without accents, every non-word character a
    single space (runs collapsed, a leading space kept so that word starts need no special case).
    """
    if not text:
        return FoldedText(" ", np.zeros(2, dtype=np.int64))
    table, expansions = _fold_tables()
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    bmp = cps < 0x10000
    folded = np.where(bmp, table[np.where(bmp, cps, 0)], EXPAND)
    # Characters that fold to several (ﻻ -> لا) or that lie outside the BMP are few: they are
    # expanded here, one folded character per slot, every slot mapped to its original character.
    special = np.flatnonzero(folded == EXPAND)
    orig = np.arange(len(cps), dtype=np.int64)
    if special.size:
        outs = []
        for i in special.tolist():
            cp = int(cps[i])
            outs.append(expansions[cp] if cp < 0x10000 else _fold_astral(cp))
        lengths = np.ones(len(cps), dtype=np.int64)
        lengths[special] = [len(o) for o in outs]
        orig = np.repeat(orig, lengths)
        folded = np.repeat(folded, lengths)
        starts = np.cumsum(lengths) - lengths
        for i, o in zip(special.tolist(), outs, strict=True):
            at = int(starts[i])
            for k, ch in enumerate(o):
                folded[at + k] = ord(ch)
        # A deleted astral character has no slot left (length 0): np.repeat dropped it.
    keep = folded != 0
    sel = np.flatnonzero(keep)
    if sel.size == 0:  # only marks and invisibles: nothing to match, one space for the scanner
        return FoldedText(" ", np.array([0, len(text)], dtype=np.int64))
    idx = orig[sel]
    kept = folded[sel]
    is_space = kept == ord(" ")
    # Collapse runs of spaces: keep a space only when the previous kept char is not a space.
    prev_space = np.empty_like(is_space)
    prev_space[0] = True  # drop a leading space; one is added below
    prev_space[1:] = is_space[:-1]
    keep2 = ~(is_space & prev_space)
    idx = idx[keep2]
    kept = kept[keep2]
    if idx.size == 0:  # separators only: the folded text is the one space the scanner needs
        return FoldedText(" ", np.array([0, len(text)], dtype=np.int64))
    # Always start with one space (mapped to offset 0) and end with one space (mapped to len).
    n = len(text)
    offsets = np.empty(len(idx) + 3, dtype=np.int64)
    offsets[0] = 0
    offsets[1 : len(idx) + 1] = idx
    body = kept.astype("<u4").tobytes().decode("utf-32-le")
    if body.endswith(" "):
        out = " " + body
        offsets[len(idx) + 1] = n
        offsets = offsets[: len(idx) + 2]
    else:
        out = " " + body + " "
        offsets[len(idx) + 1] = n
        offsets[len(idx) + 2] = n
    return FoldedText(out, offsets)


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Folded form of a short string (no leading/trailing space). Cached: names recur endlessly."""
    return normalize_text(text).text.strip()


# --- keys ----------------------------------------------------------------------------------------

ARABIC_RE = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_ABU_AR = {"ابو", "بو", "ابي", "ابا"}
_LATIN_ARTICLES = {"al", "el", "ad", "as", "ar", "at", "an", "az", "ash", "adh", "ath", "es", "ez", "et",
                   "en", "er", "ed", "le", "la", "les", "l", "the"}
_LATIN_ABU = {"abu", "abou", "bou", "bu", "abo", "bo"}


def is_arabic(text: str) -> bool:
    return ARABIC_RE.search(text) is not None


def arabic_key(name: str) -> str:
    """Key of an Arabic name: folded, the Abu particle as بو, spaces removed.

    بوقرين, بو قرين, أبو قرين and ابوقرين all give ``بوقرين``.
    """
    words = fold(name).split()
    if not words:
        return ""
    out: list[str] = []
    for w in words:
        if w in _ABU_AR:
            out.append("بو")
        elif w.startswith("ابو") and len(w) > 4:
            out.append("بو" + w[3:])
        else:
            out.append(w)
    return "".join(out)


def _latin_word(word: str) -> str:
    w = word
    w = w.replace("ou", "u").replace("oo", "u").replace("ee", "i")
    w = w.replace("ph", "f").replace("dh", "d").replace("th", "t").replace("sch", "sh")
    w = re.sub(r"(?<=[^aeiou])y", "i", w)
    w = w.replace("gh", "g")  # غ: Ghadames / Gadames, Ghashir / Gashir
    w = re.sub(r"[qgk]+", "k", w)
    w = w.replace("ck", "k")
    if w.endswith("ah") and len(w) > 3:
        w = w[:-1]
    if w.endswith("eh") and len(w) > 3:
        w = w[:-1]
    if len(w) > 3 and w.endswith("e") and w[-2] not in "aeiou":
        w = w[:-1]  # French/Italian final e: Syrte, Derne
    w = re.sub(r"(.)\1+", r"\1", w)
    return w


def latin_key(name: str) -> str:
    """Key of a Latin-script name: lower case, no accents, no article, Abu particle as ``bu``,
    transliteration alternations folded (q/g/k, ou/u, ah/a, doubled letters), no spaces.

    Misratah and Misrata meet; Abu Grein and Bouqrin meet (``bukrin`` / ``bukrein`` are then close
    enough for the fuzzy stage); Sirt and Syrte are separate keys listed as variants.
    """
    words = fold(name).split()
    if not words:
        return ""
    out: list[str] = []
    for i, w in enumerate(words):
        if w in _LATIN_ARTICLES and i < len(words) - 1:
            continue
        if w in _LATIN_ABU:
            out.append("bu")
            continue
        if w in ("ben", "bin", "ibn"):  # بن: Qasr bin Ghashir / Gasr Ben Gashir
            out.append("bin")
            continue
        out.append(_latin_word(w))
    return "".join(out)


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """The index key of any name, whichever script it is written in."""
    return arabic_key(name) if is_arabic(name) else latin_key(name)


def latin_skeleton(key: str) -> str:
    """Consonant skeleton of a Latin key (first letter kept): a coarse key for fuzzy candidates.

    Sirte, Sirt, Surt, Syrte -> ``srt``; Misrata, Misurata -> ``msrt``.
    """
    if not key:
        return key
    return key[0] + re.sub(r"[aeiouy]", "", key[1:])


def strip_arabic_article(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 3 else word
