"""Progress and logging: a bar on a terminal (standard error a TTY) for long runs and never in pipes,
-v/-q set the level, warnings and errors on standard error, data alone on standard output."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli.main import cli
from geo.progress import MIN_BYTES, Progress, wanted

ROOT = Path(__file__).resolve().parents[1]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory, seed_text: str) -> Path:
    """Just over the size that earns a progress bar: copies of the seed, one a line."""
    path = tmp_path_factory.mktemp("corpus") / "big.jsonl"
    line = json.dumps({"text": seed_text, "date": "2020-01-06"}, ensure_ascii=False) + "\n"
    copies = MIN_BYTES // len(line.encode("utf-8")) + 2
    path.write_text(line * copies, encoding="utf-8")
    return path


def _run_with_stderr(args: list[str], *, tty: bool, cache: str | None) -> tuple[int, str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
    if cache:
        env["CONFLICTMAP_CACHE_DIR"] = cache
    cmd = [sys.executable, "-m", "geo.cli.main", *args]
    if not tty:
        proc = subprocess.run(cmd, capture_output=True, env=env, cwd=ROOT, timeout=600)
        return proc.returncode, proc.stdout.decode(), proc.stderr.decode()
    master, slave = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=slave, env=env, cwd=ROOT, timeout=600)
    os.close(slave)
    reader.join(timeout=5)
    os.close(master)
    return proc.returncode, proc.stdout.decode(), b"".join(chunks).decode(errors="replace")


@pytest.fixture(scope="module")
def cache_dir(gazetteer_index: object) -> str | None:
    return os.environ.get("CONFLICTMAP_CACHE_DIR")


def test_progress_bar_on_a_terminal_and_not_in_a_pipe(big_corpus: Path, cache_dir: str | None) -> None:
    code, out, err = _run_with_stderr(["places", str(big_corpus), "--format", "json"], tty=True, cache=cache_dir)
    assert code == 0, err
    assert "articles" in err and "100%" in err, err[-500:]
    records = json.loads(out)  # the bar never leaks into the data
    assert records and all(r["surface"] for r in records)

    code, out2, err2 = _run_with_stderr(["places", str(big_corpus), "--format", "json"], tty=False, cache=cache_dir)
    assert code == 0 and out2 == out
    assert err2 == ""  # a pipe gets no bar and, with nothing wrong, nothing at all

    code, _, err3 = _run_with_stderr(["-q", "places", str(big_corpus), "--format", "json"], tty=True, cache=cache_dir)
    assert code == 0 and "%" not in err3


def test_progress_unit_draws_only_when_enabled() -> None:
    term = FakeTerminal()
    bar = Progress(1000, "articles", enabled=True, stream=term)
    for _ in range(10):
        bar.bytes_read(100)
        bar.article_done()
    bar.close()
    assert "100%" in term.getvalue() and "10 articles" in term.getvalue()
    pipe = io.StringIO()
    quiet = Progress(1000, enabled=False, stream=pipe)
    quiet.bytes_read(1000)
    quiet.close()
    assert pipe.getvalue() == "" and quiet.done_bytes == 1000


def test_wanted_only_for_long_runs_on_a_terminal(big_corpus: Path, seed_path: Path) -> None:
    assert wanted([str(big_corpus)], stream=FakeTerminal())
    assert not wanted([str(big_corpus)], stream=io.StringIO())
    assert not wanted([str(big_corpus)], quiet=True, stream=FakeTerminal())
    assert not wanted([str(seed_path)], stream=FakeTerminal())  # one short article: over before a bar helps


def _corpus_with_a_bad_line(tmp_path: Path, seed_text: str) -> Path:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "ok", "text": seed_text}, ensure_ascii=False) + "\n{bad\n", encoding="utf-8")
    return path


def test_warnings_on_stderr_data_on_stdout(tmp_path: Path, seed_text: str, gazetteer_index: object) -> None:
    corpus = _corpus_with_a_bad_line(tmp_path, seed_text)
    res = CliRunner().invoke(cli, ["places", str(corpus), "--format", "json", "--skip-bad"])
    assert res.exit_code == 0
    assert {r["doc"] for r in json.loads(res.stdout)} == {"ok"}
    assert res.stderr.startswith("conflictmap: warning: skipped 1 bad line")


def test_quiet_hides_warnings_but_not_errors(tmp_path: Path, seed_text: str, gazetteer_index: object) -> None:
    corpus = _corpus_with_a_bad_line(tmp_path, seed_text)
    res = CliRunner().invoke(cli, ["-q", "places", str(corpus), "--format", "json", "--skip-bad"])
    assert res.exit_code == 0 and res.stderr == "" and json.loads(res.stdout)
    res = CliRunner().invoke(cli, ["-q", "places", str(corpus), "--format", "json"])
    assert res.exit_code == 2 and "c.jsonl:2" in res.stderr


def test_verbose_levels(seed_path: Path, gazetteer_index: object) -> None:
    plain = CliRunner().invoke(cli, ["places", str(seed_path), "--format", "json"])
    info = CliRunner().invoke(cli, ["-v", "places", str(seed_path), "--format", "json"])
    debug = CliRunner().invoke(cli, ["-vv", "places", str(seed_path), "--format", "json"])
    assert plain.exit_code == info.exit_code == debug.exit_code == 0
    assert plain.stderr == ""
    assert "conflictmap: info: 1 articles" in info.stderr and "debug" not in info.stderr
    assert "conflictmap: debug: article " in debug.stderr and "conflictmap: debug: gazetteer:" in debug.stderr
    assert plain.stdout == info.stdout == debug.stdout  # logging never touches the data
