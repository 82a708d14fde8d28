"""`conflictmap fetch` and the bounded HTTP client against a real server on 127.0.0.1 (tests/webserver.py):
extraction of Arabic and English pages out of their navigation, adverts and comments, RSS and Atom feeds,
the rate limit, the cache, robots.txt, and the bounds (deadline, size cap, redirects). Never any other
address."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from geo.cli.main import cli
from geo.fetch import Fetcher, article_id, canonical_url
from geo.fetch.cache import FetchCache
from geo.net.http import HttpClient, HttpError, Limits
from tests.webserver import WebServer

NAV_AD_COMMENT = ("الرئيسية", "إعلان", "تعليق", "التعليقات", "جميع الحقوق", "Subscribe", "Sponsored", "Comment by",
                  "Copyright", "reader42")


@pytest.fixture()
def web():
    with WebServer() as server:
        yield server


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFLICTMAP_CACHE_DIR", str(tmp_path / "cache"))


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def corpus(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def fast_client(**kw: float) -> HttpClient:
    return HttpClient(Limits(min_interval=0.0, backoff=0.05, **kw))


def test_feed_to_corpus_extracts_the_articles_only(web: WebServer, tmp_path: Path) -> None:
    out = tmp_path / "corpus.jsonl"
    res = run("fetch", web.url("/feed.rss"), "-o", str(out))
    assert res.exit_code == 0, res.stderr
    recs = {r["url"]: r for r in corpus(out)}
    ar, en = recs[web.url("/news/ar-1.html")], recs[web.url("/news/en-1.html")]
    assert set(ar) == {"id", "url", "title", "date", "source", "language", "text"}
    assert ar["id"] == article_id(web.url("/news/ar-1.html?utm_source=x")) == article_id(ar["url"])
    assert ar["title"] == "قصف مدفعي يستهدف أحياء جنوب طرابلس"
    assert ar["date"] == "2020-05-09" and ar["language"] == "ar" and ar["source"] == "بوابة الأخبار التجريبية"
    assert ar["text"].startswith("تعرضت أحياء سكنية في الضواحي الجنوبية للعاصمة طرابلس")
    assert "وقف فوري لإطلاق النار في محيط العاصمة" in ar["text"]
    assert en["text"].startswith("A drone strike hit an air base south of Misrata on Friday")
    assert "calls for a truce" in en["text"] and en["language"] == "en" and en["date"] == "2020-05-08"
    for rec in (ar, en):
        assert not any(junk in rec["text"] for junk in NAV_AD_COMMENT), rec["text"]
        assert "<" not in rec["text"]
    # robots.txt forbids /private/: never requested, said on stderr
    assert not any(p.startswith("/private/") for p in web.paths())
    assert "private/secret.html: disallowed by robots.txt" in res.stderr
    # the corpus is read by the other commands as it is
    ev = run("events", str(out), "--format", "json")
    assert ev.exit_code == 0, ev.stderr
    events = json.loads(ev.stdout)
    assert events and all(e["url"] in recs and e["title"] == recs[e["url"]]["title"] for e in events)


def test_rate_limit_one_request_a_second_per_host(web: WebServer, tmp_path: Path) -> None:
    res = run("fetch", web.url("/atom.xml"), web.url("/news/ar-1.html"), "-o", str(tmp_path / "c.jsonl"))
    assert res.exit_code == 0, res.stderr
    times = [h.at for h in web.hits]
    assert len(times) >= 4  # robots.txt, the feed, its two items, the page
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    # the client waits a second from one request to the next; what the server sees may jitter a little
    # under load (one request handled late makes the next gap short), never add up to more than 1/s
    assert min(gaps) >= 0.75 and times[-1] - times[0] >= 0.97 * len(gaps), gaps
    assert all("conflictmap" in h.headers.get("user-agent", "") for h in web.hits)


def test_crawl_delay_of_robots_txt_is_honoured(web: WebServer) -> None:
    web.server.robots = "User-agent: *\nCrawl-delay: 2\nDisallow: /private/\n"
    f = Fetcher(client=HttpClient(Limits(min_interval=1.0)), cache=FetchCache())
    list(f.records([web.url("/news/en-1.html"), web.url("/news/ar-2.html")]))
    pages = [h.at for h in web.hits if h.path.startswith("/news/")]
    assert len(pages) == 2 and pages[1] - pages[0] >= 1.95


def test_second_run_fetches_only_what_is_new(web: WebServer, tmp_path: Path) -> None:
    first, second = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    assert run("fetch", web.url("/atom.xml"), "-o", str(first)).exit_code == 0
    n = len(web.hits)
    res = run("fetch", web.url("/atom.xml"), web.url("/news/ar-1.html"), "-o", str(second))
    assert res.exit_code == 0, res.stderr
    again = web.hits[n:]
    # the feed is asked with its validator (and answers 304); its known items are not asked at all;
    # robots.txt comes from the cache; only the new page is fetched
    assert [h.path for h in again] == ["/atom.xml", "/news/ar-1.html"]
    assert again[0].headers.get("if-none-match")
    assert {r["id"] for r in corpus(second)} == {r["id"] for r in corpus(first)} | {
        article_id(web.url("/news/ar-1.html"))}
    assert "2 from the cache" in res.stderr
    n = len(web.hits)
    assert run("fetch", web.url("/news/ar-1.html"), "-o", str(second), "--refresh").exit_code == 0
    assert [h.path for h in web.hits[n:]] == ["/news/ar-1.html"]  # asked again


def test_since_leaves_out_older_items_without_fetching_them(web: WebServer, tmp_path: Path) -> None:
    out = tmp_path / "c.jsonl"
    res = run("fetch", web.url("/feed.rss"), "-o", str(out), "--since", "2020-01-01")
    assert res.exit_code == 0, res.stderr
    assert "/news/old.html" not in web.paths()
    assert all(r["date"] >= "2020-01-01" for r in corpus(out)) and len(corpus(out)) == 2
    assert "older than --since left out" in res.stderr


def test_redirect_followed_and_loop_refused(web: WebServer) -> None:
    f = Fetcher(client=fast_client(), cache=FetchCache(), robots=False)
    recs = list(f.records([web.url("/redirect"), web.url("/loop-a"), web.url("/chain/0")]))
    assert [r["url"] for r in recs] == [web.url("/news/en-1.html")]
    reasons = dict(f.stats.failed)
    assert "redirect loop" in reasons[web.url("/loop-a")]
    assert "more than 5 redirects" in reasons[web.url("/chain/0")]
    assert sum(p.startswith("/loop-") for p in web.paths()) == 2  # not 61 times round


def test_trickling_server_hits_the_overall_deadline(web: WebServer) -> None:
    client = fast_client(deadline=1.5, retries=0)
    started = time.monotonic()
    with pytest.raises(HttpError, match="no complete answer within 1.5 s"):
        client.get(web.url("/trickle"))
    # bytes kept coming all along (a per-read timeout would never fire); the run was ended by the deadline
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("path", ["/huge", "/huge-chunked"])
def test_twenty_megabytes_are_capped(web: WebServer, path: str) -> None:
    client = fast_client(max_bytes=10 * 1024 * 1024)
    with pytest.raises(HttpError, match="over the cap"):
        client.get(web.url(path))


def test_fetch_cli_reports_refusals_and_exits_1_when_nothing_came(web: WebServer, tmp_path: Path) -> None:
    out = tmp_path / "c.jsonl"
    res = run("fetch", web.url("/huge"), web.url("/paper.pdf"), web.url("/missing"), "-o", str(out),
              "--timeout", "5")
    assert res.exit_code == 1
    assert "over the cap" in res.stderr and "not a web page (application/pdf)" in res.stderr
    assert "HTTP 404" in res.stderr
    assert not out.exists()  # nothing half-written


def test_entity_bomb_feed_is_refused_unparsed(web: WebServer) -> None:
    f = Fetcher(client=fast_client(), robots=False)
    assert list(f.records([web.url("/bomb.rss")])) == []
    assert "declares XML entities" in dict(f.stats.failed)[web.url("/bomb.rss")]
    assert "/news/en-1.html" not in web.paths()


def test_wrong_and_legacy_charsets_decode(web: WebServer) -> None:
    f = Fetcher(client=fast_client(), robots=False)
    wrong, legacy, gz = f.records([web.url("/wrong-charset.html"), web.url("/cp1256.html"), web.url("/gz/ar-1.html")])
    assert wrong["text"].startswith("تعرضت أحياء سكنية") and "Ø" not in wrong["text"]
    assert legacy["text"].startswith("اندلعت اشتباكات بالأسلحة الثقيلة")
    assert gz["text"] == wrong["text"]


def test_retry_with_backoff_on_503(web: WebServer) -> None:
    slept: list[float] = []
    client = HttpClient(Limits(min_interval=0.0, backoff=0.25), sleep=slept.append)
    resp = client.get(web.url("/flaky"))
    assert resp.status == 200 and web.paths().count("/flaky") == 2 and slept == [0.25]


def test_events_of_a_url(web: WebServer, gazetteer_index: object) -> None:
    res = run("events", web.url("/news/ar-1.html"), "--format", "json")
    assert res.exit_code == 0, res.stderr
    events = json.loads(res.stdout)
    assert events, "the page reports shelling in Tripoli"
    assert {e["url"] for e in events} == {web.url("/news/ar-1.html")}
    assert {e["title"] for e in events} == {"قصف مدفعي يستهدف أحياء جنوب طرابلس"}
    assert {e["doc"] for e in events} == {article_id(web.url("/news/ar-1.html"))}


def test_bad_urls_are_usage_errors(tmp_path: Path) -> None:
    for bad in ("ftp://127.0.0.1/x", "http://[", "not a url"):
        res = run("fetch", bad, "-o", str(tmp_path / "c.jsonl"))
        assert res.exit_code == 2 and res.stderr.count("\n") == 1, res.stderr


def test_unreachable_site_and_malformed_urls_as_inputs(tmp_path: Path) -> None:
    # port 9 (discard) on 127.0.0.1: nothing listens; robots.txt cannot be read, so nothing is fetched
    res = run("events", "http://127.0.0.1:9/x")
    assert res.exit_code == 2 and "robots.txt could not be read" in res.stderr
    for bad in ("http://[", "http://127.0.0.1:99999/x"):
        res = run("events", bad)
        assert res.exit_code == 2 and "not a valid URL" in res.stderr and res.stderr.count("\n") == 1


def test_canonical_url() -> None:
    assert canonical_url("HTTP://Example.ORG:80/a?utm_source=x&id=3#top") == "http://example.org/a?id=3"
    assert canonical_url("https://example.org") == "https://example.org/"


HOSTILE = {
    "garbage": b"garbage\r\n\r\n",
    "bad_chunks": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/html\r\n\r\nZZZ\r\nxx\r\n",
    "short_body": b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: text/html\r\n\r\nshort",
    "long_header": b"HTTP/1.1 200 OK\r\nX-A: " + b"a" * 100_000 + b"\r\n\r\n",
    "many_headers": b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(500)) + b"\r\n",
    "nothing": b"",
    "bad_gzip": b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 9\r\n\r\nnot gzip!",
    "redirect_nowhere": b"HTTP/1.1 302 Found\r\nLocation: http://[\r\nContent-Length: 0\r\n\r\n",
}


def test_malformed_answers_are_one_http_error(tmp_path: Path) -> None:
    import socket
    import threading

    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    port = srv.getsockname()[1]
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            with conn:
                request = conn.recv(65536).decode("latin-1")
                name = request.split(" ", 2)[1].strip("/")
                try:
                    conn.sendall(HOSTILE.get(name, b""))
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        client = HttpClient(Limits(min_interval=0.0, retries=1, backoff=0.01, deadline=3.0))
        for name in HOSTILE:
            with pytest.raises(HttpError) as info:
                client.get(f"http://127.0.0.1:{port}/{name}")
            assert "\n" not in str(info.value), name
    finally:
        stop.set()
        srv.close()
