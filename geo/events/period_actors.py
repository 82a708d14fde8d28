"""Actor names and sides as they were on the event's date (and, for a few names, at its place).

The same words name different actors in different periods of the conflict (``geo.periods``):
"government forces" were the Gaddafi regime's in 2011, Operation Dignity's (with the House of
Representatives' recognised government in the east) in 2014-2016, the GNA's from March 2016 and the
GNU's from March 2021; the GNA did not exist before 30 March 2016, so its names in a 2015 article are
about the proposed government, not an actor of an event. The police and security forces answer to the
authority of the region they serve in. "Extremists" or "Islamist fighters" with no group named are,
in ACLED's coding, the coalition that fought the LNA in that city in that period (the Benghazi
Revolutionaries Shura Council in Benghazi 2014-2017, the Derna Mujahideen Shura Council in Derna from
mid-2015, Islamic State in Sirte 2015-2016), and an unidentified armed group elsewhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from geo.periods import bloc_for, period_of

from .actors import Actor, actors

# Islamist coalitions by city and period: (min lat, max lat, min lon, max lon), from, to, actor key.
_CITY_COALITIONS: tuple[tuple[tuple[float, float, float, float], dt.date, dt.date, str], ...] = (
    ((31.9, 32.3, 19.8, 20.4), dt.date(2014, 6, 1), dt.date(2018, 1, 1), "brsc"),  # Benghazi
    ((32.6, 32.9, 22.4, 22.8), dt.date(2015, 6, 1), dt.date(2018, 7, 1), "mscd"),  # Derna
    ((32.6, 32.9, 22.4, 22.8), dt.date(2014, 10, 1), dt.date(2015, 6, 1), "isl"),
    ((30.9, 31.4, 16.2, 16.9), dt.date(2015, 2, 1), dt.date(2017, 1, 1), "isl"),  # Sirte
)
# East of this longitude (Cyrenaica and the oil crescent) the police answered to the eastern
# authorities from 2014; west of it to Tripoli's.
_EAST_LON = 18.5

_POLICE = {
    ("2014-2016", "east"): ("Police Forces of Libya (2014-) Haftar Faction", "LNA"),
    ("2014-2016", "west"): ("Police Forces of Libya (2014-2016) National Salvation Government", "DAWN"),
    ("2016-2021", "east"): ("Police Forces of Libya (2014-) Haftar Faction", "LNA"),
    ("2016-2021", "west"): ("Police Forces of Libya (2016-2021) Government of National Accord", "GNA"),
    ("2021-", "east"): ("Police Forces of Libya (2014-) Haftar Faction", "LNA"),
    ("2021-", "west"): ("Police Forces of Libya (2021-) Government of National Unity", "GNU"),
    ("2012-2014", "east"): ("Police Forces of Libya (2012-2014)", "GNC"),
    ("2012-2014", "west"): ("Police Forces of Libya (2012-2014)", "GNC"),
    ("2011", "east"): ("Police Forces of Libya (1969-2011)", "REGIME"),
    ("2011", "west"): ("Police Forces of Libya (1969-2011)", "REGIME"),
}
_RECOGNISED = {"2011": "regime", "2012-2014": "", "2014-2016": "lna", "2016-2021": "gna", "2021-": "gnu"}
_GNA_START = dt.date(2016, 3, 30)
_GNU_START = dt.date(2021, 3, 15)
_GNS_START = dt.date(2022, 3, 1)
_DIGNITY_START = dt.date(2014, 5, 16)


# Aircraft nobody names: east of this longitude, from Operation Dignity on, only the Haftar-aligned air
# force flew strikes (Libya Dawn's aircraft reached the oil crescent further west, foreign air forces
# are named when they strike); elsewhere the owner stays unidentified.
_AIR_EAST_LON = 19.5
# Cities where a battle nobody names was the period's front: (box, from, to, side A, side B).
_FRONTS: tuple[tuple[tuple[float, float, float, float], dt.date, dt.date, str, str], ...] = (
    ((31.9, 32.3, 19.8, 20.4), dt.date(2014, 10, 15), dt.date(2017, 7, 6), "lna", "brsc"),  # Benghazi
    ((32.6, 32.9, 22.4, 22.8), dt.date(2015, 6, 1), dt.date(2016, 4, 21), "mscd", "isl"),  # Derna
)


def front_sides(event_type: str, a1: Actor, a2: Actor | None, day: dt.date | None, lat: float | None,
                lon: float | None) -> tuple[Actor, Actor] | None:
    """Both sides of a battle whose clause names at most one of them ("قتل ... جراء الاشتباكات الدائرة
    في الليثي", "IS attacked a checkpoint in Derna"), where the city had one front in that period;
    None when nothing can be inferred. Only a side of that front, or no side at all, may be named."""
    if event_type not in ("Battles", "Explosions/Remote violence") or day is None:
        return None
    table = actors()
    for box, start, end, k1, k2 in _FRONTS:
        if not (start <= day < end and _in(box, lat, lon)):
            continue
        a, b = table[k1], table[k2]
        named = [x for x in (a1, a2) if x is not None and x.bloc not in ("UNKNOWN", "CIV")]
        if any(x.bloc not in (a.bloc, b.bloc) for x in named):
            return None
        if len({x.bloc for x in named}) == 2:
            return None  # both named already
        if event_type != "Battles" and not (len(named) == 1 and named[0].bloc == b.bloc and a2 is None):
            # a strike by the state's forces on a target nobody names stays against an unidentified group
            # (ACLED); a bomb of the city's insurgent side is against the front's other side
            return None
        if named and named[0].bloc == b.bloc:
            return named[0], a
        if named:
            return named[0], b
        return a, b
    return None


def _in(box: tuple[float, float, float, float], lat: float | None, lon: float | None) -> bool:
    return lat is not None and lon is not None and box[0] <= lat <= box[1] and box[2] <= lon <= box[3]


def actor_on(actor: Actor | None, day: dt.date | None, lat: float | None = None,
             lon: float | None = None) -> Actor | None:
    """The actor that ``actor``'s name denoted on ``day`` at (lat, lon); None when it did not exist."""
    if actor is None:
        return None
    table = actors()
    period = period_of(day)
    root = table[actor.parent] if actor.parent else actor
    if actor.key == "recognised":
        key = _RECOGNISED.get(period.key, "")
        return table[key] if key else None
    if actor.key == "aircraft":
        if day is not None and day >= _DIGNITY_START and lon is not None and lon >= _AIR_EAST_LON:
            return table["lna"]
        return table["unknown"]
    if actor.key == "islamists":
        for box, start, end, key in _CITY_COALITIONS:
            if day is not None and start <= day < end and _in(box, lat, lon):
                return table[key]
        return replace(table["unknown"], key="islamists")
    if actor.key == "gna_police":
        side = "east" if lon is not None and lon >= _EAST_LON else "west"
        name, bloc = _POLICE.get((period.key, side), (actor.acled_name, actor.bloc))
        return replace(actor, acled_name=name, bloc=bloc, side=bloc)
    if day is None:
        return actor
    if root.key == "gna":
        if day < _GNA_START:
            return None  # the proposed unity government of the 2015 talks: no actor of an event yet
        if day >= _GNU_START:
            gnu = table["gnu"]
            return gnu if not actor.parent else replace(actor, bloc="GNU", side="GNU")
    if root.key == "lna" and day < _DIGNITY_START:
        # "الجيش" before Operation Dignity: the regime's army in 2011, the national army after.
        return table["regime"] if period.key == "2011" else replace(
            actor, acled_name="Military Forces of Libya (2012-2014)", bloc="GNC", side="GNC")
    if actor.key == "gnu" and day < _GNU_START:
        return None
    if actor.key == "gns" and day < _GNS_START:
        return None  # Bashagha was the GNA's interior minister before the House named his government
    if actor.key == "libya_dawn" and day >= _GNA_START:
        return actor  # ACLED kept the name for the coalition's remnants
    if actor.bloc in ("REGIME", "NTC") and period.key != "2011":
        return None
    mapped = bloc_for(actor.bloc, day) if actor.bloc in ("GNA", "GNU", "DAWN") else actor.bloc
    return actor if mapped == actor.bloc else replace(actor, bloc=mapped, side=mapped)
