"""Errors about gazetteer files: they name the file and line so that the CLI can print one line."""

from __future__ import annotations


class GazetteerFileError(ValueError):
    """A gazetteer source file that cannot be read: bad columns, coordinates or encoding."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")
