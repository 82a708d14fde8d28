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

The phases of a command after its articles are read (fusing reports across the corpus, control areas
and front lines, writing each output) are frames of the same display, named after the command and the
phase (``Phases``). Work that counts itself shows its count; work that cannot (one call into a library)
is drawn as a spinner with the time it has taken, redrawn by a ticker thread since no step comes:

    map: control areas and front lines  /  0:12
    map: loading events.gpkg  /  41250 rows  0:03
"""

from __future__ import annotations

import os
import re
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any, TypeVar

T = TypeVar("T")

# Nothing is drawn before this many seconds of work (CONFLICTMAP_PROGRESS_DELAY sets it; at 0 every
# phase is drawn, however short).
DELAY = 0.5
# Redraw at most this often; a corpus of short articles would otherwise redraw thousands of times a second.
REDRAW_SECONDS = 0.2
BAR_WIDTH = 30  # at most
# The rate shown (and the ETA it gives) is that of the last this many seconds.
RATE_WINDOW = 10.0

# The frames of a spinner (ASCII: a terminal that is not UTF-8 draws them too).
SPINNER = "|/-\\"

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

_quiet = False
_shown: list[Progress] = []  # the bar currently drawn on a terminal (at most one)
# A spinner is drawn from its ticker thread: one frame, or one erasure, is written at a time.
_lock = threading.RLock()


def default_delay() -> float:
    try:
        return max(0.0, float(os.environ.get("CONFLICTMAP_PROGRESS_DELAY", DELAY)))
    except ValueError:
        return DELAY


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
    with _lock:
        for bar in list(_shown):
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
           fraction: float | None = None, width: int = 80, rate: float | None = None, eta: bool = True) -> str:
    """One line of the display (pure: the tests read it). ``fraction`` stands in for done/total when
    only the bytes read are known; ``rate`` is the recent rate (default: the mean since the start), and
    the ETA of a known total follows it; ``eta=False``: too early to tell (``ETA -:--``). The bar takes
    what room the terminal leaves (none when narrow)."""
    if total:
        fraction = min(done / total, 1.0)
    if rate is None:
        rate = done / elapsed if elapsed > 0 else 0.0
    count = f"{done}/{total} {unit}" if total else f"{done} {unit}"
    if fraction is not None and fraction >= 1.0:
        when = f"in {format_duration(elapsed)}"
    elif not eta:
        when = "ETA -:--"
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


def render_spinner(label: str, done: int, unit: str, elapsed: float, *, finished: bool = False,
                   width: int = 80) -> str:
    """One frame of work whose size is unknown: its name, a turning bar, the count so far if it counts
    anything, and the time taken (pure: the tests read it)."""
    count = f"  {done} {unit}" if done else ""
    if finished:
        tail = f"{count}  in {format_duration(elapsed)}"
    else:
        turn = SPINNER[int(elapsed / REDRAW_SECONDS) % len(SPINNER)]
        tail = f"  {turn}{count}  {format_duration(elapsed)}"
    room = width - 1 - len(tail)
    if len(label) > room >= 20:  # the middle of a long name goes (a path's file name is at its end)
        keep = room - 3
        label = f"{label[: keep // 2]}...{label[len(label) - (keep - keep // 2):]}"
    return (label + tail)[: max(width - 1, 10)]


class Progress:
    """Counts items (and optionally bytes) done; draws the display when ``enabled`` (by default: stderr
    is a terminal and not -q). Use as a context manager, or call ``close``.

    ``spin``: work of unknown size, drawn as a spinner with the time taken (and the count, if
    ``advance`` is called); ``ticker`` redraws it from a thread while the work gives no step."""

    def __init__(self, label: str, total: int | None = None, unit: str = "articles", *,
                 total_bytes: int | None = None, enabled: bool | None = None, stream: IO[Any] | None = None,
                 delay: float | None = None, clock: Callable[[], float] = time.monotonic, spin: bool = False,
                 ticker: bool = True) -> None:
        self.label, self.unit = label, unit
        self.total = total if total and total > 0 else None
        self.total_bytes = total_bytes if total_bytes and total_bytes > 0 else None
        self.done = 0
        self.done_bytes = 0
        self._stream = sys.stderr if stream is None else stream
        self.enabled = wanted(self._stream) if enabled is None else enabled
        self._clock, self._delay = clock, default_delay() if delay is None else delay
        self._started = clock()
        self._last = -1e9
        self._finished: float | None = None
        self._text = ""
        self._estimate = False
        self._samples: deque[tuple[float, int]] = deque([(self._started, 0)])
        self._drawn = False  # the bar is on screen now
        self._ever = False  # the bar was drawn at least once (then it ends on a line of its own)
        self.spin = spin
        self._cleared = -1e9  # when other output last erased the frame (a ticker waits a while then)
        self._stop: threading.Event | None = None
        if spin and self.enabled and self._delay <= 0:
            self._redraw()  # (no delay asked: even an instant phase leaves its line)
        if spin and ticker and self.enabled:
            self._stop = threading.Event()
            threading.Thread(target=self._tick, name=f"progress {label}", daemon=True).start()

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
        if self.spin:
            now = self._finished if self._finished is not None else self._clock()
            return render_spinner(self.label, self.done, self.unit, now - self._started,
                                  finished=self._finished is not None, width=width or self._width())
        if self._finished is None and not self._estimate and self.fraction is not None and self.fraction >= 1.0:
            self._finished = self._clock()  # the rate and time of the work counted, not of what follows
        now = self._finished if self._finished is not None else self._clock()
        # One item done tells the time of the warm-up (imports, the gazetteer's caches), not the pace: the
        # first article of a corpus of 2,000 would promise an hour and a half.
        return render(self.label, self.done, self.total, self.unit, now - self._started,
                      None if self.total else self.fraction, width or self._width(),
                      None if self._finished is not None else self._recent_rate(now), eta=self.done >= 2)

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

    def _redraw(self, force: bool = False, ticked: bool = False) -> None:
        if not self.enabled:
            return
        now = self._clock()
        if not force and (now - self._started < self._delay or now - self._last < REDRAW_SECONDS):
            return
        with _lock:
            if not self.enabled or (ticked and now - self._cleared < REDRAW_SECONDS):
                return  # (a line written after an erasure gets the time to be written whole)
            self._last = now
            text = self.line()
            if not (self._drawn and text == self._text):  # (the closing frame is often the one on screen)
                self._write("\r\x1b[K" + text)
            self._text = text
            self._drawn = self._ever = True
            if self not in _shown:
                _shown.append(self)

    def _tick(self) -> None:
        assert self._stop is not None
        while not self._stop.wait(REDRAW_SECONDS / 2):
            self._redraw(ticked=True)

    def clear(self) -> None:
        with _lock:
            self._cleared = self._clock()
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
        if self._stop is not None:
            self._stop.set()  # (the ticker draws under the lock: no frame comes after the last)
        with _lock:
            if finished and self._estimate and self.done:
                self.total, self._estimate = self.done, False
            if finished and self.spin and self._finished is None:
                self._finished = self._clock()
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


class Phases:
    """The phases of one command after its articles are read, each a frame of the one display named
    ``COMMAND: PHASE``. ``phases(name)`` is a spinner (work of unknown size); ``phases(name, total,
    unit)`` a bar. Off a terminal, with -q or with ``enabled=False`` (``NO_PHASES``, what the library
    functions default to) nothing is drawn."""

    def __init__(self, label: str, *, enabled: bool | None = None, stream: IO[Any] | None = None,
                 **options: Any) -> None:
        self.label = label
        self._stream = stream
        self.enabled = wanted(stream) if enabled is None else enabled
        self._options = options

    def __call__(self, name: str, total: int | None = None, unit: str = "", *, spin: bool | None = None
                 ) -> Progress:
        name = _UNPRINTABLE.sub("?", name)  # a file name must not drive the terminal
        return Progress(f"{self.label}: {name}" if self.label else name, total, unit, enabled=self.enabled,
                        stream=self._stream, spin=total is None if spin is None else spin, **self._options)

    def track(self, items: Sequence[T], name: str, unit: str) -> Iterator[T]:
        """``items`` one at a time under a bar of this phase, each counted when the next is asked for."""
        with self(name, len(items), unit) as bar:
            for item in items:
                yield item
                bar.advance()


NO_PHASES = Phases("", enabled=False)


def track(items: Iterable[T], label: str, total: int | None = None, unit: str = "articles",
          **options: Any) -> Iterator[T]:
    """``items`` one at a time, each counted when the next is asked for (when the work on it is done)."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with Progress(label, total, unit, **options) as progress:
        for item in items:
            yield item
            progress.advance()
