"""Reading articles: plain text files, standard input, `.jsonl` corpora and `.meta.json` side files.

Every problem with an input becomes an ``InputError`` whose message is one line naming the file and,
where it applies, the line or byte offset; the CLI prints it and exits with code 2.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from geo.article import Article

DATE_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?$")
_FIELDS = ("id", "date", "title", "source", "url", "language")


class InputError(ValueError):
    """Bad input: the message is one line that names the file (and line or byte offset)."""


@dataclass(frozen=True, slots=True)
class SkippedLine:
    path: str
    line: int
    reason: str


def check_date(value: object, where: str) -> str | None:
    """Validate a publication date (``YYYY-MM-DD`` or ``YYYY-MM``); None stays None."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not DATE_RE.match(value.strip()):
        raise InputError(f"{where}: date {value!r} is not YYYY-MM-DD or YYYY-MM")
    return value.strip()


def decode_text(data: bytes, name: str, errors: str = "strict") -> str:
    """Decode an article: UTF-8 (a BOM is dropped), or UTF-16 when it starts with a UTF-16 BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: invalid UTF-16 at byte {exc.start}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8", errors=errors)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid UTF-8 at byte {exc.start} (use --errors replace to read it anyway)"
        ) from None
    if "\x00" in text:
        raise InputError(f"{name}: binary data (NUL byte), not an article")
    return text


def _meta_for(path: Path) -> dict[str, object]:
    for candidate in (path.with_suffix(".meta.json"), path.with_name(path.name + ".meta.json")):
        if candidate.is_file():
            try:
                meta = json.loads(candidate.read_text(encoding="utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise InputError(f"{candidate}: not valid JSON ({exc})") from None
            if not isinstance(meta, dict):
                raise InputError(f"{candidate}: expected a JSON object")
            return meta
    return {}


def _opt_str(value: object, where: str, field: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and field == "id":
        return str(value)
    if not isinstance(value, str):
        raise InputError(f"{where}: field {field!r} must be a string")
    return value


def read_text_article(name: str, data: bytes, date: str | None, errors: str = "strict") -> Article:
    text = decode_text(data, name, errors)
    if not text.strip():
        raise InputError(f"{name}: empty article")
    meta = _meta_for(Path(name)) if name != "-" else {}
    meta_date = check_date(meta.get("date"), f"{name} metadata") if meta else None
    return Article(
        doc=name,
        text=text,
        date=date or meta_date,
        title=_opt_str(meta.get("title"), name, "title"),
        source=_opt_str(meta.get("source"), name, "source"),
        url=_opt_str(meta.get("url"), name, "url"),
        language=_opt_str(meta.get("language"), name, "language"),
    )


def iter_jsonl(
    name: str,
    lines: Iterator[bytes],
    date: str | None = None,
    errors: str = "strict",
    skipped: list[SkippedLine] | None = None,
) -> Iterator[Article]:
    """Articles of a corpus, one JSON object a line. With ``skipped`` given, bad lines are recorded
    there and skipped instead of raising."""
    for lineno, raw in enumerate(lines, start=1):
        where = f"{name}:{lineno}"
        try:
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8", errors=errors)
            except UnicodeDecodeError as exc:
                raise InputError(f"{where}: not valid UTF-8 at byte {exc.start} of the line") from None
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
            if not isinstance(obj, dict):
                raise InputError(f"{where}: expected a JSON object")
            text = obj.get("text")
            if not isinstance(text, str):
                raise InputError(f"{where}: missing 'text' (a string)")
            art_id = _opt_str(obj.get("id"), where, "id")
            yield Article(
                doc=art_id if art_id else where,
                text=text,
                date=check_date(obj.get("date"), where) or date,
                title=_opt_str(obj.get("title"), where, "title"),
                source=_opt_str(obj.get("source"), where, "source"),
                url=_opt_str(obj.get("url"), where, "url"),
                language=_opt_str(obj.get("language"), where, "language"),
            )
        except InputError as exc:
            if skipped is None:
                raise
            skipped.append(SkippedLine(name, lineno, str(exc)))


def read_articles(
    paths: Sequence[str],
    date: str | None = None,
    *,
    errors: str = "strict",
    skipped: list[SkippedLine] | None = None,
) -> Iterator[Article]:
    """Articles from every input in order: text files, ``-`` (standard input), ``.jsonl`` corpora.

    Streams: a corpus is read line by line, never whole.
    """
    date = check_date(date, "--date")
    for name in paths:
        if name == "-":
            yield read_text_article("-", sys.stdin.buffer.read(), date, errors)
            continue
        path = Path(name)
        if not path.exists():
            raise InputError(f"{name}: no such file")
        if path.is_dir():
            raise InputError(f"{name}: is a directory, not an article")
        try:
            if path.suffix.lower() == ".jsonl":
                with path.open("rb") as fh:
                    yield from iter_jsonl(name, iter(fh), date, errors, skipped)
            else:
                data = path.read_bytes()
                yield read_text_article(name, data, date, errors)
        except PermissionError:
            raise InputError(f"{name}: permission denied") from None
