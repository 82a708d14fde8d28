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


def _relatives(text: str, index) -> list[dict]:
    return [m.to_record() for m in extract_mentions(Article("t", text), index) if m.kind == "relative"]


def test_direction_from_the_capital_of_a_libyan_passage_is_tripoli(gazetteer_index) -> None:
    text = "سيطرت القوات على مدينة غريان، ثم تقدمت نحو مواقع جنوب العاصمة بعد قصف على بعد 20 كم شرق العاصمة الليبية"
    recs = _relatives(text, gazetteer_index)
    assert [(r["surface"], r["anchor"], r["offset_km"]) for r in recs] == [
        ("جنوب العاصمة", "Tripoli", None), ("على بعد 20 كم شرق العاصمة الليبية", "Tripoli", 20.0),
    ]
    assert all(r["in_libya"] and r["precision"] == 2 and r["role"] == "location" for r in recs)
    assert recs[0]["lat"] < 32.89  # south of Tripoli's centre, on land


def test_the_capital_of_another_country(gazetteer_index) -> None:
    # an adjective names the country; else the passage is about Egypt
    recs = _relatives("انفجرت سيارة غرب العاصمة المصرية", gazetteer_index)
    assert [(r["surface"], r["anchor"], r["in_libya"]) for r in recs] == [("غرب العاصمة المصرية", "Cairo", False)]
    recs = _relatives("قال شهود في القاهرة والإسكندرية إن انفجارا وقع شمال العاصمة", gazetteer_index)
    assert [(r["anchor"], r["in_libya"]) for r in recs] == [("Cairo", False)]


def test_capital_in_english_and_french(gazetteer_index) -> None:
    recs = _relatives("Fighting near Gharyan spread south of the capital and 30 km east of the Libyan capital.",
                      gazetteer_index)
    assert [(r["surface"], r["anchor"]) for r in recs] == [
        ("south of the capital", "Tripoli"), ("30 km east of the Libyan capital", "Tripoli")]
    recs = _relatives("Des combats à Gharyan puis au sud de la capitale libyenne.", gazetteer_index)
    assert [(r["surface"], r["anchor"]) for r in recs] == [("au sud de la capitale libyenne", "Tripoli")]


def test_capital_phrases_that_add_no_point(gazetteer_index) -> None:
    # the capital named after it: the named anchor's record, once; a bare العاصمة; no country in sight
    recs = _relatives("اشتباكات جنوب العاصمة طرابلس", gazetteer_index)
    assert [(r["surface"], r["anchor"]) for r in recs] == [("جنوب العاصمة طرابلس", "Tripoli")]
    assert _relatives("وقال مسؤول في العاصمة إن الوضع هادئ", gazetteer_index) == []
    assert _relatives("وقعت اشتباكات جنوب العاصمة", gazetteer_index) == []
    # "Zawiya, west of the capital" says where Zawiya lies: a description, never an event location
    recs = _relatives("Clashes erupted in Zawiya, west of the capital, on Sunday.", gazetteer_index)
    assert [(r["anchor"], r["role"], r["describes"]) for r in recs] == [("Tripoli", "description", "Zawiya")]


def test_direction_from_the_town_just_named(gazetteer_index) -> None:
    text = "دخلت القوات مدينة أجدابيا فجرا، واندلعت اشتباكات جنوبي البلدة. وفي مصراتة سقطت قذائف جنوب شرقي المدينة."
    recs = _relatives(text, gazetteer_index)
    assert [(r["surface"], r["anchor"]) for r in recs] == [
        ("جنوبي البلدة", "Ajdabiya"), ("جنوب شرقي المدينة", "Misrata")]
    assert all(r["in_libya"] and r["role"] == "location" for r in recs)
    recs = _relatives("Forces entered Ajdabiya at dawn and clashes broke out south of the town.", gazetteer_index)
    assert [(r["surface"], r["anchor"]) for r in recs] == [("south of the town", "Ajdabiya")]
    # a new paragraph, or no town before: no anchor
    assert _relatives("دخلت القوات أجدابيا.\n\nووقعت اشتباكات جنوب المدينة.", gazetteer_index) == []
    # the town a description locates, not the description's anchor
    recs = _relatives("وصلت القافلة إلى مصراتة الواقعة على بعد 200 كم شرق طرابلس، ثم اتجهت جنوب المدينة.",
                      gazetteer_index)
    assert [(r["anchor"], r["role"]) for r in recs][-1] == ("Misrata", "location")


def test_the_country_of_a_passage_is_read_around_it(gazetteer_index) -> None:
    # Brussels and Belgium before "شرق البلاد", Libya's towns around it: the east of Libya
    text = ("اجتمع الوزراء في بروكسل لبحث العقوبات، وقال وزير خارجية بلجيكا إن الضغط سيستمر. ووقع مندوبو البرلمان "
            "الذي ينعقد في شرق البلاد على الاتفاق في طبرق، فيما رفضه المؤتمر في طرابلس.")
    recs = [r for r in _relatives(text, gazetteer_index) if r["surface"].endswith("البلاد")]
    assert [(r["anchor"], r["in_libya"]) for r in recs] == [("Libya", True)]


def test_road_named_after_a_district_is_no_mention_of_it(gazetteer_index) -> None:
    # Egypt's Oases Road near Cairo is not Libya's Al Wahat district; a road the text roots in a Libyan town
    # stands at that town
    assert _found("يسكن قرب القاهرة على طريق الواحات منذ عامين", gazetteer_index) == [("القاهرة", "Cairo", False)]
    found = _found("وصلت القافلة إلى أجدابيا ثم سلكت طريق الواحات جنوبا", gazetteer_index)
    assert found == [("أجدابيا", "Ajdabiya", True), ("طريق الواحات", "طريق الواحات (Ajdabiya)", True)]
    assert _found("وقال مسؤول في الواحات إن الوضع هادئ", gazetteer_index) == [("الواحات", "Al Wahat District", True)]


def test_the_islamic_maghreb_is_the_maghreb_not_morocco(gazetteer_index) -> None:
    found = _found("تبنى تنظيم القاعدة في بلاد المغرب الإسلامي الهجوم", gazetteer_index)
    assert [(n, lib) for _, n, lib in found] == [("Maghreb", False)]
    assert _found("عاد الوفد من المغرب أمس", gazetteer_index) == [("المغرب", "Morocco", False)]
