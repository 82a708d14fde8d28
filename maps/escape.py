"""Making hostile article text safe for HTML, for attributes, for URLs and for JSON inside <script>.

Every string that comes from an article (quotes, place names as written, actors, notes, titles, sources)
passes through ``esc`` before it is put in the map's payload; the browser-side code only ever
concatenates these pre-escaped strings, so no article text can become markup or script.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
# Characters that have no business in a popup: C0/C1 controls (except tab/newline) and the bidi
# embedding/override/isolate controls, which can flip how the surrounding (trusted) text reads.
_UNSAFE_CHARS = re.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]")


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean(text: object) -> str:
    """Text as a plain string, without control and bidi-override characters; a lone surrogate (which no
    UTF-8 page can hold) becomes U+FFFD."""
    if text is None:
        return ""
    return _SURROGATE.sub("\ufffd", _UNSAFE_CHARS.sub("", str(text)))


def esc(text: object) -> str:
    """HTML-escape text for element content and quoted attributes (quotes included)."""
    return html.escape(clean(text), quote=True)


def is_arabic(text: object) -> bool:
    """True when most letters are Arabic: the text is then shown right-to-left with ``lang="ar"``."""
    s = str(text or "")
    ar = len(_ARABIC.findall(s))
    la = len(_LATIN.findall(s))
    return ar > 0 and ar >= la


def dir_attrs(text: object) -> str:
    """``dir``/``lang`` attributes for a block of article text."""
    return ' dir="rtl" lang="ar"' if is_arabic(text) else ' dir="auto"'


def highlight(quote: object, surface: object, start: object = None, end: object = None) -> str:
    """The quote, escaped, with the place name wrapped in ``<mark>``.

    ``start``/``end`` are the name's offsets inside the quote when the coder gives them; they are
    trusted only when they point at the surface itself, else the first occurrence is marked.
    """
    q = clean(quote)
    s = clean(surface)
    i: int | None = None
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(q):
        if not s or q[start:end] == s:
            i, j = start, end
    if i is None and s:
        k = q.find(s)
        if k >= 0:
            i, j = k, k + len(s)
    if i is None:
        return html.escape(q, quote=True)
    return (
        html.escape(q[:i], quote=True)
        + "<mark>"
        + html.escape(q[i:j], quote=True)
        + "</mark>"
        + html.escape(q[j:], quote=True)
    )


def safe_url(url: object) -> str:
    """An http(s) URL, attribute-escaped; anything else (javascript:, data:, relative) is dropped."""
    u = clean(url).strip()
    if not u or any(c.isspace() for c in u):
        return ""
    try:
        parts = urlsplit(u)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    return html.escape(u, quote=True)


def script_json(obj: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element (no ``</script>``, no ``<!--``, no U+2028)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


_AR_FOLD = str.maketrans({"ٱ": "ا", "ة": "ه", "ى": "ي", "\u0640": None})
_NON_WORD = re.compile(r"[\s\-'’`ʿʾ.,_()]+")


def search_key(name: object) -> str:
    """The key the map's search box matches on; ``conflictmap.js`` folds the query the same way.

    Decompose (NFD) and drop every combining mark: Latin accents, Arabic diacritics and the hamza of
    أ/إ/آ/ؤ/ئ alike; then one alef, ة=ه, ى=ي, no tatweel, lower case, no spaces or hyphens, so that
    بو قرين finds بوقرين and Abu Grein finds Abugrein.
    """
    s = unicodedata.normalize("NFD", clean(name).lower())
    s = "".join(c for c in s if not unicodedata.category(c).startswith("M")).translate(_AR_FOLD)
    return _NON_WORD.sub("", s)
