"""The seed article: the events issue 4 lists, and none abroad."""

from __future__ import annotations

import pytest

from geo.article import Article
from geo.events import article_events


@pytest.fixture(scope="module")
def seed_events(seed_text):
    return {d: article_events(Article("seed", seed_text, d)) for d in ("2020-01", "2020-01-24")}


def _find(events, sub, place):
    return [e for e in events if e.sub_event_type == sub and e.location == place]


def test_seed_required_events(seed_events) -> None:
    ev = seed_events["2020-01"]
    for place in ("Abu Qurayn", "Al-Washka"):
        (e,) = _find(ev, "Armed clash", place)
        assert {e.actor1_bloc, e.actor2_bloc} == {"LNA", "GNA"} and e.geo_precision == 2
        assert "تحاول منذ أسابيع السيطرة على بوقرين" in e.quote.text
    (r,) = _find(ev, "Other", "Sirte")
    assert r.actor1_bloc == "LNA" and "تعزيزات" in r.quote.text
    (a,) = [e for e in ev if e.sub_event_type == "Air/drone strike"]
    assert (a.actor1_bloc, a.actor2_bloc) == ("LNA", "GNA") and "سلاح الطيران" in a.quote.text
    (c,) = _find(ev, "Armed clash", "Tripoli Airport Road")
    assert {c.actor1_bloc, c.actor2_bloc} == {"LNA", "GNA"} and "محور طريق المطار" in c.quote.text
    assert "الميليشيات" in c.notes  # the source's label stays attributed
    (s,) = [e for e in ev if e.actor2_bloc == "SYR"]
    assert s.location == "Tripoli" and "مقاتلين سوريين مقتولين" in s.quote.text
    (m,) = _find(ev, "Agreement", "Al-Rajma")
    assert {m.actor1_bloc, m.actor2_bloc} == {"LNA", "UK"} and "وفدا بريطانيا" in m.quote.text


def test_seed_nothing_abroad_and_quotes_verbatim(seed_events, seed_text) -> None:
    for events in seed_events.values():
        for e in events:
            assert e.location not in ("Ankara", "New York City", "Berlin", "Geneva", "Moscow")
            assert seed_text[e.quote.start : e.quote.end] == e.quote.text
            assert 19 < e.latitude < 34 and 9 < e.longitude < 26  # inside Libya's bounding box


def test_seed_dates(seed_events) -> None:
    (month,) = _find(seed_events["2020-01"], "Armed clash", "Tripoli Airport Road")
    assert (month.event_date, month.time_precision) == ("2020-01-01", 3)
    (day,) = _find(seed_events["2020-01-24"], "Armed clash", "Tripoli Airport Road")
    assert (day.event_date, day.time_precision) == ("2020-01-23", 1)
    assert all(e.time_precision == 3 for e in seed_events["2020-01"])
