"""Control evidence from event records: who takes territory, who only fights, and who holds none."""

from __future__ import annotations

from pathlib import Path

from geo.control import load_overrides
from geo.control.blocs import control_side
from geo.control.events import event_evidence


def _ev(**kw) -> dict:
    base = {"event_id_cnty": "CMLBY1", "event_date": "2020-06-05", "latitude": 32.4346, "longitude": 13.6351,
            "location": "Tarhuna", "x_place_id": "curated:tarhuna", "geo_precision": 1, "doc": "d1",
            "sub_event_type": "Government regains territory", "x_actor1_bloc": "GNA", "x_actor2_bloc": "LNA",
            "x_quote": "استعادت قوات الوفاق مدينة ترهونة"}
    return base | kw


def test_territory_goes_to_the_taker_and_clashes_contest() -> None:
    (took,) = event_evidence([_ev()])
    assert (took.side, took.parties, took.kind, took.place_id) == ("GNA", ("GNA", "LNA"), "event", "curated:tarhuna")
    assert took.evidence_ids == ("event:CMLBY1",) and "ترهونة" in took.quote
    (clash,) = event_evidence([_ev(sub_event_type="Armed clash")])
    assert clash.side == "contested" and clash.parties == ("GNA", "LNA")


def test_allies_take_ground_for_their_side() -> None:
    # Turkish-backed or Wagner units taking a place put it on the side they fight for.
    (p,) = event_evidence([_ev(x_actor1_bloc="TUR", x_actor2_bloc="WAGNER")])
    assert p.side == "GNA" and p.parties == ("GNA", "LNA")
    assert control_side("ISIS") == "IS" and control_side("MISRATA") == "GNA"


def test_no_control_from_non_holders_centroids_or_other_events() -> None:
    assert event_evidence([_ev(x_actor1_bloc="UNKNOWN")]) == []
    assert event_evidence([_ev(x_actor1_bloc="CIV")]) == []
    assert event_evidence([_ev(geo_precision=3)]) == []  # a district's centroid is not a place
    assert event_evidence([_ev(sub_event_type="Air/drone strike")]) == []
    assert event_evidence([_ev(event_date="soon")]) == []
    # Unknown gunmen clashing with the LNA: contested, and only the LNA is a party.
    (p,) = event_evidence([_ev(sub_event_type="Armed clash", x_actor1_bloc="UNKNOWN")])
    assert p.side == "contested" and p.parties == ("LNA",)


def test_analyst_side_in_words(tmp_path: Path) -> None:
    f = tmp_path / "c.csv"
    f.write_text("lat,lon,side,date\n31.2089,16.5887,قوات حفتر,2020-01-06\n32.4346,13.6351,Daesh,2016-01\n",
                 encoding="utf-8")
    a, b = load_overrides(str(f))
    assert (a.side, b.side) == ("LNA", "IS")
