"""From analysis records to the map's payload: one compact, pre-escaped JSON object.

The browser-side code (``maps/assets/conflictmap.js``) draws everything from this payload, so this is
where the decisions live: which records are drawn (Libyan, with coordinates), which places count as
"without an event", how imprecise each point is, and how every piece of article text is escaped. Strings
in the payload are HTML already; the script never inserts anything else.

Repeated things (quotes shared by several events, article metadata) are stored once and referenced by
index, which keeps a 10,000-event map a few megabytes.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from maps.basemap import GazPlace
from maps.control_layer import geometry_of as _geometry
from maps.escape import esc, highlight, is_arabic, safe_url, search_key
from maps.layers import as_layers
from maps.styles import (
    EVENT_TYPES,
    PRECISION_LABELS,
    Side,
    halo_radius_m,
    map_sides,
    side_of,
    type_of,
)

DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH_RE = re.compile(r"^\d{4}-\d{2}$")
_LIBYA_NAMES = {"", "libya", "ly", "lby", "434"}
DEFAULT_TITLE = "Libya: conflict events"


def coord(value: object, limit: float) -> float | None:
    try:
        f = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if not math.isfinite(f) or abs(f) > limit:
        return None
    return round(f, 5)


def event_is_libyan(ev: Mapping[str, Any]) -> bool:
    country = str(ev.get("country") or "").strip().lower()
    iso = str(ev.get("iso") or "").strip().lower()
    return country in _LIBYA_NAMES and iso in _LIBYA_NAMES


def day_of(value: object) -> str | None:
    """``YYYY-MM-DD`` as is; a month (``YYYY-MM``) stands for its first day on the time axis."""
    s = str(value or "").strip()[:10]
    if DAY_RE.match(s):
        return s
    if MONTH_RE.match(s[:7]) and len(s) == 7:
        return s + "-01"
    return None


_COMPASS = ("north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west")


def relative_words(offset_km: object, bearing_deg: object, anchor: object) -> str:
    """A relative place in words: "40 km south of Sirte", "east of Misrata" (no distance given)."""
    try:
        bearing = float(bearing_deg)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return f"near {anchor}"
    if not math.isfinite(bearing):
        return f"near {anchor}"
    direction = _COMPASS[int(((bearing % 360) + 22.5) // 45) % 8]
    try:
        km = float(offset_km)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        km = 0.0
    return f"{km:g} km {direction} of {anchor}" if math.isfinite(km) and km > 0 else f"{direction} of {anchor}"


def date_text(value: object, precision: object = None) -> str:
    """A date as precise as it is known: "14 January 2020" (day), "week of 5 Aug 2015" (ACLED time precision
    2), "January 2020" (month: precision 3, or a YYYY-MM date); anything else as it was written."""
    import datetime as dt

    s = str(value or "").strip()
    p = _int(precision, 1)
    try:
        if MONTH_RE.match(s) and len(s) == 7:
            return dt.date.fromisoformat(s + "-01").strftime("%B %Y")
        d = dt.date.fromisoformat(s[:10])
    except ValueError:
        return s
    if p >= 3:
        return d.strftime("%B %Y")
    if p == 2:
        monday = d - dt.timedelta(days=d.weekday())
        return f"week of {monday.day} {monday.strftime('%b %Y')}"
    return f"{d.day} {d.strftime('%B %Y')}"


def _int(value: object, default: int = 0) -> int:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


def _conf(value: object) -> float | None:
    try:
        f = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return round(min(max(f, 0.0), 1.0), 2) if math.isfinite(f) else None


def fatalities_text(ev: Mapping[str, Any]) -> str:
    best = ev.get("fatalities")
    lo, hi = ev.get("x_fatalities_low"), ev.get("x_fatalities_high")
    text = "" if best in (None, "") else str(_int(best))
    if lo not in (None, "") and hi not in (None, "") and _int(lo) != _int(hi):
        text = f"{text} ({_int(lo)}–{_int(hi)})".strip()
    return text


class _Interner:
    """Stores each distinct value once and hands out its index."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._index: dict[Any, int] = {}

    def index_of(self, key: Any) -> int | None:
        return self._index.get(key)

    def add(self, key: Any, value: Any) -> int:
        i = self._index.get(key)
        if i is None:
            i = self._index[key] = len(self.items)
            self.items.append(value)
        return i


@dataclass(slots=True)
class Skipped:
    foreign: int = 0
    no_coordinates: int = 0


def build_payload(
    analysis: Any,
    *,
    outline: dict[str, Any] | None = None,
    districts: dict[str, Any] | None = None,
    offline: bool = False,
    title: str | None = None,
    gazetteer: Sequence[GazPlace] = (),
) -> dict[str, Any]:
    """The payload; ``gazetteer`` (maps.basemap.libyan_places) adds every name form of every Libyan place
    to the search and, offline, the town and district labels of the base."""
    layers = as_layers(analysis)
    skipped = Skipped()
    quotes = _Interner()
    docs = _Interner()
    type_ix = {t.label: i for i, t in enumerate(EVENT_TYPES)}
    # Every bloc the map draws, coded for the date of its event or area (geo.periods), in one palette.
    found: dict[str, Side] = {}
    for ev in layers.events:
        for bloc_field in ("x_actor1_bloc", "x_actor2_bloc"):
            if bloc_field == "x_actor1_bloc" or ev.get(bloc_field):
                s = side_of(ev.get(bloc_field), ev.get("event_date"))
                found.setdefault(s.key, s)
    for f in layers.control_areas:
        props = f.get("properties") if isinstance(f.get("properties"), Mapping) else f
        raw = str(props.get("side") or "unknown")
        if raw.strip().lower() != "contested":
            s = side_of(raw, props.get("valid_from"))
            found.setdefault(s.key, s)
    sides = map_sides(found.values())
    side_ix = {s.key: i for i, s in enumerate(sides)}
    side_by_key = {s.key: s for s in sides}

    # Article metadata: places carry it (article_title/url/source); events may carry x_ copies.
    meta: dict[str, dict[str, str]] = {}
    for rec in [*layers.places, *layers.events]:
        doc = str(rec.get("doc") or "")
        m = meta.setdefault(doc, {})
        for key, names in (
            ("t", ("article_title", "x_article_title")),
            ("u", ("article_url", "x_article_url", "x_url")),
            ("s", ("article_source", "x_article_source")),
        ):
            for name in names:
                if rec.get(name) and key not in m:
                    m[key] = str(rec[name])

    def doc_index(doc: object) -> int:
        d = str(doc or "")
        known = docs.index_of(d)
        if known is not None:  # escaping the metadata again for every quote is most of the build time
            return known
        m = meta.get(d, {})
        entry = {"d": esc(d), "t": esc(m.get("t")), "s": esc(m.get("s")), "u": safe_url(m.get("u"))}
        return docs.add(d, entry)

    def quote_index(quote: object, surface: object, start: object = None, end: object = None) -> int:
        if not quote:
            return -1
        html = highlight(quote, surface, start, end)
        known = quotes.index_of(html)
        return known if known is not None else quotes.add(html, [html, 1 if is_arabic(quote) else 0])

    spans = _mention_spans(layers.places)
    # Names, sub-types and dates repeat across thousands of events: each distinct value is escaped once.
    escaped: dict[object, str] = {}

    def esc1(value: object) -> str:
        if not isinstance(value, str):
            return esc(value)
        e = escaped.get(value)
        if e is None:
            e = escaped[value] = esc(value)
        return e

    dated: dict[tuple[str, str], str] = {}

    def date_of(value: object, precision: object) -> str:
        key = (str(value), str(precision))
        d = dated.get(key)
        if d is None:
            d = dated[key] = esc(date_text(value, precision))
        return d

    # Actors and sub-types are stored once, as the filters list them: events refer to them by index.
    actors = _Interner()
    subs = _Interner()

    def actor_index(name: object) -> int | None:
        label = esc1(name)
        return actors.add(label, label) if label else None

    def sub_index(etype: int, name: object) -> int | None:
        label = esc1(name)
        return subs.add((etype, label), [label, etype]) if label else None

    def event_quotes(ev: Mapping[str, Any]) -> list[list[int]]:
        """[[quote index, doc index], ...]: every supporting sentence, the event's own first."""
        out: list[list[int]] = []
        for q in quotes_of(ev):
            qi = quote_index(q.text, *_surface_in(ev, q, spans))
            if qi >= 0 and not any(o[0] == qi for o in out):
                out.append([qi, doc_index(q.doc)])
        return out

    def located_by(ev: Mapping[str, Any], qs: list[list[int]]) -> list[int] | None:
        if any("<mark>" in quotes.items[qi][0] for qi, _ in qs):
            return None
        sp = locating_mention(ev, spans)
        if sp is None:
            return None
        a = sp.start - sp.quote_start if sp.quote_start is not None else None
        qi = quote_index(sp.quote, sp.surface, a, None if a is None else a + len(sp.surface))
        return [qi, doc_index(ev.get("doc"))] if qi >= 0 else None

    # --- events
    ev_out: list[dict[str, Any]] = []
    new_counts = {1: 0, 2: 0}
    acled_count = 0
    days: list[str] = []
    drawn_place_ids: set[str] = set()
    for ev in layers.events:
        if not event_is_libyan(ev):
            skipped.foreign += 1
            continue
        lat, lon = coord(ev.get("latitude"), 90), coord(ev.get("longitude"), 180)
        if lat is None or lon is None:
            skipped.no_coordinates += 1
            continue
        etype = type_of(ev.get("event_type"))
        side = side_of(ev.get("x_actor1_bloc"), ev.get("event_date"))
        prec = _int(ev.get("geo_precision"), 1) or 1
        day = day_of(ev.get("event_date"))
        if day:
            days.append(day)
        rec: dict[str, Any] = {
            "la": lat,
            "lo": lon,
            "t": type_ix[etype.label],
            "s": side_ix[side.key],
            "day": day,
            "p": prec,
            "r": halo_radius_m(prec, ev.get("x_uncertainty_km")),
            "q": (qs := event_quotes(ev)),
            "lq": located_by(ev, qs),
            "a": doc_index(ev.get("doc")),
            "dt": date_of(ev.get("event_date"), ev.get("time_precision")),
            "st": sub_index(type_ix[etype.label], ev.get("sub_event_type")),
            "a1": actor_index(ev.get("actor1")),
            "a2": actor_index(ev.get("actor2")),
            "pl": esc1(ev.get("location")),
            "pa": esc1(ev.get("x_location_ar")),
            "f": esc(fatalities_text(ev)),
            "id": esc(ev.get("event_id_cnty")),
        }
        if ev.get("x_actor2_bloc"):
            rec["s2"] = side_ix[side_of(ev.get("x_actor2_bloc"), ev.get("event_date")).key]
        if ev.get("x_origin") == "acled":  # ACLED's own coding: its own layer, its notes as the report
            rec["o"] = 1
            rec["nt"] = esc(ev.get("notes"))
            rec["dup"] = [esc(d) for d in ev.get("x_duplicates") or () if isinstance(d, str)]
            acled_count += 1
        elif ev.get("x_acled_id"):
            rec["ac"] = esc(ev.get("x_acled_id"))
        if ev.get("x_new") in ("event", "report"):
            # reported by the articles laid over a store in this run (maps.store_overlay.mark_new)
            rec["nw"] = 1 if ev["x_new"] == "event" else 2
            new_counts[rec["nw"]] += 1
        conf = _conf(ev.get("x_confidence"))
        if conf is not None:
            rec["c"] = conf
        if _int(ev.get("fatalities")) > 0:
            rec["fn"] = _int(ev.get("fatalities"))
        ev_out.append({k: v for k, v in rec.items() if v not in ("", None, [])})
        if ev.get("x_place_id"):
            drawn_place_ids.add(str(ev["x_place_id"]))

    dates = sorted(set(days))
    date_ix = {d: i for i, d in enumerate(dates)}
    # the filter lists in reading order, each with its number of events
    actor_order = sorted(range(len(actors.items)), key=lambda i: (actors.items[i].casefold(), actors.items[i]))
    actor_ix = {old: new for new, old in enumerate(actor_order)}
    sub_order = sorted(range(len(subs.items)), key=lambda i: (subs.items[i][1], subs.items[i][0].casefold()))
    sub_ix = {old: new for new, old in enumerate(sub_order)}
    actor_n = [0] * len(actor_order)
    sub_n = [0] * len(sub_order)
    for rec in ev_out:
        rec["d"] = date_ix.get(rec.pop("day", None) or "", -1)
        for k in ("a1", "a2"):
            if k in rec:
                rec[k] = actor_ix[rec[k]]
        for i in {rec[k] for k in ("a1", "a2") if k in rec}:
            actor_n[i] += 1
        if "st" in rec:
            rec["st"] = sub_ix[rec["st"]]
            sub_n[rec["st"]] += 1
    actor_list = [[actors.items[old], actor_n[new]] for new, old in enumerate(actor_order)]
    sub_list = [[*subs.items[old], sub_n[new]] for new, old in enumerate(sub_order)]

    # --- places mentioned without an event (one marker per place; foreign places never drawn)
    grouped: dict[tuple[str, float, float], dict[str, Any]] = {}
    for pl in layers.places:
        if pl.get("in_libya") is not True:
            if pl.get("in_libya") is False:
                skipped.foreign += 1
            continue
        lat, lon = coord(pl.get("lat"), 90), coord(pl.get("lon"), 180)
        prec = _int(pl.get("precision"), 1) or 1
        if lat is None or lon is None or prec >= 4:
            continue
        pid = str(pl.get("place_id") or "")
        if pid and pid in drawn_place_ids and pl.get("kind") != "relative":
            continue
        key = (pid or str(pl.get("name")), round(lat, 3), round(lon, 3))
        g = grouped.get(key)
        if g is None:
            g = grouped[key] = {
                "la": lat,
                "lo": lon,
                "n": esc(pl.get("name")),
                "na": esc(pl.get("name_ar")),
                "k": esc(pl.get("kind")),
                "p": prec,
                "r": halo_radius_m(prec),
                "c": _conf(pl.get("confidence")) or 0.0,
                "m": 0,
                "q": [],
                "sf": [],
            }
            if pl.get("kind") == "relative" and pl.get("anchor"):
                g["an"] = esc(pl.get("anchor"))
                g["rl"] = esc(relative_words(pl.get("offset_km"), pl.get("bearing_deg"), pl.get("anchor")))
        g["m"] += 1
        g["c"] = max(g["c"], _conf(pl.get("confidence")) or 0.0)
        surface = esc(pl.get("surface"))
        if surface and surface not in g["sf"] and len(g["sf"]) < 5:
            g["sf"].append(surface)
        if len(g["q"]) < 3:
            qi = quote_index(pl.get("quote"), pl.get("surface"))
            if qi >= 0 and all(q[0] != qi for q in g["q"]):
                g["q"].append([qi, doc_index(pl.get("doc"))])
    places_out = [{k: v for k, v in g.items() if v not in ("", None, [])} for g in grouped.values()]

    # --- search index: every drawn name, Arabic and Latin, folded the way the search box folds queries
    search: dict[str, list[Any]] = {}
    for e in ev_out:
        _add_search(search, e.get("pl"), e.get("pa"), e["la"], e["lo"])
    for p in places_out:
        _add_search(search, p.get("n"), p.get("na"), p["la"], p["lo"])
        for s in p.get("sf", []):
            _add_search(search, s, None, p["la"], p["lo"])
    _add_gazetteer_search(search, gazetteer)

    sides_present = Counter(e["s"] for e in ev_out)
    types_present = Counter(e["t"] for e in ev_out)
    from maps.control_layer import control_payload

    control = control_payload(layers.control_areas, layers.front_lines)
    areas, lines = control.pop("areas"), control.pop("lines")
    dates = slider_days(dates, control.get("asOf"))
    return {
        "title": esc(title or DEFAULT_TITLE),
        "offline": offline,
        "sides": [{"key": esc(s.key), "label": esc(s.label), "color": s.color} for s in sides],
        "hatch": _hatch(dates, side_by_key),
        "periods": _periods(dates),
        "types": [{"label": esc(t.label), "short": esc(t.short), "icon": t.icon, "color": t.color}
                  for t in EVENT_TYPES],
        "precision": {str(k): esc(v) for k, v in PRECISION_LABELS.items()},
        "events": ev_out,
        "actors": actor_list,  # [name, events naming it as actor 1 or 2]
        "subs": sub_list,  # [sub-type, type index, events]
        "dates": dates,
        "places": places_out,
        "quotes": quotes.items,
        "docs": docs.items,
        "search": list(search.values()),
        "areas": areas,
        "lines": lines,
        "control": control,
        "outline": outline,
        "districts": _districts(districts),
        "towns": _towns(gazetteer) if offline else [],
        "counts": {
            "events": len(ev_out),
            "places": len(places_out),
            "sides": {str(k): v for k, v in sides_present.items()},
            "types": {str(k): v for k, v in types_present.items()},
            "skipped_foreign": skipped.foreign,
            "skipped_no_coordinates": skipped.no_coordinates,
            "new_events": new_counts[1],
            "new_reports": new_counts[2],
            "acled": acled_count,
        },
    }


def slider_days(event_days: list[str], control_as_of: object) -> list[str]:
    """The time slider's stops: the events' days, then the map's day when it is later.

    The map's day is the day of its control picture (``--as-of``, else the latest evidence, which counts
    the articles' own dates: an article of 11 August about fighting on the 9th). One rule for the slider's
    last stop, the title's "Control as of" and the end of the timeline's axis, so that at the slider's end
    all three name the same day. Events keep their indexes into the list: the extra stop has none.
    """
    day = str(control_as_of or "")
    if DAY_RE.match(day) and (not event_days or day > event_days[-1]):
        return [*event_days, day]
    return event_days


def map_day(payload: Mapping[str, Any]) -> str | None:
    """The map's day (see ``slider_days``): the slider's last stop."""
    dates = payload.get("dates") or []
    return dates[-1] if dates else None


@dataclass(frozen=True, slots=True)
class Quote:
    """One sentence supporting an event: its article and its offsets in that article (when known)."""

    doc: str
    text: str
    start: int | None = None
    end: int | None = None


def _offset(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def quotes_of(ev: Mapping[str, Any]) -> list[Quote]:
    """The event's quotes: ``x_quote`` first, then every other entry of ``x_quotes`` (fused reports carry
    one per supporting article, as dicts ``{doc, text, start, end}`` or bare strings), each once."""
    doc = str(ev.get("doc") or "")
    out: list[Quote] = []
    if ev.get("x_quote"):
        out.append(Quote(doc, str(ev["x_quote"]), _offset(ev.get("x_start")), _offset(ev.get("x_end"))))
    raw = ev.get("x_quotes")
    for q in raw if isinstance(raw, (list, tuple)) else ():
        if isinstance(q, Mapping) and q.get("text"):
            item = Quote(str(q.get("doc") or doc), str(q["text"]), _offset(q.get("start")), _offset(q.get("end")))
        elif isinstance(q, str) and q:
            item = Quote(doc, q)
        else:
            continue
        if not any(o.doc == item.doc and o.text == item.text for o in out):
            out.append(item)
    return out


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    surface: str
    place_id: str
    lat: float | None
    lon: float | None
    quote: str = ""
    quote_start: int | None = None


def _mention_spans(places: list[dict[str, Any]]) -> dict[str, list[_Span]]:
    """Place mentions by article, with their offsets: they name the place inside any quote of that article."""
    out: dict[str, list[_Span]] = {}
    for pl in places:
        start, end, surface = _offset(pl.get("start")), _offset(pl.get("end")), pl.get("surface")
        if start is None or end is None or not surface or pl.get("kind") == "relative":
            continue
        out.setdefault(str(pl.get("doc") or ""), []).append(_Span(
            start, end, str(surface), str(pl.get("place_id") or ""), coord(pl.get("lat"), 90),
            coord(pl.get("lon"), 180), str(pl.get("quote") or ""), _offset(pl.get("quote_start"))))
    return out


def locating_mention(ev: Mapping[str, Any], spans: dict[str, list[_Span]]) -> _Span | None:
    """The mention that put an event on its place when its own sentence does not name it (the extractor
    carries the place over from the context): the nearest mention of that place before the quote, else
    the nearest after it, in the event's article."""
    pid = str(ev.get("x_place_id") or "")
    lat, lon = coord(ev.get("latitude"), 90), coord(ev.get("longitude"), 180)
    same = [sp for sp in spans.get(str(ev.get("doc") or ""), ()) if sp.quote and (
        (pid and sp.place_id == pid) or _near(sp, lat, lon))]
    if not same:
        return None
    at = _offset(ev.get("x_start"))
    if at is None:
        return same[0]
    before = [sp for sp in same if sp.start <= at]
    return max(before, key=lambda sp: sp.start) if before else min(same, key=lambda sp: sp.start)


# A mention of another place this close to the event names the same spot (a merged report may have
# resolved a neighbourhood where the first named the town): the store fuses reports within 5 km.
_NEAR_KM = 6.0


def _near(span: _Span, lat: float | None, lon: float | None) -> bool:
    if None in (span.lat, span.lon, lat, lon):
        return False
    dy = (span.lat - lat) * 111.2  # type: ignore[operator]
    dx = (span.lon - lon) * 111.2 * math.cos(math.radians(lat))  # type: ignore[operator, arg-type]
    return math.hypot(dx, dy) <= _NEAR_KM


def _surface_in(ev: Mapping[str, Any], q: Quote, spans: dict[str, list[_Span]]) -> tuple[object, object, object]:
    """(surface, start, end) of the event's place inside quote ``q``, offsets relative to the quote.

    In order: the coder's ``x_surface`` (its offsets may be relative to the quote or to the article; they
    are used only when they point at the surface), a mention of the same place (or one within a few km)
    inside the quote's span of the article, then the names of the place, found in the text.
    """
    text, ev_doc = q.text, str(ev.get("doc") or "")
    surface = ev.get("x_surface")
    if surface and q.doc == ev_doc and q.text == str(ev.get("x_quote") or ""):
        s = str(surface)
        a, b = _offset(ev.get("x_surface_start")), _offset(ev.get("x_surface_end"))
        if a is not None and b is not None:
            if text[a:b] == s:
                return s, a, b
            if q.start is not None and a >= q.start and text[a - q.start:b - q.start] == s:
                return s, a - q.start, b - q.start
        if s in text:
            return s, None, None
    if q.start is not None:
        inside = [sp for sp in spans.get(q.doc, ()) if q.start <= sp.start and sp.end <= q.start + len(text)
                  and text[sp.start - q.start:sp.end - q.start] == sp.surface]
        pid = str(ev.get("x_place_id") or "")
        lat, lon = coord(ev.get("latitude"), 90), coord(ev.get("longitude"), 180)
        for sp in [sp for sp in inside if pid and sp.place_id == pid] + [sp for sp in inside if _near(sp, lat, lon)]:
            return sp.surface, sp.start - q.start, sp.end - q.start
    for name in (surface, ev.get("x_location_ar"), ev.get("location")):
        if name and str(name) in text:
            return name, None, None
    return surface or ev.get("x_location_ar"), None, None


def _add_search(index: dict[str, list[Any]], name: object, name_ar: object, lat: float, lon: float) -> None:
    """One entry per displayed name; its key folds both the Latin and the Arabic name."""
    # ``name``/``name_ar`` are already escaped; folding escaped text is harmless for place names.
    label = " · ".join(x for x in (str(name_ar or ""), str(name or "")) if x)
    if not label:
        return
    entry = index.get(label)
    if entry is None:
        key = "|".join(k for k in (search_key(name), search_key(name_ar)) if k)
        index[label] = [key, label, lat, lon, 1]
    else:
        entry[4] += 1


def _add_gazetteer_search(index: dict[str, list[Any]], places: Sequence[GazPlace]) -> None:
    """Every name form of the gazetteer's places: a place the map draws gains them as keys (Misurata finds
    the Misrata marker); a place it does not draw becomes an entry of its own (count 0) to fly to."""
    at: dict[tuple[float, float], list[Any]] = {}
    for entry in index.values():
        at.setdefault((round(entry[2], 2), round(entry[3], 2)), entry)
    for p in places:
        keys = {k for k in (search_key(n) for n in (p.name, p.name_ar, *p.names)) if k}
        if not keys:
            continue
        entry = at.get((round(p.lat, 2), round(p.lon, 2)))
        if entry is None:
            label = " · ".join(x for x in (esc(p.name_ar), esc(p.name)) if x)
            entry = index.setdefault(f"gazetteer:{label}:{p.lat}:{p.lon}", ["", label, round(p.lat, 5),
                                                                             round(p.lon, 5), 0])
            at[(round(p.lat, 2), round(p.lon, 2))] = entry
        have = set(entry[0].split("|")) if entry[0] else set()
        entry[0] = "|".join([*([entry[0]] if entry[0] else []), *sorted(keys - have)])


# The order in which the base's names claim their room: big cities, cities, districts, towns, villages.
_LABEL_ORDER = {0: 0, 1: 1, 9: 2, 2: 3, 3: 4}


def _towns(places: Sequence[GazPlace]) -> list[list[Any]]:
    """[name, Arabic name, lat, lon, rank] for the offline base's labels (see GazPlace.rank), most important
    first (rank, then population): the browser hides a name that would overlap one placed before it."""
    ranked = [p for p in places if p.rank is not None and (p.name or p.name_ar)]
    ranked.sort(key=lambda p: (_LABEL_ORDER.get(p.rank, 9), -p.population, p.name))  # type: ignore[arg-type]
    return [[esc(p.name), esc(p.name_ar), round(p.lat, 4), round(p.lon, 4), p.rank] for p in ranked]


def _periods(dates: list[str]) -> list[str]:
    from geo.periods import periods_between

    return [p.label for p in periods_between(dates[0], dates[-1])] if dates else []


def _hatch(dates: list[str], sides: Mapping[str, Side]) -> list[str]:
    """The two colours of the contested hatch: the main camps of the latest period the map shows."""
    from geo.periods import period_of

    tripoli, eastern = period_of(dates[-1] if dates else None).main_sides
    return [(sides.get(k) or side_of(k)).color for k in (eastern, tripoli)]


def _districts(fc: dict[str, Any] | None) -> dict[str, Any] | None:
    if not fc:
        return None
    feats = []
    for f in fc.get("features", []):
        geom = _geometry(f.get("geometry"), ("Polygon", "MultiPolygon"))
        if geom is None:
            continue
        p = f.get("properties") or {}
        feats.append({"type": "Feature", "geometry": geom,
                      "properties": {"n": esc(p.get("name")), "na": esc(p.get("name_ar"))}})
    return {"type": "FeatureCollection", "features": feats}

