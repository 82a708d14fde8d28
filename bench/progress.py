"""What the progress display costs: ``events`` over a corpus with standard error on a pseudo-terminal
(the display drawn) beside the same run with standard error on a pipe (no display, the baseline), and the
cost of one step of ``geo.progress.Progress`` drawn, not drawn and disabled.

    python bench/progress.py [--corpus PATH] [--runs 3]

No network. The corpus defaults to the SaudiNewsNet articles in ../shared/data/arabic-text; the
gazetteer is the user cache's (CONFLICTMAP_CACHE_DIR).
"""

from __future__ import annotations

import argparse
import io
import os
import pty
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.progress import Progress  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "arabic-text" / "saudinewsnet_libya_articles.jsonl"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run_cli(args: list[str], tty: bool) -> tuple[float, int]:
    """Seconds of one run and the bytes it wrote on standard error."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "geo.cli.main", *args]
    started = time.perf_counter()
    if not tty:
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=True)
        return time.perf_counter() - started, len(proc.stderr)
    master, slave = pty.openpty()
    got: list[int] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            got.append(len(data))

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=slave, env=env, check=True)
    seconds = time.perf_counter() - started
    os.close(slave)
    reader.join(timeout=5)
    os.close(master)
    return seconds, sum(got)


def step_cost(n: int, **options: object) -> float:
    """Microseconds per ``advance`` (a frame drawn at most every 0.2 s, as in a run)."""
    bar = Progress("bench", n, stream=Terminal(), delay=0, **options)  # type: ignore[arg-type]
    started = time.perf_counter()
    for _ in range(n):
        bar.advance()
    bar.close()
    return (time.perf_counter() - started) / n * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"{args.corpus}: no such corpus (../shared beside the checkout, or --corpus)")
    cli = ["events", str(args.corpus), "--format", "json"]
    run_cli(cli, tty=False)  # warm the gazetteer cache and the file cache
    pipe, term = [], []
    for _ in range(args.runs):  # interleaved, so that the machine's load weighs on both alike
        pipe.append(run_cli(cli, tty=False))
        term.append(run_cli(cli, tty=True))
    p = statistics.median(s for s, _ in pipe)
    t = statistics.median(s for s, _ in term)
    print(f"events over {args.corpus.name}, median of {args.runs} runs")
    print(f"  stderr a pipe (baseline, no display): {p:6.2f} s, {pipe[0][1]:6d} bytes on stderr")
    print(f"  stderr a terminal (display drawn):    {t:6.2f} s, {term[0][1]:6d} bytes on stderr  ({t - p:+.2f} s)")
    n = 200_000
    print(f"one step of Progress, {n} steps")
    print(f"  disabled (a pipe, -q; baseline): {step_cost(n, enabled=False):6.2f} µs")
    print(f"  enabled, drawn every 0.2 s:      {step_cost(n, enabled=True):6.2f} µs")
    if "spin" in Progress.__init__.__code__.co_varnames:  # (a phase: the rows of a store counted)
        print(f"  a counting spinner, with ticker:  {step_cost(n, enabled=True, spin=True):6.2f} µs")


if __name__ == "__main__":
    main()
