"""Escaping of hostile article text for the map (maps/escape.py)."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from maps.escape import dir_attrs, esc, highlight, is_arabic, safe_url, script_json, search_key


def test_esc_neutralises_markup_and_bidi_overrides() -> None:
    out = esc('قصف <script>alert(1)</script> "x" \u202eevil')
    assert "<" not in out and ">" not in out and '"' not in out
    assert "\u202e" not in out
    assert out.startswith("قصف &lt;script&gt;")


def test_highlight_marks_the_place_at_the_given_offsets() -> None:
    quote = "اشتباكات في بوقرين ثم في بوقرين مجددا"
    second = quote.rindex("بوقرين")
    out = highlight(quote, "بوقرين", second, second + 6)
    assert out.count("<mark>") == 1
    assert out.index("<mark>") > out.index("بوقرين")  # the second occurrence, as the offsets say


def test_highlight_falls_back_to_first_occurrence_and_escapes_around_it() -> None:
    out = highlight("<b>قصف</b> على سرت", "سرت", 0, 3)  # offsets that do not point at the name
    assert out == "&lt;b&gt;قصف&lt;/b&gt; على <mark>سرت</mark>"
    assert highlight("لا مكان هنا", "سرت") == "لا مكان هنا"


def test_safe_url_keeps_only_http() -> None:
    assert safe_url("javascript:alert(1)") == ""
    assert safe_url("data:text/html,<script>") == ""
    assert safe_url("/relative") == ""
    assert safe_url('https://libyaobserver.ly/a?b=1&c="x"') == "https://libyaobserver.ly/a?b=1&amp;c=&quot;x&quot;"


@given(st.text())
def test_script_json_never_closes_the_script_and_round_trips(text: str) -> None:
    out = script_json({"q": text, "p": "</script><!--" + text})
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in out
    assert json.loads(out) == {"q": text, "p": "</script><!--" + text}


def test_search_key_folds_arabic_spelling_variants_and_latin_accents() -> None:
    assert search_key("بو قرين") == search_key("بوقرين")
    assert search_key("أجدابيا") == search_key("اجدابيا") == search_key("إجدابيا")
    assert search_key("مصراتة") == search_key("مصراته")
    assert search_key("بَنْغَازِي") == search_key("بنغازي")
    assert search_key("Ajdābiyā") == "ajdabiya"
    assert search_key("Abu Grein") == search_key("abu-grein")


def test_arabic_detection_sets_rtl() -> None:
    assert is_arabic("قوات الوفاق في Sirte")
    assert not is_arabic("Clashes near Sirte")
    assert dir_attrs("اشتباكات") == ' dir="rtl" lang="ar"'
