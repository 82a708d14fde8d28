"""Air bases and airports named by their town: قاعدة طبرق الجوية, مطار سبها, the Jufra air base, l'aéroport de Sebha.

A town written inside such a phrase is not the town: the place is the town's airfield, a point often 10-20 km
outside it (Tobruk's air base lies 25 km south of the city). When the gazetteer holds an air base or airport
within ``REACH_KM`` of the town's point, the phrase becomes a mention of that airfield, its span the whole
phrase; without one the town mention is left alone (an airfield we cannot place stays at the town it is named
for, which is what the text says, rather than at a guessed point).

Only the head nouns of airfields count (قاعدة ... الجوية, مطار, air base, airbase, airfield, airport, base
aérienne, aéroport; a bare قاعدة only for a town with an air base proper, not a naval or land base), and
"Tobruk port" is not an airfield.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from gazetteer.place import Place
from geo.places.geometry import haversine_km
from geo.places.mention import Mention

REACH_KM = 40.0
_AIRFIELD_KINDS = frozenset({"air_base", "airport"})
_TOWN_KINDS = frozenset({"city", "town", "village", "oasis"})

# Arabic: مطار X, قاعدة X الجوية / قاعدة X العسكرية الجوية (a proclitic و/ف/ب/ل on the head noun, left out
# of the span; an optional quote). A bare قاعدة X is the town's air base only when it has one (a civil
# airport is no قاعدة) and no البحرية/البرية/العسكرية says another kind of base.
_AR_AIRPORT_HEAD = re.compile(r"(?:^|[\s«(\"])[وف]?[بل]?(?P<head>مطار|مطاري)\s+[«\"]?$")
_AR_BASE_HEAD = re.compile(r"(?:^|[\s«(\"])[وف]?[بل]?(?P<head>قاعدة|قاعده)\s+[«\"]?$")
_AR_AIR_TAIL = re.compile(r"^[»\"]?\s+(?P<tail>(?:العسكرية\s+|العسكريه\s+)?(?:الجوية|الجويه))(?![\w])")
# قاعدة X البحرية / البرية / العسكرية (without الجوية): a naval, land or unspecified military base.
_AR_OTHER_BASE = re.compile(r"^[»\"]?\s+(?:البحرية|البحريه|البرية|البريه|العسكرية|العسكريه)(?![\w])")
# English: "X air base", "X airbase", "X airfield", "X airport", "X international airport".
_EN_TAIL = re.compile(
    r"^[»\"]?\s+(?P<tail>(?:[Ii]nternational\s+)?(?:[Aa]ir\s*[Bb]ase|[Aa]irbase|[Aa]irfield|[Aa]irport|[Aa]ir\s+[Ff]ield))\b"
)
# French: "la base aérienne de X", "l'aéroport de X" (d', du).
_FR_HEAD = re.compile(r"(?:^|\s)(?P<head>(?:base\s+a[ée]rienne|a[ée]roport)\s+(?:de\s+|d'|d’|du\s+))$", re.IGNORECASE)


def airfield_mentions(text: str, mentions: list[Mention], places: Sequence[Place]) -> list[Mention]:
    """The mentions with each town inside an airfield phrase replaced by the town's airfield."""
    airfields = _airfields(places)
    if not airfields:
        return mentions
    out: list[Mention] = []
    for m in mentions:
        if m.kind == "relative" or m.place is None or not m.place.in_libya or m.place.kind not in _TOWN_KINDS:
            out.append(m)
            continue
        span = _phrase(text, m)
        field = _nearest(m.place, airfields) if span is not None else None
        if span is None or field is None:
            out.append(m)
            continue
        start, end = span
        if end < 0:  # bare قاعدة X: only an air base proper, never a civil airport
            if field.kind != "air_base":
                out.append(m)
                continue
            end = -end
        out.append(dataclasses.replace(
            m, surface=text[start:end], start=start, end=end, place=field, lat=field.lat, lon=field.lon,
            precision=1, confidence=min(m.confidence, 0.85), candidates=(), evidence=(*m.evidence, "airfield_of"),
        ))
    return out


def _phrase(text: str, m: Mention) -> tuple[int, int] | None:
    before = text[max(0, m.start - 16) : m.start]
    after = text[m.end : m.end + 30]
    if (h := _AR_AIRPORT_HEAD.search(before)) is not None:
        tail = _AR_AIR_TAIL.match(after)
        return m.start - (len(before) - h.start("head")), m.end + (tail.end("tail") if tail else 0)
    if (h := _AR_BASE_HEAD.search(before)) is not None:
        if (tail := _AR_AIR_TAIL.match(after)) is not None:
            return m.start - (len(before) - h.start("head")), m.end + tail.end("tail")
        if not _AR_OTHER_BASE.match(after):
            # A bare قاعدة X: the air base when the town has one (and the text says no naval or land base).
            return m.start - (len(before) - h.start("head")), -m.end
    if (t := _EN_TAIL.match(after)) is not None:
        return m.start, m.end + t.end("tail")
    if (f := _FR_HEAD.search(text[max(0, m.start - 24) : m.start])) is not None:
        return m.start - (min(24, m.start) - f.start("head")), m.end
    return None


def _nearest(town: Place, airfields: Sequence[Place]) -> Place | None:
    best: tuple[tuple[int, int, int, str], Place] | None = None
    for a in airfields:
        d = haversine_km(town.lat, town.lon, a.lat, a.lon)
        if d <= REACH_KM:
            # An air base before a civil strip at the same distance band; the curated records (checked
            # points) before the registry ones.
            key = (round(d / 5.0), 0 if a.kind == "air_base" else 1, 0 if a.id.startswith("curated:") else 1, a.id)
            if best is None or key < best[0]:
                best = (key, a)
    return best[1] if best else None


_CACHE: dict[int, tuple[Sequence[Place], tuple[Place, ...]]] = {}


def _airfields(places: Sequence[Place]) -> tuple[Place, ...]:
    entry = _CACHE.get(id(places))
    if entry is None or entry[0] is not places:
        if len(_CACHE) > 8:
            _CACHE.clear()
        entry = _CACHE[id(places)] = (places, tuple(p for p in places if p.in_libya and p.kind in _AIRFIELD_KINDS))
    return entry[1]
