"""The store over the real pipeline: the seed article, then another outlet's report of the same fighting."""

from __future__ import annotations

from geo.article import Article
from geo.pipeline import analyse
from maps.store import Store, load_analysis, open_store

SECOND = ("أفادت مصادر عسكرية بأن قوات الوفاق خاضت مواجهات عنيفة مع قوات حفتر التي تحاول السيطرة على "
          "بوقرين، وسط قصف مدفعي متبادل.")


def _ingest(store: Store, article: Article) -> None:
    analysis = analyse([article], control=False)
    store.ingest(article, analysis.places, analysis.events)


def test_seed_then_a_second_report(seed_text: str, store_spec: str) -> None:
    path = store_spec
    seed = Article("seed", seed_text, "2020-01", source="بوابة الوسط", id="seed")
    second = Article("second", SECOND, "2020-01", source="ليبيا أوبزرفر", id="second")
    seed_events = [e for e in analyse([seed]).events if e["country"] == "Libya"]
    with open_store(path) as store:
        _ingest(store, seed)
        after_seed = store.counts()
        assert after_seed["events"] == len(seed_events)  # the extractor's own events, none merged away
        _ingest(store, second)
        _ingest(store, seed)  # again: a no-op
        counts = store.counts()
    assert counts["articles"] == 2
    layers = load_analysis(path)
    ids = [e["event_id_cnty"] for e in layers.events]
    assert len(ids) == len(set(ids))
    battles = [e for e in layers.events if e["event_type"] == "Battles" and "قرين" in (e["x_location_ar"] or "")]
    assert len(battles) == 1, battles
    # reports in article order (date, then doc), whatever the order of ingest
    assert battles[0]["x_docs"] == ["second", "seed"]
    assert battles[0]["x_n_evidence"] == 2
    assert battles[0]["source"] == "ليبيا أوبزرفر; بوابة الوسط"
    assert {q["doc"] for q in battles[0]["x_quotes"]} == {"seed", "second"}
    assert all(seed_text[q["start"]:q["end"]] == q["text"] for q in battles[0]["x_quotes"] if q["doc"] == "seed")
    assert {p["doc"] for p in layers.places} == {"seed", "second"}
