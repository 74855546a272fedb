"""Every build conforms to the SHACL shapes, and the shapes do catch violations."""

from __future__ import annotations

import rdflib

from kg.namespace import DJ
from kg.validate import validate_graph


def test_shacl_seed_build_conforms(seed_build):
    data = rdflib.Graph().parse(seed_build[1] / "graph.ttl")
    conforms, report = validate_graph(data)
    assert conforms, report


def test_shacl_catches_a_wrong_code_and_a_second_label(seed_build):
    data = rdflib.Graph().parse(seed_build[1] / "graph.ttl")
    village = next(data.subjects(rdflib.RDF.type, DJ.Village))
    data.set((village, DJ.adminCode, rdflib.Literal("540123")))
    data.add((village, rdflib.RDFS.label, rdflib.Literal("另一个名字", lang="zh")))
    conforms, report = validate_graph(data)
    assert not conforms
    assert "Village" in report or "adminCode" in report
