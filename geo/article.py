"""The document the pipeline reads: one article with its metadata."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Article:
    """One news article.

    ``doc`` identifies it in every output: the ``id`` of a ``.jsonl`` line (else ``FILE:LINE``), or the
    path as given on the command line for a plain file (``-`` for standard input).
    ``date`` is ``YYYY-MM-DD`` or ``YYYY-MM`` (month precision) or None.
    ``id`` is the explicit id the input gave (a corpus line's ``id``), else None: in a store only an
    explicit id or the ``url`` makes an article a revision of a stored one, never a path or ``FILE:LINE``.
    """

    doc: str
    text: str
    date: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    id: str | None = None
