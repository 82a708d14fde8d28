"""The map payload (maps/mapdata.py), the legend and the timeline panel: what is drawn, and how safely."""

from __future__ import annotations

import json

from maps.legend import legend_html
from maps.mapdata import build_payload, fatalities_text, map_day, slider_days
from maps.styles import halo_radius_m, side_of, type_of
from maps.synthetic import synthetic_analysis
from maps.timeline import bins, timeline_html
from tests.browser.records import XSS_IMG, XSS_SCRIPT, sample_analysis


def _strings(obj: object):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


def test_foreign_and_country_level_records_are_not_drawn() -> None:
    payload = build_payload(sample_analysis())
    assert payload["counts"]["events"] == 4  # the event coded in Ankara is dropped
    assert all(e["pl"] != "Ankara" for e in payload["events"])
    names = {p["n"] for p in payload["places"]}
    assert "Ankara" not in names and "Libya" not in names
    assert payload["counts"]["skipped_foreign"] == 2


def test_places_without_event_exclude_places_that_have_one() -> None:
    analysis = sample_analysis()
    analysis["places"].append({**analysis["places"][2], "place_id": analysis["events"][2]["x_place_id"],
                               "name": "Sirte", "name_ar": "سرت"})
    payload = build_payload(analysis)
    assert "Sirte" not in {p["n"] for p in payload["places"]}
    assert {"Misrata", "Benghazi", "Al-Rajma"} <= {p["n"] for p in payload["places"]}


def test_quotes_are_escaped_with_the_place_highlighted() -> None:
    payload = build_payload(sample_analysis(hostile=True))
    blob = json.dumps(payload, ensure_ascii=False)
    assert XSS_SCRIPT not in blob and XSS_IMG not in blob
    for s in _strings(payload):
        # Only our own markup may appear unescaped in payload strings.
        stripped = s.replace("<mark>", "").replace("</mark>", "")
        if "<" in stripped:
            assert s in (payload.get("legend"),) or "<svg" not in stripped, s
            assert "<script" not in stripped and "<img" not in stripped, s
    quote = payload["quotes"][payload["events"][0]["q"][0][0]][0]
    assert "<mark>بوقرين</mark>" in quote and "&lt;script&gt;alert(1)&lt;/script&gt;" in quote
    assert payload["quotes"][payload["events"][0]["q"][0][0]][1] == 1  # Arabic: drawn right-to-left
    assert all(d["u"] == "" for d in payload["docs"])  # javascript: URLs never become links


def test_dates_precision_and_fatalities() -> None:
    payload = build_payload(sample_analysis())
    # the events' days, then the day of the control picture (its areas hold to 31 January)
    assert payload["dates"] == ["2020-01-14", "2020-01-16", "2020-01-18", "2020-01-20", "2020-01-31"]
    by_place = {e["pl"]: e for e in payload["events"]}
    assert by_place["Abu Qurayn"]["r"] == 0 and by_place["Abu Qurayn"]["f"] == "3 (3–5)"
    assert by_place["Tripoli Airport Road"]["r"] == 15000
    assert by_place["Al-Washka"]["r"] == 60000
    assert halo_radius_m(2, 40) == 40000 and halo_radius_m(1, 40) == 0
    assert fatalities_text({"fatalities": 0}) == "0"


def test_sides_and_types_fall_back_instead_of_passing_free_text() -> None:
    from geo.periods import BLOCS

    assert side_of("Haftar").key == "LNA" and side_of("<b>").key == "UNKNOWN"
    assert type_of("battles").label == "Battles" and type_of("<script>").label == "Other"
    payload = build_payload(sample_analysis())
    by_key = {s["key"]: s for s in payload["sides"]}
    assert by_key["LNA"]["color"] == BLOCS["LNA"].color


def test_control_areas_and_front_lines_are_kept_with_their_style_keys() -> None:
    payload = build_payload(sample_analysis(hostile=True))
    sides = sorted(a["properties"]["side"] for a in payload["areas"])
    assert sides == ["GNA", "LNA", "contested"]
    claimed = [a for a in payload["areas"] if a["properties"]["status"] == "claimed"]
    assert [a["properties"]["side"] for a in claimed] == ["GNA"]
    line = payload["lines"][0]["properties"]
    assert line["date"].startswith("2020-01-20") and "<script" not in line["date"]
    bad = {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[["x", 1]]]}, "properties": {}}
    assert build_payload({"control_areas": [bad]})["areas"] == []


def test_legend_lists_only_what_is_drawn() -> None:
    payload = build_payload(sample_analysis())
    html = legend_html(payload)
    assert "Battles (2)" in html and "Protests" not in html and "Contested (hatched)" in html
    assert "Control" not in legend_html(build_payload({"events": sample_analysis()["events"]}))


def test_timeline_needs_several_dates_and_bins_long_spans_by_week() -> None:
    one_day = [e | {"event_date": "2020-01-14"} for e in sample_analysis()["events"]]
    assert timeline_html(one_day) is None
    html = timeline_html(sample_analysis(hostile=True)["events"])
    assert html is not None and "Events per day" in html and "<script" not in html
    unit, rows, earlier = bins(synthetic_analysis(300, days=400)["events"])
    assert unit == "week" and sum(sum(c.values()) for _, _, c in rows) == 300 and earlier is None


def test_events_recalled_from_years_before_go_into_one_earlier_bar() -> None:
    """A 2015 corpus whose articles also recall 2011 and 2014: the axis stays on the weeks reported."""
    base = sample_analysis()["events"][0]
    days = [f"2015-07-{d:02d}" for d in range(21, 32)] * 3 + ["2015-08-01", "2015-08-11"]
    old = ["2011-02-17", "2014-05-16", "2014-08-23"]
    events = [base | {"event_date": d} for d in days + old]
    unit, rows, earlier = bins(events)
    assert unit == "day" and rows[0][0].isoformat() == "2015-07-21" and rows[-1][1].isoformat() == "2015-08-11"
    assert earlier is not None and sum(earlier[2].values()) == 3 and earlier[0].isoformat() == "2011-02-17"
    html = timeline_html(events)
    assert html is not None and ">earlier</text>" in html and "3 earlier, from 2011-02-17," in html
    assert html.count("<rect") == len([r for r in rows if r[2]]) + 1
    assert 'data-date="2015-07-20"' in html  # clicking it shows everything before the focus


def test_synthetic_events_are_libyan_and_counted() -> None:
    payload = build_payload(synthetic_analysis(500))
    assert payload["counts"]["events"] == 500
    assert all(19 < e["la"] < 34 and 9 < e["lo"] < 26 for e in payload["events"])
    assert len(payload["quotes"]) < 500 and len(payload["docs"]) == 100


def test_place_name_is_marked_from_the_mentions_when_the_event_gives_no_surface() -> None:
    quote = "تحاول قوات حفتر منذ أسابيع السيطرة على بوقرين و الوشكة ."
    ev = sample_analysis()["events"][0]
    for key in ("x_surface", "x_surface_start", "x_surface_end"):
        ev.pop(key)
    ev.update(x_quote=quote, x_start=100, x_location_ar="أبو قرين", x_place_id="curated:abu_qurayn", doc="d")
    k = quote.index("بوقرين")
    place = {"doc": "d", "place_id": "curated:abu_qurayn", "surface": "بوقرين", "start": 100 + k,
             "end": 106 + k, "in_libya": True, "lat": 31.45, "lon": 15.25}
    payload = build_payload({"events": [ev], "places": [place]})
    assert "<mark>بوقرين</mark>" in payload["quotes"][payload["events"][0]["q"][0][0]][0]


def _quote_html(payload: dict, event: int = 0) -> list[str]:
    return [payload["quotes"][qi][0] for qi, _ in payload["events"][event]["q"]]


def test_a_fused_event_shows_every_quote_with_the_place_marked_in_each() -> None:
    """Three articles report the same strike; each names the place its own way (or in the mentions only)."""
    ev = sample_analysis(hostile=True)["events"][2]  # Sirte, doc "seed"
    own = ev["x_quote"]
    second = "قصفت طائرات مسيرة مواقع <b>قوات الوفاق</b> في سرت فجر اليوم ."
    third = "Des frappes aériennes ont visé Syrte selon des sources locales ."
    ev["x_quotes"] = [
        {"doc": "seed", "text": own, "start": 0, "end": len(own)},
        {"doc": "wire-2", "text": second, "start": 40, "end": 40 + len(second)},
        {"doc": "afp-fr", "text": third, "start": 7, "end": 7 + len(third)},
        {"doc": "wire-2", "text": second, "start": 40, "end": 40 + len(second)},  # the same evidence twice
    ]
    k = third.index("Syrte")
    places = [{"doc": "afp-fr", "surface": "Syrte", "start": 7 + k, "end": 12 + k, "place_id": ev["x_place_id"],
               "in_libya": True, "lat": 31.2, "lon": 16.59, "name": "Sirte", "article_title": "Frappes à Syrte",
               "article_source": "AFP"}]
    payload = build_payload({"events": [ev], "places": places})
    html = _quote_html(payload)
    assert len(html) == 3
    assert "<mark>سرت</mark>" in html[0] and "<mark>سرت</mark>" in html[1]
    assert "&lt;b&gt;قوات الوفاق&lt;/b&gt;" in html[1] and "<b>" not in html[1]
    assert "visé <mark>Syrte</mark> selon" in html[2]
    rtl = [payload["quotes"][qi][1] for qi, _ in payload["events"][0]["q"]]
    assert rtl == [1, 1, 0]  # Arabic right-to-left, French left-to-right
    docs = [payload["docs"][ai] for _, ai in payload["events"][0]["q"]]
    assert [d["d"] for d in docs] == ["seed", "wire-2", "afp-fr"]
    assert docs[2]["t"] == "Frappes à Syrte" and docs[2]["s"] == "AFP"


def test_x_surface_offsets_relative_to_the_article_or_to_the_quote_mark_the_right_occurrence() -> None:
    quote = "قصفت القوات مصراتة ثم عادت إلى مصراتة الجديدة ."
    second = quote.rindex("مصراتة")
    ev = sample_analysis()["events"][0] | {"x_quote": quote, "x_start": 500, "x_end": 500 + len(quote),
                                           "x_quotes": [], "x_surface": "مصراتة"}
    marked = "عادت إلى <mark>مصراتة</mark> الجديدة"
    for start in (second, 500 + second):  # quote-relative, then article offsets
        ev |= {"x_surface_start": start, "x_surface_end": start + 6}
        assert marked in _quote_html(build_payload({"events": [ev]}))[0]
    ev |= {"x_surface_start": 3, "x_surface_end": 9}  # offsets that point elsewhere are not trusted
    assert "قصفت القوات <mark>مصراتة</mark> ثم" in _quote_html(build_payload({"events": [ev]}))[0]
    ev.pop("x_surface")  # no coder surface: the Arabic location name is found in the text
    ev["x_location_ar"] = "مصراتة"
    assert "<mark>مصراتة</mark>" in _quote_html(build_payload({"events": [ev]}))[0]


def test_a_mention_of_another_place_near_the_event_marks_a_merged_report() -> None:
    ev = sample_analysis()["events"][0]  # Abu Qurayn, 31.4497, 15.255
    other = "اشتباكات عنيفة عند بوابة أبوقرين الجنوبية صباح اليوم ."
    far = "وفي طرابلس هدوء حذر بعد اشتباكات أبوقرين ."
    ev["x_quotes"] = [{"doc": "b", "text": other, "start": 0, "end": len(other)},
                      {"doc": "c", "text": far, "start": 0, "end": len(far)}]
    ev.pop("x_surface")
    ev["x_location_ar"] = "بوقرين"
    k = other.index("بوابة أبوقرين")
    j = far.index("طرابلس")
    places = [
        {"doc": "b", "surface": "بوابة أبوقرين", "start": k, "end": k + 13, "place_id": "osm:gate",
         "lat": 31.43, "lon": 15.26, "in_libya": True},
        {"doc": "c", "surface": "طرابلس", "start": j, "end": j + 6, "place_id": "curated:tripoli",
         "lat": 32.89, "lon": 13.19, "in_libya": True},
    ]
    html = _quote_html(build_payload({"events": [ev], "places": places}))
    assert "عند <mark>بوابة أبوقرين</mark> الجنوبية" in html[1]
    # Tripoli is far from the event: not marked; the event's own name is found inside أبوقرين instead.
    assert "<mark>طرابلس</mark>" not in html[2] and "<mark>بوقرين</mark>" in html[2]


def test_an_event_whose_sentence_does_not_name_the_place_shows_the_sentence_that_does() -> None:
    text = ("سيطر تنظيم داعش على أحياء في سرت منذ مايو . وقال شهود إن اشتباكات عنيفة اندلعت فجر اليوم . "
            "ويقع مطار القرضابية جنوب المدينة .")
    first, quote = text.index("سيطر"), "وقال شهود إن اشتباكات عنيفة اندلعت فجر اليوم ."
    q0 = text.index(quote)
    ev = sample_analysis()["events"][2] | {"doc": "d", "x_quote": quote, "x_start": q0, "x_end": q0 + len(quote),
                                           "x_quotes": [], "x_surface": None, "x_location_ar": "سرت"}
    sentence = text[:text.index(" . ") + 2]
    k = text.index("سرت")
    mention = {"doc": "d", "surface": "سرت", "start": k, "end": k + 3, "place_id": ev["x_place_id"],
               "lat": ev["latitude"], "lon": ev["longitude"], "in_libya": True, "quote": sentence,
               "quote_start": first}
    later = mention | {"start": len(text) - 5, "end": len(text) - 2, "quote": "ويقع مطار القرضابية جنوب المدينة سرت .",
                       "quote_start": len(text) - 40}
    payload = build_payload({"events": [ev], "places": [later, mention]})
    e = payload["events"][0]
    assert "<mark>" not in payload["quotes"][e["q"][0][0]][0]
    located = payload["quotes"][e["lq"][0]][0]
    assert located.startswith("سيطر تنظيم داعش") and "<mark>سرت</mark>" in located  # the nearest one before
    ev["x_quote"] = "اشتباكات عنيفة في سرت ."
    assert "lq" not in build_payload({"events": [ev], "places": [mention]})["events"][0]


def test_the_slider_ends_on_the_day_of_the_control_picture() -> None:
    """One rule for the slider's last stop, the title's "Control as of" and the timeline's end: the map's day,
    the control picture's day when it is after the last event (an article of the 25th about the 20th)."""
    a = sample_analysis()
    for area in a["control_areas"]:
        area["properties"] |= {"valid_to": "2020-01-25", "as_of": "2020-01-25"}
    a["front_lines"] = []
    payload = build_payload(a)
    assert map_day(payload) == payload["control"]["asOf"] == "2020-01-25"
    assert payload["dates"][:-1] == ["2020-01-14", "2020-01-16", "2020-01-18", "2020-01-20"]
    assert max(e["d"] for e in payload["events"]) == 3  # no event on the map's day: the extra stop has none
    _, rows, _ = bins(a["events"], until=map_day(payload))
    assert rows[-1][1].isoformat() == "2020-01-25" and not rows[-1][2]
    # a picture asked for an earlier day (--as-of) leaves the slider on the last event
    assert slider_days(["2020-01-14", "2020-01-20"], "2020-01-16") == ["2020-01-14", "2020-01-20"]
    assert slider_days(["2020-01-14"], "") == ["2020-01-14"]
    assert slider_days([], "2020-01-25") == ["2020-01-25"]
    assert slider_days(["2020-01-14"], "2020-01-25<script>") == ["2020-01-14"]
    # no control layer: the last event's day
    assert map_day(build_payload({"events": a["events"]})) == "2020-01-20"
