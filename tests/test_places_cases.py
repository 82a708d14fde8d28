"""The hard cases of Arabic, English and French place names, one sentence each."""

from __future__ import annotations

import pytest

from geo.article import Article
from geo.places import extract_mentions


def _found(text: str, index) -> list[tuple[str, str | None, bool]]:
    out = []
    for m in extract_mentions(Article("t", text), index):
        assert text[m.start : m.end] == m.surface
        r = m.to_record()
        out.append((r["surface"], r["anchor"] if r["kind"] == "relative" else r["name"], r["in_libya"]))
    return out


CASES = [
    # attached proclitics, the merged article لل, split and joined names
    ("اشتباكات عنيفة بمصراتة وسرت", [("مصراتة", "Misrata", True), ("سرت", "Sirte", True)]),
    ("وصلت تعزيزات للجفرة قادمة من بنغازي", [("لجفرة", "Jufra", True), ("بنغازي", "Benghazi", True)]),
    ("التقى المشير حفتر بالرجمة وفدا أمريكيا", [("الرجمة", "Al-Rajma", True)]),
    ("تقدمت القوات نحو أبو قرين ثم ابوقرين", [("أبو قرين", "Abu Qurayn", True), ("ابوقرين", "Abu Qurayn", True)]),
    # diacritics and tatweel inside names, Arabic-Indic digits in a distance
    ("قصف مدفعي على طـرابـلس وسِرْت", [("طـرابـلس", "Tripoli", True), ("سِرْت", "Sirte", True)]),
    ("سقطت قذيفة على بعد ٤٠ كم جنوب سرت",
     [("سرت", "Sirte", True), ("على بعد ٤٠ كم جنوب سرت", "Sirte", True)]),
    # names that are ordinary words: the word, then the place with a cue
    ("قتل خمسة أشخاص خلال الخمس سنوات الماضية", []),
    ("اندلعت اشتباكات في مدينة الخمس شرق طرابلس",
     [("الخمس", "Al-Khums", True), ("طرابلس", "Tripoli", True), ("شرق طرابلس", "Tripoli", True)]),
    ("سرت شائعات عن صفقة سلاح جديدة", []),
    ("وأشار إلى أن الرئيس باراك أوباما لم يعلق", []),
    # foreign places and context that moves a name abroad
    ("وصلت شحنة إلى طرابلس اللبنانية من تركيا",
     [("طرابلس", "Tripoli (Lebanon)", False), ("تركيا", "Turkey", False)]),
    ("Fighters were recruited in Homs and sent to Khoms",
     [("Homs", "Homs", False), ("Khoms", "Al-Khums", True)]),
    # demonyms and adjectives are not places
    ("قال مسؤول ليبي إن وفدا بريطانيا وصل", []),
    ("Turkish drones struck Libyan National Army positions near Sirte", [("Sirte", "Sirte", True)]),
    # English and French: articles, possessives, relative expressions, between
    ("Misrata's forces retook al-Watiya", [("Misrata", "Misrata", True), ("al-Watiya", "Al-Watiya air base", True)]),
    ("Clashes broke out 15 km west of Misrata",
     [("Misrata", "Misrata", True), ("15 km west of Misrata", "Misrata", True)]),
    ("Les combats se poursuivent entre Syrte et Joufra",
     [("Syrte", "Sirte", True), ("entre Syrte et Joufra", "Sirte", True), ("Joufra", "Jufra", True)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:30] for c in CASES])
def test_case(text, expected, gazetteer_index):
    assert _found(text, gazetteer_index) == expected
