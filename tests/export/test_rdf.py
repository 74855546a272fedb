"""RDF export: strict parsing by pyoxigraph, isomorphic round trip, safe IRIs, ontology terms."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.build import csv_text, entities_rows
from kg.errors import OntologyError
from kg.export.rdf import IriMinter, serialize, to_rdf, to_rdflib
from kg.merge import merge_pages
from kg.namespace import DJ
from kg.pipeline import extract_page
from kg.types import RawText
from tests.helpers import ROOT

PAGE = ("拉萨市尼木县卡如乡党委开展“三个一批”活动\n\n本报记者 扎西\n\n"
        "近日，拉萨市尼木县卡如乡党委深入开展“三个一批”活动，发展党员15名。"
        "卡如乡党委书记王强说：“我们要干。”学习《中国共产党支部工作条例》。\n")


@pytest.fixture(scope="module")
def graph(resources):
    page = extract_page(RawText(Path("p.txt"), PAGE, "utf-8"), resources)
    return merge_pages([page], resources.gaz)


def test_rdf_turtle_parses_strictly_and_round_trips(graph):
    rdf = to_rdf(graph)
    data = serialize(rdf, "turtle")
    strict = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(strict) == len(rdf) == len(set(strict))
    assert isomorphic(rdflib.Graph().parse(data=data, format="turtle"), to_rdflib(rdf))


def test_rdf_ntriples_are_sorted_and_complete(graph):
    rdf = to_rdf(graph)
    lines = serialize(rdf, "nt").decode().splitlines()
    assert lines == sorted(lines) and len(lines) == len(rdf)


def test_rdf_ntriples_sorted_on_disk_are_the_bytes_sorted_in_memory(graph, tmp_path):
    """The external sort of a build (runs of a few triples each, merged, repeats across
    runs kept once) writes exactly the N-Triples of the in-memory sort; one run gives the
    same, and so does an empty graph."""
    import io

    from kg.export.rdf import rdf_batches, write_ntriples
    from kg.types import KnowledgeGraph

    expected = serialize(to_rdf(graph), "nt")
    batches = list(rdf_batches(graph, size=7))
    assert len(batches) > 5
    repeats = sum(len(b) for b in batches) - len(to_rdf(graph))
    assert repeats > 0  # an article mentions the same entity twice: the same triple twice
    for size in (7, 10_000):
        buf = io.BytesIO()
        written = write_ntriples(rdf_batches(graph, size=size), buf, tmp_path)
        assert buf.getvalue() == expected and written == len(expected.splitlines())
        assert list(tmp_path.iterdir()) == []  # the runs are removed
    empty = io.BytesIO()
    assert write_ntriples(rdf_batches(KnowledgeGraph()), empty, tmp_path) == 0
    assert empty.getvalue() == serialize(to_rdf(KnowledgeGraph()), "nt") == b"\n"


def test_rdf_sorted_runs_are_given_as_written_and_each_is_ntriples(graph, tmp_path):
    """The store is filled from the runs while graph.nt is still being made: a run is on
    disk, sorted, once each line, and parseable N-Triples before the next batch is even
    made; together the runs hold every triple of the graph, and nothing else."""
    import pyoxigraph

    from kg.export.rdf import rdf_batches, sorted_runs

    made: list[int] = []

    def batches():
        for batch in rdf_batches(graph, size=7):
            made.append(len(made))
            yield batch

    seen: set[str] = set()
    for count, run in enumerate(sorted_runs(batches(), tmp_path), 1):
        assert len(made) == count  # the run of this batch, before the next batch
        lines = run.read_text("utf-8").splitlines(keepends=True)
        assert lines == sorted(set(lines)) and lines
        quads = list(pyoxigraph.parse(path=str(run), format=pyoxigraph.RdfFormat.N_TRIPLES))
        assert len(quads) == len(lines)
        seen.update(map(str, quads))
    assert count > 5
    assert seen == {str(t) for t in to_rdf(graph)}


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # rdflib's parser
def test_rdf_jsonld_is_the_same_graph(graph):
    rdf = to_rdf(graph)
    data = serialize(rdf, "jsonld")
    assert isomorphic(rdflib.Graph().parse(data=data, format="json-ld"), to_rdflib(rdf))


def test_rdf_contract_names(graph):
    rdf = to_rdflib(to_rdf(graph))
    place = rdflib.URIRef("https://w3id.org/dangjian-kg/id/place/540123202")
    assert (place, rdflib.RDF.type, DJ.Township) in rdf
    assert (place, DJ.adminCode, rdflib.Literal("540123202")) in rdf
    assert (place, DJ.locatedIn, rdflib.URIRef("https://w3id.org/dangjian-kg/id/place/540123")) in rdf
    assert any(rdf.triples((None, rdflib.RDF.type, DJ.Evidence)))
    assert any(rdf.triples((None, rdflib.RDF.type, DJ.Figure)))


@pytest.mark.parametrize("name", ['a b', 'x>y', '"q"', "{}|^`", "拉萨市（城关）", "\\n", "莫𡐓村"],
                         ids=["space", "gt", "quote", "punct", "fullwidth", "backslash", "astral"])
def test_rdf_minted_iris_are_valid_for_hostile_names(name):
    term = IriMinter().mint("org", name)  # as N-Triples writes it: <…>
    assert term.startswith("<") and term.endswith(">")
    pyoxigraph.NamedNode(term[1:-1])
    assert term.isascii()


def test_rdf_invalid_base_is_refused():
    with pytest.raises(OntologyError, match="Invalid IRI"):
        IriMinter("not a base")


def test_rdf_namespace_matches_ontology():
    """Every dj: term in code is declared in ontology.ttl, and the reverse."""
    onto = rdflib.Graph().parse(ROOT / "ontology.ttl")
    ns = "https://w3id.org/dangjian-kg/ontology#"
    declared = {str(s)[len(ns):] for s in onto.subjects() if str(s).startswith(ns)}
    in_code = set(DJ.__annotations__)
    assert declared == in_code
    with pytest.raises(AttributeError):
        _ = DJ.locatedInn  # a typo fails at once


def test_rdf_every_term_used_by_a_build_is_declared(graph):
    onto = rdflib.Graph().parse(ROOT / "ontology.ttl")
    rdf = to_rdflib(to_rdf(graph))
    used = {t for triple in rdf for t in triple if isinstance(t, rdflib.URIRef)
            and str(t).startswith(str(DJ._NS))}
    assert used and all((t, None, None) in onto for t in used)


def test_rdf_unlinked_place_keeps_its_candidate_codes(resources):
    """泸定县 has two 团结村 (in 泸桥镇 and 冷碛镇); the text does not say which."""
    text = "泸定县：党建引领基层治理\n\n泸定县团结村开展活动。\n"
    G = merge_pages([extract_page(RawText(Path("q.txt"), text, "utf-8"), resources)], resources.gaz)
    rdf = to_rdflib(to_rdf(G))
    village = next(rdf.subjects(rdflib.RDFS.label, rdflib.Literal("团结村", lang="zh")))
    assert {str(o) for o in rdf.objects(village, DJ.candidateCode)} == {"513322100205", "513322101206"}
    assert not any(rdf.objects(village, DJ.adminCode))
    row = next(line for line in csv_text(entities_rows(G)).splitlines() if ",团结村," in line)
    assert row.endswith(",团结村,513322100205 513322101206")


def test_rdf_prefixes_are_the_namespaces_rdflib_and_the_ontology_define():
    """kg.prefixes spells the IRIs out (a query process need not import rdflib): they must be
    the namespaces' own."""
    from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SDO, SKOS, XSD

    from kg.namespace import DEFAULT_BASE, ONTOLOGY_IRI
    from kg.prefixes import DEFAULT_BASE as BASE_STRING
    from kg.prefixes import PREFIXES

    assert BASE_STRING == DEFAULT_BASE

    assert PREFIXES == {"dj": ONTOLOGY_IRI, "org": str(ORG), "skos": str(SKOS), "prov": str(PROV),
                        "dct": str(DCTERMS), "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD),
                        "schema": str(SDO)}


@pytest.mark.parametrize("text", ['说"好"', "a\\b", "制\t表", "两\n行", "莫𡐓村", "\u2028", ""])
def test_rdf_lines_are_what_pyoxigraph_writes_for_the_same_triple(text):
    """graph.nt is built from terms as text (kg.export.rdf._t): each line must be the line
    pyoxigraph's N-Triples writer gives for that triple, escapes included."""
    from kg.export.rdf import _V, _t, plain, zh

    s = IriMinter().mint("org", "x")
    for literal in (zh(text), plain(text)):
        triple = pyoxigraph.Triple(pyoxigraph.NamedNode(s[1:-1]), pyoxigraph.NamedNode(_V.rdfs_label[1:-1]),
                                   next(pyoxigraph.parse(_t(s, _V.rdfs_label, literal).encode(),
                                                         format=pyoxigraph.RdfFormat.N_TRIPLES)).object)
        written = pyoxigraph.serialize([triple], format=pyoxigraph.RdfFormat.N_TRIPLES).decode()
        assert written == _t(s, _V.rdfs_label, literal)
