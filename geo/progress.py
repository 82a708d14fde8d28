"""A progress bar for long runs, on standard error, only when it is a terminal.

Pipes and files get nothing (a bar there is noise in a log, and ``2>&1 | tee`` would record every
redraw). Progress counts bytes of input read, which is known up front for files (``-`` counts as its
length once read), so the bar can show a percentage and an estimate of the time left.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from typing import IO, Any

import click

# Below this much input a run is short: no bar, even on a terminal.
MIN_BYTES = 1_000_000
# Redraw at most this often; a corpus of short articles would otherwise redraw thousands of times a second.
REDRAW_SECONDS = 0.2


def is_terminal(stream: IO[Any] | None) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def input_size(paths: Sequence[str]) -> int:
    """Bytes of the named inputs (standard input counts as nothing: its size is unknown)."""
    total = 0
    for name in paths:
        if name == "-":
            continue
        try:
            total += os.stat(name).st_size
        except OSError:
            continue
    return total


def wanted(paths: Sequence[str], *, quiet: bool = False, stream: IO[Any] | None = None) -> bool:
    """A bar is shown for a corpus or several inputs of at least ``MIN_BYTES``, on a terminal, unless -q."""
    stream = sys.stderr if stream is None else stream
    if quiet or not is_terminal(stream):
        return False
    return input_size(paths) >= MIN_BYTES


class Progress:
    """Counts bytes read and articles done; draws a click progress bar when ``enabled``."""

    def __init__(self, total: int, label: str = "reading", *, enabled: bool, stream: IO[Any] | None = None):
        self.total = max(total, 1)
        self.done_bytes = 0
        self.articles = 0
        self._pending = 0
        self._last = 0.0
        self._bar: Any = None
        if enabled:
            self._bar = click.progressbar(
                length=self.total,
                label=label,
                file=sys.stderr if stream is None else stream,
                show_eta=True,
                show_percent=True,
                item_show_func=lambda _: f"{self.articles} articles",
            )
            self._bar.__enter__()

    @property
    def enabled(self) -> bool:
        return self._bar is not None

    def bytes_read(self, n: int) -> None:
        self.done_bytes += n
        self._pending += n
        self._redraw()

    def article_done(self) -> None:
        self.articles += 1
        self._redraw()

    def _redraw(self, force: bool = False) -> None:
        if self._bar is None:
            return
        now = time.monotonic()
        if not force and now - self._last < REDRAW_SECONDS:
            return
        self._last = now
        self._bar.update(min(self._pending, self.total), self.articles)
        self._pending = 0

    def close(self) -> None:
        if self._bar is not None:
            self._redraw(force=True)
            self._bar.__exit__(None, None, None)
            self._bar = None
