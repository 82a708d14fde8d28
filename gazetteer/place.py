"""The gazetteer's record of one place."""

from __future__ import annotations

from dataclasses import dataclass, field

PLACE_KINDS = (
    "country", "region", "district", "city", "town", "village", "hamlet", "neighbourhood", "airport",
    "air_base", "military_base", "port", "oil_terminal", "oil_field", "road", "crossing", "wadi",
    "landmark", "mountain", "oasis", "island", "sea",
)


@dataclass(frozen=True, slots=True)
class Place:
    """One place, merged across sources.

    ``id`` is ``source:key`` of the source that won the merge; ``provenance`` lists every source
    record merged into it.  ``names`` holds every name form known (Arabic and Latin), including
    ``name`` and ``name_ar``.

    ``admin1`` is the shabiya (GeoNames' English names of the 22 shabiyat of 2007, e.g. ``Misratah``)
    and ``admin2`` the baladiya (the Ministry of Local Government's list, its English form, e.g.
    ``Abu Salim``).  How they were assigned is in ``gazetteer/data/LICENSES.md`` and ``gazetteer.build``.

    The contract with the recogniser about dangerous names (documented here on purpose: it is the
    one seam between the gazetteer and geo/places):

    * ``ambiguous``: the place's own main name is also an ordinary word, so a mention of it needs
      evidence in context (a locative cue, a list of places).  Set by the curated tables' judgement,
      and by the build for open-data places whose Arabic main name is flagged ``common_word``.
    * ``ambiguity``: 0..1, the largest measured share of *non-place* readings among the place's
      Arabic name forms (NewsFANE: tokens tagged O or as another entity type, over all occurrences);
      0.0 when none of its forms was measured.  1.0 means "an ordinary word every time we saw it".
    * ``common_word``: at least one of the place's name forms is flagged as an ordinary word
      (measured, very short, or a bare generic noun such as السوق "the market").
    Per *form* figures (which of a place's names is the dangerous one) are in the index:
    ``GazetteerIndex.name_ambiguity`` (folded form -> score) and ``GazetteerIndex.common_words``
    (folded forms), see ``gazetteer/index.py``.  The recogniser should look the matched form up
    there; the place-level fields are summaries.
    """

    id: str
    name: str
    lat: float
    lon: float
    kind: str
    country: str
    name_ar: str | None = None
    names: tuple[str, ...] = ()
    admin1: str | None = None
    population: int | None = None
    source: str = ""
    provenance: tuple[str, ...] = field(default=())
    # Names that are also ordinary words (الخمس five, الزاوية angle ...): need context to count.
    ambiguous: bool = False
    admin2: str | None = None
    ambiguity: float = 0.0
    common_word: bool = False

    @property
    def in_libya(self) -> bool:
        return self.country == "LY"

    def all_names(self) -> tuple[str, ...]:
        seen = dict.fromkeys([self.name, *([self.name_ar] if self.name_ar else []), *self.names])
        return tuple(n for n in seen if n)
