"""The Python API for notebooks: text or a corpus in, GeoDataFrames and a folium map out.

    >>> import geo
    >>> r = geo.parse("اندلعت اشتباكات عنيفة جنوب طرابلس", date="2020-01-06")
    >>> r.places[["surface", "name", "lat", "lon"]]
    >>> r.events.explore()          # or r.map() for the analyst map
    >>> geo.parse_corpus("corpus.jsonl").to_file("libya.gpkg")

geopandas is imported only when one of these functions runs, never by ``import geo``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import folium
    import geopandas as gpd


@dataclass(slots=True)
class Result:
    """The four layers as GeoDataFrames in EPSG:4326, plus the plain records they came from.

    ``places``: one row per mention (``place_kind`` holds the place's kind); ``events``: ACLED columns,
    then ``doc`` and ``x_`` columns, Libyan events only; ``control_areas`` and ``front_lines``:
    polygons and lines with their sides and validity dates.
    """

    places: gpd.GeoDataFrame
    events: gpd.GeoDataFrame
    control_areas: gpd.GeoDataFrame
    front_lines: gpd.GeoDataFrame
    analysis: Any

    def map(self, *, offline: bool = False, title: str | None = None) -> folium.Map:
        """The analyst map (the same as ``conflictmap map``) as a folium object for a notebook."""
        from maps.folium_map import build_map

        fmap, _stats = build_map(self.analysis, offline=offline, title=title)
        return fmap

    def to_file(self, path: str | os.PathLike[str], *, bom: bool = False) -> None:
        """Write GeoJSON, GeoPackage, events CSV or GeoParquet, chosen by the extension (atomically)."""
        suffix = Path(path).suffix.lower()
        if suffix in (".geojson", ".json"):
            from maps.geojson import write_geojson

            write_geojson(path, self.analysis)
        elif suffix == ".gpkg":
            from maps.gpkg import write_gpkg

            write_gpkg(path, self.analysis)
        elif suffix == ".csv":
            from maps.layers import as_layers
            from maps.tables import write_events_csv

            write_events_csv(path, as_layers(self.analysis).events, bom=bom)
        elif suffix in (".parquet", ".geoparquet"):
            from maps.parquet import write_events_parquet

            write_events_parquet(path, self.analysis)
        else:
            raise ValueError(f"{path}: unknown format (use .geojson, .gpkg, .csv or .parquet)")


def _result(analysis: Any) -> Result:
    from maps.frames import frames

    f = frames(analysis)
    return Result(f["places"], f["events"], f["control_areas"], f["front_lines"], analysis)


def _index(gazetteer: str | os.PathLike[str] | None) -> object | None:
    if gazetteer is None:
        return None
    from gazetteer.cache import load_index

    return load_index(str(gazetteer))


def parse(text: str, date: str | None = None, *, doc: str = "text",
          gazetteer: str | os.PathLike[str] | None = None) -> Result:
    """Places, events and control layers of one article text (``date``: YYYY-MM-DD or YYYY-MM)."""
    from geo.article import Article
    from geo.inputs import check_date
    from geo.pipeline import analyse

    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    article = Article(doc=doc, text=text.removeprefix("\ufeff"), date=check_date(date, "date"))
    return _result(analyse([article], index=_index(gazetteer)))


def parse_corpus(path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], date: str | None = None, *,
                 as_of: str | None = None, gazetteer: str | os.PathLike[str] | None = None) -> Result:
    """The same for files: a ``.jsonl`` corpus, text files, or a list of them.

    Raises ``geo.inputs.InputError`` (a one-line message naming the file and line) for bad input.
    """
    from geo.inputs import read_articles
    from geo.pipeline import analyse

    paths = [os.fspath(path)] if isinstance(path, (str, os.PathLike)) else [os.fspath(p) for p in path]
    articles = list(read_articles(paths, date))
    return _result(analyse(articles, as_of=as_of, index=_index(gazetteer)))


def from_store(store: str | os.PathLike[str], date_from: str | None = None,
               date_to: str | None = None) -> Result:
    """The layers of an event store (``conflictmap ingest``) for a date range, both ends inclusive."""
    from maps.store import load_analysis

    return _result(load_analysis(store, date_from, date_to))
