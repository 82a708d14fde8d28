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


# --- every invisible, format and compatibility character (issue 12) ---------------------------------

# Default-ignorable and format characters, and the line breaks other than "\n": none may split a name.
IGNORABLE = [
    "\u2060", "\u2061", "\u2062", "\u2063", "\u2064", "\u206a", "\u206b", "\u206c", "\u206d", "\u206e", "\u206f",
    "\u180e", "\U000e0001", "\U000e0041", "\U000e007f", "\u2028", "\u2029", "\u0085", "\u000b", "\u000c",
    "\u2800", "\u06dd", "\u08e2", "\u0600", "\u034f", "\u3164", "\U000e0100", "\ufe0f",
]


@pytest.mark.parametrize("mark", IGNORABLE, ids=[f"U+{ord(c):04X}" for c in IGNORABLE])
def test_ignorable_inside_misrata_still_gives_misrata(mark: str) -> None:
    for at in range(1, len("مصراتة")):
        text = f"قصف على {'مصراتة'[:at]}{mark}{'مصراتة'[at:]} أمس"
        folded = normalize_text(text)
        assert " مصراته " in folded.text, (at, folded.text)
        i = folded.text.index("مصراته")
        s, e = folded.span(i, i + len("مصراته"))
        assert text[s:e] == f"{'مصراتة'[:at]}{mark}{'مصراتة'[at:]}"


def test_arabic_presentation_forms_fold_to_letters() -> None:
    # Forms B (isolated/initial/medial/final shapes) as legacy PDFs and converters emit them.
    assert arabic_key("ﻣﺼﺮﺍﺗﺔ") == arabic_key("مصراتة")
    assert arabic_key("ﺑﻨﻐﺎﺯﻱ") == arabic_key("بنغازي")
    assert arabic_key("ﻃﺮﺍﺑﻠﺲ") == arabic_key("طرابلس")
    # Forms A, and the lam-alef ligature, which stands for two letters.
    assert fold("ﭘ") == "ب"
    assert fold("ﻻﺟﺊ") == "لاجي"
    assert fold("ﺍﻟﻼﺫﻗﻴﺔ") == "اللاذقيه"
    # A lone haraka in its presentation form is deleted like the haraka.
    assert fold("سرﹰت") == "سرت"


def test_ligature_offsets_point_at_the_ligature() -> None:
    text = "وصل ﺍﻟﻼﺟﺌﻮﻥ ﺇﻟﻰ ﻣﺼﺮﺍﺗﺔ."
    folded = normalize_text(text)
    i = folded.text.index("اللاجيون")
    s, e = folded.span(i, i + len("اللاجيون"))
    assert text[s:e] == "ﺍﻟﻼﺟﺌﻮﻥ"
    j = folded.text.index("مصراته")
    s, e = folded.span(j, j + len("مصراته"))
    assert text[s:e] == "ﻣﺼﺮﺍﺗﺔ"


def test_persian_and_urdu_letter_forms() -> None:
    assert arabic_key("کفرة") == arabic_key("كفرة")  # Persian kaf
    assert arabic_key("ليبیا") == arabic_key("ليبيا")  # Persian yeh
    assert arabic_key("ليبيۀ") == arabic_key("ليبيه")
    assert arabic_key("گریان") == arabic_key("كريان")


def test_fullwidth_and_styled_latin() -> None:
    assert latin_key("Ｍｉｓｒａｔａ") == latin_key("Misrata")
    assert fold("４０ ｋｍ") == "40 km"
    assert latin_key("𝐒𝐢𝐫𝐭𝐞") == latin_key("Sirte")
    text = "near Ｔｒｉｐｏｌｉ today"
    folded = normalize_text(text)
    i = folded.text.index("tripoli")
    assert text[slice(*folded.span(i, i + 7))] == "Ｔｒｉｐｏｌｉ"


def test_emoji_and_other_astral_characters_separate_words() -> None:
    assert normalize_text("سرت😀مصراتة").text == " سرت مصراته "
