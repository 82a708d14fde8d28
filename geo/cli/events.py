"""``conflictmap events``: conflict events coded the way ACLED codes them."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click


def _write_atomic(path: str, text: str) -> None:
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@click.command("events")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--date", "date", default=None, help="Publication date YYYY-MM-DD or YYYY-MM (month precision).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "geojson", "csv"]), default="table",
              show_default=True, help="table for terminals; json/csv/geojson for tools.")
@click.option("-o", "--output", "output", default=None, type=click.Path(dir_okay=False),
              help="Write here (atomically) instead of standard output.")
@click.option("--no-fuse", is_flag=True, help="Keep repeated reports of one event as separate rows.")
@click.pass_context
def events(ctx: click.Context, inputs: tuple[str, ...], date: str | None, fmt: str, output: str | None,
           no_fuse: bool) -> None:
    """Extract conflict events (ACLED's 31 columns plus doc and x_ fields) from articles.

    The same event reported twice (same day, place, type and sides) becomes one row with all its
    quotes, within an article and across a corpus.
    """
    from geo.cli.common import load_gazetteer
    from geo.events.extract import extract_events
    from geo.events.fuse import fuse_events
    from geo.events.output import FORMATS
    from geo.inputs import InputError, read_articles
    from geo.places import extract_mentions

    index = load_gazetteer(ctx)
    found = []
    try:
        for article in read_articles(list(inputs), date=date):
            found.extend(extract_events(article, extract_mentions(article, index)))
    except InputError as exc:
        click.echo(f"conflictmap events: {exc}", err=True)
        sys.exit(2)
    result = found if no_fuse else fuse_events(found)
    text = FORMATS[fmt](result)
    if output:
        _write_atomic(output, text)
    else:
        click.echo(text, nl=False)
