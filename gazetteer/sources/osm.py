"""OpenStreetMap places as Overpass API JSON (``[out:json]`` output with node elements and tags)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gazetteer.errors import GazetteerFileError, json_reason
from gazetteer.place import Place
from gazetteer.sources._common import dedupe, is_latin, parse_coordinate, parse_population, read_utf8
from gazetteer.sources.base import FileSource

PLACE_KINDS = {
    "city": "city",
    "town": "town",
    "village": "village",
    "hamlet": "hamlet",
    "isolated_dwelling": "hamlet",
    "suburb": "neighbourhood",
    "neighbourhood": "neighbourhood",
    "quarter": "neighbourhood",
    "borough": "neighbourhood",
    "locality": "landmark",
    "island": "island",
    "islet": "island",
    "region": "region",
    "state": "district",
    "province": "district",
    "county": "district",
    "oasis": "oasis",
}
# Tags read for name forms: Arabic first, then the Latin-script languages of the press
# (Italian matters: Misurata, Zuara and Bengasi are Italian forms).
ARABIC_TAGS = ("name:ar", "alt_name:ar", "official_name:ar", "short_name:ar", "long_name:ar", "old_name:ar")
LATIN_TAGS = (
    "name:en",
    "name:fr",
    "name:it",
    "int_name",
    "alt_name:en",
    "alt_name:fr",
    "alt_name:it",
    "official_name:en",
    "old_name:en",
    "old_name:it",
)
GENERIC_TAGS = ("name", "alt_name", "old_name", "official_name", "alt_name:1", "alt_name2", "alt_name3")


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def _line_of(text: str, needle: str) -> int | None:
    i = text.find(needle)
    return None if i < 0 else text.count("\n", 0, i) + 1


class OsmOverpassSource(FileSource):
    """Reads Overpass JSON; ids ``osm:node/ID`` (``osm:way/ID`` for ways with a ``center``)."""

    name = "osm"

    def __init__(self, path: str | Path, country: str = "LY") -> None:
        super().__init__(path)
        self.country = country

    def places(self) -> Iterator[Place]:
        path = str(self.path)
        text = read_utf8(self.path)
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise GazetteerFileError(path, f"invalid JSON: {json_reason(exc)}", exc.lineno) from None
        except RecursionError:
            raise GazetteerFileError(path, "JSON nested too deeply to be Overpass output", 1) from None
        if not isinstance(doc, dict) or not isinstance(doc.get("elements"), list):
            raise GazetteerFileError(path, 'not Overpass JSON: no top-level "elements" list', 1)
        for el in doc["elements"]:
            if not isinstance(el, dict):
                raise GazetteerFileError(path, "an element is not an object", None)
            place = self._place(el, path, text)
            if place is not None:
                yield place

    def _place(self, el: dict[str, Any], path: str, text: str) -> Place | None:
        tags = el.get("tags") or {}
        etype = el.get("type", "node")
        oid = el.get("id")
        kind = PLACE_KINDS.get(str(tags.get("place", "")).strip())
        if kind is None:
            return None
        where = el.get("center") if etype != "node" else el
        if not isinstance(where, dict) or "lat" not in where or "lon" not in where:
            if etype == "node":
                raise GazetteerFileError(path, f"node {oid} has no lat/lon", _line_of(text, f'"id": {oid}'))
            return None
        line = _line_of(text, f'"id": {oid}')
        lat = parse_coordinate(where["lat"], "lat", path, line)
        lon = parse_coordinate(where["lon"], "lon", path, line)
        arabic: list[str] = []
        latin: list[str] = []
        for tag in ARABIC_TAGS:
            arabic += _split(str(tags.get(tag, "")))
        for tag in LATIN_TAGS:
            latin += [n for n in _split(str(tags.get(tag, ""))) if is_latin(n)]
        for tag in GENERIC_TAGS:
            for n in _split(str(tags.get(tag, ""))):
                if any("\u0600" <= ch <= "\u06ff" for ch in n):
                    arabic.append(n)
                elif is_latin(n):
                    latin.append(n)
        names = dedupe(arabic + latin)
        if not names:
            return None
        name = latin[0] if latin else names[0]
        try:
            pop = parse_population(tags.get("population"), path, line)
        except GazetteerFileError:
            pop = None  # OSM population tags hold prose ("about 3000") often enough to not reject a file
        pid = f"osm:{etype}/{oid}"
        return Place(
            id=pid,
            name=name,
            lat=lat,
            lon=lon,
            kind=kind,
            country=self.country,
            name_ar=arabic[0] if arabic else None,
            names=names,
            population=pop,
            source=self.name,
            provenance=(pid,),
        )
