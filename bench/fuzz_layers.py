"""Fuzzing every layer past the text stages: the input readers, the CLI's exit-code contract, the writers,
the map renderer, the store; inputs of growing size (time and memory per byte); concurrent ingests.

Run through ``bench/fuzz.py --layer cli|growth|concurrency|all`` (see there). What each layer checks:

cli
    Mutated articles (the same mutations as the text fuzzer) in mutated containers: a plain file with a
    mutated ``.meta.json`` (valid, corrupt, deeply nested, lone surrogates, wrong types), or a ``.jsonl``
    corpus whose fields (id, date, title, source, url, text, unknown keys) are mutated, with template and
    markup syntax planted in every field. Each input goes through ``map`` (online or ``--offline``, with
    ``--geojson`` sometimes), ``export`` (GeoJSON, GeoPackage, CSV, GeoParquet) or ``ingest`` then
    ``map --store``, in this process (click's runner). The contract: exit 0, 1 or 2, never a traceback;
    exit 2 is one line ``conflictmap: error: ...``; a failed command leaves no output and no temporary
    file; a written output parses (HTML payload, JSON, GeoPackage layers, CSV, Parquet); nothing planted
    is evaluated (a marker ``<<k:{{7*7}}>>`` never reads ``<<k:49>>`` anywhere in any output).
growth
    One article made of a real paragraph repeated to 1, 4, 16, 64 ... KB, through ``map``, ``export`` and
    ``ingest`` in a fresh process each (so peak RSS is that run's), with wall time and peak RSS per input
    byte. A run whose time or memory per byte grows more than 2x from one size to the next 4x larger one
    is flagged super-linear.
concurrency
    Two ``ingest`` processes started together into a store that does not exist yet, then into one that
    does, compared with the same ingests run one after the other (events and articles tables).
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

SSTI = ["{{7*7}}", "{{lipsum|string|first}}", "{% raw %}", "{% endraw %}", "{#", "#}", "}}{{", "{{citation needed}}",
        "{%- if 1 %}", "{{lipsum.__globals__.os.popen(dict(id=1)|first).read()}}", "${7*7}", "<%= 7*7 %>"]
MARKUP = ["</script><script>__pwned=1</script>", "<img src=x onerror=__pwned=2>", "\"><svg onload=__pwned=3>",
          "<!--", "]]>", "javascript:alert(1)", "&lt;b&gt;", "\u2028", "\u202e", "=cmd|' /C calc'!A0"]
URLS = ["http://[", "https://example.org/a?b={{7*7}}&c=</script>", "javascript:alert(1)", "ftp://x/y",
        "https://libyaobserver.ly/news/x", "", "http://" + "a" * 3000, "//evil.example/x", "https://[::1]:99999/"]
GOOD_DATES = ["2020-01-06", "2020-01", "2015-08-14", "2011-03-19", "2019-04-04"]
DATES = ["2020-01-06", "2020-01", "2015-08", "2019-04-04", "2020-13-45", "20200106", "yesterday", "", "0000-00-00",
         "2020-02-30", "٢٠٢٠-٠١-٠٦", "2020-01-06T10:00:00Z"]
MARK_RE = re.compile(r"<<(\w+):49>>")


def planted(rng: random.Random, key: str) -> str:
    """A field value with a marker that reads ``<<key:49>>`` only if something evaluated it."""
    parts = [f"<<{key}:{{{{7*7}}}}>>"] + rng.sample(SSTI, rng.randint(1, 4)) + rng.sample(MARKUP, rng.randint(0, 3))
    rng.shuffle(parts)
    return " ".join(parts)


def _odd_value(rng: random.Random, key: str) -> Any:
    return rng.choice([None, 7, 3.5, True, [planted(rng, key)], {"x": planted(rng, key)}, "", " ",
                       planted(rng, key) * rng.randint(1, 50), "\ud800", "x" * rng.randint(1, 200_000)])


def mutated_field(rng: random.Random, key: str, normal: Any) -> Any:
    if key == "date":  # a planted date is only ever a bad date (exit 2): mostly keep dates sound
        return normal if rng.random() < 0.95 else _odd_value(rng, key)
    r = rng.random()
    if r < 0.45:
        return normal
    if r < 0.92:
        return planted(rng, key) if not isinstance(normal, str) or not normal else f"{normal} {planted(rng, key)}"
    return _odd_value(rng, key)


def mutated_text(rng: random.Random, articles: list[str], mutate: Any) -> str:
    art = rng.choice(articles)
    size = rng.choice([80, 300, 1200, 4000])
    start = rng.randrange(max(1, len(art) - size))
    text = art[start:start + size]
    for _ in range(rng.randint(0, 3)):
        text = mutate(rng, text, rng.choice(articles))
    if rng.random() < 0.7:  # plant template syntax inside a sentence
        i = rng.randrange(len(text) + 1)
        text = text[:i] + " " + planted(rng, "body") + " " + text[i:]
    return text


def _date(rng: random.Random) -> str:
    return rng.choice(GOOD_DATES) if rng.random() < 0.8 else rng.choice(DATES)


def _meta(rng: random.Random) -> bytes:
    meta = {k: mutated_field(rng, k, v) for k, v in (
        ("id", f"art-{rng.randrange(1000)}"), ("date", _date(rng)), ("title", "تقرير"),
        ("source", "ليبيا أوبزرفر"), ("url", rng.choice(URLS)))}
    if rng.random() < 0.2:
        meta[planted(rng, "key")] = planted(rng, "value")
    r = rng.random()
    if r < 0.85:
        text = json.dumps(meta, ensure_ascii=rng.random() < 0.5)
    elif r < 0.9:
        text = "[" * rng.choice([10, 1000, 100_000]) + "]" * rng.choice([0, 10, 100_000])
    elif r < 0.95:
        text = json.dumps(meta)[: rng.randrange(1, 40)]
    else:
        text = json.dumps(rng.choice([[1, 2], "string", 5, None]))
    data = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.1:
        data = b"\xef\xbb\xbf" + data
    if rng.random() < 0.05:
        data = data.replace(b"\"", b"\xff", 1)
    return data


def _corpus(rng: random.Random, articles: list[str], mutate: Any) -> bytes:
    lines = []
    for i in range(rng.randint(1, 4)):
        row: dict[str, Any] = {}
        for key, normal in (("id", f"doc-{i}"), ("date", _date(rng)), ("title", "عنوان"), ("source", "وكالة"),
                            ("url", rng.choice(URLS))):
            if rng.random() < 0.8:
                row[key] = mutated_field(rng, key, normal)
        row["text"] = mutated_text(rng, articles, mutate) if rng.random() < 0.95 else _odd_value(rng, "text")
        line = json.dumps(row, ensure_ascii=rng.random() < 0.3)
        if rng.random() < 0.05:
            line = line[: rng.randrange(1, len(line))]
        lines.append(line)
    sep = "\r\n" if rng.random() < 0.1 else "\n"
    return sep.join(lines).encode("utf-8", "surrogatepass") + b"\n"


def make_case(rng: random.Random, d: Path, articles: list[str], mutate: Any) -> list[str]:
    """Writes the inputs of one case into ``d``; returns the input paths."""
    if rng.random() < 0.5:
        p = d / "article.txt"
        text = mutated_text(rng, articles, mutate)
        p.write_bytes(text.encode("utf-8", "surrogatepass"))
        if rng.random() < 0.8:
            (d / "article.meta.json").write_bytes(_meta(rng))
        return [str(p)]
    p = d / "corpus.jsonl"
    p.write_bytes(_corpus(rng, articles, mutate))
    return [str(p)]


def _commands(rng: random.Random, d: Path, inputs: list[str]) -> list[tuple[list[str], list[Path]]]:
    """One or two command lines and the outputs each must leave (on success) or not (on failure)."""
    r = rng.random()
    if r < 0.4:
        out = d / "out" / "m.html"
        args = ["map", *inputs, "-o", str(out)]
        outs = [out]
        if rng.random() < 0.3:
            args.append("--offline")
        if rng.random() < 0.3:
            args += ["--geojson", str(d / "out" / "m.geojson")]
            outs.append(d / "out" / "m.geojson")
        if rng.random() < 0.3:
            args += ["--title", planted(rng, "title")]
        return [(args, outs)]
    if r < 0.75:
        out = d / "out" / ("x." + rng.choice(["geojson", "gpkg", "csv", "parquet"]))
        return [(["export", *inputs, "-o", str(out)], [out])]
    store = d / "out" / "s.gpkg"
    out = d / "out" / "store.html"
    return [(["ingest", *inputs, "--store", str(store)], [store]), (["map", "--store", str(store), "-o", str(out)],
                                                                     [out])]


def _signature(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    inner = next((f for f in reversed(frames) if str(ROOT) in f.filename and "bench" not in f.filename), None)
    where = f"{Path(inner.filename).relative_to(ROOT)}:{inner.lineno}" if inner else "?"
    return f"{type(exc).__name__} at {where}"


def _check_output(path: Path) -> str | None:
    """None when ``path`` is a sound output of its kind, else what is wrong."""
    data = path.read_bytes()
    text = data.decode("utf-8", "replace")
    if path.suffix in (".html", ".geojson", ".csv") and MARK_RE.search(text):
        return f"{path.suffix}: template evaluated ({MARK_RE.search(text).group()})"
    if "uid=" in text and path.suffix == ".html":
        return "html: output of `id` in the page"
    try:
        if path.suffix == ".html":
            from maps.elements import read_payload

            payload = read_payload(text)
            blob = json.dumps(payload, ensure_ascii=False)
            import html as htmlmod

            if MARK_RE.search(htmlmod.unescape(blob)):
                return "html payload: template evaluated"
            if re.search(r"<(img|script|svg)\b", text.split('<script type="application/json"')[1]
                         .split("</script>")[0]):
                return "html payload: live markup"
        elif path.suffix == ".geojson":
            if json.loads(text).get("type") != "FeatureCollection":
                return "geojson: not a FeatureCollection"
        elif path.suffix == ".csv":
            list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        elif path.suffix == ".gpkg":
            import pyogrio

            if not len(pyogrio.list_layers(path)):
                return "gpkg: no layers"
        elif path.suffix == ".parquet":
            import pyarrow.parquet as pq

            pq.read_table(path)
    except Exception as exc:  # noqa: BLE001 - any failure to read an output is the finding
        return f"{path.suffix}: unreadable ({type(exc).__name__}: {str(exc)[:80]})"
    return None


def cli_worker(args: tuple[int, int, str | None]) -> dict[str, Any]:
    seed, count, save_dir = args
    from click.testing import CliRunner

    from bench.fuzz import load_articles, mutate
    from geo.cli.main import cli

    articles = load_articles()
    rng = random.Random(seed)
    runner = CliRunner()
    codes: Counter[str] = Counter()
    findings: Counter[str] = Counter()
    examples: dict[str, str] = {}
    exit1: Counter[str] = Counter()
    exit2: Counter[str] = Counter()
    seconds: Counter[str] = Counter()
    for _ in range(count):
        with tempfile.TemporaryDirectory(prefix="cm-fuzz-") as tmp:
            d = Path(tmp)
            (d / "out").mkdir()
            inputs = make_case(rng, d, articles, mutate)
            for argv, outs in _commands(rng, d, inputs):
                t0 = time.perf_counter()
                res = runner.invoke(cli, argv, catch_exceptions=True)
                seconds[argv[0]] += time.perf_counter() - t0
                codes[f"{argv[0]} exit {res.exit_code}"] += 1
                problem = None
                if res.exception is not None and not isinstance(res.exception, SystemExit):
                    problem = f"traceback: {_signature(res.exception)}"
                elif res.exit_code not in (0, 1, 2):
                    problem = f"exit {res.exit_code}"
                elif res.exit_code == 2:
                    lines = [ln for ln in res.stderr.splitlines() if ln.startswith("conflictmap: error:")]
                    if len(lines) != 1 or "Traceback" in res.stderr:
                        problem = "exit 2 without exactly one error line"
                    else:
                        exit2[_reason(lines[0])] += 1
                elif res.exit_code == 1:
                    msg = res.stderr.strip().splitlines()[-1] if res.stderr.strip() else "(no message)"
                    if "internal error" in msg:
                        problem = "internal error: " + re.sub(r"'[^']*'|\"[^\"]*\"|\d+", "…", msg)[20:110]
                    else:
                        exit1[re.sub(r"/tmp/cm-fuzz-\w+", "TMP", msg)[:100]] += 1
                if problem is None and res.exit_code == 0:
                    for out in outs:
                        if out.exists():
                            problem = _check_output(out)
                            if problem:
                                break
                elif problem is None:
                    left = [p.name for p in (d / "out").iterdir() if p.name != "s.gpkg" or argv[0] != "map"]
                    if argv[0] == "ingest":
                        left = [x for x in left if not x.startswith("s.gpkg")]
                    if left:
                        problem = f"{argv[0]} failed but left {left}"
                if problem:
                    key = f"{argv[0]}: {problem}"
                    findings[key] += 1
                    if key not in examples:
                        examples[key] = " ".join(argv[:1]) + " " + " | ".join(
                            f"{Path(p).name}={Path(p).read_bytes()[:160]!r}" for p in inputs)
                        if save_dir:
                            case = Path(save_dir) / f"case-{abs(hash(key)) % 10**8}"
                            shutil.copytree(d, case, dirs_exist_ok=True,
                                            ignore=shutil.ignore_patterns("out"))
                            (case / "command.txt").write_text(" ".join(argv), encoding="utf-8")
                if res.exit_code != 0:
                    break
    return {"tried": count, "codes": dict(codes), "findings": dict(findings), "examples": examples,
            "exit1": dict(exit1), "exit2": dict(exit2), "seconds": dict(seconds)}


def _reason(line: str) -> str:
    """An error line without its file name, quoted values and numbers: what kind of bad input it was."""
    line = line.removeprefix("conflictmap: error: ")
    line = re.sub(r"^/tmp/cm-fuzz-\w+/[^:]*(:\d+)?: ", "", line)
    line = re.split(r"['\"]", line, maxsplit=1)[0] + ("'…'" if re.search(r"['\"]", line) else "")
    return re.sub(r"\d+", "…", line)[:90]


def run_cli(cases: int, jobs: int, seed: int, save: str | None) -> None:
    import multiprocessing as mp

    from gazetteer.cache import load_index

    load_index()
    per = max(1, cases // (jobs * 4)) if cases >= jobs * 4 else 1
    tasks, left, k = [], cases, 0
    while left > 0:
        n = min(per, left)
        tasks.append((seed * 7919 + k, n, save))
        left -= n
        k += 1
    start = time.perf_counter()
    codes: Counter[str] = Counter()
    findings: Counter[str] = Counter()
    exit1: Counter[str] = Counter()
    exit2: Counter[str] = Counter()
    seconds: Counter[str] = Counter()
    examples: dict[str, str] = {}
    tried = 0
    with mp.get_context("fork").Pool(jobs) as pool:
        for res in pool.imap_unordered(cli_worker, tasks):
            tried += res["tried"]
            codes.update(res["codes"])
            findings.update(res["findings"])
            exit1.update(res["exit1"])
            exit2.update(res["exit2"])
            seconds.update(res["seconds"])
            for key, ex in res["examples"].items():
                examples.setdefault(key, ex)
            print(f"\r{tried:>6} cases, {sum(findings.values())} findings", end="", file=sys.stderr, flush=True)
    wall = time.perf_counter() - start
    print(file=sys.stderr)
    print(f"cli cases:           {tried:,} in {wall:,.1f} s with {jobs} process(es)")
    print("exit codes:          " + ", ".join(f"{k}: {v}" for k, v in sorted(codes.items())))
    print("time per command:    " + ", ".join(
        f"{cmd} {seconds[cmd] / max(1, sum(v for k, v in codes.items() if k.startswith(cmd + ' '))):.2f} s"
        for cmd in sorted(seconds)))
    print(f"contract failures:   {sum(findings.values())}")
    for key, n in findings.most_common():
        print(f"  {n:>6}  {key}\n          e.g. {examples[key][:300]}")
    if exit2:
        print("exit 2 (bad input), by reason:")
        for msg, n in exit2.most_common(12):
            print(f"  {n:>6}  {msg}")
    if exit1:
        print("exit 1 (runtime failures, by message):")
        for msg, n in exit1.most_common(10):
            print(f"  {n:>6}  {msg}")


# --- growth -----------------------------------------------------------------------------------------------

PARAGRAPH = ("اندلعت اشتباكات عنيفة بين قوات الوفاق وقوات حفتر في محيط سرت يوم الاثنين، وقصف الطيران المسير مواقع "
             "قرب الوشكة غرب المدينة. وقال مصدر عسكري إن قوات حفتر تحاول السيطرة على بوقرين منذ أيام، بينما "
             "وصلت تعزيزات إلى مصراتة. ")


def _measure(argv: list[str]) -> tuple[float, float, int]:
    """(wall seconds, peak RSS MB, exit code) of one CLI run in a fresh process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "geo.cli.main", *argv], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.stderr:
        proc.stderr.close()
    return wall, usage.ru_maxrss / 1024, proc.returncode


# The red team's input: one "sentence" listing two towns over and over (every mention quotes it whole).
NAME_LIST = "سرت و مصراتة و "


def run_growth(sizes_kb: list[int], commands: list[str], pattern: str = "paragraph") -> None:
    unit = PARAGRAPH if pattern == "paragraph" else NAME_LIST
    print(f"growth: one article of {'a real paragraph' if pattern == 'paragraph' else repr(NAME_LIST)} repeated; "
          "a fresh process per run (start-up included)")
    print(f"{'command':<8} {'KB':>6} {'wall s':>8} {'peak MB':>8} {'exit':>4} {'ms/KB':>8} {'KB RSS/KB':>9}  note")
    base: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="cm-growth-") as tmp:
        d = Path(tmp)
        empty = d / "tiny.txt"
        empty.write_text("اشتباكات في سرت.", encoding="utf-8")
        for cmd in commands:
            base[cmd] = _measure(_growth_argv(cmd, empty, d))[:2]
            print(f"{cmd:<8} {'~0':>6} {base[cmd][0]:>8.2f} {base[cmd][1]:>8.0f}         (start-up baseline)")
            prev: tuple[float, float, float] | None = None
            for kb in sizes_kb:
                art = d / f"a{kb}.txt"
                reps = max(1, kb * 1024 // len(unit.encode("utf-8")))
                art.write_text(unit * reps, encoding="utf-8")
                nbytes = art.stat().st_size
                wall, rss, code = _measure(_growth_argv(cmd, art, d))
                t_per = max(wall - base[cmd][0], 1e-3) / (nbytes / 1024) * 1000
                m_per = max(rss - base[cmd][1], 0.0) * 1024 / (nbytes / 1024)
                note = ""
                if prev is not None:
                    grow_t, grow_m = t_per / max(prev[1], 1e-9), m_per / max(prev[2], 1e-9) if prev[2] > 0.5 else 1.0
                    flags = []
                    if grow_t > 2 and wall - base[cmd][0] > 1.0:
                        flags.append(f"time/byte x{grow_t:.1f}")
                    if grow_m > 2 and rss - base[cmd][1] > 50:
                        flags.append(f"memory/byte x{grow_m:.1f}")
                    note = "SUPER-LINEAR: " + ", ".join(flags) if flags else ""
                print(f"{cmd:<8} {nbytes / 1024:>6.0f} {wall:>8.2f} {rss:>8.0f} {code:>4} {t_per:>8.1f} {m_per:>9.1f}"
                      f"  {note}", flush=True)
                prev = (nbytes, t_per, m_per)
                if wall > 240:
                    print(f"{cmd:<8} stopping: the last run took over 4 minutes")
                    break


def _growth_argv(cmd: str, art: Path, d: Path) -> list[str]:
    if cmd == "map":
        return ["map", str(art), "-o", str(d / "m.html"), "--date", "2020-01-06"]
    if cmd == "export":
        return ["export", str(art), "-o", str(d / "x.geojson"), "--date", "2020-01-06"]
    if cmd == "ingest":
        store = d / "s.gpkg"
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(store) + suffix).unlink(missing_ok=True)
        return ["ingest", str(art), "--store", str(store), "--date", "2020-01-06"]
    return ["events", str(art), "--format", "json", "--date", "2020-01-06"]


# --- concurrency ------------------------------------------------------------------------------------------

def _table(store: Path) -> tuple[list[tuple], int]:
    con = sqlite3.connect(store)
    try:
        cols = [r[1] for r in con.execute("PRAGMA table_info(events)")]
        keep = [c for c in ("event_id_cnty", "event_date", "event_type", "latitude", "longitude", "location")
                if c in cols]
        rows = sorted(con.execute(f"SELECT {', '.join(keep)} FROM events").fetchall())
        arts = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        con.close()
    return rows, arts


def run_concurrency(trials: int) -> None:
    from bench.fuzz import load_articles

    articles = load_articles()
    rng = random.Random(5)
    with tempfile.TemporaryDirectory(prefix="cm-conc-") as tmp:
        d = Path(tmp)
        corpora = []
        for k in range(2):
            path = d / f"c{k}.jsonl"
            rows = [{"id": f"c{k}-{i}", "date": f"2020-01-{i % 28 + 1:02d}", "text": t}
                    for i, t in enumerate(rng.sample(articles, min(10, len(articles))))]
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
            corpora.append(path)
        seq = d / "seq.gpkg"
        for c in corpora:
            subprocess.run([sys.executable, "-m", "geo.cli.main", "ingest", str(c), "--store", str(seq)], cwd=ROOT,
                           capture_output=True, check=True)
        want = _table(seq)
        print(f"concurrency: 2 ingests of {len(rows)} articles each; sequential store: {len(want[0])} events, "
              f"{want[1]} articles")
        for label, existing in (("new store", False), ("existing store", True)):
            failures = differs = 0
            for t in range(trials):
                store = d / f"conc-{label[:3]}-{t}.gpkg"
                if existing:
                    subprocess.run([sys.executable, "-m", "geo.cli.main", "ingest", str(corpora[0]), "--store",
                                    str(store)], cwd=ROOT, capture_output=True, check=True)
                procs = [subprocess.Popen([sys.executable, "-m", "geo.cli.main", "ingest", str(c), "--store",
                                           str(store)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                          text=True) for c in (corpora if not existing else corpora[::-1])]
                errs = []
                for p in procs:
                    _, err = p.communicate(timeout=600)
                    if p.returncode != 0:
                        errs.append(err.strip().splitlines()[-1][:120] if err.strip() else f"exit {p.returncode}")
                if errs:
                    failures += 1
                    print(f"  {label} trial {t}: {'; '.join(errs)}")
                    continue
                if _table(store) != want:
                    differs += 1
                    got = _table(store)
                    print(f"  {label} trial {t}: {len(got[0])} events, {got[1]} articles (sequential: "
                          f"{len(want[0])}, {want[1]})")
            print(f"{label:<15} {trials} trials: {failures} failed, {differs} differ from the sequential run")
