"""A dated report that names no place, retold a sentence later with its place (issue 13).

News writing often gives what and when first and where only in the retelling: "officials said four
policemen were killed yesterday when gunmen attacked a patrol." then "a security official said the
gunmen attacked the patrol at the entrance of town X". The retelling is that incident, on its day.
The sentences, places and figures here are written for the rule; none comes from any corpus.
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
