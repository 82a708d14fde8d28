"""``conflictmap map``: articles in, one analyst map (HTML) out, optionally GeoJSON of the same features."""

from __future__ import annotations

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
    epilog=examples(
        "conflictmap map -o out/seed.html                          # the built-in seed article",
        "conflictmap map seeds/libya-front-2020-01.ar.txt -o out/seed.html",
        "conflictmap map corpus.jsonl -o out/map.html --offline --geojson out/map.geojson",
        "conflictmap map --store events.gpkg --from 2020-01-01 --to 2020-01-31 -o out/jan.html",
        "conflictmap map --store events.gpkg today.jsonl -o out/today.html   # today's articles over the store",
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
    "--control", "control_path", type=click.Path(dir_okay=False),
    help="Analyst control file (CSV or GeoJSON points: side, date, name or lat/lon, source, note). It overrides "
    "the control inferred from the text; the areas say which won and what was overridden.",
)
@click.option(
    "--no-baseline", "no_baseline", is_flag=True,
    help="Leave out the built-in baseline of documented control facts (seats of power, dated changes of "
    "hands; see the README): control areas from the articles and --control alone.",
)
@click.option(
    "--store", "store", type=click.Path(dir_okay=False),
    help="Map the events of this event store (see `conflictmap ingest`). With INPUT... too, the inputs are "
    "fused into a temporary copy of the store (a report of a known event adds a quote to it, not a second "
    "marker; what the inputs add is ringed in gold) and the store itself is left unchanged.",
)
@click.option("--from", "date_from", help="With --store: first event date to map (YYYY-MM-DD).")
@click.option("--to", "date_to", help="With --store: last event date to map (YYYY-MM-DD, inclusive).")
@click.option("--include-rejected", is_flag=True, help="With --store: draw events a reviewer rejected too.")
@click.option(
    "--errors", type=click.Choice(["strict", "replace"]), default="strict", help="Invalid UTF-8: stop, or replace."
)
@min_confidence_option
@mkdir_option
@skip_bad_option
@input_options
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
    control_path: str | None,
    no_baseline: bool,
    store: str | None,
    date_from: str | None,
    date_to: str | None,
    include_rejected: bool,
    min_confidence: float,
    mkdir: bool,
    errors: str,
    skip_bad: bool,
    text_field: str | None = None,
    date_field: str | None = None,
) -> None:
    """Draw events, places, control areas and front lines of INPUT... on a Leaflet map.

    INPUT is a text file, `-` for standard input, a corpus (.jsonl, .json, .csv), a URL, or an ACLED export
    (drawn as its own layer, linked to our events that report the same event); with no INPUT (and no
    --store) the built-in seed article is mapped. Events are coloured by the side of actor 1 and drawn with an icon per
    ACLED event type; every popup quotes each sentence that reported the event, with its article.
    """
    from geo.cli.outputs import check_outputs, gazetteer_file, reads_of
    from geo.inputs import InputError, check_date

    check_outputs([("-o", output), ("--geojson", geojson_path)],
                  reads_of(inputs, control=control_path, store=store, gazetteer=gazetteer_file(ctx)), mkdir=mkdir)
    try:
        check_date(as_of, "--as-of")
    except InputError as exc:
        fail(str(exc))
    if store and control_path:
        fail("--control applies to INPUT... (a store's control is estimated from its stored events)")
    if store:
        if no_baseline:
            fail("--no-baseline applies to INPUT... (a store's control is estimated from its stored events)")
        analysis, summary = _from_store(ctx, store, inputs, date, errors, date_from, date_to, as_of, skip_bad,
                                        include_rejected=include_rejected)
        from geo.events.model import keep_confident

        analysis.events = keep_confident(analysis.events, min_confidence)  # type: ignore[attr-defined]
        _write(output, analysis, offline, title or summary, geojson_path, load_gazetteer(ctx))
        return
    if date_from or date_to:
        fail("--from/--to select events from a store: use them with --store")
    seed_default = not inputs
    inputs, acled = split_acled(inputs, skip_bad)
    if acled and not inputs:
        from geo.pipeline import Analysis

        _write(output, Analysis(events=with_acled([], acled)), offline, title or "Libya: ACLED events", geojson_path)
        return
    if not inputs:
        from geo.seeds import seed_path

        seed = seed_path()
        if seed is None:
            fail("no INPUT given and the built-in seed article is not in this installation")
        inputs = (str(seed),)
    articles = read_all(inputs, date, errors, skip_bad)
    if seed_default:
        import dataclasses

        from geo.seeds import SEED_DOC

        # The seed is named the same wherever the package is installed (not by its absolute path).
        articles = [dataclasses.replace(a, doc=SEED_DOC) for a in articles]
    if not articles:
        fail("no article in the inputs")
    index = load_gazetteer(ctx)

    from geo.pipeline import analyse

    overrides = load_control_overrides(control_path, index)
    analysis = analyse(track_articles(articles), as_of=as_of, index=index, overrides=overrides,
                       baseline=not no_baseline, min_confidence=min_confidence, phases=command_phases())
    analysis.events = with_acled(analysis.events, acled)
    _write(output, analysis, offline, title or _title(articles), geojson_path, index)


def _write(output: str, analysis: object, offline: bool, title: str, geojson_path: str | None,
           index: object = None) -> None:
    from maps.assets import AssetError
    from maps.atomic import OutputError, WriteError
    from maps.folium_map import write_map

    phases = command_phases()
    try:
        with phases(f"writing {output}"):
            stats = write_map(output, analysis, offline=offline, title=title, gazetteer=index)
        if geojson_path:
            from maps.geojson import write_geojson

            with phases(f"writing {geojson_path}"):
                write_geojson(geojson_path, analysis)
    except (OutputError, AssetError) as exc:
        fail(str(exc), 1 if isinstance(exc, AssetError) else 2)
    except OSError as exc:  # a full disk, an I/O error: nothing was left behind
        fail(str(exc) if isinstance(exc, WriteError) else f"{exc.filename or output}: cannot write "
             f"({exc.strerror or exc})", 1)
    summary(
        f"{output}: {count(stats.events, 'event')}, {count(stats.places, 'other place')}, "
        f"{count(stats.control_areas, 'control area')}, {count(stats.front_lines, 'front line')} "
        f"({stats.bytes / 1e6:.1f} MB{', offline' if offline else ''})"
    )


def _from_store(ctx: click.Context, store: str, inputs: tuple[str, ...], date: str | None, errors: str,
                date_from: str | None, date_to: str | None, as_of: str | None,
                skip_bad: bool = False, *, include_rejected: bool = False) -> tuple[object, str]:
    """The store's layers (with INPUT... fused into a temporary copy) and a default title."""
    import sqlite3
    from pathlib import Path

    from maps.store import StoreError
    from maps.store_overlay import store_layers

    date_from, date_to = check_day(date_from, "--from"), check_day(date_to, "--to")
    if date_from and date_to and date_from > date_to:
        fail(f"--from {date_from} is after --to {date_to}")
    articles = read_all(inputs, date, errors, skip_bad) if inputs else []  # every input checked first
    items = ()
    if articles:
        from geo.pipeline import analyse

        index = load_gazetteer(ctx)
        # control is estimated once over the fused events, not per article
        items = ((a, *_records(analyse([a], index=index, control=False))) for a in track_articles(articles))
    try:
        overlay = store_layers(store, items, date_from, date_to, as_of=as_of, include_rejected=include_rejected,
                               phases=command_phases())
    except StoreError as exc:
        fail(str(exc), exc.exit_code)
    except sqlite3.Error as exc:
        fail(f"{store}: {exc}", 1)
    span = f", {date_from or '…'} → {date_to or '…'}" if date_from or date_to else ""
    if articles:
        t = overlay.tally()
        summary(f"conflictmap: {count(len(articles), 'input article')} over {store} "
                f"({count(t['events_new'], 'new event')}, {count(t['events_merged'], 'report')} of stored events, "
                f"{t['unchanged']} already stored); {store} is unchanged")
        return link_stored(overlay.layers), f"Libya: {Path(store).name} + {len(articles)} articles{span}"
    return link_stored(overlay.layers), f"Libya: {Path(store).name}{span}"


def _records(analysis: object) -> tuple[list, list]:
    return analysis.places, analysis.events  # type: ignore[attr-defined]
