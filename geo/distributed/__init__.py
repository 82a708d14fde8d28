"""The ordinary pipeline over partitioned corpora on Dask (``pip install conflictmap[dask]``).

Nothing here imports dask at module level except ``engine`` and ``parquet``; the CLI imports those only
when ``--workers`` or ``--scheduler`` is given. The analysis is the single-process code
(``geo.pipeline.parse_article``, ``geo.events.fuse_events``): Dask only decides where it runs, and the
results are identical to a run without Dask (see ``tests/test_dask_equality.py``).

- ``partitions``: split inputs into partitions (many files, or byte-range blocks of one ``.jsonl``) that
  read back the very Articles the single-process reader yields (same ``doc`` and ``FILE:LINE`` ids).
- ``tasks``: what runs on a worker (the gazetteer index cached per worker process, parse a partition,
  fuse the events of one shuffle bucket).
- ``engine``: the client side (cluster, retries, progress, failed partitions, the shuffle for fusion).
- ``parquet``: events as a partitioned, Hilbert-sorted GeoParquet dataset through dask-geopandas.
- ``options``: the ``--workers/--scheduler/--skip-bad`` click options (no dask import).
"""
