"""The client side: a Dask cluster runs the partitions, retries failures, shuffles events by date and
place for fusion, and hands back results in corpus order (identical to a run without Dask).

Two phases. (1) ``client.map`` parses the partitions, with ``retries``; a partition that still fails is
reported by name (``FailedPartition``) and, with ``skip_bad``, left out while the others finish. Only
small summaries come back to the client. (2) The events of the good partitions, still on the workers,
become a dask DataFrame that is shuffled on the (date, place) key, so that every report fusion could
merge lands in one bucket, and each bucket is fused in corpus order.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import dask
import dask.dataframe as dd
import pandas as pd
from distributed import Client, Future, LocalCluster, as_completed, wait

from geo.distributed.partitions import Partition
from geo.distributed.tasks import (
    PartitionOutput,
    TaskOptions,
    empty_events,
    frame_events,
    fuse_frame,
    process_partition,
)
from geo.events import Event
from geo.inputs import InputError, SkippedLine

log = logging.getLogger(__name__)

DEFAULT_RETRIES = 2
CONNECT_TIMEOUT = "15s"


@dataclass(frozen=True, slots=True)
class FailedPartition:
    name: str
    reason: str


class PartitionsFailed(RuntimeError):
    """Partitions failed for good and ``skip_bad`` was not given."""

    def __init__(self, failed: Sequence[FailedPartition]) -> None:
        self.failed = list(failed)
        first = self.failed[0]
        more = f" (and {len(self.failed) - 1} more)" if len(self.failed) > 1 else ""
        super().__init__(f"partition {first.name} failed: {first.reason}{more}; "
                         "--skip-bad finishes the others")


@dataclass(slots=True)
class DistributedResult:
    events: list[Event] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    control_points: list[Any] = field(default_factory=list)
    n_articles: int = 0
    failed: list[FailedPartition] = field(default_factory=list)


@contextlib.contextmanager
def open_client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Client]:
    """A client of an existing cluster (``scheduler``) or of a local cluster of ``workers`` processes."""
    if logging.getLogger().getEffectiveLevel() >= logging.WARNING:
        # distributed logs its lifecycle at INFO; below -v the user asked for warnings only
        logging.getLogger("distributed").setLevel(logging.ERROR)
    if scheduler:
        with Client(scheduler, timeout=CONNECT_TIMEOUT) as client:
            yield client
        return
    n = workers or 1
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def _progress(futures: Sequence[Future], label: str, show: bool) -> None:
    """Wait for the partitions, with the progress display over them when ``show`` (a terminal, not -q)."""
    if not show:
        wait(futures)
        return
    from geo.progress import Progress

    with Progress(label, len(futures), "partitions", enabled=True) as bar:
        for _ in as_completed(futures):
            bar.advance()


def _summary(out: PartitionOutput) -> tuple[int, str | None, list[SkippedLine]]:
    return out.summary()


def _events_of(out: PartitionOutput) -> pd.DataFrame:
    return out.events


def _places_of(out: PartitionOutput) -> list[dict[str, Any]]:
    return out.places


def _points_of(out: PartitionOutput) -> list[Any]:
    return out.control_points


def _items_of(out: PartitionOutput) -> list[Any]:
    return out.items


class Run:
    """Phase 1 over ``parts`` on ``client``: call ``parse`` first, then the accessors."""

    def __init__(self, client: Client, parts: Sequence[Partition], opts: TaskOptions, *,
                 retries: int = DEFAULT_RETRIES, skip_bad: bool = False, progress: bool | None = None,
                 label: str = "conflictmap") -> None:
        self.client, self.parts, self.opts = client, list(parts), opts
        self.progress = sys.stderr.isatty() if progress is None else progress
        self.label = label
        self.retries, self.skip_bad = retries, skip_bad
        self.token = uuid.uuid4().hex[:10]
        self.good: list[Future] = []
        self.failed: list[FailedPartition] = []
        self.skipped: list[SkippedLine] = []
        self.n_articles = 0
        self._held: list[Future] = []

    def parse(self) -> None:
        """Run every partition. Raises ``InputError`` for the first bad input in corpus order (bad lines
        are skipped and listed in ``skipped`` with ``skip_bad``) and ``PartitionsFailed`` for partitions
        that failed for good, unless ``skip_bad`` (they are then listed in ``failed``)."""
        keys = [f"conflictmap-parse-{self.token}-{i}" for i in range(len(self.parts))]
        futures = self.client.map(process_partition, self.parts, opts=self.opts, key=keys,
                                  retries=self.retries, pure=False)
        _progress(futures, self.label, self.progress)
        summaries: dict[int, Future] = {}
        for i, (part, fut) in enumerate(zip(self.parts, futures, strict=True)):
            if fut.status == "finished":
                summaries[i] = self.client.submit(_summary, fut, key=f"conflictmap-sum-{self.token}-{i}")
            else:
                exc = fut.exception()
                self.failed.append(FailedPartition(part.name, f"{type(exc).__name__}: {exc}"))
        per_file: dict[str, int] = {}
        for i, (n, error, skipped) in zip(summaries, self.client.gather(list(summaries.values())),
                                          strict=True):
            if error is not None:
                raise InputError(error)
            path = self.parts[i].path
            per_file[path] = per_file.get(path, 0) + n
            self.skipped.extend(skipped)
            self.n_articles += n
            self.good.append(futures[i])
        order = {p.name: i for i, p in enumerate(self.parts)}
        self.failed.sort(key=lambda f: order[f.name])
        if self.failed and not self.skip_bad:
            raise PartitionsFailed(self.failed)
        failed_paths = {p.path for p in self.parts if p.name in {f.name for f in self.failed}}
        for part in self.parts:
            if part.kind == "jsonl" and per_file.get(part.path, 0) == 0 and part.path not in failed_paths:
                bad = sum(1 for s in self.skipped if s.path == part.path)
                detail = f" ({bad} bad line{'s' if bad != 1 else ''} skipped)" if bad else ""
                raise InputError(f"{part.path}: no article in this corpus{detail}")

    def _gather(self, fn: Any) -> list[Any]:
        return self.client.gather([self.client.submit(fn, f, pure=False) for f in self.good])

    def places(self) -> list[dict[str, Any]]:
        return [p for chunk in self._gather(_places_of) for p in chunk]

    def control_points(self) -> list[Any]:
        return [p for chunk in self._gather(_points_of) for p in chunk]

    def iter_items(self) -> Iterator[tuple[Any, list[dict[str, Any]], list[dict[str, Any]]]]:
        """(article, place records, event records) in corpus order, one partition on the client at a
        time. Consumes the run: each partition is released from the workers once handed over."""
        for f in self.good:
            items = self.client.submit(_items_of, f, pure=False)
            chunk = items.result()
            items.release()
            f.release()
            yield from chunk

    def event_frame(self, fuse: bool = True) -> dd.DataFrame:
        """The partitions' events as a dask DataFrame, fused across partitions when ``fuse``."""
        with dask.config.set({"dataframe.convert-string": False}):
            if not self.good:
                return dd.from_pandas(empty_events(), npartitions=1)
            frames = [self.client.submit(_events_of, f, pure=False) for f in self.good]
            # the graph names these futures by key only: without a reference they are released
            self._held.extend(frames)
            ddf = dd.from_delayed(frames, meta=empty_events(), verify_meta=False)
            if not fuse:
                return ddf
            shuffled = ddf.shuffle(on="fkey", npartitions=max(1, len(frames)), shuffle_method="tasks")
            return shuffled.map_partitions(fuse_frame, meta=empty_events())

    def events(self, fuse: bool = True) -> list[Event]:
        """Every event in the order a run without Dask gives."""
        with dask.config.set({"dataframe.convert-string": False}):
            df = self.client.compute(self.event_frame(fuse), retries=self.retries).result()
        return frame_events(df)


def run_corpus(client: Client, parts: Sequence[Partition], opts: TaskOptions, *,
               retries: int = DEFAULT_RETRIES, skip_bad: bool = False) -> DistributedResult:
    """Parse, fuse and gather: the distributed counterpart of ``geo.pipeline.analyse`` (without the
    control estimate, see ``geo.distributed.analysis``)."""
    run = Run(client, parts, opts, retries=retries, skip_bad=skip_bad)
    run.parse()
    result = DistributedResult(n_articles=run.n_articles, failed=run.failed)
    result.events = run.events(opts.fuse)
    if opts.mode == "analyse":
        result.places = run.places()
        result.control_points = run.control_points()
    return result
