"""The seed article as a store test ingests it."""

from __future__ import annotations

from pathlib import Path

from geo.article import Article

SEED = Path(__file__).resolve().parents[1] / "seeds" / "libya-front-2020-01.ar.txt"


def seed_article() -> Article:
    return Article("seed", SEED.read_text(encoding="utf-8-sig"), "2020-01", source="بوابة الوسط", id="seed")
