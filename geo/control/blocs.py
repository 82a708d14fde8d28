"""Which bloc an actor phrase belongs to, in Arabic, English and French.

A small table of our own until the events layer's actor table (geo/data/actors*) is available; the
phrases are matched on folded text (gazetteer.normalize.fold), longest first.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from gazetteer.normalize import fold

# bloc -> phrases.  Bare words like الجيش are LNA in eastern and most Arabic reporting of 2014-2021;
# they rank below the explicit names because matching prefers the longest phrase.
BLOC_ALIASES: dict[str, tuple[str, ...]] = {
    "LNA": (
        "قوات حفتر", "حفتر", "الجيش الوطني الليبي", "الجيش الوطني", "الجيش الليبي", "القيادة العامة",
        "القائد العام", "الكرامة", "طوفان الكرامة", "الجيش", "قوات الشرق", "مليشيات حفتر", "ميليشيات حفتر",
        "lna", "haftar", "hafter", "haftar's forces", "libyan national army", "libyan arab armed forces",
        "laaf", "anl", "armee nationale libyenne", "forces de haftar",
    ),
    "GNA": (
        "الوفاق", "حكومة الوفاق", "قوات الوفاق", "حكومة الوفاق الوطني", "بركان الغضب", "السراج",
        "المجلس الرئاسي", "الرئاسي", "قوات البنيان المرصوص", "البنيان المرصوص",
        "gna", "government of national accord", "sarraj", "serraj", "volcano of rage", "bunyan al marsous",
        "gouvernement d'union nationale", "gna-aligned", "gna-allied", "gen",
    ),
    # 2014-2016: the Tripoli camp (read for the date by geo.periods: Dawn in 2015, never the GNA then).
    "DAWN": (
        "فجر ليبيا", "قوات فجر ليبيا", "عملية فجر ليبيا", "المؤتمر الوطني العام", "حكومة الانقاذ الوطني",
        "حكومة الانقاذ", "libya dawn", "fajr libya", "general national congress", "national salvation government",
        "aube de la libye",
    ),
    "IS": ("داعش", "تنظيم الدولة", "تنظيم داعش", "isis", "isil", "islamic state", "daesh", "etat islamique"),
}

# The events layer's blocs (geo/data/actors.csv) that fight for another side's territory, and those
# that hold none (civilians, protesters, unknown gunmen, foreign missions).  Read from the actor
# table's ``side`` column when it is there; these are the fallbacks.
ALIGNED: dict[str, str] = {
    "TUR": "GNA", "SYR": "GNA", "MISRATA": "GNA", "WAGNER": "LNA", "EGY": "LNA", "UAE": "LNA", "ISIS": "IS",
}
NON_HOLDERS = frozenset({
    "UNKNOWN", "CIV", "PROTESTERS", "RIOTERS", "UK", "UN", "ICRC", "COMMUNAL", "VIGILANTE", "unknown",
    "contested",
})
ACTORS_FILE = Path(__file__).resolve().parents[1] / "data" / "actors.csv"

# Two-bloc wars: losing a place to nobody named means the opponent holds it.
OPPONENT: dict[str, str] = {"LNA": "GNA", "GNA": "LNA", "DAWN": "LNA"}


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, str] = {}
    for bloc, phrases in BLOC_ALIASES.items():
        for ph in phrases:
            key = fold(ph)
            table.setdefault(key, bloc)
            if key.startswith("ال"):  # ل + ال is written لل: للوفاق
                table.setdefault("لل" + key[2:], bloc)
    alts = sorted(table, key=len, reverse=True)
    # Arabic proclitics (و ب ل ك ف) may stick to the phrase: بالميليشيات، وللوفاق، لقوات.
    pat = re.compile(r"(?<!\w)(?:و?(?:ب|ل|ك|ف)?)(" + "|".join(re.escape(a) for a in alts) + r")(?!\w)")
    return pat, table


def find_blocs(folded: str) -> list[tuple[int, int, str]]:
    """(start, end, bloc) of every actor phrase in folded text, left to right."""
    pat, table = _pattern()
    out = []
    for m in pat.finditer(folded):
        out.append((m.start(1), m.end(1), table[m.group(1)]))
    return out


def bloc_of(actor: str | None) -> str | None:
    """The bloc of an actor name (an ACLED actor string or a phrase), or None."""
    if not actor:
        return None
    hits = find_blocs(" " + fold(actor) + " ")
    return hits[0][2] if hits else None


@lru_cache(maxsize=1)
def _aligned() -> dict[str, str]:
    table = dict(ALIGNED)
    try:
        with open(ACTORS_FILE, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                bloc, side = (row.get("bloc") or "").strip(), (row.get("side") or "").strip()
                if bloc and side and bloc != side:
                    table[bloc] = side
    except OSError:
        pass  # the fallbacks above still apply
    return table


def control_side(bloc: str | None) -> str | None:
    """The side an actor bloc holds ground for (Turkish forces -> GNA, Wagner -> LNA), or None for
    actors that hold no territory (civilians, protesters, unknown gunmen)."""
    if not bloc or bloc in NON_HOLDERS:
        return None
    return _aligned().get(bloc, bloc)
