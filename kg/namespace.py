"""The ``dj:`` ontology namespace, generated from ``ontology.ttl`` (do not edit by hand).

Regenerate with ``python scripts/gen_namespace.py``. ``_fail = True`` makes a misspelt term
an ``AttributeError`` at once (rdflib ``DefinedNamespace``); a test checks this file and
the ontology agree.
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

ONTOLOGY_IRI = "https://w3id.org/dangjian-kg/ontology#"
DEFAULT_BASE = "https://w3id.org/dangjian-kg/id/"


class DJ(DefinedNamespace):
    _fail = True
    _NS = Namespace(ONTOLOGY_IRI)

    Article: URIRef
    Branch: URIRef
    CentralBody: URIRef
    Committee: URIRef
    County: URIRef
    Department: URIRef
    DisciplineCommission: URIRef
    Evidence: URIRef
    Figure: URIRef
    GeneralBranch: URIRef
    Group: URIRef
    LeadingGroup: URIRef
    Outlet: URIRef
    Page: URIRef
    PartyOrganisation: URIRef
    PartySchool: URIRef
    Person: URIRef
    Place: URIRef
    PolicyDocument: URIRef
    Prefecture: URIRef
    Programme: URIRef
    Province: URIRef
    Township: URIRef
    Unit: URIRef
    Village: URIRef
    adminCode: URIRef
    candidateCode: URIRef
    confidence: URIRef
    core: URIRef
    counted: URIRef
    endOffset: URIRef
    implements: URIRef
    leads: URIRef
    locatedIn: URIRef
    mentions: URIRef
    orgOf: URIRef
    role: URIRef
    rule: URIRef
    sameStoryAs: URIRef
    section: URIRef
    sentence: URIRef
    startOffset: URIRef
    subject: URIRef
    unit: URIRef
    value: URIRef
    year: URIRef
