"""Records of the control layer: evidence points, estimated areas and front lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SIDES_SPECIAL = ("contested", "unknown")


@dataclass(frozen=True, slots=True)
class ControlPoint:
    """One piece of evidence that ``side`` held (or contested) a place on ``date``.

    ``side`` is a bloc (``LNA``, ``GNA``, ``IS``...) or ``contested``; for contested points
    ``parties`` names the blocs fighting over it when known.  ``status``: ``inferred`` (text,
    events, fact table) or ``analyst`` (an override file).  ``source`` is where it came from: a doc
    id, ``facts``, ``event:ID`` or the override file's source column.
    """

    place_id: str | None
    name: str
    lat: float
    lon: float
    side: str
    date: str
    source: str
    quote: str = ""
    status: str = "inferred"
    evidence_ids: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    kind: str = "text"  # text | event | fact | analyst
    valid_to: str | None = None  # fact-table rows end; other evidence decays instead
    confidence: float = 1.0  # the event coder's x_confidence; text rules and facts 1.0
    low_confidence: bool = False  # the event coder's x_low_confidence flag
    place_kind: str | None = None  # the gazetteer kind (city, town, airport ...), when known
    url: str | None = None  # the article's address, for links in popups
    # The last day the evidence may be from: a month-dated article (2020-01) is dated the 1st but may
    # be from the 31st, so it stays in the window (and the picture of the month) that long.
    date_last: str | None = None
    # Contested evidence that names both sides (an event with two actors, a sentence naming both);
    # fighting that names one side only says it fights, not whom: no evidence of the other side.
    both_named: bool = True

    @property
    def key(self) -> str:
        """The place this point speaks about: its gazetteer id, else its rounded coordinates."""
        return self.place_id or f"{self.lat:.3f},{self.lon:.3f}"


@dataclass(frozen=True, slots=True)
class PlaceControl:
    """The control status of one place as of a date, with the evidence that decided it."""

    point: ControlPoint
    support: tuple[ControlPoint, ...]  # every recent point agreeing with the winner
    overridden: tuple[ControlPoint, ...] = ()  # inferred points an analyst point overrode
    status: str = "claimed"  # assessed (several sources) | claimed (one)
    # Enough independent evidence to draw an area (two pieces, an analyst record or a baseline fact);
    # an unbacked contested place still tells where the sides meet, but is no area of its own.
    backed: bool = True
    pieces: int = 1  # independent pieces of evidence (article-days, events, records, facts)
    confidence: float = 1.0  # 0-1, from the weights of the supporting pieces

    @property
    def side(self) -> str:
        return self.point.side

    @property
    def overridden_by(self) -> str | None:
        return self.point.source if self.overridden else None


@dataclass(slots=True)
class ControlArea:
    side: str
    geometry: Any  # shapely Polygon | MultiPolygon, lon/lat
    status: str
    valid_from: str
    valid_to: str
    evidence: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    decided: tuple[PlaceControl, ...] = ()  # the places whose status drew this area
    confidence: float = 1.0
    evidence_from: str | None = None  # the oldest supporting evidence


@dataclass(slots=True)
class FrontLine:
    side_a: str
    side_b: str
    geometry: Any  # shapely LineString | MultiLineString, lon/lat
    length_km: float
    status: str
    valid_from: str
    valid_to: str
    evidence: tuple[str, ...] = ()
    # 0 where the sides are in contact; else the narrowest distance (km) between opposing held
    # places across the line, which then runs midway between them (an estimate, not a sighting).
    gap_km: float = 0.0
    confidence: float = 1.0
    places: tuple[str, ...] = ()  # the contact places and flanking places it is drawn from
    decided: tuple[PlaceControl, ...] = ()


@dataclass(slots=True)
class ControlEstimate:
    as_of: str
    places: list[PlaceControl] = field(default_factory=list)
    areas: list[ControlArea] = field(default_factory=list)
    fronts: list[FrontLine] = field(default_factory=list)
    evidence: list[ControlPoint] = field(default_factory=list)
    # Earlier pictures of the same evidence (oldest first), each valid up to the next one: what the
    # map's time slider shows before ``as_of``.
    history: list[ControlEstimate] = field(default_factory=list)
    valid_from: str | None = None  # the first day this picture holds (``as_of`` for a single picture)

    def side_of(self, name_or_id: str) -> str:
        """Side of a place by name or id ('unknown' when there is no current evidence)."""
        for pc in self.places:
            if name_or_id in (pc.point.name, pc.point.place_id):
                return pc.side
        return "unknown"

    def side_at(self, lon: float, lat: float) -> str:
        """Side of the area containing a point ('contested' zones win over sides)."""
        from shapely.geometry import Point

        pt = Point(lon, lat)
        hits = [a.side for a in self.areas if a.geometry.covers(pt)]
        if "contested" in hits:
            return "contested"
        return hits[0] if hits else "unknown"
