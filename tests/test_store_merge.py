"""When two articles' reports are one event (maps.store_merge), on sentences written for these tests."""

from __future__ import annotations

from typing import Any

from maps.store_merge import Report, cluster_reports, quote_terms, same_event, same_sides, same_text


def rep(key: str, article: int, quote: str, **kw: Any) -> Report:
    record = {"event_date": "2021-03-02", "time_precision": 1, "event_type": "Battles", "sub_event_type": "Armed clash",
              "latitude": 32.08, "longitude": 20.09, "x_place_id": "cm:benghazi", "geo_precision": 1,
              "x_actor1_bloc": "LNA", "x_actor2_bloc": None, "x_quote": quote, "doc": f"d{article}", **kw}
    record["x_terms"] = " ".join(sorted(quote_terms([quote])))
    return Report(key=key, article_fid=article, article=("2021-03-02", f"d{article}", key), record=record)


WIRE_A = "قالت مصادر طبية إن ثلاثة مدنيين قتلوا في سقوط قذائف على حي الليثي في بنغازي مساء الإثنين."
WIRE_B = "وقالت مصادر طبية إن ثلاثة من المدنيين قتلوا جراء سقوط قذائف على حي الليثي ببنغازي مساء الإثنين."
OTHER = "وتشهد بنغازي منذ أشهر اشتباكات متقطعة بين الجيش ومجموعات مسلحة في عدة أحياء."


def test_a_reprinted_story_shares_its_wording_and_a_different_sentence_does_not() -> None:
    a, b, c = quote_terms([WIRE_A]), quote_terms([WIRE_B]), quote_terms([OTHER])
    assert same_text(a, b)
    assert not same_text(a, c)
    # clitics and the article do not hide a shared word: ببنغازي and بنغازي, والمدنيين and مدنيين
    assert {"بنغاز", "مدنيي"} <= a & b


def test_same_text_is_one_event_even_without_sides_or_a_precise_place() -> None:
    a = rep("A", 1, WIRE_A, x_actor1_bloc=None, geo_precision=3)
    b = rep("B", 2, WIRE_B, x_actor1_bloc=None, geo_precision=3)
    assert same_event(b, a)
    assert len(cluster_reports([a, b])) == 1


def test_a_shared_city_and_day_alone_does_not_make_one_event() -> None:
    # no side in common (one has none), different words: a background sentence is not the same clash
    a = rep("A", 1, WIRE_A)
    b = rep("B", 2, OTHER, x_actor1_bloc=None)
    assert not same_event(b, a)
    assert len(cluster_reports([a, b])) == 2


def test_a_paraphrase_with_a_side_in_common_at_a_named_place_is_one_event() -> None:
    a = rep("A", 1, "اندلعت اشتباكات عنيفة بين قوات الجيش ومسلحين في حي الصابري وسط بنغازي.")
    b = rep("B", 2, "معارك ضارية يخوضها الجيش في الصابري منذ الصباح.", x_actor2_bloc="BRSC")
    assert same_event(b, a)
    # ... but not when either report is located only by its region
    vague = rep("C", 3, "معارك ضارية يخوضها الجيش في شرق البلاد.", geo_precision=3)
    assert not same_event(vague, a)
    # ... nor when the sub-event types differ (a clash and a territory taken)
    taken = rep("D", 4, "الجيش يسيطر على حي الصابري.", sub_event_type="Government regains territory")
    assert not same_event(taken, a)


def test_two_reports_of_one_article_are_never_joined_by_the_store() -> None:
    a, b = rep("A", 1, WIRE_A), rep("B", 1, WIRE_B)
    assert len(cluster_reports([a, b])) == 2


def test_clustering_does_not_depend_on_the_order_of_the_reports() -> None:
    import itertools

    reports = [rep("A", 1, WIRE_A, geo_precision=2), rep("B", 2, WIRE_B),
               rep("C", 3, "اشتباكات بين الجيش ومسلحين في الليثي", latitude=32.10),
               rep("D", 4, OTHER, x_actor1_bloc=None)]
    shapes = set()
    for order in itertools.permutations(reports):
        shapes.add(frozenset(frozenset(r.key for r in c.reports) for c in cluster_reports(order)))
    assert len(shapes) == 1


# Two articles of one week in one city (sentences written for these tests).
CLASH_BRSC = "اندلعت اشتباكات بين الجيش ومجلس شورى ثوار بنغازي في حي الليثي صباح الثلاثاء."
CLASH_IS = "دارت معارك عنيفة بين قوات الجيش وعناصر داعش قرب مصنع الإسمنت غرب المدينة يوم الثلاثاء."
TOLL = "ارتفعت حصيلة قتلى الجيش في مواجهات الثلاثاء إلى سبعة جنود بحسب مستشفى الجلاء."


def test_the_same_pair_of_sides_at_one_place_on_one_day_is_one_event() -> None:
    a = rep("A", 1, CLASH_BRSC, x_actor2_bloc="BRSC")
    b = rep("B", 2, "الجيش يخوض قتالا ضاريا ضد مجلس الشورى في الليثي.", x_actor2_bloc="BRSC")
    assert same_event(b, a)
    assert len(cluster_reports([a, b])) == 1


def test_a_casualty_follow_up_naming_one_side_joins_the_clash() -> None:
    clash = rep("A", 1, CLASH_BRSC, x_actor2_bloc="BRSC")
    toll = rep("B", 2, TOLL, fatalities=7, geo_precision=2)  # only the army's dead: one side named
    assert same_event(toll, clash)
    assert len(cluster_reports([clash, toll])) == 1


def test_different_pairs_of_sides_in_one_city_are_two_events() -> None:
    # the army against one group, and the army against another: one side in common is not one fight
    a = rep("A", 1, CLASH_BRSC, x_actor2_bloc="BRSC")
    b = rep("B", 2, CLASH_IS, x_actor2_bloc="IS")
    assert not same_event(b, a)
    assert len(cluster_reports([a, b])) == 2
    # ... on adjacent days too (the store groups by day: never one event)
    c = rep("C", 3, CLASH_IS, x_actor2_bloc="IS", event_date="2021-03-03")
    assert len(cluster_reports([a, c])) == 2


def test_a_background_sentence_without_its_own_day_joins_nothing_by_its_sides() -> None:
    clash = rep("A", 1, CLASH_BRSC, x_actor2_bloc="BRSC")
    background = rep("B", 2, "ويخوض الجيش منذ أكثر من عام حربا ضد جماعات متشددة في المدينة.",
                     x_actor2_bloc="BRSC", time_precision=2)
    assert not same_event(background, clash)
    assert len(cluster_reports([clash, background])) == 2


def test_civilians_are_not_a_side_in_common() -> None:
    kw = {"event_type": "Violence against civilians", "sub_event_type": "Attack", "x_actor2_bloc": "CIV"}
    a = rep("A", 1, "قتل مسلحون مجهولون سائق سيارة أجرة في حي السلماني.", x_actor1_bloc="UNKNOWN", **kw)
    b = rep("B", 2, "أعدم عناصر داعش ثلاثة رعاة قرب المدينة.", x_actor1_bloc="IS", **kw)
    assert not same_sides({"unknown", "civ"} - {"unknown"}, {"is", "civ"})
    assert not same_event(b, a)
    assert len(cluster_reports([a, b])) == 2


def test_different_kinds_of_incident_by_different_sides_are_two_events() -> None:
    strike = rep("A", 1, "شن سلاح الجو غارات على مواقع في القوارشة.", event_type="Explosions/Remote violence",
                 sub_event_type="Air/drone strike", x_actor2_bloc="BRSC")
    shelling = rep("B", 2, "سقطت قذائف أطلقها مسلحو الشورى على مطار بنينا.", event_type="Explosions/Remote violence",
                   sub_event_type="Shelling/artillery/missile attack", x_actor1_bloc="BRSC", x_actor2_bloc="LNA")
    assert not same_event(shelling, strike)
    assert len(cluster_reports([strike, shelling])) == 2


def test_same_sides_is_a_pair_or_one_side_of_it() -> None:
    assert same_sides({"lna", "brsc"}, {"brsc", "lna"})
    assert same_sides({"lna"}, {"lna", "brsc"})
    assert not same_sides({"lna", "is"}, {"lna", "brsc"})
    assert not same_sides({"civ"}, {"civ", "lna"})
    assert not same_sides(set(), {"lna"})


def test_reports_known_only_to_the_month_join_by_the_same_pair_only() -> None:
    month = {"event_date": "2021-03-01", "time_precision": 3}
    a = rep("A", 1, CLASH_BRSC, x_actor2_bloc="BRSC", **month)
    b = rep("B", 2, "الجيش يخوض قتالا ضاريا ضد مجلس الشورى في الليثي.", x_actor2_bloc="BRSC", **month)
    toll = rep("C", 3, TOLL, fatalities=7, **month)
    assert same_event(b, a)
    assert not same_event(toll, a)  # a one-sided report within a month: too little to say it is this fight
    # ... and a month-only report never joins a dated one by its sides
    dated = rep("D", 4, "تبادل الطرفان إطلاق النار في المنطقة منذ الفجر.", x_actor2_bloc="BRSC",
                event_date="2021-03-01")
    assert not same_event(dated, b)
