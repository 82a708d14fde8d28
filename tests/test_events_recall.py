"""Recall and dates of whole reports (issue 13): rules of news language, with sentences written for them.

Each rule has its events (found at the default --min-confidence, at the right place and day) and at
least as many non-events (left out, or kept below the threshold). None of these sentences, places or
figures comes from any corpus: the places are towns that the development articles do not name.

Rules: days counted back (قبل أربعة أيام، three days ago); weekday names that are no other word
(شنت الطائرات الخميس غارات); a day between a reporting verb and its complement dates the statement
(قال مسؤولون اليوم إن); the lead's day stands in for the report's undated incidents; a side of the country
(في أكبر مدن الجنوب) takes a place on that side or none; the base an aircraft flew from is not where it
struck; a death clause belongs to the explosion that caused it, shelling during a battle to the battle;
aims after إلى, shares of a territory, stipulations, cessations and claims of responsibility are no
incidents; a dateline names where the report was filed; an ongoing situation is no incident.
"""

from __future__ import annotations

from datetime import date

import pytest

from gazetteer.normalize import fold
from geo.article import Article
from geo.events import article_events
from geo.events.dates import find_dates
from geo.events.extract import _dateline_end
from geo.events.model import DEFAULT_MIN_CONFIDENCE

DAY = "2019-05-10"  # a Friday


def _all(text: str, day: str = DAY) -> list:
    return article_events(Article("t", text, day))


def _events(text: str, day: str = DAY) -> list:
    return [e for e in _all(text, day) if e.confidence >= DEFAULT_MIN_CONFIDENCE]


def _dates(text: str, day: str = DAY) -> list[tuple[str, int]]:
    return [(h.value.isoformat(), h.precision) for h in find_dates(" " + fold(text) + " ", date.fromisoformat(day), 1)]


# --- days counted back and weekday names ---------------------------------------------------------

@pytest.mark.parametrize(("text", "want"), [
    ("تفجرت الاشتباكات قبل أربعة أيام في حي من أحياء المدينة", ("2019-05-06", 1)),
    ("قال إن القصف بدأ قبل ثلاثة أيام", ("2019-05-07", 1)),
    ("وقعت المواجهات قبل 5 أيام", ("2019-05-05", 1)),
    ("the clashes broke out four days ago", ("2019-05-06", 1)),
    ("les combats ont éclaté il y a trois jours", ("2019-05-07", 1)),
    ("شنت طائرات حربية الخميس غارات على مواقع", ("2019-05-09", 1)),
    ("ونفذت القوات الثلاثاء عملية تمشيط", ("2019-05-07", 1)),
    ("وسقطت قذائف السبت على الحي", ("2019-05-04", 1)),
    ("وقال المصدر لوكالة الأنباء الليبية الجمعة إن المركب قصف", ("2019-05-10", 1)),
    ("a source told the agency Monday that the boat was hit", ("2019-05-06", 1)),
])
def test_days_back_and_weekdays(text: str, want: tuple[str, int]) -> None:
    assert want in _dates(text)


@pytest.mark.parametrize("text", [
    "انفجرت عبوة في سوق الجمعة",  # a Tripoli market, not Friday
    "التقى الاثنين من القادة",  # "the two", not Monday
    "بعد أن أدى صلاة الجمعة في المسجد",  # the Friday prayer names no day of the incident
    "قبل أيام من موعد الانتخابات",  # no count of days: no day
    "ونقل عن خطيب الجمعة أن الوضع هادئ",  # the Friday preacher, not Friday
])
def test_words_that_are_no_day(text: str) -> None:
    assert _dates(text) == []


def test_days_back_date_the_incident() -> None:
    text = ("قال عميد بلدية مرزق إن الاشتباكات اندلعت بين مسلحين من قبيلتين قبل أربعة أيام في ضاحية من ضواحي "
            "مدينة مرزق، وأسفرت عن مقتل ستة أشخاص.")
    got = _events(text, "2019-05-10")
    assert got and got[0].event_type == "Battles" and got[0].event_date == "2019-05-06", \
        [(e.event_type, e.event_date, e.confidence) for e in _all(text)]


def test_a_bare_weekday_dates_an_air_strike() -> None:
    text = "شنت طائرات حربية تابعة للجيش الخميس غارات على مواقع لمسلحين في مدينة هون."
    got = _events(text)
    assert got and got[0].event_type == "Explosions/Remote violence" and got[0].event_date == "2019-05-09"


# --- a day that dates the statement, and the lead's news day ------------------------------------

def test_a_said_day_is_loose_and_yields_to_the_incident_day() -> None:
    text = ("قال مسؤولون اليوم إن عشرة أشخاص قتلوا في اشتباكات بين قبيلتين في أوباري. وقال عميد البلدية إن "
            "الاشتباكات اندلعت قبل ثلاثة أيام في أحد أحياء أوباري.")
    got = [e for e in _events(text) if e.event_type == "Battles"]
    assert len(got) == 1 and got[0].event_date == "2019-05-07", [(e.event_date, e.signals) for e in got]


def test_a_said_day_alone_still_dates_it_loosely() -> None:
    got = _all("Officials said on Tuesday that two soldiers were killed in clashes in Nalut.")
    assert got and got[0].event_date == "2019-05-07" and "said-dated" in got[0].signals


def test_the_lead_day_stands_in_for_an_undated_incident() -> None:
    text = ("قصفت طائرة حربية مركبا محملا بالأسلحة قبالة ساحل زليتن. وقال المتحدث باسم القوات في ساعة "
            "مبكرة من صباح الأربعاء إن المركب رفض التوقف.")
    got = _all(text)
    assert got and got[0].event_date == "2019-05-08" and got[0].time_precision == 2, \
        [(e.event_date, e.time_precision) for e in got]


# --- where: a side of the country, an aircraft's base, a dateline -------------------------------

def test_a_side_of_the_country_takes_a_place_on_that_side() -> None:
    text = ("قتل العشرات في اشتباكات بين قبيلتين في أكبر مدن الجنوب الليبي أمس. وتعاني مدينة مرزق من نقص "
            "الوقود منذ أسابيع. وتوقفت الرحلات إلى مصراتة ومصراتة ومصراتة.")
    got = _all(text)
    assert got and all(e.location != "Misrata" for e in got), [(e.location, e.latitude) for e in got]
    assert any(e.latitude is not None and e.latitude < 29.5 for e in got)


def test_a_side_of_the_country_with_no_place_on_it_gives_no_place() -> None:
    text = "قتل خمسة أشخاص أمس في اشتباكات في شرق البلاد. وقالت مصادر في مصراتة إن الوضع هادئ في مصراتة."
    assert all(e.location != "Misrata" for e in _all(text))


def test_the_base_an_aircraft_flew_from_is_not_the_target() -> None:
    text = "قصفت طائرة حربية من قاعدة مصراتة الجوية أمس رتلا لمسلحين قرب مدينة بني وليد."
    got = _all(text)
    assert got and all(e.location != "Misrata" and "مصرات" not in (e.location_ar or "") for e in got), \
        [e.location for e in got]


def test_a_strike_on_a_base_is_at_the_base() -> None:
    got = _all("قصفت طائرة مسيرة أمس قاعدة الجفرة الجوية.")
    assert got and "Jufra" in got[0].location


@pytest.mark.parametrize(("text", "head"), [
    ("رويترز - مصراتة (ليبيا): قال مسلحون إنهم خطفوا عاملين أجانب في جنوب البلاد.", "رويترز - مصراتة (ليبيا): "),
    ("صبراتة 12 رمضان 1440 هـ الموافق 17 مايو 2019 م واس\nاهتمت الصحف بالوضع الأمني.",
     "صبراتة 12 رمضان 1440 هـ الموافق 17 مايو 2019 م واس"),
    ("MISRATA (Reuters) - Gunmen abducted two workers.", "MISRATA (Reuters) - "),
])
def test_datelines(text: str, head: str) -> None:
    assert text[: _dateline_end(text)] == head


@pytest.mark.parametrize("text", [
    "قتل جنديان في مصراتة: قال مصدر إن الهجوم وقع فجرا.",  # a colon inside the news, no agency
    "قال مسؤولون - في مصراتة - إن الهجوم وقع فجرا.",
    "=SUM(1) قصفت قوات مواقع في مصراتة",
])
def test_no_dateline(text: str) -> None:
    assert _dateline_end(text) == 0


def test_the_dateline_place_is_not_where_it_happened() -> None:
    text = "رويترز - مصراتة (ليبيا): قال تنظيم مسلح إنه خطف ثلاثة عمال أجانب في جنوب ليبيا."
    assert all(e.location != "Misrata" for e in _all(text))


# --- one incident per sentence and place --------------------------------------------------------

def test_a_death_clause_belongs_to_its_explosion() -> None:
    text = "قال مصدر أمني إن أربعة أشخاص لقوا مصرعهم، وأصيب عشرة آخرون جراء انفجار سيارة مفخخة في مدينة زليتن أمس."
    got = _all(text)
    assert [e.event_type for e in got] == ["Explosions/Remote violence"], [(e.event_type, e.location) for e in got]
    assert got[0].fatalities == 4


def test_shelling_during_a_battle_is_the_battle() -> None:
    text = "تجددت أمس الاشتباكات بين كتيبتين في مدينة بني وليد، وقصفت إحداهما أحياء المدينة بالصواريخ."
    got = _all(text)
    assert [e.event_type for e in got] == ["Battles"], [(e.event_type, e.sub_event_type) for e in got]


def test_an_air_strike_during_a_battle_stays_apart() -> None:
    text = "اندلعت أمس اشتباكات عنيفة في بلدة العجيلات وهاجمت طائرة حربية مواقع المسلحين جنوب البلدة."
    assert {e.event_type for e in _all(text)} == {"Battles", "Explosions/Remote violence"}


# --- not incidents: aims, shares, stipulations, cessations, claims, ongoing situations ----------

NON_EVENTS = [
    "ويسعى الجيش، الذي يتخذ من مدينة البيضاء مقرا له، إلى استعادة السيطرة على مدينة هون.",
    "وتهدف العملية إلى بسط السيطرة على كامل مدينة القطرون.",
    "The army seeks to regain control of Ghadames.",
    "وأشادت الصحف بتقدم القوات وسيطرتها على أكثر من 80 % من مدينة مرزق.",
    "وتسيطر القوات على معظم أحياء مدينة براك.",
    "Government forces now control most of Mizda.",
    "ونص الاتفاق على التوقف الفوري عن القتال في مدينة أوباري وعودة النازحين.",
    "The deal provides for an immediate halt to the fighting in Ubari.",
    "ودعا الأعيان إلى وقف القتال في مدينة الكفرة.",
    "وتبنى التنظيم مسؤولية الهجوم في بيان نشره على الإنترنت عن مدينة زليتن.",
    "The group claimed responsibility for the attack on the checkpoint in Zliten.",
    "وتشهد مدينة الكفرة اشتباكات متقطعة في العديد من أحيائها، مما أدى إلى سقوط ضحايا من المدنيين.",
    "Fighting continues in several districts of Kufra.",
]


@pytest.mark.parametrize("text", NON_EVENTS)
def test_non_events(text: str) -> None:
    got = _events(text)
    assert got == [], [(e.event_type, e.location, e.confidence, e.signals) for e in got]


EVENTS = [
    # (text, event type, place)
    ("وسيطرت القوات أمس على مدينة هون بعد معارك مع المسلحين.", "Battles", "Hun"),
    ("Government forces took control of Mizda on Thursday.", "Battles", "Mizda"),
    ("وقتل ثلاثة أشخاص أمس في هجوم انتحاري بسيارة مفخخة على بوابة أمنية في مدينة زليتن.",
     "Explosions/Remote violence", "Zliten"),
    ("وقال المتحدث باسم سلاح الجو إن الطائرات قصفت أمس تمركزات للمسلحين في مدينة مرزق.",
     "Explosions/Remote violence", "Murzuq"),
    ("وذكر مصدر عسكري أن مسلحين خطفوا أمس ثلاثة عمال أجانب في مدينة غدامس.",
     "Violence against civilians", "Ghadames"),
    ("ونظم مئات من سكان مدينة نالوت أمس مظاهرة احتجاجا على انقطاع الكهرباء.", "Protests", "Nalut"),
]


@pytest.mark.parametrize(("text", "etype", "place"), EVENTS)
def test_events(text: str, etype: str, place: str) -> None:
    got = _events(text)
    assert any(e.event_type == etype and place.lower() in e.location.lower() for e in got), \
        [(e.event_type, e.location, e.confidence, e.signals) for e in _all(text)]


def test_undated_lead_of_a_short_report_is_kept() -> None:
    text = ("خطف مسلحون مجهولون ثلاثة مهندسين أجانب في مدينة غدامس، حسب ما أفاد أحد السكان.\n"
            "وأضاف أن الخاطفين اقتادوهم إلى جهة مجهولة.")
    got = _events(text)
    assert got and got[0].event_type == "Violence against civilians" and "Ghadames" in got[0].location


def test_undated_lead_without_a_place_stays_below_the_threshold() -> None:
    text = "خطف مسلحون مجهولون ثلاثة مهندسين أجانب في جنوب البلاد، حسب ما أفاد أحد السكان."
    assert _events(text) == []


# --- condemned acts, field-news turns, reinforcements as a circumstance, roads between towns --------

def test_a_condemned_act_is_an_incident_of_low_confidence() -> None:
    text = "وأبدت الحكومة استنكارها لاختطاف ثلاثة مهندسين أجانب في مدينة غدامس أمس."
    got = [e for e in _all(text) if e.event_type == "Violence against civilians"]
    assert got and "Ghadames" in got[0].location and "condemned" in got[0].signals


@pytest.mark.parametrize("text", [
    "وأعربت البعثة عن قلقها إزاء تجدد الاشتباكات في مدينة الكفرة.",  # worry, not a condemned act
    "The mission expressed concern over renewed clashes in Kufra.",
    "وأدانت الحكومة في بيان أصدرته بعد لقاء مع السفراء كل أشكال العنف في مدينة الكفرة.",  # no act, far
])
def test_worry_and_generic_condemnation_are_no_incident(text: str) -> None:
    assert _all(text) == [], [(e.event_type, e.location) for e in _all(text)]


def test_a_field_news_turn_keeps_an_undated_incident() -> None:
    text = ("بحث رئيس الحكومة مع وفد أممي الأوضاع السياسية في البلاد وسبل دعم الحوار بين الأطراف.\n"
            "ميدانيا، قتل جندي وأصيب ثلاثة آخرون في اشتباكات مع مسلحين في مدينة زليتن.")
    got = _events(text)
    assert any(e.event_type == "Battles" and "Zliten" in e.location for e in got), \
        [(e.event_type, e.location, e.confidence, e.signals) for e in _all(text)]


def test_deaths_outrank_reinforcements_in_one_clause() -> None:
    text = "وقتل جنديان أمس عندما أرسلت الحكومة تعزيزات إلى مدينة براك."
    got = _all(text)
    assert got and got[0].event_type == "Battles", [(e.event_type, e.sub_event_type) for e in got]


def test_reinforcements_alone_are_a_strategic_development() -> None:
    got = _all("وأرسل الجيش أمس تعزيزات عسكرية إلى مدينة براك.")
    assert got and got[0].event_type == "Strategic developments"


def test_a_gate_on_the_road_between_two_towns() -> None:
    text = "هاجم مسلحون أمس بوابة أمنية على الطريق الرابط بين مدينتي هون وسوكنة."
    got = _all(text)
    assert len(got) == 1 and got[0].geo_precision == 3, [(e.location, e.geo_precision) for e in got]


def test_an_area_someone_was_trying_to_take_is_a_description() -> None:
    text = "وقال متحدث عسكري إن الطيران نفذ أمس ضربة جوية على منطقة كان المسلحون يحاولون السيطرة عليها قرب هون."
    got = _all(text)
    assert {e.event_type for e in got} == {"Explosions/Remote violence"}, \
        [(e.event_type, e.sub_event_type) for e in got]


def test_a_takeover_told_with_its_object_is_one() -> None:
    got = _all("وسيطر المسلحون أمس على بلدة سوكنة بعد اشتباكات مع القوات.")
    assert got and got[0].event_type == "Battles"


def test_two_sides_two_explosions_at_one_place() -> None:
    text = ("قتل أربعة أشخاص في انفجار سيارة ملغومة في مدينة زليتن، وتبنى التنظيم الهجوم.\n"
            "وقال متحدث عسكري إن سلاح الجو التابع للجيش نفذ ضربة جوية على مواقع التنظيم في زليتن.")
    subs = {e.sub_event_type for e in _all(text) if e.event_type == "Explosions/Remote violence"}
    assert {"Air/drone strike"} < subs, subs


# --- places that only describe, and who the dead are ---------------------------------------------

def test_a_town_near_a_port_across_a_side_of_the_country() -> None:
    text = "هاجم مسلحون أمس بوابة أمنية خارج مدينة زليتن بغرب البلاد قرب ميناء الخمس."
    got = _all(text)
    assert got and {e.location for e in got} == {"Zliten"}, [e.location for e in got]


def test_the_second_town_of_a_road_is_no_event_place() -> None:
    text = "هاجم مسلحون أمس بوابة أمنية على الطريق الرابط بين مدينتي هون وسوكنة."
    assert all("Sokna" not in e.location and "Sawknah" not in e.location for e in _all(text))


def test_the_place_in_a_unit_name_is_not_where_it_fought() -> None:
    text = "وقتل ثلاثة من عناصر كتيبة شهداء مصراتة أمس في اشتباكات مع مسلحين في مدينة هون."
    got = _all(text)
    assert got and all(e.location == "Hun" for e in got), [e.location for e in got]


def test_the_dead_of_a_shell_on_a_house_are_civilians() -> None:
    got = _all("قتل أربعة أشخاص أمس إثر سقوط قذيفة على منزل في مدينة هون.")
    assert got and got[0].event_type == "Explosions/Remote violence" and got[0].actor2_bloc == "CIV"


def test_a_shell_on_fighters_positions_kills_no_civilians() -> None:
    got = _all("قتل أربعة مقاتلين أمس إثر سقوط قذيفة على تمركز لهم قرب منزل في مدينة هون.")
    assert got and got[0].actor2_bloc != "CIV"


def test_a_period_since_the_start_is_a_statistic() -> None:
    # "start" once lost its first letters in the lexicon (a "*" placeholder): the phrase never matched
    text = "At least 300 people have been killed in the fighting in Sirte since the start of the offensive."
    assert _events(text) == []


_BACKGROUND_PARAGRAPH = ("وتعاني البلاد من انقسام سياسي حاد بين حكومتين وبرلمانين يتنازعان الشرعية، وتتبادل الأطراف "
                         "الاتهامات بعرقلة الحوار الذي ترعاه الأمم المتحدة منذ أشهر في جولات متعاقبة. ") * 12


def test_a_field_turn_in_a_named_town_is_news_even_in_a_long_article() -> None:
    text = _BACKGROUND_PARAGRAPH + "\nإلى ذلك، نظم مئات من السكان مظاهرة في مدينة نالوت احتجاجا على انقطاع الكهرباء."
    got = _events(text)
    assert any(e.event_type == "Protests" and "Nalut" in e.location for e in got), \
        [(e.event_type, e.location, e.confidence, e.signals) for e in _all(text)]


def test_an_undated_clause_in_a_named_town_deep_in_a_long_article_is_not() -> None:
    text = _BACKGROUND_PARAGRAPH + "\nونظم مئات من السكان مظاهرة في مدينة نالوت احتجاجا على انقطاع الكهرباء."
    assert _events(text) == []
