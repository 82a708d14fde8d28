"""The four output layers as plain records, whatever produced them (the pipeline or the event store).

Writers take anything with ``places``, ``events``, ``control_areas`` and ``front_lines`` attributes (or
keys): ``geo.pipeline.Analysis``, ``Layers`` below (what the event store returns), or a plain dict.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

LAYER_NAMES: tuple[str, ...] = ("places", "events", "control_areas", "front_lines")


@dataclass(slots=True)
class Layers:
    places: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    control_areas: list[dict[str, Any]] = field(default_factory=list)
    front_lines: list[dict[str, Any]] = field(default_factory=list)


def as_layers(analysis: Any) -> Layers:
    """Read the four layers from an Analysis, a mapping with the same keys or ``Layers`` (missing layers
    are empty; anything that is not a record is dropped)."""
    def get(name: str) -> list[dict[str, Any]]:
        value = analysis.get(name) if isinstance(analysis, Mapping) else getattr(analysis, name, None)
        return [r for r in (value or []) if isinstance(r, Mapping)]

    return Layers(*(get(name) for name in LAYER_NAMES))


def is_libyan_event(ev: Mapping[str, Any]) -> bool:
    """An event belongs on the Libyan layers only when it is coded in Libya and has a position.

    Foreign places stay in the places layer with their true coordinates; an event there would put a
    strike in Tunis on a map of the Libyan war.
    """
    country = ev.get("country")
    iso = ev.get("iso")
    if country not in (None, "", "Libya") or iso not in (None, "", 434, "434"):
        return False
    return _finite(ev.get("latitude")) and _finite(ev.get("longitude"))


def _finite(value: Any) -> bool:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return False
    return f == f and abs(f) != float("inf")
