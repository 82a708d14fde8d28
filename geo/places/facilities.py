"""Facilities named after other places: شارع طرابلس in Misrata, فندق المهاري, the Sirte depot in Misrata.

A street, square, roundabout, hotel, depot, warehouse, factory or company named after a town is where the
text puts it, never the town it is named after: the host is a Libyan city or town written right after it
("شارع طرابلس في مصراتة", "Tripoli Street in Misrata"), else the city the paragraph is about (the nearest
other Libyan city or town before it in the same paragraph). With no host in the text the name is dropped:
a street called Tripoli Street exists in many towns, and none of them is Tripoli.

Courts, universities, hospitals and banks named after a town are usually in it (محكمة استئناف بنغازي,
جامعة طرابلس) and are left to the town.
"""

from __future__ import annotations

import dataclasses
import re

from gazetteer.normalize import fold
from gazetteer.place import Place
from geo.places.mention import Mention

# Arabic head noun right before the name (with an attached و/ف/ب), and an optional opening quote.
_AR_HEAD = re.compile(
    r"(?:^|[\s«(\"])[وفب]?(?P<head>شارع|ميدان|ساحة|ساحه|دوار|دوّار|فندق|مستودع|مستودعات|مخزن|مخازن|مصنع|شركة|شركه)"
    r"\s+[«\"]?$"
)
# English/French: the head noun after the name ("Tripoli Street"), or before it in French ("rue de Tripoli").
_LATIN_TAIL = re.compile(
    r"[»\"]?\s+(?P<tail>[Ss]treet|[Ss]quare|[Rr]oundabout|[Hh]otel|[Dd]epot|[Ww]arehouse|[Cc]ompany)\b"
)
_FR_HEAD = re.compile(r"(?:^|\s)(?P<head>(?:rue|avenue|hôtel|dépôt|entrepôt)\s+(?:de\s+|d'|du\s+))$", re.IGNORECASE)
# Between the facility and the town that hosts it: في / بـ / in / at.
_HOST_GAP = re.compile(r"^\s*(?:(?:في|داخل|بمدينة|بمدينه|في مدينة|في مدينه)\s*|ب|(?:in|at|à|en)\s+)$")
_HOST_KINDS = frozenset({"city", "town", "village", "district", "neighbourhood"})
_PARAGRAPH_WINDOW = 600

_ROAD_HEADS = frozenset({"شارع", "street", "rue", "avenue"})


def facility_mentions(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions with every named-after facility replaced by its own record at its host's point (or
    dropped when the text gives no host)."""
    out: list[Mention] = []
    for i, m in enumerate(mentions):
        if m.kind != "relative" and m.place is not None and m.place.kind in _KNOWN_FACILITY_KINDS:
            out.append(_relocated(text, mentions, i))
            continue
        if m.kind != "relative" and m.place is not None and m.place.kind in _AREAL_KINDS and (
            (head_start := _road_head_start(text, m)) is not None
        ):
            # "طريق الواحات": a road named after a district or region (Egypt's Oases Road near Cairo) is no
            # mention of the district; kept only where the text names the town it runs from.
            host = _host(text, mentions, i, m.end)
            if host is not None and host.place is not None:
                out.append(_facility_record(text, m, host.place, head_start, m.end, "شارع"))
            continue
        if m.kind == "relative" or m.place is None or m.place.kind not in ("city", "town", "village", "country"):
            out.append(m)
            continue
        span = _facility_span(text, m)
        if span is None:
            out.append(m)
            continue
        start, end, head = span
        host = _host(text, mentions, i, end)
        if host is None or host.place is None:
            continue  # "شارع طرابلس" with no town around it: not Tripoli, and nowhere we know
        out.append(_facility_record(text, m, host.place, start, end, head))
    return out


_KNOWN_FACILITY_KINDS = frozenset({"road", "landmark"})
_AREAL_KINDS = frozenset({"district", "region"})
_ROAD_HEAD = re.compile(r"(?:^|[\s«(\"])(?P<head>[وفبل]?(?:طريق|لطريق))\s+[«\"]?$")


def _road_head_start(text: str, m: Mention) -> int | None:
    """Where "طريق" begins when it stands right before the mention, else None."""
    before = text[max(0, m.start - 12) : m.start]
    h = _ROAD_HEAD.search(before)
    return None if h is None else m.start - (len(before) - h.start("head"))
# A known street or square farther than this from the town the text puts it in is another of its name.
_SAME_TOWN_KM = 15.0


def _relocated(text: str, mentions: list[Mention], i: int) -> Mention:
    """A gazetteer street named after a town (Misrata's شارع طرابلس) written in another town's paragraph
    ("شارع طرابلس في بنغازي") is that town's street of the same name."""
    from geo.places.geometry import haversine_km

    m = mentions[i]
    if m.place is None or not (_AR_HEAD_START.match(m.surface) or _LATIN_TAIL_END.search(m.surface)):
        return m
    host = _host(text, mentions, i, m.end)
    if host is None or host.place is None:
        return m
    if haversine_km(host.place.lat, host.place.lon, m.place.lat, m.place.lon) <= _SAME_TOWN_KM:
        return m
    head = m.surface.split()[0] if _AR_HEAD_START.match(m.surface) else m.surface.split()[-1].lower()
    return _facility_record(text, m, host.place, m.start, m.end, head)


_AR_HEAD_START = re.compile(r"(?:شارع|ميدان|ساحة|ساحه|دوار|فندق|مستودع|مخزن|مصنع|شركة|شركه)\s")
_LATIN_TAIL_END = re.compile(r"\s(?:[Ss]treet|[Ss]quare|[Rr]oundabout|[Hh]otel|[Dd]epot|[Ww]arehouse|[Cc]ompany)$")


def _facility_span(text: str, m: Mention) -> tuple[int, int, str] | None:
    before = text[max(0, m.start - 24) : m.start]
    if (h := _AR_HEAD.search(before)) is not None:
        return m.start - (len(before) - h.start("head")), m.end, h.group("head")
    if (t := _LATIN_TAIL.match(text, m.end)) is not None:
        return m.start, t.end("tail"), t.group("tail").lower()
    if (f := _FR_HEAD.search(before)) is not None:
        return m.start - (len(before) - f.start("head")), m.end, f.group("head").split()[0].lower()
    return None


def _host(text: str, mentions: list[Mention], i: int, fac_end: int) -> Mention | None:
    m = mentions[i]
    # Written right after: "شارع طرابلس في مصراتة", "Tripoli Street in Misrata".
    for n in mentions[i + 1 : i + 3]:
        if n.kind == "relative" or n.place is None:
            continue
        if n.start >= fac_end and _HOST_GAP.match(text[fac_end : n.start]) and _is_host(n, m):
            return n
        break
    # Else the town the paragraph is about: the nearest other Libyan town before it, no paragraph break.
    for n in reversed(mentions[max(0, i - 12) : i]):
        if m.start - n.end > _PARAGRAPH_WINDOW or "\n\n" in text[n.end : m.start]:
            break
        if n.kind != "relative" and _is_host(n, m):
            return n
    return None


def _is_host(n: Mention, m: Mention) -> bool:
    return (
        n.place is not None and m.place is not None and n.place.in_libya and n.place.kind in _HOST_KINDS
        and n.place.id != m.place.id
    )


def _facility_record(text: str, named_after: Mention, host: Place, start: int, end: int, head: str) -> Mention:
    kind = "road" if head in _ROAD_HEADS else "landmark"
    name = f"{text[start:end]} ({host.name})"
    place = Place(
        id=f"derived:{host.id.split(':', 1)[-1]}:{'_'.join(fold(text[start:end]).split())}",
        name=name, lat=host.lat, lon=host.lon, kind=kind, country=host.country,
        name_ar=text[start:end] if not text[start:end].isascii() else None, admin1=host.admin1,
        source="derived", provenance=(host.id,),
    )
    return dataclasses.replace(
        named_after, surface=text[start:end], start=start, end=end, place=place, lat=host.lat, lon=host.lon,
        precision=2, confidence=min(named_after.confidence, 0.7), candidates=(), evidence=("named_after",),
    )
