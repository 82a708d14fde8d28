"""Wire reporting beyond the development set's Arabic (issue 13): French (AFP, RFI) class by class, and the
backdrop of a report in any language ("..., as fighting for the town entered its third week", "amid
clashes", "في ظل استمرار المعارك", "وسط اشتباكات"): the fighting around it is not what the clause reports
when it reports a specific act (an air strike, an abduction); a death told amid clashes stays the clashes'.
Sentences written for these tests; each kind has its non-events.
"""

from __future__ import annotations

import pytest

from geo.article import Article
from geo.events import article_events
from geo.events.model import DEFAULT_MIN_CONFIDENCE

DAY = "2019-05-10"  # a Friday: jeudi is 2019-05-09


def _shown(text: str) -> list[tuple[str, str, str, str, int]]:
    return [(e.event_type, e.sub_event_type, e.location, e.event_date, e.fatalities)
            for e in article_events(Article("t", text, DAY)) if e.confidence >= DEFAULT_MIN_CONFIDENCE]


THU = "2019-05-09"


@pytest.mark.parametrize(("text", "want"), [
    ("De violents combats ont repris jeudi à Yafran entre les forces de Haftar et celles du GNA.",
     ("Battles", "Armed clash", 0)),  # fighting resumed: no territory changed hands
    ("Des heurts ont éclaté jeudi soir à Yafran, faisant trois morts.", ("Battles", "Armed clash", 3)),
    ("Les forces du GNA ont repoussé jeudi une attaque près de Yafran, tuant quatre assaillants.",
     ("Battles", "Armed clash", 4)),
    ("Les forces du GNA ont repris jeudi le contrôle de Yafran.", ("Battles", "Government regains territory", 0)),
    ("Une frappe de drone a visé jeudi un convoi près de Yafran, tuant quatre combattants.",
     ("Explosions/Remote violence", "Air/drone strike", 4)),
    ("Deux civils ont été tués jeudi par des tirs de roquettes sur un quartier résidentiel de Yafran.",
     ("Explosions/Remote violence", "Shelling/artillery/missile attack", 2)),
    ("Un kamikaze s'est fait exploser jeudi à un point de contrôle à Yafran, tuant cinq policiers.",
     ("Explosions/Remote violence", "Suicide bomb", 5)),
    ("Un engin explosif a explosé jeudi au passage d'une patrouille à Yafran.",
     ("Explosions/Remote violence", "Remote explosive/landmine/IED", 0)),
    ("Deux travailleurs étrangers ont été enlevés jeudi par des hommes armés à Yafran.",
     ("Violence against civilians", "Abduction/forced disappearance", 0)),
    ("Des centaines de personnes ont manifesté jeudi à Yafran contre la coupure d'électricité.",
     ("Protests", "Peaceful protest", 0)),
])
def test_french_reports(text: str, want: tuple[str, str, int]) -> None:
    et, sub, dead = want
    assert _shown(text) == [(et, sub, "Yefren", THU, dead)]


@pytest.mark.parametrize("text", [
    "Les forces du GNA ont repris jeudi soir l'aéroport de Yafran.",
    "Les forces de Haftar ont pris jeudi la ville de Yafran.",
    "Les forces du GNA ont pris jeudi les positions de Haftar à Yafran.",
])
def test_french_taking_with_a_day_between_the_verb_and_what_was_taken(text: str) -> None:
    assert [sub for _, sub, _, _, _ in _shown(text)] == ["Government regains territory"]


def test_french_forces_from_a_town_fight_where_they_arrive() -> None:
    text = "Des combattants venus de Misrata ont attaqué jeudi les positions de Haftar à Yafran."
    assert [loc for _, _, loc, _, _ in _shown(text)] == ["Yefren"]


@pytest.mark.parametrize("text", [
    "Le GNA a menacé jeudi de lancer une offensive sur Yafran si les forces de Haftar ne se retirent pas.",
    "En 2014, des combats avaient détruit une partie de Yafran.",
    "Les pourparlers doivent reprendre la semaine prochaine à Genève.",
    "La guerre a fait plus de 1.000 morts depuis avril, selon l'OMS.",
    "Le ministre a signé jeudi un décret sur les salaires des fonctionnaires à Yafran.",
    "Yafran, située à 100 km au sud-ouest de Tripoli, est une ville berbère du djebel Nefoussa.",
    "Les forces de Haftar ont démenti jeudi avoir bombardé Yafran.",
    "Le tribunal de Yafran a prononcé jeudi la peine de mort contre deux hommes.",
    # (re)prendre without what was taken: resumed, spoke, took a stand
    "Le trafic a repris jeudi à l'aéroport de Yafran.",
    "Les cours ont repris jeudi dans les écoles de Yafran.",
    "Le maire a pris la parole jeudi à Yafran.",
    "Les forces ont pris position jeudi autour de Yafran.",
])
def test_french_non_events(text: str) -> None:
    assert _shown(text) == []


@pytest.mark.parametrize(("text", "sub"), [
    ("Haftar's forces carried out an air strike on Thursday on a camp in Yafran, residents said, as fighting for "
     "the town entered its third week.", "Air/drone strike"),
    ("A drone struck a convoy near Yafran on Thursday amid heavy clashes in the area.", "Air/drone strike"),
    ("قصفت طائرة مسيرة الخميس رتلا قرب يفرن في ظل استمرار المعارك في المنطقة.", "Air/drone strike"),
    ("اختطف مسلحون الخميس ناشطا في يفرن وسط اشتباكات متقطعة في المدينة.", "Abduction/forced disappearance"),
    ("Une frappe aérienne a visé jeudi un dépôt à Yafran, sur fond de combats dans la région.", "Air/drone strike"),
])
def test_the_backdrop_is_not_the_news(text: str, sub: str) -> None:
    assert [s for _, s, _, _, _ in _shown(text)] == [sub]


@pytest.mark.parametrize("text", [
    # no specific act besides the deaths: the clashes are the incident
    "Three civilians were killed in Yafran on Thursday amid clashes between rival groups.",
    "قتل ثلاثة مدنيين الخميس في يفرن وسط اشتباكات بين مجموعات متنافسة.",
    # the fighting is the news; the aircraft are its backdrop
    "Fighting raged in Yafran on Thursday as warplanes circled overhead.",
])
def test_clashes_stay_the_incident_when_nothing_more_specific_is_told(text: str) -> None:
    assert [(et, sub) for et, sub, _, _, _ in _shown(text)] == [("Battles", "Armed clash")]


@pytest.mark.parametrize(("text", "sub"), [
    ("L'Otan a mené dans la nuit de mercredi à jeudi une série de frappes sur Yafran, visant un centre de "
     "commandement.", "Air/drone strike"),
    ("Un obus a frappé jeudi une maison à Yafran.", "Shelling/artillery/missile attack"),
])
def test_french_strikes_in_the_plural_are_from_the_air(text: str, sub: str) -> None:
    assert [s for _, s, _, _, _ in _shown(text)] == [sub]


def test_french_a_year_in_a_since_phrase_dates_a_state_not_the_incident() -> None:
    text = ("La coalition a annoncé jeudi avoir pris le contrôle total de l'aéroport de Yafran, chassant les brigades "
            "qui le tenaient depuis la chute de Kadhafi en 2011.")
    assert [(et, d) for et, _, _, d, _ in _shown(text)] == [("Battles", THU)]


def test_french_strikes_of_a_past_year_are_background() -> None:
    assert _shown("En 2014, des frappes avaient détruit une partie de Yafran.") == []
