"""SPARQL: hostile queries refused on the parsed query, limits, formats, and every shipped
query answered on the seeds' build with its expected rows."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pyoxigraph
import pytest
import rdflib

from kg.errors import QueryError
from kg.export.rdf import to_rdf
from kg.merge import merge_pages
from kg.pipeline import extract_page
from kg.query import check_query, format_result, load_store, run_query
from kg.sandbox import Limits, run_sandboxed
from kg.types import RawText
from tests.helpers import ROOT

QUERIES = ROOT / "queries"


@pytest.mark.parametrize("sparql, feature", [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://x/> { ?a ?b ?c } } }", "SERVICE"),
    ("LOAD <file:///etc/hostname>", "update"),
    ("INSERT DATA { <http://a/> <http://b/> <http://c/> }", "update"),
    ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "FROM"),
    ("SELECT * FROM NAMED <http://x/> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
], ids=["service", "service-silent", "load", "insert", "from", "from-named"])
def test_query_hostile_queries_refused(sparql, feature):
    with pytest.raises(QueryError, match=feature):
        check_query(sparql)


def test_query_string_that_mentions_service_is_fine():
    check_query('SELECT ?s WHERE { ?s ?p "SERVICE <http://x/>" }')


def test_query_syntax_error_is_reported():
    with pytest.raises(QueryError, match="could not be parsed"):
        check_query("SELECT * WHERE { ?s ?p }")


@pytest.mark.parametrize("query, where", [
    ("SELECT ?s WHERE {\n  ?s ?p\n}", "line 2, column 3"),
    ("SELECT ?s WHERE { ?s a dj:Village } LIMT 3", "line 1, column 37: .*found 'LIMT'"),
    ("PREFIX x: <http://x/>\nSELECT ?s WHERE { ?s x:p ?o } LIMT 3", "line 2, column 31: .*found .LIMT."),
])
def test_query_syntax_error_names_the_users_line_and_column(query, where):
    """The error points into the query as written, the predeclared prefixes not counted."""
    from kg.query import with_prefixes

    with pytest.raises(QueryError, match=where):
        check_query(with_prefixes(query))


@pytest.fixture(scope="module")
def store(seed_build) -> pyoxigraph.Store:
    return load_store(seed_build[1] / "graph.ttl")


def _rows(store, name: str) -> list[dict[str, str | None]]:
    result = run_query(store, (QUERIES / name).read_text("utf-8"))
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows]


def test_query_max_rows_is_enforced(store):
    with pytest.raises(QueryError, match="more than 5 rows"):
        run_query(store, "SELECT * WHERE { ?s ?p ?o }", max_rows=5)


def test_query_formats(store):
    result = run_query(store, "PREFIX dj: <https://w3id.org/dangjian-kg/ontology#> "
                              "SELECT ?c WHERE { ?p dj:adminCode ?c } ORDER BY ?c LIMIT 3")
    codes = [row[0] for row in result.rows]
    assert codes == sorted(codes) and len(codes) == 3
    assert json.loads(format_result(result, "json")) == [{"c": c} for c in codes]
    assert list(csv.reader(io.StringIO(format_result(result, "csv")))) == [["c"], *[[c] for c in codes]]
    assert format_result(result, "table").endswith("(3 rows)")


def test_query_villages_with_their_chain(store):
    rows = _rows(store, "villages.rq")
    assert {"village": "森格社区", "code": "542523100001", "township": "狮泉河镇",
            "county": "噶尔县", "prefecture": "阿里地区"} in rows
    unlinked = [r for r in rows if r["village"] == "赤朗村" and r["township"]]
    assert unlinked == [{"village": "赤朗村", "code": None, "township": "卡如乡",
                         "county": "尼木县", "prefecture": "拉萨市"}]


def test_query_bodies_under_prefecture_at_any_depth(store):
    rows = _rows(store, "bodies_by_prefecture.rq")
    assert {"prefecture": "阿里地区", "body": "森格社区党支部", "kind": "Branch",
            "host": "森格社区"} in rows  # village -> township -> county -> prefecture
    assert {"prefecture": "拉萨市", "body": "卡如乡党委", "kind": "Committee", "host": "卡如乡"} in rows


def test_query_programmes_across_prefectures(store):
    rows = {r["programme"]: r for r in _rows(store, "programmes_across_prefectures.rq")}
    assert "枫桥经验" in rows
    assert all(int(r["prefectures"]) > 1 for r in rows.values())


def test_query_programme_families(store):
    rows = _rows(store, "programme_families.rq")
    assert {"family": "党建+", "programme": "党建+三农", "actors": "1"} in rows
    assert all(r["programme"] != r["family"] for r in rows)  # a family is another programme


def test_query_who_leads_what(store):
    rows = _rows(store, "who_leads_what.rq")
    assert {"person": "蒋雄", "role": "党支部书记", "body": "然乌村党支部"} in rows


def test_query_evidence_for_one_relation(store):
    rows = _rows(store, "evidence.rq")
    assert rows and all(r["object"] == "三个一批" or r["subject"] == "三个一批" for r in rows)
    assert any(r["subject"] == "昌都市" and r["relation"] == "implements" for r in rows)
    assert all(r["sentence"] and r["article"].startswith("000_") for r in rows)


def test_query_figures_by_prefecture(store):
    rows = _rows(store, "figures_by_prefecture.rq")
    assert {r["prefecture"] for r in rows} >= {"拉萨市", "昌都市"}
    assert all(r["sentence"] for r in rows)


def test_query_rdflib_and_pyoxigraph_read_the_same_triples(seed_build):
    path = seed_build[1] / "graph.ttl"
    ox = {tuple(str(t) for t in (q.subject, q.predicate, q.object))
          for q in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)}
    rd = {(str(s), str(p), str(o)) for s, p, o in rdflib.Graph().parse(path, format="turtle")}
    normalise = {tuple(x.strip('<>').split('"@')[0].strip('"').split('"^^')[0] for x in t) for t in ox}
    assert len(ox) == len(rd) and normalise == rd


def test_query_timeout_stops_a_runaway_query(seed_build):
    """The deadline stops the evaluation itself (its worker is killed), and the check of
    the query text runs inside the same limit."""
    graph = seed_build[1] / "graph.ttl"
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.perf_counter()
    with pytest.raises(QueryError, match="was stopped"):
        run_sandboxed(graph, runaway, Limits(timeout_s=1.0))
    assert time.perf_counter() - started < 15
    assert run_sandboxed(graph, "ASK { ?s ?p ?o }", Limits(timeout_s=10)).boolean is True


def test_query_packaged_ontology_and_shapes_match_the_top_level_files():
    for name in ("ontology.ttl", "shapes.ttl"):
        assert (ROOT / "kg" / "data" / name).read_bytes() == (ROOT / name).read_bytes(), name


def test_query_store_refuses_a_missing_graph(tmp_path):
    with pytest.raises(Exception, match="does not exist"):
        load_store(Path(tmp_path / "none.ttl"))


def test_query_unlinked_places_with_parent_and_candidates(store, resources):
    rows = _rows(store, "unlinked_places.rq")
    assert {"place": "赤朗村", "level": "Village", "parent": "卡如乡", "candidates": None,
            "articles": "1"} in rows
    # an ambiguous village: two 团结村 in 泸定县, the text says no more
    page = extract_page(RawText(Path("q.txt"), "泸定县：党建引领\n\n泸定县团结村开展活动。\n", "utf-8"),
                        resources)
    small = pyoxigraph.Store()
    small.extend(pyoxigraph.Quad(t.subject, t.predicate, t.object)
                 for t in to_rdf(merge_pages([page], resources.gaz)))
    [row] = _rows(small, "unlinked_places.rq")
    assert set(row.pop("candidates").split()) == {"513322100205", "513322101206"}
    assert row == {"place": "团结村", "level": "Village", "parent": None, "articles": "1"}


@pytest.mark.slow
def test_query_cli_checking_a_huge_query_is_inside_the_time_limit(seed_build, tmp_path):
    """A 2 MB VALUES query: parsing it alone takes rdflib minutes; the limit stops it."""
    import subprocess
    import sys

    values = " ".join(f'"{i}"' for i in range(250_000))
    big = tmp_path / "big.rq"
    big.write_text(f"SELECT ?x WHERE {{ VALUES ?x {{ {values} }} }}", encoding="utf-8")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "kg", "query", str(seed_build[1] / "graph.ttl"),
                           "--file", str(big), "--timeout", "2"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1 and "was stopped" in done.stderr and "Traceback" not in done.stderr
    assert time.perf_counter() - started < 30
    small = subprocess.run([sys.executable, "-m", "kg", "query", str(seed_build[1] / "graph.ttl"),
                            'SELECT ?x WHERE { VALUES ?x { "a" "b" } }', "--timeout", "2"], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert small.returncode == 0 and small.stdout.endswith("(2 rows)\n")


def test_query_usual_prefixes_need_no_declaration():
    """``kg query G 'SELECT … { ?v a dj:Village }'`` runs as written: the usual prefixes are
    declared before a query that does not declare them; a query's own declaration wins."""
    from kg.query import with_prefixes

    bare = "SELECT ?v WHERE { ?v a dj:Village ; skos:altLabel ?l ; rdfs:label ?n }"
    check_query(with_prefixes(bare))  # parses: dj, skos, rdfs are known
    with pytest.raises(QueryError):
        check_query(bare)  # the twin: undeclared, it does not parse
    own = "PREFIX dj: <https://example.org/other#>\nSELECT ?v WHERE { ?v a dj:Village }"
    assert "PREFIX dj: <https://w3id.org" not in with_prefixes(own)
    assert with_prefixes(own).endswith(own)


def test_cli_query_cuts_at_max_rows_with_a_warning(seed_build, capsys):
    """``kg query --max-rows N`` prints the first N rows and warns (W008) that more matched;
    the library call keeps refusing (test above)."""
    from kg.cli import main

    graph = str(seed_build[1] / "graph.ttl")
    assert main(["query", graph, "SELECT ?s WHERE { ?s a dj:Village } ORDER BY ?s", "--max-rows", "3",
                 "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert len(out.strip().splitlines()) == 4 and "W008" in err
    assert main(["query", graph, "SELECT ?s WHERE { ?s a dj:Village } LIMIT 2", "--max-rows", "3"]) == 0
    assert "W008" not in capsys.readouterr().err


def test_cli_query_construct_and_describe_print_turtle(seed_build, capsys):
    import rdflib

    from kg.cli import main

    graph = str(seed_build[1] / "graph.ttl")
    construct = "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a dj:Village ; rdfs:label ?l }"
    assert main(["query", graph, construct]) == 0
    turtle = capsys.readouterr().out
    g = rdflib.Graph().parse(data=turtle, format="turtle")
    assert len(g) > 10 and all(str(p) == str(rdflib.RDFS.label) for _s, p, _o in g)
    assert main(["query", graph, "DESCRIBE <https://w3id.org/dangjian-kg/id/place/542523100001>"]) == 0
    described = rdflib.Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert (rdflib.URIRef("https://w3id.org/dangjian-kg/id/place/542523100001"), rdflib.RDFS.label,
            rdflib.Literal("森格社区", lang="zh")) in described


def test_build_store_is_queried_in_place_and_replaced_by_the_next_build(resources, tmp_path, capsys):
    """``kg build`` keeps an Oxigraph store that ``kg query OUT/`` opens read-only; it
    answers as graph.ttl does, and a rebuild replaces it whole. A build with ``--no-store``
    removes an earlier build's store (it would answer with the old graph), and the folder is
    queried through its graph.ttl."""
    from kg.build import build
    from kg.cli import main
    from kg.sandbox import graph_spec, is_store

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "p.txt").write_text("泸定县：党建引领\n\n泸定县团结村开展活动。\n", "utf-8")
    out = tmp_path / "out"
    build([tmp_path / "in"], out, resources)
    assert is_store(out / "store") and graph_spec(out).kind == "store"
    sparql = "SELECT ?n WHERE { ?p a dj:Village ; rdfs:label ?n } ORDER BY ?n"
    assert main(["query", str(out), sparql, "--format", "csv"]) == 0
    from_store = capsys.readouterr().out
    assert main(["query", str(out / "graph.ttl"), sparql, "--format", "csv"]) == 0
    assert capsys.readouterr().out == from_store and "团结村" in from_store
    (tmp_path / "in" / "q.txt").write_text("泸定县：党建引领\n\n泸定县冷碛镇开展活动。\n", "utf-8")
    build([tmp_path / "in"], out, resources, store=True)
    assert main(["query", str(out), "SELECT ?n WHERE { ?p a dj:Township ; rdfs:label ?n }"]) == 0
    assert "冷碛镇" in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".store")) == []
    build([tmp_path / "in"], out, resources, store=False)
    assert graph_spec(out).kind == "graph" and not (out / "store").exists()
    assert main(["query", str(out), "SELECT ?n WHERE { ?p a dj:Township ; rdfs:label ?n }"]) == 0
    assert "冷碛镇" in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".store")) == []


def test_query_the_json_ld_output_holds_the_same_graph(seed_build):
    """``kg query build/graph.jsonld`` works as on graph.ttl: the same triples."""
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    turtle = run_query(load_store(seed_build[1] / "graph.ttl"), count).rows
    json_ld = run_query(load_store(seed_build[1] / "graph.jsonld"), count).rows
    assert json_ld == turtle and int(str(turtle[0][0])) > 1000


def test_query_cli_process_leaves_the_sparql_parser_to_its_worker():
    """The process of ``kg query`` reads its command line and imports the query modules
    without rdflib (its SPARQL parser a third of a second, rdflib itself a tenth): the
    sandboxed worker, forked from a preloaded server, checks the query; the check itself
    still uses that parser."""
    import subprocess
    import sys

    probe = ("import sys, kg.cli, kg.query, kg.sandbox; kg.cli._parser(); "
             "print('rdflib' in sys.modules, 'rdflib.plugins.sparql.parser' in sys.modules); "
             "kg.query.check_query('SELECT * WHERE { ?s ?p ?o }'); "
             "print('rdflib.plugins.sparql.parser' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False", "True"]
