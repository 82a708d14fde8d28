"""Fixtures that run a store test against both backends: a GeoPackage file and a PostGIS database.

The PostgreSQL cluster is started once per test session (``tests/pg_cluster.py``) and stopped at its end.
Without PostgreSQL/PostGIS installed, the PostGIS half of each test is skipped with the reason; under
``CONFLICTMAP_REQUIRE_SHARED=1`` or ``CI=true`` it fails instead, so that CI can never pass by skipping.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pg_cluster import PgCluster, Unavailable

BACKENDS = ["gpkg", "postgis"]


def _required() -> bool:
    return os.environ.get("CONFLICTMAP_REQUIRE_SHARED") == "1" or os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    try:
        cluster = PgCluster().start()
    except Unavailable as exc:
        if _required():
            pytest.fail(f"{exc}, and CI=true or CONFLICTMAP_REQUIRE_SHARED=1 require the PostGIS store tests")
        pytest.skip(str(exc))
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture()
def new_store(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Callable[..., str]:
    """Makes the spec of a new, empty store of the test's backend (a path or a postgresql:// URL)."""
    cluster = request.getfixturevalue("pg_cluster") if backend == "postgis" else None
    n = [0]

    def make(name: str = "events") -> str:
        n[0] += 1
        if cluster is None:  # in a folder of its own, which exists (the CLI creates none without --mkdir)
            folder = tmp_path / f"store{n[0]}"
            folder.mkdir(exist_ok=True)
            return str(folder / f"{name}.gpkg")
        return cluster.new_database()

    return make


@pytest.fixture()
def store_spec(new_store: Callable[..., str]) -> str:
    return new_store()
