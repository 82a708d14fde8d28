"""``conflictmap store copy SRC DST``: an event store into another, either backend into either.

Each stored article is ingested into DST with the mention and event records it was ingested with (one
transaction per article, so an interrupted copy resumes where it stopped, and articles DST already holds
are skipped); DST derives its events the way SRC did, so a copy into an empty store holds the same events.
Reviews are taken when newer than DST's own, and audit rows DST lacks are appended.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from maps.store import StoreError, is_store_url, open_store, store_name


@dataclass(slots=True)
class CopyResult:
    added: int = 0
    unchanged: int = 0
    revised: int = 0
    reviews: int = 0
    events: int = 0


def same_store(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    if is_store_url(a) or is_store_url(b):
        return store_name(a) == store_name(b)
    pa, pb = Path(a), Path(b)
    if pa.exists() and pb.exists():
        return os.path.samefile(pa, pb)
    return pa.resolve() == pb.resolve()


def copy_store(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> CopyResult:
    if same_store(src, dst):
        raise StoreError(f"{store_name(dst)}: is the source store itself")
    out = CopyResult()
    with open_store(src, create=False, readonly=True) as source, open_store(dst) as target:
        for stored in source.articles():
            res = target.ingest(stored.article, stored.places, stored.events, ingested_at=stored.ingested_at)
            setattr(out, res.status, getattr(out, res.status) + 1)
        out.reviews = target.add_reviews(source.reviews(), source.audit())
        if out.added or out.revised or out.reviews:
            target.refresh_control()
        out.events = target.counts()["events"]
    return out
