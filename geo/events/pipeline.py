"""Articles -> events with the built-in place recogniser (the I/O-free core is ``extract_events``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from geo.article import Article

from .extract import extract_events
from .fuse import fuse_events
from .model import Event


def article_events(article: Article, index: object | None = None) -> list[Event]:
    """Events of one article, its own repeated reports fused."""
    from geo.places import extract_mentions

    return fuse_events(extract_events(article, extract_mentions(article, index)))


def corpus_events(articles: Iterable[Article], index: object | None = None) -> list[Event]:
    """Events of a corpus; the same event reported by several articles becomes one."""
    return fuse_events([e for a in articles for e in article_events(a, index)])


def iter_article_events(articles: Iterable[Article], index: object | None = None) -> Iterator[list[Event]]:
    for a in articles:
        yield article_events(a, index)
