"""``conflictmap export``: GeoJSON, GeoPackage, events CSV or GeoParquet, from articles or the store."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from geo.cli.common import (
    check_day,
    command_phases,
    count,
    examples,
    fail,
    input_options,
    link_stored,
    load_control_overrides,
    load_gazetteer,
    min_confidence_option,
    mkdir_option,
    read_all,
    skip_bad_option,
    split_acled,
    summary,
    track_articles,
    with_acled,
)
from geo.distributed.options import DaskOptions, PipelineOptions, dask_options

log = logging.getLogger(__name__)

# The GeoPackage's layers, as the summary line counts them ("1 front line").
LAYER_NOUNS = {"places": "place", "events": "event", "control_areas": "control area", "front_lines": "front line"}

FORMATS: dict[str, str] = {
    ".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".csv": "csv", ".parquet": "parquet",
    ".geoparquet": "parquet",
}


@click.command(
    epilog=examples(
        "conflictmap export seeds/libya-front-2020-01.ar.txt -o out/seed.geojson",
        "conflictmap export corpus.jsonl -o out/libya.gpkg",
        "conflictmap export corpus.jsonl -o out/events.csv --bom",
        "conflictmap export --store events.gpkg --from 2020-01-01 --to 2020-02-01 -o out/jan.parquet",
        "conflictmap export corpus.jsonl -o reports/2020/libya.gpkg --mkdir   # creates reports/2020",
    )
)
@click.argument("inputs", nargs=-1)
@click.option("-o", "--output", "output", required=True, type=click.Path(),
              help="Output file; its extension picks the format: .geojson, .gpkg, .csv or .parquet.")
@click.option("--date", help="Publication date (YYYY-MM-DD or YYYY-MM) for plain text inputs.")
@click.option("--bom", is_flag=True, help="CSV only: start with a UTF-8 BOM so Excel shows Arabic correctly.")
@click.option(
    "--control", "control_path", type=click.Path(dir_okay=False),
    help="Analyst control file (CSV or GeoJSON points: side, date, name or lat/lon, source, note). It overrides "
    "the control inferred from the text; the control areas say which won and what was overridden.",
)
@click.option("--as-of", "as_of", help="Estimate control areas and front lines as of this date (YYYY-MM-DD).")
@click.option(
    "--no-baseline", "no_baseline", is_flag=True,
    help="Leave out the built-in baseline of documented control facts (see the README): control from the "
    "articles and --control alone.",
)
@click.option("--store", "store", type=click.Path(dir_okay=False),
              help="Read events and mentions from this event store (see `conflictmap ingest`) instead of INPUT.")
@click.option("--from", "date_from", help="With --store: first event date to include (YYYY-MM-DD).")
@click.option("--to", "date_to", help="With --store: last event date to include (YYYY-MM-DD, inclusive).")
@click.option("--include-rejected", is_flag=True,
              help="With --store: keep events a reviewer rejected (x_review says so); left out by default.")
@click.option("--errors", type=click.Choice(["strict", "replace"]), default="strict",
              help="Invalid UTF-8 in inputs: stop, or replace.")
@min_confidence_option
@mkdir_option
@skip_bad_option
@input_options
@dask_options
@click.pass_context
def export(ctx: click.Context, inputs: tuple[str, ...], output: str, date: str | None, bom: bool,
           control_path: str | None, as_of: str | None, no_baseline: bool,
           store: str | None, date_from: str | None, date_to: str | None, include_rejected: bool,
           min_confidence: float, mkdir: bool, errors: str,
           skip_bad: bool, text_field: str | None, date_field: str | None,
           workers: int | None, scheduler: str | None) -> None:
    """Write places, events, control areas and front lines for GIS tools.

    GeoJSON (RFC 7946, one FeatureCollection with `kind` on every feature and simplestyle hints),
    GeoPackage (layers places, events, control_areas, front_lines; event_date typed as a date for QGIS's
    temporal controller), CSV of events (ACLED's 31 columns in ACLED's order, then x_ columns) or
    GeoParquet of events. The file is written atomically: a failure leaves no partial file.
    """
    from geo.cli.outputs import check_outputs, gazetteer_file, reads_of

    check_outputs([("-o", output)], reads_of(inputs, control=control_path, store=store,
                                              gazetteer=gazetteer_file(ctx)), mkdir=mkdir)
    fmt = FORMATS.get(Path(output).suffix.lower())
    if fmt is None:
        fail(f"{output}: unknown output format (use .geojson, .gpkg, .csv or .parquet)")
    if bom and fmt != "csv":
        fail("--bom applies to CSV output only")
    if store and inputs:
        fail("give INPUT... or --store, not both")
    if not store and not inputs:
        fail("nothing to export: give INPUT... (files, - or .jsonl) or --store STORE.gpkg")
    if (date_from or date_to) and not store:
        fail("--from/--to select events from a store: use them with --store")
    if control_path and store:
        fail("--control applies to INPUT... (a store's control is estimated from its stored events)")
    if (no_baseline or as_of) and store:
        fail("--as-of and --no-baseline apply to INPUT... (see `conflictmap map --store --as-of`)")
    if as_of:
        from geo.inputs import InputError, check_date

        try:
            check_date(as_of, "--as-of")
        except InputError as exc:
            fail(str(exc))

    dask_opts = DaskOptions(workers, scheduler, skip_bad)
    run_opts = PipelineOptions.from_params(ctx.params)  # the same options, with or without Dask
    if dask_opts.enabled:
        if store:
            fail(f"{dask_opts.flag} runs the pipeline over INPUT...; an export from --store needs no cluster")
        from geo.distributed import cli as distributed

        inputs, acled = split_acled(inputs, skip_bad)
        if fmt == "parquet":  # a partitioned, Hilbert-sorted GeoParquet dataset (a directory)
            if acled:
                fail(f"{dask_opts.flag} with -o X.parquet reads articles only; export ACLED inputs without it")
            n = distributed.geoparquet(ctx, inputs, run_opts, output, dask_opts)
            summary(f"conflictmap: wrote {output} (GeoParquet dataset, {count(n, 'event')})")
            return
        from geo.pipeline import Analysis

        analysis = distributed.analysis(ctx, inputs, run_opts, dask_opts) if inputs else Analysis()
        analysis.events = with_acled(analysis.events, acled)
    else:
        analysis = _from_store(store, date_from, date_to, include_rejected) if store else _from_inputs(
            ctx, inputs, date, errors, skip_bad)
    if store:  # the store keeps every event; what it exports follows --min-confidence
        from geo.events.model import keep_confident

        analysis.events = keep_confident(analysis.events, min_confidence)  # type: ignore[attr-defined]
    _write(output, fmt, analysis, bom)


def _from_store(store: str, date_from: str | None, date_to: str | None, include_rejected: bool = False) -> object:
    from maps.store import StoreError, load_analysis

    date_from, date_to = check_day(date_from, "--from"), check_day(date_to, "--to")
    if date_from and date_to and date_from > date_to:
        fail(f"--from {date_from} is after --to {date_to}")
    try:
        return link_stored(load_analysis(store, date_from, date_to, include_rejected=include_rejected,
                                         phases=command_phases()))
    except StoreError as exc:
        fail(str(exc), exc.exit_code)


def _from_inputs(
    ctx: click.Context, inputs: tuple[str, ...], date: str | None, errors: str, skip_bad: bool
) -> object:
    from geo.pipeline import Analysis, analyse

    inputs, acled = split_acled(inputs, skip_bad)
    if not inputs:
        return Analysis(events=with_acled([], acled))
    articles = read_all(inputs, date, errors, skip_bad)  # every input checked before anything is written
    index = load_gazetteer(ctx)
    run_opts = PipelineOptions.from_params(ctx.params)
    overrides = load_control_overrides(run_opts.control_path, index)
    analysis = analyse(track_articles(articles), index=index, overrides=overrides, as_of=run_opts.as_of,
                       baseline=run_opts.baseline, min_confidence=run_opts.min_confidence, phases=command_phases())
    analysis.events = with_acled(analysis.events, acled)
    return analysis


def _write(output: str, fmt: str, analysis: object, bom: bool) -> None:
    from maps.atomic import OutputError, WriteError

    try:
        with command_phases()(f"writing {output}"):
            what = _write_format(output, fmt, analysis, bom)
    except OutputError as exc:
        fail(str(exc))
    except OSError as exc:  # a full disk, an I/O error: nothing was left behind
        fail(str(exc) if isinstance(exc, WriteError) else f"{output}: cannot write ({exc.strerror or exc})", code=1)
    log.info("wrote %s (%s)", output, what)
    summary(f"conflictmap: wrote {output} ({what})")


def _write_format(output: str, fmt: str, analysis: object, bom: bool) -> str:
    """Write ``output`` in its format; what it holds, as the summary line counts it."""
    if fmt == "geojson":
        from maps.geojson import write_geojson

        return count(len(write_geojson(output, analysis)["features"]), "feature")
    if fmt == "gpkg":
        from maps.gpkg import write_gpkg

        counts = write_gpkg(output, analysis)
        return ", ".join(count(n, LAYER_NOUNS.get(layer, layer)) for layer, n in counts.items())
    if fmt == "csv":
        from maps.layers import as_layers
        from maps.tables import write_events_csv

        events = as_layers(analysis).events
        write_events_csv(output, events, bom=bom)
        return count(len(events), "event")
    from maps.parquet import write_events_parquet

    return count(write_events_parquet(output, analysis), "event")
