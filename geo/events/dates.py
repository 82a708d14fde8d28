"""Event dates: the article date, relative words and absolute dates (Arabic, English, French).

ACLED's time_precision: 1 the day is known, 2 the week, 3 the month. A month-precision date is
written as the FIRST day of its month (``2020-01`` -> ``2020-01-01``): it keeps the event inside its
month under any date filter and is what truncating an ISO date to the month gives back. A week-
precision date is the day the text points at (``last week`` -> seven days before the article).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from gazetteer.normalize import fold

from .lexicon import FoldedView, Lexicon, text_of, word_set

_MONTHS_TEXT = {
    1: "يناير|جانفي|كانون الثاني|اي النار|أي النار|january|jan|janvier",
    2: "فبراير|فيفري|شباط|النوار|february|feb|fevrier|février",
    3: "مارس|آذار|اذار|الربيع|march|mar|mars",
    4: "أبريل|ابريل|إبريل|أفريل|افريل|نيسان|الطير|april|apr|avril",
    5: "مايو|ماي|أيار|ايار|الماء|may|mai",
    6: "يونيو|يونيه|جوان|حزيران|الصيف|june|jun|juin",
    7: "يوليو|يوليه|جويلية|جويلة|تموز|ناصر|july|jul|juillet",
    8: "أغسطس|اغسطس|أوت|اوت|آب|هانيبال|august|aug|aout|août",
    9: "سبتمبر|أيلول|ايلول|الفاتح|september|sept|sep|septembre",
    10: "أكتوبر|اكتوبر|تشرين الأول|التمور|october|oct|octobre",
    11: "نوفمبر|تشرين الثاني|الحرث|november|nov|novembre",
    12: "ديسمبر|كانون الأول|الكانون|december|dec|decembre|décembre",
}
# Month names that are also ordinary words (the Libyan calendar's الماء water, الصيف summer, ناصر ...;
# English may, march; French mars): they count only right after a day number.
_NEEDS_DAY = {fold(w) for w in "اي النار|النوار|الربيع|الطير|الماء|الصيف|ناصر|هانيبال|الفاتح|التمور|الحرث|"
              "الكانون|may|march|mar|mai|mars|jan|feb|apr|jun|jul|aug|sep|sept|oct|nov|dec|آب|ماي".split("|")}

_ORDINALS_AR = [
    "الاول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر",
    "الحادي عشر", "الثاني عشر", "الثالث عشر", "الرابع عشر", "الخامس عشر", "السادس عشر", "السابع عشر",
    "الثامن عشر", "التاسع عشر", "العشرين", "الحادي والعشرين", "الثاني والعشرين", "الثالث والعشرين",
    "الرابع والعشرين", "الخامس والعشرين", "السادس والعشرين", "السابع والعشرين", "الثامن والعشرين",
    "التاسع والعشرين", "الثلاثين", "الحادي والثلاثين",
]
_ORDINAL_ALT = {"الاول": ["الأول", "اول", "الاولي", "الأولى"], "الحادي عشر": ["الحادية عشرة"]}
_EN_ORD = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
           "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()

# Relative day words -> days before the article date.
_RELATIVE = {
    "اليوم": 0, "فجر اليوم": 0, "صباح اليوم": 0, "مساء اليوم": 0, "ظهر اليوم": 0, "الليلة": 0,
    "أمس": 1, "امس": 1, "البارحة": 1, "مساء أمس": 1, "صباح أمس": 1, "ليلة أمس": 1, "الليلة الماضية": 1,
    "يوم أمس": 1, "أمس الأول": 2, "امس الاول": 2, "الليلة قبل الماضية": 2, "ليلة أول أمس": 2,
    "أول أمس": 2, "أول من أمس": 2, "اول امس": 2, "قبل يومين": 2,
    "today": 0, "this morning": 0, "earlier today": 0, "tonight": 0, "yesterday": 1, "last night": 1,
    "overnight": 1, "in the past 24 hours": 0, "two days ago": 2, "aujourd'hui": 0, "hier": 1,
    "avant hier": 2, "cette nuit": 0,
}
_WEEK = {"الأسبوع الماضي": 7, "الاسبوع الماضي": 7, "last week": 7, "la semaine dernière": 7,
         "earlier this week": 3, "هذا الأسبوع": 3, "this week": 3}
_WEEKDAYS = {
    0: "الاثنين|الإثنين|monday|lundi", 1: "الثلاثاء|tuesday|mardi", 2: "الأربعاء|الاربعاء|wednesday|mercredi",
    3: "الخميس|thursday|jeudi", 4: "الجمعة|friday|vendredi", 5: "السبت|saturday|samedi",
    6: "الأحد|الاحد|sunday|dimanche",
}
# A date after these words is a reference point (since the ceasefire of 12 January), not the event's.
REFERENCE_CUES = word_set("""بعد|منذ|قبل|حتى|حتي|عقب|خلال|الصادرة|الصادر|الصادرين|since|after|before|until|following|
published|issued|depuis|après|parus""")
_WEEKDAY_CUES = {fold(w) for w in "يوم|مساء|صباح|ليلة|ليل|فجر|ظهر|عصر|ظهيرة|اليوم|أمس|الأول|وفي|في|on|last|le|"
                 "dans la nuit de|since|until|by|early|late|night".split("|")}
# A weekday followed by "last" (الجمعة الماضي, Friday last) needs no cue before it.
_WEEKDAY_AFTER = {fold(w) for w in "الماضي|الماضية|المنصرم|last|dernier".split("|")}
# "قال المصدر لوكالة الأنباء الجمعة إن ...": a weekday right before the complement of a reporting verb.
_COMPLEMENTS = {fold(w) for w in "إن|أن|ان|بأن|فإن|that".split("|")}
# ... unless the weekday names a prayer, a sermon or a market (خطيب الجمعة أن ...).
_DAY_NOUNS = {fold(w) for w in "خطيب|خطبة|صلاة|سوق|إمام|امام|مسجد|جامع".split("|")}
# Weekday names that are no other word of news Arabic name the day on their own ("شنت الطائرات الخميس
# غارات"); الجمعة is also a market and a prayer (سوق الجمعة، صلاة الجمعة), الاثنين "the two", الأحد "the one".
_WEEKDAY_ALONE = {fold(w) for w in "الثلاثاء|الأربعاء|الاربعاء|الخميس|السبت".split("|")}

# "قبل أربعة أيام", "three days ago", "il y a deux jours": so many days before the article.
_COUNT_WORDS = {
    "ثلاثه": 3, "ثلاث": 3, "اربعه": 4, "اربع": 4, "خمسه": 5, "خمس": 5, "سته": 6, "ست": 6, "سبعه": 7, "سبع": 7,
    "ثمانيه": 8, "ثماني": 8, "تسعه": 9, "تسع": 9, "عشره": 10, "عشر": 10,
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
}
_COUNT = r"(\d{1,2}|" + "|".join(sorted(_COUNT_WORDS, key=len, reverse=True)) + ")"
_DAYS_AGO = re.compile(r"(?<= )(?:قبل " + _COUNT + r" (?:ايام|يوما)|" + _COUNT + r" days ago|il y a "
                       + _COUNT + r" jours)(?= )")


@dataclass(frozen=True, slots=True)
class DateHit:
    start: int  # folded offsets in the segment
    end: int
    value: date
    precision: int
    absolute: bool = False  # a calendar date written out (carried over to the next sentences)


def parse_article_date(value: str | None) -> tuple[date | None, int]:
    """('2020-01-24' -> day precision 1, '2020-01' -> first of the month, precision 3)."""
    if not value:
        return None, 3
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return date(*parts), 1
    return date(parts[0], parts[1], 1), 3


@lru_cache(maxsize=1)
def _month_lexicon() -> Lexicon[tuple[int, str]]:
    # the name itself rides along: the hit's surface carries its proclitics ("باب" is ب + آب, a gate, not August)
    return Lexicon((name, (m, fold(name))) for m, names in _MONTHS_TEXT.items() for name in names.split("|"))


@lru_cache(maxsize=1)
def _day_word_lexicon() -> Lexicon[int]:
    entries: list[tuple[str, int]] = []
    for i, o in enumerate(_ORDINALS_AR, 1):
        entries.append((o, i))
        entries.extend((alt, i) for alt in _ORDINAL_ALT.get(o, []))
    entries.extend((o, i) for i, o in enumerate(_EN_ORD, 1))
    return Lexicon(entries)


def names_a_day(view: FoldedView) -> bool:
    """Whether a folded segment names a day relative to the report or a weekday (أمس، الخميس، yesterday, on
    Thursday, jeudi): the words ``find_dates`` resolves, found without an article date."""
    return any(h.payload[0] in ("day", "weekday") for h in _relative_lexicon().find(view))


@lru_cache(maxsize=1)
def _relative_lexicon() -> Lexicon[tuple[str, int]]:
    entries = [(w, ("day", n)) for w, n in _RELATIVE.items()]
    entries += [(w, ("week", n)) for w, n in _WEEK.items()]
    entries += [(w, ("weekday", d)) for d, ws in _WEEKDAYS.items() for w in ws.split("|")]
    return Lexicon(entries)


_NUM = re.compile(r"(?<= )(\d{1,2})(?:st|nd|rd|th|er)?(?= )")
_YEAR = re.compile(r"^ (?:من |عام |سنه )?((?:19|20)\d\d)(?= )")
_DAY_OF = re.compile(r"(?: من| of)? $")


_LAST_YEAR = re.compile(r"^ (?:من )?(?:العام|السنه|عام) (?:الماضي|المنصرم|الفائت)(?= )|^ (?:of )?last year(?= )|"
                        r"^ (?:de )?l (?:annee|an) derniere?(?= )")


def _infer_year(month: int, day: int, anchor: date | None, explicit: int | None) -> int | None:
    if explicit:
        return explicit
    if anchor is None:
        return None
    year = anchor.year
    # A month later than the article's (with no year) is last year's: news reports the past.
    if (month, day) > (anchor.month, anchor.day if anchor.day else 31) and month > anchor.month:
        year -= 1
    return year


def find_dates(view: str | FoldedView, anchor: date | None, anchor_precision: int) -> list[DateHit]:
    """Every date expression in a folded segment, resolved against the article date."""
    out: list[DateHit] = []
    folded = text_of(view)
    _weekday_starts: set[int] = set()
    days = _day_word_lexicon().find(view)
    for mh in _month_lexicon().find(view):
        month, name = mh.payload
        before = folded[: mh.start]
        day: int | None = None
        dstart = mh.start
        m = re.search(r" (\d{1,2})(?:st|nd|rd|th|er)?(?: من| of)? $", before)
        if m and 1 <= int(m.group(1)) <= 31:
            day, dstart = int(m.group(1)), m.start() + 1
        else:
            for dh in days:
                if _DAY_OF.fullmatch(folded[dh.end : mh.start]) or folded[dh.end : mh.start] == " ":
                    day, dstart = dh.payload, dh.start
        after = folded[mh.end :]
        if day is None:
            m2 = re.match(r" (\d{1,2})(?:st|nd|rd|th)?(?= )", after)  # May 9, 2020
            if m2 and 1 <= int(m2.group(1)) <= 31 and mh.surface.isascii():
                day = int(m2.group(1))
                after = after[m2.end() :]
        if day is None and (mh.surface in _NEEDS_DAY or name in _NEEDS_DAY) and not (
                mh.surface == name and _YEAR.match(after)):  # "آب 2020", "May 2019": a month of a year
            continue
        ym = _YEAR.match(after)
        year = _infer_year(month, day or 1, anchor, int(ym.group(1)) if ym else None)
        if year is None:
            continue
        end = mh.end + (ym.end() if ym else 0)
        last = None if ym else _LAST_YEAR.match(after)
        if last and anchor is not None:
            year, end = anchor.year - 1, mh.end + last.end()  # "في أغسطس من العام الماضي", "in August last year"
        try:
            value = date(year, month, day or 1)
        except ValueError:
            continue
        out.append(DateHit(dstart, end, value, 1 if day else 3, True))
    for rh in _relative_lexicon().find(view):
        kind, n = rh.payload
        if anchor is None:
            continue
        if kind == "weekday":
            prev = folded[: rh.start].split()[-1:] or [""]
            nxt = folded[rh.end :].split()[:1] or [""]
            before_complement = nxt[0] in _COMPLEMENTS and prev[0] not in _DAY_NOUNS
            if prev[0] not in _WEEKDAY_CUES and nxt[0] not in _WEEKDAY_AFTER and not before_complement and \
                    not (rh.surface.isascii() and rh.surface[:1].isalpha()) and rh.surface not in _WEEKDAY_ALONE:
                continue  # الجمعة alone is also سوق الجمعة, a Tripoli district
            if anchor_precision != 1:
                out.append(DateHit(rh.start, rh.end, anchor, anchor_precision))
                continue
            back = (anchor.weekday() - n) % 7
            _weekday_starts.add(rh.start)
            out.append(DateHit(rh.start, rh.end, anchor - timedelta(days=back), 1))
        elif anchor_precision != 1:
            # Yesterday of a month-dated article is still only known to the month.
            out.append(DateHit(rh.start, rh.end, anchor, anchor_precision))
        elif kind == "day":
            out.append(DateHit(rh.start, rh.end, anchor - timedelta(days=n), 1))
        else:
            out.append(DateHit(rh.start, rh.end, anchor - timedelta(days=n), 2))
    for m in _DAYS_AGO.finditer(folded):
        if anchor is None:
            break
        word = next(g for g in m.groups() if g)
        n = int(word) if word.isdigit() else _COUNT_WORDS[word]
        if 1 <= n <= 31:
            out.append(DateHit(m.start(), m.end(), anchor - timedelta(days=n), 1 if anchor_precision == 1 and
                               n <= 7 else 2 if anchor_precision == 1 else anchor_precision))
    # "اليوم الجمعة", "أمس الأول الخميس", "yesterday, Sunday": the weekday names the day; the relative
    # word is counted from the day the text was written, which is often not the date the article carries.
    weekdays = [(h.start, h.end) for h in out if not h.absolute and h.precision == 1 and h.start in _weekday_starts]
    if weekdays:
        out = [h for h in out if h.absolute or h.start in _weekday_starts or
               not any(_near(folded, h.start, h.end, a, b) for a, b in weekdays)]
    out.sort(key=lambda h: h.start)
    # Drop overlaps (a relative word inside an absolute date), keep the longer.
    kept: list[DateHit] = []
    for h in out:
        if kept and h.start < kept[-1].end:
            if h.end - h.start > kept[-1].end - kept[-1].start:
                kept[-1] = h
            continue
        kept.append(h)
    return kept


def _near(folded: str, s: int, e: int, a: int, b: int) -> bool:
    """Whether two spans are at most one word apart (commas and brackets aside)."""
    gap = folded[e:a] if e <= a else folded[b:s] if b <= s else ""
    return len(gap.split()) <= 1


def event_dates(view: str | FoldedView, anchor: date | None, anchor_precision: int) -> list[DateHit]:
    """Dates that can be an event's date: those not introduced as a reference point."""
    refs = REFERENCE_CUES.find(view)
    out = []
    for h in find_dates(view, anchor, anchor_precision):
        if any(0 <= h.start - r.end <= 1 for r in refs):
            continue
        out.append(h)
    return out


# A year written after عام / في / in / since, or "last year", "years ago": the clause tells background.
_YEAR_AFTER = re.compile(r"(?<= )(?:عام|العام|عامي|سنه|السنه|في|منذ|in|since|en|depuis) ((?:19|20)\d\d)(?= )")
PAST_CUES = word_set("""العام الماضي|العام المنصرم|السنة الماضية|السنة المنصرمة|قبل عامين|قبل سنوات|قبل أعوام|
منذ سنوات|last year|years ago|l'année dernière|l'an dernier""")


def past_year(view: str | FoldedView, anchor: date | None) -> bool:
    """Whether a segment speaks of a year before the article's (عام 2011، في 1986، last year)."""
    if anchor is None:
        return False
    if any(int(y) < anchor.year for y in _YEAR_AFTER.findall(text_of(view))):
        return True
    return bool(PAST_CUES.find(view))
