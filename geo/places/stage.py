"""Find and geocode every place name in an article: recognise, gate, resolve, add relative points.

``extract_mentions(article)`` is the whole stage; the steps are small functions over the folded text
(``gazetteer.normalize.normalize_text``) whose offsets map back to the original exactly.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from gazetteer.normalize import FoldedText, fold, is_arabic, name_key, normalize_text
from gazetteer.place import Place
from geo.article import Article
from geo.places.cues import (
    ASSOCIATED_WORDS,
    BEARINGS,
    COMMON_WORD_FOLLOWERS,
    FOREIGN_QUALIFIERS,
    KIND_HINTS,
    LIST_JOINERS,
    LOCATIVE_PROCLITICS,
    LOCATIVE_WORDS,
    NOT_A_PLACE_AFTER,
    NOT_A_PLACE_BEFORE,
    STRONG_LOCATIVE_WORDS,
)
from geo.places.mention import Candidate, Mention
from geo.places.recognize import ARABIC, LATIN, Hit, recognizer_for
from geo.places.relative import (
    NOMINAL_OFFSET_KM,
    between_start,
    destination,
    distance_after,
    find_relative,
    haversine_km,
    initial_bearing,
    joined_by_and,
)
from geo.places.resolve import Context, confidence, prior, rank
from geo.places.typos import typo_hits

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

_LATIN_ARTICLE_WORDS = frozenset({"al", "el", "ad", "as", "ar", "az", "at", "an", "ash", "es", "the", "l", "d"})

_SMALL_KINDS = frozenset({"village", "hamlet", "neighbourhood", "landmark", "wadi", "locality", "mountain"})


def _is_curated(place: Place) -> bool:
    return place.id.startswith(("curated:", "country:", "city:"))


@dataclass(slots=True)
class _Occurrence:
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


def _prev_word(text: str, pos: int) -> str:
    end = pos - 1  # text[pos-1] is the space before the word
    if end <= 0:
        return ""
    return text[text.rfind(" ", 0, end) + 1 : end]


def _next_words(text: str, pos: int, n: int = 2) -> tuple[str, ...]:
    return tuple(text[pos : pos + 80].split()[:n])


def _default_index() -> object:
    from gazetteer.cache import load_index

    return load_index()


def extract_mentions(article: Article, index: object | None = None, folded: FoldedText | None = None) -> list[Mention]:
    """Every place mention of the article, resolved, in text order (relative records after their anchor).

    ``folded`` is ``normalize_text(article.text)`` when the caller has it already (the pipeline folds
    once for the place and event stages)."""
    index = index if index is not None else _default_index()
    places: Sequence[Place] = index.places  # type: ignore[attr-defined]
    demonyms: dict[str, str] = getattr(index, "demonyms", {})
    text = article.text
    folded = folded if folded is not None else normalize_text(text)
    hits = recognizer_for(index).scan(folded)
    aliases: frozenset[tuple[str, int]] = getattr(index, "alias_keys", frozenset())
    occurrences = [o for h in hits if (o := _occurrence(h, folded, text, places, aliases)) is not None]
    forms: dict[str, tuple[int, ...]] = index.forms  # type: ignore[attr-defined]
    for o in occurrences:
        _requalify(o, forms, places, demonyms, folded, text)
    occurrences = _gate(occurrences, folded.text)
    occurrences += _typos(index, folded, text, places, occurrences)
    occurrences += _fuzzy(index, folded, text, places, occurrences)
    occurrences.sort(key=lambda o: o.start)
    return _resolve(article, occurrences, folded, demonyms)


def _occurrence(
    hit: Hit, folded: FoldedText, text: str, places: Sequence[Place], aliases: frozenset[tuple[str, int]] = frozenset()
) -> _Occurrence | None:
    start, end = folded.span(hit.start, hit.end)
    if hit.flags & LATIN:
        # English/French: a place name is capitalised; "sort" is not Sirte and "break" is not Brak. The
        # article may be lower case (al-Watiya), the name after it not.
        words = text[start:end].replace("-", " ").split()
        head = next((w for w in words if w.lower() not in _LATIN_ARTICLE_WORDS), words[0] if words else "")
        curated_phrase = len(words) > 1 and any(_is_curated(places[i]) for i in hit.places)
        if not head[:1].isupper() and not curated_phrase:
            return None  # lower-case multi-word curated names pass: "the oil crescent", "airport road"
        if words and words[0].lower() in _LATIN_ARTICLE_WORDS and _after_personal_name(text, start):
            return None  # Musa al-Sadr, Fayez al-Sarraj: a family name, not a place
    word_start = hit.start - len(hit.prefix)
    cands, needs = _candidates(hit.form, hit.places, hit.flags, places, aliases)
    return _Occurrence(
        hit=hit,
        start=start,
        end=end,
        word_start=word_start,
        prev_word=_prev_word(folded.text, word_start),
        next_words=_next_words(folded.text, hit.end + 1),
        candidates=list(cands),
        needs_evidence=needs,
    )


def _requalify(
    o: _Occurrence,
    forms: dict[str, tuple[int, ...]],
    places: Sequence[Place],
    demonyms: dict[str, str],
    folded: FoldedText,
    text: str,
) -> None:
    """ميناء طرابلس اللبنانية: a foreign qualifier after "head noun + name" means the head's own place (the
    port of Tripoli, Libya) is wrong; the name is the foreign one and the head noun stays outside it."""
    iso = next((FOREIGN_QUALIFIERS.get(w) or demonyms.get(w) for w in o.next_words[:1]), None)
    words = o.hit.form.split()
    if not iso or iso == "LY" or len(words) < 2:
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


def _after_personal_name(text: str, start: int) -> bool:
    before = text[max(0, start - 30) : start].rstrip(" ")
    if not before or not before[-1].isalpha():
        return False
    word = before.split()[-1]
    return word[:1].isupper() and word.lower() not in _LATIN_CUES


_LATIN_CUES = frozenset({"in", "at", "near", "of", "from", "to", "and", "the", "de", "a", "en", "du", "le", "la"})


def _is_nisba_adjective(o: _Occurrence) -> bool:
    """وفدا بريطانيا "a British delegation", دعما تركيا "Turkish support": a country name in -يا right after an
    indefinite accusative noun (ending in tanwin alef) is the adjective, written the same without vowels."""
    form, prev = o.hit.form, o.prev_word
    if o.hit.prefix or not form.endswith("يا") or " " in form or len(prev) < 3:
        return False
    if not prev.endswith("ا") or prev.endswith(("ها", "نا", "وا")) or prev in LOCATIVE_WORDS:
        return False
    return all(p.kind == "country" for p, _ in o.candidates)


# (id(places), form, place indices, flags) -> (candidates with priors, needs evidence): a name's
# candidates do not depend on where it occurs, and the same names recur in every article.
_CANDIDATE_MEMO: dict[tuple[int, str, tuple[int, ...], int], tuple[tuple[tuple[Place, float], ...], bool]] = {}


def _candidates(
    form: str, idxs: tuple[int, ...], flags: int, places: Sequence[Place], aliases: frozenset[tuple[str, int]]
) -> tuple[tuple[tuple[Place, float], ...], bool]:
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
    needs = form in COMMON_WORD_FORMS or any(p.ambiguous for p, _ in cands) and not latin
    if not needs and all(not _is_curated(p) for p, _ in cands) and (
        not latin or all(p.kind in _SMALL_KINDS or not p.population for p, _ in cands)
    ):
        # Bulk-source names the project has not vetted: Arabic villages and foreign towns named like
        # common words (الحرية, العبور "crossing", بحري "naval", وادي) count only with evidence.
        needs = True
    if len(_CANDIDATE_MEMO) > 100_000:
        _CANDIDATE_MEMO.clear()
    result = _CANDIDATE_MEMO[memo_key] = (tuple(cands), needs)
    return result


def _locative_evidence(o: _Occurrence) -> float:
    # "الخمس سنوات" (five years): only for names that are ordinary words too; "البريقة مرات عدة" is Brega.
    if o.needs_evidence and o.next_words and o.next_words[0] in COMMON_WORD_FOLLOWERS:
        return -1.0
    if o.prev_word in NOT_A_PLACE_AFTER.get(o.hit.form, ()):
        return -1.0
    if o.next_words and o.next_words[0] in NOT_A_PLACE_BEFORE.get(o.hit.form, ()):
        return -1.0
    if _is_nisba_adjective(o):
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


def _gate(occurrences: list[_Occurrence], ftext: str) -> list[_Occurrence]:
    """Keep names that need evidence only when the text gives it: a locative cue, or a list of places."""
    for o in occurrences:
        o.evidence = _locative_evidence(o)
    accepted = [(not o.needs_evidence and o.evidence >= 0) or o.evidence >= 0.6 for o in occurrences]
    # A list of places: "سرت والجفرة وهون", "Sirte, Jufra and Hun" lends evidence to its members.
    for _ in range(2):
        for i, o in enumerate(occurrences):
            if accepted[i] or o.evidence < 0:
                continue
            for j in (i - 1, i + 1):
                if 0 <= j < len(occurrences) and accepted[j] and _adjacent(occurrences, min(i, j), max(i, j), ftext):
                    accepted[i] = True
                    o.evidence = max(o.evidence, 0.6)
    return [o for o, ok in zip(occurrences, accepted, strict=True) if ok]


def _adjacent(occ: list[_Occurrence], i: int, j: int, ftext: str) -> bool:
    a, b = occ[i], occ[j]
    gap = ftext[a.hit.end : b.word_start]
    words = gap.split()
    if b.hit.prefix.startswith("و") and not words:
        return True
    return len(words) <= 1 and all(w in LIST_JOINERS for w in words)


def _typos(
    index: object, folded: FoldedText, text: str, places: Sequence[Place], found: list[_Occurrence]
) -> list[_Occurrence]:
    """Misspelt curated names (one dot wrong: بالرحمة for بالرجمة), taken only with a locative cue and
    a Libyan place of the article within 150 km."""
    anchors = [(p.lat, p.lon) for o in found for p, _ in o.candidates[:1] if p.in_libya and _is_curated(p)]
    taken = [(o.word_start, o.hit.end) for o in found]
    out: list[_Occurrence] = []
    for hit in typo_hits(index, folded):
        lo = hit.start - len(hit.prefix)
        if any(lo < e and s < hit.end for s, e in taken):
            continue
        occ = _occurrence(hit, folded, text, places)
        if occ is None:
            continue
        occ.needs_evidence = True
        word = folded.text[hit.start : hit.end]
        if occ.prev_word in NOT_A_PLACE_AFTER.get(word, ()) or _locative_evidence(occ) < 0.6:
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


def _fuzzy(
    index: object, folded: FoldedText, text: str, places: Sequence[Place], found: list[_Occurrence]
) -> list[_Occurrence]:
    """Near-miss spellings (Al Qrayat for Al Qaryat, Gasr Ben Gashir) in a locative slot, Libyan places
    only, with a lower confidence."""
    search = getattr(index, "search", None)
    if search is None:
        return []
    taken = [(o.start, o.end) for o in found]
    out: list[_Occurrence] = []
    lookup = getattr(index, "lookup", None)
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
                    exact = [p for p, _ in lookup(cand)] if lookup else []
                    place = memo[(exact_only, cand)] = next((p for p in exact if p.in_libya and _is_curated(p)), None)
                else:
                    hits = [h for h in search(cand, limit=3) if h.how != "exact" and h.place.in_libya]
                    best = next((h for h in hits if _close_spelling(cand, h.place) >= _FUZZY_CUTOFF), None)
                    place = memo[(exact_only, cand)] = best.place if best else None
                if place is None:
                    continue
                fs = int(np.searchsorted(folded.offsets, s))
                fe = int(np.searchsorted(folded.offsets, e2 - 1)) + 1
                hit = Hit(fs, fe, fold(cand), (), "", ARABIC if is_arabic(cand) else LATIN)
                occ = _Occurrence(
                    hit=hit, start=s, end=e2, word_start=fs, prev_word="", next_words=(),
                    candidates=[(place, prior(place, True))], needs_evidence=False, evidence=1.0,
                    typo=conf_cap < 0.7,
                )
                out.append(occ)
                taken.append((s, e2))
                break
    return out


_DEMONYM_ENDINGS = ("n", "an", "ns", "ans", "i", "is", "ian", "ians", "ia", "ine", "ines")


def _close_spelling(name: str, place: Place) -> float:
    """Similarity (0-100) of a spelling to the place's closest name; 0 for its demonym (Misratan)."""
    from rapidfuzz import fuzz

    key = name_key(name)
    keys = [name_key(n) for n in place.all_names() if is_arabic(n) == is_arabic(name)]
    if any(key.startswith(k) and key[len(k):] in _DEMONYM_ENDINGS for k in keys if k):
        return 0.0
    return max((fuzz.ratio(key, k) for k in keys), default=0.0)


def _context(o: _Occurrence, demonyms: dict[str, str]) -> Context:
    hints = KIND_HINTS.get(o.prev_word, ())
    iso = None
    for w in (*o.next_words, o.prev_word):
        iso = FOREIGN_QUALIFIERS.get(w) or demonyms.get(w)
        if iso and iso != "LY":
            break
        iso = None
    return Context(kind_hints=hints, foreign_iso=iso)


def _anchors_for(
    i: int, pos: int, anchor_pts: list[tuple[float, float, int]], occ: list[_Occurrence]
) -> list[tuple[float, float, float]]:
    """(lat, lon, weight) of the other anchors, one per place (its nearest occurrence in the text)."""
    best: dict[tuple[float, float], float] = {}
    for la, lo, j in anchor_pts:
        if j == i:
            continue
        w = 0.4 + 0.6 * math.exp(-abs(occ[j].start - pos) / 400.0)
        if w > best.get((la, lo), 0.0):
            best[(la, lo)] = w
    return [(la, lo, w) for (la, lo), w in best.items()]


def _resolve(article: Article, occ: list[_Occurrence], folded: FoldedText, demonyms: dict[str, str]) -> list[Mention]:
    contexts = [_context(o, demonyms) for o in occ]
    first = [rank(o.candidates, c, ()) for o, c in zip(occ, contexts, strict=True)]
    # Coherence: confident Libyan choices anchor the others (nearest wins among same-named places).
    anchor_pts = [
        (s[0][0].lat, s[0][0].lon, i)
        for i, s in enumerate(first)
        if s and s[0][0].in_libya and s[0][0].kind not in ("country", "region") and len(occ[i].candidates) == 1
    ]
    foreign_pts = [(s[0][0].country, occ[i].start) for i, s in enumerate(first) if s and not s[0][0].in_libya]
    mentions: list[Mention] = []
    for i, (o, ctx) in enumerate(zip(occ, contexts, strict=True)):
        if len(o.candidates) > 1 and foreign_pts:
            near = tuple((iso, math.exp(-abs(pos - o.start) / 300.0)) for iso, pos in foreign_pts if pos != o.start)
            ctx = dataclasses.replace(ctx, nearby_countries=near)
        # Nearby in the text counts more: a place a sentence away says more than one ten paragraphs away.
        anchors = _anchors_for(i, o.start, anchor_pts, occ) if len(o.candidates) > 1 else []
        scored = rank(o.candidates, ctx, anchors) if len(o.candidates) > 1 else first[i]
        best = scored[0][0]
        conf = confidence(scored, o.evidence if o.needs_evidence else 1.0)
        if o.typo:
            conf = min(conf, 0.6)
        elif not _is_curated(best):
            conf = min(conf, 0.85)
        m = Mention(
            doc=article.doc,
            surface=article.text[o.start : o.end],
            start=o.start,
            end=o.end,
            place=best,
            lat=best.lat,
            lon=best.lon,
            precision=_precision(best),
            confidence=conf,
            candidates=tuple(Candidate(p, round(s, 3)) for p, s in scored[:5]),
            evidence=("typo",) if o.typo else (),
        )
        mentions.append(m)
    return _with_relative(article, mentions, occ, folded)


# Punctuation that cannot stand inside one relative expression ("500 km (300 miles) south of" can).
_CLAUSE_PUNCT = frozenset("،,.;؛:!?؟«»\"\n")

_ROAD_WORDS = frozenset(
    fold(w) for w in "الطريق طريق الخط الساحلي الرابط الرابطة الواصل الممتد road highway route axis linking".split()
)


def _after_road_word(ftext: str, pos: int) -> bool:
    """"the road between Misrata and Benghazi" names a route, not a place between two towns."""
    return _prev_word(ftext, pos) in _ROAD_WORDS


def _precision(place: Place) -> int:
    if place.kind == "country":
        return 4
    if place.kind in ("region", "district"):
        return 3
    return 1


def _with_relative(
    article: Article, mentions: list[Mention], occ: list[_Occurrence], folded: FoldedText
) -> list[Mention]:
    ftext = folded.text
    out: list[Mention] = []
    used_between: set[int] = set()
    for i, (m, o) in enumerate(zip(mentions, occ, strict=True)):
        out.append(m)
        if m.place is None or i in used_between:
            continue
        latin = bool(o.hit.flags & LATIN)
        # "between X and Y": the midpoint, anchored to X.
        if i + 1 < len(mentions):
            n, no = mentions[i + 1], occ[i + 1]
            b0 = between_start(ftext, o.word_start, latin)
            if (
                b0 is not None
                and n.place is not None
                and m.in_libya
                and n.in_libya
                and joined_by_and(ftext, o.hit.end, no.word_start, no.hit.prefix, latin)
                and not _after_road_word(ftext, b0)
                and haversine_km(m.lat, m.lon, n.lat, n.lon) <= 400  # type: ignore[arg-type]
            ):
                lat, lon = (m.lat + n.lat) / 2, (m.lon + n.lon) / 2  # type: ignore[operator]
                start = int(folded.offsets[b0])
                out.append(
                    _relative_record(
                        article, m.place, start, n.end, lat, lon,
                        initial_bearing(m.lat, m.lon, lat, lon),  # type: ignore[arg-type]
                        round(haversine_km(m.lat, m.lon, lat, lon), 1),  # type: ignore[arg-type]
                        min(m.confidence, n.confidence),
                    )
                )
                out.append(n)
                used_between.add(i + 1)
                continue
        if m.place.kind == "country":
            continue  # شمال لبنان, eastern Libya: a region of a country, not a point near one
        if o.hit.prefix[:1] in ("و", "ف"):
            continue  # "من الشرق وطرابلس": "and" separates the direction from the name
        cue = find_relative(ftext, o.word_start, latin)
        if cue is None:
            continue
        if i > 0 and cue.start < occ[i - 1].hit.end:
            continue  # "الساحل الغربي صرمان": the direction word belongs to the name before
        offset_km, end = cue.offset_km, m.end
        if offset_km is None and (after := distance_after(ftext, o.hit.end, latin)) is not None:
            offset_km = after[1]
            end = int(folded.offsets[after[0] - 1]) + 1
        dist = offset_km if offset_km is not None else NOMINAL_OFFSET_KM.get(m.place.kind, 5.0)
        lat, lon = destination(m.place.lat, m.place.lon, cue.bearing_deg, dist)
        start = int(folded.offsets[cue.start])
        if any(ch in _CLAUSE_PUNCT for ch in article.text[start : m.start]):
            continue  # "الشرقية، من الكفرة": a comma inside means the words do not form one expression
        out.append(
            _relative_record(article, m.place, start, end, lat, lon, cue.bearing_deg, offset_km, m.confidence * 0.95)
        )
    # Mentions skipped inside a "between" pair were appended above; keep text order stable.
    seen: set[int] = set()
    ordered: list[Mention] = []
    for m in out:
        if id(m) in seen:
            continue
        seen.add(id(m))
        ordered.append(m)
    return ordered


def _relative_record(
    article: Article,
    anchor: Place,
    start: int,
    end: int,
    lat: float,
    lon: float,
    bearing: float,
    offset_km: float | None,
    conf: float,
) -> Mention:
    return Mention(
        doc=article.doc,
        surface=article.text[start:end],
        start=start,
        end=end,
        place=None,
        lat=lat,
        lon=lon,
        precision=3 if anchor.kind in ("country", "region") else 2,
        confidence=conf,
        kind="relative",
        anchor=anchor,
        bearing_deg=round(bearing, 1),
        offset_km=offset_km,
    )
