"""English and French wire reports as a whole (issue 13): each rule with its own sentences and non-events.

- A comma before while / whereas / but / tandis que / où / qui ont starts a clause of its own: two reports in
  one sentence each find their own place.
- "since the 2011 revolution" after the trigger says how long a state has lasted; the incident is today's.
- "TRIPOLI — " or "طرابلس - " at the head of a report is where it was filed, not where anything happened.
- "the airport", "المطار", "the base", "the port" take up the facility named before; "the town" takes up the
  town named before it, in the same sentence too, but never a place the text named only as "the capital".
- Aircraft named after an English or French verb are what it hit, not what struck.
- "announced the full liberation of X" is a takeover; a force's losses so far are a statistic.
- "a spokesman for the X forces": X speaks, it is not the place.
Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from geo.article import Article
from geo.events import article_events
from geo.events.extract import _dateline_end
from geo.events.model import DEFAULT_MIN_CONFIDENCE

DAY = "2019-05-10"  # a Friday


def _shown(text: str, day: str = DAY) -> list[tuple[str, str, str]]:
    return [(e.sub_event_type, e.location, e.event_date)
            for e in article_events(Article("t", text, day)) if e.confidence >= DEFAULT_MIN_CONFIDENCE]


@pytest.mark.parametrize("text", [
    "Clashes broke out in Yafran on Thursday, while warplanes struck positions in Tarhuna.",
    "Des combats ont éclaté jeudi à Yafran, tandis que des avions de guerre frappaient des positions à Tarhuna.",
])
def test_two_reports_in_one_sentence_keep_their_places(text: str) -> None:
    got = {(sub, loc) for sub, loc, _ in _shown(text)}
    assert got == {("Armed clash", "Yefren"), ("Air/drone strike", "Tarhuna")}


def test_a_state_since_a_past_year_does_not_make_the_incident_background() -> None:
    text = ("Heavy fighting erupted on Thursday around Yafran as rival brigades tried to take the town, which "
            "a local militia has controlled since the 2011 revolution.")
    assert [(sub, day) for sub, _, day in _shown(text)] == [("Armed clash", "2019-05-09")]


def test_a_past_year_that_dates_the_clause_still_does() -> None:
    assert _shown("Heavy fighting erupted around Yafran in 2014, when rival brigades tried to take the town.") == []


@pytest.mark.parametrize(("text", "end"), [
    ("TRIPOLI — Heavy fighting erupted on Thursday.", len("TRIPOLI — ")),
    ("BENGHAZI, Libya — Heavy fighting erupted on Thursday.", len("BENGHAZI, Libya — ")),
    ("طرابلس - قالت وزارة الصحة إن ثلاثة قتلوا.", len("طرابلس - ")),
    ("Tripoli is calm — for now.", 0),
    ("قال مسؤولون - في مصراتة - إن الهجوم وقع فجرا.", 0),
])
def test_bare_datelines(text: str, end: int) -> None:
    assert _dateline_end(text) == end


def test_a_bare_dateline_is_not_where_the_fighting_was() -> None:
    text = "TRIPOLI — Heavy fighting erupted on Thursday around Yafran, residents said."
    assert [loc for _, loc, _ in _shown(text)] == ["Yefren"]


@pytest.mark.parametrize(("text", "place"), [
    ("Mitiga airport reopened on Monday after repairs. On Thursday, rockets slammed into the airport apron, "
     "damaging two aircraft.", "Mitiga Airport"),
    ("أعيد فتح مطار معيتيقة الإثنين بعد إصلاحات. وسقطت صواريخ الخميس على مدرج المطار.", "Mitiga Airport"),
])
def test_the_airport_named_before(text: str, place: str) -> None:
    assert [(sub, loc) for sub, loc, _ in _shown(text)] == [("Shelling/artillery/missile attack", place)]


@pytest.mark.parametrize("text", [
    ("Government forces retook Yafran on Thursday, officials said. A health official in Yafran said the bodies "
     "of 20 fighters had been brought to the town's hospital."),
])
def test_the_town_named_before_it_in_the_sentence(text: str) -> None:
    assert {loc for _, loc, _ in _shown(text)} == {"Yefren"}


def test_the_capital_is_no_antecedent_of_the_town() -> None:
    text = ("Forces loyal to Haftar have besieged Yafran, south of the capital, for a month. On Thursday shells fell "
            "on the town, killing three civilians.")
    assert {loc for _, loc, _ in _shown(text)} == {"Yefren"}


@pytest.mark.parametrize(("text", "sub"), [
    ("Rockets hit Mitiga airport on Thursday, damaging two civilian aircraft.", "Shelling/artillery/missile attack"),
    ("Warplanes struck Mitiga airport on Thursday.", "Air/drone strike"),
    ("قصفت الطائرات مطار معيتيقة الخميس.", "Air/drone strike"),
])
def test_aircraft_after_an_english_verb_are_its_victims(text: str, sub: str) -> None:
    assert [s for s, _, _ in _shown(text)] == [sub]


def test_liberation_is_a_takeover() -> None:
    text = "Government forces announced on Thursday the full liberation of Yafran from the militants."
    assert [s for s, _, _ in _shown(text)] == ["Government regains territory"]


@pytest.mark.parametrize("text", [
    "The operation, drawn mostly from brigades of Misrata, has lost more than 600 fighters.",
    "The coalition has so far lost 300 of its fighters in the campaign.",
])
def test_a_forces_losses_so_far_are_a_statistic(text: str) -> None:
    assert [e.fatalities for e in article_events(Article("t", text, DAY))] == []


def test_a_spokesman_for_the_forces_of_a_town_speaks_for_it() -> None:
    text = "Government forces retook Yafran on Thursday, said a spokesman for the Misrata forces."
    assert [loc for _, loc, _ in _shown(text)] == ["Yefren"]
