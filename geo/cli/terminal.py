"""Standard output on a terminal: article text must not drive it.

An article (or a gazetteer name) can carry ESC sequences, 8-bit C1 controls (CSI is U+009B), a carriage
return or bidi overrides; printed raw by ``--format csv`` (or json, table) they would recolour, clear or
rewrite the terminal. On a terminal only, every such character is written as its ``\\uXXXX`` escape:
visible in a table or CSV, and still the same string in JSON (a valid escape there). Redirected
output (a file, a pipe) is left byte for byte as it was.
"""

from __future__ import annotations

import io
import re
from typing import Any

UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def neutralise(text: str) -> str:
    return UNSAFE.sub(_escape, text)


class TerminalSafe(io.TextIOBase):
    """A text stream that escapes terminal control characters on their way to ``inner``."""

    def __init__(self, inner: Any) -> None:
        super().__init__()
        self._inner = inner

    def write(self, s: str) -> int:
        from geo.progress import clear_line

        clear_line()  # a row of output never lands in the middle of the progress display
        self._inner.write(neutralise(s))
        return len(s)

    def flush(self) -> None:
        self._inner.flush()

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._inner.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._inner, "encoding", "utf-8")

    @property
    def buffer(self) -> Any:
        return self._inner.buffer

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self._inner, "errors", None)


def protect_stdout() -> None:
    """Wrap ``sys.stdout`` when it is a terminal (called once, by the console script)."""
    import sys

    out = sys.stdout
    try:
        tty = out.isatty()
    except (AttributeError, ValueError):
        return
    if tty and not isinstance(out, TerminalSafe):
        sys.stdout = TerminalSafe(out)
