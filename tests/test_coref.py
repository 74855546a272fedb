"""Page-level coreference: declared aliases and names cut at a column edge."""

from __future__ import annotations

from dataclasses import replace

from kg.constants import EntityLabel
from kg.coref import resolve_coreference
from kg.recognize.orgs import recognize_orgs
from kg.recognize.places import recognize_places
from kg.relations import article_subject, extract_relations
from tests.helpers import make_article


def _article(resources, text: str, index: int):
    article = replace(make_article(text), doc_id=f"t#{index}", index=index)
    article = recognize_places(article, resources, province="51")
    article = recognize_orgs(article, resources, province="51")
    return extract_relations(replace(article, subject=article_subject(article)), resources)


def _names(article, label):
    return {m.norm for m in article.mentions if m.label is label}


def test_declared_alias_holds_across_the_page(resources):
    first = _article(resources, "师生参加四川长虹电器股份有限公司(以下简称“长虹公司”)举办的活动。", 0)
    second = _article(resources, "长虹公司党委组织党员学习。长虹公司还开展了助学活动。", 1)
    first, second = resolve_coreference([first, second])
    assert _names(second, EntityLabel.UNIT) == {"四川长虹电器股份有限公司"}
    assert _names(second, EntityLabel.ORG) == {"长虹公司党委"}  # bodies keep their text form
    body = next(m for m in second.mentions if m.label is EntityLabel.ORG)
    assert body.body_info.of == "unit:四川长虹电器股份有限公司"
    assert {(r.head, r.tail) for r in second.relations} == {
        ("org:长虹公司党委", "unit:四川长虹电器股份有限公司")}


def test_name_cut_at_a_column_edge_is_the_full_name(resources):
    (article,) = resolve_coreference([_article(
        resources, "康定市金汤镇派出所党支部开展活动。汤镇派出所党支部自成立以来不断壮大。", 0)])
    assert _names(article, EntityLabel.ORG) == {"康定市金汤镇派出所党支部"}


def test_a_short_name_that_is_no_cut_stays(resources):
    (article,) = resolve_coreference([_article(
        resources, "成都市第一人民医院门诊党支部开展义诊。门诊党支部书记讲党课。", 0)])
    assert "成都市第一人民医院门诊党支部" in _names(article, EntityLabel.ORG)
    assert all(len(n) > 5 for n in _names(article, EntityLabel.ORG))
