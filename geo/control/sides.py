"""Sides as they existed on the evidence's date (``geo.periods``): "the GNA" in a 2015 article is the
Tripoli camp of 2015, Libya Dawn; a side that did not exist on the day, or that holds no ground
(civilians, the UN, unidentified gunmen), is no side of a control area."""

from __future__ import annotations

from dataclasses import replace

from geo import periods
from geo.control.model import SIDES_SPECIAL, ControlPoint


def side_on(side: str | None, day: str) -> str | None:
    """The bloc ``side`` denotes on ``day``, or None when it held no ground then."""
    if not side:
        return None
    if side in SIDES_SPECIAL:
        return side
    key = periods.bloc_for(side, day)
    if not periods.holds_ground(key) or not periods.exists(key, day):
        return None
    return key


def on_its_date(p: ControlPoint) -> ControlPoint | None:
    """``p`` with its side and parties read for its date; None when its side did not exist then."""
    side = side_on(p.side, p.date)
    if side is None:
        return None
    parties = tuple(dict.fromkeys(b for b in (side_on(x, p.date) for x in p.parties)
                                  if b and b not in SIDES_SPECIAL))
    if side == "contested" and len(parties) == 1:
        # Fighting names one camp of the period's war: the other is the one it fights.
        other = periods.opponent(parties[0], p.date)
        if other:
            parties = (*parties, other)
    if side == p.side and parties == p.parties:
        return p
    return replace(p, side=side, parties=parties)
