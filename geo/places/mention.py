"""A place name found in an article, and what it was resolved to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gazetteer.place import Place


@dataclass(frozen=True, slots=True)
class Candidate:
    place: Place
    score: float


@dataclass(slots=True)
class Mention:
    """One occurrence of a place name (or of a relative expression) in an article.

    ``start``/``end`` are code-point offsets into the article text as read (after BOM removal), so
    ``text[start:end] == surface`` always holds.  ``precision``: 1 exact place, 2 near/relative to a
    place, 3 region/district, 4 country.  A relative expression (``40 km south of Sirte``) has
    ``kind == "relative"``, the projected point in lat/lon (inside Libya's land when the anchor is
    Libyan), and its ``anchor`` place; a description (``role``) only says where a named place lies and
    adds no event location.
    """

    doc: str
    surface: str
    start: int
    end: int
    place: Place | None = None
    lat: float | None = None
    lon: float | None = None
    precision: int = 1
    confidence: float = 0.0
    kind: str | None = None
    candidates: tuple[Candidate, ...] = ()
    anchor: Place | None = None
    bearing_deg: float | None = None
    offset_km: float | None = None
    evidence: tuple[str, ...] = field(default=())
    # "location" (where something is or happens), "description" (a relative expression that only says
    # where a named place lies: "سبها، على بعد 750 كلم جنوب طرابلس", or an offset over 100 km), or
    # "description_anchor" (the anchor of such a description: Tripoli there). Events use only locations.
    role: str = "location"
    label: str | None = None  # a relative record's reading: "40 km S of Sirte", "eastern Libya"
    describes: Place | None = None  # the place a description locates (Sabha)

    @property
    def is_description(self) -> bool:
        """True for a description or its anchor: a place mention, never an event location."""
        return self.role != "location"

    @property
    def in_libya(self) -> bool:
        if self.kind == "relative" and self.anchor is not None:
            return self.anchor.in_libya
        return self.place is not None and self.place.in_libya

    def to_record(self) -> dict[str, Any]:
        """The JSON contract of ``conflictmap places`` (see DESIGN.md)."""
        p = self.place if self.kind != "relative" else self.anchor
        rec: dict[str, Any] = {
            "doc": self.doc,
            "surface": self.surface,
            "start": self.start,
            "end": self.end,
            "place_id": self.place.id if self.place else (self.anchor.id if self.anchor else None),
            "name": p.name if p else None,
            "name_ar": p.name_ar if p else None,
            "lat": None if self.lat is None else round(self.lat, 6),
            "lon": None if self.lon is None else round(self.lon, 6),
            "country": (p.country or None) if p else None,  # a continent or a sea has none
            "kind": self.kind if self.kind else (p.kind if p else None),
            "in_libya": self.in_libya,
            "admin1": p.admin1 if p else None,
            "precision": self.precision,
            "confidence": round(self.confidence, 3),
            "role": self.role,
        }
        if self.kind == "relative":
            rec["anchor"] = self.anchor.name if self.anchor else None
            rec["anchor_id"] = self.anchor.id if self.anchor else None
            rec["bearing_deg"] = self.bearing_deg
            rec["offset_km"] = self.offset_km
            rec["label"] = self.label
            rec["describes"] = self.describes.name if self.describes else None
        return rec
