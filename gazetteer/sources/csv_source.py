"""A user's CSV of custom places: ``name,lat,lon`` required; ``name_ar, kind, country, admin1,
population, names`` (``|``-separated variants) optional."""

from __future__ import annotations

from collections.abc import Iterator

from gazetteer.errors import GazetteerFileError
from gazetteer.place import PLACE_KINDS, Place
from gazetteer.sources._common import (
    dedupe,
    parse_coordinate,
    parse_population,
    read_csv_rows,
    slug,
    split_variants,
)
from gazetteer.sources.base import FileSource

REQUIRED = ("name", "lat", "lon")


class CsvSource(FileSource):
    """Ids ``csv:<file stem>:<row>`` (the row number counts data rows from 1)."""

    name = "csv"


    def places(self) -> Iterator[Place]:
        path = str(self.path)
        _, rows = read_csv_rows(self.path, REQUIRED)
        stem = slug(self.path.stem)
        for n, (line, row) in enumerate(rows, start=1):
            name = row["name"].strip()
            name_ar = (row.get("name_ar") or "").strip() or None
            if not name and not name_ar:
                raise GazetteerFileError(path, "empty name", line)
            kind = (row.get("kind") or "").strip() or "town"
            if kind not in PLACE_KINDS:
                raise GazetteerFileError(
                    path, f"unknown kind {kind!r} (one of {', '.join(PLACE_KINDS)})", line
                )
            country = ((row.get("country") or "").strip() or "LY").upper()
            if len(country) != 2 or not country.isalpha():
                raise GazetteerFileError(path, f"country {country!r} is not an ISO 3166 alpha-2 code", line)
            pid = f"csv:{stem}:{n}"
            yield Place(
                id=pid,
                name=name or name_ar or pid,
                lat=parse_coordinate(row["lat"], "lat", path, line),
                lon=parse_coordinate(row["lon"], "lon", path, line),
                kind=kind,
                country=country,
                name_ar=name_ar,
                names=dedupe([name, name_ar or "", *split_variants(row.get("names"))]),
                admin1=(row.get("admin1") or "").strip() or None,
                population=parse_population(row.get("population"), path, line),
                source=self.name,
                provenance=(pid,),
            )
