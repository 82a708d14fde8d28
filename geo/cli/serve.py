"""``conflictmap serve``: the review workspace over an event store, a local web application."""

from __future__ import annotations

import getpass
import logging

import click

from geo.cli.common import examples, fail

log = logging.getLogger(__name__)
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


@click.command(
    epilog=examples(
        "conflictmap serve --store events.gpkg                    # http://127.0.0.1:8765/",
        "conflictmap serve --store events.gpkg --reviewer amal --port 9000",
        'conflictmap serve --store postgresql://team@db/libya --host 0.0.0.0 --token "$(openssl rand -hex 16)"',
    )
)
@click.option("--store", "store", required=True, help="The event store: a GeoPackage path or postgresql://...")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but the local host needs --token.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535))
@click.option("--token", envvar="CONFLICTMAP_TOKEN",
              help="Every request must carry it (header X-Conflictmap-Token, or open the page once with ?token=T).")
@click.option("--reviewer", help="Name written in the audit trail (default: your user name; the page may set its own).")
@click.pass_context
def serve(ctx: click.Context, store: str, host: str, port: int, token: str | None, reviewer: str | None) -> None:
    """Review and correct the events of STORE in the browser: the map, the review queue (most doubtful
    first), corrections with an audit trail, and a JSON API (/api/events, /api/events/ID,
    POST /api/events/ID/review, /api/audit). Stop it with Ctrl-C."""
    import uvicorn

    from maps.serve.app import create_app
    from maps.store import StoreError

    if host not in LOCAL_HOSTS and not token:
        fail(f"--host {host} opens the workspace to the network: give --token too")
    if token is not None and len(token) < 8:
        fail("--token must be at least 8 characters")
    if reviewer is None:
        try:
            reviewer = getpass.getuser()
        except (KeyError, OSError):
            reviewer = None
    try:
        app = create_app(store, host=host, port=port, token=token, reviewer=reviewer,
                         gazetteer_path=(ctx.obj or {}).get("gazetteer_path"))
    except StoreError as exc:
        fail(str(exc), code=exc.exit_code)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"conflictmap: reviewing {store} at http://{shown}:{port}/" + ("?token=..." if token else ""),
               err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False)
