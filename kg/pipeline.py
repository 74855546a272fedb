"""The per-page pipeline: a pure function of (page text, resources).

``extract_page`` repairs the OCR layout, splits the page into articles and runs each
:class:`Stage` over every article. Stages declare what they read and write; the pipeline
checks the order once, when it is built, and checks after each stage that an
:class:`~kg.types.Article` came back (spaCy's E005), so a broken stage fails loudly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from kg.coref import resolve_coreference
from kg.errors import PipelineError
from kg.preprocess.linebreaks import repair_linebreaks_with_map
from kg.recognize.places import PlaceHit, first_pass_province, masthead_province, match_page_places
from kg.resources import Resources
from kg.segment import split_articles
from kg.types import Article, Page, RawText

StageFunc = Callable[[Article, Resources, "PageContext"], Article]


@dataclass(frozen=True)
class PageContext:
    """What a stage may know about the page beyond its own article."""

    page: str
    province: str | None
    articles: tuple[Article, ...]
    place_matches: Mapping[str, list[PlaceHit]] = field(default_factory=dict)


@dataclass(frozen=True)
class Stage:
    name: str
    func: StageFunc
    requires: frozenset[str] = frozenset()
    assigns: frozenset[str] = frozenset()


class Pipeline:
    """An ordered list of stages over articles."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        fulfilled: set[str] = {"text", "parts", "sentences"}
        for stage in stages:
            missing = stage.requires - fulfilled
            if missing:
                raise PipelineError(
                    f"Stage {stage.name!r} requires {sorted(missing)}; "
                    f"fulfilled before it: {sorted(fulfilled)}"
                )
            fulfilled |= stage.assigns
        self.stages = tuple(stages)

    @property
    def names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    def run_article(self, article: Article, resources: Resources, ctx: PageContext) -> Article:
        for stage in self.stages:
            result = stage.func(article, resources, ctx)
            if not isinstance(result, Article):
                raise PipelineError(
                    f"Stage {stage.name!r} returned {type(result).__name__}, not Article"
                )
            article = result
        return article


def default_pipeline() -> Pipeline:
    """The standard stages, in order."""
    from kg.figures import extract_figures
    from kg.recognize.documents import recognize_documents
    from kg.recognize.orgs import recognize_orgs
    from kg.recognize.people import recognize_people
    from kg.recognize.places import recognize_places
    from kg.recognize.programmes import recognize_programmes
    from kg.relations import extract_relations

    return Pipeline([
        Stage("places", lambda a, r, c: recognize_places(a, r, province=c.province,
                                                         matched=c.place_matches.get(a.doc_id)),
              frozenset({"text"}), frozenset({"mentions.place"})),
        Stage("documents", lambda a, r, c: recognize_documents(a),
              frozenset({"text"}), frozenset({"mentions.document"})),
        Stage("orgs", lambda a, r, c: recognize_orgs(a, r, province=c.province),
              frozenset({"mentions.place"}), frozenset({"mentions.org", "mentions.unit"})),
        Stage("programmes", lambda a, r, c: recognize_programmes(a, r.tokenizer),
              frozenset({"mentions.org", "mentions.document"}), frozenset({"mentions.programme"})),
        Stage("people", lambda a, r, c: recognize_people(a, r),
              frozenset({"mentions.org"}), frozenset({"mentions.person"})),
        Stage("relations", lambda a, r, c: extract_relations(a, r),
              frozenset({"mentions.place", "mentions.org", "mentions.programme",
                         "mentions.person"}), frozenset({"relations"})),
        Stage("figures", lambda a, r, c: extract_figures(a),
              frozenset({"mentions.place", "mentions.org"}), frozenset({"figures"})),
    ])


def extract_page(raw: RawText, resources: Resources, pipeline: Pipeline | None = None) -> Page:
    """Extract one page: pure in (``raw.text``, ``resources``); the same input gives the
    same :class:`Page`."""
    pipeline = pipeline or default_pipeline()
    text, repaired_to_clean = repair_linebreaks_with_map(raw.text)
    articles = split_articles(raw.name, text)
    for article in articles:  # article offsets -> repaired text -> cleaned text -> raw file
        offsets = map(repaired_to_clean.__getitem__, article.offsets)
        if raw.offsets:  # characters were removed in cleaning
            offsets = map(raw.offsets.__getitem__, offsets)
        article.offsets = list(offsets)
    matches = match_page_places(articles, resources)
    province = first_pass_province(matches, resources, masthead_province(text, resources.gaz))
    ctx = PageContext(page=raw.name, province=province, articles=tuple(articles),
                      place_matches=matches)
    done = resolve_coreference([pipeline.run_article(article, resources, ctx)
                                for article in articles])
    return Page(name=raw.name, path=raw.path, encoding=raw.encoding, articles=done,
                province=province)
