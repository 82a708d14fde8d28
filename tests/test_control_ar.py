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
