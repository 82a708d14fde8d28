"""Analyst overrides win (and say so); control and the front move with the date asked for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.article import Article
from geo.control import ControlFileError, estimate_control, load_overrides
from geo.control.features import place_records
from tests.test_control_helpers import hand_mentions

CORPUS = Path(__file__).parent / "data" / "control_corpus.jsonl"


def _docs():
    out = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        art = Article(doc=rec["id"], text=rec["text"], date=rec["date"])
        out.append((art, hand_mentions(art)))
    return out


def test_control_moves_with_date() -> None:
    docs = _docs()
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


@pytest.mark.xfail(strict=True, reason="known gap: no GNA/LNA front when the nearest LNA places are 500 km away")
def test_front_moves_with_date() -> None:
    docs = _docs()
    dec = estimate_control(docs, as_of="2019-12-31")
    jan = estimate_control(docs, as_of="2020-01-15")
    # With Sirte GNA in December the GNA/LNA line lies east of it; after 6 January west of it.
    east = [f for f in dec.fronts if {f.side_a, f.side_b} == {"GNA", "LNA"}]
    west = [f for f in jan.fronts if {f.side_a, f.side_b} == {"GNA", "LNA"}]
    assert east and west
    lat_band = (30.5, 31.8)

    def mean_x_in_band(line):
        import shapely
        from shapely.geometry import box

        part = line.intersection(box(14.0, lat_band[0], 19.0, lat_band[1]))
        return shapely.centroid(part).x

    assert mean_x_in_band(east[0].geometry) > 16.6 > mean_x_in_band(west[0].geometry)


def test_analyst_override_wins_and_is_audited(tmp_path: Path) -> None:
    f = tmp_path / "control.csv"
    f.write_text("name,side,date,source,note\nSirte,GNA,2020-01-10,analyst desk,سرت بيد الوفاق حسب مصادرنا\n",
                 encoding="utf-8")
    ov = load_overrides(str(f))
    assert ov[0].status == "analyst" and ov[0].place_id
    docs = _docs()
    # Resolve the name to the same place id the text evidence uses.
    ov = load_overrides(str(f), lookup=lambda n: ("test:Sirte", "Sirte", 31.2060, 16.5836) if n == "Sirte" else None)
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
