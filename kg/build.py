"""Running a whole build: pages in, graph files out.

``build`` reads the pages (skipping unreadable ones with a warning that names them),
extracts each page with :func:`kg.pipeline.extract_page`, merges them, and writes every
output atomically, so an interrupted run leaves the previous outputs intact.
"""

from __future__ import annotations

import csv
import gc
import io
import logging
import multiprocessing
import os
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import BinaryIO, cast

from kg.cache import CACHE_FOLDER, PageCache, run_fingerprint
from kg.errors import Errors, InputError, Warnings
from kg.export.html import DEFAULT_MAX_NODES, to_html
from kg.export.network import graphml_bytes, to_networkx
from kg.export.rdf import merge_runs, rdf_batches, sorted_runs
from kg.io import DEFAULT_MAX_BYTES, AtomicBatch
from kg.merge import merge_pages
from kg.namespace import DEFAULT_BASE
from kg.pipeline import Pipeline, default_pipeline, extract_page
from kg.progress import Progress, silent
from kg.reprints import StoryIndex
from kg.resources import Resources
from kg.sources import RecordFields, read_sources
from kg.spool import PageSpool
from kg.types import KnowledgeGraph, Page, PageMeta, RawText

logger = logging.getLogger("kg")

OUTPUT_FILES = ("graph.nt", "graph.ttl", "graph.jsonld", "graph.graphml", "graph.html",
                "figures.csv", "entities.csv", "pages.csv", "relations.csv")


@dataclass
class BuildResult:
    graph: KnowledgeGraph
    outputs: dict[str, Path] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        counts = self.graph.count_by_label()
        rels: dict[str, int] = {}
        for (_h, label, _t) in self.graph.relations:
            rels[label.value] = rels.get(label.value, 0) + 1
        articles = sum(len(p.articles) for p in self.graph.pages)
        ents = ", ".join(f"{k} {v}" for k, v in counts.items())
        # places no page names but the chains of those it names (a village's county …):
        # listed in entities.csv with 0 mentions, so the two counts can be reconciled
        parents = sum(1 for e in self.graph.entities.values() if not e.mentions)
        if parents:
            ents += f" (+{parents} parent {'place' if parents == 1 else 'places'} from the gazetteer)"
        rel_text = ", ".join(f"{k} {v}" for k, v in sorted(rels.items()))
        return (f"{_count(len(self.graph.pages), 'page')}, {_count(articles, 'article')}; "
                f"entities: {ents}; relations: {rel_text}; figures {len(self.graph.figures)}")


def _count(n: int, noun: str) -> str:
    """``1 page``, ``2 pages``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@contextmanager
def resources_frozen(resources: Resources) -> Iterator[Resources]:
    """Keep the garbage collector off the loaded resources while pages are extracted.

    The gazetteer and jieba's dictionary are ~10^5 long-lived objects that never become
    garbage, yet every full collection walks them again (~5% of a build). ``gc.freeze``
    moves everything alive to the permanent generation, as the Python docs advise before
    forking workers (no copy-on-write of their pages either); ``unfreeze`` on the way out.
    """
    if gc.get_freeze_count():  # already frozen by an outer run: leave it to that one
        yield resources
        return
    resources.warm()
    gc.collect()
    gc.freeze()
    try:
        yield resources
    finally:
        gc.unfreeze()


#: the resources and pipeline of a worker process, set once by :func:`_init_worker`
#: (fork shares them)
_WORKER: dict[str, object] = {}


def _init_worker(resources: Resources, pipeline: Pipeline | None = None) -> None:
    from kg.sandbox import die_with_parent  # POSIX only, as the forked workers are

    die_with_parent()
    _WORKER["resources"] = resources
    _WORKER["pipeline"] = pipeline


def extract_or_skip(raw: RawText, resources: Resources, pipeline: Pipeline | None) -> Page | str:
    """One page, or the message saying why it was skipped.

    A bug met by one page of a thousand must not cost the other 999: any failure inside
    the extraction of a page becomes a skip naming that page (the user's own mistakes are
    caught earlier, when the file is read).
    """
    try:
        return extract_page(raw, resources, pipeline)
    except Exception as e:  # noqa: BLE001 -- a page's failure is reported, not raised
        return Warnings.W005.format(path=raw.path, error=f"{type(e).__name__}: {e}")


def _extract_in_worker(raw: RawText) -> Page | str:
    return extract_or_skip(raw, _WORKER["resources"], _WORKER.get("pipeline"))


def extract_pages(paths: Iterable[Path], resources: Resources, *, max_bytes: int = DEFAULT_MAX_BYTES,
                  progress: Progress | None = None,
                  jobs: int = 1, pipeline: Pipeline | None = None, names: RecordFields | None = None,
                  sidecar: dict[str, PageMeta] | None = None, cache: PageCache | None = None,
                  dask: str | None = None) -> tuple[list[Page], list[str]]:
    """Extract every readable page; return the pages and the messages of skipped files.

    ``names`` are the record field names of JSONL/JSON inputs, ``sidecar`` metadata by
    page (:func:`kg.sources.read_sources`).

    With ``jobs > 1`` pages are extracted in forked worker processes that share the loaded
    resources, with ``dask`` on a Dask cluster (:mod:`kg.distributed`); results come back in
    input order, so the output is the same as with one. With a ``cache``
    (``kg build --update``) a page whose inputs are unchanged is read back from it, and
    only the others are extracted (and kept there). ``progress`` shows the reading and the
    extraction (:mod:`kg.progress`). Every page is held in memory: a build streams them
    instead (:func:`iter_pages`).
    """
    skipped: list[str] = []
    pages = [page for page, _kept in iter_pages(
        paths, resources, skipped, max_bytes=max_bytes, progress=progress, jobs=jobs,
        pipeline=pipeline, names=names, sidecar=sidecar, cache=cache, dask=dask)]
    return pages, skipped


def iter_pages(paths: Iterable[Path], resources: Resources, skipped: list[str], *,
               max_bytes: int = DEFAULT_MAX_BYTES, progress: Progress | None = None,
               jobs: int = 1, pipeline: Pipeline | None = None, names: RecordFields | None = None,
               sidecar: dict[str, PageMeta] | None = None, cache: PageCache | None = None,
               dask: str | None = None) -> Iterator[tuple[Page, Path | None]]:
    """Each extracted page in input order, with the cache file that holds it (when a
    ``cache`` does); the messages of files skipped on the way go to ``skipped`` (each also
    a warning). The options are those of :func:`extract_pages`.

    A page is made only when asked for (the workers run ahead, in input order), so the
    caller decides what stays in memory. A cached page is read when its turn comes; one
    whose file turns out torn is extracted then, here.
    """
    pipeline = pipeline or default_pipeline()
    progress = progress or silent
    raws: list[RawText] = []
    for item in progress(read_sources(paths, max_bytes=max_bytes, names=names, sidecar=sidecar),
                         stage="reading", unit="page"):
        if isinstance(item, InputError):
            skipped.append(str(item))
            warnings.warn(Warnings.W003.format(reason=item), stacklevel=2)
        else:
            raws.append(item)
    keys = [cache.key(raw) for raw in raws] if cache else [None] * len(raws)
    kept = [cache is not None and key is not None and cache.file(key).is_file() for key in keys]
    todo = [raw for raw, hit in zip(raws, kept, strict=True) if not hit]
    with resources_frozen(resources):
        extracted = iter(_extract_all(todo, resources, pipeline, progress=progress, jobs=jobs, dask=dask))
        for key, hit, raw in zip(keys, kept, _taken(raws), strict=True):  # a text goes once its page is made
            page = cache.get(key, raw.path) if cache is not None and key is not None and hit else None
            if page is not None:
                yield page, cache.file(key)
                continue
            item = next(extracted) if not hit else extract_or_skip(raw, resources, pipeline)
            if isinstance(item, str):
                skipped.append(item)
                warnings.warn(item, stacklevel=2)
            elif cache is not None and key is not None:
                yield item, cache.put(key, item)
            else:
                yield item, None


def _extract_all(raws: list[RawText], resources: Resources, pipeline: Pipeline, *,
                 progress: Progress, jobs: int, dask: str | None) -> Iterator[Page | str]:
    """Each page extracted (or the message saying why not), in input order: on a Dask
    cluster, in forked workers, or here."""
    if dask is not None:
        from kg.distributed import map_on_dask

        yield from map_on_dask(raws, dask, resources.default_province, pipeline, progress=progress)
    elif jobs > 1 and len(raws) > 1:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                                 initargs=(resources, pipeline)) as pool:
            results = pool.map(_extract_in_worker, raws, chunksize=max(1, len(raws) // (4 * jobs)))
            yield from progress(results, stage="extracting", unit="page", total=len(raws))
    else:
        yield from (extract_or_skip(raw, resources, pipeline)
                    for raw in progress(_taken(raws), stage="extracting", unit="page", total=len(raws)))


def _taken(items: list[RawText]) -> Iterator[RawText]:
    """Each item, dropped from ``items`` as it is given: a corpus's decoded texts are not
    all held until the last page is extracted."""
    for i in range(len(items)):
        item, items[i] = items[i], None  # type: ignore[call-overload]
        yield item


_FORMULA_START = tuple("=+-@\t\r")


def cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run: page text opening with ``=``, ``+``, ``-`` or
    ``@`` is read by Excel and LibreOffice as a formula (CSV injection), so such a text cell
    gets a leading apostrophe, the spreadsheets' own mark for "text"; numbers pass as they are.

    >>> cell("=SUM(A1)"), cell("拉萨市"), cell(-3)
    ("'=SUM(A1)", '拉萨市', -3)
    """
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_START) else value


Rows = Iterator[list[object]]


def write_csv(rows: Iterable[Iterable[object]], fh: BinaryIO) -> None:
    """UTF-8 CSV of ``rows`` into the binary file ``fh`` as they come (a build's CSVs go to
    disk row by row: relations.csv of 48 MB of text was 280 MB in one string), every text
    cell through :func:`cell`."""
    text = io.TextIOWrapper(fh, encoding="utf-8", newline="", write_through=False)
    writer = csv.writer(text, lineterminator="\n")
    for row in rows:
        writer.writerow([cell(v) for v in row])
    text.flush()
    text.detach()  # ``fh`` stays open: its owner closes it


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """The CSV of :func:`write_csv` as a string."""
    buf = io.BytesIO()
    write_csv(rows, buf)
    return buf.getvalue().decode("utf-8")


def relations_rows(G: KnowledgeGraph) -> Rows:
    """One row per piece of evidence of every relation: subject and object with their
    types, the relation, the sentence, page, article, rule and confidence."""
    yield ["subject", "subject_type", "relation", "object", "object_type", "sentence", "page",
           "article", "rule", "confidence", "subject_key", "object_key"]
    for (head, label, tail) in sorted(G.relations, key=lambda t: (t[0], t[1].value, t[2])):
        h, t = G.entities[head], G.entities[tail]
        for ev in G.relations[(head, label, tail)]:
            yield [h.name, h.label.value, label.value, t.name, t.label.value, ev.sentence, ev.page,
                   ev.article, ev.rule, round(ev.confidence, 3), head, tail]


def figures_rows(G: KnowledgeGraph) -> Rows:
    yield ["page", "article", "subject", "subject_name", "counted", "value", "unit", "year", "text",
           "sentence"]
    for page, doc_id, fig, sentence in G.figures:
        subject = G.entities.get(fig.subject) if fig.subject else None
        value = int(fig.value) if fig.value.is_integer() else fig.value
        yield [page, doc_id, fig.subject or "", subject.name if subject else "", fig.counted, value,
               fig.unit, fig.year or "", fig.text, sentence]


def entities_rows(G: KnowledgeGraph) -> Rows:
    yield ["key", "type", "name", "kind", "code", "parent", "mentions", "pages", "forms", "candidates"]
    for key in sorted(G.entities):
        e = G.entities[key]
        yield [key, e.label.value, e.name, e.kind or "", e.code or "", e.parent or "", len(e.mentions),
               " ".join(sorted(e.pages)), " | ".join(sorted(e.aliases)), " ".join(sorted(e.candidates))]


def pages_rows(G: KnowledgeGraph) -> Rows:
    """One row per article: its page, title, the page's date, outlet, section and URL, and
    the first copy's article id where it is a reprint."""
    yield ["page", "article", "title", "date", "outlet", "section", "url", "encoding", "same_story_as"]
    for page in G.pages:
        m = page.meta
        for article in page.articles:
            yield [page.name, article.doc_id, article.title or "", m.date or "", m.outlet or "",
                   m.section or "", m.url or "", page.encoding, article.reprint_of or ""]


#: each CSV output and the rows it holds
CSV_OUTPUTS: dict[str, Callable[[KnowledgeGraph], Rows]] = {
    "figures.csv": figures_rows, "entities.csv": entities_rows, "pages.csv": pages_rows,
    "relations.csv": relations_rows}


LOCK_FILE = ".kg-build.lock"


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold ``out/.kg-build.lock`` while a build writes there: a second build into the same
    folder fails at once with E089 instead of mixing its files with the first's. Temporary
    files a killed build left (``.graph.ttl.*.tmp``) are removed under the lock: no live
    build can own them then. POSIX ``flock``; where it is missing the build goes unlocked."""
    out.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # not POSIX
        yield
        return
    with (out / LOCK_FILE).open("a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(Errors.E089.format(out=out)) from None
        try:
            _clean_after_killed_build(out)
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


STORE_FOLDER = "store"
#: the scratch folder of the RDF sort runs in the output folder (removed when the build
#: ends, and by the next build where one was killed)
SORT_SCRATCH = ".kg-rdf-sort"


def _clean_after_killed_build(out: Path) -> None:
    """What a build killed outright (SIGKILL, a power cut) may leave: its temporary files,
    and an old output set aside for a switch that never finished (``.graph.ttl.*.old/``),
    which goes back in place where no new one took it."""
    for scratch in out.glob(f"{SORT_SCRATCH}.*"):
        shutil.rmtree(scratch, ignore_errors=True)
    for name in (*OUTPUT_FILES, STORE_FOLDER):
        for stale in out.glob(f".{name}.*.tmp"):
            shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink(missing_ok=True)
        for holder in sorted(out.glob(f".{name}.*.old")):
            kept = holder / name
            if (kept.exists() or kept.is_symlink()) and not (out / name).exists():
                os.replace(kept, out / name)
            shutil.rmtree(holder, ignore_errors=True)


def write_outputs(G: KnowledgeGraph, out: Path, *, base: str = DEFAULT_BASE,
                  max_nodes: int = DEFAULT_MAX_NODES, store: bool = True,
                  report: Callable[[str], None] | None = None,
                  progress: Progress | None = None) -> dict[str, Path]:
    """Write every output under ``out``; return them by name.

    Each file is staged as soon as it is made, so only one serialisation is held in memory
    at a time, and all replace the previous outputs together at the end: a failure on the
    way leaves the previous build's files as they were, all of them. ``report`` is told
    each step as it starts, ``progress`` wraps the steps (a bar with the time left).
    """
    try:
        return _write_outputs(G, out, base=base, max_nodes=max_nodes, store=store, report=report,
                              progress=progress or silent)
    except OSError as e:  # a full disk, a quota, a read-only folder: the old outputs stand
        raise InputError(Errors.E092.format(out=out, detail=e.strerror or e)) from e


def _write_outputs(G: KnowledgeGraph, out: Path, *, base: str, max_nodes: int, store: bool,
                   report: Callable[[str], None] | None, progress: Progress) -> dict[str, Path]:
    outputs: dict[str, Path] = {}
    say = report or (lambda _stage: None)
    with output_lock(out), AtomicBatch() as batch, \
            tempfile.TemporaryDirectory(prefix=f"{SORT_SCRATCH}.", dir=out) as scratch:
        made: dict[str, object] = {}  # what a step makes for the later ones
        children: dict[str, _Child] = {}  # outputs being made by processes of their own, by name

        def ntriples() -> None:
            """The sorted N-Triples, made on disk (:func:`kg.export.rdf.sorted_runs`, then
            :func:`merge_runs`): every other RDF output is read back from them, one triple
            at a time. The store is told each run as it is written; the runs stay in the
            scratch folder until it has them."""
            filling = cast("_StoreFill | None", children.get(_StoreFill.NAME))
            runs = []
            for run in sorted_runs(rdf_batches(G, base=base), Path(scratch)):
                runs.append(run)
                if filling is not None:
                    filling.add(run)
            if filling is not None:
                filling.added_all()
            made["nt"] = batch.stream(out / "graph.nt", partial(merge_runs, runs))
            if filling is None:
                for run in runs:
                    run.unlink()

        def streamed(name: str, fill: Callable[[], Callable[[BinaryIO], object]]
                     ) -> tuple[str, str, Callable[[], None]]:
            """The step writing ``name`` with the writer ``fill()`` makes when the step runs."""
            return f"writing {name}", name, lambda: batch.stream(out / name, fill())

        def serialised(name: str, fmt: str) -> tuple[str, None, Callable[[], None]]:
            """The step starting the process that writes ``name`` from graph.nt."""
            return f"writing {name} (in a process of its own)", None, start(lambda: _Serialising(
                name, cast(Path, made["nt"]), fmt, batch.reserve(out / name)))

        def start(child: Callable[[], _Child]) -> Callable[[], None]:
            def started() -> None:
                running = child()
                children[running.name] = running
            return started

        def finish(name: str) -> tuple[str, str, Callable[[], None]]:
            return f"waiting for {name}", name.rstrip("/"), lambda: children.pop(name).wait()

        def network() -> None:
            made["graph"] = to_networkx(G)

        def written(name: str, make: Callable[[], bytes | str]) -> tuple[str, str, Callable[[], None]]:
            return f"writing {name}", name, lambda: batch.write(out / name, make())

        steps: list[tuple[str, str | None, Callable[[], None]]] = []
        if store:
            steps.append((f"loading {STORE_FOLDER}/ (in a process of its own)", None,
                          start(lambda: _StoreFill(batch.folder(out / STORE_FOLDER)))))
        elif (out / STORE_FOLDER).exists():  # an earlier build's store would answer with its old graph
            steps.append((f"removing the earlier {STORE_FOLDER}/", None,
                          lambda: batch.remove(out / STORE_FOLDER)))
        steps += [
            ("writing graph.nt", "graph.nt", ntriples),
            serialised("graph.ttl", "turtle"),
            serialised("graph.jsonld", "jsonld"),
            ("making the network graph", None, network),
            written("graph.graphml", lambda: graphml_bytes(made["graph"])),
            written("graph.html", lambda: to_html(made["graph"], max_nodes=max_nodes)),
            *(streamed(name, lambda rows=rows: partial(write_csv, rows(G)))
              for name, rows in CSV_OUTPUTS.items()),
            finish("graph.ttl"),
            finish("graph.jsonld"),
        ]
        if store:
            steps.append(finish(_StoreFill.NAME))
        try:
            for message, name, step in progress(steps, stage="writing", unit="step"):
                say(message)
                step()
                if name is not None:
                    outputs[name] = out / name
        finally:
            for child in children.values():  # a step failed while they were still at work
                child.kill()
        say("replacing the previous outputs")
    return {name: outputs[name] for name in (*OUTPUT_FILES, STORE_FOLDER) if name in outputs}


class _Child:
    """An output made by a Python process of its own while the build writes the others,
    on another core: it reads files the build has finished, writes only its own, and is
    killed with its parent; a failure is its exit status and one line on stderr, which the
    build reports (E092), naming the output."""

    #: what the interpreter runs, before the arguments
    COMMAND: tuple[str, ...] = ()

    def __init__(self, name: str, *args: str, feed: bool = False) -> None:
        import subprocess
        import sys

        self.name = name
        self._errors = tempfile.TemporaryFile()  # not a pipe: nothing can block the child
        self._proc = subprocess.Popen([sys.executable, *self.COMMAND, *args],
                                      stdin=subprocess.PIPE if feed else subprocess.DEVNULL,
                                      stdout=subprocess.DEVNULL, stderr=self._errors,
                                      env=_same_package_env())

    def _input(self) -> BinaryIO | None:
        """The child's standard input while it is open."""
        stdin = self._proc.stdin
        return stdin if stdin is not None and not stdin.closed else None

    def _close_input(self) -> None:
        if (stdin := self._input()) is not None:
            with suppress(BrokenPipeError):
                stdin.close()

    def wait(self) -> None:
        """Raises ``OSError`` (the build says E092) when the output could not be made."""
        self._close_input()
        self._proc.wait()
        self._errors.seek(0)
        err = self._errors.read()
        self._errors.close()
        if self._proc.returncode != 0:
            lines = err.decode("utf-8", "replace").strip().splitlines()
            raise OSError(f"{self.name}: {lines[-1] if lines else f'exit {self._proc.returncode}'}")

    def kill(self) -> None:
        self._proc.kill()
        self._close_input()
        self._proc.wait()  # reaped, its pipe closed
        self._errors.close()


def _same_package_env() -> dict[str, str]:
    """The environment with this ``kg`` package's folder first on ``PYTHONPATH``: a child runs
    the code of the build that started it, whatever the working folder (a checkout run in
    place, another version installed)."""
    import kg

    here = str(Path(kg.__file__).resolve().parent.parent)
    rest = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([here, rest]) if rest else here}


class _StoreFill(_Child):
    """The store filled by ``python -m kg.storefill`` from the sorted runs of graph.nt,
    each named to it as soon as it is written, while the build merges them and writes its
    other outputs (:mod:`kg.storefill`)."""

    COMMAND = ("-m", "kg.storefill")
    #: the output it makes, as the build reports it
    NAME = f"{STORE_FOLDER}/"

    def __init__(self, folder: Path) -> None:
        super().__init__(self.NAME, str(folder), feed=True)

    def add(self, file: Path) -> None:
        """Name one complete N-Triples file to the store. A child that has already failed
        is not an error here: :meth:`wait` says why it failed."""
        if (stdin := self._input()) is not None:
            with suppress(BrokenPipeError):
                stdin.write(os.fsencode(file) + b"\0")
                stdin.flush()

    def added_all(self) -> None:
        """No more files: the child loads the ontology and compacts the store."""
        self._close_input()


class _Serialising(_Child):
    """``name`` written as ``fmt`` from graph.nt into its reserved temporary file by
    ``python -m kg.export.serial`` (:mod:`kg.export.serial`)."""

    COMMAND = ("-m", "kg.export.serial")

    def __init__(self, name: str, graph: Path, fmt: str, target: Path) -> None:
        super().__init__(name, str(graph), fmt, str(target))


def _marked(pages: Iterable[Page], reprints: dict[int, str]) -> Iterator[Page]:
    """The pages with ``reprint_of`` set on each later copy of a story, from the serial
    numbers :meth:`kg.reprints.StoryIndex.reprints` gave (articles in the same order)."""
    serial = 0
    for page in pages:
        for article in page.articles:
            article.reprint_of = reprints.get(serial)
            serial += 1
        yield page


def build(paths: Iterable[Path], out: Path, resources: Resources, *, base: str = DEFAULT_BASE,
          max_bytes: int = DEFAULT_MAX_BYTES, max_nodes: int = DEFAULT_MAX_NODES,
          progress: Progress | None = None, jobs: int = 1,
          pipeline: Pipeline | None = None, names: RecordFields | None = None,
          sidecar: dict[str, PageMeta] | None = None, store: bool = True,
          report: Callable[[str], None] | None = None, update: bool = False,
          dask: str | None = None) -> BuildResult:
    """Read, extract, merge and write. Raises ``InputError`` for a missing path, or where no
    page could be used (the previous outputs stay).

    ``update`` keeps each extracted page in ``out/.kg-cache/`` and extracts only the pages
    not found there (:mod:`kg.cache`): the outputs are those of a full build. ``dask`` is a
    scheduler address or ``local:N`` (:mod:`kg.distributed`)."""
    paths = list(paths)
    progress = progress or silent
    if dask is not None and jobs > 1:
        raise InputError(Errors.E096)
    pipeline = pipeline or default_pipeline()
    cache = PageCache(out, run_fingerprint(pipeline, resources.default_province)) if update else None
    skipped: list[str] = []
    with resources_frozen(resources), PageSpool(out) as spool:
        stories = StoryIndex()
        with _keeping_pages(out):
            for page, kept in iter_pages(paths, resources, skipped, max_bytes=max_bytes,
                                         progress=progress, jobs=jobs, pipeline=pipeline,
                                         names=names, sidecar=sidecar, cache=cache, dask=dask):
                stories.add(page)
                spool.add(page, kept)
        if cache is not None:
            cache.prune()
            logger.info("%d of %s read back from %s", cache.hits, _count(len(spool), "page"),
                        CACHE_FOLDER)
        if not spool:  # never replace a previous build with an empty one
            raise InputError(Errors.E007.format(paths=", ".join(map(str, paths)),
                                                skipped=len(skipped), out=out))
        if spool.on_disk:
            logger.info("%d of %s kept on disk until merged", spool.on_disk, _count(len(spool), "page"))
        if report:
            report(f"merging {_count(len(spool), 'page')}")
        reprints = stories.reprints()
        if reprints:
            logger.info("%d reprinted %s counted once", len(reprints),
                        "story" if len(reprints) == 1 else "stories")
        with _keeping_pages(out):
            G = merge_pages(progress(_marked(spool.drain(), reprints), stage="merging", unit="page",
                                     total=len(spool)), resources.gaz)
    outputs = write_outputs(G, out, base=base, max_nodes=max_nodes, store=store, report=report,
                            progress=progress)
    logger.info("built %s", out)
    return BuildResult(graph=G, outputs=outputs, skipped=skipped)


@contextmanager
def _keeping_pages(out: Path) -> Iterator[None]:
    """A full disk or a read-only folder while the pages are kept for the merge, or read
    back for it, is one message (E097): nothing was replaced."""
    try:
        yield
    except OSError as e:
        raise InputError(Errors.E097.format(out=out, detail=e.strerror or e)) from e
