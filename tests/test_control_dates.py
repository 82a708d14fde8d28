"""Analyst overrides win (and say so); control and the front move with the date asked for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.article import Article
from geo.control import ControlFileError, estimate_control, load_overrides
from geo.control.features import place_records
from tests.test_control_helpers import mentions, where

CORPUS = Path(__file__).parent / "data" / "control_corpus.jsonl"


@pytest.fixture(scope="module")
def docs(gazetteer_index):
    out = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        art = Article(doc=rec["id"], text=rec["text"], date=rec["date"])
        out.append((art, mentions(art, gazetteer_index)))
    return out


def test_control_moves_with_date(docs) -> None:
    # The articles alone (no baseline): the text decides, and only inside its window.
    def side(day: str, place: str) -> str:
        return estimate_control(docs, as_of=day, use_facts=False).side_of(place)

    assert side("2019-12-31", "Sirte") == "GNA"
    assert side("2020-01-15", "Sirte") == "LNA"
    assert side("2020-01-15", "Tarhuna") == "unknown"
    assert side("2020-06-20", "Tarhuna") == "GNA"
    assert side("2020-06-20", "Sirte") == "contested"
    # Evidence from the future never counts; evidence older than the window says nothing.
    assert side("2019-06-01", "Sirte") == "unknown"
    assert side("2020-03-01", "Sirte") == "unknown"
    assert side("2021-06-01", "Sirte") == "unknown"


def test_baseline_fills_in_and_yields_to_dated_evidence(docs) -> None:
    """The baseline knows the LNA held Tarhuna from April 2019 to June 2020 and Sirte from 6 January
    2020; it never outweighs what the articles say for the day."""
    jan = estimate_control(docs, as_of="2020-01-15")
    assert jan.side_of("Tarhuna") == "LNA"
    assert next(pc for pc in jan.places if pc.point.name == "Tarhuna").status == "baseline"
    # 20 June 2020: the baseline says LNA in Sirte, the articles report fighting there: contested.
    assert estimate_control(docs, as_of="2020-06-20").side_of("Sirte") == "contested"
    # Before any article, the baseline alone: the GNA held Sirte from December 2016.
    assert estimate_control(docs, as_of="2019-06-01").side_of("Sirte") == "GNA"


def _crossings(line, road) -> list[float]:
    hit = line.intersection(road)
    return [g.x for g in getattr(hit, "geoms", [hit]) if not g.is_empty]


def test_no_front_where_the_areas_do_not_meet(docs, gazetteer_index) -> None:
    """December 2019: the GNA holds Sirte and the nearest LNA places (Es Sider, Ras Lanuf) lie 200 km
    east, with nothing reported between them: no front is drawn across that gap (a midline there would
    be a guess).  January: the LNA holds Sirte, and the areas still do not meet Misrata's."""
    from shapely.geometry import LineString

    def pt(key: str):
        return where(gazetteer_index, f"curated:{key}")

    sirte = pt("sirte")
    west = LineString([pt(k) for k in ("misrata", "abu_qurayn", "al_washka", "sirte")])
    east = LineString([pt(k) for k in ("sirte", "harawa", "bin_jawad", "ras_lanuf")])
    dec = estimate_control(docs, as_of="2019-12-31")
    jan = estimate_control(docs, as_of="2020-01-15")
    assert dec.side_at(sirte.x, sirte.y) == "GNA" and jan.side_at(sirte.x, sirte.y) == "LNA"
    for est in (dec, jan):
        for f in est.fronts:
            assert not f.geometry.intersects(west) and not f.geometry.intersects(east), est.as_of
    lna = [a for a in dec.areas if a.side == "LNA"]
    (sirte_gna,) = [a for a in dec.areas if a.side == "GNA" and a.geometry.covers(sirte)]
    assert min(x.geometry.distance(sirte_gna.geometry) for x in lna) > 1.0  # > ~100 km


def test_analyst_override_wins_and_is_audited(tmp_path: Path, docs, gazetteer_index) -> None:
    f = tmp_path / "control.csv"
    f.write_text("name,side,date,source,note\nSirte,GNA,2020-01-10,analyst desk,سرت بيد الوفاق حسب مصادرنا\n",
                 encoding="utf-8")
    ov = load_overrides(str(f))
    assert ov[0].status == "analyst" and ov[0].place_id
    from geo.pipeline import gazetteer_lookup

    # Resolve the name through the gazetteer, to the same place id the text evidence uses.
    ov = load_overrides(str(f), lookup=gazetteer_lookup(gazetteer_index))
    assert ov[0].place_id == "curated:sirte"
    est = estimate_control(docs, as_of="2020-01-15", overrides=ov)
    assert est.side_of("Sirte") == "GNA"
    rec = next(r for r in place_records(est) if r["name"] == "Sirte")
    assert rec["status"] == "analyst" and rec["overridden_by"] == "analyst desk"
    assert rec["overridden"][0]["side"] == "LNA" and rec["overridden"][0]["status"] == "inferred"


def test_geojson_override(tmp_path: Path) -> None:
    f = tmp_path / "c.geojson"
    f.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [13.63, 32.43]},
         "properties": {"side": "LNA", "date": "2020-01", "name": "ترهونة"}}]}), encoding="utf-8")
    (p,) = load_overrides(str(f))
    assert (p.side, p.date, p.lon) == ("LNA", "2020-01-01", 13.63)


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ("name,side\nSirte,GNA\n", 1),
        ("name,side,date\nSirte,GNA,yesterday\n", 2),
        ("lat,lon,side,date\nabc,16.5,GNA,2020-01-01\n", 2),
        ("name,side,date\nNowhere-on-earth,GNA,2020-01-01\n", 2),
        ("name,side,date\nSirte,,2020-01-01\n", 2),
    ],
)
def test_bad_control_file(tmp_path: Path, content: str, line: int) -> None:
    f = tmp_path / "bad.csv"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(ControlFileError) as exc:
        load_overrides(str(f))
    assert exc.value.line == line and str(f) in str(exc.value) and "\n" not in str(exc.value)


def test_one_sentence_draws_only_the_baseline_and_modest_areas(gazetteer_index) -> None:
    """One sentence is one report: no area of its own.  What the map shows then is the documented
    baseline, marked as such, each area a city and its surroundings, not a region."""
    from geo.control.estimate import KX, KY
    from geo.control.features import to_features

    art = Article(doc="one", text="اشتباكات عنيفة بين الجيش وقوات الوفاق في سرت", date="2019-08-01")
    est = estimate_control([(art, mentions(art, gazetteer_index))], [], as_of="2019-08-01")
    feats = [f["properties"] for f in to_features(est) if f["properties"]["kind"] == "control_area"]
    assert feats and all(p["control_source"] == "baseline" for p in feats)
    assert all(a.geometry.area * KX * KY < 6000 for a in est.areas)
    bare = estimate_control([(art, mentions(art, gazetteer_index))], [], as_of="2019-08-01", use_facts=False)
    assert bare.areas == [] and bare.side_of("Sirte") == "contested"
