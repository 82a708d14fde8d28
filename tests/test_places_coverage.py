"""Places the bigger gazetteer knows, and the forms around them: squares named after countries, foreign
regions and seas, the capital."""

from __future__ import annotations

from geo.article import Article
from geo.places import extract_mentions


def _found(text: str, index) -> list[tuple[str, str | None, bool]]:
    out = []
    for m in extract_mentions(Article("t", text), index):
        assert text[m.start : m.end] == m.surface
        r = m.to_record()
        out.append((r["surface"], r["anchor"] if r["kind"] == "relative" else r["name"], r["in_libya"]))
    return out


def test_square_named_after_a_country_is_in_its_city(gazetteer_index) -> None:
    found = _found("احتشد المتظاهرون في ميدان الجزائر قبل أن يتفرقوا", gazetteer_index)
    assert found == [("ميدان الجزائر", "Algeria Square", True)]
    # The country itself stays foreign.
    assert _found("عاد الوفد من الجزائر أمس", gazetteer_index) == [("الجزائر", "Algeria", False)]


def test_continents_regions_and_seas_are_foreign_places(gazetteer_index) -> None:
    text = "عبر آلاف المهاجرين البحر الأبيض المتوسط نحو أوروبا، وتتابع دول الشرق الأوسط وشمال إفريقيا الأزمة"
    found = _found(text, gazetteer_index)
    assert found == [
        ("البحر الأبيض المتوسط", "Mediterranean Sea", False),
        ("أوروبا", "Europe", False),
        ("الشرق الأوسط", "Middle East", False),
        ("شمال إفريقيا", "North Africa", False),
    ]
    recs = [m.to_record() for m in extract_mentions(Article("t", text), gazetteer_index)]
    assert all(r["country"] is None and r["precision"] == 4 and not r["in_libya"] for r in recs)
    assert recs[0]["kind"] == "sea"


def test_latin_regions_and_seas(gazetteer_index) -> None:
    found = _found("Boats left Zuwara for Europe across the Mediterranean; l'Afrique du Nord suit.", gazetteer_index)
    assert ("Europe", "Europe", False) in found
    assert ("the Mediterranean", "Mediterranean Sea", False) in found
    assert ("Afrique du Nord", "North Africa", False) in found
    assert ("Zuwara", "Zuwara", True) in found


def test_region_words_that_are_not_the_region(gazetteer_index) -> None:
    # the newspaper, a command, NATO's name, an outlet, the ordinary word "average"
    for text in ("وقال مصدر عسكري لـ«الشرق الأوسط» إن الهجوم صد",
                 "أعلنت القيادة الأمريكية في أفريقيا عن غارة",
                 "اجتمع قادة حلف شمال الأطلسي",
                 "ارتفع السعر المتوسط للبرميل",
                 "He told Middle East Eye that talks failed; US Africa Command said so."):
        assert _found(text, gazetteer_index) == [], text
