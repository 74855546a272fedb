"""One exception tree and a catalogue of coded messages (after spaCy's ``errors.py``).

Messages name the bad value and, where there is a choice, the valid options, so a user
can act on them without reading the code.
"""

from __future__ import annotations


class KGError(Exception):
    """Base class of every error dangjian-kg raises on purpose."""


class InputError(KGError):
    """A page could not be read: missing, empty, binary, undecodable or too large."""


class GazetteerError(KGError):
    """The packaged gazetteer is missing or inconsistent."""


class PipelineError(KGError):
    """A stage was misconfigured or returned something other than what it promised."""


class OntologyError(KGError):
    """A term or IRI does not fit the ontology contract."""


class QueryError(KGError):
    """A SPARQL query was refused (forbidden feature, syntax error, limits)."""


class _Coded(type):
    """Every message carries its code (``[E007] No usable page …``), as spaCy's do: a user
    who reports one, or searches for it, names the exact case."""

    def __getattribute__(cls, code: str) -> str:
        message = super().__getattribute__(code)
        if code[:1] in "EW" and code[1:].isdigit():
            return f"[{code}] {message}"
        return message


class Errors(metaclass=_Coded):
    """Error messages, formatted with ``str.format``."""

    E001 = "{path}: no such file or folder."
    E002 = "{path}: file is empty."
    E003 = "{path}: looks binary ({reason}); not a text page."
    E004 = "{path}: cannot decode as UTF-8, UTF-16 or GB18030; not a text page."
    E005 = "{path}: {size} bytes is over the size limit of {limit} bytes (raise it with --max-bytes)."
    E006 = "{path}: only {fraction:.0%} of its letters are Chinese; not a Chinese page."
    E007 = ("No usable page among {paths} ({skipped} file(s) skipped, see the warnings above); "
            "nothing was built, and the outputs in {out} are as they were.")
    E008 = "--out {path} is a file; give a folder (it is created if missing)."
    E010 = "Gazetteer file {path} is missing; reinstall dangjian-kg or run scripts/build_gazetteer.py."
    E011 = "A packaged gazetteer table names code {code} for {name!r}, which is not in the gazetteer."
    E012 = ("--province {value!r}: give the two-digit code of a province "
            "(e.g. 54 for 西藏自治区, 51 for 四川省).")
    E020 = "Gold folder {path} has no *.json files."
    E022 = "Unknown category {value!r} for --errors. Valid categories: {opts}"
    E030 = "Unknown output format {value!r}. Valid formats: {opts}"
    E031 = "Graph file {path} does not exist; run `kg build` first."
    E032 = "{path}: no such query file."
    E033 = "Give a query as an argument or with --file q.rq"
    E034 = "{path} does not exist; run `kg build` first (it writes graph.graphml)."
    E035 = "Unknown types {types}. Valid types: {opts}"
    E036 = "No entity named {name!r} in the graph."
    E037 = "{path}: not valid RDF: {detail}"
    E038 = "{path}: not a GraphML file ({detail}); give the graph.graphml that kg build writes."
    E040 = "Query refused: {feature} is not allowed (the query may not reach the network or other files)."
    E041 = "Query could not be parsed: {detail}"
    E042 = "Query returned more than {limit} rows; narrow it or raise --max-rows."
    E043 = "Query ran for more than {limit} s and was stopped; narrow it or raise --timeout."
    E044 = ("Query was stopped: it needed more than {limit} MB of memory (or ended its worker); "
            "narrow it or raise --max-memory-mb.")
    E045 = "All query workers stayed busy for {wait:.0f} s; try again later."
    E046 = "Too many long queries are running; this one was stopped. Try again later or narrow it."
    E047 = "None of the media types in Accept can carry this answer."
    E048 = "The answer is larger than {cap} bytes; narrow the query (LIMIT) or raise --max-result-bytes."
    E049 = "The query worker was lost; try again."
    E051 = "A query worker did not start within {seconds:.0f} s."
    E052 = "A query worker could not open {path}."
    E053 = "{path}: {detail}"
    E060 = "Unknown pipeline component {name!r}. Registered components: {opts}"
    E061 = "A pipeline component named {name!r} is registered already."
    E062 = "{path}: not a usable pipeline file: {detail}"
    E063 = "Stage {name!r} requires {missing}; fulfilled before it: {done}"
    E064 = "Stage {name!r} returned {got}, not {expected}"
    E070 = "--{option} must not be negative (got {value})."
    E071 = ("--workers and --max-clients must be at least 1, --long-queries at least 0, "
            "--fast-slice more than 0.")
    E072 = "--bind {bind!r}: give host:port with a port from 0 to 65535 (e.g. {example})."
    E073 = "--bind {bind!r}: the host must be a name or an address (e.g. 127.0.0.1)."
    E074 = "Cannot listen on {bind}: {detail}."
    E080 = ("--field {piece!r}: give PIECE=NAME, the record field that holds a piece "
            "(pieces: {opts}; e.g. --field date=pubtime).")
    E081 = ("{path}: neither a file nor a folder (a FIFO, a device or a symlink loop); "
            "give page files or folders.")
    E082 = "{path}: no article text found in the HTML (an empty page, or only navigation and scripts)."
    E083 = "{path}: could not be read ({detail}); skipped."
    E084 = "{path}: a record must be a JSON object with a text field, not {got}."
    E085 = ("{path}: the record has no text (looked for the fields {names}; "
            "name yours with --field text=NAME).")
    E086 = "{path}: not valid JSON ({detail})."
    E087 = "{path}: JSON must be UTF-8."
    E088 = ("{path}: not a usable metadata CSV ({detail}); it needs a page column and any of "
            "date, outlet, url, section, title.")
    E089 = ("Another build is writing to {out} now; wait for it to finish or give another --out "
            "(nothing was replaced).")
    E090 = "{path} is a folder where an output file goes; move it away (nothing was replaced)."
    E092 = "Could not write the outputs in {out} ({detail}); the previous outputs are kept."
    E091 = "Could not replace the outputs in {out} ({detail}); the previous outputs are kept."
    E093 = ("--dask {value!r}: give a scheduler address (tcp://host:8786) or local:N for a "
            "local cluster of N worker processes.")
    E094 = ("--dask {value}: dask.distributed is not installed; install it with "
            "pip install 'dangjian-kg[dask]' (on the workers too).")
    E095 = "--dask {value}: could not reach the scheduler ({detail}); nothing was built."
    E096 = "--dask and --jobs are two ways of spreading the extraction; give one of them."
    E097 = ("Could not keep the extracted pages in {out} until they are merged ({detail}); "
            "nothing was replaced.")
    E050 = "Invalid IRI minted for {what!r}: {iri!r}."


class Warnings(metaclass=_Coded):
    """Warning messages: one per problem kind per file, never one per item."""

    W001 = "{path}: removed {count} control or invisible characters."
    W002 = "{path}: decoded as {encoding}, not UTF-8."
    W003 = "Skipped: {reason}"
    W004 = "{path}: {count} replacement characters (U+FFFD) suggest garbled OCR or a bad conversion."
    W005 = ("{path}: page skipped, its extraction failed ({error}); the rest of the build goes on. "
            "Please report this page.")
    W008 = "The answer was cut at {limit} rows; more matched (raise --max-rows, or narrow the query)."
    W006 = ("{path}: skipped files of kinds no reader knows ({kinds}); "
            "pages are .txt, .md, .html, .jsonl, .json.")
    W007 = "{path}: front matter is not valid YAML ({detail}); read as part of the page."
