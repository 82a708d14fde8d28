"""The day of a front (issue 13): a wire report dates its news once ("قتل ثلاثة جنود يوم الثلاثاء في
اشتباكات في X") and then tells the rest of that day's fighting on the same front through its military
sources ("وقال المتحدث باسم سلاح الجو إن الطيران قصف تمركزات في X") without a day of their own. Such a
sentence takes the front's day (at week precision: inferred, not told); a quote's own "today" is the day it
was said, which the report does not give, so the front's day wins there too.

Not carried: to a place far from the front, to a sentence that no military source tells (background, "the
forces have been fighting there for a year"), from a reminder of an older incident. The sentences and places
are written for these tests (towns the development articles do not name).
"""

from __future__ import annotations

import pytest

from geo.article import Article
from geo.events import article_events
from geo.events.extract import _in_direct_speech
from geo.events.model import DEFAULT_MIN_CONFIDENCE

DAY = "2019-05-10"  # a Friday; "يوم الثلاثاء" is 2019-05-07

# A political lead long enough that what follows is not the report's lead.
LEAD_AR = ("عقد مجلس النواب جلسة لمناقشة الميزانية العامة للدولة وسط خلافات بين الكتل حول توزيع المخصصات على "
           "البلديات، وقال رئيس المجلس إن النقاش سيستمر في الأسبوع المقبل حتى يتم التوصل إلى صيغة توافقية ترضي "
           "جميع الأطراف. وأضاف أن الحكومة مطالبة بتقديم تقرير مفصل عن الإنفاق في العام الماضي قبل أي تصويت على "
           "بنود الميزانية الجديدة، مشيرا إلى أن اللجنة المالية ستعقد اجتماعات مع وزير المالية ومحافظ المصرف "
           "المركزي.\n")
CLASH_AR = "وفي يفرن، قالت مصادر طبية إن ثلاثة جنود قتلوا يوم الثلاثاء في اشتباكات مع مسلحين.\n"
LEAD_EN = ("The parliament met to discuss the state budget amid disputes between blocs over allocations to the "
           "municipalities, and its speaker said the debate would go on next week until a compromise acceptable to "
           "all parties was found. He added that the government must first present a detailed report on last "
           "year's spending, and that the finance committee would meet the minister and the central bank governor.\n")
CLASH_EN = "In Yafran, medics said three soldiers were killed in clashes with gunmen on Tuesday.\n"


def _shown(text: str) -> list:
    return [e for e in article_events(Article("t", text, DAY)) if e.confidence >= DEFAULT_MIN_CONFIDENCE]


def _strikes(text: str) -> list:
    return [e for e in _shown(text) if e.sub_event_type == "Air/drone strike"]


@pytest.mark.parametrize("text", [
    LEAD_AR + CLASH_AR + "وقال المتحدث باسم سلاح الجو إن «الطيران قصف تمركزات للمسلحين في يفرن».",
    LEAD_AR + CLASH_AR + "وأضاف مصدر عسكري أن الطائرات الحربية شنت غارات على مواقع المسلحين في وسط يفرن.",
    LEAD_EN + CLASH_EN + "An air force spokesman said warplanes struck militant positions in Yafran.",
])
def test_a_military_source_after_the_dated_report_tells_the_same_day(text: str) -> None:
    strikes = _strikes(text)
    assert [(e.location, e.event_date, e.time_precision) for e in strikes] == [("Yefren", "2019-05-07", 2)]


@pytest.mark.parametrize("text", [
    # no dated report of that front: the spokesman's undated word is no sure incident
    LEAD_AR + "وقال المتحدث باسم سلاح الجو إن «الطيران قصف تمركزات للمسلحين في يفرن».",
    LEAD_EN + "An air force spokesman said warplanes struck militant positions in Yafran.",
    # another front, 700 km away: the day of Yafran's clash says nothing of it
    LEAD_AR + CLASH_AR + "وقال المتحدث باسم سلاح الجو إن «الطيران قصف تمركزات للمسلحين في الأبيار».",
    LEAD_EN + CLASH_EN + "An air force spokesman said warplanes struck militant positions in Al Abyar.",
    # a reminder of an older incident dates nothing after it
    LEAD_AR + "يذكر أن ثلاثة جنود قتلوا في اشتباكات مع مسلحين في يفرن الشهر الماضي.\n"
    "وقال المتحدث باسم سلاح الجو إن «الطيران قصف تمركزات للمسلحين في يفرن».",
])
def test_no_front_day_leaves_the_spokesmans_word_below_the_threshold(text: str) -> None:
    assert _strikes(text) == []


@pytest.mark.parametrize("text", [
    LEAD_AR + CLASH_AR + "وتقاتل القوات الحكومية جماعات مسلحة في يفرن منذ أكثر من عام.",
    LEAD_AR + CLASH_AR + "ويسلط القتال في يفرن الضوء على الفوضى التي تعيشها البلاد منذ سنوات.",
    LEAD_EN + CLASH_EN + "Government forces have been fighting armed groups in Yafran for more than a year.",
])
def test_background_on_the_same_front_takes_no_day(text: str) -> None:
    assert [(e.event_type, e.event_date) for e in _shown(text)] == [("Battles", "2019-05-07")]


QUOTED_TODAY = [
    (LEAD_AR, CLASH_AR, "وقال قائد ميداني: «قواتنا هاجمت اليوم مواقع المسلحين في يفرن»."),
    (LEAD_AR, CLASH_AR, "وقال قائد ميداني: «قصفنا اليوم مواقع المسلحين في يفرن بالمدفعية الثقيلة»."),
    (LEAD_EN, CLASH_EN, 'A field commander said: "Our forces attacked militant positions in Yafran today".'),
]


@pytest.mark.parametrize(("lead", "clash", "quote"), QUOTED_TODAY)
def test_a_quotes_today_is_not_the_articles_day(lead: str, clash: str, quote: str) -> None:
    # the commander's attack is that Tuesday's fighting, not a second incident on the day of the article
    assert {e.event_date for e in _shown(lead + clash + quote)} == {"2019-05-07"}


@pytest.mark.parametrize(("lead", "clash", "quote"), QUOTED_TODAY)
def test_a_quotes_today_stands_when_no_front_was_dated(lead: str, clash: str, quote: str) -> None:
    assert {e.event_date for e in _shown(lead + quote)} == {DAY}


@pytest.mark.parametrize(("text", "word", "inside"), [
    ("وقال قائد: «الجيش اليوم تقدم»", "اليوم", True),
    ("وقال قائد اليوم: «الجيش تقدم»", "اليوم", False),
    ("قال إن «داعش» هاجم اليوم", "اليوم", False),  # a name in guillemets is closed before the word
    ('He said: "we advanced today"', "today", True),
    ('"We advanced", he said today', "today", False),
    ("وقال: “تقدمنا اليوم”", "اليوم", True),
])
def test_direct_speech(text: str, word: str, inside: bool) -> None:
    assert _in_direct_speech(text, 0, text.index(word)) is inside
