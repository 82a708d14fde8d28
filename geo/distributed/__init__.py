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

Command line::

    conflictmap events corpus.jsonl --workers 4 --format csv -o events.csv
    conflictmap export 2011/*.jsonl 2012/*.jsonl --workers 8 -o libya.parquet   # a GeoParquet dataset
    conflictmap ingest corpus.jsonl --store events.gpkg --scheduler tcp://10.0.0.5:8786

``--workers N`` starts a local cluster of N processes (one thread each: the pipeline is pure Python);
``--scheduler`` uses a running cluster, whose workers must have conflictmap installed and see the input
paths and the gazetteer index path (a shared file system), else they build the default index themselves.
A ``.jsonl`` is cut into about four blocks per worker (64 KiB to 8 MiB each). Partitions that fail are
retried twice; ``--skip-bad`` then leaves one out by name instead of stopping, and skips bad lines.

Python::

    from geo.distributed.engine import open_client, run_corpus
    from geo.distributed.partitions import plan_partitions
    from geo.distributed.tasks import TaskOptions
    from geo.distributed.analysis import to_analysis

    with open_client(workers=4) as client:
        result = run_corpus(client, plan_partitions(["corpus.jsonl"]), TaskOptions(mode="analyse"))
    analysis = to_analysis(result)   # == geo.pipeline.analyse(read_articles(["corpus.jsonl"]))
"""
