"""Regenerate ``kg/namespace.py`` from ``ontology.ttl`` (the single source of truth), and
copy ``ontology.ttl`` and ``shapes.ttl`` into the package (``kg/data/``) so an installed
``kg`` has them; a test checks the copies match."""

from __future__ import annotations

from pathlib import Path

import rdflib

ROOT = Path(__file__).resolve().parents[1]
NS = "https://w3id.org/dangjian-kg/ontology#"
HEADER = '''"""The ``dj:`` ontology namespace, generated from ``ontology.ttl`` (do not edit by hand).

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

'''


def main() -> None:
    graph = rdflib.Graph().parse(ROOT / "ontology.ttl")
    terms = sorted({str(s)[len(NS):] for s in graph.subjects() if str(s).startswith(NS)})
    body = "".join(f"    {term}: URIRef\n" for term in terms)
    (ROOT / "kg" / "namespace.py").write_text(HEADER + body, encoding="utf-8")
    for name in ("ontology.ttl", "shapes.ttl"):
        (ROOT / "kg" / "data" / name).write_bytes((ROOT / name).read_bytes())


if __name__ == "__main__":
    main()
