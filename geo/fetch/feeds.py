"""RSS 2.0 / Atom / RDF feeds (feedparser): their items as (link, title, date, summary)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
               "text/xml", "application/feed+json")
_FEED_ROOT = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.DOTALL)


@dataclass(frozen=True, slots=True)
class FeedItem:
    link: str
    title: str | None
    date: str | None  # YYYY-MM-DD
    summary: str | None


def is_feed(content_type: str, body: bytes) -> bool:
    return content_type in _FEED_TYPES and bool(_FEED_ROOT.match(body[:2048])) or bool(_FEED_ROOT.match(body[:2048]))


def _day(entry: dict) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            try:
                return dt.date(t.tm_year, t.tm_mon, t.tm_mday).isoformat()
            except ValueError:
                continue
    return None


def parse_feed(body: bytes, base_url: str) -> tuple[str | None, list[FeedItem]]:
    """(the feed's title, its items with a link) in feed order."""
    from urllib.parse import urljoin

    import feedparser

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
