"""What a correction is, and how a request body becomes one: plain data and pure functions."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from maps.store_sql import REVIEW_FIELDS, Correction

# Why an event is rejected: what an analyst picks in the queue (and scripts send as ``reason``).
REJECT_REASONS = {
    "not_an_event": "not an event (the trigger does not report one)",
    "duplicate": "duplicate of another event",
    "abroad": "happened outside Libya",
    "background": "background, not news of the article's date",
}
STATUSES = ("accepted", "corrected", "rejected")

# Fields a reviewer may correct, with their kind: the store's review columns.
FIELDS: dict[str, str] = dict(REVIEW_FIELDS)
# Short names a request may use for the point.
_ALIASES = {"lat": "latitude", "lon": "longitude", "lng": "longitude", "place_id": "x_place_id",
            "date": "event_date", "actor1_side": "x_actor1_bloc", "actor2_side": "x_actor2_bloc",
            "side1": "x_actor1_bloc", "side2": "x_actor2_bloc"}
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_TEXT = 2000


class BadCorrection(ValueError):
    """A request body that is not a correction: a one-line reason for the reviewer."""


@dataclass(frozen=True, slots=True)
class ReviewRequest:
    """A parsed ``POST /api/events/{id}/review`` body."""

    correction: Correction
    place: str | None = None  # a gazetteer place id to move the event to
    learn: str | None = None  # "article" | "global": save the move as an alias of the surface form
    merge_with: str | None = None
    split: tuple[Mapping[str, Any], ...] = ()


def _number(name: str, value: Any, lo: float, hi: float) -> float:
    if isinstance(value, bool):
        raise BadCorrection(f"{name} must be a number")
    try:
        f = float(value)
    except (TypeError, ValueError):
        raise BadCorrection(f"{name} must be a number") from None
    if not math.isfinite(f) or not lo <= f <= hi:
        raise BadCorrection(f"{name} must lie between {lo:g} and {hi:g}")
    return f


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise BadCorrection(f"{name} must be a string")
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise BadCorrection(f"{name} is longer than {MAX_TEXT} characters")
    return value


def field_value(name: str, value: Any) -> Any:
    """A corrected value checked for its field; ``None`` clears nothing (it is refused)."""
    kind = FIELDS[name]
    if value is None:
        raise BadCorrection(f"{name} cannot be empty")
    if name == "latitude":
        return round(_number(name, value, -90, 90), 6)
    if name == "longitude":
        return round(_number(name, value, -180, 180), 6)
    if kind == "INTEGER":
        f = _number(name, value, 0, 1e7)
        if f != int(f):
            raise BadCorrection(f"{name} must be a whole number")
        n = int(f)
        if name in ("geo_precision", "time_precision") and n not in (1, 2, 3):
            raise BadCorrection(f"{name} must be 1, 2 or 3")
        return n
    if kind == "DATE":
        s = _text(name, value)
        if not _DATE_RE.match(s):
            raise BadCorrection(f"{name} must be a date YYYY-MM-DD")
        return s
    return _text(name, value)


def parse_review(body: Any, reviewer: str, *, event_types: Mapping[str, set[str]] | None = None) -> ReviewRequest:
    """Check a request body. ``event_types`` (type -> its sub-types) restricts event_type/sub_event_type
    to ACLED's categories when given."""
    if not isinstance(body, Mapping):
        raise BadCorrection("the body must be a JSON object")
    known = {"status", "reason", "reviewer", "place_id", "learn", "merge_with", "split", *FIELDS, *_ALIASES}
    unknown = sorted(set(body) - known)
    if unknown:
        raise BadCorrection(f"cannot correct {', '.join(unknown)}")
    status = body.get("status")
    if status is not None and status not in STATUSES:
        raise BadCorrection(f"status must be one of {', '.join(STATUSES)}")
    reason = body.get("reason")
    if reason is not None:
        reason = _text("reason", reason)
    if status == "rejected":
        if reason not in REJECT_REASONS:
            raise BadCorrection(f"a rejection needs a reason: one of {', '.join(REJECT_REASONS)}")
    changes: dict[str, Any] = {}
    for key, value in body.items():
        name = _ALIASES.get(key, key)
        if name in FIELDS and name != "x_place_id":
            changes[name] = field_value(name, value)
    if ("latitude" in changes) != ("longitude" in changes):
        raise BadCorrection("a move gives both lat and lon")
    if event_types is not None:
        et = changes.get("event_type")
        if et is not None and et not in event_types:
            raise BadCorrection(f"event_type must be one of ACLED's: {', '.join(sorted(event_types))}")
        sub = changes.get("sub_event_type")
        if sub is not None:
            allowed = event_types.get(et) if et else set().union(*event_types.values())
            if sub not in (allowed or set()):
                raise BadCorrection(f"sub_event_type {sub!r} is not one of {et or 'ACLED'}'s sub-types")
    place = body.get("place_id")
    if place is not None:
        place = _text("place_id", place)
    learn = body.get("learn")
    if learn is not None and learn not in ("article", "global"):
        raise BadCorrection("learn must be 'article' or 'global'")
    if learn and not (place or "latitude" in changes):
        raise BadCorrection("learn needs a move (place_id, or lat and lon)")
    merge_with = body.get("merge_with")
    if merge_with is not None:
        merge_with = _text("merge_with", merge_with)
    split = body.get("split") or ()
    if split:
        if not isinstance(split, list) or not all(isinstance(p, Mapping) for p in split) or len(split) > 20:
            raise BadCorrection("split must be a list of at most 20 objects (the new events' values)")
        parts = []
        for part in split:
            bad = sorted(k for k in part if _ALIASES.get(k, k) not in FIELDS)
            if bad:
                raise BadCorrection(f"a split part cannot set {', '.join(bad)}")
            vals = {_ALIASES.get(k, k): (_text(k, v) if _ALIASES.get(k, k) == "x_place_id"
                                         else field_value(_ALIASES.get(k, k), v)) for k, v in part.items()}
            if ("latitude" in vals) != ("longitude" in vals):
                raise BadCorrection("a split part's move gives both lat and lon")
            if not vals:
                raise BadCorrection("a split part needs at least one value that differs (type, place, ...)")
            parts.append(vals)
        split = tuple(parts)
    who = body.get("reviewer")
    if who is not None:
        reviewer = _text("reviewer", who)[:80] or reviewer
    if status == "accepted" and (changes or place):
        status = "corrected"
    if not (status or changes or place or merge_with or split):
        raise BadCorrection("nothing to do: give a status, a reason or new values")
    return ReviewRequest(Correction(reviewer=reviewer, status=status, reason=reason, changes=changes),
                         place=place, learn=learn, merge_with=merge_with, split=split)


def doubt(ev: Mapping[str, Any]) -> float:
    """How much an event needs a person's eyes: higher first in the queue.

    Low confidence weighs most; then deaths (a wrong death toll does the most harm when published),
    imprecise places (a region centroid drawn as a point) and a single supporting source."""
    try:
        conf = float(ev.get("x_confidence") if ev.get("x_confidence") is not None else 0.5)
    except (TypeError, ValueError):
        conf = 0.5
    try:
        deaths = max(0, int(ev.get("fatalities") or 0))
    except (TypeError, ValueError):
        deaths = 0
    try:
        prec = int(ev.get("geo_precision") or 1)
    except (TypeError, ValueError):
        prec = 1
    n_sources = int(ev.get("x_n_evidence") or 1)
    score = 2.0 * (1.0 - min(1.0, max(0.0, conf)))
    score += min(1.2, 1.2 * math.log1p(deaths) / math.log1p(50))
    score += {1: 0.0, 2: 0.35, 3: 0.7}.get(prec, 0.7)
    score += 0.3 if n_sources <= 1 else 0.0
    return round(score, 4)


# ACLED's event types and sub-event types (its codebook's exact strings): what a reviewer may pick.
ACLED_TYPES: dict[str, set[str]] = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}
