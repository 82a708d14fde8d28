"""Find and geocode every place name in an article: recognise, gate, resolve, add relative points.

``extract_mentions(article)`` is the whole stage; the steps are small functions over the folded text
(``gazetteer.normalize.normalize_text``) whose offsets map back to the original exactly.
"""

from __future__ import annotations

from gazetteer.interface import PlaceIndex
from gazetteer.normalize import FoldedText, normalize_text
from geo.article import Article
from geo.places.fuzzy import fuzzy_occurrences
from geo.places.gate import gate
from geo.places.mention import Mention
from geo.places.occurrence import occurrence, requalify
from geo.places.recognize import recognizer_for
from geo.places.relative import relative_mentions
from geo.places.resolve import resolve_occurrences
from geo.places.typos import typo_occurrences


def default_index() -> PlaceIndex:
    """The compiled built-in gazetteer (cached on disk and in the process)."""
    from gazetteer.cache import load_index

    return load_index()


def extract_mentions(
    article: Article, index: PlaceIndex | None = None, folded: FoldedText | None = None
) -> list[Mention]:
    """Every place mention of the article, resolved, in text order (relative records after their anchor).

    ``folded`` is ``normalize_text(article.text)`` when the caller has it already (the pipeline folds
    once for the place and event stages)."""
    index = index if index is not None else default_index()
    places = index.places
    demonyms = index.demonyms
    text = article.text
    folded = folded if folded is not None else normalize_text(text)
    hits = recognizer_for(index).scan(folded)
    occurrences = [o for h in hits if (o := occurrence(h, folded, text, places, index.alias_keys)) is not None]
    for o in occurrences:
        requalify(o, index.forms, places, demonyms, folded)
    occurrences = gate(occurrences, folded.text)
    occurrences += typo_occurrences(index, folded, text, places, occurrences)
    occurrences += fuzzy_occurrences(index, folded, text, places, occurrences)
    occurrences.sort(key=lambda o: o.start)
    mentions = resolve_occurrences(article, occurrences, demonyms)
    return relative_mentions(article, mentions, occurrences, folded)
