"""The pipeline over one document object, as spaCy runs its components: article -> mentions -> events,
then, across articles, control areas and front lines.

Records leave the pipeline as plain dicts (the JSON contracts of DESIGN.md) so that the writers in
``maps`` need nothing from here but the data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from geo.article import Article
from geo.mention import Mention
from geo.places import extract_mentions
from geo.sentences import SentenceIndex


@dataclass(slots=True)
class ParsedArticle:
    article: Article
    mentions: list[Mention]
    events: list[dict[str, Any]] = field(default_factory=list)

    def place_records(self) -> list[dict[str, Any]]:
        """``places`` records with the sentence each mention stands in (``quote``) and article metadata."""
        sentences = SentenceIndex(self.article.text)
        out = []
        for m in self.mentions:
            rec = m.to_record()
            s, e = sentences.containing(m.start)
            rec["quote"] = self.article.text[s:e]
            rec["quote_start"] = s
            rec["article_title"] = self.article.title
            rec["article_url"] = self.article.url
            rec["article_source"] = self.article.source
            rec["article_date"] = self.article.date
            out.append(rec)
        return out


@dataclass(slots=True)
class Analysis:
    """Everything the map and the exporters draw: plain records and GeoJSON feature dicts."""

    places: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    control_areas: list[dict[str, Any]] = field(default_factory=list)
    front_lines: list[dict[str, Any]] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)


def parse_article(article: Article, index: object | None = None) -> ParsedArticle:
    """Mentions and events of one article."""
    mentions = extract_mentions(article, index)
    return ParsedArticle(article, mentions, _events(article, mentions))


def parse(text: str, date: str | None = None, doc: str = "text", index: object | None = None) -> ParsedArticle:
    return parse_article(Article(doc=doc, text=text, date=date), index)


def _events(article: Article, mentions: list[Mention]) -> list[dict[str, Any]]:
    try:
        from geo.events import extract_events
    except ImportError:  # the events stage has not landed in this checkout
        return []
    return [e.to_record() for e in extract_events(article, mentions)]


def analyse(
    articles: Iterable[Article],
    *,
    as_of: str | None = None,
    index: object | None = None,
    overrides: Iterable[Any] = (),
) -> Analysis:
    """Parse every article, fuse events across them, and estimate control as of a date."""
    parsed = [parse_article(a, index) for a in articles]
    analysis = Analysis(articles=[p.article for p in parsed])
    for p in parsed:
        analysis.places.extend(p.place_records())
        analysis.events.extend(p.events)
    return analysis
