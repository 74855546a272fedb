"""The prefixes graph.ttl is written with and ``kg query`` declares for a query, and the
IRI base of resources the command line offers by default.

Plain strings, so that a process that only runs a query need not import rdflib (a third of
a second of every ``kg query``); ``tests/export/test_rdf.py`` checks them against the
namespaces rdflib and :mod:`kg.namespace` define (which import rdflib).
"""

from __future__ import annotations

PREFIXES = {"dj": "https://w3id.org/dangjian-kg/ontology#", "org": "http://www.w3.org/ns/org#",
            "skos": "http://www.w3.org/2004/02/skos/core#", "prov": "http://www.w3.org/ns/prov#",
            "dct": "http://purl.org/dc/terms/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#",
            "schema": "https://schema.org/"}

#: the IRI base of resources (``--base``): :data:`kg.namespace.DEFAULT_BASE`, as a string the
#: command line can read without importing rdflib
DEFAULT_BASE = "https://w3id.org/dangjian-kg/id/"
