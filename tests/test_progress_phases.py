"""The phases after reading (fusing reports, control evidence, control areas and front lines, loading a
store, writing each output) are frames of the one progress display: a bar where the work is counted, a
spinner with the time taken where it is not. Checked on the display itself, through the pipeline, and
through a real pseudo-terminal for ``map`` and ``export`` (from articles, from a GeoPackage store and
from a PostGIS one); nothing in a pipe, with -q or on a dumb terminal, nothing on standard output."""

from __future__ import annotations

import io
import json
import re
import threading
import time
from pathlib import Path

import pytest

from geo.progress import NO_PHASES, REDRAW_SECONDS, Phases, Progress, clear_line, render, render_spinner
from tests.test_hardening_progress import FRAME, Clock, FakeTerminal, _run

# A frame of a phase: "map: control areas and front lines from 785 pieces of evidence  /  0:12"
SPIN_FRAME = re.compile(r"\r\x1b\[K(?P<label>[a-z]+: [^\r\n]+?)  (?P<turn>[|/\\-])(?:  (?P<done>\d+) (?P<unit>\w+))?"
                        r"  (?P<elapsed>\d+:\d\d)(?=\r|\n|$)")
# The line a finished phase leaves: "map: writing out/m.html  in 0:01"
DONE_LINE = re.compile(r"\r\x1b\[K(?P<label>[a-z]+: [^\r\n]+?)(?:  (?P<done>\d+) (?P<unit>\w+))?  in \d+:\d\d\n")


class LockedTerminal(FakeTerminal):
    """A terminal written from two threads (the ticker's and the caller's)."""

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()

    def write(self, s: str) -> int:
        with self.lock:
            return super().write(s)

    def text(self) -> str:
        with self.lock:
            return self.getvalue()


# --- the spinner itself ---------------------------------------------------------------------------


def test_render_spinner_gives_name_turn_count_and_time() -> None:
    assert render_spinner("map: fusing", 0, "", 12.3) == "map: fusing  /  0:12"
    assert render_spinner("map: fusing", 0, "", 12.5) == "map: fusing  -  0:12"  # a turn each redraw
    assert render_spinner("export: loading s.gpkg", 4120, "records", 3.1) == (
        "export: loading s.gpkg  \\  4120 records  0:03")
    assert render_spinner("export: loading s.gpkg", 4120, "records", 3.0, finished=True) == (
        "export: loading s.gpkg  4120 records  in 0:03")
    long = render_spinner("map: writing /" + "x" * 200 + "/m.html", 0, "", 1.0, width=60, finished=True)
    assert len(long) == 59 and long.startswith("map: writing /xx") and long.endswith("xx/m.html  in 0:01")
    assert "..." in long


def test_a_spinner_waits_for_the_delay_turns_then_leaves_its_line() -> None:
    term, clock = FakeTerminal(), Clock()
    bar = Progress("map: control areas", stream=term, clock=clock, spin=True, ticker=False, enabled=True)
    clock.now += 0.3
    bar._redraw(ticked=True)
    assert term.getvalue() == ""  # before the delay: nothing
    frames = []
    for _ in range(4):
        clock.now += REDRAW_SECONDS
        bar._redraw(ticked=True)
        frames.append(term.getvalue().rsplit("\r\x1b[K", 1)[-1])
    assert all(re.fullmatch(r"map: control areas  [|/\\-]  0:0[01]", f) for f in frames), frames
    assert len({f.split("  ")[1] for f in frames}) == 4  # it turns: a new glyph at each redraw
    clock.now += 2
    bar.close()
    assert term.getvalue().endswith("\r\x1b[Kmap: control areas  in 0:03\n")  # (1.1 s + 2 s)


def test_a_spinner_that_counts_shows_the_count() -> None:
    term, clock = FakeTerminal(), Clock()
    with Progress("map: loading s.gpkg", unit="records", stream=term, clock=clock, spin=True, ticker=False,
                  enabled=True, delay=0) as bar:
        for _ in range(1500):
            clock.now += 0.001
            bar.advance()
    frames = [m.groupdict() for m in SPIN_FRAME.finditer(term.getvalue())]
    assert frames[0]["done"] is None  # (the first frame, before any record)
    assert len(frames) > 3 and all(f["unit"] == "records" for f in frames[1:])
    assert [int(f["done"]) for f in frames[1:]] == sorted(int(f["done"]) for f in frames[1:])
    assert term.getvalue().endswith("\r\x1b[Kmap: loading s.gpkg  1500 records  in 0:02\n")


def test_the_ticker_redraws_while_no_step_comes_and_stops_at_close() -> None:
    term = LockedTerminal()
    bar = Progress("export: writing o.gpkg", stream=term, spin=True, enabled=True, delay=0)
    deadline = time.monotonic() + 10
    while term.text().count("\r\x1b[K") < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert term.text().count("\r\x1b[K") >= 3, term.text()  # redrawn with no step taken
    bar.close()
    closed = term.text()
    assert closed.endswith("  in 0:00\n") or re.search(r"  in \d+:\d\d\n$", closed)
    time.sleep(3 * REDRAW_SECONDS)
    assert term.text() == closed  # no frame after the last


def test_other_output_never_lands_inside_a_turning_spinner() -> None:
    term = LockedTerminal()
    with Progress("map: control areas", stream=term, spin=True, enabled=True, delay=0):
        for i in range(12):
            time.sleep(REDRAW_SECONDS * 1.6)
            clear_line()
            term.write(f"conflictmap: warning {i}\n")
    text = term.text()
    for i in range(12):
        # each line starts at the start of a line: where a frame was erased, or after another line
        at = text.index(f"conflictmap: warning {i}\n")
        assert text[:at].endswith(("\r\x1b[K", "\n")), repr(text[max(0, at - 60):at + 30])
    # and the spinner comes back between them
    assert len(re.findall(r"\r\x1b\[Kmap: control areas  [|/\\-]  0:0\d", text)) >= 6, text


def test_phases_name_the_command_and_draw_nothing_when_off() -> None:
    term = FakeTerminal()
    phases = Phases("map", stream=term, delay=0, ticker=False)
    with phases("writing out/m\x1b[2J.html"):
        pass
    name = "map: writing out/m?[2J.html"
    assert term.getvalue() == f"\r\x1b[K{name}  |  0:00\r\x1b[K{name}  in 0:00\n"
    term = FakeTerminal()
    assert list(phases.track(["a", "b"], "control evidence", "articles")) == ["a", "b"]
    with NO_PHASES("fusing"), Phases("map", stream=term, enabled=False)("fusing"):
        pass
    assert term.getvalue() == ""
    pipe = io.StringIO()  # not a terminal: nothing
    with Phases("map", stream=pipe, delay=0)("fusing"):
        pass
    assert pipe.getvalue() == ""


def test_analyse_draws_its_phases_and_gives_the_same_analysis(seed_text: str, gazetteer_index: object) -> None:
    from geo.article import Article
    from geo.pipeline import analyse

    articles = [Article(doc=f"s{i}", text=seed_text, date="2020-01-06") for i in range(3)]
    term = FakeTerminal()
    drawn = analyse(articles, index=gazetteer_index, phases=Phases("map", stream=term, delay=0, ticker=False))
    plain = analyse(articles, index=gazetteer_index)

    def events(a: object) -> list[dict]:
        return [{k: v for k, v in e.items() if k != "timestamp"} for e in a.events]  # type: ignore[attr-defined]

    assert events(drawn) == events(plain) and drawn.control_areas == plain.control_areas
    assert drawn.front_lines == plain.front_lines and drawn.places == plain.places
    lines = [m.group("label") for m in DONE_LINE.finditer(term.getvalue())]
    n_reports = sum(1 for _ in plain.events)
    assert lines[0].startswith("map: fusing ") and "across 3 articles" in lines[0] and n_reports
    assert lines[1:] and lines[-1].startswith("map: control areas and front lines from ")
    assert re.search(r"map: control evidence 100%  (\[#+\]  )?3/3 articles", term.getvalue())


def test_no_eta_from_the_first_item_alone() -> None:
    """The first article pays for the warm-up: an ETA from it alone would be hours for a few seconds' work."""
    term, clock = FakeTerminal(), Clock()
    bar = Progress("export", 2000, enabled=True, stream=term, clock=clock)
    clock.now += 2.5
    bar.advance()
    assert term.getvalue().endswith("1/2000 articles  24.0 articles/min  ETA -:--")
    for _ in range(20):
        clock.now += 0.01
        bar.advance()
    clock.now += 0.2
    bar.advance()
    assert re.search(r"22/2000 articles  [\d.]+ articles/s  ETA \d+:\d\d$", term.getvalue())  # then it tells
    bar.close(finished=False)
    assert render("map", 1, 10, "articles", 2.0, eta=False).endswith("ETA -:--")
    assert render("map", 10, 10, "articles", 2.0, eta=False).endswith("in 0:02")


# --- through a pseudo-terminal --------------------------------------------------------------------

N_ARTICLES = 40
ALL_PHASES = {"CONFLICTMAP_PROGRESS_DELAY": "0"}  # every phase drawn, however short it is here


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, seed_text: str) -> Path:
    path = tmp_path_factory.mktemp("phases") / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(N_ARTICLES):
            fh.write(json.dumps({"id": f"seed-{i}", "date": "2020-01-06", "text": f"{seed_text}\n\nالنسخة رقم {i}."},
                                ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def env(gazetteer_index: object) -> dict[str, str]:
    import os

    cache = os.environ.get("CONFLICTMAP_CACHE_DIR")
    return {**ALL_PHASES, **({"CONFLICTMAP_CACHE_DIR": cache} if cache else {})}


def _phases(err: str) -> list[str]:
    """The labels of the phases' closing lines, in order."""
    return [m.group("label") for m in DONE_LINE.finditer(err)]


def _is(shown: str, label: str) -> bool:
    """``shown`` is ``label``, or ``label`` with its middle elided to fit the terminal's 80 columns."""
    if shown == label:
        return True
    head, sep, tail = shown.partition("...")
    return bool(sep) and label.startswith(head) and label.endswith(tail) and len(shown) < len(label)


def _assert_clean(err: str) -> None:
    """Every frame is erased or ended; lines are whole: nothing after a frame on its line but a frame."""
    for line in err.split("\n"):
        if "\r\x1b[K" in line:
            assert line.startswith("\r\x1b[K"), repr(line[:120])


def test_map_draws_every_phase_after_reading(corpus: Path, env: dict[str, str], tmp_path: Path) -> None:
    out, gj = tmp_path / "m.html", tmp_path / "m.geojson"
    code, stdout, err = _run(["map", str(corpus), "-o", str(out), "--geojson", str(gj)], tty=True, env=env)
    assert code == 0, err[-800:]
    assert stdout == ""  # nothing on standard output
    reading = [m.groupdict() for m in FRAME.finditer(err) if m.group("label") == "map"]
    assert reading and reading[-1]["done"] == str(N_ARTICLES)
    phases = _phases(err)
    assert phases[0].startswith("map: fusing ") and f"across {N_ARTICLES} articles" in phases[0], phases
    assert phases[1:] == [p for p in phases[1:] if p.startswith("map: ")]
    assert any(p.startswith("map: control areas and front lines from ") for p in phases), phases
    assert _is(phases[-2], f"map: writing {out}") and _is(phases[-1], f"map: writing {gj}"), phases
    assert re.search(rf"map: control evidence 100%  (\[#+\]  )?{N_ARTICLES}/{N_ARTICLES} articles", err)
    # the phases come after the reading bar's last frame, and the summary line after them all
    assert err.index("map 100%") < err.index("map: fusing")
    assert err.rstrip("\n").rsplit("\n", 1)[-1].startswith(f"{out}: ")
    _assert_clean(err)


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".csv", ".parquet"])
def test_export_draws_the_writing_of_each_format(suffix: str, corpus: Path, env: dict[str, str],
                                                 tmp_path: Path) -> None:
    out = tmp_path / f"e{suffix}"
    code, stdout, err = _run(["export", str(corpus), "-o", str(out)], tty=True, env=env)
    assert code == 0 and out.exists(), err[-800:]
    assert stdout == ""
    phases = _phases(err)
    assert phases[0].startswith("export: fusing ") and _is(phases[-1], f"export: writing {out}"), phases
    assert err.rstrip("\n").rsplit("\n", 1)[-1].startswith(f"conflictmap: wrote {out}")
    _assert_clean(err)


@pytest.mark.parametrize("how", ["pipe", "quiet", "dumb"])
def test_no_phase_is_drawn_in_a_pipe_with_quiet_or_on_a_dumb_terminal(how: str, corpus: Path, env: dict[str, str],
                                                                      tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    args = ["map", str(corpus), "-o", str(out)]
    if how == "pipe":
        code, stdout, err = _run(args, tty=False, env=env)
        assert err == f"{err.splitlines()[-1]}\n" and err.startswith(f"{out}: ")  # the summary line alone
    elif how == "quiet":
        code, stdout, err = _run([*args, "-q"], tty=True, env=env)
        assert err == ""
    else:
        code, stdout, err = _run(args, tty=True, env={**env, "TERM": "dumb"})
        assert err.startswith(f"{out}: ") and err.count("\n") == 1
    assert code == 0 and stdout == "" and "\x1b" not in err and "\r" not in err


def _store_rows(spec: str) -> int:
    """The rows a full load of the store reads: its events, their evidence, the mentions."""
    from maps.store import open_store

    with open_store(spec, create=False, readonly=True) as store:
        return sum(int(next(iter(store.execute(f"SELECT count(*) FROM {t}")))[0])  # type: ignore[attr-defined]
                   for t in ("events", "evidence", "mentions"))


def test_map_and_export_from_a_store_draw_the_loading(new_store, corpus: Path, env: dict[str, str],
                                                      tmp_path: Path) -> None:
    """Against a real GeoPackage and a real PostGIS database (tests/pg_cluster.py)."""
    from maps.store import store_name

    spec = new_store()
    code, _, err = _run(["ingest", str(corpus), "--store", spec], tty=False, env=env)
    assert code == 0, err[-500:]
    rows = _store_rows(spec)
    assert rows > N_ARTICLES
    name = store_name(spec)
    out = tmp_path / "store.html"
    code, stdout, err = _run(["map", "--store", spec, "-o", str(out)], tty=True, env=env)
    assert code == 0 and stdout == "", err[-800:]
    loading = [m.groupdict() for m in DONE_LINE.finditer(err) if _is(m.group("label"), f"map: loading {name}")]
    assert [(d["done"], d["unit"]) for d in loading] == [(str(rows), "records")], err[-800:]
    phases = _phases(err)
    assert _is(phases[0], f"map: loading {name}"), phases
    assert phases[1].startswith("map: control areas and front lines from ") and phases[1].endswith(" events")
    assert _is(phases[-1], f"map: writing {out}")
    spins = [m.groupdict() for m in SPIN_FRAME.finditer(err) if _is(m.group("label"), f"map: loading {name}")]
    assert spins and all(s["unit"] in (None, "records") for s in spins)
    _assert_clean(err)

    gpkg = tmp_path / "store.gpkg"
    code, stdout, err = _run(["export", "--store", spec, "-o", str(gpkg)], tty=True, env=env)
    assert code == 0 and stdout == "", err[-800:]
    assert _is(_phases(err)[0], f"export: loading {name}") and _is(_phases(err)[-1], f"export: writing {gpkg}")

    code, _, quiet = _run(["map", "--store", spec, "-o", str(out), "-q"], tty=True, env=env)
    assert code == 0 and quiet == ""
    code, _, piped = _run(["map", "--store", spec, "-o", str(out)], tty=False, env=env)
    assert code == 0 and "\r" not in piped and "\x1b" not in piped


def test_map_of_inputs_over_a_store_draws_the_copy_and_the_loading(corpus: Path, env: dict[str, str],
                                                                   tmp_path: Path, seed_path: Path) -> None:
    store = tmp_path / "s.gpkg"
    code, _, err = _run(["ingest", str(corpus), "--store", str(store)], tty=False, env=env)
    assert code == 0, err[-500:]
    out = tmp_path / "over.html"
    code, _, err = _run(["map", "--store", str(store), str(seed_path), "--date", "2020-01-06", "-o", str(out)],
                        tty=True, env=env)
    assert code == 0, err[-800:]
    phases = _phases(err)
    assert _is(phases[0], f"map: copying {store}") and _is(phases[1], f"map: loading {store} with the inputs"), phases
    assert _is(phases[-1], f"map: writing {out}")
    _assert_clean(err)


def test_export_with_workers_draws_its_phases_over_a_utf16_corpus(corpus: Path, env: dict[str, str],
                                                                    tmp_path: Path) -> None:
    """The --workers path has the same phases after its partitions, here over the corpus in UTF-16."""
    import importlib.util
    import os

    if not all(importlib.util.find_spec(m) for m in ("distributed", "dask_geopandas")):
        if os.environ.get("CONFLICTMAP_REQUIRE_SHARED") == "1":
            pytest.fail("Dask is required (the test extra)")
        pytest.skip("Dask is not installed (pip install conflictmap[dask])")
    utf16 = tmp_path / "c16.jsonl"
    utf16.write_bytes(b"\xff\xfe" + corpus.read_text(encoding="utf-8").encode("utf-16-le"))
    out = tmp_path / "w.geojson"
    code, stdout, err = _run(["export", str(utf16), "-o", str(out), "--workers", "1"], tty=True, env=env)
    assert code == 0 and stdout == "", err[-800:]
    assert [m.group("label") for m in FRAME.finditer(err)] and all(
        m.group("unit") == "partitions" for m in FRAME.finditer(err))
    phases = _phases(err)
    assert phases[:2] == [f"export: fusing reports across {N_ARTICLES} articles",
                          "export: gathering places and control evidence"], phases
    assert phases[2].startswith("export: control areas and front lines from ")
    assert _is(phases[-1], f"export: writing {out}")
    kinds = [f["properties"]["kind"] for f in json.loads(out.read_text())["features"]]
    assert "event" in kinds
    _assert_clean(err)
