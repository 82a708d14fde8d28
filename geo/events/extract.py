"""Article + place mentions -> events, clause by clause (pure: no I/O)."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from gazetteer.normalize import FoldedText, fold
from geo.article import Article
from geo.periods import opponent
from geo.places.geometry import haversine_km
from geo.places.mention import Mention

from .actors import DISPUTED_CUES, Actor, ActorMention, actors, assign_roles, find_actors
from .dates import DateHit, event_dates, parse_article_date, past_year
from .fatalities import INJURY, KILL, TOLL_UPDATE, Fatalities, clause_or_sentence, count_fatalities
from .fuse import attach_toll, fuse_article, km_apart
from .lexicon import FoldedDoc, FoldedView, Hit, Trigger, trigger_lexicon, word_set
from .model import Event, Quote, coding_time
from .news import Verdict, after_article, far_before, is_statistic, judge
from .period_actors import actor_on, front_sides
from .sources import source_scale
from .text import Segment, is_arabic, split_clauses, split_sentences

# --- modality: what is denied, planned, aimed at, demanded or asked is not an event ---------------
NEGATION = word_set("لم|لن|لا|ليس|ليست|نفى|نفت|ينفي|تنفي|نفي|عدم|didn't|did not|no|not|denied|denies|deny|never|"
                    "ne|aucun|démenti")
STILL = word_set("لا تزال|لا يزال|ما زالت|مازالت|ما زال|مازال|لا زالت|no longer")  # "still": not a negation
IRREALIS = word_set("""سوف|تستعد|يستعد|استعداد|استعدادا|ترمي|يرمي|تهدف|يهدف|بهدف|تسعى|يسعى|سعيا|تعتزم|يعتزم|تخطط|
يخطط|ينوي|تنوي|إذا|اذا|لو|في حال|محتمل|احتمال|يحتمل|تهدد|يهدد|هدد|هددت|توعد|توعدت|دعا|دعت|يدعو|تدعو|
الدعوة|طالب|طالبت|يطالب|تطالب|مطالبة|تشترط|يشترط|اشترط|اشتراط|من المتوقع|من المقرر|يتوقع|مرتقب|هل|يجب|ينبغي|
لمنع|منع|حذر|حذرت|يحذر|تحذر|تحذير|المزمع|مزمع|خطة|مسودة|مقترح|اقترح|تخوفا|تخوف|خشية|مخاوف|خوفا من|لتجنب|
تجنب|لتفادي|تفادي|التخطيط|خطط|خططت|مخطط|مؤامره|تمهيدا|تمهيد|لإعلان|نص الاتفاق|ينص|تنص|نصت|وينص|وتنص|
stipulat*|provides for|provided for|
in preparation for|paving the way|will|would|could|might|plans to|fears|fear of|for fear|
to avoid|plotting|plotted|plot to|plan to|planning to|planned|aims to|aim to|aiming to|intends|intend to|
threatened|threatens|threat of|if|
should|expected to|preparing to|prepares to|prepare to|called for|calls for|call for|demanded|demands|urged|
warned|warns|seeks to|sought to|in order to|to prevent|proposed|va|vont|pourrait|menace|prévoit|afin de|allait|
allaient|menacé de|menaçant de|prévenu|may have|may be|might have|promis de|envisage|envisagent|compte|comptent|
s'apprête|s'apprêtent|
appelé à|appelle à|exigé|exige|réclamé|réclame|pour empêcher|pourraient|devrait|devraient|en cas de|si""")
# Statements about violence rather than reports of it: who condemns, deplores or worries.
DIPLOMACY_GOVERNS = word_set("""أعرب*|يعرب|تعرب|قلق*|يدين|تدين|أدان*|إدانة|ادانته|ادانتها|استنكر*|يستنكر|تستنكر|
استنكار*|شجب*|يشجب|تشجب|ندد*|يندد|تندد|تنديد*|حث|حثت|يحث|تحث|ناشد*|يناشد|تناشد|expressed|expresses|
concern*|condemn*|deplor*|denounc*|urged|urges|appeal*|regret*|dénonc*|condamn*|inquiét*""")
IRREALIS_AFTER = word_set("القادم|القادمة|المقبل|المقبلة|المرتقب|المرتقبة|المزمع|المزمعة|next|upcoming|"
                          "planned|prochain|prochaine")
FRAMING = word_set("إطار|ضمن|سياق|بهدف|part of|framework|as part")
ATTEMPT = word_set("تحاول|يحاول|يحاولون|تحاولان|يحاولان|حاولت|حاول|حاولوا|محاولة|محاولات|محاولتها|attempt*|"
                   "trying to|tried to|bid to|tente|tenté")
# A place right after من / from is where people come from, not where the event was, when a unit or
# person noun comes just before it (كتائب من اجدابيا, fighters from Misrata, مصادر من داخل طرابلس).
# People seized are abducted, not territory taken.
PERSONS = word_set("""officers|officials|soldiers|men|people|civilians|members|member|journalist*|workers|traders|
persons|staff|students|student|man|woman|boy|activist*|مواطنين|مدنيين|موظفين|صحفي*|ناشط*|عمال|أشخاص|شخص""")
ORIGIN_NOUNS = word_set("""كتائب|كتيبة|قوات|مقاتلين|مقاتلون|عناصر|مسلحين|مسلحون|مصادر|مصدر|وفد|وفدا|شباب|شبان|أهالي|
أبناء|مليشيات|ميليشيات|مجموعات|مجموعة|ثوار|نازحين|نازحون|مهاجرين|تعزيزات|أرتال|رتل|سكان|قادمة|قادمين|قادما|
وصلت|وصول|انطلقت|أقلعت|forces|fighters|militia|militias|units|troops|sources|source|delegation|youths|men|
residents|brigade|brigades|reinforcements|convoy|launched|took off|originating|displaced|based|venus|venues|venant|
arrivés|combattants|troupes|miliciens|renforts|unités|délégation|habitants|déplacés|colonne|partis""")
FROM = word_set("من|from|de|depuis")
BASES = word_set("قاعدة|مطار|base|airbase|airport|aéroport")
AXES = word_set("محور|جهة|اتجاه|ناحية|axis|direction")
ADVANCE = word_set("تقدم*|يتقدم|تتقدم|زحف*|انطلق*|انطلاقا|advanc*|moving|moved|pushed")
# Stopping or ending something is not doing it (وقف القتال، إيقاف الاشتباكات، التوقف الفوري عن القتال).
CESSATION = word_set("""وقف|ايقاف|إيقاف|التوقف عن|التوقف الفوري عن|توقف|إنهاء|انهاء|نبذ|end to|end the|halt to|halt the|
stop the|cessation of|ending the|arrêt des|fin des|cessez""")
# A claim of responsibility refers to an attack already told (تبنى مسؤولية الهجوم، claimed the attack).
CLAIMED = word_set("""تبنى|تبنت|تبنوا|مسؤولية|مسئولية|مسؤوليته|مسئوليته|مسؤوليتها|مسئوليتها|مسؤوليتهم|
المسؤولية عن|المسئولية عن|
responsibility for|claimed|claiming|revendiqué|revendique""")
# "منذ سيطرة داعش على درنة", "ما بعد مقتل القذافي", "since the takeover": the event is a time reference.
BACKGROUND = word_set("منذ|ما بعد|مرحله ما بعد|since|depuis")
# A court's sentence (حكم محكمة بإعدام، أحكام بالقتل, sentenced to death) is no killing.
JUDICIAL = word_set("حكم|احكام|حكما|محكمه|المحكمه|محاكمه|قضت|court|tribunal|trial|sentenced|sentence|condamn*")
# Bombing by aircraft is an air strike whatever the verb (قصفت طائرات الجيش، planes shelled).
AIRCRAFT = word_set("""طايره|طايرات|طائرة|طائرات|الطيران|طيران|مقاتلات|مروحية|مروحيات|aircraft|plane|planes|jet|jets|
warplane*|helicopter*|drone|drones|avion*|hélicoptère*|مضادة للطائرات|مضاد للطائرات|مضادات الطائرات|
مضادات للطائرات|مضادات الطيران|مضادة للطيران|anti aircraft""")
_NO_AIR_FORCE = frozenset({"IS", "AQIM", "ANSAR", "BRSC", "MSCD", "ISLAMIST"})
# French "(re)prendre" is taking only with what was taken after it, a day or a place between them allowed:
# "ont repris jeudi le contrôle de X", "a pris la ville".
_NEEDS_CONTROL = frozenset({"repris", "pris"})
_ENTERING = frozenset({"دخولها", "دخوله", "دخلت", "دخلوا", "entered", "sont entrées", "sont entrés"})
_CONTROL_OBJECT = re.compile(r" (?:(?!(?:a|au|aux|dans|en|sur|vers|pres|de|du|des|d|apres|avant|pour)\b)\S+ ){0,3}?"
                             r"(?:(?:le|la|l|les) )(?:controle|ville|localite|quartier|base|aeroport|camp|port|"
                             r"terminal|champ|village|bourg|positions|raffinerie|centre ville|caserne|route|"
                             r"colline|pont)\b")
_NEEDS_AIRCRAFT = frozenset({"إسقاط", "أسقط*", "الدفاعات الجوية", "الدفاع الجوي", "منظومة الدفاع الجوي",
                             "air defence*", "air defense*"})
# Weapons as goods (حصلت على 262 صاروخ غراد، تهريب شحنة أسلحة, arms shipment): no attack was made with them.
ARMS_TRADE = word_set("""حصل*|حصول|شحن*|تهريب|صفق*|امتلاك|يمتلك|تمتلك|ترسان*|توريد|تسليح|امدادات|مخزون|
shipment*|smuggl*|arsenal|stockpile*|acquired|acquire|deliver*|procure*|cargaison|livraison*""")
# Deaths by accident, drowning or illness are no political violence.
ACCIDENT = word_set("""حادث سير|حادث مروري|حادث مرور|حادث طريق|حوادث السير|غرقا|غرق|الغرق|انقلاب قارب|غارق*|
الجوع|مرض|وباء|فيروس|كورونا|road accident|car accident|traffic accident|car crash|drowned|drowning|shipwreck|
capsized|illness|disease|accident de la route|noyés|naufrage""")
# "تحت سيطرة", "الخاضعة لسيطرة", "under the control of": a state of control, not a takeover.
UNDER = word_set("تحت|خاضع*|تخضع|يخضع|في ظل|under")
# Armed people as the dead or wounded: violence against them is fighting, not violence against
# civilians (ACLED's VAC needs unarmed victims). Nouns only: مقاتلة is also a fighter jet, عسكري a
# "military" source, so the adjectives stay out.
COMBATANTS = word_set("""مقاتل|مقاتلا|مقاتلين|مقاتلون|مقاتلي|مقاتلان|جندي|جنديا|جنديين|جنديان|جنود|عسكريين|عسكريون|
عنصر|عنصرا|عنصرين|عنصران|عناصر|ارهابيين|ارهابيون|مرتزق*|fighter*|soldier*|militiam*|militant*|troops|trooper*|combatant*|
servicem*|jihadist*|insurgent*|rebel*|mercenar*|combattant*|soldat*|miliciens|djihadiste*""")
CIVILIANS = word_set("""مدني|مدنيا|مدنيين|مدنيون|مواطن*|طفل*|أطفال|نساء|امرأة|سيدة|أسرة|عائلة|civilian*|women|
woman|child|children|family|families|civils|civil|enfants|femmes""")
INSIDE = word_set("داخل|inside|within")
UNIDENTIFIED = word_set("مجهول*|unidentified|unknown|unmarked|inconnu*|non identifi*")
# Where people live, learn and are treated: the dead of a strike on them are civilians (ACLED), unless the
# clause names fighters.
HOMES = word_set("""منزل|منزلا|منازل|بيت|بيوت|مسكن|مساكن|شقة|مستشفى|مدرسة|مسجد|سوق|house|houses|home|homes|
hospital|school|mosque|market|maison|hôpital|école""")


@dataclass(slots=True)
class _Clause:
    seg: Segment
    sentence: Segment
    factual_until: int | None  # folded index after which the clause is irrealis (None: all factual)


def _irrealis_start(seg: Segment) -> int | None:
    f = seg.folded
    cues = [h.start for h in IRREALIS.find(f)]
    still = STILL.find(f)
    for h in NEGATION.find(f):
        if not any(s.start <= h.start < s.end for s in still):
            cues.append(h.start)
    return min(cues) if cues else None


def _negated_near(seg: Segment, trig: Hit[Trigger]) -> bool:
    f = seg.folded.text
    still = STILL.find(seg.folded)
    for h in NEGATION.find(seg.folded):
        if any(s.start <= h.start < s.end for s in still):
            continue
        if h.end <= trig.start and len(f[h.end : trig.start].split()) <= 3:
            return True
    return False


def _attempted_territory(seg: Segment, trig: Hit[Trigger]) -> bool:
    """"محاولات الجيش إحكام سيطرته", "efforts to take the town": an aim, not a takeover."""
    f = seg.folded.text
    if trig.payload.sub_event_type != "TERRITORY":
        return False
    # Only a framing noun phrase ("في إطار محاولات", "as part of efforts to"): a finite "تحاول منذ أسابيع
    # السيطرة على" is fighting going on around the place, coded as an armed clash.
    return any(h.end <= trig.start and len(f[h.end : trig.start].split()) <= 3 and
               FRAMING.find(" " + " ".join(f[: h.start].split()[-2:]) + " ") for h in ATTEMPT.find(seg.folded))


_RESUMPTIVE = re.compile(r"^ (?:عليها|عليه|عليهم|عليهما|it|them) ")
WAS = word_set("كان|كانت|كانوا|had been|was|were")
# A share of a territory right after the verb (90 %، ثلثي، معظم، most of): how much someone holds.
_SHARE = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:\d+\s?%|\d+\s?(?:بالمئة|بالمائة|في المئة|في المائة|percent|per cent|"
                    r"pour cent)|ثلث|ثلثي|نصف|ربع|معظم|أغلب|اغلب|غالبية|most of|half of|a third of|much of|"
                    r"la plupart)(?!\w)")


def _factual(seg: Segment, trig: Hit[Trigger]) -> bool:
    f = seg.folded.text
    if any(h.end <= trig.start for h in IRREALIS.find(seg.folded)):
        return False
    if any(h.end <= trig.start and len(f[h.end : trig.start].split()) <= 8 and not _condemned_act(f, h, trig)
           for h in DIPLOMACY_GOVERNS.find(seg.folded)):
        return False  # "أعربت عن قلقها إزاء تجدد الاشتباكات": a statement about fighting, not a report of it
    if any(h.start >= trig.end and len(f[trig.end : h.start].split()) <= 3 for h in IRREALIS_AFTER.find(seg.folded)):
        return False
    if any(0 <= trig.start - h.end <= 1 for h in BACKGROUND.find(seg.folded)):
        return False
    if any(h.end <= trig.start and len(f[h.end : trig.start].split()) <= 1 for h in CESSATION.find(seg.folded)):
        return False  # "الاتفاق على التوقف الفوري عن القتال", "an end to the fighting": the fighting is to stop
    if any(h.end <= trig.start and len(f[h.end : trig.start].split()) <= 1 for h in CLAIMED.find(seg.folded)):
        return False  # "تبنى التنظيم مسؤولية الهجوم": a claim about an attack the article has told
    if trig.payload.sub_event_type == "TERRITORY" and _RESUMPTIVE.match(f[trig.end :]) and any(
            h.end <= trig.start and len(f[h.end : trig.start].split()) <= 4 for h in WAS.find(seg.folded)):
        return False  # "منطقة كان المسلحون يحاولون السيطرة عليها": a relative clause describing the area
    if trig.payload.sub_event_type == "TERRITORY" and _SHARE.match(
            seg.text[seg.to_abs(trig.start, trig.end)[1] - seg.start :]):
        return False  # "سيطرته على أكثر من 90% من المدينة", "controls most of": a state of control, not a takeover
    if trig.payload.sub_event_type == "TERRITORY" and any(
            0 <= trig.start - h.end and len(f[h.end : trig.start].split()) <= 1 for h in UNDER.find(seg.folded)):
        return False
    return not _negated_near(seg, trig)


# Condemning names an act ("استنكرت اختطاف عمال"، "مستنكرة قصف المدينة", "condemned the shelling of"): a
# specific act condemned is an incident, reported by someone who is no party to it; worry and calls are not.
CONDEMN = word_set("""استنكر*|يستنكر|تستنكر|مستنكر*|استنكار*|أدان*|يدين|تدين|إدانة|ادانته|ادانتها|شجب*|يشجب|تشجب|
ندد*|يندد|تندد|تنديد*|انتقد*|ينتقد|تنتقد|منتقد*|condemn*|denounc*|dénonc*|condamn*""")
_BRIDGE = frozenset(fold(w) for w in "بشدة|بشده|عودة|تجدد|استمرار|the|renewed|continued|le|la|les|l".split("|"))


def _condemned_act(f: str, cue: Hit[str], trig: Hit[Trigger]) -> bool:
    """Whether the trigger is the direct object of a condemnation (nothing but "strongly", "renewed" between)."""
    if not CONDEMN.find(" " + cue.surface + " "):
        return False
    gap = [w for w in f[cue.end : trig.start].split() if w not in _BRIDGE]
    return len(gap) <= 1 and not any(w in ("علي", "الي", "on", "to") for w in gap)


def _purpose(trig: Hit[Trigger]) -> bool:
    """لتحرير، للسيطرة على، لاستعادة: a territorial verbal noun after ل is the aim of an operation."""
    body = fold(trig.payload.term.replace("*", ""))
    return trig.payload.sub_event_type == "TERRITORY" and not body.startswith("ل") and \
        trig.surface.startswith(("ل", "ول", "فل")) and " " not in trig.surface


_ILA = frozenset({"الي", "to", "à"})
_TAKING_NOUNS = frozenset(fold(w) for w in "استعادة|فرض|بسط|إحكام|احكام|إعادة|اعادة|regain|retake|restore".split("|"))


def _aim_after_ila(seg: Segment, trig: Hit[Trigger]) -> bool:
    """"يسعى الجيش ... إلى استعادة السيطرة", "seeks to retake": a territorial verbal noun right after إلى is
    what someone aims at (أدى إلى مقتل, a death word after إلى, is a consequence and stays)."""
    if trig.payload.sub_event_type != "TERRITORY":
        return False
    prev = seg.folded.text[: trig.start].split()[-2:]
    if prev and prev[-1] in _ILA:
        return True
    # "إلى استعادة السيطرة", "إلى بسط سيطرته": a verbal noun of taking between إلى and the trigger
    return len(prev) == 2 and prev[0] in _ILA and prev[1] in _TAKING_NOUNS


def _governed_in_sentence(sentence: Segment, seg: Segment, trig: Hit[Trigger]) -> bool:
    """An irrealis or diplomacy verb earlier in the sentence, across commas (Arabic appositions split
    clauses: "طالب أمس القائد العام، ...، قادته بحسم القتال"), within a dozen words of the trigger."""
    if seg.start == sentence.start:
        return False  # the clause is the sentence's first: _factual has read it
    sf = sentence.folded
    pos = sentence.to_folded(seg.to_abs(trig.start, trig.end)[0])
    for lex in (IRREALIS, DIPLOMACY_GOVERNS):
        for h in lex.find(sf):
            if h.end <= pos and len(sf.text[h.end : pos].split()) <= 12 and \
                    not _restart(sf.text[h.end : pos]) and \
                    not (lex is DIPLOMACY_GOVERNS and _condemned_act(sf.text, h, Hit(pos, pos, trig.payload, ""))):
                return True
    return False


# A new finite clause between the cue and the trigger ("، فيما قتل", "، بينما", "، وأضاف"): the cue
# does not reach it.
_RESTART = re.compile(r" (?:فيما|بينما|في حين|وقت|حين|عندما|بعدما|بعد ان|اذ|حيث|while|whereas|when|after) ")


def _restart(gap: str) -> bool:
    return _RESTART.search(" " + gap + " ") is not None


def _best_trigger(seg: Segment, sentence: Segment | None = None, anchor: date | None = None,
                  why: list[str] | None = None) -> tuple[Hit[Trigger], Verdict] | None:
    """The clause's dominant trigger that is told as news, with the verdict on it.

    Triggers are tried by priority: when the strongest one is a description ("قوات حفتر التي تحاول
    السيطرة على ..."), a weaker one of the same clause ("خاضت مواجهات") can still be the news.
    """
    all_hits = [h for h in trigger_lexicon().find(seg.folded) if h.payload.event_type != "-"]
    hits = [h for h in all_hits if _factual(seg, h)
            and not _purpose(h) and not _aim_after_ila(seg, h) and not _attempted_territory(seg, h)
            and (sentence is None or not _governed_in_sentence(sentence, seg, h))]
    if why is not None and all_hits and not hits:
        why.append("not factual (negated, planned, governed by a statement, an aim)")
    if any(h.payload.sub_event_type in ("KILL", "DEATH") for h in hits):
        # "قتل جنديان عندما أرسلت الحكومة تعزيزات", "killed as a convoy moved in": the deaths are the news,
        # the movement of forces their circumstance
        hits = [h for h in hits if h.payload.sub_event_type != "Other"]
    protest = any(h.payload.event_type == "Protests" for h in hits) or (sentence is not None and any(
        h.payload.event_type == "Protests" for h in trigger_lexicon().find(sentence.folded)))
    if protest:
        # "protested against the shelling", "وقفة احتجاجية، رفضا لما وصفوه بقصف المدينة واستعمال الطيران": what
        # they protest is their cause, in the protest's clause or the next, from the cue on
        hits = [h for h in hits if h.payload.event_type == "Protests" or not _GRIEVANCE.search(
            seg.folded.text[: h.start])]
    specific = [h for h in hits if h.payload.sub_event_type not in ("KILL", "DEATH") and not _circumstance(seg, h)]
    for h in sorted(hits, key=lambda h: (bool(specific) and _circumstance(seg, h), -h.payload.priority, h.start)):
        if sentence is None:
            return h, Verdict(True)
        t_abs = seg.to_abs(h.start, h.end)
        verdict = judge(seg.folded, sentence.folded, h.start, h.end, h.payload.sub_event_type == "TERRITORY",
                        anchor, sentence.to_folded(t_abs[0]))
        if verdict.news:
            return h, verdict
        if verdict.reason != "description":
            if why is not None:
                why.append(verdict.reason)
            return None  # history, a statistic: the whole clause is background
    if why is not None and hits:
        why.append("description")
    return None


# "..., as fighting for the capital entered its third week", "amid clashes", "في ظل استمرار المعارك", "وسط
# اشتباكات": the fighting is the backdrop of what the clause reports (an air strike, an abduction), not its news.
_CIRCUMSTANCE = re.compile(r"(?:\b(?:as|amid|amidst|while|after|following)|(?:^| )(?:في ظل|وسط|مع استمرار|"
                           r"مع تواصل|مع تجدد|في خضم|علي وقع|بعد|عقب|اثر|alors que|sur fond de|en pleine?|apres))"
                           r"(?: (?:the|heavy|fierce|renewed|ongoing|continued|months of|weeks of|days of|years of|"
                           r"استمرار|تواصل|تجدد|اندلاع|des|de|d|plusieurs|semaines|mois))* $")


_GRIEVANCE = re.compile(r"\b(?:against|denouncing|condemning|contre|denoncant)\b|(?:^| )(?:رفضا|احتجاجا علي|تنديدا|"
                        r"استنكارا|ضد)(?= )")


def _circumstance(seg: Segment, h: Hit[Trigger]) -> bool:
    return _CIRCUMSTANCE.search(seg.folded.text[max(0, h.start - 40) : h.start]) is not None


# The lead of a report: its first sentence or two.
_LEAD_CHARS = 350
# How far after a placeless dated report its retelling with the place may begin (a sentence or two).
_RETELL_CHARS = 400


# --- places -------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Place:
    mention: Mention
    precision: int
    anaphor: bool = False  # named before the sentence and taken up by "the city" (_city_anaphor)


def _usable(m: Mention) -> bool:
    return m.in_libya and m.lat is not None and m.lon is not None and m.precision <= 3 and \
        (m.place is not None or m.anchor is not None)


# "سبها، التي تبعد 750 كيلومترا جنوب طرابلس", "Sabha, some 750 km south of Tripoli": the relative
# expression says where the first place lies; it is not a second location.
_DESCRIBES = frozenset("""التي والتي الذي والذي الواقعه الواقعة الواقع وهي وهو تبعد يبعد تقع يقع على بعد مسافة
بنحو نحو حوالي حوالى قرابة which that located lying situated lies is sits about some around roughly nearly qui
située situé à""".split())


_DISTANCE = re.compile(r"^(?:\d[\d.,]*|كم|كلم|كيلومتر|كيلومترا|كيلومترات|ميل|km|kilometres?|kilometers?|miles?|"
                       r"تقريبا|approximately|roughly|environ)$")


def _describes(gap: str) -> bool:
    """Whether the words between a place and a relative expression only say where the place lies."""
    words = re.sub(r"[,،(«\"\-]", " ", gap).split()
    return all(w in _DESCRIBES or _DISTANCE.match(w) for w in words)


_NEAR_GAP = re.compile(r"\s*(?:[وب]?(?:شرق|غرب|جنوب|شمال|وسط)(?:ي|ى)?\s+(?:البلاد|ليبيا)\s*)?[,،]?\s*"
                       r"(?:قرب|بالقرب من|على مقربة من|القريبة من|القريب من|near|close to|not far from|"
                       r"près de)\s+(?:مدينة|بلدة|ميناء|منطقة|the town of|the city of|the port of)?\s*")


def _drop_descriptions(text: str, mentions: list[Mention]) -> list[Mention]:
    places = sorted((m for m in mentions if m.kind != "relative"), key=lambda m: m.end)
    ends = [m.end for m in places]
    out = []
    for m in mentions:
        i = bisect.bisect_right(ends, m.start) - 1
        if m.kind != "relative" and i >= 0 and places[i] is not m and \
                _NEAR_GAP.fullmatch(text[ends[i] : m.start]) is not None:
            continue  # "أجدابيا قرب ميناء البريقة", "Aziziya near Tripoli": where the first place lies
        if getattr(m, "is_description", False):
            continue  # the place stage says it only tells where a named place lies (Mention.role)
        if m.kind != "relative" and _SECOND_OF_PAIR.search(text[max(0, m.start - 60) : m.start]):
            continue  # "الطريق الرابط بين مدينتي X وY": the second town only says where the road goes
        if m.kind == "relative" and m.anchor is not None and m.anchor.kind == "country":
            continue  # "شرق ليبيا", "eastern Libya": a side of the country, no place an event can be put at
        if m.kind == "relative":
            i = bisect.bisect_right(ends, m.start) - 1
            if (
                    i >= 0 and m.start - ends[i] <= 40 and _describes(text[ends[i] : m.start])):
                continue
        out.append(m)
    return out


_TOWARDS = re.compile(r"(?:باتجاه|نحو|صوب|الى|إلى|towards?|toward|for|en direction de|vers)\s+(?:\S+\s+)?$")
_TOWN_NOUN = re.compile(r"(?:ال)?(?:مدينه|بلده|قريه|منطقه)|the|town|city|la|ville")


def _is_origin(sentence: Segment, m: Mention) -> bool | str:
    """Whether the mention says where people come from (True) or the base an aircraft flew from ("base")."""
    f = sentence.folded.text
    pos = sentence.to_folded(m.start)
    # A bounded window keeps this linear in a sentence with no end (a run-on or hostile text): the five
    # words before the mention lie well within 400 characters; a word cut at the window's edge is dropped.
    lo = max(0, pos - 400)
    window = f[lo:pos].split()
    if lo > 0 and window:
        window = window[1:]
    words = window[-5:]
    if not words:
        return False
    tail = " " + " ".join(words) + " "
    froms = FROM.find(tail)
    if not froms:
        return False
    last_from = froms[-1]
    after_from = tail[last_from.end :].split()
    if after_from and _TOWN_NOUN.fullmatch(after_from[0]):
        after_from = after_from[1:]  # "وحدات قادمة من مدينة الزاوية": from the town of X
    if len(after_from) > 1 or (after_from and not INSIDE.find(" " + after_from[0] + " ") and
                               not BASES.find(" " + after_from[0] + " ") and not AXES.find(" " + after_from[0] + " ")):
        return False
    before = tail[: last_from.start]
    if after_from and AXES.find(" " + after_from[0] + " ") and ADVANCE.find(" " + " ".join(window[-7:]) + " "):
        return "base"  # "تقدمت الكتيبة من محور X", "advancing from the X axis": where the advance started
    base = (after_from and BASES.find(" " + after_from[0] + " ")) or (
        not after_from and m.place is not None and m.place.kind in ("air_base", "airport"))
    if base and AIRCRAFT.find(" " + " ".join(window[-9:]) + " "):
        return "base"  # "قصفت طائرة من قاعدة X الجوية مركبا": the base the aircraft flew from
    return bool(ORIGIN_NOUNS.find(" " + " ".join(before.split()[-3:]) + " "))


def _place_of(m: Mention) -> tuple[str, str, str | None, str, str]:
    """(location, Arabic name, place id, admin1, admin2) of a mention."""
    p = m.place if m.kind != "relative" else m.anchor
    name = p.name if p else m.surface
    if m.kind == "relative" and m.anchor is not None:
        name = f"near {m.anchor.name}"
    if p is None:
        return name, "", None, "", ""
    return name, p.name_ar or "", p.id, p.admin1 or "", getattr(p, "admin2", None) or ""


class _Doc:
    """Per-article context: usable mentions, actor-alias spans, the main place, blocs named."""

    def __init__(self, article: Article, mentions: list[Mention], sentences: list[Segment]) -> None:
        self.article = article
        self.sentences = sentences
        usable = [m for m in mentions if _usable(m)]
        # A relative expression hides the anchor mention inside it.
        rel = [m for m in usable if m.kind == "relative"]
        usable = [m for m in usable if m.kind == "relative" or
                  not any(r.start <= m.start and m.end <= r.end for r in rel)]
        # "في أكبر مدن الجنوب الليبي", "in eastern Libya": a side of the country, kept to check a stand-in place
        self.sides = [m for m in usable if m.kind == "relative" and m.anchor is not None and
                      m.anchor.kind == "country" and m.bearing_deg is not None]
        usable = _drop_descriptions(article.text, usable)
        self.foreign = [m for m in mentions if not m.in_libya and (m.place or m.anchor)]
        self.actor_spans: list[tuple[int, int]] = []  # disjoint, in text order
        self.blocs: Counter[str] = Counter()
        span_actors: list[Actor] = []
        for s in sentences:
            for a in find_actors(s.folded):
                self.actor_spans.append(s.to_abs(a.start, a.end))
                span_actors.append(a.actor)
                self.blocs[a.actor.bloc] += 1
        # Local groups named (a town's brigades, "Misratan forces"): each has a home of its own.
        local_groups = {a.key for a in span_actors if a.inter == 4}
        span_starts = [a for a, _ in self.actor_spans]
        sentence_starts = [s.start for s in sentences]
        self.mentions = []
        self.origins: list[Mention] = []
        self.speakers: list[Mention] = []
        homes: list[Mention] = []
        dateline = _dateline_end(article.text)
        for m in usable:
            i = bisect.bisect_right(span_starts, m.start) - 1
            if i >= 0 and m.end <= self.actor_spans[i][1]:
                homes.append(m)
                local_groups.add(span_actors[i].key)
                continue  # Benghazi in "Shura Council of Benghazi Revolutionaries"
            if i >= 0 and m.start - self.actor_spans[i][1] <= 14 and \
                    _GOVERNMENT.search(article.text[self.actor_spans[i][0] : self.actor_spans[i][1]]) and \
                    _SEAT.match(article.text[self.actor_spans[i][1] : m.start]):
                self.origins.append(m)
                continue  # "قوات حكومة الوفاق في طرابلس": the government's seat
            j = bisect.bisect_right(sentence_starts, m.start) - 1
            sent = sentences[j] if j >= 0 and m.start < sentences[j].end else None
            if m.end <= dateline:
                continue  # "رويترز - بنغازي (ليبيا):": where the report was filed
            origin = _is_origin(sent, m) if sent is not None else False
            if not origin and (_UNIT_NAME.search(article.text[max(0, m.start - 40) : m.start]) or
                               _UNIT_AFTER.match(article.text, m.end)):
                continue  # "كتيبة شهداء X", "309 X brigade": the place in a unit's name, never the event's
            if origin == "base":
                continue  # never where the strike was, not even for want of another place
            if origin:
                self.origins.append(m)
                continue
            before = article.text[max(0, m.start - 40) : m.start]
            if _PRESS_AT.search(before) or (_SPEAKS.match(article.text, m.end) and not _SPEAKER_AT.search(before)):
                continue  # where a statement was made, or who made it ("the X Hospital said"): never the place
            if _SPEAKER_AT.search(before):
                self.speakers.append(m)  # "قال طبيب في مستشفى X إن ...": where the witness is, not the incident
                continue
            self.mentions.append(m)
        # The article's main place stands in for a clause that names none only in a short report: in a
        # long article it is as likely somewhere else altogether.
        counts = Counter(_key(m) for m in self.mentions if m.kind != "relative")
        self.main: Mention | None = None
        self.counts = counts
        if counts and len(article.text) <= 2500:
            best = max(counts.values())
            self.main = next(m for m in self.mentions if counts[_key(m)] == best)
        # A short report that names no place but the town in a local group's name ("مجلس شورى مجاهدي
        # درنة أعلن أنه قتل ثلاثة"): the group's own town is where it acted, as far as the report tells.
        self.home: Mention | None = None
        # Two local groups ("Zintan brigades and Misratan forces clashed"): either town, or neither, so none.
        if not self.mentions and not self.origins and len(article.text) <= 2500 and \
                len({_key(m) for m in homes}) == 1 and len(local_groups) == 1:
            self.home = homes[0]
        self.mentions_at = _ByStart(self.mentions)
        self.origins_at = _ByStart(self.origins)
        self.speakers_at = _ByStart(self.speakers)
        self.foreign_at = _ByStart(self.foreign)


# "رويترز - بنغازي (ليبيا):", "طرابلس 26 شوال 1436 هـ الموافق ... واس", "TRIPOLI (Reuters) -": the place
# and day a report was filed from, before its first sentence.
_DATELINE = re.compile(r"^\s*(?:[^\n.:؛]{0,60}?(?:\([^)\n]{0,30}\))?\s*[:\-–—]\s)")
_DATELINE_COLON = re.compile(r"^\s*[^\n.:؛]{0,60}:\s")
_AGENCY_WORD = re.compile(r"رويترز|\bواس\b|أ ف ب|ا ف ب|أ ش أ|د ب أ|وكالات|الأناضول|reuters|afp|\bap\b|xinhua|"
                          r"الموافق", re.IGNORECASE)
_AGENCY = re.compile(_AGENCY_WORD.pattern + r"|\(\D{2,20}\)", re.IGNORECASE)


# "TRIPOLI — ", "BENGHAZI, Libya — ", "طرابلس - ": an upper-case place (or one Arabic word) and a dash, no
# agency named.
_DATELINE_BARE = re.compile(r"^\s*(?:[A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+)?(?:, [A-Z][a-z]+)?|"
                            r"[\u0621-\u064a]+)\s+[-–—]\s")


def _dateline_end(text: str) -> int:
    """Where an article's dateline ends (0 when it has none): a short head naming an agency or a date, or an
    upper-case place and a dash."""
    m = _DATELINE_COLON.match(text) or _DATELINE.match(text)
    if m is None or "\n" in m.group() or not _AGENCY.search(m.group()):
        first_line, nl, _ = text.partition("\n")
        if nl and len(first_line) <= 80 and _AGENCY_WORD.search(first_line) and re.search(r"\d", first_line):
            return len(first_line)  # "طرابلس 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس"
        if nl and len(first_line.split()) <= 6 and re.search(r"\s[-–—:]\s", first_line) and \
                not re.search(r"[.!?؟]", first_line):
            return len(first_line)  # "عين اليوم – بنغازي (ليبيا)": an outlet and a place on a line of their own
        bare = _DATELINE_BARE.match(text)
        return bare.end() if bare else 0
    return m.end()


class _ByStart:
    """Mentions whose start falls in a span, found by bisection, in their original order."""

    def __init__(self, mentions: list[Mention]) -> None:
        self._items = sorted(((m.start, i, m) for i, m in enumerate(mentions)), key=lambda t: (t[0], t[1]))
        self._starts = [t[0] for t in self._items]

    def within(self, start: int, end: int) -> list[Mention]:
        lo, hi = bisect.bisect_left(self._starts, start), bisect.bisect_left(self._starts, end)
        return [m for _, _, m in sorted(self._items[lo:hi], key=lambda t: t[1])]


def _key(m: Mention) -> str:
    p = m.place or m.anchor
    return p.id if p else m.surface


def _locate(doc: _Doc, clause: Segment, sentence: Segment, irrealis: list[tuple[int, int]],
            trig_start: int, trig_end: int) -> tuple[list[_Place], bool]:
    """Places of the event, and whether the clause points abroad (then there is no Libyan event)."""

    def ok(m: Mention) -> bool:
        return not any(a <= m.start < b for a, b in irrealis)

    in_clause = [m for m in doc.mentions_at.within(clause.start, clause.end) if ok(m)]
    if in_clause:
        def dist(m: Mention) -> float:
            return (m.start - trig_end) if m.start >= trig_end else (trig_start - m.end) * 1.5
        best = min(in_clause, key=dist)
        # "عملية إرهابية وقعت في تونس": a foreign place nearer the trigger than any Libyan one.
        foreign = [m for m in doc.foreign_at.within(clause.start, clause.end) if ok(m)]
        if foreign and min(dist(m) for m in foreign) < dist(best) and min(dist(m) for m in foreign) < 60:
            return [], True
        text = doc.article.text
        if _BETWEEN.search(text[max(0, best.start - 40) : best.start]):
            # "بوابة على الطريق الرابط بين X وY", "the road linking X and Y": somewhere between two towns,
            # put at the first with a region's precision rather than at either
            return [_Place(best, 3)], False
        chosen = [best]
        following = sorted((m for m in in_clause if m.start > best.end), key=lambda m: m.start)
        last = best
        for m in following:
            gap = text[last.end : m.start]
            if re.fullmatch(r"\s*(?:و|and|or|أو|او|et|,|،)\s*", gap) or re.fullmatch(r"\s*,?\s*(?:and|et)\s+", gap):
                chosen.append(m)
                last = m
            else:
                break
        return [_Place(m, m.precision) for m in chosen], False
    # Sources "from inside Tripoli" speak of Tripoli when the clause names no other place.
    origins = [m for m in doc.origins_at.within(clause.start, clause.end) if ok(m)]
    if origins:
        best = min(origins, key=lambda m: abs(m.start - trig_start))
        return [_Place(best, max(2, best.precision))], False
    if doc.foreign_at.within(clause.start, clause.end):
        return [], True
    in_sentence = [m for m in doc.mentions_at.within(sentence.start, sentence.end) if ok(m)]
    if in_sentence:
        # As in the clause: what follows the trigger ("غارة ...، على تمركزات في منطقة X") before what precedes it.
        best = min(in_sentence, key=lambda m: (m.start - trig_end) if m.start >= trig_end else
                   (trig_start - m.end) * 1.5)
        return [_Place(best, max(2, best.precision))], False
    if doc.foreign_at.within(sentence.start, sentence.end):
        return [], True
    antecedent = _city_anaphor(doc, sentence)
    if antecedent is not None:
        if not antecedent.in_libya:
            return [], True
        return [_Place(antecedent, antecedent.precision, anaphor=True)], False
    speakers = [m for m in doc.speakers_at.within(sentence.start, sentence.end) if ok(m)]
    if speakers:
        # nothing else says where: the witness's town (a hospital's, an official's) at its area's precision
        return [_Place(speakers[0], max(2, speakers[0].precision))], False
    if doc.home is not None and not doc.sides:
        return [_Place(doc.home, max(2, doc.home.precision))], False
    if doc.main is not None:
        sides = [m for m in doc.sides if sentence.start <= m.start < sentence.end]
        if not sides:
            return [_Place(doc.main, 3)], False
        # "اشتباكات في أكبر مدن الجنوب الليبي": the stand-in must lie on that side of the country; the
        # article's most named place that does stands in, else nothing does.
        on_side = [m for m in doc.mentions if m.kind != "relative" and all(_on_side(m, s) for s in sides)]
        if on_side:
            best = max(on_side, key=lambda m: (doc.counts[_key(m)], -m.start))
            return [_Place(best, 3)], False
    return [], False


# "وأسفرت الاشتباكات في المدينة عن ...", "fighting in the city", "l'attaque contre la ville": a definite
# "the city/town" with no name takes up the city last named. Not "المدينة القديمة" (a district's name),
# "المدينة الرياضية" (a sports complex), nor a city of a kind ("المدينة الليبية الوحيدة" tells no place).
_CITY_ANAPHOR = re.compile(
    r"(?:^| )(?:[وفب]?(?:ال|لل)|[وف]?بال)(?:مدينه|بلده)"
    r"(?! (?:القديمه|الرياضيه|الجامعيه|الطبيه|الصناعيه|السياحيه|الليبيه|الوحيده|الاولي|الثانيه)\b)(?= |$)|"
    r"(?:^| )(?:the|that) (?:city|town)(?! (?:of|hall|council|centre|center)\b)(?= |$)|"
    r"(?:^| )(?:la|cette) ville(?! de\b)(?= |$)")
_CITY_KINDS = frozenset({"city", "town", "village"})
# The same for a facility: "the airport", "المطار", "l'aéroport"; "the base", "القاعدة"; "the port", "الميناء".
_FACILITY_ANAPHORS = (
    (re.compile(r"(?:^| )(?:[وفب]?(?:ال|لل)|[وف]?بال)مطار(?= |$)|(?:^| )the airport(?! of\b)(?= |$)|"
                r"(?:^| )l aeroport(?! de\b)(?= |$)"), frozenset({"airport", "air_base"})),
    (re.compile(r"(?:^| )(?:[وفب]?(?:ال|لل)|[وف]?بال)قاعده(?= |$)|(?:^| )the (?:air )?base(?! of\b)(?= |$)|"
                r"(?:^| )la base(?! de\b)(?= |$)"), frozenset({"air_base", "military_base", "airport"})),
    (re.compile(r"(?:^| )(?:[وفب]?(?:ال|لل)|[وف]?بال)ميناء(?= |$)|(?:^| )the port(?! of\b)(?= |$)|"
                r"(?:^| )le port(?! de\b)(?= |$)"), frozenset({"port", "oil_terminal"})),
)
# How far back "the city" may reach for its antecedent: the same story, a few sentences back.
_ANAPHOR_CHARS = 1200


def _city_anaphor(doc: _Doc, sentence: Segment) -> Mention | None:
    """The city a clause's bare "the city" stands for: the last city or town named before it, in the sentence
    ("a health official in X said ... the town's hospital") or a few sentences back (Libyan or foreign: "the
    city" after Tunis is Tunis). A place named only as "the capital" is no antecedent of "the town"."""
    text = sentence.folded.text
    found = [(h, kinds) for pat, kinds in ((_CITY_ANAPHOR, _CITY_KINDS), *_FACILITY_ANAPHORS)
             if (h := pat.search(text)) is not None]
    if not found:
        return None
    hit, kinds = min(found, key=lambda hk: hk[0].start())
    end = sentence.to_abs(hit.start() + 1, hit.end())[0]
    lo = max(0, sentence.start - _ANAPHOR_CHARS)
    pools = (doc.mentions_at, doc.foreign_at, doc.speakers_at, doc.origins_at)
    before = [m for pool in pools for m in pool.within(lo, end)
              if m.place is not None and m.place.kind in kinds and m.kind != "relative" and m.end <= end
              and not _CAPITAL_WORD.search(m.surface)]
    return max(before, key=lambda m: m.start) if before else None


_CAPITAL_WORD = re.compile(r"عاصم|capital", re.IGNORECASE)


# Libya's sides as its reporting names them: the south is the Fezzan and the Kufra desert, the east
# Cyrenaica (from the Gulf of Sirte on), the west Tripolitania, the north its coast.
_SIDES = {"south": lambda lat, lon: lat < 29.5, "east": lambda lat, lon: lon > 19.0,
          "west": lambda lat, lon: lon < 15.5, "north": lambda lat, lon: lat > 30.5}


def _on_side(m: Mention, side: Mention) -> bool:
    """Whether a place lies on the side of the country a relative expression names (شرق ليبيا، the south)."""
    b = side.bearing_deg
    if b is None or m.lat is None or m.lon is None:
        return False
    b %= 360
    wanted = [name for name, lo, hi in (("north", 292.5, 67.5), ("east", 22.5, 157.5), ("south", 112.5, 247.5),
                                        ("west", 202.5, 337.5))
              if (lo <= b <= hi if lo < hi else b >= lo or b <= hi)]
    return bool(wanted) and all(_SIDES[w](m.lat, m.lon) for w in wanted)


# A witness and where they work or speak from, right before the place: "طبيب في مستشفى X", "مسؤول في بلدية X",
# "a doctor at X hospital", "an official in X", "un médecin de l'hôpital X".
_SPEAKER_AT = re.compile(
    r"(?:طبيب|أطباء|اطباء|مسعف|مسعفون|مسعفين|ممرض|ممرضة|موظف|موظفون|مدير|مسؤول|مسئول|مسؤولون|مسئولون|متحدث|"
    r"ناطق|مصدر|مصادر)(?: [\u0621-\u064a]+)? (?:في|ب|من)\s*$|"
    r"\b(?:doctor|doctors|medic|medics|nurse|official|officials|spokesman|spokeswoman|source|sources|director)"
    r"(?: \w+)? (?:at|in|from)(?: the| a| an)?\s*$|"
    r"\b(?:spokesman|spokeswoman|spokesperson|commander) (?:for|of) the\s*$|"
    r"\b(?:médecin|médecins|responsable|responsables|source|sources|porte-parole)(?: \w+)? (?:de|à|a)"
    r"(?: l'| la| le)?\s*$", re.IGNORECASE)
# A place that speaks ("Misrata Central Hospital said", "Tripoli says it will", "أعلن مستشفى X"... the first):
# the institution or the government standing for it, not where anything happened.
_SPEAKS = re.compile(r"(?:'s)?(?: (?:[Cc]entral|[Mm]edical|[Gg]eneral|[Tt]eaching|[Uu]niversity|[Mm]ilitary|[Ff]ield))*"
                     r"(?: (?:[Hh]ospital|[Cc]linic|[Mm]edical [Cc]ent(?:re|er)|[Mm]unicipal(?:ity)? [Cc]ouncil|"
                     r"[Cc]ouncil|[Mm]unicipality))?,? (?:has |had |also |later )?(?:said|says|told|reported|announced|"
                     r"confirmed|denied|a déclaré|a annoncé|a affirmé|indique|a indiqué)\b")
# A government or force and its seat ("قوات موالية لحكومة الوفاق في طرابلس", "the government in Tripoli",
# "the Tripoli-based government" is a name of its own): where it sits, not where it fought.
_GOVERNMENT = re.compile(r"حكوم|government|gouvernement|المجلس الرئاسي|مجلس النواب|البرلمان|parliament|parlement",
                         re.IGNORECASE)
_SEAT = re.compile(r"^\s*(?:في|ب|بمدينة|ومقرها|ومقره|التي مقرها|الذي مقره|ومقرها في|ومقره في|in|based in|à)\s*$")
# Where a statement was made ("في مؤتمر صحفي في طرابلس", "told reporters in Tripoli"): never the incident's
# place, not even for want of another.
_PRESS_AT = re.compile(
    r"(?:مؤتمر صحفي|مؤتمر صحافي|مؤتمرا صحفيا|مؤتمرا صحافيا|تصريحات للصحفيين|تصريح صحفي)(?: [\u0621-\u064a]+)? "
    r"(?:في|ب)\s*$|"
    r"\b(?:press conference|news conference|told reporters|briefing)(?: \w+)? (?:in|at)(?: the| a)?\s*$|"
    r"\bconférence de presse (?:à|a)\s*$")
# "309 Tobruk brigade", "the Zintan Martyrs Battalion": English puts the unit after the town.
_UNIT_AFTER = re.compile(r"\s+(?:[Mm]artyrs\s+)?(?:[Bb]rigade|[Bb]attalion|[Rr]egiment)\b")
_UNIT_NAME = re.compile(r"(?:(?:كتيبة|كتيبه|لكتيبة|لكتيبه|بكتيبة|بكتيبه|سرية|سريه|لواء|شهداء|brigade|battalion)\s+"
                        r"(?:شهداء\s+|ثوار\s+|martyrs\s+(?:of\s+)?)?|(?:غرفة|غرفه)\s+(?:عمليات|العمليات)\s+(?:تحرير\s+)?|"
                        r"operations room\s+(?:of\s+)?|salle d'opérations\s+(?:de\s+)?)$", re.IGNORECASE)
_SECOND_OF_PAIR = re.compile(r"(?:الرابط|الرابطة|الرابطه|الواصل|الواصلة|الواصله|الممتد|الممتدة)\s+(?:بين\s+)?"
                             r"(?:مدينتي|مدينتى|بلدتي|بلدتى)?\s*\S+\s+و\s*$|(?:linking|connecting)\s+(?:the\s+)?"
                             r"(?:towns?\s+of\s+|cities\s+of\s+)?\S+\s+and\s+$")
_BETWEEN = re.compile(r"(?:الرابط|الرابطة|الرابطه|الواصل|الواصلة|الواصله|الممتد|الممتدة|بين)\s+(?:بين\s+)?"
                      r"(?:مدينتي|مدينتى|بلدتي|بلدتى)?\s*$|(?:linking|connecting|between)\s+(?:the\s+)?"
                      r"(?:towns?\s+of\s+|cities\s+of\s+)?$")


# --- assembling ---------------------------------------------------------------------------------


def _pick_date(dates: list[DateHit], trig: int) -> DateHit | None:
    if not dates:
        return None
    return min(dates, key=lambda d: (d.precision, abs(d.start - trig)))


_FOUND = re.compile(r"جث|عثر|مقتول|found|bodies|body")


def _code(trig: Trigger, roles_a1: Actor | None, roles_a2: Actor | None, attempt: bool,
          seized_people: bool = False, crowd_first: bool = False, armed_victims: bool = False,
          civilian_victims: bool = False) -> tuple[str, str, Actor | None, Actor | None]:
    table = actors()
    et, sub = trig.event_type, trig.sub_event_type
    a1, a2 = roles_a1, roles_a2
    if sub == "TERRITORY" and seized_people:
        et, sub = "Violence against civilians", "Abduction/forced disappearance"
    if crowd_first and et in ("Battles", "Strategic developments") and sub not in ("Agreement", "Arrests"):
        # Youths, residents or protesters doing violence are rioters whoever else the clause names.
        return "Riots", "Violent demonstration", table["riot"], a2 if a2 is not a1 else None
    if sub == "TERRITORY":
        if attempt:
            sub = "Armed clash"
        else:
            sub = "Government regains territory" if a1 is not None and a1.inter == 1 else \
                "Non-state actor overtakes territory"
    if sub == "DEATH":
        if a1 is None and a2 is None and not armed_victims and not civilian_victims:
            return "", "", None, None  # someone died; nothing says anyone killed them
        if a1 is not None and a1.bloc not in ("CIV", "PROTESTERS", "RIOTERS") and not civilian_victims:
            armed_victims = True  # "لقي ثلاثة من عناصر الوفاق حتفهم": the side named is the side that died
        sub = "KILL"
    if sub == "KILL":
        armed1 = a1 is not None and a1.bloc not in ("CIV", "PROTESTERS", "RIOTERS")
        armed2 = a2 is not None and a2.bloc not in ("CIV", "PROTESTERS", "RIOTERS")
        if armed1 and armed2 or (armed1 or a1 is None) and a2 is None and armed_victims:
            # Killings of fighters, soldiers, militiamen are combat deaths.
            et, sub = "Battles", "Armed clash"
        else:
            sub = "Attack"
    if et == "Battles" and a2 is not None and a2.bloc == "CIV":
        if sub in ("Government regains territory", "Non-state actor overtakes territory"):
            a2 = None  # ground is taken from armed men; a civilian named is a bystander (or a surname: المدني)
        elif sub == "Armed clash" and trig.priority >= 86:
            a2 = None  # "قتلى سقطوا في اشتباكات ... شبان من سكان الأحياء": clashes have two armed sides; the
            # residents named are among their dead or their fighters, not the target of a one-sided attack
        else:
            et, sub = "Violence against civilians", "Attack"  # ACLED: armed violence on civilians
    if a1 is not None and a1.bloc in ("RIOTERS", "PROTESTERS") and et in ("Battles", "Strategic developments") \
            and sub not in ("Agreement", "Arrests"):
        et, sub = "Riots", "Violent demonstration"
    if sub == "Arrests" and a1 is not None and a1.inter != 1 and \
            (a2 is None or a2.bloc in ("CIV", "PROTESTERS", "RIOTERS")):
        # Armed groups seizing people are abducting them; seizing a rival group's members is not
        # violence against civilians, and stays an arrest by the group that controls the area.
        et, sub = "Violence against civilians", "Abduction/forced disappearance"
    if et == "Violence against civilians":
        if _FOUND.search(trig.term) and a1 is not None and a2 is None and a1.bloc != "UNKNOWN":
            a1, a2 = None, a1  # the dead are the victims; who killed them is not known
        if a1 is not None and a1.bloc == "CIV":
            a1, a2 = None, a1
        if a1 is None:
            a1 = table["unknown"]
        if a2 is None:
            a2 = table["civ"]
    if et == "Explosions/Remote violence" and a1 is not None and a1.bloc == "CIV":
        a1, a2 = table["unknown"], a1
    if et == "Explosions/Remote violence" and a2 is None and civilian_victims:
        a2 = table["civ"]  # a shell that killed two children targeted civilians in ACLED's sense
    if et == "Protests":
        if a1 is None or a1.bloc not in ("PROTESTERS", "CIV"):
            intervener = a1 if a1 is not None and a1.inter in (1, 2, 3, 4, 8) else None
            a1 = table["prot"]
            if intervener is not None:
                a2, sub = intervener, "Protest with intervention"
        elif a1.bloc == "CIV":
            a1 = table["prot"]
    if et == "Riots" and (a1 is None or a1.bloc not in ("RIOTERS", "PROTESTERS")):
        a1 = table["riot"]
    if a1 is None and et in ("Battles", "Explosions/Remote violence"):
        a1 = table["unknown"]
    return et, sub, a1, a2


Rejected = Callable[[Segment, str], None]


def extract_events(article: Article, mentions: list[Mention], folded: FoldedText | None = None,
                   rejected: Rejected | None = None) -> list[Event]:
    """Every event the article reports, one per (clause, place), in text order.

    ``folded`` is ``normalize_text(article.text)`` when the caller already has it (the place stage
    folds the same text): every lexicon then runs over that one folded copy. ``rejected`` is told
    every clause with a trigger word that gave no event, and why (for reading what the rules drop).
    """

    def drop(clause: Segment, reason: str) -> None:
        if rejected is not None:
            rejected(clause, reason)

    anchor, anchor_precision = parse_article_date(article.date)
    fdoc = FoldedDoc(folded) if folded is not None else FoldedDoc.of(article.text)
    sentences = split_sentences(article.text, fdoc)
    doc = _Doc(article, mentions, sentences)
    events: list[Event] = []
    coded_at = coding_time()
    carried: dict[int, DateHit] = {}  # paragraph -> last explicit date
    # A dated report that tells what and when but not where ("قتل سبعة جنود أمس عندما اقتحم متشددون
    # نقطة تفتيش"), by event type, with where it ends: the next sentence or two that retell the incident
    # name the place ("وقال مسؤول إن خمسة جنود قتلوا عندما هاجم مسلحون نقطة التفتيش خارج مدينة X").
    placeless: dict[str, tuple[DateHit, int]] = {}
    last_in_paragraph: dict[int, Event] = {}
    triggers = trigger_lexicon()
    # The day the lead tells of (اليوم، أمس، صباح الاثنين), in its first sentence or two: a report's news day.
    news_day: DateHit | None = None
    for sentence in sentences:
        if sentence.start >= _LEAD_CHARS or news_day is not None:
            break
        news_day = next((d for d in event_dates(sentence.folded, anchor, anchor_precision)
                         if d.precision == 1 and not d.absolute and not far_before(d.value, 1, anchor, 3)
                         and not after_article(d.value, anchor)), None)
    for sentence in sentences:
        sent_dates = event_dates(sentence.folded, anchor, anchor_precision)
        explicit = [d for d in sent_dates if d.absolute]
        if explicit:
            carried[sentence.paragraph] = explicit[0]
        if not triggers.find(sentence.folded):
            # No trigger word in the whole sentence (so in none of its clauses): no event of its own.
            _continue_previous(doc, sentence, count_fatalities(sentence.folded), last_in_paragraph, sent_dates)
            continue
        clauses = [part for c in split_clauses(sentence) for part in _conjoined_parts(c)]
        sent_actors = find_actors(sentence.folded)
        sentence_fat = count_fatalities(sentence.folded)
        # Spans of the text that are planned, aimed at, denied or asked: their places are no event's.
        irrealis: list[tuple[int, int]] = []
        for c in clauses:
            cut = _irrealis_start(c)
            if cut is not None or sentence.is_question:
                start = c.start if sentence.is_question or cut is None else c.to_abs(cut, cut + 1)[0]
                irrealis.append((start, c.end))
        made: list[Event] = []
        sentence_toll_given = False
        casualty: list[bool] = []  # made[i] was coded from a death word (قتل، لقي مصرعه), not its cause
        triggered = False
        if sentence.is_question:
            clauses = []
        for clause in clauses:
            why: list[str] = []
            found = _best_trigger(clause, sentence, anchor, why)
            if found is None:
                triggered = triggered or bool(trigger_lexicon().find(clause.folded))
                if why:
                    drop(clause, why[0])
                continue
            trig, verdict = found
            triggered = True
            if made and trig.payload.event_type == "Battles" and trig.payload.sub_event_type == "Armed clash" and \
                    _circumstance(clause, trig) and trig.start <= 24:
                drop(clause, "backdrop")  # "سيطرت على X، بعد معارك استمرت أياما": the takeover's own fighting
                continue
            t_abs = clause.to_abs(trig.start, trig.end)
            cf = clause.folded
            condemned = any(_condemned_act(cf.text, h, trig) for h in DIPLOMACY_GOVERNS.find(cf))
            if condemned:
                verdict = replace(verdict, diplomacy=False)
            if trig.payload.sub_event_type in ("KILL", "DEATH") and ACCIDENT.find(cf):
                drop(clause, "accident")
                continue
            if trig.payload.event_type == "Explosions/Remote violence" and ARMS_TRADE.find(sentence.folded):
                drop(clause, "arms trade")
                continue
            if trig.payload.event_type == "Violence against civilians" and any(
                    h.end <= trig.start and len(cf.text[h.end : trig.start].split()) <= 4 for h in JUDICIAL.find(cf)):
                drop(clause, "judicial")
                continue
            attempt = any(h.end <= trig.start for h in ATTEMPT.find(cf)) or _purpose(trig)
            c_actors = find_actors(cf)
            roles = assign_roles(c_actors, trig.start)
            if roles.actor1 is None:
                roles = assign_roles(sent_actors, sentence.to_folded(t_abs[0]))
            people = PERSONS.find(cf)
            civilians = CIVILIANS.find(cf)
            killed = bool(KILL.find(cf) or INJURY.find(cf))
            # a home struck kills civilians, unless the clause says whose man died there ("an IS leader was
            # killed in an air strike on his house")
            civilian_victims = killed and (bool(civilians) or bool(HOMES.find(cf)) and not COMBATANTS.find(cf) and
                                           not any(m.actor.inter in (1, 2, 3) for m in c_actors))
            armed_victims = not civilians and any(
                not any(a.start <= h.start < a.end for a in c_actors) for h in COMBATANTS.find(cf))
            seized = any(0 <= trig.start - h.end <= 6 or 0 <= h.start - trig.end <= 12 for h in people)
            crowd = any(m.actor.bloc in ("RIOTERS", "PROTESTERS") and m.end <= trig.start for m in c_actors)
            et, sub, a1, a2 = _code(trig.payload, roles.actor1, roles.actor2, attempt,
                                    seized and trig.payload.term in ("seized", "captured", "استولى", "استولت"),
                                    crowd, armed_victims, civilian_victims)
            if not et:
                drop(clause, "death with nobody killing")
                continue
            latin = not is_arabic(clause.text)
            aircraft = any("مضاد" not in h.payload and "anti" not in h.payload and not (latin and h.start > trig.end)
                           for h in AIRCRAFT.find(cf))
            # (English and French put the attacker before the verb: "rockets hit the airport, damaging seven
            # aircraft" were not fired by them; Arabic's verb-first clause puts it after: "قصفت الطائرات")
            if aircraft and a1 is not None and a1.key in ("unknown", "islamists") and et in (
                    "Explosions/Remote violence", "Battles") and not UNIDENTIFIED.find(cf):
                # "هاجمت طائرة حربية مواقع للمسلحين": an unnamed group after the aircraft is its target;
                # whose air force it was depends on the period and place (period_actors)
                first_air = min(h.start for h in AIRCRAFT.find(cf))
                if a2 is None and all(m.start > first_air for m in c_actors if m.actor.key == a1.key):
                    a2 = a1
                a1 = actors()["aircraft"]
            # "طائرات حربية أغرقت سفينة، وهاجمت سفينة أخرى": the subject of coordinated verbs is named once.
            sentence_aircraft = aircraft or (clause.start > sentence.start and _aircraft_before(
                sentence.folded, sentence.to_folded(t_abs[0])) and not c_actors)
            if sub == "Shelling/artillery/missile attack" and sentence_aircraft:
                sub = "Air/drone strike"
            if sub == "Air/drone strike" and a1 is not None and a1.bloc in _NO_AIR_FORCE:
                # "an IS leader was killed in an air strike on his house": jihadist groups fly no aircraft, so
                # the group named is the target; whose aircraft it was the period and place say
                a1, a2 = actors()["aircraft"], a1 if a2 is None or a2.bloc in ("CIV", "UNKNOWN") else a2
            if et == "Battles" and sub == "Armed clash" and trig.payload.priority <= 60 and (
                    aircraft and _aircraft_subject(cf, trig) or sentence_aircraft and not aircraft):
                # "طائرات حربية هاجمت سفينة", "warplanes attacked positions": an attack from the air
                et, sub = "Explosions/Remote violence", "Air/drone strike"
            if trig.payload.term in _ENTERING and (not doc.mentions_at.within(t_abs[1], t_abs[1] + 40) or
                                                   not c_actors):
                drop(clause, "nothing entered")
                continue  # "دخلت قوات الجيش مدينة X": a town entered; not waters, talks or a hospital
            if trig.payload.term in _NEEDS_CONTROL and not _CONTROL_OBJECT.match(cf.text[trig.end : trig.end + 60]):
                drop(clause, "nothing taken")
                continue  # "les combats ont repris", "le trafic a repris": resumed, not retaken
            if trig.payload.term in _NEEDS_AIRCRAFT and not aircraft:
                drop(clause, "needs aircraft")
                continue  # إسقاط النظام: a regime toppled; air defences deployed: nothing intercepted
            if a1 is None:
                drop(clause, "no actor")
                continue  # a strategic development with nobody doing it is not codable
            places, abroad = _locate(doc, clause, sentence, irrealis, *t_abs)
            if sub == "Non-violent transfer of territory" and places and all(_TOWARDS.search(
                    article.text[max(0, p.mention.start - 24) : p.mention.start]) for p in places):
                drop(clause, "destination")  # "انسحبوا منها باتجاه X": where they went, not where ground changed
                continue
            if abroad or not places:
                if not abroad:
                    told = _pick_date(event_dates(cf, anchor, anchor_precision), trig.start) or \
                        _pick_date(sent_dates, sentence.to_folded(t_abs[0]))
                    if told is not None and told.precision == 1 and not after_article(told.value, anchor) and \
                            not far_before(told.value, 1, anchor, 3):
                        placeless[et] = (told, sentence.end)
                drop(clause, "abroad" if abroad else "no place")
                continue
            c_dates = event_dates(cf, anchor, anchor_precision)
            own = _pick_date(c_dates, trig.start)
            said = own is not None and _said_date(cf, own)
            own_in: Segment = clause  # the segment whose folded offsets ``own`` has
            if own is None:
                own, own_in = _pick_date(sent_dates, sentence.to_folded(t_abs[0])), sentence
                said = own is not None and _said_date(sentence.folded, own)
            retold = None
            if own is None and et in placeless and 0 < sentence.start - placeless[et][1] <= _RETELL_CHARS and any(
                    sentence.start <= p.mention.start < sentence.end for p in places):
                retold = own = placeless.pop(et)[0]  # the first retelling that names a place is the report's
            front = None
            if (own is None or not own.absolute and _in_direct_speech(
                    article.text, sentence.start, own_in.to_abs(own.start, own.end)[0])) and \
                    carried.get(sentence.paragraph) is None and not (verdict.reminder or verdict.opinion) and \
                    sentence.start <= places[0].mention.start < sentence.end and MILITARY_SOURCE.find(sentence.folded):
                # "قال قائد ميداني: «الجيش اليوم أحرز تقدما»": a quote's today is the day it was said, which
                # the report does not give; the front's day told before is the better guess, else the quote's
                front = _front_day(events, places[0].mention, et, sentence.start)
                if front is not None:
                    own = said = None
            d = own or carried.get(sentence.paragraph) or front
            if d is not None and (far_before(d.value, d.precision, anchor) or after_article(d.value, anchor)):
                drop(clause, "date far before or after the article")
                continue  # dated long before the article (background) or after it (a plan)
            if d is not None:
                ev_date, tp = d.value, d.precision
            elif past_year(cf, anchor):
                drop(clause, "past year")
                continue  # "معركة مصراتة عام 2011": history told as background, no date ACLED could code
            elif news_day is not None:
                # A short report tells one news day: what it does not date happened then, as far as
                # anyone can tell (the week is what is known).
                ev_date, tp = news_day.value, max(2, news_day.precision)
            elif anchor is not None:
                ev_date, tp = anchor, anchor_precision
            else:
                drop(clause, "no date")
                continue  # no date at all: ACLED cannot code it
            fat = clause_or_sentence(count_fatalities(cf), sentence_fat)
            if fat is sentence_fat and sentence_toll_given:
                fat = None  # "قتل 141 في هجوم ... أعدم بعضهم": one sentence's dead are counted once
            if et == "Strategic developments" or et == "Protests" and sub == "Peaceful protest":
                fat = None  # ACLED codes no fatalities for non-violent events
            disputed = _disputed_labels(clause)
            for i, pl in enumerate(places):
                p1, p2, inferred = _actors_on(doc, et, a1, a2, ev_date, pl.mention,  # type: ignore[arg-type]
                                              bool(ARMED_TARGET.find(cf)))
                if p1 is None:
                    continue
                signals = _signals(article, sentence, verdict, own, d, pl, p1, p2, et, sub, clause, said)
                if condemned:
                    signals = (*signals, "condemned")
                if front is not None and d is front:
                    signals = (*(x for x in signals if x != "carried-date"), "front-dated")
                if retold is not None:
                    signals = tuple(x for x in signals if x not in ("dated", "said-dated", "dated-loose"))
                    signals = (*signals, "retells-lead")
                if "no-place" in signals and fat is not None and fat.additional and fat.count and any(
                        "dated" in e.signals and 0 <= sentence.start - e.quote.end <= _RETELL_CHARS for e in events) \
                        and et in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
                    # "وذكر مسعفون أن خمسة جنود آخرين قتلوا في انفجار": "other" dead go on with the dated
                    # report just told, in the place the report stands for (the short report's own place)
                    signals = (*(x for x in signals if x not in ("no-place", "region")), "more-dead")
                ev = _make(article, sentence, trig, t_abs[0], et, sub, p1, p2, roles, pl, attempt, ev_date,
                           tp, fat if i == 0 else None, disputed, inferred, d is not None, coded_at, signals)
                if i == 0 and fat is not None and fat is sentence_fat:
                    sentence_toll_given = True
                made.append(ev)
                casualty.append(trig.payload.sub_event_type in ("KILL", "DEATH"))
        made = _one_incident(made, casualty)
        if made:
            events.extend(made)
            last_in_paragraph[sentence.paragraph] = made[-1]
        else:
            _continue_previous(doc, sentence, sentence_fat, last_in_paragraph, sent_dates)
    return fuse_article(events)


# Fighting told as a front (a city and its districts, its outskirts): reports this close are of one front.
_FRONT_KM = 25.0
# How far back in the text the front's dated report may be: the next few paragraphs of the same story.
_FRONT_CHARS = 1500
_OPEN_QUOTES, _CLOSE_QUOTES = "«“", "»”"


def _front_day(events: list[Event], m: Mention, et: str, at: int) -> DateHit | None:
    """The day of the latest report of fighting on the same front, told with a day of its own a little
    earlier in the article: "قتل جنديان يوم الخميس في اشتباكات في وسط بنغازي ... وقال متحدث باسم سلاح الجو إن
    «الطيران قصف تمركزات في حي X»": a wire report dates its news once and tells the rest of that day's
    fighting after it. Only for a sentence that names its own place and is told by a military source (the
    side's own account of that day's operations). Week precision: the day is inferred, not told."""
    if et not in ("Battles", "Explosions/Remote violence") or m.lat is None or m.lon is None:
        return None
    for e in reversed(events):
        if at - e.quote.end > _FRONT_CHARS:
            break
        if e.event_type not in ("Battles", "Explosions/Remote violence") or e.time_precision != 1 or \
                "dated" not in e.signals or "reminder" in e.signals or e.latitude is None or e.longitude is None:
            continue
        if haversine_km(m.lat, m.lon, e.latitude, e.longitude) <= _FRONT_KM:
            return DateHit(0, 0, date.fromisoformat(e.event_date), 2)
    return None


def _in_direct_speech(text: str, start: int, pos: int) -> bool:
    """Whether ``pos`` lies inside a quotation opened after ``start`` (a sentence's own «...» or "...")."""
    seg = text[start:pos]
    depth = sum(seg.count(c) for c in _OPEN_QUOTES) - sum(seg.count(c) for c in _CLOSE_QUOTES)
    return depth > 0 or seg.count('"') % 2 == 1


def _one_incident(made: list[Event], casualty: list[bool]) -> list[Event]:
    """One sentence, one incident per place: "لقي 7 أشخاص مصرعهم، وأصيب 19 جراء انفجار سيارة ملغومة في X" is
    the explosion, whose toll the death clause gives; "اشتباكات ... وقصف المدينة بالصواريخ" at one place is
    the battle, the shelling its weapon (ACLED codes explosive weapons used in a battle as the battle)."""
    if len(made) < 2:
        return made

    def same_place(a: Event, b: Event) -> bool:
        return (a.place_id is not None and a.place_id == b.place_id) or km_apart(a, b) <= 20.0

    drop: set[int] = set()
    for i, e in enumerate(made):
        for j, f in enumerate(made):
            if i == j or j in drop or not same_place(e, f) or e.event_date != f.event_date:
                continue
            if e.event_type == f.event_type:
                continue  # same type: fuse_article merges them, actors and all
            absorbed = casualty[i] and not casualty[j] or (
                e.sub_event_type == "Shelling/artillery/missile attack" and f.event_type == "Battles")
            if absorbed:
                if e.fatalities > f.fatalities:
                    f.fatalities, f.fatalities_low, f.fatalities_high = e.fatalities, e.fatalities_low, \
                        e.fatalities_high
                f.confidence = max(f.confidence, e.confidence)
                drop.add(i)
                break
    return [e for i, e in enumerate(made) if i not in drop]


def _continue_previous(doc: _Doc, sentence: Segment, fat: Fatalities | None,
                       last_in_paragraph: dict[int, Event], sent_dates: list[DateHit]) -> None:
    """"Seven GNA soldiers were reportedly killed.", "وأسفرت الاشتباكات عن مقتل 4": a casualty sentence
    that makes no event of its own gives its toll to the incident told before it (fuse.attach_toll)."""
    if fat is None or not fat.count or sentence.is_question or _irrealis_start(sentence) is not None or \
            is_statistic(sentence.folded):
        return  # "more than 1,000 may have been killed there since the siege began": no one incident's toll
    candidates = [last_in_paragraph[p] for p in sorted(last_in_paragraph, reverse=True) if p <= sentence.paragraph]
    if not candidates:
        return
    places = [m for m in doc.mentions_at.within(sentence.start, sentence.end)]
    if doc.foreign_at.within(sentence.start, sentence.end):
        return  # a toll abroad
    ev = candidates[0]
    if ev.quote.start < sentence.start and _paragraph_of(doc, ev) != sentence.paragraph and not places and \
            not fat.additional and not any(
            h.payload.event_type in ("Battles", "Explosions/Remote violence") and h.payload.sub_event_type not in (
                "KILL", "DEATH") for h in trigger_lexicon().find(sentence.folded)):
        # in a later paragraph a bare toll ("35 to 40 people died") may be anyone's: it must name the
        # incident ("وأسفرت الاشتباكات عن ...") or its place, or count "others" besides its dead
        return
    # an explicit date is a week's leeway off the event's; a day of its own (أمس، يوم الجمعة) must be its day
    dates = [d.value.isoformat() for d in sent_dates if d.absolute or d.precision == 1]
    attach_toll(ev, fat, Quote(doc.article.doc, sentence.text, sentence.start, sentence.end),
                [(m.lat, m.lon) for m in places if m.lat is not None and m.lon is not None], dates,
                exact=[d.value.isoformat() for d in sent_dates if not d.absolute and d.precision == 1])


def _paragraph_of(doc: _Doc, ev: Event) -> int:
    i = bisect.bisect_right([s.start for s in doc.sentences], ev.quote.start) - 1
    return doc.sentences[i].paragraph if i >= 0 else -1


# The imperfect of witnessing and going on (تشهد المدينة اشتباكات، تتواصل المعارك، fighting continues): a
# situation described, not an incident reported.
ONGOING = word_set("""تشهد|يشهد|تشهدان|يشهدان|تعيش|يعيش|تتواصل|يتواصل|تدور|يدور|الدائرة|الدائر|تستمر|يستمر|
المستمرة|المستمر|
متواصلة|متواصل|continue|continues|continuing|ongoing|is witnessing|are witnessing|se poursuivent|en cours""")
# "..., مما أدى إلى سقوط ضحايا", "، إضافة إلى ...": a clause that carries on the one before it.
_CONSEQUENCE = re.compile(r"^ (?:[وف]?مما|ما|[وب]?(?:ال)?اضافه الي|فضلا عن|which|leading to|causing|as well as) ")
_IN_TOWN = re.compile(r"(?:\b[فب]ي?|\bفي)\s*(?:ال)?(?:مدينة|مدينه|بلدة|بلده|منطقة|منطقه|قرية|قريه|حي)\s+$|"
                      r"\bin the (?:town|city|village|district) of\s+$")
# "ميدانيا، ...", "إلى ذلك، ...", "On the ground, ...": a wire report turning to its next item of news.
_NEWS_TURN = re.compile(r"^ (?:[وف]?ميدانيا|الي ذلك|[وف]?من جهه اخري|[وف]?من ناحيه اخري|[وف]?في غضون ذلك|"
                        r"[وف]?علي الارض|[وف]?علي الصعيد الميداني|[وف]?في تطور ميداني|on the ground|meanwhile|"
                        r"elsewhere|sur le terrain) ")
# A military spokesman or source telling an operation (قال المتحدث باسم سلاح الجو إن ...، مصدر عسكري):
# the side's own report of what its forces did, which is news; a diplomat's word is not (DIPLOMACY).
MILITARY_SOURCE = word_set("""المتحدث باسم الجيش|المتحدث باسم القوات|المتحدث باسم سلاح|المتحدث الرسمي باسم الجيش|
المتحدث الرسمي باسم القوات|الناطق باسم الجيش|الناطق باسم القوات|الناطق باسم سلاح|الناطق الرسمي باسم الجيش|
الناطق الرسمي باسم القوات|متحدث باسم الجيش|متحدث باسم القوات|متحدث عسكري|ناطق عسكري|المتحدث العسكري|
الناطق العسكري|مصدر عسكري|مصادر عسكرية|مسؤول عسكري|مسؤولون عسكريون|قائد ميداني|آمر|military spokesman|
army spokesman|air force spokesman|military source*|military official*|field commander|spokesman for the army|
spokesman for the air force|porte-parole de l'armée|source militaire|sources militaires""")
# "قال مسؤولون اليوم إن ...", "officials said on Tuesday that ...": a day between a reporting verb and its
# complement dates the statement; the incident it reports happened then or before.
REPORTING = word_set("""قال|قالت|قالوا|أعلن|أعلنت|ذكر|ذكرت|أفاد|أفادت|أكد|أكدت|صرح|صرحت|أوضح|أوضحت|said|say|says|
announced|told|reported|stated|confirmed|a déclaré|ont déclaré|a annoncé""")
# (English may leave "that" out: "said Thursday they had retaken the town", "said on Monday it had")
_COMPLEMENT = re.compile(r" (?:ان|بان|that|que|qu|they|it|he|she|we|its|their|government|forces) ")


# "وفق ما أعلن مركز طب الطوارئ اليوم", "according to figures released on Wednesday": the day of the telling.
_ACCORDING_DAY = re.compile(r"(?:وفق ما|وفقا لما|بحسب ما|حسب ما|حسبما|كما) (?:اعلن|اعلنت|ذكر|ذكرت|افاد|افادت|قال|قالت|"
                            r"اكد|اكدت)(?: \S+){0,5} $|\b(?:according to|selon)(?: \S+){0,6} $")


def _said_date(view: FoldedView, d: DateHit) -> bool:
    f = view.text
    pos = min(d.start, len(f))
    if _ACCORDING_DAY.search(f[max(0, pos - 120) : pos + 1]) or TOLL_UPDATE.search(f):
        return True  # the day a figure was given, or a toll updated, before or after its day
    if not any(h.end <= pos and len(f[h.end : pos].split()) <= 3 for h in REPORTING.find(view)):
        return False
    after = f[d.end : d.end + 40]
    return _COMPLEMENT.match(re.sub(r"^[\s,،()]+", " ", after)) is not None


SIGNED = word_set("""وقع|وقعت|وقعا|توقيع|التوقيع على|أبرم*|ابرام|توصل*|اتفق*|signed|signing|concluded|reached|agreed|
signé*|conclu*""")


def _signals(article: Article, sentence: Segment, verdict: Verdict, own: DateHit | None, d: DateHit | None,
             pl: _Place, a1: Actor, a2: Actor | None, et: str, sub: str = "", clause: Segment | None = None,
             said: bool = False) -> tuple[str, ...]:
    """What speaks for and against the clause being a report of a recent incident (see confidence)."""
    out = []
    n = len(article.text)
    if own is not None:
        out.append("said-dated" if said else "dated" if own.precision == 1 else "dated-loose")
    elif d is not None:
        out.append("carried-date")
    if sentence.start < _LEAD_CHARS:
        out.append("lead")  # the first sentence or two: where news reports put the news
    elif n > 5000 and sentence.start > 2500:
        out.append("deep")
    if n <= 2500:
        out.append("short")
    if own is None and clause is not None and (ONGOING.find(clause.folded) or _CONSEQUENCE.match(clause.folded.text)
                                               and ONGOING.find(sentence.folded)):
        out.append("ongoing")  # "تشهد المدينة اشتباكات", "fighting continues": a state of things, no day
    if MILITARY_SOURCE.find(sentence.folded):
        out.append("military-source")
    if _NEWS_TURN.match(sentence.folded.text):
        out.append("news-turn")
    if sentence.start <= pl.mention.start < sentence.end and _IN_TOWN.search(
            article.text[max(0, pl.mention.start - 16) : pl.mention.start]):
        out.append("in-town")  # "في مدينة X", "in the town of X": the clause says where it happened
    if verdict.reminder:
        out.append("reminder")
    if verdict.opinion:
        out.append("opinion")
    if verdict.diplomacy:
        out.append("diplomacy")
    if pl.precision >= 3:
        out.append("region")
    if pl.anaphor:
        out.append("anaphor")  # "the city": the city named just before
    elif not (sentence.start <= pl.mention.start < sentence.end):
        out.append("no-place")  # the sentence names no place: the article's main place stands in
    if a1.bloc == "UNKNOWN" and a2 is None:
        out.append("no-actors")
    if et == "Strategic developments":
        out.append("strategic")
    if et == "Strategic developments" and sub == "Agreement" and (clause is None or not SIGNED.find(clause.folded)):
        out.append("diplomacy")  # talks and meetings: no agreement was concluded
    return tuple(out)


def confidence(signals: tuple[str, ...], inferred: bool, precision: int, place_conf: float) -> float:
    """Confidence that the event is right (type, place and day): additive evidence, calibrated on
    hand-coded articles so that events at 0.5 or more are right at least four times in five."""
    s = set(signals)
    # An incident with a day of its own (أمس، يوم الخميس، 12 July) is what news reports; without one,
    # a clause is as likely background or a reminder, unless it is the lead of a short report.
    c = 0.3
    c += 0.3 if "dated" in s else 0.15 if "dated-loose" in s or "said-dated" in s else 0.0
    # the place of a dated report that named none: its news, a little less sure than a day of its own
    c += 0.22 if "retells-lead" in s else 0.0
    c += 0.25 if "front-dated" in s else 0.0  # the day of the front's report told just before
    c += 0.1 if "more-dead" in s else 0.0  # "N others were killed in ...": the report goes on
    c += 0.08 if "short" in s else 0.0
    c += 0.07 if "lead" in s else 0.0
    c -= 0.12 if "deep" in s else 0.0
    c -= 0.06 if "region" in s else 0.0
    c -= 0.12 if "no-place" in s else 0.0
    c -= 0.25 if "strategic" in s else 0.0
    c -= 0.1 if "reminder" in s else 0.0
    c -= 0.15 if "opinion" in s else 0.0
    c -= 0.15 if "diplomacy" in s else 0.0
    lead_of_report = {"lead", "short"} <= s and not s & {"no-place", "region", "ongoing", "reminder", "opinion",
                                                         "diplomacy", "strategic"}
    # who did it is often not known to the first report ("سقطت قذيفة على منزل في X"): no cost in its lead
    c -= 0.05 if "no-actors" in s and not lead_of_report else 0.0
    c -= 0.1 if "ongoing" in s else 0.0
    c -= 0.1 if "condemned" in s else 0.0  # told by who condemns it: the act is real, its day and place loose
    c += 0.15 if "news-turn" in s and "dated" not in s else 0.0  # "ميدانيا، قتل ...": the field news itself
    c += 0.05 if "in-town" in s else 0.0
    # The undated lead of a short report that names its place is its news (ذكر مصدر أن ... في مدينة X).
    c += 0.05 if lead_of_report else 0.0
    c -= 0.05 if inferred else 0.0
    c += 0.05 * (min(1.0, place_conf) - 0.5)
    return max(0.01, min(0.99, c))


ARMED_TARGET = word_set("""مواقع|موقع|تمركزات|تمركز|سفينة|سفينتين|مركب|مراكب|قارب|أهداف|اهدافا|مخازن|مخزن|آليات|
رتل|positions|position|targets|ship|boat|vessel|convoy|depot|hideout*|camp""")


def _actors_on(doc: _Doc, et: str, a1: Actor, a2: Actor | None, day: date, m: Mention,
               armed_target: bool = False) -> tuple[Actor | None, Actor | None, bool]:
    """Actor1 and actor2 as named on the event's date and at its place (geo.periods), and whether
    actor2 was inferred: a battle by one camp of the period's main war whose opponent the clause does
    not name is against the other camp when the article names it, or against the Islamist coalition of
    that city and period."""
    table = actors()
    p1, p2 = actor_on(a1, day, m.lat, m.lon), actor_on(a2, day, m.lat, m.lon)
    if p1 is None:
        p1, p2 = p2, None
    if p1 is None:
        if et not in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
            return None, None, False
        p1 = table["unknown"]
    if p2 is not None and p2.bloc == p1.bloc:
        p2 = None
    if et == "Battles" and p1.bloc == "CIV":
        # "killed in the clashes": the person killed is a victim of the battle, not a side of it
        p1, p2 = (p2 if p2 is not None else table["unknown"]), None
    if et == "Battles" and p2 is not None and p2.bloc == "CIV":
        p2 = None
    inferred = False
    front = front_sides(et, p1, p2, day, m.lat, m.lon)
    if front is not None:
        p1, p2, inferred = front[0], front[1], True
    if p2 is None and et in ("Battles", "Explosions/Remote violence") and p1.bloc not in ("UNKNOWN", "CIV"):
        other = opponent(p1.bloc, day)
        coalition = actor_on(table["islamists"], day, m.lat, m.lon)
        if coalition is not None and coalition.bloc not in ("UNKNOWN", p1.bloc) and p1.bloc == "LNA" and \
                et == "Battles":
            p2, inferred = coalition, True
        elif other and doc.blocs[other]:
            key = {"DAWN": "libya_dawn", "GNA": "gna", "GNU": "gnu", "LNA": "lna"}.get(other)
            if key:
                p2, inferred = table[key], True
    if p2 is None and p1.bloc not in ("UNKNOWN", "CIV", "PROTESTERS", "RIOTERS") and (
            et == "Battles" or et == "Explosions/Remote violence" and armed_target):
        p2 = table["unknown"]  # ACLED: an armed opponent nobody names is an unidentified armed group
    return p1, p2, inferred


def _conjoined_parts(clause: Segment) -> list[Segment]:
    """"واندلع القتال في أجدابيا وهاجمت طائرة حربية مواقع ...": a ground clash and an air strike joined by
    و are two events for ACLED; the clause is cut before a conjoined verb whose subject is an aircraft."""
    if not AIRCRAFT.find(clause.folded):
        return [clause]
    f = clause.folded.text
    hits = trigger_lexicon().find(clause.folded)
    if len(hits) < 2:
        return [clause]
    cuts = []
    for h in hits[1:]:
        if not h.surface.startswith("و") or h.surface.startswith("وال") or h.payload.event_type == "-":
            continue
        after = " " + " ".join(f[h.end :].split()[:2]) + " "
        if any("مضاد" not in a.payload and "anti" not in a.payload for a in AIRCRAFT.find(after)) and \
                any(x.start < h.start for x in hits):
            cuts.append(clause.to_abs(h.start, h.end)[0])
    if not cuts:
        return [clause]
    out, start = [], clause.start
    for cut in cuts:
        piece = clause.text[start - clause.start : cut - clause.start].rstrip()
        if piece:
            out.append(Segment(piece, start, start + len(piece), clause.paragraph, clause.doc))
        start = cut
    out.append(Segment(clause.text[start - clause.start :], start, clause.end, clause.paragraph, clause.doc))
    return out


def _aircraft_before(sf: FoldedView, pos: int) -> bool:
    f = sf.text
    return any(h.end <= pos and len(f[h.end : pos].split()) <= 12 and "مضاد" not in h.payload and
               "anti" not in h.payload for h in AIRCRAFT.find(sf))


def _aircraft_subject(cf: FoldedView, trig: Hit[Trigger]) -> bool:
    """An aircraft noun within six words before the attack verb, or right after it (its subject)."""
    f = cf.text
    for h in AIRCRAFT.find(cf):
        if "مضاد" in h.payload or "anti" in h.payload:
            continue
        if h.end <= trig.start and len(f[h.end : trig.start].split()) <= 6:
            return True
        if h.start >= trig.end and len(f[trig.end : h.start].split()) <= 1:
            return True
    return False


def _disputed_labels(clause: Segment) -> list[str]:
    f = clause.folded.text
    out = []
    for h in DISPUTED_CUES.find(clause.folded):
        rest = f[h.end :].split()[:2]
        if rest:
            end = h.end + len(" " + " ".join(rest))
            s, e = clause.to_abs(h.end + 1, min(end, len(f) - 1))
            out.append(clause.text[s - clause.start : e - clause.start])
    return out


def _make(article: Article, sentence: Segment, trig: Hit[Trigger], trig_start: int, et: str, sub: str,
          a1: Actor, a2: Actor | None, roles: object, pl: _Place, attempt: bool, ev_date: object, tp: int,
          fat: Fatalities | None, disputed: list[str], inferred: bool, dated: bool, coded_at: int,
          signals: tuple[str, ...] = ()) -> Event:
    m = pl.mention
    name, name_ar, pid, admin1, admin2 = _place_of(m)
    inside = sentence.start <= m.start and m.end <= sentence.end
    s_start, s_end = (m.start - sentence.start, m.end - sentence.start) if inside else (None, None)
    precision = pl.precision
    if attempt:
        precision = max(precision, 2)  # fighting *around* a place someone is trying to take
    assoc1 = [a.acled_name for a in (getattr(roles, "assoc1", None) or []) if a is not a1 and a is not a2]
    assoc2 = [a.acled_name for a in (getattr(roles, "assoc2", None) or []) if a is not a1 and a is not a2]
    conf = confidence(signals, inferred, pl.precision, m.confidence or 0.5)
    note = f"{sub} ({et}): {a1.acled_name}" + (f" vs {a2.acled_name}" if a2 else "") + f" in {name}."
    if disputed:
        note += " Label(s) used by the source, not ACLED's: " + "; ".join(f"'{d}'" for d in disputed) + "."
    if inferred:
        note += " Second actor inferred from the article's opposing side."
    return Event(
        doc=article.doc,
        event_date=ev_date.isoformat(),  # type: ignore[attr-defined]
        time_precision=tp,
        event_type=et,
        sub_event_type=sub,
        actor1=a1.acled_name,
        inter1=a1.inter,
        actor2=a2.acled_name if a2 else "",
        inter2=a2.inter if a2 else None,
        assoc_actor_1="; ".join(dict.fromkeys(assoc1)),
        assoc_actor_2="; ".join(dict.fromkeys(assoc2)),
        actor1_bloc=a1.bloc,
        actor2_bloc=a2.bloc if a2 else "",
        quote=Quote(article.doc, sentence.text, sentence.start, sentence.end),
        trigger=trig.surface,
        location=name,
        location_ar=name_ar or (m.surface if any("\u0600" <= ch <= "\u06ff" for ch in m.surface) else ""),
        place_id=pid,
        latitude=m.lat,
        longitude=m.lon,
        geo_precision=min(3, precision),
        admin1=admin1,
        admin2=admin2,
        fatalities=fat.count if fat else 0,
        fatalities_low=fat.low if fat else 0,
        fatalities_high=fat.high if fat else 0,
        notes=note,
        source=article.source or "",
        source_scale=source_scale(article.source, article.url),
        url=article.url,
        title=article.title,
        confidence=min(1.0, conf),
        trigger_start=trig_start,
        surface=m.surface,
        surface_start=s_start,
        surface_end=s_end,
        place_start=m.start,
        timestamp=coded_at,
        signals=signals,
    )


__all__ = ["extract_events", "ActorMention"]
