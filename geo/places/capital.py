"""Relative expressions anchored on the capital without its name (جنوب العاصمة, على بعد 40 كم شرق العاصمة
الليبية, south of the capital, au sud de la capitale) or on "the town" the paragraph has just named (جنوب
شرقي المدينة, غرب البلدة, south of the town).

The capital is that of the country an adjective names (العاصمة المصرية, the Egyptian capital), else of the
country the passage is about (the same vote as for البلاد: a tool for Libyan news reads Libya unless another
country clearly dominates the text before). Tripoli was Libya's capital in every period of the conflict
(the House of Representatives sat in Tobruk and its government in al-Bayda from 2014, but "the capital" of
the reporting stays Tripoli). A bare العاصمة with no direction is no record: "قال مسؤول في العاصمة" names no
place the way a toponym does, and a wrong guess would be a plausible wrong point.

The point is projected as for a named anchor (the same land test, the same description rule for offsets
over 100 km); "جنوب العاصمة طرابلس", where the name follows, is left to the named anchor.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence

from gazetteer.normalize import FoldedText, fold
from gazetteer.place import Place
from gazetteer.sources.curated import capital_names
from geo.article import Article
from geo.places.mention import Mention
from geo.places.relative import (
    DESCRIPTION_KM,
    RelativeCue,
    _after_located,
    _article_country,
    _described,
    _place_on_land,
    _relative_record,
    _trim_preposition,
    distance_after,
    find_relative,
    relative_label,
)

# Folded: العاصمه with an attached ب/ل/و (للعاصمه = ل + ال), then an optional nisba adjective; Latin and
# French: "the (Libyan) capital", "la capitale (libyenne)".
_AR_CAPITAL = re.compile(r"(?:^| )(?P<word>(?:[وف]?(?:ب|لل)?)العاصمه)(?: (?P<adj>ال\S+يه))?(?= |$)")
_LATIN_CAPITAL = re.compile(
    r"(?:^| )(?P<word>the capital|the (?P<adj>\S+) capital|la capitale)(?: (?P<fadj>\S+))?(?= |$)"
)
_CITY_KINDS = frozenset({"city", "town"})
# "جنوب شرقي المدينة", "south of the town": the town the paragraph has just named.
_AR_ANAPHOR = re.compile(r"(?:^| )(?P<word>(?:[وف]?(?:ب|لل)?)(?:المدينه|البلده|القريه))(?= |$)")
_LATIN_ANAPHOR = re.compile(r"(?:^| )(?P<word>the (?:city|town|village))(?= |$)")
_SETTLEMENT_KINDS = frozenset({"city", "town", "village", "hamlet", "oasis"})
_ANAPHOR_REACH = 600


def capital_mentions(
    article: Article, mentions: list[Mention], folded: FoldedText, places: Sequence[Place],
    demonyms: Mapping[str, str],
) -> list[Mention]:
    """The relative records anchored on an unnamed capital, to be merged into ``mentions``."""
    ftext = folded.text
    named = [m for m in mentions if m.kind != "relative"]
    starts = [m.start for m in named]
    taken = sorted((m.start, m.end) for m in mentions)
    out: list[Mention] = []
    for latin, pat in ((False, _AR_CAPITAL), (True, _LATIN_CAPITAL), (False, _AR_ANAPHOR), (True, _LATIN_ANAPHOR)):
        capital_phrase = pat in (_AR_CAPITAL, _LATIN_CAPITAL)
        for hit in pat.finditer(ftext):
            word_start = hit.start("word")
            cue = find_relative(ftext, word_start, latin)
            if cue is None:
                continue
            if not capital_phrase:
                s, e = folded.span(cue.start, hit.end("word"))
                if any(a < e and s < b for a, b in taken) or _name_follows(e, named):
                    continue
                town = _last_settlement(named, starts, s, article.text)
                if town is None or town.place is None:
                    continue
                out += _record(article, folded, town.place, cue, hit.end("word"), latin, named, starts, taken, 0.7)
                continue
            adj = hit.group("adj") or (hit.group("fadj") if latin else None)
            iso = _nisba_country(adj, demonyms) if adj else None
            # An Arabic or French adjective follows the noun (العاصمة الليبية, la capitale libyenne); an English
            # one is inside the phrase already. A word after it that names no country is not part of it.
            after_adj = hit.end("fadj") if latin and hit.group("fadj") else hit.end("adj") if not latin else -1
            end_f = after_adj if iso and after_adj > 0 else hit.end("word")
            s, e = folded.span(cue.start, end_f)
            if any(a < e and s < b for a, b in taken):
                continue  # the capital's name follows (جنوب العاصمة طرابلس): the named anchor has it
            if _name_follows(e, named):
                continue
            iso = iso or _article_country(named, starts, s)
            capital = capital_place(iso, places) if iso else None
            if capital is None:
                continue
            out += _record(article, folded, capital, cue, end_f, latin, named, starts, taken, 0.75)
    return out


def _record(
    article: Article, folded: FoldedText, anchor: Place, cue: RelativeCue, end_f: int, latin: bool,
    named: list[Mention], starts: list[int], taken: list[tuple[int, int]], conf: float,
) -> list[Mention]:
    """The relative record of ``cue`` anchored on ``anchor`` (none when its point leaves Libya's land)."""
    s, e = folded.span(cue.start, end_f)
    offset_km = cue.offset_km
    if offset_km is None and (after := distance_after(folded.text, end_f, latin)) is not None:
        offset_km = after[1]
        e = int(folded.offsets[after[0] - 1]) + 1
    point = _place_on_land(anchor, cue.bearing_deg, offset_km, cue.inside)
    if point is None:
        return []  # off Libya's land: no point is better than a wrong one
    s = _trim_preposition(article.text, s, e)
    k = bisect.bisect_left(starts, s)
    # "الخمس، على بعد 120 كم شرق العاصمة", "Zawiya and Sabratha, west of the capital": says where the
    # place before it lies.
    described = _described(k, named, s, article.text)
    role = "location"
    if described is not None or (offset_km is not None and offset_km > DESCRIPTION_KM) or _after_located(
        article.text, s
    ):
        role = "description"
    taken.append((s, e))
    return [_relative_record(
        article, anchor, s, e, point[0], point[1], cue.bearing_deg, offset_km, conf,
        label=relative_label(anchor, cue.bearing_deg, offset_km), role=role,
        describes=described.place if described is not None else None,
    )]


def _last_settlement(named: list[Mention], starts: list[int], pos: int, text: str) -> Mention | None:
    """The town the paragraph named last before ``pos`` (no paragraph break between them)."""
    for m in reversed(named[: bisect.bisect_left(starts, pos)]):
        if pos - m.end > _ANAPHOR_REACH or "\n\n" in text[m.end : pos]:
            return None
        # "مصراتة الواقعة 200 كم شرق طرابلس": Tripoli there only says where Misrata lies; the town is Misrata.
        if m.place is not None and m.place.kind in _SETTLEMENT_KINDS and m.role != "description_anchor":
            return m
    return None


def _name_follows(end: int, named: list[Mention]) -> bool:
    """A place name right after the phrase (", Tripoli", " طرابلس"): the phrase is its apposition."""
    i = bisect.bisect_left([m.start for m in named], end)
    return i < len(named) and named[i].start - end <= 2


def _nisba_country(adj: str, demonyms: Mapping[str, str]) -> str | None:
    """الليبيه -> LY, المصريه -> EG, libyan -> LY, libyenne -> LY (the index's demonyms, folded)."""
    for form in (adj, adj[:-1] if adj.endswith("ه") else adj, adj.removeprefix("ال")):
        iso = demonyms.get(fold(form))
        if iso:
            return iso
    return None


_CAPITALS: dict[tuple[int, str], tuple[Sequence[Place], Place | None]] = {}


def capital_place(iso: str, places: Sequence[Place]) -> Place | None:
    """The gazetteer's place for the capital of ``iso``: a city of that country named like the countries
    table's capital (a curated row first, then the most populous)."""
    key = (id(places), iso)
    entry = _CAPITALS.get(key)
    if entry is not None and entry[0] is places:
        return entry[1]
    if len(_CAPITALS) > 64:
        _CAPITALS.clear()
    names = capital_names().get(iso)
    best: Place | None = None
    if names:
        wanted = {fold(n) for n in names if n}
        for p in places:
            if p.country != iso or p.kind not in _CITY_KINDS:
                continue
            if not wanted & {fold(n) for n in p.all_names()}:
                continue
            if best is None or (p.id.startswith("curated:"), p.population or 0) > (
                best.id.startswith("curated:"), best.population or 0
            ):
                best = p
    _CAPITALS[key] = (places, best)
    return best
