"""A bounded, polite HTTP GET: what ``conflictmap fetch`` and ``--online`` use, and nothing else does.

Bounds, each a one-line ``HttpError`` when crossed, never a hang or a crash:
- an overall deadline per request (connecting, the headers and the whole body): a watchdog shuts the
  socket when it passes, so a server that trickles a byte a second cannot hold the run;
- a size cap on the body (``Content-Length`` checked first, then the bytes as they come, and the
  decompressed bytes of a gzip answer);
- a limit on redirects, with loops named as loops;
- retries with exponential backoff for connection failures, 429 and 5xx (``Retry-After`` honoured up to
  a cap), never for a deadline (a slow server would only be slow three times);
- at most one request a second per host (``min_interval``), a user agent that names the project.
"""

from __future__ import annotations

import http.client
import logging
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

log = logging.getLogger(__name__)

USER_AGENT = "conflictmap/0.1 (Libyan conflict news geoparser; +https://github.com/conflictmap/conflictmap)"
REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
CHUNK = 64 * 1024


class HttpError(Exception):
    """A request that did not give a usable answer; the message is one line (without the URL)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        # one line, however the server's bytes read (a status line, a header) made their way into it
        super().__init__(" ".join(message.split())[:300])
        self.status = status


@dataclass(frozen=True, slots=True)
class Limits:
    deadline: float = 30.0  # seconds for one request, everything included
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 2
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    max_retry_after: float = 60.0
    min_interval: float = 1.0  # seconds between two requests to one host


@dataclass(slots=True)
class Response:
    url: str  # after redirects
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def _http_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path?query) of an http(s) URL, or HttpError."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise HttpError(f"not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HttpError("not an http(s) URL")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), path


class HttpClient:
    """GET with the bounds above. ``sleep``/``clock`` are the real ones unless a caller swaps them."""

    def __init__(self, limits: Limits | None = None, user_agent: str = USER_AGENT,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits or Limits()
        self.user_agent = user_agent
        self._sleep = sleep
        self._clock = clock
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()
        self.host_interval: dict[str, float] = {}  # a site's own Crawl-delay, when longer than ours
        self.requests = 0  # requests sent (retries and redirects included)

    # -- politeness --
    def _wait_turn(self, host: str) -> None:
        with self._lock:
            now = self._clock()
            last = self._last.get(host)
            interval = max(self.limits.min_interval, self.host_interval.get(host, 0.0))
            wait = 0.0 if last is None else last + interval - now
            if wait > 0:
                self._sleep(wait)
            self._last[host] = max(now, now + wait)

    def get(self, url: str, headers: Mapping[str, str] | None = None,
            allow: Callable[[str], bool] | None = None, max_bytes: int | None = None) -> Response:
        """The answer to a GET of ``url`` after redirects (any status but a redirect is returned: the
        caller decides what a 404 means). ``allow`` vets every URL before it is requested (robots.txt)."""
        _http_url(url)  # a malformed URL is said as such, before robots.txt is asked about it
        seen = [url]
        current = url
        while True:
            if allow is not None and not allow(current):
                raise HttpError("disallowed by robots.txt" if current == url
                                else f"redirected to {current}, which robots.txt disallows")
            resp = self._get_with_retries(current, headers or {}, max_bytes or self.limits.max_bytes)
            if resp.status not in REDIRECTS:
                resp.redirects = seen[1:]
                return resp
            location = resp.headers.get("location")
            if not location:
                raise HttpError(f"redirect {resp.status} without a Location", resp.status)
            try:
                nxt = urljoin(current, location.strip())
            except ValueError:
                raise HttpError(f"redirected to a malformed URL {location.strip()[:80]!r}", resp.status) from None
            if nxt in seen:
                raise HttpError(f"redirect loop ({' -> '.join(seen[-3:] + [nxt])})", resp.status)
            if len(seen) > self.limits.max_redirects:
                raise HttpError(f"more than {self.limits.max_redirects} redirects", resp.status)
            _http_url(nxt)
            seen.append(nxt)
            current = nxt

    def _get_with_retries(self, url: str, headers: Mapping[str, str], max_bytes: int) -> Response:
        attempt = 0
        while True:
            try:
                resp = self._get_once(url, headers, max_bytes)
            except _Retryable as exc:
                if attempt >= self.limits.retries:
                    raise HttpError(str(exc)) from None
                delay = self.limits.backoff * (2 ** attempt)
                log.info("%s: %s; retrying in %.1f s", url, exc, delay)
            else:
                if resp.status not in RETRY_STATUS or attempt >= self.limits.retries:
                    return resp
                delay = self.limits.backoff * (2 ** attempt)
                retry_after = resp.headers.get("retry-after", "").strip()
                if retry_after.isdigit():
                    delay = max(delay, min(float(retry_after), self.limits.max_retry_after))
                log.info("%s: HTTP %d; retrying in %.1f s", url, resp.status, delay)
            attempt += 1
            self._sleep(delay)

    def _get_once(self, url: str, headers: Mapping[str, str], max_bytes: int) -> Response:
        scheme, host, port, path = _http_url(url)
        self._wait_turn(host)
        self.requests += 1
        deadline = self.limits.deadline
        started = time.monotonic()
        conn: http.client.HTTPConnection
        if scheme == "https":
            conn = http.client.HTTPSConnection(host, port, timeout=deadline, context=ssl.create_default_context())
        else:
            conn = http.client.HTTPConnection(host, port, timeout=deadline)
        expired = threading.Event()
        # http.client drops ``conn.sock`` once a closing response is under way (the response reads through
        # its own file object), so the watchdog keeps the socket of the connection itself.
        sockets: list[socket.socket] = []

        def watchdog() -> None:
            expired.set()
            for sock in sockets or ([conn.sock] if conn.sock is not None else []):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        timer = threading.Timer(deadline, watchdog)
        timer.daemon = True
        timer.start()
        try:
            try:
                conn.connect()
                if conn.sock is not None:
                    sockets.append(conn.sock)
                if expired.is_set():
                    raise HttpError(f"no connection within {deadline:g} s")
                conn.request("GET", path, headers={
                    "User-Agent": self.user_agent, "Accept-Encoding": "gzip", "Connection": "close",
                    "Host": host if port in (80, 443) else f"{host}:{port}", **headers})
                resp = conn.getresponse()
                hdrs = {k.lower(): v for k, v in resp.getheaders()}
                if resp.status in REDIRECTS or resp.status == 304:
                    return Response(url, resp.status, hdrs, b"")
                body = self._read_body(resp, hdrs, max_bytes, expired)
            except TimeoutError:
                raise HttpError(f"no complete answer within {deadline:g} s") from None
            except (http.client.HTTPException, ConnectionError, OSError) as exc:
                if expired.is_set():
                    raise HttpError(f"no complete answer within {deadline:g} s") from None
                if isinstance(exc, ssl.SSLError):
                    raise HttpError(f"TLS failed ({exc.reason or exc})") from None
                raise _Retryable(f"connection failed ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})") \
                    from None
            if expired.is_set():
                raise HttpError(f"no complete answer within {deadline:g} s")
            log.debug("GET %s -> %d, %d bytes in %.2f s", url, resp.status, len(body), time.monotonic() - started)
            return Response(url, resp.status, hdrs, body)
        finally:
            timer.cancel()
            conn.close()

    def _read_body(self, resp: http.client.HTTPResponse, hdrs: Mapping[str, str], max_bytes: int,
                   expired: threading.Event) -> bytes:
        length = hdrs.get("content-length", "").strip()
        if length.isdigit() and int(length) > max_bytes:
            raise HttpError(f"answer of {int(length):,} bytes is over the cap of {max_bytes:,}")
        gzipped = hdrs.get("content-encoding", "").strip().lower() in ("gzip", "x-gzip")
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None
        parts: list[bytes] = []
        size = raw = 0
        while True:
            chunk = resp.read1(CHUNK)
            if not chunk:
                if expired.is_set():
                    raise HttpError(f"no complete answer within {self.limits.deadline:g} s")
                if length.isdigit() and raw < int(length) and not resp.chunked:
                    raise _Retryable(f"answer cut short ({raw:,} of {int(length):,} bytes)")
                break
            raw += len(chunk)
            if raw > max_bytes:
                raise HttpError(f"answer over the cap of {max_bytes:,} bytes")
            if inflate is not None:
                try:
                    chunk = inflate.decompress(chunk, max_bytes + 1 - size)
                except zlib.error as exc:
                    raise HttpError(f"a broken gzip answer ({exc})") from None
                if inflate.unconsumed_tail:
                    raise HttpError(f"answer over the cap of {max_bytes:,} bytes once decompressed")
            size += len(chunk)
            if size > max_bytes:
                raise HttpError(f"answer over the cap of {max_bytes:,} bytes once decompressed")
            parts.append(chunk)
        return b"".join(parts)


class _Retryable(Exception):
    pass
