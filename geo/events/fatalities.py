"""Fatalities from digits and number words, with ACLED's conservative rules.

* an exact figure is taken as written; several figures for the same killing are added up
  ("forty GNA soldiers and eight LNA soldiers were killed" -> 48);
* a plural with no figure ("قتلى", "killed an unspecified number") is coded 10, as ACLED codes an
  unknown plural; "dozens"/"عشرات" 12 and "hundreds"/"مئات" 100, the low end of the word;
* an explicit "no casualties" is 0; x_fatalities_low/high keep the range the words allow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import FoldedView, Hit, Lexicon, text_of, word_set
from .numbers import find_numbers

# (value, low, high) of vague quantities
_VAGUE = {"عشرات": (12, 12, 99), "مئات": (100, 100, 999), "dozens": (12, 12, 99), "dozen": (12, 12, 12),
          "عدة": (10, 3, None), "الكثير من": (10, 3, None), "كثير من": (10, 3, None), "scores of": (12, 12, 99),
          "hundreds": (100, 100, 999), "several": (10, 3, None), "many": (10, 3, None),
          "عدد من": (10, 2, None), "العديد من": (10, 3, None), "an unspecified number": (10, 2, None),
          "unspecified number": (10, 2, None), "unknown number": (10, 2, None), "heavy casualties": (10, 2, None),
          "des dizaines": (12, 12, 99), "plusieurs": (10, 3, None)}


@lru_cache(maxsize=1)
def _numbers() -> Lexicon[tuple[int, int, int | None]]:
    """Vague quantities; exact numbers are parsed by ``numbers.find_numbers``."""
    return Lexicon(_VAGUE.items())


# Words that are a death on their own, with the count they carry (None: needs a number nearby).
_KILL_SELF = {"قتيلان": 2, "قتيلين": 2, "قتيل": None, "قتيلا": None,
              "قتلى": None, "مقتل": None, "قتل": None, "قتلت": None,
              "مصرع": None, "حتفه": 1, "حتفهم": None, "حتفهما": 2, "شهيد": None, "شهداء": None,
              "مصرعه": 1, "مصرعها": 1, "مصرعهما": 2, "مصرعهم": None, "حتفها": 1, "حتفهن": None,
              "مصرعهن": None, "استشهد": None,
              "استشهدوا": None, "استشهاد": None, "قتلوا": None, "قتلا": 2, "slain": None,
              "شهيدين": 2, "مقتولين": None, "جثث": None, "جثة": 1, "جثتي": 2, "جثتين": 2,
              "killed": None, "killing": None, "dead": None, "died": None, "deaths": None, "fatalities": None,
              "bodies": None, "body": 1, "tués": None, "morts": None, "tué": None, "tuant": None,
              # executions are deaths (ACLED codes them as killings); a court's sentence is not (_SENTENCED)
              "executed": None, "summarily shot": None, "shot dead": None, "gunned down": None,
              "beheaded": None, "أعدم": None, "أعدموا": None, "أعدمت": None, "إعدام": None, "exécuté": None,
              "exécutés": None}
KILL = Lexicon((w, v) for w, v in _KILL_SELF.items())
INJURY = word_set("""جرحى|جريح|جرح|إصابة|إصابات|اصابه|مصابين|أصيب|أصيبوا|أصيبا|يصاب|جرحوا|injured|wounded|injuring|
injuries|hurt|blessés|blessé""")
# What a number right before counts when it is not people.
_NOT_PEOPLE = re.compile(r" ?(?:%|في المئه|في المائه|بالمئه|بالمائه|percent|per cent|pour cent|"
                         r"(?:[وب]?ال)?(?:كيلومتر|كيلومترا|كيلومترات|كلم|كم|ميل|اميال|متر|مترا|امتار|km|kilomet\w*|"
                         r"miles?|metres?|meters?|يوم|يوما|ايام|ساعه|ساعات|دقيقه|دقائق|اسبوع|اسابيع|شهر|شهرا|اشهر|"
                         r"عام|عاما|اعوام|سنه|سنوات|عمر|days?|hours?|minutes?|weeks?|months?|years?|jours|heures|ans|"
                         r"سياره|سيارات|اليه|اليات|اليات|اليه|مركبه|مركبات|اطنان|طن|صاروخ|صواريخ|قذيفه|قذائف|دبابه|"
                         r"دبابات|طائره|طائرات|vehicles?|cars?|trucks?|tanks?|rockets?|missiles?|shells?|tonnes?|tons?|"
                         r"يناير|فبراير|مارس|ابريل|مايو|يونيو|يوليو|اغسطس|سبتمبر|اكتوبر|نوفمبر|ديسمبر|جانفي|"
                         r"فيفري|جوان|جويليه|اوت|january|february|march|april|may|june|july|august|september|"
                         r"october|november|december|janvier|fevrier|avril|mai|juin|juillet|aout|septembre|octobre|"
                         r"novembre|decembre|مليون|مليار|million|billion|دولار|دينار|dollars?|dinars?)(?= ))")
NONE = word_set("""لا إصابات|دون وقوع إصابات|دون إصابات|دون خسائر|لم تسفر عن|لم يسفر عن|لا خسائر|no casualties|
no fatalities|no injuries|without causing|no one was|aucune victime""")
# Victims counted by the noun itself: a singular (قتل شابا, killed a man) is one, a dual (طفلان) two.
_ONE = """شاب|شابا|رجل|رجلا|مواطن|مواطنا|مواطنه|طفل|طفلا|طفله|امراه|سيده|فتاه|فتي|عنصر|عنصرا|جندي|جنديا|مقاتل|
مقاتلا|شخص|شخصا|مدني|مدنيا|a man|a woman|a child|a civilian|a soldier|a fighter|one person|a boy|a girl|a militiaman|
a member|a resident|a young man|un homme|une femme|un enfant|un soldat"""
_TWO = """شابان|شابين|رجلان|رجلين|مواطنان|مواطنين اثنين|طفلان|طفلين|امراتان|امراتين|عنصران|عنصرين|جنديان|جنديين|
مقاتلان|مقاتلين اثنين|شخصان|شخصين|مدنيان|two men|two women|two children|two civilians|two soldiers|two fighters"""
_PERSON_COUNT = Lexicon([(w, n) for n, ws in ((1, _ONE), (2, _TWO)) for w in re.split(r"[|\n]", ws)])
_BOUNDARY = re.compile(r" (?:و?(?:اصابه|جرح|جرحي)|and injur\w*|and wound\w*|injur\w*|wound\w*) ")


# "three LNA military vehicles", "ثلاث آليات عسكرية": things counted a word or two after the number.
_NOT_PEOPLE_NEAR = re.compile(r" (?!(?:في|من|على|عن|الى|مع|جراء|بسبب|in|of|on|by|with|at|from|and|people|persons|"
                              r"civilians|soldiers|اشخاص|شخصا|مدنيين|جنود|عناصر|مقاتلين)(?= ))[^ ]+"
                              r"(?: (?!(?:في|من|على|عن|الى|مع|جراء|بسبب|in|of|on|by|with|at|from|and)(?= ))[^ ]+)?"
                              r"(?= (?:[وب]?ال)?(?:سياره|سيارات|اليه|اليات|مركبه|مركبات|دبابه|دبابات|"
                              r"مدرعه|مدرعات|vehicles?|cars?|trucks?|tanks?|pick-?ups?)(?= ))")


@dataclass(frozen=True, slots=True)
class Fatalities:
    count: int
    low: int
    high: int | None
    explicit_none: bool = False
    # "قتل جنديان آخران", "five other soldiers were killed": dead besides those already reported, so a
    # follow-up adds them to the event's toll instead of restating it
    additional: bool = False


# Nouns that make a figure a count of people ("36 soldiers from the ... brigade were killed", "سبعة جنود
# ليبيين قتلوا"): such a figure may sit further from its death word than a bare one.
_PEOPLE_AFTER = re.compile(r" (?:من )?(?:[وب]?ال)?(?:اشخاص|شخصا|شخص|جنود|جنديا|عناصر|عنصرا|مقاتلين|مقاتلا|مدنيين|مدنيا|"
                           r"مواطنين|مواطنا|اطفال|نساء|رجال|افراد|فردا|مسلحين|عسكريين|ضباط|ضابطا|مهاجرين|مدنيون|"
                           r"people|persons|soldiers|fighters|civilians|men|women|children|members|militants|troops|"
                           r"policemen|officers|commanders|gunmen|militiamen|residents|migrants|jihadists|"
                           r"personnes|soldats|civils|combattants)(?= )")
_MORE = re.compile(r" (?:[^ ]+ )?(?:اخر|اخرين|اخرون|اخران|اخرين|اخري|اخريات|other|others|more|additional|further|"
                   r"autres|supplementaires)(?= )")
_MORE_BEFORE = re.compile(r"(?: |^)(?:other|more|additional|further|d autres)(?= (?:[^ ]+ )?$)")
# A count over months or years is a statistic, not one event's toll ("منذ بداية العام", "since 2014").
_PERIOD = re.compile(r" (?:منذ (?:بدايه|مطلع|اندلاع|بدء|انطلاق|عام|سنه|سنوات|اعوام|شهر|اشهر|\d{4}|ثوره|"
                     r"يناير|فبراير|مارس|ابريل|مايو|يونيو|يوليو|اغسطس|سبتمبر|اكتوبر|نوفمبر|ديسمبر)|"
                     r"خلال (?:العام|الاعوام|السنوات|السنه|الاشهر|الشهور|العامين|عام)|"
                     r"(?:هذا|العام) (?:العام|الماضي|الجاري)|"
                     r"since (?:the (?:start|beginning|outbreak|uprising|revolution)|\d{4}|"
                     r"january|february|march|april|"
                     r"may|june|july|august|september|october|november|december)|so far this year|this year|last year|"
                     r"over the (?:past|last) (?:year|years|months|decade|days|weeks)|in recent (?:days|weeks|months)|"
                     r"in \d{4}|(?:خلال|في) (?:الايام|الاسابيع|الفتره) (?:الماضيه|الاخيره)|"
                     r"depuis (?:le debut|\d{4}))(?= )")
# "فقدت الميليشيات الكثير من عناصرها", "the group lost 12 of its fighters": a side that lost its own men
# counts its dead; "فُقد 15 جنديا" (went missing) has no possessive and is no death.
_LOST = re.compile(r" (?:فقد|فقدت|خسر|خسرت|وفقد|وفقدت|وخسر|وخسرت|lost|has lost|have lost|had lost) (?:[^ ]+ ){0,4}?"
                   r"((?:من )?(?:عناصرها|عناصره|عناصرهم|مقاتليها|مقاتليه|مقاتليهم|جنودها|جنوده|جنودهم|رجالها|رجاله|"
                   r"افرادها|افراده|منتسبيها|منتسبيه)|"
                   r"of (?:its|their|his) (?:fighters|members|men|soldiers|troops))(?= )")
# "حكم بالإعدام", "sentenced to death": a sentence passed, nobody killed.
_SENTENCED = re.compile(r"(?:حكم\w*|احكام|قضت|قضي|sentenced|sentence|condamne\w*) (?:[^ ]+ ){0,2}$")


# "ارتفعت حصيلة القتلى إلى 11", "the death toll rose to 11": the figure is the event's total.
_TOLL = re.compile(r" (?:ارتفعت|ارتفع|وارتفعت|بلغت|وبلغت|وصلت|tolls? (?:has |had )?(?:rose|risen|climbed|reached)|"
                   r"rose|risen|climbed) (?:[^ ]+ ){0,14}?(?:الي|to) (\d{1,4})(?= )")
_TOLL_WORD = re.compile(r"حصيله|toll|bilan")
# "ارتفعت حصيلة قتلى المعارك، التي تدور في ... بين ... و...، إلى 11": the toll noun right after the verb
# carries its figure across a long description of the fighting.
_TOLL_LONG = re.compile(r" (?:ارتفعت|وارتفعت|بلغت|وبلغت|وصلت|ووصلت) (?:[^ ]+ )?حصيله "
                        r"(?:[^ ]+ ){0,24}?الي (\d{1,4})(?= )")
# "ارتفعت حصيلة ... إلى 55", "the death toll rose to", "le bilan s'est alourdi": a count updated on
# the day told (extract._said_date: the day is the count's, not the incident's).
TOLL_UPDATE = re.compile(r"(?:ارتفعت|ارتفع|ارتفاع|بلغت|وصلت) (?:\S+ )?حصيله|حصيله (?:\S+ ){0,3}(?:ارتفعت|ارتفع)|"
                          r"\btoll(?: \S+){0,6} (?:rose|climbed|has risen|had risen|risen|reached)\b|"
                          r"\bbilan (?:\S+ )?(?:s est alourdi|est passe|a atteint)\b")
# "دون سقوط قتلى", "without casualties", "no one was killed": a death word that reports no death.
_NO_DEATH = re.compile(r"(?:دون|بدون|من دون|لا|لم|no|without|aucun) (?:سقوط |وقوع |any )?$")


def count_fatalities(view: str | FoldedView) -> Fatalities | None:
    """Fatalities reported in one folded sentence, or None if it says nothing about deaths.

    A figure counts the dead when a death word governs it: right before it (up to eight words, or
    fourteen when the figure counts people: "36 soldiers from the ... brigade were killed"), or right
    after it ("قتل 3", "مقتل أربعة جنود"), never across an injury word. A count over months or years
    is a statistic (None); a court's death sentence is no death.
    """
    text = text_of(view)
    toll = _TOLL.search(text) or _TOLL_LONG.search(text)
    if toll is not None and _TOLL_WORD.search(text):
        n = int(toll.group(1))
        return Fatalities(n, n, n)
    kills = [k for k in KILL.find(view) if not _NO_DEATH.search(text[: k.start])
             and not _SENTENCED.search(text[max(0, k.start - 40) : k.start])]
    kills += [Hit(m.start(1), m.end(1), None, m.group(1)) for m in _LOST.finditer(text)]
    kills.sort(key=lambda k: k.start)
    if not kills:
        return Fatalities(0, 0, 0, True) if NONE.find(view) else None
    if _PERIOD.search(text):
        return None
    folded = text
    persons = _PERSON_COUNT.find(view)
    # exact numbers (not a year written in digits) and vague quantities ("عشرات", "several")
    allnums = [(n.start, n.end, (n.value, n.value, n.value)) for n in find_numbers(folded)
               if not (folded[n.start].isdigit() and 1900 <= n.value <= 2100)]
    taken = {a for a, _, _ in allnums}
    allnums += [(h.start, h.end, h.payload) for h in _numbers().find(view) if h.start not in taken]
    # A number is a count of dead only when it counts people: not a distance, a date, a duration, an
    # age, a percentage, vehicles or weapons ("على بعد 750 كيلومترا", "15 يوليو", "20 عاما", "90 %").
    allnums = [n for n in allnums if not _NOT_PEOPLE.match(folded, n[1]) and not _NOT_PEOPLE_NEAR.match(folded, n[1])]
    allnums.sort()
    used: set[int] = set()
    total = low = 0
    high: int | None = 0
    found = more = False
    first_injury = min((h.start for h in INJURY.find(view)), default=len(folded))

    def people(n: tuple[int, int, object]) -> bool:
        return _PEOPLE_AFTER.match(folded, n[1]) is not None or \
            _PEOPLE_AFTER.match(folded, folded.find(" ", n[1] + 1)) is not None

    def reach(n: tuple[int, int, object], k_start: int) -> bool:
        gap = len(folded[n[1] : k_start].split())
        return gap <= 8 or gap <= 14 and people(n)

    for k in kills:
        picked: list[tuple[int, int, tuple[int, int, int | None]]] = []
        # Figures to the left, not across an injury word ("killed 3 and injured 7").
        left = [n for n in allnums if n[1] <= k.start and n[0] not in used
                and reach(n, k.start) and not _BOUNDARY.search(folded[n[1] : k.start + 1])]
        right = [n for n in allnums if n[0] >= k.end and n[0] not in used
                 and len(folded[k.end : n[0]].split()) <= 3 and not INJURY.find(folded[k.end - 1 : n[0] + 1])
                 and not _counts_wounded(folded, n[1])]
        # The victims right after the death word are its object or its passive subject ("قتل ثلاثة جنود",
        # "killing four", "وقتلوا جنديا"): they come first. A figure before the death word is the dead only
        # when the death word has no object: "300 fighters stormed the base and killed a guard" counts
        # one guard, not the 300 attackers.
        close = [n for n in right if len(folded[k.end : n[0]].split()) <= 2 and not any(
            w.startswith("و") or w in ("and", "et") for w in folded[k.end : n[0]].split())]  # not "قتلوا وفقد 15"
        obj = [h for h in persons if 0 <= h.start - k.end and len(folded[k.end : h.start].split()) <= 1]
        if obj or _OBJECT.match(folded, k.end) and not _PASSIVE.search(folded[max(0, k.start - 40) : k.start]):
            left = []
        if k.payload is not None:
            picked.append((k.start, k.end, (k.payload, k.payload, k.payload)))
        elif close:
            used.add(close[0][0])
            picked.append(close[0])
        elif left:
            # "forty GNA soldiers and eight LNA soldiers were killed": figures joined by and/و count;
            # beyond eight words only figures that count people do.
            near = _joined(folded, _low_ends(folded, [n for n in left if len(folded[n[1] : k.start].split()) <= 8]
                                             or left))
            for n in near:
                used.add(n[0])
                picked.append(n)
        elif obj:
            picked.append((obj[0].start, obj[0].end, (obj[0].payload,) * 3))
        elif right:
            used.add(right[0][0])
            picked.append(right[0])
        elif (victims := [h for h in persons if 0 <= k.start - h.end and len(folded[h.end : k.start].split()) <= 1
                          or 0 <= h.start - k.end and len(folded[k.end : h.start].split()) <= 3]):
            # "قتل مسلحون مجهولون شابا", "لقي طفلان مصرعهما": the victims' noun is the count.
            picked.append((victims[0].start, victims[0].end, (victims[0].payload,) * 3))
        else:
            continue
        if k.payload is None and (close or not left):
            picked += _conjoined(folded, picked[-1][1], allnums, persons, used)
        first = not found
        found = True
        for a, b, (v, lo, hi) in picked:
            total += v
            low += lo
            high = None if high is None or hi is None else high + hi
            # only when the sentence's first toll is "others": "قتل 7 وقتل جنديان آخران" is complete
            if first and a < first_injury and (_MORE.match(folded, b) or _MORE.match(folded, max(a, k.end))
                                               or _MORE_BEFORE.search(folded[max(0, a - 30) : a])):
                more = True
    if not found:
        kills = [k for k in kills if not _GENERIC_KILLING.fullmatch(k.surface)]
        if not kills:
            return None  # "حوادث الخطف والقتل": killing named as such, no death reported
        # A death word with no figure: an unknown plural, or one if the word is singular.
        # A singular noun or a verb with no figure ("قتل مدير الميناء", "a commander was killed"): one.
        singular = any(k.surface.endswith(("قتيل", "body", "جثه", "tue")) or
                       k.surface in ("قتل", "وقتل", "مقتل", "بمقتل", "ومقتل", "مصرع", "killed", "was killed")
                       for k in kills) and not any(k.surface.endswith(("قتلي", "dead", "deaths", "شهداء", "جثث"))
                                                   for k in kills)
        single = _SINGLE_SUBJECT.match(folded)
        if single and not _PLURAL_SUBJECT.match(folded):
            # "A third member of the family was ... found dead": one, besides those told before
            return Fatalities(1, 1, 1, additional=bool(_ORDINAL.search(single.group(0))))
        vague = _vague_before(folded, kills)
        if vague is not None:
            return Fatalities(*vague)
        return Fatalities(1, 1, 1) if singular else Fatalities(10, 2, None)
    return Fatalities(total, low, high, additional=more)


# "حوادث الخطف والقتل", "ظاهرة القتل": the definite verbal noun names killing as such, not a death
_GENERIC_KILLING = re.compile(r"[وف]?(?:بال|لل|ال)(?:قتل|اعدام)")
# A sentence whose subject is one person: "A third member of the family ... was found dead".
_SINGLE_SUBJECT = re.compile(r" (?:a|an|one|the|another) (?:[^ ]+ ){0,3}?(?:member|man|woman|soldier|commander|"
                             r"civilian|fighter|officer|child|boy|girl|journalist|person|resident|policeman|militant|leader|"
                             r"photographer|doctor|driver|worker|official|guard)(?= )")
_ORDINAL = re.compile(r" (?:another|second|third|fourth|fifth|sixth)(?= )")
_PLURAL_SUBJECT = re.compile(r" (?:[^ ]+ ){0,5}?(?:members|men|women|soldiers|commanders|civilians|fighters|officers|"
                             r"children|people|persons|residents|militants|others)(?= )")


_AND = re.compile(r" (?:and|et|و) $")
# An object right after an active death verb: "killed a guard", "killed the commander", "killed at least".
_OBJECT = re.compile(r" (?:a|an|the|his|her|their|its|several|many|dozens|scores|hundreds|some|at least|un|une|"
                     r"le|la|les)(?= )")
_PASSIVE = re.compile(r" (?:were|was|been|be|being|are|is|reportedly|reported|allegedly|ont ete|a ete|sont)"
                      r"(?: [^ ]+)? $")


def _joined(folded: str, nums: list[tuple[int, int, tuple[int, int, int | None]]]
            ) -> list[tuple[int, int, tuple[int, int, int | None]]]:
    """The figure nearest the death word, and those joined to it by and/و ("forty GNA soldiers and
    eight LNA soldiers"), not a figure of another clause ("a force of 1,000 men took the town; two
    soldiers were killed")."""
    if not nums:
        return []
    out = [nums[-1]]
    for n in reversed(nums[:-1]):
        gap = folded[n[1] : out[0][0]]
        joined = len(gap.split()) <= 4 and re.search(r" (?:and|et)(?= )| و", gap + " ")
        if joined or _low_ends(folded, [n, out[0]]) != [n, out[0]]:
            out.insert(0, n)
        else:
            break
    return out
_RANGE = re.compile(r" (?:الي|او|to|or|a|ou)? ?$")


def _low_ends(folded: str, nums: list[tuple[int, int, tuple[int, int, int | None]]]
              ) -> list[tuple[int, int, tuple[int, int, int | None]]]:
    """"35 إلى 40 شخصا", "between 35 and 40", "10 or 12": a range counts its low end (ACLED's conservative
    figure), not both figures."""
    out: list[tuple[int, int, tuple[int, int, int | None]]] = []
    for n in nums:
        gap = folded[out[-1][1] : n[0]] if out else ""
        between = bool(out) and folded[: out[-1][0]].endswith((" between ", " بين ", " entre ")) and \
            gap.strip() in ("and", "و", "et", "")
        if out and (_RANGE.fullmatch(gap) and not _AND.fullmatch(gap + " ") or between) and n[2][0] > out[-1][2][0]:
            lo = out[-1]
            out[-1] = (lo[0], n[1], (lo[2][0], lo[2][1], n[2][2]))
            continue
        out.append(n)
    return out


def _counts_wounded(folded: str, end: int) -> bool:
    """The figure ending at ``end`` counts the wounded: its noun is an injury word (3 جرحى, 5 wounded),
    not a following clause ("قتل 3 وأصيب 7")."""
    words = folded[end:].split()[:3]
    if not words or words[0].startswith("و") or words[0] == "and":
        return False
    if INJURY.find(" " + words[0] + " "):
        return True
    # "six others wounded", "خمسة أشخاص بجروح", "4 civilians were injured"
    rest = [w for w in words[1:] if w not in ("were", "was", "have", "been", "are")]
    if not rest or rest[0].startswith("و") or rest[0] == "and":
        return False  # "مقتل أربعة جنود وإصابة تسعة": the injuries are the next clause's
    return rest[0] == "بجروح" or bool(INJURY.find(" " + rest[0] + " "))


def _conjoined(folded: str, last: int, allnums: list[tuple[int, int, tuple[int, int, int | None]]],
               persons: list, used: set[int]) -> list[tuple[int, int, tuple[int, int, int | None]]]:  # type: ignore[type-arg]
    """"مقتل ثلاثة أطفال وامرأتين", "killing three children and two women", "قتل جنديان ومدني": victims
    joined by و / and after the first count add up, up to an injury word."""
    out = []
    cands = sorted([*allnums, *((h.start, h.end, (h.payload,) * 3) for h in persons)])
    for n in cands:
        if n[0] <= last or n[0] in used:
            continue
        gap = folded[last : n[0]]
        if len(gap.split()) > 2 or INJURY.find(folded[last - 1 : n[1] + 1]):
            break
        if not (folded[n[0]] == "و" or folded[n[0] - 1] == "و" or _AND.search(gap)):
            continue
        if _counts_wounded(folded, n[1]):
            break  # "قتيل و3 جرحى": the figure after و counts the wounded
        used.add(n[0])
        out.append(n)
        last = n[1]
    return out


def _vague_before(folded: str, kills: list) -> tuple[int, int, int | None] | None:  # type: ignore[type-arg]
    """"many fighters from the so-called Islamic State were killed": a vague quantity of people,
    further from the death word than a figure may be."""
    for h in _numbers().find(folded):
        if h.payload[2] is not None and h.payload[0] == h.payload[2]:
            continue  # an exact figure: handled by the figures' own rule
        for k in kills:
            gap = len(folded[h.end : k.start].split())
            if h.end <= k.start and gap <= 14 and _PEOPLE_AFTER.match(folded, h.end) and \
                    not _BOUNDARY.search(folded[h.end : k.start + 1]):
                return h.payload
    return None


def clause_or_sentence(clause: Fatalities | None, sentence: Fatalities | None) -> Fatalities | None:
    """The clause's own toll, unless it only has a vague plural where its sentence states a figure
    ("ارتفعت حصيلة قتلى المعارك، التي تدور في ...، إلى 11": the comma cuts the figure off its clause)."""
    if clause is None:
        return sentence
    if sentence is not None and clause.high is None and sentence.high is not None and sentence.count > 0 \
            and not clause.explicit_none:
        return sentence
    return clause
