"""Outputs never overwrite inputs, the --control file or the store; they write through symlinks, straight
into devices and FIFOs, leave nothing half-written on a full disk; a terminal never gets raw control
characters from an article."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli.main import cli
from geo.cli.terminal import neutralise

ROOT = Path(__file__).resolve().parents[1]
TEXT = "اندلعت اشتباكات عنيفة في سرت يوم الاثنين بين قوات الوفاق وقوات حفتر ."


def _run(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(cli, list(args))
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise AssertionError(f"{args}: {res.exception!r}")
    return res.exit_code, res.output


def _digest(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


@pytest.fixture
def art(tmp_path: Path) -> Path:
    p = tmp_path / "art.txt"
    p.write_text(TEXT, encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("store")
    art = d / "a.txt"
    art.write_text(TEXT, encoding="utf-8")
    s = d / "s.gpkg"
    code, out = _run("ingest", str(art), "--store", str(s), "--date", "2020-01-06")
    assert code == 0, out
    return s


def _refused(args: list[str], victim: Path) -> str:
    before = _digest(victim)
    code, out = _run(*args)
    assert code == 2, out
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("conflictmap: error: "), out
    assert "overwrite" in lines[0] or "same file" in lines[0]
    assert _digest(victim) == before, f"{victim} was modified"
    return lines[0]


def test_an_output_that_is_an_input_is_refused(art: Path, tmp_path: Path) -> None:
    _refused(["map", str(art), "-o", str(art)], art)
    _refused(["map", str(art), "-o", str(tmp_path / "m.html"), "--geojson", str(art)], art)
    _refused(["events", str(art), "-o", str(art)], art)
    # the same file under another name: ./, a symlink, a hard link
    link, hard = tmp_path / "link.geojson", tmp_path / "hard.geojson"
    link.symlink_to(art)
    os.link(art, hard)
    _refused(["export", str(art), "-o", str(link)], art)
    _refused(["export", str(art), "-o", str(hard)], art)
    os.chdir(tmp_path)
    try:
        _refused(["map", "art.txt", "-o", "./art.txt"], art)
    finally:
        os.chdir(ROOT)


def test_outputs_onto_metadata_control_file_or_each_other_are_refused(art: Path, tmp_path: Path) -> None:
    meta = tmp_path / "art.meta.json"
    meta.write_text(json.dumps({"date": "2020-01-06"}), encoding="utf-8")
    _refused(["map", str(art), "-o", str(meta)], meta)
    ctl = tmp_path / "ctl.csv"
    ctl.write_text("side,date,name\nLNA,2020-01-01,Sirte\n", encoding="utf-8")
    _refused(["map", str(art), "--control", str(ctl), "-o", str(ctl)], ctl)
    _refused(["export", str(art), "--control", str(ctl), "-o", str(ctl)], ctl)
    out = tmp_path / "x.geojson"
    out.write_text("{}", encoding="utf-8")
    line = _refused(["map", str(art), "-o", str(out), "--geojson", str(out)], out)
    assert "same file" in line


def test_an_output_onto_the_store_is_refused(store: Path, art: Path) -> None:
    _refused(["export", "--store", str(store), "-o", str(store)], store)
    _refused(["map", "--store", str(store), "-o", str(store)], store)
    _refused(["map", "--store", str(store), str(art), "-o", str(store)], store)
    _refused(["ingest", str(store), "--store", str(store)], store)
    _refused(["ingest", str(art), "--store", str(art)], art)


def test_the_refusal_comes_before_anything_is_read(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\xfa not utf-8 \x80")
    line = _refused(["map", str(bad), "-o", str(bad)], bad)
    assert "UTF-8" not in line and "would overwrite an input" in line


def test_outputs_write_through_a_symlink(art: Path, tmp_path: Path) -> None:
    target_dir = tmp_path / "real"
    target_dir.mkdir()
    target = target_dir / "map.html"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "map.html"
    link.symlink_to(target)
    code, out = _run("map", str(art), "-o", str(link), "--date", "2020-01-06")
    assert code == 0, out
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in target_dir.iterdir()] == ["map.html"]  # no temporary file left
    # a dangling link: its target is created
    dangling = tmp_path / "events.geojson"
    dangling.symlink_to(target_dir / "new.geojson")
    code, out = _run("export", str(art), "-o", str(dangling), "--date", "2020-01-06")
    assert code == 0, out
    assert dangling.is_symlink() and json.loads((target_dir / "new.geojson").read_text())["type"] == "FeatureCollection"


def _read_fifo(path: Path, into: list[bytes]) -> None:
    with open(path, "rb") as fh:
        into.append(fh.read())


@pytest.mark.parametrize("args", [["map"], ["export"], ["events", "--format", "csv"]])
def test_a_fifo_is_written_into_never_replaced(art: Path, tmp_path: Path, args: list[str]) -> None:
    fifo = tmp_path / ("out.gpkg" if args == ["export"] else "out.pipe")
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=_read_fifo, args=(fifo, got), daemon=True)
    reader.start()
    code, out = _run(args[0], str(art), *args[1:], "-o", str(fifo), "--date", "2020-01-06")
    reader.join(timeout=60)
    assert code == 0, out
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert got and len(got[0]) > 100
    if args == ["export"]:
        assert got[0].startswith(b"SQLite format 3\x00")  # the whole GeoPackage came through the pipe
    assert sorted(tmp_path.iterdir()) == sorted([art, fifo])  # no temporary file left beside it


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_stays_a_device(art: Path, tmp_path: Path) -> None:
    null = tmp_path / "null.geojson"  # export picks the format by the extension
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a private /dev/null
    for args in (["map", "-o", str(null)], ["export", "-o", str(null)], ["map", "-o", str(tmp_path / "m.html"),
                                                                         "--geojson", str(null)],
                 ["events", "--format", "csv", "-o", str(null)]):
        code, out = _run(args[0], str(art), *args[1:], "--date", "2020-01-06")
        assert code == 0, out
        assert stat.S_ISCHR(os.stat(null).st_mode), f"{args}: the device was replaced"


# --- a full disk ----------------------------------------------------------------------------------------

LIMITED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])))
sys.argv = ["conflictmap", *sys.argv[2:]]
from geo.cli.main import main
main()
"""


def _limited(limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI with a file-size limit: a write past it fails with EFBIG, as on a full disk."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", LIMITED, str(limit), *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=300)


@pytest.mark.parametrize("name", ["x.gpkg", "x.geojson", "x.csv", "x.parquet", "m.html"])
def test_a_write_past_the_file_size_limit_is_one_line_and_leaves_nothing(art: Path, tmp_path: Path,
                                                                         name: str) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    cmd = "map" if name.endswith(".html") else "export"
    res = _limited(400, cmd, str(art), "-o", str(out_dir / name), "--date", "2020-01-06")
    assert res.returncode == 1, res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"conflictmap: error: {out_dir / name}: cannot write"), res.stderr
    assert "Traceback" not in res.stderr
    assert list(out_dir.iterdir()) == []


@contextlib.contextmanager
def _tiny_tmpfs(where: Path, size: str = "48k"):
    where.mkdir()
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], check=True,
                       capture_output=True, timeout=30)
    except (subprocess.CalledProcessError, FileNotFoundError, OSError):
        pytest.skip("cannot mount a tmpfs here (needs root and the mount capability)")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False, capture_output=True, timeout=30)


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tiny tmpfs needs root")
def test_a_really_full_disk(art: Path, tmp_path: Path) -> None:
    with _tiny_tmpfs(tmp_path / "full") as full:
        (full / "filler").write_bytes(b"\0" * 40_000)
        for name in ("x.gpkg", "x.geojson", "x.parquet", "m.html"):
            cmd = "map" if name.endswith(".html") else "export"
            res = subprocess.run([sys.executable, "-m", "geo.cli.main", cmd, str(art), "-o", str(full / name),
                                  "--date", "2020-01-06"], capture_output=True, text=True, cwd=ROOT, timeout=300)
            assert res.returncode == 1, res.stderr
            assert len(res.stderr.strip().splitlines()) == 1 and "No space left on device" in res.stderr, res.stderr
            assert sorted(p.name for p in full.iterdir()) == ["filler"]


# --- the terminal ---------------------------------------------------------------------------------------


def test_neutralise_escapes_every_terminal_control() -> None:
    s = "a\x1b[2Jb\x9b31mc\rd\x07e\u202ef\tg\nh"
    out = neutralise(s)
    assert out == "a\\u001b[2Jb\\u009b31mc\\u000dd\\u0007e\\u202ef\tg\nh"
    assert json.loads(f'"{neutralise(chr(0x9b) + "x")}"') == "\x9bx"  # still the same string in JSON


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_a_terminal_never_gets_raw_escape_sequences(tmp_path: Path, fmt: str) -> None:
    import pty

    art = tmp_path / "esc.txt"
    art.write_text("اندلعت اشتباكات عنيفة في سرت \x1b[31mRED\x1b[0m \x9b2J \x1b]0;owned\x07 يوم الاثنين بين قوات "
                   "الوفاق وقوات حفتر\r", encoding="utf-8")
    for command in ("events", "places"):
        master, slave = pty.openpty()
        proc = subprocess.Popen([sys.executable, "-m", "geo.cli.main", command, str(art), "--date", "2020-01-06",
                                 "--format", fmt], stdout=slave, stderr=subprocess.PIPE, cwd=ROOT)
        os.close(slave)
        out = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        os.close(master)
        assert proc.wait(timeout=120) == 0, proc.stderr.read() if proc.stderr else ""
        assert b"\x1b" not in out and "\x9b".encode() not in out and b"\x07" not in out, out[:400]
        if fmt != "table":
            assert b"\\u001b[31mRED" in out  # shown, not dropped
    # redirected to a file, the output stays byte for byte what the article said
    res = subprocess.run([sys.executable, "-m", "geo.cli.main", "events", str(art), "--date", "2020-01-06",
                          "--format", "json"], capture_output=True, cwd=ROOT, timeout=120)
    assert json.loads(res.stdout)[0]["x_quote"].count("\x1b") == 3


def test_a_lone_surrogate_that_reaches_an_output_is_written_as_fffd(tmp_path: Path) -> None:
    from maps.folium_map import write_map
    from maps.geojson import write_geojson
    from maps.tables import write_events_csv
    from tests.browser.records import sample_analysis

    analysis = sample_analysis()
    analysis["events"][0]["x_quote"] += " \ud800 "
    analysis["places"][0]["article_title"] = "title \udfff"
    write_map(tmp_path / "m.html", analysis)
    write_geojson(tmp_path / "x.geojson", analysis)
    write_events_csv(tmp_path / "x.csv", analysis["events"])
    for name in ("m.html", "x.geojson", "x.csv"):
        text = (tmp_path / name).read_bytes().decode("utf-8")  # valid UTF-8
        assert "\ufffd" in text, name
