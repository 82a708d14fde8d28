"""Relative locations: "40 km south of Sirte", شرق مصراتة, على بعد 30 كيلومترا غرب سرت, à 50 km à l'est
de Syrte, between Sirte and Jufra. Each becomes its own point with precision 2, anchored to a place.

Patterns are matched on the folded text immediately before the anchor name (and, for "between",
around a pair of names), so the expression's span is exact in the original text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from gazetteer.normalize import FoldedText, fold
from gazetteer.place import Place
from geo.article import Article
from geo.places.geometry import destination, haversine_km, initial_bearing
from geo.places.mention import Mention
from geo.places.occurrence import Occurrence, prev_word
from geo.places.recognize import LATIN
from geo.places.regions import on_libyan_land, region_label, region_point

__all__ = ["destination", "find_relative", "haversine_km", "initial_bearing", "relative_mentions"]

# A direction with the article and a nisba ending (الشرقية, الغربي) is an adjective of the noun before it
# (الجبهة الشرقية لبنغازي, المناطق الغربية لليبيا), not a relative expression.
_AR_DIR = (
    r"(?:[وفب]|في )?(?!ال(?:شمال|جنوب|شرق|غرب)يه?(?: |$))(?:ال)?(?P<d1>شمال|جنوب|شرق|غرب)(?:ي|يه|ا)?"
    r"(?: (?:ال)?(?P<d2>شرق|غرب)(?:ي|يه)?)?"
)
_AR_UNIT = r"(?:كم|كلم|كيلو ?مترا?|كيلومترات|كيلو ?مترات|ميل|اميال)"
# Distances are written in digits or in words (ثمانين كيلومترا); the words are read by _number().
_AR_NUMWORDS = (
    r"(?:(?:واحد|اثنين|اثنان|ثلاثه|اربعه|خمسه|سته|سبعه|ثمانيه|تسعه) و)?"
    r"(?:عشره|عشرين|عشرون|ثلاثين|ثلاثون|اربعين|اربعون|خمسين|خمسون|ستين|ستون|سبعين|سبعون|ثمانين|ثمانون|تسعين|تسعون"
    r"|مئه|مائه|مئتي|مائتي|مئتين|مائتين|ثلاثمئه|ثلاثمائه|خمسه|ثلاثه|اربعه|سته|سبعه|ثمانيه|تسعه)"
)
_AR_DIST = (
    r"(?:علي (?:بعد|مسافه) )?(?:(?:حوالي|نحو|قرابه|زهاء) )?(?P<num>\d+(?:[.,]\d+)?|" + _AR_NUMWORDS + r") ?"
    + _AR_UNIT + r"(?: تقريبا)?"
)
_AR_HEAD = r"(?: (?:مدينه|بلده|منطقه|قريه|العاصمه)(?: ال\S+يه)?)?"
_AR = re.compile(
    r"(?:^| )(?:(?:الي|نحو|في) )?[وف]?(?P<expr>(?:" + _AR_DIST + r" )?(?:(?:الي|نحو|في) )?" + _AR_DIR + r"(?: من)?"
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
    + r" (?:of|outskirts of)(?: the (?:city|town|village) of| the (?:[a-z]+ )?capital(?: city)?)?) $"
)
_EN_ADJ = re.compile(r"(?:^| )(?P<expr>(?P<d1>north|south|east|west)ern(?:[ -]?(?P<d2>east|west)ern)?) $")

_FR_DIR = r"(?:(?:au|a l|a la) )?(?P<d1>nord|sud|est|ouest)(?:[ -](?P<d2>est|ouest))?"
_FR = re.compile(
    r"(?:^| )(?P<expr>(?:a (?:environ |quelque )?(?P<num>\d+(?:[.,]\d+)?) ?(?P<unit>km|kilometres|kilometre) )?"
    + _FR_DIR
    + r" (?:de|d)(?: la ville de| la capitale(?: [a-z]+)?)?) $"
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
    # "في غرب درنة", "in western Derna": a part of the place, not a point beyond it
    inside: bool = False


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
        inside = km is None and (_inside_prefix(window, m.start("d1")) or pat is _EN_ADJ)
        return RelativeCue(lo + m.start("expr"), bearing, km, inside)
    return None


def _inside_prefix(window: str, d1: int) -> bool:
    """في غرب / بشرق / in the west of: the direction word is governed by "in"."""
    if window[max(0, d1 - 2) : d1] == "ال":
        d1 -= 2
    pre = window[max(0, d1 - 4) : d1]
    return pre.endswith("في ") or (pre.endswith("ب") and (len(pre) < 2 or pre[-2] in " وف"))


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


# Beyond this an offset says where a place lies ("Sabha, 750 km south of Tripoli"), not where something
# happened: the record is a description, never an event location.
DESCRIPTION_KM = 100.0

# Between a place and the expression after it, these make the expression describe that place: "سبها، التي
# تبعد 750 كيلومترا جنوب طرابلس", "الوشكة (غرب سرت)", "Sabha, 750 km south of Tripoli", "Zintan in western
# Libya". Folded words; the gap may also hold punctuation and one nisba adjective (الزنتان الجبلية).
_DESCRIBE_WORDS = frozenset(fold(w) for w in """
التي الذي الواقعة الواقع تقع يقع وتقع ويقع تبعد يبعد وتبعد الكائنة في ب وهي وهو
which that is lies located situated some about in lying de située situé à qui se trouve
""".split())
_GAP_PUNCT = re.compile(r"[\s،,()\[\]\-–—:«»\"'“”]+")


def _described(i: int, mentions: list[Mention], expr_start: int, text: str) -> Mention | None:
    """The named place right before an expression that only says where that place lies, or None."""
    j = i - 1
    while j >= 0 and mentions[j].kind == "relative":
        j -= 1
    if j < 0:
        return None
    prev = mentions[j]
    if prev.place is None or prev.end > expr_start or expr_start - prev.end > 60 or prev.place.kind == "country":
        return None
    gap = _GAP_PUNCT.sub(" ", text[prev.end : expr_start]).split()
    if "\n" in text[prev.end : expr_start]:
        return None
    nisba = [w for w in gap if fold(w) not in _DESCRIBE_WORDS]
    if len(nisba) > 1 or (nisba and not (fold(nisba[0]).startswith("ال") and fold(nisba[0]).endswith(("يه", "ي")))):
        return None
    return prev


# A compass word names a sector, not a ray: "45 km west of Tripoli" is Zawiya, on the coast that bends
# south of due west. A point off land is tried again this many degrees to either side, nearest first.
_SECTOR_TRIES = (0.0, 10.0, -10.0, 20.0, -20.0)


_LOCATED = frozenset(fold(w) for w in """
الواقعة الواقع الواقعتين الواقعين تقع يقع وتقع ويقع الكائنة located situated lies lying située situé situés
""".split())


def _after_located(text: str, expr_start: int) -> bool:
    """"الجبال الواقعة غرب طرابلس", "the hills located west of Tripoli": the expression says where
    something lies, whether or not that something is a name."""
    before = text[max(0, expr_start - 24) : expr_start].split()
    return bool(before) and fold(before[-1]) in _LOCATED


def _describes_named(prev: Mention, expr_start: int, text: str) -> bool:
    return _described(1, [prev], expr_start, text) is not None


def _place_on_land(
    anchor: Place, bearing: float, offset_km: float | None, inside: bool = False
) -> tuple[float, float] | None:
    """The projected point, or None when a Libyan anchor's point leaves Libya's land whichever way it is
    turned within the compass sector. Without a stated distance the nominal one also shrinks towards the
    anchor ("north of Tripoli" is the city's northern edge, not the sea)."""
    nominal = NOMINAL_OFFSET_KM.get(anchor.kind, 5.0) / (3.0 if inside else 1.0)
    dists = [offset_km] if offset_km is not None else [nominal, nominal / 2, nominal / 4]
    for dist in dists:
        for turn in _SECTOR_TRIES:
            lat, lon = destination(anchor.lat, anchor.lon, (bearing + turn) % 360.0, dist)
            if not anchor.in_libya:
                return lat, lon
            if on_libyan_land(lat, lon):
                return lat, lon
    return None


def relative_mentions(
    article: Article, mentions: list[Mention], occ: list[Occurrence], folded: FoldedText, places: Sequence[Place] = ()
) -> list[Mention]:
    """The mentions with the relative records their expressions add, each after its anchor.

    ``places`` (the gazetteer's) give the points of a country's regions (شرق ليبيا, جنوب البلاد)."""
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
                and haversine_km(m.place.lat, m.place.lon, n.place.lat, n.place.lon) <= 400
            ):
                lat, lon = (m.place.lat + n.place.lat) / 2, (m.place.lon + n.place.lon) / 2
                if on_libyan_land(lat, lon):  # between Misrata and Benghazi lies the Gulf of Sirte
                    start = int(folded.offsets[b0])
                    out.append(
                        _relative_record(
                            article, m.place, start, n.end, lat, lon,
                            initial_bearing(m.place.lat, m.place.lon, lat, lon),
                            round(haversine_km(m.place.lat, m.place.lon, lat, lon), 1),
                            min(m.confidence, n.confidence), label=f"between {m.place.name} and {n.place.name}",
                        )
                    )
                    out.append(n)
                    used_between.add(i + 1)
                    continue
        if o.hit.prefix[:1] in ("و", "ف"):
            continue  # "من الشرق وطرابلس": "and" separates the direction from the name
        if not m.place.country and m.place.kind in ("region", "sea"):
            continue  # "غرب أوروبا" is a part of a continent, no point a direction could give
        cue = find_relative(ftext, o.word_start, latin)
        if cue is None:
            continue
        if i > 0 and cue.start < occ[i - 1].hit.end:
            continue  # "الساحل الغربي صرمان": the direction word belongs to the name before
        offset_km, end = cue.offset_km, m.end
        if offset_km is None and (after := distance_after(ftext, o.hit.end, latin)) is not None:
            offset_km = after[1]
            end = int(folded.offsets[after[0] - 1]) + 1
        start = int(folded.offsets[cue.start])
        if any(ch in _CLAUSE_PUNCT for ch in article.text[start : m.start]):
            continue  # "الشرقية، من الكفرة": a comma inside means the words do not form one expression
        described = _described(i, mentions, start, article.text)
        if m.place.kind == "country":
            if offset_km is not None:
                continue  # "200 km south of Libya" locates nothing we can draw
            point: tuple[float, float] | None = region_point(m.place, cue.bearing_deg, places)
            label = region_label(m.place, cue.bearing_deg)
        else:
            point = _place_on_land(m.place, cue.bearing_deg, offset_km, cue.inside)
            label = relative_label(m.place, cue.bearing_deg, offset_km)
        role = "location"
        if described is not None or (offset_km is not None and offset_km > DESCRIPTION_KM) or _after_located(
            article.text, start
        ):
            # The expression says where a place lies: a description, which events never take as a location.
            # Its point stays what the words say; where that is off land, the described place's own.
            role = "description"
            if point is None and described is not None and described.place is not None:
                point = (described.place.lat, described.place.lon)
        if point is None:
            continue  # off Libya's land: no point is better than a wrong one
        rec = _relative_record(
            article, m.place, start, end, point[0], point[1], cue.bearing_deg, offset_km, m.confidence * 0.95,
            label=label, role=role, describes=described.place if described is not None else None,
        )
        if role == "description":
            m.role = "description_anchor"
        out.append(rec)
    # Mentions skipped inside a "between" pair were appended above; keep text order stable.
    seen: set[int] = set()
    ordered: list[Mention] = []
    for m in out:
        if id(m) in seen:
            continue
        seen.add(id(m))
        ordered.append(m)
    if places:
        ordered = merge_records(ordered, country_regions(article, ordered, folded, places))
    return ordered


_SHORT_BEARING = {0.0: "N", 45.0: "NE", 90.0: "E", 135.0: "SE", 180.0: "S", 225.0: "SW", 270.0: "W", 315.0: "NW"}


def relative_label(anchor: Place, bearing_deg: float, offset_km: float | None) -> str:
    """"40 km S of Sirte", "E of Misrata"."""
    b = _SHORT_BEARING.get(round(bearing_deg / 45.0) * 45.0 % 360.0, f"{bearing_deg:.0f}°")
    dist = f"{offset_km:g} km " if offset_km is not None else ""
    return f"{dist}{b} of {anchor.name}"


def merge_records(mentions: list[Mention], extra: list[Mention]) -> list[Mention]:
    """Insert records without an anchor mention (جنوب البلاد, جنوب العاصمة) in text order."""
    if not extra:
        return mentions
    extra = sorted(extra, key=lambda m: m.start)
    out: list[Mention] = []
    k = 0
    for m in mentions:
        while k < len(extra) and extra[k].start < m.start:
            out.append(extra[k])
            k += 1
        out.append(m)
    out.extend(extra[k:])
    return out


# "شرق البلاد", "جنوب غربي البلاد", "الجزء الشرقي من البلاد", "المنطقة الشرقية": a region of the country
# the article is about; "الجنوب الليبي", "الشمال السوري": of the country its nisba names.
_DIRS_AR = {"شمال": 0.0, "جنوب": 180.0, "شرق": 90.0, "غرب": 270.0}
_COUNTRY_REGION = re.compile(
    r"(?:^| )(?P<expr>[وفب]?(?:(?:في|من|الي|عن) )?(?:ال)?(?P<d1>شمال|جنوب|شرق|غرب)(?:ي|يه)?"
    r"(?: (?:ال)?(?P<d2>شرق|غرب)(?:ي|يه)?)? البلاد)(?= |$)"
    r"|(?:^| )(?P<expr2>[وفب]?(?:الجزء|القسم|المنطقه|الاقليم) ال(?P<d3>شمال|جنوب|شرق|غرب)(?:ي|يه)"
    r"(?: ال(?P<d4>شرق|غرب)(?:ي|يه))?(?: من البلاد)?)(?= |$)"
)
_HAS_COUNTRY_WORD = re.compile(r"البلاد|(?:الجزء|القسم|المنطقه|الاقليم) ال(?:شمال|جنوب|شرق|غرب)")
_NISBA_REGION = re.compile(r"(?P<expr>ال(?P<d1>شمال|جنوب|شرق|غرب)(?: ال(?P<d2>شرق|غرب)ي)? (?P<nisba>ال\S+ي))(?= |$)")
# A bare direction with the article after a locative word: في الشرق, من الجنوب, جيش الشرق, بالجنوب. West is
# left out: الغرب is as often "the West" as western Libya.
_BARE_REGION = re.compile(r"(?P<expr>ال(?P<d1>شرق|جنوب|شمال)(?: ال(?P<d2>شرق|غرب)ي)?)(?= |$)")
_BARE_CUES = frozenset("في من الي عن منطقه مناطق مدن جيش قوات بلدات قري".split())
_NOT_A_REGION_AFTER = frozenset(fold(w) for w in "الاوسط الادني الاقصي الكبير".split())
# How far back the article's own country is looked for (its places and countries).
_COUNTRY_WINDOW = 3000


def _word_start(ftext: str, pos: int) -> bool:
    """The article starts the word, or follows only attached و/ف/ب (والجنوب, بالشرق)."""
    word_start = ftext.rfind(" ", 0, pos) + 1
    return ftext[word_start:pos] in ("", "و", "ف", "ب", "وب", "فب")


def _bare_cue(ftext: str, pos: int) -> bool:
    """A locative word before a bare direction (في الشرق, مدن الجنوب), or ب attached (بالجنوب)."""
    if pos > 0 and ftext[pos - 1] != " ":
        word_start = ftext.rfind(" ", 0, pos) + 1
        return ftext[word_start:pos] in ("ب", "وب", "فب")
    prev = ftext[ftext.rfind(" ", 0, max(0, pos - 1)) + 1 : max(0, pos - 1)]
    return prev in _BARE_CUES or (prev[:1] in "وف" and prev[1:] in _BARE_CUES)


def _bearing(d1: str, d2: str | None) -> float:
    b1 = _DIRS_AR[d1]
    if not d2:
        return b1
    b2 = _DIRS_AR[d2]
    return 315.0 if {b1, b2} == {0.0, 270.0} else (b1 + b2) / 2.0


def _countries(places: Sequence[Place]) -> dict[str, Place]:
    key = id(places)
    entry = _COUNTRY_CACHE.get(key)
    if entry is None:
        if len(_COUNTRY_CACHE) > 8:
            _COUNTRY_CACHE.clear()
        table: dict[str, Place] = {}
        for p in places:
            if p.kind == "country" and (p.country not in table or p.id.startswith("curated:")):
                table[p.country] = p
        entry = _COUNTRY_CACHE[key] = (places, table)
    return entry[1]


_COUNTRY_CACHE: dict[int, tuple[Sequence[Place], dict[str, Place]]] = {}


def _article_country(mentions: list[Mention], starts: list[int], pos: int) -> str | None:
    """The country most named (through its places) in the passage around ``pos`` (the text before it and
    after it, as far as ``_COUNTRY_WINDOW``); Libya wins ties. A passage about Libya may name Brussels twice
    before "شرق البلاد" and Libya only after it."""
    lo = bisect.bisect_left(starts, pos - _COUNTRY_WINDOW)
    hi = bisect.bisect_left(starts, pos + _COUNTRY_WINDOW)
    window = mentions[lo:hi] or mentions
    votes: dict[str, int] = {}
    for m in window:
        p = m.place if m.place is not None else m.anchor
        if p is not None:
            votes[p.country] = votes.get(p.country, 0) + 1
    if not votes:
        return None
    best = max(votes, key=lambda c: (votes[c], c == "LY"))
    # A tool for Libyan news: البلاد is Libya unless another country clearly dominates the passage.
    if votes.get("LY", 0) and votes[best] < 2 * votes["LY"]:
        return "LY"
    return best


def country_regions(
    article: Article, mentions: list[Mention], folded: FoldedText, places: Sequence[Place]
) -> list[Mention]:
    """Regions of a country named without the country's name: شرق البلاد, المنطقة الشرقية, الجنوب الليبي."""
    ftext = folded.text
    countries = _countries(places)
    named = [m for m in mentions if m.kind != "relative"]  # in text order (relative records are not)
    starts = [m.start for m in named]
    taken = sorted((m.start, m.end) for m in mentions)
    taken_starts = [a for a, _ in taken]
    out: list[Mention] = []
    finds: list[tuple[int, int, float, str | None]] = []
    for m in (_COUNTRY_REGION.finditer(ftext) if _HAS_COUNTRY_WORD.search(ftext) else ()):
        if m.group("expr"):
            finds.append((m.start("expr"), m.end("expr"), _bearing(m.group("d1"), m.group("d2")), None))
        else:
            finds.append((m.start("expr2"), m.end("expr2"), _bearing(m.group("d3"), m.group("d4")), None))
    for m in _NISBA_REGION.finditer(ftext):
        if not _word_start(ftext, m.start("expr")):
            continue
        iso = _NISBA.get(m.group("nisba"))
        if iso:
            finds.append((m.start("expr"), m.end("expr"), _bearing(m.group("d1"), m.group("d2")), iso))
    for m in _BARE_REGION.finditer(ftext):
        if not _word_start(ftext, m.start("expr")) or not _bare_cue(ftext, m.start("expr")):
            continue
        after = ftext[m.end("expr") + 1 : m.end("expr") + 14].split(" ", 1)[0]
        if after in _NOT_A_REGION_AFTER or (after.startswith("ال") and after.endswith(("ي", "يه"))):
            continue  # الشرق الأوسط, the Middle East; الجنوب الليبي is read by the nisba pattern
        finds.append((m.start("expr"), m.end("expr"), _bearing(m.group("d1"), m.group("d2")), None))
    finds.sort()
    last_end = -1
    for fs, fe, bearing, iso in finds:
        if fs < last_end:
            continue
        s, e = folded.span(fs, fe)
        near = taken[bisect.bisect_left(taken_starts, s - 300) : bisect.bisect_right(taken_starts, e)]
        if any(a < e and s < b for a, b in near):
            continue
        # The span starts at the direction word (or the head noun), not at a preposition before it.
        s = _trim_preposition(article.text, s, e)
        k = bisect.bisect_left(starts, s)
        # "بلدة زلة جنوب شرقي البلاد" only says where the town lies: a description.
        role = "description" if k > 0 and _describes_named(named[k - 1], s, article.text) else "location"
        iso = iso or _article_country(named, starts, s)
        country = countries.get(iso) if iso else None
        if country is None:
            continue
        lat, lon = region_point(country, bearing, places)
        out.append(
            _relative_record(
                article, country, s, e, lat, lon, bearing, None, 0.7, label=region_label(country, bearing),
                role=role, describes=named[k - 1].place if role == "description" else None,
            )
        )
        last_end = fe
    return out


_LEADING = re.compile(r"(?:(?:في|فى|من|إلى|الى|إلي|عن|و|ف)\s+|[وفب](?=[اأإآ]?ل|شمال|جنوب|شرق|غرب))")


def _trim_preposition(text: str, s: int, e: int) -> int:
    m = _LEADING.match(text, s, e)
    return m.end() if m else s


# Masculine nisba adjectives after a bare direction: الجنوب الليبي, الشمال السوري.
_NISBA = {
    fold(k): v for k, v in {
        "الليبي": "LY", "السوري": "SY", "التونسي": "TN", "المصري": "EG", "الجزائري": "DZ", "العراقي": "IQ",
        "اللبناني": "LB", "السوداني": "SD", "التشادي": "TD", "النيجري": "NE", "المالي": "ML", "اليمني": "YE",
        "المغربي": "MA", "التركي": "TR", "الايطالي": "IT", "الفرنسي": "FR",
    }.items()
}


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
    *,
    label: str | None = None,
    role: str = "location",
    describes: Place | None = None,
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
        label=label or relative_label(anchor, bearing, offset_km),
        role=role,
        describes=describes,
    )
