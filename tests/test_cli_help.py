"""Every command's `--help` ends with examples (issue 20), found by walking the whole click tree, so a
command added later without examples fails here; every example names a real command with options it
has. That they also run is tests/test_readme_examples.py's part."""

from __future__ import annotations

import warnings

import click
import pytest

from geo.cli.main import cli
from tests.cli_examples import argv_of, help_examples, help_text, walk

COMMANDS = [path for path, _ in walk()]


def test_the_walk_finds_every_command_and_subcommand() -> None:
    names = {" ".join(p) for p in COMMANDS}
    assert {"conflictmap events", "conflictmap gazetteer import", "conflictmap gazetteer info",
            "conflictmap store copy", "conflictmap review report"} <= names
    assert len(names) >= 16


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p[1:]) or "conflictmap" for p in COMMANDS])
def test_help_ends_with_examples(path: tuple[str, ...]) -> None:
    text = help_text(path)
    examples = help_examples(text)
    assert examples, f"`{' '.join(path)} --help` does not end with an Examples: section:\n{text[-600:]}"
    for line in examples:
        assert line.startswith(("conflictmap ", "echo ", "printf ")), line
    if len(path) > 1:  # a command's examples show that command (a group's, its subcommands)
        assert any(" ".join(path) in line for line in examples), (path, examples)


def _parses(args: list[str]) -> None:
    """Parse ``args`` the way ``conflictmap ARGS`` would, down to the last subcommand, without running it."""
    cmd: click.Command = cli
    ctx = cmd.make_context("conflictmap", list(args))
    while isinstance(cmd, click.Group):
        with warnings.catch_warnings():  # click 8.2 deprecates protected_args; 9.0 keeps them in args
            warnings.simplefilter("ignore", DeprecationWarning)
            rest = [*ctx.protected_args, *ctx.args]
        if not rest:
            return
        name, sub, rest = cmd.resolve_command(ctx, rest)
        assert sub is not None, args
        cmd = sub
        ctx = cmd.make_context(name, rest, parent=ctx)


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p[1:]) or "conflictmap" for p in COMMANDS])
def test_every_example_is_a_command_line_that_parses(path: tuple[str, ...]) -> None:
    for line in help_examples(help_text(path)) or []:
        for args in argv_of(line):
            try:
                _parses(args)
            except click.UsageError as exc:
                pytest.fail(f"{line!r}: {exc.format_message()}")


def test_a_command_without_examples_is_caught() -> None:
    """The check itself: help that ends with its options is not help that ends with examples."""

    @click.command(epilog="Some words, but no example.")
    @click.option("--x")
    def bare(x: str) -> None:
        """A command."""

    text = bare.get_help(click.Context(bare, info_name="bare"))
    assert help_examples(text) is None
    no_epilog = click.command()(lambda: None)
    assert help_examples(no_epilog.get_help(click.Context(no_epilog, info_name="x"))) is None
    # and an example with an option its command lacks does not parse
    with pytest.raises(click.UsageError, match="--colour"):
        _parses(argv_of("conflictmap events seeds/a.txt --colour red")[0])
    with pytest.raises(click.UsageError):
        _parses(argv_of("conflictmap gazetteer lookup Sirte")[0])
