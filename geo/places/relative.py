"""Relative locations: "40 km south of Sirte", شرق مصراتة, على بعد 30 كيلومترا غرب سرت, à 50 km à l'est
de Syrte, between Sirte and Jufra. Each becomes its own point with precision 2, anchored to a place.

Patterns are matched on the folded text immediately before the anchor name (and, for "between",
around a pair of names), so the expression's span is exact in the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gazetteer.normalize import FoldedText, fold
from gazetteer.place import Place
from geo.article import Article
from geo.places.geometry import destination, haversine_km, initial_bearing
from geo.places.mention import Mention
from geo.places.occurrence import Occurrence, prev_word
from geo.places.recognize import LATIN

__all__ = ["destination", "find_relative", "haversine_km", "initial_bearing", "relative_mentions"]

_AR_DIR = r"(?:[وفب]|في )?(?:ال)?(?P<d1>شمال|جنوب|شرق|غرب)(?:ي|يه|ا)?(?: (?:ال)?(?P<d2>شرق|غرب)(?:ي|يه)?)?"
_AR_UNIT = r"(?:كم|كلم|كيلو ?مترا?|كيلومترات|كيلو ?مترات|ميل|اميال)"
# Distances are written in digits or in words (ثمانين كيلومترا); the words are read by _number().
_AR_NUMWORDS = (
    r"(?:(?:واحد|اثنين|اثنان|ثلاثه|اربعه|خمسه|سته|سبعه|ثمانيه|تسعه) و)?"
    r"(?:عشره|عشرين|عشرون|ثلاثين|ثلاثون|اربعين|اربعون|خمسين|خمسون|ستين|ستون|سبعين|سبعون|ثمانين|ثمانون|تسعين|تسعون"
    r"|مئه|مائه|مئتي|مائتي|مئتين|مائتين|ثلاثمئه|ثلاثمائه|خمسه|ثلاثه|اربعه|سته|سبعه|ثمانيه|تسعه)"
)
_AR_DIST = (
    r"(?:علي (?:بعد|مسافه) )?(?:(?:حوالي|نحو|قرابه|زهاء) )?(?P<num>\d+(?:[.,]\d+)?|" + _AR_NUMWORDS + r") ?"
    + _AR_UNIT
)
_AR_HEAD = r"(?: (?:مدينه|بلده|منطقه|قريه|العاصمه))?"
_AR = re.compile(
    r"(?:^| )(?:(?:الي|نحو|في) )?(?P<expr>(?:" + _AR_DIST + r" )?(?:(?:الي|نحو|في) )?" + _AR_DIR + r"(?: من)?"
    + _AR_HEAD + r") $"
)

_EN_DIR = (
    r"(?P<d1>north|south|east|west)(?:ern)?(?:[ -]?(?P<d2>east|west)(?:ern)?)?"
)
_EN_UNIT = r"(?P<unit>km|kms|kilometres|kilometers|kilometre|kilometer|miles|mile|mi)"
_EN = re.compile(
    r"(?:^| )(?P<expr>(?:(?:about|some|around|roughly|nearly|approximately) )?(?:(?P<num>\d+(?:[.,]\d+)?) ?"
    + _EN_UNIT
    + r" (?:\d+ (?:miles?|mi|km) )?(?:to the )?)?"  # "500 km (300 miles) southeast of": parentheses fold away
    + _EN_DIR
    + r" (?:of|outskirts of)(?: the (?:city|town|village) of)?) $"
)
_EN_ADJ = re.compile(r"(?:^| )(?P<expr>(?P<d1>north|south|east|west)ern(?:[ -]?(?P<d2>east|west)ern)?) $")

_FR_DIR = r"(?:(?:au|a l|a la) )?(?P<d1>nord|sud|est|ouest)(?:[ -](?P<d2>est|ouest))?"
_FR = re.compile(
    r"(?:^| )(?P<expr>(?:a (?:environ |quelque )?(?P<num>\d+(?:[.,]\d+)?) ?(?P<unit>km|kilometres|kilometre) )?"
    + _FR_DIR
    + r" (?:de|d)(?: la ville de)?) $"
)

_BEARING = {
    "شمال": 0.0, "جنوب": 180.0, "شرق": 90.0, "غرب": 270.0,
    "north": 0.0, "south": 180.0, "east": 90.0, "west": 270.0,
    "nord": 0.0, "sud": 180.0, "est": 90.0, "ouest": 270.0,
}

# Distance projected when the text gives a direction but no distance, by the anchor's kind: the
# point stands for "the eastern part / outskirts of", not for a measured offset.
NOMINAL_OFFSET_KM = {"country": 400.0, "region": 80.0, "district": 40.0, "city": 15.0, "town": 8.0}


_AR_DIRS = ("شمال", "جنوب", "شرق", "غرب")
_LATIN_DIRS = ("north", "south", "east", "west", "nord", "sud", "est", "ouest")


@dataclass(frozen=True, slots=True)
class RelativeCue:
    """A relative expression found before an anchor name, in folded offsets."""

    start: int  # folded offset where the expression begins
    bearing_deg: float
    offset_km: float | None


def combine_bearings(d1: str, d2: str | None) -> float:
    b1 = _BEARING[d1]
    if not d2:
        return b1
    b2 = _BEARING[d2]
    # north-east = 45, south-west = 225 ...
    if {b1, b2} == {0.0, 270.0}:
        return 315.0
    return (b1 + b2) / 2.0


def find_relative(folded_text: str, anchor_start: int, latin: bool) -> RelativeCue | None:
    """A relative expression ending right before the folded offset ``anchor_start`` (the start of the
    anchor's word, proclitics included), or None."""
    lo = max(0, anchor_start - 90)
    window = folded_text[lo:anchor_start]
    # Most names have no direction word before them: a substring test spares the regexes.
    if not any(w in window for w in (_LATIN_DIRS if latin else _AR_DIRS)):
        return None
    patterns = (_EN, _FR, _EN_ADJ) if latin else (_AR,)
    for pat in patterns:
        m = pat.search(window)
        if not m:
            continue
        num = m.groupdict().get("num")
        km: float | None = None
        if num:
            km = _number(num)
            if km is None:
                continue
            unit = m.groupdict().get("unit") or ""
            if unit.startswith("mi") or "ميل" in m.group("expr") or "اميال" in m.group("expr"):
                km *= 1.609344
            if not 0 < km <= 2000:
                continue
        bearing = combine_bearings(m.group("d1"), m.group("d2"))
        return RelativeCue(lo + m.start("expr"), bearing, km)
    return None


_UNITS = {"واحد": 1, "اثنين": 2, "اثنان": 2, "ثلاثه": 3, "اربعه": 4, "خمسه": 5, "سته": 6, "سبعه": 7,
          "ثمانيه": 8, "تسعه": 9, "عشره": 10}
_TENS = {"عشرين": 20, "عشرون": 20, "ثلاثين": 30, "ثلاثون": 30, "اربعين": 40, "اربعون": 40, "خمسين": 50,
         "خمسون": 50, "ستين": 60, "ستون": 60, "سبعين": 70, "سبعون": 70, "ثمانين": 80, "ثمانون": 80,
         "تسعين": 90, "تسعون": 90, "مئه": 100, "مائه": 100, "مئتي": 200, "مائتي": 200, "مئتين": 200,
         "مائتين": 200, "ثلاثمئه": 300, "ثلاثمائه": 300}


def _number(text: str) -> float | None:
    """A distance in digits (12, 3.5, 3,5) or in Arabic words (ثمانين, خمسة وعشرين)."""
    try:
        return float(text.replace(",", "."))
    except ValueError:
        pass
    total = 0
    for word in text.split(" و"):
        word = word.strip()
        if word in _UNITS:
            total += _UNITS[word]
        elif word in _TENS:
            total += _TENS[word]
        else:
            return None
    return float(total) if total else None


# "غربي سرت بنحو 50 كيلومترا": the distance after the anchor.
_AR_AFTER = re.compile(
    r" (?P<tail>(?:ب|علي بعد |علي مسافه )(?:(?:نحو|حوالي) )?(?P<num>\d+(?:[.,]\d+)?|" + _AR_NUMWORDS + r") ?"
    + _AR_UNIT + r")(?= )"
)
_EN_AFTER = re.compile(
    r" (?P<tail>(?:by )?(?:about |some )?(?P<num>\d+(?:[.,]\d+)?) ?(?:km|kms|kilometres|kilometers))(?= )"
)


def distance_after(folded_text: str, anchor_end: int, latin: bool) -> tuple[int, float] | None:
    """(folded end, km) of a distance written right after the anchor name, or None."""
    m = (_EN_AFTER if latin else _AR_AFTER).match(folded_text, anchor_end)
    if not m:
        return None
    km = _number(m.group("num"))
    if km is None or not 0 < km <= 2000:
        return None
    return m.end("tail"), km


_BETWEEN_AR = re.compile(r"(?:^| )(?P<expr>(?:[وفب]|في )?(?:ما )?بين(?: مدينتي| منطقتي| بلدتي)?) $")
_BETWEEN_LATIN = re.compile(r"(?:^| )(?P<expr>between(?: the (?:cities|towns) of)?|entre(?: les villes de)?) $")
_AND_AR = re.compile(r"^ (?:و ?)?$")
_AND_LATIN = re.compile(r"^ (?:and|et) $")


def between_start(folded_text: str, first_start: int, latin: bool) -> int | None:
    """Folded offset where a "between" expression begins before the first of two names, or None."""
    lo = max(0, first_start - 40)
    m = (_BETWEEN_LATIN if latin else _BETWEEN_AR).search(folded_text[lo:first_start])
    return lo + m.start("expr") if m else None


def joined_by_and(folded_text: str, first_end: int, second_word_start: int, second_prefix: str, latin: bool) -> bool:
    """True when only "and"/و separates two names (و may be attached to the second)."""
    gap = folded_text[first_end:second_word_start]
    if latin:
        return bool(_AND_LATIN.match(gap))
    return gap == " " and second_prefix.startswith("و") or bool(_AND_AR.match(gap + second_prefix))


# Punctuation that cannot stand inside one relative expression ("500 km (300 miles) south of" can).
_CLAUSE_PUNCT = frozenset("،,.;؛:!?؟«»\"\n")

_ROAD_WORDS = frozenset(
    fold(w) for w in "الطريق طريق الخط الساحلي الرابط الرابطة الواصل الممتد road highway route axis linking".split()
)


def _after_road_word(ftext: str, pos: int) -> bool:
    """"the road between Misrata and Benghazi" names a route, not a place between two towns."""
    return prev_word(ftext, pos) in _ROAD_WORDS


def relative_mentions(
    article: Article, mentions: list[Mention], occ: list[Occurrence], folded: FoldedText
) -> list[Mention]:
    """The mentions with the relative records their expressions add, each after its anchor."""
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
