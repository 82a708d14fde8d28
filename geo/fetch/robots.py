"""robots.txt, honoured (RFC 9309): fetched once per site and cached for a day.

A missing file (4xx) allows everything; a server error or an unreachable site disallows everything for
now (the RFC's "unreachable" rule): a site that is down is not crawled around.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from geo.fetch.cache import FetchCache
from geo.net.http import HttpClient, HttpError

log = logging.getLogger(__name__)

AGENT = "conflictmap"
TTL_SECONDS = 24 * 3600
MAX_CRAWL_DELAY = 60.0
MAX_ROBOTS_BYTES = 500 * 1024  # RFC 9309: at least 500 KiB must be parsed; more may be ignored


class Robots:
    def __init__(self, client: HttpClient, cache: FetchCache | None = None, agent: str = AGENT) -> None:
        self.client = client
        self.cache = cache
        self.agent = agent
        self._parsers: dict[str, RobotFileParser] = {}
        self._unreachable: dict[str, str] = {}

    def allowed(self, url: str) -> bool:
        try:
            parts = urlsplit(url)
        except ValueError:
            return False
        origin = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        parser = self._parsers.get(origin)
        if parser is None:
            parser = self._parsers[origin] = self._load(origin)
        if origin in self._unreachable:
            raise HttpError(f"robots.txt could not be read ({self._unreachable[origin]}); not fetching from this site")
        return parser.can_fetch(self.agent, url)

    def _load(self, origin: str) -> RobotFileParser:
        entry = self.cache.get("robots", origin) if self.cache else None
        if entry is None or time.time() - float(entry.get("fetched", 0)) > TTL_SECONDS:
            entry = self._fetch(origin)
            if self.cache is not None and entry.get("status") != "unreachable":
                self.cache.put("robots", origin, entry)
        parser = RobotFileParser()
        status = entry.get("status")
        if status == "unreachable":
            self._unreachable[origin] = str(entry.get("reason") or "unreachable")
            parser.disallow_all = True
        elif isinstance(status, int) and status >= 500:
            self._unreachable[origin] = f"HTTP {status}"
            parser.disallow_all = True
        elif isinstance(status, int) and 400 <= status < 500:
            parser.allow_all = True
        else:
            parser.parse(str(entry.get("body") or "").splitlines())
            delay = parser.crawl_delay(self.agent)
            host = urlsplit(origin).hostname
            if delay and host:
                # a site asking for more time between requests gets it (up to a minute)
                self.client.host_interval[host] = min(float(delay), MAX_CRAWL_DELAY)
        return parser

    def _fetch(self, origin: str) -> dict:
        try:
            resp = self.client.get(origin + "/robots.txt", max_bytes=MAX_ROBOTS_BYTES)
        except HttpError as exc:
            return {"status": "unreachable", "reason": str(exc), "fetched": time.time()}
        body = resp.body.decode("utf-8", errors="replace") if resp.status == 200 else ""
        return {"status": resp.status, "body": body, "fetched": time.time()}
