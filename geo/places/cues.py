"""Context words that tell a place name from an ordinary word, and hint at what kind of place it is.

All entries are written in folded form (``gazetteer.normalize.fold``): ة->ه, ى->ي, alef forms -> ا,
Latin lower case without accents.
"""

from __future__ import annotations

from gazetteer.normalize import fold

# Words right before a name that make it a place: prepositions of place, and nouns that head a
# place name (مدينة سرت). Arabic, English, French.
_LOCATIVE_AR = """
منطقتي مدينتي بلدتي قريتي بمنطقتي بمدينتي مدن بلدات قري مناطق
في الي الى من عن قرب قرابه بقرب محيط بمحيط ضواحي بضواحي اطراف باطراف مشارف بمشارف داخل وسط بوسط
نحو باتجاه اتجاه صوب حتي حول بين عند لدي تخوم جنوبي شمالي شرقي غربي جنوب شمال شرق غرب
مدينه بمدينه لمدينه ومدينه المدينه بلده ببلده لبلده قريه بقريه منطقه بمنطقه لمنطقه ومنطقه مناطق
ميناء بميناء مطار بمطار قاعده بقاعده معسكر بمعسكر حقل بحقل محور بمحور جبهه بجبهه طريق بطريق مدخل
بمدخل مخرج بوابه ببوابه حي بحي شعبيه بلديه ببلديه مرفا سجن بسجن ساحه بساحه اقليم سكان اهالي اهل
دخول دخلت دخل اقتحام اقتحمت تحرير حصار محاصره مهاجمه هجوم السيطره سيطره انسحاب انسحبت وصول وصلت
ارسلت توجهت تقدم تقدمت استعاده استعادت جبهات محاور مستشفي بلدية مجلس عميد
تقع يقع وتقع ويقع الواقعه الواقع
"""
_LOCATIVE_LATIN = """
in at near from to into toward towards towards around outside inside of between across within via
city town village district port airport base airbase field road outskirts suburb suburbs south north
east west southern northern eastern western central en a au aux de du des pres vers dans ville
region province municipality oasis front axis
"""
LOCATIVE_WORDS: frozenset[str] = frozenset(fold(w) for w in (_LOCATIVE_AR + _LOCATIVE_LATIN).split())

# Attached prepositions that make the word after them a place, and how much: ب "in/at" is fair evidence,
# ل "to/for" weak (للعبور "for crossing", فلنسمه "let us call it").
LOCATIVE_PROCLITICS: dict[str, float] = {"ب": 0.6, "وب": 0.6, "فب": 0.6, "ل": 0.3, "ول": 0.3, "فل": 0.3}

# The strongest cues: a word right after these is a place far more often than not. A misspelt name is
# taken only after one of them (من, الى, عن are too common to vouch for a typo).
STRONG_LOCATIVE_WORDS: frozenset[str] = frozenset(
    fold(w)
    for w in """
في قرب بقرب محيط بمحيط ضواحي بضواحي اطراف باطراف مشارف بمشارف داخل وسط بوسط مدينه بمدينه لمدينه
بلده ببلده قريه بقريه منطقه بمنطقه ميناء بميناء مطار بمطار قاعده بقاعده معسكر حقل بحقل محور بمحور
""".split()
)

# Head nouns that say what kind of place follows: evidence for candidates of that kind.
KIND_HINTS: dict[str, tuple[str, ...]] = {
    fold(k): v
    for k, v in {
        "مطار": ("airport", "air_base"), "بمطار": ("airport", "air_base"), "لمطار": ("airport", "air_base"),
        "قاعده": ("air_base", "military_base"), "بقاعده": ("air_base", "military_base"),
        "ميناء": ("port", "oil_terminal"), "بميناء": ("port", "oil_terminal"), "مرفا": ("port", "oil_terminal"),
        "حقل": ("oil_field",), "بحقل": ("oil_field",), "حقول": ("oil_field",),
        "طريق": ("road",), "بطريق": ("road",), "محور": ("road", "neighbourhood", "town"),
        "بمحور": ("road", "neighbourhood", "town"),
        "معبر": ("crossing",), "منفذ": ("crossing",), "بمعبر": ("crossing",), "بمنفذ": ("crossing",),
        "حي": ("neighbourhood",), "بحي": ("neighbourhood",), "منطقه": ("neighbourhood", "town", "village", "region"),
        "شعبيه": ("district",), "بلديه": ("city", "town", "district"), "وادي": ("wadi",),
        "مدينه": ("city", "town"), "بمدينه": ("city", "town"), "بلده": ("town", "village"),
        "قريه": ("village", "town"), "معسكر": ("military_base",),
        "airport": ("airport", "air_base"), "airbase": ("air_base",), "base": ("air_base", "military_base"),
        "port": ("port", "oil_terminal"), "terminal": ("oil_terminal", "port"), "field": ("oil_field",),
        "oilfield": ("oil_field",), "road": ("road",), "crossing": ("crossing",), "district": ("district",),
        "neighbourhood": ("neighbourhood",), "neighborhood": ("neighbourhood",), "city": ("city", "town"),
        "town": ("town", "village", "city"), "village": ("village", "town"), "aeroport": ("airport",),
        "ville": ("city", "town"), "العاصمه": ("city",), "capital": ("city",), "capitale": ("city",),
    }.items()
}

# Words after a name (or around it) that move it abroad: طرابلس اللبنانية, Tripoli, Lebanon.
# Mapped to ISO 3166-1 alpha-2. Completed at run time by the gazetteer's demonyms and country names.
FOREIGN_QUALIFIERS: dict[str, str] = {
    fold(k): v
    for k, v in {
        "اللبنانيه": "LB", "لبنان": "LB", "بلبنان": "LB", "lebanon": "LB", "lebanese": "LB", "liban": "LB",
        "السوريه": "SY", "سوريا": "SY", "syria": "SY", "syrian": "SY", "syrie": "SY",
        "التونسيه": "TN", "المصريه": "EG", "الجزائريه": "DZ", "الامريكيه": "US", "الاميركيه": "US",
        "التركيه": "TR", "الفرنسيه": "FR", "الايطاليه": "IT", "السودانيه": "SD", "التشاديه": "TD",
    }.items()
}

# Bearings: folded word -> degrees clockwise from north.
BEARINGS: dict[str, float] = {
    "شمال": 0, "شمالي": 0, "الشمال": 0, "شمالا": 0,
    "جنوب": 180, "جنوبي": 180, "الجنوب": 180, "جنوبا": 180,
    "شرق": 90, "شرقي": 90, "الشرق": 90, "شرقا": 90,
    "غرب": 270, "غربي": 270, "الغرب": 270, "غربا": 270,
    "north": 0, "south": 180, "east": 90, "west": 270,
    "northeast": 45, "northwest": 315, "southeast": 135, "southwest": 225,
    "nord": 0, "sud": 180, "est": 90, "ouest": 270,
}

# Place-list separators: a name next to another place through these is in a list of places.
LIST_JOINERS = frozenset({"و", "او", "and", "or", "et", "ou", "ثم"})

# Tokens that, right after an ambiguous Arabic name, show it is being used as an ordinary word
# (سرت شائعات "rumours spread", الخمس سنوات "the five years").
COMMON_WORD_FOLLOWERS = frozenset(
    fold(w)
    for w in """
شائعات انباء حاله موجه اجواء روح قشعريره السنوات سنوات الاعوام اعوام الماضيه الاخيره دقائق ايام
ساعات مرات الاولي الثانيه بالمئه بالمائه مليون الف مليار نقاط اشهر شهور اسابيع الكبري
والمغفره المغفره الواسعه والرضوان ورحمته عليه
""".split()
)

# Words right before a name that make it an ordinary word: القوة القاهرة is force majeure, not Cairo.
NOT_A_PLACE_AFTER: dict[str, frozenset[str]] = {
    fold(k): frozenset(fold(w) for w in v.split())
    for k, v in {
        "القاهرة": "القوة قوة الظروف ظروف",
        "الرحمة": "لهم له لها الله رب",
        "سرت": "قد لقد وقد فقد كما",
        # "90 في المائة": per cent, never the town of Al-Maya (written الماية)
        "المائة": "في بالمائة",
    }.items()
}

# Words right after a name that make it an ordinary word: مسقط رأسه is "his birthplace", not Muscat.
NOT_A_PLACE_BEFORE: dict[str, frozenset[str]] = {
    fold(k): frozenset(fold(w) for w in v.split())
    for k, v in {
        "مسقط": "رأسه رأسها رأس راسه راسها راس",
        # سرت "spread" before its subject: سرت شائعات, سرت أنباء, سرت حالة من الهلع
        "سرت": "شائعات شائعه انباء انباء حاله موجه اجواء روح قشعريره مخاوف تكهنات اقاويل رعشه",
        "الرجمة": "والمغفرة المغفرة الواسعة والرضوان",
        # outlets and institutes named after the region: Middle East Eye, Middle East Monitor
        "middle east": "eye monitor institute forum online studies quarterly",
        "the middle east": "eye monitor institute forum online studies quarterly",
        "africa": "command cup corps",
    }.items()
}

# Places that text ties to an actor without naming them together as a place: the LNA's General
# Command sits at Al-Rajma. Such a word in the sentence supports reading a misspelt name as the place.
ASSOCIATED_WORDS: dict[str, frozenset[str]] = {
    "curated:al_rajma": frozenset(fold(w) for w in "حفتر المشير القياده العامه القائد".split()),
}
