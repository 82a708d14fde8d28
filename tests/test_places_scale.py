"""The place stage stays linear in the article: bounded quotes, windowed coherence, a block path.

Sizes, never times, are asserted here (timings are bench/places_growth.py's job)."""

from __future__ import annotations

import json

import pytest

import geo.places.stage as stage
from geo.article import Article
from geo.pipeline import iter_place_records, parse_places
from geo.sentences import QUOTE_CHARS, SentenceIndex, quote_window

UNIT = "سرت و مصراتة و "


def _json_size(text: str, index) -> tuple[int, int]:
    n = size = 0
    for rec in iter_place_records(Article("big", text), index):
        n += 1
        size += len(json.dumps(rec, ensure_ascii=False).encode())
        assert len(rec["quote"]) <= QUOTE_CHARS
        assert rec["quote_start"] <= rec["start"] and rec["end"] <= rec["quote_start"] + len(rec["quote"])
    return n, size


def test_output_size_grows_linearly_with_a_text_of_names_and_no_sentence_end(gazetteer_index):
    n1, s1 = _json_size(UNIT * 1000, gazetteer_index)
    n4, s4 = _json_size(UNIT * 4000, gazetteer_index)
    assert n1 >= 1900 and n4 == pytest.approx(4 * n1, rel=0.01)
    # Linear: four times the text, four times the JSON (a whole-sentence quote would make it sixteen).
    assert s4 / s1 == pytest.approx(4.0, rel=0.05)


def test_a_long_sentence_is_quoted_as_a_window_around_the_mention_at_word_boundaries():
    filler = "وقالت مصادر محلية إن الاشتباكات تواصلت طوال الليل بين القوات المتقابلة "
    sentence = filler * 6 + "في محيط مدينة سرت " + filler * 6 + "."
    text = "عنوان قصير. " + sentence + " جملة أخرى."
    start = text.index("سرت")
    s, e = SentenceIndex(text).quote_span(start, start + 3)
    quote = text[s:e]
    assert len(quote) <= QUOTE_CHARS and "في محيط مدينة سرت" in quote
    assert text[s - 1] == " " and text[e] == " "  # whole words only
    assert text.index(sentence) <= s and e <= text.index(sentence) + len(sentence)  # inside the sentence
    # The mention sits near the middle of its window.
    assert abs((start - s) - (e - start - 3)) < 80


def test_a_short_sentence_is_quoted_whole_and_a_window_shifts_at_the_sentence_edge():
    text = "قصف على سرت. ثم هدوء."
    i = text.index("سرت")
    assert SentenceIndex(text).quote_span(i, i + 3) == (0, text.index(".") + 1)
    long = "سرت " + "كلمة " * 200
    s, e = quote_window(long, 0, len(long), 0, 3, 100)
    assert s == 0 and 90 <= e <= 100 and long[e] == " "


def test_a_run_without_spaces_is_cut_at_the_limit():
    text = "ب" * 500 + " سرت " + "ب" * 500
    i = text.index("سرت")
    s, e = quote_window(text, 0, len(text), i, i + 3, 100)
    assert e - s <= 100 and s < i and i + 3 < e


def test_a_very_long_article_is_read_block_by_block_with_the_same_mentions(gazetteer_index, monkeypatch):
    paragraph = (
        "اندلعت اشتباكات عنيفة في مدينة سرت بين القوات المتقابلة. وقصفت الطائرات مواقع قرب مصراتة، "
        "فيما تقدمت قوات أخرى نحو بنغازي وأجدابيا.\n\n"
    )
    text = paragraph * 40
    whole = [(m.surface, m.start, m.end, m.place.id if m.place else None)
             for m in stage.extract_mentions(Article("a", text), gazetteer_index)]
    monkeypatch.setattr(stage, "BLOCK_CHARS", 700)
    spans = list(stage.blocks(text, 700))
    assert len(spans) > 5 and spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert all(text[e - 2 : e] == "\n\n" for _, e in spans[:-1])  # cut at paragraph ends
    blocked = stage.extract_mentions(Article("a", text), gazetteer_index)
    assert all(text[m.start : m.end] == m.surface for m in blocked)
    assert [(m.surface, m.start, m.end, m.place.id if m.place else None) for m in blocked] == whole
    recs = list(iter_place_records(Article("a", text), gazetteer_index))
    assert [(r["start"], r["end"]) for r in recs] == [(s, e) for _, s, e, _ in whole]
    assert parse_places(Article("a", text), gazetteer_index).place_records() == recs
