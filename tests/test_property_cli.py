"""Property tests over the command line: any text and metadata, with template and markup syntax drawn into
every field, through ``map`` and ``export``. The contract: exit 0 or 2 (never a traceback, never exit 1 on
an input), exit 2 is one line, and on exit 0 nothing drawn is evaluated and every field shows literally.
bench/fuzz.py --layer cli runs the same at scale."""

from __future__ import annotations

import html as htmlmod
import json

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.cli.main import cli
from maps.elements import read_payload

SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.function_scoped_fixture])
SYNTAX = ["{{", "}}", "{%", "%}", "{#", "#}", "{{7*7}}", "{% raw %}", "{%- endraw -%}", "{{lipsum|string|first}}",
          "</script>", "<script>", "<img src=x onerror=__pwned=1>", "<!--", "-->", "&", "\"", "'", "`", "${7*7}",
          "\u202e", "\u2028", "\x1b[31m", "\\", "%"]
fragment = st.one_of(st.sampled_from(SYNTAX), st.text(max_size=12, alphabet=st.characters(
    blacklist_categories=("Cs",), blacklist_characters="\x00")))
field = st.lists(fragment, min_size=1, max_size=8).map("".join)
url_field = st.one_of(field, st.sampled_from(["http://[", "https://[::1]:99999/", "javascript:alert(1)"]))
SENTENCE = "اندلعت اشتباكات عنيفة في سرت يوم الاثنين بين قوات الوفاق وقوات حفتر"


def _invoke(args: list[str]) -> tuple[int, str, str]:
    res = CliRunner().invoke(cli, args)
    assert res.exception is None or isinstance(res.exception, SystemExit), f"traceback: {res.exception!r}"
    return res.exit_code, res.stdout, res.stderr


def _check_exit(code: int, err: str) -> None:
    assert code in (0, 2), err
    if code == 2:
        lines = [ln for ln in err.splitlines() if ln.strip()]
        assert len(lines) == 1 and lines[0].startswith("conflictmap: error: "), err


@SETTINGS
@given(body=field, title=field, source=field, doc=field, url=url_field)
def test_any_corpus_fields_through_map(tmp_path_factory, body: str, title: str, source: str, doc: str,
                                       url: str) -> None:
    d = tmp_path_factory.mktemp("prop")
    marker = "<<p:{{7*7}}>>"
    row = {"id": doc + marker, "date": "2020-01-06", "title": title + marker, "source": source, "url": url,
           "text": f"{SENTENCE} {marker}{body}"}
    corpus = d / "c.jsonl"
    corpus.write_text(json.dumps(row) + "\n", encoding="utf-8")
    out = d / "m.html"
    code, _, err = _invoke(["map", str(corpus), "-o", str(out)])
    _check_exit(code, err)
    if code:
        assert not out.exists()
        return
    page = out.read_text(encoding="utf-8")
    assert "<<p:49>>" not in page and "uid=" not in page
    text = htmlmod.unescape(json.dumps(read_payload(page), ensure_ascii=False))
    assert "<<p:49>>" not in text and json.dumps(marker)[1:-1] in text


@SETTINGS
@given(body=field,
       meta=st.fixed_dictionaries({}, optional={"id": field, "title": field, "source": field, "url": url_field,
                                                "x": field}),
       fmt=st.sampled_from(["geojson", "csv", "gpkg"]))
def test_any_meta_json_through_export(tmp_path_factory, body: str, meta: dict, fmt: str) -> None:
    d = tmp_path_factory.mktemp("prop")
    art = d / "a.txt"
    art.write_text(f"{SENTENCE} {body}", encoding="utf-8")
    (d / "a.meta.json").write_text(json.dumps({"date": "2020-01-06", **meta}), encoding="utf-8")
    out = d / f"x.{fmt}"
    code, _, err = _invoke(["export", str(art), "-o", str(out)])
    _check_exit(code, err)
    assert out.exists() == (code == 0)
    assert sorted(p.name for p in d.iterdir()) == sorted(["a.txt", "a.meta.json", *([out.name] if code == 0 else [])])
