"""The one progress display of every long command, on standard error, only when it is a terminal.

    events  37%  [###########...................]  46/124 articles  3.2 articles/s  ETA 0:24

Pipes and files get nothing (a bar there is noise in a log, and ``2>&1 | tee`` would record every
redraw), nor does ``-q`` (the CLI calls ``set_quiet``). A run over before ``DELAY`` seconds draws nothing
either: a bar that flashes for a tenth of a second tells the user nothing. The fraction done comes from
a count of items when their total is known, else from bytes read when their total is known (a corpus
streamed from a pipe), else the display gives the count and the rate without an ETA.

While a bar is on screen, anything else written to the terminal (a log record, a row of a table on
standard output) first calls ``clear_line``, so that lines never land in the middle of the bar; the bar
comes back at the next step.
"""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, TypeVar

T = TypeVar("T")

# Nothing is drawn before this many seconds of work.
DELAY = 0.5
# Redraw at most this often; a corpus of short articles would otherwise redraw thousands of times a second.
REDRAW_SECONDS = 0.2
BAR_WIDTH = 30  # at most
# The rate shown (and the ETA it gives) is that of the last this many seconds.
RATE_WINDOW = 10.0

_quiet = False
_shown: list[Progress] = []  # the bar currently drawn on a terminal (at most one)


def set_quiet(quiet: bool) -> None:
    """``-q``: no progress display at all (the CLI's verbosity options call this)."""
    global _quiet
    _quiet = bool(quiet)


def is_terminal(stream: IO[Any] | None) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def wanted(stream: IO[Any] | None = None) -> bool:
    """A display is drawn on a terminal, unless -q, or the terminal cannot erase a line (``TERM=dumb``:
    an editor's shell buffer would show every frame and its escape codes)."""
    if _quiet or os.environ.get("TERM") == "dumb":
        return False
    return is_terminal(sys.stderr if stream is None else stream)


def clear_line() -> None:
    """Erase the bar on screen (if any) before something else is written to the terminal."""
    for bar in _shown:
        bar.clear()


def format_duration(seconds: float) -> str:
    """0:07, 12:30, 2:05:00."""
    s = max(0, int(round(seconds)))
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def format_rate(per_second: float, unit: str) -> str:
    if per_second >= 10:
        return f"{per_second:.0f} {unit}/s"
    if per_second >= 1:
        return f"{per_second:.1f} {unit}/s"
    if per_second > 0:
        return f"{per_second * 60:.1f} {unit}/min"
    return f"- {unit}/s"


def render(label: str, done: int, total: int | None, unit: str, elapsed: float,
           fraction: float | None = None, width: int = 80, rate: float | None = None) -> str:
    """One line of the display (pure: the tests read it). ``fraction`` stands in for done/total when
    only the bytes read are known; ``rate`` is the recent rate (default: the mean since the start), and
    the ETA of a known total follows it. The bar takes what room the terminal leaves (none when narrow)."""
    if total:
        fraction = min(done / total, 1.0)
    if rate is None:
        rate = done / elapsed if elapsed > 0 else 0.0
    count = f"{done}/{total} {unit}" if total else f"{done} {unit}"
    if fraction is not None and fraction >= 1.0:
        when = f"in {format_duration(elapsed)}"
    elif total and rate > 0:
        when = f"ETA {format_duration((total - done) / rate)}"
    elif fraction is not None and fraction > 0:
        when = f"ETA {format_duration(elapsed * (1 - fraction) / fraction)}"
    else:
        when = "ETA -:--"
    head = f"{label} {int(fraction * 100):3d}%" if fraction is not None else label
    tail = f"{count}  {format_rate(rate, unit)}  {when}"
    room = min(BAR_WIDTH, width - 1 - len(head) - len(tail) - 6)
    if fraction is not None and room >= 10:
        filled = int(fraction * room)
        line = f"{head}  [{'#' * filled}{'.' * (room - filled)}]  {tail}"
    else:
        line = f"{head}  {tail}"
    return line[: max(width - 1, 10)]


class Progress:
    """Counts items (and optionally bytes) done; draws the display when ``enabled`` (by default: stderr
    is a terminal and not -q). Use as a context manager, or call ``close``."""

    def __init__(self, label: str, total: int | None = None, unit: str = "articles", *,
                 total_bytes: int | None = None, enabled: bool | None = None, stream: IO[Any] | None = None,
                 delay: float = DELAY, clock: Callable[[], float] = time.monotonic) -> None:
        self.label, self.unit = label, unit
        self.total = total if total and total > 0 else None
        self.total_bytes = total_bytes if total_bytes and total_bytes > 0 else None
        self.done = 0
        self.done_bytes = 0
        self._stream = sys.stderr if stream is None else stream
        self.enabled = wanted(self._stream) if enabled is None else enabled
        self._clock, self._delay = clock, delay
        self._started = clock()
        self._last = -1e9
        self._finished: float | None = None
        self._text = ""
        self._estimate = False
        self._samples: deque[tuple[float, int]] = deque([(self._started, 0)])
        self._drawn = False  # the bar is on screen now
        self._ever = False  # the bar was drawn at least once (then it ends on a line of its own)

    # --- counting ---------------------------------------------------------------------------------

    def advance(self, n: int = 1) -> None:
        self.done += n
        self._redraw()

    def bytes_read(self, n: int) -> None:
        self.done_bytes += n
        self._redraw()

    def update(self, done: int, total: int | None = None) -> None:
        """Where the work is now (for work that counts itself, such as pages of expanded feeds)."""
        self.done = done
        if total is not None:
            self.set_total(total)
        self._redraw()

    def set_total(self, total: int | None, estimate: bool = False) -> None:
        """``estimate``: a guess (from the previous run), replaced by the count reached when done."""
        self.total = total if total and total > 0 else None
        self._estimate = estimate

    @property
    def fraction(self) -> float | None:
        if self.total:
            return min(self.done / self.total, 1.0)
        if self.total_bytes:
            return min(self.done_bytes / self.total_bytes, 1.0)
        return None

    # --- drawing ----------------------------------------------------------------------------------

    def line(self, width: int | None = None) -> str:
        if self._finished is None and not self._estimate and self.fraction is not None and self.fraction >= 1.0:
            self._finished = self._clock()  # the rate and time of the work counted, not of what follows
        now = self._finished if self._finished is not None else self._clock()
        return render(self.label, self.done, self.total, self.unit, now - self._started,
                      None if self.total else self.fraction, width or self._width(),
                      None if self._finished is not None else self._recent_rate(now))

    def _recent_rate(self, now: float) -> float | None:
        """Items a second over the last ``RATE_WINDOW`` seconds: the first items of a run pay for its
        warm-up (lazy imports, caches), and a mean since the start would overstate the time left."""
        self._samples.append((now, self.done))
        while len(self._samples) > 2 and now - self._samples[1][0] >= RATE_WINDOW:
            self._samples.popleft()
        t0, d0 = self._samples[0]
        if now - t0 < REDRAW_SECONDS or self.done == d0:
            return None
        return (self.done - d0) / (now - t0)

    def _width(self) -> int:
        try:
            return os.get_terminal_size(self._stream.fileno()).columns or 80
        except (AttributeError, ValueError, OSError):
            return 80

    def _redraw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = self._clock()
        if not force and (now - self._started < self._delay or now - self._last < REDRAW_SECONDS):
            return
        self._last = now
        text = self.line()
        if not (self._drawn and text == self._text):  # (the closing frame is often the one on screen)
            self._write("\r\x1b[K" + text)
        self._text = text
        self._drawn = self._ever = True
        if self not in _shown:
            _shown.append(self)

    def clear(self) -> None:
        if self._drawn:
            self._write("\r\x1b[K")
            self._drawn = False
            self._last = -1e9  # back at the next step

    def _write(self, text: str) -> None:
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError):
            self.enabled = False  # a terminal that went away: the run goes on without a display

    def close(self, finished: bool = True) -> None:
        """The last picture (100%, the time taken) stays on its own line when a bar was shown."""
        if finished and self._estimate and self.done:
            self.total, self._estimate = self.done, False
        if self._ever and self.enabled and finished:
            self._redraw(force=True)
            self._write("\n")
        elif self.enabled:
            self.clear()  # a failure or an interrupt: its message is the last word, not a frame
        self._drawn = False
        if self in _shown:
            _shown.remove(self)
        self.enabled = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(finished=exc_type is None)


def track(items: Iterable[T], label: str, total: int | None = None, unit: str = "articles",
          **options: Any) -> Iterator[T]:
    """``items`` one at a time, each counted when the next is asked for (when the work on it is done)."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with Progress(label, total, unit, **options) as progress:
        for item in items:
            yield item
            progress.advance()
