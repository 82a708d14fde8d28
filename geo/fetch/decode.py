"""The text of a web page's bytes: charsets as servers declare them, and as they really are.

A declared charset is often wrong (a UTF-8 Arabic page served as ISO-8859-1 or windows-1256). Valid
UTF-8 of any length is almost never an accident in another encoding, so bytes that decode as UTF-8 are
read as UTF-8 whatever the header says; otherwise the header's charset, then the page's own ``<meta>``,
then windows-1256 for bytes in the Arabic range, then windows-1252 with replacement.
"""

from __future__ import annotations

import codecs
import re

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def header_charset(content_type: str) -> str | None:
    m = re.search(r"charset\s*=\s*\"?([^\";\s]+)", content_type or "", re.IGNORECASE)
    return _codec(m.group(1)) if m else None


def decode_page(body: bytes, content_type: str = "") -> tuple[str, str]:
    """(text, the codec used)."""
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", errors="replace"), "utf-8"
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        return body.decode("utf-16", errors="replace"), "utf-16"
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    meta = _META.search(body[:4096])
    for name in (header_charset(content_type), _codec(meta.group(1).decode("ascii", "ignore")) if meta else None):
        if name and name not in ("utf-8",):
            try:
                return body.decode(name), name
            except UnicodeDecodeError:
                continue
    high = sum(1 for b in body[:65536] if b >= 0xC0)
    guess = "cp1256" if high > 64 else "cp1252"
    return body.decode(guess, errors="replace"), guess
