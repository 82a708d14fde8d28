"""Partitions of a corpus: whole files, or byte-range blocks of one large ``.jsonl`` cut at line ends.

A partition reads back exactly the Articles that ``geo.inputs.read_articles`` yields for its part of the
input, with the same ``doc`` ids (a ``.jsonl`` line without ``id`` is ``FILE:LINE``), so that results do not
depend on how the corpus was split. Each article carries its place in the corpus, ``(file, line)``, which
orders everything downstream the way the single-process reader would. Planning reads a ``.jsonl`` once,
without holding it, to find the line ends near each block boundary and the line number where each block
starts; it never parses JSON. A UTF-16 corpus (with or without a byte-order mark) is cut the same way at
its newline code units (two bytes on an even offset: no other code unit holds them), and each block is
decoded by the single-process reader's own UTF-16 line reader.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.article import Article
from geo.inputs import (
    InputError,
    SkippedLine,
    _jsonl_article,
    check_date,
    classify,
    corpus_encoding,
    corpus_fields,
    input_path,
    read_text_article,
    utf8_lines,
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
    encoding: str | None = None  # a UTF-16 corpus' codec (``utf-16-le``/``utf-16-be``); None for UTF-8


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


def _utf16_codec(head: bytes) -> tuple[str | None, int]:
    """(codec of the byte ranges, bytes of byte-order mark) of a corpus, as ``read_articles`` reads it:
    (None, 0) for UTF-8."""
    encoding = corpus_encoding(head)
    if encoding == "utf-8-sig":
        return None, 0
    if encoding == "utf-16":  # a byte-order mark says which
        return ("utf-16-le" if head.startswith(b"\xff\xfe") else "utf-16-be"), 2
    return encoding, 0


def _utf16_line_ends(path: Path, codec: str) -> Iterator[int]:
    """The offset just after each newline code unit of a UTF-16 file."""
    unit = b"\n\x00" if codec == "utf-16-le" else b"\x00\n"
    with path.open("rb") as fh:
        pos = 0
        while chunk := fh.read(_CHUNK):  # (an even size: a code unit never straddles two chunks)
            i = chunk.find(unit)
            while i >= 0:
                if i % 2:  # the second byte of one code unit and the first of the next
                    i = chunk.find(unit, i + 1)
                    continue
                yield pos + i + 2
                i = chunk.find(unit, i + 2)
            pos += len(chunk)


def _utf16_block_bounds(path: Path, block_bytes: int, codec: str, first: int) -> list[tuple[int, int, int]]:
    """``_block_bounds`` for a UTF-16 file whose text starts at byte ``first`` (after its mark)."""
    size = path.stat().st_size
    if size <= first:
        return []
    bounds = []
    start, start_line, line, target = first, 1, 1, first + block_bytes
    for end in _utf16_line_ends(path, codec):
        line += 1
        if end >= target and end < size:
            bounds.append((start, end, start_line))
            start, start_line, target = end, line, end + block_bytes
    bounds.append((start, size, start_line))
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
        try:
            fields = corpus_fields(name, errors, text_field, date_field)
            with path.open("rb") as fh:
                codec, mark = _utf16_codec(fh.read(4096))
            if codec is None:
                bounds = _block_bounds(path, block_bytes)
            else:
                bounds = _utf16_block_bounds(path, block_bytes, codec, mark)
        except PermissionError:
            raise InputError(f"{name}: permission denied") from None
        for start, end, first in bounds:
            label = name if len(bounds) == 1 else f"{name}@{first}"
            parts.append(Partition(name=label, kind="jsonl", path=name, file_index=i, start=start, end=end,
                                   first_line=first, fields=fields, encoding=codec))
    return parts


class _Range:
    """Bytes ``[start, end)`` of an open file, read as a file (what the UTF-16 line reader takes)."""

    def __init__(self, fh: Any, start: int, end: int) -> None:
        fh.seek(start)
        self._fh, self._left = fh, end - start

    def read(self, n: int = -1) -> bytes:
        n = self._left if n < 0 else min(n, self._left)
        data = self._fh.read(n) if n > 0 else b""
        self._left -= len(data)
        return data


def _block_lines(path: str, start: int, end: int, encoding: str | None = None,
                 errors: str = "strict") -> Iterator[bytes]:
    if encoding is not None:  # UTF-16: the lines as UTF-8, as the single-process reader gives them
        with open(path, "rb") as fh:
            yield from utf8_lines(path, _Range(fh, start, end), encoding, errors, start=start)  # type: ignore[arg-type]
        return
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
    lines = _block_lines(part.path, part.start, part.end, part.encoding, errors)
    for lineno, raw in enumerate(lines, start=part.first_line):
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
