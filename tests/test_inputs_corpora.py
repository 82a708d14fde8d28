"""Corpora that are not our .jsonl (other field names, .json arrays, .csv), files that are not articles
(recognised or refused with one line, exit 2), and the input-layer items of issue 12 (bad urls, nested or
broken .meta.json, UTF-16LE Arabic without a BOM, --skip-bad in constant memory). All fixtures are written
here; ../shared is read only by the tests marked so."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import Result

from geo.inputs import InputError, SkipLog, read_articles
from geo.records import date_of
from tests.cli_run import one_line_exit_2, run

AR = "قصفت قوات حفتر بالمدفعية الثقيلة حي أبو سليم في طرابلس يوم السبت، ما أدى إلى مقتل مدنيين اثنين."
EN = "Heavy clashes broke out on Tuesday between rival armed groups in the centre of Zawiya, residents said."


@pytest.fixture(autouse=True)
def _index(gazetteer_index: object) -> None:
    """The built-in gazetteer in a temporary cache (never the user's)."""


def places(res: Result) -> list[dict]:
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout)


# --- other field names ------------------------------------------------------------------------------


def test_jsonl_with_content_and_a_timestamp_is_read_and_the_guess_said_once(tmp_path: Path) -> None:
    src = tmp_path / "scraped.jsonl"
    rows = [{"content": AR, "date_extracted": "2020-05-09 02:59:14", "url": "https://example.ly/a/1"},
            {"content": EN, "date_extracted": "2020-05-12T08:00:00Z"}]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    res = run("events", str(src), "--format", "json")
    assert res.exit_code == 0, res.stderr
    notes = [ln for ln in res.stderr.splitlines() if "reading text from 'content'" in ln]
    assert len(notes) == 1 and "date from 'date_extracted'" in notes[0]
    events = json.loads(res.stdout)
    assert {e["doc"] for e in events} >= {f"{src}:1"}
    assert {e["url"] for e in events if e["doc"] == f"{src}:1"} == {"https://example.ly/a/1"}
    recs = list(read_articles([str(src)]))
    assert [a.date for a in recs] == ["2020-05-09", "2020-05-12"]


def test_json_array_and_csv_corpora(tmp_path: Path) -> None:
    arr = tmp_path / "articles.json"
    arr.write_text(json.dumps([{"body": AR, "published": "Sat, 09 May 2020 10:00:00 +0200", "headline": "قصف"},
                               {"body": EN, "published": 1589270400}], ensure_ascii=False), encoding="utf-8")
    table = tmp_path / "articles.csv"
    table.write_text('id,full_text,pubDate,source\nz1,"' + EN + '",2020-05-12,Test Wire\n', encoding="utf-8")
    got = list(read_articles([str(arr), str(table)]))
    assert [(a.doc, a.date, a.title) for a in got] == [
        (f"{arr}:item 1", "2020-05-09", "قصف"), (f"{arr}:item 2", "2020-05-12", None), ("z1", "2020-05-12", None)]
    assert got[2].source == "Test Wire" and got[2].text == EN
    recs = places(run("places", str(arr), str(table), "--format", "json"))
    assert {"طرابلس", "Zawiya"} <= {r["surface"] for r in recs}


def test_tsv_corpus_and_a_json_file_of_one_article(tmp_path: Path) -> None:
    tsv = tmp_path / "a.tsv"
    tsv.write_text("id\tbody\tdate\nq1\t" + EN + "\t2020-05-02\n", encoding="utf-8")
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"content": AR, "published": "2020-05-01"}, ensure_ascii=False), encoding="utf-8")
    got = list(read_articles([str(tsv), str(one)]))
    assert [(a.doc, a.date) for a in got] == [("q1", "2020-05-02"), (f"{one}:item 1", "2020-05-01")]
    assert got[0].text == EN and got[1].text == AR


def test_ambiguous_fields_ask_for_an_option_and_the_option_decides(tmp_path: Path) -> None:
    src = tmp_path / "two.jsonl"
    src.write_text(json.dumps({"body": "Menu Home Sport", "content": EN, "date": "2020-05-12"}) + "\n",
                   encoding="utf-8")
    one_line_exit_2(run("places", str(src)), "two.jsonl:1", "'content', 'body'", "--text-field")
    recs = places(run("places", str(src), "--text-field", "content", "--format", "json"))
    assert [r["surface"] for r in recs] == ["Zawiya"]
    one_line_exit_2(run("places", str(src), "--text-field", "nope"), "--text-field 'nope' is not a field")
    dates = tmp_path / "dates.jsonl"
    dates.write_text(json.dumps({"text": EN, "published": "2020-05-12", "created_at": "2021-01-01"}) + "\n",
                     encoding="utf-8")
    one_line_exit_2(run("places", str(dates)), "--date-field")
    assert [a.date for a in read_articles([str(dates)], date_field="created_at")] == ["2021-01-01"]


def test_dates_scraped_corpora_carry() -> None:
    assert date_of("2015-07-21 02:59:14") == "2015-07-21"
    assert date_of("2020-05-09T23:30:00+02:00") == "2020-05-09"  # the day the outlet printed
    assert date_of("Sat, 09 May 2020 10:30:00 GMT") == "2020-05-09"
    assert date_of(1589270400) == "2020-05-12" and date_of(1589270400000) == "2020-05-12"
    assert date_of("2020/05/09") == "2020-05-09"
    for bad in ("06/01/2020", "yesterday", 2020, "2020-02-30 10:00", True):
        assert date_of(bad) is None


def test_a_csv_of_other_records_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "wells.csv"
    src.write_text("name,lat,lon,capacity\nwell A,29.1,21.3,300\nwell B,28.4,20.9,120\n", encoding="utf-8")
    line = one_line_exit_2(run("events", str(src)), "wells.csv", "a CSV of records, not articles")
    assert "'name', 'lat', 'lon'" in line
    # the same table without the .csv name is not taken for an article either
    txt = tmp_path / "wells.txt"
    txt.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    one_line_exit_2(run("map", str(txt), "-o", str(tmp_path / "m.html")), "wells.txt", "a table of records")
    assert not (tmp_path / "m.html").exists()


def test_prose_with_commas_is_still_an_article(tmp_path: Path) -> None:
    src = tmp_path / "prose.txt"
    src.write_text("Clashes in Sirte, Misrata, and Tripoli, residents said.\n"
                   "Later, shelling hit Zawiya, Gharyan, and Tarhuna, officials said.\n"
                   "Roads closed, shops shut, schools empty.\n", encoding="utf-8")
    assert {"Sirte", "Zawiya"} <= {r["surface"] for r in places(run("places", str(src), "--format", "json"))}


# --- files that are not articles ---------------------------------------------------------------------


def _docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document><w:body><w:p>سرت</w:p></w:body></w:document>")


@pytest.mark.parametrize(("name", "make", "reason"), [
    ("report.docx", _docx, "a Word document (.docx)"),
    ("report.txt", _docx, "a Word document (.docx)"),  # the bytes decide, not the name
    ("paper.pdf", lambda p: p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), "a PDF document"),
    ("bundle.zip", lambda p: zipfile.ZipFile(p, "w").close(), "a ZIP archive"),
    ("photo.jpg", lambda p: p.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(64)), "a JPEG image"),
    ("corpus.jsonl.gz", lambda p: p.write_bytes(b"\x1f\x8b\x08\x00" + bytes(20)), "gzip-compressed"),
])
def test_documents_archives_and_images_are_refused(tmp_path: Path, name: str, make, reason: str) -> None:
    path = tmp_path / name
    make(path)
    for cmd in (("places", str(path)), ("events", str(path)), ("map", str(path), "-o", str(tmp_path / "m.html"))):
        one_line_exit_2(run(*cmd), name, reason)
    assert not (tmp_path / "m.html").exists()


def test_a_saved_web_page_is_read_through_its_main_text(tmp_path: Path) -> None:
    page = Path(__file__).parent / "data" / "web" / "ar-1.html"
    [article] = list(read_articles([str(page)]))
    assert article.title == "قصف مدفعي يستهدف أحياء جنوب طرابلس" and article.date == "2020-05-09"
    assert article.text.startswith("تعرضت أحياء سكنية") and "تعليق" not in article.text and "<" not in article.text


def test_arabic_utf16_without_bom_is_read_not_called_binary(tmp_path: Path) -> None:
    u8 = tmp_path / "ar8.txt"
    u8.write_text(AR, encoding="utf-8")
    want = [(r["start"], r["end"], r["place_id"]) for r in places(run("places", str(u8), "--format", "json"))]
    assert want
    for name, data in (("ar16.txt", AR.encode("utf-16-le")), ("ar16be.txt", AR.encode("utf-16-be"))):
        (tmp_path / name).write_bytes(data)
        got = places(run("places", str(tmp_path / name), "--format", "json"))
        assert [(r["start"], r["end"], r["place_id"]) for r in got] == want, name
    nospace = tmp_path / "ar16b.txt"  # no ASCII at all: not a single NUL byte
    nospace.write_bytes("قصفمدفعيعلىسرت".encode("utf-16-le"))
    assert [a.text for a in read_articles([str(nospace)])] == ["قصفمدفعيعلىسرت"]
    stdin = places(run("places", "-", "--format", "json", input=AR.encode("utf-16-le")))
    assert [(r["start"], r["end"], r["place_id"]) for r in stdin] == want


def test_ascii_text_is_never_taken_for_utf16(tmp_path: Path) -> None:
    """Even-length UTF-8 decodes as UTF-16 too (to CJK): it must stay the UTF-8 it is."""
    for name, text in (("en.txt", EN), ("ar.txt", AR)):
        src = tmp_path / name
        src.write_text(text, encoding="utf-8")
        assert len(src.read_bytes()) % 2 == 0
        assert [a.text for a in read_articles([str(src)])] == [text]


# --- .meta.json, urls, --skip-bad ---------------------------------------------------------------------


@pytest.mark.parametrize(("meta", "needle"), [
    ('{"title": ' + "[" * 50_000 + "]" * 50_000 + "}", "nested too deeply"),
    ('{"title": "\\ud800 عنوان"}', "lone surrogate"),
    ('{"title": ["a"]}', "must be a string"),
    ('{"date": "the 9th"}', "the 9th"),
])
def test_bad_meta_json_is_one_line_naming_the_file(tmp_path: Path, meta: str, needle: str) -> None:
    src = tmp_path / "a.txt"
    src.write_text(AR, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(meta, encoding="utf-8")
    one_line_exit_2(run("places", str(src)), "a.meta.json" if needle != "the 9th" else "a.txt metadata", needle)


def test_bad_url_is_a_warning_or_a_bad_line_never_a_crash(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    src.write_text(json.dumps({"id": "u1", "text": AR, "url": "http://[", "date": "2020-05-09"},
                              ensure_ascii=False) + "\n"
                   + json.dumps({"id": "u2", "text": EN, "url": "https://example.org:99999/x"}) + "\n"
                   + json.dumps({"id": "u3", "text": EN, "url": "https://example.org/ok"}) + "\n", encoding="utf-8")
    for cmd in ("places", "events"):
        res = run(cmd, str(src), "--format", "json")
        assert res.exit_code == 0, res.stderr
        assert "c.jsonl:1: url 'http://[' is not a valid URL" in res.stderr
    events = json.loads(run("events", str(src), "--format", "json").stdout)
    assert {e["doc"]: e["url"] for e in events}.get("u1", "none") is None
    res = run("events", str(src), "--format", "json", "--skip-bad")
    assert res.exit_code == 0 and "skipped 2 bad lines" in res.stderr
    assert {e["doc"] for e in json.loads(res.stdout)} <= {"u3"}
    meta_src = tmp_path / "m.txt"
    meta_src.write_text(AR, encoding="utf-8")
    (tmp_path / "m.meta.json").write_text('{"url": "http://["}', encoding="utf-8")
    res = run("events", str(meta_src), "--format", "json")
    assert res.exit_code == 0 and "is not a valid URL" in res.stderr


def test_skip_bad_keeps_a_count_not_the_lines(tmp_path: Path) -> None:
    src = tmp_path / "bad.jsonl"
    good = json.dumps({"id": "g", "text": EN})
    with src.open("w", encoding="utf-8") as fh:
        fh.write(good + "\n")
        for i in range(50_000):
            fh.write(json.dumps({"id": f"b{i}", "txt": "x" * 200}) + "\n")
    skipped = SkipLog()
    assert [a.doc for a in read_articles([str(src)], skipped=skipped)] == ["g"]
    assert len(skipped) == 50_000 and skipped.by_file == {str(src): 50_000}
    assert len(skipped.examples) == 5 and skipped[0].line == 2
    res = run("places", str(src), "--skip-bad", "--format", "json")
    assert res.exit_code == 0 and "skipped 50000 bad lines (50000 of" in res.stderr


def test_acled_export_given_to_places_is_refused_with_the_reason(tmp_path: Path) -> None:
    src = tmp_path / "export.csv"
    src.write_text("event_id_cnty,event_date,event_type,actor1,latitude,longitude\nX1,2020-05-09,Battles,A,32,13\n",
                   encoding="utf-8")
    one_line_exit_2(run("places", str(src)), "export.csv", "an ACLED export", "events, export, map and ingest")
    with pytest.raises(InputError, match="ACLED export"):
        list(read_articles([str(src)]))


@pytest.mark.shared
def test_saudinewsnet_maps_without_options(shared_data: Path, tmp_path: Path) -> None:
    src = shared_data / "arabic-text" / "saudinewsnet_libya_articles.jsonl"
    out = tmp_path / "snn.html"
    res = run("map", str(src), "-o", str(out))
    assert res.exit_code == 0, res.stderr
    assert out.stat().st_size > 10_000
    assert res.stderr.count("reading text from 'content', date from 'date_extracted'") == 1
    articles = list(read_articles([str(src)]))
    n_lines = sum(1 for line in src.read_text(encoding="utf-8").splitlines() if line.strip())
    assert len(articles) == n_lines and all(a.date and len(a.date) == 10 for a in articles)
    assert all(a.url and a.title and a.source for a in articles)


# --- a field map decided on the first record ---------------------------------------------------------


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_later_records_keep_the_id_and_url_the_first_lacks(tmp_path: Path, suffix: str) -> None:
    rows = [{"content": AR, "published": "2020-05-09"},
            {"content": EN, "published": "2020-05-12", "id": "zaw-1", "link": "https://example.ly/zawiya",
             "headline": "Zawiya clashes", "lang": "en"},
            {"content": EN, "published": "2020-05-13", "guid": "zaw-2"}]
    src = tmp_path / f"mixed{suffix}"
    if suffix == ".jsonl":
        src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    else:
        src.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    first, second, third = read_articles([str(src)])
    assert first.id is None and first.url is None and first.date == "2020-05-09"
    assert (second.doc, second.id, second.url, second.title, second.language) == (
        "zaw-1", "zaw-1", "https://example.ly/zawiya", "Zawiya clashes", "en")
    assert (third.doc, third.url, third.title) == ("zaw-2", None, None)


def test_a_later_record_with_two_candidate_urls_is_a_bad_line(tmp_path: Path) -> None:
    src = tmp_path / "two.jsonl"
    rows = [{"text": AR}, {"text": EN, "link": "https://a.example/1", "article_url": "https://a.example/2"}]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(InputError, match=r"two.jsonl:2: fields 'link', 'article_url' could each be the url"):
        list(read_articles([str(src)]))
    skipped = SkipLog()
    assert len(list(read_articles([str(src)], skipped=skipped))) == 1 and skipped[0].line == 2


def test_a_first_record_without_a_date_does_not_lose_the_dates_after_it(tmp_path: Path) -> None:
    src = tmp_path / "dates.jsonl"
    rows = [{"text": AR}, {"text": EN, "date_extracted": "2020-05-12 08:00:00"}]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert [a.date for a in read_articles([str(src)], date="2020-05-01")] == ["2020-05-01", "2020-05-12"]


def test_a_semicolon_separated_corpus_is_read(tmp_path: Path) -> None:
    """Spreadsheets where the decimal mark is a comma write CSV with semicolons."""
    src = tmp_path / "c.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["id", "date", "text"])
        w.writerow(["a1", "2020-05-09", AR])
        w.writerow(["a2", "2020-05-12", EN])
    assert [(a.doc, a.date) for a in read_articles([str(src)])] == [("a1", "2020-05-09"), ("a2", "2020-05-12")]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_corpora_are_read_like_utf8(tmp_path: Path, encoding: str) -> None:
    """A spreadsheet's "Unicode text" export: UTF-16 (with a BOM, or without), tab-separated."""
    rows = [{"id": "a1", "date": "2020-05-09", "text": AR}, {"id": "a2", "date": "2020-05-12", "text": EN}]
    want = [("a1", "2020-05-09", AR), ("a2", "2020-05-12", EN)]
    tsv = tmp_path / "sheet.csv"
    tsv.write_bytes("".join("\t".join(r) + "\r\n" for r in [["id", "date", "text"],
                                                             *([r["id"], r["date"], r["text"]] for r in rows)])
                    .encode(encoding))
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_bytes("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode(encoding))
    array = tmp_path / "c.json"
    array.write_bytes(json.dumps(rows, ensure_ascii=False).encode(encoding))
    for path in (tsv, jsonl, array):
        assert [(a.doc, a.date, a.text) for a in read_articles([str(path)])] == want, path.name


def test_a_bad_utf16_corpus_names_the_byte(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    good = (json.dumps({"text": EN}) + "\n").encode("utf-16-le")
    src.write_bytes(good * 3 + b"\x00\xdc" + good)  # a lone low surrogate after three lines
    with pytest.raises(InputError, match=rf"c.jsonl: not valid UTF-16 at byte {3 * len(good)} "):
        list(read_articles([str(src)]))
    with pytest.raises(InputError, match=r"c.jsonl:4: not valid JSON"):  # replaced, the line is named
        list(read_articles([str(src)], errors="replace"))
    assert len(list(read_articles([str(src)], errors="replace", skipped=SkipLog()))) == 3
