"""``--workers`` / ``--scheduler`` on ``events``, ``export`` and ``ingest``: the same outputs as without
Dask, one-line errors, failed partitions named, and no dask import unless asked for."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli.main import cli

ROOT = Path(__file__).resolve().parents[1]
HAVE_DASK = all(importlib.util.find_spec(m) for m in ("distributed", "dask_geopandas"))
needs_dask = pytest.mark.skipif(
    not HAVE_DASK and os.environ.get("CONFLICTMAP_REQUIRE_SHARED") != "1",
    reason="Dask is not installed (pip install conflictmap[dask])",
)


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _no_stamp(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "timestamp"} for r in records]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, shared_data: Path, seed_text: str) -> Path:
    from geo.distributed.corpus import write_corpus

    path = tmp_path_factory.mktemp("dask-cli") / "أخبار.jsonl"
    write_corpus(path, shared_data, seed_text, 400)
    return path


def test_commands_do_not_import_dask_without_the_options() -> None:
    code = ("import sys; import geo.cli.events, geo.cli.export, geo.cli.ingest; "
            "from geo.cli.main import cli; "
            "sys.exit(1 if any(m.split('.')[0] in ('dask', 'distributed', 'dask_geopandas') "
            "for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


@pytest.mark.parametrize("command", ["events", "export", "ingest"])
def test_missing_dask_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, seed_path: Path,
                                             gazetteer_index: object, command: str) -> None:
    import geo.distributed.options as options

    real = importlib.util.find_spec
    monkeypatch.setattr(options.importlib.util, "find_spec",
                        lambda name, *a: None if name == "distributed" else real(name, *a))
    extra = {"events": [], "export": ["-o", str(tmp_path / "o.geojson")],
             "ingest": ["--store", str(tmp_path / "s.gpkg")]}[command]
    res = _run(command, str(seed_path), "--date", "2020-01", *extra, "--workers", "2")
    assert res.exit_code == 2
    assert "pip install conflictmap[dask]" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())  # nothing written


@needs_dask
def test_events_json_equal_with_two_workers(corpus: Path, seed_path: Path, gazetteer_index: object) -> None:
    args = ["events", str(corpus), str(seed_path), "--date", "2020-01-15", "--format", "json"]
    plain = _run(*args)
    dist = _run(*args, "--workers", "2")
    assert plain.exit_code == 0 and dist.exit_code == 0, dist.stderr
    events = json.loads(plain.stdout)
    assert len(events) >= 8  # the confident events (--min-confidence 0.5)
    assert _no_stamp(json.loads(dist.stdout)) == _no_stamp(events)


@needs_dask
def test_events_bad_line_names_file_and_line(tmp_path: Path, corpus: Path, gazetteer_index: object) -> None:
    bad = tmp_path / "bad.jsonl"
    lines = corpus.read_text(encoding="utf-8").splitlines()[:30]
    lines[17] = '{"id": "x", "text": "طرابلس"'  # cut short
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = _run("events", str(bad), "--workers", "2", "--format", "json")
    assert res.exit_code == 2
    assert f"{bad}:18: not valid JSON" in res.stderr
    skipped = _run("events", str(bad), "--workers", "2", "--format", "json", "--skip-bad")
    assert skipped.exit_code == 0
    assert _no_stamp(json.loads(skipped.stdout)) == _no_stamp(
        json.loads(_run("events", str(bad), "--format", "json", "--skip-bad").stdout))


@needs_dask
def test_export_geojson_equal_with_two_workers(tmp_path: Path, corpus: Path, gazetteer_index: object) -> None:
    a, b = tmp_path / "a.geojson", tmp_path / "b.geojson"
    assert _run("export", str(corpus), "-o", str(a)).exit_code == 0
    res = _run("export", str(corpus), "-o", str(b), "--workers", "2")
    assert res.exit_code == 0, res.stderr
    fa, fb = (json.loads(p.read_text(encoding="utf-8"))["features"] for p in (a, b))
    assert {f["properties"]["kind"] for f in fa} >= {"place", "event"}
    assert [_no_stamp([f["properties"]])[0] for f in fb] == [_no_stamp([f["properties"]])[0] for f in fa]
    assert [f["geometry"] for f in fb] == [f["geometry"] for f in fa]


@needs_dask
def test_export_parquet_dataset_has_the_single_file_rows(tmp_path: Path, corpus: Path,
                                                         gazetteer_index: object) -> None:
    import geopandas as gpd
    import pyarrow.parquet as pq

    single, dataset = tmp_path / "one.parquet", tmp_path / "many.parquet"
    assert _run("export", str(corpus), "-o", str(single)).exit_code == 0
    res = _run("export", str(corpus), "-o", str(dataset), "--workers", "2")
    assert res.exit_code == 0, res.stderr
    files = sorted(dataset.glob("*.parquet"))
    assert dataset.is_dir() and len(files) > 1
    for f in files:
        geo = json.loads(pq.read_schema(f).metadata[b"geo"])
        assert geo["primary_column"] == "geometry" and geo["columns"]["geometry"]["encoding"] == "WKB"
    assert len({str(pq.read_schema(f).remove_metadata()) for f in files}) == 1  # one schema
    a, b = gpd.read_parquet(single), gpd.read_parquet(dataset)
    key = ["event_id_cnty", "doc", "x_start"]
    a = a.sort_values(key).reset_index(drop=True).drop(columns="timestamp")
    b = b.sort_values(key).reset_index(drop=True).drop(columns="timestamp")
    assert list(a.columns) == list(b.columns)
    assert len(a) >= 8  # the confident events (--min-confidence 0.5) of the 400 articles, both ways
    assert a.geometry.to_wkt().tolist() == b.geometry.to_wkt().tolist()
    for col in a.columns.drop("geometry"):
        assert a[col].astype(object).where(a[col].notna(), None).tolist() == \
            b[col].astype(object).where(b[col].notna(), None).tolist(), col
    # written again over itself: replaced whole, never merged
    assert _run("export", str(corpus), "-o", str(dataset), "--workers", "1").exit_code == 0
    assert len(gpd.read_parquet(dataset)) == len(a)


@needs_dask
def test_ingest_store_equal_with_two_workers(tmp_path: Path, corpus: Path, gazetteer_index: object) -> None:
    from maps.store import load_analysis

    a, b = tmp_path / "a.gpkg", tmp_path / "b.gpkg"
    assert _run("ingest", str(corpus), "--store", str(a)).exit_code == 0
    res = _run("ingest", str(corpus), "--store", str(b), "--workers", "2")
    assert res.exit_code == 0, res.stderr
    la, lb = load_analysis(a, control=False), load_analysis(b, control=False)
    assert len(la.events) > 10
    assert _no_stamp(lb.events) == _no_stamp(la.events)
    assert lb.places == la.places
    again = _run("ingest", str(corpus), "--store", str(b), "--workers", "2")
    assert "400 already stored" in again.stderr


@needs_dask
def test_partition_failing_for_good_is_named_and_the_others_finish(tmp_path: Path, corpus: Path,
                                                                   gazetteer_index: object) -> None:
    from dataclasses import replace

    from distributed import Client, LocalCluster

    from gazetteer.cache import default_index_path
    from geo.distributed.engine import PartitionsFailed, Run
    from geo.distributed.partitions import plan_partitions
    from geo.distributed.tasks import TaskOptions

    parts = plan_partitions([str(corpus)], block_bytes=corpus.stat().st_size // 6 + 1)
    gone = tmp_path / "gone.jsonl"
    gone.mkdir()  # the file was replaced by a directory after planning: reading it fails every time
    parts[2] = replace(parts[2], path=str(gone), name="gone.jsonl@1")
    opts = TaskOptions(mode="events", index_path=str(default_index_path()))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        with pytest.raises(PartitionsFailed, match=r"gone\.jsonl@1 failed: IsADirectoryError"):
            Run(client, parts, opts, retries=1).parse()
        run = Run(client, parts, opts, retries=1, skip_bad=True)
        run.parse()
        assert [f.name for f in run.failed] == ["gone.jsonl@1"]
        assert len(run.good) == len(parts) - 1 and run.n_articles > 0
        assert run.events()  # the others finish


@needs_dask
def test_events_on_an_existing_scheduler(corpus: Path, gazetteer_index: object) -> None:
    from distributed import LocalCluster

    plain = _run("events", str(corpus), "--format", "json")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        dist = _run("events", str(corpus), "--format", "json", "--scheduler", cluster.scheduler_address)
    assert dist.exit_code == 0, dist.stderr
    assert _no_stamp(json.loads(dist.stdout)) == _no_stamp(json.loads(plain.stdout))


def test_unreachable_scheduler_is_one_line_exit_1(seed_path: Path, gazetteer_index: object,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    if not HAVE_DASK:
        pytest.skip("Dask is not installed")
    import geo.distributed.engine as engine

    monkeypatch.setattr(engine, "CONNECT_TIMEOUT", "1s")
    res = _run("events", str(seed_path), "--scheduler", "tcp://127.0.0.1:9")
    assert res.exit_code == 1
    assert "tcp://127.0.0.1:9: cannot start or reach the Dask cluster" in res.stderr
