"""Places the bigger gazetteer knows, and the forms around them: squares named after countries, foreign
regions and seas, the capital."""

from __future__ import annotations

from geo.article import Article
from geo.places import extract_mentions


def _found(text: str, index) -> list[tuple[str, str | None, bool]]:
    out = []
    for m in extract_mentions(Article("t", text), index):
        assert text[m.start : m.end] == m.surface
        r = m.to_record()
        out.append((r["surface"], r["anchor"] if r["kind"] == "relative" else r["name"], r["in_libya"]))
    return out


def test_square_named_after_a_country_is_in_its_city(gazetteer_index) -> None:
    found = _found("احتشد المتظاهرون في ميدان الجزائر قبل أن يتفرقوا", gazetteer_index)
    assert found == [("ميدان الجزائر", "Algeria Square", True)]
    # The country itself stays foreign.
    assert _found("عاد الوفد من الجزائر أمس", gazetteer_index) == [("الجزائر", "Algeria", False)]
