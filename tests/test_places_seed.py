"""The seed article: every place found, placed within 5 km of the reference data, foreign places
marked foreign, and no ordinary word taken for a place."""

from __future__ import annotations

import csv
import json

import pytest

from geo.article import Article
from geo.places import extract_mentions
from geo.places.relative import haversine_km

# surface as written in the seed -> the reference name (OSM all.json English name, or ACLED location)
LIBYAN = [
    ("مصراته", "Misrata"),
    ("اجدابيا", "Ajdabiya"),
    ("بوقرين", "Abu Qurayn"),
    ("الوشكة", "Al Wachkah"),
    ("بو قرين", "Abu Qurayn"),
    ("سرت", "Sirte"),
    ("سرت", "Sirte"),
    ("طريق المطار", "Tripoli Airport Road"),
    ("طرابلس", "Tripoli"),
    ("بنغازي", "Benghazi"),
    ("الرحمة", "Arrajma"),  # the seed's typo for بالرجمة, Haftar's headquarters
]
FOREIGN = {"تركيا", "أنقرة", "بريطانيا", "نيويورك", "مصر", "الإمارات", "قطر", "واشنطن", "موسكو", "برلين", "جينيف"}


@pytest.fixture(scope="module")
def reference(shared_data) -> dict[str, tuple[float, float]]:
    ref: dict[str, tuple[float, float]] = {}
    for rec in json.loads((shared_data / "osm-libya-places" / "all.json").read_text(encoding="utf-8"))["data"]:
        names = rec["name"][0] if rec.get("name") else {}
        if names.get("en"):
            ref.setdefault(names["en"], (rec["latitude"], rec["longitude"]))
    with open(shared_data / "events" / "acled_libya_2020-04-27_2020-05-09.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            ref.setdefault(row["location"], (float(row["latitude"]), float(row["longitude"])))
    return ref


@pytest.fixture(scope="module")
def mentions(seed_text, gazetteer_index):
    return extract_mentions(Article("seed", seed_text), gazetteer_index)


def test_offsets_are_exact(mentions, seed_text):
    for m in mentions:
        assert seed_text[m.start : m.end] == m.surface


def test_every_libyan_place_found_within_5_km(mentions, reference):
    found = [m for m in mentions if m.in_libya and m.kind != "relative" and m.place.kind != "country"]
    assert [m.surface for m in found] == [s for s, _ in LIBYAN]
    for m, (surface, ref_name) in zip(found, LIBYAN, strict=True):
        lat, lon = reference[ref_name]
        assert haversine_km(m.lat, m.lon, lat, lon) <= 5.0, (surface, m.place.name, m.lat, m.lon)


def test_east_of_misrata_is_a_relative_point(mentions):
    rel = [m for m in mentions if m.kind == "relative"]
    assert len(rel) == 1
    r = rel[0].to_record()
    assert r["surface"] == "شرق مصراته" and r["anchor"] == "Misrata" and r["bearing_deg"] == 90.0
    assert r["precision"] == 2 and r["lon"] > 15.0925  # east of the anchor


def test_typo_is_taken_with_lower_confidence(mentions):
    rajma = next(m for m in mentions if m.surface == "الرحمة")
    assert rajma.confidence <= 0.6 and "typo" in rajma.evidence


def test_foreign_places_are_foreign(mentions):
    foreign = {m.surface for m in mentions if not m.in_libya}
    assert foreign == FOREIGN
    assert all(not (9 < m.lon < 26 and 19 < m.lat < 34) for m in mentions if not m.in_libya)


def test_no_ordinary_word_is_a_place(mentions):
    # وفدا بريطانيا is "a British delegation"; only the country in "تستعد بريطانيا" counts.
    assert [m.surface for m in mentions].count("بريطانيا") == 1
    expected = {s for s, _ in LIBYAN} | FOREIGN | {"شرق مصراته", "ليبيا"}
    assert {m.surface for m in mentions} == expected
