"""The progress display: one line with a rate and an ETA on standard error when it is a terminal, for
every long command (checked through a real pseudo-terminal), nothing in a pipe or with -q; -v/-q set the
level, warnings and errors on standard error, data alone on standard output."""

from __future__ import annotations

import io
import json
import logging
import os
import pty
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo import progress as progress_module
from geo.cli.main import cli
from geo.progress import Progress, clear_line, format_duration, format_rate, render, set_quiet, track

ROOT = Path(__file__).resolve().parents[1]
# One frame of the display: "events  37%  [####.....]  46/124 articles  3.2 articles/s  ETA 0:24"
FRAME = re.compile(r"\r\x1b\[K(?P<label>[a-z ]+?) +(?P<pct>\d+)%  (\[[#.]+\]  )?(?P<done>\d+)/(?P<total>\d+) "
                   r"(?P<unit>[a-z]+)  (?P<rate>[\d.]+) (?P=unit)/(s|min)  (?P<when>ETA \d+:\d\d|in \d+:\d\d)")


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


# --- the display itself ---------------------------------------------------------------------------


def test_render_gives_count_rate_and_eta() -> None:
    line = render("map", 46, 124, "articles", 14.4, width=100)
    assert line.startswith("map  37%  [")
    assert "46/124 articles" in line and "3.2 articles/s" in line and line.endswith("ETA 0:24")
    done = render("map", 124, 124, "articles", 65.0, width=100)
    assert "100%" in done and done.endswith("in 1:05") and "ETA" not in done
    slow = render("fetch", 3, 10, "pages", 300.0)
    assert "0.6 pages/min" in slow and "ETA 11:40" in slow
    assert FRAME.match("\r\x1b[K" + line) and FRAME.match("\r\x1b[K" + done)


def test_render_without_a_total_and_on_narrow_terminals() -> None:
    assert render("events", 7, None, "articles", 2.0) == "events  7 articles  3.5 articles/s  ETA -:--"
    by_bytes = render("events", 7, None, "articles", 2.0, fraction=0.25)
    assert "25%" in by_bytes and "ETA 0:06" in by_bytes  # a stream's bytes still tell how far it is
    narrow = render("store copy", 8, 29, "articles", 0.5, width=60)
    assert "[" not in narrow and len(narrow) < 60 and "ETA 0:01" in narrow
    assert len(render("store copy", 8, 29, "articles", 0.5, width=30)) < 30  # never wraps the line


def test_durations_and_rates() -> None:
    assert [format_duration(s) for s in (0, 7.4, 65, 3599, 3600 * 2 + 5)] == ["0:00", "0:07", "1:05", "59:59",
                                                                              "2:00:05"]
    assert format_rate(0.25, "pages") == "15.0 pages/min" and format_rate(3.21, "articles") == "3.2 articles/s"
    assert format_rate(250, "places") == "250 places/s" and format_rate(0, "places") == "- places/s"


def test_nothing_before_the_delay_then_a_frame_per_redraw() -> None:
    term, clock = FakeTerminal(), Clock()
    bar = Progress("events", 10, enabled=True, stream=term, clock=clock)
    bar.advance()
    assert term.getvalue() == ""  # a short run draws nothing
    clock.now += 1.0
    bar.advance()
    assert re.fullmatch(r"\r\x1b\[Kevents  20%  \[#+\.+\]  2/10 articles  2\.0 articles/s  ETA 0:04", term.getvalue())
    assert len(term.getvalue()) - 4 < 80  # fits the terminal (80 columns when it cannot tell)
    bar.advance()  # the same instant: not redrawn
    assert term.getvalue().count("\r") == 1
    clock.now += 4.0
    for _ in range(7):
        bar.advance()
    bar.close()
    frames = FRAME.findall(term.getvalue())
    assert len(frames) == 3 and term.getvalue().endswith("10/10 articles  2.0 articles/s  in 0:05\n")


def test_the_rate_and_eta_follow_the_recent_pace() -> None:
    """A slow start (imports, caches) does not hold the ETA up once the work runs at its own pace."""
    term, clock = FakeTerminal(), Clock()
    bar = Progress("map", 100, enabled=True, stream=term, clock=clock)
    clock.now += 20.0  # the first article pays for the warm-up
    bar.advance()
    for _ in range(40):  # then 4 articles a second
        clock.now += 0.25
        bar.advance()
    last = FRAME.findall(term.getvalue())[-1]
    bar.close()
    assert last[3] == "41" and last[6] == "4.0"  # done, rate
    assert last[-1] == "ETA 0:15"  # 59 left at 4 a second (the mean since the start would say 0:43)
    assert render("map", 41, 100, "articles", 30.0).endswith("ETA 0:43")


def test_clear_line_makes_room_for_other_output() -> None:
    term, clock = FakeTerminal(), Clock()
    with Progress("places", 4, enabled=True, stream=term, clock=clock) as bar:
        clock.now += 1
        bar.advance()
        clear_line()  # what a log record or a row of output on the same terminal does first
        assert term.getvalue().endswith("\r\x1b[K")
        clear_line()  # once is enough
        assert term.getvalue().count("\r\x1b[K") == 2
        bar.advance()  # and the bar comes back at the next step
        assert term.getvalue().endswith("2/4 articles  2.0 articles/s  ETA 0:01")


def test_disabled_off_a_terminal_and_with_quiet() -> None:
    pipe = io.StringIO()
    bar = Progress("export", 10, stream=pipe, delay=0)
    bar.advance(10)
    bar.close()
    assert not bar.enabled and pipe.getvalue() == "" and bar.done == 10
    term = FakeTerminal()
    set_quiet(True)
    try:
        quiet = Progress("export", 10, stream=term, delay=0)
        quiet.advance(10)
        quiet.close()
    finally:
        set_quiet(False)
    assert term.getvalue() == ""
    assert Progress("export", 10, stream=FakeTerminal()).enabled


def test_no_display_on_a_dumb_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "dumb")
    assert not Progress("export", 10, stream=FakeTerminal()).enabled
    monkeypatch.setenv("TERM", "xterm-256color")
    assert Progress("export", 10, stream=FakeTerminal()).enabled


def test_track_counts_each_item_when_the_next_is_asked_for() -> None:
    term, clock = FakeTerminal(), Clock()
    seen = []
    for item in track(["a", "b", "c"], "map", stream=term, enabled=True, clock=clock):
        clock.now += 1
        seen.append(item)
    assert seen == ["a", "b", "c"]
    assert "map 100%" in term.getvalue() and "3/3 articles" in term.getvalue() and "in 0:03" in term.getvalue()
    assert not progress_module._shown  # closed: nothing left to clear


# --- through a real pseudo-terminal ---------------------------------------------------------------


def _run(args: list[str], *, tty: bool, env: dict[str, str] | None = None, stdin: bytes | None = None
         ) -> tuple[int, str, str]:
    """Run the CLI in a child process with its standard error on a pseudo-terminal (or a pipe)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm", **(env or {})}  # (CI may say TERM=dumb)
    env.pop("COLUMNS", None)
    cmd = [sys.executable, "-m", "geo.cli.main", *args]
    if not tty:
        proc = subprocess.run(cmd, capture_output=True, env=env, cwd=ROOT, timeout=600, input=stdin)
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
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=slave, env=env, cwd=ROOT, timeout=600, input=stdin)
    finally:
        os.close(slave)
        reader.join(timeout=5)
        os.close(master)
    return proc.returncode, proc.stdout.decode(), b"".join(chunks).decode(errors="replace").replace("\r\n", "\n")


def _frames(err: str) -> list[dict[str, str]]:
    return [m.groupdict() for m in FRAME.finditer(err)]


def _assert_display(err: str, label: str, unit: str = "articles", total: int | None = None) -> None:
    """Frames with a rate and an ETA while it runs, and a last one at 100% with the time taken."""
    frames = _frames(err)
    assert frames, err[-800:]
    assert {f["label"] for f in frames} == {label}, err[-800:]
    assert all(f["unit"] == unit for f in frames)
    assert any(f["when"].startswith("ETA") for f in frames), err[-800:]
    last = frames[-1]
    assert last["pct"] == "100" and last["when"].startswith("in ") and last["done"] == last["total"]
    if total is not None:
        assert int(last["total"]) == total
    # each frame redraws the line: no frame ends with a line feed but the last (the phases after
    # reading, "map: writing m.html  in 0:01", leave lines of their own: tests/test_progress_phases.py)
    ended = [m for m in FRAME.finditer(err) if err[m.end():m.end() + 1] == "\n"]
    assert len(ended) == 1 and ended[0].groupdict() == last


N_ARTICLES = 150


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, seed_text: str) -> Path:
    """Long enough a run for the display: the seed article, each copy its own (ingest skips a text it
    has already stored)."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(N_ARTICLES):
            text = f"{seed_text}\n\nالنسخة رقم {i}."
            fh.write(json.dumps({"id": f"seed-{i}", "date": "2020-01-06", "text": text}, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def cache_env(gazetteer_index: object) -> dict[str, str]:
    cache = os.environ.get("CONFLICTMAP_CACHE_DIR")
    return {"CONFLICTMAP_CACHE_DIR": cache} if cache else {}


def test_events_bar_on_a_terminal_never_in_a_pipe_nor_with_quiet(corpus: Path, cache_env: dict[str, str]) -> None:
    code, out, err = _run(["events", str(corpus), "--format", "json"], tty=True, env=cache_env)
    assert code == 0, err
    _assert_display(err, "events", total=N_ARTICLES)
    events = json.loads(out)  # the display never leaks into the data
    assert events and {e["doc"] for e in events} <= {f"seed-{i}" for i in range(N_ARTICLES)}

    def data(text: str) -> list[dict]:
        return [{k: v for k, v in e.items() if k != "timestamp"} for e in json.loads(text)]  # (the run's time)

    code, out2, err2 = _run(["events", str(corpus), "--format", "json"], tty=False, env=cache_env)
    assert code == 0 and data(out2) == data(out)
    assert err2 == ""  # a pipe gets no display and, with nothing wrong, nothing at all

    for args in (["-q", "events", str(corpus)], ["events", str(corpus), "-q"]):
        code, out3, err3 = _run([*args, "--format", "json"], tty=True, env=cache_env)
        assert code == 0 and data(out3) == data(out) and err3 == "", err3[-300:]


def test_a_corpus_from_a_pipe_shows_its_count_and_rate(corpus: Path, cache_env: dict[str, str],
                                                       tmp_path: Path) -> None:
    """A named pipe cannot be read twice nor measured: no total, so no percentage and no made-up ETA."""
    fifo = tmp_path / "stream.jsonl"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "wb") as fh:
            fh.write(corpus.read_bytes())

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    code, out, err = _run(["places", str(fifo), "--format", "json"], tty=True, env=cache_env)
    writer.join(timeout=10)
    assert code == 0 and json.loads(out), err[-500:]
    frames = re.findall(r"\r\x1b\[Kplaces  (\d+) articles  [\d.]+ articles/(?:s|min)  ETA -:--", err)
    assert frames and int(frames[-1]) == N_ARTICLES, err[-500:]
    assert "%" not in err


@pytest.mark.parametrize("command", ["places", "map", "export", "ingest"])
def test_every_long_command_shows_the_same_display(command: str, corpus: Path, cache_env: dict[str, str],
                                                   tmp_path: Path) -> None:
    args = {
        "places": ["places", str(corpus), "--format", "json"],
        "map": ["map", str(corpus), "-o", str(tmp_path / "m.html")],
        "export": ["export", str(corpus), "-o", str(tmp_path / "e.geojson")],
        "ingest": ["ingest", str(corpus), "--store", str(tmp_path / "s.gpkg")],
    }[command]
    code, _, err = _run(args, tty=True, env=cache_env)
    assert code == 0, err[-500:]
    _assert_display(err, command, total=N_ARTICLES)
    summary = err.rstrip("\n").rsplit("\n", 1)[-1]
    assert "\r" not in summary or command == "places"  # the summary line is a line of its own
    code, _, quiet = _run([*args, "-q"], tty=True, env=cache_env)
    assert code == 0 and quiet == ""  # -q: no display, no summary line
    if command == "ingest":  # and the next long command of a store, its copy
        code, _, err = _run(["store", "copy", str(tmp_path / "s.gpkg"), str(tmp_path / "copy.gpkg")], tty=True,
                            env=cache_env)
        assert code == 0, err[-500:]
        _assert_display(err, "store copy", total=N_ARTICLES)
        assert f"{N_ARTICLES} articles copied" in err


def test_fetch_counts_the_pages_of_a_feed(tmp_path: Path) -> None:
    from tests.webserver import WebServer

    env = {"CONFLICTMAP_CACHE_DIR": str(tmp_path / "cache")}
    with WebServer() as web:  # one request a second: a feed and its items take seconds
        code, _, err = _run(["fetch", web.url("/feed.rss"), "-o", str(tmp_path / "c.jsonl")], tty=True, env=env)
    assert code == 0, err[-500:]
    _assert_display(err, "fetch", unit="pages")
    assert "disallowed by robots.txt" in err
    # a warning clears the display first: it starts a line of its own, never after a frame
    assert not re.search(r"(ETA -?\d*:\d\d|ETA -:--)conflictmap:", err)
    assert all(line.startswith(("conflictmap:", "\r\x1b[K")) for line in err.split("\n") if line)


def test_gazetteer_import_shows_the_rebuild(tmp_path: Path, shared_data: Path, gazetteer_index: object) -> None:
    from gazetteer.cache import INDEX_FILE, default_index_path

    cache = tmp_path / "cache"
    cache.mkdir()
    shutil.copy(default_index_path(), cache / INDEX_FILE)  # the current index: only the import's rebuild runs
    env = {"CONFLICTMAP_CACHE_DIR": str(cache)}
    osm = shared_data / "osm-libya-places" / "overpass_places_raw.json"
    code, out, err = _run(["gazetteer", "import", str(osm)], tty=True, env=env)
    assert code == 0, err[-500:]
    _assert_display(err, "gazetteer import", unit="places")
    assert out == "" and re.search(r"\nconflictmap: imported \d+ places from .*; the index now holds \d+ places\n$",
                                   err)


# --- levels of logging ----------------------------------------------------------------------------


def _corpus_with_a_bad_line(tmp_path: Path, seed_text: str) -> Path:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "ok", "text": seed_text}, ensure_ascii=False) + "\n{bad\n", encoding="utf-8")
    return path


def test_warnings_on_stderr_data_on_stdout(tmp_path: Path, seed_text: str, gazetteer_index: object) -> None:
    corpus = _corpus_with_a_bad_line(tmp_path, seed_text)
    res = CliRunner().invoke(cli, ["places", str(corpus), "--format", "json", "--skip-bad"])
    assert res.exit_code == 0
    assert {r["doc"] for r in json.loads(res.stdout)} == {"ok"}
    assert res.stderr.startswith("conflictmap: warning: skipped 1 bad line (")


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_hides_warnings_but_not_errors(where: str, tmp_path: Path, seed_text: str,
                                             gazetteer_index: object) -> None:
    corpus = _corpus_with_a_bad_line(tmp_path, seed_text)

    def args(*a: str) -> list[str]:
        return ["-q", *a] if where == "before" else [*a, "-q"]

    res = CliRunner().invoke(cli, args("places", str(corpus), "--format", "json", "--skip-bad"))
    assert res.exit_code == 0 and res.stderr == "" and json.loads(res.stdout)
    res = CliRunner().invoke(cli, args("places", str(corpus), "--format", "json"))
    assert res.exit_code == 2 and "c.jsonl:2" in res.stderr and res.stderr.count("\n") == 1


def test_verbose_levels(seed_path: Path, gazetteer_index: object) -> None:
    plain = CliRunner().invoke(cli, ["places", str(seed_path), "--format", "json"])
    info = CliRunner().invoke(cli, ["-v", "places", str(seed_path), "--format", "json"])
    info_after = CliRunner().invoke(cli, ["places", str(seed_path), "--format", "json", "-v"])
    debug = CliRunner().invoke(cli, ["-v", "places", str(seed_path), "--format", "json", "-v"])  # they add up
    assert plain.exit_code == info.exit_code == info_after.exit_code == debug.exit_code == 0
    assert plain.stderr == ""
    assert "conflictmap: info: 1 article, " in info.stderr and "debug" not in info.stderr
    def untimed(text: str) -> str:
        return re.sub(r"[\d.]+ s\b", "N s", text)

    assert untimed(info_after.stderr) == untimed(info.stderr)  # -v after the command means the same
    assert "conflictmap: debug: article " in debug.stderr and "conflictmap: debug: gazetteer:" in debug.stderr
    assert plain.stdout == info.stdout == info_after.stdout == debug.stdout  # logging never touches the data
    # the level of one run does not stay for the next (the options reset it on every command line)
    again = CliRunner().invoke(cli, ["places", str(seed_path), "--format", "json"])
    assert again.stderr == "" and logging.getLogger().level == logging.WARNING
