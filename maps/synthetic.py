"""Synthetic-but-realistic analysis records for the map benchmark and the browser tests.

Events are placed at real Libyan places (the curated gazetteer when it loads, else a short list of
well-known towns with their coordinates), coded with ACLED's categories, dated over a span, and quote an
Arabic sentence naming the place, so the map is exercised the way real reporting exercises it: many
events at the same towns, long Arabic quotes, several sides and types, imprecise locations.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

FALLBACK_PLACES: tuple[tuple[str, str, str, float, float], ...] = (
    # (place_id, Latin, Arabic, lat, lon)
    ("curated:tripoli", "Tripoli", "طرابلس", 32.8967, 13.1778),
    ("curated:misrata", "Misrata", "مصراتة", 32.3754, 15.0925),
    ("curated:sirte", "Sirte", "سرت", 31.2089, 16.5887),
    ("curated:benghazi", "Benghazi", "بنغازي", 32.12, 20.0812),
    ("curated:ajdabiya", "Ajdabiya", "اجدابيا", 30.755, 20.2263),
    ("curated:al_washka", "Al-Washka", "الوشكة", 31.3734, 15.5709),
    ("curated:gharyan", "Gharyan", "غريان", 32.1716, 13.0212),
    ("curated:tarhuna", "Tarhuna", "ترهونة", 32.4346, 13.6351),
    ("curated:al_rajma", "Al-Rajma", "الرجمة", 32.0696, 20.3444),
    ("curated:sabha", "Sabha", "سبها", 27.0377, 14.4283),
    ("curated:derna", "Derna", "درنة", 32.7648, 22.6391),
    ("curated:zawiya", "Zawiya", "الزاوية", 32.7571, 12.7276),
)

# (event_type, sub_event_type, Arabic sentence template with {p} for the place, actor1 bloc, actor2 bloc)
TEMPLATES: tuple[tuple[str, str, str, str, str], ...] = (
    ("Battles", "Armed clash", "اندلعت اشتباكات عنيفة بين قوات حكومة الوفاق وقوات حفتر في محيط {p} صباح اليوم",
     "GNA", "LNA"),
    ("Battles", "Armed clash", "أعلنت غرفة عمليات الكرامة تقدم قواتها نحو {p} بعد معارك استمرت ساعات", "LNA", "GNA"),
    ("Explosions/Remote violence", "Air/drone strike", "استهدفت طائرة مسيرة تركية تمركزات لقوات حفتر قرب {p}",
     "Turkey", "LNA"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack",
     "سقطت قذائف عشوائية على أحياء سكنية في {p} ما أدى إلى مقتل مدنيين", "LNA", "civilians"),
    ("Violence against civilians", "Attack", "عثر على جثث مدنيين مجهولي الهوية في {p} وفق مصادر محلية",
     "militia", "civilians"),
    ("Protests", "Peaceful protest", "تظاهر العشرات في ميدان {p} احتجاجا على انقطاع الكهرباء", "protesters", ""),
    ("Strategic developments", "Headquarters or base established",
     "وصلت تعزيزات عسكرية ضخمة ومرتزقة فاغنر إلى {p} خلال الليل", "Wagner", ""),
    ("Riots", "Violent demonstration", "أحرق محتجون غاضبون إطارات وأغلقوا الطريق الرئيسي في {p}", "protesters", ""),
)
ACTORS = {
    "GNA": "Military Forces of Libya (2016-2021) - Government of National Accord",
    "LNA": "Military Forces of Libya (2014-) - Libyan National Army",
    "Turkey": "Military Forces of Turkey (2016-)",
    "Wagner": "Wagner Group",
    "militia": "Unidentified Armed Group (Libya)",
    "protesters": "Protesters (Libya)",
    "civilians": "Civilians (Libya)",
}


def libyan_places() -> list[tuple[str, str, str, float, float]]:
    """Towns and cities of the curated gazetteer (falling back on a short list of well-known ones)."""
    try:
        from gazetteer.sources.curated import CuratedSource

        out = [
            (p.id, p.name, p.name_ar or p.name, p.lat, p.lon)
            for p in CuratedSource().places()
            if p.in_libya and math.isfinite(p.lat) and math.isfinite(p.lon)
            and p.kind in ("city", "town", "village", "neighbourhood", "airport", "oil_terminal")
        ]
        if len(out) >= 20:
            return out
    except Exception:  # noqa: BLE001 - any failure of an optional source falls back on the list
        pass
    return list(FALLBACK_PLACES)


def synthetic_analysis(n: int, *, seed: int = 7, start: str = "2019-04-04", days: int = 120) -> dict[str, Any]:
    """``n`` events (and a place record for each), over ``days`` days from ``start``."""
    rng = random.Random(seed)
    places = libyan_places()
    # Real reporting concentrates on a few front-line towns: weight the first places more.
    weights = [1.0 / (1 + i * 0.15) for i in range(len(places))]
    first = dt.date.fromisoformat(start)
    events: list[dict[str, Any]] = []
    place_recs: list[dict[str, Any]] = []
    for i in range(n):
        pid, name, name_ar, lat, lon = rng.choices(places, weights)[0]
        etype, sub, tmpl, b1, b2 = rng.choice(TEMPLATES)
        prec = rng.choices((1, 2, 3), (0.7, 0.22, 0.08))[0]
        jitter = 0.0 if prec == 1 else (0.08 if prec == 2 else 0.3)
        quote = tmpl.format(p=name_ar) + " ."
        k = quote.index(name_ar)
        date = (first + dt.timedelta(days=rng.randrange(days))).isoformat()
        doc = f"synthetic-{i // 5:05d}"
        fat = rng.choices((0, 0, 1, 2, 5, 12), k=1)[0]
        events.append({
            "event_id_cnty": f"CMLBY{i + 1:06d}", "event_date": date, "year": int(date[:4]),
            "time_precision": 1, "disorder_type": "Political violence", "event_type": etype,
            "sub_event_type": sub, "actor1": ACTORS.get(b1, ""), "actor2": ACTORS.get(b2, ""),
            "iso": 434, "region": "Northern Africa", "country": "Libya", "location": name,
            "latitude": round(lat + rng.uniform(-jitter, jitter), 5),
            "longitude": round(lon + rng.uniform(-jitter, jitter), 5),
            "geo_precision": prec, "source": "synthetic", "notes": "", "fatalities": fat,
            "doc": doc, "x_quote": quote, "x_surface": name_ar, "x_surface_start": k,
            "x_surface_end": k + len(name_ar), "x_location_ar": name_ar, "x_place_id": pid,
            "x_actor1_bloc": b1, "x_actor2_bloc": b2, "x_confidence": round(rng.uniform(0.45, 0.95), 2),
            "x_fatalities_low": fat, "x_fatalities_high": fat + rng.choice((0, 0, 2)),
        })
        place_recs.append({
            "doc": doc, "surface": name_ar, "start": k, "end": k + len(name_ar), "place_id": pid, "name": name,
            "name_ar": name_ar, "lat": lat, "lon": lon, "country": "LY", "kind": "town", "in_libya": True,
            "precision": 1, "confidence": 0.9, "quote": quote, "article_title": "تقرير ميداني",
            "article_url": f"https://example.org/libya/{doc}", "article_source": "synthetic",
        })
    return {"places": place_recs, "events": events, "control_areas": [], "front_lines": []}
