"""The Libyan gazetteer: places, name keys, sources and the compiled index (bottom layer)."""

from gazetteer.place import Place

__all__ = ["Place"]
