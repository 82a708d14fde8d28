"""The periods of the Libyan conflict, the sides (blocs) that existed in each, their labels and colours.

One table shared by the events (actor names and sides for an event's date), the control areas (which sides
can hold ground on a date) and the map (legend and colours), so that no layer can give a side a date on
which it did not exist: there was no GNA before 30 March 2016 and no GNU before 15 March 2021, and in
2014-2016 Tripoli was held by Libya Dawn and the GNC / National Salvation Government, not by "the GNA".

Bloc keys are short upper-case codes (``LNA``, ``GNA``, ``DAWN``, ``IS``, ``CIV`` ...), the codes that
``x_actor1_bloc`` / ``x_actor2_bloc`` and control areas' ``side`` carry. Colours keep one meaning across
periods where the conflict kept one shape: the authority in Tripoli is blue, Haftar's camp in the east is
red, jihadist groups are dark, non-combatants grey.

Dates: periods are half-open ``[start, end)``; a date before the first period falls into the first, and
``None`` (an undated item) into the latest, because undated reporting is overwhelmingly recent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True, slots=True)
class Bloc:
    key: str
    label: str
    color: str
    holds_ground: bool = True  # can a control area be this bloc's? (civilians, the UN, unknown gunmen: no)
    # the few words a map label gives it, where the label up to its first bracket would still be a phrase
    short: str = ""


@dataclass(frozen=True, slots=True)
class Period:
    key: str
    label: str
    start: dt.date
    end: dt.date | None  # exclusive; None = still running
    main_sides: tuple[str, str]  # the two camps of the period's main war: (Tripoli side, eastern side)
    blocs: tuple[str, ...]  # every bloc key that existed in the period, in legend order

    def contains(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


_BLOCS: tuple[Bloc, ...] = (
    # 2011
    Bloc("REGIME", "Gaddafi regime forces", "#2e7d32", short="Regime"),
    Bloc("NTC", "NTC / revolutionary forces", "#1f5fa8", short="NTC"),
    # 2012-2014: elected authorities and the revolutionary brigades they paid
    Bloc("GNC", "GNC-era government (Tripoli)", "#1f5fa8", short="GNC"),
    # 2014-2016
    Bloc("DAWN", "Libya Dawn / GNC (Tripoli)", "#1f5fa8", short="Libya Dawn"),
    # Haftar's camp under its successive names (Operation Dignity 2014, LNA, LAAF): one code throughout.
    Bloc("LNA", "LNA (Haftar)", "#b03a2e"),
    # 2016-2021
    Bloc("GNA", "GNA (Tripoli)", "#1f5fa8"),
    # from 2021
    Bloc("GNU", "GNU (Tripoli)", "#1f5fa8"),
    Bloc("GNS", "GNS (Bashagha, east-backed)", "#cd6155", short="GNS"),
    # armed groups present across periods
    Bloc("IS", "Islamic State", "#1b1b1b", short="IS"),
    Bloc("AQIM", "Al-Qaeda (AQIM)", "#4d5656", short="AQIM"),
    Bloc("ANSAR", "Ansar al-Sharia", "#34495e", short="Ansar al-Sharia"),
    Bloc("BRSC", "Benghazi Revolutionaries Shura Council", "#5d6d7e", short="BRSC"),
    Bloc("MSCD", "Derna Mujahideen Shura Council", "#5d6d7e", short="MSCD"),
    Bloc("BDB", "Benghazi Defence Brigades", "#5d6d7e", short="BDB"),
    Bloc("PFG", "Petroleum Facilities Guard", "#ca6f1e", short="PFG"),
    Bloc("MISRATA", "Misrata brigades", "#2e86c1", short="Misrata"),
    Bloc("ZINTAN", "Zintan brigades", "#a04000", short="Zintan"),
    Bloc("TEBU", "Tebu militias", "#af601a", short="Tebu"),
    Bloc("TUAREG", "Tuareg militias", "#b9770e", short="Tuareg"),
    Bloc("AWLAD_SULEIMAN", "Awlad Suleiman", "#9c640c"),
    Bloc("COMMUNAL", "Local / tribal militias", "#ca6f1e", short="Local militias"),
    Bloc("ISLAMIST", "Islamist militants (unnamed)", "#4a235a", short="Islamists"),
    Bloc("CHAD", "Chadian armed groups", "#873600", short="Chadian groups"),
    # foreign forces and mercenaries
    Bloc("TUR", "Turkey", "#138d75"),
    Bloc("SYR", "Syrian fighters (GNA-paid)", "#117a65", short="Syrian fighters"),
    Bloc("WAGNER", "Wagner / Russia", "#6c3483", short="Wagner"),
    Bloc("UAE", "UAE", "#b7950b"),
    Bloc("EGY", "Egypt", "#a04000"),
    Bloc("SDN", "Sudanese fighters", "#784212", short="Sudanese"),
    Bloc("FOREIGN", "Foreign forces", "#7d6608", short="Foreign"),
    # who holds no ground
    Bloc("UN", "United Nations", "#5dade2", holds_ground=False),
    Bloc("CIV", "Civilians", "#7b7d7d", holds_ground=False),
    Bloc("PROTESTERS", "Protesters", "#d4ac0d", holds_ground=False),
    Bloc("RIOTERS", "Rioters", "#b7950b", holds_ground=False),
    Bloc("VIGILANTE", "Vigilantes", "#ca6f1e", holds_ground=False),
    Bloc("UNKNOWN", "Unidentified", "#95a5a6", holds_ground=False),
    # coded when named, drawn in no period's legend: foreign governments and agencies that hold no ground
    Bloc("UK", "United Kingdom", "#5d6d7e", holds_ground=False),
    Bloc("ICRC", "Red Cross / Red Crescent", "#cb4335", holds_ground=False),
    # a camp named by its standing, read for the date by bloc_for (never drawn under this key)
    Bloc("RECOGNISED", "Internationally recognised government", "#1f5fa8"),
)
BLOCS: dict[str, Bloc] = {b.key: b for b in _BLOCS}

_ALWAYS = ("IS", "AQIM", "PFG", "MISRATA", "ZINTAN", "TEBU", "TUAREG", "AWLAD_SULEIMAN", "COMMUNAL",
           "FOREIGN", "EGY", "UAE", "UN", "CIV", "PROTESTERS", "RIOTERS", "VIGILANTE", "UNKNOWN")

PERIODS: tuple[Period, ...] = (
    Period("2011", "2011 revolution", dt.date(2011, 2, 15), dt.date(2012, 8, 8), ("NTC", "REGIME"),
           ("NTC", "REGIME", *_ALWAYS)),
    # From the GNC's first sitting to the launch of Operation Dignity: no two-camp war yet.
    Period("2012-2014", "2012-2014 transition", dt.date(2012, 8, 8), dt.date(2014, 5, 16), ("GNC", "LNA"),
           ("GNC", "ANSAR", "ISLAMIST", *_ALWAYS)),
    # Operation Dignity (16 May 2014) to the Presidential Council's arrival in Tripoli (30 March 2016).
    Period("2014-2016", "2014-2016 second civil war", dt.date(2014, 5, 16), dt.date(2016, 3, 30), ("DAWN", "LNA"),
           ("DAWN", "LNA", "ANSAR", "BRSC", "MSCD", "ISLAMIST", *_ALWAYS)),
    # The GNA in Tripoli to the GNU's swearing-in (15 March 2021).
    Period("2016-2021", "2016-2021 GNA vs LNA", dt.date(2016, 3, 30), dt.date(2021, 3, 15), ("GNA", "LNA"),
           ("GNA", "LNA", "BRSC", "MSCD", "BDB", "TUR", "SYR", "WAGNER", "SDN", "CHAD", *_ALWAYS)),
    Period("2021-", "from 2021 GNU vs LNA", dt.date(2021, 3, 15), None, ("GNU", "LNA"),
           ("GNU", "LNA", "GNS", "TUR", "SYR", "WAGNER", "SDN", "CHAD", *_ALWAYS)),
)

# Names of the Tripoli-side and eastern camps that text of any period may use: each is read as the camp
# that existed on the date ("government forces" in Tripoli in 2015 were Dawn's, in 2019 the GNA's).
TRIPOLI_CAMP = frozenset({"GNA", "GNU", "DAWN", "GNC", "NSG", "TRIPOLI"})
EASTERN_CAMP = frozenset({"LNA", "LAAF", "DIGNITY", "HOR", "HAFTAR"})


def _as_date(day: dt.date | str | None) -> dt.date | None:
    if day is None or day == "":
        return None
    if isinstance(day, dt.datetime):
        return day.date()
    if isinstance(day, dt.date):
        return day
    text = str(day).strip()
    for size, fmt in ((10, "%Y-%m-%d"), (7, "%Y-%m"), (4, "%Y")):
        try:
            return dt.datetime.strptime(text[:size], fmt).date()
        except ValueError:
            continue
    return None


def period_of(day: dt.date | str | None) -> Period:
    """The period a date falls in (ISO strings accepted; ``None`` or unparseable -> the latest period)."""
    d = _as_date(day)
    if d is None:
        return PERIODS[-1]
    if d < PERIODS[0].start:
        return PERIODS[0]
    for p in PERIODS:
        if p.contains(d):
            return p
    return PERIODS[-1]


def bloc_for(bloc: str | None, day: dt.date | str | None) -> str:
    """The bloc a side name denotes on ``day``: a Tripoli-camp or eastern-camp name becomes that camp's bloc
    of the period (GNA in 2015 -> DAWN, DAWN in 2019 -> GNA); other blocs are returned upper-cased, and an
    empty one as ``UNKNOWN``."""
    key = (bloc or "").strip().upper()
    if not key:
        return "UNKNOWN"
    period = period_of(day)
    tripoli, eastern = period.main_sides
    if key == "RECOGNISED":  # the internationally recognised government sat in the east in 2014-2016
        return {"2011": "REGIME", "2012-2014": "GNC", "2014-2016": "LNA"}.get(period.key, tripoli)
    if key in TRIPOLI_CAMP:
        return tripoli
    if key in EASTERN_CAMP:
        # Before Dignity there was no Haftar camp to speak of; keep LNA rather than invent one.
        return eastern
    return key


def exists(bloc: str | None, day: dt.date | str | None) -> bool:
    """Whether the bloc existed on ``day`` (unknown bloc keys count as existing: foreign states ...)."""
    key = (bloc or "").strip().upper()
    if key not in BLOCS:
        return True
    return key in period_of(day).blocs


def opponent(bloc: str | None, day: dt.date | str | None) -> str | None:
    """The other camp of the period's main war, for a bloc of one of its two camps; else None."""
    key = bloc_for(bloc, day)
    a, b = period_of(day).main_sides
    return b if key == a else a if key == b else None


def holds_ground(bloc: str | None) -> bool:
    """Whether a control area can belong to this bloc (civilians, the UN, unidentified gunmen: no)."""
    key = (bloc or "").strip().upper()
    b = BLOCS.get(key)
    return bool(key) and (b.holds_ground if b else not key.startswith("FOREIGN:"))


def bloc_info(bloc: str | None) -> Bloc:
    """Label and colour of a bloc; an unknown key gets the ``UNKNOWN`` look with its own key as label."""
    key = (bloc or "").strip().upper()
    if key in BLOCS:
        return BLOCS[key]
    if not key:
        return BLOCS["UNKNOWN"]
    return Bloc(key, key.replace("FOREIGN:", "Foreign: "), BLOCS["FOREIGN"].color)


@cache
def legend(period_key: str) -> tuple[Bloc, ...]:
    """The blocs of a period in legend order."""
    for p in PERIODS:
        if p.key == period_key:
            return tuple(BLOCS[k] for k in p.blocs)
    raise KeyError(period_key)


def periods_between(first: dt.date | str | None, last: dt.date | str | None) -> tuple[Period, ...]:
    """Every period that a date range touches, in order (for a legend over a corpus spanning periods)."""
    a, b = period_of(first), period_of(last)
    i, j = PERIODS.index(a), PERIODS.index(b)
    if i > j:
        i, j = j, i
    return PERIODS[i : j + 1]
