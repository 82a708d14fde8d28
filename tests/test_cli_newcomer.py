"""What a newcomer meets on the command line: -q/-v wherever they are typed, summary lines that count
in English ("1 front line"), silenced by -q while errors still show, and outputs that others can read as
the user's umask says (the --workers GeoParquet dataset included)."""

from __future__ import annotations

import json
import logging
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from geo.cli.common import count
from geo.cli.main import COMMANDS, LazyGroup, cli

# A count of one followed by a plural noun ("1 events", "1 front lines"), in any summary line.
WRONG_PLURAL = re.compile(r"(?<![\d.])1 (?:[a-zA-Z]+ )?(?:events|articles|places|areas|lines|features|reports|requests|"
                          r"reviews|pages)\b")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _commands(group: click.Group, ctx: click.Context, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...],
                                                                                                   click.Command]]:
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, ctx, (*path, name))


# --- -q / -v --------------------------------------------------------------------------------------


def test_every_command_and_subcommand_takes_the_same_verbosity_options() -> None:
    ctx = click.Context(cli)
    seen = list(_commands(cli, ctx))
    assert {p[0] for p, _ in seen} == set(COMMANDS) and ("gazetteer", "import") in {p for p, _ in seen}
    assert ("store", "copy") in {p for p, _ in seen} and ("review", "report") in {p for p, _ in seen}
    root = {p.name: p for p in cli.params}
    for path, command in seen:
        params = {p.name: p for p in command.params}
        for name in ("quiet", "verbose"):
            # the very same option (flags, help, callback) as the root's, not a copy per command
            assert params[name].opts == root[name].opts and params[name].callback is root[name].callback, path
            assert params[name].help == root[name].help
        res = run(*path, "--help")
        assert res.exit_code == 0 and "-q, --quiet" in res.stdout and "-v, --verbose" in res.stdout, path


def test_lazy_group_adds_the_options_once() -> None:
    ctx = click.Context(cli)
    group = cli
    assert isinstance(group, LazyGroup)
    first = group.get_command(ctx, "events")
    again = group.get_command(ctx, "events")
    assert first is again and sum(p.name == "quiet" for p in first.params) == 1


@pytest.mark.parametrize("args", [
    ["-q", "export", "{seed}", "-o", "{out}"],
    ["export", "-q", "{seed}", "-o", "{out}"],
    ["export", "{seed}", "-o", "{out}", "-q"],
    ["export", "{seed}", "-o", "{out}", "--quiet"],
])
def test_quiet_before_or_after_the_command_silences_the_summary(args: list[str], seed_path: Path, tmp_path: Path,
                                                                gazetteer_index: object) -> None:
    out = tmp_path / "seed.geojson"
    res = run(*(a.format(seed=seed_path, out=out) for a in args))
    assert res.exit_code == 0 and out.exists()
    assert res.stderr == ""
    loud = run("export", str(seed_path), "-o", str(out))
    assert loud.exit_code == 0 and loud.stderr.startswith(f"conflictmap: wrote {out} (")


def test_quiet_keeps_the_one_line_error_and_exit_2(tmp_path: Path) -> None:
    for args in (["-q", "export", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "x.geojson")],
                 ["export", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "x.geojson"), "-q"]):
        res = run(*args)
        assert res.exit_code == 2
        assert res.stderr.startswith("conflictmap: error: ") and res.stderr.count("\n") == 1
        assert "missing.txt" in res.stderr


def test_quiet_in_nested_groups(seed_path: Path, tmp_path: Path, gazetteer_index: object) -> None:
    store = tmp_path / "s.gpkg"
    assert run("ingest", str(seed_path), "--store", str(store), "-q").stderr == ""
    loud = run("store", "copy", str(store), str(tmp_path / "a.gpkg"))
    assert loud.exit_code == 0 and "1 article copied" in loud.stderr
    for i, args in enumerate((["-q", "store", "copy"], ["store", "-q", "copy"], ["store", "copy", "-q"])):
        target = tmp_path / f"q{i}.gpkg"
        res = run(*args, str(store), str(target))
        assert res.exit_code == 0 and res.stderr == "" and target.exists(), args
    bad = run("store", "copy", str(tmp_path / "nothing.gpkg"), str(tmp_path / "b.gpkg"), "-q")
    assert bad.exit_code != 0 and bad.stderr.startswith("conflictmap: error: ")


@pytest.mark.parametrize("args,level", [
    (["gazetteer", "search", "Sirte", "-vv"], logging.DEBUG),
    (["gazetteer", "-v", "search", "Sirte", "-v"], logging.DEBUG),  # they add up across levels
    (["-v", "gazetteer", "search", "Sirte"], logging.INFO),
    (["gazetteer", "search", "Sirte", "-q"], logging.ERROR),
    (["gazetteer", "search", "Sirte"], logging.WARNING),  # and nothing stays from the run before
])
def test_verbosity_of_a_nested_command(args: list[str], level: int, gazetteer_index: object) -> None:
    res = run(*args, "--format", "json")
    assert res.exit_code == 0 and json.loads(res.stdout)[0]["name"] == "Sirte"
    assert logging.getLogger().level == level


# --- counting in the summary lines ----------------------------------------------------------------


def test_count_gets_plurals_right() -> None:
    assert count(1, "front line") == "1 front line"
    assert count(2, "front line") == "2 front lines"
    assert count(0, "event") == "0 events"
    assert count(1, "event") == "1 event"
    assert count(2, "event") == "2 events"
    assert count(1, "article") == "1 article"
    assert count(3, "other place") == "3 other places"
    assert count(1, "control area") == "1 control area"
    assert count(2, "entry") == "2 entries" and count(2, "match") == "2 matches"
    assert count(5, "bad line") == "5 bad lines" and count(1, "bad line") == "1 bad line"
    assert count(2, "person", "people") == "2 people" and count(1, "person", "people") == "1 person"


# "<n> <noun>" in a summary line, the noun's plural "s" captured apart.
COUNTED = re.compile(r"\b(\d+) ((?:new |other |input |ACLED )?(?:event|article|place|control area|front line|feature|"
                     r"report|request|review|page))(s?)\b")


def _agree(text: str) -> int:
    """Every count of the text agrees with its noun; returns how many counts there were."""
    found = COUNTED.findall(text)
    for n, noun, s in found:
        assert (int(n) == 1) == (s == ""), f"{n} {noun}{s} in {text!r}"
    return len(found)


def test_agreement_check_catches_wrong_plurals() -> None:
    assert _agree("x.html: 1 event, 2 other places, 0 control areas, 1 front line (0.4 MB)") == 4
    for wrong in ("1 events", "3 front line", "1 front lines", "0 article"):
        with pytest.raises(AssertionError):
            _agree(wrong)


def test_summary_lines_count_in_english(seed_path: Path, tmp_path: Path, gazetteer_index: object) -> None:
    """Whatever the seed gives today, every count in every summary line agrees with its noun."""
    res = run("map", str(seed_path), "-o", str(tmp_path / "m.html"))
    assert res.exit_code == 0
    assert re.search(r"m\.html: \d+ events?, \d+ other places?, \d+ control areas?, \d+ front lines? \(",
                     res.stderr), res.stderr
    lines = [res.stderr]
    for name in ("e.gpkg", "e.csv", "e.geojson", "e.parquet"):
        res = run("export", str(seed_path), "-o", str(tmp_path / name))
        assert res.exit_code == 0, res.stderr
        lines.append(res.stderr)
    assert re.search(r"\(\d+ places?, \d+ events?, \d+ control areas?, \d+ front lines?\)", lines[1]), lines[1]
    store = tmp_path / "s.gpkg"
    res = run("ingest", str(seed_path), "--store", str(store))
    lines.append(res.stderr)
    assert "1 article added" in res.stderr and "the store holds 1 article, " in res.stderr, res.stderr
    res = run("store", "copy", str(store), str(tmp_path / "c.gpkg"))
    lines.append(res.stderr)
    assert "1 article copied" in res.stderr and "0 reviews" in res.stderr
    assert sum(_agree(text) for text in lines) >= 15  # (the counts of seven summary lines)
    assert not WRONG_PLURAL.search("".join(lines))


# --- outputs follow the umask ---------------------------------------------------------------------


@pytest.fixture(params=[0o022, 0o077], ids=["umask022", "umask077"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_outputs_follow_the_umask(umask: int, seed_path: Path, tmp_path: Path, gazetteer_index: object) -> None:
    from maps.atomic import current_umask

    assert current_umask() == umask
    outs = [tmp_path / n for n in ("m.html", "m.geojson", "e.gpkg", "e.csv", "e.geojson", "e.parquet", "ev.json")]
    assert run("map", str(seed_path), "-o", str(outs[0]), "--geojson", str(outs[1])).exit_code == 0
    for out in outs[2:6]:
        assert run("export", str(seed_path), "-o", str(out)).exit_code == 0
    assert run("events", str(seed_path), "--format", "json", "-o", str(outs[6])).exit_code == 0
    for out in outs:
        assert _mode(out) == 0o666 & ~umask, (out.name, oct(_mode(out)))
    # an output written over keeps the mode its owner gave it (as an ordinary open does)
    os.chmod(outs[4], 0o640)
    assert run("export", str(seed_path), "-o", str(outs[4])).exit_code == 0
    assert _mode(outs[4]) == 0o640


def test_workers_geoparquet_dataset_follows_the_umask(umask: int, seed_path: Path, tmp_path: Path,
                                                      gazetteer_index: object) -> None:
    pytest.importorskip("dask_geopandas", reason="the --workers GeoParquet dataset needs conflictmap[dask]")
    out = tmp_path / "events.parquet"
    res = run("export", str(seed_path), "-o", str(out), "--workers", "1")
    assert res.exit_code == 0, res.stderr
    assert out.is_dir() and _mode(out) == 0o777 & ~umask, oct(_mode(out))  # mkdtemp's 0700 no more
    parts = list(out.iterdir())
    assert parts and all(_mode(p) == 0o666 & ~umask for p in parts)
    assert re.search(r"\(GeoParquet dataset, \d+ events?\)", res.stderr) and _agree(res.stderr) == 1


def test_atomic_writers_follow_the_umask(umask: int, tmp_path: Path) -> None:
    from maps.atomic import atomic_path, write_text

    write_text(tmp_path / "a.txt", "x")
    with atomic_path(tmp_path / "b.bin") as tmp:
        tmp.write_bytes(b"x")
    assert _mode(tmp_path / "a.txt") == _mode(tmp_path / "b.bin") == 0o666 & ~umask
