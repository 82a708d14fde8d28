"""Control statements in Arabic news phrasing (tests/data/control_ar.jsonl, written for this project):
taking, losing, holding, reinforcing, fighting, and what is none of these (intent, questions, strikes
from the air, plain mentions), through the real recogniser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.article import Article
from geo.control.textrules import text_evidence
from tests.test_control_helpers import mentions

CASES = [json.loads(line) for line in
         (Path(__file__).parent / "data" / "control_ar.jsonl").read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_arabic_control_statement(case: dict, gazetteer_index) -> None:
    art = Article(case["id"], case["text"], "2020-06-01")
    found = mentions(art, gazetteer_index)
    ids = {m.place.id for m in found if m.place is not None}
    pts = text_evidence(art, found)
    said = {p.place_id: p.side for p in pts}
    for place_id, side in case["expect"].items():
        assert place_id in ids, f"the recogniser missed {place_id}"
        assert said.get(place_id) == side, (place_id, said)
    # Every point quotes the sentence it comes from and points back at its mention.
    for p in pts:
        assert p.quote and p.quote in case["text"] and p.evidence_ids[0].startswith(f"{case['id']}#")


def test_a_clause_about_an_earlier_year_is_history_not_control(gazetteer_index) -> None:
    from geo.article import Article
    from geo.control.textrules import text_evidence
    from tests.test_control_helpers import mentions

    for text in ("وعاد المراسل إلى خطوط القتال في معركة مصراتة عام ٢٠١١ ليكتب عنها",
                 "Il se souvient des combats de Misrata en 2011.",
                 "He recalled the 2012 clashes in Benghazi."):
        art = Article(doc="t", text=text, date="2015-07-21")
        assert text_evidence(art, mentions(art, gazetteer_index)) == [], text
    art = Article(doc="t", text="اشتباكات عنيفة بين الجيش وقوات فجر ليبيا في مصراتة اليوم", date="2015-07-21")
    assert [p.side for p in text_evidence(art, mentions(art, gazetteer_index))] == ["contested"]


def test_sides_are_read_for_the_date(gazetteer_index) -> None:
    """The Tripoli camp of 2015 is Libya Dawn, whatever the words; in 2019 it is the GNA."""
    from geo.control import estimate_control

    def side(text: str, date: str) -> str:
        art = Article(doc="t", text=text, date=date)
        est = estimate_control([(art, mentions(art, gazetteer_index))], [], as_of=date, use_facts=False)
        return est.side_of("curated:zliten")

    assert side("سيطرت قوات فجر ليبيا على مدينة زليتن", "2015-03-01") == "DAWN"
    assert side("سيطرت قوات الوفاق على مدينة زليتن", "2015-03-01") == "DAWN"
    assert side("سيطرت قوات الوفاق على مدينة زليتن", "2019-03-01") == "GNA"
    assert side("Libya Dawn forces captured Zliten.", "2015-03-01") == "DAWN"
    # The GNA took office in Tripoli on 30 March 2016.
    assert side("سيطرت قوات الوفاق على مدينة زليتن", "2016-03-29") == "DAWN"
    assert side("سيطرت قوات الوفاق على مدينة زليتن", "2016-03-30") == "GNA"
