"""Event ids, the place's surface in the quote, source_scale, timestamp and column order."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.article import Article
from geo.events import ACLED_COLUMNS, ALL_COLUMNS, X_COLUMNS, article_events, extract_events, fuse_events
from geo.events.output import to_csv
from geo.events.sources import join_scales, source_scale
from geo.places import extract_mentions


def _seed_events(seed_text: str, date: str = "2020-01-24", **kw: str) -> list:
    return article_events(Article("seed", seed_text, date, **kw))


def test_seed_ids_unique_and_stable(seed_text) -> None:
    for date in ("2020-01", "2020-01-24"):
        raw = extract_events(Article("seed", seed_text, date), extract_mentions(Article("seed", seed_text, date)))
        ids = [e.event_id for e in raw]
        assert len(ids) == len(set(ids)), ids  # the reinforcements and the air strike at Sirte differ
        again = [e.event_id for e in _seed_events(seed_text, date)]
        assert set(again) <= set(ids) and len(again) == len(set(again))
    sirte = [e for e in _seed_events(seed_text) if e.location == "Sirte"]
    assert len(sirte) == 2 and sirte[0].event_id != sirte[1].event_id
    other_doc = {e.event_id for e in article_events(Article("other", seed_text, "2020-01-24"))}
    assert not other_doc & {e.event_id for e in _seed_events(seed_text)}


@pytest.mark.shared
def test_ids_unique_over_a_corpus(shared_data) -> None:
    path = shared_data / "arabic-text" / "saudinewsnet_libya_articles.jsonl"
    events = []
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            r = json.loads(line)
            a = Article(f"{path.name}:{i + 1}", r.get("content") or "", (r.get("date_extracted") or "")[:10] or None)
            events += extract_events(a, extract_mentions(a))
    ids = [e.event_id for e in events]
    assert len(events) > 100 and len(ids) == len(set(ids))


@pytest.mark.shared
def test_ids_and_fused_locations_do_not_depend_on_input_order(shared_data) -> None:
    """Issue 12: reversing the corpus gives the same events, ids and fused locations."""
    path = shared_data / "arabic-text" / "saudinewsnet_libya_articles.jsonl"
    per_article = []
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            r = json.loads(line)
            a = Article(f"a{i:03d}", r.get("content") or "", (r.get("date_extracted") or "")[:10] or None)
            per_article.append(extract_events(a, extract_mentions(a)))

    def fused(chunks):
        return {e.event_id: (e.latitude, e.longitude, e.location, e.quote.doc, e.fatalities,
                             sorted((q.doc, q.start) for q in e.quotes))
                for e in fuse_events([e for c in chunks for e in c])}

    forward, backward = fused(per_article), fused(per_article[::-1])
    assert forward == backward
    assert any(len(v[5]) > 1 and len({d for d, _ in v[5]}) > 1 for v in forward.values())


def test_surface_offsets_point_into_the_quote(seed_text) -> None:
    events = _seed_events(seed_text)
    named = 0
    for e in events:
        r = e.to_record()
        assert r["x_surface"]
        if r["x_surface_start"] is not None:
            assert r["x_quote"][r["x_surface_start"] : r["x_surface_end"]] == r["x_surface"]
            assert seed_text[r["x_start"] + r["x_surface_start"] : r["x_start"] + r["x_surface_end"]] == r["x_surface"]
            named += 1
    assert named == len(events)
    by_place = {e.location: e.to_record()["x_surface"] for e in events}
    assert by_place["Abu Qurayn"] == "بوقرين" and by_place["Sirte"] == "سرت"
    assert by_place["Tripoli Airport Road"] == "طريق المطار"


def test_surface_outside_the_quote_has_no_offsets() -> None:
    # The second sentence names no place: it takes the article's main place, named in the first one.
    text = "اشتباكات عنيفة في مصراتة بين قوات الوفاق وقوات حفتر. وقصفت قوات حفتر مواقع الوفاق بالمدفعية."
    events = article_events(Article("x", text, "2020-05-10"))
    far = [e for e in events if e.geo_precision == 3]
    assert far, [e.to_record() for e in events]
    r = far[0].to_record()
    assert r["x_surface"] == "مصراتة" and r["x_surface_start"] is None and r["x_surface_end"] is None


def test_columns_in_order() -> None:
    assert ALL_COLUMNS[:31] == ACLED_COLUMNS and ALL_COLUMNS[31] == "doc"
    assert {"x_surface", "x_surface_start", "x_surface_end"} <= set(X_COLUMNS)
    pd = pytest.importorskip("pandas")
    ev = article_events(Article("x", "قصفت قوات حفتر مواقع الوفاق في مصراتة", "2020-05-10", source="Libya Observer"))
    frame = pd.read_csv(io.StringIO(to_csv(ev)))
    assert list(frame.columns) == list(ALL_COLUMNS)
    assert frame["source_scale"].iloc[0] == "National" and frame["x_surface"].iloc[0] == "مصراتة"


@pytest.mark.parametrize("source,url,scale", [
    ("Libya Observer", None, "National"),
    ("بوابة الوسط", None, "National"),
    ("Reuters", None, "International"),
    ("AP", None, "International"),
    ("aawsat", "http://aawsat.com/home/article/1", "Regional"),
    ("الجزيرة", None, "Regional"),
    ("Facebook", None, "New media"),
    ("Airwars", None, "Other"),
    (None, "https://www.alwasat.ly/news/libya/1", "National"),
    (None, "https://unknown-town-news.ly/x", "National"),
    ("My Blog", None, ""),
    (None, None, ""),
    ("Apex Daily", None, ""),  # a short outlet name inside a longer one is not that outlet
])
def test_source_scale(source: str | None, url: str | None, scale: str) -> None:
    assert source_scale(source, url) == scale


def test_scales_join_in_acleds_order() -> None:
    assert join_scales(["International", "National"]) == "National-International"
    assert join_scales(["National", "Other", "National"]) == "Other-National"
    assert join_scales(["", ""]) == ""


def test_fused_reports_keep_every_source() -> None:
    text = "اندلعت اشتباكات بين قوات الوفاق وقوات حفتر في عين زارة"
    a = article_events(Article("a", text, "2020-05-10", source="Libya Observer"))
    b = article_events(Article("b", text, "2020-05-10", source="Reuters"))
    (e,) = fuse_events(a + b)
    r = e.to_record()
    assert r["source"] == "Libya Observer; Reuters" and r["source_scale"] == "National-International"


def test_timestamp_is_the_coding_time(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    (e,) = article_events(Article("x", "قصفت قوات حفتر مواقع الوفاق في مصراتة", "2020-05-10"))
    r = e.to_record()
    assert r["timestamp"] == 1700000000 and isinstance(r["timestamp"], int)
    assert r["admin1"] == "Misratah" and r["admin2"] == "Misrata"  # shabiya and baladiya of the gazetteer
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    (e,) = article_events(Article("x", "قصفت قوات حفتر مواقع الوفاق في مصراتة", "2020-05-10"))
    assert e.to_record()["timestamp"] > 1700000000


_ALPHABET = list("قتلاشبكفيسرطمنوحدةىءأإآ ،.؟!\n\u064b\u0640\u200f") + [
    "قصف ", "سرت", "طرابلس", "اشتباكات ", "قوات حفتر ", "أمس ", "👍", "Misrata ", "killed "]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=80))
def test_any_text_gives_verbatim_quotes_and_surfaces(pieces: list[str]) -> None:
    text = "".join(pieces)
    events = article_events(Article("h", text, "2020-05-10"))
    ids = [e.event_id for e in events]
    assert len(ids) == len(set(ids))
    for e in events:
        r = e.to_record()
        assert text[r["x_start"] : r["x_end"]] == r["x_quote"]
        if r["x_surface_start"] is not None:
            assert r["x_quote"][r["x_surface_start"] : r["x_surface_end"]] == r["x_surface"]
