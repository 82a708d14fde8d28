"""The gazetteer's record of one place."""

from __future__ import annotations

from dataclasses import dataclass, field

PLACE_KINDS = (
    "country", "region", "district", "city", "town", "village", "hamlet", "neighbourhood", "airport",
    "air_base", "military_base", "port", "oil_terminal", "oil_field", "road", "crossing", "wadi",
    "landmark", "mountain", "oasis", "island",
)


@dataclass(frozen=True, slots=True)
class Place:
    """One place, merged across sources.

    ``id`` is ``source:key`` of the source that won the merge; ``provenance`` lists every source
    record merged into it.  ``names`` holds every name form known (Arabic and Latin), including
    ``name`` and ``name_ar``.
    """

    id: str
    name: str
    lat: float
    lon: float
    kind: str
    country: str
    name_ar: str | None = None
    names: tuple[str, ...] = ()
    admin1: str | None = None
    population: int | None = None
    source: str = ""
    provenance: tuple[str, ...] = field(default=())
    # Names that are also ordinary words (الخمس five, الزاوية angle ...): need context to count.
    ambiguous: bool = False

    @property
    def in_libya(self) -> bool:
        return self.country == "LY"

    def all_names(self) -> tuple[str, ...]:
        seen = dict.fromkeys([self.name, *([self.name_ar] if self.name_ar else []), *self.names])
        return tuple(n for n in seen if n)
