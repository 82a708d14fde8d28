"""``conflictmap store copy SRC DST``: an event store into another, either backend into either.

Each stored article is ingested into DST with the mention and event records it was ingested with (one
transaction per article, so an interrupted copy resumes where it stopped, and articles DST already holds
are skipped); DST derives its events the way SRC did, so a copy into an empty store holds the same events.
Reviews are taken when newer than DST's own, and audit rows DST lacks are appended.

A GeoPackage store of schema 1 (made by the first conflictmap, which kept merged events but not each
article's reports) is copied by analysing its stored article texts again: DST then holds what ``ingest`` of
those articles gives today.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from maps.store import StoreError, is_store_url, open_store, store_name

if TYPE_CHECKING:
    from geo.progress import Progress


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


def _schema1_articles(src: str | os.PathLike[str]) -> list[object] | None:
    """The articles of a schema-1 GeoPackage store, or None when ``src`` is not one."""
    import sqlite3

    if is_store_url(src) or not Path(src).is_file():
        return None
    try:
        uri = Path(src).resolve().as_uri() + "?mode=ro"
        with sqlite3.connect(uri, uri=True) as conn:
            row = conn.execute("SELECT value FROM cm_meta WHERE key='schema'").fetchone()
            if not row or row[0] != "1":
                return None
            rows = conn.execute("SELECT doc, text, date, title, source, url, language FROM articles "
                                "ORDER BY fid").fetchall()
    except sqlite3.Error:
        return None
    from geo.article import Article

    # schema 1 did not record whether a doc was an explicit id; a FILE:LINE, a path or - is not one
    def explicit(doc: str) -> str | None:
        looks_like_file = doc == "-" or "/" in doc or doc.rsplit(":", 1)[-1].isdigit() or doc.endswith(".txt")
        return None if looks_like_file else doc

    return [Article(doc=d, text=t, date=dt, title=ti, source=so, url=u, language=la, id=explicit(d))
            for d, t, dt, ti, so, u, la in rows]


def copy_store(src: str | os.PathLike[str], dst: str | os.PathLike[str],
               progress: Progress | None = None) -> CopyResult:
    """Every article of ``src`` (with its events, reviews and audit) into ``dst``; ``progress`` is told
    the number of articles, then of each one copied."""
    from geo.progress import Progress as Display

    shown = progress if progress is not None else Display("store copy", enabled=False)
    if same_store(src, dst):
        raise StoreError(f"{store_name(dst)}: is the source store itself")
    out = CopyResult()
    old = _schema1_articles(src)
    if old is not None:
        from geo.pipeline import analyse

        shown.set_total(len(old))
        with open_store(dst) as target:
            for article in old:
                shown.advance()
                if target.has_content(article.text):  # type: ignore[attr-defined]
                    out.unchanged += 1
                    continue
                an = analyse([article], control=False)  # type: ignore[list-item]
                res = target.ingest(article, an.places, an.events)
                setattr(out, res.status, getattr(out, res.status) + 1)
            if out.added or out.revised:
                target.refresh_control()
            out.events = target.counts()["events"]
        return out
    with open_store(src, create=False, readonly=True) as source, open_store(dst) as target:
        shown.set_total(source.counts().get("articles"))
        for stored in source.articles():
            res = target.ingest(stored.article, stored.places, stored.events, ingested_at=stored.ingested_at)
            setattr(out, res.status, getattr(out, res.status) + 1)
            shown.advance()
        out.reviews = target.add_reviews(source.reviews(), source.audit())
        if out.added or out.revised or out.reviews:
            target.refresh_control()
        out.events = target.counts()["events"]
    return out
