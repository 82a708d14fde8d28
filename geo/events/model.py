"""The Event record and its ACLED-compatible export row."""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from typing import Any

# ACLED's export columns, in ACLED's order (export writers import this).
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
# Our extensions, after ``doc``.
X_COLUMNS: tuple[str, ...] = (
    "x_quote", "x_start", "x_end", "x_location_ar", "x_place_id", "x_actor1_bloc", "x_actor2_bloc",
    "x_confidence", "x_fatalities_low", "x_fatalities_high", "x_quotes", "x_trigger", "x_docs",
    "x_surface", "x_surface_start", "x_surface_end", "x_origin", "x_acled_id", "url", "title",
    "x_low_confidence", "x_n_evidence",
)
ALL_COLUMNS: tuple[str, ...] = (*ACLED_COLUMNS, "doc", *X_COLUMNS)

# Below this x_confidence an event is left out of `events`, `export` and `map` unless --min-confidence is
# lowered (then it carries x_low_confidence: true); the store keeps every event for review.
DEFAULT_MIN_CONFIDENCE = 0.5



def keep_confident(records: list[dict[str, Any]], threshold: float) -> list[dict[str, Any]]:
    """Event records at or above ``threshold`` (records without x_confidence are kept: ACLED's own).

    An event a reviewer accepted or corrected is kept whatever the machine's confidence: a person's
    check outranks the score that put it in the review queue."""
    out = []
    for r in records:
        if r.get("x_review") in ("accepted", "corrected"):
            out.append(r)
            continue
        c = r.get("x_confidence")
        try:
            if c is not None and c != "" and float(c) < threshold:
                continue
        except (TypeError, ValueError):
            pass
        out.append(r)
    return out


LIBYA_ISO = 434  # ISO 3166-1 numeric, as ACLED writes it
DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
# ACLED files these sub-event types under both headings.
DISORDER_BOTH = {"Excessive force against protesters", "Mob violence"}


def disorder_type(event_type: str, sub_event_type: str) -> str:
    if sub_event_type in DISORDER_BOTH:
        return "Political violence; Demonstrations"
    return DISORDER[event_type]


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: both inter codes, the smaller first (10, 20 ... for one actor)."""
    if not inter1:
        return None
    if not inter2:
        return inter1 * 10
    a, b = sorted((inter1, inter2))
    return a * 10 + b


def event_id(doc: str, start: int, place_id: str | None = None, trigger_start: int = -1,
             event_type: str = "", place_start: int = -1) -> str:
    """Our own id namespace (never ACLED's), stable across runs.

    The key is what makes an event distinct within its article: the sentence (``start``), the trigger
    word (two clauses of one sentence are two events), the place and where it is named (one clause
    at two places is two events) and the type.
    """
    key = f"{doc}\x1f{start}\x1f{trigger_start}\x1f{place_id or ''}\x1f{place_start}\x1f{event_type}".encode()
    return "CMLBY" + hashlib.blake2b(key, digest_size=8).hexdigest().upper()


def coding_time() -> int:
    """Unix time of coding (ACLED's ``timestamp``); SOURCE_DATE_EPOCH pins it for reproducible output."""
    pinned = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(pinned) if pinned.strip().isdigit() else int(time.time())


@dataclass(frozen=True, slots=True)
class Quote:
    doc: str
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Event:
    doc: str
    event_date: str  # ISO YYYY-MM-DD (month precision: the first of the month; see dates.py)
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str
    inter1: int
    quote: Quote
    trigger: str
    actor2: str = ""
    inter2: int | None = None
    assoc_actor_1: str = ""
    assoc_actor_2: str = ""
    actor1_bloc: str = ""
    actor2_bloc: str = ""
    location: str = ""
    location_ar: str = ""
    place_id: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int = 3
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    fatalities: int = 0
    fatalities_low: int = 0
    fatalities_high: int | None = 0
    notes: str = ""
    source: str = ""
    source_scale: str = ""
    confidence: float = 0.5
    quotes: list[Quote] = field(default_factory=list)
    trigger_start: int = -1  # article offset of the trigger word
    surface: str = ""  # the place's name as written in the article
    surface_start: int | None = None  # its offsets inside the quote (None: named outside the quote)
    surface_end: int | None = None
    place_start: int = -1  # article offset of the place's name
    timestamp: int | None = None
    event_id: str = ""
    signals: tuple[str, ...] = ()  # why the confidence is what it is (news.py); not exported
    url: str | None = None  # the reporting article's address and title (provenance beside ``source``)
    title: str | None = None

    def __post_init__(self) -> None:
        if not self.quotes:
            self.quotes = [self.quote]
        if not self.event_id:
            self.event_id = event_id(self.doc, self.quote.start, self.place_id, self.trigger_start,
                                     f"{self.event_type}/{self.sub_event_type}", self.place_start)
        if self.timestamp is None:
            self.timestamp = coding_time()

    @property
    def civilian_targeting(self) -> str:
        targeted = self.actor2_bloc == "CIV" and self.event_type in (
            "Violence against civilians", "Explosions/Remote violence",
        )
        return "Civilian targeting" if targeted else ""

    def to_record(self) -> dict[str, Any]:
        docs = list(dict.fromkeys(q.doc for q in self.quotes))
        rec: dict[str, Any] = {
            "event_id_cnty": self.event_id,
            "event_date": self.event_date,
            "year": int(self.event_date[:4]),
            "time_precision": self.time_precision,
            "disorder_type": disorder_type(self.event_type, self.sub_event_type),
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "actor1": self.actor1,
            "assoc_actor_1": self.assoc_actor_1,
            "inter1": self.inter1,
            "actor2": self.actor2,
            "assoc_actor_2": self.assoc_actor_2,
            "inter2": self.inter2 if self.inter2 else None,
            "interaction": interaction(self.inter1, self.inter2),
            "civilian_targeting": self.civilian_targeting,
            "iso": LIBYA_ISO,
            "region": "Northern Africa",
            "country": "Libya",
            "admin1": self.admin1,
            "admin2": self.admin2,
            "admin3": self.admin3,
            "location": self.location,
            "latitude": None if self.latitude is None else round(self.latitude, 6),
            "longitude": None if self.longitude is None else round(self.longitude, 6),
            "geo_precision": self.geo_precision,
            "source": self.source,
            "source_scale": self.source_scale,
            "notes": self.notes,
            "fatalities": self.fatalities,
            "tags": "",
            "timestamp": self.timestamp,
            "doc": self.doc,
            "x_quote": self.quote.text,
            "x_start": self.quote.start,
            "x_end": self.quote.end,
            "x_location_ar": self.location_ar,
            "x_place_id": self.place_id,
            "x_actor1_bloc": self.actor1_bloc,
            "x_actor2_bloc": self.actor2_bloc,
            "x_confidence": round(self.confidence, 3),
            "x_fatalities_low": self.fatalities_low,
            "x_fatalities_high": self.fatalities_high,
            "x_quotes": [{"doc": q.doc, "text": q.text, "start": q.start, "end": q.end} for q in self.quotes],
            "x_trigger": self.trigger,
            "x_docs": docs,
            "x_surface": self.surface,
            "x_surface_start": self.surface_start,
            "x_surface_end": self.surface_end,
            "x_origin": "conflictmap",
            "x_acled_id": None,
            "url": self.url,
            "title": self.title,
            "x_low_confidence": self.confidence < DEFAULT_MIN_CONFIDENCE,
            "x_n_evidence": len(docs),  # articles that report the event, not quotes
        }
        assert tuple(rec) == ALL_COLUMNS
        return rec
