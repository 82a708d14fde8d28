"""Text -> mentions -> places -> events -> control areas and front lines (middle layer)."""


def __getattr__(name: str) -> object:
    # The notebook API (geo.parse, geo.parse_corpus, geo.from_store) loads on first use, so that
    # `import geo` and the CLI's start-up never import geopandas.
    if name in ("parse", "parse_corpus", "from_store", "Result"):
        from geo import api

        return getattr(api, name)
    raise AttributeError(f"module 'geo' has no attribute {name!r}")
