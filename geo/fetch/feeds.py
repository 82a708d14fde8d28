"""RSS 2.0 / Atom / RDF feeds (feedparser): their items as (link, title, date, summary)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_FEED_ROOT = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>\s*|<\?[^>]*\?>\s*)*"
    rb"<(?:rss|feed|rdf:RDF)\b", re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FeedItem:
    link: str
    title: str | None
    date: str | None  # YYYY-MM-DD
    summary: str | None


def is_feed(content_type: str, body: bytes) -> bool:
    """An RSS, Atom or RDF document (by its root element: servers label feeds text/html or text/xml)."""
    return bool(_FEED_ROOT.match(body[:65536]))


def _day(entry: dict) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            try:
                return dt.date(t.tm_year, t.tm_mon, t.tm_mday).isoformat()
            except ValueError:
                continue
    return None


class FeedRefused(ValueError):
    """A feed the parser is not given: the message is one line."""


def parse_feed(body: bytes, base_url: str) -> tuple[str | None, list[FeedItem]]:
    """(the feed's title, its items with a link) in feed order.

    A feed that declares its own XML entities is refused unparsed: RSS and Atom have no use for them, and
    nested ones expand exponentially (a few hundred bytes become gigabytes).
    """
    from urllib.parse import urljoin

    import feedparser

    if _ENTITY_DECL.search(body):
        raise FeedRefused("a feed that declares XML entities (refused: entity expansion)")

    parsed = feedparser.parse(body, response_headers={"content-location": base_url})
    items = []
    for e in parsed.entries:
        link = e.get("link") or ""
        if not link:
            continue
        items.append(FeedItem(link=urljoin(base_url, link.strip()), title=(e.get("title") or None),
                              date=_day(e), summary=(e.get("summary") or None)))
    title = parsed.feed.get("title") if parsed.get("feed") else None
    return title, items
