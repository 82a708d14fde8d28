"""A local group's own town (issue 13): the place inside a group's name is not where it acted ("قوات
مجلس شورى ثوار X هاجمت Y": Y), but a short report that names no other place ("أعلنت كتائب X أنها قتلت
أربعة مسلحين") tells of the group acting at home, as far as it tells anything: the town, at the precision
of its area (2), rather than no point. Two local groups named leave it open which town it was: no point.
Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from geo.article import Article
from geo.events import article_events
from geo.events.model import DEFAULT_MIN_CONFIDENCE

DAY = "2019-05-10"  # a Friday


def _shown(text: str) -> list[tuple[str, str, int, str]]:
    return [(e.event_type, e.location, e.geo_precision, e.event_date)
            for e in article_events(Article("t", text, DAY)) if e.confidence >= DEFAULT_MIN_CONFIDENCE]


@pytest.mark.parametrize("text", [
    "أعلنت كتائب الزنتان يوم الخميس أنها قتلت أربعة مسلحين في هجوم على مواقعهم.",
    "قالت قوات الزنتان الخميس إنها اشتبكت مع مجموعة مسلحة وقتلت أربعة من عناصرها.",
    "Zintan brigades said on Thursday they had killed four fighters of a rival group.",
])
def test_a_short_report_naming_only_the_groups_town_is_put_there_at_area_precision(text: str) -> None:
    assert _shown(text) == [("Battles", "Zintan", 2, "2019-05-09")]


@pytest.mark.parametrize(("text", "place"), [
    # a place of its own wins: the group's town is where it came from
    ("أعلنت كتائب الزنتان يوم الخميس أنها قتلت أربعة مسلحين في هجوم على مواقعهم قرب العزيزية.", "Al-Aziziya"),
    ("Zintan brigades said on Thursday they had killed four fighters near Al Aziziya.", "Al-Aziziya"),
])
def test_a_place_of_its_own_wins_over_the_groups_town(text: str, place: str) -> None:
    assert [loc for _, loc, _, _ in _shown(text)] == [place]


@pytest.mark.parametrize("text", [
    "Zintan brigades and Misratan forces clashed on Thursday, killing four fighters.",
    "اشتبكت كتائب الزنتان وقوات مصراتة يوم الخميس وقتل أربعة مقاتلين.",
    # a side of the country says where, and the group's town may not lie there
    "أعلنت كتائب الزنتان يوم الخميس أنها قتلت أربعة مسلحين في هجوم على مواقعهم في شرق البلاد.",
])
def test_two_local_groups_or_a_side_of_the_country_leave_no_point(text: str) -> None:
    assert all(loc != "Zintan" for _, loc, _, _ in _shown(text))


def test_a_long_article_does_not_fall_back_on_a_groups_town() -> None:
    filler = "وتناول التقرير الأوضاع الاقتصادية وأسعار الوقود وانقطاع الكهرباء في عدد من المدن. " * 40
    text = filler + "وأعلنت كتائب الزنتان يوم الخميس أنها قتلت أربعة مسلحين في هجوم على مواقعهم."
    assert all(loc != "Zintan" for _, loc, _, _ in _shown(text))
