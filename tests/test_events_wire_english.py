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


# --- where statements are made, forces come from, towns are entered, and what protesters protest ----------

@pytest.mark.parametrize("text", [
    "قال المتحدث في مؤتمر صحفي في طرابلس إن قائد المجموعة قتل الخميس خلال تبادل لإطلاق النار.",
    "The spokesman told reporters in Tripoli that the commander was killed on Thursday in an exchange of fire.",
])
def test_where_a_statement_was_made_never_stands_in(text: str) -> None:
    assert all(loc != "Tripoli" for _, loc, _ in _shown(text))


def test_forces_from_the_town_of_x_come_from_x() -> None:
    text = "أعلنت قوات الوفاق أن وحدات قادمة من مدينة مصراتة استعادت الخميس بلدة يفرن."
    assert [loc for _, loc, _ in _shown(text)] == ["Yefren"]


@pytest.mark.parametrize("text", [
    "أعلنت قوات الوفاق الخميس دخولها مدينة يفرن بعد انسحاب قوات حفتر.",
    "Government forces entered Yafran on Thursday after Haftar's forces withdrew.",
])
def test_entering_a_town_is_taking_it(text: str) -> None:
    assert [(sub, loc) for sub, loc, _ in _shown(text)][:1] == [("Government regains territory", "Yefren")]


@pytest.mark.parametrize("text", [
    "دخلت الهدنة في يفرن حيز التنفيذ الخميس.",
    "شددت الحكومة الخميس على رفض دخول السفن المياه الإقليمية قرب يفرن.",
    "The ceasefire in Yafran entered into force on Thursday.",
])
def test_entering_nothing_or_into_force_is_no_takeover(text: str) -> None:
    assert _shown(text) == []


@pytest.mark.parametrize("text", [
    "نظم العشرات من أهالي يفرن الخميس وقفة احتجاجية رفضا لقصف الأحياء السكنية.",
    "Dozens of residents of Yafran protested on Thursday against the shelling of residential districts.",
    "Des dizaines d'habitants de Yafran ont manifesté jeudi contre les bombardements.",
])
def test_what_protesters_protest_is_not_a_second_event(text: str) -> None:
    assert [sub for sub, _, _ in _shown(text)] == ["Peaceful protest"]


def test_shelling_that_kills_protesters_is_the_shelling() -> None:
    text = "Shelling killed three protesters in Yafran on Thursday."
    assert [sub for sub, _, _ in _shown(text)] == ["Shelling/artillery/missile attack"]


def test_an_institution_that_speaks_is_not_the_place() -> None:
    text = "Three fighters were killed in Thursday's fighting in Sirte, the Yafran Central Hospital said."
    assert [loc for _, loc, _ in _shown(text)] == ["Sirte"]


def test_a_hospital_that_speaks_of_fighting_elsewhere_gives_no_point() -> None:
    text = ("Government forces pressed on in Sirte on Monday. Three fighters were killed in Monday's fighting, the "
            "Yafran Central Hospital said.")
    assert all(loc != "Yafran Central Hospital" for _, loc, _ in _shown(text))


@pytest.mark.parametrize("text", [
    "قتل 15 شخصا الخميس في اشتباكات في يفرن. وقالت مصادر طبية إن القتلى سقطوا في اشتباكات في أحياء المدينة حيث انضم "
    "شبان مسلحون من سكان الأحياء إلى قوات الجيش.",
    "Fifteen people were killed in clashes in Yafran on Thursday, where armed young residents joined the army "
    "against the militants.",
])
def test_residents_in_clashes_do_not_make_them_an_attack_on_civilians(text: str) -> None:
    assert {sub for sub, _, _ in _shown(text)} == {"Armed clash"}


@pytest.mark.parametrize("text", [
    "أعلنت قوات الجيش مساء الخميس السيطرة الكاملة على مدينة يفرن، بعد معارك استمرت عدة أيام.",
    "Government forces took full control of Yafran on Thursday evening, after days of fighting.",
])
def test_the_fighting_a_takeover_came_after_in_its_own_clause(text: str) -> None:
    assert [sub for sub, _, _ in _shown(text)] == ["Government regains territory"]


@pytest.mark.parametrize("text", [
    "نظم العشرات من أهالي يفرن الخميس وقفة احتجاجية أمام مقر المجلس البلدي، رفضا لما وصفوه بقصف المدينة "
    "واستعمال الطيران.",
    "Residents of Yafran rallied on Thursday, denouncing what they called the shelling of the town by drones.",
])
def test_a_grievance_in_the_next_clause_is_the_protests_cause(text: str) -> None:
    assert [sub for sub, _, _ in _shown(text)] == ["Peaceful protest"]


def test_a_civilian_named_is_no_side_of_a_takeover() -> None:
    # المدني is also a surname: ground is taken from armed men, so no civilian actor2 and no attack on civilians
    text = "وقال المتحدث عبد الله المدني إن القوات دخلت يفرن الخميس من ثلاثة محاور."
    assert [(e.event_type, e.actor2_bloc) for e in article_events(Article("t", text, DAY))
            if e.confidence >= DEFAULT_MIN_CONFIDENCE] == [("Battles", "")]


@pytest.mark.parametrize("text", [
    "وطوت السيطرة على يفرن صفحة هجوم على المنطقة استمر 14 شهرا.",
    "The capture of Yafran ended an offensive that lasted 14 months.",
    "It was the end of a 14-month offensive on the region.",
])
def test_a_campaign_summed_up_by_its_length_is_no_incident(text: str) -> None:
    assert _shown(text) == []


def test_where_withdrawing_fighters_went_is_not_where_ground_changed_hands() -> None:
    text = "أعلنت قوات الجيش الخميس دخولها مدينة يفرن، بعد انسحاب المسلحين منها باتجاه مزدة."
    assert [loc for _, loc, _ in _shown(text)] == ["Yefren"]


def test_an_operations_room_named_after_a_town_is_a_unit_not_an_event() -> None:
    text = "قالت غرفة عمليات تحرير يفرن إن طائرات مسيرة قصفت الخميس رتلا قرب مزدة."
    assert [(sub, loc) for sub, loc, _ in _shown(text)] == [("Air/drone strike", "Mizda")]


def test_a_town_before_brigade_is_a_units_name() -> None:
    text = ("Fierce fighting was reported on Thursday in the district, involving the 101 infantry brigade and the "
            "7 Yafran brigade.")
    assert all(loc != "Yefren" for _, loc, _ in _shown(text))


@pytest.mark.parametrize("text", [
    "An IS commander was killed on Thursday in an air strike that targeted his house in Yafran.",
    "Ansar al-Sharia positions in Yafran were hit by an air strike on Thursday.",
])
def test_groups_that_fly_no_aircraft_are_the_targets_of_air_strikes(text: str) -> None:
    (e,) = [e for e in article_events(Article("t", text, DAY)) if e.confidence >= DEFAULT_MIN_CONFIDENCE]
    assert e.sub_event_type == "Air/drone strike" and e.actor2_bloc in ("IS", "ANSAR") and e.actor1_bloc != "CIV"


def test_a_house_struck_with_a_named_fighter_killed_is_no_attack_on_civilians() -> None:
    text = "An IS commander was killed on Thursday in an air strike that targeted his house in Yafran."
    assert all(e.actor2_bloc != "CIV" for e in article_events(Article("t", text, DAY)))


@pytest.mark.parametrize("text", [
    "وشهدت مدينة يفرن خروج عدد من المتظاهرين يوم الخميس ورددوا شعارات، وقامت قوات الأمن بتفريق التظاهرة.",
    "Dozens of people protested in Yafran on Thursday; security forces dispersed the protest.",
])
def test_a_protest_broken_up_in_the_next_clause_is_a_protest_with_intervention(text: str) -> None:
    assert [sub for sub, _, _ in _shown(text)] == ["Protest with intervention"]


@pytest.mark.parametrize(("text", "day", "want"), [
    ("On 22 June, Bunyan Marsous fighters overran IS positions in Sirte.", "2016-06-22", ("GNA", "IS")),
    ("On 3 May, LNA forces shelled GNA positions in Ain Zara.", "2020-05-03", ("LNA", "GNA")),
])
def test_a_date_after_on_leaves_the_subject_the_subject(text: str, day: str, want: tuple[str, str]) -> None:
    (e,) = [e for e in article_events(Article("t", text, day)) if e.confidence >= DEFAULT_MIN_CONFIDENCE]
    assert (e.actor1_bloc, e.actor2_bloc) == want
