"""HTML export: page text is shown, never run; the page is self-contained."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest

from kg.build import write_outputs
from kg.export.html import inert_title, to_html
from kg.export.network import to_networkx
from kg.merge import merge_pages
from kg.pipeline import extract_page
from kg.types import RawText

HOSTILE = ('拉萨市尼木县卡如乡党委开展“<script>alert(1)</script>”活动\n\n本报记者 扎西\n\n'
           '近日，拉萨市尼木县卡如乡党委开展“"><img src=x onerror=alert(2)>”活动、'
           '“<img src=x onerror=window.__x=1>”行动和“href测试”，学习《<script>alert(1)</script>》。\n')


@pytest.fixture(scope="module")
def page_html(resources, tmp_path_factory) -> str:
    page = extract_page(RawText(Path("evil.txt"), HOSTILE, "utf-8"), resources)
    out = tmp_path_factory.mktemp("html")
    write_outputs(merge_pages([page], resources.gaz), out)
    return (out / "graph.html").read_text("utf-8")


def test_html_hostile_text_is_never_markup(page_html):
    assert "<script>alert(1)" not in page_html
    assert "<img src=x" not in page_html
    assert "onerror=alert(2)>" not in page_html.replace("\\u003e", ">").split("<body>")[0]


def test_html_is_offline_and_self_contained(page_html):
    assert "vis.DataSet" in page_html and "new vis.Network" in page_html
    assert not re.search(r"<(?:script|link)[^>]*(?:src|href)=", page_html)
    assert json.dumps("卡如乡党委")[1:-1] in page_html  # labels travel as escaped JSON


def test_html_titles_defuse_pyvis_href_popup():
    assert "href" not in inert_title('<a href="x">HREF</a>').lower()
    assert inert_title("日喀则市 > 定日县") == "日喀则市 > 定日县"  # shown as written, not &gt;


def test_html_unlinked_place_tells_its_candidate_codes(resources):
    page = extract_page(RawText(Path("q.txt"), "泸定县：党建\n\n泸定县团结村开展活动。\n", "utf-8"),
                        resources)
    graph = to_networkx(merge_pages([page], resources.gaz))
    village = next(d for _k, d in graph.nodes(data=True) if d["label"] == "团结村")
    assert village["candidates"] == "513322100205 513322101206"
    assert "513322100205 513322101206" in to_html(graph)


def _hierarchy(prefectures: int = 10, counties: int = 10, townships: int = 9) -> nx.Graph:
    """A province's places by located_in (weight 4), a committee of each county (org_of, 3)
    and programmes every third county committee implements (0.3), as :func:`_weighted`
    gives them to the layout."""
    from kg.export.html import EDGE_WEIGHTS

    g = nx.Graph()
    g.add_node("place:54")
    for p in range(prefectures):
        pref = f"place:54{p:02d}"
        g.add_edge(pref, "place:54", weight=EDGE_WEIGHTS["located_in"])
        for c in range(counties):
            county = f"{pref}{c:02d}"
            g.add_edge(county, pref, weight=EDGE_WEIGHTS["located_in"])
            g.add_edge(f"org:{county}委", county, weight=EDGE_WEIGHTS["org_of"])
            if c % 3 == 0:
                g.add_edge(f"org:{county}委", f"programme:X{p}", weight=EDGE_WEIGHTS["implements"])
            for t in range(townships):
                g.add_edge(f"{county}{t:03d}", county, weight=EDGE_WEIGHTS["located_in"])
    return g


def test_tree_layout_puts_places_under_their_parents_in_one_pass():
    from kg.export.html import tree_layout

    g = _hierarchy()
    pos = tree_layout(g)
    assert set(pos) == set(g.nodes)
    assert tree_layout(g) == pos  # deterministic
    root = pos["place:54"]

    def out(node: str) -> float:
        return ((pos[node][0] - root[0]) ** 2 + (pos[node][1] - root[1]) ** 2) ** 0.5

    # every place farther out than its parent, every committee beside its county
    for p in range(10):
        pref = f"place:54{p:02d}"
        assert out(pref) > 0
        for c in range(10):
            county = f"{pref}{c:02d}"
            assert out(county) > out(pref)
            assert out(f"org:{county}委") > out(county)
            assert all(out(f"{county}{t:03d}") > out(county) for t in range(9))
    assert len(set(pos.values())) == len(pos)  # no two nodes on one spot


def test_layout_of_a_large_graph_is_the_tree_layout(monkeypatch):
    import kg.export.html as html_export

    monkeypatch.setattr(html_export, "SPRING_MAX_NODES", 50)
    g = nx.MultiDiGraph()
    for a, b in _hierarchy(prefectures=2, counties=3, townships=9).edges():
        relation = "org_of" if a.startswith("org:") and b.startswith("place:") else (
            "implements" if b.startswith("programme:") else "located_in")
        g.add_edge(a, b, relation=relation)
    assert g.number_of_nodes() > 50
    assert html_export.layout(g) == html_export.tree_layout(html_export._weighted(g))


_TWO_PREFECTURES = {
    "a.txt": "卡如乡：开展活动\n\n拉萨市尼木县卡如乡党委开展“双联户”活动，推行“一村一品”。\n",
    "b.txt": "江孜县：开展活动\n\n日喀则市江孜县县委开展“双联户”活动。\n",
}


@pytest.fixture(scope="module")
def two_prefectures(resources) -> nx.MultiDiGraph:
    pages = [extract_page(RawText(Path(name), text, "utf-8"), resources)
             for name, text in _TWO_PREFECTURES.items()]
    return to_networkx(merge_pages(pages, resources.gaz))


def test_overview_sums_each_prefecture_and_draws_the_programmes_they_share(two_prefectures):
    """Each prefecture stands for what lies or acts in it; a programme run in two is drawn
    between them, one run in a single prefecture is only counted there."""
    from kg.export.html import overview

    view, undrawn = overview(two_prefectures, max_nodes=5)
    assert sorted(view.nodes) == ["place:54", "place:5401", "place:5402", "programme:双联户"]
    assert undrawn == two_prefectures.number_of_nodes() - 4
    lhasa = view.nodes["place:5401"]
    assert lhasa["members"].splitlines() == ["1 县级 county", "1 乡级 township", "1 党组织 Party body",
                                             "2 举措 programme"]
    assert lhasa["mentions"] == 5  # its size: what it holds
    assert sorted((a, b, d["relation"], d["evidence"]) for a, b, d in view.edges(data=True)) == [
        ("place:5401", "place:54", "located_in", 1), ("place:5401", "programme:双联户", "implements", 1),
        ("place:5402", "place:54", "located_in", 1), ("place:5402", "programme:双联户", "implements", 1)]


def _drawn(page: str) -> dict[str, dict]:
    """The nodes a page draws, by id (the JSON vis-network is given)."""
    found = re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page, re.S)
    assert found, "no node data in the page"
    return {node["id"]: node for node in json.loads(found.group(1))}


def test_html_beyond_max_nodes_is_the_overview_and_within_it_the_whole_graph(two_prefectures):
    small = to_html(two_prefectures, max_nodes=5)
    assert f"Overview by prefecture of a graph of {two_prefectures.number_of_nodes()} nodes" in small
    drawn = _drawn(small)
    assert sorted(drawn) == ["place:54", "place:5401", "place:5402", "programme:双联户"]
    assert "in it:\n· 1 县级 county\n· 1 乡级 township" in drawn["place:5401"]["title"]
    whole = to_html(two_prefectures, max_nodes=50)
    assert "Overview" not in whole and set(_drawn(whole)) == set(two_prefectures.nodes)


def test_html_of_a_large_graph_without_prefectures_keeps_its_best_connected_nodes():
    """Nothing to sum by (no place linked to a prefecture): the page is a cut, and says so."""
    g = nx.MultiDiGraph()
    for i in range(8):
        g.add_node(f"programme:p{i}", label=f"p{i}", type="programme", kind="", mentions=1, prefectures="")
    g.add_node("org:o", label="o", type="org", kind="branch", mentions=3, prefectures="")
    for i in range(3):
        g.add_edge("org:o", f"programme:p{i}", key="implements", relation="implements", evidence=1)
    page = to_html(g, max_nodes=4)
    assert "Showing the best-connected nodes; 5 nodes left out" in page and "Overview" not in page
    assert sorted(_drawn(page)) == ["org:o", "programme:p0", "programme:p1", "programme:p2"]
