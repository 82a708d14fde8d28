"""Running the command line in-process, and the error contract every bad input keeps: one line on stderr,
``conflictmap: error: ...``, exit code 2."""

from __future__ import annotations

from click.testing import CliRunner, Result

from geo.cli.main import cli


def run(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input)


def one_line_exit_2(res: Result, *needles: str) -> str:
    assert res.exit_code == 2, (res.exit_code, res.stdout, res.stderr)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("conflictmap: error: "), res.stderr
    for n in needles:
        assert n in lines[0], (n, lines[0])
    return lines[0]
