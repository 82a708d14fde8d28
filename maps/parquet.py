"""GeoParquet of events (geopandas' writer: GeoParquet 1.x metadata, WKB geometry, date32 dates)."""

from __future__ import annotations

import os
from typing import Any

from maps.atomic import atomic_path, describe_failure
from maps.frames import for_file, frames


def write_events_parquet(path: str | os.PathLike[str], analysis: Any) -> int:
    """Write the Libyan events atomically; returns how many were written."""
    gdf = for_file(frames(analysis)["events"])
    with atomic_path(path, suffix=".parquet") as tmp:
        try:
            gdf.to_parquet(tmp, index=False, compression="zstd", write_covering_bbox=True)
        except OSError as exc:  # pyarrow's errors carry the errno in their text only
            raise describe_failure(path, "the GeoParquet file", exc) from None
    return len(gdf)
