"""``geo.pipeline.analyse`` on Dask: the same ``Analysis``, built from partition results.

Control is estimated on the client, as in ``geo.control.estimate_control``, from evidence gathered
in corpus order: the text evidence each partition computed, then the events', the fact table's and the
analyst's. Article texts stay on the workers (``Analysis.articles`` is left empty).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from geo.distributed.engine import DistributedResult
from geo.pipeline import Analysis, add_control_features
from geo.progress import NO_PHASES, Phases


def estimate_from_points(text_points: Sequence[Any], events: Sequence[dict[str, Any]], *,
                         as_of: str | None = None, overrides: Sequence[Any] = (), baseline: bool = True) -> Any:
    """``estimate_control`` with the per-article text evidence already collected (same order: text,
    events, facts unless ``baseline`` is false, then the analyst's)."""
    from geo.control import estimate_from_points as estimate
    from geo.control.events import event_evidence
    from geo.control.facts import load_facts

    points = [*text_points, *event_evidence(dict(e) for e in events), *(load_facts() if baseline else ())]
    return estimate(points, as_of=as_of, overrides=overrides)


def to_analysis(result: DistributedResult, *, as_of: str | None = None, overrides: Sequence[Any] = (),
                control: bool = True, baseline: bool = True, phases: Phases = NO_PHASES) -> Analysis:
    analysis = Analysis(places=list(result.places), events=[e.to_record() for e in result.events])
    if control and result.n_articles:
        from geo.control import to_features

        with phases(f"control areas and front lines from {len(result.control_points)} pieces of text evidence"):
            estimate = estimate_from_points(result.control_points, analysis.events, as_of=as_of,
                                            overrides=overrides, baseline=baseline)
            add_control_features(analysis, to_features(estimate))
    return analysis
