""""The city" (issue 13): a clause that names no place but "المدينة" / "the city" / "la ville" is about the
city or town named last before it, at that city's own precision, when it was named a few sentences back.
A foreign city taken up this way keeps the incident out of Libya. Without such a word, or too far from any
city, a short report's main place stands in only at region precision (3), as before.
Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from gazetteer.normalize import fold
from geo.article import Article
from geo.events import article_events
from geo.events.extract import _CITY_ANAPHOR

DAY = "2019-05-10"
VISIT_AR = "وصل وفد حكومي إلى مدينة يفرن لبحث أوضاع النازحين. "
VISIT_EN = "A government delegation arrived in Yafran to discuss the displaced. "


def _points(text: str) -> list[tuple[str, str, int, str]]:
    return [(e.event_type, e.location, e.geo_precision, e.event_date) for e in article_events(Article("t", text, DAY))]


@pytest.mark.parametrize("text", [
    VISIT_AR + "وقتل ثلاثة مدنيين أمس في قصف استهدف أحياء المدينة.",
    VISIT_AR + "وسقطت أمس قذائف على وسط البلدة وقتلت ثلاثة مدنيين.",
    VISIT_EN + "Three civilians were killed yesterday when shells hit the city.",
    "Une délégation gouvernementale est arrivée à Yafran. Trois civils ont été tués hier par des obus tombés sur "
    "la ville.",
])
def test_the_city_is_the_city_named_before(text: str) -> None:
    assert _points(text) == [("Explosions/Remote violence", "Yefren", 1, "2019-05-09")]


def test_a_foreign_city_taken_up_keeps_the_incident_abroad() -> None:
    assert _points("وصل وفد حكومي إلى تونس لبحث أوضاع النازحين. وقتل ثلاثة مدنيين أمس في انفجار هز المدينة.") == []


@pytest.mark.parametrize("text", [
    VISIT_AR + "وقتل ثلاثة مدنيين أمس في قصف.",  # no "the city" at all
    VISIT_EN + "Three civilians were killed yesterday when shells hit the city hall.",  # a building, not the city
    # named too far back: the story has moved on
    VISIT_AR + "وناقش الوفد ملفات الخدمات والتعليم والصحة مع المسؤولين المحليين في اجتماع مطول. " * 20
    + "وقتل ثلاثة مدنيين أمس في قصف استهدف أحياء المدينة.",
])
def test_without_a_close_antecedent_the_short_reports_place_stands_in_loosely(text: str) -> None:
    assert [p for _, _, p, _ in _points(text)] == [3]


@pytest.mark.parametrize(("text", "anaphor"), [
    ("في المدينة", True), ("بالمدينة", True), ("للمدينة", True), ("تلك المدينة الساحلية", True),
    ("داخل المدينة", True), ("the city", True), ("that town", True), ("la ville", True),
    ("المدينة القديمة", False), ("المدينة الرياضية", False), ("المدينة الليبية الوحيدة", False),
    ("مدينة", False), ("the city of", False), ("the city council", False), ("la ville de", False),
])
def test_what_counts_as_the_city(text: str, anaphor: bool) -> None:
    assert bool(_CITY_ANAPHOR.search(fold(" " + text + " "))) is anaphor
