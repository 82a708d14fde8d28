"""URLs and feeds to corpus records: fetch (politely, through the cache), expand feeds, extract articles."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from geo.fetch.cache import FetchCache
from geo.fetch.canonical import article_id, canonical_url
from geo.fetch.decode import decode_page
from geo.fetch.extract import extract_page
from geo.fetch.feeds import FeedRefused, is_feed, parse_feed
from geo.fetch.robots import Robots
from geo.net.http import HttpClient, HttpError, Limits, Response

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")


class FetchError(Exception):
    """A source that gave no article; the message is one line (without the URL)."""


@dataclass(slots=True)
class FetchStats:
    requests: int = 0
    from_cache: int = 0
    fetched: int = 0
    skipped_old: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    # pages to look at (a feed counts for its items once it is read) and pages looked at so far, for
    # the progress display
    planned: int = 0
    handled: int = 0


class Fetcher:
    """Fetches sources into corpus records (``id, url, title, date, source, language, text``)."""

    def __init__(self, client: HttpClient | None = None, cache: FetchCache | None = None,
                 since: str | None = None, robots: bool = True, refresh: bool = False,
                 on_step: Callable[[int, int], None] | None = None) -> None:
        self.client = client or HttpClient(Limits())
        self.cache = cache if cache is not None else FetchCache()
        self.robots = Robots(self.client, self.cache) if robots else None
        self.since = since
        self.refresh = refresh  # fetch known pages again (the cache is still written)
        self.stats = FetchStats()
        self.on_step = on_step  # told (pages handled, pages planned) after each page
        self._today = dt.date.today().isoformat()

    def _allow(self, url: str) -> bool:
        return self.robots is None or self.robots.allowed(url)

    def _get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        before = self.client.requests
        try:
            return self.client.get(url, headers=headers, allow=self._allow)
        finally:
            self.stats.requests += self.client.requests - before

    # -- sources --
    def records(self, sources: Iterable[str]) -> Iterator[dict[str, Any]]:
        """Every article of the sources, each once (by id), in the order found; a source that fails is
        a warning and counted in ``stats.failed``."""
        seen: set[str] = set()
        sources = list(sources)
        self.stats.planned += len(sources)
        for source in sources:
            start = self.stats.handled
            try:
                for rec in self._source(source):
                    if rec["id"] not in seen:
                        seen.add(rec["id"])
                        yield rec
            except FetchError as exc:
                self.stats.failed.append((source, str(exc)))
                log.warning("%s: %s", source, exc)
            if self.stats.handled == start:  # a page (or a feed that gave nothing): one step
                self._step()

    def _step(self) -> None:
        self.stats.handled += 1
        if self.on_step is not None:
            self.on_step(self.stats.handled, self.stats.planned)

    def _source(self, url: str) -> Iterator[dict[str, Any]]:
        key = canonical_url(url)
        cached = None if self.refresh else self.cache.get("pages", key)
        if cached is not None and cached.get("record"):
            self.stats.from_cache += 1
            yield cached["record"]
            return
        feed = self.cache.get("feeds", key)
        headers: dict[str, str] = {}
        if feed is not None:
            if feed.get("etag"):
                headers["If-None-Match"] = feed["etag"]
            if feed.get("last_modified"):
                headers["If-Modified-Since"] = feed["last_modified"]
        resp = self._fetch(url, headers)
        if resp.status == 304 and feed is not None:
            items = feed.get("items") or []
            self.stats.planned += max(len(items) - 1, 0)
            yield from self._items(items)
            return
        if resp.status != 200:
            raise FetchError(f"HTTP {resp.status}")
        if is_feed(resp.content_type, resp.body):
            try:
                title, items = parse_feed(resp.body, resp.url)
            except FeedRefused as exc:
                raise FetchError(str(exc)) from None
            if not items:
                raise FetchError("a feed without items")
            entry = {"title": title, "items": [vars_of(i) for i in items], "etag": resp.headers.get("etag"),
                     "last_modified": resp.headers.get("last-modified")}
            self.cache.put("feeds", key, entry)
            log.info("%s: feed of %d items", url, len(items))
            self.stats.planned += len(entry["items"]) - 1  # the feed stands for its items
            yield from self._items(entry["items"])
            return
        rec = self._page_record(url, resp)
        yield rec

    def _fetch(self, url: str, headers: dict[str, str] | None = None) -> Response:
        try:
            return self._get(url, headers)
        except HttpError as exc:
            raise FetchError(str(exc)) from None

    def _items(self, items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for item in items:
            rec = self._feed_item(item)
            self._step()
            if rec is not None:
                yield rec

    def _feed_item(self, item: dict[str, Any]) -> dict[str, Any] | None:
        if self.since and item.get("date") and item["date"] < self.since:
            self.stats.skipped_old += 1
            return None
        link = str(item.get("link") or "")
        try:
            rec = self._item(link, item)
        except FetchError as exc:
            self.stats.failed.append((link, str(exc)))
            log.warning("%s: %s", link, exc)
            return None
        if rec is not None and self.since and rec.get("date") and rec["date"] < self.since:
            self.stats.skipped_old += 1
            return None
        return rec

    def _item(self, link: str, item: dict[str, Any]) -> dict[str, Any] | None:
        key = canonical_url(link)
        cached = None if self.refresh else self.cache.get("pages", key)
        if cached is not None:
            self.stats.from_cache += 1
            return cached.get("record")
        resp = self._fetch(link)
        if resp.status != 200:
            raise FetchError(f"HTTP {resp.status}")
        return self._page_record(link, resp, item)

    def _page_record(self, url: str, resp: Response, item: dict[str, Any] | None = None) -> dict[str, Any]:
        if resp.content_type not in _HTML_TYPES:
            raise FetchError(f"not a web page ({resp.content_type})")
        html, _codec = decode_page(resp.body, resp.headers.get("content-type", ""))
        page = extract_page(html, resp.url, fetched_day=self._today)
        if page is None:
            self.cache.put("pages", canonical_url(url), {"record": None, "reason": "no article text"})
            raise FetchError("no article text found on the page")
        final = canonical_url(resp.url)
        rec = {
            "id": article_id(final),
            "url": final,
            "title": page.title or (item or {}).get("title"),
            "date": page.date or (item or {}).get("date"),
            "source": page.source,
            "language": page.language,
            "text": page.text,
        }
        self.stats.fetched += 1
        for key in {canonical_url(url), final}:
            self.cache.put("pages", key, {"record": rec, "fetched": dt.datetime.now(dt.UTC).isoformat()})
        return rec


def vars_of(item: Any) -> dict[str, Any]:
    return {"link": item.link, "title": item.title, "date": item.date}


def fetch_articles(urls: Iterable[str], fetcher: Fetcher | None = None) -> list[Any]:
    """The articles at these URLs (pages or feeds) as ``Article`` objects, for ``events URL``; FetchError
    when a URL gives none."""
    from geo.article import Article

    fetcher = fetcher or Fetcher()
    out = []
    for url in urls:
        recs = list(fetcher._source(url))  # a failure is the caller's error, not a warning
        for rec in recs:
            out.append(Article(doc=rec["id"], text=rec["text"], date=rec.get("date"), title=rec.get("title"),
                               source=rec.get("source"), url=rec.get("url"), language=rec.get("language")))
    return out
