"""Time and source in the graph: dated pages give dct:issued, dct:publisher and the
analysis of spread over time (kg.analysis, queries/*.rq), and eval scores them."""

from __future__ import annotations

import csv
import json

import pytest
import rdflib

from kg.build import build
from kg.evaluate import metadata_accuracy, outlet_matches
from kg.query import load_store, run_query
from kg.types import Page, PageMeta
from kg.validate import validate_graph
from tests.helpers import ROOT

EXAMPLE = ROOT / "examples" / "diffusion.jsonl"
QUERIES = ROOT / "queries"
DCT = rdflib.Namespace("http://purl.org/dc/terms/")


@pytest.fixture(scope="module")
def dated(resources, tmp_path_factory):
    out = tmp_path_factory.mktemp("dated")
    return build([EXAMPLE], out, resources), out


def test_dated_pages_carry_date_and_outlet_in_the_graph(dated):
    result, out = dated
    g = rdflib.Graph().parse(out / "graph.ttl")
    records = [json.loads(line) for line in EXAMPLE.read_text("utf-8").splitlines()]
    issued = {str(o) for _s, o in g.subject_objects(DCT.issued)}
    assert issued == {r["date"] for r in records}
    publishers = {str(label) for _s, o in g.subject_objects(DCT.publisher)
                  for label in g.objects(o, rdflib.RDFS.label)}
    assert publishers == {r["source"] for r in records}
    for _s, o in g.subject_objects(DCT.issued):
        assert o.datatype == rdflib.XSD.date
    ok, report = validate_graph(g)
    assert ok, report


def test_pages_csv_lists_each_article_with_its_date(dated):
    _result, out = dated
    with (out / "pages.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 7 and all(r["date"] for r in rows)
    assert rows[0]["page"] == "diffusion.jsonl/2023-03-14-1" and rows[0]["outlet"] == "泸定日讯"


def test_diffusion_analysis_and_query_agree(dated):
    from kg import analysis

    result, out = dated
    spread = analysis.diffusion(result.graph, "红色代办")
    assert [r["first"] for r in spread] == sorted(r["first"] for r in spread)
    assert spread[0] == {"family": "红色代办", "prefecture": "甘孜藏族自治州", "first": "2023-03-14",
                         "articles": 2}
    answer = run_query(load_store(out / "graph.ttl"), (QUERIES / "diffusion.rq").read_text("utf-8"))
    rows = [dict(zip(answer.variables, row, strict=True)) for row in answer.rows]
    assert [(r["prefecture"], r["first"]) for r in rows] == [(r["prefecture"], r["first"]) for r in spread]
    assert analysis.diffusion(result.graph, "不存在的工作法") == []


def test_programmes_over_time(dated):
    from kg import analysis

    result, out = dated
    timeline = analysis.programme_timeline(result.graph)
    assert {(r["first"], r["last"]) for r in timeline} == {("2023-03-14", "2025-06-30")}
    assert sum(r["articles"] for r in timeline) == 7
    sparql = (QUERIES / "programmes_over_time.rq").read_text("utf-8")
    answer = run_query(load_store(out / "graph.ttl"), sparql)
    assert [row[3] for row in answer.rows] == [r["month"] for r in timeline]


def test_an_undated_page_has_no_date_and_still_conforms(seed_build):
    _result, out = seed_build
    g = rdflib.Graph().parse(out / "graph.ttl")
    assert list(g.subject_objects(DCT.issued)) == []  # the seeds state no date: none is invented


def test_same_named_files_in_two_folders_are_two_pages_of_the_graph(resources, tmp_path):
    text = "东坝镇：党员冬训开班\n\n12月3日，白河县东坝镇党委组织全镇党员开展冬训。\n"
    for year in ("2023", "2024"):
        (tmp_path / "in" / year).mkdir(parents=True)
        (tmp_path / "in" / year / "page1.txt").write_text(text, "utf-8")
    result = build([tmp_path / "in"], tmp_path / "out", resources)
    assert [p.name for p in result.graph.pages] == ["2023/page1.txt", "2024/page1.txt"]
    g = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl")
    assert sorted(str(o) for _s, o in g.subject_objects(DCT.identifier) if "#" not in str(o)) == \
        ["2023/page1.txt", "2024/page1.txt"]


def test_metadata_accuracy_scores_date_and_outlet():
    gold = {"a.txt": {"meta": {"date": "2025-04-16", "outlet": "东乌组工（东乌珠穆沁旗委组织部微信公众号）"}},
            "b.txt": {"meta": {"date": "2025-05-21", "outlet": "阜平县人民政府网站"}},
            "c.txt": {"people": []}}
    pages = [Page("a.txt", ROOT, "utf-8", meta=PageMeta(date="2025-04-16", outlet="东乌组工")),
             Page("b.txt", ROOT, "utf-8", meta=PageMeta(date="2025-05-20", outlet="阜平县人民政府"))]
    assert metadata_accuracy(gold, pages) == {"meta_pages": 2, "date_accuracy": 0.5, "outlet_accuracy": 1.0}
    assert metadata_accuracy({"c.txt": gold["c.txt"]}, pages) == {}
    assert not outlet_matches(None, "人民日报") and not outlet_matches("人民网", "人民日报")


def test_graphml_and_hover_name_the_article_title_and_date(dated):
    from kg.export.network import read_graphml

    _result, out = dated
    graph = read_graphml(out / "graph.graphml")
    [prog] = [n for n, d in graph.nodes(data=True) if d["label"] == "红色代办"]
    data = graph.nodes[prog]
    assert (data["first_seen"], data["last_seen"]) == ("2023-03-14", "2025-06-30")
    assert "《泸定县推行“红色代办” 群众办事少跑腿》 2023-03-14" in data["evidence"]
    html = (out / "graph.html").read_text("utf-8")
    assert "2023-03-14, diffusion.jsonl/2023-03-14-1#0" in html
