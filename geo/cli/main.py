"""Entry point of ``conflictmap``.

Each command lives in its own module under ``geo.cli`` and is imported only when it runs (or when its
own ``--help`` is asked for), so that ``conflictmap --help`` never pays for geopandas or folium.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

# name -> (module, attribute, one-line help shown by `conflictmap --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "places": ("geo.cli.places", "places", "Find and geocode every place name in articles."),
    "events": ("geo.cli.events", "events", "Extract conflict events, coded the way ACLED codes them."),
    "map": ("geo.cli.map", "map_command", "Draw events, places, control areas and front lines on a Leaflet map."),
    "export": ("geo.cli.export", "export", "Write GeoJSON, GeoPackage, CSV or GeoParquet for GIS tools."),
    "ingest": ("geo.cli.ingest", "ingest", "Add articles to a GeoPackage event store (idempotent)."),
    "gazetteer": ("geo.cli.gazetteer", "gazetteer", "Search, import into and describe the Libyan gazetteer."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attr, _ = COMMANDS[cmd_name]
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_) for name, (_, _, help_) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=(
        "Examples:\n\n"
        "  conflictmap places seeds/libya-front-2020-01.ar.txt --format json\n\n"
        "  conflictmap events seeds/libya-front-2020-01.ar.txt --date 2020-01\n\n"
        "  conflictmap map seeds/libya-front-2020-01.ar.txt -o out/seed.html\n\n"
        "  conflictmap gazetteer search \"بو قرين\""
    ),
)
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
@click.option(
    "--gazetteer",
    "gazetteer_path",
    type=click.Path(dir_okay=False),
    envvar="CONFLICTMAP_GAZETTEER",
    help="Compiled gazetteer index to use instead of the one in the user cache.",
)
@click.version_option(package_name="conflictmap")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool, gazetteer_path: str | None) -> None:
    """Turn news about the Libyan conflict (Arabic, English, French) into maps and GIS data.

    Articles go in as text files, `-` for standard input, or `.jsonl` corpora (one article per line,
    `text` required; `id`, `date`, `title`, `source`, `url` optional). Nothing is fetched from the
    network unless a command is given `--online`.
    """
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.basicConfig(level=level, format="conflictmap: %(levelname)s: %(message)s", stream=sys.stderr)
    ctx.ensure_object(dict)
    ctx.obj["gazetteer_path"] = gazetteer_path


def main() -> None:
    cli(prog_name="conflictmap")


if __name__ == "__main__":
    main()
