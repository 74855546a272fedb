"""SHACL validation of a built graph against ``shapes.ttl`` (pySHACL).

The shapes pin what users rely on when they write queries: one Chinese label per entity,
codes of the right length per level, one parent per place, evidence nodes complete,
figures with value and unit.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import rdflib
from pyshacl import validate as shacl_validate


def packaged(name: str) -> Path:
    """A data file shipped with the package (``ontology.ttl``, ``shapes.ttl``)."""
    return Path(str(resources.files("kg.data").joinpath(name)))


def validate_graph(data: rdflib.Graph) -> tuple[bool, str]:
    """``(conforms, report text)`` of ``data`` against the packaged shapes, with the
    ontology as background knowledge (so subclasses satisfy ``sh:class``)."""
    shapes = rdflib.Graph().parse(packaged("shapes.ttl"))
    ontology = rdflib.Graph().parse(packaged("ontology.ttl"))
    conforms, _graph, text = shacl_validate(data, shacl_graph=shapes, ont_graph=ontology,
                                            inference="rdfs", abort_on_first=False)
    return bool(conforms), str(text)
