"""``conflictmap places``: every place name in the articles, where it is, and how sure we are."""

from __future__ import annotations

import json

import click

from geo.cli.common import iter_articles, load_gazetteer

PLACE_COLUMNS = (
    "doc", "surface", "start", "end", "place_id", "name", "name_ar", "lat", "lon", "country", "kind",
    "in_libya", "admin1", "precision", "confidence", "anchor", "anchor_id", "bearing_deg", "offset_km", "quote",
)
RELATIVE_ONLY = frozenset({"anchor", "anchor_id", "bearing_deg", "offset_km"})


@click.command(
    epilog=(
        "Examples:\n\n"
        "  conflictmap places seeds/libya-front-2020-01.ar.txt\n\n"
        "  conflictmap places corpus.jsonl --format json > places.json\n\n"
        "  echo 'اشتباكات عنيفة جنوب طرابلس' | conflictmap places - --format geojson"
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
    help="Ask a geocoding service (Nominatim, 1 request/s, cached on disk) for names the gazetteer lacks.",
)
@click.option(
    "--errors", type=click.Choice(["strict", "replace"]), default="strict", help="Invalid UTF-8: stop, or replace."
)
@click.pass_context
def places(ctx: click.Context, inputs: tuple[str, ...], fmt: str, date: str | None, online: bool, errors: str) -> None:
    """Find and geocode every place name in INPUT... (text files, `-` for stdin, or .jsonl corpora).

    Each mention gives its exact span (code-point offsets into the text as read), the place it resolves to,
    whether it is in Libya, a precision (1 exact, 2 near/relative, 3 region, 4 country) and a confidence.
    Relative expressions ("40 km south of Sirte", شرق مصراتة) add a record of kind "relative" with the
    projected point, its anchor, bearing and offset.
    """
    from geo.pipeline import parse_article

    index = load_gazetteer(ctx)
    records: list[dict] = []
    for article in iter_articles(inputs, date, errors):
        parsed = parse_article(article, index)
        if online:
            from geo.online import geocode_unknown

            parsed.mentions.extend(geocode_unknown(article, parsed.mentions))
            parsed.mentions.sort(key=lambda m: m.start)
        records.extend(parsed.place_records())
    _emit(records, fmt)


def _emit(records: list[dict], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps([_json_record(r) for r in records], ensure_ascii=False, indent=1))
    elif fmt == "geojson":
        from geo.pipeline import Analysis
        from maps.geojson import dumps, feature_collection

        click.echo(dumps(feature_collection(Analysis(places=records))), nl=False)
    elif fmt == "csv":
        import csv
        import io

        from maps.tables import neutralise

        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(PLACE_COLUMNS)
        for r in records:
            w.writerow([_csv_cell(r.get(c), neutralise) for c in PLACE_COLUMNS])
        click.echo(buf.getvalue(), nl=False)
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


def _table(records: list[dict]) -> None:
    if not records:
        click.echo("no place names found", err=True)
        return
    click.echo(f"{'surface':<28} {'place':<26} {'lat':>9} {'lon':>10}  {'kind':<13} prec  conf  libya")
    for r in records:
        surface = r["surface"].replace("\n", " ")
        name = r.get("name") or "?"
        if r.get("kind") == "relative":
            name = f"{r.get('bearing_deg')}° of {r.get('anchor')}"
        lat = f"{r['lat']:.4f}" if r.get("lat") is not None else "-"
        lon = f"{r['lon']:.4f}" if r.get("lon") is not None else "-"
        click.echo(
            f"{surface[:28]:<28} {name[:26]:<26} {lat:>9} {lon:>10}  {str(r.get('kind'))[:13]:<13} "
            f"{r.get('precision')}     {r.get('confidence'):.2f}  {'yes' if r.get('in_libya') else 'no'}"
        )
