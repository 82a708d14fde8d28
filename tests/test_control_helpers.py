"""Shared helpers for the control tests: articles through the real recogniser, and where places are."""

from __future__ import annotations

from shapely.geometry import Point

from geo.article import Article
from geo.places import extract_mentions
from geo.places.mention import Mention


def mentions(article: Article, index: object) -> list[Mention]:
    """The recogniser's mentions of ``article``; offsets must index the article's text."""
    out = extract_mentions(article, index)
    for m in out:
        assert article.text[m.start : m.end] == m.surface
    return out


def docs(articles: list[Article], index: object) -> list[tuple[Article, list[Mention]]]:
    return [(a, mentions(a, index)) for a in articles]


def where(index: object, place_id: str) -> Point:
    """The gazetteer's point (lon, lat) for a place id."""
    place = index.get(place_id)  # type: ignore[attr-defined]
    assert place is not None, place_id
    return Point(place.lon, place.lat)


def test_facts_name_gazetteer_places(gazetteer_index) -> None:
    """Every seat of power in the fact table is the gazetteer's own place (same id, within 5 km),
    so that text about Tripoli and the fact about Tripoli speak about one place."""
    from geo.control.facts import load_facts

    for fact in load_facts():
        assert fact.place_id, fact.name
        p = where(gazetteer_index, fact.place_id)
        assert p.distance(Point(fact.lon, fact.lat)) * 100 < 5, fact.name
