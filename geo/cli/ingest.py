"""``conflictmap ingest``: add articles to an event store (a GeoPackage or PostGIS), one transaction per article."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import click

from geo.cli.common import (
    count,
    examples,
    fail,
    input_options,
    iter_articles,
    load_gazetteer,
    mkdir_option,
    skip_bad_option,
    split_acled,
    summary,
)
from geo.distributed.options import DaskOptions, PipelineOptions, dask_options

log = logging.getLogger(__name__)


@click.command(
    epilog=examples(
        "conflictmap ingest corpus.jsonl --store events.gpkg",
        "conflictmap ingest new-articles.jsonl --store events.gpkg   # adds evidence, never duplicates",
        "conflictmap ingest corpus.jsonl --store postgresql://analyst@db.example.org/libya   # a team's PostGIS",
        "conflictmap export --store events.gpkg --from 2020-01-01 --to 2020-01-31 -o out/jan.gpkg",
    )
)
@click.argument("inputs", nargs=-1, required=True)
@click.option("--store", "store_path", required=True, metavar="STORE",
              help="The event store: a GeoPackage path, or postgresql://user@host:port/db (PostGIS; PG* environment "
              "variables fill in what the URL leaves out). Created when missing.")
@click.option("--date", help="Publication date (YYYY-MM-DD or YYYY-MM) for plain text inputs.")
@click.option("--errors", type=click.Choice(["strict", "replace"]), default="strict",
              help="Invalid UTF-8 in inputs: stop, or replace.")
@mkdir_option
@skip_bad_option
@input_options
@dask_options
@click.pass_context
def ingest(
    ctx: click.Context, inputs: tuple[str, ...], store_path: str, date: str | None, errors: str, mkdir: bool,
    skip_bad: bool,
    text_field: str | None, date_field: str | None, workers: int | None, scheduler: str | None,
) -> None:
    """Add the articles of INPUT... to the event store STORE.

    Articles already in the store (same text) are skipped; an article whose explicit id or url is stored
    with other text is a revision and replaces its earlier version (a file path, FILE:LINE or - never makes
    one). An event reported again by another article (same day, same event type, same place or within
    5 km, and either the same wording or the same sub-event type by the same pair of sides or one side of
    it, both dated to the day and at or near a named place) gains evidence instead of being duplicated,
    whatever the order of the articles. Each article is
    one transaction: an interrupted ingest keeps every article committed before it, and several ingest
    processes may write to one store at once. The store opens in QGIS (layers events, events_reviewed,
    mentions, control_areas_current) and feeds `map`/`export --store`.
    An ACLED export is stored as ACLED's events (x_origin "acled", one record per ACLED id, never merged
    with ours).
    """
    from geo.cli.outputs import STORE_SIDE_FILES, check_outputs, gazetteer_file, reads_of
    from geo.pipeline import analyse
    from maps.store import StoreError, is_store_url, open_store

    if "://" not in store_path:  # the store is this command's output: never one of its inputs
        check_outputs([("--store", store_path), *(("--store", store_path + s) for s in STORE_SIDE_FILES)],
                      reads_of(inputs, gazetteer=gazetteer_file(ctx)), mkdir=mkdir)

    # Inputs are validated before a new store is created (a bad line leaves no empty store behind); an
    # existing store is opened first, so that a broken store is reported before the inputs are read.
    dask_opts = DaskOptions(workers, scheduler, skip_bad)
    parsed = None
    inputs, acled = split_acled(inputs, skip_bad)

    def source() -> Any:
        nonlocal parsed
        if not inputs:
            return iter(())
        if not dask_opts.enabled:
            return iter_articles(inputs, date, errors, skip_bad)
        from geo.distributed import cli as distributed  # parsed on Dask here, stored below in corpus order

        parsed = distributed.parsed_corpus(ctx, inputs, PipelineOptions.from_params(ctx.params), dask_opts)
        return parsed

    new_store = not is_store_url(store_path) and not Path(store_path).exists()
    articles = source() if new_store else None
    try:
        store = open_store(store_path)
    except StoreError as exc:
        fail(str(exc), code=exc.exit_code)
    if articles is None:
        articles = source()
    from maps.review.aliases import LearnedPlaces

    learned = LearnedPlaces()
    index = None
    tally = {"added": 0, "unchanged": 0, "revised": 0, "events_new": 0, "events_merged": 0}
    try:
        for record in acled:
            res = store.ingest(_acled_article(record), [], [record])
            tally["acled_" + res.status] = tally.get("acled_" + res.status, 0) + 1
        for n, article in enumerate(articles, start=1):
            if store.has_content(article.text):
                tally["unchanged"] += 1
                continue
            if index is None:
                index = load_gazetteer(ctx)
            if parsed is not None:
                places, events = parsed.records()
            else:
                # control is estimated over the stored events when the store is read, not per article
                analysis = analyse([article], index=index, control=False)
                places, events = analysis.places, analysis.events
            if learned:  # places analysts taught in the review workspace (maps.review.aliases)
                places, events = [dict(p) for p in places], [dict(e) for e in events]
                learned.apply(article.doc, places, events)
            res = store.ingest(article, places, events)
            tally[res.status] += 1
            tally["events_new"] += res.events_new
            tally["events_merged"] += res.events_merged
            if n % 500 == 0:
                log.info("%d articles read", n)
        if tally["added"] or tally["revised"]:
            from maps.review.carry import carry_over

            # a reviewed event whose id the new articles changed keeps its review (maps.review.carry)
            for old_id, new_id in carry_over(store):
                log.info("review of %s carried over to %s", old_id, new_id)
            # the control layer of the store (control_areas_current), estimated once per run
            n_areas = store.refresh_control()
            log.info("%d control areas estimated", n_areas)
        counts = store.counts()
    except StoreError as exc:
        store.close()
        fail(str(exc), code=exc.exit_code)
    except BaseException:
        store.close()
        raise
    store.close()
    if acled:
        summary(f"conflictmap: {store.name}: {count(tally.get('acled_added', 0), 'ACLED event')} added, "
                f"{tally.get('acled_revised', 0)} revised, {tally.get('acled_unchanged', 0)} already stored")
    summary(
        f"conflictmap: {store.name}: {count(tally['added'], 'article')} added, {tally['revised']} revised, "
        f"{tally['unchanged']} already stored; {count(tally['events_new'], 'new event')}, "
        f"{count(tally['events_merged'], 'report')} merged into known events; the store holds "
        f"{count(counts['articles'], 'article')}, {count(counts['events'], 'event')}"
    )


def _acled_article(record: dict[str, Any]) -> Any:
    """The store keeps every event with the document behind it; an ACLED event's is its own row: its id
    (so that a re-exported, corrected row is a revision) and its notes as text."""
    import json

    from geo.article import Article

    row = {k: record.get(k) for k in ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1",
                                      "actor2", "location", "latitude", "longitude", "fatalities", "notes")}
    key = f"acled:{record['event_id_cnty']}"
    return Article(doc=key, text=json.dumps(row, ensure_ascii=False), date=record.get("event_date"),
                   source=record.get("source") or "ACLED", id=key)
