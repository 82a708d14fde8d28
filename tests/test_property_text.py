"""Property-based tests of the normaliser, its offset map, and the stages that read raw article text.

Texts are drawn from what scraped Arabic news really holds: letters with harakat and tatweel, hamza
forms, ZWJ/ZWNJ, RLM/LRM and bidi isolates, BOMs, Arabic-Indic and Persian digits, Latin with accents,
real place names glued to proclitics, plus any Unicode scalar value (surrogates excluded: the input
layer refuses or replaces them, see test_hardening_inputs).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gazetteer.normalize import fold, latin_key, name_key, normalize_text
from geo.article import Article

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HARAKAT = [chr(c) for c in range(0x064B, 0x0653)] + ["\u0670"]
MARKS = ["\u0640", "\u200c", "\u200d", "\u200e", "\u200f", "\ufeff", "\u061c", "\u202b", "\u202c", "\u2067",
         "\u2069", "\u00ad", "\u200b"]
DIGITS = list("0123456789") + [chr(0x0660 + i) for i in range(10)] + [chr(0x06F0 + i) for i in range(10)]
ARABIC_LETTERS = [chr(c) for c in range(0x0621, 0x064B)] + ["\u0671", "\u067e", "\u06a4", "\u06a9", "\u06cc"]
PUNCT = list(" \n\t\r.,،؛؟!«»“”\"'()-–—/:") + ["\u00a0", "\u2028"]
NAMES = [
    "سرت", "طرابلس", "بنغازي", "مصراتة", "مصراته", "بني وليد", "بوقرين", "أبو قرين", "الوشكة", "ترهونة",
    "غريان", "اجدابيا", "إجدابيا", "سبها", "درنة", "الزاوية", "رأس لانوف", "البريقة", "ليبيا", "مصر", "تونس",
    "Misrata", "Misurata", "Sirte", "Tripoli", "Benghazi", "Bani Walid", "Abu Grein", "Tarhuna", "Gharyan",
]
WORDS = [
    "و", "ف", "ب", "ل", "ال", "لل", "في", "من", "جنوب", "شرق", "غرب", "شمال", "كم", "كيلومتر", "قرب",
    "مدينة", "منطقة", "اشتباكات", "قصف", "غارة", "قوات", "حفتر", "الوفاق", "الجيش", "قتلى", "مقتل",
    "km", "south of", "near", "clashes", "airstrike", "killed", "près de", "au sud de",
]

chars = st.one_of(
    st.sampled_from(ARABIC_LETTERS),
    st.sampled_from(HARAKAT),
    st.sampled_from(MARKS),
    st.sampled_from(DIGITS),
    st.sampled_from(PUNCT),
    st.characters(blacklist_categories=("Cs",)),
)
pieces = st.one_of(
    st.sampled_from(NAMES),
    st.sampled_from(WORDS),
    chars,
    # a name with harakat or tatweel stuck inside it
    st.tuples(st.sampled_from(NAMES), st.sampled_from(HARAKAT + MARKS), st.integers(0, 8)).map(
        lambda t: t[0][: t[2]] + t[1] + t[0][t[2]:]
    ),
)
texts = st.lists(pieces, max_size=40).map("".join)
any_text = st.one_of(texts, st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))


@pytest.mark.parametrize("text", ["\u064b", "\u200f\u200e", "\ufeff", "\u0640\u0640"])
def test_text_of_only_removed_characters(text: str) -> None:
    assert normalize_text(text).text == " "


def test_events_on_a_line_holding_only_a_tatweel(gazetteer_index: object) -> None:
    from geo.events.extract import extract_events
    from geo.places import extract_mentions

    text = "اشتباكات عنيفة في سرت.\nـ\n\u200f\nقصف على طرابلس\n"
    article = Article(doc="t", text=text)
    for ev in extract_events(article, extract_mentions(article, gazetteer_index)):
        rec = ev.to_record()
        assert text[rec["x_start"]:rec["x_end"]] == rec["x_quote"]


@pytest.mark.parametrize("text", [":", " ", "\n\n", "«»"])
def test_punctuation_only_text(text: str) -> None:
    assert normalize_text(text).text == " "


@SETTINGS
@given(any_text)
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


@SETTINGS
@given(any_text)
def test_keys_never_crash_and_are_space_free(text: str) -> None:
    key = name_key(text)
    assert isinstance(key, str) and not any(ch.isspace() for ch in key)  # keys are space-free
    lkey = latin_key(text)
    assert lkey == lkey.lower()


@SETTINGS
@given(any_text)
def test_offsets_are_monotonic_in_range_and_point_at_their_character(text: str) -> None:
    ft = normalize_text(text)
    offsets = [int(x) for x in ft.offsets]
    assert len(offsets) == len(ft.text) + 1
    assert offsets[0] == 0 and offsets[-1] == len(text)
    assert all(0 <= o <= len(text) for o in offsets)
    assert all(a <= b for a, b in zip(offsets, offsets[1:], strict=False))
    # One folded character per original character, except the compatibility characters that NFKC
    # expands (ﻻ -> لا, ¼ -> 1 4): their folded characters share its offset, in order.
    runs: dict[int, str] = {}
    for o, ch in zip(offsets[1:], ft.text[1:], strict=False):
        if ch != " ":
            runs[o] = runs.get(o, "") + ch
    assert list(runs) == sorted(runs)
    for o, chars_here in runs.items():
        assert fold(text[o]).replace(" ", "") == chars_here, (o, chars_here, text[o])
    # every span of folded characters maps inside the text, start before end
    chars_at = [i for i, ch in enumerate(ft.text) if ch != " "]
    for i in chars_at:
        s, e = ft.span(i, i + 1)
        assert 0 <= s < e <= len(text)
    if chars_at:
        s, e = ft.span(chars_at[0], chars_at[-1] + 1)
        assert fold(text[s:e]) == ft.text.strip()


@SETTINGS
@given(any_text)
def test_fold_has_no_runs_of_spaces_and_no_invisibles(text: str) -> None:
    ft = normalize_text(text)
    assert ft.text.startswith(" ") and ft.text.endswith(" ") and "  " not in ft.text
    assert not any(ch in ft.text for ch in MARKS + HARAKAT)


@SETTINGS
@given(texts)
def test_every_mention_is_its_surface(gazetteer_index: object, text: str) -> None:
    from geo.places import extract_mentions

    mentions = extract_mentions(Article(doc="h", text=text), gazetteer_index)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.surface
        rec = m.to_record()
        json.dumps(rec, ensure_ascii=False, allow_nan=False)  # the JSON contract holds for any text
        if rec["lat"] is not None:
            assert -90 <= rec["lat"] <= 90 and -180 <= rec["lon"] <= 180
        assert 0 <= rec["confidence"] <= 1


@SETTINGS
@given(texts, st.sampled_from([None, "2020-01", "2020-01-06"]))
def test_events_never_crash_and_quote_the_text(gazetteer_index: object, text: str, date: str | None) -> None:
    from geo.events.extract import extract_events
    from geo.places import extract_mentions

    article = Article(doc="h", text=text, date=date)
    for ev in extract_events(article, extract_mentions(article, gazetteer_index)):
        rec = ev.to_record()
        json.dumps(rec, ensure_ascii=False, allow_nan=False)
        s, e = rec["x_start"], rec["x_end"]
        assert 0 <= s <= e <= len(text)
        assert text[s:e] == rec["x_quote"]
        assert isinstance(rec["fatalities"], int) and rec["fatalities"] >= 0
