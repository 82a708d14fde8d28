"""The Libyan places the package ships, built from open data by ``python -m gazetteer.build``:
``gazetteer/data/libya_open.csv`` (OSM, Who's On First / GeoNames, census mahallas, airports; ODbL
1.0, see ``gazetteer/data/LICENSES.md``), and the per-name ambiguity figures measured on NewsFANE
(``name_ambiguity.csv``).  Ids are those of the record that won the build's merge (``osm:node/ID``,
``wof:ID``, ``airport:ICAO``); ``provenance`` lists every merged record (``geonames:ID`` too)."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from gazetteer.place import Place
from gazetteer.sources._common import parse_population, read_csv_rows, split_variants
from gazetteer.sources.base import TableRows

OPEN_COLUMNS = ("id", "name", "name_ar", "kind", "lat", "lon", "admin1", "admin2", "population", "names_ar",
                "names_latin", "provenance", "coord_source", "kind_source")
# Bump when the reading rules change, so that cached indexes are rebuilt.
_RULES_VERSION = "1"


def package_data(name: str) -> Path:
    return Path(str(resources.files("gazetteer") / "data" / name))


class LibyaOpenSource(TableRows):
    """Reads the shipped open-data table; a missing table (a broken install) is a warning."""

    name = "libya-open"

    def __init__(self, path: str | Path | None = None, ambiguity_path: str | Path | None = None) -> None:
        self.table_path = Path(path) if path else package_data("libya_open.csv")
        self.ambiguity_path = Path(ambiguity_path) if ambiguity_path else package_data("name_ambiguity.csv")

    def fingerprint(self) -> str:
        h = hashlib.sha256(_RULES_VERSION.encode())
        for p in (self.table_path, self.ambiguity_path):
            try:
                h.update(p.read_bytes())
            except OSError:
                h.update(b"<absent>")
        return h.hexdigest()[:16]

    def places(self) -> Iterator[Place]:
        if not self.table_path.exists():
            logging.getLogger("conflictmap.gazetteer").warning("shipped gazetteer table %s is missing", self.table_path)
            return
        path = str(self.table_path)
        _, rows = read_csv_rows(self.table_path, OPEN_COLUMNS)
        for line, r in rows:
            kind = self.row_kind(r, path, line)
            pid = r["id"].strip()
            name, name_ar, names = self.row_names(r)
            lat, lon = self.row_point(r, path, line)
            yield Place(
                id=pid,
                name=name or name_ar or pid,
                lat=lat,
                lon=lon,
                kind=kind,
                country="LY",
                name_ar=name_ar,
                names=names,
                admin1=r["admin1"].strip() or None,
                admin2=r["admin2"].strip() or None,
                population=parse_population(r["population"], path, line),
                source=self.name,
                provenance=tuple(split_variants(r["provenance"])) or (pid,),
            )

    def name_ambiguity(self) -> dict[str, tuple[float, bool]]:
        from gazetteer.ambiguity import load_table

        return load_table(self.ambiguity_path)

    def baladiya_seats(self) -> list[tuple[str, str | None, float, float]]:
        """(baladiya, shabiya, lat, lon) of every baladiya with a checked seat (``baladiyat.csv``)."""
        return read_seats(self.table_path.with_name("baladiyat.csv"))


def read_seats(path: Path) -> list[tuple[str, str | None, float, float]]:
    import csv

    if not path.exists():
        return []
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            try:
                out.append((r["name"], r["admin1"] or None, float(r["lat"]), float(r["lon"])))
            except (KeyError, ValueError):
                continue  # a baladiya without a checked seat
    return out
