"""Corpus records (a JSON object, a CSV row) as articles: which field holds the text, the date, the title...

Scraped corpora rarely name their fields ``text`` and ``date``: SaudiNewsNet has ``content`` and
``date_extracted``, others ``body``, ``full_text``, ``published`` or ``pubDate``. A ``FieldMap`` is decided
once per file, from its first record, and applied to every record; a record that has an optional field the
first one lacked (an ``id``, a ``url``) gets it too (``completed``). A guess that is not the contract's own
field name is said once on stderr, and a guess that could go two ways is an error asking for
``--text-field`` / ``--date-field``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

log = logging.getLogger(__name__)

# The contract's name first; then the names scraped corpora use, in no order of preference (two of them
# in one record is ambiguous).
TEXT_FIELDS = ("text", "content", "body", "article", "full_text", "fulltext", "article_text", "articletext",
               "article_body", "articlebody", "maintext", "main_text", "story", "text_content")
DATE_FIELDS = ("date", "date_extracted", "published", "pubdate", "pub_date", "publish_date", "published_at",
               "published_date", "date_published", "datepublished", "publication_date", "publishdate",
               "date_publish", "created_at", "datetime")
TITLE_FIELDS = ("title", "headline")
SOURCE_FIELDS = ("source", "outlet", "publisher", "sitename", "site_name", "source_name")
URL_FIELDS = ("url", "link", "canonical_url", "article_url")
ID_FIELDS = ("id", "doc_id", "article_id", "guid", "uuid", "_id")
LANGUAGE_FIELDS = ("language", "lang")

_announced: set[tuple[str, tuple[tuple[str, str], ...]]] = set()


class FieldError(ValueError):
    """The fields of a corpus cannot be told apart; the message is one line (without the file name)."""


@dataclass(frozen=True, slots=True)
class FieldMap:
    """Which key of a record gives each article field (None: the record has none)."""

    text: str
    date: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    id: str | None = None
    language: str | None = None

    def guessed(self) -> list[tuple[str, str]]:
        """(article field, record key) for every key that is not the contract's own name."""
        out = []
        for name in ("text", "date", "title", "source", "url", "id", "language"):
            key = getattr(self, name)
            if key is not None and key != name:
                out.append((name, key))
        return out


def _pick(keys: Mapping[str, str], names: Iterable[str], what: str, option: str | None) -> str | None:
    names = tuple(names)
    if names[0] in keys:
        return keys[names[0]]
    found = [keys[n] for n in names[1:] if n in keys]
    if len(found) > 1:
        hint = f"; name one with {option}" if option else ""
        raise FieldError(f"fields {', '.join(repr(f) for f in found)} could each be the {what}{hint}")
    return found[0] if found else None


def _folded(name: str) -> str:
    return name.strip().lower().replace("-", "_").replace(" ", "_")


def _named_or_picked(cols: list[str], keys: dict[str, str], given: str | None, names: tuple[str, ...], what: str,
                     flag: str) -> str | None:
    """The field the user named with ``flag`` (which must be there), else the one field of ``names``."""
    if given is None:
        return _pick(keys, names, what, flag)
    if given not in cols:
        raise FieldError(f"{flag} {given!r} is not a field here (fields: {_list(cols)})")
    return given


def guess_fields(columns: Iterable[str], text_field: str | None = None, date_field: str | None = None) -> FieldMap:
    """The field map for records with these keys; FieldError when there is no text field or two could be."""
    cols = [c for c in columns if isinstance(c, str)]
    keys: dict[str, str] = {}
    for c in cols:
        keys.setdefault(_folded(c), c)
    text = _named_or_picked(cols, keys, text_field, TEXT_FIELDS, "article text", "--text-field")
    if text is None:
        raise FieldError(f"no article text field (fields: {_list(cols)}); name it with --text-field")
    date = _named_or_picked(cols, keys, date_field, DATE_FIELDS, "publication date", "--date-field")
    others = {name: _pick(keys, names, name, None) for name, names in (
        ("title", TITLE_FIELDS), ("source", SOURCE_FIELDS), ("url", URL_FIELDS), ("id", ID_FIELDS),
        ("language", LANGUAGE_FIELDS))}
    taken = {text, date}
    others = {k: (v if v not in taken else None) for k, v in others.items()}
    return FieldMap(text=text, date=date, **others)


_OPTIONAL = (("date", DATE_FIELDS), ("title", TITLE_FIELDS), ("source", SOURCE_FIELDS), ("url", URL_FIELDS),
             ("id", ID_FIELDS), ("language", LANGUAGE_FIELDS))


@lru_cache(maxsize=512)
def completed(fields: FieldMap, keys: tuple[str, ...]) -> FieldMap:
    """``fields`` for one record with these keys: the optional fields the file's map lacks (its first
    record had no ``id`` or ``url``) taken from the record's own keys, by the same names as
    ``guess_fields``. FieldError when two of the record's keys could each be one of them.

    Cached: a corpus has few distinct sets of keys, and a record is mapped once per line.
    """
    missing = [(name, names) for name, names in _OPTIONAL if getattr(fields, name) is None]
    if not missing:
        return fields
    taken = {v for v in (getattr(fields, f) for f in ("text", *(n for n, _ in _OPTIONAL))) if v is not None}
    folded: dict[str, str] = {}
    for k in keys:
        if isinstance(k, str) and k not in taken:
            folded.setdefault(_folded(k), k)
    found = {}
    for name, names in missing:
        key = _pick(folded, names, "publication date" if name == "date" else name,
                    "--date-field" if name == "date" else None)
        if key is not None and key not in found.values():
            found[name] = key
    return replace(fields, **found) if found else fields


def _list(cols: list[str], limit: int = 8) -> str:
    shown = ", ".join(repr(c[:30]) for c in cols[:limit])
    return shown + (f", … ({len(cols)} in all)" if len(cols) > limit else "") if cols else "none"


def announce(name: str, fields: FieldMap) -> None:
    """Say once per file and mapping which fields were taken for what (nothing when all are the contract's)."""
    guessed = tuple(fields.guessed())
    if not guessed or (name, guessed) in _announced:
        return
    _announced.add((name, guessed))
    said = ", ".join(f"{field} from {key!r}" for field, key in guessed)
    log.warning("%s: reading %s (--text-field/--date-field choose others)", name, said)


_ISO_STAMP = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$",
    re.IGNORECASE)
_SLASHED = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def date_of(value: object) -> str | None:
    """A publication date as YYYY-MM-DD / YYYY-MM from the forms corpora use, or None when it is none of them.

    ISO dates and timestamps (the day as written, whatever the offset: that is the day the outlet printed),
    RFC 2822 (RSS ``pubDate``), ``YYYY/MM/DD``, ``YYYYMMDD`` and Unix time in seconds or milliseconds.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        # Unix time, seconds or milliseconds; a small number (2020) is a year or a mistake, not a date
        seconds = float(value) / (1000 if value > 1e11 else 1)
        if not 1e8 < seconds < 4102444800:  # 1973 .. 2100
            return None
        return dt.datetime.fromtimestamp(seconds, dt.UTC).date().isoformat()
    if not isinstance(value, str):
        return None
    s = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}(?:-\d{2})?", s):
        return s
    m = _ISO_STAMP.match(s) or _SLASHED.match(s) or _COMPACT.match(s)
    if m:
        y, mo, d = (int(g) for g in m.groups()[:3])
        try:
            return dt.date(y, mo, d).isoformat()
        except ValueError:
            return None
    if re.search(r"[A-Za-z]{3}", s):
        try:
            parsed = email.utils.parsedate_to_datetime(s)
        except (TypeError, ValueError, IndexError):
            return None
        return parsed.date().isoformat() if parsed else None
    return None
