"""``conflictmap events``: conflict events coded the way ACLED codes them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import click

from geo.cli.common import errors_option, examples, input_options, min_confidence_option, mkdir_option, skip_bad_option
from geo.distributed.options import DaskOptions, PipelineOptions, dask_options

if TYPE_CHECKING:
    from geo.events.model import Event


@click.command("events", epilog=examples(
    "conflictmap events seeds/libya-front-2020-01.ar.txt",
    "conflictmap events corpus.jsonl --format csv -o out/events.csv     # loads beside an ACLED export",
    "conflictmap events corpus.jsonl --fuse-corpus --min-confidence 0.3 --format json",
    "echo 'قتل ثلاثة مدنيين في قصف على حي أبو سليم في طرابلس' | conflictmap events - --date 2020-01-14",
))
@click.argument("inputs", nargs=-1, required=True)
@click.option("--date", "date", default=None, help="Publication date YYYY-MM-DD or YYYY-MM (month precision).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "geojson", "csv"]), default="table",
              show_default=True, help="table for terminals; json/csv/geojson for tools.")
@click.option("-o", "--output", "output", default=None, type=click.Path(dir_okay=False),
              help="Write here (atomically) instead of standard output.")
@click.option("--no-fuse", is_flag=True, help="Keep repeated reports of one event as separate rows.")
@click.option("--fuse-corpus", is_flag=True,
              help="Also fuse reports of one event by different articles into one row (the map, export and "
                   "store always do); by default each article's report is its own row, as ACLED-style "
                   "hand coding of articles has it.")
@min_confidence_option
@mkdir_option
@errors_option
@skip_bad_option
@input_options
@dask_options
@click.pass_context
def events(ctx: click.Context, inputs: tuple[str, ...], date: str | None, fmt: str, output: str | None,
           no_fuse: bool, fuse_corpus: bool, min_confidence: float, mkdir: bool, errors: str, skip_bad: bool,
           text_field: str | None, date_field: str | None, workers: int | None, scheduler: str | None) -> None:
    """Extract conflict events (ACLED's 31 columns plus doc and x_ fields) from articles.

    Within an article, the clauses that report one incident (same place, day and type) are one row
    with all their quotes; with --fuse-corpus the reports of several articles are fused too. Events below
    --min-confidence (x_confidence, calibrated on hand-coded articles) are left out. INPUT may be an
    ACLED export (CSV): its events are written as ACLED coded them (x_origin "acled"), and ours that
    duplicate one carry its id (x_acled_id). A URL is fetched (politely, through the cache of
    `conflictmap fetch`) and parsed.
    """
    from geo.cli.common import (
        iter_articles,
        load_gazetteer,
        output_stream,
        split_acled,
        with_acled,
        write_csv_rows,
        write_json_array,
    )
    from geo.cli.outputs import check_outputs, gazetteer_file, reads_of
    from geo.events.extract import extract_events
    from geo.events.fuse import fuse_events
    from geo.events.model import ALL_COLUMNS
    from geo.events.output import FORMATS
    from geo.places import extract_mentions

    check_outputs([("-o", output)], reads_of(inputs, gazetteer=gazetteer_file(ctx)), mkdir=mkdir)  # before reading
    inputs, acled = split_acled(inputs, skip_bad)
    index = load_gazetteer(ctx) if inputs else None

    run_opts = PipelineOptions.from_params(ctx.params)

    def found() -> Iterator[Event]:
        if not inputs:
            return
        for article in iter_articles(inputs, run_opts.date, run_opts.errors, skip_bad):
            yield from extract_events(article, extract_mentions(article, index))

    def confident(events: Iterator[Event]) -> Iterator[Event]:
        # after fusion, as map and export have it: a report corroborated by another article counts
        return (e for e in events if e.confidence >= run_opts.min_confidence)

    # Fusing across a corpus needs every event at once (events, not articles: memory grows with the
    # events found); with --no-fuse, json and csv are written as the articles are read.
    dask_opts = DaskOptions(workers, scheduler, skip_bad)
    if dask_opts.enabled and inputs:  # the same events, parsed and fused on a Dask cluster
        from geo.distributed import cli as distributed

        result: Iterator[Event] = iter(distributed.events(ctx, inputs, run_opts, dask_opts,
                                                          fuse=not no_fuse and fuse_corpus))
    else:
        result = confident(found() if no_fuse or not fuse_corpus else iter(fuse_events(list(found()))))
    if acled:
        from geo.acled import RecordEvent

        result = iter([RecordEvent(r) for r in with_acled([e.to_record() for e in result], acled)])  # type: ignore[misc]
    with output_stream(output) as out:
        if fmt == "json":
            write_json_array((e.to_record() for e in result), out)
        elif fmt == "csv":
            write_csv_rows(ALL_COLUMNS, (e.to_record() for e in result), out)
        else:
            out.write(FORMATS[fmt](list(result)))
