"""The pipeline on Dask gives what it gives without Dask: a corpus of a few thousand articles (paragraphs
of the SaudiNewsNet Libya articles and the seed, repeated under distinct ids so that reports of one
event sit in different partitions), parsed by a local cluster of 2 worker processes, of 1, and by the
ordinary single-process code.

CI installs the ``dask`` packages (the ``test`` extra) and sets CONFLICTMAP_REQUIRE_SHARED=1, under
which a missing Dask fails instead of skipping.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

if importlib.util.find_spec("distributed") is None or importlib.util.find_spec("dask_geopandas") is None:
    if os.environ.get("CONFLICTMAP_REQUIRE_SHARED") == "1":
        raise RuntimeError("dask[distributed,dataframe] and dask-geopandas are required (the test extra)")
    pytest.skip("Dask is not installed (pip install conflictmap[dask])", allow_module_level=True)

from distributed import Client, LocalCluster  # noqa: E402

from geo.distributed.analysis import to_analysis  # noqa: E402
from geo.distributed.corpus import write_corpus  # noqa: E402
from geo.distributed.engine import run_corpus  # noqa: E402
from geo.distributed.partitions import plan_partitions, read_partition  # noqa: E402
from geo.distributed.tasks import TaskOptions  # noqa: E402
from geo.inputs import read_articles  # noqa: E402
from geo.pipeline import analyse  # noqa: E402

N_ARTICLES = int(os.environ.get("CONFLICTMAP_DASK_TEST_ARTICLES", "3000"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, shared_data: Path, seed_text: str) -> Path:
    path = tmp_path_factory.mktemp("dask") / "corpus.jsonl"
    write_corpus(path, shared_data, seed_text, N_ARTICLES)
    return path


@pytest.fixture(scope="module")
def index_path(gazetteer_index: object) -> str:
    from gazetteer.cache import default_index_path

    return str(default_index_path())  # the fixture's temporary cache, inherited by worker processes


@pytest.fixture(scope="module")
def single(corpus: Path, gazetteer_index: object):
    return analyse(read_articles([str(corpus)]), index=gazetteer_index)


def _cluster(n: int) -> LocalCluster:
    return LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)


@pytest.fixture(scope="module")
def client2(index_path: str):
    with _cluster(2) as cluster, Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def client1(index_path: str):
    with _cluster(1) as cluster, Client(cluster) as client:
        yield client


def _rows(records: list[dict]) -> list[dict]:
    # ACLED's ``timestamp`` is when the row was written, the one field two runs cannot share
    return [{k: v for k, v in r.items() if k != "timestamp"} for r in records]


def _normalised(records: list[dict]) -> list[dict]:
    return sorted(_rows(records), key=lambda r: (r["event_id_cnty"], r["doc"], r.get("x_start") or 0))


def _assert_same(dist, single) -> None:
    assert len(single.events) > 50, "the corpus must yield events for the comparison to mean anything"
    assert _normalised(dist.events) == _normalised(single.events)
    assert _rows(dist.events) == _rows(single.events)  # same order too: corpus order of first reports
    assert dist.places == single.places
    assert dist.control_areas == single.control_areas
    assert dist.front_lines == single.front_lines


def test_two_workers_equal_no_dask(client2: Client, corpus: Path, index_path: str, single) -> None:
    parts = plan_partitions([str(corpus)], block_bytes=corpus.stat().st_size // 12 + 1)
    assert len(parts) >= 8  # several partitions per worker
    result = run_corpus(client2, parts, TaskOptions(mode="analyse", index_path=index_path))
    assert result.n_articles == N_ARTICLES and not result.failed
    _assert_same(to_analysis(result), single)


def test_one_worker_other_split_equal_no_dask(client1: Client, corpus: Path, index_path: str,
                                              single) -> None:
    parts = plan_partitions([str(corpus)], block_bytes=corpus.stat().st_size // 5 + 1)
    result = run_corpus(client1, parts, TaskOptions(mode="analyse", index_path=index_path))
    _assert_same(to_analysis(result), single)


def test_fusion_crosses_partitions(client2: Client, corpus: Path, index_path: str, single) -> None:
    """Reports of one event from articles in different partitions are one event, as without Dask."""
    parts = plan_partitions([str(corpus)], block_bytes=corpus.stat().st_size // 12 + 1)
    part_of = {p.article.doc: part.name for part in parts for p in read_partition(part)}
    crossing = [e for e in single.events if len({part_of[d] for d in e["x_docs"]}) > 1]
    assert crossing, "the corpus must put reports of one event in different partitions"
    result = run_corpus(client2, parts, TaskOptions(mode="events", index_path=index_path))
    assert _rows([e.to_record() for e in result.events]) == _rows(single.events)


def test_index_loaded_once_per_worker(client2: Client, corpus: Path, index_path: str) -> None:
    from geo.distributed.tasks import worker_index

    parts = plan_partitions([str(corpus)], block_bytes=corpus.stat().st_size // 12 + 1)
    run_corpus(client2, parts, TaskOptions(mode="events", index_path=index_path))
    loads = client2.run(lambda: worker_index.cache_info().misses)
    assert sorted(loads.values()) == [1, 1]
