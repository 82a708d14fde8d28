"""Conflict events coded the way ACLED codes them (see DESIGN.md and issue 4)."""

from __future__ import annotations

from .extract import extract_events
from .fuse import fuse_events
from .model import ACLED_COLUMNS, ALL_COLUMNS, X_COLUMNS, Event, Quote
from .pipeline import article_events, corpus_events

__all__ = [
    "ACLED_COLUMNS", "ALL_COLUMNS", "X_COLUMNS", "Event", "Quote", "extract_events", "fuse_events",
    "article_events", "corpus_events",
]
