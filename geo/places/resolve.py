"""Resolution: rank a name's candidate places by priors and by what the article says around it.

Signals, in order of weight: a foreign qualifier next to the name (طرابلس اللبنانية, Tripoli, Lebanon),
a kind hint from the head noun before it (مطار -> airport, قاعدة -> air base, ميناء -> port), coherence with
the article's other places (the Es Sider near Ras Lanuf), the Libya prior, the curated table before bulk
sources, and kind and population priors.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from gazetteer.place import Place
from geo.places.relative import haversine_km

KIND_PRIOR = {
    "country": 0.55, "city": 0.5, "region": 0.4, "town": 0.4, "oil_terminal": 0.35, "district": 0.3,
    "air_base": 0.3, "airport": 0.3, "port": 0.3, "road": 0.3, "oil_field": 0.3, "crossing": 0.3,
    "neighbourhood": 0.25, "military_base": 0.25, "wadi": 0.2, "village": 0.2, "oasis": 0.25,
    "mountain": 0.15, "landmark": 0.15, "island": 0.15, "hamlet": 0.05,
}


@dataclass(frozen=True, slots=True)
class Context:
    """What the text around one occurrence says."""

    kind_hints: tuple[str, ...] = ()
    foreign_iso: str | None = None
    # Foreign countries named near this occurrence, with weights: سوسة after في تونس is Sousse.
    nearby_countries: tuple[tuple[str, float], ...] = ()


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
    if anchors and place.in_libya:
        s += 0.6 * max(w * math.exp(-haversine_km(place.lat, place.lon, lat, lon) / 150.0) for lat, lon, w in anchors)
    return s


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
