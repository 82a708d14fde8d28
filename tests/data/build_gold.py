"""Build the annotated place-name corpus (places_gold_*.jsonl) from its marked-up source.

The source files ``gold_src_ar.tsv`` and ``gold_src_en_fr.tsv`` hold one item a line:
``id<TAB>notes<TAB>marked text``. In the marked text a mention is ``⟦surface|KEY⟧`` and a relative
expression is ``⟪whole expression¦KEY,BEARING,KM⟫`` (KM may be ``-`` when the text gives no distance;
``⟪between …¦between,KEY1,KEY2⟫`` for "between X and Y"). The anchor inside a relative expression is
marked as an ordinary mention too. KEY names a row of PLACES below. Offsets are computed here, so they
are exact by construction; ``check_gold.py`` re-verifies the written files independently.

Run: python tests/data/build_gold.py   (from the repository root; rewrites the two .jsonl files)
"""

from __future__ import annotations

import json
import math
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

# key: (English name, lat, lon, kind, ISO country, tolerance km or None for countries)
# Coordinates: OSM/GeoNames/ACLED points in ../shared where they exist, else the published position.
PLACES: dict[str, tuple[str, float, float, str, str, float | None]] = {
    # --- Libya: cities and towns
    "tripoli": ("Tripoli", 32.8925, 13.1800, "city", "LY", 10),
    "benghazi": ("Benghazi", 32.1167, 20.0750, "city", "LY", 10),
    "misrata": ("Misrata", 32.3754, 15.0925, "city", "LY", 10),
    "sirte": ("Sirte", 31.2089, 16.5887, "city", "LY", 10),
    "ajdabiya": ("Ajdabiya", 30.7554, 20.2263, "city", "LY", 10),
    "abuqurayn": ("Abu Qurayn", 31.4497, 15.2550, "town", "LY", 5),
    "washka": ("Al Washka", 31.3734, 15.5709, "town", "LY", 5),
    "rajma": ("Al Rajma", 32.0696, 20.3444, "village", "LY", 5),
    "jufra": ("Al Jufra", 29.1500, 16.0000, "district", "LY", 25),
    "hun": ("Hun", 29.1268, 15.9477, "city", "LY", 10),
    "waddan": ("Waddan", 29.1614, 16.1390, "city", "LY", 10),
    "sokna": ("Sokna", 29.0694, 15.7827, "town", "LY", 5),
    "khoms": ("Al Khums", 32.6486, 14.2619, "city", "LY", 10),
    "zawiya": ("Zawiya", 32.7571, 12.7276, "city", "LY", 10),
    "bayda": ("Al Bayda", 32.7627, 21.7551, "city", "LY", 10),
    "marj": ("Al Marj", 32.4926, 20.8291, "city", "LY", 10),
    "kufra": ("Kufra", 24.1800, 23.2759, "town", "LY", 10),
    "brak": ("Brak", 27.5496, 14.2714, "town", "LY", 5),
    "sabha": ("Sabha", 27.0377, 14.4283, "city", "LY", 10),
    "ubari": ("Ubari", 26.5903, 12.7751, "city", "LY", 10),
    "murzuq": ("Murzuq", 25.9155, 13.9184, "city", "LY", 10),
    "qatrun": ("Al Qatrun", 24.9514, 14.6486, "town", "LY", 10),
    "ghat": ("Ghat", 24.9633, 10.1800, "city", "LY", 10),
    "derna": ("Derna", 32.7670, 22.6367, "city", "LY", 10),
    "tobruk": ("Tobruk", 32.0836, 23.9764, "city", "LY", 10),
    "gharyan": ("Gharyan", 32.1722, 13.0203, "city", "LY", 10),
    "tarhuna": ("Tarhuna", 32.4350, 13.6332, "city", "LY", 10),
    "sabratha": ("Sabratha", 32.7934, 12.4885, "city", "LY", 10),
    "surman": ("Surman", 32.7567, 12.5716, "city", "LY", 10),
    "zuwara": ("Zuwara", 32.9312, 12.0820, "city", "LY", 10),
    "zintan": ("Zintan", 31.9316, 12.2529, "town", "LY", 10),
    "nalut": ("Nalut", 31.8685, 10.9812, "town", "LY", 10),
    "baniwalid": ("Bani Walid", 31.7566, 13.9942, "city", "LY", 10),
    "zliten": ("Zliten", 32.4674, 14.5687, "city", "LY", 10),
    "tajoura": ("Tajoura", 32.8817, 13.3506, "town", "LY", 5),
    "janzour": ("Janzour", 32.8187, 13.0173, "town", "LY", 5),
    "mizda": ("Mizda", 31.4493, 12.9853, "town", "LY", 5),
    "aziziya": ("Al Aziziya", 32.5331, 13.0176, "town", "LY", 5),
    "asabaa": ("Al Asabaa", 32.0352, 12.8719, "town", "LY", 5),
    "tawergha": ("Tawergha", 32.0199, 15.0501, "town", "LY", 5),
    "garabulli": ("Garabulli", 32.7450, 13.7148, "town", "LY", 5),
    "msallata": ("Msallata", 32.5822, 14.0400, "town", "LY", 5),
    "zillah": ("Zillah", 28.5500, 17.5500, "town", "LY", 5),
    "dirj": ("Dirj", 30.1636, 10.4580, "town", "LY", 5),
    "ghadames": ("Ghadames", 30.1337, 9.5007, "town", "LY", 5),
    "awjila": ("Awjila", 29.1081, 21.2869, "town", "LY", 5),
    "jalu": ("Jalu", 29.0331, 21.5482, "town", "LY", 5),
    "tazirbu": ("Tazirbu", 25.6716, 21.0621, "town", "LY", 5),
    "tocra": ("Tocra", 32.5341, 20.5791, "town", "LY", 5),
    "suluq": ("Suluq", 31.6682, 20.2521, "town", "LY", 5),
    "qaminis": ("Qaminis", 31.6603, 20.0156, "town", "LY", 5),
    "qubba": ("Al Qubbah", 32.7568, 22.2411, "town", "LY", 5),
    "shahat": ("Shahhat", 32.8082, 21.8697, "town", "LY", 5),
    "abyar": ("Al Abyar", 32.1900, 20.5965, "town", "LY", 5),
    "maradah": ("Maradah", 29.2205, 19.2045, "town", "LY", 5),
    "jamil": ("Al Jumayl", 32.8529, 12.0612, "town", "LY", 5),
    "riqdalin": ("Riqdalin", 32.8864, 11.9871, "town", "LY", 5),
    "ajaylat": ("Al Ajaylat", 32.7572, 12.3763, "town", "LY", 5),
    "rasjdir": ("Ras Ajdir", 33.1495, 11.5679, "town", "LY", 5),
    "rujban": ("Al Rujban", 31.9411, 12.0908, "town", "LY", 5),
    "yafran": ("Yafran", 32.0633, 12.5286, "town", "LY", 5),
    "jadu": ("Jadu", 31.9551, 12.0290, "town", "LY", 5),
    "qaryat": ("Al Qaryat", 30.3844, 13.5843, "town", "LY", 5),
    "shwayrif": ("Ash Shwayrif", 29.9824, 14.2595, "town", "LY", 5),
    "binjawad": ("Bin Jawad", 30.8044, 18.0779, "town", "LY", 5),
    "nawfaliya": ("An Nawfaliyah", 30.7789, 17.8355, "village", "LY", 5),
    "harawa": ("Harawa", 31.0542, 17.2801, "village", "LY", 5),
    "wadijarif": ("Wadi Jarif", 31.0794, 16.3102, "town", "LY", 5),
    "hisha": ("Al Hisha", 31.6483, 15.2760, "village", "LY", 5),
    "zamzam": ("Zamzam", 31.3630, 15.2409, "village", "LY", 5),
    # --- Libya: oil ports, fields, crescent
    "sidra": ("Es Sider", 30.6293, 18.3491, "port", "LY", 5),
    "raslanuf": ("Ras Lanuf", 30.5869, 18.4178, "town", "LY", 5),
    "brega": ("Brega", 30.4062, 19.5739, "town", "LY", 5),
    "zueitina": ("Zueitina", 30.9522, 20.1202, "port", "LY", 5),
    "sharara": ("El Sharara oil field", 26.5500, 12.2200, "oilfield", "LY", 25),
    "feel": ("El Feel oil field", 24.9300, 11.7800, "oilfield", "LY", 25),
    "oilcrescent": ("Oil Crescent", 30.3000, 18.8000, "region", "LY", 100),
    # --- Libya: airports and air bases
    "mitiga": ("Mitiga International Airport", 32.8941, 13.2760, "airport", "LY", 5),
    "tripoli_airport": ("Tripoli International Airport", 32.6635, 13.1590, "airport", "LY", 5),
    "watiya": ("Al-Watiya Air Base", 32.4760, 11.8975, "airbase", "LY", 5),
    "jufra_base": ("Al Jufra Air Base", 29.1986, 16.0050, "airbase", "LY", 5),
    "tamanhint": ("Tamanhint Air Base", 27.2400, 14.6567, "airbase", "LY", 5),
    "brak_base": ("Brak al-Shati Air Base", 27.6530, 14.2725, "airbase", "LY", 5),
    "benina": ("Benina International Airport", 32.0968, 20.2695, "airport", "LY", 5),
    "khadim": ("Al-Khadim Air Base", 31.9980, 21.1980, "airbase", "LY", 5),
    "qardabiya": ("Al Qardabiya Air Base", 31.0610, 16.5950, "airbase", "LY", 5),
    "misrata_airport": ("Misrata Airport", 32.3250, 15.0610, "airport", "LY", 5),
    # --- Tripoli neighbourhoods and roads
    "ainzara": ("Ain Zara", 32.8000, 13.2800, "neighbourhood", "LY", 5),
    "salahaldin": ("Salah al-Din", 32.8286, 13.2141, "neighbourhood", "LY", 5),
    "abusalim": ("Abu Salim", 32.8500, 13.1667, "neighbourhood", "LY", 5),
    "qasrbenghashir": ("Qasr Bin Ghashir", 32.6878, 13.1739, "town", "LY", 5),
    "khallat": ("Khallat al-Furjan", 32.7806, 13.1797, "neighbourhood", "LY", 5),
    "airport_road": ("Tripoli Airport Road", 32.7549, 13.1427, "road", "LY", 10),
    "hadba": ("Mashrou al-Hadba", 32.7750, 13.1640, "neighbourhood", "LY", 5),
    "wadirabie": ("Wadi al-Rabie", 32.7250, 13.2900, "neighbourhood", "LY", 5),
    "sawani": ("Al-Sawani", 32.7133, 13.0722, "neighbourhood", "LY", 5),
    "souqjuma": ("Souq al-Juma", 32.8834, 13.2571, "neighbourhood", "LY", 5),
    "babaziziya": ("Bab al-Aziziya", 32.8753, 13.1709, "neighbourhood", "LY", 5),
    "ghotshaal": ("Ghout al-Shaal", 32.8493, 13.0902, "neighbourhood", "LY", 5),
    "furnaj": ("Al-Furnaj", 32.8513, 13.2382, "neighbourhood", "LY", 5),
    # --- Benghazi neighbourhoods
    "ganfouda": ("Ganfouda", 32.0290, 20.0170, "neighbourhood", "LY", 5),
    "garyounis": ("Garyounis", 32.0550, 20.0470, "neighbourhood", "LY", 5),
    "laithi": ("Al-Laithi", 32.0960, 20.0850, "neighbourhood", "LY", 5),
    "bouatni": ("Bu Atni", 32.0850, 20.1350, "neighbourhood", "LY", 5),
    "souqhout": ("Souq al-Hout", 32.1190, 20.0660, "neighbourhood", "LY", 5),
    "sabri": ("Al-Sabri", 32.1358, 20.0785, "neighbourhood", "LY", 5),
    "qawarsha": ("Al Qawarishah", 32.0333, 20.0667, "neighbourhood", "LY", 5),
    "hawari": ("Al-Hawari", 32.0550, 20.1000, "neighbourhood", "LY", 5),
    # --- Sirte and Misrata places
    "sirte_d3": ("Sirte District 3", 31.1950, 16.5600, "neighbourhood", "LY", 5),
    "ouagadougou": ("Ouagadougou Conference Centre", 31.1970, 16.5560, "building", "LY", 5),
    "tripoli_street": ("Tripoli Street, Misrata", 32.3700, 15.0800, "road", "LY", 5),
    # --- Libya: country and regions
    "libya": ("Libya", 27.0000, 17.0000, "country", "LY", None),
    "fezzan": ("Fezzan", 26.5000, 14.0000, "region", "LY", 300),
    "cyrenaica": ("Cyrenaica", 30.5000, 22.0000, "region", "LY", 300),
    "nafusa": ("Nafusa Mountains", 31.9500, 12.0000, "region", "LY", 75),
    # --- Foreign places
    "tripoli_lb": ("Tripoli, Lebanon", 34.4367, 35.8497, "city", "LB", 10),
    "homs": ("Homs", 34.7324, 36.7137, "city", "SY", 10),
    "ankara": ("Ankara", 39.9334, 32.8597, "city", "TR", 10),
    "istanbul": ("Istanbul", 41.0082, 28.9784, "city", "TR", 10),
    "cairo": ("Cairo", 30.0444, 31.2357, "city", "EG", 10),
    "geneva": ("Geneva", 46.2044, 6.1432, "city", "CH", 10),
    "newyork": ("New York", 40.7128, -74.0060, "city", "US", 10),
    "washington": ("Washington", 38.9072, -77.0369, "city", "US", 10),
    "berlin": ("Berlin", 52.5200, 13.4050, "city", "DE", 10),
    "moscow": ("Moscow", 55.7558, 37.6173, "city", "RU", 10),
    "paris": ("Paris", 48.8566, 2.3522, "city", "FR", 10),
    "rome": ("Rome", 41.9028, 12.4964, "city", "IT", 10),
    "palermo": ("Palermo", 38.1157, 13.3615, "city", "IT", 10),
    "tunis": ("Tunis", 36.8065, 10.1815, "city", "TN", 10),
    "benguerdane": ("Ben Guerdane", 33.1380, 11.2190, "city", "TN", 10),
    "abudhabi": ("Abu Dhabi", 24.4539, 54.3773, "city", "AE", 10),
    "skhirat": ("Skhirat", 33.8530, -7.0300, "town", "MA", 5),
    "bouznika": ("Bouznika", 33.7890, -7.1600, "town", "MA", 5),
    "lampedusa": ("Lampedusa", 35.5070, 12.6010, "island", "IT", 10),
    "valletta": ("Valletta", 35.8989, 14.5146, "city", "MT", 10),
    "algiers": ("Algiers", 36.7538, 3.0588, "city", "DZ", 10),
    "ndjamena": ("N'Djamena", 12.1348, 15.0557, "city", "TD", 10),
    "khartoum": ("Khartoum", 15.5007, 32.5599, "city", "SD", 10),
    "raqqa": ("Raqqa", 35.9594, 39.0079, "city", "SY", 10),
    "idlib": ("Idlib", 35.9306, 36.6339, "city", "SY", 10),
    "sallum": ("Sallum", 31.5530, 25.1570, "town", "EG", 5),
    # foreign countries (matched on country code, not distance)
    "turkey": ("Turkey", 39.0, 35.0, "country", "TR", None),
    "egypt": ("Egypt", 27.0, 30.0, "country", "EG", None),
    "uae": ("United Arab Emirates", 24.0, 54.0, "country", "AE", None),
    "qatar": ("Qatar", 25.5, 51.25, "country", "QA", None),
    "russia": ("Russia", 60.0, 100.0, "country", "RU", None),
    "tunisia": ("Tunisia", 34.0, 9.0, "country", "TN", None),
    "italy": ("Italy", 42.83, 12.83, "country", "IT", None),
    "france": ("France", 46.0, 2.0, "country", "FR", None),
    "chad": ("Chad", 15.0, 19.0, "country", "TD", None),
    "sudan": ("Sudan", 15.0, 30.0, "country", "SD", None),
    "algeria": ("Algeria", 28.0, 3.0, "country", "DZ", None),
    "uk": ("United Kingdom", 54.0, -2.0, "country", "GB", None),
    "syria": ("Syria", 35.0, 38.0, "country", "SY", None),
    "lebanon": ("Lebanon", 33.83, 35.83, "country", "LB", None),
    "usa": ("United States", 39.76, -98.5, "country", "US", None),
    "niger": ("Niger", 17.0, 9.0, "country", "NE", None),
    "malta": ("Malta", 35.92, 14.42, "country", "MT", None),
    "germany": ("Germany", 51.5, 10.5, "country", "DE", None),
}

EARTH_KM = 6371.0088


def project(lat: float, lon: float, bearing_deg: float, km: float) -> tuple[float, float]:
    """Great-circle destination point, the same computation a resolver would do for '40 km south of X'."""
    φ1, λ1, θ = map(math.radians, (lat, lon, bearing_deg))
    δ = km / EARTH_KM
    φ2 = math.asin(math.sin(φ1) * math.cos(δ) + math.cos(φ1) * math.sin(δ) * math.cos(θ))
    λ2 = λ1 + math.atan2(math.sin(θ) * math.sin(δ) * math.cos(φ1), math.cos(δ) - math.sin(φ1) * math.sin(φ2))
    return round(math.degrees(φ2), 4), round(math.degrees(λ2), 4)


def mention(key: str, start: int, surface: str) -> dict:
    name, lat, lon, kind, cc, tol = PLACES[key]
    return {"start": start, "end": start + len(surface), "surface": surface, "name": name,
            "lat": lat, "lon": lon, "in_libya": cc == "LY", "relative": False,
            "kind": kind, "country": cc, "tol_km": tol}


def relative(spec: str, start: int, surface: str) -> dict:
    parts = spec.split(",")
    rec: dict = {"start": start, "end": start + len(surface), "surface": surface, "relative": True,
                 "kind": "relative"}
    if parts[0] == "between":
        a, b = PLACES[parts[1]], PLACES[parts[2]]
        lat, lon = round((a[1] + b[1]) / 2, 4), round((a[2] + b[2]) / 2, 4)
        rec.update(name=f"between {a[0]} and {b[0]}", lat=lat, lon=lon, anchor=a[0], anchor2=b[0],
                   bearing_deg=None, offset_km=None, tol_km=25, in_libya=a[4] == "LY" and b[4] == "LY",
                   country=a[4])
        return rec
    key, bearing, km = parts
    name, alat, alon, _kind, cc, _tol = PLACES[key]
    if km == "-":
        # No distance given: the gold point is the anchor itself with a 25 km tolerance, so any sensible
        # default offset a resolver applies (up to ~20 km) still matches.
        lat, lon, offset, tol = alat, alon, None, 25
    else:
        offset = float(km)
        lat, lon = project(alat, alon, float(bearing), offset)
        tol = 10
    label = f"{bearing}° of {name}" if offset is None else f"{offset:g} km at {bearing}° of {name}"
    rec.update(name=label, lat=lat, lon=lon, anchor=name,
               bearing_deg=float(bearing), offset_km=offset, tol_km=tol, in_libya=cc == "LY", country=cc)
    return rec


def parse(marked: str, where: str) -> tuple[str, list[dict]]:
    out: list[str] = []
    pos = 0
    mentions: list[dict] = []
    stack: list[int] = []
    i = 0
    while i < len(marked):
        ch = marked[i]
        if ch == "⟦":
            j = marked.index("⟧", i)
            surface, key = marked[i + 1:j].rsplit("|", 1)
            if key not in PLACES:
                sys.exit(f"{where}: unknown place key {key!r}")
            mentions.append(mention(key, pos, surface))
            out.append(surface)
            pos += len(surface)
            i = j + 1
        elif ch == "⟪":
            stack.append(pos)
            i += 1
        elif ch == "¦":
            j = marked.index("⟫", i)
            start = stack.pop()
            text_so_far = "".join(out)
            mentions.append(relative(marked[i + 1:j], start, text_so_far[start:]))
            i = j + 1
        else:
            out.append(ch)
            pos += 1
            i += 1
    if stack:
        sys.exit(f"{where}: unclosed relative expression")
    mentions.sort(key=lambda m: (m["start"], m["relative"]))
    return "".join(out), mentions


def build(src: Path, dst: Path, lang_of) -> int:
    rows = []
    for n, line in enumerate(src.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        item_id, notes, marked = line.split("\t")
        text, mentions = parse(marked, f"{src.name}:{n}")
        rows.append({"id": item_id, "lang": lang_of(item_id), "text": text, "mentions": mentions,
                     "notes": notes})
    fd, tmp = tempfile.mkstemp(dir=dst.parent, prefix=dst.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    os.replace(tmp, dst)
    return len(rows)


if __name__ == "__main__":
    n_ar = build(HERE / "gold_src_ar.tsv", HERE / "places_gold_ar.jsonl", lambda _id: "ar")
    n_ef = build(HERE / "gold_src_en_fr.tsv", HERE / "places_gold_en_fr.jsonl", lambda i: i.split("-")[0])
    print(f"wrote {n_ar} Arabic and {n_ef} English/French items")
