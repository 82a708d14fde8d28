"""Geocoding ACLED's own English notes: a place found near ACLED's coded point.

ACLED codes each event at one point with a geo_precision (1 the place named, 2 near it, 3 a region's
centre). For each note we ask whether the places found in it include one within 15 / 30 / 75 km of that
point (by precision), and also whether the first Libyan place found is that close (stricter: what an event
coder taking the first place would get). Both figures are printed.
"""

from __future__ import annotations

import csv

import pytest

from geo.article import Article
from geo.places import extract_mentions
from geo.places.relative import haversine_km

RADIUS_KM = {1: 15.0, 2: 30.0, 3: 75.0}


def _notes(shared_data):
    rows = []
    for name in ("acled_libya_2020-04-27_2020-05-09.csv", "acled_libya_2016-06-18_2016-07-02.csv"):
        with open(shared_data / "events" / name, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                rows.append(
                    (row["notes"], float(row["latitude"]), float(row["longitude"]), int(row["geo_precision"]))
                )
    return rows


@pytest.mark.shared
def test_acled_notes_are_geocoded_near_the_coded_point(shared_data, gazetteer_index):
    rows = _notes(shared_data)
    any_hit = first_hit = 0
    misses = []
    for i, (notes, lat, lon, prec) in enumerate(rows):
        mentions = extract_mentions(Article(f"acled-{i}", notes), gazetteer_index)
        libyan = [m for m in mentions if m.in_libya and m.lat is not None]
        radius = RADIUS_KM.get(prec, 75.0)
        dists = [haversine_km(m.lat, m.lon, lat, lon) for m in libyan]
        if any(d <= radius for d in dists):
            any_hit += 1
        else:
            misses.append((notes[:110], [m.surface for m in libyan]))
        if dists and dists[0] <= radius:
            first_hit += 1
    n = len(rows)
    report = (
        f"ACLED notes geocoded: {n}; a place within 15/30/75 km of ACLED's point: {any_hit / n:.1%}; "
        f"first Libyan place that close: {first_hit / n:.1%}"
    )
    print("\n" + report)
    for note, found in misses[:15]:
        print("  miss:", note, "->", found)
    assert n >= 170
    assert any_hit / n >= 0.90, report
