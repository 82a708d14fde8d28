"""--online geocoding against a Nominatim-compatible server on 127.0.0.1 (never the real service)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from geo.article import Article
from geo.places.online import OnlineGeocoder, geocode_unknown, unknown_names


class _Nominatim(BaseHTTPRequestHandler):
    mode = "ok"
    queries: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        q = parse_qs(urlsplit(self.path).query)
        type(self).queries.append(q.get("q", [""])[0])
        if self.mode == "garbage":
            body, code = b"<html>not json", 200
        elif self.mode == "error":
            body, code = b"oops", 500
        elif self.mode == "slow":
            time.sleep(1.5)
            body, code = b"[]", 200
        elif self.mode == "trickle":  # a byte every 0.1 s: every read succeeds, the answer never ends
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(300):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        elif self.mode == "huge":  # 2 GB announced, streamed without end
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            try:
                self.wfile.write(b"[" + b" " * (8 << 20))
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        elif self.mode == "loop":
            self.send_response(302)
            self.send_header("Location", self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        else:
            assert q.get("countrycodes") == ["ly"]
            assert "conflictmap" in self.headers.get("User-Agent", "")
            body = json.dumps([{"lat": "32.0531", "lon": "12.5260", "display_name": "الجوش, نالوت, ليبيا",
                                "osm_type": "node", "osm_id": 4242, "type": "village"}]).encode()
            code = 200
        try:
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first (the timeout case)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Nominatim)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    _Nominatim.queries = []
    _Nominatim.mode = "ok"
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


ARTICLE = Article("t", "قصفت طائرة مسيرة مواقع في منطقة الجوش غرب البلاد.")


def test_unknown_names_are_those_after_a_head_noun():
    names = [n for n, _, _ in unknown_names(ARTICLE, [])]
    assert names == ["الجوش"]
    s, e = unknown_names(ARTICLE, [])[0][1:]
    assert ARTICLE.text[s:e] == "الجوش"


def test_online_answer_is_used_then_cached(server, tmp_path):
    cache = tmp_path / "geo.json"
    geo = OnlineGeocoder(server, cache_file=cache, min_delay=0.0, timeout=3)
    found = geocode_unknown(ARTICLE, [], geo)
    assert len(found) == 1 and found[0].surface == "الجوش"
    assert abs(found[0].lat - 32.0531) < 1e-6 and found[0].confidence <= 0.5
    assert _Nominatim.queries == ["الجوش"]
    # A second run, with a fresh geocoder, answers from the disk cache: no request.
    again = geocode_unknown(ARTICLE, [], OnlineGeocoder(server, cache_file=cache, min_delay=0.0))
    assert [m.lat for m in again] == [found[0].lat]
    assert _Nominatim.queries == ["الجوش"]


@pytest.mark.parametrize("mode", ["garbage", "error", "slow"])
def test_service_failures_warn_and_leave_the_name_unresolved(server, tmp_path, mode, caplog):
    _Nominatim.mode = mode
    geo = OnlineGeocoder(server, cache_file=tmp_path / "c.json", min_delay=0.0, timeout=0.5)
    with caplog.at_level("WARNING"):
        assert geocode_unknown(ARTICLE, [], geo) == []
    assert "failed" in caplog.text or "unusable" in caplog.text


def test_rate_limit_is_one_request_a_second_by_default(tmp_path):
    geo = OnlineGeocoder("http://127.0.0.1:9", cache_file=tmp_path / "c.json")
    assert geo.client.limits.min_interval == 1.0


@pytest.mark.parametrize(("mode", "reason"), [
    ("trickle", "no complete answer within 1 s"),
    ("huge", "over the cap"),
    ("loop", "redirect loop"),
])
def test_online_requests_are_bounded(server, tmp_path, mode, reason, caplog):
    _Nominatim.mode = mode
    geo = OnlineGeocoder(server, cache_file=tmp_path / "c.json", min_delay=0.0, timeout=1.0, max_bytes=1 << 20)
    started = time.monotonic()
    with caplog.at_level("WARNING"):
        assert geocode_unknown(ARTICLE, [], geo) == []
    assert reason in caplog.text
    # one retry at most, each request ended by its deadline: never the 30 s the server would take
    assert time.monotonic() - started < 8
    if mode == "loop":
        assert len(_Nominatim.queries) <= 4


def test_names_are_capped_per_article_and_per_run(server, tmp_path, caplog):
    villages = "، ".join(f"قرية {w}" for w in ("الزيتون البري", "النخيل", "الرمال", "العين", "الحمراء",
                                                 "البيضاء", "الوادي", "الجبل", "السهل", "الكثبان"))
    many = Article("m", "قصفت طائرة مواقع في " + villages + ".")
    names = unknown_names(many, [])
    assert len(names) == 10
    import geo.places.online as online

    geo = OnlineGeocoder(server, cache_file=tmp_path / "c.json", min_delay=0.0, max_lookups=6)
    old = online.MAX_NAMES_PER_ARTICLE
    online.MAX_NAMES_PER_ARTICLE = 8
    try:
        with caplog.at_level("WARNING"):
            geocode_unknown(many, [], geo)
    finally:
        online.MAX_NAMES_PER_ARTICLE = old
    assert len(_Nominatim.queries) == 6  # 8 names allowed for the article, 6 requests for the run
    assert "only the first 8 are looked up" in caplog.text and "the cap for one run" in caplog.text
