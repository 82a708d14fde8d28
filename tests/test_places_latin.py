"""Latin names in running text are found through the same transliteration key as `gazetteer search`,
with the same care for false friends. Sentences written for these tests."""

from __future__ import annotations

import pytest

from geo.article import Article
from geo.places import extract_mentions


def _found(text: str, index) -> list[tuple[str, str | None]]:
    out = []
    for m in extract_mentions(Article("t", text), index):
        assert text[m.start : m.end] == m.surface
        out.append((m.surface, m.place.name if m.place is not None else m.label))
    return out


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("Government forces shelled positions in Sirt overnight.", "Sirt", "Sirte"),
        ("The convoy reached Jalo after two days.", "Jalo", "Jalu"),
        ("Clashes broke out in Bousalim, a district of the capital.", "Bousalim", "Abu Salim"),
        ("Des tirs ont été entendus à Soluq dimanche.", "Soluq", "Suluq"),
        ("Residents of Gheryan reported air strikes.", "Gheryan", "Gharyan"),
        ("Fighting flared near Gasr Ben Gashir.", "Gasr Ben Gashir", "Qasr bin Ghashir"),
        # a sentence that opens with an article before the name: the article is its first word, not the name
        ("A Gasr Khiar militia set up checkpoints on the coastal road.", "Gasr Khiar", "Qasr al-Akhyar"),
        ("Talks stalled.\nA Gasr Khiar elder asked for a truce.", "Gasr Khiar", "Qasr al-Akhyar"),
    ],
)
def test_spellings_that_search_resolves_are_found_in_running_text(text, surface, name, gazetteer_index):
    assert (surface, name) in _found(text, gazetteer_index)
    hits = {h.place.name for h in gazetteer_index.search(surface, limit=3)}
    assert name in hits  # the scan sees what search sees


def test_a_hyphenated_pair_is_two_places(gazetteer_index):
    found = _found("Traffic on the Misurata-Sirt road resumed on Friday.", gazetteer_index)
    assert [n for _, n in found] == ["Misrata", "Sirte"]


def test_transliterated_matches_are_less_sure_than_known_forms(gazetteer_index):
    (m,) = extract_mentions(Article("t", "Government forces shelled positions in Sirt overnight."), gazetteer_index)
    assert m.confidence <= 0.8


def test_false_friends_stay_out(gazetteer_index):
    # Demonyms, people, lower-case words and family names after a given name are not places.
    assert _found("Misratan brigades and Zintani fighters pulled back.", gazetteer_index) == []
    assert _found("Khalifa Haftar met Fayez al-Sarraj and Abdel Hakim Belhadj.", gazetteer_index) == []
    assert _found("The militias sort out their differences and break ranks.", gazetteer_index) == []
    assert _found("A Company spokesman said. The Council met. An Officer left.", gazetteer_index) == []
    assert _found("Forces loyal to Ibrahim Jadhran left Ras Lanouf.", gazetteer_index) == [("Ras Lanouf", "Ras Lanuf")]
