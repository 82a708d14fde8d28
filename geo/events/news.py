"""Is a clause news? Background, statistics, descriptions and hedged reports are not events.

Real articles are mostly background, history, quotes, diplomacy and analysis; an event is a specific
incident the article reports as having happened recently. These rules read one clause around its
trigger word: time expressions that put the incident far before the article date (منذ، عام 2011،
العام الماضي، في ذكرى، last year), totals over a period (خلال شهر يوليو، since the start of the year),
relative clauses that describe a place or a group (المدينة التي سيطر عليها التنظيم، the town IS
controls), and the genre of the sentence (يذكر أن، الجدير بالذكر: a reminder, not the news).

Each rule is general: a time expression, a frame, a verb class. None names a place, an actor or a
figure of any particular article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .dates import names_a_day
from .lexicon import FoldedView, Hit, word_set

# The incident is placed long before the article: every trigger after the cue in the clause is history.
BACKGROUND_BEFORE = word_set("""منذ|سبق أن|سبق ان|سبق ل|سبق و|في ذكرى|ذكرى|الذكرى|إحياء ذكرى|بذكرى|إبان|ابان|
أثناء ثورة|خلال ثورة|إبان ثورة|في عهد|عهد القذافي|نظام القذافي السابق|أيام القذافي|منذ سقوط|منذ الإطاحة|
since|anniversary|commemorat*|back in|in the days of|under gaddafi|during the 2011|during the revolution|
depuis|anniversaire""")
# A period the figures are summed over: a statistic, not one event's toll.
PERIOD_TOTAL = word_set("""خلال شهر|خلال الشهر|خلال الشهرين|خلال الأشهر|خلال أشهر|خلال العام|خلال عام|خلال السنة|
خلال السنوات|خلال الأعوام|خلال الفترة|خلال فترة|منذ بداية|منذ مطلع|منذ أوائل|منذ مطلع العام|حتى الآن منذ|
على مدى أشهر|على مدى سنوات|على مدار العام|على مدار الأشهر|طيلة|طوال|حصيلة شهر|
حصيلة العام|حصيلة الأشهر|in the past months|over the past months|over the past year|since the start of|
since the beginning of|so far this year|this year alone|over the period|during the month|
during the year|over the years|depuis le début""")
# "The fighting in and around Tripoli has killed nearly 700 people", "la guerre a fait plus de 1.000 morts",
# "خلفت الحرب أكثر من ألف قتيل": a war's toll so far (perfect tense, the war or the fighting as its subject).
# English says it with the perfect whatever the subject; French and Arabic tell an incident's toll with the same
# verbs ("les combats ont fait trois morts jeudi", "خلفت الاشتباكات ثلاثة قتلى"), so there the war itself must be
# the subject.
_CUMULATIVE = re.compile(
    r"\b(?:fighting|war|conflict|offensive|clashes|violence)\b(?: \S+){0,6} (?:has|have) (?:so far |now |already )?"
    r"(?:killed|left|claimed|cost|lost)\b|"
    r"\b(?:has|have) (?:so far )?lost (?:more than |over |at least |nearly |about |some )?[\d,]+ (?:of its )?"
    r"(?:fighters|soldiers|men|troops)\b|"
    r"\b(?:la guerre|le conflit|l offensive)\b(?: \S+){0,6} (?:a|ont) (?:deja )?(?:fait|cause|coute)\b|"
    r"(?:^| )[وف]?(?:خلفت|اودت|حصدت|خلف|اودي|حصد) (?:ال)?(?:حرب|نزاع|صراع)\b|"
    r"(?:^| )[وف]?(?:ال)?(?:حرب|نزاع|صراع) (?:\S+ ){0,4}(?:خلفت|اودت|حصدت|خلف|اودي|حصد)\b")
# Far-before time expressions anywhere in the clause (not only before the trigger).
FAR_PAST = word_set("""العام الماضي|العام المنصرم|السنة الماضية|السنة المنصرمة|الأعوام الماضية|السنوات الماضية|
الأشهر الماضية|الشهور الماضية|قبل أشهر|قبل شهور|قبل عام|قبل عامين|قبل سنوات|قبل أعوام|قبل سنة|قبل سنتين|
منذ سنوات|منذ أشهر|منذ أعوام|منذ عام|منذ عامين|last year|years ago|months ago|a year ago|in previous years|
l'année dernière|l'an dernier|il y a des mois|il y a des années""")
# A relative clause right before the trigger describes its head noun (the city that IS controls),
# and a present "still/remains" tells a state, not an incident.
DESCRIPTIVE = word_set("""التي|الذي|الذين|اللتين|اللذين|اللتان|اللذان|حيث|معقل|معاقل|which|that|where|whose|
who|stronghold|bastion|qui|où|dont""")
# Sentence openers that mark a reminder or background paragraph, not the report itself.
REMINDER = word_set("""يذكر أن|يذكر ان|ويذكر أن|الجدير بالذكر|والجدير بالذكر|جدير بالذكر|ومن المعروف|من المعروف|
وكانت|وكان|كانت|كان قد|كانت قد|وكان قد|وكانت قد|it is worth noting|it is recalled|notably|had been|
had previously|previously|earlier this year|il convient de rappeler|rappelons""")
# Analysis, opinion and interpretation: what someone thinks, fears or expects.
OPINION = word_set("""يرى|ترى|يعتقد|تعتقد|يعتبر|تعتبر|اعتبر|اعتبرت|يؤكد محللون|يقول محللون|محللين|المحللين|
المراقبين|مراقبون|في رأي|برأي|وجهة نظر|مما يعني|ما يعني|يبدو أن|ربما|analysts|observers|in his view|
believes|believe|seems|appears to|arguably|perhaps|selon les analystes""")
# Diplomacy and statements: who condemns, welcomes, meets, discusses or calls is not doing violence.
DIPLOMACY = word_set("""أدان|أدانت|يدين|تدين|إدانة|استنكر|استنكرت|يستنكر|تستنكر|رحب|رحبت|يرحب|ترحب|ترحيب|
أعرب|أعربت|يعرب|تعرب|قلق|القلق|بحث|بحثت|يبحث|تبحث|ناقش|ناقشت|يناقش|تناقش|التقى|التقت|يلتقي|تلتقي|لقاء|
اجتماع|اجتمع|اجتمعت|محادثات|مباحثات|مفاوضات|حوار|الحوار|مشاورات|condemn*|welcome*|expressed concern|
express concern|concern over|met with|meeting|talks|negotiations|dialogue|discussed|discuss|condamn*|
pourparlers|négociations""")


@dataclass(frozen=True, slots=True)
class Verdict:
    news: bool
    reason: str = ""
    reminder: bool = False  # يذكر أن / كان قد: a reminder paragraph (kept, with less confidence)
    opinion: bool = False
    diplomacy: bool = False


# "منذ يومين", "since Monday": a recent start, not history.
RECENT_AFTER_SINCE = re.compile(r" (?:[وف]?(?:ال)?(?:يوم|يومين|ايام|اسبوع|الاسبوع|اسبوعين|اسابيع|ساعات|"
                                r"ساعه|ساعتين|ليله|"
                                r"الليله|الصباح|صباح|مساء|فجر|امس|ظهر|السبت|الاحد|الاثنين|الثلاثاء|الاربعاء|"
                                r"الخميس|الجمعه)|\d+ (?:ايام|ساعات|ساعه)|(?:yesterday|monday|tuesday|wednesday|"
                                r"thursday|friday|saturday|sunday|this morning|last night|hier|ce matin)|"
                                r"(?:two|three|few|several|a few) (?:days|hours))(?= )")
# "هجوم على العاصمة استمر 14 شهرا", "an offensive that lasted 14 months", "a 14-month offensive": a campaign
# summed up by its length, not an incident.
_LASTED = re.compile(r"(?:استمر|استمرت|دام|دامت|امتد|امتدت)(?: \S+)? (?:\d+|[\u0621-\u064a]+) (?:شهرا|اشهر|شهور|عاما|"
                     r"اعوام|سنوات|سنه|اسابيع)(?= |$)|\b(?:lasted|lasting|for) (?:more than |nearly |almost )?"
                     r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several) (?:months|years)\b|"
                     r"\b\d+ (?:month|year) (?:offensive|war|siege|campaign|conflict)\b")
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?![\d.])")


def _before(hits: list[Hit[str]], pos: int) -> list[Hit[str]]:
    return [h for h in hits if h.end <= pos]


def _words_between(text: str, a: int, b: int) -> int:
    return len(text[a:b].split()) if b >= a else 99


def judge(clause: FoldedView, sentence: FoldedView, trig_start: int, trig_end: int, is_territory: bool,
          article_date: date | None, sentence_trig_start: int) -> Verdict:
    """Whether the clause tells its trigger as news (folded offsets of the trigger within the clause)."""
    f = clause.text
    for h in _before(BACKGROUND_BEFORE.find(clause), trig_start):
        if not RECENT_AFTER_SINCE.match(f, h.end):
            return Verdict(False, "background")
    if PERIOD_TOTAL.find(clause) or _total_in_sentence(sentence, sentence_trig_start) or is_statistic(clause):
        return Verdict(False, "statistic")
    if FAR_PAST.find(clause) or _LASTED.search(f):
        return Verdict(False, "background")
    if article_date is not None:
        # "...around the airport, which Zintani brigades have held since 2011": a year after the trigger told
        # as the start of a state describes, it does not date the incident
        years = [int(m.group(1)) for m in _YEAR.finditer(f)
                 if not (m.start() > trig_end and _SINCE_BEFORE.search(f[max(trig_end, m.start() - 60) : m.start()]))]
        if any(y < article_date.year for y in years):
            return Verdict(False, "background")
    # "المدينة التي سيطر عليها التنظيم", "a town held by IS": a relative clause describing a place.
    desc = [h for h in DESCRIPTIVE.find(clause) if h.end <= trig_start and _words_between(f, h.end, trig_start) <= 1]
    if desc and is_territory:
        return Verdict(False, "description")
    s = sentence.text
    head = s[: max(0, sentence_trig_start)]
    reminder = any(h.start <= 3 or _words_between(s, 0, h.start) <= 2 for h in REMINDER.find(sentence)
                   if h.end <= sentence_trig_start + 1)
    opinion = bool(OPINION.find(sentence)) and bool(_before(OPINION.find(sentence), sentence_trig_start))
    diplomacy = bool(_before(DIPLOMACY.find(clause), trig_start) or _before(DIPLOMACY.find(sentence),
                                                                             sentence_trig_start)) \
        and not head.strip().startswith(("قتل", "مقتل"))
    return Verdict(True, "", reminder, opinion, diplomacy)


# "واختفى 15 آخرون منذ ذلك الحين", "since then": since the incident just told, which is its toll going on.
_SINCE_THEN = re.compile(r" (?:ذلك|ذاك|حينه|حينها|then|that|lors)(?= )")


# ("... which had held it since the 2011 revolution", "qui le tenaient depuis la chute de Kadhafi en 2011")
_SINCE_BEFORE = re.compile(r"(?:\bsince|\bdepuis|منذ)(?: \S+){0,6} ?(?:en|in|عام|في|سنه)?\s*$")


def is_statistic(view: FoldedView) -> bool:
    """A toll summed over a period or a war so far ("منذ بداية الشهر", "since the siege began", "the fighting has
    killed 700"), not the toll of one incident: no day of its own, and a period or a war's perfect."""
    f = view.text
    if names_a_day(view):
        return False  # "have killed three since Thursday morning": the toll of an incident going on
    if PERIOD_TOTAL.find(view) or _CUMULATIVE.search(f):
        return True
    return any(not RECENT_AFTER_SINCE.match(f, h.end) and not _SINCE_THEN.match(f, h.end)
               for h in BACKGROUND_BEFORE.find(view) if h.surface.strip() in ("منذ", "since", "depuis"))


def _total_in_sentence(sentence: FoldedView, pos: int) -> bool:
    """"قتل 25 جنديا، جراء الاشتباكات ... منذ بداية الشهر": a total over a period, told after commas."""
    f = sentence.text
    return any(h.start >= pos and len(f[pos : h.start].split()) <= 25 for h in PERIOD_TOTAL.find(sentence))


def far_before(value: date, precision: int, article_date: date | None, days: int = 30) -> bool:
    """An event date far before the article date is background (a month date: a month before)."""
    if article_date is None:
        return False
    if precision == 3:
        return (article_date.year, article_date.month) != (value.year, value.month) and \
            (article_date - value).days > days
    return (article_date - value).days > days


def after_article(value: date, article_date: date | None) -> bool:
    return article_date is not None and (value - article_date).days > 1
