"""Hand-made analysis records in the shapes of ``geo.pipeline.Analysis``, modelled on the seed article.

Coordinates are the curated gazetteer's; quotes are sentences of the kind the seed article carries.
``hostile=True`` plants script and markup in every field that comes from an article.
"""

from __future__ import annotations

from typing import Any

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"


def _event(i: int, date: str, etype: str, sub: str, lat: float, lon: float, loc: str, loc_ar: str,
           quote: str, b1: str, b2: str, prec: int = 1, fat: int = 0, doc: str = "seed",
           country: str = "Libya", actor1: str | None = None) -> dict[str, Any]:
    k = quote.find(loc_ar)
    return {
        "event_id_cnty": f"CMLBY{i:06d}", "event_date": date, "year": int(date[:4]), "time_precision": 1,
        "disorder_type": "Political violence", "event_type": etype, "sub_event_type": sub,
        "actor1": actor1 or {"LNA": "Military Forces of Libya (2014-) - Libyan National Army",
                             "GNA": "Military Forces of Libya (2016-2021) - Government of National Accord",
                             "Turkey": "Military Forces of Turkey (2016-)"}.get(b1, b1),
        "assoc_actor_1": "", "inter1": 1, "actor2": {"LNA": "Libyan National Army", "GNA": "GNA forces"}.get(b2, ""),
        "assoc_actor_2": "", "inter2": 1, "interaction": 11, "civilian_targeting": "", "iso": 434 if country == "Libya"
        else 792, "region": "Northern Africa", "country": country, "admin1": "", "admin2": "", "admin3": "",
        "location": loc, "latitude": lat, "longitude": lon, "geo_precision": prec, "source": "seed",
        "source_scale": "National", "notes": "", "fatalities": fat, "tags": "", "timestamp": 0, "doc": doc,
        "x_quote": quote, "x_start": 0, "x_end": len(quote), "x_location_ar": loc_ar, "x_place_id": f"curated:{i}",
        "x_actor1_bloc": b1, "x_actor2_bloc": b2, "x_confidence": 0.8, "x_fatalities_low": fat,
        "x_fatalities_high": fat + 2, "x_surface": loc_ar, "x_surface_start": k, "x_surface_end": k + len(loc_ar),
    }


def _place(surface: str, name: str, name_ar: str, lat: float, lon: float, quote: str, *, in_libya: bool = True,
           prec: int = 1, kind: str = "city", pid: str = "", country: str = "LY", doc: str = "seed",
           title: str = "وفد بريطاني رفيع في بنغازي", url: str = "https://example.org/libya/seed") -> dict[str, Any]:
    return {
        "doc": doc, "surface": surface, "start": 0, "end": len(surface), "place_id": pid or f"curated:{name}",
        "name": name, "name_ar": name_ar, "lat": lat, "lon": lon, "country": country, "kind": kind,
        "in_libya": in_libya, "precision": prec, "confidence": 0.85, "quote": quote, "article_title": title,
        "article_url": url, "article_source": "Arabic-language press",
    }


def sample_analysis(hostile: bool = False) -> dict[str, Any]:
    bad = f" {XSS_SCRIPT} {XSS_IMG} " if hostile else " "
    q1 = f"تحاول قوات حفتر منذ أسابيع السيطرة على بوقرين{bad}و الوشكة ."
    q2 = "خاض الجيش مواجهات بمختلف أنواع الأسلحة مع الميليشيات التابعة للوفاق بمحور طريق المطار ."
    q3 = "استهدف سلاح الطيران تمركزات قوات الوفاق قرب سرت رغم سريان وقف إطلاق النار ."
    q4 = "وصلت تعزيزات عسكرية ضخمة إلى الوشكة شرق مصراتة للتصدي لقوات حفتر ."
    events = [
        _event(1, "2020-01-14", "Battles", "Armed clash", 31.4497, 15.255, "Abu Qurayn", "بوقرين", q1, "LNA", "GNA",
               fat=3, actor1=("LNA" + bad + '"><svg onload=alert(1)>') if hostile else None),
        _event(2, "2020-01-16", "Battles", "Armed clash", 32.7549, 13.1427, "Tripoli Airport Road", "طريق المطار",
               q2, "LNA", "GNA", prec=2),
        _event(3, "2020-01-18", "Explosions/Remote violence", "Air/drone strike", 31.2089, 16.5887, "Sirte", "سرت",
               q3, "LNA", "GNA", fat=1),
        _event(4, "2020-01-20", "Strategic developments", "Headquarters or base established", 31.3734, 15.5709,
               "Al-Washka", "الوشكة", q4, "GNA", "", prec=3),
        # Coded in Turkey: must never be drawn on Libya.
        _event(5, "2020-01-20", "Strategic developments", "Agreement", 39.93, 32.86, "Ankara", "أنقرة",
               "وقد استجابت أنقرة بإرسال مقاتلين أجانب .", "Turkey", "", country="Turkey"),
    ]
    # The Abu Qurayn battle fused from three articles: one quote each, the place written three ways.
    q1b = f"وأكد مصدر عسكري أن قوات الوفاق صدت هجوما على أبوقرين{bad}مساء الثلاثاء ."
    q1c = f"Les forces de Haftar tentent de prendre Abou Grein{bad}depuis des semaines ."
    events[0]["x_quotes"] = [
        {"doc": "seed", "text": q1, "start": 0, "end": len(q1)},
        {"doc": "wire-ar", "text": q1b, "start": 120, "end": 120 + len(q1b)},
        {"doc": "afp-fr" + bad.strip(), "text": q1c, "start": 40, "end": 40 + len(q1c)},
    ]
    events[0]["x_docs"] = [q["doc"] for q in events[0]["x_quotes"]]
    title = ("وفد بريطاني رفيع في بنغازي" + bad).strip()
    url = "javascript:alert(1)" if hostile else "https://example.org/libya/seed"
    places = [
        _place("مصراته", "Misrata", "مصراتة", 32.3754, 15.0925, q4, title=title, url=url),
        _place("شرق مصراته", "Misrata", "مصراتة", 32.37, 15.25, q4 + bad, prec=2, kind="relative",
               pid="curated:misrata_east", title=title, url=url),
        _place("بنغازي", "Benghazi", "بنغازي", 32.12, 20.0812, "وفد بريطاني رفيع في بنغازي" + bad, title=title,
               url=url),
        _place("بالرحمة", "Al-Rajma", "الرجمة", 32.0696, 20.3444,
               "التقى القائد العام للجيش المشير حفتر بالرحمة وفدا بريطانيا رفيع المستوى" + bad, kind="village"),
        _place("أنقرة", "Ankara", "أنقرة", 39.92, 32.85, "وقد استجابت أنقرة بإرسال مقاتلين أجانب .",
               in_libya=False, country="TR", kind="city"),
        _place("ليبيا", "Libya", "ليبيا", 26.3, 17.2, "سحب المرتزقة من ليبيا", prec=4, kind="country"),
    ]
    k = q1b.index("أبوقرين")
    places.append(_place("أبوقرين", "Abu Qurayn", "بوقرين", 31.4497, 15.255, q1b, pid="curated:1", doc="wire-ar",
                         title="مصادر: صد هجوم على أبوقرين" + bad, url=url) | {"start": 120 + k, "end": 127 + k})
    k = q1c.index("Abou Grein")
    places.append(_place("Abou Grein", "Abu Qurayn", "بوقرين", 31.4497, 15.255, q1c, pid="curated:1",
                         doc="afp-fr" + bad.strip(), title="Libye : combats à Abou Grein", url=url)
                  | {"start": 40 + k, "end": 50 + k})
    areas = [
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[
            [16.2, 30.9], [17.1, 30.9], [17.1, 31.45], [16.2, 31.45], [16.2, 30.9]]]},
         "properties": {"kind": "control_area", "side": "LNA", "status": "assessed", "valid_from": "2020-01-06",
                        "valid_to": "2020-01-31", "evidence": ["CMLBY000003"]}},
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[
            [14.7, 32.0], [15.4, 32.0], [15.4, 32.5], [14.7, 32.5], [14.7, 32.0]]]},
         "properties": {"kind": "control_area", "side": "GNA", "status": "claimed", "valid_from": "2020-01-01",
                        "valid_to": "2020-01-31", "evidence": []}},
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[
            [15.1, 31.25], [15.75, 31.25], [15.75, 31.6], [15.1, 31.6], [15.1, 31.25]]]},
         "properties": {"kind": "control_area", "side": "contested", "status": "assessed",
                        "valid_from": "2020-01-14" + bad, "valid_to": "2020-01-31", "evidence": ["a", "b"]}},
    ]
    lines = [
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [
            [15.45, 30.8], [15.5, 31.3], [15.62, 31.9]]},
         "properties": {"kind": "front_line", "side_a": "LNA", "side_b": "GNA", "date": "2020-01-20" + bad,
                        "length_km": 123.4, "status": "assessed"}},
    ]
    return {"places": places, "events": events, "control_areas": areas, "front_lines": lines}
