"""The compiled index on disk: rebuilt when a source changes, survives corruption, records imports."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

from gazetteer import cache
from gazetteer.cache import import_source, load_index
from gazetteer.errors import GazetteerFileError
from gazetteer.index import GazetteerIndex
from gazetteer.sources.curated import CuratedSource

FIXTURES = Path(__file__).parent / "data" / "gazetteer"


@pytest.fixture()
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    monkeypatch.setenv("CONFLICTMAP_CACHE_DIR", str(tmp_path / "cache"))
    cache.clear_memo()
    curated = tmp_path / "curated.csv"
    countries = tmp_path / "countries.csv"
    shutil.copy(FIXTURES / "curated_mini.csv", curated)
    shutil.copy(FIXTURES / "countries_mini.csv", countries)
    yield {"curated": curated, "countries": countries, "dir": tmp_path / "cache"}
    cache.clear_memo()


def _sources(env: dict[str, Path]) -> list:
    return [CuratedSource(env["curated"], env["countries"])]


def test_builds_then_loads_without_rebuilding(env: dict[str, Path]) -> None:
    first = load_index(base_sources=_sources(env))
    target = env["dir"] / cache.INDEX_FILE
    assert target.exists()
    stamp = target.stat().st_mtime_ns
    second = load_index(base_sources=_sources(env))
    assert target.stat().st_mtime_ns == stamp  # read, not rebuilt
    assert [p.id for p in second.places] == [p.id for p in first.places]
    assert second.search("بو قرين")[0].place.id == "curated:abu_qurayn"


def test_rebuilds_when_a_source_changes(env: dict[str, Path]) -> None:
    before = load_index(base_sources=_sources(env))
    assert not before.lookup("هون")
    with open(env["curated"], "a", encoding="utf-8") as fh:
        fh.write("hun,Hun,هون,town,29.1268,15.9477,Al Jufrah,,هون,Hun|Houn,1,,coords: test\n")
    after = load_index(base_sources=_sources(env))
    assert after.lookup("هون")[0][0].id == "curated:hun"
    assert after.sources["curated"] != before.sources["curated"]


def test_survives_a_corrupted_cache_file(env: dict[str, Path], caplog: pytest.LogCaptureFixture) -> None:
    load_index(base_sources=_sources(env))
    target = env["dir"] / cache.INDEX_FILE
    target.write_bytes(b"\x80\x05garbage, not a pickle")
    with caplog.at_level(logging.WARNING, logger="conflictmap.gazetteer"):
        index = load_index(base_sources=_sources(env))
    assert isinstance(index, GazetteerIndex) and index.lookup("سرت")
    assert "unreadable" in caplog.text
    assert isinstance(cache._read_index(target), GazetteerIndex)  # rewritten whole


def test_explicit_index_path(env: dict[str, Path], tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "my.idx"
    load_index(str(target), base_sources=_sources(env))
    assert target.exists() and not (env["dir"] / cache.INDEX_FILE).exists()


def test_import_records_the_file_and_rebuilds(env: dict[str, Path], tmp_path: Path) -> None:
    custom = tmp_path / "front.csv"
    custom.write_text("name,name_ar,lat,lon,kind\nAl-Hisha gate,بوابة الهيشة,31.5551,15.2405,landmark\n",
                      encoding="utf-8")
    count, index = import_source(custom, base_sources=_sources(env))
    assert count == 1
    assert index.lookup("بوابة الهيشة")[0][0].id == "csv:front:1"
    manifest = json.loads((env["dir"] / cache.MANIFEST_FILE).read_text(encoding="utf-8"))
    assert manifest["imports"] == [{"path": str(custom.resolve()), "kind": "csv"}]
    # a later load (another process) includes it, and rebuilds when the file changes
    again = load_index(base_sources=_sources(env))
    assert again.lookup("Al-Hisha gate")
    custom.write_text("name,lat,lon\nQasr Bin Ghashir checkpoint,32.68,13.18\n", encoding="utf-8")
    changed = load_index(base_sources=_sources(env))
    assert not changed.lookup("بوابة الهيشة") and changed.lookup("Qasr Bin Ghashir checkpoint")


def test_imported_file_that_turned_bad_is_left_out(env: dict[str, Path], tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    custom = tmp_path / "p.csv"
    custom.write_text("name,lat,lon\nQasr Bin Ghashir checkpoint,32.68,13.18\n", encoding="utf-8")
    import_source(custom, base_sources=_sources(env))
    custom.write_text("name,lat,lon\nQasr Bin Ghashir checkpoint,north,13.18\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="conflictmap.gazetteer"):
        index = load_index(base_sources=_sources(env))
    assert index.lookup("سرت") and not index.lookup("Qasr Bin Ghashir checkpoint")
    assert f"{custom}:2" in caplog.text


def test_import_rejects_bad_file_and_leaves_manifest_alone(env: dict[str, Path], tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat\nSirte,31.2\n", encoding="utf-8")
    with pytest.raises(GazetteerFileError, match="missing column"):
        import_source(bad, base_sources=_sources(env))
    assert not (env["dir"] / cache.MANIFEST_FILE).exists()


@pytest.mark.parametrize("name,body,kind", [
    ("x.json", '{"elements": []}', "osm"),
    ("x.csv", "name,lat,lon\n", "csv"),
    ("LY.txt", "\t".join(["1"] * 19) + "\n", "geonames"),
    ("places.dat", "name,lat,lon\n", "csv"),
    ("dump.dat", '  {"elements": []}', "osm"),
])
def test_guess_kind(tmp_path: Path, name: str, body: str, kind: str) -> None:
    f = tmp_path / name
    f.write_text(body, encoding="utf-8")
    assert cache.guess_kind(f) == kind


def test_load_index_is_process_cached(env: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "default_sources", lambda: _sources(env))
    first = load_index()
    assert load_index() is first


@pytest.mark.parametrize(
    "manifest",
    [
        '{"imports": ' + "[" * 100_000 + "]" * 100_000 + "}",  # nested past the JSON parser's recursion limit
        "[" * 50_000 + "]" * 50_000,
        '{"imports": 5}',
        '{"imports": "x"}',
        '"imports"',
        '{"imports": [{"path": 7}, {"path": "a\\u0000b", "kind": "osm"}, {"path": ""}, 3, null]}',
        '{"imports": [{"path": "/nonexistent/places.csv", "kind": ["osm"]}]}',
        "\ufeff{not json",
    ],
    ids=["deep-imports", "deep-list", "int", "string", "bare-string", "bad-entries", "bad-kind", "not-json"],
)
def test_a_broken_manifest_is_ignored_and_the_index_rebuilt(
    env: dict[str, Path], manifest: str, caplog: pytest.LogCaptureFixture
) -> None:
    env["dir"].mkdir(parents=True, exist_ok=True)
    (env["dir"] / cache.MANIFEST_FILE).write_text(manifest, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="conflictmap.gazetteer"):
        index = load_index(base_sources=_sources(env))
    assert index.search("بو قرين")[0].place.id == "curated:abu_qurayn"
    assert caplog.records, "a broken manifest is worth a warning"
    assert all(isinstance(e["path"], str) and "\x00" not in e["path"] for e in cache.read_manifest())


def test_import_after_a_broken_manifest_rewrites_it(env: dict[str, Path], tmp_path: Path) -> None:
    env["dir"].mkdir(parents=True, exist_ok=True)
    (env["dir"] / cache.MANIFEST_FILE).write_text("[" * 100_000, encoding="utf-8")
    custom = tmp_path / "mine.csv"
    custom.write_text("name,lat,lon,name_ar\nQasr Test,31.1,15.2,قصر الاختبار\n", encoding="utf-8")
    count, index = import_source(custom, base_sources=_sources(env))
    assert count == 1 and index.search("قصر الاختبار")
    assert json.loads((env["dir"] / cache.MANIFEST_FILE).read_text(encoding="utf-8"))["imports"] == [
        {"path": str(custom.resolve()), "kind": "csv"}
    ]


def test_importing_a_deeply_nested_json_is_a_file_error(env: dict[str, Path], tmp_path: Path) -> None:
    nested = tmp_path / "nested.json"
    nested.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(GazetteerFileError) as err:
        import_source(nested, base_sources=_sources(env))
    assert err.value.path == str(nested) and "nested" in str(err.value)


def test_two_imported_csvs_with_the_same_stem_keep_distinct_ids(env: dict[str, Path], tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = tmp_path / "a" / "front.csv", tmp_path / "b" / "front.csv"
    first.write_text("name,lat,lon,kind\nAl-Hisha gate,31.5551,15.2405,landmark\n", encoding="utf-8")
    second.write_text("name,lat,lon,kind\nQasr Bin Ghashir checkpoint,32.68,13.18,landmark\n", encoding="utf-8")
    import_source(first, base_sources=_sources(env))
    _, index = import_source(second, base_sources=_sources(env))
    a, b = index.lookup("Al-Hisha gate")[0][0], index.lookup("Qasr Bin Ghashir checkpoint")[0][0]
    assert (a.id, b.id) == ("csv:front:1", "csv:front_2:1")
    assert (a.lat, b.lat) == (31.5551, 32.68)  # two places, neither merged into the other
    # stable from run to run (manifest order), and in a fresh load
    cache.clear_memo()
    again = load_index(base_sources=_sources(env))
    assert again.lookup("Qasr Bin Ghashir checkpoint")[0][0].id == "csv:front_2:1"
