"""A real HTTP server on 127.0.0.1 (a free port, a thread) serving the fixture pages and feeds of
``tests/data/web`` and the misbehaving answers the fetcher must survive. Every request is logged with
its time, path and headers, so that tests can check the rate limit and the cache."""

from __future__ import annotations

import gzip
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WEB = Path(__file__).parent / "data" / "web"
HUGE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Hit:
    at: float
    path: str
    headers: dict[str, str]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, code: int, body: bytes, ctype: str = "text/html; charset=utf-8",
              extra: dict[str, str] | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def _fixture(self, name: str) -> bytes:
        return (WEB / name).read_bytes().replace(b"http://HOST", self.server.base.encode())

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path = self.path.split("?", 1)[0]
        self.server.hits.append(Hit(time.monotonic(), self.path, {k.lower(): v for k, v in self.headers.items()}))
        try:
            self._route(path)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first (deadline, size cap)

    def _route(self, path: str) -> None:
        if path == "/robots.txt":
            self._send(200, self.server.robots.encode(), "text/plain")
        elif path in ("/feed.rss", "/atom.xml"):
            body = self._fixture(path[1:])
            etag = f'"{len(body)}-{path}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            ctype = "application/rss+xml" if path.endswith("rss") else "application/atom+xml"
            self._send(200, body, ctype, {"ETag": etag})
        elif path.startswith("/news/") and (WEB / path[6:]).is_file():
            self._send(200, self._fixture(path[6:]))
        elif path == "/news/old.html":
            self._send(200, self._fixture("en-1.html").replace(b"2020-05-08", b"2017-01-02"))
        elif path == "/gz/ar-1.html":
            body = gzip.compress(self._fixture("ar-1.html"))
            self._send(200, body, extra={"Content-Encoding": "gzip"})
        elif path.startswith("/private/"):
            self._send(200, self._fixture("en-1.html"))
        elif path == "/redirect":
            self._send(301, b"", extra={"Location": "/news/en-1.html"})
        elif path == "/loop-a":
            self._send(302, b"", extra={"Location": "/loop-b"})
        elif path == "/loop-b":
            self._send(302, b"", extra={"Location": f"{self.server.base}/loop-a"})
        elif path.startswith("/chain/"):
            n = int(path.rsplit("/", 1)[1])
            self._send(302, b"", extra={"Location": f"/chain/{n + 1}"})
        elif path == "/wrong-charset.html":
            # UTF-8 Arabic declared as Latin-1, in the header and in the page
            body = self._fixture("ar-1.html").replace(b'<meta charset="utf-8">', b'<meta charset="iso-8859-1">')
            self._send(200, body, "text/html; charset=iso-8859-1")
        elif path == "/cp1256.html":
            text = self._fixture("ar-2.html").decode("utf-8").replace('charset="utf-8"', 'charset="windows-1256"')
            self._send(200, text.encode("cp1256"), "text/html; charset=windows-1256")
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            for _ in range(600):  # a byte every 0.1 s: a minute for a 600-byte start, far past any deadline
                self.wfile.write(b"<")
                self.wfile.flush()
                time.sleep(0.1)
        elif path in ("/huge", "/huge-chunked"):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            if path == "/huge":
                self.send_header("Content-Length", str(HUGE_BYTES))
            self.send_header("Connection", "close")
            self.end_headers()
            block = b"<p>" + b"x" * 65530 + b"</p>"
            for _ in range(HUGE_BYTES // len(block)):
                self.wfile.write(block)
        elif path == "/flaky":
            self.server.flaky += 1
            if self.server.flaky < 2:
                self._send(503, b"busy", "text/plain", {"Retry-After": "0"})
            else:
                self._send(200, self._fixture("en-1.html"))
        elif path == "/bomb.rss":  # nested entities: a few hundred bytes that expand to gigabytes
            ents = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10 if i else "ha"}">' for i in range(10))
            body = (f'<?xml version="1.0"?><!DOCTYPE rss [{ents}]><rss version="2.0"><channel><title>&e9;'
                    f'</title><item><link>{self.server.base}/news/en-1.html</link></item></channel></rss>')
            self._send(200, body.encode(), "application/rss+xml")
        elif path == "/paper.pdf":
            self._send(200, b"%PDF-1.4\n...", "application/pdf")
        else:
            self._send(404, b"not here", "text/plain")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    hits: list[Hit]
    base: str
    flaky: int
    robots: str


class WebServer:
    """Start with ``with WebServer() as web:``; ``web.url(path)``, ``web.hits``."""

    def __enter__(self) -> WebServer:
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.hits = []
        self.server.flaky = 0
        self.server.robots = "User-agent: *\nDisallow: /private/\n"
        self.server.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def base(self) -> str:
        return self.server.base

    def url(self, path: str) -> str:
        return self.base + path

    @property
    def hits(self) -> list[Hit]:
        return self.server.hits

    def paths(self) -> list[str]:
        return [h.path for h in self.server.hits]
