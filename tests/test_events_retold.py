"""A dated report that names no place, retold a sentence later with its place (issue 13).

News writing often gives what and when first and where only in the retelling: "officials said four
policemen were killed yesterday when gunmen attacked a patrol." then "a security official said the
gunmen attacked the patrol at the entrance of town X". The retelling is that incident, on its day.
A short report that goes on with "N other soldiers were killed in a blast" tells more of the same
day and place. The sentences, places and figures here are written for the rules; none comes from any corpus.
"""

from __future__ import annotations

from geo.article import Article
from geo.events import article_events
from geo.events.model import DEFAULT_MIN_CONFIDENCE

DAY = "2019-05-10"  # a Friday
POLITICS = ("اختتمت في العاصمة التونسية أمس جولة جديدة من المشاورات بين ممثلي الأطراف السياسية برعاية "
            "المبعوث الدولي، وقال المبعوث إن الحوار مستمر وإن الخلافات ما زالت قائمة حول تشكيل الحكومة "
            "وتوزيع المناصب السيادية، مؤكدا أن جولة أخرى ستعقد الشهر المقبل بمشاركة وفود من الأطراف كافة.\n\n")
PLACELESS = "قال مسؤولون أمنيون إن أربعة من رجال الشرطة قتلوا أمس الخميس عندما هاجم مسلحون دورية للشرطة.\n\n"
RETOLD = "وقال مسؤول أمني إن ثلاثة من رجال الشرطة قتلوا عندما هاجم المسلحون الدورية عند مدخل مدينة غريان.\n"
FILLER = ("وتعاني البلاد منذ سنوات من انقسام سياسي بين حكومتين، وتتنافس الجماعات المسلحة على النفوذ والموارد، "
          "فيما يعاني السكان من انقطاع الكهرباء ونقص السيولة وارتفاع الأسعار في الأسواق المحلية. ") * 3 + "\n\n"


# A long report (no place of its own stands in for a clause that names none): economic news to the end.
TAIL = "\n\n" + ("وأعلن المصرف المركزي عن خطة لتوفير السيولة في المصارف التجارية وخفض أسعار السلع الأساسية "
                  "خلال الأشهر المقبلة، وقال خبراء اقتصاديون إن الخطة تحتاج إلى موارد كبيرة. ") * 14


def _all(text: str) -> list:
    return article_events(Article("t", text + TAIL, DAY))


def _at(text: str, town: str) -> list:
    return [e for e in _all(text) if e.location == town]


def test_the_retelling_that_names_the_place_is_the_dated_report() -> None:
    got = _at(POLITICS + PLACELESS + RETOLD, "Gharyan")
    assert got, [(e.location, e.event_date, e.signals) for e in _all(POLITICS + PLACELESS + RETOLD)]
    assert got[0].event_date == "2019-05-09"
    assert got[0].confidence >= DEFAULT_MIN_CONFIDENCE, got[0].signals
    assert "retells-lead" in got[0].signals


def test_an_english_retelling_takes_the_day_of_the_report() -> None:
    text = ("Talks between the rival parliaments ended in Geneva without agreement, the envoy said, and a new "
            "round is planned for next month with delegations of every side taking part in the negotiations.\n\n"
            "Security officials said four policemen were killed on Thursday when gunmen attacked a patrol.\n\n"
            "A security official said the gunmen attacked the patrol at the entrance of the town of Gharyan.\n")
    got = [e for e in _all(text) if e.location == "Gharyan"]
    assert got and got[0].event_date == "2019-05-09", [(e.location, e.event_date, e.signals) for e in _all(text)]
    assert got[0].confidence >= DEFAULT_MIN_CONFIDENCE


def test_a_place_named_far_below_the_report_is_not_its_retelling() -> None:
    got = _at(POLITICS + PLACELESS + FILLER + RETOLD, "Gharyan")
    assert all("retells-lead" not in e.signals for e in got), [(e.event_date, e.signals) for e in got]


def test_an_incident_of_another_kind_does_not_take_the_reports_day() -> None:
    kidnapped = "قال مسؤولون إن مسلحين خطفوا أمس الخميس موظفين أجنبيين.\n\n"
    protest = "وتظاهر مئات من السكان في مدينة غريان احتجاجا على انقطاع الكهرباء.\n"
    got = _at(POLITICS + kidnapped + protest, "Gharyan")
    assert all("retells-lead" not in e.signals for e in got), [(e.event_type, e.signals) for e in got]


def test_a_report_dated_by_its_own_day_keeps_it() -> None:
    own = "وقال مسؤول أمني إن ثلاثة من رجال الشرطة قتلوا الثلاثاء عندما هاجم مسلحون دورية عند مدخل مدينة غريان.\n"
    got = _at(POLITICS + PLACELESS + own, "Gharyan")
    assert got and got[0].event_date == "2019-05-07", [(e.event_date, e.signals) for e in got]
    assert "retells-lead" not in got[0].signals


# --- "N other soldiers were killed in ...": a short report goes on with more dead -------------------

LEAD = "قال مسعفون إن ستة جنود قتلوا أمس في اشتباكات مع مسلحين في مدينة غريان. "
MORE = "وذكر مصدر عسكري أن ثلاثة جنود آخرين قتلوا في انفجار لغم زرع على طريق فرعي."


def _short(text: str) -> list:
    return [e for e in article_events(Article("t", text, DAY)) if e.event_type == "Explosions/Remote violence"]


def test_other_dead_in_a_blast_go_on_with_the_dated_report() -> None:
    got = _short(LEAD + MORE)
    assert got and got[0].location == "Gharyan" and got[0].event_date == "2019-05-09", \
        [(e.location, e.event_date, e.signals) for e in got]
    assert got[0].confidence >= DEFAULT_MIN_CONFIDENCE and "more-dead" in got[0].signals


def test_other_dead_in_english_go_on_with_the_report() -> None:
    text = ("Medics said six soldiers were killed on Thursday in clashes with gunmen in the town of Gharyan. "
            "A military source said three other soldiers were killed when a landmine exploded on a side road.")
    got = _short(text)
    assert got and got[0].event_date == "2019-05-09" and got[0].confidence >= DEFAULT_MIN_CONFIDENCE, \
        [(e.location, e.event_date, e.confidence, e.signals) for e in got]


def test_a_blast_without_other_dead_is_not_the_reports() -> None:
    plain = "وذكر مصدر عسكري أن ثلاثة جنود قتلوا في انفجار لغم زرع على طريق فرعي."
    assert all(e.confidence < DEFAULT_MIN_CONFIDENCE for e in _short(LEAD + plain)), \
        [(e.confidence, e.signals) for e in _short(LEAD + plain)]


def test_other_dead_after_an_undated_report_stay_unsure() -> None:
    undated = "قال مسعفون إن ستة جنود قتلوا في اشتباكات مع مسلحين في مدينة غريان. "
    assert all("more-dead" not in e.signals for e in _short(undated + MORE))
