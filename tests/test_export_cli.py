"""``conflictmap export`` and ``ingest`` end to end through the command line, on real articles."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyogrio
import pytest
from click.testing import CliRunner

from geo.cli.main import cli
from maps.geojson import rfc7946_problems

ARTICLES = [
    {"id": "wasat-1", "date": "2020-01-06", "source": "الوسط",
     "text": "اندلعت اشتباكات عنيفة بين قوات الجيش الوطني وقوات حكومة الوفاق في منطقة أبوقرين جنوب مصراتة، "
             "وقُتل ثلاثة مقاتلين. وقال مصدر عسكري إن طائرة مسيرة تركية قصفت مواقع قرب سرت."},
    {"id": "observer-2", "date": "2020-01-07", "source": "ليبيا أوبزرفر",
     "text": "أعلنت قوات الوفاق سيطرتها على بلدة أبوقرين بعد معارك مع قوات حفتر، فيما وصلت تعزيزات من أنقرة "
             "إلى طرابلس."},
]


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


def test_seed_to_every_format(seed_path: Path, tmp_path: Path) -> None:
    for name in ("seed.geojson", "seed.gpkg", "seed.csv", "seed.parquet"):
        code, _, err = run("export", str(seed_path), "-o", str(tmp_path / "out" / name), "--date", "2020-01",
                           "--mkdir")  # out/ is created for the first
        assert code == 0, err
        assert f"wrote {tmp_path / 'out' / name}" in err
    fc = json.loads((tmp_path / "out" / "seed.geojson").read_text(encoding="utf-8"))
    assert rfc7946_problems(fc) == []
    places = [f for f in fc["features"] if f["properties"]["kind"] == "place"]
    assert places, "the seed article names Libyan places"
    assert all(f["properties"]["doc"] == str(seed_path) for f in places)
    layers = {n for n, _ in pyogrio.list_layers(tmp_path / "out" / "seed.gpkg")}
    assert layers == {"places", "events", "control_areas", "front_lines"}
    gpkg_places = pyogrio.read_dataframe(tmp_path / "out" / "seed.gpkg", layer="places")
    assert len(gpkg_places) == len(places)
    header = (tmp_path / "out" / "seed.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("event_id_cnty,event_date,year,time_precision,disorder_type,event_type")


def test_corpus_and_store_round_trip(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "events.gpkg"
    code, _, err = run("ingest", str(corpus), "--store", str(store))
    assert code == 0, err
    assert "2 articles added" in err
    code, _, err = run("ingest", str(corpus), "--store", str(store))
    assert code == 0 and "0 articles added" in err and "2 already stored" in err
    code, _, err = run("export", "--store", str(store), "--from", "2020-01-01", "--to", "2020-01-31",
                       "-o", str(tmp_path / "jan.geojson"))
    assert code == 0, err
    fc = json.loads((tmp_path / "jan.geojson").read_text(encoding="utf-8"))
    assert rfc7946_problems(fc) == []
    surfaces = {f["properties"].get("surface") for f in fc["features"] if f["properties"]["kind"] == "place"}
    assert any(s and "قرين" in s for s in surfaces)
    foreign = [f for f in fc["features"] if f["properties"]["kind"] == "place" and not f["properties"]["in_libya"]]
    assert all(f["properties"]["country"] != "LY" for f in foreign)
    mentions = pyogrio.read_dataframe(store, layer="mentions")
    assert set(mentions["doc"]) == {"wasat-1", "observer-2"}


@pytest.mark.parametrize("args, needle", [
    (["-o", "out.shp"], "unknown output format"),
    (["-o", "out.geojson", "--bom"], "--bom applies to CSV"),
    (["-o", "out.csv"], "nothing to export"),
    (["-o", "out.csv", "--from", "2020-01-01", "x.txt"], "use them with --store"),
])
def test_bad_usage_exits_2(args: list[str], needle: str, tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run("export", *args)
    assert code == 2 and needle in err and len(err.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())


def test_bad_input_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "طرابلس"}\n{"id": "b", "txt": "no text"}\n', encoding="utf-8")
    out = tmp_path / "out.geojson"
    code, _, err = run("export", str(bad), "-o", str(out))
    assert code == 2 and f"{bad}:2" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_bad_store_and_bad_dates(tmp_path: Path) -> None:
    code, _, err = run("export", "--store", str(tmp_path / "none.gpkg"), "-o", str(tmp_path / "o.csv"))
    assert code == 2 and "no such event store" in err
    junk = tmp_path / "junk.gpkg"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    code, _, err = run("ingest", "-", "--store", str(junk))
    assert code == 2 and "junk.gpkg" in err
    code, _, err = run("export", "--store", str(junk), "--from", "2020-13-01", "-o", str(tmp_path / "o.csv"))
    assert code == 2 and "--from" in err
    assert not (tmp_path / "o.csv").exists()


def test_unwritable_output_is_one_line_exit_2(tmp_path: Path, seed_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    a_dir = tmp_path / "dir.geojson"
    a_dir.mkdir()
    for target in (blocker / "out.geojson", Path("/proc/conflictmap-no/out.gpkg"), a_dir):
        code, _, err = run("export", str(seed_path), "-o", str(target))
        assert code == 2, (target, err)
        assert len(err.strip().splitlines()) == 1 and "error" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_read_only_directory(tmp_path: Path, seed_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        code, _, err = run("export", str(seed_path), "-o", str(ro / "x.csv"))
        assert code == 2 and "not writable" in err
    finally:
        ro.chmod(0o755)
