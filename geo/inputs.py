"""Reading articles: plain text files, standard input, corpora (``.jsonl``, a ``.json`` array, ``.csv``),
saved web pages, URLs (fetched, for ``events``/``map``) and ``.meta.json`` side files.

Every problem with an input becomes an ``InputError`` whose message is one line naming the file and,
where it applies, the line or byte offset; the CLI prints it and exits with code 2. A file that is not
an article (an ACLED export, a CSV of other records, a PDF, a Word document, an archive, an image) is
never read as one article's text: ``classify`` recognises it, and it is read for what it is or refused.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime as dt
import functools
import io
import json
import logging
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

from gazetteer.errors import json_reason
from geo.article import Article
from geo.records import TEXT_FIELDS, FieldError, FieldMap, announce, completed, date_of, guess_fields
from geo.sniff import (
    HEAD_BYTES,
    csv_delimiter,
    csv_header,
    header_cells,
    is_acled_header,
    looks_html,
    refusal,
    wide_csv_fields,
)

log = logging.getLogger(__name__)

DATE_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?$")
_FIELDS = ("id", "date", "title", "source", "url", "language")
# A lone surrogate is valid JSON (``"\\ud800"``) but not Unicode: it would crash every UTF-8 writer later.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Scraped text carries C0 controls other than tab/newline only when it is not text (a binary blob, a
# mis-decoded file); NUL is the telltale.
_NUL = "\x00"
_C0 = re.compile(r"[\x00-\x08\x0e-\x1f]")
# Whole-file JSON (a .json corpus, a .meta.json): bigger than this is not metadata / belongs in .jsonl.
MAX_META_BYTES = 1 << 20
MAX_JSON_BYTES = 2 << 30
# A CSV corpus may hold whole articles in a cell (the csv module's default cap is 128 KB).
MAX_CSV_FIELD = 64 << 20
_URL_RE = re.compile(r"^https?://", re.IGNORECASE)
# A saved web page is read through its main text; HTML under another name is a mistake.
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})

Progress = Callable[[int], None]
# One corpus record, loaded when it is read: the object (None for a blank line), or an InputError.
Record = Callable[[], "Mapping[str, object] | None"]


class InputError(ValueError):
    """Bad input: the message is one line that names the file (and line or byte offset)."""


@dataclass(frozen=True, slots=True)
class SkippedLine:
    path: str
    line: int
    reason: str


@dataclass(slots=True)
class SkipLog:
    """Bad lines skipped under ``--skip-bad``: counted per file, with only the first few kept.

    Memory stays constant however many lines are bad (a list of every reason grew to 273 MB on a
    corrupted corpus). Supports what callers did with the old list: ``append``, ``len``, ``[0]``.
    """

    keep: int = 5
    examples: list[SkippedLine] = field(default_factory=list)
    by_file: dict[str, int] = field(default_factory=dict)
    total: int = 0

    def append(self, item: SkippedLine) -> None:
        self.total += 1
        self.by_file[item.path] = self.by_file.get(item.path, 0) + 1
        if len(self.examples) < self.keep:
            self.examples.append(item)

    def extend(self, items: Iterable[SkippedLine]) -> None:
        for item in items:
            self.append(item)

    def __len__(self) -> int:
        return self.total

    def __bool__(self) -> bool:
        return self.total > 0

    def __getitem__(self, i: int) -> SkippedLine:
        return self.examples[i]

    def __iter__(self) -> Iterator[SkippedLine]:
        return iter(self.examples)

    def count_for(self, path: str) -> int:
        return self.by_file.get(path, 0)


def _bad_count(skipped: object, name: str) -> int:
    if isinstance(skipped, SkipLog):
        return skipped.count_for(name)
    if isinstance(skipped, list):
        return sum(1 for s in skipped if s.path == name)
    return 0


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


def corpus_date(value: object, where: str) -> str | None:
    """A corpus record's date: YYYY-MM-DD / YYYY-MM, or the timestamps scraped corpora carry
    (``2015-07-21 02:59:14``, ISO 8601, RSS's RFC 2822, Unix time); anything else is an error."""
    if value is None or value == "":
        return None
    day = date_of(value)
    if day is None:
        raise InputError(
            f"{where}: date {_short(value)} is not YYYY-MM-DD or YYYY-MM (nor an ISO or RFC 2822 timestamp)"
        )
    return check_date(day, where)


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


def _plausible(text: str) -> bool:
    """Decoded text that reads as text: letters, digits, spaces and punctuation, hardly any controls or
    characters from unassigned/private/CJK ranges (what UTF-16 decoding of UTF-8 bytes gives)."""
    if not text:
        return False
    good = 0
    for ch in text:
        o = ord(ch)
        if ch in "\t\n\r " or 0x20 < o < 0x7F or 0x0600 <= o <= 0x06FF or 0x00A0 <= o <= 0x024F \
                or 0x2000 <= o <= 0x206F or 0xFB50 <= o <= 0xFEFF or 0x0750 <= o <= 0x077F:
            good += 1
    return good >= 0.95 * len(text)


def utf16_without_bom(data: bytes) -> str | None:
    """``"UTF-16LE"``/``"UTF-16BE"`` when the bytes are UTF-16 text without a byte-order mark, else None.

    Latin text in UTF-16 has a NUL at every other byte (odd bytes little-endian, even bytes big-endian);
    Arabic has none (U+0627 is ``27 06``) but decodes, one way only, to Arabic letters. So the test is
    whether the head decodes to something that reads as text; Notepad and Word's "Unicode" export write
    such files.
    """
    head = data[:4096]
    head = head[: len(head) - len(head) % 2]
    if len(head) < 4:
        return None
    for codec, label in (("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")):
        try:
            text = head.decode(codec)
        except UnicodeDecodeError:
            text = head[:-2].decode(codec, errors="replace")  # a head cut inside a surrogate pair
        if _plausible(text) and _has_words(text):
            return label
    return None


def decode_text(data: bytes, name: str, errors: str = "strict") -> str:
    """Decode an article: UTF-8 (a BOM is dropped), or UTF-16 with a BOM, or UTF-16 without one when the
    bytes are plainly that (``utf16_without_bom``) and not UTF-8 text.

    Byte offsets in errors count from the start of the file (BOM included), as a hex editor shows them.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _check_text(_decode_utf16(data, "utf-16", name, errors), name, errors)
    skip = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[skip:].decode("utf-8", errors=errors)
    except UnicodeDecodeError as exc:
        label = utf16_without_bom(data)
        if label:
            return _check_text(_decode_utf16(data, label, name, errors), name, errors)
        raise InputError(
            f"{name}: not valid UTF-8 at byte {exc.start + skip} (use --errors replace to read it anyway)"
        ) from None
    if _binary(text):
        # ASCII in UTF-16 is valid UTF-8 full of NULs, Arabic in UTF-16LE valid UTF-8 full of controls
        label = utf16_without_bom(data) if not skip else None
        if label:
            return _check_text(_decode_utf16(data, label, name, errors), name, errors)
    return _check_text(text, name, errors)


def _decode_utf16(data: bytes, codec: str, name: str, errors: str) -> str:
    if codec != "utf-16":
        log.info("%s: read as %s (UTF-16 without a byte-order mark)", name, codec)
    try:
        return data.decode(codec, errors=errors)
    except UnicodeDecodeError as exc:
        label = "UTF-16" if codec == "utf-16" else codec
        raise InputError(
            f"{name}: not valid {label} at byte {exc.start} (use --errors replace to read it anyway)"
        ) from None


def _binary(text: str) -> bool:
    sample = text[:4096]
    return _NUL in text or len(_C0.findall(sample)) > max(3, len(sample) // 20)


def _check_text(text: str, name: str, errors: str) -> str:
    if _binary(text):
        nul = text.find(_NUL)
        if nul >= 0:
            raise InputError(f"{name}: binary data (a NUL character at character {nul}), not an article")
        raise InputError(f"{name}: binary data (control characters), not an article")
    return clean_str(text, name, "text", errors)


def _meta_for(path: Path) -> dict[str, object]:
    for candidate in (path.with_suffix(".meta.json"), path.with_name(path.name + ".meta.json")):
        if candidate.is_file():
            try:
                with candidate.open("rb") as fh:
                    raw = fh.read(MAX_META_BYTES + 1)
            except OSError as exc:
                raise InputError(f"{candidate}: cannot read ({exc.strerror or exc})") from None
            if len(raw) > MAX_META_BYTES:
                raise InputError(f"{candidate}: over {MAX_META_BYTES >> 20} MB, not article metadata")
            try:
                meta = json.loads(raw.decode("utf-8-sig"))
            except UnicodeDecodeError as exc:
                raise InputError(f"{candidate}: not valid UTF-8 at byte {exc.start}") from None
            except json.JSONDecodeError as exc:
                raise InputError(f"{candidate}: not valid JSON ({json_reason(exc, line=True)})") from None
            except RecursionError:
                raise InputError(f"{candidate}: JSON nested too deeply") from None
            if not isinstance(meta, dict):
                raise InputError(f"{candidate}: expected a JSON object")
            return {"__file__": str(candidate), **meta}
    return {}


def _opt_str(value: object, where: str, field: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and field == "id":
        return str(value)
    if not isinstance(value, str):
        raise InputError(f"{where}: field {field!r} must be a string")
    return value


# (where, url) already warned about: inputs are read twice (validated, then streamed), warned once.
_url_warned: set[tuple[str, str]] = set()
_URL_WARNINGS_PER_FILE = 10


def reset_warnings() -> None:
    """Forget which bad urls were warned about (one command line is one reading session)."""
    _url_warned.clear()


def checked_url(url: str | None, where: str, strict: bool) -> str | None:
    """A url that parses, or None with a warning (``strict``: an InputError, a bad line under --skip-bad)."""
    if not url:
        return url
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError on a port out of range
        ok = bool(parts.netloc) or not parts.scheme
    except ValueError:
        ok = False
    if ok:
        return url
    if strict:
        raise InputError(f"{where}: url {_short(url)} is not a valid URL")
    key = (where, url)
    if key not in _url_warned:
        name = where.rsplit(":", 1)[0]
        n = sum(1 for w, _ in _url_warned if w.rsplit(":", 1)[0] == name) if len(_url_warned) < 10_000 else 99
        if n < _URL_WARNINGS_PER_FILE:
            _url_warned.add(key)
            log.warning("%s: url %s is not a valid URL; left out", where, _short(url))
    return None


def read_text_article(name: str, data: bytes, date: str | None, errors: str = "strict") -> Article:
    if not data:
        raise InputError(f"{name}: empty file, not an article")
    why = refusal(data[:HEAD_BYTES], None, data)
    if why:
        raise InputError(f"{name}: {why}")
    text = decode_text(data, name, errors)
    if looks_html(text[:4096]):
        if Path(name).suffix.lower() not in HTML_SUFFIXES:
            # a page saved (or piped) as text: its markup, scripts and menus would be read as the article
            raise InputError(f"{name}: an HTML page, not plain text: name it .html to read its main text, or "
                             "give its URL")
        return _html_article(name, text, date)
    _refuse_table(name, text[:HEAD_BYTES])
    if not text.strip():
        raise InputError(f"{name}: empty article (only white space)")
    if not _has_words(text):
        raise InputError(f"{name}: empty article (no letter or digit)")
    meta = _meta_for(Path(name)) if name != "-" else {}
    where = str(meta.get("__file__", name))
    meta_date = corpus_date(meta.get("date"), f"{name} metadata") if meta else None
    fields = {f: _opt_str(meta.get(f), where, f) for f in ("title", "source", "url", "language")}
    fields = {f: clean_str(v, where, f, errors) if v else v for f, v in fields.items()}
    fields["url"] = checked_url(fields["url"], where, strict=False)
    return Article(doc=name, text=text, date=date or meta_date, **fields)


def _refuse_table(name: str, head: str) -> None:
    if is_acled_header(header_cells(head)):
        raise InputError(f"{name}: an ACLED export (events, not articles): give it as a file to events, export, "
                         "map or ingest")
    table = csv_header(head.removeprefix("\ufeff"))
    if table is not None:
        raise InputError(f"{name}: a table of records (columns {', '.join(repr(c) for c in table[:6])}"
                         f"{', …' if len(table) > 6 else ''}), not an article: name it .csv to read it as a corpus")


def _html_article(name: str, html: str, date: str | None) -> Article:
    """A saved web page: its main text, title and date (trafilatura), never its markup."""
    from geo.fetch.extract import extract_page

    page = extract_page(html, url=None)
    if page is None or not _has_words(page.text):
        raise InputError(f"{name}: an HTML page with no article text found in it")
    return Article(doc=name, text=page.text, date=date or page.date, title=page.title, source=page.source,
                   url=page.url, language=page.language)


# --- corpora ----------------------------------------------------------------------------------------


def iter_jsonl(
    name: str,
    lines: Iterator[bytes],
    date: str | None = None,
    errors: str = "strict",
    skipped: SkipLog | list[SkippedLine] | None = None,
    progress: Progress | None = None,
    text_field: str | None = None,
    date_field: str | None = None,
) -> Iterator[Article]:
    """Articles of a corpus, one JSON object a line. With ``skipped`` given, bad lines are recorded
    there and skipped instead of raising. ``progress`` is told the bytes of every line read. The
    fields are guessed from the first object (``text``, else ``content``, ``body``...)."""

    def records() -> Iterator[tuple[int, str, Record]]:
        for lineno, raw in enumerate(lines, start=1):
            if progress is not None:
                progress(len(raw))
            where = f"{name}:{lineno}"
            yield lineno, where, functools.partial(_jsonl_object, raw, lineno, where, errors)

    return corpus_articles(name, records(), date, errors, skipped, text_field, date_field)


def corpus_articles(name: str, records: Iterable[tuple[int, str, Record]], date: str | None, errors: str,
                    skipped: SkipLog | list[SkippedLine] | None, text_field: str | None = None,
                    date_field: str | None = None, fields: FieldMap | None = None) -> Iterator[Article]:
    """The articles of a corpus' records, whatever the file they come from (``.jsonl`` lines, ``.json``
    array items, ``.csv`` rows): ``(number, where, load)`` each, ``load()`` giving the record (None for a
    blank line) or raising InputError. The field map is the one given (a CSV header's), else guessed from
    the first record; a bad record raises, or is counted in ``skipped`` and passed over."""
    for number, where, load in records:
        try:
            obj = load()
            if obj is None:
                continue
            if fields is None:
                fields = _fields_for(name, where, obj.keys(), text_field, date_field)
            article = record_article(obj, where, date, errors, fields, strict_url=skipped is not None, name=name)
        except InputError as exc:
            if skipped is None:
                raise
            skipped.append(SkippedLine(name, number, str(exc)))
            continue
        yield article


def _fields_for(name: str, where: str, keys: Iterable[str], text_field: str | None,
                date_field: str | None) -> FieldMap:
    try:
        fields = guess_fields(list(keys), text_field, date_field)
    except FieldError as exc:
        if text_field is None and "no article text field" in str(exc):
            # the contract's own message, naming the line
            raise InputError(f"{where}: field 'text' is missing ({exc})") from None
        raise InputError(f"{where}: {exc}") from None
    announce(name, fields)
    return fields


def _jsonl_object(raw: bytes, lineno: int, where: str, errors: str) -> dict[str, object] | None:
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
        raise InputError(f"{where}: not valid JSON ({json_reason(exc)})") from None
    except RecursionError:
        raise InputError(f"{where}: JSON nested too deeply") from None
    if not isinstance(obj, dict):
        hint = " (a .jsonl corpus holds one JSON object a line, not an array)" if isinstance(obj, list) else ""
        raise InputError(f"{where}: expected a JSON object, found {type(obj).__name__}{hint}")
    return obj


def corpus_fields(name: str, errors: str = "strict", text_field: str | None = None,
                  date_field: str | None = None) -> FieldMap | None:
    """The field map of a ``.jsonl`` corpus, from its first readable object (None when it has none: the
    lines will say what is wrong with them), for readers that start part way through a file (which
    cannot see the first record's fields). UTF-8 or UTF-16, as ``read_articles`` reads it."""
    with open(name, "rb") as fh:
        encoding = corpus_encoding(fh.peek(4096)[:4096])
        lines = iter(fh) if encoding == "utf-8-sig" else utf8_lines(name, fh, encoding, "replace")
        for lineno, raw in enumerate(lines, start=1):
            try:
                obj = _jsonl_object(raw, lineno, f"{name}:{lineno}", errors)
            except InputError:
                continue
            if obj is not None:
                return _fields_for(name, f"{name}:{lineno}", obj.keys(), text_field, date_field)
    return None


_DEFAULT_FIELDS = FieldMap(text="text", date="date", title="title", source="source", url="url", id="id",
                           language="language")


def _jsonl_article(raw: bytes, lineno: int, where: str, date: str | None, errors: str,
                   fields: FieldMap | None = None) -> Article | None:
    """One line of a ``.jsonl`` corpus (the contract's field names unless ``fields`` says otherwise)."""
    obj = _jsonl_object(raw, lineno, where, errors)
    if obj is None:
        return None
    return record_article(obj, where, date, errors, fields or _DEFAULT_FIELDS)


def record_article(obj: Mapping[str, object], where: str, date: str | None, errors: str, fields: FieldMap,
                   strict_url: bool = False, name: str | None = None) -> Article:
    """One corpus record (a JSON object, a CSV row) as an Article, through the file's field map (with
    the optional fields this record has and the file's first record lacked: ``records.completed``)."""
    try:
        own = completed(fields, tuple(obj))
    except FieldError as exc:
        raise InputError(f"{where}: {exc}") from None
    if own is not fields:
        announce(name or where.rsplit(":", 1)[0], own)
    fields = own
    tf = fields.text
    text = obj.get(tf)
    if not isinstance(text, str):
        found = "missing" if text is None else f"a {type(text).__name__}, not a string"
        raise InputError(f"{where}: field {tf!r} is {found}")
    if _NUL in text:
        raise InputError(f"{where}: field {tf!r} holds a NUL character (binary data, not an article)")
    if text[:256].lstrip()[:1] == "<" and looks_html(text[:4096]):
        raise InputError(f"{where}: field {tf!r} holds an HTML page, not article text (extract its text "
                         "first, or fetch its url with conflictmap fetch)")
    if not text.strip():
        raise InputError(f"{where}: field {tf!r} is empty")
    if not _has_words(text):
        raise InputError(f"{where}: field {tf!r} has no letter or digit")

    def get(name: str) -> str | None:
        key = getattr(fields, name)
        if key is None:
            return None
        value = _opt_str(obj.get(key) if obj.get(key) != "" else None, where, key if name != "id" else "id")
        return clean_str(value, where, key, errors) if value else value

    art_id = get("id")
    url = checked_url(get("url"), where, strict=strict_url)
    day = corpus_date(obj.get(fields.date), where) if fields.date else None
    return Article(
        doc=art_id or where,
        text=clean_str(text, where, tf, errors),
        date=day or date,
        title=get("title"),
        source=get("source"),
        url=url,
        language=get("language"),
        id=art_id or None,
    )


def _json_corpus(name: str, data: bytes, date: str | None, errors: str, skipped: SkipLog | list | None,
                 text_field: str | None, date_field: str | None) -> Iterator[Article]:
    """A ``.json`` corpus: an array of article objects (or an object holding one under a usual key)."""
    encoding = corpus_encoding(data[:4096])
    try:
        doc = json.loads(data.decode(encoding))
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid {'UTF-8' if encoding == 'utf-8-sig' else 'UTF-16'} at byte "
                         f"{exc.start}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}: not valid JSON ({json_reason(exc, line=True)})") from None
    except RecursionError:
        raise InputError(f"{name}: JSON nested too deeply") from None
    if isinstance(doc, dict):
        lists = [k for k in ("articles", "items", "data", "records", "results", "documents", "docs")
                 if isinstance(doc.get(k), list)]
        if not lists and any(isinstance(doc.get(k), str) for k in doc if k.lower() in TEXT_FIELDS):
            lists, doc = ["one"], {"one": [doc]}  # one article as one object
        if len(lists) != 1:
            raise InputError(f"{name}: a JSON object, not an array of articles (a .json corpus is [{{...}}, ...])")
        doc = doc[lists[0]]
    if not isinstance(doc, list):
        raise InputError(f"{name}: expected a JSON array of article objects, found {type(doc).__name__}")
    first = next((x for x in doc if isinstance(x, dict)), None)
    if first is not None and is_acled_header(list(first)):
        raise InputError(f"{name}: an ACLED export in JSON; export it from ACLED as CSV to read it as events")

    def records() -> Iterator[tuple[int, str, Record]]:
        for i, obj in enumerate(doc, start=1):
            yield i, f"{name}:item {i}", functools.partial(_json_item, obj, f"{name}:item {i}")

    yield from corpus_articles(name, records(), date, errors, skipped, text_field, date_field)


def _json_item(obj: object, where: str) -> Mapping[str, object]:
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a JSON object, found {type(obj).__name__}")
    return obj


def corpus_encoding(head: bytes) -> str:
    """The codec of a corpus file from its first bytes: UTF-8 (a BOM allowed), or UTF-16 with a BOM or,
    plainly, without one (a spreadsheet's "Unicode text" export is UTF-16 and tab-separated)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        looks_utf8 = b"\x00" not in head
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        looks_utf8 = looks_utf8 and exc.start > len(head) - 4  # a head cut inside a character
    if looks_utf8:
        return "utf-8-sig"
    label = utf16_without_bom(head)
    return label.lower().replace("utf-16", "utf-16-") if label else "utf-8-sig"


def utf8_lines(name: str, fh: io.BufferedIOBase, encoding: str, errors: str, start: int = 0) -> Iterator[bytes]:
    """The lines of a UTF-16 ``.jsonl`` as UTF-8 bytes, for the line reader (which works on bytes);
    an undecodable byte is an error naming its offset in the file (``fh`` starts at byte ``start``)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors=errors)
    pending, offset = "", start
    while True:
        chunk = fh.read(1 << 16)
        held = len(decoder.getstate()[0])  # bytes of the previous chunk not decoded yet
        try:
            text = pending + decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not valid UTF-16 at byte {offset - held + exc.start} (use --errors replace "
                             "to read it anyway)") from None
        offset += len(chunk)
        lines = text.split("\n")
        pending = lines.pop()
        for line in lines:
            yield (line + "\n").encode("utf-8", "surrogatepass")
        if not chunk:
            if pending:
                yield pending.encode("utf-8", "surrogatepass")
            return


def _csv_corpus(name: str, fh: io.BufferedIOBase, date: str | None, errors: str,
                skipped: SkipLog | list | None, text_field: str | None, date_field: str | None,
                progress: Progress | None) -> Iterator[Article]:
    """A ``.csv`` corpus, row by row: a header naming a text column, one article a row."""
    encoding = corpus_encoding(fh.read(4096))
    fh.seek(0)
    first = io.TextIOWrapper(fh, encoding=encoding, errors="replace", newline="")
    delimiter = csv_delimiter(first.readline(), name)
    first.detach()
    fh.seek(0)
    text = io.TextIOWrapper(fh, encoding=encoding, errors=errors, newline="")
    with wide_csv_fields(MAX_CSV_FIELD):
        reader = csv.reader(text, delimiter=delimiter)
        try:
            header = next(reader, None)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"{name}:1: not a readable CSV header ({exc})") from None
        if not header:
            raise InputError(f"{name}: empty file, not a corpus")
        header = [h.strip() for h in header]
        if is_acled_header(header):
            raise InputError(f"{name}: an ACLED export (events, not articles): give it to events, export, map "
                             "or ingest")
        try:
            fields = guess_fields(header, text_field, date_field)
        except FieldError as exc:
            if "no article text field" in str(exc):
                raise InputError(f"{name}: a CSV of records, not articles: {exc}") from None
            raise InputError(f"{name}: {exc}") from None
        announce(name, fields)

        def records() -> Iterator[tuple[int, str, Record]]:
            last = 1
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except UnicodeDecodeError as exc:
                    raise InputError(f"{name}:{reader.line_num + 1}: not valid UTF-8 ({exc.reason})") from None
                except csv.Error as exc:
                    where = f"{name}:{reader.line_num}"
                    yield reader.line_num, where, functools.partial(_raise, f"{where}: not valid CSV ({exc})")
                    continue
                lineno, last = last + 1, reader.line_num
                if progress is not None:
                    progress(sum(len(c) for c in row) + len(row))
                where = f"{name}:{lineno}"
                yield lineno, where, functools.partial(_csv_record, header, row, where)

        yield from corpus_articles(name, records(), date, errors, skipped, fields=fields)
        text.detach()


def _csv_record(header: list[str], row: list[str], where: str) -> Mapping[str, object] | None:
    if not any(c.strip() for c in row):
        return None
    if len(row) != len(header):
        raise InputError(f"{where}: {len(row)} cells where the header has {len(header)}")
    return dict(zip(header, row, strict=True))


def _raise(message: str) -> NoReturn:
    raise InputError(message)


# --- what an input is ---------------------------------------------------------------------------------


def is_url(name: str) -> bool:
    return bool(_URL_RE.match(name))


def classify(name: str, head: bytes | None = None) -> str:
    """``text``, ``jsonl``, ``json``, ``csv``, ``acled``, ``url`` or ``stdin`` for an input, by its name
    and first bytes; InputError for a missing file or one that is not text we read."""
    if name == "-":
        return "stdin"
    if is_url(name):
        return "url"
    suffix = Path(name).suffix.lower()
    if head is None:
        path = input_path(name)
        if not rereadable(name):
            return "jsonl" if suffix == ".jsonl" else "text"
        try:
            with path.open("rb") as fh:
                head = fh.read(HEAD_BYTES)
        except PermissionError:
            raise InputError(f"{name}: permission denied") from None
        except OSError as exc:
            raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    why = refusal(head, name)
    if why:
        raise InputError(f"{name}: {why}")
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".json":
        return "json"
    first = head.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    if is_acled_header(header_cells(first, name)):
        return "acled"
    if suffix in (".csv", ".tsv"):
        return "csv"
    return "text"


def split_inputs(paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """(article inputs, ACLED exports), each in the order given; InputError for an unreadable input."""
    articles, acled = [], []
    for name in paths:
        (acled if classify(name) == "acled" else articles).append(name)
    return articles, acled


def read_articles(
    paths: Sequence[str],
    date: str | None = None,
    *,
    errors: str = "strict",
    skipped: SkipLog | list[SkippedLine] | None = None,
    stdin: bytes | None = None,
    progress: Progress | None = None,
    preloaded: Mapping[str, bytes] | None = None,
    text_field: str | None = None,
    date_field: str | None = None,
) -> Iterator[Article]:
    """Articles from every input in order: text files, ``-`` (standard input), corpora, URLs.

    Streams: a ``.jsonl`` or ``.csv`` corpus is read record by record, never whole. ``stdin`` gives the
    bytes of ``-`` when the caller has read them already (to read the inputs twice), ``preloaded`` those
    of other inputs that cannot be read twice (a pipe such as ``<(zcat a.txt.gz)``); ``progress`` is told
    every byte read. A corpus without a single article is an error (an empty file is a mistake, not an
    empty result). An ACLED export is not articles: it is an error here (see ``geo.acled``).
    """
    if errors not in ("strict", "replace"):
        raise ValueError(f"errors must be 'strict' or 'replace', not {errors!r}")
    date = check_date(date, "--date")
    opts = {"text_field": text_field, "date_field": date_field}
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
                yield from _counted(name, iter_jsonl(name, iter(data.splitlines(keepends=True)), date, errors,
                                                     skipped, None, **opts), skipped)
            else:
                yield read_text_article(name, data, date, errors)
            continue
        kind = classify(name)
        if kind == "url":
            yield from _url_articles(name, date)
            continue
        if kind == "acled":
            raise InputError(f"{name}: an ACLED export (events, not articles): events, export, map and ingest "
                             "read it as ACLED's events")
        path = input_path(name)
        try:
            if kind == "jsonl":
                with path.open("rb") as fh:
                    encoding = corpus_encoding(fh.peek(4096)[:4096])  # a pipe cannot seek back
                    lines = iter(fh) if encoding == "utf-8-sig" else utf8_lines(name, fh, encoding, errors)
                    yield from _counted(name, iter_jsonl(name, lines, date, errors, skipped, progress, **opts),
                                        skipped)
            elif kind == "csv":
                with path.open("rb") as fh:
                    yield from _counted(name, _csv_corpus(name, fh, date, errors, skipped, text_field, date_field,
                                                          progress), skipped)
            elif kind == "json":
                if path.stat().st_size > MAX_JSON_BYTES:
                    raise InputError(f"{name}: a .json corpus over 2 GB; write it as .jsonl (one article a line)")
                data = path.read_bytes()
                if progress is not None:
                    progress(len(data))
                yield from _counted(name, _json_corpus(name, data, date, errors, skipped, text_field, date_field),
                                    skipped)
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


def _url_articles(url: str, date: str | None) -> Iterator[Article]:
    """A URL given as an INPUT: the page (or a feed's items) fetched politely, through the fetch cache."""
    from geo.fetch import FetchError, fetch_articles

    try:
        articles = list(fetch_articles([url]))
    except FetchError as exc:
        raise InputError(f"{url}: {exc}") from None
    if not articles:
        raise InputError(f"{url}: no article text found there")
    for a in articles:
        yield a if a.date or not date else dataclasses.replace(a, date=date)


def _counted(name: str, articles: Iterator[Article], skipped: SkipLog | list | None) -> Iterator[Article]:
    count = 0
    bad_before = _bad_count(skipped, name)
    for article in articles:
        count += 1
        yield article
    if count == 0:
        bad = _bad_count(skipped, name) - bad_before
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
