"""The compiled gazetteer index: every place of every source merged, and the name maps the
recogniser and ``conflictmap gazetteer search`` look names up in.

Plain picklable data (no geo/ imports), so that it can be compiled once and loaded in milliseconds.
"""

from __future__ import annotations

import itertools
import math
import pickle
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from typing import Any

from gazetteer.merge import MergedPlace, cached_fold, cached_name_key, haversine_km, merge_places
from gazetteer.normalize import KEY_VERSION, is_arabic, latin_skeleton, name_key
from gazetteer.place import Place
from gazetteer.sources.base import PlaceSource

# The pickled layout's version, and the name keys' (an index built with other keys must be rebuilt).
FORMAT_VERSION = 500 + KEY_VERSION

# How likely a mention of a name of this kind is meant, other things equal: news names cities and
# countries far more often than the wadi or the hamlet that shares their name.
KIND_PRIOR: dict[str, float] = {
    "country": 1.0,
    "city": 0.95,
    "town": 0.8,
    "region": 0.7,
    "oasis": 0.7,
    "air_base": 0.65,
    "airport": 0.65,
    "oil_terminal": 0.65,
    "district": 0.6,
    "village": 0.6,
    "oil_field": 0.55,
    "port": 0.55,
    "neighbourhood": 0.55,
    "crossing": 0.5,
    "military_base": 0.5,
    "road": 0.45,
    "hamlet": 0.4,
    "wadi": 0.4,
    "mountain": 0.4,
    "island": 0.4,
    "landmark": 0.3,
}
# Kinds counted as "districts or facilities" by ``info()`` (the target: at least 500).
DISTRICT_OR_FACILITY = frozenset({
    "district", "neighbourhood", "airport", "air_base", "military_base", "port", "oil_terminal", "oil_field",
    "road", "crossing", "landmark",
})
# A match on a form that only a secondary source attached counts for less.
ALIAS_FACTOR = 0.85


_PLACE_FIELDS = tuple(f.name for f in fields(Place))


@dataclass(frozen=True, slots=True)
class SearchHit:
    place: Place
    score: float  # 0..1
    how: str  # "exact" | "skeleton" | "fuzzy"


def place_prior(p: Place) -> float:
    """A 0..1 prior from kind, population, curation and being in Libya."""
    pop = math.log10(p.population) / 7 if p.population and p.population > 1 else 0.0
    return round(
        0.55 * KIND_PRIOR.get(p.kind, 0.3)
        + 0.25 * min(pop, 1.0)
        + 0.1 * (p.source == "curated")
        + 0.1 * p.in_libya,
        4,
    )


_ABU = ("ابو", "بو")
# Id prefixes of the curated tables that are not the source name.
_PREFIX_SOURCE = {"city": "curated", "country": "curated"}


def abu_variants(folded: str) -> set[str]:
    """Spellings of a folded Arabic name with the Abu particle joined, split, with and without alef:
    بو قرين -> {بو قرين, بوقرين, ابو قرين, ابوقرين}.  A single word starting with بو is only split
    when at least three letters remain (بوري stays whole)."""
    words = folded.split()
    options: list[list[str]] = []
    changed = False
    i = 0
    while i < len(words):
        w = words[i]
        rest: str | None = None
        if w in _ABU and i + 1 < len(words):
            rest = words[i + 1]
            i += 1
        elif w.startswith("ابو") and len(w) >= 6:
            rest = w[3:]
        elif w.startswith("بو") and len(w) >= 5:
            rest = w[2:]
        if rest is None:
            options.append([w])
        else:
            changed = True
            options.append([f"{p}{sep}{rest}" for p in _ABU for sep in (" ", "")])
        i += 1
    if not changed:
        return {folded}
    out = {" ".join(combo) for combo in itertools.islice(itertools.product(*options), 64)}
    out.add(folded)
    return out


@dataclass(slots=True)
class GazetteerIndex:
    places: list[Place]
    # Search tables (normalised key and Latin skeleton -> places): only ``search``/``lookup`` read them, the
    # text scan does not, so a loaded index unpickles them on first use (see ``__setstate__``).
    _by_key: dict[str, tuple[int, ...]] | None
    forms: dict[str, tuple[int, ...]]
    demonyms: dict[str, str]
    sources: dict[str, str]
    _by_skeleton: dict[str, tuple[int, ...]] | None = field(default_factory=dict)
    # (key, index) pairs where the key comes only from a secondary source's name form.
    alias_keys: frozenset[tuple[str, int]] = frozenset()
    priors: tuple[float, ...] = ()
    # Folded Arabic name form -> share of non-place readings measured on NewsFANE (0..1), and the
    # forms flagged as ordinary words (measured, very short, bare generic nouns).  The contract with
    # the recogniser is documented on ``gazetteer.place.Place``.
    name_ambiguity: dict[str, float] = field(default_factory=dict)
    common_words: frozenset[str] = frozenset()
    # Folded forms that the text scan does not look for on bulk-source places (person names, bare
    # generic nouns, one- or two-letter forms, near-always ordinary words): ``forms`` leaves those
    # (form, place) pairs out, ``by_key`` keeps them so that ``search`` still finds the place.
    scan_excluded: frozenset[str] = frozenset()
    built_at: str = ""
    build_seconds: float = 0.0
    format_version: int = FORMAT_VERSION
    _fuzzy_keys: dict[bool, list[str]] | None = None
    _search_blob: bytes | None = None

    @property
    def by_key(self) -> dict[str, tuple[int, ...]]:
        if self._by_key is None:
            self._load_search_tables()
        assert self._by_key is not None
        return self._by_key

    @property
    def by_skeleton(self) -> dict[str, tuple[int, ...]]:
        if self._by_skeleton is None:
            self._load_search_tables()
        assert self._by_skeleton is not None
        return self._by_skeleton

    def _load_search_tables(self) -> None:
        blob, self._search_blob = self._search_blob, None
        self._by_key, self._by_skeleton = pickle.loads(blob) if blob is not None else ({}, {})

    # --- lookups ----------------------------------------------------------------------------------

    def _score(self, key: str, i: int) -> float:
        s = self.priors[i]
        return round(s * ALIAS_FACTOR, 4) if (key, i) in self.alias_keys else s

    def lookup(self, name: str) -> list[tuple[Place, float]]:
        """Places whose normalised key equals the name's, best first, with a 0..1 prior score."""
        key = name_key(name)
        return [(self.places[i], self._score(key, i)) for i in self.by_key.get(key, ())]

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        """Exact key, then Latin consonant skeleton, then (only when both found nothing) fuzzy."""
        key = name_key(query)
        if not key or limit <= 0:
            return []
        hits: list[SearchHit] = []
        seen: set[int] = set()
        for i in self.by_key.get(key, ()):
            seen.add(i)
            hits.append(SearchHit(self.places[i], round(0.7 + 0.3 * self._score(key, i), 4), "exact"))
        arabic = is_arabic(query)
        if not arabic:
            sk = latin_skeleton(key)
            for i in self.by_skeleton.get(sk, ()):
                # Consonant skeletons collide across the world (Sirt ~ Surat): keep only near spellings.
                if i not in seen and self._near(key, i):
                    seen.add(i)
                    hits.append(SearchHit(self.places[i], round(0.45 + 0.2 * self.priors[i], 4), "skeleton"))
        if not hits:
            hits = self._fuzzy(key, arabic, limit)
        return hits[:limit]

    def _near(self, key: str, i: int, cutoff: float = 70.0) -> bool:
        from rapidfuzz import fuzz

        return any(
            fuzz.ratio(key, cached_name_key(n)) >= cutoff for n in self.places[i].all_names() if not is_arabic(n)
        )

    def _fuzzy(self, key: str, arabic: bool, limit: int) -> list[SearchHit]:
        from rapidfuzz import fuzz, process

        if self._fuzzy_keys is None:
            self._fuzzy_keys = {True: [], False: []}
            for k in self.by_key:
                self._fuzzy_keys[is_arabic(k)].append(k)
        # Short keys differ by one letter from too many others to be worth guessing at.
        if len(key) < 4:
            return []
        cutoff = 80.0 if len(key) >= 6 else 85.0
        matches = process.extract(
            key, self._fuzzy_keys[arabic], scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit * 3
        )
        best: dict[int, float] = {}
        for k, ratio, _ in matches:
            for i in self.by_key[k]:
                s = round((ratio / 100) * (0.45 + 0.15 * self._score(k, i)), 4)
                if s > best.get(i, 0.0):
                    best[i] = s
        ranked = sorted(best.items(), key=lambda t: -t[1])
        return [SearchHit(self.places[i], s, "fuzzy") for i, s in ranked[:limit]]

    def form_ambiguity(self, form: str) -> tuple[float, bool]:
        """(share of non-place readings, is an ordinary word) of a name form as the text has it;
        (0.0, False) when nothing was measured."""
        f = cached_fold(form)
        return self.name_ambiguity.get(f, 0.0), f in self.common_words

    def get(self, place_id: str) -> Place | None:
        for p in self.places:
            if p.id == place_id or place_id in p.provenance:
                return p
        return None

    def info(self) -> dict[str, Any]:
        by_source: dict[str, int] = {}
        contributed: dict[str, int] = {}
        by_kind: dict[str, int] = {}
        for p in self.places:
            by_source[p.source] = by_source.get(p.source, 0) + 1
            by_kind[p.kind] = by_kind.get(p.kind, 0) + 1
            for src in {
                _PREFIX_SOURCE.get(pid.split(":", 1)[0], pid.split(":", 1)[0]) for pid in p.provenance
            }:
                contributed[src] = contributed.get(src, 0) + 1
        libyan = [p for p in self.places if p.in_libya]
        return {
            "places": len(self.places),
            "in_libya": len(libyan),
            "districts_or_facilities": sum(p.kind in DISTRICT_OR_FACILITY for p in libyan),
            "with_admin1": sum(bool(p.admin1) for p in libyan if p.kind != "country"),
            "with_admin2": sum(bool(p.admin2) for p in libyan if p.kind != "country"),
            "libyan_not_country": sum(p.kind != "country" for p in libyan),
            "common_word_forms": len(self.common_words),
            "measured_forms": len(self.name_ambiguity),
            "ambiguous_places": sum(p.ambiguous for p in libyan),
            "foreign": sum(not p.in_libya for p in self.places),
            "keys": len(self.by_key),
            "forms": len(self.forms),
            "demonyms": len(self.demonyms),
            "by_source": dict(sorted(by_source.items(), key=lambda t: -t[1])),
            "records_by_prefix": dict(sorted(contributed.items(), key=lambda t: -t[1])),
            "by_kind": dict(sorted(by_kind.items(), key=lambda t: -t[1])),
            "sources": dict(self.sources),
            "built_at": self.built_at,
            "build_seconds": self.build_seconds,
            "licence": "see gazetteer/data/LICENSES.md (the built-in Libyan table is ODbL 1.0)",
        }

    def __getstate__(self) -> dict[str, Any]:
        state = {name: getattr(self, name) for name in self.__slots__}  # type: ignore[attr-defined]
        state["_fuzzy_keys"] = None  # rebuilt on first fuzzy search; not worth the bytes on disk
        # Places as plain tuples: unpickling a frozen slots dataclass field by field costs several times
        # what setting its slots does, and the index must load in well under 0.2 s.
        state["places"] = [tuple(getattr(p, f) for f in _PLACE_FIELDS) for p in self.places]
        # The search tables as one nested pickle, read on first use (a text scan never needs them).
        state["_search_blob"] = pickle.dumps((self.by_key, self.by_skeleton), protocol=5)
        state["_by_key"] = state["_by_skeleton"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        state["places"] = [_place_from_row(row) for row in state["places"]]
        slots = self.__slots__  # type: ignore[attr-defined]
        for name, value in state.items():
            if name in slots:  # an older layout's fields are left out; its format_version says rebuild
                object.__setattr__(self, name, value)


# Each slot's own setter: a frozen dataclass's __init__ goes through object.__setattr__ once per field,
# twice as slow for the 2,500 places of a load.
_PLACE_SETTERS = tuple(getattr(Place, f).__set__ for f in _PLACE_FIELDS)


def _place_from_row(row: tuple[Any, ...]) -> Place:
    p = object.__new__(Place)
    for set_slot, value in zip(_PLACE_SETTERS, row, strict=True):
        set_slot(p, value)
    return p


def _rank(
    places: list[Place],
    priors: list[float],
    alias: set[tuple[str, int]],
    table: dict[str, set[int]],
) -> dict[str, tuple[int, ...]]:
    """Order each entry: curated first, then primary-name evidence, prior, Libya, then id."""
    out: dict[str, tuple[int, ...]] = {}
    for k, idx in table.items():

        def order(i: int, k: str = k) -> tuple[Any, ...]:
            p = places[i]
            # A row whose own main name this is comes before rows that list it as a variant (the bare
            # طريق المطار is Tripoli's airport road first, Benghazi's when context says so).
            is_main = k in (cached_name_key(p.name), cached_name_key(p.name_ar or ""))
            return (p.source != "curated", (k, i) in alias, not is_main, -priors[i], not p.in_libya, p.id)

        out[k] = tuple(sorted(idx, key=order))
    return out


def annotate(
    merged: Sequence[MergedPlace],
    ambiguity: dict[str, tuple[float, bool, bool]],
    seats: Sequence[tuple[str, str | None, float, float]],
) -> list[MergedPlace]:
    """Per-place summaries of the name flags (see ``Place``), and admin1/admin2 for the Libyan
    places no source gave them: the baladiya of the nearest checked seat (within the shabiya when
    it is known), the same rule ``gazetteer.build`` applies to the shipped tables."""
    out = []
    for m in merged:
        p = m.place
        changes: dict[str, Any] = {}
        if ambiguity:
            forms = [cached_fold(n) for n in p.all_names()]
            scores = [ambiguity[f] for f in forms if f in ambiguity]
            if scores:
                changes["ambiguity"] = max(s[0] for s in scores)
                changes["common_word"] = any(s[1] for s in scores)
            main = ambiguity.get(cached_fold(p.name_ar or ""))
            # The curated tables carry the project's own judgement; open-data places inherit the flag
            # of their Arabic main name.
            if main and main[1] and p.source != "curated" and not p.ambiguous:
                changes["ambiguous"] = True
        if p.in_libya and p.kind != "country" and seats and not (p.admin1 and p.admin2):
            same = [s for s in seats if p.admin1 and s[1] == p.admin1] or list(seats)
            best = min(same, key=lambda s: (haversine_km(p.lat, p.lon, s[2], s[3]), s[0]))
            changes.setdefault("admin1", p.admin1 or best[1])
            changes.setdefault("admin2", p.admin2 or best[0])
        out.append(MergedPlace(replace(p, **changes), m.primary_names) if changes else m)
    return out


def index_from_merged(
    merged: Sequence[MergedPlace],
    demonyms: dict[str, str],
    sources: dict[str, str],
    build_seconds: float = 0.0,
    ambiguity: dict[str, tuple[float, bool, bool]] | None = None,
) -> GazetteerIndex:
    places = [m.place for m in merged]
    no_scan = frozenset(f for f, a in (ambiguity or {}).items() if not a[2])
    priors = [place_prior(p) for p in places]
    key_of: dict[str, str] = {}
    by_key: dict[str, set[int]] = {}
    forms: dict[str, set[int]] = {}
    skel: dict[str, set[int]] = {}
    alias: set[tuple[str, int]] = set()
    for i, m in enumerate(merged):
        primary_keys = set()
        for n in m.place.all_names():
            k = key_of.get(n) or key_of.setdefault(n, cached_name_key(n))
            if not k:
                continue
            by_key.setdefault(k, set()).add(i)
            if n in m.primary_names:
                primary_keys.add(k)
            if not is_arabic(n):
                skel.setdefault(latin_skeleton(k), set()).add(i)
            f = cached_fold(n)
            if f in no_scan and (m.place.source != "curated" or n not in m.primary_names):
                continue  # search-only form of a bulk-source place or record (see scan_excluded)
            variants = abu_variants(f) if is_arabic(n) else {f}
            for v in variants:
                forms.setdefault(v, set()).add(i)
        for n in m.place.all_names():
            k = key_of.get(n, "")
            if k and k not in primary_keys:
                alias.add((k, i))
    # forms are ranked by the key of the form they fold to
    form_keys = {f: cached_name_key(f) for f in forms}
    ranked_forms: dict[str, tuple[int, ...]] = {}
    ranked_keys = _rank(places, priors, alias, by_key)
    for f, idx in forms.items():
        order = ranked_keys.get(form_keys[f])
        if order is not None and set(order) >= idx:
            ranked_forms[f] = tuple(i for i in order if i in idx)
        else:
            ranked_forms[f] = tuple(sorted(idx, key=lambda i: (places[i].source != "curated", -priors[i])))
    ranked_skel = {
        k: tuple(sorted(v, key=lambda i: (places[i].source != "curated", -priors[i], places[i].id)))
        for k, v in skel.items()
    }
    return GazetteerIndex(
        places=places,
        _by_key=ranked_keys,
        forms=ranked_forms,
        demonyms=dict(demonyms),
        sources=dict(sources),
        _by_skeleton=ranked_skel,
        alias_keys=frozenset(alias),
        priors=tuple(priors),
        name_ambiguity={f: a[0] for f, a in sorted((ambiguity or {}).items())},
        common_words=frozenset(f for f, a in (ambiguity or {}).items() if a[1]),
        scan_excluded=frozenset(f for f, a in (ambiguity or {}).items() if not a[2]),
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        build_seconds=round(build_seconds, 3),
    )


def _priority(src: PlaceSource, position: int) -> tuple[int, int]:
    return (0 if src.name == "curated" else 1, position)


def build_index(sources: Sequence[PlaceSource]) -> GazetteerIndex:
    """Read every source (curated first, then in the order given), merge, and index."""
    t0 = time.perf_counter()
    ordered = [
        s for _, s in sorted(((_priority(s, i), s) for i, s in enumerate(sources)), key=lambda t: t[0])
    ]

    def records() -> Iterable[Place]:
        for src in ordered:
            yield from src.places()

    merged = merge_places(records())
    demonyms: dict[str, str] = {}
    ambiguity: dict[str, tuple[float, bool, bool]] = {}
    seats: list[tuple[str, str | None, float, float]] = []
    for src in ordered:
        get = getattr(src, "demonyms", None)
        if callable(get):
            for k, v in get().items():
                demonyms.setdefault(k, v)
        get_amb = getattr(src, "name_ambiguity", None)
        if callable(get_amb):
            for k, a in get_amb().items():
                ambiguity.setdefault(k, a)
        get_seats = getattr(src, "baladiya_seats", None)
        if callable(get_seats):
            seats += get_seats()
    merged = annotate(merged, ambiguity, seats)
    fingerprints = {source_label(s): s.fingerprint() for s in ordered}
    return index_from_merged(merged, demonyms, fingerprints, time.perf_counter() - t0, ambiguity)


def source_label(src: PlaceSource) -> str:
    """``name`` plus the file for file-backed sources, so two imported CSVs do not collide."""
    path = getattr(src, "path", None)
    return f"{src.name}:{path}" if path is not None else src.name
