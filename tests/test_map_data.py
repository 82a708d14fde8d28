"""The map payload (maps/mapdata.py), the legend and the timeline panel: what is drawn, and how safely."""

from __future__ import annotations

import json

from maps.legend import legend_html
from maps.mapdata import build_payload, fatalities_text
from maps.styles import SIDES, halo_radius_m, side_of, type_of
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
    quote = payload["quotes"][payload["events"][0]["q"]][0]
    assert "<mark>بوقرين</mark>" in quote and "&lt;script&gt;alert(1)&lt;/script&gt;" in quote
    assert payload["quotes"][payload["events"][0]["q"]][1] == 1  # Arabic: drawn right-to-left
    assert all(d["u"] == "" for d in payload["docs"])  # javascript: URLs never become links


def test_dates_precision_and_fatalities() -> None:
    payload = build_payload(sample_analysis())
    assert payload["dates"] == ["2020-01-14", "2020-01-16", "2020-01-18", "2020-01-20"]
    by_place = {e["pl"]: e for e in payload["events"]}
    assert by_place["Abu Qurayn"]["r"] == 0 and by_place["Abu Qurayn"]["f"] == "3 (3–5)"
    assert by_place["Tripoli Airport Road"]["r"] == 15000
    assert by_place["Al-Washka"]["r"] == 60000
    assert halo_radius_m(2, 40) == 40000 and halo_radius_m(1, 40) == 0
    assert fatalities_text({"fatalities": 0}) == "0"


def test_sides_and_types_fall_back_instead_of_passing_free_text() -> None:
    assert side_of("Haftar").key == "LNA" and side_of("<b>").key == "unknown"
    assert type_of("battles").label == "Battles" and type_of("<script>").label == "Other"
    payload = build_payload(sample_analysis())
    assert payload["sides"][0]["color"] == SIDES[0].color


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
    unit, rows = bins(synthetic_analysis(300, days=400)["events"])
    assert unit == "week" and sum(sum(c.values()) for _, _, c in rows) == 300


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
    assert "<mark>بوقرين</mark>" in payload["quotes"][payload["events"][0]["q"]][0]
