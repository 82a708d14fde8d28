"""``conflictmap map``: articles in, one analyst map (HTML) out, optionally GeoJSON of the same features."""

from __future__ import annotations

import click

from geo.cli.common import fail, load_gazetteer, read_all


def _title(articles: list) -> str:
    if len(articles) == 1:
        a = articles[0]
        # No date here: the map shows the events' date span beside the title, and a date appended to an
        # Arabic title would be reordered by the bidi algorithm.
        return a.title or a.doc
    dates = sorted(a.date for a in articles if a.date)
    span = f", {dates[0]} → {dates[-1]}" if dates else ""
    return f"Libya: {len(articles)} articles{span}"


@click.command(
    epilog=(
        "Examples:\n\n"
        "  conflictmap map -o out/seed.html                      (the built-in seed article)\n\n"
        "  conflictmap map seeds/libya-front-2020-01.ar.txt -o out/seed.html\n\n"
        "  conflictmap map corpus.jsonl -o map.html --offline --geojson map.geojson"
    )
)
@click.argument("inputs", nargs=-1)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The HTML map to write.")
@click.option("--date", help="Publication date (YYYY-MM-DD or YYYY-MM) for plain text inputs.")
@click.option("--as-of", "as_of", help="Estimate control areas and front lines as of this date (YYYY-MM-DD).")
@click.option(
    "--offline", is_flag=True,
    help="One self-contained file: every script, style and font inlined, no remote tiles (a vector outline "
    "of Libya and its districts instead). Works from a USB stick with no network.",
)
@click.option("--geojson", "geojson_path", type=click.Path(dir_okay=False),
              help="Also write the map's features as RFC 7946 GeoJSON.")
@click.option("--title", help="Title shown on the map (default: the article's title, or a summary).")
@click.option(
    "--errors", type=click.Choice(["strict", "replace"]), default="strict", help="Invalid UTF-8: stop, or replace."
)
@click.pass_context
def map_command(
    ctx: click.Context,
    inputs: tuple[str, ...],
    output: str,
    date: str | None,
    as_of: str | None,
    offline: bool,
    geojson_path: str | None,
    title: str | None,
    errors: str,
) -> None:
    """Draw events, places, control areas and front lines of INPUT... on a Leaflet map.

    INPUT is a text file, `-` for standard input, or a .jsonl corpus; with no INPUT the built-in seed
    article is mapped. Events are coloured by the side of actor 1 and drawn with an icon per ACLED event
    type; every popup quotes the sentence that put the point there.
    """
    from geo.inputs import InputError, check_date

    try:
        check_date(as_of, "--as-of")
    except InputError as exc:
        fail(str(exc))
    if not inputs:
        from geo.seeds import seed_path

        seed = seed_path()
        if seed is None:
            fail("no INPUT given and the built-in seed article is not in this installation")
        inputs = (str(seed),)
    articles = read_all(inputs, date, errors)
    if not articles:
        fail("no article in the inputs")
    index = load_gazetteer(ctx)

    from geo.pipeline import analyse
    from maps.assets import AssetError
    from maps.atomic import OutputError
    from maps.folium_map import write_map

    analysis = analyse(articles, as_of=as_of, index=index)
    try:
        stats = write_map(output, analysis, offline=offline, title=title or _title(articles))
        if geojson_path:
            from maps.geojson import write_geojson

            write_geojson(geojson_path, analysis)
    except (OutputError, AssetError) as exc:
        fail(str(exc), 1 if isinstance(exc, AssetError) else 2)
    click.echo(
        f"{output}: {stats.events} events, {stats.places} other places, {stats.control_areas} control areas, "
        f"{stats.front_lines} front lines ({stats.bytes / 1e6:.1f} MB{', offline' if offline else ''})",
        err=True,
    )
