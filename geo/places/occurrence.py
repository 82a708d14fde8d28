"""From automaton hits to occurrences: a name where it stands, the words around it, and its candidates.

An occurrence is what the later steps judge (the gate, the resolver, the relative expressions). Latin hits
that are not place names by form (lower-case words, family names after a given name) never become one.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from gazetteer.normalize import FoldedText, fold, name_key
from gazetteer.place import Place
from geo.places.cues import FOREIGN_QUALIFIERS
from geo.places.recognize import LATIN, Hit
from geo.places.resolve import is_curated, prior

# Arabic forms that are ordinary words far more often than places (measured on NewsFANE where they
# occur there, and named in the issue): they count only with positive evidence.
COMMON_WORD_FORMS = frozenset(
    fold(w)
    for w in """
الجديد الخمس الزاوية البيضاء المرج هون درج زلة الشقيقة الكفرة الرحمة براك باراك الجميل السلام النصر
الوحدة الحرية الامل الفجر الوادي الابيار العزيزية القلعة الرياينة الشرقية الغربية الجنوبية الشمالية المنشية
البركة الهواري السبعة الساحل الجبل الواحات الخليج المدينة القرية الحدود المركز الفرناج الكرامة الشط
الصحراء النهر البحر الوسط العين الشاطئ الشاطي السوق الكويفية الحي المطار القصر العربي الاسلامي
الشرارة الفيل الهلال الجوش الرابطة الفتح التحدي اصابعه اصابعة ودان
""".split()
)

LATIN_ARTICLE_WORDS = frozenset({"al", "el", "ad", "as", "ar", "az", "at", "an", "ash", "es", "the", "l", "d"})

_SMALL_KINDS = frozenset({"village", "hamlet", "neighbourhood", "landmark", "wadi", "locality", "mountain"})

# Words before a capitalised Latin name that are not a given name: "in Al-Watiya", "of El Sidra".
LATIN_CUES = frozenset({"in", "at", "near", "of", "from", "to", "and", "the", "de", "a", "en", "du", "le", "la"})


@dataclass(slots=True)
class Occurrence:
    hit: Hit
    start: int  # original offsets of the name (without proclitics)
    end: int
    word_start: int  # folded offset of the word start (proclitics included)
    prev_word: str
    next_words: tuple[str, ...]
    candidates: list[tuple[Place, float]]
    needs_evidence: bool
    evidence: float = 0.0
    typo: bool = False
    conf_cap: float = 1.0  # found by transliteration key or spelling, not by a known form: less sure
    common_words: frozenset[str] = frozenset()  # the gazetteer's forms measured to be ordinary words


def prev_word(text: str, pos: int) -> str:
    end = pos - 1  # text[pos-1] is the space before the word
    if end <= 0:
        return ""
    return text[text.rfind(" ", 0, end) + 1 : end]


def next_words(text: str, pos: int, n: int = 2) -> tuple[str, ...]:
    return tuple(text[pos : pos + 80].split()[:n])


def occurrence(
    hit: Hit, folded: FoldedText, text: str, places: Sequence[Place], aliases: frozenset[tuple[str, int]] = frozenset(),
    common: frozenset[str] = frozenset(),
) -> Occurrence | None:
    start, end = folded.span(hit.start, hit.end)
    if hit.flags & LATIN:
        # English/French: a place name is capitalised; "sort" is not Sirte and "break" is not Brak. The
        # article may be lower case (al-Watiya), the name after it not.
        words = text[start:end].replace("-", " ").split()
        head = next((w for w in words if w.lower() not in LATIN_ARTICLE_WORDS), words[0] if words else "")
        curated_phrase = len(words) > 1 and any(is_curated(places[i]) for i in hit.places)
        if not head[:1].isupper() and not curated_phrase:
            return None  # lower-case multi-word curated names pass: "the oil crescent", "airport road"
        if words and words[0].lower() in LATIN_ARTICLE_WORDS and after_personal_name(text, start):
            return None  # Musa al-Sadr, Fayez al-Sarraj: a family name, not a place
    word_start = hit.start - len(hit.prefix)
    cands, needs = candidates(hit.form, hit.places, hit.flags, places, aliases, common)
    return Occurrence(
        hit=hit,
        start=start,
        end=end,
        word_start=word_start,
        prev_word=prev_word(folded.text, word_start),
        next_words=next_words(folded.text, hit.end + 1),
        candidates=list(cands),
        needs_evidence=needs,
        common_words=common,
    )


def requalify(
    o: Occurrence,
    forms: Mapping[str, tuple[int, ...]],
    places: Sequence[Place],
    demonyms: Mapping[str, str],
    folded: FoldedText,
) -> None:
    """ميناء طرابلس اللبنانية: a foreign qualifier after "head noun + name" means the head's own place (the
    port of Tripoli, Libya) is wrong; the name is the foreign one and the head noun stays outside it."""
    iso = next((FOREIGN_QUALIFIERS.get(w) or demonyms.get(w) for w in o.next_words[:1]), None)
    words = o.hit.form.split()
    if not iso or iso == "LY":
        return
    if len(words) < 2 or o.prev_word in _HEAD_WORDS:
        # The head noun was already left out of the span (ميناء طرابلس: the port at Tripoli's site).
        own = [i for i in forms.get(o.hit.form, ()) if places[i].country == iso]
        if own and not any(p.country == iso for p, _ in o.candidates):
            o.candidates = [(places[i], prior(places[i], True)) for i in own]
        return
    rest = " ".join(words[1:])
    foreign = [i for i in forms.get(rest, ()) if places[i].country == iso]
    if not foreign:
        return
    fstart = o.hit.start + len(words[0]) + 1
    o.hit = Hit(fstart, o.hit.end, rest, tuple(foreign), "", o.hit.flags)
    o.start, o.end = folded.span(fstart, o.hit.end)
    o.word_start = fstart
    o.prev_word = words[0]
    o.candidates = [(places[i], prior(places[i], True)) for i in foreign]


_HEAD_WORDS = frozenset(fold(w) for w in "ميناء مطار قاعدة مرفأ حقل وميناء ومطار بميناء بمطار".split())


def after_personal_name(text: str, start: int) -> bool:
    before = text[max(0, start - 30) : start].rstrip(" ")
    if not before or not before[-1].isalpha():
        return False
    word = before.split()[-1]
    return word[:1].isupper() and word.lower() not in LATIN_CUES


# (id(places), form, place indices, flags) -> (candidates with priors, needs evidence): a name's
# candidates do not depend on where it occurs, and the same names recur in every article.
_CANDIDATE_MEMO: dict[tuple[int, str, tuple[int, ...], int], tuple[tuple[tuple[Place, float], ...], bool]] = {}
_CANDIDATE_OWNER: dict[int, Sequence[Place]] = {}  # the places the memo is about, kept so their id stays theirs


# wordfreq's Zipf scale: 3.5 is about three times in a million words of Arabic.
FREQUENT_WORD_ZIPF = 3.5


def _zipf(form: str) -> float:
    """wordfreq's Zipf frequency of an Arabic word (0 when unknown)."""
    rank = _arabic_ranks().get(form)
    return 0.0 if rank is None else 9.0 - rank / 100.0


@lru_cache(maxsize=1)
def _arabic_ranks() -> dict[str, int]:
    """wordfreq's small Arabic list read straight from its data file (word -> centibel bin): importing
    wordfreq itself costs about a second, the file a tenth of that."""
    import gzip
    import importlib.util
    from pathlib import Path

    import msgpack

    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "small_ar.msgpack.gz"
    with gzip.open(path, "rb") as fh:
        data = msgpack.load(fh, raw=False)
    ranks: dict[str, int] = {}
    for i, words in enumerate(data[1:]):  # data[0] is the header; bin i holds words at -i centibels
        for w in words:
            ranks.setdefault(w, i)
    return ranks


def candidates(
    form: str, idxs: tuple[int, ...], flags: int, places: Sequence[Place], aliases: frozenset[tuple[str, int]],
    common: frozenset[str] = frozenset(),
) -> tuple[tuple[tuple[Place, float], ...], bool]:
    """The places a form can name, with their priors, and whether the form needs evidence to count."""
    if _CANDIDATE_OWNER.get(id(places)) is not places:
        # another gazetteer (or a new one at a reused id): the memo speaks of other places
        _CANDIDATE_MEMO.clear()
        _CANDIDATE_OWNER.clear()
        _CANDIDATE_OWNER[id(places)] = places
    memo_key = (id(places), form, idxs, flags)
    if (hit := _CANDIDATE_MEMO.get(memo_key)) is not None:
        return hit
    key = name_key(form)
    primary = [(key, i) not in aliases for i in idxs]
    cands = []
    for i, is_primary in zip(idxs, primary, strict=True):
        p = places[i]
        base = prior(p, is_primary)
        if form in (fold(p.name_ar or ""), fold(p.name)):
            base += 0.15  # the place's own main name, not one of its variants: the likelier reading
        if not is_primary and any(primary):
            # Homs is Syria's own name; that GeoNames also lists it for Al Khums must not win.
            base -= 1.5
        cands.append((p, base))
    latin = bool(flags & LATIN)
    # The gazetteer's measure is per form (فلسطين is a place, مالي "financial" mostly a word).
    needs = form in COMMON_WORD_FORMS or form in common or any(p.ambiguous for p, _ in cands) and not latin
    if not needs and not latin and " " not in form and all(not p.in_libya and p.kind != "country" for p, _ in cands):
        # A variant spelling of a foreign city that is also a frequent Arabic word (كيف for Kyiv, أمان for
        # Amman): only the place's own main name counts without a cue.
        if all(form != fold(p.name_ar or "") for p, _ in cands) and _zipf(form) >= FREQUENT_WORD_ZIPF:
            needs = True
    if not needs and all(not is_curated(p) for p, _ in cands) and (
        not latin or all(p.kind in _SMALL_KINDS or not p.population for p, _ in cands)
    ):
        # Bulk-source names the project has not vetted: Arabic villages and foreign towns named like
        # common words (الحرية, العبور "crossing", بحري "naval", وادي) count only with evidence.
        needs = True
    if len(_CANDIDATE_MEMO) > 100_000:
        _CANDIDATE_MEMO.clear()
    result = _CANDIDATE_MEMO[memo_key] = (tuple(cands), needs)
    return result


class SpanSet:
    """Non-overlapping taken spans, with an O(log n) overlap test (a long article has many)."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for s, e in sorted(spans):
            if not self.overlaps(s, e):
                self._starts.append(s)
                self._ends.append(e)

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self._starts, s)
        if i < len(self._starts) and self._starts[i] < e:
            return True
        return i > 0 and self._ends[i - 1] > s

    def add(self, s: int, e: int) -> None:
        i = bisect.bisect_left(self._starts, s)
        self._starts.insert(i, s)
        self._ends.insert(i, e)
