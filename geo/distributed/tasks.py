"""What runs on a Dask worker: plain functions over plain data (no dask import), so that they can be
tested, and run, without a cluster.

The gazetteer index is loaded once per worker process (``worker_index``), never per article. Events
travel between stages as pickled ``Event`` objects in a ``blob`` column, with their corpus position
(``file``, ``line``, ``seq``) beside them: fusion keeps the first report of an event, so it must see the
reports in corpus order whatever partition they came from.
"""

from __future__ import annotations

import functools
import pickle
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from geo.distributed.partitions import Partition, read_partition
from geo.events import Event, extract_events, fuse_events
from geo.events.fuse import _key as fusion_key
from geo.inputs import InputError, SkippedLine

ORDER = ["file", "line", "seq"]
EVENT_COLUMNS = ["fkey", *ORDER, "blob"]

# What a partition computes besides its events.
MODES = ("events", "analyse", "ingest")


@dataclass(frozen=True, slots=True)
class TaskOptions:
    mode: str = "analyse"
    index_path: str | None = None
    date: str | None = None
    errors: str = "strict"
    fuse: bool = True
    skip_bad: bool = False

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {self.mode!r}")


@dataclass(slots=True)
class PartitionOutput:
    """One partition's results. ``error`` is the one-line ``InputError`` that stopped it (a bad input
    is not worth a retry); everything else is empty then."""

    name: str
    n_articles: int = 0
    events: pd.DataFrame = field(default_factory=lambda: empty_events())
    places: list[dict[str, Any]] = field(default_factory=list)
    control_points: list[Any] = field(default_factory=list)
    items: list[tuple[Any, list[dict[str, Any]], list[dict[str, Any]]]] = field(default_factory=list)
    skipped: list[SkippedLine] = field(default_factory=list)
    error: str | None = None

    def summary(self) -> tuple[int, str | None, list[SkippedLine]]:
        return self.n_articles, self.error, self.skipped


@functools.lru_cache(maxsize=4)
def worker_index(path: str | None) -> object:
    """The compiled gazetteer index of this process, loaded on first use."""
    from gazetteer.cache import load_index

    return load_index(path)


def empty_events() -> pd.DataFrame:
    return pd.DataFrame({"fkey": pd.Series([], dtype=object), "file": pd.Series([], dtype="int64"),
                         "line": pd.Series([], dtype="int64"), "seq": pd.Series([], dtype="int64"),
                         "blob": pd.Series([], dtype=object)})


def shuffle_key(e: Event) -> str:
    """Date and place: every report fusion could merge shares it (fusion's own key refines it)."""
    place = e.place_id or f"{e.latitude},{e.longitude}"
    return f"{e.event_date}\x1f{place}"


def events_frame(rows: list[tuple[int, int, int, Event]]) -> pd.DataFrame:
    if not rows:
        return empty_events()
    return pd.DataFrame({
        "fkey": pd.Series([shuffle_key(e) for *_, e in rows], dtype=object),
        "file": pd.Series([r[0] for r in rows], dtype="int64"),
        "line": pd.Series([r[1] for r in rows], dtype="int64"),
        "seq": pd.Series([r[2] for r in rows], dtype="int64"),
        "blob": pd.Series([pickle.dumps(e, protocol=5) for *_, e in rows], dtype=object),
    })


def process_partition(part: Partition, opts: TaskOptions) -> PartitionOutput:
    """Parse every article of a partition with the ordinary pipeline function."""
    from geo.pipeline import ParsedArticle, parse_article
    from geo.places import extract_mentions

    out = PartitionOutput(part.name)
    index = worker_index(opts.index_path)
    rows: list[tuple[int, int, int, Event]] = []
    skipped: list[SkippedLine] | None = [] if opts.skip_bad else None
    try:
        for placed in read_partition(part, opts.date, opts.errors, skipped):
            art = placed.article
            if opts.fuse:
                parsed = parse_article(art, index)
            else:
                mentions = extract_mentions(art, index)
                parsed = ParsedArticle(art, mentions, extract_events(art, mentions))
            out.n_articles += 1
            rows.extend((placed.file_index, placed.line, i, e) for i, e in enumerate(parsed.events))
            if opts.mode == "analyse":
                from geo.control.textrules import text_evidence

                out.places.extend(parsed.place_records())
                out.control_points.extend(text_evidence(art, parsed.mentions))
            elif opts.mode == "ingest":
                out.items.append((art, parsed.place_records(), parsed.event_records()))
    except InputError as exc:
        return PartitionOutput(part.name, error=str(exc))
    out.events = events_frame(rows)
    out.skipped = skipped or []
    return out


def fuse_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Fuse the reports of one shuffle bucket in corpus order. Each fused event keeps the corpus
    position of its first report, which is where the single-process run puts it."""
    if df.empty:
        return empty_events()
    df = df.sort_values(ORDER, kind="stable")
    events = [pickle.loads(b) for b in df["blob"]]
    fused = fuse_events(events)
    seen: set[Any] = set()
    firsts: list[tuple[int, int, int]] = []
    for e, pos in zip(events, df[ORDER].itertuples(index=False, name=None), strict=True):
        k = fusion_key(e)
        if k not in seen:
            seen.add(k)
            firsts.append(pos)
    assert len(firsts) == len(fused)
    return events_frame([(*pos, e) for pos, e in zip(firsts, fused, strict=True)])


def frame_events(df: pd.DataFrame) -> list[Event]:
    """Events of a frame in corpus order."""
    df = df.sort_values(ORDER, kind="stable")
    return [pickle.loads(b) for b in df["blob"]]
