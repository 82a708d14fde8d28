"""The shipped Libyan tables (python -m gazetteer.build): reproducible from ../shared, counted, licensed,
checked against the reference data, and carrying the flags that keep ordinary words out of the scan."""

from __future__ import annotations

import csv
import glob
import json
import math
from pathlib import Path

import pytest

from gazetteer import ambiguity
from gazetteer.build import CURATED_ADMIN_TABLE, OPEN_TABLE, build
from gazetteer.merge import haversine_km, merge_places
from gazetteer.normalize import fold, name_key
from gazetteer.place import Place

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "gazetteer" / "data"
SHIPPED = ("libya_open.csv", "baladiyat.csv", "curated_admin.csv", "name_ambiguity.csv")
ADMIN1 = {"Darnah", "Banghazi", "Al Marj", "Al Kufrah", "Al Jabal al Akhdar", "Tripoli", "Surt", "Sabha",
          "Nalut", "Murzuq", "Misratah", "Ghat", "Az Zawiyah", "Wadi ash Shati'", "Al Jufrah",
          "An Nuqat al Khams", "Al Butnan", "Jabal al Gharbi", "Al Jafarah", "Al Marqab", "Al Wahat",
          "Wadi al Hayat"}


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --- reproducible -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rebuilt(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    pytest.importorskip("wordfreq", reason="the build reads word frequencies from wordfreq (test extra)")
    a, b = tmp_path_factory.mktemp("build-a"), tmp_path_factory.mktemp("build-b")
    build(shared_data, a)
    build(shared_data, b)
    return a, b


def test_building_twice_gives_identical_tables(rebuilt: tuple[Path, Path]) -> None:
    a, b = rebuilt
    for name in SHIPPED:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_shipped_tables_are_what_the_build_makes(rebuilt: tuple[Path, Path]) -> None:
    a, _ = rebuilt
    for name in SHIPPED:
        assert (a / name).read_bytes() == (DATA / name).read_bytes(), f"{name}: run python -m gazetteer.build"


# --- counts, admin, licences --------------------------------------------------------------------


def test_counts_of_the_built_in_gazetteer(gazetteer_index) -> None:
    info = gazetteer_index.info()
    assert len(_rows(OPEN_TABLE)) >= 1200
    assert info["in_libya"] >= 1420
    assert info["districts_or_facilities"] >= 375
    assert info["with_admin1"] == info["libyan_not_country"]
    assert info["with_admin2"] == info["libyan_not_country"]
    libyan = [p for p in gazetteer_index.places if p.in_libya and p.kind not in ("country", "region")]
    assert {p.admin1 for p in libyan} <= ADMIN1


def test_every_shipped_row_has_admin1_admin2_and_a_coordinate_source() -> None:
    for r in _rows(OPEN_TABLE):
        assert r["admin1"] in ADMIN1, r["id"]
        assert r["admin2"], r["id"]
        assert r["coord_source"], r["id"]
    for r in _rows(CURATED_ADMIN_TABLE):
        assert r["admin1"] in ADMIN1 and r["admin2"] and r["method"].startswith("nearest-seat"), r


@pytest.mark.parametrize("place_id,admin1,admin2", [
    ("osm:node/1411070218", "Tripoli", "Abu Salim"),       # أبو سليم
    ("osm:node/1221370214", "Tripoli", "Tajoura"),         # تاجوراء
    ("osm:node/1565512489", "Tripoli", "Qasr Bin Ghashir"),
    ("osm:node/277399765", "Al Wahat", "Ajdabiya"),
])
def test_admin_assignment_of_known_places(place_id: str, admin1: str, admin2: str) -> None:
    row = next(r for r in _rows(OPEN_TABLE) if r["id"] == place_id)
    assert (row["admin1"], row["admin2"]) == (admin1, admin2)


def test_the_same_place_from_osm_and_wof_is_one_row_with_both_ids() -> None:
    tajura = next(r for r in _rows(OPEN_TABLE) if r["id"] == "osm:node/1221370214")
    assert {"wof:890428763", "geonames:2210394"} <= set(tajura["provenance"].split("|"))
    assert "تاجوراء" in tajura["names_ar"] and "Tagiura" in tajura["names_latin"]
    ids = [pid for r in _rows(OPEN_TABLE) for pid in r["provenance"].split("|")]
    assert len(ids) == len(set(ids)), "a source record is in two rows"


def test_licences_and_attribution_ship_with_the_tables() -> None:
    licences = (DATA / "LICENSES.md").read_text(encoding="utf-8")
    attribution = (DATA / "ATTRIBUTION").read_text(encoding="utf-8")
    for needle in ("ODbL", "OpenStreetMap contributors", "Who's On First", "GeoNames", "airportsdata",
                   "NewsFANE", "geoBoundaries", "ACLED"):
        assert needle in licences, needle
    assert "Open Database License" in attribution and "OpenStreetMap contributors" in attribution
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"data/*.md", "data/ATTRIBUTION"' in pyproject


def test_no_acled_coordinate_is_shipped(shared_data: Path) -> None:
    """ACLED may check a point, never give one: a shipped point equal to an ACLED point must come from
    an open source that ACLED coded from too (Mitiga airport is airportsdata's point and ACLED's)."""
    acled = set()
    for f in glob.glob(str(shared_data / "events" / "*.csv")):
        with open(f, encoding="utf-8", newline="") as fh:
            acled |= {(round(float(r["latitude"]), 4), round(float(r["longitude"]), 4)) for r in csv.DictReader(fh)}
    for name in ("libya_open.csv", "curated_urban.csv"):
        for r in _rows(name):
            where = (name, r.get("id") or r["key"], r["coord_source"])
            assert not r["coord_source"].lower().startswith("acled"), where
            if (round(float(r["lat"]), 4), round(float(r["lon"]), 4)) in acled:
                assert r["coord_source"].startswith(("osm ", "wof ", "airportsdata ", "ourairports ")), where


# --- coordinates checked against the reference data -------------------------------------------


def _reference(shared_data: Path) -> dict[str, list[tuple[float, float, str]]]:
    ref: dict[str, list[tuple[float, float, str]]] = {}
    raw = json.loads((shared_data / "osm-libya-places" / "overpass_places_raw.json").read_text(encoding="utf-8"))
    for el in raw["elements"]:
        for k, v in el.get("tags", {}).items():
            if k.startswith(("name", "alt_name")):
                ref.setdefault(name_key(v), []).append((el["lat"], el["lon"], f"osm node/{el['id']}"))
    with open(shared_data / "wof-libya" / "wof_libya_places.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            for n in (r["name"], r["name_ar"], r["name_en"]):
                if n:
                    ref.setdefault(name_key(n), []).append((float(r["latitude"]), float(r["longitude"]),
                                                           f"wof {r['wof_id']}"))
    for f in glob.glob(str(shared_data / "events" / "*.csv")):  # ACLED: to check, never to ship
        with open(f, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                ref.setdefault(name_key(r["location"]), []).append((float(r["latitude"]), float(r["longitude"]),
                                                                    "acled"))
    return ref


def test_curated_urban_rows_lie_within_their_tolerance_of_the_reference(shared_data: Path) -> None:
    ref = _reference(shared_data)
    checked = 0
    for r in _rows("curated_urban.csv"):
        lat, lon, tol = float(r["lat"]), float(r["lon"]), float(r["tol_km"])
        assert 0 < tol <= 10, r["key"]
        assert r["coord_source"].startswith(("osm ", "wof ", "airportsdata ", "knowledge")), r["key"]
        names = [r["name"], r["name_ar"], *r["names_ar"].split("|"), *r["names_latin"].split("|")]
        points = [pt for n in names if n for pt in ref.get(name_key(n), ())]
        near = [(haversine_km(lat, lon, a, b), src) for a, b, src in points]
        near = [t for t in near if t[0] <= 30]  # farther same-name places are other places
        if r["coord_source"].startswith(("osm ", "wof ")):
            # the row says its point is that reference point: it must be it
            src = r["coord_source"].split(" (")[0]
            assert any(d < 0.05 and s == src for d, s in near), (r["key"], r["coord_source"], near[:3])
        if near:
            checked += 1
            assert min(d for d, _ in near) <= tol, (r["key"], sorted(near)[:3])
    # 11 of the 63 rows have a same-name reference point (the rest are facilities no open source has)
    assert checked >= 10


def test_every_curated_urban_row_lies_in_its_city() -> None:
    """A knowledge-only point cannot be checked by name; it can be checked against its city (a swapped
    or mistyped coordinate lands far away)."""
    from gazetteer.build import URBAN_RADIUS_KM

    centres = {city.lower(): (la, lo) for city, (la, lo, _) in URBAN_RADIUS_KM.items()}
    # Other towns (Khoms, Zuwara ...) by their curated row's key.
    towns = {r["key"]: (float(r["lat"]), float(r["lon"])) for r in _rows("curated.csv")
             if r["kind"] in ("city", "town")}
    for r in _rows("curated_urban.csv"):
        assert r["city"] in centres or r["city"] in towns, (r["key"], r["city"])
        la, lo = centres.get(r["city"]) or towns[r["city"]]
        assert haversine_km(float(r["lat"]), float(r["lon"]), la, lo) <= 40, r["key"]


def test_shipped_points_are_their_sources_points(shared_data: Path) -> None:
    raw = json.loads((shared_data / "osm-libya-places" / "overpass_places_raw.json").read_text(encoding="utf-8"))
    nodes = {f"osm:node/{el['id']}": (el["lat"], el["lon"]) for el in raw["elements"]}
    rows = [r for r in _rows(OPEN_TABLE) if r["id"] in nodes]
    assert len(rows) > 850
    for r in rows:
        la, lo = nodes[r["id"]]
        assert math.isclose(float(r["lat"]), la, abs_tol=1e-6) and math.isclose(float(r["lon"]), lo, abs_tol=1e-6)


def test_urban_districts_are_inside_their_city(gazetteer_index) -> None:
    by_id = {p.id: p for p in gazetteer_index.places}
    # Bab Akara, Abu Salim, Gargaresh
    for pid in ("osm:node/10073965240", "osm:node/1411070218", "osm:node/1565511716"):
        p = by_id.get(pid) or gazetteer_index.get(pid)
        assert p is not None and p.kind == "neighbourhood", pid
        assert haversine_km(p.lat, p.lon, 32.896672, 13.177792) < 9


# --- ordinary words -----------------------------------------------------------------------------


def test_ambiguity_table_flags_common_words_and_spares_town_names() -> None:
    table = ambiguity.load_table()
    assert len(table) > 150
    for form in ("الخمس", "الزاوية", "قرية", "السراج", "صياد", "الجديد", "المدينة"):
        score, common, _ = table[fold(form)]
        assert common and score >= 0.5, form
    for form in ("السراج", "صياد", "قرية", "العدم"):
        assert not table[fold(form)][2], f"{form} is never scanned for on bulk places"
    for town in ("ترهونة", "غريان", "سرت", "بنغازي", "طمينة", "القوارشة"):
        assert not table.get(fold(town), (0.0, False, True))[1], town


def test_measure_counts_place_person_and_ordinary_readings() -> None:
    tokens = [("زار", "O"), ("الخمس", "O"), ("سنوات", "O"), ("", ""), ("في", "O"), ("الخمس", "loc"),
              ("", ""), ("قال", "O"), ("جعفر", "per"), ("", ""), ("دوله", "O"), ("قطر", "loc")]
    got = ambiguity.measure(tokens, ["الخمس", "جعفر", "دوله قطر"])
    assert got["الخمس"] == ambiguity.Measure(n_place=1, n_other=1)
    assert got["جعفر"].n_person == 1 and got["جعفر"].word_share == 1.0
    assert got["دوله قطر"].n_place == 1  # a place when any of its tokens is one


def test_flags_from_shape_when_nothing_was_measured() -> None:
    assert ambiguity.flag("ال", {}).reason == "very short"
    assert ambiguity.flag(fold("السوق"), {}).reason == "generic noun"
    assert ambiguity.flag(fold("القرية الشرقية"), {}).reason == "generic nouns"
    assert not ambiguity.flag(fold("طريق المطار"), {}).common_word  # a real (if city-ambiguous) name
    assert not ambiguity.flag(fold("ترهونة"), {}).common_word
    frequent = ambiguity.frequent_flag("صياد", 3.74, None)
    assert frequent is not None and frequent.common_word and not frequent.scan
    assert ambiguity.frequent_flag("اولاد سعيد", 4.5, None) is None  # phrases are not judged by word frequency


def test_newsfane_is_read_with_its_bom_and_marks(shared_data: Path) -> None:
    tokens = ambiguity.read_corpus(shared_data / "arabic-text" / "NewsFANE_Gold_2014_170K.tsv")
    assert len(tokens) > 170_000
    assert not any(t.startswith(("\ufeff", "\u200e")) for t, _ in tokens[:1000])
    assert {tag for _, tag in tokens} == {"loc", "per", "ent", "O", ""}
    assert tokens[0][1] == "loc"  # the first token, behind the BOM and an LRM, is a Population-Center


def test_index_keeps_search_only_forms_out_of_the_scan(gazetteer_index) -> None:
    assert any(h.place.id == "osm:node/1565511484" or "osm:node/1565511484" in h.place.provenance
               for h in gazetteer_index.search("السراج"))  # gazetteer search still finds the quarter
    assert fold("السراج") not in gazetteer_index.forms  # the text scan does not look for the PM's name
    assert fold("منطقة السراج") in gazetteer_index.forms  # the district phrase is scanned
    amb, common = gazetteer_index.form_ambiguity("الخُمس")
    assert common and amb == 1.0


def test_places_in_running_text_are_not_ordinary_words(gazetteer_index) -> None:
    from geo.article import Article
    from geo.places import extract_mentions

    text = ("التقى السراج وفدا من مصراتة، وقال صياد من طرابلس إن الأمر لم يأت من العدم. "
            "وسقطت قذيفة على منطقة السراج غرب طرابلس.")
    mentions = extract_mentions(Article(doc="t", text=text), gazetteer_index)
    got = [(m.surface, m.place.id) for m in mentions if m.place is not None]
    surfaces = [s for s, _ in got]
    assert "السراج" not in surfaces and "صياد" not in surfaces and "العدم" not in surfaces, got
    assert "منطقة السراج" in surfaces and "مصراتة" in surfaces


# --- merge -------------------------------------------------------------------------------------


def _p(pid: str, name: str, lat: float, lon: float, kind: str, source: str) -> Place:
    return Place(id=pid, name=name, lat=lat, lon=lon, kind=kind, country="LY", names=(name,), source=source,
                 provenance=(pid,))


def test_a_nearer_record_of_the_same_source_displaces_a_farther_one() -> None:
    curated = _p("curated:khoms", "Khoms", 32.6522, 14.268, "city", "curated")
    village = _p("osm:node/1", "Khoms", 32.60, 14.20, "village", "libya-open")  # 8 km off, arrives first
    city = _p("osm:node/2", "Khoms", 32.6521, 14.2680, "city", "libya-open")
    merged = merge_places([curated, village, city])
    by_id = {m.place.id: m.place for m in merged}
    assert set(by_id["curated:khoms"].provenance) == {"curated:khoms", "osm:node/2"}
    assert "osm:node/1" in by_id  # the village stays a place of its own


def test_every_libyan_place_lies_on_land_or_its_shore(gazetteer_index) -> None:
    """No shipped point out at sea: open-data points more than OFFSHORE_KM off the coast are dropped by the
    build, and curated coastal facilities (ports, terminals) sit on the shore of the outline."""
    from shapely.geometry import Point
    from shapely.ops import nearest_points

    from gazetteer.boundaries import libya_outline_shape
    from gazetteer.build import OFFSHORE_KM, drop_offshore

    land = libya_outline_shape()
    libyan = [p for p in gazetteer_index.places if p.in_libya and p.kind != "country"]
    for p in libyan:
        q = nearest_points(land, Point(p.lon, p.lat))[0]
        assert haversine_km(p.lat, p.lon, q.y, q.x) <= OFFSHORE_KM, (p.id, p.name, p.lat, p.lon)
    # and the filter itself drops a point 8 km out to sea (Al Burayqah's rounded GeoNames point)
    at_sea = Place(id="wof:x", name="x", lat=30.4, lon=19.3833, kind="village", country="LY")
    assert drop_offshore([at_sea, libyan[0]]) == ([libyan[0]], [at_sea])
