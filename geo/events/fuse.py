"""The same event reported twice (in one article, or across a corpus) becomes one event."""

from __future__ import annotations

import math
import re

from geo.places.geometry import haversine_km

from .fatalities import Fatalities
from .model import Event, Quote
from .sources import join_scales


def _key(e: Event) -> tuple[str, str, str, str, frozenset[str]]:
    place = e.place_id or f"{e.latitude},{e.longitude}"
    # Precise dates only: two month-precision events at one place may well be different events.
    when = e.event_date if e.time_precision == 1 else f"{e.event_date}/{e.doc}/{e.quote.start}"
    return when, place, e.event_type, e.sub_event_type, frozenset(b for b in (e.actor1_bloc, e.actor2_bloc) if b)


def _canonical(e: Event) -> tuple[str, int, int, int, str]:
    return e.doc, e.quote.start, e.trigger_start, e.place_start, e.event_type


def fuse_events(events: list[Event]) -> list[Event]:
    """Merge events with the same date (day precision), place, type and actor blocs.

    The report that comes first in (doc, offset) order is kept as the event's quote and id, whatever
    the order of the inputs (issue 12); every report's quote goes into ``quotes``. The fused event
    keeps the most precise location, the highest stated fatalities (ACLED takes the most reliable
    figure, not the sum of reports of one event) and the highest confidence. Events whose date is only
    known to the week or month are never merged. Groups come out in the order of their first report.
    Pure: the inputs are not modified.
    """
    groups: dict[tuple[str, str, str, str, frozenset[str]], list[Event]] = {}
    for e in events:
        groups.setdefault(_key(e), []).append(e)
    out: list[Event] = []
    for members in groups.values():
        members = sorted(members, key=_canonical)
        first = _copy(members[0])
        for e in members[1:]:
            _merge(first, e)
        out.append(first)
    return out


def _merge(first: Event, e: Event) -> None:
    seen = {(q.doc, q.start) for q in first.quotes}
    first.quotes.extend(q for q in e.quotes if (q.doc, q.start) not in seen)
    if e.fatalities > first.fatalities:
        first.fatalities, first.fatalities_low, first.fatalities_high = \
            e.fatalities, e.fatalities_low, e.fatalities_high
    if e.geo_precision < first.geo_precision:
        first.geo_precision, first.latitude, first.longitude = e.geo_precision, e.latitude, e.longitude
    first.confidence = max(first.confidence, e.confidence)
    sources = [x for x in first.source.split("; ") if x]
    if e.source and e.source not in sources:
        first.source = "; ".join(sorted([*sources, e.source]))
    first.source_scale = join_scales([first.source_scale, e.source_scale])
    if not first.assoc_actor_1 and e.assoc_actor_1:
        first.assoc_actor_1 = e.assoc_actor_1
    if not first.assoc_actor_2 and e.assoc_actor_2:
        first.assoc_actor_2 = e.assoc_actor_2


def _only_generic(e: Event, bloc: str) -> bool:
    """The event's quote names ``bloc`` only by a bare word (متشددين، extremists) that the period and place
    turned into a group, never by one of the group's own names."""
    if not bloc or bloc in ("UNKNOWN", "CIV"):
        return False
    from .actors import find_actors

    mentions = find_actors(fold_words(e.quote.text))
    if not mentions:
        return False
    named = [m for m in mentions if m.actor.bloc == bloc]
    generic = [m for m in mentions if m.actor.key == "islamists"]
    return not named and bool(generic)


# "قال متحدث عسكري موال للحكومة المعترف بها", "a spokesman for the LNA said": the group speaks about
# the incident; it is not a party to it.
_SOURCE = re.compile(r"(?:^| )(?:متحدث|المتحدث|الناطق|ناطق|مصدر|مصادر|المصدر|مسوول|مسؤول|spokesman|spokesperson|"
                     r"spokeswoman|source|sources|official|officials|porte parole)(?: [^ ]+){0,3} $")


def _source_only(e: Event, bloc: str) -> bool:
    """Every mention of ``bloc`` in the event's quote names who speaks (a spokesman or source of it)."""
    import datetime as dt

    from .actors import ActorMention, find_actors
    from .period_actors import actor_on

    text = fold_words(e.quote.text)
    try:
        day: dt.date | None = dt.date.fromisoformat(e.event_date[:10])
    except ValueError:
        day = None

    def bloc_of(m: ActorMention) -> str:
        a = actor_on(m.actor, day, e.latitude, e.longitude)
        return a.bloc if a is not None else m.actor.bloc

    mentions = [m for m in find_actors(text) if m.actor.bloc == bloc or bloc_of(m) == bloc]
    return bool(mentions) and all(_SOURCE.search(text[max(0, m.start - 60) : m.start]) for m in mentions)


def _copy(e: Event) -> Event:
    from dataclasses import replace

    return replace(e, quotes=list(e.quotes))


def km_apart(a: Event, b: Event) -> float:
    """Distance between two events' points; infinite when either has none (so no place is "the same")."""
    if a.latitude is None or b.latitude is None or a.longitude is None or b.longitude is None:
        return math.inf
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)


# Two reports of one article closer than this are one place (a town and its districts and outskirts).
SAME_PLACE_KM = 20.0


def _own_date(e: Event) -> bool:
    return any(s in ("dated", "dated-loose") for s in e.signals)


_PLANTED = frozenset({"Remote explosive/landmine/IED", "Suicide bomb"})


def _different_incidents(a: Event, b: Event) -> bool:
    """Two sub-types that no one incident has both of (a bomb on the ground and an air strike), or two
    sub-types by two named sides: two actor pairs, two events (ACLED's rule)."""
    if a.sub_event_type == b.sub_event_type:
        return False
    if {a.sub_event_type, b.sub_event_type} & _PLANTED and "Air/drone strike" in (a.sub_event_type, b.sub_event_type):
        return True
    if a.event_type == b.event_type == "Explosions/Remote violence" and (
            b.actor1_bloc == a.actor2_bloc or _only_generic(a, a.actor2_bloc)):
        return False  # the later clause names the strike's target ("القصف شمل مواقع لتنظيم داعش")
    return bool(a.actor1_bloc and b.actor1_bloc) and a.actor1_bloc != b.actor1_bloc and \
        "UNKNOWN" not in (a.actor1_bloc, b.actor1_bloc)


def _fallback_place(e: Event) -> bool:
    """The clause named no place: the event was put at the article's main place."""
    return "region" in e.signals and e.surface_start is None


# An undated clause (dated by the article) and a dated one are one incident only this close in time:
# "on 1 June" in a report of 1 July is an earlier incident, not the day of the lead's.
SAME_INCIDENT_DAYS = 7
_VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"})


def _days_apart(a: str, b: str) -> int:
    import datetime as dt

    try:
        return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days)
    except ValueError:
        return 10**6


def _same_time(f: Event, e: Event) -> bool:
    if f.event_date == e.event_date:
        return True
    if _own_date(e) and _own_date(f):
        return False
    return _days_apart(f.event_date, e.event_date) <= SAME_INCIDENT_DAYS


def _sides_within(e: Event, f: Event) -> bool:
    """The toll names no side that the incident before it does not have: "وقتل 7 جنود عندما اقتحم
    متشددون من داعش نقطة تفتيش" after an air strike on unnamed militants is an incident of its own."""
    known = {f.actor1_bloc, f.actor2_bloc}
    new = {b for b in (e.actor1_bloc, e.actor2_bloc) if b not in known and b not in ("", "UNKNOWN")}
    if e.event_type == "Violence against civilians" and (e.actor1_bloc in ("", "UNKNOWN") or e.actor1_bloc in known):
        # "3 people killed.", "One GNA commander was killed.": civilians only by default, and nobody
        # or one of the incident's own sides named
        new.discard("CIV")
    if not new:
        return True
    # "many IS fighters were killed" after a strike on unnamed positions: the toll names the victims,
    # when it has no day of its own and the incident's other side is open
    return len(new) == 1 and not _own_date(e) and f.actor2_bloc in ("", "UNKNOWN")


def casualty_report(e: Event) -> bool:
    """The clause's trigger is a death word (قتل، مقتل، لقي مصرعه، killed): a toll, which may belong
    to an incident reported before it."""
    from .fatalities import KILL

    return bool(KILL.find(fold_words(e.trigger)))


def fold_words(text: str) -> str:
    from gazetteer.normalize import normalize_text

    return normalize_text(text).text


def fuse_article(events: list[Event]) -> list[Event]:
    """One event per place, day and type within one article (ACLED's rule, issue 13).

    A later clause about the same incident (its toll, its actors, a quote about it) enriches the
    report before it instead of becoming a second event: same event type, the same place (or within
    ``SAME_PLACE_KM``, or a clause that named no place), and the same day, or no day of its own and
    within ``SAME_INCIDENT_DAYS``. A clause whose trigger is only a death word ("وقتل جنديان آخران",
    "many fighters were killed") is the toll of the violent incident before it at that place, whatever
    that incident's type. The nearest earlier report is preferred: a follow-up is about what was
    just told. A strike on two towns stays two events; so do two clashes on two dated days.
    """
    out: list[Event] = []
    for e in events:
        target = None
        toll = casualty_report(e)
        for f in reversed(out):
            if f.doc != e.doc:
                continue
            if f.event_type != e.event_type and not (toll and f.event_type in _VIOLENT and e.event_type in _VIOLENT
                                                     and _sides_within(e, f)):
                continue
            if _different_incidents(f, e) and not (toll and _sides_within(e, f)):
                # a car bomb and an air strike on one town: two incidents, whatever the day; a toll that
                # names the incident's own sides ("Ten GNA soldiers were killed") is its toll
                continue
            same_place = (f.place_id is not None and f.place_id == e.place_id) or km_apart(f, e) <= SAME_PLACE_KM \
                or _fallback_place(e)
            if same_place and _same_time(f, e):
                target = f
                break
        if target is None:
            out.append(_copy(e))
            continue
        _enrich(target, e)
    _share_sides(out)
    return _one_per_pair(out)


def _pair(e: Event) -> frozenset[str]:
    return frozenset(b for b in (e.actor1_bloc, e.actor2_bloc) if b)


def _one_per_pair(events: list[Event]) -> list[Event]:
    """An arrest or seizure between two armed groups that clash at the same place on the same day is
    part of the clash (ACLED: one event per place, day and actor pair, coded as its most violent form):
    the strategic development is folded into the violent event, which takes the earlier report's place
    in the list."""
    out = list(events)
    for s in [e for e in events if e.event_type == "Strategic developments"]:
        pair = _pair(s)
        if len(pair) != 2 or not pair - {"UNKNOWN", "CIV"} or "CIV" in pair:
            continue
        for v in out:
            if v is s or v.doc != s.doc or v.event_type not in _VIOLENT or _pair(v) != pair:
                continue
            if v.event_date != s.event_date or km_apart(v, s) > SAME_PLACE_KM:
                continue
            merged = _copy(v)
            seen = {(q.doc, q.start) for q in merged.quotes}
            merged.quotes.extend(q for q in s.quotes if (q.doc, q.start) not in seen)
            merged.quotes.sort(key=lambda q: (q.doc, q.start))
            merged.confidence = max(v.confidence, s.confidence)
            i = next(k for k, x in enumerate(out) if x is s)
            j = next(k for k, x in enumerate(out) if x is v)
            out[min(i, j)] = merged
            del out[max(i, j)]
            break
    return out


def _share_sides(events: list[Event]) -> None:
    """"واندلع القتال في X وهاجمت طائرة حربية مواقع للمسلحين": a clash whose clause names nobody, told
    in one sentence with another violent event at the same place and day, was fought by that event's
    sides."""
    for e in events:
        if e.event_type != "Battles" or e.actor1_bloc not in ("", "UNKNOWN") or e.actor2_bloc not in ("", "UNKNOWN"):
            continue
        for f in events:
            if f is e or f.doc != e.doc or f.quote.start != e.quote.start or f.event_type not in _VIOLENT:
                continue
            if f.event_date != e.event_date or km_apart(f, e) > SAME_PLACE_KM:
                continue
            if f.actor1_bloc in ("", "UNKNOWN", "CIV") or f.actor2_bloc == "CIV":
                continue
            e.actor1, e.inter1, e.actor1_bloc = f.actor1, f.inter1, f.actor1_bloc
            e.actor2, e.inter2, e.actor2_bloc = f.actor2, f.inter2, f.actor2_bloc
            break


def add_toll(first: Event, count: int, low: int, high: int | None, additional: bool) -> None:
    """A follow-up's toll on an event: "N others" adds to it, a restated toll keeps the higher figure
    (ACLED takes the most reliable figure, not the sum of reports of one killing)."""
    if additional:
        first.fatalities += count
        first.fatalities_low += low
        first.fatalities_high = None if first.fatalities_high is None or high is None else first.fatalities_high + high
    elif count > first.fatalities:
        first.fatalities, first.fatalities_low, first.fatalities_high = count, low, high


def _enrich(first: Event, e: Event) -> None:
    if first.event_type == e.event_type == "Protests" and e.sub_event_type == "Protest with intervention":
        # "... وقامت قوات الأمن بتفريق التظاهرة": the protest was broken up, whichever clause told it
        first.sub_event_type = e.sub_event_type
        if not first.actor2 and e.actor2:
            first.actor2, first.actor2_bloc = e.actor2, e.actor2_bloc
    seen = {(q.doc, q.start) for q in first.quotes}
    new_sentence = (e.quote.doc, e.quote.start) not in seen
    first.quotes.extend(q for q in e.quotes if (q.doc, q.start) not in seen)
    if _own_date(e) and not _own_date(first):
        first.event_date, first.time_precision = e.event_date, e.time_precision
        first.signals = tuple(dict.fromkeys((*first.signals, *(s for s in e.signals if s.startswith("dated")))))
    elif "front-dated" in e.signals and not _own_date(first) and "front-dated" not in first.signals:
        # the day of the front's report (extract._front_day) beats the article's day an undated clause fell
        # back on
        first.event_date, first.time_precision = e.event_date, e.time_precision
        first.signals = (*first.signals, "front-dated")
    if e.fatalities:
        # a sentence's tolls are added once: its other clauses restate the same dead
        add_toll(first, e.fatalities, e.fatalities_low, e.fatalities_high, new_sentence and _additional(e))
    if e.geo_precision < first.geo_precision and not _fallback_place(e):
        first.geo_precision, first.latitude, first.longitude = e.geo_precision, e.latitude, e.longitude
        first.location, first.location_ar, first.place_id = e.location, e.location_ar, e.place_id
        first.admin1, first.admin2 = e.admin1, e.admin2
    if not first.actor2 or first.actor2_bloc == "UNKNOWN" or _only_generic(first, first.actor2_bloc):
        # a later clause names the other side ("... جراء هجوم شنه عناصر التنظيم"): it replaces a blank,
        # an unidentified second actor, or one read from a bare word ("متشددين": the city's coalition
        # by period) when the follow-up names the group ("مواقع لفرع تنظيم داعش")
        for name, inter, bloc in ((e.actor1, e.inter1, e.actor1_bloc), (e.actor2, e.inter2, e.actor2_bloc)):
            if name and bloc not in ("", "UNKNOWN", first.actor1_bloc, first.actor2_bloc) and \
                    not _source_only(e, bloc) and \
                    not (bloc == "CIV" and first.event_type == "Battles") and \
                    not (first.actor2_bloc not in ("", "UNKNOWN") and (bloc == "CIV" or _only_generic(e, bloc))):
                first.actor2, first.inter2, first.actor2_bloc = name, inter, bloc
                break
    if first.actor1_bloc == "UNKNOWN":
        # "واستغل مقاتلون من الطوارق وقبيلة تبو ...": when the follow-up's first side is already the
        # incident's second, its other side is the first
        for name, inter, bloc in ((e.actor1, e.inter1, e.actor1_bloc), (e.actor2, e.inter2, e.actor2_bloc)):
            if name and bloc not in ("", "UNKNOWN", "CIV", first.actor2_bloc) and not _source_only(e, bloc):
                first.actor1, first.inter1, first.actor1_bloc = name, inter, bloc
                break
    first.confidence = max(first.confidence, e.confidence)


def _additional(e: Event) -> bool:
    from .fatalities import count_fatalities

    f = count_fatalities(fold_words(e.quote.text))
    return f is not None and f.additional


def attach_toll(ev: Event, fat: Fatalities, quote: Quote, places: list[tuple[float, float]],
                dates: list[str], exact: list[str] | None = None) -> bool:
    """Give a casualty sentence that made no event of its own ("وقتل جنديان آخران", "Seven soldiers
    were reportedly killed") to the violent event told before it, unless it names another place
    (beyond ``SAME_PLACE_KM``) or a date of its own more than ``SAME_INCIDENT_DAYS`` away."""
    if ev.event_type not in _VIOLENT:
        return False
    probe = Event(ev.doc, ev.event_date, 1, ev.event_type, ev.sub_event_type, "", 0, quote, "")
    for lat, lon in places:
        probe.latitude, probe.longitude = lat, lon
        if km_apart(ev, probe) > SAME_PLACE_KM:
            return False
    if any(_days_apart(d, ev.event_date) > SAME_INCIDENT_DAYS for d in dates):
        return False
    if ev.time_precision == 1 and any(d != ev.event_date for d in exact or ()):
        return False  # "وقتل 7 جنود أول من أمس" after Monday's strike: another day, another incident
    before = (ev.fatalities, ev.fatalities_high)
    add_toll(ev, fat.count, fat.low, fat.high, fat.additional)
    if (ev.fatalities, ev.fatalities_high) != before and all(q.start != quote.start for q in ev.quotes):
        ev.quotes.append(quote)
    return True
