"""Resolution: rank a name's candidate places by priors and by what the article says around it.

Signals, in order of weight: a foreign qualifier next to the name (طرابلس اللبنانية, Tripoli, Lebanon),
a kind hint from the head noun before it (مطار -> airport, قاعدة -> air base, ميناء -> port), coherence with
the article's other places (the Es Sider near Ras Lanuf), the Libya prior, the curated table before bulk
sources, and kind and population priors.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gazetteer.place import Place
from geo.article import Article
from geo.places.cues import FOREIGN_QUALIFIERS, KIND_HINTS
from geo.places.geometry import haversine_km
from geo.places.mention import Candidate, Mention

if TYPE_CHECKING:
    from geo.places.occurrence import Occurrence

KIND_PRIOR = {
    "country": 0.55, "city": 0.5, "region": 0.4, "town": 0.4, "oil_terminal": 0.35, "district": 0.3,
    "air_base": 0.3, "airport": 0.3, "port": 0.3, "road": 0.3, "oil_field": 0.3, "crossing": 0.3,
    "neighbourhood": 0.25, "military_base": 0.25, "wadi": 0.2, "village": 0.2, "oasis": 0.25,
    "mountain": 0.15, "landmark": 0.15, "island": 0.15, "hamlet": 0.05, "sea": 0.4,
}


@dataclass(frozen=True, slots=True)
class Context:
    """What the text around one occurrence says."""

    kind_hints: tuple[str, ...] = ()
    foreign_iso: str | None = None
    # Foreign countries named near this occurrence, with weights: سوسة after في تونس is Sousse.
    nearby_countries: tuple[tuple[str, float], ...] = ()
    # In a list of Libyan towns ("Misrata, Zliten and Homs"): the ambiguous name's Libyan reading.
    in_libyan_list: bool = False


def is_curated(place: Place) -> bool:
    """A row of the project's own tables (vetted names), not of a bulk source."""
    return place.id.startswith(("curated:", "country:", "city:", "world:"))


def prior(place: Place, form_is_primary: bool) -> float:
    s = KIND_PRIOR.get(place.kind, 0.2)
    if place.in_libya:
        s += 1.0
    if place.source.startswith("curated") or place.id.startswith(("curated:", "country:", "city:")):
        s += 0.6
    if place.population:
        s += 0.12 * math.log10(place.population + 1) / 7.0
    if form_is_primary:
        s += 0.3
    return s


def score(place: Place, base: float, ctx: Context, anchors: Sequence[tuple[float, float, float]]) -> float:
    """``anchors``: (lat, lon, weight) of the article's unambiguous places, weighted by how close they
    stand in the text (the Benghazi airport road is the one next to ميناء بنغازي)."""
    s = base
    if ctx.kind_hints and place.kind in ctx.kind_hints:
        s += 1.0
    if ctx.foreign_iso:
        s += 2.5 if place.country == ctx.foreign_iso else (-1.2 if place.in_libya else 0.0)
    if not place.in_libya:
        s += max((1.5 * w for iso, w in ctx.nearby_countries if iso == place.country), default=0.0)
    if ctx.in_libyan_list and place.in_libya:
        s += 2.0
    if anchors and place.in_libya:
        s += 0.6 * max(w * math.exp(-haversine_km(place.lat, place.lon, lat, lon) / 150.0) for lat, lon, w in anchors)
        if place.kind in _URBAN_PARTS:
            # A district named like a famous place elsewhere (حي الأندلس, الهضبة) is the one inside the
            # city the paragraph is about: a town mentioned close by in the text, within its reach.
            s += 1.2 * max(
                (w for lat, lon, w in anchors if w > 0.7 and haversine_km(place.lat, place.lon, lat, lon) <= 20.0),
                default=0.0,
            )
    return s


_URBAN_PARTS = frozenset({"neighbourhood", "district", "landmark", "road", "military_base"})


def rank(
    candidates: Sequence[tuple[Place, float]], ctx: Context, anchors: Sequence[tuple[float, float, float]]
) -> list[tuple[Place, float]]:
    """Candidates with their final scores, best first."""
    scored = [(p, score(p, base, ctx, anchors)) for p, base in candidates]
    scored.sort(key=lambda ps: (-ps[1], ps[0].id))
    return scored


def confidence(scored: Sequence[tuple[Place, float]], evidence: float) -> float:
    """0-1: high when one candidate clearly wins and the name needed no (or got strong) evidence."""
    if not scored:
        return 0.0
    best = scored[0][1]
    margin = best - scored[1][1] if len(scored) > 1 else 1.5
    c = 0.55 + 0.3 * (1 - math.exp(-max(margin, 0.0) / 0.6)) + 0.15 * evidence
    return max(0.05, min(0.99, c))


def _context(o: Occurrence, demonyms: Mapping[str, str]) -> Context:
    prev = o.prev_word
    hints = KIND_HINTS.get(prev, ()) or (KIND_HINTS.get(prev[1:], ()) if len(prev) > 3 and prev[0] in "وف" else ())
    iso = None
    for w in (*o.next_words, o.prev_word):
        iso = FOREIGN_QUALIFIERS.get(w) or demonyms.get(w)
        if iso and iso != "LY":
            break
        iso = None
    return Context(kind_hints=hints, foreign_iso=iso)


# Coherence looks at a window of the article's other places, never at all of them: the nearest
# ANCHOR_WINDOW anchors on each side in the text (a whole ordinary article), and foreign countries within
# COUNTRY_WINDOW_CHARS (their weight exp(-d/300) is nil beyond). So time stays linear in the article.
ANCHOR_WINDOW = 40
COUNTRY_WINDOW_CHARS = 3000


def _anchors_for(
    i: int, pos: int, anchor_pts: list[tuple[float, float, int]], anchor_starts: list[int], occ: list[Occurrence]
) -> list[tuple[float, float, float]]:
    """(lat, lon, weight) of the nearby anchors, one per place (its nearest occurrence in the text)."""
    k = bisect.bisect_left(anchor_starts, pos)
    best: dict[tuple[float, float], float] = {}
    for la, lo, j in anchor_pts[max(0, k - ANCHOR_WINDOW) : k + ANCHOR_WINDOW]:
        if j == i:
            continue
        w = 0.4 + 0.6 * math.exp(-abs(occ[j].start - pos) / 400.0)
        if w > best.get((la, lo), 0.0):
            best[(la, lo)] = w
    return [(la, lo, w) for (la, lo), w in best.items()]


def _countries_near(
    pos: int, foreign_pts: list[tuple[str, int]], foreign_starts: list[int]
) -> tuple[tuple[str, float], ...]:
    lo = bisect.bisect_left(foreign_starts, pos - COUNTRY_WINDOW_CHARS)
    hi = bisect.bisect_right(foreign_starts, pos + COUNTRY_WINDOW_CHARS)
    k = bisect.bisect_left(foreign_starts, pos)
    lo, hi = max(lo, k - ANCHOR_WINDOW), min(hi, k + ANCHOR_WINDOW)
    return tuple((iso, math.exp(-abs(p - pos) / 300.0)) for iso, p in foreign_pts[lo:hi] if p != pos)


def precision_of(place: Place) -> int:
    if place.kind == "country" or (not place.country and place.kind in ("region", "sea")):
        return 4  # a country, or coarser: a continent, a world region, a sea
    if place.kind in ("region", "district"):
        return 3
    return 1


def _in_libyan_list(i: int, occ: list[Occurrence], first: list[list[tuple[Place, float]]], text: str) -> bool:
    """True when the occurrence stands in a list next to a name that is plainly a Libyan town."""
    for j in (i - 1, i + 1):
        if not 0 <= j < len(occ) or not first[j]:
            continue
        top = first[j][0][0]
        if top.in_libya and top.kind not in ("country", "region") and len(occ[j].candidates) == 1:
            if _joined(occ, min(i, j), max(i, j), text):
                return True
    return False


def _joined(occ: list[Occurrence], a: int, b: int, text: str) -> bool:
    gap = " ".join(text[occ[a].end : occ[b].start].split())
    return gap in _LIST_GAPS


_LIST_GAPS = frozenset({"،", ",", "و", "and", "or", "et", "ou", "أو", "او", "، و", "،و", ", and", ", et", ", or"})


def resolve_occurrences(article: Article, occ: list[Occurrence], demonyms: Mapping[str, str]) -> list[Mention]:
    """One resolved mention per occurrence, in the same order."""
    text = article.text
    contexts = [_context(o, demonyms) for o in occ]
    first = [rank(o.candidates, c, ()) for o, c in zip(occ, contexts, strict=True)]
    # Coherence: confident Libyan choices anchor the others (nearest wins among same-named places).
    anchor_pts = [
        (s[0][0].lat, s[0][0].lon, i)
        for i, s in enumerate(first)
        if s and s[0][0].in_libya and s[0][0].kind not in ("country", "region") and len(occ[i].candidates) == 1
    ]
    anchor_starts = [occ[i].start for _, _, i in anchor_pts]
    foreign_pts = [(s[0][0].country, occ[i].start) for i, s in enumerate(first) if s and not s[0][0].in_libya]
    foreign_starts = [p for _, p in foreign_pts]
    mentions: list[Mention] = []
    for i, (o, ctx) in enumerate(zip(occ, contexts, strict=True)):
        if len(o.candidates) > 1 and foreign_pts:
            ctx = dataclasses.replace(ctx, nearby_countries=_countries_near(o.start, foreign_pts, foreign_starts))
        if len(o.candidates) > 1 and any(p.in_libya for p, _ in o.candidates) and _in_libyan_list(i, occ, first, text):
            ctx = dataclasses.replace(ctx, in_libyan_list=True)
        # Nearby in the text counts more: a place a sentence away says more than one ten paragraphs away.
        anchors = _anchors_for(i, o.start, anchor_pts, anchor_starts, occ) if len(o.candidates) > 1 else []
        scored = rank(o.candidates, ctx, anchors) if len(o.candidates) > 1 else first[i]
        best = scored[0][0]
        conf = confidence(scored, o.evidence if o.needs_evidence else 1.0)
        conf = min(conf, o.conf_cap)
        if o.typo:
            conf = min(conf, 0.6)
        elif not is_curated(best):
            conf = min(conf, 0.85)
        m = Mention(
            doc=article.doc,
            surface=article.text[o.start : o.end],
            start=o.start,
            end=o.end,
            place=best,
            lat=best.lat,
            lon=best.lon,
            precision=precision_of(best),
            confidence=conf,
            candidates=tuple(Candidate(p, round(s, 3)) for p, s in scored[:5]),
            evidence=("typo",) if o.typo else (),
        )
        mentions.append(m)
    return mentions
