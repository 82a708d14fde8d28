"""Entry point of ``conflictmap``.

Each command lives in its own module under ``geo.cli`` and is imported only when it runs (or when its
own ``--help`` is asked for), so that ``conflictmap --help`` never pays for geopandas or folium.
"""

from __future__ import annotations

import errno
import importlib
import logging
import sys
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click

# name -> (module, attribute, one-line help shown by `conflictmap --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "places": ("geo.cli.places", "places", "Find and geocode every place name in articles."),
    "events": ("geo.cli.events", "events", "Extract conflict events, coded the way ACLED codes them."),
    "map": ("geo.cli.map", "map_command", "Draw events, places, control areas and front lines on a Leaflet map."),
    "export": ("geo.cli.export", "export", "Write GeoJSON, GeoPackage, CSV or GeoParquet for GIS tools."),
    "ingest": ("geo.cli.ingest", "ingest", "Add articles to an event store, GeoPackage or PostGIS (idempotent)."),
    "store": ("geo.cli.store", "store", "Copy an event store between GeoPackage and PostGIS."),
    "fetch": ("geo.cli.fetch", "fetch", "Fetch web pages and RSS/Atom feeds into a corpus (goes online)."),
    "serve": ("geo.cli.serve", "serve", "Review and correct a store's events in the browser (local web app)."),
    "review": ("geo.cli.review", "review", "Report on the reviews of a store (rejected triggers, corrections)."),
    "gazetteer": ("geo.cli.gazetteer", "gazetteer", "Search, import into and describe the Libyan gazetteer."),
}


def _set_verbosity(ctx: click.Context, param: click.Parameter, value: object) -> None:
    """-v/-q given at any level of the command line add up on the root context; logging and the
    progress display follow at once (so a later option's error is already reported at the right level)."""
    from geo.progress import set_quiet

    root = ctx.find_root()
    root.ensure_object(dict)
    obj = root.obj
    if param.name == "quiet":
        obj["quiet"] = bool(obj.get("quiet")) or bool(value)
    else:
        obj["verbose"] = int(obj.get("verbose") or 0) + int(value or 0)  # type: ignore[call-overload]
    obj.setdefault("quiet", False)
    obj.setdefault("verbose", 0)
    configure_logging(obj["verbose"], obj["quiet"])
    set_quiet(obj["quiet"])


F = TypeVar("F", bound="Callable[..., Any] | click.Command")


def verbosity_options(f: F) -> F:
    """``-v``/``-q``, the same options for the root and every command and subcommand, so that
    ``conflictmap -q events a.txt`` and ``conflictmap events a.txt -q`` mean the same."""
    f = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_set_verbosity,
                     help="Only errors on stderr: no warnings, progress display or summary line.")(f)
    return click.option("-v", "--verbose", count=True, expose_value=False, callback=_set_verbosity,
                        help="More log output on stderr (-vv for debug).")(f)


def with_verbosity(command: click.Command) -> click.Command:
    """``command`` (and, for a group, every subcommand) with the verbosity options; done once each."""
    if not any(p.name in ("quiet", "verbose") for p in command.params):
        verbosity_options(command)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            with_verbosity(sub)
    return command


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attr, _ = COMMANDS[cmd_name]
        return with_verbosity(getattr(importlib.import_module(module), attr))

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
@verbosity_options
@click.option(
    "--gazetteer",
    "gazetteer_path",
    type=click.Path(dir_okay=False),
    envvar="CONFLICTMAP_GAZETTEER",
    help="Compiled gazetteer index to use instead of the one in the user cache.",
)
@click.version_option(package_name="conflictmap")
@click.pass_context
def cli(ctx: click.Context, gazetteer_path: str | None) -> None:
    """Turn news about the Libyan conflict (Arabic, English, French) into maps and GIS data.

    Articles go in as text files, `-` for standard input, corpora (`.jsonl` one article per line,
    `.json` arrays, `.csv`; `text`/`content`/`body`... and `date`/`published`... fields), ACLED exports
    (read as ACLED's events) or URLs. Nothing is fetched from the network unless asked: `fetch`, a URL
    as INPUT, or `--online`.
    """
    ctx.ensure_object(dict)
    ctx.obj["gazetteer_path"] = gazetteer_path


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time of the record (test runners swap it)."""

    def __init__(self) -> None:
        super().__init__()

    @property  # type: ignore[override]
    def stream(self):  # noqa: ANN201 - the StreamHandler attribute
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        pass

    def emit(self, record: logging.LogRecord) -> None:
        from geo.progress import clear_line

        clear_line()  # a warning never lands in the middle of the progress display
        super().emit(record)


def level_for(verbose: int, quiet: bool) -> int:
    """-q: errors only; default: warnings; -v: info; -vv: debug."""
    if quiet:
        return logging.ERROR
    return (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]


OWN_LOGGERS = frozenset({"geo", "gazetteer", "maps", "conflictmap"})


class _OneLine(logging.Formatter):
    """``conflictmap: warning: ...`` on one line; tracebacks only at -vv (debug)."""

    def __init__(self, debug: bool) -> None:
        super().__init__()
        self.debug = debug

    def format(self, record: logging.LogRecord) -> str:
        message = " ".join(record.getMessage().split())
        line = f"conflictmap: {record.levelname.lower()}: {message}"
        if self.debug and record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class _OwnOrSerious(logging.Filter):
    """Our own records at the chosen level; a library's (urllib3 retrying, geopy's rate limiter...)
    only when it is an error, or at -vv."""

    def __init__(self, verbose: int) -> None:
        super().__init__()
        self.verbose = verbose

    def filter(self, record: logging.LogRecord) -> bool:
        own = record.name.split(".", 1)[0] in OWN_LOGGERS
        return own or record.levelno >= logging.ERROR or self.verbose >= 2


def configure_logging(verbose: int = 0, quiet: bool = False) -> None:
    """Log records go to standard error (data goes to standard output), one line each.

    The root logger carries the level because modules log under their own names (``geo.*``,
    ``gazetteer.*``, ``conflictmap.*``). Called once per command line; a second call (tests) replaces
    the handler's settings.
    """
    root = logging.getLogger()
    root.setLevel(level_for(verbose, quiet))
    handler = next((h for h in root.handlers if isinstance(h, _StderrHandler)), None)
    if handler is None:
        handler = _StderrHandler()
        root.addHandler(handler)
    handler.setFormatter(_OneLine(debug=verbose >= 2 and not quiet))
    for f in list(handler.filters):
        handler.removeFilter(f)
    handler.addFilter(_OwnOrSerious(0 if quiet else verbose))


def main() -> None:
    """The console script: ``cli`` plus what a shell user expects of a Unix filter.

    A closed pipe (``conflictmap places corpus.jsonl | head``) ends the run quietly; an unexpected error
    is one line and exit 1 (the traceback with -vv).
    """
    from geo.cli.terminal import protect_stdout

    protect_stdout()
    try:
        cli(prog_name="conflictmap", standalone_mode=True)
    except BrokenPipeError:
        _silence_stdout()  # click handles most of these itself; this catches one raised at the last flush
        sys.exit(1)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        from geo.progress import clear_line

        clear_line()
        click.echo("conflictmap: interrupted", err=True)
        sys.exit(130)
    except OSError as exc:
        if exc.errno not in _WRITE_ERRNOS:
            _internal_error(exc)
        # Standard output on a full disk (``> /dev/full``), over quota, or on a dead device: one line, exit 1.
        _silence_stdout()
        click.echo(f"conflictmap: error: cannot write output ({exc.strerror or exc})", err=True)
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, never a traceback by default
        _internal_error(exc)


_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EPIPE})


def _internal_error(exc: BaseException) -> NoReturn:
    if logging.getLogger().isEnabledFor(logging.DEBUG):
        logging.getLogger("conflictmap").error("internal error", exc_info=exc)
    message = " ".join(str(exc).split())[:300]
    from geo.progress import clear_line

    clear_line()
    click.echo(f"conflictmap: error: internal error ({type(exc).__name__}: {message}); run with -vv for details",
               err=True)
    sys.exit(1)


def _silence_stdout() -> None:
    """Python flushes stdout at exit and would print a second BrokenPipeError; point it at /dev/null."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    main()
