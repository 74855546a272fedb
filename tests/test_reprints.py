"""The same story printed twice is counted once, with both sources kept."""

from __future__ import annotations

import csv

import pytest
import rdflib

import kg.spool
from kg.build import build

BODY = ("12月3日，白河县东坝镇党委组织全镇党员开展冬训，邀请县委党校教师讲授党课。"
        "冬训为期五天，内容包括理论学习、政策解读和实用技术培训，参训党员三百余人。"
        "镇党委负责人介绍，今年冬训把课堂搬到村里，党员在家门口就能听课，还能现场提问。"
        "冬训结束后，每名党员都要认领一件为群众办的实事，年底由群众评议完成情况。")
DJ = rdflib.Namespace("https://w3id.org/dangjian-kg/ontology#")


def _page(masthead: str, date: str, headline: str, body: str) -> str:
    return f"{masthead}\n{date} 星期三\n\n{headline}\n\n本报记者 周文\n\n{body}\n"


@pytest.mark.parametrize("spooled", [False, True], ids=["in-memory", "pages-on-disk"])
def test_a_reprint_adds_no_evidence_and_points_to_the_first_copy(resources, tmp_path, monkeypatch,
                                                                 spooled):
    """The first copy comes second in the input: the merge waits for every page (kept on
    disk in a large corpus) before it knows which copy counts."""
    if spooled:
        monkeypatch.setattr(kg.spool, "MEMORY_CHARS", 0)
    pages = tmp_path / "in"
    pages.mkdir()
    # the later copy sorts first by name: the first copy is chosen by date, not by name
    (pages / "a_reprint.txt").write_text(_page("南岭日报", "2024年12月11日", "东坝镇党员冬训进村",
                                               BODY.replace("，", ",", 2)), "utf-8")
    first = _page("白河新闻网", "2024年12月4日", "白河县：党员冬训开班", BODY)
    (pages / "b_first.txt").write_text(first, "utf-8")
    both = build([pages], tmp_path / "out", resources)
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "b_first.txt").write_bytes((pages / "b_first.txt").read_bytes())
    single = build([tmp_path / "one"], tmp_path / "out1", resources)
    mentions = {k: len(e.mentions) for k, e in both.graph.entities.items()}
    assert mentions == {k: len(e.mentions) for k, e in single.graph.entities.items()}
    assert set(both.graph.relations) == set(single.graph.relations)
    with (tmp_path / "out" / "pages.csv").open(encoding="utf-8") as fh:
        rows = {r["page"]: r for r in csv.DictReader(fh)}
    assert rows["a_reprint.txt"]["same_story_as"] == "b_first.txt#0"
    assert rows["b_first.txt"]["same_story_as"] == ""
    assert {r["outlet"] for r in rows.values()} == {"南岭日报", "白河新闻网"}  # both sources kept
    g = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl")
    assert len(list(g.subject_objects(DJ.sameStoryAs))) == 1


def test_different_stories_and_short_briefs_are_not_reprints(resources, tmp_path):
    pages = tmp_path / "in"
    pages.mkdir()
    (pages / "a.txt").write_text(_page("南岭日报", "2024年12月11日", "冬训", BODY), "utf-8")
    (pages / "b.txt").write_text(_page("南岭日报", "2024年12月12日", "冬训",
                                       BODY.replace("三百余人", "四百余人")), "utf-8")
    (pages / "c.txt").write_text(_page("南岭日报", "2024年12月13日", "简讯", "东坝镇党委召开会议。"), "utf-8")
    (pages / "d.txt").write_text(_page("南岭日报", "2024年12月14日", "简讯", "东坝镇党委召开会议。"), "utf-8")
    build([pages], tmp_path / "out", resources)
    with (tmp_path / "out" / "pages.csv").open(encoding="utf-8") as fh:
        assert all(r["same_story_as"] == "" for r in csv.DictReader(fh))
