"""A town inside an airfield phrase is the town's air base or airport (geo/places/airfields.py)."""

from __future__ import annotations

import pytest

from geo.article import Article
from geo.places import extract_mentions
from geo.places.geometry import haversine_km


def _records(text: str, index) -> list[dict]:
    out = []
    for m in extract_mentions(Article("t", text), index):
        assert text[m.start : m.end] == m.surface
        out.append(m.to_record())
    return out


@pytest.mark.parametrize(
    ("text", "surface", "kind"),
    [
        ("انطلقت المقاتلات من قاعدة طبرق الجوية فجر اليوم", "قاعدة طبرق الجوية", "air_base"),
        ("وهبطت الطائرة في قاعدة طبرق العسكرية الجوية", "قاعدة طبرق العسكرية الجوية", "air_base"),
        ("Warplanes took off from the Tobruk air base at dawn", "Tobruk air base", "air_base"),
        ("Les avions ont décollé de la base aérienne de Tobrouk", "base aérienne de Tobrouk", "air_base"),
    ],
)
def test_town_air_base_is_the_airfield(text: str, surface: str, kind: str, gazetteer_index) -> None:
    recs = [r for r in _records(text, gazetteer_index) if r["surface"] == surface]
    assert len(recs) == 1, _records(text, gazetteer_index)
    r = recs[0]
    assert r["kind"] == kind and r["in_libya"]
    tobruk = next(p for p in gazetteer_index.places if p.id == "curated:tobruk")
    # The air base lies outside the city: the point is the airfield's, not the town's.
    d = haversine_km(tobruk.lat, tobruk.lon, r["lat"], r["lon"])
    assert 5.0 < d < 40.0


def test_bare_base_is_the_air_base_only_where_the_town_has_one(gazetteer_index) -> None:
    recs = _records("وقال ضابط بقاعدة طبرق إن الوضع هادئ", gazetteer_index)
    assert [(r["surface"], r["kind"]) for r in recs] == [("قاعدة طبرق", "air_base")]
    # a naval base, a port, or a town with only a civil airport: the town
    for text in ("رست سفينة حربية في قاعدة طبرق البحرية", "Ships docked at Tobruk port on Monday",
                 "وصلت طائرة إلى قاعدة سبها"):
        recs = _records(text, gazetteer_index)
        assert len(recs) == 1 and recs[0]["kind"] not in ("air_base", "airport"), recs
        assert recs[0]["surface"] in ("طبرق", "Tobruk", "سبها")


def test_foreign_airport_is_left_alone(gazetteer_index) -> None:
    recs = _records("وصل الوفد إلى مطار القاهرة قادما من بنغازي", gazetteer_index)
    assert all(r["kind"] not in ("air_base", "airport") or not r["in_libya"] for r in recs), recs
