"""Relative locations: "40 km south of Sirte", شرق مصراتة, على بعد 30 كيلومترا غرب سرت, à 50 km à l'est
de Syrte, between Sirte and Jufra. Each becomes its own point with precision 2, anchored to a place.

Patterns are matched on the folded text immediately before the anchor name (and, for "between",
around a pair of names), so the expression's span is exact in the original text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088

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


def destination(lat: float, lon: float, bearing_deg: float, distance_km: float) -> tuple[float, float]:
    """Point reached from (lat, lon) along a great circle: the standard spherical formula."""
    d = distance_km / EARTH_RADIUS_KM
    b = math.radians(bearing_deg)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return math.degrees(p2), (math.degrees(l2) + 540.0) % 360.0 - 180.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def initial_bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return (math.degrees(math.atan2(x, y)) + 360.0) % 360.0


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
