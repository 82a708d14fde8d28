"""What ``ingest``, ``export`` and ``events`` do when given ``--workers`` or ``--scheduler``: plan the
partitions, run them on Dask, and turn failures into the CLI's one-line errors."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from geo.cli.common import command_label, command_phases, fail, load_gazetteer, warn_skipped
from geo.distributed.options import DaskOptions, PipelineOptions, missing_dask

log = logging.getLogger("conflictmap")

# Enough partitions to balance the workers, few enough that each pays for its scheduling.
PARTITIONS_PER_WORKER = 4
MIN_BLOCK = 64 * 1024
MAX_BLOCK = 8 * 1024 * 1024


def _check(opts: DaskOptions, *, geo: bool = False) -> None:
    reason = missing_dask(geo=geo)
    if reason:
        fail(f"{opts.flag} needs Dask ({reason})")


def _index_path(ctx: click.Context) -> str:
    """Build (or check) the index here, once, so that workers only load it."""
    from gazetteer.cache import default_index_path

    load_gazetteer(ctx)
    root = ctx.find_root()
    path = root.obj.get("gazetteer_path") if isinstance(root.obj, dict) else None
    return str(path or default_index_path())


def block_bytes(inputs: Sequence[str], n_workers: int) -> int:
    total = sum(Path(p).stat().st_size for p in inputs if p != "-" and Path(p).is_file())
    return max(MIN_BLOCK, min(MAX_BLOCK, total // max(1, n_workers * PARTITIONS_PER_WORKER) + 1))


@contextlib.contextmanager
def started_run(ctx: click.Context, inputs: Sequence[str], run_opts: PipelineOptions, mode: str,
                opts: DaskOptions, *, fuse: bool = True, geo: bool = False) -> Iterator[Any]:
    """A ``Run`` whose partitions are parsed, on an open client; exits 2 on bad input, 1 on failed
    partitions (without ``--skip-bad``) or an unreachable scheduler."""
    _check(opts, geo=geo)
    from geo.distributed.engine import PartitionsFailed, Run, open_client
    from geo.distributed.partitions import plan_partitions
    from geo.distributed.tasks import TaskOptions
    from geo.inputs import InputError
    from geo.progress import wanted

    def plan(n_workers: int) -> list[Any]:
        try:
            return plan_partitions(inputs, block_bytes=block_bytes(inputs, n_workers), date=run_opts.date,
                                   errors=run_opts.errors, **run_opts.fields)
        except InputError as exc:
            fail(str(exc))

    index_path = _index_path(ctx)
    task = TaskOptions(mode=mode, index_path=index_path, date=run_opts.date, errors=run_opts.errors, fuse=fuse,
                       skip_bad=opts.skip_bad)
    # With --workers the inputs are checked before a cluster is started for them.
    parts = plan(opts.workers) if opts.workers else None
    with contextlib.ExitStack() as stack:
        try:
            client = stack.enter_context(open_client(opts.workers, opts.scheduler))
        except (OSError, TimeoutError) as exc:
            fail(f"{opts.scheduler or 'local cluster'}: cannot start or reach the Dask cluster ({exc})", code=1)
        if parts is None:
            parts = plan(max(1, sum(client.nthreads().values())))
        run = Run(client, parts, task, skip_bad=opts.skip_bad, progress=wanted(), label=command_label())
        try:
            run.parse()
        except InputError as exc:
            fail(str(exc))
        except PartitionsFailed as exc:
            fail(str(exc), code=1)
        warn_skipped(run.skipped)
        for f in run.failed:
            log.warning("partition %s left out: %s", f.name, f.reason)  # (-q silences it, like every warning)
        yield run


def events(ctx: click.Context, inputs: Sequence[str], run_opts: PipelineOptions, opts: DaskOptions, *,
           fuse: bool = True) -> list[Any]:
    """Events (fused across the corpus unless ``fuse`` is false) in the single-process order, those
    below ``--min-confidence`` left out after fusion."""
    with started_run(ctx, inputs, run_opts, "events", opts, fuse=fuse) as run:
        return [e for e in run.events(fuse) if e.confidence >= run_opts.min_confidence]


def analysis(ctx: click.Context, inputs: Sequence[str], run_opts: PipelineOptions, opts: DaskOptions) -> Any:
    """The ``Analysis`` that ``geo.pipeline.analyse`` gives for the inputs with the same options
    (``--min-confidence``, ``--as-of``, ``--no-baseline``, ``--control``)."""
    from geo.cli.common import load_control_overrides
    from geo.distributed.analysis import to_analysis
    from geo.distributed.engine import DistributedResult

    overrides = load_control_overrides(run_opts.control_path, load_gazetteer(ctx))  # a bad file: before a cluster
    phases = command_phases()
    with started_run(ctx, inputs, run_opts, "analyse", opts) as run:
        with phases(f"fusing reports across {run.n_articles} articles"):
            events = [e for e in run.events(True) if e.confidence >= run_opts.min_confidence]
        with phases("gathering places and control evidence"):
            result = DistributedResult(events=events, places=run.places(),
                                       control_points=run.control_points(), n_articles=run.n_articles)
    return to_analysis(result, as_of=run_opts.as_of, overrides=overrides, baseline=run_opts.baseline,
                       phases=phases)


def geoparquet(ctx: click.Context, inputs: Sequence[str], run_opts: PipelineOptions, output: str,
               opts: DaskOptions) -> int:
    """Write a partitioned GeoParquet dataset of the events; returns the number of rows."""
    from geo.distributed.parquet import write_geoparquet

    with started_run(ctx, inputs, run_opts, "events", opts, geo=True) as run:
        try:
            with command_phases()(f"fusing reports and writing {output}"):
                return write_geoparquet(run, output, run_opts.min_confidence)
        except OSError as exc:
            fail(f"{output}: {exc.strerror or exc}", code=1)


class ParsedCorpus:
    """Articles parsed on Dask, for the event store: iterating yields them in corpus order, and
    ``records()`` gives the place and event records of the article yielded last (what
    ``analyse([article], control=False)`` gives). The cluster closes when iteration ends."""

    def __init__(self, items: Iterator[tuple[Any, list[dict[str, Any]], list[dict[str, Any]]]]) -> None:
        self._items = items
        self._current: tuple[list[dict[str, Any]], list[dict[str, Any]]] = ([], [])

    def __iter__(self) -> Iterator[Any]:
        for article, places, events in self._items:
            self._current = (places, events)
            yield article

    def records(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        return self._current


def parsed_corpus(ctx: click.Context, inputs: Sequence[str], run_opts: PipelineOptions,
                  opts: DaskOptions) -> ParsedCorpus:
    """Parse every partition now (a bad input stops the command here, before anything is stored)."""

    def items() -> Iterator[Any]:
        with started_run(ctx, inputs, run_opts, "ingest", opts) as run:
            yield None
            yield from run.iter_items()

    gen = items()
    next(gen)
    return ParsedCorpus(gen)
