"""What an input file is, from its first bytes: an article, a corpus, an ACLED export, or something else.

A file that is not an article is never read as one article's text: an ACLED export is read as events, a
saved web page through its main text, and a PDF, a Word document, an archive or an image is refused with a
one-line reason and a hint.
"""

from __future__ import annotations

import csv
import io
import re
import struct
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HEAD_BYTES = 64 * 1024

# The columns every ACLED export has, in the current schema and the older lower-case one.
ACLED_REQUIRED = frozenset({"event_id_cnty", "event_date", "event_type", "latitude", "longitude", "actor1"})

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document: extract its text first (e.g. pdftotext FILE.pdf FILE.txt)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Office document (.doc/.xls): save it as plain text first"),
    (b"{\\rtf", "an RTF document: save it as plain text first"),
    (b"\x1f\x8b", "gzip-compressed: decompress it first (e.g. conflictmap events <(zcat FILE.gz))"),
    (b"BZh", "bzip2-compressed: decompress it first"),
    (b"\xfd7zXZ\x00", "xz-compressed: decompress it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive: extract the articles first"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
    (b"GIF87a", "a GIF image, not text"),
    (b"GIF89a", "a GIF image, not text"),
    (b"II*\x00", "a TIFF image, not text"),
    (b"MM\x00*", "a TIFF image, not text"),
    (b"\x7fELF", "a program (ELF executable), not text"),
    (b"SQLite format 3\x00", "an SQLite database (a store? use --store), not text"),
)


def refusal(head: bytes, path: str | Path | None = None, data: bytes | None = None) -> str | None:
    """Why a file of these first bytes is not text we read, or None when it may be.

    ``path`` (a file that can be opened again) or ``data`` (all of standard input) let an archive's
    members be listed, to tell a Word document from a spreadsheet or a plain ZIP.
    """
    for magic, why in _MAGIC:
        if head.startswith(magic):
            return why
    if head[:4] == b"RIFF" and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        kind = {b"WEBP": "a WebP image", b"WAVE": "a WAV sound file", b"AVI ": "an AVI video"}[head[8:12]]
        return kind + ", not text"
    if head[4:8] == b"ftyp":  # ISO media: HEIC/AVIF photos (phones), MP4/MOV video
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"avif", b"avis"):
            return f"a {'HEIC' if brand.startswith((b'he', b'm')) else 'AVIF'} image, not text"
        return "a video (MP4/MOV), not text"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(path, head, data)
    if _SVG.match(head[:1024]):
        return "an SVG image, not text"
    return None


_SVG = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]",
                  re.DOTALL | re.IGNORECASE)

_ODF = {"text": ("an OpenDocument text (.odt)", "save it as plain text (UTF-8) first"),
        "spreadsheet": ("an OpenDocument spreadsheet (.ods)", "save the sheet as CSV (UTF-8) first"),
        "presentation": ("an OpenDocument presentation (.odp)", "not an article")}


def _local_names(head: bytes) -> list[str]:
    """The member names of the local file headers in the first bytes of a ZIP (when the central
    directory at its end cannot be read: standard input, a pipe, a head alone)."""
    names, pos = [], 0
    while len(names) < 200 and head.startswith(b"PK\x03\x04", pos) and pos + 30 <= len(head):
        _v, flags, _m, _t, _d, _crc, size, _u, n, extra = struct.unpack_from("<HHHHHIIIHH", head, pos + 4)
        names.append(head[pos + 30: pos + 30 + n].decode("utf-8", "replace"))
        if flags & 0x08:  # sizes after the data: the next header cannot be found without inflating
            break
        pos += 30 + n + extra + size
    return names


def _odf_mimetype(head: bytes) -> str | None:
    """ODF puts an uncompressed ``mimetype`` member first: application/vnd.oasis.opendocument.KIND."""
    m = re.match(rb"PK\x03\x04.{26}mimetypeapplication/vnd\.oasis\.opendocument\.([a-z]+)", head, re.DOTALL)
    return m.group(1).decode() if m else None


def _zip_kind(path: str | Path | None, head: bytes = b"", data: bytes | None = None) -> str:
    names: list[str] = []
    source: str | Path | io.BytesIO | None = path if path is not None else (io.BytesIO(data) if data else None)
    if source is not None:
        try:
            with zipfile.ZipFile(source) as zf:
                names = zf.namelist()[:200]
        except (OSError, zipfile.BadZipFile, ValueError):
            names = []
    if not names:
        names = _local_names(head)
    odf = _odf_mimetype(head)
    if odf in _ODF:
        what, hint = _ODF[odf]
        return f"{what}: {hint}"
    if "word/document.xml" in names:
        return "a Word document (.docx): save it as plain text (UTF-8) first"
    if "xl/workbook.xml" in names:
        return "an Excel workbook (.xlsx): save the sheet as CSV (UTF-8) first"
    if "ppt/presentation.xml" in names:
        return "a PowerPoint file (.pptx), not an article"
    if "mimetype" in names or "content.xml" in names:
        return "an OpenDocument file: save it as plain text (UTF-8) first"
    if any(n.endswith("META-INF/container.xml") for n in names):
        return "an EPUB book: extract its text first"
    if "[Content_Types].xml" in names:
        return "an Office document (Word, Excel or PowerPoint): save it as plain text (UTF-8) first"
    return "a ZIP archive: extract the articles first"


def looks_html(text_head: str) -> bool:
    head = text_head.lstrip("\ufeff \t\r\n").lower()[:4096]
    if head.startswith(("<!doctype html", "<html")):
        return True
    return head.startswith("<") and "<head" in head and ("<body" in head or "<title" in head)


def csv_header(text_head: str) -> list[str] | None:
    """The header of a comma-, semicolon- or tab-separated table, or None when the text is not one.

    A table is told from prose by its shape: three or more columns, short header cells, and the next
    rows with as many cells (prose has commas but not the same number on every line).
    """
    lines = text_head.splitlines()
    if len(lines) < 2:
        return None
    sample = "\n".join(lines[:12])
    for delim in (",", "\t", ";"):
        if delim not in lines[0]:
            continue
        try:
            rows = list(csv.reader(io.StringIO(sample), delimiter=delim))
        except csv.Error:
            continue
        header = rows[0]
        # Header cells are names (short, no sentence punctuation); prose puts a space after its commas.
        if len(header) < 3 or any(len(c) > 40 or not c.strip() or len(c.split()) > 4 or c.rstrip()[-1:] in ".!?:"
                                  for c in header):
            continue
        if delim != "\t" and sum(1 for c in header[1:] if c[:1] == " ") > 1:
            continue
        body = [r for r in rows[1:-1] if r] if len(lines) > 12 else [r for r in rows[1:] if r]
        if len(body) >= 2 and all(len(r) == len(header) for r in body):
            return [c.strip() for c in header]
    return None


@contextmanager
def wide_csv_fields(limit: int) -> Iterator[None]:
    """Let the csv module read fields up to ``limit`` characters (a whole article, a long ACLED note) while
    a reader runs, and give the process-wide limit back afterwards, even when the generator is dropped."""
    old = csv.field_size_limit()
    csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def csv_delimiter(first_line: str | bytes, name: str = "") -> str:
    """The delimiter of a CSV file, from its name and header line: a tab for ``.tsv`` or a header with tabs
    and no commas (ACLED's tab-separated export), a semicolon for a header with semicolons only (what
    spreadsheets write where the decimal mark is a comma), else a comma. One rule for every CSV reader
    (corpora, ACLED exports), so that a file is read the way it was recognised."""
    line = first_line.decode("utf-8", "replace") if isinstance(first_line, bytes) else first_line
    if name.lower().endswith(".tsv") or ("\t" in line and "," not in line):
        return "\t"
    if ";" in line and "," not in line and "\t" not in line:
        return ";"
    return ","


def header_cells(first_line: str | bytes, name: str = "") -> list[str]:
    """The cells of a CSV header line, split by ``csv_delimiter`` (none when the line is not CSV)."""
    line = first_line.decode("utf-8", "replace") if isinstance(first_line, bytes) else first_line
    line = line.removeprefix("\ufeff").split("\n", 1)[0].replace("\r", "")
    try:
        return next(csv.reader([line], delimiter=csv_delimiter(line, name)), []) if line else []
    except csv.Error:
        return []


def is_acled_header(columns: list[str]) -> bool:
    return ACLED_REQUIRED <= {c.strip().lower() for c in columns}
