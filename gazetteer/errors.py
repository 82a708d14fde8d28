"""Errors about gazetteer files: they name the file and line so that the CLI can print one line."""

from __future__ import annotations

import json


class GazetteerFileError(ValueError):
    """A gazetteer source file that cannot be read: bad columns, coordinates or encoding."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")


def json_reason(exc: json.JSONDecodeError, *, line: bool = False) -> str:
    """json's complaint with its position said once: ``Invalid control character at column 7``.

    Some of json's messages end in "at" already ("Invalid control character at", "Unterminated string
    starting at"), meant to be followed by a position; adding " at column N" to them read "at at".
    Every reader of JSON (corpora, .meta.json, control files, OSM imports) words its errors through here.
    """
    where = f"line {exc.lineno} column {exc.colno}" if line else f"column {exc.colno}"
    return f"{exc.msg.removesuffix(' at').rstrip()} at {where}"
