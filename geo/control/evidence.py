"""How much a piece of control evidence counts, and who holds a place as of a day.

The rules an analyst applies before drawing an area:

* a piece of evidence is one article's statement on one day (its text and the events coded from it
  are the same report, not two), one event reported elsewhere, one analyst record, or one documented
  baseline fact;
* a place gets an area only with at least two independent pieces inside the window, or one analyst
  record, or one baseline fact (``backed``); one report says something happened, not who holds what;
* dated evidence decays (half-life ``HALF_LIFE_DAYS``) and ends at ``WINDOW_DAYS``; the baseline does
  not decay but never outweighs dated evidence of another side;
* an event the coder marked low-confidence (``x_low_confidence`` or ``x_confidence`` < 0.5) weighs a
  quarter and never counts as a piece on its own;
* contested means evidence of both sides in the window (fighting between them, or claims of each).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from geo.control.dates import days_between
from geo.control.model import ControlPoint, PlaceControl

WINDOW_DAYS = 30
HALF_LIFE_DAYS = 15.0
# Analyst records are an analyst's call for a date: they hold longer, until newer evidence decides.
ANALYST_WINDOW_DAYS = 365
LOW_CONFIDENCE = 0.5
LOW_CONFIDENCE_FACTOR = 0.25
# A piece below this weight (before decay) informs the score but is not one of the two pieces.
MIN_PIECE_WEIGHT = 0.5
FACT_WEIGHT = 0.5
# The runner-up side keeps the place contested while its score is at least this share of the leader's.
CONTESTED_SHARE = 0.5
MIN_PIECES = 2


def base_weight(p: ControlPoint) -> float:
    """What one piece counts before decay: low-confidence events a quarter of their confidence."""
    if p.kind == "fact":
        return FACT_WEIGHT
    if p.kind == "analyst":
        return 1.0
    conf = min(max(float(p.confidence), 0.0), 1.0)
    if p.low_confidence or conf < LOW_CONFIDENCE:
        return conf * LOW_CONFIDENCE_FACTOR
    return conf


def decay(p: ControlPoint, as_of: str) -> float:
    """1 on the day, halving every ``HALF_LIFE_DAYS``; 0 outside the window or in the future."""
    if p.kind == "fact":
        # valid_to is the day the fact ended (the next fact's valid_from): exclusive.
        live = p.date <= as_of and (p.valid_to is None or as_of < p.valid_to)
        return 1.0 if live else 0.0
    if p.date > as_of:
        return 0.0
    age = max(0, days_between(min(p.date_last or p.date, as_of), as_of))
    window = ANALYST_WINDOW_DAYS if p.kind == "analyst" else WINDOW_DAYS
    if age < 0 or age > window:
        return 0.0
    if p.kind == "analyst":
        return 1.0
    return 0.5 ** (age / HALF_LIFE_DAYS)


def piece_key(p: ControlPoint) -> str:
    """Pieces with the same key are one report: an article's text and its events on one day."""
    if p.kind in ("text", "event"):
        return f"{p.source}@{p.date}"
    return p.evidence_ids[0] if p.evidence_ids else f"{p.kind}:{p.source}:{p.date}"


@dataclass(frozen=True, slots=True)
class _Weighed:
    point: ControlPoint
    weight: float  # base weight x decay

    @property
    def counts(self) -> bool:
        return base_weight(self.point) >= MIN_PIECE_WEIGHT


def _pieces(items: Iterable[_Weighed]) -> int:
    return len({piece_key(w.point) for w in items if w.counts})


def _confidence(items: Sequence[_Weighed]) -> float:
    """1 - prod(1 - w) over the best weight of each piece: two solid reports give 0.75 and up."""
    best: dict[str, float] = {}
    for w in items:
        k = piece_key(w.point)
        best[k] = max(best.get(k, 0.0), min(w.weight, 0.95))
    return round(1.0 - math.prod(1.0 - x for x in best.values()), 3) if best else 0.0


def decide(points: Sequence[ControlPoint], as_of: str) -> PlaceControl | None:
    """The control of one place as of ``as_of`` from its points, or None when nothing is live."""
    live = [_Weighed(p, base_weight(p) * decay(p, as_of)) for p in points]
    live = [w for w in live if w.weight > 0]
    if not live:
        return None
    analyst = [w for w in live if w.point.kind == "analyst"]
    inferred = [w for w in live if w.point.kind != "analyst"]
    inf = _decide_inferred(inferred)
    if analyst:
        newest = max(analyst, key=lambda w: w.point.date)
        support = tuple(w.point for w in analyst if w.point.side == newest.point.side)
        overridden = (inf.point,) if inf else ()
        return PlaceControl(newest.point, support, overridden, _status(support), backed=True,
                            pieces=_pieces(w for w in analyst if w.point.side == newest.point.side),
                            confidence=1.0)
    return inf


def _status(support: Iterable[ControlPoint]) -> str:
    return "assessed" if len({p.source for p in support}) > 1 else "claimed"


def _has_call(dated: Sequence[_Weighed]) -> bool:
    """Whether dated evidence can decide: a side's claim, or fighting that names both sides."""
    return any(w.point.side not in ("contested", "unknown") or w.point.both_named for w in dated)


def _decide_inferred(items: Sequence[_Weighed]) -> PlaceControl | None:
    if not items:
        return None
    dated = [w for w in items if w.point.kind != "fact"]
    facts = [w for w in items if w.point.kind == "fact"]
    score: dict[str, float] = defaultdict(float)
    for w in dated:
        if w.point.side not in ("contested", "unknown"):
            score[w.point.side] += w.weight
    fights = [w for w in dated if w.point.side == "contested"]
    if not dated or not _has_call(dated):
        sides = {w.point.side for w in facts}
        if len(sides) != 1:
            return None  # the baseline disagrees with itself: no call
        pts = tuple(w.point for w in facts)
        win = max(pts, key=lambda p: p.date)
        return PlaceControl(win, pts, (), "baseline", backed=True, pieces=len(pts),
                            confidence=_confidence(facts))
    ranked = sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))
    leader = ranked[0] if ranked else None
    fight_score = sum(w.weight for w in fights)
    rivals = [s for s, v in ranked if leader and v >= CONTESTED_SHARE * leader[1]]
    latest_fight = max((w.point.date for w in fights), default="")
    latest_sided = max((w.point.date for w in dated if w.point.side in score), default="")
    # Evidence of both sides: fighting that names both, or each side's own claims.
    both = any(w.point.both_named for w in fights) or len(rivals) > 1
    contested = len(rivals) > 1 or (fights and (not leader or latest_fight >= latest_sided
                                                 or fight_score >= leader[1]))
    if contested and not both:
        contested = False  # one side reported fighting there, against nobody named: no call from it
    if contested:
        parties = tuple(dict.fromkeys(
            b for w in fights for b in w.point.parties if b not in ("contested", "unknown")
        ))
        parties = tuple(dict.fromkeys((*parties, *(rivals if len(rivals) > 1 else ()))))
        support_w = [w for w in dated if w.point.side == "contested" or w.point.side in parties]
        base = max(fights, key=lambda w: (w.point.date, w.weight)).point if fights else max(
            support_w, key=lambda w: (w.point.date, w.weight)).point
        win = replace(base, side="contested", parties=parties)
        support = tuple(w.point for w in support_w)
        # Fighting that names nobody adds to the score but is no piece of evidence of both sides.
        n = _pieces(w for w in support_w if w.point.side != "contested" or w.point.both_named)
        return PlaceControl(win, support, (), _status(support), backed=n >= MIN_PIECES and len(parties) >= 2,
                            pieces=n,
                            confidence=_confidence(support_w))
    assert leader is not None
    side = leader[0]
    support_w = [w for w in dated if w.point.side == side]
    # The baseline adds to dated evidence of its own side; it never outweighs another side's.
    agreeing = [w for w in facts if w.point.side == side]
    win = max(support_w, key=lambda w: (w.point.date, w.weight)).point
    n = _pieces(support_w)
    all_w = [*support_w, *agreeing]
    support = tuple(w.point for w in all_w)
    return PlaceControl(win, support, (), _status(support), backed=n >= MIN_PIECES or bool(agreeing),
                        pieces=n + len(agreeing), confidence=_confidence(all_w))


def current_control(points: Iterable[ControlPoint], as_of: str) -> list[PlaceControl]:
    """The decided control of every place with live evidence as of ``as_of`` (unknown ones left out)."""
    by_place: dict[str, list[ControlPoint]] = defaultdict(list)
    for p in points:
        if p.date <= as_of:
            by_place[p.key].append(p)
    out = []
    for key in sorted(by_place):
        pc = decide(by_place[key], as_of)
        if pc is not None and pc.side != "unknown":
            out.append(pc)
    return out
