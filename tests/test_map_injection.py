"""Template and markup syntax in every field that reaches the map: nothing is evaluated, nothing crashes,
the text shows literally, no two articles are stitched together, and nothing runs in the browser.

The fields swept: article body, ``--title``, a ``.meta.json`` (id, title, source, url), a corpus's id,
title, source and url, a place name from a user's gazetteer CSV; through ``map``, ``ingest`` then
``map --store`` (alone and with new articles laid over the store), and the Python API's ``.map()``.
Every Jinja2 compilation during the run is recorded: no article or file value may be in any of them.
"""

from __future__ import annotations

import html as htmlmod
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
from click.testing import CliRunner

from geo.cli.main import cli
from maps.elements import read_payload
from tests.browser.harness import browser, chromium_path, open_map

# No dots or sentence punctuation, so that the whole string stays inside the sentence an event quotes.
SSTI_DOTLESS = ("{{7*7}} {{lipsum|string|first}} {% raw %} }}{{ {{citation needed}} {%- if 1 %} ${7*7} "
                "</script><script>__pwned=1</script> <img src=x onerror=__pwned=2> "
                '"><svg onload=__pwned=3> <!--')
# What the red team ran: the output of `id` in the page if it were compiled.
SSTI_RCE = "{{lipsum.__globals__.os.popen(dict(id=1)|first).read()}}"
# Strings that only ever occur in hostile input: none may be in any compiled template source.
NEVER_COMPILED = ("7*7", "lipsum", "__pwned", "citation needed", "{% raw %}", "onerror")

PLACE_AR = "قصر الجديدة"  # a name only the custom gazetteer CSV knows
PLACE_NAME = "Qasr {{7*7}} <img src=x onerror=__pwned=4> {# name"


def hostile(tag: str, *, rce: bool = True) -> str:
    """A field value: a literal marker that would read ``<<tag:49>>`` if evaluated, then the payloads."""
    return f"<<{tag}:{{{{7*7}}}}>> {SSTI_DOTLESS}" + (f" {SSTI_RCE}" if rce else "")


def literal(tag: str) -> str:
    return f"<<{tag}:{{{{7*7}}}}>>"


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The source of every Jinja2 template compiled while the test runs."""
    sources: list[str] = []
    original = jinja2.Environment.compile

    def recording(self: jinja2.Environment, source: Any, *args: Any, **kwargs: Any) -> Any:
        sources.append(source if isinstance(source, str) else repr(source))
        return original(self, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", recording)
    return sources


@pytest.fixture(scope="module")
def hostile_gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A compiled index with one extra place from a CSV; the import is recorded in a private cache
    directory (the manifest lives there), set for the whole module so the index is never rebuilt without it."""
    import os

    d = tmp_path_factory.mktemp("gaz")
    old = os.environ.get("CONFLICTMAP_CACHE_DIR")
    os.environ["CONFLICTMAP_CACHE_DIR"] = str(d / "cache")
    csv_path = d / "hostile-places.csv"
    csv_path.write_text("name,lat,lon,name_ar,kind\n" + json.dumps(PLACE_NAME) + f",31.1,16.2,{PLACE_AR},town\n",
                        encoding="utf-8")
    index = d / "index"
    res = CliRunner().invoke(cli, ["--gazetteer", str(index), "gazetteer", "import", str(csv_path), "--kind", "csv"])
    assert res.exit_code == 0, res.output
    try:
        yield index
    finally:
        if old is None:
            os.environ.pop("CONFLICTMAP_CACHE_DIR", None)
        else:
            os.environ["CONFLICTMAP_CACHE_DIR"] = old


def _corpus(tmp: Path) -> Path:
    """Two articles: the first ends in ``{#``, the second in ``#}`` (a compiled page would drop all between)."""
    rows = [
        {"id": hostile("id1"), "date": "2020-01-06", "title": hostile("title1"), "source": hostile("source1"),
         "url": "https://example.org/a?q={{7*7}}&x=</script><script>__pwned=5</script>",
         "text": f"اندلعت اشتباكات عنيفة في {PLACE_AR} يوم الاثنين بين قوات الوفاق وقوات حفتر "
                 f"{{# {hostile('body1', rce=False)} .\n{SSTI_RCE}\n"},
        {"id": "second {#", "date": "2020-01-08", "title": "B #}", "source": "#} {{",
         "text": f"قصفت قوات حفتر مواقع قوات الوفاق قرب سرت #}} {hostile('body2', rce=False)} ."},
    ]
    path = tmp / "corpus.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _plain(tmp: Path) -> Path:
    path = tmp / "report.txt"
    path.write_text(f"اندلعت اشتباكات عنيفة في سرت يوم الاثنين بين قوات الوفاق وقوات حفتر {hostile('body3', rce=False)}"
                    f" .\n{SSTI_RCE}\n", encoding="utf-8")
    (tmp / "report.meta.json").write_text(json.dumps({
        "id": hostile("metaid"), "date": "2020-01-07", "title": hostile("metatitle"), "source": hostile("metasource"),
        "url": "https://example.org/{{7*7}}/<img>"}), encoding="utf-8")
    return path


def _run(*args: str) -> None:
    if "map" in args:  # every hostile field must reach the page, whatever its events' confidence
        args = (*args, "--min-confidence", "0")
    res = CliRunner().invoke(cli, list(args), catch_exceptions=True)
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise AssertionError(f"{args}: {res.exception!r}\n{res.output}")
    assert res.exit_code == 0, f"{args}: exit {res.exit_code}: {res.output}"


def _strings(obj: Any) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


def check_page(page: str, compiled: list[str], tags: list[str]) -> dict[str, Any]:
    """Nothing compiled, nothing evaluated, no live markup; each field's marker shows literally."""
    for src in compiled:
        for s in NEVER_COMPILED:
            assert s not in src, f"hostile text {s!r} reached a template compiler"
    assert "uid=" not in page  # the output of `id`
    for raw in ("<img src=x", "<script>window.__pwned", "<svg onload", "{{7*7}} <img"):
        assert raw not in page, f"live markup {raw!r} in the page"
    payload = read_payload(page)
    text = "\n".join(htmlmod.unescape(s) for s in _strings(payload))
    title = page[page.index("<title>") + 7:page.index("</title>")]
    text += "\n" + htmlmod.unescape(title)
    for tag in tags:
        assert f"<<{tag}:49>>" not in text, f"{tag}: evaluated"
        assert literal(tag) in text, f"{tag}: not shown literally"
    return payload


def _quotes_by_doc(payload: dict[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for e in payload["events"]:
        for qi, di in e.get("q", []):
            out.setdefault(htmlmod.unescape(payload["docs"][di]["d"]), []).append(
                htmlmod.unescape(payload["quotes"][qi][0]))
    return out


CORPUS_TAGS = ["id1", "title1", "source1", "body1", "body2"]


def test_map_of_a_hostile_corpus_shows_every_field_literally(tmp_path, compiled, hostile_gazetteer) -> None:
    out = tmp_path / "m.html"
    _run("--gazetteer", str(hostile_gazetteer), "map", str(_corpus(tmp_path)), "-o", str(out),
         "--title", hostile("cli-title"))
    payload = check_page(out.read_text(encoding="utf-8"), compiled, [*CORPUS_TAGS, "cli-title"])
    # the gazetteer's name as the event's place
    assert any("Qasr {{7*7}} <img src=x onerror=__pwned=4> {# name" == htmlmod.unescape(e.get("pl", ""))
               for e in payload["events"])
    # {# in one article and #} in the next: each article keeps its own quote, nothing between them is lost
    by_doc = _quotes_by_doc(payload)
    first = next(q for d, qs in by_doc.items() if d.startswith("<<id1:") for q in qs)
    second = by_doc["second {#"][0]
    assert literal("body1") in first and "{#" in first and literal("body2") not in first
    assert literal("body2") in second and "#}" in second and literal("body1") not in second
    assert "https://example.org/a?q={{7*7}}&x=</script><script>__pwned=5</script>" in [
        htmlmod.unescape(d.get("u", "")) for d in payload["docs"]]


def test_map_of_a_plain_file_with_hostile_meta_json(tmp_path, compiled) -> None:
    out = tmp_path / "m.html"
    _run("map", str(_plain(tmp_path)), "-o", str(out), "--offline")
    check_page(out.read_text(encoding="utf-8"), compiled, ["body3", "metatitle", "metasource"])


def test_ingest_then_map_from_the_store(tmp_path, compiled, hostile_gazetteer) -> None:
    store, corpus, plain = tmp_path / "s.gpkg", _corpus(tmp_path), _plain(tmp_path)
    _run("--gazetteer", str(hostile_gazetteer), "ingest", str(corpus), "--store", str(store))
    out = tmp_path / "store.html"
    _run("map", "--store", str(store), "-o", str(out))
    check_page(out.read_text(encoding="utf-8"), compiled, ["id1", "source1", "body1", "body2"])
    over = tmp_path / "overlay.html"
    _run("map", "--store", str(store), str(plain), "-o", str(over))
    check_page(over.read_text(encoding="utf-8"), compiled, ["id1", "body1", "body2", "body3", "metatitle"])


def test_python_api_map(compiled, hostile_gazetteer) -> None:
    import geo

    text = f"اندلعت اشتباكات عنيفة في {PLACE_AR} يوم الاثنين {hostile('api', rce=False)} {{# .\n{SSTI_RCE}"
    r = geo.parse(text, date="2020-01-06", doc=hostile("apidoc"), gazetteer=hostile_gazetteer)
    m = r.map(title=hostile("apititle"))
    check_page(m.get_root().render(), compiled, ["api", "apidoc", "apititle"])
    notebook = m._repr_html_()  # what Jupyter shows: the page inside an iframe's srcdoc
    assert "uid=" not in notebook and "<<api:49>>" not in htmlmod.unescape(notebook)


@pytest.mark.browser
@pytest.mark.skipif(chromium_path() is None, reason="chromium is not installed (apt-get install chromium)")
@pytest.mark.parametrize("offline", [False, True])
def test_nothing_runs_in_the_browser(tmp_path, hostile_gazetteer, offline: bool) -> None:
    out = tmp_path / "m.html"
    _run("--gazetteer", str(hostile_gazetteer), "map", str(_corpus(tmp_path)), str(_plain(tmp_path)),
         "-o", str(out), "--title", hostile("cli-title"), *(["--offline"] if offline else []))
    with browser() as b, open_map(b, out, offline=offline) as (page, log):
        assert page.title().startswith(literal("cli-title"))
        assert literal("cli-title") in page.locator(".cm-title-h").inner_text()
        n = page.evaluate("conflictmap.current.markers.length")
        assert n >= 3
        texts = []
        for i in range(n):
            texts.append(page.evaluate(f"""() => {{ const a = conflictmap.current, m = a.markers[{i}];
                a.cluster.fire('click', {{layer: m}});
                const c = document.querySelector('.leaflet-popup-content');
                return [c.innerText, c.querySelectorAll('img,script,svg,iframe').length]; }}"""))
        page.fill(".cm-search input", "Qasr")
        results = page.locator(".cm-result").all_inner_texts()
        page.wait_for_timeout(300)  # an onerror handler would have fired by now
        assert page.evaluate("window.__pwned") is None
        assert log.dialogs == [] and log.errors == []
        joined = "\n".join(t for t, _ in texts)
        assert all(k == 0 for _, k in texts), "markup from an article became an element"
        for tag in ("body1", "body2", "body3", "id1", "title1", "source1", "metatitle"):
            assert literal(tag) in joined, f"{tag} not shown literally in a popup"
        assert "Qasr {{7*7}} <img src=x onerror=__pwned=4> {# name" in joined
        assert any("Qasr {{7*7}}" in r for r in results)
