"""Partitions of a corpus: whole files, or byte-range blocks of one large ``.jsonl`` cut at line ends.

A partition reads back exactly the Articles that ``geo.inputs.read_articles`` yields for its part of the
input, with the same ``doc`` ids (a ``.jsonl`` line without ``id`` is ``FILE:LINE``), so that results do not
depend on how the corpus was split. Each article carries its place in the corpus, ``(file, line)``, which
orders everything downstream the way the single-process reader would. Planning reads a ``.jsonl`` once,
without holding it, to find the line ends near each block boundary and the line number where each block
starts; it never parses JSON.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from geo.article import Article
from geo.inputs import (
    InputError,
    SkippedLine,
    _jsonl_article,
    check_date,
    classify,
    corpus_fields,
    input_path,
    read_text_article,
)
from geo.records import FieldMap

DEFAULT_BLOCK_BYTES = 4 * 1024 * 1024
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Partition:
    """One unit of work. ``kind`` is ``jsonl`` (bytes ``[start, end)`` of ``path``, whose first line is
    line ``first_line`` of the file), ``text`` (one plain-text article file) or ``inline`` (an article
    already read, e.g. standard input, in ``article``)."""

    name: str
    kind: str
    path: str
    file_index: int
    start: int = 0
    end: int = 0
    first_line: int = 1
    article: Article | None = None
    fields: FieldMap | None = None  # a jsonl corpus' field map (``content``/``date_extracted`` ...), per file


@dataclass(frozen=True, slots=True)
class Placed:
    """An article with its position in the corpus (input file index, line; 0 for plain files)."""

    file_index: int
    line: int
    article: Article


def _block_bounds(path: Path, block_bytes: int) -> list[tuple[int, int, int]]:
    """(start, end, first line) of each block: block ends are moved to just after the next newline, and
    line numbers come from counting newlines as the file streams past once."""
    size = path.stat().st_size
    if size == 0:
        return []
    cuts = [0]
    with path.open("rb") as fh:
        target = block_bytes
        while target < size:
            fh.seek(target - 1)
            fh.readline()  # to the end of the line that holds byte target-1
            pos = fh.tell()
            if pos >= size:
                break
            if pos > cuts[-1]:
                cuts.append(pos)
            target = max(pos, target) + block_bytes
        cuts.append(size)
        bounds = []
        line = 1
        fh.seek(0)
        pos = 0
        for start, end in itertools.pairwise(cuts):
            bounds.append((start, end, line))
            while pos < end:
                chunk = fh.read(min(_CHUNK, end - pos))
                if not chunk:
                    break
                line += chunk.count(b"\n")
                pos += len(chunk)
    return bounds


def plan_partitions(
    paths: Sequence[str],
    *,
    block_bytes: int = DEFAULT_BLOCK_BYTES,
    date: str | None = None,
    errors: str = "strict",
    text_field: str | None = None,
    date_field: str | None = None,
) -> list[Partition]:
    """Partitions of the inputs in input order (``text_field``/``date_field``: as ``read_articles``).
    Plain text files are one partition each; standard input
    (``-``) is read here, once. Missing files and directories raise ``InputError`` before any work."""
    if block_bytes < 1:
        raise ValueError("block_bytes must be positive")
    date = check_date(date, "--date")
    parts: list[Partition] = []
    for i, name in enumerate(paths):
        if name == "-":
            import sys

            art = read_text_article("-", sys.stdin.buffer.read(), date, errors)
            parts.append(Partition(name="-", kind="inline", path="-", file_index=i, article=art))
            continue
        path = input_path(name)
        kind = classify(name)
        if kind not in ("text", "jsonl"):
            raise InputError(f"{name}: a {kind} input is read without a cluster; convert it to .jsonl or run "
                             "without --workers/--scheduler")
        if kind == "text":
            parts.append(Partition(name=name, kind="text", path=name, file_index=i))
            continue
        fields = corpus_fields(name, errors, text_field, date_field)
        try:
            bounds = _block_bounds(path, block_bytes)
        except PermissionError:
            raise InputError(f"{name}: permission denied") from None
        for start, end, first in bounds:
            label = name if len(bounds) == 1 else f"{name}@{first}"
            parts.append(Partition(name=label, kind="jsonl", path=name, file_index=i, start=start, end=end,
                                   first_line=first, fields=fields))
    return parts


def _block_lines(path: str, start: int, end: int) -> Iterator[bytes]:
    with open(path, "rb") as fh:
        fh.seek(start)
        pos = start
        while pos < end:
            raw = fh.readline()
            if not raw:
                return
            pos += len(raw)
            yield raw


def read_partition(
    part: Partition,
    date: str | None = None,
    errors: str = "strict",
    skipped: list[SkippedLine] | None = None,
) -> Iterator[Placed]:
    """The partition's articles, as ``read_articles`` would yield them, each with its corpus position."""
    date = check_date(date, "--date")
    if part.kind == "inline":
        assert part.article is not None
        yield Placed(part.file_index, 0, part.article)
        return
    if part.kind == "text":
        try:
            data = Path(part.path).read_bytes()
        except FileNotFoundError:
            raise InputError(f"{part.path}: no such file") from None
        except PermissionError:
            raise InputError(f"{part.path}: permission denied") from None
        yield Placed(part.file_index, 0, read_text_article(part.path, data, date, errors))
        return
    # The single-process reader's own line parser, given each line's number in the whole file.
    for lineno, raw in enumerate(_block_lines(part.path, part.start, part.end), start=part.first_line):
        where = f"{part.path}:{lineno}"
        try:
            article = _jsonl_article(raw, lineno, where, date, errors, part.fields)
        except InputError as exc:
            if skipped is None:
                raise
            skipped.append(SkippedLine(part.path, lineno, str(exc)))
            continue
        if article is not None:
            yield Placed(part.file_index, lineno, article)
