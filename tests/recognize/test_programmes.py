"""Programmes, documents and their negatives, on invented sentences (not from the seeds)."""

from __future__ import annotations

import pytest

from kg.constants import EntityLabel, PartKind
from kg.data import table
from kg.recognize.documents import recognize_documents
from kg.recognize.orgs import recognize_orgs
from kg.recognize.places import recognize_places
from kg.recognize.programmes import recognize_programmes
from kg.types import Part
from tests.helpers import make_article


def programmes(resources, text: str, headline: str | None = None) -> dict[str, bool]:
    article = make_article(text, headline=headline)
    article = recognize_places(article, resources, province="51")
    article = recognize_documents(article)
    article = recognize_orgs(article, resources, province="51")
    article = recognize_programmes(article, resources.tokenizer)
    return {m.norm: m.programme_info.core for m in article.mentions
            if m.label is EntityLabel.PROGRAMME}


@pytest.mark.parametrize("text, name", [
    ("甘孜县积极推行“五步工作法”，提升服务水平。", "五步工作法"),
    ("该社区打造“1+3+N”服务模式。", "1+3+N服务模式"),
    ("通过“红橙黄绿”四色管理法分类施策。", "四色管理法"),
    ("深入开展“党建+乡村旅游”，带动增收。", "党建+乡村旅游"),
    ("理塘县推行“党建+合作社”模式，带动农户增收。", "党建+合作社"),
    ("镇党委持续推进支部标准化建设。", "支部标准化建设"),
    ("全县深入开展党纪学习教育。", "党纪学习教育"),
    ("该社区推行“清单式”服务模式。", "清单式服务模式"),
    ("镇党委深入开展“五强”党支部创建。", "五强党支部创建"),
    ("该县着力打造“党建+康养”治理模式。", "党建+康养"),
    ("该所党支部坚持“以服务促警务，以警务强服务”，推动工作。", "以服务促警务，以警务强服务"),
    ("医院以“一科一品亮特色，一人一岗树形象”为切入点。", "一科一品亮特色，一人一岗树形象"),
    ("县委组织部开展上门走访、电话回访、集中约访“三访”工作。", "电话回访"),
    ("县委组织部开展上门走访、电话回访、集中约访“三访”工作。", "上门走访"),
    ("深入推进支部建强、队伍建优、作用发挥“三项”行动。", "支部建强、队伍建优、作用发挥三项行动"),
    ("第三批主题教育开展以来，全市各级党组织积极行动。", "主题教育"),
    ("在全州民族团结进步示范点创建过程中，该厂积极作为。", "民族团结进步示范点创建"),
    ("公司举办的企业开放日活动吸引了师生。", "企业开放日"),
    ("建立“街道大工委—社区大党委—楼栋党小组”三级组织体系。", "街道大工委—社区大党委—楼栋党小组"),
], ids=["method", "service-model", "numbered-label", "compound", "compound-unit-word", "unquoted-building",
        "unquoted-education", "manner-head", "numbered-head", "named-quote-keeps-own-form",
        "motto-before", "motto-after", "counted-list-1", "counted-list-2", "counted-set",
        "campaign-batch", "creation-scope", "open-day", "chain-of-levels"])
def test_programmes_patterns(resources, text, name):
    assert name in programmes(resources, text)


@pytest.mark.parametrize("text, name", [
    ("该村先后获得“全国文明村镇”、“省级卫生村”等荣誉称号。", "全国文明村镇"),
    ("该村先后获得“全国文明村镇”、“省级卫生村”等荣誉称号。", "省级卫生村"),
    ("着力化解“服务不优、效率不高”的问题。", "服务不优、效率不高"),
    ("村民说：“我们的日子越过越好了。”", "我们的日子越过越好了。"),
    ("实施“三项”举措，落实“四级”联动。", "三项"),
    ("以“2025”党支部为阵地开展服务。", "2025"),
    ("63个村实现集体经济“清零”。", "清零"),
    ("打通服务群众“最后一公里”。", "最后一公里"),
    ("驻村干部当好群众的“后盾”。", "后盾"),
    ("他说：“服务好群众，我们心里才踏实。”", "服务好群众,我们心里才踏实"),
    ("乡干部、和平村“两委”和党员冲在一线。", "两委"),
    ("带领群众严防“乱收费”行为发生。", "乱收费"),
    ("培育“宣讲员”320人，覆盖全部行政村。", "宣讲员"),
    ("按照“低保家庭”“残疾人家庭”两个类型分类服务。", "低保家庭"),
    ("发挥党员“信息员”“调解员”作用。", "调解员"),
    ("以“工匠精神”抓实党建。", "工匠精神"),
    ("牢记“把群众冷暖放在心上”的嘱托。", "把群众冷暖放在心上"),
    ("农业是“富民之本”。", "富民之本"),
    ("市税务局(以下简称“税务局”)坚持为民服务。", "税务局"),
    ("提升干部“懂业务”的水平、“善服务”的能力。", "懂业务"),
    ("全村按“优秀党员户”“一般户”两个类型管理，“优秀党员户”挂牌上墙。", "优秀党员户"),
    ("实施“强基、育才”三项工程。", "三项工程"),
    ("村“两委”班子和“两新”组织共同参与。", "两委"),
    ("以创建“枫桥式”派出所为契机。", "枫桥式"),
    ("组建“党员服务小组”入户走访。", "党员服务小组"),
    ("共建“党建协调委员会”，定期议事。", "党建协调委员会"),
], ids=["honour-1", "honour-2", "problem", "speech", "counter", "body-name", "outcome", "metaphor",
        "common-noun", "speech-couplet", "village-body", "bad-behaviour", "counted-role",
        "category-run", "role-run", "value", "requirement", "predicate", "alias",
        "quality", "one-sense-per-article", "label-counts-a-list", "body-term", "manner-alone",
        "group", "council"])
def test_programmes_negatives(resources, text, name):
    assert name not in programmes(resources, text)


def test_programmes_in_a_caption_count(resources):
    article = make_article("图为第二党支部开展“健康义诊进乡村”主题党日活动。")
    article.parts = [Part(PartKind.CAPTION, 0, len(article.text))]
    article = recognize_programmes(article, resources.tokenizer)
    assert [m.norm for m in article.mentions] == ["健康义诊进乡村"]


def test_programmes_core_from_headline(resources):
    found = programmes(resources, "近日，该县启动“幸福院”工程。此外，各村党支部还开展“送温暖”活动。",
                       headline="以“幸福院”工程为抓手")
    assert found["幸福院"] is True
    assert found["送温暖"] is False


def test_programmes_family_of_compound(resources):
    article = recognize_programmes(make_article("推进“党建+物业”工作。"))
    mention = next(m for m in article.mentions if m.norm == "党建+物业")
    assert mention.programme_info.family == "党建+"


@pytest.mark.parametrize("text, names", [
    ("认真学习《中国共产党农村基层组织工作条例》。", ["中国共产党农村基层组织工作条例"]),
    ("印发《关于印发《2025年党员培训计划》的通知》。",
     ["关于印发《2025年党员培训计划》的通知", "2025年党员培训计划"]),
    ("据《人民日报》报道，…", []),
    ("《党建研究》杂志刊发文章。", []),
], ids=["regulation", "nested", "newspaper", "magazine"])
def test_documents_titles(text, names):
    article = recognize_documents(make_article(text))
    assert sorted(m.norm for m in article.mentions) == sorted(names)


def test_programmes_run_in_head_is_core(resources):
    """设立“X”，搭建Y。 opening a paragraph titles it: X is what the section is about."""
    found = programmes(resources, "开展多项工作。\n设立“红色驿站”，搭建服务平台。该镇在各村设立驿站。"
                                  "\n此外，还组织“送医下乡”活动。",
                       headline="某镇党建工作见闻")
    assert found["红色驿站"] is True
    assert found["送医下乡"] is False


def _core_flags(resources, paragraph: str) -> dict[str, bool]:
    from pathlib import Path

    from kg.pipeline import extract_page
    from kg.types import RawText

    text = ("基层党建观察\n\n本报记者 张三\n\n"
            "青禾社区位于城关镇，居民三千多户，社区党委组织党员开展志愿服务活动。\n"
            + paragraph + "\n党员每周走访独居老人，帮助解决实际困难，居民满意度明显提升。\n")
    page = extract_page(RawText(Path("c.txt"), text, "utf-8"), resources)
    return {m.norm: m.programme_info.core for a in page.articles for m in a.mentions
            if m.label is EntityLabel.PROGRAMME}


@pytest.mark.parametrize("word", [r["cue"] for r in table("lexicon/programme_cues.tsv")
                                  if r["side"] == "connective"])
def test_programmes_a_paragraph_opening_with_a_connective_has_no_section_head(resources, word):
    """A short first sentence of a paragraph is a section head (its programme is core),
    unless a connective opens it (此外，…: the story goes on)."""
    assert _core_flags(resources, "社区推行“暖心管家”。") == {"暖心管家": True}
    assert _core_flags(resources, f"{word}社区推行“暖心管家”。") == {"暖心管家": False}
