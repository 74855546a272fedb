"""The one data model that flows through the pipeline.

page file -> :class:`RawText` -> :class:`Page` of :class:`Article` s -> each article gains
:class:`Mention` s, :class:`Relation` s and :class:`Figure` s -> :func:`kg.merge.merge_pages`
turns the pages into one :class:`KnowledgeGraph` of :class:`Entity` s and relations that keep
all their :class:`Evidence`.

Offsets always index ``Article.text`` (the repaired text of one article), so every mention
and relation can point back to its sentence.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.constants import EntityLabel, Level, PartKind, RelationLabel

_MAX = 1 << 62


@dataclass(frozen=True)
class RawText:
    """A decoded page file: what :func:`kg.io.read_texts` yields."""

    path: Path
    text: str
    encoding: str
    removed_chars: int = 0
    #: for each character of ``text``, its index in the decoded file (empty: identity)
    offsets: tuple[int, ...] = field(default=(), repr=False, compare=False)

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Part:
    """A typed stretch ``[start, end)`` of an article's text: headline, byline, body ..."""

    kind: PartKind
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity in an article.

    ``key`` identifies the entity within the whole graph (a place by its code, other
    entities by label and normalised name), so mentions in different articles and pages
    that share a key are the same entity.
    """

    start: int
    end: int
    text: str
    label: EntityLabel
    norm: str
    key: str
    kb_id: str | None = None
    rule: str = ""
    attrs: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def attr(self, name: str, default: str | None = None) -> str | None:
        return dict(self.attrs).get(name, default)


@dataclass(frozen=True)
class Relation:
    """A typed edge between two entity keys, with the sentence that supports it."""

    head: str
    label: RelationLabel
    tail: str
    sentence: tuple[int, int] = field(compare=False)
    rule: str = field(default="", compare=False)
    confidence: float = field(default=1.0, compare=False)


@dataclass(frozen=True)
class Figure:
    """A numeric fact: ``发展党员1405名`` -> value 1405, unit 名, counted 发展党员."""

    subject: str | None
    counted: str
    value: float
    unit: str
    year: int | None
    sentence: tuple[int, int]
    text: str


@dataclass
class Article:
    """One news article of a page. Every stage after segmentation reads and fills one."""

    doc_id: str
    page: str
    index: int
    text: str
    parts: list[Part] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    #: for each character of ``text``, its index in the decoded page file
    offsets: list[int] = field(default_factory=list, repr=False)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Where ``text[start:end]`` lies in the decoded page file (invisible characters
        and OCR line breaks that were removed fall inside the span)."""
        if not self.offsets or end <= start:
            return (start, end)
        return (self.offsets[start], self.offsets[end - 1] + 1)

    def part_text(self, kind: PartKind) -> list[str]:
        return [self.text[p.start : p.end] for p in self.parts if p.kind is kind]

    @property
    def title(self) -> str | None:
        heads = self.part_text(PartKind.HEADLINE)
        return heads[0] if heads else None

    def lead_sentences(self) -> list[tuple[int, int]]:
        """The lead: the first body sentence, or the whole first body paragraph when the
        article has no headline (an article that lost its headline to the page's columns,
        or a photo-news item, is about what its first paragraph says)."""
        first = next((i for i, s in enumerate(self.sentences)
                      if self.part_of(s[0]) is PartKind.BODY), None)
        if first is None:
            return []
        if self.title is not None:
            return [self.sentences[first]]
        para_end = self.text.find("\n", self.sentences[first][0])
        para_end = len(self.text) if para_end < 0 else para_end
        return [s for s in self.sentences[first:] if s[0] < para_end
                and self.part_of(s[0]) is PartKind.BODY]

    def sentence_of(self, offset: int) -> tuple[int, int]:
        """The sentence span containing ``offset`` (the whole text if none does)."""
        i = bisect_right(self.sentences, (offset, _MAX)) - 1  # sentences are sorted
        if i >= 0 and self.sentences[i][0] <= offset < self.sentences[i][1]:
            return self.sentences[i]
        return (0, len(self.text))

    def part_of(self, offset: int) -> PartKind | None:
        """The kind of the part holding ``offset`` (parts are sorted and disjoint)."""
        i = bisect_right(self.parts, offset, key=lambda p: p.start) - 1
        if i >= 0 and self.parts[i].start <= offset < self.parts[i].end:
            return self.parts[i].kind
        return None


@dataclass
class Page:
    """One input file, split into articles."""

    name: str
    path: Path
    encoding: str
    articles: list[Article] = field(default_factory=list)
    province: str | None = None


@dataclass(frozen=True)
class Evidence:
    """Where a relation or an entity came from: sentence, article, page, rule, confidence."""

    page: str
    article: str
    sentence: str
    rule: str
    confidence: float = 1.0
    #: the sentence's character span in the decoded page file
    span: tuple[int, int] | None = None


@dataclass
class Entity:
    """A merged entity of the graph."""

    key: str
    label: EntityLabel
    name: str
    kind: str | None = None  # place level or org kind
    code: str | None = None
    parent: str | None = None  # key of the parent place, for places
    aliases: set[str] = field(default_factory=set)
    mentions: list[Evidence] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def level(self) -> Level | None:
        return Level(self.kind) if self.label is EntityLabel.PLACE and self.kind else None

    @property
    def pages(self) -> set[str]:
        return {ev.page for ev in self.mentions}


@dataclass
class KnowledgeGraph:
    """The merged result of a build: entities by key, relations with all their evidence."""

    entities: dict[str, Entity] = field(default_factory=dict)
    relations: dict[tuple[str, RelationLabel, str], list[Evidence]] = field(default_factory=dict)
    figures: list[tuple[str, str, Figure]] = field(default_factory=list)  # (page, article, fig)
    pages: list[Page] = field(default_factory=list)

    def ancestors(self, key: str) -> list[str]:
        """Keys of the places above ``key`` (following ``parent``), nearest first."""
        chain: list[str] = []
        parent = self.entities[key].parent
        while parent and parent in self.entities and parent not in chain and parent != key:
            chain.append(parent)
            parent = self.entities[parent].parent
        return chain

    def figure_rows(self) -> Iterator[tuple[str, str, Figure, str]]:
        """``(page, article id, figure, sentence text)`` for every figure."""
        articles = {a.doc_id: a for page in self.pages for a in page.articles}
        for page, doc_id, fig in self.figures:
            start, end = fig.sentence
            yield page, doc_id, fig, articles[doc_id].text[start:end].strip()

    def count_by_label(self) -> dict[str, int]:
        counts: dict[str, int] = {label.value: 0 for label in EntityLabel}
        for entity in self.entities.values():
            if entity.mentions:
                counts[entity.label.value] += 1
        return counts
