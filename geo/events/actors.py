"""The conflict's actors (``geo/data/actors.csv``): aliases -> ACLED actor name, inter code, bloc.

Roles are read from the words around each actor mention: ``by X`` / ``من قبل X`` make the agent,
``targeting X`` / ``تمركزات X`` / ``ضد X`` / ``with X`` make the target; otherwise the first actor
named is actor1, as ACLED writes the initiator first. Civilians are never actor1 when another actor
is named: they are who the violence was done to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import FoldedView, Hit, Lexicon, read_csv_rows, text_of, word_set


@dataclass(frozen=True, slots=True)
class Actor:
    key: str
    acled_name: str
    inter: int
    bloc: str
    side: str
    parent: str  # key of the main actor a unit belongs to ('' for main actors)
    generic: bool = False  # bare words (الجيش, militia): weaker evidence


# Bare words that name an actor only by default; a specific alias in the same sentence wins.
_GENERIC = {"الجيش", "قوات الجيش", "مسلحون", "مسلحين", "militia", "militants", "militiamen",
            "armed group", "gunmen", "police", "الشرطة", "government forces", "Government troops",
            "Special Forces", "employees", "locals", "youths", "residents", "سكان", "الأهالي", "عمال",
            "workers", "المرتزقة", "مرتزقة", "mercenaries"}


@lru_cache(maxsize=1)
def actors() -> dict[str, Actor]:
    return {
        r["key"]: Actor(r["key"], r["acled_name"], int(r["inter"]), r["bloc"], r["side"], r["parent"])
        for r in read_csv_rows("actors.csv")
    }


@lru_cache(maxsize=1)
def actor_lexicon() -> Lexicon[tuple[str, bool]]:
    entries: list[tuple[str, tuple[str, bool]]] = []
    for r in read_csv_rows("actors.csv"):
        for alias in r["aliases"].split("|"):
            alias = alias.strip()
            if alias:
                entries.append((alias, (r["key"], alias in _GENERIC)))
    return Lexicon(entries)


AGENT_CUES = word_set("""من قبل|قبل|شنها|شنتها|شنه|شنته|نفذه|نفذته|نفذها|نفذتها|بواسطة|على يد|تابعة ل|
by|carried out by|operated by|
fired by|par""")
# Arabic verbs are left out on purpose: in verb-first clauses (استهدف سلاح الجو ...) the word after
# the verb is its subject. Verbal nouns (استهداف X) do take their target next.
TARGET_CUES = word_set("""تمركزات|تمركز|مواقع|موقع|مواقع ل|ضد|استهداف|لاستهداف|على|مع|تجمعات|آليات|
عناصر|مقرات|مقر|معسكر|رتل*|ميليشيات|الميليشيات|مليشيات|targeting|targeted|target|against|positions|on|with|at|killing|killed|
injuring|contre|avec""")
# "معقل الجماعات المتطرفة", "مجموعة مسلحة مناهضة للحكومة": a place or a group described by another group,
# which is no party to the event
NOT_A_PARTY = word_set("معقل|معاقل|معقلا|مناهضة|مناهض|مناهضين|المناهضة|المناهض|stronghold of|bastion of|opposed to|"
                       "hostile to")
SAID_BEFORE = word_set("ذكر|ذكرت|قال|قالت|أفاد|أفادت|أكد|أكدت|according to|selon")
_SAID_AFTER = re.compile(r" (?:said|say|says|told|reported|قالوا|ذكروا|افادوا)(?= )")
_PRESS_NOUN = re.compile(r"(?:تصريح|تصريحات|مؤتمر|بيان|لقاء|حديث|مصدر|بلاغ|ايجاز) $")
DISPUTED_CUES = word_set("""ما وصفته|ما وصفتها|ما وصفه|ما وصفها|ما سمته|ما سماه|ما تسميه|ما يسميه|ما أسمته|
what it described as|what it called|so called|so-called|ce qu'il a qualifié""")


@dataclass(slots=True)
class ActorMention:
    actor: Actor
    start: int  # folded offsets in the segment
    end: int
    surface: str
    generic: bool
    role: str = ""  # "agent" | "target" | ""
    disputed: bool = False


def find_actors(view: str | FoldedView) -> list[ActorMention]:
    """Actor mentions of a folded segment with the role their cue words give them."""
    table = actors()
    hits: list[Hit[tuple[str, bool]]] = actor_lexicon().find(view)
    if not hits:
        return []
    folded = text_of(view)
    out = [ActorMention(table[h.payload[0]], h.start, h.end, h.surface, h.payload[1]) for h in hits]
    # "معقل الجماعات المتطرفة" describes a place, "مناهضة للحكومة" a group; "ذكر سكان", "residents said"
    # names a source: none is a party to the event.
    described = NOT_A_PARTY.find(view)
    said = SAID_BEFORE.find(view)
    out = [m for m in out if not any(0 <= m.start - h.end <= 1 for h in described) and not (
        m.actor.bloc == "CIV" and (_SAID_AFTER.match(folded, m.end) or any(0 <= m.start - h.end <= 1 for h in said)))]
    # "تصريح صحفي", "مؤتمر صحفي": the press as an adjective, no journalist
    out = [m for m in out if not (m.actor.bloc == "CIV" and m.surface.endswith(("صحفي", "صحفيه", "صحافي")) and
                                  _PRESS_NOUN.search(folded[max(0, m.start - 12) : m.start]))]
    if not out:
        return []
    agents = AGENT_CUES.find(view)
    targets = TARGET_CUES.find(view)
    disputed = DISPUTED_CUES.find(view)
    for m in out:
        # The cue must end within two words before the actor.
        def near(hits: list[Hit[str]], m: ActorMention = m) -> bool:
            # ("On 22 June, X fighters overran ...": a date between the cue and the actor is no target frame)
            return any(0 <= m.start - h.end and _gap_words(folded, h.end, m.start) <= 2 and
                       not any(c.isdigit() for c in folded[h.end : m.start]) for h in hits)
        if near(agents):
            m.role = "agent"
        elif near(targets):
            m.role = "target"
        m.disputed = any(0 <= m.start - h.end and _gap_words(folded, h.end, m.start) <= 2 for h in disputed)
    return out


def _gap_words(folded: str, a: int, b: int) -> int:
    if b < a:
        return 99
    return len(folded[a:b].split())


@dataclass(slots=True)
class Roles:
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc1: list[Actor] | None = None
    assoc2: list[Actor] | None = None
    disputed: list[str] | None = None
    inferred2: bool = False


_GENERIC_GROUPS = frozenset({"unknown", "islamists"})
_UNARMED = frozenset({"CIV", "PROTESTERS", "RIOTERS", "UN"})


# Units that answer to the authority of the region they serve in, not to one camp (the police and
# security forces: period_actors.actor_on places them): they stand for themselves, never for a parent.
_REGIONAL = frozenset({"gna_police"})


def _main(a: Actor) -> Actor:
    if a.key in _REGIONAL:
        return a
    return actors()[a.parent] if a.parent else a


def assign_roles(mentions: list[ActorMention], trigger_pos: int) -> Roles:
    """Actor1/actor2 (and their associated actors) from the actor mentions of one clause."""
    if not mentions:
        return Roles()
    # A specific alias of a bloc hides the generic words of the same bloc; two named armed sides hide
    # the bare "armed men" (المسلحين) around them ("غالبيتهم من المسلحين ... بين التبو والطوارق").
    specific_blocs = {m.actor.bloc for m in mentions if not m.generic}
    armed_named = specific_blocs - {"CIV", "PROTESTERS", "RIOTERS", "UN", "UNKNOWN"}
    ms = [m for m in mentions if not (m.generic and m.actor.bloc in specific_blocs and m.actor.bloc != "CIV")
          and not (m.generic and m.actor.bloc == "UNKNOWN" and len(armed_named) >= 2)]
    # "مسلحون من قبيلتي التبو والطوارق", "militants of the Islamic State": the generic noun is the group named
    # right after it.
    ms = [m for m in ms if not (m.actor.key in _GENERIC_GROUPS and any(
        0 < o.start - m.end <= 14 and o.actor.key not in _GENERIC_GROUPS and o.actor.bloc not in _UNARMED
        for o in ms))]
    if not ms:
        return Roles()
    # Group by main actor, keeping the first mention's role.
    groups: dict[str, list[ActorMention]] = {}
    for m in sorted(ms, key=lambda m: m.start):
        groups.setdefault(_main(m.actor).key, []).append(m)
    order = list(groups)

    def role(key: str) -> str:
        roles = [m.role for m in groups[key] if m.role]
        return roles[0] if roles else ""

    agents = [k for k in order if role(k) == "agent"]
    # "LNA forces shelled a hospital set up by GNA forces": with a subject before the verb, a "by X"
    # after it belongs to a participle of the object, not to the event's verb.
    subject = [k for k in order if role(k) == "" and actors()[k].bloc not in ("CIV",)
               and groups[k][0].end <= trigger_pos]
    if subject:
        agents = [k for k in agents if groups[k][0].start < trigger_pos]
    targets = [k for k in order if role(k) == "target"]
    free = [k for k in order if k not in agents and k not in targets]
    if subject:  # the demoted "by X" actors are free again, after the subject
        free = [k for k in free if k in subject] + [k for k in free if k not in subject]
    civ = [k for k in order if actors()[k].bloc == "CIV"]
    first_candidates = [k for k in agents + free + targets if k not in civ] or civ
    a1 = first_candidates[0]
    rest = [k for k in targets + free + agents if k != a1]
    # Prefer as actor2 someone on another side of the conflict.
    side1 = actors()[a1].side or actors()[a1].bloc

    def other_side(k: str) -> bool:
        a = actors()[k]
        return (a.side or a.bloc) != side1

    a2_candidates = [k for k in rest if other_side(k)]
    a2 = a2_candidates[0] if a2_candidates else None
    table = actors()
    assoc1 = [table[k] for k in order if k not in (a1, a2) and not other_side(k)]
    assoc1 += [m.actor for m in groups[a1] if m.actor.parent]
    assoc2: list[Actor] = []
    if a2:
        side2 = table[a2].side or table[a2].bloc
        assoc2 = [table[k] for k in order if k not in (a1, a2) and (table[k].side or table[k].bloc) == side2
                  and table[k] not in assoc1]
        assoc2 += [m.actor for m in groups[a2] if m.actor.parent]
    disputed = [m.surface for m in ms if m.disputed]
    return Roles(table[a1], table[a2] if a2 else None, _dedupe(assoc1), _dedupe(assoc2), disputed)


def _dedupe(xs: list[Actor]) -> list[Actor]:
    return list(dict.fromkeys(xs))


OPPONENT = {"LNA": "gna", "GNA": "lna"}
