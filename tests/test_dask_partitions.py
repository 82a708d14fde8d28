"""Partitions of a corpus read back exactly what the single-process reader yields (no Dask needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.distributed.partitions import plan_partitions, read_partition
from geo.inputs import InputError, SkippedLine, read_articles

ARTICLES = [
    {"id": "a1", "text": "اشتباكات عنيفة في محيط سرت", "date": "2020-01-06"},
    {"text": "قصف جوي على مطار معيتيقة في طرابلس", "date": "2020-01-07"},  # doc is FILE:LINE
    {"id": "a3", "text": "وصول تعزيزات إلى مصراتة", "date": "2020-01"},
    {"text": "Clashes south of Tripoli near Ain Zara", "date": "2020-01-08"},
]


def _write(path: Path, rows: list[object], *, bom: bool = True, blank_every: int = 3) -> Path:
    lines = []
    for i, row in enumerate(rows):
        lines.append(row if isinstance(row, str) else json.dumps(row, ensure_ascii=False))
        if i % blank_every == 1:
            lines.append("")  # blank lines count as lines in FILE:LINE ids
    data = "\n".join(lines).encode("utf-8") + b"\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def _read_all(parts, **kw):
    return [p.article for part in parts for p in read_partition(part, **kw)]


@pytest.mark.parametrize("block", [1, 7, 64, 150, 10_000])
def test_blocks_yield_the_articles_of_the_single_reader(tmp_path: Path, block: int) -> None:
    corpus = _write(tmp_path / "c.jsonl", ARTICLES * 25)
    expected = list(read_articles([str(corpus)]))
    parts = plan_partitions([str(corpus)], block_bytes=block)
    assert _read_all(parts) == expected
    # blocks tile the file, cut at line ends
    assert parts[0].start == 0 and parts[-1].end == corpus.stat().st_size
    assert all(a.end == b.start for a, b in zip(parts, parts[1:], strict=False))
    data = corpus.read_bytes()
    assert all(data[p.start - 1:p.start] == b"\n" for p in parts[1:])
    if block <= 150:
        assert len(parts) > 5


def test_line_numbers_of_blocks_are_file_line_numbers(tmp_path: Path) -> None:
    corpus = _write(tmp_path / "c.jsonl", ARTICLES * 40)
    parts = plan_partitions([str(corpus)], block_bytes=300)
    placed = [p for part in parts for p in read_partition(part)]
    docs = [p.article.doc for p in placed]
    lines = [p.line for p in placed]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)
    for p in placed:
        if p.article.doc.startswith(str(corpus)):
            assert p.article.doc == f"{corpus}:{p.line}"
    assert any(d.startswith(f"{corpus}:") for d in docs)


def test_many_files_and_plain_text_keep_input_order(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.jsonl", ARTICLES, bom=False)
    txt = tmp_path / "خبر.txt"
    txt.write_text("سيطرت قوات حكومة الوفاق على غريان", encoding="utf-8")
    b = _write(tmp_path / "b.jsonl", ARTICLES[::-1])
    paths = [str(a), str(txt), str(b)]
    parts = plan_partitions(paths, block_bytes=50, date="2020-02-01")
    assert _read_all(parts, date="2020-02-01") == list(read_articles(paths, "2020-02-01"))
    assert [p.file_index for p in parts] == sorted(p.file_index for p in parts)


def test_bad_line_raises_with_its_file_line_or_is_skipped(tmp_path: Path) -> None:
    rows: list[object] = [*ARTICLES, "{not json", *ARTICLES]  # line 6: a blank line follows row 2
    corpus = _write(tmp_path / "c.jsonl", rows, blank_every=1000)
    parts = plan_partitions([str(corpus)], block_bytes=40)
    with pytest.raises(InputError, match=rf"{corpus.name}:6: not valid JSON"):
        _read_all(parts)
    skipped: list[SkippedLine] = []
    got = [p.article for part in parts for p in read_partition(part, skipped=skipped)]
    single_skipped: list[SkippedLine] = []
    assert got == list(read_articles([str(corpus)], skipped=single_skipped))
    assert skipped == single_skipped and skipped[0].line == 6


def test_missing_input_is_reported_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        plan_partitions([str(tmp_path / "absent.jsonl")])
    with pytest.raises(InputError, match="directory"):
        plan_partitions([str(tmp_path)])


def test_empty_file_has_no_partition(tmp_path: Path) -> None:
    empty = tmp_path / "e.jsonl"
    empty.write_bytes(b"")
    assert plan_partitions([str(empty)]) == []
