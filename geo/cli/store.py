"""``conflictmap store``: copy an event store between the GeoPackage and PostGIS backends."""

from __future__ import annotations

import click

from geo.cli.common import examples, fail, mkdir_option


@click.group(
    epilog=examples(
        "conflictmap store copy events.gpkg postgresql://analyst@db.example.org/libya   # laptop to team",
        "conflictmap store copy postgresql://analyst@db.example.org/libya offline.gpkg  # team to laptop",
        "conflictmap store copy events.gpkg backup/events.gpkg --mkdir                   # a copy on the laptop",
    )
)
def store() -> None:
    """Work on event stores as a whole (a GeoPackage path or a postgresql:// URL)."""


@store.command("copy", epilog=examples(
    "conflictmap store copy events.gpkg backup/events.gpkg --mkdir   # a second GeoPackage",
    "conflictmap store copy events.gpkg postgresql://analyst@db.example.org/libya",
    "conflictmap store copy postgresql://analyst@db.example.org/libya offline.gpkg",
))
@click.argument("src", metavar="SRC")
@click.argument("dst", metavar="DST")
@mkdir_option
def copy(src: str, dst: str, mkdir: bool) -> None:
    """Copy the articles, events, reviews and audit trail of SRC into DST (created when missing).

    Either may be a GeoPackage path or postgresql://user@host:port/db (PG* environment variables fill in
    what the URL leaves out). Articles DST already holds are skipped, so a copy into an existing store
    merges into it the way `ingest` does, and an interrupted copy can be run again.
    """
    from geo.cli.outputs import STORE_SIDE_FILES, check_outputs, reads_of
    from maps.store import StoreError, store_name
    from maps.store_copy import copy_store

    check_outputs([("DST", dst), *(("DST", dst + s) for s in STORE_SIDE_FILES)], reads_of(store=src), mkdir=mkdir)

    try:
        res = copy_store(src, dst)
    except StoreError as exc:
        fail(str(exc), code=exc.exit_code)
    click.echo(f"conflictmap: {store_name(src)} -> {store_name(dst)}: {res.added} articles copied, {res.revised} "
               f"revised, {res.unchanged} already there; {res.reviews} reviews; {store_name(dst)} holds "
               f"{res.events} events", err=True)
