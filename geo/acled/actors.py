"""The side (bloc, ``geo.periods``) of an ACLED actor name, for the event's date.

ACLED names actors by a fixed scheme ("Military Forces of Libya (2016-2021) Government of National
Accord", "Police Forces of Libya (2014-) Haftar Faction", "Islamic State (Libya)", "Civilians (Libya)",
"Unidentified Armed Group (Libya)"): the rules below read that scheme, not particular rows, and the
Tripoli-side and eastern camps are mapped to the camp that existed on the date (``periods.bloc_for``).
An actor the rules do not know has no bloc (""), never a guessed one.
"""

from __future__ import annotations

import re

from geo.periods import bloc_for

# (pattern, bloc) in order: the first that matches decides.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.IGNORECASE), b) for p, b in (
    (r"\bwagner\b|military forces of russia", "WAGNER"),
    (r"military forces of turkey|\bturkish\b", "TUR"),
    (r"syrian (?:mercenar|fighter)|\bsyrian national army\b", "SYR"),
    (r"military forces of (?:the )?united arab emirates", "UAE"),
    (r"military forces of egypt", "EGY"),
    (r"islamic state|\bisis\b|\bisil\b|\bdaesh\b", "IS"),
    (r"ansar al[- ]?sharia", "ANSAR"),
    (r"\baqim\b|al[- ]qaeda", "AQIM"),
    (r"\bbrsc\b|shura council of benghazi|benghazi revolutionar", "BRSC"),
    (r"\bdmsc\b|\bmscd\b|(?:derna|darnah).*shura council|shura council of (?:derna|darnah)", "MSCD"),
    (r"benghazi defen[cs]e brigades?|brigades? for the defen[cs]e of benghazi", "BDB"),
    (r"petroleum facilities guard", "PFG"),
    # ACLED's "(2014-)" forces of Libya are those of the House of Representatives' government in the east
    (r"haftar|libyan national army|\blaaf\b|operation dignity|house of representatives|"
     r"(?:military|police) forces of libya \(2014-\)", "LNA"),
    (r"government of national unity", "GNU"),
    (r"government of national stability|bashagha", "GNS"),
    (r"government of national accord|presidential (?:guard|council)|\bgna\b", "GNA"),
    (r"libya dawn|fajr libya|national salvation government|general national congress", "DAWN"),
    (r"\bgaddafi\b|\bqaddafi\b|military forces of libya \((?:1969|19\d\d)-2011\)", "REGIME"),
    (r"national transitional council|\bntc\b", "NTC"),
    (r"misrat(?:a|ah)", "MISRATA"),
    (r"zintan", "ZINTAN"),
    (r"\bte?bu\b|\btoubou\b|\btubu\b", "TEBU"),
    (r"tuareg", "TUAREG"),
    (r"awlad suleiman|awlad sulayman", "AWLAD_SULEIMAN"),
    (r"^civilians\b", "CIV"),
    (r"^protesters\b", "PROTESTERS"),
    (r"^rioters\b", "RIOTERS"),
    (r"united nations|\bunsmil\b", "UN"),
    (r"^unidentified\b", "UNKNOWN"),
    (r"^vigilante", "VIGILANTE"),
    (r"communal militia|tribal militia|ethnic militia", "COMMUNAL"),
))


def acled_bloc(actor: str | None, day: str | None) -> str:
    """The bloc of one ACLED actor on the event's day, or "" when the name is not one the rules read."""
    name = (actor or "").strip()
    if not name:
        return ""
    for pattern, bloc in _RULES:
        if pattern.search(name):
            return bloc_for(bloc, day) if bloc in ("LNA", "GNA", "GNU", "DAWN") else bloc
    return ""
