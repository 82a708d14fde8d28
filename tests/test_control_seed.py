"""The seed article: who holds what in January 2020, and where the lines run (checked geometrically)."""

from __future__ import annotations

import pytest
from shapely.geometry import LineString, Point

from gazetteer.normalize import fold
from geo.article import Article
from geo.control import estimate_control, to_features
from geo.control.textrules import classify
from geo.pipeline import parse_article
from tests.test_control_helpers import where

IDS = {
    "Misrata": "curated:misrata", "Abu Qurayn": "curated:abu_qurayn", "Al Washka": "curated:al_washka",
    "Sirte": "curated:sirte", "Airport Road": "curated:tripoli_airport_road", "Tripoli": "curated:tripoli",
}


@pytest.fixture(scope="module")
def index(gazetteer_index):
    return gazetteer_index


def _pt(index, name: str) -> Point:
    return where(index, IDS[name])


@pytest.fixture(scope="module")
def estimate(seed_text: str, index):
    # As the pipeline runs it: the text's statements and the events coded from the same article.
    parsed = parse_article(Article(doc="seed", text=seed_text, date="2020-01"), index)
    return estimate_control([(parsed.article, parsed.mentions)], parsed.event_records(), as_of="2020-01")


def test_place_sides(estimate) -> None:
    assert estimate.side_of(IDS["Sirte"]) == "LNA"
    assert estimate.side_of(IDS["Misrata"]) == "GNA"
    assert estimate.side_of(IDS["Tripoli"]) == "GNA"
    for name in ("Abu Qurayn", "Al Washka", "Airport Road"):
        assert estimate.side_of(IDS[name]) == "contested", name


def test_sirte_evidence_quotes_the_text(estimate) -> None:
    sirte = next(pc for pc in estimate.places if pc.point.place_id == IDS["Sirte"])
    assert "سرت" in sirte.point.quote and sirte.point.source == "seed"
    assert sirte.point.evidence_ids[0].startswith("seed#")


def test_areas_put_towns_on_their_sides(estimate, index) -> None:
    assert estimate.side_at(*_pt(index, "Sirte").coords[0]) == "LNA"
    assert estimate.side_at(*_pt(index, "Misrata").coords[0]) == "GNA"
    assert estimate.side_at(*_pt(index, "Tripoli").coords[0]) == "GNA"
    # One article reports the fighting at Abu Qurayn: it places the front, it is no contested area.
    assert estimate.side_at(*_pt(index, "Abu Qurayn").coords[0]) != "contested"
    assert not [a for a in estimate.areas if a.side == "contested"]
    # Empty desert stays unknown.
    assert estimate.side_at(18.0, 22.5) == "unknown"


def _front(estimate, near: Point):
    fronts = [f for f in estimate.fronts if {f.side_a, f.side_b} == {"GNA", "LNA"}]
    assert fronts
    return min(fronts, key=lambda f: f.geometry.distance(near))


def test_front_between_misrata_and_sirte_near_bouqrin(estimate, index) -> None:
    front = _front(estimate, _pt(index, "Abu Qurayn"))
    line = front.geometry
    assert line.distance(_pt(index, "Abu Qurayn")) * 100 < 10  # ~km
    assert line.distance(_pt(index, "Al Washka")) * 100 < 10
    # The coast road Misrata -> Abu Qurayn -> Al Washka -> Sirte crosses the front.
    road = LineString([_pt(index, n) for n in ("Misrata", "Abu Qurayn", "Al Washka", "Sirte")])
    assert line.intersects(road)
    # Misrata and Sirte lie on opposite sides of the front's crossing of that road.
    crossing = line.intersection(road)
    assert min(g.x for g in getattr(crossing, "geoms", [crossing])) > _pt(index, "Misrata").x
    assert max(g.x for g in getattr(crossing, "geoms", [crossing])) < _pt(index, "Sirte").x
    assert {"Abu Qurayn", "Al-Washka"} <= set(front.places)


def test_front_in_southern_tripoli(estimate, index) -> None:
    road = _pt(index, "Airport Road")
    front = _front(estimate, road)
    line = front.geometry
    assert line.distance(road) * 100 < 10
    # The part of the line near Tripoli is south of the city centre.
    near = line.intersection(road.buffer(0.2))
    assert not near.is_empty and near.centroid.y < _pt(index, "Tripoli").y
    assert front.gap_km == 0 and "Tripoli Airport Road" in front.places
    # Two stretches of front, each its own connected line.
    assert front is not _front(estimate, _pt(index, "Abu Qurayn"))
    assert all(f.geometry.geom_type == "LineString" for f in estimate.fronts)


def test_features_contract(estimate) -> None:
    feats = to_features(estimate)
    kinds = {f["properties"]["kind"] for f in feats}
    assert kinds == {"control_area", "front_line"}
    front = next(f for f in feats if f["properties"]["kind"] == "front_line" and f["properties"]["current"])
    assert front["properties"]["length_km"] > 10 and front["properties"]["valid_to"] == "2020-01-31"
    assert front["properties"]["status"] in {"assessed", "claimed"}
    for f in feats:
        if f["geometry"]["type"] in ("Polygon", "MultiPolygon"):
            g = f["geometry"]
            polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
            for poly in polys:
                ring = poly[0]
                area2 = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))
                assert area2 > 0
                assert all(len(str(c).split(".")[-1]) <= 6 for c in ring[0])


@pytest.mark.parametrize(
    ("pre", "post", "side"),
    [
        ("سيطرت قوات الوفاق على", "", "GNA"),
        ("انسحبت قوات حفتر من", "", "GNA"),
        ("تحاول قوات حفتر السيطرة على", "", "contested"),
        ("اشتباكات عنيفة بين الجيش وقوات الوفاق في", "", "contested"),
        ("", "الخاضعة لسيطرة قوات حفتر", "LNA"),
        ("LNA-held", "", "LNA"),
        ("GNA forces retook", "", "GNA"),
        ("LNA forces withdrew from", "", "GNA"),
        ("منع قوات الوفاق من مهاجمة", "وطرد قوات حفتر منها", "LNA"),
        ("قال مسؤول في", "إن الوضع هادئ", None),
        # A verb with its conjunction, a head noun before the name, the article on a noun of fighting.
        ("وسيطر المتشددون الموالون لداعش على", "بوسط البلاد", "IS"),
        ("وحاليا يسيطر «داعش» بشكل نهائي على مدينة", "وبات يدير مرافقها", "IS"),
        ("فدخلت قوات الوفاق إلى", "", "GNA"),
        ("واندلعت الاشتباكات بين الجيش وقوات الوفاق في", "", "contested"),
        ("GNA forces took the town of", "", "GNA"),
        # ... but a noun that contains a verb of control is not one: الدخل is income, not "entered".
        ("تراجع الدخل في", "", None),
    ],
)
def test_classify(pre: str, post: str, side: str | None) -> None:
    got = classify(fold(pre), fold(post))
    assert (got[0] if got else None) == side
