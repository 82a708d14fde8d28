"""Verify the annotated place-name corpus independently of the builder.

Checks, for every item of places_gold_ar.jsonl and places_gold_en_fr.jsonl: valid JSON with the
required fields, unique ids, ``text[start:end] == surface`` for every mention, plain mentions never
overlapping each other, relative mentions containing their anchor mention, coordinates in range,
Libyan points inside Libya's bounding box and foreign ones outside it, and the corpus-size minimums
of issue 3. Exits 1 with one line per problem, 0 with a summary when all is well.

Run: python tests/data/check_gold.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = ("places_gold_ar.jsonl", "places_gold_en_fr.jsonl")
REQUIRED = ("start", "end", "surface", "name", "lat", "lon", "in_libya", "relative", "kind", "country")
# Libya's extent with a small margin (Natural Earth: 9.39..25.15 E, 19.5..33.17 N), used when the real
# border in ../shared is absent; the border (buffered ~5 km for coastal points) is used when present.
LIBYA_BOX = (9.2, 19.4, 25.3, 33.4)
BORDER = HERE.parents[2] / "shared" / "data" / "boundaries" / "libya_adm0_naturalearth_10m.geojson"


def _libya_test():
    try:
        import shapely.geometry
        import shapely.ops
        from shapely.prepared import prep
    except ImportError:
        shape = None
    else:
        shape = None
        if BORDER.exists():
            geo = json.loads(BORDER.read_text(encoding="utf-8"))
            feats = geo["features"] if geo.get("type") == "FeatureCollection" else [geo]
            shape = prep(shapely.ops.unary_union(
                [shapely.geometry.shape(f["geometry"]) for f in feats]).buffer(0.05))
    if shape is None:
        return lambda lat, lon: LIBYA_BOX[0] <= lon <= LIBYA_BOX[2] and LIBYA_BOX[1] <= lat <= LIBYA_BOX[3]
    return lambda lat, lon: shape.contains(shapely.geometry.Point(lon, lat))


in_libya_box = _libya_test()


def check_item(item: dict, where: str) -> list[str]:
    errors: list[str] = []
    text = item.get("text")
    if not isinstance(text, str) or not text:
        return [f"{where}: missing text"]
    if item.get("lang") not in ("ar", "en", "fr"):
        errors.append(f"{where}: bad lang {item.get('lang')!r}")
    plain: list[tuple[int, int]] = []
    for k, m in enumerate(item.get("mentions", [])):
        at = f"{where} mention {k}"
        missing = [f for f in REQUIRED if f not in m]
        if missing:
            errors.append(f"{at}: missing {missing}")
            continue
        s, e = m["start"], m["end"]
        if not (0 <= s < e <= len(text)) or text[s:e] != m["surface"]:
            errors.append(f"{at}: text[{s}:{e}]={text[s:e]!r} != surface {m['surface']!r}")
        if m["surface"] != m["surface"].strip():
            errors.append(f"{at}: surface has surrounding blanks")
        if not (-90 <= m["lat"] <= 90 and -180 <= m["lon"] <= 180):
            errors.append(f"{at}: coordinates out of range")
        if m["in_libya"] != (m["country"] == "LY"):
            errors.append(f"{at}: in_libya disagrees with country {m['country']}")
        # Relative points may legitimately fall offshore ("30 km north of Zuwara"): not border-checked.
        if m["kind"] not in ("country", "relative"):
            inside = in_libya_box(m["lat"], m["lon"])
            if m["in_libya"] and not inside:
                errors.append(f"{at}: Libyan place {m['name']} outside Libya")
            if not m["in_libya"] and inside:
                errors.append(f"{at}: foreign place {m['name']} inside Libya's box")
        if m["relative"]:
            if not m.get("anchor") or "bearing_deg" not in m or "offset_km" not in m:
                errors.append(f"{at}: relative mention without anchor/bearing_deg/offset_km")
            inner = [o for o in item["mentions"] if not o["relative"] and s <= o["start"] and o["end"] <= e]
            if not any(o["name"] == m["anchor"] for o in inner):
                errors.append(f"{at}: relative span does not contain an anchor mention {m['anchor']!r}")
        else:
            plain.append((s, e))
    plain.sort()
    for (s1, e1), (s2, e2) in zip(plain, plain[1:], strict=False):
        if s2 < e1:
            errors.append(f"{where}: mentions [{s1},{e1}) and [{s2},{e2}) overlap")
    return errors


def main() -> int:
    errors: list[str] = []
    ids: Counter[str] = Counter()
    langs: Counter[str] = Counter()
    n_mentions = 0
    for name in FILES:
        path = HERE / name
        raw = path.read_bytes()
        if raw.startswith(b"\xef\xbb\xbf"):
            errors.append(f"{name}: starts with a BOM")
        for n, line in enumerate(raw.decode("utf-8").splitlines(), 1):
            where = f"{name}:{n}"
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{where}: bad JSON ({exc})")
                continue
            ids[item.get("id", "")] += 1
            langs[item.get("lang", "")] += 1
            n_mentions += len(item.get("mentions", []))
            errors.extend(check_item(item, f"{where} ({item.get('id')})"))
    errors.extend(f"duplicate id {i}" for i, c in ids.items() if c > 1)
    if langs["ar"] < 70 or langs["en"] + langs["fr"] < 35 or langs["fr"] < 12:
        errors.append(f"too few items: {dict(langs)} (need ar>=70, en+fr>=35, fr>=12)")
    for err in errors:
        print(err)
    if errors:
        return 1
    print(f"ok: {sum(langs.values())} items {dict(langs)}, {n_mentions} mentions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
