"""Geometry of the control layer in general: snapping never fails or loses area, and two sides far
apart get one front midway between them, across the route that joins them."""

from __future__ import annotations

import math
import warnings

import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiPoint, Point

from geo.control.estimate import KX, KY, build_estimate
from geo.control.geometry import GeometryLoss, repair, snap
from geo.control.model import ControlPoint

coords = st.tuples(st.floats(9.5, 25.0), st.floats(19.5, 33.5))


@settings(max_examples=60, deadline=None)
@given(st.lists(coords, min_size=3, max_size=25), st.floats(5.0, 60.0), st.lists(coords, max_size=6))
def test_snapped_areas_are_valid_and_keep_their_area(pts, radius_km, holes) -> None:
    """Areas built the way the estimate builds them (buffers in km, differences, rescaled to degrees)
    come out of ``snap`` valid, polygonal, and with their area, whatever GEOS made of them."""
    km = MultiPoint([(x * KX, y * KY) for x, y in pts]).buffer(radius_km, quad_segs=6)
    if holes:
        km = km.difference(MultiPoint([(x * KX, y * KY) for x, y in holes]).buffer(radius_km / 3, quad_segs=8))
    deg = shapely.transform(km, lambda c: c / [KX, KY])
    fixed = repair(deg)
    assert fixed.is_valid and fixed.geom_type in ("Polygon", "MultiPolygon") or fixed.is_empty
    with warnings.catch_warnings():
        warnings.simplefilter("error", GeometryLoss)
        out = snap(deg)
    assert out.is_valid
    if not fixed.is_empty:
        assert abs(out.area - fixed.area) <= max(1e-9, 1e-4 * fixed.area)
        for part in shapely.get_parts(out):
            for x, y in part.exterior.coords:
                assert round(x, 6) == x and round(y, 6) == y


def test_repair_keeps_both_halves_of_a_bow_tie() -> None:
    bow = shapely.Polygon([(10, 30), (11, 31), (11, 30), (10, 31), (10, 30)])
    assert not bow.is_valid
    fixed = repair(bow)
    assert fixed.is_valid and math.isclose(fixed.area, 0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("error", GeometryLoss)
        assert math.isclose(snap(bow).area, 0.5)


def test_a_real_loss_is_reported_not_silent() -> None:
    """On a grid coarser than the shape, the shape collapses: that is said, not swallowed."""
    thin = shapely.box(10, 30, 20, 30.3)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", GeometryLoss)
        out = snap(thin, grid=1.0)
    assert out.area < thin.area
    assert any(issubclass(w.category, GeometryLoss) for w in caught)


def _pt(name: str, lat: float, lon: float, side: str, doc: str | None = None, **kw) -> ControlPoint:
    doc = doc or f"doc-{name}"
    return ControlPoint(place_id=f"test:{name}", name=name, lat=lat, lon=lon, side=side, date="2020-03-01",
                        source=doc, evidence_ids=(f"{doc}#0-1",), **kw)


def _twice(name: str, lat: float, lon: float, side: str, **kw) -> list[ControlPoint]:
    """Two independent reports (two articles) of the same place's side."""
    return [_pt(name, lat, lon, side, f"a-{name}", **kw), _pt(name, lat, lon, side, f"b-{name}", **kw)]


def test_far_apart_sides_get_no_front() -> None:
    """Ghat (GNA) and Sabha (LNA), 460 km apart across the Fezzan and no other evidence: two areas and
    no front (the areas do not meet; a line midway would be a guess)."""
    est = build_estimate([*_twice("Ghat", 24.9647, 10.1728, "GNA"), *_twice("Sabha", 27.0377, 14.4283, "LNA")],
                         "2020-03-15")
    assert {a.side for a in est.areas} == {"GNA", "LNA"}
    assert est.fronts == []


def test_one_report_draws_no_area() -> None:
    est = build_estimate([_pt("Sabha airport", 27.0166, 14.4725, "GNA", place_kind="airport")], "2020-03-15")
    assert est.areas == [] and est.side_of("Sabha airport") == "GNA"


def test_a_facility_claims_its_surroundings_not_a_region() -> None:
    est = build_estimate(_twice("Sabha airport", 27.0166, 14.4725, "GNA", place_kind="airport"), "2020-03-15")
    (area,) = est.areas
    km2 = area.geometry.area * KX * KY
    assert 20 < km2 < 200


def test_contact_between_held_towns_puts_the_front_through_it() -> None:
    """Misrata (GNA) and Sirte (LNA), each reported twice, and fighting reported at Abu Qurayn between
    them: the areas run up to Abu Qurayn and one connected front passes through it, as long as its
    geometry says."""
    from geo.control.estimate import geodesic_length_km

    pts = [*_twice("Misrata", 32.3754, 15.0925, "GNA", place_kind="city"),
           *_twice("Sirte", 31.2089, 16.5887, "LNA", place_kind="city"),
           _pt("Abu Qurayn", 31.4497, 15.255, "contested", parties=("GNA", "LNA"))]
    est = build_estimate(pts, "2020-03-15")
    (front,) = est.fronts
    assert front.geometry.geom_type == "LineString"
    assert front.geometry.distance(Point(15.255, 31.4497)) * 100 < 5
    assert front.gap_km == 0 and "Abu Qurayn" in front.places
    assert abs(front.length_km - geodesic_length_km(front.geometry)) < 0.1
    assert 10 < front.length_km < 150
    gna = next(x for x in est.areas if x.side == "GNA")
    lna = next(x for x in est.areas if x.side == "LNA")
    assert gna.geometry.distance(lna.geometry) < 0.02  # the areas meet at the front
    # No area of its own for a single report of fighting.
    assert not [a for a in est.areas if a.side == "contested"]


libyan = st.tuples(st.floats(19.6, 33.1), st.floats(9.5, 25.0))  # (lat, lon), Libya's bounding box


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(libyan, st.sampled_from(["GNA", "LNA", "IS", "contested"])), min_size=1, max_size=30))
def test_any_evidence_gives_valid_features(points) -> None:
    """Whatever the evidence (clustered, duplicated, collinear, one side only), the estimate is built
    and its GeoJSON is valid: no GEOS error reaches the pipeline."""
    from shapely.geometry import shape

    from geo.control import to_features

    pts = [
        ControlPoint(place_id=f"p{i}", name=f"p{i}", lat=lat, lon=lon, side=side, date="2020-03-01", source=f"d{i % 3}",
                     evidence_ids=(f"d{i % 3}#{i}",), parties=("GNA", "LNA") if side == "contested" else ())
        for i, ((lat, lon), side) in enumerate(points)
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error", GeometryLoss)
        est = build_estimate(pts, "2020-03-15")
        feats = to_features(est)
    for f in feats:
        g = shape(f["geometry"])
        assert g.is_valid and not g.is_empty
        if f["properties"]["kind"] == "front_line":
            assert f["properties"]["side_a"] != f["properties"]["side_b"]
            assert f["properties"]["length_km"] >= 1.0
