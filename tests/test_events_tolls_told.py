"""Tolls and days as reports tell them (issue 13), each rule with its own sentences and its non-events.

- A toll update ("ارتفعت حصيلة ... إلى 12", "the death toll rose to") or a figure "according to" an agency
  is dated the day it was told: it fuses with the incident it counts, which keeps its own day.
- "في أغسطس من العام الماضي", "in August last year": last year's month, so background.
- A toll "since then" (منذ ذلك الحين) goes on with the incident; a toll since a siege or a war began, or a war's
  toll so far, is a statistic wherever "since" stands in the clause.
- One sentence's dead are counted once, however many events its clauses make.
- An estimate ("may have been killed") and a French threat or plan (allait, menacé de) is no incident.
- An institution that speaks ("the Yafran Central Hospital said", "Tripoli says") and a government's seat
  ("قوات حكومة الوفاق في طرابلس") are not where anything happened.
- The fighting that a takeover came after ("بعد معارك استمرت أشهرا") is the takeover's, not a second event.
Sentences written for these tests.
"""

from __future__ import annotations

from datetime import date

import pytest

from gazetteer.normalize import fold
from geo.article import Article
from geo.events import article_events
from geo.events.dates import find_dates
from geo.events.model import DEFAULT_MIN_CONFIDENCE

DAY = "2019-05-10"  # a Friday


def _shown(text: str, day: str = DAY) -> list:
    return [e for e in article_events(Article("t", text, day)) if e.confidence >= DEFAULT_MIN_CONFIDENCE]


@pytest.mark.parametrize("text", [
    "ارتفعت حصيلة الاشتباكات في يفرن إلى 12 قتيلا وفق ما أعلنت وزارة الصحة اليوم الجمعة.\n"
    "واندلعت الاشتباكات مساء الثلاثاء بين مجموعتين مسلحتين في وسط يفرن.",
    "The death toll from the clashes in Yafran rose to 12 on Friday, according to the health ministry.\n"
    "The clashes broke out on Tuesday evening between two armed groups in central Yafran.",
])
def test_a_toll_update_counts_the_incident_told_after_it(text: str) -> None:
    assert [(e.event_type, e.event_date, e.fatalities) for e in _shown(text)] == [("Battles", "2019-05-07", 12)]


@pytest.mark.parametrize(("text", "want"), [
    ("شهدت يفرن في أغسطس من العام الماضي اشتباكات", ("2018-08-01", 3)),
    ("clashes in Yafran in August last year", ("2018-08-01", 3)),
    ("des combats à Yafran en août de l'année dernière", ("2018-08-01", 3)),
    ("في أغسطس 2018", ("2018-08-01", 3)),
])
def test_a_month_of_last_year(text: str, want: tuple[str, int]) -> None:
    assert [(h.value.isoformat(), h.precision) for h in find_dates(" " + fold(text) + " ", date(2019, 8, 20), 1)] \
        == [want]


def test_last_years_clashes_are_background() -> None:
    text = "وكانت يفرن قد شهدت في أغسطس من العام الماضي اشتباكات دامية أسفرت عن مقتل 20 شخصا."
    assert _shown(text, "2019-08-20") == []


@pytest.mark.parametrize(("text", "dead"), [
    ("هاجم مسلحون يوم الثلاثاء نقطة تفتيش قرب يفرن فقتلوا خمسة جنود. وقتل جنديان آخران عندما وصلت تعزيزات، "
     "واختفى ثلاثة آخرون منذ ذلك الحين.", 7),
    ("Gunmen attacked a checkpoint near Yafran on Tuesday, killing five soldiers. Two more soldiers were killed "
     "when reinforcements arrived, and three have been missing since then.", 7),
])
def test_a_toll_since_then_goes_on_with_the_incident(text: str, dead: int) -> None:
    assert sum(e.fatalities for e in _shown(text)) == dead


@pytest.mark.parametrize("text", [
    "قصفت القوات يوم الثلاثاء أحياء في يفرن. ويقول مسعفون إن أكثر من 500 شخص قتلوا في المدينة منذ بدء الحصار.",
    "Forces shelled districts of Yafran on Tuesday. Medics say more than 500 people have been killed there since "
    "the siege began.",
    "Forces shelled districts of Yafran on Tuesday. Aid groups say more than 500 people may have been killed in "
    "the town.",
])
def test_a_sieges_toll_is_no_incidents(text: str) -> None:
    assert [e.fatalities for e in _shown(text)] == [0]


def test_one_sentences_dead_are_counted_once() -> None:
    text = ("قال متحدث عسكري إن 40 شخصا قتلوا يوم الثلاثاء في هجوم شنه مسلحون على قاعدة عسكرية قرب يفرن، "
            "أعدم بعضهم ميدانيا.")
    assert sum(e.fatalities for e in _shown(text)) == 40


@pytest.mark.parametrize("text", [
    "Le chef des forces de Haftar avait prévenu mardi qu'il allait intensifier ses frappes aériennes sur Yafran.",
    "Les forces du GNA ont menacé mardi de bombarder les positions de Haftar à Yafran.",
])
def test_french_threats_and_plans_are_no_incidents(text: str) -> None:
    assert _shown(text) == []


@pytest.mark.parametrize(("text", "place"), [
    ("Three fighters were killed in Tuesday's fighting near Sirte, the Yafran Central Hospital said.", "Sirte"),
    ("Tripoli said on Tuesday that its forces had repelled an attack near Yafran.", "Yefren"),
    ("قال متحدث إن قوات موالية لحكومة الوفاق في طرابلس هاجمت يوم الثلاثاء قاعدة عسكرية قرب يفرن.", "Yefren"),
    ("Forces loyal to the government in Tripoli attacked a military base near Yafran on Tuesday.", "Yefren"),
])
def test_who_speaks_and_where_a_government_sits_are_not_the_place(text: str, place: str) -> None:
    assert [e.location for e in _shown(text)] == [place]


@pytest.mark.parametrize("text", [
    "أعلنت قوات الجيش الثلاثاء السيطرة الكاملة على مدينة يفرن بعد معارك استمرت أشهرا.",
    "Government forces took full control of Yafran on Tuesday after months of fighting.",
])
def test_the_fighting_before_a_takeover_is_the_takeovers(text: str) -> None:
    assert [e.sub_event_type for e in _shown(text)] == ["Government regains territory"]


@pytest.mark.parametrize("text", [
    "اندلعت اشتباكات عنيفة يوم الثلاثاء في يفرن بين الجيش ومسلحين.\n"
    "وأعلنت وزارة الصحة اليوم الجمعة ارتفاع حصيلة قتلى معارك الثلاثاء إلى 14.",
])
def test_a_toll_update_told_after_its_day_word(text: str) -> None:
    assert [(e.event_date, e.fatalities) for e in _shown(text)] == [("2019-05-07", 14)]


@pytest.mark.parametrize(("text", "day"), [
    ("Government forces said Thursday they had retaken Yafran. The assault began on Tuesday morning and the "
     "town fell by the evening.", "2019-05-07"),
    ("Government forces said on Thursday that they had retaken Yafran on Tuesday.", "2019-05-07"),
])
def test_a_day_between_said_and_its_clause_is_the_days_of_the_statement(text: str, day: str) -> None:
    assert [e.event_date for e in _shown(text)] == [day]
