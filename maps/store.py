"""The event store: articles, their place mentions and events, grown across runs, shared by a team.

One interface (``Store``), two backends: a GeoPackage file, the embedded default (``maps.store_gpkg``),
and PostgreSQL/PostGIS for a team (``maps.store_pg``), picked by ``open_store``: a ``postgresql://`` URL
(libpq's ``PG*`` environment variables fill in what it leaves out) or a file path. Both behave the same:

- one transaction per article: a kill leaves the store as it was before the article being written;
- the same content (hash of the text) is never ingested twice;
- an article is a revision of a stored one only when it has the same explicit ``id`` or the same ``url``
  (never because of its doc: a path, ``FILE:LINE`` or ``-``); its old mentions and reports are replaced;
- every article's own report of an event is kept; the events are derived from the reports (same date, same
  event type, the same place or one within ``MERGE_KM``, no contradiction between the sides involved, see
  ``maps.store_merge``) in an order that does not depend on the order of ingest, so several ``ingest``
  processes end in the events one sequential run gives;
- reviews and an audit trail of every correction (``review``, ``audit``); reviewed values win when read.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from geo.progress import NO_PHASES, Phases
from maps.layers import Layers
from maps.store_gpkg import GPKG_APPLICATION_ID, GeoPackageStore, gpkg_point
from maps.store_merge import MERGE_KM, haversine_km
from maps.store_sql import (
    REVIEW_FIELDS,
    STORE_SCHEMA,
    Correction,
    IngestResult,
    StoredArticle,
    StoreError,
    content_hash,
)

log = logging.getLogger(__name__)

__all__ = ["GPKG_APPLICATION_ID", "MERGE_KM", "REVIEW_FIELDS", "STORE_SCHEMA", "Correction", "EventStore",
           "GeoPackageStore", "IngestResult", "Store", "StoreError", "StoredArticle", "content_hash",
           "control_layers", "gpkg_point", "haversine_km", "ingest_all", "is_store_url", "load_analysis",
           "open_store", "store_name"]

# The GeoPackage store under its first name (``EventStore(path)``), kept for existing callers.
EventStore = GeoPackageStore


@runtime_checkable
class Store(Protocol):
    """What ``ingest``, ``map``, ``export``, ``store copy``, ``serve`` and the Python API need of a store."""

    name: str

    def __enter__(self) -> Store: ...
    def __exit__(self, *exc: object) -> None: ...
    def close(self) -> None: ...
    def has_content(self, text: str) -> bool: ...
    def counts(self) -> dict[str, int]: ...
    def ingest(self, article: Any, places: Sequence[Mapping[str, Any]], events: Sequence[Mapping[str, Any]],
               *, ingested_at: str | None = None) -> IngestResult: ...
    def load(self, date_from: str | None = None, date_to: str | None = None, *,
             include_rejected: bool = False, progress: Callable[[int], None] | None = None) -> Layers: ...
    def review(self, event_id: str, correction: Correction) -> dict[str, Any]: ...
    def reviews(self) -> dict[str, dict[str, Any]]: ...
    def audit(self, event_id: str | None = None) -> list[dict[str, Any]]: ...
    def add_reviews(self, reviews: Mapping[str, Mapping[str, Any]], audit: Sequence[Mapping[str, Any]]) -> int: ...
    def articles(self) -> Iterator[StoredArticle]: ...
    def refresh_control(self, as_of: str | None = None) -> int: ...


def is_store_url(spec: str | os.PathLike[str]) -> bool:
    from maps.store_pg import is_pg_url

    return is_pg_url(os.fspath(spec))


def store_name(spec: str | os.PathLike[str]) -> str:
    """The store as messages name it (a URL without its password)."""
    if is_store_url(spec):
        from maps.store_pg import display_name

        return display_name(os.fspath(spec))
    return os.fspath(spec)


def open_store(spec: str | os.PathLike[str], *, create: bool = True, readonly: bool = False) -> Store:
    """A ``postgresql://`` URL opens a PostGIS store, anything else a GeoPackage file."""
    if is_store_url(spec):
        from maps.store_pg import PostgisStore

        return PostgisStore(os.fspath(spec), create=create, readonly=readonly)
    return GeoPackageStore(spec, create=create, readonly=readonly)


def load_analysis(store_path: str | os.PathLike[str], date_from: str | None = None,
                  date_to: str | None = None, *, control: bool = True, include_rejected: bool = False,
                  phases: Phases = NO_PHASES, shown_as: str | None = None) -> Layers:
    """What ``map`` and ``export`` draw when given ``--store``: the four layers for a date range.

    Control areas and front lines are not stored (they are estimates for a day, not facts of one
    article): with ``control`` they are estimated from the stored events as of ``date_to`` (else the
    latest event). ``phases`` draws the loading and the estimate on the command line's display (the store
    named ``shown_as``, default its name).
    """
    with phases(f"loading {shown_as or store_name(store_path)}", unit="records", spin=True) as bar, \
            open_store(store_path, create=False, readonly=True) as store:
        layers = store.load(date_from, date_to, include_rejected=include_rejected, progress=bar.advance)
    if control and layers.events:
        areas, fronts = control_layers(layers.events, as_of=date_to, phases=phases)
        layers.control_areas, layers.front_lines = areas, fronts
    return layers


def control_layers(events: Sequence[Mapping[str, Any]], as_of: str | None = None, *, phases: Phases = NO_PHASES
                   ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Control areas and front lines estimated from events alone (no article text), as of a day."""
    try:
        from geo.control import estimate_control, to_features
    except ImportError:  # pragma: no cover - the control stage is not in this checkout
        return [], []
    from shapely.errors import GEOSException

    try:
        with phases(f"control areas and front lines from {len(events)} events"):
            feats = to_features(estimate_control([], events, as_of=as_of))
    except GEOSException as exc:
        # the events are still worth exporting when the geometry of the estimate fails
        log.warning("control areas not estimated: %s", exc)
        return [], []
    kinds = [(f.get("properties") or {}).get("kind") for f in feats]
    return ([f for f, k in zip(feats, kinds, strict=True) if k == "control_area"],
            [f for f, k in zip(feats, kinds, strict=True) if k == "front_line"])


def ingest_all(store: Store, items: Iterable[tuple[Any, Sequence[Mapping[str, Any]],
                                                          Sequence[Mapping[str, Any]]]]) -> list[IngestResult]:
    """Ingest (article, places, events) triples one transaction each."""
    return [store.ingest(a, p, e) for a, p, e in items]
