"""RDF export against ``ontology.ttl``: Turtle, N-Triples, JSON-LD.

IRIs are minted from ASCII keys, never by pasting raw text (hazard R3, ``tests/export/test_rdf.py``): a
linked place by its code (``…/id/place/540123202``), everything else by its name
percent-encoded after NFC (stable across rebuilds, valid for every tool), evidence and
figures by a hash of what they say. Each IRI is validated where it is minted, by
constructing its ``pyoxigraph.NamedNode``. There are no blank nodes, and the triples are
sorted before writing, so every output is byte-identical for the same graph (R4).
Literals are NFC with control characters dropped (R5).

The triples are made as N-Triples lines: each term is written once by pyoxigraph, which
validates it (``str`` of a ``NamedNode`` or ``Literal`` is its N-Triples form, escapes
and all), and a triple is the three joined -- a ``pyoxigraph.Triple`` per triple, then
serialised, cost half the time of writing graph.nt. pyoxigraph writes Turtle and JSON-LD
(rdflib took ~11 s to build and write the graph of 1 MB of text in the three formats, its
Turtle writer alone measured 63x slower). rdflib stays the reader where a library needs
its graphs (pySHACL, tests): :func:`to_rdflib`.
"""

from __future__ import annotations

import hashlib
import heapq
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from decimal import Decimal
from functools import cache
from itertools import chain
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote

import pyoxigraph
import rdflib
from rdflib import RDF, RDFS, SKOS, XSD, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SDO

from kg.constants import EntityLabel, Level, OrgKind, RelationLabel
from kg.errors import Errors, OntologyError
from kg.export.serial import FORMATS, serialize
from kg.keys import entity_key, split_key
from kg.namespace import DEFAULT_BASE, DJ
from kg.types import Entity, Evidence, KnowledgeGraph, PageRecord

Triple = pyoxigraph.Triple
#: a term as N-Triples writes it: ``<iri>``, ``"拉萨市"@zh``, ``"3"^^<…#integer>``
Term = str
#: a triple as one N-Triples line, its newline included
Line = str


@cache
def node(term: URIRef) -> Term:
    """A vocabulary term (``DJ.locatedIn``, ``RDF.type``) as N-Triples writes it."""
    return str(pyoxigraph.NamedNode(str(term)))


def _t(s: Term, p: Term, o: Term) -> Line:
    return f"{s} {p} {o} .\n"


_XSD_ANYURI, _XSD_BOOLEAN, _XSD_DATE, _XSD_DECIMAL, _XSD_GYEAR, _XSD_INTEGER = (
    pyoxigraph.NamedNode(str(t)) for t in (XSD.anyURI, XSD.boolean, XSD.date, XSD.decimal,
                                           XSD.gYear, XSD.integer))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

PLACE_CLASS = {Level.PROVINCE: DJ.Province, Level.PREFECTURE: DJ.Prefecture,
               Level.COUNTY: DJ.County, Level.TOWNSHIP: DJ.Township, Level.VILLAGE: DJ.Village}
ORG_CLASS = {OrgKind.CENTRAL: DJ.CentralBody, OrgKind.COMMITTEE: DJ.Committee,
             OrgKind.LEADING_GROUP: DJ.LeadingGroup, OrgKind.GENERAL_BRANCH: DJ.GeneralBranch,
             OrgKind.BRANCH: DJ.Branch, OrgKind.GROUP: DJ.Group,
             OrgKind.DISCIPLINE: DJ.DisciplineCommission, OrgKind.DEPARTMENT: DJ.Department,
             OrgKind.SCHOOL: DJ.PartySchool}
LABEL_CLASS = {EntityLabel.PLACE: DJ.Place, EntityLabel.ORG: DJ.PartyOrganisation,
               EntityLabel.UNIT: DJ.Unit, EntityLabel.PROGRAMME: DJ.Programme,
               EntityLabel.DOCUMENT: DJ.PolicyDocument, EntityLabel.PERSON: DJ.Person}
RELATION_PROPERTY = {RelationLabel.LOCATED_IN: DJ.locatedIn, RelationLabel.ORG_OF: DJ.orgOf,
                     RelationLabel.SUB_ORG_OF: ORG.subOrganizationOf,
                     RelationLabel.IMPLEMENTS: DJ.implements, RelationLabel.LEADS: DJ.leads}


def clean_literal(text: str) -> str:
    """NFC, no control characters or lone surrogates (they corrupt Turtle round trips).

    >>> clean_literal("拉萨\\x00市\\u0007")
    '拉萨市'
    """
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))


class _V:
    """The vocabulary as N-Triples terms, made once: an rdflib ``DefinedNamespace``
    attribute lookup costs a microsecond, a hundred thousand times per megabyte of text."""

    dcterms_creator = node(DCTERMS.creator)
    dcterms_identifier = node(DCTERMS.identifier)
    dcterms_isPartOf = node(DCTERMS.isPartOf)  # noqa: N815 (the term's own spelling)
    dcterms_issued = node(DCTERMS.issued)
    dcterms_publisher = node(DCTERMS.publisher)
    dcterms_title = node(DCTERMS.title)
    dj_Article = node(DJ.Article)  # noqa: N815 (the term's own spelling)
    dj_Evidence = node(DJ.Evidence)  # noqa: N815 (the term's own spelling)
    dj_Figure = node(DJ.Figure)  # noqa: N815 (the term's own spelling)
    dj_Outlet = node(DJ.Outlet)  # noqa: N815 (the term's own spelling)
    dj_Page = node(DJ.Page)  # noqa: N815 (the term's own spelling)
    dj_adminCode = node(DJ.adminCode)  # noqa: N815 (the term's own spelling)
    dj_candidateCode = node(DJ.candidateCode)  # noqa: N815 (the term's own spelling)
    dj_confidence = node(DJ.confidence)
    dj_core = node(DJ.core)
    dj_counted = node(DJ.counted)
    dj_endOffset = node(DJ.endOffset)  # noqa: N815 (the term's own spelling)
    dj_mentions = node(DJ.mentions)
    dj_role = node(DJ.role)
    dj_rule = node(DJ.rule)
    dj_sameStoryAs = node(DJ.sameStoryAs)  # noqa: N815 (the term's own spelling)
    dj_section = node(DJ.section)
    dj_sentence = node(DJ.sentence)
    dj_startOffset = node(DJ.startOffset)  # noqa: N815 (the term's own spelling)
    dj_subject = node(DJ.subject)
    dj_unit = node(DJ.unit)
    dj_value = node(DJ.value)
    dj_year = node(DJ.year)
    prov_wasDerivedFrom = node(PROV.wasDerivedFrom)  # noqa: N815 (the term's own spelling)
    rdf_object = node(RDF.object)
    rdf_predicate = node(RDF.predicate)
    rdf_subject = node(RDF.subject)
    rdf_type = node(RDF.type)
    rdfs_label = node(RDFS.label)
    skos_altLabel = node(SKOS.altLabel)  # noqa: N815 (the term's own spelling)
    schema_url = node(SDO.url)
    skos_broader = node(SKOS.broader)


_LABEL_CLASS = {k: node(v) for k, v in LABEL_CLASS.items()}
_PLACE_CLASS = {k: node(v) for k, v in PLACE_CLASS.items()}
_ORG_CLASS = {k: node(v) for k, v in ORG_CLASS.items()}
_RELATION_PROPERTY = {k: node(v) for k, v in RELATION_PROPERTY.items()}


def literal(text: str, datatype: pyoxigraph.NamedNode | None = None, language: str | None = None) -> Term:
    """A literal as N-Triples writes it (pyoxigraph escapes it)."""
    return str(pyoxigraph.Literal(text, datatype=datatype, language=language))


def decimal(value: float) -> Term:
    """An ``xsd:decimal`` in canonical form (``15.0``), so Turtle round-trips exactly."""
    text = format(Decimal(repr(float(value))).normalize(), "f")
    return literal(text if "." in text else text + ".0", _XSD_DECIMAL)


def zh(text: str) -> Term:
    return literal(clean_literal(text), language="zh")


def integer(value: int) -> Term:
    return literal(str(value), _XSD_INTEGER)


def plain(text: str) -> Term:
    return literal(clean_literal(text))


_TRUE = literal("true", _XSD_BOOLEAN)


class IriMinter:
    """Mints and validates the IRIs of one export under a base (``--base``)."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"
        self.mint("check", "base")

    def mint(self, kind: str, key: str, *, safe: str = "") -> Term:
        """``{base}{kind}/{percent-encoded NFC key}``, validated by pyoxigraph.

        Raises:
            OntologyError: the result is not a valid IRI (a bad ``--base``, say).
        """
        local = quote(unicodedata.normalize("NFC", key), safe=safe)
        iri = f"{self.base}{kind}/{local}"
        try:
            return str(pyoxigraph.NamedNode(iri))
        except ValueError as e:
            raise OntologyError(Errors.E050.format(what=key, iri=iri)) from e

    def hashed(self, kind: str, *parts: str) -> Term:
        """``{base}{kind}/{16 hex digits}``: a hex digest needs no encoding, and the base was
        validated by ``__init__`` (the IRI :meth:`mint` would give, without its checks, as
        tens of thousands of evidence nodes are minted so)."""
        digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
        return f"<{self.base}{kind}/{digest}>"

    def entity(self, entity: Entity) -> Term:
        if entity.label is EntityLabel.PLACE and entity.code:
            return self.mint("place", entity.code)
        kind, name = split_key(entity.key)
        return self.mint(kind, name)


def _entity_triples(out: list[Line], iri: Term, entity: Entity) -> None:
    out.append(_t(iri, _V.rdf_type, _LABEL_CLASS[entity.label]))
    if entity.label is EntityLabel.PLACE and entity.level:
        out.append(_t(iri, _V.rdf_type, _PLACE_CLASS[entity.level]))
    if entity.label is EntityLabel.ORG and entity.kind in OrgKind._value2member_map_:
        out.append(_t(iri, _V.rdf_type, _ORG_CLASS[OrgKind(entity.kind)]))
    out.append(_t(iri, _V.rdfs_label, zh(entity.name)))
    for alias in sorted(entity.aliases - {entity.name}):
        out.append(_t(iri, _V.skos_altLabel, zh(alias)))
    if entity.code:
        out.append(_t(iri, _V.dj_adminCode, plain(entity.code)))
    for code in sorted(entity.candidates):
        out.append(_t(iri, _V.dj_candidateCode, plain(code)))
    if role := entity.role:
        out.append(_t(iri, _V.dj_role, zh(role)))
    if entity.label is EntityLabel.PROGRAMME and entity.core_in:
        out.append(_t(iri, _V.dj_core, _TRUE))


def _evidence_triples(out: list[Line], ids: IriMinter, s: Term, p: Term, o: Term, ev: Evidence,
                      article: Term) -> None:
    # by span too: a sentence an article repeats is two pieces of evidence, each with its
    # own offsets (one node with two dj:startOffset would break the shapes)
    ev_node = ids.hashed("evidence", s[1:-1], p[1:-1], o[1:-1], ev.article, ev.sentence, ev.rule,
                         *(str(x) for x in (ev.span or ())))
    out += [_t(ev_node, _V.rdf_type, _V.dj_Evidence),
            _t(ev_node, _V.rdf_subject, s),
            _t(ev_node, _V.rdf_predicate, p),
            _t(ev_node, _V.rdf_object, o),
            _t(ev_node, _V.dj_sentence, zh(ev.sentence)),
            _t(ev_node, _V.prov_wasDerivedFrom, article),
            _t(ev_node, _V.dj_rule, plain(ev.rule)),
            _t(ev_node, _V.dj_confidence, decimal(round(ev.confidence, 3)))]
    if ev.span is not None:
        out.append(_t(ev_node, _V.dj_startOffset, integer(ev.span[0])))
        out.append(_t(ev_node, _V.dj_endOffset, integer(ev.span[1])))


class _Articles:
    """``…/article/<page file>/<n>`` for the article id ``<page file>#<n>``, minted once."""

    def __init__(self, ids: IriMinter) -> None:
        self._ids = ids
        self._iris: dict[str, Term] = {}

    def __call__(self, doc_id: str) -> Term:
        if (iri := self._iris.get(doc_id)) is None:
            iri = self._iris[doc_id] = self._ids.mint("article", doc_id.replace("#", "/"), safe="/")
        return iri


def _publication_triples(out: list[Line], ids: IriMinter, articles: _Articles,
                         page_iri: Term, page: PageRecord) -> None:
    """A page's date, outlet, address and section, when known (its articles share the
    date and outlet, so a query about time need not go through the page)."""
    meta = page.meta
    if not (meta.date or meta.outlet or meta.url or meta.section):
        return
    about = [page_iri, *(articles(a.doc_id) for a in page.articles)]
    if meta.date:
        issued = literal(meta.date, _XSD_DATE)
        out += [_t(iri, _V.dcterms_issued, issued) for iri in about]
    if meta.outlet:
        outlet = ids.mint("outlet", clean_literal(meta.outlet))
        out += [_t(outlet, _V.rdf_type, _V.dj_Outlet), _t(outlet, _V.rdfs_label, zh(meta.outlet))]
        out += [_t(iri, _V.dcterms_publisher, outlet) for iri in about]
    if meta.url and (url := _url(meta.url)):
        out.append(_t(page_iri, _V.schema_url, literal(url, _XSD_ANYURI)))
    if meta.section:
        out.append(_t(page_iri, _V.dj_section, zh(meta.section)))


def _url(text: str) -> str | None:
    """A web address fit for ``xsd:anyURI`` (no spaces or controls), else None."""
    url = clean_literal(text).strip()
    return url if url and not re.search(r"\s", url) else None


def _pages_lines(G: KnowledgeGraph, ids: IriMinter, articles: _Articles) -> Iterator[list[Line]]:
    """Each page's triples and its articles'."""
    for page in G.pages:
        page_iri = ids.mint("page", page.name)
        out = [_t(page_iri, _V.rdf_type, _V.dj_Page), _t(page_iri, _V.dcterms_identifier, plain(page.name))]
        _publication_triples(out, ids, articles, page_iri, page)
        for article in page.articles:
            art = articles(article.doc_id)
            out.append(_t(art, _V.rdf_type, _V.dj_Article))
            out.append(_t(art, _V.dcterms_identifier, plain(article.doc_id)))
            out.append(_t(art, _V.dcterms_isPartOf, page_iri))
            if article.reprint_of:
                out.append(_t(art, _V.dj_sameStoryAs, articles(article.reprint_of)))
            if article.title:
                out.append(_t(art, _V.dcterms_title, zh(article.title)))
            for creator in article.creators:
                out.append(_t(art, _V.dcterms_creator, zh(creator)))
        yield out


#: triples generated before they are sorted into a run on disk (:func:`write_ntriples`):
#: about 40 MB of triples, whatever the size of the graph
RDF_BATCH = 50_000


def to_rdf(G: KnowledgeGraph, *, base: str = DEFAULT_BASE) -> list[Triple]:
    """The knowledge graph as RDF triples: no blank nodes, no duplicates, sorted, so the
    same graph always serialises to the same bytes. (In memory: a build writes them with
    :func:`write_ntriples` instead.)

    Raises:
        OntologyError: an IRI could not be minted (an invalid ``base``).
    """
    lines = sorted({line for batch in rdf_batches(G, base=base) for line in batch})
    return [Triple(q.subject, q.predicate, q.object)
            for q in pyoxigraph.parse("".join(lines).encode("utf-8"), format=FORMATS["nt"])]


def rdf_batches(G: KnowledgeGraph, *, base: str = DEFAULT_BASE,
                size: int = RDF_BATCH) -> Iterator[list[Line]]:
    """The graph's triples in lists of about ``size``, unsorted, some more than once (an
    article's mention of an entity it names twice): :func:`to_rdf` and
    :func:`write_ntriples` sort them and keep each once."""
    ids = IriMinter(base)
    articles = _Articles(ids)
    iris = {key: ids.entity(entity) for key, entity in G.entities.items()}
    out: list[Line] = []
    for lines in chain(_entities_lines(G, iris, articles), _relations_lines(G, ids, iris, articles),
                       _figures_lines(G, ids, iris, articles), _pages_lines(G, ids, articles)):
        out += lines
        if len(out) >= size:
            yield out
            out = []
    yield out


def _entities_lines(G: KnowledgeGraph, iris: dict[str, Term], articles: _Articles) -> Iterator[list[Line]]:
    """Each entity's triples: its types, labels and codes, the articles that mention it."""
    for key, entity in G.entities.items():
        out: list[Line] = []
        _entity_triples(out, iris[key], entity)
        out += [_t(articles(ev.article), _V.dj_mentions, iris[key]) for ev in entity.mentions]
        if family := entity.family:
            fam_key = entity_key(EntityLabel.PROGRAMME, family)
            if fam_key in iris:
                out.append(_t(iris[key], _V.skos_broader, iris[fam_key]))
        yield out


def _relations_lines(G: KnowledgeGraph, ids: IriMinter, iris: dict[str, Term],
                     articles: _Articles) -> Iterator[list[Line]]:
    """Each relation's triple and its evidence."""
    for (head, label, tail), evidence in G.relations.items():
        s, p, o = iris[head], _RELATION_PROPERTY[label], iris[tail]
        out = [_t(s, p, o)]
        for ev in evidence:
            _evidence_triples(out, ids, s, p, o, ev, articles(ev.article))
        yield out


def _figures_lines(G: KnowledgeGraph, ids: IriMinter, iris: dict[str, Term],
                   articles: _Articles) -> Iterator[list[Line]]:
    """Each figure's triples: what is counted, how many, of what, when, and where it is said."""
    for _page, doc_id, fig, sentence in G.figures:
        fig_node = ids.hashed("figure", doc_id, fig.text, str(fig.sentence))
        out = [_t(fig_node, _V.rdf_type, _V.dj_Figure),
               _t(fig_node, _V.dj_value, decimal(fig.value)),
               _t(fig_node, _V.dj_unit, zh(fig.unit)),
               _t(fig_node, _V.dj_counted, zh(fig.counted))]
        if fig.year:
            out.append(_t(fig_node, _V.dj_year, literal(str(fig.year), _XSD_GYEAR)))
        if fig.subject and fig.subject in iris:
            out.append(_t(fig_node, _V.dj_subject, iris[fig.subject]))
        out.append(_t(fig_node, _V.prov_wasDerivedFrom, articles(doc_id)))
        out.append(_t(fig_node, _V.dj_sentence, zh(sentence)))
        yield out


def write_ntriples(batches: Iterable[list[Line]], fh: BinaryIO, scratch: Path) -> int:
    """Sorted N-Triples of the lines of ``batches`` (:func:`rdf_batches`), each once, into
    ``fh``; return how many lines. Byte for byte what :func:`serialize` of :func:`to_rdf`
    gives, without ever holding more than one batch: an external merge sort of the
    :func:`sorted_runs` in ``scratch`` (an existing folder), removed once merged.

    At 48 MB of text the list of every triple was 2.3–2.9 GB; the runs are on disk.
    """
    runs = list(sorted_runs(batches, scratch))
    written = merge_runs(runs, fh)
    for run in runs:
        run.unlink()
    return written


def sorted_runs(batches: Iterable[list[Line]], scratch: Path) -> Iterator[Path]:
    """Each batch's lines sorted, each once, into a run file of its own in ``scratch``; a
    run is given as soon as it is closed. Every run is itself N-Triples, so the build's
    store is filled from them while the rest of graph.nt is still being made."""
    count = 0
    for batch in batches:
        if not batch:
            continue
        lines = sorted(set(batch))
        batch.clear()
        run = scratch / f"run-{count:05d}.nt"
        with run.open("w", encoding="utf-8", newline="") as out:  # no joined copy of the run
            out.writelines(lines)
        del lines
        count += 1
        yield run


def merge_runs(runs: Sequence[Path], fh: BinaryIO) -> int:
    """The lines of the sorted ``runs`` merged into ``fh``, each once (UTF-8 keeps the order
    of code points, so the bytes sort as the lines did); return how many lines."""
    written = 0
    with ExitStack() as files:
        last = None
        for line in heapq.merge(*(files.enter_context(run.open("rb")) for run in runs)):
            if line != last:
                fh.write(line)
                written += 1
                last = line
    if not written:
        fh.write(b"\n")  # as serialize() writes an empty graph
    return written


def to_rdflib(triples: Iterable[Triple]) -> rdflib.Graph:
    """The same triples as an rdflib graph, for libraries that need one (pySHACL)."""
    return rdflib.Graph().parse(data=serialize(triples, "nt"), format="nt")
