"""Areas of control and front lines, dated, from text, events, a fact table and analyst overrides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from geo.article import Article
from geo.control.dates import end_date
from geo.control.errors import ControlFileError
from geo.control.model import ControlArea, ControlEstimate, ControlPoint, FrontLine, PlaceControl
from geo.places.mention import Mention

__all__ = [
    "ControlArea", "ControlEstimate", "ControlFileError", "ControlPoint", "FrontLine", "PlaceControl",
    "collect_evidence", "estimate_control", "estimate_from_points", "load_overrides", "to_features",
]


def collect_evidence(
    docs: Iterable[tuple[Article, Sequence[Mention]]],
    events: Iterable[Mapping[str, Any]] = (),
    *,
    use_facts: bool = True,
) -> list[ControlPoint]:
    """Every inferred ControlPoint: text statements, events, and (optionally) the fact table."""
    from geo.control.events import event_evidence
    from geo.control.facts import load_facts
    from geo.control.textrules import text_evidence

    pts: list[ControlPoint] = []
    for article, mentions in docs:
        pts += text_evidence(article, mentions)
    pts += event_evidence(dict(e) for e in events)
    if use_facts:
        pts += load_facts()
    return pts


def estimate_control(
    docs: Iterable[tuple[Article, Sequence[Mention]]],
    events: Iterable[Mapping[str, Any]] = (),
    *,
    as_of: str | None = None,
    overrides: Sequence[ControlPoint] = (),
    use_facts: bool = True,
) -> ControlEstimate:
    """Estimate who controls what as of a date.

    ``docs``: (article, its mentions) pairs; mention offsets index ``article.text``.  ``events``:
    event records (ACLED columns with ``latitude``, ``longitude``, ``event_date``, ``sub_event_type``,
    ``x_actor1_bloc``/``x_actor2_bloc``, ``x_place_id``).  ``as_of``: YYYY-MM-DD or YYYY-MM (the end
    of the month); default the latest evidence date, else today.  ``overrides``: analyst points from
    ``load_overrides(path)``, which win over inferred ones (both are kept for audit).  ``use_facts``:
    include the documented baseline (``geo/data/control_facts.csv``; off with ``--no-baseline``).

    The evidence rules are in ``geo.control.evidence`` (two independent pieces in a 30-day window, or an
    analyst record, or a baseline fact), sides are read for their dates (``geo.periods``), and the
    result carries the earlier pictures of the same evidence in ``history`` for the map's time slider.
    """
    return estimate_from_points(collect_evidence(list(docs), events, use_facts=use_facts), as_of=as_of,
                                overrides=overrides)


def estimate_from_points(
    points: Sequence[ControlPoint], *, as_of: str | None = None, overrides: Sequence[ControlPoint] = ()
) -> ControlEstimate:
    """The estimate from evidence already collected (text, events, facts): the last step of
    ``estimate_control``, for callers that gather evidence elsewhere (one Dask partition at a time)."""
    from geo.control.estimate import build_estimate
    from geo.control.sides import on_its_date

    points = [q for q in (on_its_date(p) for p in [*points, *overrides]) if q is not None]
    day = end_date(as_of) if as_of else None
    if as_of and day is None:
        raise ValueError(f"as_of must be YYYY-MM-DD or YYYY-MM, not {as_of!r}")
    if day is None:
        dated = [p.date_last or p.date for p in points if p.kind != "fact"]
        day = max(dated) if dated else dt.date.today().isoformat()
    return build_estimate(points, day)


def load_overrides(path: str, lookup: Any = None) -> list[ControlPoint]:
    from geo.control.overrides import load_overrides as _load

    return _load(path, lookup)


def to_features(estimate: ControlEstimate) -> list[dict[str, Any]]:
    from geo.control.features import to_features as _tf

    return _tf(estimate)
