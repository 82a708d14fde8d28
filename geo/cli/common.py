"""What every command shares: one-line errors with exit code 2, reading inputs (validated first, then
streamed, with a progress bar on a terminal), the gazetteer, and streaming JSON/CSV writers."""

from __future__ import annotations

import contextlib
import csv
import json
import logging
import math
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import IO, Any, NoReturn, TypeVar

import click

from geo.article import Article
from geo.progress import Phases

log = logging.getLogger("conflictmap")

F = TypeVar("F", bound=Callable[..., Any])

# Control characters (and the bidi overrides) would let a file name or a field value quoted in an error
# move the cursor, clear the terminal or reorder the line.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def one_line(message: str) -> str:
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else " ", message)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print one line on stderr and exit: 2 for bad usage or input, 1 for runtime failures."""
    from geo.progress import clear_line

    clear_line()
    click.echo(f"conflictmap: error: {one_line(message)}", err=True)
    sys.exit(code)


# --- summary lines --------------------------------------------------------------------------------

# Nouns of the summary lines whose plural is not the singular plus "s".
_PLURALS = {"entry": "entries", "country": "countries", "reply": "replies", "match": "matches"}


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``1 event``, ``2 events``, ``0 events``, ``1 front line``, ``3 entries``: the one way every summary
    line counts things."""
    if n == 1:
        return f"{n} {noun}"
    if plural is None:
        head, _, last = noun.rpartition(" ")
        many = _PLURALS.get(last) or (last + "es" if last.endswith(("s", "x", "ch", "sh")) else last + "s")
        plural = f"{head} {many}" if head else many
    return f"{n} {plural}"


def summary(message: str) -> None:
    """The line a command ends with, on standard error; ``-q`` silences it (errors still show)."""
    if is_quiet():
        return
    from geo.progress import clear_line

    clear_line()
    click.echo(message, err=True)


# --- shared options -------------------------------------------------------------------------------


def examples(*lines: str) -> str:
    """A command's epilog: its examples, one a line, printed as written (click never re-wraps a paragraph
    that starts with ``\\b``), so that each can be copied whole. Every command's help ends with one, and
    they run as given (tests/test_cli_help.py, tests/test_readme_examples.py)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


def mkdir_option(f: F) -> F:
    return click.option(
        "--mkdir", is_flag=True,
        help="Create the output's folder (with its parents) when it is missing; without it, a missing folder "
        "is an error and nothing is written.",
    )(f)


def errors_option(f: F) -> F:
    return click.option(
        "--errors", type=click.Choice(["strict", "replace"]), default="strict", show_default=True,
        help="Invalid UTF-8 (or a lone surrogate in a .jsonl string): stop with an error naming the file "
        "and byte, or replace it with U+FFFD and go on.",
    )(f)


def skip_bad_option(f: F) -> F:
    return click.option(
        "--skip-bad", is_flag=True,
        help="Skip malformed .jsonl lines (bad JSON, no text, bad date...) instead of stopping; "
        "a warning counts them.",
    )(f)


def min_confidence_option(f: F) -> F:
    """One threshold shared by events, export and map (see geo.events.model.DEFAULT_MIN_CONFIDENCE)."""
    from geo.events.model import DEFAULT_MIN_CONFIDENCE

    return click.option(
        "--min-confidence", "min_confidence", type=click.FloatRange(0.0, 1.0), default=DEFAULT_MIN_CONFIDENCE,
        show_default=True,
        help="Leave out events whose x_confidence is below this. Lowered below the default, the weaker events "
        "are included and carry x_low_confidence: true (a store keeps every event whatever this says).",
    )(f)


def input_options(f: F) -> F:
    """--text-field / --date-field: which fields of a .jsonl/.json/.csv corpus hold the text and the date."""
    f = click.option(
        "--date-field", "date_field", default=None, metavar="NAME",
        help="Corpus field holding the publication date (default: date, else date_extracted, published, "
        "pubDate, publish_date ... when only one of them is there).",
    )(f)
    return click.option(
        "--text-field", "text_field", default=None, metavar="NAME",
        help="Corpus field holding the article text (default: text, else content, body, article, full_text "
        "... when only one of them is there).",
    )(f)


def _field_opts() -> dict[str, str | None]:
    from geo.distributed.options import PipelineOptions  # the one reading of these options (Dask too)

    ctx = click.get_current_context(silent=True)
    return PipelineOptions.from_params(ctx.params if ctx is not None else {}).fields


def split_acled(paths: Sequence[str], skip_bad: bool = False) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    """(article inputs, the events of the ACLED exports among the inputs); a bad input is one line, exit 2."""
    from geo.acled import AcledError, read_acled
    from geo.inputs import InputError, SkipLog, classify

    articles: list[str] = []
    events: list[dict[str, Any]] = []
    skipped = SkipLog() if skip_bad else None
    try:
        for name in paths:
            if name != "-" and classify(name) == "acled":
                n = len(events)
                events.extend(read_acled(name, skipped))
                log.info("%s: %d ACLED events", one_line(name), len(events) - n)
            else:
                articles.append(name)
    except (InputError, AcledError) as exc:
        fail(str(exc))
    warn_skipped(skipped or [])
    return tuple(articles), events


def with_acled(events: list[dict[str, Any]], acled: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Our event records with the ACLED ones after them, duplicates linked both ways (x_acled_id)."""
    if not acled:
        return events
    from geo.acled import link_duplicates

    n = link_duplicates(events, acled)
    if events:
        log.warning("%s found in the text: %d duplicate%s an ACLED event (x_acled_id)", count(len(events), "event"), n,
                    "s" if n == 1 else "")
    return [*events, *acled]


def link_stored(layers: Any) -> Any:
    """The events of a store, ours linked to the ACLED events stored beside them (as for inputs)."""
    from geo.acled import link_duplicates

    events = getattr(layers, "events", None) or []
    acled = [e for e in events if e.get("x_origin") == "acled"]
    if acled:
        for e in acled:
            e.pop("x_duplicates", None)
        link_duplicates([e for e in events if e.get("x_origin") != "acled"], acled)
    return layers


def is_quiet(ctx: click.Context | None = None) -> bool:
    ctx = ctx or click.get_current_context(silent=True)
    if ctx is None:
        return False
    root = ctx.find_root()
    return bool(isinstance(root.obj, dict) and root.obj.get("quiet"))


# --- reading inputs -------------------------------------------------------------------------------


def warn_skipped(skipped: Sequence[Any]) -> None:
    """One warning for every skipped line, counted per file, quoting the first reason."""
    if not skipped:
        return
    by_file: dict[str, int] = dict(getattr(skipped, "by_file", {}))
    if not by_file:
        for s in skipped:
            by_file[s.path] = by_file.get(s.path, 0) + 1
    counts = ", ".join(f"{n} of {one_line(path)}" for path, n in by_file.items())
    log.warning("skipped %s (%s); first: %s", count(len(skipped), "bad line"), counts, one_line(skipped[0].reason))


def read_all(
    paths: Sequence[str], date: str | None, errors: str = "strict", skip_bad: bool = False
) -> list[Article]:
    """Every article of the inputs, or a one-line error and exit 2 before anything is written."""
    from geo.inputs import InputError, SkipLog, read_articles, reset_warnings

    reset_warnings()
    skipped = SkipLog() if skip_bad else None
    try:
        articles = list(read_articles(paths, date, errors=errors, skipped=skipped, **_field_opts()))
    except InputError as exc:
        fail(str(exc))
    warn_skipped(skipped or [])
    return articles


def iter_articles(
    paths: Sequence[str],
    date: str | None,
    errors: str = "strict",
    skip_bad: bool = False,
    *,
    validate: bool = True,
    label: str = "articles",
) -> Iterator[Article]:
    """Stream the articles of the inputs, in memory one at a time.

    With ``validate`` (the default) every input is read once first, at the call, without keeping
    anything: a bad line 90,000 of a corpus stops the command (exit 2) before it prints, creates or
    stores anything, so call this before opening outputs. That pass costs a JSON parse per line, little
    beside recognition. A progress bar over the second pass is drawn on a terminal.
    """
    from geo.inputs import InputError, SkipLog, read_articles, rereadable, reset_warnings

    reset_warnings()
    stdin = sys.stdin.buffer.read() if "-" in paths else None
    # A pipe (``<(zcat a.txt.gz)``) cannot be read twice: a plain article from one is read once and
    # kept; a corpus from one is streamed unvalidated (validation would have to hold all of it).
    preloaded: dict[str, bytes] = {}
    for name in dict.fromkeys(paths):
        if name != "-" and not rereadable(name):
            if name.lower().endswith(".jsonl"):
                validate = False
            else:
                try:
                    with open(name, "rb") as fh:
                        preloaded[name] = fh.read()
                except OSError as exc:
                    fail(f"{name}: cannot read ({exc.strerror or exc})")
    fields = _field_opts()
    total: int | None = None
    if validate:
        skipped = SkipLog() if skip_bad else None
        total = 0
        try:
            for _ in read_articles(paths, date, errors=errors, skipped=skipped, stdin=stdin, preloaded=preloaded,
                                   **fields):
                total += 1
        except InputError as exc:
            fail(str(exc))
        warn_skipped(skipped or [])
    return _stream(paths, date, errors, skip_bad, stdin, preloaded, label, warn=not validate, fields=fields,
                   total=total)


def command_label() -> str:
    """What the progress display is called: the command being run (``events``, ``gazetteer import``)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return "conflictmap"
    names = []
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(reversed(names)) or (ctx.info_name if ctx is not None else None) or "conflictmap"


def command_phases() -> Phases:
    """The display of the command's steps after reading: fusing, control, loading a store, writing each
    output; drawn on a terminal only (not with -q), as the reading bar is."""
    return Phases(command_label())


def _input_bytes(paths: Sequence[str]) -> int:
    total = 0
    for name in paths:
        if name == "-":
            continue
        try:
            total += os.stat(name).st_size
        except OSError:
            continue
    return total


def _stream(
    paths: Sequence[str], date: str | None, errors: str, skip_bad: bool, stdin: bytes | None,
    preloaded: dict[str, bytes], label: str, warn: bool, fields: Mapping[str, str | None] | None = None,
    total: int | None = None,
) -> Iterator[Article]:
    from geo.inputs import InputError, SkipLog, read_articles
    from geo.progress import Progress

    skipped = SkipLog() if skip_bad else None
    # Without the validating pass the number of articles is unknown: the bytes read tell how far it is.
    total_bytes = _input_bytes(paths) + (len(stdin) if stdin else 0) + sum(len(b) for b in preloaded.values())
    progress = Progress(command_label(), total, label, total_bytes=total_bytes)
    started = time.perf_counter()
    try:
        for article in read_articles(
            paths, date, errors=errors, skipped=skipped, stdin=stdin, progress=progress.bytes_read,
            preloaded=preloaded, **(fields or {}),
        ):
            log.debug("article %s: %d characters", one_line(article.doc), len(article.text))
            yield article
            progress.advance()
    except InputError as exc:
        progress.close(finished=False)
        fail(str(exc))
    except BaseException:
        progress.close(finished=False)
        raise
    progress.close()
    if warn:
        warn_skipped(skipped or [])
    seconds = time.perf_counter() - started
    log.info("%s, %.1f MB, in %.1f s", count(progress.done, "article"), progress.done_bytes / 1e6, seconds)


def track_articles(articles: Sequence[Article]) -> Iterator[Article]:
    """The articles of ``read_all``, counted by the progress display as the pipeline takes them."""
    from geo.progress import track

    return track(articles, command_label(), len(articles), "articles")


# --- the gazetteer --------------------------------------------------------------------------------


def load_gazetteer(ctx: click.Context | None = None) -> object:
    """The compiled index: ``--gazetteer PATH`` if given, else the user cache (built when missing)."""
    from gazetteer.cache import load_index
    from gazetteer.errors import GazetteerFileError

    path = None
    if ctx is not None:
        root = ctx.find_root()
        if isinstance(root.obj, dict):
            path = root.obj.get("gazetteer_path")
    try:
        index = load_index(path)
    except GazetteerFileError as exc:
        fail(str(exc))
    log.debug("gazetteer: %d places (%s)", len(getattr(index, "places", ())), path or "user cache")
    return index


# --- streaming writers ----------------------------------------------------------------------------


def stdout_text() -> IO[str]:
    """Standard output as text, looked up at call time (click's test runner swaps it)."""
    return sys.stdout


def write_json_array(items: Iterable[Mapping[str, Any]], out: IO[str] | None = None) -> int:
    """Stream one JSON array: ``[``, the items joined by ``,``, ``]``; never the whole list in memory.

    Returns the number of items. Non-ASCII stays as is (Arabic readable in the output); JSON escapes
    every control character, so no article text can break the document.
    """
    out = stdout_text() if out is None else out
    n = 0
    for item in items:
        out.write("[\n" if n == 0 else ",\n")
        out.write(json_item(item))
        n += 1
    out.write("[]\n" if n == 0 else "\n]\n")
    out.flush()
    return n


def write_feature_collection(features: Iterable[Mapping[str, Any] | None], out: IO[str] | None = None) -> int:
    """Stream an RFC 7946 FeatureCollection, one feature at a time (``None`` features are left out)."""
    out = stdout_text() if out is None else out
    out.write('{"type":"FeatureCollection","features":[')
    n = 0
    for feature in features:
        if feature is None:
            continue
        if n:
            out.write(",\n")
        out.write(json.dumps(feature, ensure_ascii=False, allow_nan=False, separators=(",", ":")))
        n += 1
    out.write("]}\n")
    out.flush()
    return n


def json_item(item: object) -> str:
    """One JSON value; NaN and infinities (not JSON) become null rather than invalid output."""
    try:
        return json.dumps(item, ensure_ascii=False, allow_nan=False)
    except ValueError:
        return json.dumps(_finite(item), ensure_ascii=False, allow_nan=False)


def _finite(value: object) -> object:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def csv_text_cell(value: object) -> object:
    """A CSV cell: text a spreadsheet would run as a formula (= + - @ tab CR first) gets a quote."""
    from maps.tables import neutralise

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, dict)):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        return neutralise(value)
    return value


def write_csv_rows(
    columns: Sequence[str],
    rows: Iterable[Mapping[str, Any]],
    out: IO[str] | None = None,
    cell: Callable[[object], object] = csv_text_cell,
) -> int:
    """Stream a CSV: the header, then one row per record, as it comes."""
    out = stdout_text() if out is None else out
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    n = 0
    for row in rows:
        writer.writerow([cell(row.get(c)) for c in columns])
        n += 1
    out.flush()
    return n


@contextlib.contextmanager
def output_stream(path: str | None) -> Iterator[IO[str]]:
    """Standard output, or a file written atomically: a failure part way leaves no file behind."""
    if not path:
        yield stdout_text()
        return
    from maps.atomic import LONE_SURROGATE, OutputError, atomic_path

    try:
        with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="", errors=LONE_SURROGATE) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())  # a full disk may only say so here; before the rename, not after
    except OutputError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{path}: cannot write ({exc.strerror or exc})", code=1)


def load_control_overrides(path: str | None, index: object) -> list:
    """The analyst control file, names resolved through the gazetteer; a bad file is one line, exit 2."""
    if not path:
        return []
    from geo.control import ControlFileError, load_overrides
    from geo.pipeline import gazetteer_lookup

    try:
        return load_overrides(path, lookup=gazetteer_lookup(index))
    except ControlFileError as exc:
        fail(str(exc))


def check_day(value: str | None, option: str) -> str | None:
    """A --from/--to option: a whole day (YYYY-MM-DD) or nothing; anything else is one line, exit 2."""
    from geo.inputs import InputError, check_date

    try:
        day = check_date(value, option)
    except InputError as exc:
        fail(str(exc))
    if day is not None and len(day) != 10:
        fail(f"{option}: {day!r} is not a day (YYYY-MM-DD)")
    return day
