"""Opt-in online geocoding (``places --online``) for names the gazetteer lacks.

Unknown names are the words a locative head noun introduces (مدينة X, منطقة X, the town of X, near X) that
the gazetteer did not match. They are asked of Nominatim (its JSON search API), limited to Libya, through
the project's bounded client (``geo.net.http``: one request a second, an overall deadline per request, a
size cap, few redirects) with a proper user agent, at most ``MAX_NAMES_PER_ARTICLE`` names an article and
``MAX_LOOKUPS_PER_RUN`` requests a run; every answer (also "not found") is cached on disk,
so a second run is offline. A timeout, an HTTP error or a garbled answer leaves the name unresolved with a
warning; it never stops the run.

``CONFLICTMAP_NOMINATIM_URL`` points at another Nominatim-compatible server (tests use one on 127.0.0.1).
"""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from gazetteer.place import Place
from geo.article import Article
from geo.places.mention import Mention

log = logging.getLogger(__name__)

USER_AGENT = "conflictmap/0.1 (Libyan conflict news geoparser; offline-first)"
DEFAULT_URL = "https://nominatim.openstreetmap.org"

# Head nouns that introduce a place name, Arabic and English/French; the next one to three words are
# the candidate name.
_AR_HEAD = re.compile(
    r"(?:^|\s)[وفب]?(?:مدينة|مدينه|بلدة|بلده|منطقة|منطقه|قرية|قريه|حي|ضاحية|بلدية)\s+"
    r"(?P<name>(?:ال)?[\u0621-\u064a]{3,}(?:\s+(?:ال)?[\u0621-\u064a]{3,})?)"
)
_LATIN_HEAD = re.compile(
    r"\b(?:in|near|at|town of|city of|village of|area of|district of|outskirts of|à|près de|ville de)\s+"
    r"(?P<name>(?:(?:al|el|Al|El)[- ])?[A-Z][a-zà-ÿ'’-]{2,}"
    r"(?:\s+(?:al|el|bin|ben|Al|El|Bin|Ben)?\s*[A-Z][a-zà-ÿ'’-]{2,})?)"
)


# Words that end a name rather than continue it: directions, relatives, prepositions.
_STOP = frozenset(
    "شرق غرب جنوب شمال شرقي غربي جنوبي شمالي الشرقية الغربية الجنوبية الشمالية التي الذي التابعة بعد قبل "
    "منذ خلال حيث امس اليوم الليبية المجاورة قرب بالقرب قبالة عند حول جنوبا شمالا شرقا غربا "
    "east west south north on in of and near after".split()
)


def _trim(name: str) -> str:
    words = name.split()
    kept = [words[0]]
    for w in words[1:]:
        if w in _STOP or w.lower() in _STOP:
            break
        kept.append(w)
    return " ".join(kept)


def cache_path() -> Path:
    base = os.environ.get("CONFLICTMAP_CACHE_DIR")
    if not base:
        import platformdirs

        base = platformdirs.user_cache_dir("conflictmap")
    return Path(base) / "geocode-cache.json"


def unknown_names(article: Article, mentions: list[Mention]) -> list[tuple[str, int, int]]:
    """(name, start, end) of candidate place names that no mention covers."""
    covered = [(m.start, m.end) for m in mentions]
    out: list[tuple[str, int, int]] = []
    seen: set[tuple[int, int]] = set()
    for pat in (_AR_HEAD, _LATIN_HEAD):
        for m in pat.finditer(article.text):
            s = m.start("name")
            e = s + len(_trim(m.group("name")))
            if (s, e) in seen or any(s < ce and cs < e for cs, ce in covered):
                continue
            seen.add((s, e))
            out.append((article.text[s:e], s, e))
    return out


MAX_NAMES_PER_ARTICLE = 20  # candidate names asked per article (a list of villages is not 5,000 requests)
MAX_LOOKUPS_PER_RUN = 300  # requests per run: five minutes at Nominatim's one a second
MAX_ANSWER_BYTES = 1 << 20  # a Nominatim answer of one place is a few kB


class OnlineGeocoder:
    """Nominatim through the bounded client (``geo.net.http``: an overall deadline per request, a size cap,
    few redirects, one request a second) and a disk cache, with a cap on requests per run."""

    def __init__(self, url: str | None = None, cache_file: Path | None = None, min_delay: float = 1.0,
                 timeout: float = 10.0, max_lookups: int = MAX_LOOKUPS_PER_RUN,
                 max_bytes: int = MAX_ANSWER_BYTES) -> None:
        from geo.net.http import HttpClient, Limits

        url = url or os.environ.get("CONFLICTMAP_NOMINATIM_URL") or DEFAULT_URL
        self.base = url.rstrip("/")
        self.client = HttpClient(
            Limits(deadline=timeout, max_bytes=max_bytes, max_redirects=3, retries=1, backoff=min_delay,
                   min_interval=min_delay),
            user_agent=USER_AGENT,
        )
        self.max_lookups = max_lookups
        self.lookups = 0
        self._capped = False
        self.cache_file = cache_file or cache_path()
        self.cache: dict[str, Any] = self._load_cache()

    def _load_cache(self) -> dict[str, Any]:
        try:
            data = json.loads(self.cache_file.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            log.warning("geocoding cache %s is unreadable; starting a new one", self.cache_file)
            return {}

    def _save_cache(self) -> None:
        try:
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.cache_file.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.cache, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.cache_file)
        except OSError as exc:
            log.warning("could not write the geocoding cache %s: %s", self.cache_file, exc)

    def lookup(self, name: str) -> dict[str, Any] | None:
        """A cached or fresh answer {lat, lon, display_name, osm_type, osm_id, type} or None."""
        if name in self.cache:
            return self.cache[name]
        if self.lookups >= self.max_lookups:
            if not self._capped:
                log.warning("online geocoding: %d requests made, the cap for one run; further unknown names "
                            "stay unresolved (run again to go on: answers so far are cached)", self.max_lookups)
                self._capped = True
            return None
        self.lookups += 1
        from geo.net.http import HttpError

        query = urlencode({"q": name, "format": "jsonv2", "countrycodes": "ly", "limit": 1,
                           "accept-language": "ar,en", "addressdetails": 1})
        try:
            resp = self.client.get(f"{self.base}/search?{query}")
        except HttpError as exc:
            log.warning("online geocoding of %r failed: %s", name, exc)
            return None  # not cached: a later run may succeed
        if resp.status != 200:
            log.warning("online geocoding of %r failed: HTTP %d", name, resp.status)
            return None
        try:
            hits = json.loads(resp.body.decode("utf-8"))
            if not isinstance(hits, list):
                raise ValueError("not a list of places")
            answer = _answer(hits[0]) if hits else None
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError, UnicodeDecodeError) as exc:
            log.warning("online geocoder gave an unusable answer for %r: %s", name, " ".join(str(exc).split())[:100])
            return None
        self.cache[name] = answer
        self._save_cache()
        return answer


def _answer(raw: object) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ValueError("a place is not an object")
    lat, lon = float(raw["lat"]), float(raw["lon"])
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError("coordinates out of range")
    address = raw.get("address") if isinstance(raw.get("address"), dict) else {}
    return {
        "lat": lat, "lon": lon, "display_name": str(raw.get("display_name", ""))[:300],
        "osm_type": str(raw.get("osm_type", ""))[:20], "osm_id": str(raw.get("osm_id", ""))[:20],
        "type": str(raw.get("type", ""))[:40], "country_code": str(address.get("country_code", "ly"))[:2].upper(),
    }


_default: OnlineGeocoder | None = None


def default_geocoder() -> OnlineGeocoder:
    """One geocoder per run, so that its rate limit and its cap on requests hold across articles."""
    global _default
    if _default is None:
        _default = OnlineGeocoder()
    return _default


def geocode_unknown(article: Article, mentions: list[Mention], geocoder: OnlineGeocoder | None = None) -> list[Mention]:
    """Mentions for names the gazetteer lacks, found online (confidence capped at 0.5)."""
    names = unknown_names(article, mentions)
    if not names:
        return []
    if len(names) > MAX_NAMES_PER_ARTICLE:
        log.warning("%s: %d names the gazetteer lacks; only the first %d are looked up online", article.doc,
                    len(names), MAX_NAMES_PER_ARTICLE)
        names = names[:MAX_NAMES_PER_ARTICLE]
    geocoder = geocoder or default_geocoder()
    out: list[Mention] = []
    for name, start, end in names:
        ans = geocoder.lookup(name)
        if ans is None:
            continue
        place = Place(
            id=f"nominatim:{ans.get('osm_type') or 'x'}/{ans.get('osm_id') or name}",
            name=ans.get("display_name", name).split(",")[0] or name,
            lat=ans["lat"], lon=ans["lon"], kind="village", country=ans.get("country_code") or "LY",
            name_ar=name if re.search(r"[\u0600-\u06ff]", name) else None, source="nominatim",
        )
        out.append(Mention(
            doc=article.doc, surface=article.text[start:end], start=start, end=end, place=place,
            lat=place.lat, lon=place.lon, precision=1, confidence=0.5, evidence=("online",),
        ))
    return out
