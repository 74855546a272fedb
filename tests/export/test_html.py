"""HTML export: page text is shown, never run; the page is self-contained."""

from __future__ import annotations

import json
import re
from pathlib import Path

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
