"""The Libyan gazetteer: places, name keys, sources and the compiled index (bottom layer).

``load_index()`` gives the compiled index (built on first use, cached on disk and in the process);
``index.search(name)`` / ``index.lookup(name)`` rank the places a name can mean.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gazetteer.errors import GazetteerFileError
from gazetteer.place import Place

if TYPE_CHECKING:
    from gazetteer.cache import import_source, load_index
    from gazetteer.index import GazetteerIndex, SearchHit, build_index

__all__ = ["GazetteerFileError", "GazetteerIndex", "Place", "SearchHit", "build_index", "import_source",
           "load_index"]

_LAZY = {
    "GazetteerIndex": "gazetteer.index", "SearchHit": "gazetteer.index", "build_index": "gazetteer.index",
    "load_index": "gazetteer.cache", "import_source": "gazetteer.cache",
}


def __getattr__(name: str) -> Any:
    # Lazy so that importing gazetteer.place or gazetteer.normalize stays cheap.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'gazetteer' has no attribute {name!r}")
