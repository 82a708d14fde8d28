"""The conflict's periods: which sides existed on a date, and what a camp's name means on that date."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.periods import (
    BLOCS,
    PERIODS,
    bloc_for,
    bloc_info,
    exists,
    holds_ground,
    legend,
    opponent,
    period_of,
    periods_between,
)


@pytest.mark.parametrize(("day", "key"), [
    ("2011-03-19", "2011"), ("2011-10-20", "2011"), ("2013-06-01", "2012-2014"), ("2014-05-16", "2014-2016"),
    ("2015-07-21", "2014-2016"), ("2016-03-29", "2014-2016"), ("2016-03-30", "2016-2021"),
    ("2020-01-14", "2016-2021"), ("2021-03-15", "2021-"), ("2023-09-11", "2021-"), ("2015-07", "2014-2016"),
    (dt.date(2019, 4, 4), "2016-2021"), ("1990-01-01", "2011"),
])
def test_period_of_a_date(day, key):
    assert period_of(day).key == key


def test_undated_items_fall_in_the_latest_period():
    assert period_of(None) is PERIODS[-1]
    assert period_of("not a date") is PERIODS[-1]


def test_periods_tile_time_without_gaps():
    for a, b in zip(PERIODS, PERIODS[1:], strict=False):
        assert a.end == b.start
    assert PERIODS[-1].end is None


def test_no_gna_before_march_2016_and_no_gnu_before_march_2021():
    assert not exists("GNA", "2015-07-21")
    assert exists("GNA", "2019-04-04")
    assert not exists("GNU", "2020-01-14")
    assert exists("GNU", "2022-08-27")
    assert not exists("DAWN", "2019-04-04")


def test_a_camp_name_means_the_camp_of_its_date():
    assert bloc_for("GNA", "2015-07-21") == "DAWN"  # Tripoli in 2015 was held by Libya Dawn
    assert bloc_for("DAWN", "2019-04-04") == "GNA"
    assert bloc_for("GNA", "2022-08-27") == "GNU"
    assert bloc_for("Dignity", "2015-01-02") == "LNA"
    assert bloc_for("IS", "2015-02-15") == "IS"
    assert bloc_for("", "2015-02-15") == "UNKNOWN"


def test_opponents_by_period():
    assert opponent("LNA", "2019-04-04") == "GNA"
    assert opponent("LNA", "2015-01-02") == "DAWN"
    assert opponent("GNA", "2022-01-01") == "LNA"  # GNA written in 2022 is read as the GNU
    assert opponent("IS", "2016-06-01") is None


def test_who_holds_ground():
    assert holds_ground("LNA") and holds_ground("MISRATA")
    assert not holds_ground("CIV") and not holds_ground("UN") and not holds_ground("UNKNOWN")
    assert not holds_ground("")


def test_every_period_lists_known_blocs_and_its_main_sides():
    for p in PERIODS:
        assert all(k in BLOCS for k in p.blocs)
        assert p.main_sides[0] in p.blocs
        assert legend(p.key)[0].key == p.blocs[0]


def test_unknown_blocs_get_a_neutral_look_with_their_own_label():
    b = bloc_info("FOREIGN:FR")
    assert b.label == "Foreign: FR" and b.color.startswith("#")
    assert bloc_info(None).key == "UNKNOWN"


def test_periods_between_a_corpus_span():
    keys = [p.key for p in periods_between("2015-07-01", "2016-06-30")]
    assert keys == ["2014-2016", "2016-2021"]


def test_the_recognised_government_is_the_camp_of_its_date():
    assert bloc_for("RECOGNISED", "2015-03-01") == "LNA"  # the House of Representatives' government, in the east
    assert bloc_for("RECOGNISED", "2019-04-04") == "GNA"
    assert bloc_for("RECOGNISED", "2022-05-17") == "GNU"


def test_every_bloc_of_the_actor_table_is_known():
    import csv
    from pathlib import Path

    table = Path(__file__).resolve().parents[1] / "geo" / "data" / "actors.csv"
    rows = [r for r in csv.DictReader(table.open(encoding="utf-8")) if not r["key"].startswith("#")]
    assert {r["bloc"] for r in rows if r["bloc"]} <= set(BLOCS)
