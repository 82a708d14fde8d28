"""``--workers`` reads a UTF-16 ``.jsonl`` corpus (little- or big-endian, with or without a byte-order
mark) as the single-process reader does: the partitions cut it at newline code units and give back the
same articles with the same ``doc`` ids and lines, and the commands give the same outputs on both paths.
A broken UTF-16 byte is the same one-line error (file and byte offset, exit 2) on both paths."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli.main import cli
from geo.distributed.partitions import plan_partitions, read_partition
from geo.inputs import InputError, read_articles

HAVE_DASK = all(importlib.util.find_spec(m) for m in ("distributed", "dask_geopandas"))
needs_dask = pytest.mark.skipif(
    not HAVE_DASK and os.environ.get("CONFLICTMAP_REQUIRE_SHARED") != "1",
    reason="Dask is not installed (pip install conflictmap[dask])",
)

# (codec, byte-order mark): every way a UTF-16 corpus comes
ENCODINGS = [("utf-16-le", b""), ("utf-16-be", b""), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")]
IDS = ["le", "be", "le-bom", "be-bom"]

# Arabic and Latin text of our own, with characters whose UTF-16 code units hold a newline byte on
# the wrong alignment (U+0A0A, U+0D0A, U+0A00) and a character outside the BMP (a surrogate pair),
# so that a cut at a byte 0x0A that is not a newline code unit would break an article.
ROWS = [
    {"id": "a1", "date": "2020-01-06", "text": "قصفت قوات الجيش مواقع في سرت صباح الاثنين."},
    {"date": "2020-01-07", "text": "اشتباكات عنيفة جنوب طرابلس ਊ ഊ ਀ أسفرت عن مقتل ثلاثة مقاتلين."},
    {"id": "a3", "date": "2020-01", "text": "Clashes broke out near Misrata airport 𝔸 on Tuesday."},
    {"id": "a4", "text": "سيطرت قوات حكومة الوفاق على مدينة غريان بعد معارك.", "title": "غريان"},
]


def _utf16_corpus(path: Path, codec: str, bom: bytes, copies: int = 40) -> Path:
    lines = []
    for k in range(copies):
        for row in ROWS:
            r = dict(row)
            if "id" in r:
                r["id"] = f"{r['id']}-{k}"
            r["text"] += f" ({k})"
            lines.append(json.dumps(r, ensure_ascii=False))
    path.write_bytes(bom + ("\n".join(lines) + "\n").encode(codec))
    return path


@pytest.mark.parametrize(("codec", "bom"), ENCODINGS, ids=IDS)
def test_partitions_of_a_utf16_corpus_read_what_the_plain_reader_reads(tmp_path: Path, codec: str,
                                                                        bom: bytes) -> None:
    path = _utf16_corpus(tmp_path / "c.jsonl", codec, bom)
    single = list(read_articles([str(path)]))
    for block in (path.stat().st_size // 9 + 1, 101, 1 << 20):  # odd sizes too: cuts land on code units
        parts = plan_partitions([str(path)], block_bytes=block)
        placed = [p for part in parts for p in read_partition(part)]
        assert [p.article for p in placed] == single
        assert [p.line for p in placed] == list(range(1, len(single) + 1))
        assert all(part.encoding == codec for part in parts)
    assert len(plan_partitions([str(path)], block_bytes=101)) > 20  # it was really cut, and often
    # a line without an id is FILE:LINE on both paths
    assert single[1].doc == f"{path}:2" and "ਊ ഊ ਀" in single[1].text and "𝔸" in single[2].text


def test_a_utf8_corpus_still_cut_as_bytes(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS * 5), encoding="utf-8")
    parts = plan_partitions([str(path)], block_bytes=200)
    assert len(parts) > 2 and all(p.encoding is None for p in parts)
    assert [p.article for part in parts for p in read_partition(part)] == list(read_articles([str(path)]))


@pytest.mark.parametrize(("codec", "bom"), ENCODINGS, ids=IDS)
def test_a_broken_utf16_byte_is_the_same_error_on_both_paths(tmp_path: Path, codec: str, bom: bytes) -> None:
    path = _utf16_corpus(tmp_path / "c.jsonl", codec, bom, copies=10)
    data = bytearray(path.read_bytes())
    # a lone low surrogate, well inside the corpus, on a code unit boundary
    at = len(bom) + (len(data) - len(bom)) // 2 // 2 * 2
    data[at:at + 2] = "\udc00".encode(codec, "surrogatepass")
    path.write_bytes(bytes(data))
    with pytest.raises(InputError) as plain:
        list(read_articles([str(path)]))
    with pytest.raises(InputError) as dist:
        for part in plan_partitions([str(path)], block_bytes=300):
            list(read_partition(part))
    assert str(dist.value) == str(plain.value)
    assert f"not valid UTF-16 at byte {at}" in str(plain.value)


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _no_stamp(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "timestamp"} for r in records]


@pytest.fixture(scope="module")
def utf16_corpus(tmp_path_factory: pytest.TempPathFactory, shared_data: Path, seed_text: str) -> Path:
    """Real reporting (the SaudiNewsNet paragraphs and the seed) as UTF-16LE without a mark, the way a
    spreadsheet's "Unicode text" export comes."""
    from geo.distributed.corpus import write_corpus

    folder = tmp_path_factory.mktemp("dask-utf16")
    utf8 = folder / "utf8.jsonl"
    write_corpus(utf8, shared_data, seed_text, 300)
    path = folder / "utf16.jsonl"
    path.write_bytes(utf8.read_text(encoding="utf-8").encode("utf-16-le"))
    return path


@needs_dask
def test_events_of_a_utf16_corpus_equal_with_two_workers(utf16_corpus: Path, gazetteer_index: object) -> None:
    args = ["events", str(utf16_corpus), "--format", "json"]
    plain = _run(*args)
    dist = _run(*args, "--workers", "2")
    assert plain.exit_code == 0 and dist.exit_code == 0, dist.stderr
    events = json.loads(plain.stdout)
    assert len(events) >= 8
    assert _no_stamp(json.loads(dist.stdout)) == _no_stamp(events)


@needs_dask
def test_export_of_a_utf16_corpus_with_a_mark_equal_with_workers(tmp_path: Path, utf16_corpus: Path,
                                                                 gazetteer_index: object) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xfe\xff" + utf16_corpus.read_bytes().decode("utf-16-le").encode("utf-16-be"))
    plain, dist = tmp_path / "plain.geojson", tmp_path / "dist.geojson"
    res = _run("export", str(path), "-o", str(plain))
    assert res.exit_code == 0, res.stderr
    res = _run("export", str(path), "-o", str(dist), "--workers", "1")
    assert res.exit_code == 0, res.stderr
    a, b = json.loads(plain.read_text()), json.loads(dist.read_text())

    def features(fc: dict) -> list[dict]:
        out = []
        for f in fc["features"]:
            props = {k: v for k, v in f["properties"].items() if k != "timestamp"}
            out.append({**f, "properties": props})
        return out

    kinds = [f["properties"]["kind"] for f in a["features"]]
    assert kinds.count("event") >= 8 and "control_area" in kinds
    assert features(b) == features(a)


@needs_dask
def test_a_broken_utf16_corpus_is_one_line_and_exit_2_with_workers(tmp_path: Path, gazetteer_index: object) -> None:
    path = _utf16_corpus(tmp_path / "c.jsonl", "utf-16-le", b"", copies=5)
    data = bytearray(path.read_bytes())
    at = len(data) // 4 * 2
    data[at:at + 2] = "\udc00".encode("utf-16-le", "surrogatepass")
    path.write_bytes(bytes(data))
    out = tmp_path / "o.geojson"
    plain = _run("export", str(path), "-o", str(out))
    dist = _run("export", str(path), "-o", str(out), "--workers", "1")
    assert plain.exit_code == dist.exit_code == 2
    assert dist.stderr == plain.stderr and len(dist.stderr.strip().splitlines()) == 1
    assert f"not valid UTF-16 at byte {at}" in dist.stderr
    assert not out.exists()
