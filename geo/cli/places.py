"""``conflictmap places``: every place name in the articles, where it is, and how sure we are."""

from __future__ import annotations

from collections.abc import Iterator

import click

from geo.cli.common import (
    errors_option,
    examples,
    input_options,
    iter_articles,
    load_gazetteer,
    one_line,
    skip_bad_option,
    write_csv_rows,
    write_feature_collection,
    write_json_array,
)

PLACE_COLUMNS = (
    "doc", "surface", "start", "end", "place_id", "name", "name_ar", "lat", "lon", "country", "kind",
    "in_libya", "admin1", "precision", "confidence", "role", "anchor", "anchor_id", "bearing_deg", "offset_km",
    "label", "describes", "quote",
)
RELATIVE_ONLY = frozenset({"anchor", "anchor_id", "bearing_deg", "offset_km", "label", "describes"})


@click.command(
    epilog=examples(
        "conflictmap places seeds/libya-front-2020-01.ar.txt",
        "conflictmap places corpus.jsonl --format json > out/places.json",
        "echo 'اشتباكات عنيفة جنوب طرابلس' | conflictmap places - --format geojson",
    )
)
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "geojson", "csv"]), default="table", show_default=True,
    help="table for reading; json = one array of mention records (the contract in DESIGN.md); "
    "geojson = RFC 7946 points; csv for spreadsheets.",
)
@click.option("--date", help="Publication date (YYYY-MM-DD or YYYY-MM) for plain text inputs.")
@click.option(
    "--online", is_flag=True,
    help="Ask a geocoding service (Nominatim, 1 request/s, cached on disk) for names the gazetteer lacks "
    "(at most 20 names an article and 300 requests a run, each request bounded in time and size).",
)
@errors_option
@skip_bad_option
@input_options
@click.pass_context
def places(
    ctx: click.Context, inputs: tuple[str, ...], fmt: str, date: str | None, online: bool, errors: str,
    skip_bad: bool, text_field: str | None = None, date_field: str | None = None,
) -> None:
    """Find and geocode every place name in INPUT... (text files, `-` for stdin, or .jsonl corpora).

    Each mention gives its exact span (code-point offsets into the text as read), the place it resolves to,
    whether it is in Libya, a precision (1 exact, 2 near/relative, 3 region, 4 country) and a confidence.
    Relative expressions ("40 km south of Sirte", شرق مصراتة) add a record of kind "relative" with the
    projected point, its anchor, bearing and offset.
    """
    from geo.pipeline import iter_place_records, parse_places

    index = load_gazetteer(ctx)

    def records() -> Iterator[dict]:
        # A generator, so that json and csv print records as they are found: a corpus of any size runs
        # in the memory of its largest article's text, and a very long article's records stream out
        # block by block (geo.places.stage.BLOCK_CHARS). --online looks at all of an article's mentions
        # before it asks for the names they lack.
        geocoder = None
        for article in iter_articles(inputs, date, errors, skip_bad):
            if not online:
                yield from iter_place_records(article, index)
                continue
            from geo.places.online import OnlineGeocoder, geocode_unknown

            geocoder = geocoder or OnlineGeocoder()  # one per run: its rate limit and caps hold across articles
            parsed = parse_places(article, index)
            parsed.mentions.extend(geocode_unknown(article, parsed.mentions, geocoder))
            parsed.mentions.sort(key=lambda m: m.start)
            yield from parsed.place_records()

    _emit(records(), fmt)


def _emit(records: Iterator[dict], fmt: str) -> None:
    if fmt == "json":
        write_json_array(_json_record(r) for r in records)
    elif fmt == "geojson":
        from maps.geojson import place_feature

        write_feature_collection(place_feature(r) for r in records)
    elif fmt == "csv":
        from maps.tables import neutralise

        write_csv_rows(PLACE_COLUMNS, records, cell=lambda v: _csv_cell(v, neutralise))
    else:
        _table(records)


def _json_record(rec: dict) -> dict:
    keys = PLACE_COLUMNS if rec.get("kind") == "relative" else [k for k in PLACE_COLUMNS if k not in RELATIVE_ONLY]
    return {k: rec.get(k) for k in keys}


def _csv_cell(value: object, neutralise) -> str:  # type: ignore[no-untyped-def]
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return neutralise(str(value))


def _table(records: Iterator[dict]) -> None:
    """Rows as they come (a corpus prints while it is read); control characters never reach the terminal."""
    n = 0
    for r in records:
        if n == 0:
            click.echo(f"{'surface':<28} {'place':<26} {'lat':>9} {'lon':>10}  {'kind':<13} prec  conf  libya")
        n += 1
        surface = one_line(" ".join(r["surface"].split()))
        name = r.get("name") or "?"
        if r.get("kind") == "relative":
            name = r.get("label") or f"{r.get('bearing_deg')}° of {r.get('anchor')}"
        name = one_line(name)
        lat = f"{r['lat']:.4f}" if r.get("lat") is not None else "-"
        lon = f"{r['lon']:.4f}" if r.get("lon") is not None else "-"
        click.echo(
            f"{surface[:28]:<28} {name[:26]:<26} {lat:>9} {lon:>10}  {str(r.get('kind'))[:13]:<13} "
            f"{r.get('precision')}     {r.get('confidence'):.2f}  {'yes' if r.get('in_libya') else 'no'}"
        )
    if n == 0:
        click.echo("no place names found", err=True)
