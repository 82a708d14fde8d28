"""Name normalisation: Arabic and Latin keys, and the offset map of folded text."""

from __future__ import annotations

import pytest

from gazetteer.normalize import arabic_key, fold, latin_key, latin_skeleton, name_key, normalize_text


@pytest.mark.parametrize(
    "forms",
    [
        ["بوقرين", "بو قرين", "أبو قرين", "ابوقرين", "ابو قرين"],
        ["مصراتة", "مصراته", "مِصْراتة", "مصـــراتة"],
        ["اجدابيا", "إجدابيا", "أجدابيا", "آجدابيا"],
        ["رأس لانوف", "راس لانوف", "رأس  لانوف"],
        ["بنغازى", "بنغازي"],
        ["الوشكة", "الوشكه", "\u200fالوشكة\u200e"],
    ],
)
def test_arabic_variants_share_a_key(forms):
    assert len({arabic_key(f) for f in forms}) == 1


@pytest.mark.parametrize(
    "forms",
    [["Misrata", "Misratah", "MISRATA", "misrata"], ["Ajdābiyā", "Ajdabiya"], ["Al-Washka", "al Washka", "Washka"],
     ["Sirte", "Syrte"], ["Gasr Ben Gashir", "Qasr bin Ghashir"]],
)
def test_latin_variants_share_a_key(forms):
    assert len({latin_key(f) for f in forms}) == 1


def test_skeleton_brings_transliterations_together():
    assert {latin_skeleton(latin_key(n)) for n in ("Sirte", "Sirt", "Surt", "Syrte")} == {"srt"}
    assert latin_skeleton(latin_key("Misurata")) == latin_skeleton(latin_key("Misrata"))


def test_name_key_dispatches_on_script():
    assert name_key("بو قرين") == arabic_key("أبو قرين")
    assert name_key("Misratah") == latin_key("Misrata")


def test_fold_arabic_indic_digits_and_letters():
    assert fold("٤٠ كم جنوب سِرْت") == "40 كم جنوب سرت"
    assert fold("مدينة البيضاء") == "مدينه البيضاء"
    assert fold("مستشفى") == "مستشفي"


def test_folded_text_maps_back_to_original_offsets():
    text = "\ufeffقصفٌ عنيف، على «بِمِصْراتـــة» أمس؛ Misrata's port"
    folded = normalize_text(text)
    i = folded.text.index("بمصراته")
    s, e = folded.span(i, i + len("بمصراته"))
    assert text[s:e] == "بِمِصْراتـــة"
    j = folded.text.index("misrata")
    s, e = folded.span(j, j + 7)
    assert text[s:e] == "Misrata"


def test_fold_is_idempotent():
    for t in ["أَبُو قُرَيْن", "Ajdābiyā — el-Brega", "طـرابـلس ١٢"]:
        assert fold(fold(t)) == fold(t)
