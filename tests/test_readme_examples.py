"""The README is true (issue 20): its two set-up commands stand at its top, and its shell examples, then
the examples of every command's --help, run as written on the seed article in a temporary folder laid
out as a checkout, and exit 0: the first command and every one with a pipe or a redirection through bash
and a `conflictmap` process of its own, the others in this process through click's runner (the same
command line, without seconds of imports each). Examples that
need the network, a server or PostGIS are left out (said in the test's output); the Python block runs too.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from tests.cli_examples import (
    README,
    Sandbox,
    help_examples,
    help_text,
    readme_blocks,
    readme_commands,
    runnable,
    shell_commands,
    signature,
    walk,
)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory, gazetteer_index: object) -> Sandbox:
    return Sandbox.make(tmp_path_factory.mktemp("readme"))


def test_the_readme_opens_with_exactly_the_two_set_up_commands() -> None:
    text = README.read_text(encoding="utf-8")
    top = text.split("\n## ", 1)[0]  # before the first section
    blocks = readme_blocks(top)
    assert [shell_commands(body) for _lang, body in blocks] == [
        ["pip install . && conflictmap map -o out/seed.html"],
        ["pip install '.[test]' && python -m pytest -q"],
    ]
    assert readme_blocks(text)[:2] == blocks  # no other block before them


def _failures(sandbox: Sandbox, commands: list[str], readme: bool) -> tuple[list[str], list[str]]:
    failed, skipped = [], []
    for command in commands:
        cmd, why = runnable(command)
        if cmd is None:
            skipped.append(f"{command}  ({why})")
            continue
        if cmd in sandbox.ran or (not readme and signature(cmd) in sandbox.signatures):
            continue  # a help example that a README example (or another) has run in all but file names
        # the first command (the README's promise) and anything with pipes or redirections run in a shell,
        # in a process of their own; the rest here, the same command line through click's runner
        res = sandbox.run(cmd) if not sandbox.ran else sandbox.run_here(cmd)
        if res.returncode != 0:
            tail = " | ".join(res.stderr.strip().splitlines()[-3:])
            failed.append(f"{cmd}\n    exit {res.returncode}: {tail}")
    return failed, skipped


def test_the_readme_shell_examples_run(sandbox: Sandbox) -> None:
    commands = readme_commands()
    failed, skipped = _failures(sandbox, commands, readme=True)
    print("left out:\n  " + "\n  ".join(skipped))
    assert not failed, "README examples that fail:\n  " + "\n  ".join(failed)
    assert len(sandbox.ran) >= 15 and len(skipped) <= 12, (sandbox.ran, skipped)
    # what the newcomer's first command promises, and what the examples after it left behind
    assert (sandbox.root / "out" / "seed.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with sqlite3.connect(sandbox.root / "events.gpkg") as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
    assert json.loads((sandbox.root / "out" / "jan.geojson").read_text(encoding="utf-8"))["type"] == \
        "FeatureCollection"
    assert (sandbox.root / "out" / "events.csv").read_bytes().startswith(b"\xef\xbb\xbfevent_id_cnty,")


def test_the_readme_python_example_runs(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    [code] = [body for lang, body in readme_blocks(README.read_text(encoding="utf-8")) if lang == "python"]
    if not (sandbox.root / "events.gpkg").exists():
        assert sandbox.run("conflictmap ingest corpus.jsonl --store events.gpkg").returncode == 0
    monkeypatch.chdir(sandbox.root)
    scope: dict[str, object] = {}
    exec(compile(code, str(README), "exec"), scope)  # noqa: S102 - the project's own README
    import geopandas as gpd

    result, corpus = scope["result"], scope["corpus"]
    for r in (result, corpus, scope["january"]):
        for layer in ("places", "events", "control_areas", "front_lines"):
            assert isinstance(getattr(r, layer), gpd.GeoDataFrame), layer
    assert {"طرابلس", "عين زارة"} & set(result.places["surface"])
    assert (sandbox.root / "out" / "libya.gpkg").is_file()


def test_every_help_example_that_needs_no_network_runs(sandbox: Sandbox) -> None:
    if not (sandbox.root / "events.gpkg").exists():  # run alone: the store the examples read
        assert sandbox.run("conflictmap ingest corpus.jsonl --store events.gpkg").returncode == 0
    commands = [line for path, _ in walk() for line in help_examples(help_text(path)) or []]
    before = len(sandbox.ran)
    failed, skipped = _failures(sandbox, list(dict.fromkeys(commands)), readme=False)
    print("left out:\n  " + "\n  ".join(skipped))
    assert not failed, "--help examples that fail:\n  " + "\n  ".join(failed)
    assert len(sandbox.ran) - before >= 8
    # the import examples reached the sandbox's own gazetteer, never the user's
    assert Path(sandbox.env["CONFLICTMAP_CACHE_DIR"]) != Path(os.environ.get("CONFLICTMAP_CACHE_DIR", "/"))
    hits = sandbox.run("conflictmap gazetteer search 'Bir Example' --format json")
    assert hits.returncode == 0 and json.loads(hits.stdout)[0]["name"] == "Bir Example"
