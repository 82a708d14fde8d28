"""Large test and benchmark corpora made from real reporting: the Arabic news articles in
``../shared/data/arabic-text`` and the seed article, cut into paragraph-sized articles and repeated
under distinct ids, so that the same report reaches several partitions (cross-partition fusion).

Nothing from the reference data is stored in the project: the corpus is written where the caller says.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

SAUDINEWSNET = Path("arabic-text") / "saudinewsnet_libya_articles.jsonl"


def _chunks(text: str, max_chars: int) -> Iterator[str]:
    """Runs of whole paragraphs of at most ``max_chars`` (a longer paragraph stands alone)."""
    buf: list[str] = []
    size = 0
    for para in (p.strip() for p in text.split("\n")):
        if not para:
            continue
        if buf and size + len(para) > max_chars:
            yield "\n".join(buf)
            buf, size = [], 0
        buf.append(para)
        size += len(para) + 1
    if buf:
        yield "\n".join(buf)


def source_pieces(shared_data: Path, seed_text: str, max_chars: int = 600) -> list[dict[str, str]]:
    """Paragraph-sized pieces with their publication dates (the seed's is January 2020)."""
    pieces = [{"text": t, "date": "2020-01-15", "source": "seed"} for t in _chunks(seed_text, max_chars)]
    with (shared_data / SAUDINEWSNET).open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            date = (row.get("date_extracted") or "")[:10]
            for t in _chunks(row.get("content") or "", max_chars):
                pieces.append({"text": t, "date": date, "source": row.get("source") or "",
                               "title": row.get("title") or ""})
    return pieces


def corpus_rows(pieces: list[dict[str, str]], n: int, *, distinct: bool = False) -> Iterator[dict[str, str]]:
    """``n`` articles cycling over the pieces; every 7th has no id (its doc is FILE:LINE), every 11th
    only a month, so that every reader path is exercised. ``distinct``: each article is two pieces
    (a pair seen once per corpus up to ``len(pieces)**2`` articles), so that no text repeats whole
    and per-text caches do not flatter a long run; the paragraphs, and so the reports, still repeat."""
    m = len(pieces)
    for k in range(n):
        piece = pieces[(k * 7919) % m]  # a prime stride spreads repeats across partitions
        text = piece["text"]
        if distinct:
            text += "\n" + pieces[(k // m + k * 31 + 1) % m]["text"]
        row: dict[str, str] = {"text": text, "source": piece["source"]}
        if piece.get("title"):
            row["title"] = piece["title"]
        if k % 7 != 3:
            row["id"] = f"scale-{k:06d}"
        row["date"] = piece["date"][:7] if k % 11 == 5 else piece["date"]
        yield row


def write_corpus(path: Path, shared_data: Path, seed_text: str, n: int, *, files: int = 1,
                 max_chars: int = 600, distinct: bool = False) -> list[Path]:
    """Write ``n`` articles into ``files`` ``.jsonl`` files named after ``path`` (one file: ``path``)."""
    pieces = source_pieces(shared_data, seed_text, max_chars)
    targets = [path] if files == 1 else [path.with_name(f"{path.stem}-{i:03d}.jsonl") for i in range(files)]
    handles = [t.open("w", encoding="utf-8") for t in targets]
    try:
        for k, row in enumerate(corpus_rows(pieces, n, distinct=distinct)):
            handles[k * files // max(n, 1)].write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        for h in handles:
            h.close()
    return targets
