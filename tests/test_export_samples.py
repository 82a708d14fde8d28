"""Hand-made Arabic records in the shapes geo.pipeline produces, for the export and store tests.

They are built the way the pipeline's contract says (Mention.to_record() dicts with a quote; ACLED's 31
columns plus doc and x_ fields; GeoJSON features for the control layers), with real Libyan coordinates.
"""

from __future__ import annotations

import copy
from typing import Any

from maps.layers import Layers
from maps.tables import ACLED_COLUMNS

QUOTE_ABU_GRAIN = "اندلعت اشتباكات عنيفة بين قوات حفتر وقوات الوفاق في منطقة أبوقرين جنوب مصراتة"
QUOTE_ACADEMY = "قُتل 30 طالباً في قصف جوي استهدف الكلية العسكرية في طرابلس"


def place(**kw: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "doc": "libya-2020-01-07", "surface": "مصراتة", "start": 10, "end": 16,
        "place_id": "cm:misrata", "name": "Misrata", "name_ar": "مصراتة", "lat": 32.3754, "lon": 15.0925,
        "country": "LY", "kind": "city", "in_libya": True, "admin1": "Misrata", "precision": 1,
        "confidence": 0.93, "quote": "تقدمت قوات الوفاق من مصراتة نحو سرت",
    }
    rec.update(kw)
    return rec


def event(**kw: Any) -> dict[str, Any]:
    rec: dict[str, Any] = dict.fromkeys(ACLED_COLUMNS)
    rec.update({
        "event_id_cnty": "CMLBY0001", "event_date": "2020-01-06", "year": 2020, "time_precision": 1,
        "disorder_type": "Political violence", "event_type": "Battles", "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Libya (2014-) Libyan National Army",
        "assoc_actor_1": "", "inter1": 1,
        "actor2": "Military Forces of Libya (2016-2021) Government of National Accord",
        "assoc_actor_2": "", "inter2": 1, "interaction": 11, "civilian_targeting": "",
        "iso": 434, "region": "Northern Africa", "country": "Libya", "admin1": "Misrata",
        "admin2": "Misrata", "admin3": "", "location": "Abu Grein", "latitude": 31.4456,
        "longitude": 15.2553, "geo_precision": 1, "source": "Al Wasat", "source_scale": "National",
        "notes": "On 6 January 2020, LNA forces clashed with GNA forces in Abu Grein.",
        "fatalities": 2, "tags": "", "timestamp": 1578355200,
        "doc": "libya-2020-01-07", "x_quote": QUOTE_ABU_GRAIN, "x_start": 0, "x_end": len(QUOTE_ABU_GRAIN),
        "x_location_ar": "أبوقرين", "x_place_id": "cm:abu-grein", "x_actor1_bloc": "LNA",
        "x_actor2_bloc": "GNA", "x_confidence": 0.8, "x_fatalities_low": 2, "x_fatalities_high": 2,
    })
    rec.update(kw)
    return rec


def control_area(**kw: Any) -> dict[str, Any]:
    # Clockwise on purpose, with more than 6 decimals: the writer must fix both.
    feat: dict[str, Any] = {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": [[
            [16.4, 31.0], [16.4, 31.3123456789], [16.8, 31.3], [16.8, 31.0], [16.4, 31.0]]]},
        "properties": {"kind": "control_area", "side": "LNA", "status": "held", "valid_from": "2020-01-06",
                       "valid_to": "2020-01-31", "evidence": ["سيطرت قوات الجيش الوطني على مدينة سرت"]},
    }
    feat["properties"].update(kw)
    return feat


def control_area_with_hole() -> dict[str, Any]:
    feat = control_area(side="contested", status="contested")
    feat["geometry"] = {"type": "Polygon", "coordinates": [
        [[13.0, 32.7], [13.4, 32.7], [13.4, 32.95], [13.0, 32.95], [13.0, 32.7]],  # CCW exterior
        [[13.1, 32.8], [13.2, 32.8], [13.2, 32.85], [13.1, 32.85], [13.1, 32.8]],  # CCW hole: wrong
    ]}
    return feat


def front_line(**kw: Any) -> dict[str, Any]:
    feat: dict[str, Any] = {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": [
            [15.70000012345, 31.5], [15.95, 31.2], [16.2, 30.9]]},
        "properties": {"kind": "front_line", "side_a": "LNA", "side_b": "GNA", "valid_from": "2020-01-06",
                       "valid_to": "2020-01-31", "length_km": 82.4, "status": "active"},
    }
    feat["properties"].update(kw)
    return feat


def sample_layers() -> Layers:
    """Libyan and foreign places, a relative expression, Libyan and foreign events, control layers,
    and hostile text in places a spreadsheet or a browser would execute it."""
    places = [
        place(),
        place(surface="سرت", start=30, end=33, place_id="cm:sirte", name="Sirte", name_ar="سرت",
              lat=31.2089, lon=16.5887, admin1="Sirte"),
        place(surface="40 كم جنوب سرت", start=40, end=54, place_id="cm:sirte", name="Sirte", name_ar="سرت",
              lat=30.849123, lon=16.5887, kind="relative", precision=2, confidence=0.7,
              anchor="Sirte", anchor_id="cm:sirte", bearing_deg=180.0, offset_km=40.0),
        place(surface="أنقرة", start=60, end=65, place_id="geonames:323786", name="Ankara", name_ar="أنقرة",
              lat=39.91987, lon=32.85427, country="TR", kind="capital", in_libya=False, admin1=None,
              precision=1, confidence=0.9, quote="أرسلت أنقرة مرتزقة إلى طرابلس"),
        place(surface="طرابلس", start=70, end=76, place_id="cm:tripoli", name="Tripoli", name_ar="طرابلس",
              lat=32.8872, lon=13.1913, admin1="Tripoli", quote='=HYPERLINK("http://x","<b>طرابلس</b>")'),
    ]
    events = [
        event(),
        event(event_id_cnty="CMLBY0002", event_date="2020-01-04", event_type="Explosions/Remote violence",
              sub_event_type="Air/drone strike", actor2="Civilians (Libya)", inter2=7, interaction=17,
              civilian_targeting="Civilian targeting", location="Tripoli", admin1="Tripoli",
              admin2="Tripoli", latitude=32.8872, longitude=13.1913, fatalities=30,
              notes="-30 killed; =SUM(A1) <script>alert(1)</script>",
              x_quote=QUOTE_ACADEMY, x_location_ar="طرابلس", x_place_id="cm:tripoli",
              x_actor2_bloc="civilians", x_fatalities_low=30, x_fatalities_high=30,
              x_quotes=[{"doc": "libya-2020-01-07", "text": QUOTE_ACADEMY, "start": 0, "end": 58},
                        {"doc": "libya-2020-01-07", "text": "غارة على الكلية العسكرية بالهضبة", "start": 60,
                         "end": 92}]),
        event(event_id_cnty="CMLBY0003", country="Turkey", iso=792, location="Ankara", latitude=39.91987,
              longitude=32.85427, admin1="Ankara", admin2="", x_location_ar="أنقرة"),
    ]
    return Layers(places=places, events=events, control_areas=[control_area(), control_area_with_hole()],
                  front_lines=[front_line()])


def test_samples_follow_the_contract() -> None:
    layers = sample_layers()
    assert len(ACLED_COLUMNS) == 31
    for ev in layers.events:
        assert list(ev)[:31] == list(ACLED_COLUMNS)
    assert {p["in_libya"] for p in layers.places} == {True, False}
    assert copy.deepcopy(layers) == sample_layers()  # builders return fresh, equal copies
