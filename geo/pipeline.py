"""The pipeline over one document object, as spaCy runs its components: article -> mentions -> events,
then, across articles, control areas and front lines.

Records leave the pipeline as plain dicts (the JSON contracts of DESIGN.md) so that the writers in
``maps`` need nothing from here but the data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from gazetteer.interface import PlaceIndex
from gazetteer.normalize import normalize_text
from geo.article import Article
from geo.events import Event, extract_events, fuse_events
from geo.places import extract_mentions, iter_mentions
from geo.places.mention import Mention
from geo.progress import NO_PHASES, Phases
from geo.sentences import SentenceIndex


@dataclass(slots=True)
class ParsedArticle:
    article: Article
    mentions: list[Mention]
    events: list[Event] = field(default_factory=list)

    def event_records(self) -> list[dict[str, Any]]:
        return [e.to_record() for e in self.events]

    def place_records(self) -> list[dict[str, Any]]:
        """``places`` records with the sentence each mention stands in (``quote``: at most
        ``geo.sentences.QUOTE_CHARS`` characters of it around the mention) and article metadata."""
        return list(place_records(self.article, self.mentions, SentenceIndex(self.article.text)))


def place_records(article: Article, mentions: Iterable[Mention], sentences: SentenceIndex) -> Iterator[dict[str, Any]]:
    for m in mentions:
        rec = m.to_record()
        s, e = sentences.quote_span(m.start, m.end)
        rec["quote"] = article.text[s:e]
        rec["quote_start"] = s
        rec["article_title"] = article.title
        rec["article_url"] = article.url
        rec["article_source"] = article.source
        rec["article_date"] = article.date
        yield rec


def iter_place_records(article: Article, index: PlaceIndex | None = None) -> Iterator[dict[str, Any]]:
    """The ``places`` records of one article as they are found (block by block for a very long one), so
    that memory stays that of one block whatever the article's length (``conflictmap places``)."""
    sentences = SentenceIndex(article.text)
    for part in iter_mentions(article, index):
        yield from place_records(article, part, sentences)


@dataclass(slots=True)
class Analysis:
    """Everything the map and the exporters draw: plain records and GeoJSON feature dicts."""

    places: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    control_areas: list[dict[str, Any]] = field(default_factory=list)
    front_lines: list[dict[str, Any]] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)


def parse_article(article: Article, index: PlaceIndex | None = None) -> ParsedArticle:
    """Mentions and events of one article (its own repeated reports of an event fused)."""
    folded = normalize_text(article.text)  # once, for both stages
    mentions = extract_mentions(article, index, folded)
    return ParsedArticle(article, mentions, fuse_events(extract_events(article, mentions, folded)))


def parse_places(article: Article, index: PlaceIndex | None = None) -> ParsedArticle:
    """The place stage alone (``conflictmap places``): mentions, no events."""
    return ParsedArticle(article, extract_mentions(article, index))


def parse(text: str, date: str | None = None, doc: str = "text", index: PlaceIndex | None = None) -> ParsedArticle:
    return parse_article(Article(doc=doc, text=text, date=date), index)


def analyse(
    articles: Iterable[Article],
    *,
    as_of: str | None = None,
    index: PlaceIndex | None = None,
    overrides: Sequence[Any] = (),
    control: bool = True,
    baseline: bool = True,
    min_confidence: float = 0.0,
    phases: Phases = NO_PHASES,
) -> Analysis:
    """Parse every article, fuse events across them, and estimate control as of a date.

    ``overrides`` are analyst control points (``geo.control.load_overrides``); they win over inferred
    control, and both stay in the output for audit.  ``baseline=False`` leaves out the built-in table
    of documented control facts (``geo/data/control_facts.csv``): control from the articles alone.
    ``phases`` draws the steps after parsing on the command line's progress display.
    """
    parsed = [parse_article(a, index) for a in articles]
    analysis = Analysis(articles=[p.article for p in parsed])
    reports = [e for p in parsed for e in p.events]
    with phases(f"fusing {len(reports)} reports across {len(parsed)} articles"):
        for p in parsed:
            analysis.places.extend(p.place_records())
        # Events below min_confidence are left out (after fusion: a corroborated report counts) before
        # control is estimated from them.
        events = [e for e in fuse_events(reports) if e.confidence >= min_confidence]
        analysis.events = [e.to_record() for e in events]
    if control and parsed:
        from geo.control import collect_evidence, estimate_from_points, to_features

        # The text evidence is counted article by article; the estimate from it is one step.
        docs = phases.track([(p.article, p.mentions) for p in parsed], "control evidence", "articles")
        points = collect_evidence(docs, analysis.events, use_facts=baseline)
        with phases(f"control areas and front lines from {len(points)} pieces of evidence"):
            estimate = estimate_from_points(points, as_of=as_of, overrides=list(overrides))
            add_control_features(analysis, to_features(estimate))
    return analysis


def add_control_features(analysis: Analysis, features: Iterable[dict[str, Any]]) -> None:
    """Sort control GeoJSON features into the analysis' area and front-line layers."""
    for feature in features:
        kind = feature.get("properties", {}).get("kind")
        if kind == "control_area":
            analysis.control_areas.append(feature)
        elif kind == "front_line":
            analysis.front_lines.append(feature)


def gazetteer_lookup(index: PlaceIndex) -> Callable[[str], tuple[str | None, str, float, float] | None]:
    """Name -> (place id, name, lat, lon) through the gazetteer, for analyst control files."""

    def lookup(name: str) -> tuple[str | None, str, float, float] | None:
        hits = index.lookup(name)
        if not hits:
            return None
        place = hits[0][0]
        return place.id, place.name, place.lat, place.lon

    return lookup
