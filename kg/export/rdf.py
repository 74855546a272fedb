"""RDF export against ``ontology.ttl``: Turtle, N-Triples, JSON-LD.

IRIs are minted from ASCII keys, never by pasting raw text (RELIABILITY.md R3, §4): a
linked place by its code (``…/id/place/540123202``), everything else by its name
percent-encoded after NFC (stable across rebuilds, valid for every tool), evidence and
figures by a hash of what they say. Each IRI is validated where it is minted with
``pyoxigraph.NamedNode``. There are no blank nodes, so Turtle output is byte-identical
for the same graph (R4). Literals are NFC with control characters dropped (R5).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from decimal import Decimal
from urllib.parse import quote

import pyoxigraph
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV

from kg.constants import EntityLabel, Level, OrgKind, RelationLabel
from kg.errors import Errors, OntologyError
from kg.namespace import DEFAULT_BASE, DJ
from kg.types import Entity, Evidence, KnowledgeGraph

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


def decimal(value: float) -> Literal:
    """An ``xsd:decimal`` in canonical form (``15.0``), so Turtle round-trips exactly."""
    text = format(Decimal(repr(float(value))).normalize(), "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def zh(text: str) -> Literal:
    return Literal(clean_literal(text), lang="zh")


class IriMinter:
    """Mints and validates the IRIs of one export under a base (``--base``)."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"
        self.mint("check", "base")

    def mint(self, kind: str, key: str, *, safe: str = "") -> URIRef:
        """``{base}{kind}/{percent-encoded NFC key}``, validated by pyoxigraph.

        Raises:
            OntologyError: the result is not a valid IRI (a bad ``--base``, say).
        """
        local = quote(unicodedata.normalize("NFC", key), safe=safe)
        iri = f"{self.base}{kind}/{local}"
        try:
            pyoxigraph.NamedNode(iri)
        except ValueError as e:
            raise OntologyError(Errors.E050.format(what=key, iri=iri)) from e
        return URIRef(iri)

    def hashed(self, kind: str, *parts: str) -> URIRef:
        digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
        return self.mint(kind, digest)

    def entity(self, entity: Entity) -> URIRef:
        if entity.label is EntityLabel.PLACE and entity.code:
            return self.mint("place", entity.code)
        kind, _, name = entity.key.partition(":")
        return self.mint(kind, name)


def _entity_triples(rdf: Graph, iri: URIRef, entity: Entity) -> None:
    rdf.add((iri, RDF.type, LABEL_CLASS[entity.label]))
    if entity.label is EntityLabel.PLACE and entity.level:
        rdf.add((iri, RDF.type, PLACE_CLASS[entity.level]))
    if entity.label is EntityLabel.ORG and entity.kind in OrgKind._value2member_map_:
        rdf.add((iri, RDF.type, ORG_CLASS[OrgKind(entity.kind)]))
    rdf.add((iri, RDFS.label, zh(entity.name)))
    for alias in sorted(entity.aliases - {entity.name}):
        rdf.add((iri, SKOS.altLabel, zh(alias)))
    if entity.code:
        rdf.add((iri, DJ.adminCode, Literal(entity.code)))
    if role := entity.attrs.get("role"):
        rdf.add((iri, DJ.role, zh(role)))
    if entity.label is EntityLabel.PROGRAMME and entity.attrs.get("core_in"):
        rdf.add((iri, DJ.core, Literal(True)))


def _evidence_triples(rdf: Graph, ids: IriMinter, s: URIRef, p: URIRef, o: URIRef,
                      ev: Evidence) -> None:
    node = ids.hashed("evidence", str(s), str(p), str(o), ev.article, ev.sentence, ev.rule)
    rdf.add((node, RDF.type, DJ.Evidence))
    rdf.add((node, RDF.subject, s))
    rdf.add((node, RDF.predicate, p))
    rdf.add((node, RDF.object, o))
    rdf.add((node, DJ.sentence, zh(ev.sentence)))
    rdf.add((node, PROV.wasDerivedFrom, _article_iri(ids, ev.article)))
    rdf.add((node, DJ.rule, Literal(ev.rule)))
    rdf.add((node, DJ.confidence, decimal(round(ev.confidence, 3))))
    if ev.span is not None:
        rdf.add((node, DJ.startOffset, Literal(ev.span[0])))
        rdf.add((node, DJ.endOffset, Literal(ev.span[1])))


def _article_iri(ids: IriMinter, doc_id: str) -> URIRef:
    """``…/article/<page file>/<n>`` for the article id ``<page file>#<n>``."""
    return ids.mint("article", doc_id.replace("#", "/"), safe="/")


def _page_triples(rdf: Graph, ids: IriMinter, G: KnowledgeGraph) -> None:
    for page in G.pages:
        page_iri = ids.mint("page", page.name)
        rdf.add((page_iri, RDF.type, DJ.Page))
        rdf.add((page_iri, DCTERMS.identifier, Literal(clean_literal(page.name))))
        for article in page.articles:
            art = _article_iri(ids, article.doc_id)
            rdf.add((art, RDF.type, DJ.Article))
            rdf.add((art, DCTERMS.identifier, Literal(clean_literal(article.doc_id))))
            rdf.add((art, DCTERMS.isPartOf, page_iri))
            if article.title:
                rdf.add((art, DCTERMS.title, zh(article.title)))
            for mention in article.mentions:
                if mention.label is EntityLabel.PERSON and mention.attr("role") in ("记者", "通讯员"):
                    rdf.add((art, DCTERMS.creator, zh(mention.norm)))


def to_rdf(G: KnowledgeGraph, *, base: str = DEFAULT_BASE) -> Graph:
    """The knowledge graph as an rdflib :class:`~rdflib.Graph` (no blank nodes).

    Raises:
        OntologyError: an IRI could not be minted (an invalid ``base``).
    """
    ids = IriMinter(base)
    rdf = Graph()
    for prefix, ns in (("dj", DJ._NS), ("org", ORG), ("skos", SKOS), ("prov", PROV),
                       ("dct", DCTERMS), ("xsd", XSD)):
        rdf.bind(prefix, ns)
    iris = {key: ids.entity(entity) for key, entity in G.entities.items()}
    for key, entity in G.entities.items():
        _entity_triples(rdf, iris[key], entity)
        for ev in entity.mentions:
            rdf.add((_article_iri(ids, ev.article), DJ.mentions, iris[key]))
        if family := entity.attrs.get("family"):
            fam_key = f"programme:{family}"
            if fam_key in iris:
                rdf.add((iris[key], SKOS.broader, iris[fam_key]))
    for (head, label, tail), evidence in G.relations.items():
        s, p, o = iris[head], RELATION_PROPERTY[label], iris[tail]
        rdf.add((s, p, o))
        for ev in evidence:
            _evidence_triples(rdf, ids, s, p, o, ev)
    for _page, doc_id, fig, sentence in G.figure_rows():
        node = ids.hashed("figure", doc_id, fig.text, str(fig.sentence))
        rdf.add((node, RDF.type, DJ.Figure))
        rdf.add((node, DJ.value, decimal(fig.value)))
        rdf.add((node, DJ.unit, zh(fig.unit)))
        rdf.add((node, DJ.counted, zh(fig.counted)))
        if fig.year:
            rdf.add((node, DJ.year, Literal(str(fig.year), datatype=XSD.gYear)))
        if fig.subject and fig.subject in iris:
            rdf.add((node, DJ.subject, iris[fig.subject]))
        rdf.add((node, PROV.wasDerivedFrom, _article_iri(ids, doc_id)))
        rdf.add((node, DJ.sentence, zh(sentence)))
    _page_triples(rdf, ids, G)
    return rdf


def _canonical_jsonld(node: object, key: str = "") -> object:
    """Sort every JSON-LD array (nodes, types, values) except ``@list``, whose order is data."""
    if isinstance(node, dict):
        return {k: _canonical_jsonld(v, k) for k, v in node.items()}
    if isinstance(node, list):
        items = [_canonical_jsonld(v) for v in node]
        if key == "@list":
            return items
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return node


def serialize(rdf: Graph, fmt: str) -> bytes:
    """Serialise deterministically: Turtle as rdflib sorts it; N-Triples sorted line by
    line and JSON-LD with its arrays sorted (rdflib's order for both depends on the hash
    seed, R4)."""
    if fmt == "nt":
        lines = rdf.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        return ("\n".join(sorted(set(filter(None, lines)))) + "\n").encode("utf-8")
    if fmt == "jsonld":
        # rdflib emits nodes and values in hash order, which changes from run to run
        data = _canonical_jsonld(json.loads(rdf.serialize(format="json-ld")))
        return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")
    return rdf.serialize(format="turtle", encoding="utf-8")
