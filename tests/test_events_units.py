"""Unit tests: dates, fatalities, fusion, ids, CSV next to an ACLED export, CLI errors."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner

from gazetteer.normalize import normalize_text
from geo.article import Article
from geo.cli.main import cli
from geo.events import ACLED_COLUMNS, article_events, fuse_events
from geo.events.dates import find_dates, parse_article_date
from geo.events.fatalities import count_fatalities
from geo.events.model import event_id, interaction
from geo.events.output import to_csv, to_geojson


@pytest.mark.parametrize("text,article,expected", [
    ("قتل في الثاني عشر من جانفي الفارط", "2020-01-24", ("2020-01-12", 1)),
    ("وقع الهجوم في 3 كانون الثاني", "2020-01-24", ("2020-01-03", 1)),
    ("اشتباكات أول أمس", "2020-01-24", ("2020-01-22", 1)),
    ("clashes on 27 June", "2016-07-01", ("2016-06-27", 1)),
    ("اشتباكات أمس", "2020-01", ("2020-01-01", 3)),
    ("في 15 أفريل", "2020-01-10", ("2019-04-15", 1)),  # a later month without a year is last year's
])
def test_dates(text: str, article: str, expected: tuple[str, int]) -> None:
    anchor, prec = parse_article_date(article)
    (hit,) = find_dates(normalize_text(text).text, anchor, prec)
    assert (hit.value.isoformat(), hit.precision) == expected


def test_market_is_not_friday() -> None:
    anchor, prec = parse_article_date("2020-01-24")
    assert find_dates(normalize_text("اشتباكات في سوق الجمعة").text, anchor, prec) == []


@pytest.mark.parametrize("text,count", [
    ("سقوط قتيلين وثلاثة جرحى", 2), ("مقتل خمسة وعشرين عنصرا", 25), ("عشرات القتلى", 12),
    ("Forty GNA soldiers and eight LNA soldiers were reportedly killed", 48), ("No casualties reported.", 0),
    ("killing an unspecified number of soldiers", 10),
    ("قتل مسلحون مجهولون شابا أمام منزله", 1), ("لقي طفلان مصرعهما جراء سقوط قذيفة", 2),
    ("استشهد جنديان من الجيش", 2), ("Gunmen killed a man in Benghazi", 1),
    ("أصيب شاب بجروح وقتل ثلاثة آخرون", 3),
])
def test_fatalities(text: str, count: int) -> None:
    f = count_fatalities(normalize_text(text).text)
    assert f is not None and f.count == count


def test_ids_interaction() -> None:
    assert event_id("a", 1) == event_id("a", 1) != event_id("a", 2)
    assert event_id("a", 1).startswith("CMLBY")
    assert interaction(3, 1) == 13 and interaction(2, None) == 20


def test_fuse_across_articles() -> None:
    a = Article("a", "اندلعت اشتباكات بين قوات الوفاق وقوات حفتر في عين زارة", "2020-05-10")
    b = Article("b", "اشتباكات عنيفة في عين زارة بين قوات حفتر وقوات الوفاق", "2020-05-10")
    fused = fuse_events(article_events(a) + article_events(b))
    assert len(fused) == 1 and fused[0].to_record()["x_docs"] == ["a", "b"]
    assert len(fused[0].quotes) == 2


def test_csv_loads_next_to_acled(shared_data) -> None:
    pd = pytest.importorskip("pandas")
    ev = article_events(Article("x", "=HYPERLINK(1) قصفت قوات حفتر مواقع الوفاق في مصراتة", "2020-05-10"))
    ours = pd.read_csv(io.StringIO(to_csv(ev)))
    acled = pd.read_csv(shared_data / "events" / "acled_libya_2020-04-27_2020-05-09.csv")
    assert list(ours.columns[:31]) == list(ACLED_COLUMNS)
    assert set(ACLED_COLUMNS) - {"disorder_type", "civilian_targeting", "tags"} <= set(acled.columns)
    both = pd.concat([acled, ours[list(ACLED_COLUMNS)]], ignore_index=True)
    assert len(both) == len(acled) + len(ours)
    assert not ours["x_quote"].iloc[0].startswith("=")


def test_geojson_lon_lat() -> None:
    ev = article_events(Article("x", "قصفت قوات حفتر مواقع الوفاق في مصراتة", "2020-05-10"))
    fc = json.loads(to_geojson(ev))
    (f,) = fc["features"]
    lon, lat = f["geometry"]["coordinates"]
    assert f["properties"]["kind"] == "event" and 14 < lon < 16 and 31 < lat < 33


def test_cli_bad_input_exit_2(tmp_path) -> None:
    r = CliRunner().invoke(cli, ["events", str(tmp_path / "missing.txt")])
    assert r.exit_code == 2
    bad = tmp_path / "c.jsonl"
    bad.write_text('{"text": "x"}\n{oops\n', encoding="utf-8")
    out = tmp_path / "o.json"
    r = CliRunner().invoke(cli, ["events", str(bad), "--format", "json", "-o", str(out)])
    assert r.exit_code == 2 and not out.exists()


def test_cli_json(seed_path, tmp_path) -> None:
    out = tmp_path / "e.json"
    r = CliRunner().invoke(cli, ["events", str(seed_path), "--date", "2020-01-24", "--format", "json", "-o", str(out)])
    assert r.exit_code == 0, r.output
    recs = json.loads(out.read_text(encoding="utf-8"))
    assert recs and all(list(x)[:31] == list(ACLED_COLUMNS) for x in recs)
