"""Relative points that are true, regions of a country, and facilities named after other places.

Sentences written for these tests in the style of Libyan war reporting."""

from __future__ import annotations

from geo.article import Article
from geo.places import extract_mentions
from geo.places.geometry import haversine_km
from geo.places.regions import on_libyan_land


def _mentions(text: str, index):
    ms = extract_mentions(Article("t", text), index)
    for m in ms:
        assert text[m.start : m.end] == m.surface
    return ms


def _relative(ms):
    return [m for m in ms if m.kind == "relative"]


def test_a_distance_that_says_where_a_named_town_lies_is_a_description(gazetteer_index):
    text = "وقال مسؤول محلي في مدينة سبها، التي تبعد 750 كيلومترا جنوب طرابلس، إن الاشتباكات توقفت."
    ms = _mentions(text, gazetteer_index)
    (rel,) = _relative(ms)
    assert rel.role == "description" and rel.is_description and rel.describes is not None
    assert rel.describes.name == "Sabha" and rel.label == "750 km S of Tripoli"
    tripoli = next(m for m in ms if m.place is not None and m.place.name == "Tripoli")
    assert tripoli.role == "description_anchor"
    sabha = next(m for m in ms if m.place is not None and m.place.name == "Sabha")
    assert sabha.role == "location"  # the described place is where things happen
    assert rel.to_record()["role"] == "description"


def test_english_description_and_a_large_offset_without_a_named_place(gazetteer_index):
    ms = _mentions("Fighting resumed in Sabha, 750 km south of Tripoli, on Monday.", gazetteer_index)
    assert [m.role for m in _relative(ms)] == ["description"]
    ms = _mentions("Troops were sent to a base 400 km south of Tripoli.", gazetteer_index)
    (rel,) = _relative(ms)
    assert rel.role == "description" and rel.offset_km == 400  # over 100 km: never an event location


def test_two_distances_give_two_points(gazetteer_index):
    text = "سقطت قذائف على بعد 10 كم غرب سرت و30 كم غرب مصراتة."
    rel = _relative(_mentions(text, gazetteer_index))
    assert [(r.anchor.name, r.offset_km, r.label) for r in rel] == [
        ("Sirte", 10.0, "10 km W of Sirte"), ("Misrata", 30.0, "30 km W of Misrata")
    ]
    assert all(r.role == "location" for r in rel)
    rel = _relative(_mentions("Shells fell 10 km west of Sirte and 30 km west of Misrata.", gazetteer_index))
    assert [(r.anchor.name, r.offset_km) for r in rel] == [("Sirte", 10.0), ("Misrata", 30.0)]


def test_projected_points_stay_on_libyan_land(gazetteer_index):
    # 30 km north of Zuwara is the open sea, 1700 km east of Tripoli is Egypt: no point at all.
    for text in ("غرق قارب على بعد 30 كيلومترا شمال زوارة.", "A convoy was seen 1700 km east of Tripoli."):
        ms = _mentions(text, gazetteer_index)
        assert _relative(ms) == [] and ms  # the anchor stays, as its own mention
    # Due west of Tripoli the coast bends south: the point turns within the compass sector onto land.
    (rel,) = _relative(_mentions("اندلعت اشتباكات على بعد 45 كم غرب طرابلس.", gazetteer_index))
    assert on_libyan_land(rel.lat, rel.lon)
    assert 40 <= haversine_km(rel.anchor.lat, rel.anchor.lon, rel.lat, rel.lon) <= 50
    # Without a distance the nominal offset shrinks towards the anchor before it would reach the sea.
    for m in _relative(_mentions("تمركزت قوات شمال مصراتة وشرق بنغازي.", gazetteer_index)):
        assert on_libyan_land(m.lat, m.lon)


def test_regions_of_a_country_land_in_the_part_where_its_towns_are(gazetteer_index):
    text = "تجددت الاشتباكات في جنوب ليبيا، بينما انتقلت الحكومة إلى شرق البلاد، وقتل جنود في الجنوب الليبي."
    rel = _relative(_mentions(text, gazetteer_index))
    assert [r.surface for r in rel] == ["جنوب ليبيا", "شرق البلاد", "الجنوب الليبي"]
    south, east, south2 = rel
    assert south.anchor.name == "Libya" and east.anchor.name == "Libya" and south.precision == 3
    assert east.lon > 19.0 and east.lat > 30.0  # Cyrenaica's coast, not the desert centroid
    assert south.lat < 28.0 and (south.lat, south.lon) == (south2.lat, south2.lon)
    assert all(on_libyan_land(r.lat, r.lon) for r in rel)
    assert east.label == "eastern Libya"


def test_a_region_that_only_says_where_a_named_town_lies_is_a_description(gazetteer_index):
    ms = _mentions("قصفت الطائرات مواقع في مدينة درنة شرقي البلاد.", gazetteer_index)
    (rel,) = _relative(ms)
    assert rel.role == "description" and rel.describes.name == "Derna" and rel.anchor.name == "Libya"
    ms = _mentions("اعتقل مسلحون صحفيا في مدينة الزنتان الجبلية في غرب ليبيا.", gazetteer_index)
    assert [m.role for m in _relative(ms)] == ["description"]


def test_bare_directions_name_regions_of_the_article_country(gazetteer_index):
    text = "تتقاتل حكومتان في طرابلس وطبرق، ويقول قائد الجيش في الشرق إنه يسيطر على المدن، بينما تعاني مدن الجنوب."
    rel = _relative(_mentions(text, gazetteer_index))
    assert [(r.surface, r.anchor.name, r.role) for r in rel] == [
        ("الشرق", "Libya", "location"), ("الجنوب", "Libya", "location")
    ]
    # The Middle East, and adjectives of a noun before them, are not regions or relative expressions.
    for text in (
        "وتحدث الوزير عن الأزمات في الشرق الأوسط بعد زيارته طرابلس.",
        "وتقدمت القوات على الجبهة الشرقية لبنغازي وفي المناطق الغربية لليبيا.",
    ):
        assert _relative(_mentions(text, gazetteer_index)) == []


def test_a_part_of_a_city_is_inside_it_and_a_distance_may_be_approximate(gazetteer_index):
    (rel,) = _relative(_mentions("انتشر الجيش داخل عدة أحياء في غرب درنة.", gazetteer_index))
    assert haversine_km(rel.anchor.lat, rel.anchor.lon, rel.lat, rel.lon) <= 6
    text = "قال مسؤول من سبها الواقعة على مسافة 700 كيلومتر تقريبا جنوب طرابلس إن"
    (rel,) = _relative(_mentions(text, gazetteer_index))
    assert rel.offset_km == 700 and rel.role == "description"
    text = "انطلقوا من مدينة مصراتة الواقعة على بعد نحو 200 كيلومتر إلى الشرق من العاصمة الليبية طرابلس."
    (rel,) = _relative(_mentions(text, gazetteer_index))
    assert rel.anchor.name == "Tripoli" and rel.offset_km == 200 and rel.describes.name == "Misrata"


def test_the_country_of_the_article_anchors_the_country_words(gazetteer_index):
    text = "وصل وفد إلى القاهرة والإسكندرية، ثم زار مواقع في جنوب البلاد."
    (rel,) = _relative(_mentions(text, gazetteer_index))
    assert rel.anchor.country == "EG" and not rel.in_libya


def test_a_street_named_after_a_town_is_in_the_town_the_text_puts_it(gazetteer_index):
    ms = _mentions("تحول شارع طرابلس في مصراتة إلى خط تماس.", gazetteer_index)
    street, misrata = ms
    assert street.surface == "شارع طرابلس" and street.place.kind == "road" and misrata.place.name == "Misrata"
    assert haversine_km(street.lat, street.lon, misrata.lat, misrata.lon) <= 5
    # The same street name in another town's sentence is that town's street.
    street, benghazi = _mentions("اندلعت اشتباكات في شارع طرابلس في بنغازي.", gazetteer_index)
    assert street.place.kind == "road" and (street.lat, street.lon) == (benghazi.lat, benghazi.lon)
    # The paragraph's town hosts it when the sentence does not say.
    ms = _mentions("دخلت القوات مدينة سرت صباحا. واشتبكت مع مسلحين قرب فندق المهاري وشارع دبي.", gazetteer_index)
    assert "Dubai" not in [m.place.name for m in ms if m.place is not None]
    ms = _mentions("Snipers held the buildings on Benghazi Street in Misrata.", gazetteer_index)
    assert ms[0].surface == "Benghazi Street" and haversine_km(ms[0].lat, ms[0].lon, ms[1].lat, ms[1].lon) <= 5


def test_a_street_named_after_a_town_with_no_host_is_dropped(gazetteer_index):
    ms = _mentions("افتتح متجر جديد في شارع طرابلس.", gazetteer_index)
    assert all(m.place is None or m.place.name != "Tripoli" for m in ms)


def test_a_facility_whose_bare_name_is_its_own_site_is_reported_by_the_bare_name(gazetteer_index):
    ms = _mentions("هبطت الطائرة في مطار بنينا ثم أغلق محتجون ميناء الزاوية.", gazetteer_index)
    assert [(m.surface, m.place.kind) for m in ms] == [("بنينا", "airport"), ("الزاوية", "oil_terminal")]
    # A base 12 km from the town it is named after keeps its whole name, qualifier included.
    ms = _mentions("سيطرت القوات على قاعدة براك الشاطئ الجوية.", gazetteer_index)
    assert [(m.surface, m.place.kind) for m in ms] == [("قاعدة براك الشاطئ الجوية", "air_base")]


def test_in_a_list_of_libyan_towns_an_ambiguous_name_takes_its_libyan_reading(gazetteer_index):
    ms = _mentions("Fighting spread to Misrata, Zliten and Homs on Monday.", gazetteer_index)
    assert [(m.surface, m.place.country) for m in ms] == [("Misrata", "LY"), ("Zliten", "LY"), ("Homs", "LY")]
    # Beside Aleppo the same name is the Syrian city.
    ms = _mentions("Refugees fled Homs and Aleppo for the border.", gazetteer_index)
    assert [(m.surface, m.place.country) for m in ms] == [("Homs", "SY"), ("Aleppo", "SY")]


def test_a_foreign_city_named_with_its_country_is_foreign(gazetteer_index):
    ms = _mentions("أوقف الجيش شبكة لتهريب المقاتلين في مدينة طرابلس شمال لبنان.", gazetteer_index)
    tripoli = next(m for m in ms if m.surface == "طرابلس")
    assert tripoli.place.country == "LB" and not tripoli.in_libya
    ms = _mentions("The attackers had trained in Sousse, Tunisia, before crossing the border.", gazetteer_index)
    assert next(m for m in ms if m.surface == "Sousse").place.country == "TN"


def test_a_name_measured_to_be_an_ordinary_word_needs_a_strong_cue(gazetteer_index):
    # البشر "humans" is also a village: "من البشر" and "بالبشر" are the word; "في قرية البشر" the village.
    common = gazetteer_index.common_words
    assert "البشر" in common
    assert _mentions("وصلت شاحنة مكدسة بالبشر إلى الحدود، ومئات الملايين من البشر يتابعون.", gazetteer_index) == []
    ms = _mentions("وقعت اشتباكات في قرية البشر قرب الحدود.", gazetteer_index)
    assert [m.surface for m in ms] == ["البشر"]
    # A country keeps its weak cues: "إلى مالي" is Mali.
    assert [m.place.name for m in _mentions("فر المقاتلون من النيجر إلى مالي.", gazetteer_index)][-1] == "Mali"


def test_a_city_named_like_a_word_keeps_its_weak_cues_and_an_instrument_is_no_place(gazetteer_index):
    for text in ("اشتباكات عنيفة بالزاوية", "وصلت قوات قادمة من الزاوية", "انسحبت القوات إلى الخمس"):
        assert len(_mentions(text, gazetteer_index)) == 1, text
    assert _mentions("وأشار الضابط بأصابعه إلى الخريطة.", gazetteer_index) == []


def test_a_region_abroad_is_an_offset_scaled_to_the_country(gazetteer_index):
    (rel,) = _relative(_mentions("فر المقاتلون إلى جنوب الجزائر.", gazetteer_index))
    assert rel.label == "southern Algeria" and rel.lat < 27.0 and not rel.in_libya  # the Sahara, not the coast
    (rel,) = _relative(_mentions("تجددت الاشتباكات في جنوب لبنان.", gazetteer_index))
    assert haversine_km(rel.anchor.lat, rel.anchor.lon, rel.lat, rel.lon) < 100  # a small country stays small


def test_an_expression_after_a_word_for_located_is_a_description(gazetteer_index):
    (rel,) = _relative(_mentions("تغيرت موازين القوة في الجبال الواقعة غرب طرابلس.", gazetteer_index))
    assert rel.role == "description" and rel.describes is None
    (rel,) = _relative(_mentions("The hills located west of Tripoli changed hands.", gazetteer_index))
    assert rel.role == "description"
