"""A missing output folder is an error (issue 20): `export -o /nonexistent/dir/x.gpkg` used to create the
folder and exit 0. Every command that writes a file stops with one line and exit 2, before reading
anything, and writes nothing; `--mkdir` asks for the folder to be created."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from geo.cli.main import cli

ARTICLE = "اندلعت اشتباكات عنيفة صباح اليوم في محيط مدينة سرت بين قوات متنافسة."


@pytest.fixture(autouse=True)
def _index(gazetteer_index: object) -> None:
    """The built-in gazetteer in a temporary cache (never the user's)."""


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture()
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _commands(article: Path, out: Path) -> list[tuple[str, list[str]]]:
    a = str(article)
    return [
        ("-o", ["events", a, "--date", "2020-01-14", "-o", str(out / "events.json"), "--format", "json"]),
        ("-o", ["map", a, "-o", str(out / "map.html")]),
        ("--geojson", ["map", a, "-o", str(article.parent / "map.html"), "--geojson", str(out / "map.geojson")]),
        ("-o", ["export", a, "-o", str(out / "x.gpkg")]),
        ("-o", ["export", a, "-o", str(out / "x.csv")]),
        ("-o", ["export", a, "-o", str(out / "x.parquet")]),
        ("--store", ["ingest", a, "--store", str(out / "events.gpkg")]),
        ("-o", ["fetch", "http://127.0.0.1:9/never-asked", "-o", str(out / "corpus.jsonl")]),
    ]


@pytest.mark.parametrize("i", range(8))
def test_a_missing_output_folder_is_one_line_exit_2_and_nothing_is_written(tmp_path: Path, article: Path,
                                                                            i: int) -> None:
    out = tmp_path / "no" / "such" / "dir"
    option, args = _commands(article, out)[i]
    before = sorted(p.name for p in tmp_path.iterdir())
    res = run(*args)
    assert res.exit_code == 2, (args, res.exit_code, res.stderr)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("conflictmap: error: ") and f": {option}: folder {out} does not exist" in lines[0]
    assert "--mkdir" in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no folder, no map.html, no store


def test_store_copy_into_a_missing_folder(tmp_path: Path, article: Path) -> None:
    src = tmp_path / "events.gpkg"
    assert run("ingest", str(article), "--store", str(src)).exit_code == 0
    dst = tmp_path / "backup" / "copy.gpkg"
    res = run("store", "copy", str(src), str(dst))
    assert res.exit_code == 2 and "DST: folder" in res.stderr and not dst.parent.exists()
    res = run("store", "copy", str(src), str(dst), "--mkdir")
    assert res.exit_code == 0, res.stderr
    assert dst.is_file()


def test_an_output_under_a_file_says_it_is_not_a_folder(tmp_path: Path, article: Path) -> None:
    res = run("export", str(article), "-o", str(article / "x.geojson"))
    assert res.exit_code == 2 and f"{article} is not a folder" in res.stderr
    assert article.read_text(encoding="utf-8") == ARTICLE


def test_mkdir_creates_the_folder(tmp_path: Path, article: Path) -> None:
    out = tmp_path / "new" / "deeper"
    res = run("export", str(article), "--date", "2020-01-14", "-o", str(out / "x.geojson"), "--mkdir")
    assert res.exit_code == 0, res.stderr
    assert json.loads((out / "x.geojson").read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    res = run("events", str(article), "--date", "2020-01-14", "--format", "json", "-o", str(out / "e" / "e.json"),
              "--mkdir")
    assert res.exit_code == 0 and isinstance(json.loads((out / "e" / "e.json").read_text(encoding="utf-8")), list)
    res = run("ingest", str(article), "--store", str(out / "s" / "events.gpkg"), "--mkdir")
    assert res.exit_code == 0 and (out / "s" / "events.gpkg").is_file()


def test_an_output_in_the_current_folder_needs_no_option(tmp_path: Path, article: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    res = run("export", str(article), "-o", "x.csv")
    assert res.exit_code == 0, res.stderr
    assert (tmp_path / "x.csv").is_file()
