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


def _est(events: list[dict]):
    from geo.control import estimate_control

    return estimate_control([], events, as_of="2020-06-10", use_facts=False)


def test_one_event_is_no_area_two_reports_are() -> None:
    assert _est([_ev()]).areas == []
    # The same event reported by two articles: two pieces.
    est = _est([_ev(x_docs=["d1", "d2"])])
    assert [a.side for a in est.areas] == ["GNA"]
    # Two events from one article on one day: one report.
    assert _est([_ev(), _ev(event_id_cnty="CMLBY2")]).areas == []


def test_low_confidence_events_weigh_less_and_never_make_a_piece() -> None:
    low = [_ev(x_docs=["d1", "d2"], x_confidence=0.3)]
    assert _est(low).areas == []
    flagged = [_ev(x_docs=["d1", "d2"], x_confidence=0.9, x_low_confidence=True)]
    assert _est(flagged).areas == []
    (pt,) = event_evidence([_ev(x_confidence=0.3)])
    from geo.control.evidence import base_weight

    assert base_weight(pt) < 0.1
    # One solid report and one weak one: still a single piece.
    mixed = [_ev(doc="d1"), _ev(doc="d2", event_id_cnty="CMLBY2", x_confidence=0.2)]
    assert _est(mixed).areas == []
    # An ACLED row carries no x_confidence: coded by hand, it counts in full.
    acled = [_ev(doc="", source="ACLED", event_id_cnty="LBY1"), _ev(doc="", source="ACLED", event_id_cnty="LBY2")]
    assert [a.side for a in _est([{k: v for k, v in e.items() if k != "x_confidence"} for e in acled]).areas] == [
        "GNA"]


def test_evidence_ages_out_of_the_window() -> None:
    from geo.control import estimate_control

    two = [_ev(x_docs=["d1", "d2"])]
    assert estimate_control([], two, as_of="2020-07-01", use_facts=False).areas
    assert not estimate_control([], two, as_of="2020-07-10", use_facts=False).areas  # 35 days on
