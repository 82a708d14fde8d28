"""What every command shares: one-line errors with exit code 2, reading inputs, the gazetteer."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from typing import NoReturn

import click

from geo.article import Article


def fail(message: str, code: int = 2) -> NoReturn:
    """Print one line on stderr and exit: 2 for bad usage or input, 1 for runtime failures."""
    click.echo(f"conflictmap: error: {message}", err=True)
    sys.exit(code)


def read_all(paths: Sequence[str], date: str | None, errors: str = "strict") -> list[Article]:
    """Every article of the inputs, or a one-line error and exit 2 before anything is written."""
    from geo.inputs import InputError, read_articles

    try:
        return list(read_articles(paths, date, errors=errors))
    except InputError as exc:
        fail(str(exc))


def iter_articles(paths: Sequence[str], date: str | None, errors: str = "strict") -> Iterator[Article]:
    from geo.inputs import InputError, read_articles

    try:
        yield from read_articles(paths, date, errors=errors)
    except InputError as exc:
        fail(str(exc))


def load_gazetteer(ctx: click.Context | None = None) -> object:
    """The compiled index: ``--gazetteer PATH`` if given, else the user cache (built when missing)."""
    from gazetteer.cache import load_index

    from gazetteer.errors import GazetteerFileError

    path = None
    if ctx is not None:
        root = ctx.find_root()
        if isinstance(root.obj, dict):
            path = root.obj.get("gazetteer_path")
    try:
        return load_index(path)
    except GazetteerFileError as exc:
        fail(str(exc))
