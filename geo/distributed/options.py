"""The ``--workers / --scheduler`` options of ``ingest``, ``export`` and ``events``.

With them, the commands' ``--skip-bad`` also leaves out a partition that still fails after its retries
(named on stderr) while the others finish; without it such a partition stops the command (exit 1).

Only click here: the CLI imports this at start-up, and nothing imports dask unless an option is given.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])
INSTALL_HINT = "pip install conflictmap[dask]"


@dataclass(frozen=True, slots=True)
class DaskOptions:
    workers: int | None = None
    scheduler: str | None = None
    skip_bad: bool = False

    @property
    def enabled(self) -> bool:
        return bool(self.workers or self.scheduler)

    @property
    def flag(self) -> str:
        return "--scheduler" if self.scheduler else "--workers"


@dataclass(frozen=True, slots=True)
class PipelineOptions:
    """Every option of ``events``/``export``/``ingest`` that changes what the pipeline finds, read once
    from the command's parameters: the run without Dask and the run on Dask take this one object, so
    that adding ``--workers`` cannot change a result."""

    date: str | None = None
    errors: str = "strict"
    text_field: str | None = None  # --text-field / --date-field: the corpus' field names
    date_field: str | None = None
    min_confidence: float = 0.0
    as_of: str | None = None  # control estimate (export): --as-of, --no-baseline, --control
    baseline: bool = True
    control_path: str | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> PipelineOptions:
        return cls(date=params.get("date"), errors=params.get("errors") or "strict",
                   text_field=params.get("text_field"), date_field=params.get("date_field"),
                   min_confidence=float(params.get("min_confidence") or 0.0), as_of=params.get("as_of"),
                   baseline=not params.get("no_baseline"), control_path=params.get("control_path"))

    @property
    def fields(self) -> dict[str, str | None]:
        return {"text_field": self.text_field, "date_field": self.date_field}


def dask_options(f: F) -> F:
    f = click.option("--scheduler", metavar="ADDRESS",
                     help="Run on an existing Dask cluster (e.g. tcp://10.0.0.5:8786). Needs "
                          f"`{INSTALL_HINT}`.")(f)
    f = click.option("--workers", type=click.IntRange(min=1), metavar="N",
                     help="Run on a local Dask cluster of N worker processes: the same results, with "
                          "`export -o X.parquet` written as a partitioned GeoParquet dataset (a "
                          f"directory). Needs `{INSTALL_HINT}`.")(f)
    return f


def missing_dask(*, geo: bool = False) -> str | None:
    """The one-line reason Dask cannot run, or None when it can."""
    wanted = ["dask", "distributed"] + (["dask_geopandas"] if geo else [])
    missing = [m for m in wanted if importlib.util.find_spec(m) is None]
    if not missing:
        return None
    return f"{', '.join(missing)} not installed: {INSTALL_HINT}"
