"""Party bodies and units on invented sentences with real divisions outside the seeds."""

from __future__ import annotations

import pytest

from kg.constants import EntityLabel
from kg.recognize.documents import recognize_documents
from kg.recognize.orgs import recognize_orgs
from kg.recognize.people import recognize_people
from kg.recognize.places import recognize_places
from tests.helpers import make_article


def run(resources, text: str, headline: str | None = None):
    article = make_article(text, headline=headline)
    article = recognize_places(article, resources, province="51")
    article = recognize_orgs(article, resources, province="51")
    return recognize_people(article, resources)


def orgs(resources, text: str, headline: str | None = None) -> dict[str, tuple[str | None, str | None]]:
    article = run(resources, text, headline)
    return {m.norm: (m.body_info.kind, m.body_info.of) for m in article.mentions
            if m.label is EntityLabel.ORG}


def units(resources, text: str) -> set[str]:
    return {m.norm for m in run(resources, text).mentions if m.label is EntityLabel.UNIT}


@pytest.mark.parametrize("text, name, kind", [
    ("近日，康定市金汤镇党委召开会议。", "金汤镇党委", "committee"),
    ("康定市金汤镇寇家河坝村党总支组织学习。", "寇家河坝村党总支", "general_branch"),
    ("成都市红星合作社临时党支部成立。", "成都市红星合作社临时党支部", "branch"),
    ("成都市卫健委党组研究部署工作。", "成都市卫健委党组", "leading_group"),
    ("成都市纪委监委通报案件。", "成都市纪委监委", "discipline"),
    ("成都市委组织部印发通知。", "成都市委组织部", "department"),
    ("成都市委党校举办培训。", "成都市委党校", "school"),
    ("成都市委社会工作部印发通知。", "成都市委社会工作部", "department"),
    ("成都市高新区党工委推进工作。", "成都市高新区党工委", "committee"),
    ("坚决贯彻党中央决策部署。", "党中央", "central"),
], ids=["committee", "general-branch", "temporary-branch", "leading-group", "discipline",
        "department", "school", "social-work-department", "working-committee", "central"])
def test_orgs_kinds(resources, text, name, kind):
    assert orgs(resources, text)[name][0] == kind


def test_orgs_unit_name_containing_a_verb(resources):
    """jieba tags 牵手 as a verb; right before a unit head it is part of the name."""
    assert "成都市牵手合作社临时党支部" in orgs(resources, "成都市牵手合作社临时党支部成立。")


def test_orgs_of_place_and_parent_body(resources):
    found = orgs(resources, "成都市委组织部召开会议。")
    assert found["成都市委"][1] == "place:5101"
    article = run(resources, "成都市委组织部召开会议。")
    department = next(m for m in article.mentions if m.norm == "成都市委组织部")
    assert department.body_info.parent == "org:成都市委"


def test_orgs_named_by_their_own_place_not_the_chain(resources):
    found = orgs(resources, "四川省甘孜藏族自治州康定市金汤镇寇家河坝村党支部开展活动。")
    assert "寇家河坝村党支部" in found


@pytest.mark.parametrize("text", [
    "各级党组织要加强领导。", "经组织部门推荐，评选出一批先进。", "上级党委高度重视。",
    "全县15个机关党支部参加。", "党委会议研究了有关事项。",
], ids=["dangzuzhi", "zuzhi-bumen", "shangji", "count", "meeting"])
def test_orgs_generic_or_counted_bodies_are_not_named_bodies(resources, text):
    assert orgs(resources, text) == {}


def test_orgs_abbreviated_committee_resolved_to_the_article_place(resources):
    found = orgs(resources, "会议强调，地委高度重视人才工作。", headline="新疆和田地区：人才工作见成效")
    assert found["和田地委"] == ("committee", "place:6532")
    found = orgs(resources, "康定市金汤镇寇家河坝村近年来发展迅速，村党支部带头致富。")
    assert "寇家河坝村党支部" in found


def test_orgs_abbreviation_left_alone_when_ambiguous(resources):
    found = orgs(resources, "康定市、泸定县召开会议，县委书记出席。")
    assert not any(name.endswith("县委") for name in found)


def test_orgs_shorthand_city_expanded_from_the_headline(resources):
    found = orgs(resources, "市快递行业党委组织开展活动。", headline="成都市：新就业群体党建工作见成效")
    assert "成都市快递行业党委" in found


@pytest.mark.parametrize("text, unit", [
    ("成都市第一人民医院门诊党支部开展义诊。", "成都市第一人民医院"),
    ("工行成都分行党委召开会议。", "工行成都分行"),
    ("康定市金汤镇派出所党支部开展活动。", "康定市金汤镇派出所"),
    ("四川大学华西临床医学系党委组织学习。", "四川大学华西临床医学系"),
    ("近日，康定市金汤镇各驻村工作队走访群众。", "金汤镇各驻村工作队"),
    ("近日，驻康定市金汤镇各村工作队走访群众。", "驻康定市金汤镇各村工作队"),
], ids=["hospital-inside-host", "bank-abbreviation", "police-station", "university-department",
        "teams-of-a-place", "teams-stationed-in-a-place"])
def test_orgs_host_units(resources, text, unit):
    assert unit in units(resources, text)


def test_orgs_leader_of_a_body(resources):
    article = run(resources, "康定市金汤镇党委书记王建国介绍说，今年成效明显。")
    person = next(m for m in article.mentions if m.label is EntityLabel.PERSON)
    info = person.person_info
    assert (person.norm, info.role, info.org) == ("王建国", "党委书记", "org:金汤镇党委")


def test_orgs_sector_committees_take_the_article_place(resources):
    """成立物业、快递行业党委: each coordinated sector has its committee, set up by the city
    the article is about."""
    found = orgs(resources, "今年新成立物业、快递行业党委，覆盖新就业群体。",
                 headline="绵阳市：新兴领域党建全覆盖")
    assert {"绵阳市物业行业党委", "绵阳市快递行业党委"} <= set(found)
    assert found["绵阳市快递行业党委"] == ("committee", "place:5107")


def test_orgs_organs_committee_versus_organs_branches(resources):
    found = orgs(resources, "建立市直机关工委班子联系制度。县直机关党支部、两新党组织参加。",
                 headline="绵阳市：机关党建走在前列")
    assert "绵阳市直机关工委" in found
    assert not any(name.endswith("直机关党支部") for name in found)


def test_orgs_abbreviated_zone_takes_its_official_name(resources):
    (alias,) = resources.gaz.aliases["合肥经开区"]
    official = resources.gaz.get(alias.code).name
    found = orgs(resources, "近日，合肥经开区党工委召开会议。")
    assert found == {official + "党工委": ("committee", f"place:{alias.code}")}


@pytest.mark.parametrize("text, unit", [
    ("师生参加四川长虹电器股份有限公司举办的开放日活动。", "四川长虹电器股份有限公司"),
    ("与成都市金牛区蓉城物业服务公司开展合作。", "金牛区蓉城物业服务公司"),  # its county seat kept
    ("与阿坝藏族羌族自治州蓉城物业服务公司开展合作。", "蓉城物业服务公司"),  # prefecture dropped
    ("投入资金帮助驻理塘县禾尼乡工作队解决困难。", "驻禾尼乡工作队"),
    ("省农业农村厅驻理塘县禾尼乡工作队走访农户。", "省农业农村厅驻禾尼乡工作队"),  # with its sender
    ("省农业农村厅驻理塘县禾尼乡工作队走访农户。", "省农业农村厅"),  # the sender is a unit too
    ("建行四川省分行派驻绵阳分行纪检组开展监督。", "建行四川省分行"),
    ("康定市金汤镇寇家河坝村党支部联合四川康定农业开发有限公司开展活动。", "四川康定农业开发有限公司"),
], ids=["registered-company", "county-seat-before-company", "prefecture-before-company",
        "stationed-team", "team-with-sender", "sender-of-team", "dispatching-unit",
        "company-after-a-branch"])
def test_orgs_unit_names(resources, text, unit):
    assert unit in units(resources, text)


def test_orgs_batches_and_bare_dispatch_are_no_units(resources):
    found = units(resources, "第十三批驻村工作队进驻。派驻绵阳分行纪检组开展监督。")
    assert not any(u.startswith(("第十三批", "派驻")) for u in found)


def test_orgs_plus_formula_is_no_unit_name(resources):
    """“党建+合作社”模式 is a programme formula; 合作社 in it hosts nothing."""
    assert units(resources, "理塘县推行“党建+合作社”模式，带动农户增收。") == set()


def test_orgs_level_word_unit_takes_the_article_place(resources):
    article = run(resources, "市公安局深入开展走访活动。", headline="绵阳市：平安建设见实效")
    assert "绵阳市公安局" in {m.norm for m in article.mentions if m.label is EntityLabel.UNIT}


def test_orgs_branch_of_a_unit_body_named_as_the_guidelines_do(resources):
    """成都市第一人民医院门诊总支第二党支部: 第二党支部 under 门诊总支, both of the hospital;
    the keys keep the full names so another unit's 第二党支部 stays another body."""
    article = run(resources, "成都市第一人民医院门诊总支第二党支部开展义诊。")
    bodies = {m.norm: m for m in article.mentions if m.label is EntityLabel.ORG}
    assert set(bodies) == {"门诊总支", "第二党支部"}
    assert bodies["第二党支部"].key == "org:成都市第一人民医院门诊总支第二党支部"
    assert bodies["第二党支部"].body_info.parent == bodies["门诊总支"].key
    assert bodies["门诊总支"].body_info.of == "unit:成都市第一人民医院"


def test_orgs_village_branch_of_the_village_the_paragraph_tells_of(resources):
    text = "在康定市金汤镇寇家河坝村，老党员说，在村党支部的带领下，日子越过越好。\n在另一个村，情况不同。"
    found = orgs(resources, text, headline="甘孜州乡村振兴见闻")
    assert "寇家河坝村党支部" in found


def test_orgs_dateline_place_is_not_the_subject(resources):
    """本报成都讯 says where the story was filed; 地委 is the committee of the prefecture the
    lead is about."""
    article = make_article("2023年以来，阿克苏地区各级党组织坚持抓基层、强基础。地委书记李明深入基层调研。",
                           headline="基层党建见实效", dateline="本报成都讯")
    article = recognize_orgs(recognize_places(article, resources, province="51"), resources,
                             province="51")
    bodies = {m.norm for m in article.mentions if m.label is EntityLabel.ORG}
    assert bodies == {"阿克苏地委"}


def test_orgs_joint_village_committee_of_its_township(resources):
    article = run(resources, "康定市金汤镇推动4个村成立联村党委，抱团发展。")
    town = next(m for m in article.mentions if m.norm == "金汤镇")
    body = next(m for m in article.mentions if m.norm == "联村党委")
    assert body.body_info.of == town.key


def test_orgs_department_of_an_abbreviated_committee(resources):
    found = orgs(resources, "区委组织部牵头建立工作机制。", headline="成都市金牛区：基层治理有新招")
    assert found["金牛区委组织部"][0] == "department"
    assert "金牛区委" in found


def test_orgs_district_level_word_units(resources):
    article = run(resources, "街道党工委联合区公安分局、区人民医院等单位开展活动。",
                  headline="成都市金牛区：平安建设见实效")
    assert {"金牛区公安分局", "金牛区人民医院"} <= {m.norm for m in article.mentions
                                                 if m.label is EntityLabel.UNIT}


def test_orgs_sector_committee_of_the_county_in_the_headline(resources):
    found = orgs(resources, "全区新成立物业行业党委。", headline="成都市金牛区：新兴领域党建全覆盖")
    assert "金牛区物业行业党委" in found


def test_orgs_none_inside_a_document_title(resources):
    article = recognize_documents(make_article("认真学习《中国共产党支部工作条例（试行）》。"))
    article = recognize_orgs(recognize_places(article, resources, province="51"), resources, province="51")
    assert [m.label for m in article.mentions] == [EntityLabel.DOCUMENT]


def test_orgs_department_of_a_committee_jieba_cuts_apart(resources):
    """jieba cuts 田阳区/委: the committee found right before hosts the department, and the
    bodies are named by their own place (田阳区, not 百色市田阳区)."""
    assert orgs(resources, "百色市田阳区委组织部相关负责人介绍。") == {
        "田阳区委": ("committee", "place:451003"), "田阳区委组织部": ("department", "place:451003")}


def test_orgs_village_branch_in_a_headline_is_the_lead_village_even_unlisted(resources):
    """阿土勒尔村 is not in the gazetteer; 渔子溪村, named in passing, is no subject."""
    text = "昭觉县支尔莫乡阿土勒尔村党支部组织党员学习。汶川县映秀镇渔子溪村党总支开展活动。"
    found = orgs(resources, text, headline="昭觉县：村党支部带出新路子")
    assert "渔子溪村党支部" not in found and "阿土勒尔村党支部" in found


def test_orgs_department_headed_by_a_standing_member(resources):
    """县委常委、组织部部长: the bare 组织部 is the county committee's, and its head leads it."""
    article = run(resources, "安吉县委常委、组织部部长王芳表示，将深化党建引领。")
    bodies = {m.norm: m.body_info.parent for m in article.mentions if m.label is EntityLabel.ORG}
    assert bodies == {"安吉县委": None, "安吉县委组织部": "org:安吉县委"}
    person = next(m for m in article.mentions if m.label is EntityLabel.PERSON)
    assert (person.norm, person.person_info.role, person.person_info.org) == ("王芳", "常委、组织部部长",
                                                                      "org:安吉县委组织部")
