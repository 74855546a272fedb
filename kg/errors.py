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


class Errors:
    """Error messages, formatted with ``str.format``."""

    E001 = "{path}: no such file or folder."
    E002 = "{path}: file is empty."
    E003 = "{path}: looks binary ({reason}); not a text page."
    E004 = "{path}: cannot decode as UTF-8, UTF-16 or GB18030; not a text page."
    E005 = "{path}: {size} bytes is over the size limit of {limit} bytes (raise it with --max-bytes)."
    E006 = "{path}: only {fraction:.0%} of its letters are Chinese; not a Chinese page."
    E007 = ("No usable page among {paths} ({skipped} file(s) skipped, see the warnings above); "
            "nothing was built, and the outputs in {out} are as they were.")
    E010 = "Gazetteer file {path} is missing; reinstall dangjian-kg or run scripts/build_gazetteer.py."
    E011 = "A packaged gazetteer table names code {code} for {name!r}, which is not in the gazetteer."
    E020 = "Gold folder {path} has no *.json files."
    E021 = "No predicted page matches gold document {doc!r}. Pages built: {opts}"
    E030 = "Unknown output format {value!r}. Valid formats: {opts}"
    E031 = "Graph file {path} does not exist; run `kg build` first."
    E040 = "Query refused: {feature} is not allowed (the query may not reach the network or other files)."
    E041 = "Query could not be parsed: {detail}"
    E042 = "Query returned more than {limit} rows; narrow it or raise --max-rows."
    E043 = "Query ran for more than {limit} s and was stopped; narrow it or raise --timeout."
    E044 = ("Query was stopped: it needed more than {limit} MB of memory (or ended its worker); "
            "narrow it or raise --max-memory-mb.")
    E045 = "All query workers stayed busy for {wait:.0f} s; try again later."
    E046 = "Too many long queries are running; this one was stopped. Try again later or narrow it."
    E060 = "Unknown pipeline component {name!r}. Registered components: {opts}"
    E061 = "A pipeline component named {name!r} is registered already."
    E062 = "{path}: not a usable pipeline file: {detail}"
    E050 = "Invalid IRI minted for {what!r}: {iri!r}."


class Warnings:
    """Warning messages: one per problem kind per file, never one per item."""

    W001 = "{path}: removed {count} control or invisible characters."
    W002 = "{path}: decoded as {encoding}, not UTF-8."
    W003 = "Skipped: {reason}"
    W004 = "{path}: {count} replacement characters (U+FFFD) suggest garbled OCR or a bad conversion."
    W005 = ("{path}: page skipped, its extraction failed ({error}); the rest of the build goes on. "
            "Please report this page.")
