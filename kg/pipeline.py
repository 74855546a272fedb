"""The per-page pipeline: a pure function of (page text, resources).

``extract_page`` repairs the OCR layout, splits the page into articles and runs each
:class:`Stage` over every article. Stages declare what they read and write; the pipeline
checks the order once, when it is built, and checks after each stage that an
:class:`~kg.types.Article` came back (spaCy's E005), so a broken stage fails loudly.
"""

from __future__ import annotations

import importlib
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from kg.coref import resolve_coreference
from kg.errors import Errors, PipelineError
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

    def register(self, name: str, *, requires: Iterable[str] = (), assigns: Iterable[str] = ()
                 ) -> Callable[[StageFunc], StageFunc]:
        """Decorator: ``@COMPONENTS.register("people", requires={"mentions.org"}, ...)``."""
        def add(func: StageFunc) -> StageFunc:
            if name in self._stages and not _same_code(self._stages[name].func, func):
                raise PipelineError(Errors.E061.format(name=name))
            self._stages[name] = Stage(name, func, frozenset(requires), frozenset(assigns))
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
    """The standard recognisers, registered under the names ``kg/data/pipeline.toml`` uses."""
    from kg.figures import extract_figures
    from kg.recognize.documents import recognize_documents
    from kg.recognize.orgs import recognize_orgs
    from kg.recognize.people import recognize_people
    from kg.recognize.places import recognize_places
    from kg.recognize.programmes import recognize_programmes
    from kg.relations import extract_relations

    reg = COMPONENTS.register
    reg("places", requires={"text"}, assigns={"mentions.place"})(
        lambda a, r, c: recognize_places(a, r, province=c.province, matched=c.place_matches.get(a.doc_id)))
    reg("documents", requires={"text"}, assigns={"mentions.document"})(
        lambda a, r, c: recognize_documents(a))
    reg("orgs", requires={"mentions.place"}, assigns={"mentions.org", "mentions.unit"})(
        lambda a, r, c: recognize_orgs(a, r, province=c.province))
    reg("programmes", requires={"mentions.org", "mentions.document"}, assigns={"mentions.programme"})(
        lambda a, r, c: recognize_programmes(a, r.tokenizer))
    reg("people", requires={"mentions.org"}, assigns={"mentions.person"})(
        lambda a, r, c: recognize_people(a, r))
    reg("relations", requires={"mentions.place", "mentions.org", "mentions.programme", "mentions.person"},
        assigns={"relations"})(lambda a, r, c: extract_relations(a, r))
    reg("figures", requires={"mentions.place", "mentions.org"}, assigns={"figures"})(
        lambda a, r, c: extract_figures(a))


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
        article.offsets = list(offsets)
    matches = match_page_places(articles, resources)
    province = first_pass_province(matches, resources, masthead_province(text, resources.gaz))
    ctx = PageContext(page=raw.name, province=province, articles=tuple(articles),
                      place_matches=matches)
    done = resolve_coreference([pipeline.run_article(article, resources, ctx)
                                for article in articles])
    return Page(name=raw.name, path=raw.path, encoding=raw.encoding, articles=done,
                province=province)
