"""Shared helpers for the control tests: hand-built mentions with exact offsets (until the recogniser
lands, geo.places.extract_mentions is used when available)."""

from __future__ import annotations

import re

from gazetteer.place import Place
from geo.article import Article
from geo.mention import Mention

# Coordinates are facts (OpenStreetMap / GeoNames); the airport road point is midway between central
# Tripoli and the old international airport.
PLACES = {
    "Misrata": (32.3746, 15.0906, ("مصراته", "مصراتة", "Misrata")),
    "Abu Qurayn": (31.4497, 15.2550, ("بوقرين", "بو قرين", "Abu Qurayn")),
    "Al Washka": (31.3734, 15.5709, ("الوشكة",)),
    "Sirte": (31.2060, 16.5836, ("سرت", "Sirte")),
    "Airport Road": (32.8000, 13.1750, ("طريق المطار",)),
    "Tripoli": (32.8872, 13.1913, ("طرابلس",)),
    "Ajdabiya": (30.7554, 20.2263, ("اجدابيا",)),
    "Benghazi": (32.1167, 20.0667, ("بنغازي",)),
    "Tarhuna": (32.4350, 13.6332, ("Tarhuna", "ترهونة")),
}


def hand_mentions(article: Article) -> list[Mention]:
    out = []
    for name, (lat, lon, forms) in PLACES.items():
        place = Place(id=f"test:{name}", name=name, lat=lat, lon=lon, kind="town", country="LY")
        for form in forms:
            for m in re.finditer(rf"(?<!\w)و?({re.escape(form)})(?!\w)", article.text):
                out.append(Mention(doc=article.doc, surface=m.group(1), start=m.start(1), end=m.end(1),
                                   place=place, lat=lat, lon=lon, confidence=0.9))
    for m in out:
        assert article.text[m.start : m.end] == m.surface
    return out
