"""The fetch cache on disk: pages already extracted, feeds with their validators, robots.txt files.

One small JSON file per key under ``<cache dir>/fetch/``, written atomically (temporary file + rename),
so that an interrupted run leaves every finished entry usable. A second run reads a known page from
here and sends no request for it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def cache_root() -> Path:
    base = os.environ.get("CONFLICTMAP_CACHE_DIR")
    if not base:
        import platformdirs

        base = platformdirs.user_cache_dir("conflictmap")
    return Path(base) / "fetch"


class FetchCache:
    def __init__(self, root: Path | None = None) -> None:
        self.root = root or cache_root()

    def _path(self, kind: str, key: str) -> Path:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return self.root / kind / digest[:2] / f"{digest}.json"

    def get(self, kind: str, key: str) -> dict[str, Any] | None:
        path = self._path(kind, key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, RecursionError):
            log.warning("fetch cache entry %s is unreadable; fetching again", path)
            return None
        return data if isinstance(data, dict) and data.get("key") == key else None

    def put(self, kind: str, key: str, value: dict[str, Any]) -> None:
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({**value, "key": key}, fh, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("could not write the fetch cache %s: %s", path, exc.strerror or exc)
