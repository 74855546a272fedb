"""Relations per pattern, on invented sentences with real divisions outside the seeds."""

from __future__ import annotations

from pathlib import Path

from kg.constants import RelationLabel
from kg.merge import merge_pages
from kg.pipeline import extract_page
from kg.types import RawText

LOC, ORG_OF, SUB, IMPL, LEADS = (RelationLabel.LOCATED_IN, RelationLabel.ORG_OF,
                                 RelationLabel.SUB_ORG_OF, RelationLabel.IMPLEMENTS,
                                 RelationLabel.LEADS)


def relations(resources, body: str, headline: str = "基层党建观察") -> set[tuple[str, str, str]]:
    page = extract_page(RawText(Path("t.txt"), f"{headline}\n\n本报记者 张三\n\n{body}\n", "utf-8"),
                        resources)
    G = merge_pages([page], resources.gaz)
    name = {k: e.name for k, e in G.entities.items()}
    return {(name[h], label.value, name[t]) for (h, label, t) in G.relations}


def test_relations_located_in_fills_levels_the_text_skips(resources):
    rels = relations(resources, "近日，甘孜藏族自治州金汤镇寇家河坝村召开会议。")
    assert ("寇家河坝村", "located_in", "金汤镇") in rels
    assert ("金汤镇", "located_in", "康定市") in rels  # 康定市 is not in the text
    assert ("康定市", "located_in", "甘孜藏族自治州") in rels


def test_relations_two_places_in_a_sentence_are_not_parent_and_child(resources):
    rels = relations(resources, "成都市和兰州市的代表参加了交流活动。")
    assert not {r for r in rels if {r[0], r[2]} == {"成都市", "兰州市"}}


def test_relations_org_of_place_and_unit(resources):
    rels = relations(resources, "康定市金汤镇党委和金汤镇派出所党支部联合开展巡逻。")
    assert ("金汤镇党委", "org_of", "金汤镇") in rels
    assert ("金汤镇派出所党支部", "org_of", "金汤镇派出所") in rels


def test_relations_sub_org_of_from_the_name(resources):
    rels = relations(resources, "成都市委组织部召开专题会议。")
    assert ("成都市委组织部", "sub_org_of", "成都市委") in rels


def test_relations_leads_from_role_and_name(resources):
    rels = relations(resources, "康定市金汤镇党委书记王建国介绍说，今年成效明显。")
    assert ("王建国", "leads", "金汤镇党委") in rels


def test_relations_implements_by_the_body_before_it(resources):
    rels = relations(resources, "今年以来，康定市金汤镇党委深入推行“五步工作法”，成效明显。")
    assert ("金汤镇党委", "implements", "五步工作法") in rels


def test_relations_implements_by_the_article_subject(resources):
    rels = relations(resources, "近日，该镇组织开展“四季送温暖”活动。",
                     headline="康定市金汤镇党委：以“四季送温暖”凝聚人心")
    assert ("金汤镇党委", "implements", "四季送温暖") in rels


def test_relations_implements_not_credited_to_a_body_after_the_programme(resources):
    rels = relations(resources, "“五步工作法”经验做法得到兰州市城关区委的肯定。",
                     headline="康定市金汤镇：基层治理有新招")
    assert not {r for r in rels if r[1] == "implements" and r[0] == "城关区委"}


def test_relations_leads_the_branch_not_its_company(resources):
    rels = relations(resources, "成都市红星运输公司党支部书记李明说，党员带头作用明显。")
    assert ("李明", "leads", "成都市红星运输公司党支部") in rels
    assert ("李明", "leads", "成都市红星运输公司") not in rels


def test_relations_implements_by_every_coordinated_actor(resources):
    rels = relations(resources, "近日，成都市委组织部联合成都市公安局、成都市第一人民医院等单位，"
                                "开展“红色星期五”志愿服务活动。")
    actors = {r[0] for r in rels if r[1:] == ("implements", "红色星期五")}
    assert {"成都市委组织部", "成都市公安局", "成都市第一人民医院"} <= actors


def test_relations_ordinal_list_bodies_all_implement(resources):
    rels = relations(resources, "近日，成都市第一人民医院第一、第三党支部开展“健康进社区”活动。")
    actors = {r[0] for r in rels if r[1:] == ("implements", "健康进社区")}
    assert len(actors) == 2


def test_relations_body_as_object_is_no_actor(resources):
    """建立X工委联系机制，创建“Y”: the body is the object of 建立; the place runs Y."""
    rels = relations(resources, "绵阳市建立市直机关工委班子联系制度，创建“五好”模式，成效明显。",
                     headline="绵阳市：机关党建走在前列")
    actors = {r[0] for r in rels if r[1] == "implements" and r[2].startswith("五好")}
    assert actors and not any(a.endswith("工委") for a in actors)


def test_relations_most_specific_place_of_a_chain_implements(resources):
    rels = relations(resources, "康定市金汤镇寇家河坝村积极推行“院坝说事”制度。")
    assert ("寇家河坝村", "implements", "院坝说事") in rels
    assert ("康定市", "implements", "院坝说事") not in rels


def test_relations_headline_less_article_is_about_the_lead_actor(resources):
    page = extract_page(RawText(Path("t.txt"),
                                "成都市金牛区蓉城物业服务公司党支部推行“红色物业”模式，服务居民。"
                                "\n\n推行“红色物业”以来，居民满意度明显提升。\n", "utf-8"), resources)
    G = merge_pages([page], resources.gaz)
    name = {k: e.name for k, e in G.entities.items()}
    actors = {name[h] for (h, label, t) in G.relations
              if label is IMPL and name[t] == "红色物业"}
    assert actors == {"成都市金牛区蓉城物业服务公司党支部"}


def test_relations_a_body_formed_in_the_sentence_runs_what_follows(resources):
    rels = relations(resources, "康定市金汤镇党委与金汤镇派出所党支部组建金汤镇边境联合党支部，"
                                "推行“十户联防”，党员带头巡边。")
    assert ("金汤镇边境联合党支部", "implements", "十户联防") in rels
    assert ("金汤镇派出所党支部", "implements", "十户联防") not in rels
    # the twin: without the forming, the body before the programme runs it
    rels = relations(resources, "康定市金汤镇党委召开会议，金汤镇派出所党支部推行“十户联防”，党员带头巡边。")
    assert ("金汤镇派出所党支部", "implements", "十户联防") in rels


def test_relations_bodies_a_committee_pushes_are_its_objects(resources):
    rels = relations(resources, "康定市金汤镇党委推动寇家河坝村党支部牵头成立合作社，推行“合作社+农户”。")
    assert ("金汤镇党委", "implements", "合作社+农户") in rels
    assert ("寇家河坝村党支部", "implements", "合作社+农户") not in rels


def test_relations_a_banned_programme_has_no_actor(resources):
    rels = relations(resources, "康定市金汤镇党委严禁搞“形象工程”，推行“一户一策”。")
    assert ("金汤镇党委", "implements", "一户一策") in rels  # the twin in the same sentence
    assert not {r for r in rels if r[1] == "implements" and r[2] == "形象工程"}


def test_relations_a_body_formed_by_a_committee_is_under_it(resources):
    rels = relations(resources, "康定市金汤镇党委成立金汤镇产业园联合党委，统筹园区企业党建。")
    assert ("金汤镇产业园联合党委", "sub_org_of", "金汤镇党委") in rels


def test_relations_a_body_formed_together_is_under_none_of_its_members(resources):
    rels = relations(resources, "康定市金汤镇寇家河坝村党支部与金汤镇派出所党支部组建金汤镇边境联合党支部，"
                                "推行“十户联防”。")
    assert not {r for r in rels if r[1] == "sub_org_of" and r[0] == "金汤镇边境联合党支部"}


def test_relations_an_organ_written_without_its_committee_belongs_to_its_place(resources):
    rels = relations(resources, "成都市委组织部、宣传部联合举办培训班。")
    assert ("成都市委宣传部", "org_of", "成都市") in rels
    assert ("成都市委宣传部", "sub_org_of", "成都市委") in rels


def test_relations_the_lead_paragraph_names_the_body_of_the_headline_place(resources):
    """安吉县：… in the headline, 安吉县委组织部 as the first actor of the lead paragraph
    (导语): the article is the department's, so a later sentence without an actor is its."""
    body = ("村级后备力量是基层组织建设的基础。今年以来，安吉县委组织部坚持把后备力量培养作为基础工程。"
            "\n\n一是精准“选苗”，把好人选入口关。")
    rels = relations(resources, body, headline="安吉县：三步走建强村级后备力量")
    assert ("安吉县委组织部", "implements", "选苗") in rels
    # the twin: where the lead paragraph names the county itself first, the county runs it
    body = ("村级后备力量是基层组织建设的基础。今年以来，安吉县制定培养计划，安吉县委组织部负责落实。"
            "\n\n一是精准“选苗”，把好人选入口关。")
    rels = relations(resources, body, headline="安吉县：三步走建强村级后备力量")
    assert ("安吉县", "implements", "选苗") in rels
    assert ("安吉县委组织部", "implements", "选苗") not in rels


def test_relations_a_paragraph_subject_carries_a_few_sentences_not_the_whole_paragraph(resources):
    """主语承前省略 holds over the next sentences of a paragraph; a subject named six
    sentences or more before is not looked for (an article that lost its line breaks is one
    paragraph, and is not read back to its start for every programme)."""
    opener = "汉阴县委组织部召开党建工作会议。\n今年以来，涧池镇党委组织党员走访农户。"
    between = "天气转凉。" * 6
    near = relations(resources, opener + "党员们还轮流认领“清洁责任区”。")
    far = relations(resources, opener + between + "党员们还轮流认领“清洁责任区”。")
    assert ("涧池镇党委", "implements", "清洁责任区") in near
    assert ("涧池镇党委", "implements", "清洁责任区") not in far
