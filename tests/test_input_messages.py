"""What a newcomer reads when an input is wrong (issue 20): JSON errors say their position once (never
"at at column"), and a file that is a document, a page or an image is named for what it looks like, in one
line with exit code 2, whether it comes as a file, under another name, or on standard input.

Every file here is built by the test itself, as the program that makes such files lays them out (a .docx
is a ZIP of WordprocessingML parts, an .odt starts with its stored ``mimetype`` member, the PNG is a real
1x1 image with correct CRCs).
"""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from gazetteer.errors import GazetteerFileError
from gazetteer.sources.osm import OsmOverpassSource
from geo.control import ControlFileError, load_overrides
from geo.inputs import InputError, read_articles
from tests.cli_run import one_line_exit_2, run

AR = "اندلعت اشتباكات عنيفة صباح اليوم في محيط مدينة سرت بين قوات متنافسة."


@pytest.fixture(autouse=True)
def _index(gazetteer_index: object) -> None:
    """The built-in gazetteer in a temporary cache (never the user's)."""


# --- JSON errors: the position said once ----------------------------------------------------------------

CONTROL_CHAR = '{"text": "سرت\tمصراتة"}'  # a raw tab inside a JSON string: "Invalid control character at"
UNTERMINATED = '{"text": "سرت'  # "Unterminated string starting at"


@pytest.mark.parametrize("bad", [CONTROL_CHAR, UNTERMINATED])
def test_jsonl_json_and_meta_errors_never_say_at_at(tmp_path: Path, bad: str) -> None:
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text(json.dumps({"text": AR}, ensure_ascii=False) + "\n" + bad + "\n", encoding="utf-8")
    array = tmp_path / "c.json"
    array.write_text("[\n" + bad + "\n]", encoding="utf-8")
    art = tmp_path / "a.txt"
    art.write_text(AR, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(bad, encoding="utf-8")
    for path, where in ((jsonl, "c.jsonl:2: not valid JSON ("), (array, "c.json: not valid JSON ("),
                        (art, "a.meta.json: not valid JSON (")):
        with pytest.raises(InputError) as err:
            list(read_articles([str(path)]))
        message = str(err.value)
        assert where in message and "at at" not in message, message
        assert " at column " in message or " at line 2 column " in message or " at line 1 column " in message
    line = one_line_exit_2(run("places", str(jsonl)), "c.jsonl:2")
    assert "at at" not in line
    assert line.endswith(("(Invalid control character at column 14)", "(Unterminated string starting at column 10)"))


def test_control_file_and_osm_import_errors_never_say_at_at(tmp_path: Path) -> None:
    ctl = tmp_path / "control.geojson"
    ctl.write_text('{"type": "FeatureCollection", "features": [\n{"properties": {"name": "سرت\t"}}]}',
                   encoding="utf-8")
    with pytest.raises(ControlFileError) as err:
        load_overrides(ctl)
    assert "at at" not in str(err.value) and "control.geojson:2: not JSON: Invalid control character at column" \
        in str(err.value), err.value
    osm = tmp_path / "overpass.json"
    osm.write_text('{"elements": [\n{"tags": {"name": "Sirte\u0001"}}]}', encoding="utf-8")
    with pytest.raises(GazetteerFileError) as gerr:
        list(OsmOverpassSource(osm).places())
    assert "at at" not in str(gerr.value) and "overpass.json:2: invalid JSON: Invalid control character at column" \
        in str(gerr.value), gerr.value


# --- files that are not plain text -------------------------------------------------------------------


def _docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        zf.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        zf.writestr("word/document.xml", f'<?xml version="1.0"?><w:document><w:body><w:p><w:r><w:t>{AR}</w:t>'
                    "</w:r></w:p></w:body></w:document>")


def _xlsx(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        zf.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        zf.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook><sheets><sheet name="events" sheetId="1"/>'
                    "</sheets></workbook>")
        zf.writestr("xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>")


def _odt(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest/>',
                    compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", f"<office:document-content><text:p>{AR}</text:p></office:document-content>",
                    compress_type=zipfile.ZIP_DEFLATED)


def _pdf(path: Path) -> None:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"]
    out, offsets = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


def _png(path: Path) -> None:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


def _gif(path: Path) -> None:  # the classic 1x1 transparent GIF
    path.write_bytes(b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
                     b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def _svg(path: Path) -> None:
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" '
                    f'height="10"><text x="0" y="9">{AR}</text></svg>\n', encoding="utf-8")


def _html(path: Path) -> None:
    path.write_text(f'<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>سرت</title>'
                    f"</head><body><nav>الرئيسية</nav><article><p>{AR}</p></article></body></html>\n",
                    encoding="utf-8")


KINDS: list[tuple[str, Callable[[Path], None], str]] = [
    ("report.docx", _docx, "a Word document (.docx)"),
    ("sheet.xlsx", _xlsx, "an Excel workbook (.xlsx)"),
    ("report.odt", _odt, "an OpenDocument text (.odt)"),
    ("paper.pdf", _pdf, "a PDF document"),
    ("photo.png", _png, "a PNG image"),
    ("pixel.gif", _gif, "a GIF image"),
    ("drawing.svg", _svg, "an SVG image"),
    ("page.txt", _html, "an HTML page, not plain text"),
]


@pytest.mark.parametrize(("name", "make", "looks"), KINDS, ids=[k[0] for k in KINDS])
def test_a_file_that_is_not_plain_text_is_named_for_what_it_looks_like(tmp_path: Path, name: str,
                                                                      make: Callable[[Path], None],
                                                                      looks: str) -> None:
    path = tmp_path / name
    make(path)
    out = tmp_path / "m.geojson"
    one_line_exit_2(run("places", str(path)), f"{name}: {looks}")
    one_line_exit_2(run("export", str(path), "-o", str(out)), f"{name}: {looks}")
    assert not out.exists()
    # the bytes decide, not the name: the same file named as an article, and on standard input
    renamed = tmp_path / "article.txt"
    renamed.write_bytes(path.read_bytes())
    one_line_exit_2(run("events", str(renamed)), f"article.txt: {looks}")
    one_line_exit_2(run("events", "-", input=path.read_bytes()), f"-: {looks}")


def test_a_saved_page_named_html_is_still_read_through_its_main_text(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    _html(page)
    [article] = list(read_articles([str(page)]))
    assert "سرت" in article.text and "<" not in article.text


def test_a_corpus_record_holding_an_html_page_is_a_bad_line(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    _html(page)
    src = tmp_path / "c.jsonl"
    src.write_text(json.dumps({"text": AR}, ensure_ascii=False) + "\n"
                   + json.dumps({"text": page.read_text(encoding="utf-8")}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    one_line_exit_2(run("places", str(src)), "c.jsonl:2: field 'text' holds an HTML page")
    res = run("places", str(src), "--skip-bad", "--format", "json")
    assert res.exit_code == 0 and {r["doc"] for r in json.loads(res.stdout)} == {f"{src}:1"}
