"""Whatever bytes an input holds, the input layer answers with articles or one InputError (exit 2), never
another exception: random bytes as a text file, a .jsonl, .json or .csv corpus, a .meta.json, and URLs in
every field (hypothesis, a bounded number of examples)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.acled import AcledError, read_acled
from geo.inputs import InputError, SkipLog, read_articles

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Bytes with the shapes that matter: magic numbers, BOMs, NULs, CSV and JSON punctuation, Arabic UTF-8.
_PIECES = st.sampled_from([b"%PDF-", b"PK\x03\x04", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\x00", b",", b"\t",
                           b'"', b"\n", b"\r\n", b"{", b"}", b"[", b"]", b":", b"<html>", b"<!ENTITY",
                           "سرت".encode(), "مصراتة".encode(), b"text", b"content", b"date", b"url", b"http://[",
                           b"event_id_cnty,event_date,event_type,actor1,latitude,longitude", b"\xd8", b"\x1f\x8b"])
BLOBS = st.lists(st.one_of(_PIECES, st.binary(max_size=12)), max_size=40).map(b"".join)

_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2**40, 2**40) | st.floats(allow_nan=True) |
    st.text(max_size=30) | st.sampled_from(["http://[", "2020-05-09", "2015-07-21 02:59:14", "سرت قصف", "\ud800"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
RECORDS = st.dictionaries(
    st.sampled_from(["text", "content", "body", "date", "published", "title", "url", "id", "source", "x"]),
    _VALUES, max_size=6)


def _read(name: str, data: bytes, skip: bool = False) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            for a in read_articles([str(path)], skipped=SkipLog() if skip else None):
                assert isinstance(a.text, str) and a.text.strip()
                assert a.date is None or len(a.date) in (7, 10)
        except InputError as exc:
            assert "\n" not in str(exc) and str(path) in str(exc) or "--" in str(exc)


@SETTINGS
@given(BLOBS, st.sampled_from(["a.txt", "c.jsonl", "c.json", "c.csv", "c.tsv", "page.html", "noext"]))
def test_random_bytes_are_articles_or_one_input_error(data: bytes, name: str) -> None:
    _read(name, data)
    _read(name, data, skip=True)


@SETTINGS
@given(st.lists(RECORDS, min_size=1, max_size=4))
def test_random_records_in_every_corpus_form(records: list[dict]) -> None:
    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode("utf-8", "surrogatepass")
    _read("c.jsonl", lines)
    _read("c.jsonl", lines, skip=True)
    _read("c.json", json.dumps(records).encode())


@SETTINGS
@given(RECORDS)
def test_random_meta_json(meta: dict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        art = Path(tmp) / "a.txt"
        art.write_text("قصف مدفعي على سرت", encoding="utf-8")
        (Path(tmp) / "a.meta.json").write_bytes(json.dumps(meta).encode())
        try:
            list(read_articles([str(art)]))
        except InputError as exc:
            assert "\n" not in str(exc)


@SETTINGS
@given(BLOBS)
def test_random_acled_rows_are_events_or_one_error(tail: bytes) -> None:
    head = b"event_id_cnty,event_date,event_type,actor1,latitude,longitude\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "e.csv"
        path.write_bytes(head + tail)
        try:
            for rec in read_acled(path):
                assert rec["x_origin"] == "acled" and -90 <= rec["latitude"] <= 90
        except AcledError as exc:
            assert "\n" not in str(exc)
