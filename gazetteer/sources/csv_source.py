"""A user's CSV of custom places: ``name,lat,lon`` required; ``name_ar, kind, country, admin1,
population, names`` (``|``-separated variants) optional."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from gazetteer.errors import GazetteerFileError
from gazetteer.place import Place
from gazetteer.sources._common import parse_population, read_csv_rows, slug
from gazetteer.sources.base import FileSource

REQUIRED = ("name", "lat", "lon")


class CsvSource(FileSource):
    """Ids ``csv:<key>:<row>`` (the row number counts data rows from 1); the key is the file's stem, made
    distinct by the cache when two imported files share a stem (``gazetteer.cache``)."""

    name = "csv"

    def __init__(self, path: str | Path, key: str | None = None) -> None:
        super().__init__(path)
        self.key = key or slug(self.path.stem)

    def places(self) -> Iterator[Place]:
        path = str(self.path)
        _, rows = read_csv_rows(self.path, REQUIRED)
        for n, (line, row) in enumerate(rows, start=1):
            name, name_ar, names = self.row_names(row, ("names",))
            if not name and not name_ar:
                raise GazetteerFileError(path, "empty name", line)
            kind = self.row_kind(row, path, line, default="town")
            country = ((row.get("country") or "").strip() or "LY").upper()
            if len(country) != 2 or not country.isalpha():
                raise GazetteerFileError(path, f"country {country!r} is not an ISO 3166 alpha-2 code", line)
            pid = f"csv:{self.key}:{n}"
            lat, lon = self.row_point(row, path, line)
            yield Place(
                id=pid,
                name=name or name_ar or pid,
                lat=lat,
                lon=lon,
                kind=kind,
                country=country,
                name_ar=name_ar,
                names=names,
                admin1=(row.get("admin1") or "").strip() or None,
                population=parse_population(row.get("population"), path, line),
                source=self.name,
                provenance=(pid,),
            )
