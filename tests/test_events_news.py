"""Is it news? Sentences written for these rules (issue 13), Arabic and English, none from any corpus.

Non-events: background and history, statistics over a period, threats, plans, calls and warnings,
denials, statements and diplomacy, descriptions of places and groups. Events: specific recent
incidents, dated by the text or by the article, with their place, type, date and fatalities. Each
non-event must give no event at the default --min-confidence; each event must be there at it.
"""

from __future__ import annotations

import pytest

from geo.article import Article
from geo.events import article_events
from geo.events.model import DEFAULT_MIN_CONFIDENCE

DAY = "2019-05-10"  # a Friday


def _events(text: str, day: str = DAY) -> list:
    return [e for e in article_events(Article("t", text, day)) if e.confidence >= DEFAULT_MIN_CONFIDENCE]


NON_EVENTS = [
    # background and history
    "وتشهد مدينة بنغازي اشتباكات متقطعة منذ عام 2014 بين الجيش والجماعات المتشددة.",
    "وكانت قوات فجر ليبيا قد سيطرت على العاصمة طرابلس في صيف عام 2014.",
    "وقتل القذافي في مدينة سرت في أكتوبر 2011 على يد الثوار.",
    "وسبق أن شهدت مدينة مصراتة معارك عنيفة خلال الثورة.",
    "ويحيي أهالي الزاوية الذكرى الثامنة لمعركة المدينة التي قتل فيها العشرات.",
    "وشن الطيران قصفا على مدينة درنة العام الماضي أوقع عدة قتلى.",
    "Militias have clashed in Tripoli repeatedly since 2011, killing hundreds.",
    "Sirte fell to the Islamic State in 2015 and was retaken a year later.",
    "The city was shelled heavily last year, residents recall.",
    "Years ago, gunmen stormed the oil field near Ubari.",
    # statistics over a period
    "وقالت البعثة إن 150 مدنيا قتلوا في ليبيا خلال الأشهر الستة الماضية.",
    "واستقبل مستشفى مصراتة منذ بداية العام جثث 40 مقاتلا قتلوا في محاور القتال.",
    "At least 300 people have been killed in the fighting around Tripoli since the start of the offensive.",
    "Over the past months, air strikes on Gharyan killed dozens, the report says.",
    "وقتل 30 جنديا، وأصيب العشرات، في المعارك الدائرة في مدينة بنغازي منذ بداية الشهر الجاري.",
    "Some 30 soldiers were killed, medics said, in the fighting in Benghazi over the past months.",
    # threats, plans, calls, warnings, hypotheticals
    "وهدد المتحدث باسم الجيش بقصف مطار معيتيقة إذا استمرت الرحلات العسكرية.",
    "وتعتزم القوات التقدم نحو مدينة سرت خلال الأيام المقبلة.",
    "ودعا المجلس البلدي إلى وقف الاشتباكات في ترهونة فورا.",
    "وحذر مسؤولون من هجوم محتمل على مدينة غريان.",
    "وطالب النواب بسحب المجموعات المسلحة من طرابلس.",
    "The commander threatened to storm Misrata within days.",
    "The army plans to launch an offensive on Sirte next week.",
    "The UN envoy called for an immediate halt to the fighting in Tripoli.",
    "Officials warned that Islamic State could attack oil facilities near Brega.",
    "If the talks fail, forces will advance on the capital, he said.",
    # denials and negation
    "ونفى المتحدث باسم القوة وقوع أي اشتباكات في مدينة الزاوية.",
    "ولم تسجل أي اشتباكات في محيط مطار طرابلس الدولي.",
    "The ministry denied that its forces had shelled Gharyan.",
    "No clashes were reported in Sabha overnight, residents said.",
    # statements and diplomacy
    "وأعربت البعثة الأممية عن قلقها البالغ إزاء تجدد الاشتباكات في مدينة سبها.",
    "وأدان المجلس الرئاسي بشدة استهداف المدنيين في طرابلس.",
    "وناقش الوزير مع السفير الإيطالي الأوضاع الأمنية في مدينة مصراتة.",
    "The EU expressed concern over the clashes in Tripoli.",
    "وناقش الوزراء، أمس، في اجتماعهم، الاتفاق السياسي الموقع في الصخيرات وسبل تنفيذه في طرابلس.",
    "The foreign ministry condemned the attacks on civilians in Benghazi.",
    # descriptions of places and groups
    "وتقع مدينة سرت التي سيطر عليها تنظيم داعش على ساحل خليج سرت.",
    "وتعد درنة معقلا للجماعات المتشددة في شرق البلاد منذ سنوات.",
    "The town, which the militia has controlled for years, lies south of Tripoli.",
    # analysis and opinion
    "ويرى محللون أن المعارك في طرابلس قد تستمر أشهرا.",
    "Analysts believe the fighting around Tripoli could drag on for months.",
    # aims, not takeovers
    "وأطلق الجيش عملية عسكرية لتحرير المدينة من المجموعات المسلحة.",
    "وتأتي الغارات في إطار محاولات القوات إحكام سيطرتها على المنطقة.",
    # accidents and courts
    "وقتل ثلاثة أشخاص في حادث سير على الطريق الساحلي قرب الخمس.",
    "وأصدرت المحكمة حكما بإعدام خمسة متهمين في طرابلس.",
]


@pytest.mark.parametrize("text", NON_EVENTS)
def test_not_news(text: str) -> None:
    got = _events(text)
    assert got == [], [(e.event_type, e.location, e.event_date, round(e.confidence, 2)) for e in got]


# (text, event_type, place name, event date)
EVENTS = [
    ("قتل ثلاثة مدنيين أمس في قصف عشوائي استهدف حي أبوسليم في طرابلس.",
     "Explosions/Remote violence", "Abu Salim", "2019-05-09"),
    ("اندلعت اشتباكات عنيفة صباح اليوم بين قوات الوفاق وقوات حفتر في محيط مدينة غريان.",
     "Battles", "Gharyan", "2019-05-10"),
    ("شنت طائرات حربية يوم الأربعاء غارات على مواقع في مدينة سرت.",
     "Explosions/Remote violence", "Sirte", "2019-05-08"),
    ("أعلن الجيش الوطني الليبي أمس سيطرته على مدينة غريان بعد معارك عنيفة.",
     "Battles", "Gharyan", "2019-05-09"),
    ("اختطف مسلحون مجهولون أمس الخميس صحفيا في مدينة الزاوية.",
     "Violence against civilians", "Zawiya", "2019-05-09"),
    ("انفجرت سيارة مفخخة مساء أمس قرب مقر أمني في مدينة بنغازي.",
     "Explosions/Remote violence", "Benghazi", "2019-05-09"),
    ("تظاهر مئات من سكان مدينة مصراتة أمس احتجاجا على انقطاع الكهرباء.",
     "Protests", "Misrata", "2019-05-09"),
    ("قصفت المدفعية فجر اليوم أحياء سكنية في ترهونة.",
     "Explosions/Remote violence", "Tarhuna", "2019-05-10"),
    ("قتل جنديان وأصيب خمسة آخرون أمس في هجوم لتنظيم داعش على بوابة أمنية قرب سبها.",
     "Battles", "Sabha", "2019-05-09"),
    ("استهدفت طائرة مسيرة ليل الثلاثاء مخزنا للذخيرة في مدينة الجفرة.",
     "Explosions/Remote violence", "Jufra", "2019-05-07"),
    ("Fighters loyal to the GNA clashed with LNA forces south of Tripoli on Thursday.",
     "Battles", "near Tripoli", "2019-05-09"),
    ("An air strike hit a field hospital in Gharyan yesterday, killing two medics.",
     "Explosions/Remote violence", "Gharyan", "2019-05-09"),
    ("Gunmen abducted a local council member in Zawiya on Wednesday.",
     "Violence against civilians", "Zawiya", "2019-05-08"),
    ("Hundreds of protesters rallied in Misrata yesterday against the offensive.",
     "Protests", "Misrata", "2019-05-09"),
    ("A car bomb exploded near a checkpoint in Benghazi on Tuesday night, killing three soldiers.",
     "Explosions/Remote violence", "Benghazi", "2019-05-07"),
    ("LNA forces took control of Gharyan on Thursday after heavy fighting.",
     "Battles", "Gharyan", "2019-05-09"),
    ("اشتبكت مجموعتان مسلحتان مساء أمس في منطقة جنزور غرب طرابلس.", "Battles", "Janzour", "2019-05-09"),
    ("تظاهر العشرات اليوم أمام مقر الحكومة في مدينة البيضاء.", "Protests", "Al-Bayda", "2019-05-10"),
    ("Clashes broke out in Zawiya yesterday between rival militias.", "Battles", "Zawiya", "2019-05-09"),
    ("Shells fell on a residential area of Tarhuna on Wednesday, killing a woman.",
     "Explosions/Remote violence", "Tarhuna", "2019-05-08"),
]


@pytest.mark.parametrize(("text", "event_type", "place", "day"), EVENTS)
def test_news(text: str, event_type: str, place: str, day: str) -> None:
    got = _events(text)
    hits = [e for e in got if e.event_type == event_type and e.location == place and e.event_date == day]
    assert hits, [(e.event_type, e.location, e.event_date, round(e.confidence, 2)) for e in got]


def test_follow_up_clauses_enrich_one_event() -> None:
    """The clash, its toll and a quote about it are one event, not three."""
    text = ("اندلعت اشتباكات عنيفة أمس بين قوات الوفاق وقوات حفتر في مدينة غريان. "
            "وأسفرت الاشتباكات عن مقتل أربعة مقاتلين. "
            "وقال مصدر عسكري إن الاشتباكات استمرت حتى ساعات الليل في غريان.")
    battles = [e for e in _events(text) if e.event_type == "Battles"]
    assert len(battles) == 1 and battles[0].fatalities == 4 and len(battles[0].quotes) >= 2


def test_strike_on_two_towns_is_two_events() -> None:
    text = "شنت طائرات حربية أمس غارات على مدينتي سرت ومصراتة."
    places = {e.location for e in _events(text) if e.event_type == "Explosions/Remote violence"}
    assert {"Sirte", "Misrata"} <= places


@pytest.mark.parametrize(("text", "fatalities"), [
    ("قتل خمسة مدنيين أمس في قصف على سبها التي تبعد 750 كيلومترا جنوب طرابلس.", 5),
    ("قتل مسلحون أمس شابا في العشرين من عمره في مدينة الزاوية.", 1),
    ("أصيب 12 شخصا أمس في اشتباكات بمدينة الزاوية دون سقوط قتلى.", 0),
    ("Clashes in Zawiya yesterday killed four people and wounded 15.", 4),
    ("A rocket hit a house in Tripoli on Wednesday, 20 km from the front, killing two children.", 2),
    ("ارتفعت حصيلة قتلى الاشتباكات التي اندلعت أمس في غريان إلى 11 قتيلا.", 11),
])
def test_fatalities_count_people_only(text: str, fatalities: int) -> None:
    got = _events(text)
    assert got and max(e.fatalities for e in got) == fatalities, [(e.event_type, e.fatalities) for e in got]


def test_description_of_where_a_place_lies_is_not_the_location() -> None:
    text = "قتل ثلاثة مدنيين أمس في قصف على مدينة سبها، التي تبعد 750 كيلومترا جنوب طرابلس."
    got = _events(text)
    assert got and all(e.location == "Sabha" and e.geo_precision == 1 for e in got)


@pytest.mark.parametrize(("text", "day", "want"), [
    ("قتل جندي اليوم الجمعة في اشتباكات في مدينة غريان.", "2019-05-11", "2019-05-10"),  # weekday wins
    ("اندلعت اشتباكات أمس الأول الخميس في مدينة غريان.", "2019-05-11", "2019-05-09"),
    ("هاجم مسلحون الجمعة الماضي بوابة أمنية في مدينة سبها.", "2019-05-15", "2019-05-10"),
    ("Gunmen stormed a checkpoint in Sabha on Tuesday night.", "2019-05-10", "2019-05-07"),
])
def test_weekday_beats_relative_words(text: str, day: str, want: str) -> None:
    got = _events(text, day)
    assert got and got[0].event_date == want, [(e.event_type, e.event_date) for e in got]


@pytest.mark.parametrize(("text", "day", "side1", "side2"), [
    # 2015: the recognised government's forces were Haftar's (Dignity); Benghazi's Islamists the BRSC.
    ("اندلعت اشتباكات أمس بين قوات موالية للحكومة المعترف بها دوليا ومقاتلين إسلاميين في مدينة بنغازي.",
     "2015-06-10", "LNA", "BRSC"),
    # 2019: the recognised government was the GNA.
    ("اندلعت اشتباكات أمس بين قوات موالية للحكومة المعترف بها دوليا وقوات حفتر جنوب طرابلس.",
     "2019-05-10", "GNA", "LNA"),
    # 2015: no GNA yet; Dawn held Tripoli.
    ("اندلعت اشتباكات أمس بين قوات فجر ليبيا وقوات الجيش في مدينة ككلة.", "2015-06-10", "DAWN", "LNA"),
    ("اندلعت اشتباكات عنيفة أمس بين مسلحين من قبيلتي التبو والطوارق في مدينة أوباري.", "2015-06-10",
     "TEBU", "TUAREG"),
])
def test_sides_of_the_period(text: str, day: str, side1: str, side2: str) -> None:
    got = [e for e in _events(text, day) if e.event_type == "Battles"]
    assert got and {got[0].actor1_bloc, got[0].actor2_bloc} == {side1, side2}, \
        [(e.actor1, e.actor1_bloc, e.actor2, e.actor2_bloc) for e in got]


def test_gna_names_before_march_2016_are_no_actor() -> None:
    got = _events("اندلعت اشتباكات أمس بين قوات حكومة الوفاق الوطني وقوات الجيش في مدينة سرت.", "2015-06-10")
    assert all(e.actor1_bloc != "GNA" and e.actor2_bloc != "GNA" for e in got)


def test_low_confidence_flag() -> None:
    text = "وشهدت المنطقة اشتباكات في مدينة غريان بين الطرفين، وفق مصادر محلية، في ظل غياب أي أرقام عن الضحايا."
    events = article_events(Article("t", text, DAY))
    for e in events:
        assert e.to_record()["x_low_confidence"] is (e.confidence < DEFAULT_MIN_CONFIDENCE)
        assert e.to_record()["x_n_evidence"] == 1


@pytest.mark.parametrize(("text", "count"), [
    ("قتل 5 أشخاص في انفجار سيارة مفخخة", 5),
    ("قالت مصادر طبية إن رجلين قتلا في الاشتباكات", 2),
    ("killed 5 people in a car bomb", 5),
    ("targeted three military vehicles, killing an unknown number of fighters", 10),
    ("دمرت ثلاث آليات عسكرية وقتل جنديان", 2),
    ("قتل شاب يبلغ من العمر 25 عاما", 1),
    ("the blast 300 metres from the gate killed one guard", 1),
])
def test_count_fatalities_in_a_clause(text: str, count: int) -> None:
    from gazetteer.normalize import fold
    from geo.events.fatalities import count_fatalities

    got = count_fatalities(" " + fold(text) + " ")
    assert got is not None and got.count == count, got


def test_ground_clash_and_air_strike_joined_by_wa_are_two_events() -> None:
    text = "اندلعت اشتباكات أمس في مدينة غريان وقصفت طائرات حربية مواقع جنوب المدينة."
    types = {e.event_type for e in _events(text)}
    assert {"Battles", "Explosions/Remote violence"} <= types


@pytest.mark.parametrize(("text", "place"), [
    ("اندلعت اشتباكات أمس في بلدة العزيزية قرب طرابلس.", "Al-Aziziya"),
    ("Clashes broke out yesterday in Aziziya, near Tripoli.", "Al-Aziziya"),
])
def test_a_place_near_which_another_lies_is_not_the_location(text: str, place: str) -> None:
    got = _events(text)
    assert got and {e.location for e in got} == {place}, [(e.location, e.event_type) for e in got]


@pytest.mark.parametrize("text", [
    "انفجرت سيارة ملغومة صباح اليوم قرب مستشفى في مدينة درنة.",
    "انفجرت قنبلة أمس في سوق شعبي بمدينة سبها دون سقوط ضحايا.",
])
def test_explosion_verbs(text: str) -> None:
    assert any(e.event_type == "Explosions/Remote violence" for e in _events(text))


def test_store_counts_articles_not_quotes_as_evidence(tmp_path) -> None:
    """Issue 12: x_n_evidence is the number of articles reporting the event, not of quote rows."""
    from geo.pipeline import analyse
    from maps.store import EventStore, load_analysis

    text = ("اندلعت اشتباكات عنيفة أمس بين قوات الوفاق وقوات حفتر في مدينة غريان. "
            "وأسفرت الاشتباكات عن مقتل أربعة مقاتلين.")
    one = Article("one", text, DAY)
    two = Article("two", "اندلعت اشتباكات أمس بين قوات الوفاق وقوات حفتر في مدينة غريان.", DAY)
    path = tmp_path / "s.gpkg"
    with EventStore(path) as store:
        for a in (one, two):
            analysis = analyse([a], control=False)
            store.ingest(a, analysis.places, analysis.events)
    battles = [e for e in load_analysis(path, control=False).events if e["event_type"] == "Battles"]
    assert len(battles) == 1 and battles[0]["x_n_evidence"] == 2
    assert len(article_events(one)[0].quotes) == 2


def test_sources_and_descriptions_are_no_party() -> None:
    """"ذكر سكان" names who told it; "معقل الجماعات المتطرفة" describes the town."""
    text = "ذكر سكان أن سيارة ملغومة انفجرت أمس في مدينة درنة معقل الجماعات المتطرفة دون سقوط ضحايا."
    got = [e for e in _events(text, "2015-08-10") if e.event_type == "Explosions/Remote violence"]
    assert got and got[0].actor1_bloc == "UNKNOWN" and got[0].actor2_bloc in ("", "UNKNOWN"), \
        [(e.actor1, e.actor2) for e in got]


def test_a_later_clause_names_the_attacker() -> None:
    text = ("لقي ثلاثة عناصر من قوات الوفاق مصرعهم أمس في مدينة سرت، جراء هجوم مباغت شنه عناصر تنظيم داعش "
            "على تمركز للقوات.")
    got = [e for e in _events(text, "2016-08-10") if e.event_type == "Battles"]
    assert got and {got[0].actor1_bloc, got[0].actor2_bloc} == {"GNA", "IS"}, \
        [(e.actor1_bloc, e.actor2_bloc) for e in got]
