"""Reading articles: plain text files, standard input, `.jsonl` corpora and `.meta.json` side files.

Every problem with an input becomes an ``InputError`` whose message is one line naming the file and,
where it applies, the line or byte offset; the CLI prints it and exits with code 2.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from geo.article import Article

DATE_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?$")
_FIELDS = ("id", "date", "title", "source", "url", "language")
# A lone surrogate is valid JSON (``"\\ud800"``) but not Unicode: it would crash every UTF-8 writer later.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Scraped text carries C0 controls other than tab/newline only when it is not text (a binary blob, a
# mis-decoded file); NUL is the telltale.
_NUL = "\x00"

Progress = Callable[[int], None]


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
        raise InputError(f"{where}: date {_short(value)} is not YYYY-MM-DD or YYYY-MM")
    day = value.strip()
    if len(day) == 10:
        try:
            dt.date.fromisoformat(day)
        except ValueError:
            raise InputError(f"{where}: date {day!r} does not exist in the calendar") from None
    return day


def _short(value: object, limit: int = 40) -> str:
    """A value for an error line: repr, clipped, so that a hostile field cannot flood the terminal."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clean_str(value: str, where: str, field: str, errors: str = "strict") -> str:
    """A string from JSON without lone surrogates: an error naming the position, or U+FFFD each."""
    bad = _SURROGATE.search(value)
    if bad is None:
        return value
    if errors == "replace":
        return _SURROGATE.sub("\ufffd", value)
    raise InputError(
        f"{where}: field {field!r} has a lone surrogate \\u{ord(bad.group()):04x} at character {bad.start()} "
        "(use --errors replace to read it anyway)"
    )


def _has_words(text: str) -> bool:
    """An article has at least one letter or digit; one made of marks alone (RLM, tatweel, harakat,
    punctuation) is empty, however long."""
    return any(ch.isalnum() and ch != "\u0640" for ch in text)  # tatweel is a "letter" to Unicode


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: every other byte of ASCII-range text is NUL."""
    head = data[:2048]
    if len(head) < 4:
        return False
    even, odd = head[0::2].count(0), head[1::2].count(0)
    return max(even, odd) > len(head) // 4 and min(even, odd) == 0


def decode_text(data: bytes, name: str, errors: str = "strict") -> str:
    """Decode an article: UTF-8 (a BOM is dropped), or UTF-16 when it starts with a UTF-16 BOM.

    Byte offsets in errors count from the start of the file (BOM included), as a hex editor shows them.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16", errors=errors)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name}: not valid UTF-16 at byte {exc.start} (use --errors replace to read it anyway)"
            ) from None
        return _check_text(text, name, errors)
    skip = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[skip:].decode("utf-8", errors=errors)
    except UnicodeDecodeError as exc:
        if _looks_utf16(data):
            raise InputError(f"{name}: looks like UTF-16 without a byte-order mark; save it as UTF-8") from None
        raise InputError(
            f"{name}: not valid UTF-8 at byte {exc.start + skip} (use --errors replace to read it anyway)"
        ) from None
    return _check_text(text, name, errors, data)


def _check_text(text: str, name: str, errors: str, data: bytes = b"") -> str:
    nul = text.find(_NUL)
    if nul >= 0:
        if _looks_utf16(data):
            raise InputError(f"{name}: looks like UTF-16 without a byte-order mark; save it as UTF-8")
        raise InputError(f"{name}: binary data (a NUL character at character {nul}), not an article")
    return clean_str(text, name, "text", errors)


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
    if not data:
        raise InputError(f"{name}: empty file, not an article")
    text = decode_text(data, name, errors)
    if not text.strip():
        raise InputError(f"{name}: empty article (only white space)")
    if not _has_words(text):
        raise InputError(f"{name}: empty article (no letter or digit)")
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
    progress: Progress | None = None,
) -> Iterator[Article]:
    """Articles of a corpus, one JSON object a line. With ``skipped`` given, bad lines are recorded
    there and skipped instead of raising. ``progress`` is told the bytes of every line read."""
    for lineno, raw in enumerate(lines, start=1):
        if progress is not None:
            progress(len(raw))
        where = f"{name}:{lineno}"
        try:
            article = _jsonl_article(raw, lineno, where, date, errors)
        except InputError as exc:
            if skipped is None:
                raise
            skipped.append(SkippedLine(name, lineno, str(exc)))
            continue
        if article is not None:
            yield article


def _jsonl_article(raw: bytes, lineno: int, where: str, date: str | None, errors: str) -> Article | None:
    if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw.strip():
        return None
    try:
        line = raw.decode("utf-8", errors=errors)
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: not valid UTF-8 at byte {exc.start} of the line") from None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise InputError(f"{where}: JSON nested too deeply") from None
    if not isinstance(obj, dict):
        hint = " (a .jsonl corpus holds one JSON object a line, not an array)" if isinstance(obj, list) else ""
        raise InputError(f"{where}: expected a JSON object, found {type(obj).__name__}{hint}")
    text = obj.get("text")
    if not isinstance(text, str):
        found = "missing" if text is None else f"a {type(text).__name__}, not a string"
        raise InputError(f"{where}: field 'text' is {found}")
    if _NUL in text:
        raise InputError(f"{where}: field 'text' holds a NUL character (binary data, not an article)")
    if not text.strip():
        raise InputError(f"{where}: field 'text' is empty")
    if not _has_words(text):
        raise InputError(f"{where}: field 'text' has no letter or digit")
    art_id = _opt_str(obj.get("id"), where, "id")
    fields = {f: _opt_str(obj.get(f), where, f) for f in ("title", "source", "url", "language")}
    fields = {f: clean_str(v, where, f, errors) if v else v for f, v in fields.items()}
    doc_id = clean_str(art_id, where, "id", errors) if art_id else None
    return Article(
        doc=doc_id or where,
        text=clean_str(text, where, "text", errors),
        date=check_date(obj.get("date"), where) or date,
        id=doc_id,
        **fields,
    )


def read_articles(
    paths: Sequence[str],
    date: str | None = None,
    *,
    errors: str = "strict",
    skipped: list[SkippedLine] | None = None,
    stdin: bytes | None = None,
    progress: Progress | None = None,
    preloaded: Mapping[str, bytes] | None = None,
) -> Iterator[Article]:
    """Articles from every input in order: text files, ``-`` (standard input), ``.jsonl`` corpora.

    Streams: a corpus is read line by line, never whole. ``stdin`` gives the bytes of ``-`` when the
    caller has read them already (to read the inputs twice), ``preloaded`` those of other inputs that
    cannot be read twice (a pipe such as ``<(zcat a.txt.gz)``); ``progress`` is told every byte read.
    A corpus without a single article is an error (an empty file is a mistake, not an empty result).
    """
    if errors not in ("strict", "replace"):
        raise ValueError(f"errors must be 'strict' or 'replace', not {errors!r}")
    date = check_date(date, "--date")
    for name in paths:
        if name == "-":
            data = sys.stdin.buffer.read() if stdin is None else stdin
            if progress is not None:
                progress(len(data))
            yield read_text_article("-", data, date, errors)
            continue
        if preloaded is not None and name in preloaded:
            data = preloaded[name]
            if progress is not None:
                progress(len(data))
            if name.lower().endswith(".jsonl"):
                yield from _corpus_lines(name, iter(data.splitlines(keepends=True)), date, errors, skipped, None)
            else:
                yield read_text_article(name, data, date, errors)
            continue
        path = input_path(name)
        try:
            if path.suffix.lower() == ".jsonl":
                yield from _read_corpus(name, path, date, errors, skipped, progress)
            else:
                data = path.read_bytes()
                if progress is not None:
                    progress(len(data))
                yield read_text_article(name, data, date, errors)
        except PermissionError:
            raise InputError(f"{name}: permission denied") from None
        except IsADirectoryError:
            raise InputError(f"{name}: is a directory, not an article") from None
        except OSError as exc:
            raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None


def _read_corpus(
    name: str,
    path: Path,
    date: str | None,
    errors: str,
    skipped: list[SkippedLine] | None,
    progress: Progress | None,
) -> Iterator[Article]:
    with path.open("rb") as fh:
        yield from _corpus_lines(name, iter(fh), date, errors, skipped, progress)


def _corpus_lines(
    name: str,
    lines: Iterator[bytes],
    date: str | None,
    errors: str,
    skipped: list[SkippedLine] | None,
    progress: Progress | None,
) -> Iterator[Article]:
    count = 0
    bad_before = len(skipped) if skipped is not None else 0
    for article in iter_jsonl(name, lines, date, errors, skipped, progress):
        count += 1
        yield article
    if count == 0:
        bad = (len(skipped) - bad_before) if skipped is not None else 0
        detail = f" ({bad} bad line{'s' if bad != 1 else ''} skipped)" if bad else ""
        raise InputError(f"{name}: no article in this corpus{detail}")


def input_path(name: str) -> Path:
    """The path of an input file, or InputError when it is missing or a directory."""
    path = Path(name)
    if not path.exists():
        raise InputError(f"{name}: no such file")
    if path.is_dir():
        raise InputError(f"{name}: is a directory, not an article")
    return path


def rereadable(name: str) -> bool:
    """False for what is consumed by reading it: standard input, a pipe, a character device, a socket.
    True otherwise (a missing path or a directory too: the error comes when it is read)."""
    if name == "-":
        return False
    try:
        mode = os.stat(name).st_mode
    except OSError:
        return True
    return not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode))
