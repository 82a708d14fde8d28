"""The curated Libyan gazetteer table (gazetteer/data/curated.csv) and the foreign places table
(gazetteer/data/countries.csv): shape, coverage of the seed article, and coordinates checked against
the reference data in ../shared (OSM, GeoNames, ACLED).

The reference check is the point of this file: every curated row whose name matches a reference place
(by Arabic key or Latin key) must lie near the nearest such reference point, so that a wrong coordinate
or a wrong identification in the table shows up here.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterator
from pathlib import Path

import pytest

from gazetteer.normalize import arabic_key, is_arabic, latin_key

ROOT = Path(__file__).resolve().parents[1]
CURATED = ROOT / "gazetteer" / "data" / "curated.csv"
COUNTRIES = ROOT / "gazetteer" / "data" / "countries.csv"

CURATED_COLUMNS = ["key", "name", "name_ar", "kind", "lat", "lon", "admin1", "population", "names_ar",
                   "names_latin", "ambiguous", "parent", "note"]
COUNTRY_COLUMNS = ["iso2", "name", "name_ar", "lat", "lon", "kind", "names_ar", "names_latin",
                   "demonyms_ar", "demonyms_latin", "capital_ar", "capital"]
KINDS = {"country", "region", "district", "city", "town", "village", "hamlet", "neighbourhood", "airport",
         "air_base", "military_base", "port", "oil_terminal", "oil_field", "road", "crossing", "wadi",
         "landmark", "mountain", "oasis", "island"}
ADMIN1 = {"Darnah", "Banghazi", "Al Marj", "Al Kufrah", "Al Jabal al Akhdar", "Tripoli", "Surt", "Sabha",
          "Nalut", "Murzuq", "Misratah", "Ghat", "Az Zawiyah", "Wadi ash Shati'", "Al Jufrah",
          "An Nuqat al Khams", "Al Butnan", "Jabal al Gharbi", "Al Jafarah", "Al Marqab", "Al Wahat",
          "Wadi al Hayat"}
# Libya's bounding box (lat_min, lat_max, lon_min, lon_max), a little generous for the coast.
LIBYA_BOX = (19.4, 33.3, 9.3, 25.2)
COAST_SLACK_DEG = 0.02

# Distance within which a curated point must lie from the nearest reference point with the same name.
TOLERANCE_KM = {"village": 5, "hamlet": 5, "town": 5, "neighbourhood": 5, "city": 15, "oil_field": 30,
                "mountain": 30, "oasis": 30, "island": 30, "district": 300, "region": 300,
                # An air base spreads over kilometres and lies away from the village it is named after
                # (Al-Watiya's runways are ~11 km east of the village point).
                "air_base": 15, "military_base": 15}
DEFAULT_TOLERANCE_KM = 10
# A row whose note says "homonym:" names a reference place of the same name that is another place;
# reference points that far away are then not compared (nearer ones still are).
HOMONYM_KM = 50

# Every Libyan place of the seed article, as the seed spells it, with the curated key it must reach.
SEED_PLACES = {
    "مصراته": "misrata",
    "اجدابيا": "ajdabiya",
    "بوقرين": "abu_qurayn",
    "بو قرين": "abu_qurayn",
    "الوشكة": "al_washka",
    "سرت": "sirte",
    "طريق المطار": "tripoli_airport_road",
    "طرابلس": "tripoli",
    "بنغازي": "benghazi",
}
# Reference points for the seed places (OSM nodes, ACLED's coded point for the airport road).
SEED_REFERENCE = {
    "misrata": (32.3745923, 15.0905803),
    "ajdabiya": (30.7549616, 20.2233582),
    "abu_qurayn": (31.4497354, 15.2550137),
    "al_washka": (31.3733582, 15.5708517),
    "sirte": (31.2059625, 16.5836206),
    "tripoli_airport_road": (32.7549, 13.1427),
    "tripoli": (32.896672, 13.1777923),
    "benghazi": (32.1200168, 20.0812174),
    "al_rajma": (32.0696202, 20.3443577),
}


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def curated() -> list[dict[str, str]]:
    return _read(CURATED)[1]


@pytest.fixture(scope="module")
def countries() -> list[dict[str, str]]:
    return _read(COUNTRIES)[1]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _key(name: str) -> str:
    return arabic_key(name) if is_arabic(name) else latin_key(name)


def _forms(row: dict[str, str]) -> list[str]:
    names = [row["name"], row["name_ar"], *row["names_ar"].split("|"), *row["names_latin"].split("|")]
    return [n for n in names if n.strip()]


# --- shape -------------------------------------------------------------------------------------------


def test_columns_exactly() -> None:
    assert _read(CURATED)[0] == CURATED_COLUMNS
    assert _read(COUNTRIES)[0] == COUNTRY_COLUMNS


def test_at_least_300_rows_unique_ascii_keys(curated: list[dict[str, str]]) -> None:
    assert len(curated) >= 300
    keys = [r["key"] for r in curated]
    dupes = {k for k in keys if keys.count(k) > 1}
    assert not dupes, f"مفاتيح مكررة: {dupes}"
    bad = [k for k in keys if not k.isascii() or not k.replace("_", "").isalnum() or k != k.lower()]
    assert not bad, f"مفاتيح غير صالحة: {bad}"


def test_fields_valid(curated: list[dict[str, str]]) -> None:
    keys = {r["key"] for r in curated}
    for r in curated:
        where = f"curated.csv {r['key']}"
        assert r["kind"] in KINDS, where
        assert r["name"].strip() and r["name_ar"].strip(), where
        assert is_arabic(r["name_ar"]) and not is_arabic(r["name"]), where
        assert all(is_arabic(n) for n in r["names_ar"].split("|") if n), where
        assert not any(is_arabic(n) for n in r["names_latin"].split("|") if n), where
        assert r["ambiguous"] in {"0", "1"}, where
        assert r["parent"] == "" or r["parent"] in keys, where
        assert r["population"] == "" or r["population"].isdigit(), where
        if r["kind"] != "country" and r["kind"] != "region":
            assert r["admin1"] in ADMIN1, where
        # 4-6 decimals, or fewer when the value is round: never more than 6.
        for c in ("lat", "lon"):
            assert len(r[c].partition(".")[2]) <= 6, where


def test_no_variant_with_attached_proclitic(curated: list[dict[str, str]]) -> None:
    """The recogniser strips و/ب/ل/ف/ك; a variant like بمصراتة would be a place that is not in the text."""
    keys = {arabic_key(n) for r in curated for n in [r["name_ar"], *r["names_ar"].split("|")] if n}
    suspicious = []
    for r in curated:
        for n in [r["name_ar"], *r["names_ar"].split("|")]:
            k = arabic_key(n)
            if k.startswith(("بال", "وال", "فال", "كال", "لل")) or (k[:1] in "وبلفك" and k[1:] in keys):
                suspicious.append(n)
    assert not suspicious, f"صيغ بسوابق ملتصقة: {suspicious}"


def test_ly_points_inside_libya(curated: list[dict[str, str]], shared_data: Path) -> None:
    from shapely.geometry import Point, shape

    lat0, lat1, lon0, lon1 = LIBYA_BOX
    feature = json.loads((shared_data / "boundaries" / "libya_adm0_naturalearth_10m.geojson").read_text())
    if feature.get("type") == "FeatureCollection":
        feature = feature["features"][0]
    libya = shape(feature["geometry"])
    outside = []
    for r in curated:
        lat, lon = float(r["lat"]), float(r["lon"])
        assert lat0 <= lat <= lat1 and lon0 <= lon <= lon1, f"{r['key']} ({lat}, {lon}) خارج ليبيا"
        # The 1:10m coastline is coarse: coastal villages, ports and border posts may sit up to a couple
        # of kilometres off it. Anything farther out is in the sea or abroad.
        if libya.distance(Point(lon, lat)) > COAST_SLACK_DEG:
            outside.append(r["key"])
    assert not outside, f"نقاط خارج حدود ليبيا: {outside}"


# --- seed coverage -----------------------------------------------------------------------------------


def test_every_seed_place_present(curated: list[dict[str, str]], seed_text: str) -> None:
    by_key = {r["key"]: r for r in curated}
    for spelling, key in SEED_PLACES.items():
        assert spelling in seed_text, f"{spelling} ليس في المقال"
        row = by_key[key]
        keys = {arabic_key(n) for n in [row["name_ar"], *row["names_ar"].split("|")]}
        assert arabic_key(spelling) in keys, f"{spelling} لا يصل إلى {key}"


def test_rajma_typo_left_to_the_recogniser(curated: list[dict[str, str]], seed_text: str) -> None:
    """The seed writes بالرحمة ('with mercy') for بالرجمة: a typo that the recogniser may take only with
    evidence. The table must hold الرجمة, and must not make the common word الرحمة a name of it."""
    assert "بالرحمة" in seed_text
    rajma = next(r for r in curated if r["key"] == "al_rajma")
    keys = {arabic_key(n) for n in [rajma["name_ar"], *rajma["names_ar"].split("|")]}
    assert arabic_key("الرجمة") in keys
    assert arabic_key("الرحمة") not in keys


def test_seed_spellings_not_claimed_by_another_row(curated: list[dict[str, str]]) -> None:
    """A seed spelling on two rows would leave the choice to chance; the other row must be a variant
    with a prefix (مطار، ميناء ...), or say in its note that the form is shared on purpose and that
    context decides (طريق المطار is Tripoli's airport road and Benghazi's)."""
    for spelling, key in SEED_PLACES.items():
        owners = [r["key"] for r in curated
                  if arabic_key(spelling) in {arabic_key(n) for n in [r["name_ar"], *r["names_ar"].split("|")]}
                  and not r["note"].startswith("shared:")]
        assert owners == [key], f"{spelling}: {owners}"


def test_seed_places_within_5km_of_reference(curated: list[dict[str, str]]) -> None:
    by_key = {r["key"]: r for r in curated}
    for key, (lat, lon) in SEED_REFERENCE.items():
        row = by_key[key]
        d = _km(float(row["lat"]), float(row["lon"]), lat, lon)
        assert d <= 5.0, f"{key}: {d:.1f} km من المرجع"


def test_washka_wadi_and_rajma_hq() -> None:
    rows = {r["key"]: r for r in _read(CURATED)[1]}
    assert rows["wadi_washka"]["kind"] == "wadi"
    assert rows["al_washka"]["kind"] == "town"
    assert rows["al_rajma"]["parent"] == "benghazi"


# --- reference check ---------------------------------------------------------------------------------


def _reference_points(shared: Path) -> Iterator[tuple[str, str, float, float, set[str]]]:
    raw = json.loads((shared / "osm-libya-places" / "overpass_places_raw.json").read_text(encoding="utf-8"))
    name_tags = ("name", "name:ar", "name:en", "name:fr", "alt_name", "alt_name:ar", "alt_name:en",
                 "official_name", "int_name")
    for el in raw["elements"]:
        tags = el.get("tags", {})
        forms = {p.strip() for t in name_tags if t in tags for p in tags[t].split(";")}
        yield "osm", tags.get("name:en") or tags.get("name", ""), el["lat"], el["lon"], forms
    with (shared / "geonames" / "LY_cities500.txt").open(encoding="utf-8") as fh:
        for line in fh:
            c = line.rstrip("\n").split("\t")
            forms = {c[1], c[2], *(a for a in c[3].split(",") if a)}
            yield "geonames", c[1], float(c[4]), float(c[5]), forms
    for path in sorted((shared / "events").glob("acled_libya_*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                yield "acled", r["location"], float(r["latitude"]), float(r["longitude"]), {r["location"]}


def test_coordinates_agree_with_reference(curated: list[dict[str, str]], shared_data: Path) -> None:
    index: dict[str, list[tuple[str, str, float, float]]] = {}
    for src, name, lat, lon, forms in _reference_points(shared_data):
        for f in forms:
            k = _key(f)
            if k:
                index.setdefault(k, []).append((src, name, lat, lon))
    checked, bad = 0, []
    for r in curated:
        if r["kind"] == "country":
            continue
        lat, lon = float(r["lat"]), float(r["lon"])
        refs = {ref for f in _forms(r) for ref in index.get(_key(f), [])}
        dists = sorted((_km(lat, lon, rl, ro), src, name) for src, name, rl, ro in refs)
        if "homonym:" in r["note"]:
            dists = [d for d in dists if d[0] < HOMONYM_KM]
        if not dists:
            continue
        checked += 1
        tol = TOLERANCE_KM.get(r["kind"], DEFAULT_TOLERANCE_KM)
        if dists[0][0] > tol:
            bad.append(f"{r['key']}: {dists[0][0]:.1f} km > {tol} from {dists[0][1]} {dists[0][2]!r}")
    print(f"\nreference check: {checked} of {len(curated)} curated rows compared with OSM/GeoNames/ACLED")
    assert checked >= 150
    assert not bad, "\n".join(bad)


def test_reference_check_catches_a_wrong_point(shared_data: Path) -> None:
    """The check above must be able to fail: Misrata placed at Sirte is far from every Misrata."""
    index = {}
    for _src, _name, lat, lon, forms in _reference_points(shared_data):
        for f in forms:
            index.setdefault(_key(f), []).append((lat, lon))
    nearest = min(_km(31.2089, 16.5887, la, lo) for la, lo in index[_key("مصراتة")])
    assert nearest > 15


def test_provenance_noted(curated: list[dict[str, str]]) -> None:
    missing = [r["key"] for r in curated if "coords:" not in r["note"] and "centroid" not in r["note"]]
    assert not missing, f"لا مصدر للإحداثيات: {missing}"


# --- countries.csv ---------------------------------------------------------------------------------


def test_countries_table(countries: list[dict[str, str]]) -> None:
    kinds = [r["kind"] for r in countries]
    assert set(kinds) <= {"country", "city"}
    assert kinds.count("country") >= 70
    assert kinds.count("city") >= 30
    for r in countries:
        where = f"countries.csv {r['name']}"
        assert len(r["iso2"]) == 2 and r["iso2"].isupper(), where
        lat, lon = float(r["lat"]), float(r["lon"])
        assert -90 <= lat <= 90 and -180 <= lon <= 180, where
        assert is_arabic(r["name_ar"]), where
        assert all(is_arabic(n) for n in (r["names_ar"] + "|" + r["demonyms_ar"]).split("|") if n), where


def test_demonyms_are_not_place_names(countries: list[dict[str, str]], curated: list[dict[str, str]]) -> None:
    names = {arabic_key(n) for r in countries for n in [r["name_ar"], *r["names_ar"].split("|")] if n}
    names |= {arabic_key(n) for r in curated for n in [r["name_ar"], *r["names_ar"].split("|")] if n}
    demonyms = {arabic_key(d) for r in countries for d in r["demonyms_ar"].split("|") if d}
    assert not names & demonyms, names & demonyms


def test_foreign_homonyms_present(countries: list[dict[str, str]]) -> None:
    by = {(r["iso2"], r["kind"], arabic_key(r["name_ar"])) for r in countries}
    assert ("LB", "city", arabic_key("طرابلس")) in by  # Tripoli, Lebanon
    assert ("SY", "city", arabic_key("حمص")) in by  # Homs is Syria; Khoms is الخمس
    assert ("TN", "city", arabic_key("تونس")) in by and ("TN", "country", arabic_key("تونس")) in by
    assert ("TR", "city", arabic_key("أنقرة")) in by
    ly = [r for r in countries if r["iso2"] == "LY"]
    assert ly and "الليبية" in ly[0]["demonyms_ar"].split("|")
