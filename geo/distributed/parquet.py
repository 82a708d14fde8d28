"""Events as a partitioned GeoParquet dataset through dask-geopandas: fused across partitions, then
sorted along a Hilbert curve so that each file covers a compact area (readers skip files by bbox).

The rows are those of ``maps.parquet.write_events_parquet`` (Libyan events, the same columns); the
column types are fixed rather than inferred, so that every part file has one schema. The dataset is a
directory written beside the target and renamed into place: a failure leaves no partial output.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from geo.distributed.engine import Run
from geo.distributed.tasks import frame_events
from geo.events.model import ALL_COLUMNS


def _dtype(col: str) -> Any:
    import pyarrow as pa

    from maps.frames import DATE_COLUMNS, INT_COLUMNS, REAL_COLUMNS

    if col in DATE_COLUMNS:
        return pd.ArrowDtype(pa.date32())
    if col == "timestamp":
        return pd.DatetimeTZDtype(unit="us", tz="UTC")
    # x_surface_start/_end and any later offset pair are integers too (maps.frames lists the older ones)
    if col in INT_COLUMNS or col.endswith(("_start", "_end")):
        return "Int64"
    if col in REAL_COLUMNS:
        return "float64"
    if col == "x_low_confidence":
        return "boolean"  # as maps.frames infers it for the single-file export
    return "string"


def conform(gdf: Any) -> Any:
    """Every event column, in order, with its fixed type (missing columns filled with nulls)."""
    import geopandas as gpd

    cols = {}
    for col in ALL_COLUMNS:
        s = gdf[col] if col in gdf.columns else pd.Series([None] * len(gdf), index=gdf.index, dtype=object)
        cols[col] = s.astype(_dtype(col))
    return gpd.GeoDataFrame(cols, geometry=gdf.geometry.values, index=gdf.index, crs="EPSG:4326")


def events_geoframe(df: pd.DataFrame) -> Any:
    """A shuffle bucket of fused events as the GeoDataFrame the single-process export writes."""
    from geo.pipeline import Analysis
    from maps.frames import for_file, frames

    records = [e.to_record() for e in frame_events(df)]
    gdf = for_file(frames(Analysis(events=records))["events"])
    return conform(gdf.reset_index(drop=True))


def write_geoparquet(run: Run, output: str | os.PathLike[str], min_confidence: float = 0.0) -> int:
    """Write the run's fused events (at or above ``min_confidence``) as a Hilbert-sorted GeoParquet
    dataset (a directory); returns the number of rows."""
    import dask
    import dask_geopandas
    import numpy as np

    target = Path(output)
    client = run.client
    with dask.config.set({"dataframe.convert-string": False}):
        fused = run.event_frame(fuse=True)
        parts = fused.map_partitions(events_geoframe, meta=events_geoframe(fused._meta))
        if min_confidence > 0:
            parts = parts[parts["x_confidence"] >= min_confidence]
        dgdf = client.persist(dask_geopandas.from_dask_dataframe(parts, geometry="geometry"))
        # Divisions from the distances themselves (one integer per event): dask's own estimate of
        # them hangs on frames built from futures (dask 2026.8).
        hilbert = dgdf.hilbert_distance()
        values = np.sort(client.compute(hilbert, retries=run.retries).result().to_numpy())
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        from maps.atomic import follow_umask

        follow_umask(tmp, target)  # mkdtemp makes it 0700: the dataset is for others to read too
        try:
            if len(values) == 0:
                dgdf.compute().to_parquet(tmp / "part.0.parquet", index=False, compression="zstd")
            else:
                n = max(1, min(dgdf.npartitions, len(values)))
                cuts = np.quantile(values, np.linspace(0, 1, n + 1), method="nearest").astype("int64")
                divisions = sorted(set(cuts.tolist()))
                if len(divisions) == 1:
                    divisions = [divisions[0], divisions[0] + 1]
                ordered = dgdf.set_index(hilbert, divisions=divisions, sorted=False, shuffle_method="tasks")
                job = ordered.to_parquet(tmp, compute=False, write_index=False, compression="zstd")
                client.compute(job, retries=run.retries).result()
            rows = sum(pq_rows(p) for p in tmp.glob("*.parquet"))
            _replace_dir(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return rows


def pq_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


def _replace_dir(tmp: Path, target: Path) -> None:
    """Move the finished dataset into place; an earlier output (file or dataset) goes only after."""
    old = None
    if target.exists() or target.is_symlink():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
    os.replace(tmp, target)
    if old is not None:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)
