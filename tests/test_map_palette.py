"""The map's side palette: every bloc the actor table codes has its own label and colour, coded for the
event's date (geo.periods), no two blocs of different meaning share a colour on one map, and no side colour
is near an event-type colour (a colour means a side on the markers and a type in the timeline, never both)."""

from __future__ import annotations

import csv
import itertools

from geo.periods import BLOCS, PERIODS
from maps.mapdata import build_payload
from maps.styles import EVENT_TYPES, MIN_DISTANCE, color_distance, map_sides, side_of
from tests.browser.records import sample_analysis


def _actor_blocs() -> set[str]:
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "geo" / "data" / "actors.csv"
    with path.open(encoding="utf-8") as fh:
        return {row["bloc"] for row in csv.DictReader(fh) if row["bloc"]}


def test_every_coded_bloc_is_a_named_side() -> None:
    for bloc in _actor_blocs() - {"UNKNOWN"}:
        side = side_of(bloc, "2019-06-01")
        assert side.key != "UNKNOWN" and side.label and side.label != side.key or bloc in BLOCS, bloc


def test_the_tripoli_camp_is_named_for_the_date() -> None:
    assert side_of("GNA", "2015-02-01").key == "DAWN"
    assert side_of("GNA", "2019-04-04").key == "GNA"
    assert side_of("GNA", "2022-08-27").key == "GNU"
    assert side_of("Haftar", "2015-02-01").key == "LNA"


def test_one_map_never_gives_two_meanings_one_colour() -> None:
    for period in PERIODS:
        sides = map_sides(side_of(k, period.start.isoformat()) for k in period.blocs)
        for a, b in itertools.combinations(sides, 2):
            assert color_distance(a.color, b.color) >= MIN_DISTANCE or {a.key, b.key} <= {"GNA", "GNU", "DAWN", "GNC",
                                                                                           "NTC"}, (period.key, a, b)
        for s in sides:
            for t in EVENT_TYPES:
                assert color_distance(s.color, t.color) >= MIN_DISTANCE, (period.key, s, t.label)


def test_payload_sides_are_the_blocs_present_with_counts() -> None:
    analysis = sample_analysis()
    analysis["events"][0]["x_actor1_bloc"] = "TEBU"
    analysis["events"][1]["x_actor1_bloc"] = "EGY"
    payload = build_payload(analysis)
    keys = [s["key"] for s in payload["sides"]]
    assert "TEBU" in keys and "EGY" in keys and "UNKNOWN" not in keys
    shown = {payload["sides"][int(i)]["key"]: n for i, n in payload["counts"]["sides"].items()}
    assert shown["TEBU"] == 1 and shown["EGY"] == 1
    assert payload["periods"] == ["2016-2021 GNA vs LNA"]


def test_dates_are_shown_at_their_precision() -> None:
    from maps.mapdata import date_text

    assert date_text("2020-01-14", 1) == "14 January 2020"
    assert date_text("2020-01-01", 3) == "January 2020"
    assert date_text("2020-01", None) == "January 2020"
    assert date_text("2015-08-07", 2) == "week of 3 Aug 2015"
    assert date_text("soon", 1) == "soon"


def test_relative_places_in_words() -> None:
    from maps.mapdata import relative_words

    assert relative_words(40, 180, "Sirte") == "40 km south of Sirte"
    assert relative_words(None, 90, "Misrata") == "east of Misrata"
    assert relative_words(12.5, 315, "Tripoli") == "12.5 km north-west of Tripoli"
    assert relative_words(5, "x", "Sirte") == "near Sirte"
