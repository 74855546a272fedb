"""The ``kg`` command: a thin argument layer over the library.

Each ``*_cli`` function turns arguments into paths and options, calls one library
function and prints a summary. A :class:`~kg.errors.KGError` prints its message and
exits 1, without a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from kg.errors import Errors, KGError, Warnings

DEFAULT_SEEDS = Path("seeds")
DEFAULT_OUT = Path("build")
DEFAULT_GOLD = Path("tests") / "gold"


def _stage(message: str) -> None:
    """Each stage, on a terminal (with the time), above the stage's bar, so a long build
    never falls silent."""
    if sys.stderr.isatty():
        import time

        from kg.progress import say

        say(f"{time.strftime('%H:%M:%S')} {message} …")


def _pipeline(args: argparse.Namespace):
    from kg.pipeline import load_pipeline

    return load_pipeline(args.pipeline) if args.pipeline else None


def _load(args: argparse.Namespace):
    from kg.resources import load_resources

    resources = load_resources(default_province=args.province)
    province = args.province
    if province is not None and (len(province) != 2 or province not in resources.gaz.divisions):
        raise KGError(Errors.E012.format(value=args.province))
    return resources


def _inputs(args: argparse.Namespace) -> dict:
    """The record field names (--field) and sidecar metadata (--metadata) of the inputs."""
    from kg.sources import RecordFields, parse_field_options, read_sidecar

    names = RecordFields().with_names(parse_field_options(args.field or []))
    sidecar = read_sidecar(args.metadata, names) if args.metadata else None
    return {"names": names, "sidecar": sidecar}


def build_cli(args: argparse.Namespace) -> int:
    from kg.build import build

    paths = args.paths or [DEFAULT_SEEDS]
    if args.out.exists() and not args.out.is_dir():
        raise KGError(Errors.E008.format(path=args.out))
    if args.dask is not None:
        from kg.distributed import parse_address

        parse_address(args.dask)  # a malformed address is refused before anything loads
        if args.jobs > 1:
            raise KGError(Errors.E096)
    from kg.progress import silent, terminal_progress

    pipeline = _pipeline(args)
    progress = silent if args.quiet else terminal_progress()
    result = build(paths, args.out, _load(args), base=args.base, max_bytes=args.max_bytes,
                   max_nodes=args.max_nodes, progress=progress, jobs=args.jobs, pipeline=pipeline,
                   store=args.store, report=None if args.quiet else _stage, update=args.update,
                   dask=args.dask, **_inputs(args))
    print(result.summary())
    if result.skipped:
        print(f"  {len(result.skipped)} file(s) skipped (see the warnings above)")
    for name, path in result.outputs.items():
        print(f"  {name:<14} {path}")
    return 0


def eval_cli(args: argparse.Namespace) -> int:
    from kg.baseline import baseline_sets
    from kg.build import extract_pages
    from kg.evaluate import (
        check_category,
        format_errors,
        format_markdown,
        format_rules,
        format_table,
        item_errors,
        load_gold,
        meta_errors,
        metadata_accuracy,
        predicted_sets,
        rule_precision,
        score,
        unmatched,
    )
    from kg.merge import merge_pages

    gold = load_gold(args.gold)
    if args.errors and args.errors != "meta":
        check_category(args.errors)  # an unknown category is refused before the build
    pipeline = _pipeline(args)
    resources = _load(args)
    pages, skipped = extract_pages(args.paths or [DEFAULT_SEEDS], resources, pipeline=pipeline,
                                   **_inputs(args))
    G = merge_pages(pages, resources.gaz)
    no_gold, no_page = unmatched(gold, [page.name for page in pages])
    if no_gold:
        print(f"warning: {len(no_gold)} page(s) have no gold file and are not scored: "
              f"{', '.join(no_gold[:10])}{' …' if len(no_gold) > 10 else ''}", file=sys.stderr)
    if no_page:
        print(f"warning: {len(no_page)} gold file(s) name pages that were not built, so all "
              f"their items count as misses: {', '.join(no_page[:10])}", file=sys.stderr)
    if args.errors == "meta":
        print("\n".join(meta_errors(gold, pages)) or "no errors")
        return 0
    if args.errors:
        print(format_errors(item_errors(gold, predicted_sets(G), args.errors)))
        return 0
    if args.by_rule:
        scores = rule_precision(gold, G)
        if args.json:
            print(json.dumps({f"{cat}/{rule}": sc.as_dict() for (cat, rule), sc in sorted(scores.items())},
                             ensure_ascii=False, indent=1))
        else:
            print(format_rules(scores))
        return 0
    reports = {"kg": score(gold, predicted_sets(G))}
    reports["kg"].extra.update(metadata_accuracy(gold, pages))
    if args.baseline:
        reports["baseline"] = score(gold, baseline_sets(pages))
    if args.json:
        print(json.dumps({name: r.as_dict() for name, r in reports.items()},
                         ensure_ascii=False, indent=1, sort_keys=True))
    elif args.markdown:
        print(format_markdown(reports))
    else:
        print(format_table(reports))
    return 0


def _limits(args: argparse.Namespace):
    from kg.sandbox import Limits

    for name in ("timeout", "max_memory_mb", "max_rows", "max_result_bytes"):
        value = getattr(args, name, None)
        if value is not None and value < 0:
            raise KGError(Errors.E070.format(option=name.replace("_", "-"), value=value))
    default = Limits()
    return Limits(timeout_s=args.timeout or None, memory_mb=args.max_memory_mb,
                  max_rows=getattr(args, "max_rows", default.max_rows),  # kg query only
                  max_bytes=getattr(args, "max_result_bytes", default.max_bytes))  # kg serve only


def query_cli(args: argparse.Namespace) -> int:
    from kg.query import format_result, with_prefixes
    from kg.sandbox import run_sandboxed

    if args.file:
        if not args.file.is_file():
            raise KGError(Errors.E032.format(path=args.file))
        sparql = args.file.read_text(encoding="utf-8")
    elif args.sparql:
        sparql = args.sparql
    else:
        raise KGError(Errors.E033)
    from dataclasses import replace

    result = run_sandboxed(args.graph, with_prefixes(sparql), replace(_limits(args), truncate=True),
                           with_ontology=not args.no_ontology)
    print(format_result(result, args.format))
    if result.truncated:
        warnings.warn(Warnings.W008.format(limit=args.max_rows), stacklevel=1)
    return 0


def validate_cli(args: argparse.Namespace) -> int:
    import rdflib

    from kg.validate import validate_graph

    if not Path(args.graph).is_file():
        raise KGError(Errors.E031.format(path=args.graph))
    fmt = rdflib.util.guess_format(str(args.graph))
    if fmt not in ("turtle", "nt", "json-ld", "xml", "n3"):
        raise KGError(Errors.E037.format(path=args.graph, detail="give graph.ttl, graph.nt or graph.jsonld"))
    try:
        graph = rdflib.Graph().parse(data=Path(args.graph).read_bytes(), format=fmt)
    except Exception as e:  # rdflib raises parser-specific errors for a file that is no RDF
        raise KGError(Errors.E037.format(path=args.graph, detail=str(e).splitlines()[0][:200])) from e
    conforms, report = validate_graph(graph)
    print(report if not conforms else f"{args.graph}: conforms to the dangjian-kg SHACL shapes")
    return 0 if conforms else 2


def _bind(args: argparse.Namespace) -> str:
    """``--bind`` with its port replaced by ``--port`` when one is given."""
    if args.port is None:
        return args.bind
    from kg.serve import parse_bind

    host, _port = parse_bind(args.bind)
    return f"[{host}]:{args.port}" if ":" in host else f"{host}:{args.port}"


def serve_cli(args: argparse.Namespace) -> int:
    import signal

    from kg.serve import Endpoint, ServeOptions

    limits = _limits(args)
    if args.workers < 1 or args.long_queries < 0 or args.max_clients < 1 or args.fast_slice <= 0:
        raise KGError(Errors.E071)
    options = ServeOptions(workers=args.workers, long_queries=args.long_queries,
                           max_clients=args.max_clients, fast_slice_s=args.fast_slice)

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)
    endpoint = None
    try:
        endpoint = Endpoint(args.graph, bind=_bind(args), limits=limits, options=options).start()
        print(f"SPARQL endpoint on http://{endpoint.address}/query "
              f"(query page at http://{endpoint.address}/); Ctrl-C stops it", flush=True)
        while endpoint.thread.is_alive():
            endpoint.thread.join(0.5)
    except KeyboardInterrupt:
        return 0
    finally:
        if endpoint is not None:
            endpoint.close()
    return 1


def viz_cli(args: argparse.Namespace) -> int:
    from kg.export.html import STYLE, focus, to_html
    from kg.export.network import read_graphml
    from kg.io import write_atomic

    if not args.graph.is_file():
        raise KGError(Errors.E034.format(path=args.graph))
    types = set(args.types.split(",")) if args.types else None
    if types and (unknown := types - set(STYLE)):
        raise KGError(Errors.E035.format(types=sorted(unknown), opts=", ".join(STYLE)))
    try:
        graph = read_graphml(args.graph)
    except Exception as e:  # ElementTree and networkx raise their own errors for other files
        raise KGError(Errors.E038.format(path=args.graph, detail=str(e).splitlines()[0][:200])) from e
    view = focus(graph, around=args.around, depth=args.depth, types=types, prefecture=args.prefecture)
    write_atomic(args.out, to_html(view, max_nodes=args.max_nodes, hierarchical=args.hierarchical))
    print(f"{view.number_of_nodes()} nodes, {view.number_of_edges()} edges -> {args.out}")
    return 0


def _parser() -> argparse.ArgumentParser:
    from kg.io import DEFAULT_MAX_BYTES
    from kg.prefixes import DEFAULT_BASE

    parser = argparse.ArgumentParser(prog="kg", description="dangjian-kg: a knowledge graph "
                                     "of Chinese news about grassroots Party building.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log each stage")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only, no warnings")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    # -v/-q also after the subcommand (kg build -v); SUPPRESS keeps the value given before it
    loudness = argparse.ArgumentParser(add_help=False)
    loudness.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                          help="log each stage")
    loudness.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                          help="print errors only, no warnings")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("paths", nargs="*", type=Path,
                       help=f"pages (.txt, .md, .html, .jsonl, .json) or folders of them "
                            f"(default: {DEFAULT_SEEDS}/)")
        p.add_argument("--field", action="append", metavar="PIECE=NAME",
                       help="the JSONL/JSON field holding a piece (text, title, date, url, outlet, "
                            "section, id), tried before the usual names; repeatable")
        p.add_argument("--metadata", type=Path, default=None, metavar="FILE.csv",
                       help="a CSV of metadata by page (columns page and any of date, outlet, url, "
                            "section, title); it fills what the pages leave unknown")
        p.add_argument("--province", default=None, metavar="CODE",
                       help="2-digit code of the province 自治区/全区 mean when a page "
                            "does not say (default: inferred per page)")
        p.add_argument("--pipeline", type=Path, default=None, metavar="FILE",
                       help="a pipeline TOML naming the components to run (default: "
                            "kg/data/pipeline.toml)")

    b = sub.add_parser("build", help="build the graph from pages", parents=[loudness])
    common(b)
    b.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: build/)")
    b.add_argument("--base", default=DEFAULT_BASE, help="IRI base for resources")
    b.add_argument("--max-bytes", type=_size, default=DEFAULT_MAX_BYTES,
                   help="refuse pages larger than this: bytes, or 500KB, 20MB, 1GiB … (default: 20 MiB)")
    b.add_argument("--jobs", type=_jobs, default=1,
                   help="worker processes for extraction (same output; 0: one per core; default 1)")
    b.add_argument("--store", action=argparse.BooleanOptionalAction, default=True,
                   help="keep an on-disk Oxigraph store of the graph (OUT/store/) that kg query and "
                        "kg serve open in milliseconds instead of parsing graph.ttl again (default; "
                        "--no-store: none, and an earlier build's store is removed)")
    b.add_argument("--update", action="store_true",
                   help="extract only new or changed pages, reading the others back from the "
                        "extraction cache of earlier --update builds (OUT/.kg-cache/); the outputs "
                        "are those of a full build")
    b.add_argument("--dask", default=None, metavar="ADDRESS",
                   help="extract the pages on a Dask cluster: its scheduler address "
                        "(tcp://host:8786), or local:N for a local cluster of N processes "
                        "(needs the dask extra)")
    b.add_argument("--max-nodes", type=int, default=1500,
                   help="largest graph drawn in graph.html (default: 1500)")
    b.set_defaults(func=build_cli)

    e = sub.add_parser("eval", help="score a build against gold annotations", parents=[loudness])
    common(e)
    e.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="folder of gold *.json")
    e.add_argument("--baseline", action="store_true", help="also score the jieba-posseg baseline")
    e.add_argument("--json", action="store_true", help="print JSON instead of a table")
    e.add_argument("--markdown", action="store_true", help="print a Markdown table")
    e.add_argument("--by-rule", action="store_true",
                   help="precision of each rule per category (which rules to trust or fix)")
    e.add_argument("--errors", metavar="CATEGORY",
                   help="list, per page, the items of CATEGORY (people, implements, …) that were "
                        "missed or found wrongly")
    e.set_defaults(func=eval_cli)

    q = sub.add_parser("query", help="run a SPARQL query over a built graph", parents=[loudness])
    q.add_argument("graph", type=Path, help="graph.ttl or graph.nt, or a build folder (its store/, "
                                            "or its graph.ttl when built with --no-store)")
    q.add_argument("sparql", nargs="?", help="the query text")
    q.add_argument("--file", type=Path, help="read the query from a file (e.g. queries/villages.rq)")
    q.add_argument("--format", choices=("table", "csv", "json"), default="table")
    q.add_argument("--max-rows", type=int, default=10_000,
                   help="print at most this many rows (or triples), with a warning when more "
                        "matched (default 10000)")
    q.add_argument("--timeout", type=float, default=30.0,
                   help="seconds before a query is stopped (0: no limit; default 30)")
    q.add_argument("--max-memory-mb", type=int, default=2048,
                   help="memory one query may use before it is stopped (default 2048)")
    q.add_argument("--no-ontology", action="store_true", help="do not load ontology.ttl beside it")
    q.set_defaults(func=query_cli)

    v = sub.add_parser("validate", help="check a built graph against the SHACL shapes", parents=[loudness])
    v.add_argument("graph", type=Path)
    v.set_defaults(func=validate_cli)

    z = sub.add_parser("viz", help="write a focused HTML view of a built graph", parents=[loudness])
    z.add_argument("graph", type=Path, help="graph.graphml written by kg build")
    z.add_argument("--around", help="centre on the entity with this name")
    z.add_argument("--depth", type=int, default=1, help="steps around it (default 1)")
    z.add_argument("--types", help="comma-separated: province,prefecture,county,township,"
                                    "village,org,unit,programme,document,person")
    z.add_argument("--prefecture", help="only what lies or acts in this prefecture (e.g. 阿里地区)")
    z.add_argument("--max-nodes", type=int, default=1500)
    z.add_argument("--hierarchical", action="store_true", help="levels top-down instead of a spring layout")
    z.add_argument("--out", type=Path, default=Path("view.html"))
    z.set_defaults(func=viz_cli)

    s = sub.add_parser("serve", help="serve a built graph as a read-only SPARQL endpoint", parents=[loudness])
    s.add_argument("graph", type=Path, help="graph.ttl or graph.nt, or a build folder (its store/, "
                                            "or its graph.ttl when built with --no-store)")
    s.add_argument("--bind", default="127.0.0.1:7878", help="host:port (default 127.0.0.1:7878)")
    s.add_argument("--port", type=int, default=None,
                   help="the port alone, on --bind's host (kg serve build/ --port 8080)")
    s.add_argument("--timeout", type=float, default=30.0, help="seconds per query (default 30)")
    s.add_argument("--max-memory-mb", type=int, default=2048,
                   help="memory one query may use before it is stopped (default 2048)")
    s.add_argument("--max-result-bytes", type=int, default=50_000_000,
                   help="refuse answers larger than this (default 50 MB)")
    s.add_argument("--workers", type=int, default=6,
                   help="query worker processes in the fast lane (default 6; ~50 MB each idle)")
    s.add_argument("--long-queries", type=int, default=2,
                   help="queries past the fast slice that may run to the timeout at once (default 2)")
    s.add_argument("--fast-slice", type=float, default=0.3,
                   help="seconds a query may run in the fast lane before it moves to the long "
                        "lane (default 0.3)")
    s.add_argument("--max-clients", type=int, default=64,
                   help="connections served at once; more get 503 (default 64)")
    s.set_defaults(func=serve_cli)
    return parser


def printable(message: object) -> str:
    """A message fit for a terminal: control characters a file name may hold (a newline, an
    ANSI escape that recolours or clears the screen, a bidi override) shown as escapes.

    >>> printable("a\\nb\\x1b[2J\\u202ec.txt: empty")
    'a\\\\nb\\\\x1b[2J\\\\u202ec.txt: empty'
    """
    import unicodedata

    return "".join(ch if ch == " " or unicodedata.category(ch)[0] != "C"
                   else ch.encode("unicode_escape").decode() for ch in str(message))


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Warnings as one line each, for people (the library's warnings name the file)."""
    print(f"warning: {printable(message)}", file=sys.stderr)


#: exit status when stdout is closed before the output is written (``| head``)
EXIT_BROKEN_PIPE = 141


_SIZE_UNITS = {"": 1, "B": 1, "KB": 1000, "MB": 1000**2, "GB": 1000**3,
               "KIB": 1024, "MIB": 1024**2, "GIB": 1024**3, "K": 1024, "M": 1024**2, "G": 1024**3}


def _size(value: str) -> int:
    """``--max-bytes 20MB``: a number of bytes with an optional unit (KB/MB/GB are powers of
    1000, KiB/MiB/GiB and K/M/G powers of 1024)."""
    import re

    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*", value)
    if m is None or m.group(2).upper() not in _SIZE_UNITS:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (give bytes, or e.g. 500KB, 20MB, 1GiB)")
    return int(float(m.group(1)) * _SIZE_UNITS[m.group(2).upper()])


def _jobs(value: str) -> int:
    """``--jobs N``: N worker processes, 0 for one per core; never negative."""
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of workers: {value!r}") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError(f"a number of workers is 0 (one per core) or more, not {jobs}")
    return jobs or os.cpu_count() or 1


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("dangjian-kg")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    level = logging.ERROR if args.quiet else logging.INFO if args.verbose else logging.WARNING
    logging.basicConfig(level=level,
                        format="%(levelname)s %(name)s: %(message)s")
    warnings.simplefilter("ignore" if args.quiet else "default")
    warnings.showwarning = _show_warning
    try:
        return args.func(args)
    except KGError as e:
        print(f"error: {printable(e)}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader left (kg query … | head): nothing is wrong with the graph; stop quietly,
        # with the shell's status for a pipe closed under a writer (128 + SIGPIPE)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


if __name__ == "__main__":
    sys.exit(main())
