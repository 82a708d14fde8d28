"""The article in a web page: main text, title, date, outlet and language (trafilatura), never the
navigation, adverts or comments around it, and never markup."""

from __future__ import annotations

import logging
import re
import warnings
from dataclasses import dataclass
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

_LANG = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN = re.compile(r"[A-Za-z]")
_FRENCH = re.compile(r"\b(?:les|des|une|dans|avec|selon|à|été|près)\b", re.IGNORECASE)
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class Page:
    text: str
    title: str | None
    date: str | None
    source: str | None
    language: str | None
    url: str | None


def language_of(text: str, html: str = "") -> str | None:
    """The page's declared language (``<html lang>``), else the script and function words of its text."""
    m = _LANG.search(html[:4096])
    if m:
        return m.group(1).lower()
    sample = text[:5000]
    arabic, latin = len(_ARABIC.findall(sample)), len(_LATIN.findall(sample))
    if arabic > latin:
        return "ar"
    if latin:
        return "fr" if len(_FRENCH.findall(sample)) >= 3 else "en"
    return None


def extract_page(html: str, url: str | None, fetched_day: str | None = None) -> Page | None:
    """The main text and metadata of a page, or None when it holds no article text.

    A date is kept only when the page states one (its metadata or a visible date), never the day of
    fetching that date extractors fall back on.
    """
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
            favor_precision=True, date_extraction_params={"extensive_search": False, "original_date": True},
        )
    if doc is None:
        return None
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = str(meta.get("text") or "").strip()
    if not text:
        return None
    title = str(meta.get("title") or "").strip() or None
    if title:
        first, _, rest = text.partition("\n")
        if first.strip() == title and rest.strip():
            text = rest.strip()  # the headline is the title field, not the article's first sentence
    date = str(meta.get("date") or "")[:10]
    if not _DAY.match(date) or date == fetched_day or date == str(meta.get("filedate") or "")[:10]:
        date = ""
    host = urlsplit(url).hostname if url else None
    source = str(meta.get("sitename") or "").strip() or (host.removeprefix("www.") if host else None)
    return Page(text=text, title=title, date=date or None, source=source, language=language_of(text, html), url=url)
