"""SPARQL over a built graph, on an embedded pyoxigraph store.

pyoxigraph parses Turtle strictly and answers queries one to two orders of magnitude
faster than rdflib's engine (``benchmarks/bench_query.py``). Before a
query runs it is parsed with rdflib's SPARQL parser and its algebra checked: only
read-only query forms, no ``SERVICE`` (federation reaches the network: hazard R1,
``tests/test_hardening.py``),
no ``FROM``/``FROM NAMED`` (a dataset clause may name other files or URLs). Results are
capped at ``max_rows``. Time and memory limits are :mod:`kg.sandbox`'s: a query a person
did not write runs there, never in the process that owns the command or the server.
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph

from kg.errors import Errors, KGError, QueryError
from kg.prefixes import PREFIXES

if TYPE_CHECKING:  # rdflib's parser is imported where a query is checked (0.3 s a process)
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parserutils import CompValue

DEFAULT_MAX_ROWS = 10_000
ONTOLOGY = Path(str(resources.files("kg.data").joinpath("ontology.ttl")))
FORMATS = ("table", "csv", "json")
# rdflib's SPARQL parser (pyparsing) is not thread-safe (it keeps parse state in shared
# objects): one caller at a time in a process. The query workers of kg.sandbox are single-threaded anyway.
_PARSER = threading.Lock()
_RDF_FORMATS = {".ttl": pyoxigraph.RdfFormat.TURTLE, ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
                ".jsonld": pyoxigraph.RdfFormat.JSON_LD}


@dataclass
class QueryResult:
    """Variables and rows of a SELECT (or the boolean of an ASK), as plain strings."""

    variables: list[str]
    rows: list[list[str | None]]
    boolean: bool | None = None
    #: the rows stopped at the cap (``kg query`` truncates with a warning)
    truncated: bool = False
    #: a CONSTRUCT or DESCRIBE answer, as Turtle
    graph: str | None = None


def load_store(path: Path, *, with_ontology: bool = True) -> pyoxigraph.Store:
    """An in-memory store holding a Turtle, N-Triples or JSON-LD graph file (parsed strictly),
    and the ontology, so that queries can use the class hierarchy.

    Raises:
        KGError: the file does not exist, has another format, or is not valid RDF.
    """
    return fill_store(pyoxigraph.Store(), path, with_ontology=with_ontology)


def fill_store(store: pyoxigraph.Store, path: Path, *, with_ontology: bool = True) -> pyoxigraph.Store:
    """Bulk-load a Turtle, N-Triples or JSON-LD graph file, and the ontology, into ``store`` (in
    memory or on disk, as ``kg serve`` keeps it).

    Raises:
        KGError: the file does not exist, has another format, or is not valid RDF.
    """
    if not path.is_file():
        raise KGError(Errors.E031.format(path=path))
    fmt = _RDF_FORMATS.get(path.suffix)
    if fmt is None:
        raise KGError(Errors.E030.format(value=path.suffix, opts=", ".join(_RDF_FORMATS)))
    try:
        store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, ValueError) as e:
        raise KGError(Errors.E037.format(path=path, detail=e)) from e
    if with_ontology:
        store.bulk_load(path=str(ONTOLOGY), format=pyoxigraph.RdfFormat.TURTLE)
    return store


def _walk(node: object) -> Iterable[CompValue]:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple, ParseResults)):
        for item in node:
            yield from _walk(item)


def with_prefixes(sparql: str) -> str:
    """``sparql`` with the usual prefixes (dj, rdf, rdfs, xsd, owl, skos, org, prov, dct,
    schema) declared where the query does not declare them itself, so ``kg query G 'SELECT
    … { ?v a dj:Village }'`` runs as written."""
    declared = {m.lower() for m in re.findall(r"(?i)\bPREFIX\s+([\w-]*)\s*:", sparql)}
    missing = [f"PREFIX {p}: <{iri}>" for p, iri in sorted(_known_prefixes().items())
               if p.lower() not in declared]
    # on the query's own first line, so that a parse error's line is the user's line
    return (" ".join(missing) + " " + sparql) if missing else sparql


def _known_prefixes() -> dict[str, str]:
    return {**PREFIXES, "owl": "http://www.w3.org/2002/07/owl#", "schema": "https://schema.org/"}


def _declared_by_us(sparql: str) -> int:
    """The length of the prefix declarations :func:`with_prefixes` put before the query."""
    known = {f"PREFIX {p}: <{iri}> " for p, iri in _known_prefixes().items()}
    pos = 0
    while (end := sparql.find("> ", pos)) > 0 and sparql[pos:end + 2] in known:
        pos = end + 2
    return pos


def parse_error(sparql: str, e: ParseException) -> str:
    """One line: where the query stops parsing, as line:column of the query the user wrote
    (the prefixes :func:`with_prefixes` declared on its first line are not counted)."""
    col = e.col - (_declared_by_us(sparql) if e.lineno == 1 else 0)
    line = sparql.splitlines()[e.lineno - 1] if sparql.splitlines() else ""
    found = line[e.col - 1:e.col + 11].split()[0] if line[e.col - 1:].strip() else "the end"
    found = found if found == "the end" else f"'{found}'"
    return f"line {e.lineno}, column {col}: {e.msg} (found {found})"


def check_query(sparql: str) -> None:
    """Refuse what may reach beyond the graph: updates (``LOAD``, ``INSERT`` …),
    ``SERVICE`` and dataset clauses (``FROM``), judged on the parsed query.

    Raises:
        QueryError: the query is not a read-only query over the graph, or does not parse.
    """
    with _PARSER:
        _check(sparql)


def _check(sparql: str) -> None:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(sparql)
    except ParseException as e:
        if _is_update(sparql):
            raise QueryError(Errors.E040.format(feature="an update (LOAD, INSERT …)")) from e
        raise QueryError(Errors.E041.format(detail=parse_error(sparql, e))) from e
    for node in _walk(parsed):
        if node.name == "ServiceGraphPattern":
            raise QueryError(Errors.E040.format(feature="SERVICE"))
        if node.name == "DatasetClause":
            raise QueryError(Errors.E040.format(feature="FROM / FROM NAMED"))
    try:
        algebra = translateQuery(parsed)
    except Exception as e:  # rdflib raises plain Exceptions for unknown prefixes
        raise QueryError(Errors.E041.format(detail=str(e))) from e
    if algebra.algebra.get("datasetClause"):
        raise QueryError(Errors.E040.format(feature="FROM / FROM NAMED"))


def _is_update(sparql: str) -> bool:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(sparql)
    except ParseException:
        return False
    return True


def _term(term: object) -> str | None:
    if term is None:
        return None
    return getattr(term, "value", str(term))


def run_query(store: pyoxigraph.Store, sparql: str, *, max_rows: int = DEFAULT_MAX_ROWS) -> QueryResult:
    """Check and run a SELECT or ASK query in this process; at most ``max_rows`` rows.

    For a notebook or a test over a trusted store. It has no deadline and no memory bound
    (Oxigraph cannot be interrupted), so queries a person did not write go through
    :func:`kg.sandbox.run_sandboxed` or :class:`kg.sandbox.QueryPool`, as ``kg query``
    and ``kg serve`` do.

    Raises:
        QueryError: refused by :func:`check_query`, failed, or over ``max_rows`` rows.
    """
    check_query(sparql)
    return evaluate(store, sparql, max_rows)


def evaluate(store: pyoxigraph.Store, sparql: str, max_rows: int, *, truncate: bool = False) -> QueryResult:
    """Run an already checked query into a :class:`QueryResult`: the rows of a SELECT (at
    most ``max_rows``: refused past them, or cut there with ``truncate``), the boolean of an
    ASK, the Turtle of a CONSTRUCT or DESCRIBE (at most ``max_rows`` triples)."""
    try:
        result = store.query(sparql)
    except (SyntaxError, ValueError, OSError) as e:
        raise QueryError(Errors.E041.format(detail=str(e))) from e
    if isinstance(result, pyoxigraph.QueryBoolean):
        return QueryResult(variables=[], rows=[], boolean=bool(result))
    if isinstance(result, pyoxigraph.QueryTriples):
        return _graph_result(result, max_rows, truncate)
    variables = [v.value for v in result.variables]
    rows: list[list[str | None]] = []
    for solution in result:
        if len(rows) >= max_rows:
            if truncate:
                return QueryResult(variables=variables, rows=rows, truncated=True)
            raise QueryError(Errors.E042.format(limit=max_rows))
        rows.append([_term(solution[v]) for v in variables])
    return QueryResult(variables=variables, rows=rows)


def _graph_result(triples: pyoxigraph.QueryTriples, max_rows: int, truncate: bool) -> QueryResult:
    """A CONSTRUCT/DESCRIBE answer as sorted Turtle with the usual prefixes."""
    kept: list[pyoxigraph.Triple] = []
    truncated = False
    for triple in triples:
        if len(kept) >= max_rows:
            if not truncate:
                raise QueryError(Errors.E042.format(limit=max_rows))
            truncated = True
            break
        kept.append(triple)
    text = pyoxigraph.serialize(sorted(kept, key=str), format=pyoxigraph.RdfFormat.TURTLE,
                                prefixes=PREFIXES).decode("utf-8")
    return QueryResult(variables=[], rows=[], truncated=truncated, graph=text)


_SOLUTION_TYPES = {
    "application/sparql-results+json": pyoxigraph.QueryResultsFormat.JSON,
    "application/json": pyoxigraph.QueryResultsFormat.JSON,
    "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
    "application/xml": pyoxigraph.QueryResultsFormat.XML,
    "text/csv": pyoxigraph.QueryResultsFormat.CSV,
    "text/tab-separated-values": pyoxigraph.QueryResultsFormat.TSV,
}
_GRAPH_TYPES = {
    "text/turtle": pyoxigraph.RdfFormat.TURTLE,
    "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
    "application/rdf+xml": pyoxigraph.RdfFormat.RDF_XML,
}


def negotiate(accept: str, *, graph: bool):
    """The serialisation an ``Accept`` header asks for (RFC 9110: media types compared
    without regard to case, ``q`` weights, ``*/*`` and ``type/*``; the first listed wins a
    tie). JSON results and Turtle graphs by default; ``None`` when nothing fits.

    >>> negotiate("Text/CSV; q=0.9, application/sparql-results+json; q=0.1", graph=False).media_type
    'text/csv; charset=utf-8'
    >>> negotiate("", graph=True).media_type
    'text/turtle'
    >>> negotiate("image/png", graph=False) is None
    True
    """
    table = _GRAPH_TYPES if graph else _SOLUTION_TYPES
    ranges: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        media, *params = (p.strip().lower() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranges.append((-q, i, media))
    if not ranges:
        return next(iter(table.values()))
    for _q, _i, media in sorted(ranges):
        if media in table:
            return table[media]
        kind = media.split("/")[0]
        for name, fmt in table.items():
            if media == "*/*" or (media.endswith("/*") and name.startswith(kind + "/")):
                return fmt
    return None


def format_result(result: QueryResult, fmt: str) -> str:
    """As an aligned text table, CSV or JSON (a list of objects).

    Raises:
        KGError: an unknown format.
    """
    if fmt not in FORMATS:
        raise KGError(Errors.E030.format(value=fmt, opts=", ".join(FORMATS)))
    if result.graph is not None:  # CONSTRUCT / DESCRIBE: a graph, as Turtle in every format
        return result.graph.rstrip("\n")
    if result.boolean is not None:
        return json.dumps(result.boolean) if fmt == "json" else str(result.boolean).lower()
    if fmt == "json":
        records = [dict(zip(result.variables, row, strict=True)) for row in result.rows]
        return json.dumps(records, ensure_ascii=False, indent=1)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows([["" if v is None else v for v in row] for row in result.rows])
        return buf.getvalue()
    cells = [result.variables] + [["" if v is None else v for v in row] for row in result.rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(result.variables))]
    lines = ["  ".join(_pad(v, w) for v, w in zip(row, widths, strict=True)).rstrip()
             for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"({len(result.rows)} rows)")
    return "\n".join(lines)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
