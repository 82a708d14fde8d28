"""A real ``conflictmap serve`` on a free local port, over a real store, for the API and browser tests."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "libya-front-2020-01.ar.txt"
# An article built to attack the page: markup, script, event handlers and a javascript: URL, around a
# sentence that reports a real event (so it reaches the queue).
HOSTILE_TEXT = (
    "<img src=x onerror=\"document.title='pwned'\"> <script>document.title='pwned'</script>\n"
    "اشتباكات عنيفة في محور عين زارة جنوب طرابلس <b onmouseover=\"document.title='pwned'\">بين القوات</b> "
    "وقوات حفتر يوم الثلاثاء. </textarea><svg/onload=document.title='pwned'>\n"
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def env(cache_dir: Path) -> dict[str, str]:
    e = dict(os.environ)
    e["CONFLICTMAP_CACHE_DIR"] = str(cache_dir)
    e["PYTHONPATH"] = str(ROOT) + os.pathsep + e.get("PYTHONPATH", "")
    e.pop("CONFLICTMAP_TOKEN", None)
    return e


def cli(args: Sequence[str], cache_dir: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo.cli.main", *args], cwd=ROOT, env=env(cache_dir),
                          capture_output=True, text=True, timeout=300, check=check)


def write_jsonl(path: Path, articles: Sequence[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    return path


def seed_corpus(path: Path, *, hostile: bool = False) -> Path:
    arts = [{"id": "seed", "date": "2020-01-15", "url": "https://example.org/libya/seed", "title": "وفد بريطاني",
             "text": SEED.read_text(encoding="utf-8-sig")}]
    if hostile:
        arts.append({"id": "hostile", "date": "2020-01-21", "url": "javascript:alert(1)",
                     "title": "<img src=x onerror=alert(1)>", "text": HOSTILE_TEXT})
    return write_jsonl(path, arts)


def make_store(path: Path, cache_dir: Path, *, hostile: bool = False) -> Path:
    corpus = seed_corpus(path.with_suffix(".jsonl"), hostile=hostile)
    cli(["ingest", str(corpus), "--store", str(path)], cache_dir)
    return path


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    url: str
    port: int
    store: Path
    token: str | None = None

    def client(self, **kw: object) -> httpx.Client:
        headers = {"X-Conflictmap-Token": self.token} if self.token else {}
        headers.update(kw.pop("headers", {}) or {})  # type: ignore[arg-type]
        return httpx.Client(base_url=self.url, headers=headers, timeout=60, **kw)  # type: ignore[arg-type]

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def start(store: Path, cache_dir: Path, *, token: str | None = None, reviewer: str = "tester",
          extra: Sequence[str] = ()) -> Server:
    port = free_port()
    args = [sys.executable, "-m", "geo.cli.main", "serve", "--store", str(store), "--port", str(port),
            "--reviewer", reviewer, *extra]
    if token:
        args += ["--token", token]
    proc = subprocess.Popen(args, cwd=ROOT, env=env(cache_dir), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    headers = {"X-Conflictmap-Token": token} if token else {}
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"serve exited {proc.returncode}: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if httpx.get(url + "/api/version", headers=headers, timeout=2).status_code == 200:
                return Server(proc, url, port, store, token)
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("serve did not answer in 90 s")


@contextlib.contextmanager
def running(store: Path, cache_dir: Path, **kw: object) -> Iterator[Server]:
    srv = start(store, cache_dir, **kw)  # type: ignore[arg-type]
    try:
        yield srv
    finally:
        srv.stop()


def copy_store(src: Path, dst: Path) -> Path:
    shutil.copyfile(src, dst)
    return dst


# -- fixtures (a pytest plugin: tests/conftest.py lists this module) -------------------------------------

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def review_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The gazetteer cache the served workspace and its ingests use (never the user's)."""
    return tmp_path_factory.mktemp("review-cache")


@pytest.fixture(scope="session")
def seed_store_template(tmp_path_factory: pytest.TempPathFactory, review_cache: Path) -> Path:
    """The seed article and a hostile article ingested once; tests work on copies."""
    return make_store(tmp_path_factory.mktemp("review-template") / "seed.gpkg", review_cache, hostile=True)


@pytest.fixture
def seed_store(tmp_path: Path, seed_store_template: Path) -> Path:
    return copy_store(seed_store_template, tmp_path / "store.gpkg")


@pytest.fixture
def server(seed_store: Path, review_cache: Path) -> Iterator[Server]:
    with running(seed_store, review_cache) as srv:
        yield srv
