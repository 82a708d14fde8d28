"""Toponym recognition: one Aho-Corasick pass over the folded text against every name in the gazetteer.

Patterns are folded names followed by a space, so every hit already ends at a word end; the word start
is checked afterwards, where an Arabic hit may be preceded by attached proclitics (و ف ب ك ل, and لل for
ل + the article). Proclitics are never stripped blindly: the full word is matched first (بنغازي, بني وليد,
ليبيا are whole names), and a prefix is accepted only when the rest of the word is a gazetteer name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import ahocorasick

from gazetteer.interface import PlaceIndex
from gazetteer.normalize import FoldedText, fold, is_arabic
from gazetteer.place import Place
from geo.places.cues import FOREIGN_QUALIFIERS
from geo.places.geometry import haversine_km

# Proclitic chains allowed before a name that does not start with the article, and before one that does.
_PREFIX_BARE = frozenset({"", "و", "ف", "ب", "ك", "ل", "وب", "فب", "وك", "فك", "ول", "فل"})
_PREFIX_ARTICLE = frozenset({"", "و", "ف", "ب", "ك", "وب", "فب", "وك", "فك"})
# A name with the article after ل loses the article's alef: ل + الجفرة = للجفرة.
_PREFIX_LAM = frozenset({"ل", "ول", "فل"})

_LATIN_ARTICLES = ("al ", "el ", "ad ", "as ", "ar ", "az ", "at ", "an ", "ash ", "es ", "ez ", "l ")

# Flags carried with each pattern.
ARABIC = 1
LAM_ARTICLE = 2  # pattern is ل + name-without-ال; needs a ل prefix before it
LATIN = 4


# Generic head nouns and qualifiers around a name (مطار بنينا, قاعدة الوطية الجوية, Benina airport): the
# reported span is the name proper when what remains is itself a name of the same place.
_HEADS_AR = frozenset(
    "قاعده مطار منطقه محور ميناء مرفا حقل مدينه بلده قريه حي معسكر شعبيه بلديه ضاحيه مجمع مصفاه اقليم منفذ معبر "
    "العاصمه مدن".split()
)
_TAILS_AR = frozenset("الجويه الدولي النفطي النفطيه البحري العسكري العسكريه".split())
# Head nouns of facilities: their bare name may be a town at the same site (مطار بنينا) or elsewhere.
_FACILITY_HEADS_AR = frozenset("قاعده مطار ميناء مرفا حقل معسكر مصفاه منفذ معبر".split())
SAME_SITE_KM = 6.0
# Head nouns of things named after a place: شارع/ميدان/ساحة/فندق + a country is one name (ميدان الجزائر).
_NAMED_AFTER_HEADS = frozenset("شارع ميدان ساحه دوار فندق جسر بوابه".split())
_TAILS_LATIN = ("airport", "air base", "airbase", "base", "port", "oil field", "field", "oil terminal",
                "terminal", "refinery", "international airport", "conference centre", "conference center",
                "border crossing", "crossing")
# Single words that are gazetteer names somewhere (المدينة is Medina) but in news mean "the city",
# "the region": never a mention on their own.
GENERIC_FORMS = frozenset(
    """
المدينه مدينه المنطقه منطقه القريه العاصمه البلده الميناء المطار القاعده الحدود الجنوب الشمال الشرق الغرب
الوسط الساحل الجبل الصحراء الوادي البحر الخليج المركز السوق الحي البلاد الدوله المنطقه الغربيه المنطقه
الشرقيه المنطقه الجنوبيه المنطقه الوسطي الجزيره الواحه المعسكر الجامعه المستشفي الميدان وادي
city capital center centre south north east west downtown
""".split()
) | frozenset({"المنطقه الغربيه", "المنطقه الشرقيه", "المنطقه الجنوبيه", "المنطقه الوسطي", "الطريق الساحلي",
               "coastal road", "coastal highway", "the coastal road"})


@dataclass(frozen=True, slots=True)
class Hit:
    """A gazetteer name found in the folded text: [start, end) in folded offsets, prefix excluded."""

    start: int
    end: int
    form: str
    places: tuple[int, ...]
    prefix: str
    flags: int


def _latin_variants(form: str) -> set[str]:
    out = {form}
    for art in _LATIN_ARTICLES:
        if form.startswith(art) and len(form) > len(art) + 2:
            out.add(form[len(art):])
    for f in list(out):
        if f.endswith("ah") and len(f) > 4:
            out.add(f[:-1])
        elif f.endswith("a") and len(f) > 3:
            out.add(f + "h")
    return out


class Recognizer:
    """The compiled automaton for one gazetteer index."""

    def __init__(
        self,
        forms: Mapping[str, tuple[int, ...]],
        primary_latin: frozenset[str] = frozenset(),
        qualifiers: frozenset[str] = frozenset(),
        places: Sequence[Place] = (),
    ) -> None:
        self.forms = forms
        self.places = places
        merged: dict[str, tuple[str, set[int], int]] = {}

        def add(pattern: str, form: str, idxs: tuple[int, ...], flags: int) -> None:
            if pattern in merged:
                merged[pattern][1].update(idxs)
            else:
                merged[pattern] = (form, set(idxs), flags)

        for form, idxs in forms.items():
            form = form.strip()
            if not form or form in GENERIC_FORMS:
                continue
            # "طرابلس اللبنانية", "Tripoli, Lebanon": the qualifier is context for resolving the name, and a
            # mention of its own (Lebanon), never part of the name's span.
            # A square, street or hotel named after a country (ميدان الجزائر) is a name of its own.
            if " " in form and form.split()[0] not in _NAMED_AFTER_HEADS and any(
                w in qualifiers for w in form.split()[1:]
            ):
                if not (places and all(places[i].kind == "country" for i in idxs)):
                    continue  # but a country's own full name stays whole (المملكة العربية السعودية)
            if is_arabic(form):
                # Two-letter Arabic forms (ام، بر) hit inside countless words and are never names alone.
                if len(form.replace(" ", "")) < 3:
                    continue
                add(form + " ", form, idxs, ARABIC)
                if form.startswith("ال") and len(form) > 4:
                    add("ل" + form[2:] + " ", form, idxs, ARABIC | LAM_ARTICLE)
            else:
                if len(form) < 3 or not any(c.isalpha() for c in form):
                    continue
                for variant in _latin_variants(form):
                    # Short Latin alternate names (Ben for Bern, Sham for Damascus) collide with ordinary
                    # words and name parts; a short form counts only as a place's own name (Hun, Jalu).
                    if len(variant) <= 4 and " " not in variant and variant not in primary_latin:
                        continue
                    add(" " + variant + " ", variant, idxs, LATIN)
        self.automaton = ahocorasick.Automaton()
        for pattern, (form, idxs, flags) in merged.items():
            self.automaton.add_word(pattern, (len(pattern), form, tuple(sorted(idxs)), flags))
        self.automaton.make_automaton()
        self.pattern_count = len(merged)

    def scan(self, folded: FoldedText) -> list[Hit]:
        """Every acceptable hit, longest-first without overlaps, in text order."""
        text = folded.text
        hits: list[Hit] = []
        for end_idx, (plen, form, idxs, flags) in self.automaton.iter(text):
            if flags & LATIN:
                start = end_idx - plen + 2  # skip the leading space
                hits.append(Hit(start, end_idx, form, idxs, "", flags))
                continue
            start = end_idx - plen + 1
            word_start = text.rfind(" ", 0, start) + 1
            prefix = text[word_start:start]
            if flags & LAM_ARTICLE:
                # The pattern starts with the article's ل; the proclitic ل is in the prefix.
                if prefix not in _PREFIX_LAM:
                    continue
            elif form.startswith("ال"):
                if prefix not in _PREFIX_ARTICLE:
                    continue
            elif prefix not in _PREFIX_BARE:
                continue
            hits.append(Hit(start, end_idx, form, idxs, prefix, flags))
        return [self._trim(h, text) for h in _longest_first(hits, len(text))]

    def _same_site(self, facility: tuple[int, ...], rest: str) -> bool:
        """True when the bare name (بنينا, الزاوية) names a place where the facility itself stands, so that
        the bare name already denotes the facility (the airport of Benina, the port of Zawiya)."""
        others = self.forms.get(rest, ())
        if not others or not self.places or not facility:
            return False
        return all(
            any(haversine_km(self.places[f].lat, self.places[f].lon, self.places[o].lat, self.places[o].lon)
                <= SAME_SITE_KM for o in others)
            for f in facility
        )

    def _trim(self, hit: Hit, text: str = "") -> Hit:
        """Drop generic head nouns and qualifiers from a hit when the rest names the same place (or a place
        at the same site); a facility whose bare name is a place elsewhere keeps its whole name, with the
        qualifier after it (قاعدة براك الشاطئ الجوية: Brak town lies 12 km from its air base)."""
        form, start, end, prefix = hit.form, hit.start, hit.end, hit.prefix
        latin = bool(hit.flags & LATIN)
        places = set(hit.places)
        changed = False
        while True:
            words = form.split()
            if len(words) < 2:
                break
            if not latin and words[0] in _HEADS_AR:
                rest = " ".join(words[1:])
                if places & set(self.forms.get(rest, ())) or (
                    words[0] in _FACILITY_HEADS_AR and self._same_site(hit.places, rest)
                ):
                    start += len(words[0]) + 1
                    form, prefix, changed = rest, "", True
                    continue
                if words[0] in _FACILITY_HEADS_AR and text and words[-1] not in _TAILS_AR:
                    tail = text[end + 1 : end + 1 + 12].split(" ", 1)[0]
                    if tail in _TAILS_AR:
                        end += len(tail) + 1
                        form, changed = form + " " + tail, True
                        break
            # A qualifier after the name goes with its head noun (قاعدة الوطية الجوية -> الوطية); a full
            # facility name whose bare name would be another place stays whole (مطار طرابلس الدولي).
            if latin:
                tail = next((t for t in _TAILS_LATIN if form.endswith(" " + t)), None)
                rest = form[: -len(tail) - 1] if tail else ""
                if tail and not rest.endswith("international") and (
                    places & set(self.forms.get(rest, ())) or self._same_site(hit.places, rest)
                ):
                    end -= len(tail) + 1
                    form, changed = rest, True
                    continue
            elif len(words) > 2 and words[0] in _HEADS_AR and words[-1] in _TAILS_AR:
                rest = " ".join(words[1:-1])
                if places & set(self.forms.get(rest, ())):
                    start += len(words[0]) + 1
                    end -= len(words[-1]) + 1
                    form, prefix, changed = rest, "", True
                    continue
            break
        if not changed:
            return hit
        return Hit(start, end, form, hit.places, prefix, hit.flags)


def _longest_first(hits: list[Hit], length: int) -> list[Hit]:
    """Keep the longest of overlapping hits (بو قرين over قرين), earliest first among equals.

    A mask of taken characters makes each test cost the hit's own length, so the whole pass is linear
    in the text (a list of taken spans kept sorted would cost a shift per insertion)."""
    if len(hits) < 2:
        return hits
    hits.sort(key=lambda h: (h.start - h.end - len(h.prefix), h.start))
    taken = bytearray(length + 1)
    kept: list[Hit] = []
    for h in hits:
        lo = h.start - len(h.prefix)
        if taken.find(1, lo, h.end) != -1:
            continue
        taken[lo : h.end] = b"\x01" * (h.end - lo)
        kept.append(h)
    kept.sort(key=lambda h: h.start)
    return kept


# id(index) -> (index, recognizer); the index is kept so that its id cannot be reused. A process
# normally holds one index, a test suite a handful.
_CACHE: dict[int, tuple[PlaceIndex, Recognizer]] = {}


def recognizer_for(index: PlaceIndex) -> Recognizer:
    """The automaton of an index, built once per index object."""
    entry = _CACHE.get(id(index))
    if entry is None:
        if len(_CACHE) > 8:
            _CACHE.clear()
        places = index.places
        primary = frozenset(v for p in places for v in _latin_variants(fold(p.name)))
        qualifiers = frozenset(index.demonyms) | frozenset(
            f for p in places if p.kind == "country" for f in (fold(p.name), fold(p.name_ar or "")) if f
        ) | frozenset(FOREIGN_QUALIFIERS)
        entry = (index, Recognizer(index.forms, primary, qualifiers, places))
        _CACHE[id(index)] = entry
    return entry[1]
