"""The examples a newcomer copies: those at the end of every command's ``--help`` and the shell blocks of
the README. Shared by tests/test_cli_help.py (every help ends with examples that parse) and
tests/test_readme_examples.py (they run, on the seed article, in a temporary folder)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import click
from click.testing import CliRunner

from geo.cli.main import cli

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SEED = ROOT / "seeds" / "libya-front-2020-01.ar.txt"

_FENCE = re.compile(r"^```(\w*)\s*$")


def walk(group: click.Command = cli, path: tuple[str, ...] = ("conflictmap",)) -> Iterator[tuple[tuple[str, ...],
                                                                                                  click.Command]]:
    """Every command of the tree, the root and the groups included, with the words that call it."""
    yield path, group
    if isinstance(group, click.Group):
        ctx = click.Context(group, info_name=path[-1])
        for name in group.list_commands(ctx):
            sub = group.get_command(ctx, name)
            assert sub is not None, f"{' '.join(path)} lists {name!r} but has no such command"
            yield from walk(sub, (*path, name))


def help_text(path: tuple[str, ...]) -> str:
    """``--help`` as the user sees it (through the lazy root group)."""
    res = CliRunner().invoke(cli, [*path[1:], "--help"], prog_name="conflictmap", terminal_width=100)
    assert res.exit_code == 0, (path, res.output)
    return res.stdout


def help_examples(text: str) -> list[str] | None:
    """The example lines of a help text's last section when that section is its examples, else None."""
    lines = text.rstrip().splitlines()
    heads = [i for i, ln in enumerate(lines) if ln.strip() == "Examples:"]
    if not heads:
        return None
    tail = lines[heads[-1] + 1:]
    if any(ln and not ln.startswith("  ") for ln in tail):
        return None  # another section (Options:, Commands:) comes after the examples
    return [ln.strip() for ln in tail if ln.strip()]


def without_comment(command: str) -> str:
    """The command without its trailing ``# ...`` remark (a ``#`` inside quotes stays)."""
    cut = command.find(" #")
    while cut != -1:
        try:
            shlex.split(command[:cut])  # the quotes are closed here: the remark starts
            return command[:cut].rstrip()
        except ValueError:
            cut = command.find(" #", cut + 1)
    return command.strip()


def readme_blocks(markdown: str) -> list[tuple[str, str]]:
    """(language, body) of every fenced block, in order."""
    blocks, lang, body = [], None, []
    for line in markdown.splitlines():
        m = _FENCE.match(line)
        if m and lang is None:
            lang, body = m.group(1), []
        elif line.strip() == "```" and lang is not None:
            blocks.append((lang, "\n".join(body)))
            lang = None
        elif lang is not None:
            body.append(line)
    return blocks


def shell_commands(body: str) -> list[str]:
    """The commands of a shell block: continuation lines joined, comment lines dropped."""
    out, pending = [], ""
    for line in body.splitlines():
        if pending:
            line = pending + " " + line.strip()
            pending = ""
        if line.rstrip().endswith("\\"):
            pending = line.rstrip()[:-1].rstrip()
            continue
        if line.strip() and not line.lstrip().startswith("#"):
            out.append(line.strip())
    return out


def readme_commands(markdown: str | None = None) -> list[str]:
    markdown = markdown if markdown is not None else README.read_text(encoding="utf-8")
    return [c for lang, body in readme_blocks(markdown) if lang in ("sh", "bash", "shell", "console")
            for c in shell_commands(body)]


_NETWORK = re.compile(r"https?://|postgresql://|\bconflictmap (?:fetch|serve)\b|--online\b")


def runnable(command: str) -> tuple[str | None, str]:
    """(the command to run, or None; why not). A README set-up line ``pip install ... && X`` runs X."""
    cmd = without_comment(command)
    if cmd.startswith("pip install ") and " && " in cmd:
        cmd = cmd.split(" && ", 1)[1].strip()
    if cmd.startswith("python -m pytest"):
        return None, "the test suite itself"
    if cmd.startswith(("pip ", "python ")):
        return None, "sets up or builds the project (pip, python -m gazetteer.build from ../shared)"
    if _NETWORK.search(cmd):
        return None, "needs the network, a server or PostGIS"
    first = cmd.split()[0] if cmd else ""
    if first not in ("conflictmap", "echo", "printf"):
        return None, f"not a conflictmap example ({first})"
    return cmd, ""


def argv_of(command: str) -> list[list[str]]:
    """The argument lists after ``conflictmap`` of every stage of a pipeline (``echo ... | conflictmap ...``),
    redirections left out."""
    out = []
    for stage in re.split(r"\s\|\s", without_comment(command)):
        words = shlex.split(stage)
        if words and words[0] == "conflictmap":
            words = words[1:]
            for i, w in enumerate(words):
                if w in (">", ">>", "<", "2>"):
                    words = words[:i]
                    break
            out.append(words)
    return out


def signature(command: str) -> tuple[str, ...]:
    """What a command line exercises: its words with each file named by its kind (``out/a.gpkg`` and
    ``out/b.gpkg`` are one case). Two examples of one signature test the same thing; one of them runs."""
    words = []
    for w in shlex.split(without_comment(command)):
        suffix = Path(w).suffix if ("/" in w or "." in w) and not w.startswith("-") else ""
        words.append(suffix if suffix and not w.replace(".", "").isdigit() else w)
    return tuple(words)


# --- a folder where the examples run -----------------------------------------------------------------

ARTICLES = [
    # written for these examples: a dated report each, in Arabic and English, with ids and urls
    {"id": "ex-ain-zara-1", "date": "2020-01-15", "url": "https://example.org/news/ain-zara-1",
     "title": "اشتباكات في عين زارة",
     "text": "اندلعت اشتباكات عنيفة صباح اليوم الأربعاء في محور عين زارة جنوب العاصمة طرابلس بين قوات حكومة "
             "الوفاق وقوات حفتر، وقال مصدر طبي إن ثلاثة مقاتلين قتلوا."},
    {"id": "ex-misrata-2", "date": "2020-01-16", "url": "https://example.org/news/misrata-2",
     "title": "Drone strike near Misrata",
     "text": "A drone strike hit a military academy camp south of Misrata on Thursday, killing two cadets, "
             "a hospital official said."},
]
TODAY = [{"id": "ex-sirte-3", "date": "2020-01-20", "title": "قصف قرب سرت",
          "text": "قصفت قوات حفتر بالمدفعية مواقع لقوات الوفاق غرب مدينة سرت يوم الاثنين، دون أن ترد أنباء عن "
                  "ضحايا."}]
GEONAMES_ROW = ("90000001\tQasr Example\tQasr Example\tقصر المثال\t31.95000\t14.25000\tP\tPPL\tLY\t\t00\t\t\t\t"
                "0\t\t80\tAfrica/Tripoli\t2020-01-01")
OVERPASS = {"elements": [{"type": "node", "id": 900000002, "lat": 32.05, "lon": 13.95,
                          "tags": {"name": "Bir Example", "name:ar": "بئر المثال", "place": "hamlet"}}]}


@dataclass
class Sandbox:
    """A folder laid out as a checkout is (``seeds/``, an empty ``out/``) with the files the examples
    name (``corpus.jsonl`` holds the seed article and two reports written for these tests), a copy of
    the test session's gazetteer cache, and ``conflictmap`` on PATH running this worktree's code."""

    root: Path
    env: dict[str, str]
    ran: list[str]
    signatures: set[tuple[str, ...]] = field(default_factory=set)

    @classmethod
    def make(cls, base: Path) -> Sandbox:
        root = base / "work"
        (root / "out").mkdir(parents=True)
        shutil.copytree(ROOT / "seeds", root / "seeds")
        meta = json.loads(SEED.with_name("libya-front-2020-01.ar.meta.json").read_text(encoding="utf-8"))
        seed = {"id": meta["id"], "date": meta["date"], "title": meta["title"],
                "text": SEED.read_text(encoding="utf-8-sig")}
        _jsonl(root / "corpus.jsonl", [seed, *ARTICLES])
        _jsonl(root / "today.jsonl", TODAY)
        _jsonl(root / "new-articles.jsonl", [*ARTICLES[1:], *TODAY])
        (root / "LY.txt").write_text(GEONAMES_ROW + "\n", encoding="utf-8")
        (root / "places.json").write_text(json.dumps(OVERPASS, ensure_ascii=False), encoding="utf-8")
        (root / "my-places.csv").write_text("name,lat,lon,name_ar,kind\nWadi Example,30.5,15.5,وادي المثال,wadi\n",
                                            encoding="utf-8")
        cache = root.parent / "cache"
        session_cache = os.environ.get("CONFLICTMAP_CACHE_DIR")
        if session_cache and Path(session_cache).is_dir():
            shutil.copytree(session_cache, cache)
        else:
            cache.mkdir()
        bin_dir = root.parent / "bin"
        bin_dir.mkdir()
        shim = bin_dir / "conflictmap"
        shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m geo.cli.main "$@"\n', encoding="utf-8")
        shim.chmod(0o755)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CONFLICTMAP_", "PYTEST_"))}
        env.update({"PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", "CONFLICTMAP_CACHE_DIR": str(cache),
                    "PYTHONPATH": str(ROOT), "HOME": str(root.parent), "NO_COLOR": "1", "LC_ALL": "C.UTF-8"})
        return cls(root, env, [])

    def run(self, command: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        """Through bash, in a `conflictmap` process of its own: the command exactly as a user types it."""
        self.ran.append(command)
        self.signatures.add(signature(command))
        return subprocess.run(["bash", "-c", "set -o pipefail; " + command], cwd=self.root, env=self.env,
                              capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)

    def run_here(self, command: str) -> subprocess.CompletedProcess[str]:
        """The same command line in this process (click's runner, the sandbox's folder and cache), when it
        has no shell syntax: a process costs seconds of imports, a run here a fraction of one. Anything
        else goes through ``run``."""
        if _SHELL.search(without_comment(command)) or not without_comment(command).startswith("conflictmap "):
            return self.run(command)
        from gazetteer import cache

        self.ran.append(command)
        self.signatures.add(signature(command))
        args = shlex.split(without_comment(command))[1:]
        old_cwd, old_env = os.getcwd(), os.environ.get("CONFLICTMAP_CACHE_DIR")
        os.chdir(self.root)
        os.environ["CONFLICTMAP_CACHE_DIR"] = self.env["CONFLICTMAP_CACHE_DIR"]
        cache.clear_memo()
        try:
            res = CliRunner().invoke(cli, args, prog_name="conflictmap")
        finally:
            os.chdir(old_cwd)
            if old_env is None:
                os.environ.pop("CONFLICTMAP_CACHE_DIR", None)
            else:
                os.environ["CONFLICTMAP_CACHE_DIR"] = old_env
            cache.clear_memo()
        err = res.stderr + (f"\n{type(res.exception).__name__}: {res.exception}" if res.exception and
                            not isinstance(res.exception, SystemExit) else "")
        return subprocess.CompletedProcess(args, res.exit_code, res.stdout, err)


_SHELL = re.compile(r"[|<>;&$`]")


def _jsonl(path: Path, rows: list[dict[str, str]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
