"""``conflictmap review``: what the analysts' reviews of a store say (``report``)."""

from __future__ import annotations

import json

import click

from geo.cli.common import examples, fail


@click.group(epilog=examples(
    "conflictmap review report --store events.gpkg",
    "conflictmap review report --store events.gpkg --format json",
))
def review() -> None:
    """Read the reviews and audit trail of an event store."""


@review.command("report", epilog=examples(
    "conflictmap review report --store events.gpkg",
    "conflictmap review report --store events.gpkg --format json > review.json",
))
@click.option("--store", "store", required=True, help="The event store: a GeoPackage path or postgresql://...")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def report(store: str, fmt: str) -> None:
    """Reviews by status and reviewer, rejections by reason, and the trigger phrases of events rejected as
    "not an event" (with how often, and in which events), for an analyst to judge. Nothing here
    changes the extraction rules."""
    from maps.review.report import build_report, format_report
    from maps.store import StoreError

    try:
        rep = build_report(store)
    except StoreError as exc:
        fail(str(exc), code=exc.exit_code)
    if fmt == "json":
        click.echo(json.dumps(rep, ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(rep), nl=False)
