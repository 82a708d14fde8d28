"""``conflictmap fetch``: web pages and RSS/Atom feeds into a corpus, politely and through a cache.

The only part of the project that goes to the network by itself (with ``--online``, which uses the same
bounded client, ``geo.net.http``).
"""

from geo.fetch.canonical import article_id, canonical_url
from geo.fetch.fetcher import Fetcher, FetchError, FetchStats, fetch_articles

__all__ = ["FetchError", "FetchStats", "Fetcher", "article_id", "canonical_url", "fetch_articles"]
