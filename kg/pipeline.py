"""The per-page pipeline: a pure function of (page text, resources).

``extract_page`` repairs the OCR layout, splits the page into articles and runs the
pipeline's components in order. A component is *article*-scoped (called on each article
with the page's context: the recognisers, relations, figures) or *page*-scoped (called
once on the whole page: the gazetteer pass, the page's province, coreference). Each
declares what it reads and writes; the pipeline checks the order once, when it is built,
and checks after each call that the promised type came back (spaCy's E005), so a broken
component fails loudly.
"""

from __future__ import annotations

import importlib
import tomllib
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from kg.errors import Errors, PipelineError
from kg.preprocess.linebreaks import repair_linebreaks_with_map
from kg.recognize.places import PlaceHit
from kg.resources import Resources
from kg.segment import split_articles
from kg.types import Article, Page, PageMeta, RawText

Scope = Literal["article", "page"]


@dataclass(frozen=True)
class PageContext:
    """The page as it flows through the pipeline: its articles and what page-scoped
    components learnt about it. Article components read it; page components return a new
    one (``dataclasses.replace``), never change it in place."""

    page: str
    text: str
    articles: tuple[Article, ...]
    #: the page as written, before OCR line breaks are repaired: its layout lines intact
    #: (a masthead's date line, a dateline) for the components that read layout
    written: str = ""
    province: str | None = None
    place_matches: Mapping[str, list[PlaceHit]] = field(default_factory=dict)
    #: village names the page gives to two places (read by orgs: bodies keep the township)
    namesakes: frozenset[str] = frozenset()
    #: when and where the page was published: the container's word, then the page's layout
    meta: PageMeta = field(default_factory=PageMeta)


ArticleFunc = Callable[[Article, Resources, PageContext], Article]
PageFunc = Callable[[PageContext, Resources], PageContext]
StageFunc = ArticleFunc | PageFunc


@dataclass(frozen=True)
class Stage:
    name: str
    func: StageFunc
    requires: frozenset[str] = frozenset()
    assigns: frozenset[str] = frozenset()
    scope: Scope = "article"


class Pipeline:
    """An ordered list of components over a page and its articles."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        fulfilled: set[str] = {"text", "parts", "sentences"}
        for stage in stages:
            missing = stage.requires - fulfilled
            if missing:
                raise PipelineError(Errors.E063.format(name=stage.name, missing=sorted(missing),
                                                       done=sorted(fulfilled)))
            fulfilled |= stage.assigns
        self.stages = tuple(stages)

    @property
    def names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    def run_page(self, ctx: PageContext, resources: Resources) -> PageContext:
        """Every component in order: a page component once, an article component on each
        article (stage by stage, so a page component between two article components sees
        every article as the first left it)."""
        for stage in self.stages:
            if stage.scope == "page":
                result = stage.func(ctx, resources)
                if not isinstance(result, PageContext):
                    raise PipelineError(Errors.E064.format(name=stage.name, got=type(result).__name__,
                                                           expected="PageContext"))
                ctx = result
                continue
            done = []
            for article in ctx.articles:
                result = stage.func(article, resources, ctx)
                if not isinstance(result, Article):
                    raise PipelineError(Errors.E064.format(name=stage.name, got=type(result).__name__,
                                                           expected="Article"))
                done.append(result)
            ctx = replace(ctx, articles=tuple(done))
        return ctx


class Registry:
    """Components by name, as spaCy's factories: a recogniser registers itself with what it
    reads and writes, and a pipeline file names the ones to run, in order. Written when a
    module that registers is imported; read when a pipeline is built."""

    def __init__(self) -> None:
        self._stages: dict[str, Stage] = {}
        self._builtin = False

    def ensure_builtin(self, register: Callable[[], None]) -> None:
        """Register the standard components once, whatever was registered before them."""
        if not self._builtin:
            self._builtin = True
            register()

    def register(self, name: str, *, requires: Iterable[str] = (), assigns: Iterable[str] = (),
                 scope: Scope = "article") -> Callable[[StageFunc], StageFunc]:
        """Decorator: ``@COMPONENTS.register("people", requires={"mentions.org"}, ...)``;
        ``scope="page"`` for a component called once per page on its :class:`PageContext`."""
        def add(func: StageFunc) -> StageFunc:
            if name in self._stages and not _same_code(self._stages[name].func, func):
                raise PipelineError(Errors.E061.format(name=name))
            self._stages[name] = Stage(name, func, frozenset(requires), frozenset(assigns), scope)
            return func
        return add

    def get(self, name: str) -> Stage:
        try:
            return self._stages[name]
        except KeyError:
            raise PipelineError(Errors.E060.format(name=name, opts=", ".join(sorted(self._stages)))) from None

    @property
    def names(self) -> list[str]:
        return sorted(self._stages)


def _same_code(a: StageFunc, b: StageFunc) -> bool:
    """One function imported twice (a module reached by two import paths) registers once."""
    code_a, code_b = getattr(a, "__code__", None), getattr(b, "__code__", None)
    return a is b or (code_a is not None and code_b is not None and code_a.co_filename == code_b.co_filename
                      and a.__qualname__ == b.__qualname__)


COMPONENTS = Registry()
DEFAULT_PIPELINE = Path(str(resources.files("kg.data").joinpath("pipeline.toml")))


def _register_builtin() -> None:
    """The standard components, registered under the names ``kg/data/pipeline.toml`` uses."""
    from kg.coref import resolve_coreference
    from kg.figures import extract_figures
    from kg.metadata import page_metadata
    from kg.recognize.documents import recognize_documents
    from kg.recognize.orgs import recognize_orgs, village_namesakes
    from kg.recognize.people import recognize_people
    from kg.recognize.places import (
        first_pass_province,
        masthead_province,
        match_page_places,
        recognize_places,
    )
    from kg.recognize.programmes import recognize_programmes
    from kg.relations import extract_relations

    reg = COMPONENTS.register
    reg("page_meta", requires={"text"}, assigns={"page.meta"}, scope="page")(
        lambda c, r: replace(c, meta=c.meta.filled_from(page_metadata(c.written or c.text))))
    reg("page_places", requires={"text"}, assigns={"page.place_matches"}, scope="page")(
        lambda c, r: replace(c, place_matches=match_page_places(list(c.articles), r)))
    reg("page_province", requires={"page.place_matches"}, assigns={"page.province"}, scope="page")(
        lambda c, r: replace(c, province=first_pass_province(
            dict(c.place_matches), r, masthead_province(c.text, r.gaz))))
    reg("places", requires={"text", "page.province"}, assigns={"mentions.place"})(
        lambda a, r, c: recognize_places(a, r, province=c.province, matched=c.place_matches.get(a.doc_id)))
    reg("documents", requires={"text"}, assigns={"mentions.document"})(
        lambda a, r, c: recognize_documents(a))
    reg("page_namesakes", requires={"mentions.place"}, assigns={"page.namesakes"}, scope="page")(
        lambda c, r: replace(c, namesakes=village_namesakes(c.articles)))
    reg("orgs", requires={"mentions.place", "page.namesakes"}, assigns={"mentions.org", "mentions.unit"})(
        lambda a, r, c: recognize_orgs(a, r, province=c.province, namesakes=c.namesakes))
    reg("programmes", requires={"mentions.org", "mentions.document"}, assigns={"mentions.programme"})(
        lambda a, r, c: recognize_programmes(a, r.tokenizer))
    reg("people", requires={"mentions.org"}, assigns={"mentions.person"})(
        lambda a, r, c: recognize_people(a, r))
    reg("subject", requires={"mentions.place", "mentions.org", "mentions.unit"}, assigns={"subject"})(
        lambda a, r, c: _with_subject(a))
    reg("relations", requires={"mentions.place", "mentions.org", "mentions.programme", "mentions.person",
                               "subject"}, assigns={"relations"})(lambda a, r, c: extract_relations(a, r))
    reg("figures", requires={"mentions.place", "mentions.org", "subject"}, assigns={"figures"})(
        lambda a, r, c: extract_figures(a, r.tokenizer))
    reg("coref", requires={"mentions.org", "mentions.unit"},
        assigns={"coref"}, scope="page")(
        lambda c, r: replace(c, articles=tuple(resolve_coreference(list(c.articles)))))


def _with_subject(article: Article) -> Article:
    """The ``subject`` component: the article's subject and the bodies joined to it."""
    from kg.relations import article_subject, co_subjects

    subject = article_subject(article)
    return replace(article, subject=subject, co_subjects=co_subjects(article, subject))


def load_pipeline(path: Path | None = None) -> Pipeline:
    """The pipeline a TOML file names (``kg build --pipeline FILE``; default
    ``kg/data/pipeline.toml``): ``components`` in order, and ``import``, modules that
    register more components (a statistical recogniser, an experiment) before it is built.

    Raises:
        PipelineError: the file is missing or malformed, names an unknown component or a
            module that does not import, or orders components before what they require.
    """
    path = path or DEFAULT_PIPELINE
    try:
        config = tomllib.loads(path.read_text("utf-8")).get("pipeline", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise PipelineError(Errors.E062.format(path=path, detail=e)) from e
    names, modules = config.get("components"), config.get("import", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names) \
            or not isinstance(modules, list):
        raise PipelineError(Errors.E062.format(path=path, detail="[pipeline] components must be a list "
                                               "of names (and import a list of modules)"))
    COMPONENTS.ensure_builtin(_register_builtin)
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError as e:
            raise PipelineError(Errors.E062.format(path=path, detail=f"cannot import {module}: {e}")) from e
    return Pipeline([COMPONENTS.get(name) for name in names])


@cache
def default_pipeline() -> Pipeline:
    """The standard stages, in order (``kg/data/pipeline.toml``), read once."""
    return load_pipeline()


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
        article.offsets = array("q", offsets)
    ctx = pipeline.run_page(PageContext(page=raw.name, text=text, articles=tuple(articles),
                                        written=raw.text, meta=raw.meta),
                            resources)
    return Page(name=raw.name, path=raw.path, encoding=raw.encoding, articles=list(ctx.articles),
                province=ctx.province, meta=ctx.meta)
