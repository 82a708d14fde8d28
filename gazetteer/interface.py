"""What the text stages need of a gazetteer index: the typed seam between ``gazetteer`` and ``geo``.

``gazetteer.index.GazetteerIndex`` is the implementation; the Protocol names only what the place stage
reads, so that the stage does not depend on how the index is built or stored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol, runtime_checkable

from gazetteer.place import Place


@runtime_checkable
class PlaceIndex(Protocol):
    """A compiled name index over places."""

    @property
    def places(self) -> Sequence[Place]:
        """Every place; the tuples below hold positions in this sequence."""
        ...

    @property
    def forms(self) -> Mapping[str, tuple[int, ...]]:
        """Folded name form (``gazetteer.normalize.fold``) -> places, best first."""
        ...

    @property
    def demonyms(self) -> Mapping[str, str]:
        """Folded demonym or nisba (الليبية, Libyan) -> ISO 3166-1 alpha-2."""
        ...

    @property
    def alias_keys(self) -> frozenset[tuple[str, int]]:
        """(name key, place position) pairs where the key is only a secondary source's name form."""
        ...

    @property
    def name_ambiguity(self) -> Mapping[str, float]:
        """Folded name form -> share of its non-place readings measured on NewsFANE (0..1); forms
        not measured are absent.  See ``gazetteer.place.Place`` for the whole contract."""
        ...

    @property
    def common_words(self) -> frozenset[str]:
        """Folded name forms that are also ordinary words (measured, person names, generic nouns,
        very short, frequent words): a match on one needs evidence in context."""
        ...

    def lookup(self, name: str) -> list[tuple[Place, float]]:
        """Places whose normalised key equals the name's, best first, with a 0..1 prior."""
        ...

    def search(self, query: str, limit: int = 10) -> Sequence[SearchResult]:
        """Exact key, then transliteration skeleton, then fuzzy: what ``gazetteer search`` prints."""
        ...


class SearchResult(Protocol):
    """One answer of ``PlaceIndex.search``."""

    @property
    def place(self) -> Place: ...

    @property
    def score(self) -> float: ...

    @property
    def how(self) -> str:
        """``exact`` | ``skeleton`` | ``fuzzy``."""
        ...
