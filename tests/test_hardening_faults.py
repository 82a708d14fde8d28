"""Faults around the pipeline: an output directory that cannot be written or a disk that fills up (one
clear line, nothing partial left), the user cache missing or corrupted (rebuilt, with a warning), and
the online geocoder timing out or answering garbage (warned, never fatal)."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from geo.cli.main import cli

ROOT = Path(__file__).resolve().parents[1]
# منطقة الحيلة (the Hila gate area south of Derna) is a name the built-in gazetteer lacks, so --online asks
# the geocoder for it (الجوش, used before, is in the OSM table now).
ARTICLE = ("اشتبكت قوات حكومة الوفاق مع قوات حفتر جنوب طرابلس، وقصفت طائرة مسيرة مواقع في منطقة الحيلة جنوب درنة"
           " وأخرى قرب سرت.")


@pytest.fixture()
def article(tmp_path: Path, gazetteer_index: object) -> Path:
    path = tmp_path / "in" / "a.txt"
    path.parent.mkdir()
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def one_error_line(res: Result) -> str:
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("conflictmap: error: "), res.stderr
    return lines[0]


# --- output directory not writable, disk full -----------------------------------------------------


def test_output_under_a_regular_file_is_a_clear_error(article: Path, tmp_path: Path) -> None:
    # Works as root too (CI): no permission bit can make a file a directory.
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    for args in (["export", str(article), "-o", str(blocker / "out.geojson")],
                 ["events", str(article), "--format", "json", "-o", str(blocker / "e.json")],
                 ["map", str(article), "-o", str(blocker / "m.html")]):
        res = run(*args)
        assert res.exit_code == 2, (args, res.stderr)
        assert "not-a-dir" in one_error_line(res)
    assert blocker.read_text(encoding="utf-8") == "x"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into read-only directories")
def test_read_only_directory(article: Path, tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        for args in (["export", str(article), "-o", str(ro / "out.gpkg")],
                     ["events", str(article), "-o", str(ro / "e.csv"), "--format", "csv"]):
            res = run(*args)
            assert res.exit_code == 2 and "not writable" in one_error_line(res)
        assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o755)


def _enospc(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_atomic_write_on_a_full_disk_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from maps import atomic

    target = tmp_path / "out.geojson"
    target.write_text("previous", encoding="utf-8")
    monkeypatch.setattr(atomic.os, "fsync", _enospc)
    with pytest.raises(OSError) as err:
        atomic.write_text(target, '{"type": "FeatureCollection", "features": []}')
    assert err.value.errno == errno.ENOSPC
    assert target.read_text(encoding="utf-8") == "previous"  # the old file survives
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.geojson"]  # no temporary file


@pytest.mark.parametrize("suffix", [".geojson", ".csv"])
def test_export_on_a_full_disk(article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    from maps import atomic

    out_dir = tmp_path / "out"
    out_dir.mkdir()
    monkeypatch.setattr(atomic.os, "fsync", _enospc)
    res = run("export", str(article), "-o", str(out_dir / f"x{suffix}"))
    assert res.exit_code == 1 and "No space left on device" in one_error_line(res)
    assert list(out_dir.iterdir()) == []


def test_events_output_on_a_full_disk(article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import geo.cli.common as common

    out_dir = tmp_path / "out"
    out_dir.mkdir()
    monkeypatch.setattr(common.os, "fsync", _enospc)
    res = run("events", str(article), "--format", "json", "-o", str(out_dir / "e.json"))
    assert res.exit_code == 1 and "No space left on device" in one_error_line(res)
    assert list(out_dir.iterdir()) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_standard_output_on_a_full_device(article: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "geo.cli.main", "places", str(article), "--format", "json"],
            stdout=full, stderr=subprocess.PIPE, env=env, cwd=ROOT, timeout=300,
        )
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert err.strip().splitlines() == ["conflictmap: error: cannot write output (No space left on device)"]


# --- the user cache -------------------------------------------------------------------------------


@pytest.fixture()
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from gazetteer.cache import clear_memo

    cache = tmp_path / "cache"
    monkeypatch.setenv("CONFLICTMAP_CACHE_DIR", str(cache))
    clear_memo()
    yield cache
    clear_memo()


def _sirte_found(res: Result) -> None:
    assert res.exit_code == 0, res.stderr
    assert "Sirte" in {r["name"] for r in json.loads(res.stdout)}


def test_cache_missing_is_built(article: Path, fresh_cache: Path) -> None:
    assert not fresh_cache.exists()
    _sirte_found(run("places", str(article), "--format", "json"))
    assert (fresh_cache / "gazetteer-index.pickle").is_file()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_cache_corrupted_is_rebuilt(article: Path, fresh_cache: Path, damage: str) -> None:
    from gazetteer.cache import clear_memo

    _sirte_found(run("places", str(article), "--format", "json"))
    index = fresh_cache / "gazetteer-index.pickle"
    good = index.read_bytes()
    index.write_bytes({"garbage": b"\x80\x04not a pickle at all", "truncated": good[: len(good) // 2],
                       "empty": b""}[damage])
    (fresh_cache / "manifest.json").write_text("{broken", encoding="utf-8")
    clear_memo()
    res = run("places", str(article), "--format", "json")
    _sirte_found(res)
    assert "rebuilding" in res.stderr and "manifest" in res.stderr
    assert index.stat().st_size > len(good) // 2  # written again, whole
    clear_memo()
    res = run("places", str(article), "--format", "json")
    _sirte_found(res)
    assert "rebuilding" not in res.stderr


def test_cache_directory_not_writable_still_works(article: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from gazetteer.cache import clear_memo

    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("CONFLICTMAP_CACHE_DIR", str(blocker / "sub"))
    clear_memo()
    try:
        res = run("places", str(article), "--format", "json")
    finally:
        clear_memo()
    _sirte_found(res)
    assert "cannot write gazetteer index" in res.stderr


# --- the online geocoder --------------------------------------------------------------------------


class _Server(BaseHTTPRequestHandler):
    mode = "garbage"

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        mode = type(self).mode
        if mode == "slow":
            time.sleep(1.0)
        body, code = {
            "garbage": (b"<html>\x00\xff not json", 200),
            "wrong_shape": (b'{"lat": "north"}', 200),
            "bad_numbers": (json.dumps([{"lat": "NaN", "lon": "1e999", "display_name": "x"}]).encode(), 200),
            "out_of_range": (json.dumps([{"lat": "999", "lon": "12", "display_name": "x"}]).encode(), 200),
            "error": (b"oops", 500),
            "slow": (b"[]", 200),
        }[mode]
        try:
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def nominatim(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    import geo.places.online as online

    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Server)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("CONFLICTMAP_NOMINATIM_URL", f"http://127.0.0.1:{srv.server_address[1]}")
    # no rate-limit wait and a short timeout, so that a "slow" server is a timeout within the test
    url, cache_file, _, _, *caps = online.OnlineGeocoder.__init__.__defaults__
    monkeypatch.setattr(online.OnlineGeocoder.__init__, "__defaults__", (url, tmp_path / "geo.json", 0.0, 0.3, *caps))
    yield tmp_path / "geo.json"
    srv.shutdown()


@pytest.mark.parametrize("mode", ["garbage", "wrong_shape", "bad_numbers", "out_of_range", "error", "slow", "refused"])
def test_online_geocoder_failures_are_warnings(article: Path, nominatim: Path, mode: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _Server.mode = "garbage" if mode == "refused" else mode
    if mode == "refused":
        monkeypatch.setenv("CONFLICTMAP_NOMINATIM_URL", "http://127.0.0.1:9")
    res = run("places", str(article), "--format", "json", "--online")
    _sirte_found(res)
    records = json.loads(res.stdout)
    assert not any(r["place_id"] and r["place_id"].startswith("nominatim:") for r in records)
    warnings = [ln for ln in res.stderr.splitlines() if ln.startswith("conflictmap: warning: ")]
    assert warnings and all("الحيلة" in ln or "geocod" in ln for ln in warnings), res.stderr


def test_geocoding_cache_corrupted_is_started_again(article: Path, nominatim: Path) -> None:
    _Server.mode = "error"
    nominatim.write_text("{not json", encoding="utf-8")
    res = run("places", str(article), "--format", "json", "--online")
    _sirte_found(res)
    assert "geocoding cache" in res.stderr and "unreadable" in res.stderr
