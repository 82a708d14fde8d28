"""``conflictmap gazetteer``: search the compiled index, import files into it, describe it."""

from __future__ import annotations

import json
import sys
import unicodedata
from typing import Any, NoReturn

import click

from geo.cli.common import examples

LICENCE_LINE = (
    "built-in Libyan table (libya_open.csv) ODbL 1.0, (c) OpenStreetMap contributors; includes Who's On "
    "First (CC0), GeoNames (CC BY 4.0), airportsdata (MIT), OurAirports (public domain), airport-data-js "
    "(CC BY 4.0); name_ambiguity.csv counts from NewsFANE (CC BY-SA 3.0). See gazetteer/data/LICENSES.md"
)


def _fail(message: str, code: int = 2) -> NoReturn:
    click.echo(f"conflictmap: error: {message}", err=True)
    sys.exit(code)


def _index_path(ctx: click.Context) -> str | None:
    root = ctx.find_root()
    return root.obj.get("gazetteer_path") if isinstance(root.obj, dict) else None


def _clean(value: object) -> str:
    """A cell for the terminal: control characters (escape sequences in an imported name) shown
    as U+FFFD instead of being executed by the terminal."""
    s = "" if value is None else str(value)
    return "".join(
        "\ufffd" if unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\u200c\u200d" else ch for ch in s
    )


def _load(ctx: click.Context) -> Any:
    from gazetteer.cache import load_index
    from gazetteer.errors import GazetteerFileError

    try:
        return load_index(_index_path(ctx))
    except GazetteerFileError as exc:
        _fail(str(exc))


def hit_record(hit: Any) -> dict[str, Any]:
    p = hit.place
    sources = sorted({pid.split(":", 1)[0] for pid in p.provenance} | {p.source})
    return {
        "place_id": p.id,
        "name": p.name,
        "name_ar": p.name_ar,
        "lat": round(p.lat, 6),
        "lon": round(p.lon, 6),
        "kind": p.kind,
        "country": p.country,
        "admin1": p.admin1,
        "population": p.population,
        "score": hit.score,
        "how": hit.how,
        "sources": sources,
    }


@click.group(epilog=examples(
    'conflictmap gazetteer search "بو قرين"',
    "conflictmap gazetteer import LY.txt        # a GeoNames country dump you downloaded",
    "conflictmap gazetteer info",
))
def gazetteer() -> None:
    """Search, import into and describe the Libyan gazetteer.

    The compiled index lives in the user cache directory (CONFLICTMAP_CACHE_DIR overrides it) or
    where the root option --gazetteer points; it is rebuilt when a source changes.
    """


@gazetteer.command(epilog=examples(
    'conflictmap gazetteer search "بو قرين"',
    "conflictmap gazetteer search Misurata --format json",
    "conflictmap gazetteer search مصراته --limit 3",
))
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.pass_context
def search(ctx: click.Context, query: str, fmt: str, limit: int) -> None:
    """Places named QUERY (Arabic or Latin), best first: exact, then spelling variants, then fuzzy."""
    index = _load(ctx)
    records = [hit_record(h) for h in index.search(query, limit=limit)]
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    if not records:
        click.echo(f"no place named {_clean(query)!s}", err=True)
        sys.exit(1)
    cols = ("score", "how", "place_id", "name", "name_ar", "kind", "country", "lat", "lon")
    rows = [[_clean(r[c]) for c in cols] for r in records]
    widths = [max(len(c), *(len(row[i]) for row in rows)) for i, c in enumerate(cols)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip())
    for row in rows:
        click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


@gazetteer.command(name="import", epilog=examples(
    "conflictmap gazetteer import LY.txt                    # a GeoNames country dump (download.geonames.org)",
    "conflictmap gazetteer import places.json --kind osm    # Overpass API JSON (nodes with name:ar tags)",
    "conflictmap gazetteer import my-places.csv             # name,lat,lon[,name_ar,kind,...]",
))
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--kind",
    type=click.Choice(["geonames", "osm", "csv"]),
    default=None,
    help="File format (guessed from the name or content when omitted).",
)
@click.pass_context
def import_command(ctx: click.Context, path: str, kind: str | None) -> None:
    """Add a GeoNames dump, an OSM Overpass JSON or a CSV of places (name,lat,lon[,name_ar,kind,...]).

    The file's path is recorded in the user cache and the index rebuilt with it, so every later run finds
    its places; keep the file where it is (it is read again when the index is rebuilt). Importing the same
    file again replaces its earlier import.
    """
    from gazetteer.cache import import_source
    from gazetteer.errors import GazetteerFileError

    try:
        count, index = import_source(path, kind, _index_path(ctx))
    except GazetteerFileError as exc:
        _fail(str(exc))
    click.echo(f"imported {count} places from {_clean(path)}; the index now holds {len(index.places)} places")


@gazetteer.command(epilog=examples(
    "conflictmap gazetteer info",
    "conflictmap gazetteer info --format json",
))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def info(ctx: click.Context, fmt: str) -> None:
    """Counts by source and kind, the index file and when it was built."""
    from gazetteer.cache import default_index_path

    index = _load(ctx)
    data = index.info()
    data["index_path"] = _index_path(ctx) or str(default_index_path())
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"index:    {_clean(data['index_path'])}")
    click.echo(f"built:    {data['built_at']} in {data['build_seconds']} s")
    click.echo(
        f"places:   {data['places']} ({data['in_libya']} in Libya, {data['foreign']} foreign); "
        f"{data['keys']} name keys, {data['forms']} surface forms, {data['demonyms']} demonyms"
    )
    click.echo(
        f"libya:    {data['in_libya']} places, {data['districts_or_facilities']} of them districts or facilities; "
        f"admin1 on {data['with_admin1']}/{data['libyan_not_country']}, admin2 (baladiya) on "
        f"{data['with_admin2']}/{data['libyan_not_country']}"
    )
    click.echo(
        f"names:    {data['common_word_forms']} name forms flagged as ordinary words, {data['measured_forms']} "
        f"forms with a measured ambiguity; {data['ambiguous_places']} Libyan places need evidence in context"
    )
    click.echo(f"licence:  {LICENCE_LINE}")
    click.echo("sources (fingerprint):")
    for label, fp in data["sources"].items():
        click.echo(f"  {_clean(label)}  {fp}")
    click.echo("places by winning source:   " + ", ".join(f"{k} {v}" for k, v in data["by_source"].items()))
    click.echo(
        "records merged, by source:  " + ", ".join(f"{k} {v}" for k, v in data["records_by_prefix"].items())
    )
    click.echo("places by kind:             " + ", ".join(f"{k} {v}" for k, v in data["by_kind"].items()))
