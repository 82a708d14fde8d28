"""What the map draws from an event store, optionally with new articles laid over it.

``conflictmap map --store S.gpkg NEW.jsonl`` answers "what does this add to what we know": the new
articles are ingested into a private copy of the store, so a report of a known event joins that event
(one marker, one more quote) instead of being drawn twice, and the store itself is never written to.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.progress import NO_PHASES, Phases
from maps.layers import Layers
from maps.store import GeoPackageStore, IngestResult, control_layers, is_store_url, load_analysis, store_name


@dataclass(slots=True)
class Overlay:
    layers: Layers
    results: list[IngestResult] = field(default_factory=list)

    def tally(self) -> dict[str, int]:
        out = {"added": 0, "unchanged": 0, "revised": 0, "events_new": 0, "events_merged": 0}
        for r in self.results:
            out[r.status] += 1
            out["events_new"] += r.events_new
            out["events_merged"] += r.events_merged
        return out


def store_layers(
    store_path: str | os.PathLike[str],
    items: Iterable[tuple[Any, Sequence[Mapping[str, Any]], Sequence[Mapping[str, Any]]]] = (),
    date_from: str | None = None,
    date_to: str | None = None,
    *,
    as_of: str | None = None,
    include_rejected: bool = False,
    phases: Phases = NO_PHASES,
) -> Overlay:
    """The store's four layers for [date_from, date_to], with ``items`` (article, places, events) ingested
    into a temporary copy first when given. Control is estimated as of ``as_of`` (default: ``date_to``).

    Raises ``StoreError`` when the store is missing or is not an event store. ``phases`` draws each step
    (copying, loading, control) on the command line's display.
    """
    items = iter(items)
    first = next(items, None)
    if first is None:
        return Overlay(_load(store_path, date_from, date_to, as_of, include_rejected, phases, store_name(store_path)))
    with tempfile.TemporaryDirectory(prefix="conflictmap-overlay-") as tmp:
        copy = Path(tmp) / "overlay.gpkg"
        if is_store_url(store_path):
            from maps.store_copy import copy_store

            with phases(f"copying {store_name(store_path)}"):
                copy_store(store_path, copy)  # a private GeoPackage with the same events and reviews
        else:
            with phases(f"copying {store_name(store_path)}"), \
                    GeoPackageStore(store_path, create=False, readonly=True) as src:
                src.backup_to(copy)  # consistent even while an ingest is writing to the store
        results = []
        with GeoPackageStore(copy) as store:
            for article, places, events in itertools.chain((first,), items):
                results.append(store.ingest(article, places, events))
        layers = _load(copy, date_from, date_to, as_of, include_rejected, phases,
                       f"{store_name(store_path)} with the inputs")
        mark_new(layers.events, {r.doc for r in results if r.status != "unchanged"})
        return Overlay(layers, results)


def mark_new(events: list[dict[str, Any]], new_docs: set[str]) -> None:
    """``x_new``: "event" when only the new articles report it, "report" when they add evidence to an
    event the store already knew; absent otherwise. The map rings such markers."""
    if not new_docs:
        return
    for ev in events:
        docs = {q.get("doc") for q in ev.get("x_quotes") or () if isinstance(q, Mapping)} or {ev.get("doc")}
        if docs & new_docs:
            ev["x_new"] = "event" if docs <= new_docs else "report"


def _load(path: str | os.PathLike[str], date_from: str | None, date_to: str | None, as_of: str | None,
          include_rejected: bool = False, phases: Phases = NO_PHASES, shown_as: str | None = None) -> Layers:
    layers = load_analysis(path, date_from, date_to, control=as_of is None, include_rejected=include_rejected,
                           phases=phases, shown_as=shown_as)
    if as_of is not None and layers.events:
        layers.control_areas, layers.front_lines = control_layers(layers.events, as_of=as_of, phases=phases)
    return layers
