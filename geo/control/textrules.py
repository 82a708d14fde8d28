"""Control statements in article text -> ControlPoint evidence.

Works clause by clause around each Libyan place mention, on folded text (gazetteer.normalize), so that
hamza, ta marbuta and diacritics do not matter.  What a clause says about a place:

* completed control (سيطرت على، استعادت، دخلت، تحت سيطرة، X-held, captured, retook): the subject's bloc;
* loss (انسحبت من، طرد ... من/منها, withdrew from): the opponent of the bloc that lost it;
* the same verbs under intent or prevention (تحاول، ترمي إلى، منع، attempt to): not control.  An
  attempt to take a place makes it contested; a wish to expel X from a place says X is there now;
* reinforcements sent to a place (أرسلت إلى سرت تعزيزات, sent reinforcements to): the sender's bloc;
* fighting at a place (مواجهات، اشتباكات، معارك، محور, clashes, fighting): contested.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from gazetteer.normalize import fold
from geo.article import Article
from geo.control.blocs import OPPONENT, find_blocs
from geo.control.dates import end_date, start_date
from geo.control.model import ControlPoint
from geo.places.mention import Mention

# Places whose point is a centroid, not a place one can hold: "Libya", the Oil Crescent, Fezzan, a
# district.  Statements about them stay in the text; they do not become control points.
AREAL_KINDS = frozenset({"country", "region", "district", "wadi", "mountain"})
_CLAUSE_END = re.compile(r"[.!?؟\n،؛;]|\s-\s")
_MAX_CLAUSE = 220
# Folded: "، و", "and", and a plural or dual head noun shared by the list (ومينائي السدرة ورأس لانوف).
_LIST_JOIN = re.compile(
    r"\s*(?:،|,)?\s*(?:و|او|ثم|and|or|et)?\s*(?:(?:ال)?(?:مينايي|ميناءي|موانئ|موانيء|مدينتي|مدن|بلدتي|بلدات|"
    r"منطقتي|مناطق|قاعدتي|حقلي|مطاري|the towns of|the ports of)(?:\s+|$))?"
)

_W = r"(?:\s+\S+){0,6}?"  # a few words in between
# A verb may carry و/ف (وسيطر، فدخلت); a noun also ب/ل and the article (والاشتباكات، بالمعارك).
_VERB = r"(?<!\w)(?:و|ف)?"
_NOUN = r"(?<!\w)(?:و|ف)?(?:ب|ل)?(?:ال|ل)?"
# A head noun may stand between the verb's particle and the name: سيطر على مدينة سرت, took the town of.
_HEAD = (r"(?:\s+(?:مدينه|مدينتي|بلده|بلدتي|منطقه|قريه|حي|ضاحيه|ميناء|مطار|قاعده|معسكر|town of|city of|"
         r"port of|ville de))?")
HYPO = re.compile(
    _VERB + r"(?:منع|يمنع|لمنع|تحاول|يحاول|محاوله|محاولات|تسعي|يسعي|ترمي|يرمي|تهدف|يهدف|بهدف|من اجل|تستعد|"
    r"يستعد|تعتزم|يعتزم|تريد|يريد|تخطط|يخطط|attempts?|attempting|tried|tries|trying|seeks?|seeking|"
    r"aims?|aiming|plans?|planning|prevent|prevents|preventing|bid to|tente|tentent|cherche|"
    # a question or a future: هل تنجح قوات الوفاق في السيطرة على سرت؟
    r"هل|سوف|لو|whether|would|could|might|will|pourrait|pourront)(?!\w)"
)
# Verbs of taking control that end the text before the place.
TAKE = re.compile(
    _VERB + r"(?:سيطرتها|سيطرته|سيطرتهم|للسيطره|بالسيطره|سيطرت|سيطر|تسيطر|يسيطر|سيطره|السيطره|استعادت|استعاد|استعاده|"
    r"استرجعت|استرجع|دخلت|دخل|دخول|"
    r"حررت|حرر|تحرير|بسطت|بسط|اقتحمت|اقتحم|captured?|captures|capturing|seized?|seizing|took|take|taking|"
    r"retook|retake|recaptured?|entered|enter|liberated?|overran|control of|controle de|pris|repris)"
    r"(?:\s+(?:\S+\s+){0,5}?(?:علي|عليها|على|الي|في|of|the|into))?" + _HEAD + r"\s*$"
)
HELD_AFTER = re.compile(
    r"^\s*(?:\S+\s+){0,3}?(?:تحت سيطره|تحت سيطرت|الخاضعه لسيطره|الخاضعه ل|تخضع لسيطره|held by|controlled by|"
    r"under the control of|under control of|sous le controle de)"
)
HELD_BEFORE = re.compile(r"(\S+)\s+(?:held|controlled|contrôlée?|controlee?)\s*$")
LOSE = re.compile(
    _VERB + r"(?:انسحبت|انسحب|انسحاب|انسحابها|طرد|طردت|اخراج|withdrew|withdrawn|withdrawal|retreated|pulled out|"
    r"expelled|drove out|driven out|ousted|se sont retires)(?:\s+\S+){0,5}?\s+(?:من|from|of|de)" + _HEAD + r"\s*$"
)
EXPEL = re.compile(_VERB + r"(?:طرد|طردت|اخراج|expelled|drove out|ousted)(?!\w)")
EXPEL_AFTER = re.compile(
    r"^\s*(?:\S+\s+){0,2}?(?:و?طرد|و?اخراج|and expel|and drive out)\s+((?:\S+\s+){0,4}?)(?:منها|منه|from it)(?!\w)"
)
REINFORCE = re.compile(
    _VERB + r"(?:ارسلت|ارسل|دفعت|دفع|حشدت|حشد|sent|deployed|dispatched|rushed)\s+(?:\S+\s+){0,4}?"
    r"(?:الي|نحو|to|towards)" + _HEAD + r"\s*$"
)
REINFORCE_AFTER = re.compile(r"^\s*(?:\S+\s+){0,2}?(?:تعزيزات|reinforcements)")
REINFORCE_BEFORE = re.compile(r"(?:تعزيزات|reinforcements)")
FIGHT = re.compile(
    r"(?:" + _NOUN + r"(?:مواجهات|اشتباكات|معارك|معركه|قتال|اقتتال|محور|محاور|جبهه|جبهات|clash|clashes|"
    r"fighting|fought|battle|battles|offensive|front line|front lines|frontline|frontlines|combats|affrontements|"
    r"تبادل لاطلاق النار|تبادل اطلاق النار|تبادل اطلاق نار|exchange of fire|exchanged fire|gunfight|firefight)"
    # Ground fighting told with a verb: clashed in, repelled ... in, اشتبكت، تصدت.
    r"|" + _VERB + r"(?:اشتبكت|اشتبك|اشتبكوا|تشتبك|يشتبك|صدت|تصدت|تصدي|صد|"
    r"clashed|clashing|repelled|repulsed|fought off|se sont affrontes))(?!\w)"
)
# An attack is ground fighting unless it came from the air or from afar (a drone strike on an airport,
# shelling of a district): then the place is hit, not fought over.
ATTACK = re.compile(
    r"(?:" + _NOUN + r"(?:هجوم|هجمات|attack|attacks|assault|assaults|attaque|attaques)"
    r"|" + _VERB + r"(?:هاجمت|هاجم|هاجموا|تهاجم|يهاجم|attacked|attacking|ont attaque|attaquent))(?!\w)"
)
REMOTE = re.compile(
    _NOUN + r"(?:طيران|طائره|طائرات|مسيره|مسيرات|غاره|غارات|قصف|صاروخ|صواريخ|مدفعيه|قذائف|هاون|"
    r"air|airstrike|airstrikes|drone|drones|aircraft|artillery|shelling|shells|rockets?|missiles?|mortars?|"
    r"mig|jets?|aerien|frappe|frappes|obus|car bomb|bomb|explosive)(?!\w)"
)


_TOKEN = re.compile(r"\S+")
# The end-anchored patterns (TAKE, LOSE, REINFORCE, HELD_BEFORE) span at most a three-word verb
# phrase, five words and a particle: a match can only start among the last few words, so searching
# from there gives the same matches without trying every earlier position.
_TAIL_WORDS = 14


def _tail(pre_s: str) -> int:
    starts = [m.start() for m in _TOKEN.finditer(pre_s)]
    return starts[-_TAIL_WORDS] if len(starts) > _TAIL_WORDS else 0


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(0, start - _MAX_CLAUSE)
    cuts = [m.end() for m in _CLAUSE_END.finditer(text, lo, start)]
    cs = cuts[-1] if cuts else lo
    m = _CLAUSE_END.search(text, end, min(len(text), end + _MAX_CLAUSE))
    return cs, (m.start() if m else min(len(text), end + _MAX_CLAUSE))


def _last_bloc(folded: str) -> str | None:
    hits = find_blocs(folded)
    return hits[-1][2] if hits else None


def _first_bloc(folded: str) -> str | None:
    hits = find_blocs(folded)
    return hits[0][2] if hits else None


def classify(pre: str, post: str) -> tuple[str, tuple[str, ...]] | None:
    """What the folded words before (``pre``) and after (``post``) a place say about it.

    Returns (side, parties): side is a bloc or ``contested``; parties are the blocs named.
    """
    pre_s = " " + pre.strip() + " " if pre.strip() else " "
    post_s = " " + post.strip() + " "
    blocs = tuple(dict.fromkeys(b for _, _, b in find_blocs(pre_s + post_s)))
    hypothetical = HYPO.search(pre_s) is not None
    tail = _tail(pre_s)

    m = EXPEL_AFTER.search(post_s)
    if m:
        loser = _first_bloc(" " + m.group(1) + " ")
        if loser:
            # "prevent them attacking Sirte and expelling Haftar's forces from it": Haftar holds it.
            if hypothetical:
                return loser, blocs
            if loser in OPPONENT:
                return OPPONENT[loser], blocs
    m = LOSE.search(pre_s, tail)
    if m:
        loser = _first_bloc(" " + pre_s[m.start():] + " ") or _last_bloc(pre_s[: m.start()] + " ")
        expeller = _last_bloc(pre_s[: m.start()] + " ") if EXPEL.match(pre_s, m.start()) else None
        if expeller and loser and expeller != loser and not hypothetical:
            # "the army drove IS out of Derna": whoever expels holds it, whoever they expel.
            return expeller, tuple(dict.fromkeys((*blocs, expeller)))
        if loser:
            if hypothetical:
                return loser, blocs
            if loser in OPPONENT:
                return OPPONENT[loser], blocs
        return None
    m = TAKE.search(pre_s, tail)
    if m:
        subject = _last_bloc(pre_s[: m.start()] + " ") or _first_bloc(pre_s[m.start():])
        if hypothetical:
            parties = blocs if len(blocs) > 1 else blocs + tuple(OPPONENT[b] for b in blocs if b in OPPONENT)
            return "contested", tuple(dict.fromkeys(parties))
        if subject:
            return subject, blocs
        return None
    m = HELD_AFTER.search(post_s)
    if m:
        holder = _first_bloc(" " + post_s[m.end():] + " ")
        if holder:
            return holder, blocs
    m = HELD_BEFORE.search(pre_s, tail)
    if m:
        holder = _first_bloc(" " + m.group(1).replace("-", " ") + " ")
        if holder:
            return holder, blocs
    if REINFORCE.search(pre_s, tail) and (REINFORCE_AFTER.search(post_s) or REINFORCE_BEFORE.search(pre_s)):
        sender = _last_bloc(pre_s)
        if sender and not hypothetical:
            return sender, blocs
    fought = FIGHT.search(pre_s) or (ATTACK.search(pre_s) and not REMOTE.search(pre_s + post_s))
    if fought and not hypothetical:
        parties = blocs if len(blocs) > 1 else blocs + tuple(OPPONENT[b] for b in blocs if b in OPPONENT)
        return "contested", tuple(dict.fromkeys(parties))
    return None


# A year named in the clause ("the battle of Misrata in 2011", "the 2012 attack on the consulate"):
# folded text has ASCII digits.
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")


def _earlier_year(folded: str, date: str) -> bool:
    """Whether the clause tells of an earlier year than the article's: history, not today's control."""
    year = int(date[:4])
    return any(int(y) < year for y in _YEAR.findall(folded))


def text_evidence(article: Article, mentions: Iterable[Mention]) -> list[ControlPoint]:
    """Control evidence stated in one article about the Libyan places mentioned in it."""
    text = article.text
    date = start_date(article.date)
    if date is None:
        return []
    out: list[ControlPoint] = []
    prev: tuple[int, tuple[str, tuple[str, ...]] | None] = (-1, None)
    for m in sorted(mentions, key=lambda x: x.start):
        if not m.in_libya or m.lat is None or m.lon is None:
            continue
        held = m.place if m.kind != "relative" else m.anchor
        areal = m.precision >= 3 or (held is not None and held.kind in AREAL_KINDS)
        cs, ce = _clause(text, m.start, m.end)
        pre = fold(text[cs : m.start])
        post = fold(text[m.end : ce])
        got = None if _earlier_year(pre + " " + post, date) else classify(pre, post)
        # A list of places shares its verb: "السيطرة على بوقرين و الوشكة", "took Sirte and Jufra".
        if got is None and prev[1] is not None and _LIST_JOIN.fullmatch(fold(text[prev[0] : m.start])):
            got = prev[1]
        prev = (m.end, got)
        if got is None or areal:
            continue  # an areal place still passes its verb on to the list it heads
        side, parties = got
        place = m.place if m.kind != "relative" else m.anchor
        out.append(
            ControlPoint(
                place_id=place.id if place else None,
                name=place.name if place else m.surface,
                lat=float(m.lat),
                lon=float(m.lon),
                side=side,
                date=date,
                source=article.doc,
                quote=text[cs:ce].strip(),
                evidence_ids=(f"{article.doc}#{m.start}-{m.end}",),
                parties=parties,
                kind="text",
                place_kind=place.kind if place else None,
                url=article.url,
                date_last=end_date(article.date),
                both_named=side != "contested" or len({b for _, _, b in find_blocs(" " + pre + " " + post + " ")}) >= 2,
            )
        )
    return out
