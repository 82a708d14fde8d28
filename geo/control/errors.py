"""Errors about control files (analyst overrides, the fact table)."""

from __future__ import annotations


class ControlFileError(ValueError):
    """A control file that cannot be read; names the file and line so the CLI prints one line."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")
