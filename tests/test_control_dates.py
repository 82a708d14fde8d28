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
    assert estimate_control(docs, as_of="2019-12-31").side_of("Sirte") == "GNA"
    jan = estimate_control(docs, as_of="2020-01-15")
    assert jan.side_of("Sirte") == "LNA"
    assert jan.side_of("Tarhuna") == "unknown"
    jun = estimate_control(docs, as_of="2020-06-20")
    assert jun.side_of("Tarhuna") == "GNA"
    assert jun.side_of("Sirte") == "contested"
    # Evidence from the future never counts; old evidence decays to unknown.
    assert estimate_control(docs, as_of="2019-06-01").side_of("Sirte") == "unknown"
    assert estimate_control(docs, as_of="2021-06-01").side_of("Sirte") == "unknown"


def _gna_lna(estimate):
    fronts = [f for f in estimate.fronts if {f.side_a, f.side_b} == {"GNA", "LNA"}]
    assert len(fronts) == 1
    return fronts[0]


def _crossings(line, road) -> list[float]:
    hit = line.intersection(road)
    return [g.x for g in getattr(hit, "geoms", [hit]) if not g.is_empty]


def test_front_moves_with_date(docs, gazetteer_index) -> None:
    """December 2019: the GNA holds Sirte and the nearest LNA places are Benghazi and Al-Rajma, 350 km
    east; the two sides' areas do not touch, yet the front must cross the Gulf of Sirte coast road
    between them.  After 6 January the LNA holds Sirte and the front crosses it west of Sirte."""
    from shapely.geometry import LineString
    from shapely.ops import nearest_points

    def pt(key: str):
        return where(gazetteer_index, f"curated:{key}")

    sirte = pt("sirte")
    # The coast road, town to town (gazetteer coordinates).
    west = LineString([pt(k) for k in ("misrata", "abu_qurayn", "al_washka", "sirte")])
    east = LineString([pt(k) for k in ("sirte", "harawa", "bin_jawad", "ras_lanuf", "al_uqaila", "brega", "ajdabiya",
                                        "benghazi")])
    dec = estimate_control(docs, as_of="2019-12-31")
    jan = estimate_control(docs, as_of="2020-01-15")
    assert dec.side_at(sirte.x, sirte.y) == "GNA" and jan.side_at(sirte.x, sirte.y) == "LNA"
    d, j = _gna_lna(dec), _gna_lna(jan)
    # December: the line reaches the coast road east of Sirte (to within 5 km: the road's straight
    # town-to-town legs cut across the coarse coastline the areas are clipped to), never west of it.
    on_road, _ = nearest_points(east, d.geometry)
    assert d.geometry.distance(east) * 100 < 5 and sirte.x + 1.0 < on_road.x < pt("brega").x
    assert d.geometry.distance(west) * 100 > 100
    # January: it crosses the road between Misrata and Sirte, and is far from the eastern road.
    assert _crossings(j.geometry, west) and all(x < sirte.x for x in _crossings(j.geometry, west))
    assert j.geometry.distance(east) * 100 > 50
    # The December line is a midline across a gap, and says so; it still cites the places it splits.
    assert d.gap_km > 300
    assert d.evidence and any(e.startswith("c1#") for e in d.evidence)
    # Neither side's area reaches the December line: each cell is capped.
    lna = next(a for a in dec.areas if a.side == "LNA")
    gna = next(a for a in dec.areas if a.side == "GNA")
    assert lna.geometry.distance(gna.geometry) > 0.1
    # No front where no evidence meets: nothing crosses the desert far south of the coast.
    assert d.geometry.bounds[1] > 29.0


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
