"""Helpers shared by the file-reading sources: strict decoding, coordinate checks, name hygiene."""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path

from gazetteer.errors import GazetteerFileError
from gazetteer.normalize import fold, is_arabic

# GeoNames admin1 codes of Libya -> the district names GeoNames uses (admin1CodesASCII, LY.NN).
LY_ADMIN1: dict[str, str] = {
    "63": "Al Jabal al Akhdar",
    "64": "Al Jufrah",
    "65": "Al Kufrah",
    "66": "Al Marj",
    "67": "An Nuqat al Khams",
    "68": "Az Zawiyah",
    "69": "Banghazi",
    "70": "Darnah",
    "71": "Ghat",
    "72": "Misratah",
    "73": "Murzuq",
    "74": "Nalut",
    "75": "Sabha",
    "76": "Surt",
    "77": "Tripoli",
    "78": "Wadi ash Shati'",
    "79": "Al Butnan",
    "80": "Jabal al Gharbi",
    "81": "Al Jafarah",
    "82": "Al Marqab",
    "83": "Al Wahat",
    "84": "Wadi al Hayat",
}


def settlement_kind(population: int | None) -> str:
    if population and population >= 50_000:
        return "city"
    if population and population >= 5_000:
        return "town"
    return "village"


def read_utf8(path: str | Path) -> str:
    """The text of a file that must be UTF-8 (a BOM is accepted).

    A wrong encoding (UTF-16, cp1256 ...) is reported with the line of the first undecodable byte,
    which is where a user would look in an editor.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise GazetteerFileError(str(path), "no such file") from None
    except OSError as exc:
        raise GazetteerFileError(str(path), f"cannot read file ({exc.strerror or exc})") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise GazetteerFileError(str(path), "file is UTF-16; save it as UTF-8", 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise GazetteerFileError(
            str(path), f"not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8", line
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise GazetteerFileError(str(path), "NUL characters in text (UTF-16 without a BOM?)", line)
    return text.removeprefix("\ufeff")


def parse_coordinate(value: str, axis: str, path: str, line: int | None) -> float:
    """A latitude (``axis == "lat"``) or longitude in decimal degrees, range-checked."""
    limit = 90.0 if axis == "lat" else 180.0
    try:
        x = float(str(value).strip())
    except (TypeError, ValueError):
        raise GazetteerFileError(path, f"{axis} {str(value)[:40]!r} is not a number", line) from None
    if not math.isfinite(x) or not -limit <= x <= limit:
        raise GazetteerFileError(path, f"{axis} {x} is outside -{limit:g}..{limit:g}", line)
    return x


def parse_population(value: str | int | None, path: str, line: int | None) -> int | None:
    if value is None:
        return None
    s = str(value).strip().replace(",", "").replace(" ", "")
    if not s:
        return None
    try:
        n = int(float(s))
    except ValueError:
        raise GazetteerFileError(path, f"population {str(value)[:40]!r} is not a number", line) from None
    if n < 0:
        raise GazetteerFileError(path, f"population {n} is negative", line)
    return n or None


def split_variants(value: str | None, sep: str = "|") -> list[str]:
    if not value:
        return []
    return [v.strip() for v in value.split(sep) if v.strip()]


def slug(text: str) -> str:
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", s).strip("_") or "x"


_LATIN_WORD = re.compile(r"^[a-z]+$")
_VOWELS = set("aeiouy")
_SCRIPT_OK = re.compile(r"^[\s\-'’`.()A-Za-z\u00c0-\u024f\u1e00-\u1eff\u02bb\u02bc\u02be\u02bf\u0300-\u036f]+$")


def is_latin(name: str) -> bool:
    return bool(_SCRIPT_OK.match(name)) and any(c.isalpha() for c in name)


def keep_alternate_name(name: str) -> bool:
    """Whether a GeoNames alternate name is worth indexing.

    Arabic-script names are kept.  Latin names are kept unless they are codes (TOB, LY) or the
    consonant-only romanisations of the Arabic spelling that GeoNames carries ("tbrq", "twbrwq",
    "qryt slwq"), or syllable-split romanisations of East Asian names ("tu bo lu ge"): those would
    only produce false matches.
    """
    name = name.strip()
    if not name:
        return False
    if is_arabic(name):
        # Mixed-script forms ("msratہ") are transliteration debris.
        return all(ch.isspace() or ch in "-'" or is_arabic(ch) for ch in name)
    if not is_latin(name):
        return False
    if name.isupper() and len(name) <= 4:
        return False
    if not any(ch.isupper() for ch in name):
        # GeoNames capitalises real names; all-lower-case alternates are machine romanisations of
        # other scripts ("msrath", "misarataha", "tobruka", "tu bo lu ge").
        return False
    words = fold(name).split()
    if not words or sum(len(w) for w in words) <= 2:
        return False
    for w in words:
        if len(w) >= 3 and _LATIN_WORD.match(w) and not (set(w) & _VOWELS):
            return False
    if len(words) >= 3 and sum(len(w) <= 2 for w in words) * 2 >= len(words):
        return False
    return True


def dedupe(names: list[str]) -> tuple[str, ...]:
    """Names in first-seen order without exact duplicates or empties."""
    return tuple(n for n in dict.fromkeys(n.strip() for n in names) if n)


def read_csv_rows(
    path: str | Path, required: tuple[str, ...]
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and (line number, row) pairs of a UTF-8 CSV that must have the ``required`` columns.

    Rows whose field count differs from the header's are errors (a stray comma in a name shifts
    every later column, which would otherwise surface as a baffling coordinate error).
    """
    import csv
    import io

    text = read_utf8(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise GazetteerFileError(str(path), "empty file (expected a header row)", 1) from None
    except csv.Error as exc:
        raise GazetteerFileError(str(path), f"bad CSV: {exc}", 1) from None
    header = [h.strip().lower() for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        got = ",".join(header)[:80]
        raise GazetteerFileError(
            str(path), f"missing column(s) {', '.join(missing)} in header (found: {got})", 1
        )
    rows: list[tuple[int, dict[str, str]]] = []
    line = 1
    try:
        for fields in reader:
            line = reader.line_num
            if not fields or all(not f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                raise GazetteerFileError(
                    str(path), f"{len(fields)} fields, the header has {len(header)}", line
                )
            rows.append((line, dict(zip(header, fields, strict=True))))
    except csv.Error as exc:
        raise GazetteerFileError(str(path), f"bad CSV: {exc}", reader.line_num or line) from None
    return header, rows
