"""The review's pure parts: what a correction body may say, how doubtful an event is, learnt places."""

from __future__ import annotations

import pytest

from maps.review.aliases import LearnedPlaces
from maps.review.model import ACLED_TYPES, BadCorrection, doubt, parse_review


def test_a_rejection_needs_one_of_the_reasons() -> None:
    req = parse_review({"status": "rejected", "reason": "abroad"}, "amal")
    assert req.correction.status == "rejected" and req.correction.reason == "abroad"
    assert req.correction.reviewer == "amal"
    with pytest.raises(BadCorrection, match="reason"):
        parse_review({"status": "rejected", "reason": "dull"}, "amal")


def test_values_are_checked_and_named_the_store_way() -> None:
    req = parse_review({"lat": "32.1", "lon": 13.2, "date": "2020-01-15", "fatalities": 3.0, "side1": "LNA"}, "x",
                       event_types=ACLED_TYPES)
    assert dict(req.correction.changes) == {"latitude": 32.1, "longitude": 13.2, "event_date": "2020-01-15",
                                            "fatalities": 3, "x_actor1_bloc": "LNA"}
    for bad in ({"lat": True, "lon": 1}, {"lat": float("nan"), "lon": 1}, {"geo_precision": 4},
                {"time_precision": 0}, {"actor1": 5}, {"actor1": "x" * 3000}, {"event_type": "Battles",
                "sub_event_type": "Arrests"}, {"learn": "global"}, {"learn": "always", "lat": 1, "lon": 1},
                {"split": "two"}):
        with pytest.raises(BadCorrection):
            parse_review(bad, "x", event_types=ACLED_TYPES)


def test_accepting_with_new_values_is_a_correction() -> None:
    assert parse_review({"status": "accepted", "fatalities": 1}, "x").correction.status == "corrected"
    assert parse_review({"status": "accepted"}, "x").correction.status == "accepted"


def test_the_reviewer_named_in_the_body_wins() -> None:
    assert parse_review({"status": "accepted", "reviewer": " badr "}, "amal").correction.reviewer == "badr"


def test_doubt_orders_what_needs_eyes() -> None:
    sure = {"x_confidence": 0.95, "fatalities": 0, "geo_precision": 1, "x_n_evidence": 3}
    deadly = {**sure, "fatalities": 20}
    vague = {**sure, "geo_precision": 3}
    lone = {**sure, "x_n_evidence": 1}
    shaky = {**sure, "x_confidence": 0.3}
    assert doubt(sure) < doubt(lone) < doubt(vague) < doubt(deadly) < doubt(shaky)
    assert doubt({"x_confidence": "n/a", "fatalities": "many"}) > 0  # odd values never break the queue


def test_learnt_places_article_first_then_global() -> None:
    learned = LearnedPlaces([
        {"surface": "الوشكة", "lat": 32.0, "lon": 15.0, "name": "Misrata", "place_id": "curated:misrata",
         "scope": "global"},
        {"surface": "وادي زمزم", "lat": 31.0, "lon": 15.5, "name": "Wadi Zamzam", "scope": "article", "doc": "a1"},
        {"surface": "الوشكة", "lat": 31.4, "lon": 15.9, "name": "Al-Washka (east)", "scope": "article", "doc": "a2"},
    ])
    places = [{"surface": "الوشكه", "lat": 31.37, "lon": 15.79, "place_id": "curated:al_washka", "kind": "town"},
              {"surface": "وادي زمزم", "lat": 30.0, "lon": 15.0, "kind": "wadi"}]
    events = [{"x_surface": "الوشكة", "latitude": 31.37, "longitude": 15.79, "x_place_id": "curated:al_washka",
               "geo_precision": 2, "location": "Al-Washka"}]
    assert learned.apply("a1", places, events) == 3
    assert (places[0]["lat"], places[1]["lat"]) == (32.0, 31.0)  # ta marbuta / ha folded alike
    assert events[0]["x_alias_of"] == "curated:al_washka" and events[0]["geo_precision"] == 1
    ev2 = [{"x_surface": "الوشكة", "latitude": 31.37, "longitude": 15.79}]
    learned.apply("a2", [], ev2)
    assert ev2[0]["location"] == "Al-Washka (east)"
    other = [{"surface": "وادي زمزم", "lat": 30.0, "lon": 15.0, "kind": "wadi"}]
    assert learned.apply("a3", other, []) == 0 and other[0]["lat"] == 30.0
