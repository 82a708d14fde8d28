"""The canonical form of an article's URL, and the stable id made from it."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that track the reader, not the article.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "at_")
_TRACKING = frozenset({"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "ocid", "cmpid", "ref",
                       "ref_src", "spm", "share", "amp", "output"})


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, no tracking parameters, ``/`` for an
    empty path; the rest (path case, parameter order) is kept: servers may tell those apart."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()  # not a URL: the request says so, in one line
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_TRACKING_PREFIXES) and k.lower() not in _TRACKING]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query, doseq=True), ""))


def article_id(url: str) -> str:
    """A stable id for an article: a hash of its canonical URL (the same page, however linked, one id)."""
    return "web-" + hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:20]
