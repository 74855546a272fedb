"""The one data model that flows through the pipeline.

page file -> :class:`RawText` -> :class:`Page` of :class:`Article` s -> each article gains
:class:`Mention` s, :class:`Relation` s and :class:`Figure` s -> :func:`kg.merge.merge_pages`
turns the pages into one :class:`KnowledgeGraph` of :class:`Entity` s and relations that keep
all their :class:`Evidence`.

Offsets always index ``Article.text`` (the repaired text of one article), so every mention
and relation can point back to its sentence.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kg.constants import EntityLabel, Level, OrgKind, PartKind, RelationLabel

_MAX = 1 << 62


@dataclass(frozen=True)
class PageMeta:
    """Where and when a page was published, as its container (HTML meta tags, a JSONL
    record's fields, markdown front matter, a sidecar CSV) or its own text states it.

    ``date`` is an ISO date (``2025-04-16``); every field is None when unknown.
    """

    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    section: str | None = None
    title: str | None = None

    def filled_from(self, other: PageMeta) -> PageMeta:
        """This metadata with its unknown fields taken from ``other`` (the container's
        word wins over what the text is read to say)."""
        return PageMeta(**{name: getattr(self, name) or getattr(other, name)
                           for name in ("date", "outlet", "url", "section", "title")})


@dataclass(frozen=True)
class RawText:
    """A decoded page: what :func:`kg.sources.read_sources` yields, one per file or record."""

    path: Path
    text: str
    encoding: str
    removed_chars: int = 0
    #: for each character of ``text``, its index in the decoded file (empty: identity), as
    #: an ``array('q')`` (8 bytes a character, not a Python int each)
    offsets: Sequence[int] = field(default=(), repr=False, compare=False)
    #: the page's identifier: its path under the input folder (``2024/page1.txt``), a JSONL
    #: record's ``file/id``; empty means the file name
    page_id: str = ""
    meta: PageMeta = field(default_factory=PageMeta)

    @property
    def name(self) -> str:
        return self.page_id or self.path.name


@dataclass(frozen=True)
class Part:
    """A typed stretch ``[start, end)`` of an article's text: headline, byline, body ..."""

    kind: PartKind
    start: int
    end: int


@dataclass(frozen=True)
class PlaceInfo:
    """What the place linker knows about a place mention beyond its key.

    ``parent_code`` is the code of the place above it when the mention itself is not
    linked (a village written without enough context to choose among namesakes);
    ``candidates`` are then the codes it may be.
    """

    level: Level | None = None
    parent_code: str | None = None
    candidates: tuple[str, ...] = ()
    #: written in a short form (拉萨经开区): bodies named after it take the full name
    abbreviation: bool = False
    #: written only as a short form of the name (玉林 for 玉林市), no level word: the
    #: weakest evidence of a place, which a person's name around it outweighs (贺玉林)
    short_form: bool = False


def _mapped(key: str | None, mapping: dict[str, str]) -> str | None:
    """``key`` through ``mapping`` (unchanged when it has no entry; None stays None)."""
    return mapping.get(key, key) if key else None


@dataclass(frozen=True)
class BodyInfo:
    """A Party body's or a host unit's ties, as entity keys of the same article."""

    kind: OrgKind | None = None  # None for units
    of: str | None = None  # the place or unit that hosts the body (org_of)
    parent: str | None = None  # the body above it (sub_org_of)

    def rekeyed(self, mapping: dict[str, str]) -> BodyInfo:
        return replace(self, of=_mapped(self.of, mapping), parent=_mapped(self.parent, mapping))


@dataclass(frozen=True)
class PersonInfo:
    """A person's role as written (书记, 记者 …) and the bodies they lead."""

    role: str = ""
    org: str | None = None
    also: str | None = None  # a second body led (村党支部书记、村委会主任 of another body)

    def rekeyed(self, mapping: dict[str, str]) -> PersonInfo:
        return replace(self, org=_mapped(self.org, mapping), also=_mapped(self.also, mapping))


@dataclass(frozen=True)
class ProgrammeInfo:
    """Whether the article is about the programme, and its family (a concept's label)."""

    core: bool = False
    family: str | None = None


#: what a mention may carry, one payload per kind of entity
Payload = PlaceInfo | BodyInfo | PersonInfo | ProgrammeInfo

_NO_PLACE, _NO_BODY, _NO_PERSON, _NO_PROGRAMME = PlaceInfo(), BodyInfo(), PersonInfo(), ProgrammeInfo()


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity in an article.

    ``key`` identifies the entity within the whole graph (a place by its code, other
    entities by label and normalised name), so mentions in different articles and pages
    that share a key are the same entity. ``info`` is the typed payload of its kind; the
    ``*_info`` views return an empty payload for a mention of another kind, so a reader can
    ask ``m.place_info.level`` of any mention.
    """

    start: int
    end: int
    text: str
    label: EntityLabel
    norm: str
    key: str
    kb_id: str | None = None
    rule: str = ""
    info: Payload | None = field(default=None, compare=False)

    @property
    def place_info(self) -> PlaceInfo:
        return self.info if isinstance(self.info, PlaceInfo) else _NO_PLACE

    @property
    def body_info(self) -> BodyInfo:
        return self.info if isinstance(self.info, BodyInfo) else _NO_BODY

    @property
    def person_info(self) -> PersonInfo:
        return self.info if isinstance(self.info, PersonInfo) else _NO_PERSON

    @property
    def programme_info(self) -> ProgrammeInfo:
        return self.info if isinstance(self.info, ProgrammeInfo) else _NO_PROGRAMME

    def rekeyed(self, mapping: dict[str, str]) -> Mention:
        """The mention with every entity key it holds (its own and its payload's) mapped
        through ``mapping``: coreference and the merge of a short name into its full form."""
        info = self.info.rekeyed(mapping) if isinstance(self.info, BodyInfo | PersonInfo) else self.info
        key = mapping.get(self.key, self.key)
        if key == self.key and info == self.info:
            return self
        return replace(self, key=key, info=info)


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
    #: the body, unit or place the article is about (the ``subject`` component, computed
    #: once and read by relations and figures)
    subject: Mention | None = None
    #: bodies the text joins to a body subject (县委组织部、县委社会工作部): subjects with it
    co_subjects: tuple[Mention, ...] = ()
    #: for each character of ``text``, its index in the decoded page file (``array('q')``)
    offsets: Sequence[int] = field(default_factory=list, repr=False)
    #: the article id of the first copy of this story, when this one is a reprint
    #: (:class:`kg.reprints.StoryIndex`): it adds no evidence of its own
    reprint_of: str | None = None
    #: lookups over ``mentions`` (by label, by position), rebuilt whenever a stage gives the
    #: article another list or changes its length: recognisers ask them once per candidate,
    #: and a scan of every mention each time made one long article quadratic
    _index: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_index"] = {}  # rebuilt where needed, never shipped to a worker
        return state

    def _indexed(self) -> dict[Any, Any]:
        index = self._index
        if index.get("of") is not self.mentions or index.get("n") != len(self.mentions):
            index.clear()
            index.update({"of": self.mentions, "n": len(self.mentions)})  # held: its id stays unique
        return index

    def cached(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        """``make()``, computed once while ``mentions`` stays as it is: for a stage's
        question about the mentions asked once per candidate (the article's place of a
        level, asked by every body that writes 县 alone)."""
        index = self._indexed()
        if key not in index:
            index[key] = make()
        return index[key]

    def mentions_of(self, label: EntityLabel) -> list[Mention]:
        """The mentions with ``label``, in the order of ``mentions``."""
        return self.cached(("label", label), lambda: [m for m in self.mentions if m.label is label])

    def mentions_starting(self, lo: int, hi: int) -> list[Mention]:
        """The mentions that start in ``[lo, hi)``, by (start, end)."""
        ordered, starts = self.cached(("by start",), self._by_start)
        return ordered[bisect_left(starts, lo):bisect_left(starts, hi)]

    def mentions_ending(self, end: int) -> list[Mention]:
        """The mentions that end at ``end``, in the order of ``mentions``."""
        return self.cached(("by end",), self._by_end).get(end, [])

    def _by_end(self) -> dict[int, list[Mention]]:
        table: dict[int, list[Mention]] = {}
        for m in self.mentions:
            table.setdefault(m.end, []).append(m)
        return table

    def _by_start(self) -> tuple[list[Mention], list[int]]:
        ordered = sorted(self.mentions, key=lambda m: (m.start, m.end))
        return ordered, [m.start for m in ordered]

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

    def lead_sentences(self, *, paragraph: bool = False) -> list[tuple[int, int]]:
        """The lead: the first body sentence, or the whole first body paragraph when the
        article has no headline (an article that lost its headline to the page's columns,
        or a photo-news item, is about what its first paragraph says) or when
        ``paragraph`` asks for it (the 导语, which names the actor of the story)."""
        first = next((i for i, s in enumerate(self.sentences)
                      if self.part_of(s[0]) is PartKind.BODY), None)
        if first is None:
            return []
        if self.title is not None and not paragraph:
            return [self.sentences[first]]
        para_end = self.text.find("\n", self.sentences[first][0])
        para_end = len(self.text) if para_end < 0 else para_end
        last = bisect_left(self.sentences, (para_end, -1), lo=first)  # sentences are sorted
        return [s for s in self.sentences[first:last] if self.part_of(s[0]) is PartKind.BODY]

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
    meta: PageMeta = field(default_factory=PageMeta)


#: the roles of a byline: the article's authors (``dcterms:creator``), not people it is about
BYLINE_ROLES = ("记者", "通讯员")


@dataclass(frozen=True)
class ArticleRecord:
    """What the merged graph keeps of an article itself: who it is, its headline, its story
    and its bylines. Its text, mentions and relations live on as entities and evidence."""

    doc_id: str
    index: int
    title: str | None = None
    #: the article id of the first copy of this story, when this one is a reprint
    reprint_of: str | None = None
    #: the names of its 记者 and 通讯员, in the order the text gives them
    creators: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageRecord:
    """What the merged graph keeps of a page: its name, file, metadata and articles.

    A graph used to hold every :class:`Page` whole -- the corpus's text, every mention and
    every offset, ≈ 26 MB per MB of text -- for the few fields its outputs read; a record
    is those fields, so a page can go once it is merged (:func:`kg.merge.merge_pages`)."""

    name: str
    path: Path
    encoding: str
    province: str | None = None
    meta: PageMeta = field(default_factory=PageMeta)
    articles: tuple[ArticleRecord, ...] = ()

    @classmethod
    def of(cls, page: Page) -> PageRecord:
        return cls(page.name, page.path, page.encoding, page.province, page.meta, tuple(
            ArticleRecord(a.doc_id, a.index, a.title, a.reprint_of, tuple(
                m.norm for m in a.mentions
                if m.label is EntityLabel.PERSON and m.person_info.role in BYLINE_ROLES))
            for a in page.articles))


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
    #: codes an unlinked place may have, over all its mentions (namesake villages)
    candidates: set[str] = field(default_factory=set)
    role: str | None = None  # a person's first role as written
    family: str | None = None  # a programme's family (the concept it belongs to)
    #: pages whose articles are about this programme
    core_in: set[str] = field(default_factory=set)

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
    #: (page, article id, figure, the text of its sentence)
    figures: list[tuple[str, str, Figure, str]] = field(default_factory=list)
    pages: list[PageRecord] = field(default_factory=list)

    def ancestors(self, key: str) -> list[str]:
        """Keys of the places above ``key`` (following ``parent``), nearest first."""
        chain: list[str] = []
        parent = self.entities[key].parent
        while parent and parent in self.entities and parent not in chain and parent != key:
            chain.append(parent)
            parent = self.entities[parent].parent
        return chain

    def count_by_label(self) -> dict[str, int]:
        counts: dict[str, int] = {label.value: 0 for label in EntityLabel}
        for entity in self.entities.values():
            if entity.mentions:
                counts[entity.label.value] += 1
        return counts
