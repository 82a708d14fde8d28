"""Reporting from the periods and outlets the development articles do not cover (issue 13).

2011: the rebels (الثوار، rebels, rebelles) are the NTC's side, Gaddafi's loyalists the regime's, NATO's and
France's aircraft foreign forces on the rebels' side; outside 2011 none of these names makes an NTC event.
From 2022: Bashagha's government (GNS) against the GNU, and the Tripoli armed groups of the GNU's side.
Wire English: "Libya's U.N.-backed government", AP's "Hifter". A war's toll so far ("the fighting has killed
700", "la guerre a fait 1.000 morts", "خلفت الحرب ألف قتيل") is a statistic, not an incident; an incident's
toll with the same verbs is not. A gate's name (باب ...) holds no month. A witness's place ("طبيب في
مستشفى X", "an official in X") is not where the incident was. Sentences written for these tests.
"""

from __future__ import annotations

from datetime import date

import pytest

from gazetteer.normalize import fold
from geo.article import Article
from geo.events import article_events
from geo.events.dates import find_dates
from geo.events.model import DEFAULT_MIN_CONFIDENCE


def _shown(text: str, day: str) -> list:
    return [e for e in article_events(Article("t", text, day)) if e.confidence >= DEFAULT_MIN_CONFIDENCE]


def _blocs(text: str, day: str) -> list[tuple[str, str, str]]:
    return [(e.sub_event_type, e.actor1_bloc, e.actor2_bloc) for e in _shown(text, day)]


@pytest.mark.parametrize(("text", "want"), [
    ("قال الثوار إنهم صدوا أمس هجوما لكتائب القذافي على مدخل مدينة الزاوية.", ("Armed clash", "NTC", "REGIME")),
    ("Rebels said they repelled an attack by Gaddafi loyalists on Zawiya yesterday.", ("Armed clash", "NTC", "REGIME")),
    ("شنت طائرات الناتو أمس غارات على مواقع القوات الموالية للقذافي قرب الزاوية.",
     ("Air/drone strike", "FOREIGN", "REGIME")),
    ("French warplanes struck Gaddafi forces near Zawiya yesterday.", ("Air/drone strike", "FOREIGN", "REGIME")),
    ("Les rebelles ont repoussé hier une attaque des forces pro-Kadhafi près de Zawiya.",
     ("Armed clash", "NTC", "REGIME")),
])
def test_2011_sides(text: str, want: tuple[str, str, str]) -> None:
    assert _blocs(text, "2011-06-12") == [want]


def test_the_rebels_of_2011_are_no_side_in_2019() -> None:
    blocs = _blocs("قال الثوار إنهم صدوا أمس هجوما على مدخل مدينة الزاوية.", "2019-06-12")
    assert blocs and all("NTC" not in (a1, a2) for _, a1, a2 in blocs)


@pytest.mark.parametrize(("text", "day", "want"), [
    ("اندلعت أمس اشتباكات في طرابلس بين قوات حكومة الوحدة الوطنية وقوات موالية لحكومة باشاغا.", "2022-08-28",
     {"GNU", "GNS"}),
    ("Forces loyal to Bashagha clashed with the Stability Support Apparatus in Tripoli yesterday.", "2022-08-28",
     {"GNS", "GNU"}),
    ("اشتبك اللواء 444 أمس مع مجموعة مسلحة في ترهونة.", "2022-08-28", {"GNU", "UNKNOWN"}),
    ("اشتبك اللواء 444 أمس مع مجموعة مسلحة في ترهونة.", "2020-06-05", {"GNA", "UNKNOWN"}),
    ("Forces loyal to Libya's U.N.-backed government seized the town of Tarhuna from Hifter's forces on Thursday.",
     "2020-06-06", {"GNA", "LNA"}),
])
def test_sides_after_2016_by_date(text: str, day: str, want: set[str]) -> None:
    (ev,) = _shown(text, day)
    assert {ev.actor1_bloc, ev.actor2_bloc} == want


def test_bashagha_before_his_government_is_no_gns() -> None:
    evs = _shown("قال باشاغا إن قوات الوفاق صدت أمس هجوما في طرابلس.", "2019-06-12")
    assert evs and all("GNS" not in (e.actor1_bloc, e.actor2_bloc) for e in evs)


@pytest.mark.parametrize("text", [
    "The fighting in and around Tripoli has killed nearly 700 people, according to the World Health Organization.",
    "The offensive has left more than 1,000 dead and 120,000 displaced, the U.N. says.",
    "La guerre a fait plus de 1.000 morts depuis avril, selon l'OMS.",
    "وخلفت الحرب على طرابلس أكثر من ألف قتيل بحسب منظمة الصحة العالمية.",
    "والنزاع أودى بحياة أكثر من ألفي شخص في طرابلس وضواحيها.",
])
def test_a_wars_toll_so_far_is_a_statistic(text: str) -> None:
    assert [(e.event_type, e.fatalities) for e in article_events(Article("t", text, "2019-06-12"))] == []


@pytest.mark.parametrize(("text", "dead"), [
    ("Clashes in Tarhuna have killed three people since Tuesday morning, medics said.", 3),
    ("Les combats ont fait trois morts mardi à Tarhuna.", 3),
    ("وخلفت الاشتباكات في ترهونة الثلاثاء ثلاثة قتلى.", 3),
])
def test_an_incidents_toll_with_the_same_verbs_stays(text: str, dead: int) -> None:
    assert [(e.event_type, e.fatalities) for e in _shown(text, "2019-06-12")] == [("Battles", dead)]


@pytest.mark.parametrize(("text", "want"), [
    ("وتركزت الاشتباكات في منطقة باب بن غشير", []),
    ("اشتباكات عند بوابة باب العزيزية", []),
    ("في 3 آب 2022", [("2022-08-03", 1)]),
    ("في آب 2020", [("2020-08-01", 3)]),
])
def test_a_gate_holds_no_month(text: str, want: list[tuple[str, int]]) -> None:
    got = [(h.value.isoformat(), h.precision) for h in find_dates(" " + fold(text) + " ", date(2022, 8, 28), 1)]
    assert got == want


@pytest.mark.parametrize(("text", "place", "precision"), [
    ("قال مسؤول في مصراتة إن قذائف سقطت الثلاثاء على أحياء في سرت وقتلت ثلاثة مدنيين.", "Sirte", 1),
    ("An official in Misrata said shells fell on Sirte on Tuesday, killing three civilians.", "Sirte", 1),
    # nothing else says where: the witness's town, loosely
    ("A doctor at a Tarhuna hospital said six people were killed in Tuesday's fighting.", "Tarhuna", 2),
    ("قال مصدر عسكري في ترهونة إن اشتباكات عنيفة اندلعت الثلاثاء.", "Tarhuna", 2),
])
def test_a_witness_place_is_not_the_incidents(text: str, place: str, precision: int) -> None:
    assert [(e.location, e.geo_precision) for e in _shown(text, "2019-06-12")] == [(place, precision)]
