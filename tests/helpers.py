"""Helpers shared by the tests (paths, hand-built articles)."""

from __future__ import annotations

from pathlib import Path

from kg.constants import PartKind
from kg.segment import split_sentences
from kg.types import Article, Part

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"
def make_article(text: str, *, headline: str | None = None,
                 dateline: str | None = None) -> Article:
    """An article built by hand: optional headline line, then an optional dateline
    (``本报成都讯``) opening the body paragraph."""
    parts = []
    full = ""
    if headline:
        full = headline + "\n"
        parts.append(Part(PartKind.HEADLINE, 0, len(headline)))
    if dateline:
        parts.append(Part(PartKind.DATELINE, len(full), len(full) + len(dateline)))
        full += dateline
    parts.append(Part(PartKind.BODY, len(full), len(full) + len(text)))
    full += text
    article = Article(doc_id="t#0", page="t", index=0, text=full, parts=parts)
    article.sentences = split_sentences(full, parts)
    return article
