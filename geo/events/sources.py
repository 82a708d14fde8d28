"""ACLED's ``source_scale`` for an article's source: where the outlet stands relative to Libya.

ACLED writes the scale of each source of an event, joined with ``-`` ("National-International"):
National (a Libyan outlet), Subnational / Local (a town's own media), Regional (an outlet covering the
Arab world or North Africa from outside Libya: Asharq Al-Awsat, Al Jazeera, the Saudi and Egyptian
press), International (wire services and global media), New media (social platforms) and Other (UN
bodies, NGOs, monitoring projects such as Airwars). An outlet we do not know gets no scale (""); a
``.ly`` web address is a Libyan outlet.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from gazetteer.normalize import fold

# Scales in the order ACLED joins them ("Other-National", "New media-National", "National-International").
SCALE_ORDER = ("Other", "New media", "Local partner", "Subnational", "National", "Regional", "International")

# Outlet names and web domains (folded, as written in an article's ``source``/``url``), per scale.
_OUTLETS: dict[str, str] = {
    "National": """libya24|libya 24|libya observer|libyaobserver|address libya|addresslibya|al wasat|alwasat|
        بوابة الوسط|الوسط|akhbar libya|akhbarlibya|اخبار ليبيا|ean libya|eanlibya|عين ليبيا|al marsad|almarsad|
        المرصد|libya herald|libyaherald|libya review|libyareview|libya al ahrar|libyaalahrar|ليبيا الاحرار|
        218|218tv|218 tv|قناة 218|lana|وكالة الانباء الليبية|al nabaa|alnabaa|النبأ|libya alhadath|
        ليبيا الحدث|al hadath libya|libyan express|libyanexpress|al saaa 24|alsaaa24|الساعة 24|
        libya panorama|ليبيا بانوراما|fawasel|فواصل|al mostakbal|almostakbal|tanasuh|التناصح|libyaakhbar""",
    "Regional": """aawsat|asharq al awsat|الشرق الاوسط|al jazeera|aljazeera|الجزيره|al arabiya|alarabiya|
        العربيه|sky news arabia|skynewsarabia|سكاي نيوز عربيه|al araby|alaraby|العربي الجديد|the new arab|
        middle east eye|middleeasteye|middle east monitor|middleeastmonitor|3alyoum|rai al youm|raialyoum|
        راي اليوم|aljazirah|al jazirah|al-jazirah|الجزيره السعوديه|okaz|عكاظ|alriyadh|al riyadh|الرياض|
        sabq|سبق|alwatan|al watan|الوطن|almadina|al madina|المدينه|alyaum|al yaum|اليوم|aleqtisadiya|
        al eqtisadiya|الاقتصاديه|alweeam|الوئام|was|spa|saudi press agency|واس|al ahram|ahram|الاهرام|
        youm7|اليوم السابع|masrawy|مصراوي|al masry al youm|المصري اليوم|mena|al mayadeen|almayadeen|
        الميادين|al hurra|alhurra|الحره|tap|tunis afrique presse|echorouk|الشروق|tunisie numerique|
        kapitalis|elkhabar|الخبر|aps|hespress|هسبريس""",
    "International": """reuters|رويترز|afp|agence france presse|فرانس برس|ap|associated press|
        اسوشيتد برس|bbc|بي بي سي|cnn|france 24|france24|فرانس 24|dw|deutsche welle|دويتشه فيله|anadolu|
        anadolu agency|aa|الاناضول|xinhua|شينخوا|tass|ria novosti|rt|روسيا اليوم|sputnik|سبوتنيك|
        the guardian|guardian|new york times|nytimes|washington post|washingtonpost|bloomberg|
        al monitor|almonitor|le monde|lemonde|rfi|radio france internationale|jeune afrique|
        jeuneafrique|associated press|euronews|يورونيوز|financial times|ft|the times|independent""",
    "New media": """twitter|x com|تويتر|facebook|فيسبوك|فيس بوك|telegram|تيليجرام|تلغرام|youtube|يوتيوب|
        instagram|tiktok|whatsapp""",
    "Other": """airwars|unsmil|united nations|un news|ocha|reliefweb|human rights watch|hrw|amnesty|
        amnesty international|icrc|red crescent|الهلال الاحمر|iom|unhcr|who|the libya crimes watch|
        libya crimes watch|acaps|crisis group""",
}


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for scale, names in _OUTLETS.items():
        for name in re.split(r"[|\n]", names):
            key = fold(name)
            if key:
                table.setdefault(key, scale)
    return table


def _host(url: str) -> str:
    """The host of a web address, or "" for one that does not parse (``http://[``): never an exception."""
    try:
        return urlsplit(url if "//" in url else "//" + url).hostname or ""
    except ValueError:
        return ""


def _domain_keys(url: str) -> list[str]:
    host = _host(url).removeprefix("www.")
    if not host:
        return []
    labels = host.split(".")
    # aawsat.com -> aawsat; english.alarabiya.net -> alarabiya; libyaobserver.ly -> libyaobserver
    return [fold(label) for label in labels[:-1] if label not in ("com", "co", "net", "org", "news", "english",
                                                                  "arabic", "ar", "en", "fr", "m")]


def source_scale(source: str | None, url: str | None = None) -> str:
    """The ACLED scale of one source (its name, else its web address), or "" when it is not known."""
    table = _table()
    for part in re.split(r"[;,]", source or ""):
        key = fold(part)
        if key in table:
            return table[key]
        # "Reuters via Libya Observer", "Al Wasat (Benghazi)": the first known run of words decides.
        words = key.split()
        for n in range(min(4, len(words)), 0, -1):
            for i in range(len(words) - n + 1):
                scale = table.get(" ".join(words[i : i + n]))
                if scale and (n > 1 or len(words[i]) > 3):
                    return scale
    if url:
        host = _host(url)
        for key in _domain_keys(url):
            if key in table:
                return table[key]
        if host.endswith(".ly"):
            return "National"
    return ""


def join_scales(scales: list[str]) -> str:
    """Several sources' scales as ACLED writes them: each once, in ACLED's order, joined with ``-``."""
    parts = {p for s in scales for p in s.split("-") if p}
    known = [s for s in SCALE_ORDER if s in parts]
    return "-".join(known + sorted(parts - set(known)))
