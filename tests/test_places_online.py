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
    assert geo._geocode.min_delay_seconds == 1.0
