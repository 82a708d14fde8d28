"""The store as the review workspace sees it: a small interface, and the way to open one.

The event store (``maps.store``) keeps the review and audit rows and applies reviews when it is read;
this module names what the workspace needs of it (``ReviewBackend``) and reads what the interface
leaves out (an article's text, a cheap "has the store changed" token) through the store's own SQL
connection, with bound parameters only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from maps.layers import Layers


@runtime_checkable
class ReviewBackend(Protocol):
    """Get events (reviews applied), record a review row with its audit rows, read the audit."""

    def load(self, date_from: str | None = None, date_to: str | None = None, *,
             include_rejected: bool = False) -> Layers: ...
    def review(self, event_id: str, correction: Any) -> dict[str, Any]: ...
    def reviews(self) -> dict[str, dict[str, Any]]: ...
    def audit(self, event_id: str | None = None) -> list[dict[str, Any]]: ...
    def close(self) -> None: ...


def open_backend(spec: str | os.PathLike[str], *, readonly: bool = False) -> ReviewBackend:
    from maps.store import open_store

    store = open_store(spec, create=False, readonly=readonly)
    if not isinstance(store, ReviewBackend):  # pragma: no cover - both backends keep reviews
        store.close()
        raise TypeError(f"{spec}: this store keeps no reviews")
    return store


def query(store: Any, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Rows of a read-only query with ``?`` placeholders, on either backend."""
    if hasattr(store, "execute"):
        return list(store.execute(sql, params).fetchall())
    return list(store.conn.execute(sql, params).fetchall())


def article_of(store: Any, doc: str) -> dict[str, Any] | None:
    """The latest stored revision of an article: text, url, title, source, date."""
    rows = query(store, "SELECT doc, text, url, title, source, date FROM articles WHERE doc=? "
                        "ORDER BY fid DESC LIMIT 1", (doc,))
    if not rows:
        return None
    names = ("doc", "text", "url", "title", "source", "date")
    return {k: (str(v) if k == "date" and v is not None else v) for k, v in zip(names, rows[0], strict=True)}


def version(store: Any) -> str:
    """A token that changes whenever the store's content changes (an ingest beside the server, a review):
    the articles and audit rows, counted and with their latest times. (A GeoPackage's file times are no
    use: opening and closing it for writing touches the file.)"""
    rows = query(store, "SELECT (SELECT count(*) FROM articles), (SELECT max(ingested_at) FROM articles), "
                        "(SELECT count(*) FROM events), (SELECT count(*) FROM audit), (SELECT max(at) FROM audit)")
    return "-".join(str(v) for v in rows[0])


def review_of(reviews: Mapping[str, Mapping[str, Any]], event_id: str) -> Mapping[str, Any] | None:
    return reviews.get(event_id)
