"""The place stage: text -> place mentions, each resolved to a gazetteer place or a relative point.

One module per step, in the order the stage runs them (``stage.extract_mentions`` is the entry):

- ``recognize``: one Aho-Corasick pass over the folded text against every gazetteer name;
- ``cues``: the context words (locative, kind hints, foreign qualifiers, common-word followers);
- ``typos``: misspelt curated names (one dot wrong);
- ``resolve``: ranking a name's candidate places by priors and context;
- ``relative``: relative expressions ("40 km south of Sirte", شرق مصراتة, between X and Y);
- ``online``: opt-in Nominatim lookups for names the gazetteer lacks;
- ``mention``: the ``Mention`` record the later stages (events, control) consume.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from geo.places.mention import Candidate, Mention

if TYPE_CHECKING:
    from geo.places.stage import extract_mentions, iter_mentions

__all__ = ["Candidate", "Mention", "extract_mentions", "iter_mentions"]


def __getattr__(name: str) -> Any:
    # Lazy, so that the later stages can import the Mention record without compiling the place stage.
    if name in ("extract_mentions", "iter_mentions"):
        from geo.places import stage

        return getattr(stage, name)
    raise AttributeError(f"module 'geo.places' has no attribute {name!r}")
