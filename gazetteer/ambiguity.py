"""Which place names are also ordinary Arabic words: measured on a tagged corpus, and flagged.

A name found by the text scan is only a place when the text means it as one: الخمس is Al Khums and
"the five", الزاوية is Zawiya and "the corner", السوق is a village in OpenStreetMap and "the market".
How often each name form is a place and how often something else is measured on NewsFANE (Arabic
newswire, every token tagged with its entity type or O) by ``measure`` and shipped as numbers per
folded name form in ``gazetteer/data/name_ambiguity.csv`` (no corpus text).  ``load_table`` reads
that table for the index.

The corpus is clitic-segmented (و, ب, ل, ه are separate tokens) but keeps the article ال attached,
so a folded gazetteer form (``gazetteer.normalize.fold``) is compared with folded token n-grams.
The file has a UTF-8 BOM, CRLF line ends and a left-to-right mark before each token: ``fold`` drops
the marks, ``utf-8-sig`` the BOM.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from gazetteer.normalize import fold, is_arabic

TABLE_NAME = "name_ambiguity.csv"
TABLE_COLUMNS = ("form", "n_place", "n_person", "n_entity", "n_other", "ambiguity", "common_word", "scan", "reason")

LOCATION_TYPES = frozenset({
    "Nation", "Population-Center", "State-or-Province", "Continent", "Water-Body", "Land",
    "County-or-District", "Airport", "Building-Grounds", "Path", "GPE-Cluster", "Land-Region-Natural",
    "Subarea-Facility",
})
PERSON_TYPES = frozenset({
    "Politician", "Athlete", "Artist", "Other_PER", "Religious_PER", "Scientist", "Businessperson", "Lawyer",
    "Engineer",
})
MAX_WORDS = 6

# Bare generic nouns of Libyan place names: alone (with or without ال) they name a kind of place,
# not a place; OSM and WOF have villages called السوق, المزرعة, البئر.
GENERIC_NOUNS = frozenset(fold(w) for w in """
بئر بير عين وادي قصر جبل سوق مزرعة مزارع محطة مطار ميناء معسكر جامعة مستشفى مدرسة مسجد جامع حي شارع
طريق كوبري جسر دوار بوابة ساحة ميدان منطقة مدينة قرية بلدة نجع كفر مشروع مصنع شركة مركز سد بحيرة بحر
شاطئ ساحل صحراء واحة سهل غابة حديقة حقل ميناء مرسى رأس راس خليج جزيرة قلعة برج سجن مخيم قاعدة
نقطة بوابه مفترق تقاطع كيلو مجمع عمارة عمارات اسكان منازل بيوت حوش جديد جديدة قديم قديمة
شرقي غربي شمالي جنوبي شرقية غربية شمالية جنوبية وسط اعلي اسفل كبير صغير كبري صغري
""".split())

# Surnames of the conflict's public figures that are also the names of villages and quarters in
# OpenStreetMap (السراج is a quarter of Janzour and the Prime Minister of 2016-2021), and common given
# names, in both scripts ("Salah Al-Burki militia", "Khalifa Hafter"): in Libyan news the person is
# meant far more often than the place.
PERSON_NAMES = frozenset(fold(w) for w in """
السراج حفتر الدبيبة الدبيبه المشري باشاغا القذافي الثني الغويل جويلي النمروش بوشناف المنفي اللافي الكوني
الحويج البرغثي الناظوري المسماري الفرجاني بادي الككلي غنيوة التاجوري الجضران الغرياني بلحاج الزهاوي
الماجري السويحلي معيتيق الكبير عقيلة زيدان جبريل الكيب عبدالجليل الحاسي الشريف الورشفاني المرغني
""".split()) | frozenset(fold(w) for w in """
صالح خليفة خليفه ميلاد سالم سعيد سعد علي عمر أحمد احمد محمد مصطفى حسن حسين إبراهيم ابراهيم يوسف منصور فرج
عبدالله خالد عثمان مفتاح رمضان جمعة جمعه عياد حمزة بشير مختار عادل
salah saleh salih khalifa khalifah milad salem salim said saad ali omar umar ahmed ahmad mohamed mohammed
muhammad mustafa hassan hasan hussein husain ibrahim youssef yousef mansour mansur faraj abdallah abdullah
khaled khalid othman osman miftah ramadan jumaa ayad hamza bashir mukhtar adel
""".split())

# Descriptive words that, ending a name made only of generic nouns, make it a description (الشارع
# الغربي "the western street", القرية الشرقية "the eastern village") rather than a name.
DESCRIPTIVE = frozenset(fold(w) for w in """
جديد جديدة قديم قديمة شرقي غربي شمالي جنوبي شرقية غربية شمالية جنوبية وسط اعلي اسفل كبير صغير كبري صغري
""".split())

# A share of non-place readings at or above this makes a measured name an ordinary word.
COMMON_SHARE = 0.5
# Folded forms this short (without ال) match inside too many ordinary words to be trusted alone.
SHORT_LETTERS = 2


@dataclass(frozen=True, slots=True)
class Measure:
    n_place: int = 0
    n_person: int = 0  # tagged as a person (politician, athlete ...)
    n_entity: int = 0  # tagged as another entity (a government, a club, a newspaper: often metonymy)
    n_other: int = 0  # tagged O: an ordinary word

    @property
    def total(self) -> int:
        return self.n_place + self.n_person + self.n_entity + self.n_other

    @property
    def ambiguity(self) -> float:
        """Share of non-place readings."""
        return round((self.total - self.n_place) / self.total, 3) if self.total else 0.0

    @property
    def word_share(self) -> float:
        """Share of readings as an ordinary word or a person's name: what a place name must not
        be mistaken for (a capital standing for its government, مدريد for Spain, is still a place)."""
        return round((self.n_other + self.n_person) / self.total, 3) if self.total else 0.0


# Measured this often and a place this rarely, a name is not worth scanning for at all in bulk data.
NO_SCAN_SHARE = 0.9
NO_SCAN_MIN = 3
# Reasons that make a form of a bulk-source place search-only (see ``NameFlag.scan``).
NO_SCAN_REASONS = frozenset({"very short", "generic noun", "generic nouns", "person name"})


@dataclass(frozen=True, slots=True)
class NameFlag:
    form: str  # folded
    measure: Measure
    ambiguity: float
    common_word: bool
    reason: str

    # Whether the text scan looks for this form on a place from a bulk source (OSM, WOF): not for
    # person names, bare generic nouns, forms of one or two letters, frequent ordinary words, or
    # forms that were an ordinary word nearly every time they were seen.  ``gazetteer search``
    # finds them all.
    scan: bool = True


def _no_scan(fl: NameFlag) -> NameFlag:
    m = fl.measure
    if fl.reason in NO_SCAN_REASONS or (m.total >= NO_SCAN_MIN and m.word_share >= NO_SCAN_SHARE):
        return replace(fl, scan=False)
    return fl


def read_corpus(path: str | Path) -> list[tuple[str, str]]:
    """(folded token, coarse tag) pairs, ``loc`` / ``ent`` / ``O``; a sentence break is ('', '')."""
    out: list[tuple[str, str]] = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for line in fh:
            token, _, tag = line.rstrip("\r\n").partition("\t")
            token = fold(token)
            if not token:
                out.append(("", ""))
                continue
            tag = tag.strip() or "O"
            if tag == "O":
                out.append((token, "O"))
            else:
                kind = tag.split("-", 1)[1] if "-" in tag else tag
                out.append((token, "loc" if kind in LOCATION_TYPES else "per" if kind in PERSON_TYPES else "ent"))
    return out


def measure(tokens: list[tuple[str, str]], forms: Iterable[str]) -> dict[str, Measure]:
    """How each folded form occurs in the corpus: an n-gram of tokens equal to the form's words,
    a place when any of its tokens is tagged a location (دولة قطر: دولة is O, قطر a Nation),
    else another entity when any token is one, else an ordinary word."""
    wanted: dict[tuple[str, ...], str] = {}
    for f in forms:
        words = tuple(f.split())
        if words and len(words) <= MAX_WORDS:
            wanted[words] = f
    if not wanted:
        return {}
    longest = max(len(w) for w in wanted)
    firsts = {w[0] for w in wanted}
    counts: dict[str, Counter[str]] = {}
    words = [t for t, _ in tokens]
    for i, w in enumerate(words):
        if not w or w not in firsts:
            continue
        for n in range(1, longest + 1):
            gram = tuple(words[i : i + n])
            if len(gram) < n or "" in gram:
                break
            f = wanted.get(gram)
            if f is not None:
                tags = {tokens[j][1] for j in range(i, i + n)}
                tag = next((t for t in ("loc", "per", "ent") if t in tags), "O")
                counts.setdefault(f, Counter())[tag] += 1
    return {f: Measure(c["loc"], c["per"], c["ent"], c["O"]) for f, c in counts.items()}


def _bare(form: str) -> str:
    return form[2:] if form.startswith("ال") and len(form) > 2 else form


def flag(form: str, measured: dict[str, Measure]) -> NameFlag:
    return _no_scan(_flag(form, measured))


def _flag(form: str, measured: dict[str, Measure]) -> NameFlag:
    """The verdict on one folded Arabic form, from its own figures, else from the figures of the
    same word with or without ال, else from its shape (very short, a bare generic noun)."""
    own = measured.get(form)
    words = form.split()
    bare = _bare(form)
    if form in PERSON_NAMES:
        return NameFlag(form, own or Measure(), 1.0, True, "person name")
    if len(words) == 1 and bare in GENERIC_NOUNS:
        # قرية is tagged a place in 4 of 12 NewsFANE sentences, and is still never a place's name alone.
        return NameFlag(form, own or Measure(), 1.0, True, "generic noun")
    if own is not None and own.total >= 2:
        common = own.word_share >= COMMON_SHARE
        return NameFlag(form, own, own.ambiguity, common, "measured")
    if len(words) == 1:
        alt = measured.get(bare) if bare != form else measured.get("ال" + form)
        if alt is not None and alt.total >= 3 and alt.word_share >= COMMON_SHARE:
            # The figures are those of the other spelling, as the reason says.
            return NameFlag(form, alt, alt.ambiguity, True, "measured without/with al-")
        if len(bare.replace(" ", "")) <= SHORT_LETTERS:
            return NameFlag(form, own or Measure(), 1.0, True, "very short")
        if bare in GENERIC_NOUNS:
            return NameFlag(form, own or Measure(), 1.0, True, "generic noun")
        if own is not None and own.total == 1 and own.n_place == 0 and len(bare) <= 4:
            # Seen once, as an ordinary word, and short: the usual fate of three-letter names.
            return NameFlag(form, own, 1.0, True, "measured once, short")
    elif all(_bare(w) in GENERIC_NOUNS for w in words) and _bare(words[-1]) in DESCRIPTIVE:
        return NameFlag(form, own or Measure(), 1.0, True, "generic nouns")
    if own is not None:
        return NameFlag(form, own, own.ambiguity, False, "measured once")
    return NameFlag(form, Measure(), 0.0, False, "")


# General-language frequency (wordfreq's Zipf scale: 3 = once per million words) above which a
# one-word name that only bulk sources carry is an ordinary word or a famous other thing (صياد
# fisherman 3.7, العدم nothing 3.8, الناصرية Nasiriyah 3.5), not a Libyan village.  Libyan towns
# that are this frequent are in the curated tables, which this rule leaves alone.
FREQUENT_ZIPF = 3.5
NO_SCAN_ZIPF = 3.7


def frequent_flag(form: str, zipf: float, current: NameFlag | None) -> NameFlag | None:
    """The frequency verdict on a one-word form of bulk-source places only (None: no change)."""
    if " " in form or zipf < FREQUENT_ZIPF:
        return None
    label = f"frequent word (zipf {zipf:.1f})" if zipf >= NO_SCAN_ZIPF else f"frequent (zipf {zipf:.1f})"
    if current is None:
        return NameFlag(form, Measure(), 0.5, True, label, scan=zipf < NO_SCAN_ZIPF)
    return replace(current, common_word=True, ambiguity=max(current.ambiguity, 0.5),
                   reason=f"{current.reason}; {label}", scan=current.scan and zipf < NO_SCAN_ZIPF)


def flags_for(
    names: Iterable[str],
    tokens: list[tuple[str, str]],
    bulk_only: Iterable[str] = (),
    zipf: Callable[[str], float] | None = None,
) -> list[NameFlag]:
    """Flags for every distinct Arabic name (folded), measured on ``tokens``, sorted by form.  Only
    forms with a figure or a flag are returned: the rest is 'no evidence either way'.  ``bulk_only``
    (folded forms no curated row has) are also judged by general-language frequency ``zipf``."""
    forms = sorted({fold(n) for n in names if n and is_arabic(n)} - {""})
    wanted = set(forms) | {_bare(f) for f in forms} | {"ال" + f for f in forms if " " not in f}
    measured = measure(tokens, wanted)
    bulk = set(bulk_only)
    out = []
    for f in forms:
        fl: NameFlag | None = flag(f, measured)
        if zipf is not None and f in bulk:
            fl = frequent_flag(f, zipf(f), fl if fl.reason else None) or fl
        if fl.reason:
            out.append(fl)
    return out


def latin_flags(bulk_only_latin: dict[str, float]) -> list[NameFlag]:
    """One-word Latin names that only bulk sources carry and that are ordinary words of the press's
    languages (``zipf``: the highest of English, French and Italian): "Village", "Silk", "Bomba" (an
    Italian bomb, and Bomba/Bombah on the Gulf of Bomba)."""
    out = []
    for form, z in sorted(bulk_only_latin.items()):
        if form in PERSON_NAMES:
            out.append(NameFlag(form, Measure(), 1.0, True, "person name", scan=False))
            continue
        fl = frequent_flag(form, z, None)
        if fl is not None:
            out.append(replace(fl, reason=fl.reason.replace("(zipf", "(en/fr/it zipf")))
    return out


def write_table(flags: Iterable[NameFlag], path: str | Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(TABLE_COLUMNS)
        for fl in flags:
            m = fl.measure
            w.writerow([fl.form, m.n_place, m.n_person, m.n_entity, m.n_other, f"{fl.ambiguity:.3f}",
                        int(fl.common_word), int(fl.scan), fl.reason])


def load_table(path: str | Path | None = None) -> dict[str, tuple[float, bool, bool]]:
    """Folded form -> (ambiguity, common_word, scan) from the shipped table (empty when absent)."""
    p = Path(path) if path else Path(str(resources.files("gazetteer") / "data" / TABLE_NAME))
    if not p.exists():
        return {}
    out: dict[str, tuple[float, bool, bool]] = {}
    with open(p, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            try:
                out[row["form"]] = (float(row["ambiguity"]), row["common_word"] == "1", row["scan"] != "0")
            except (KeyError, ValueError, TypeError):
                continue
    return out
