"""``--workers`` honours every option the run without it reads: the corpus' field names
(--text-field/--date-field), --min-confidence, --fuse-corpus, and for export's control estimate --as-of,
--no-baseline and --control. Each test runs one command with and without Dask on a small corpus
written here (field names no reader would guess) and compares the outputs. One real local cluster
serves the module (--scheduler: the same code path as --workers but for starting the cluster); one
test runs --workers itself."""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli.main import cli

HAVE_DASK = all(importlib.util.find_spec(m) for m in ("distributed", "dask_geopandas"))
pytestmark = pytest.mark.skipif(
    not HAVE_DASK and os.environ.get("CONFLICTMAP_REQUIRE_SHARED") != "1",
    reason="Dask is not installed (pip install conflictmap[dask])",
)

# Reports written for these tests: (text, publication day).
REPORTS = [
    ("قتل ثلاثة مدنيين وأصيب خمسة آخرون في قصف مدفعي استهدف حيا سكنيا في مدينة بنغازي يوم الثلاثاء.",
     "2016-03-02"),
    ("اندلعت اشتباكات عنيفة بين قوات الجيش الوطني الليبي ومسلحين في مدينة درنة صباح الأحد.", "2016-03-07"),
    ("شنت طائرات حربية غارات جوية على مواقع لتنظيم داعش في مدينة سرت أمس، وفق مصدر عسكري.", "2016-06-12"),
    ("سيطرت قوات البنيان المرصوص على منطقة الجيزة البحرية في مدينة سرت بعد معارك مع تنظيم داعش.",
     "2016-08-20"),
    ("أعلنت قوات حكومة الوفاق سيطرتها على مدينة غريان بعد معارك مع قوات حفتر استمرت يومين.", "2019-06-27"),
    ("قتل جنديان في هجوم بسيارة مفخخة استهدف بوابة أمنية عند مدخل مدينة مصراتة.", "2019-01-15"),
    ("سقطت قذائف عشوائية على حي أبو سليم في طرابلس مساء الجمعة ما أدى إلى مقتل طفلة.", "2019-04-20"),
    ("تظاهر مئات من سكان مدينة الزاوية أمس احتجاجا على انقطاع الكهرباء.", "2019-07-03"),
]


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _no_stamp(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "timestamp"} for r in records]


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks small enough that the corpus is cut into several partitions."""
    import geo.distributed.cli as dcli

    monkeypatch.setattr(dcli, "MIN_BLOCK", 512)


@pytest.fixture(scope="module")
def scheduler(gazetteer_index: object):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Each report twice (a second outlet's copy), under field names no reader guesses."""
    path = tmp_path_factory.mktemp("dask-options") / "تقارير.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for copy in range(2):
            for k, (text, day) in enumerate(REPORTS):
                row = {"ref": f"r{copy}-{k}", "story_text": text, "filed_on": day, "kicker": "ليبيا"}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    assert path.stat().st_size > 4 * 512
    return path


FIELDS = ["--text-field", "story_text", "--date-field", "filed_on"]


def test_without_the_field_names_both_paths_refuse_the_corpus(corpus: Path, scheduler: str) -> None:
    plain = _run("events", str(corpus), "--format", "json")
    dist = _run("events", str(corpus), "--format", "json", "--scheduler", scheduler)
    assert plain.exit_code == 2 and dist.exit_code == 2
    assert plain.stderr == dist.stderr


@pytest.mark.parametrize("extra", [[], ["--min-confidence", "0.2", "--fuse-corpus"], ["--no-fuse"]])
def test_events_with_custom_fields_equal_on_dask(corpus: Path, scheduler: str, extra: list[str]) -> None:
    args = ["events", str(corpus), *FIELDS, "--format", "json", *extra]
    plain = _run(*args)
    dist = _run(*args, "--scheduler", scheduler)
    assert plain.exit_code == 0 and dist.exit_code == 0, dist.stderr
    events = json.loads(plain.stdout)
    assert len(events) >= 4
    # the dates come from the custom date field, not from --date or today
    assert {e["event_date"][:4] for e in events} <= {"2016", "2019"}
    assert _no_stamp(json.loads(dist.stdout)) == _no_stamp(events)


def _features(path: Path) -> dict[str, list[dict]]:
    by_kind: dict[str, list[dict]] = {}
    for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
        props = {k: v for k, v in f["properties"].items() if k != "timestamp"}
        by_kind.setdefault(props.get("kind", "?"), []).append({"geometry": f["geometry"], "properties": props})
    return by_kind


@pytest.mark.parametrize("extra", [
    ["--as-of", "2016-06-30"],
    ["--as-of", "2019-07-01", "--no-baseline"],
    ["--no-baseline", "--min-confidence", "0.3"],
])
def test_export_control_options_equal_on_dask(tmp_path: Path, corpus: Path, scheduler: str,
                                              extra: list[str]) -> None:
    plain_out, dist_out = tmp_path / "plain.geojson", tmp_path / "dist.geojson"
    plain = _run("export", str(corpus), *FIELDS, "-o", str(plain_out), *extra)
    dist = _run("export", str(corpus), *FIELDS, "-o", str(dist_out), *extra, "--scheduler", scheduler)
    assert plain.exit_code == 0 and dist.exit_code == 0, dist.stderr
    a, b = _features(plain_out), _features(dist_out)
    assert a.get("event")
    assert a == b


def test_as_of_and_baseline_change_the_export(tmp_path: Path, corpus: Path, scheduler: str) -> None:
    """The options compared above do something: the baseline's control areas go with --no-baseline,
    and --as-of picks the picture of another day."""
    outs = {}
    for name, extra in {"base": [], "none": ["--no-baseline"], "early": ["--as-of", "2016-04-01"]}.items():
        outs[name] = tmp_path / f"{name}.geojson"
        res = _run("export", str(corpus), *FIELDS, "-o", str(outs[name]), *extra, "--scheduler", scheduler)
        assert res.exit_code == 0, res.stderr
    base, none, early = (_features(outs[n]) for n in ("base", "none", "early"))
    assert len(none.get("control_area", [])) < len(base.get("control_area", []))
    assert base.get("control_area") != early.get("control_area")


def test_export_with_an_analyst_control_file_equal_on_dask(tmp_path: Path, corpus: Path, scheduler: str) -> None:
    control = tmp_path / "control.csv"
    control.write_text("name,side,date\nغريان,GNA,2019-06-28\n", encoding="utf-8")
    plain_out, dist_out = tmp_path / "plain.geojson", tmp_path / "dist.geojson"
    plain = _run("export", str(corpus), *FIELDS, "--control", str(control), "-o", str(plain_out))
    dist = _run("export", str(corpus), *FIELDS, "--control", str(control), "-o", str(dist_out),
                "--scheduler", scheduler)
    assert plain.exit_code == 0 and dist.exit_code == 0, (plain.stderr, dist.stderr)
    assert _features(plain_out) == _features(dist_out)


def _stored(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return sorted(db.execute("SELECT event_date, sub_event_type, x_place_id FROM events").fetchall())


def test_ingest_with_custom_fields_equal_with_two_workers(tmp_path: Path, corpus: Path,
                                                          gazetteer_index: object) -> None:
    plain = _run("ingest", str(corpus), *FIELDS, "--store", str(tmp_path / "plain.gpkg"))
    dist = _run("ingest", str(corpus), *FIELDS, "--store", str(tmp_path / "dist.gpkg"), "--workers", "2")
    assert plain.exit_code == 0 and dist.exit_code == 0, dist.stderr
    rows = _stored(tmp_path / "plain.gpkg")
    assert len(rows) >= 4 and {r[0][:4] for r in rows} <= {"2016", "2019"}
    assert _stored(tmp_path / "dist.gpkg") == rows
