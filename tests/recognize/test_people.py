"""People and their roles on invented sentences (names not from the seeds)."""

from __future__ import annotations

import pytest

from kg.constants import EntityLabel
from kg.recognize.orgs import recognize_orgs
from kg.recognize.people import recognize_people
from kg.recognize.places import recognize_places
from tests.helpers import make_article


def people(resources, text: str, dateline: str | None = None) -> dict[str, tuple[str | None, str | None]]:
    article = make_article(text, dateline=dateline)
    article = recognize_places(article, resources, province="65")
    article = recognize_orgs(article, resources, province="65")
    article = recognize_people(article, resources)
    return {m.norm: (m.person_info.role, m.person_info.org) for m in article.mentions
            if m.label is EntityLabel.PERSON}


def test_people_han_name_after_a_role_leads_the_body_before_it(resources):
    found = people(resources, "伊宁县喀拉亚尕奇乡党委书记陈志刚介绍，全乡推行积分管理。")
    assert found == {"陈志刚": ("党委书记", "org:喀拉亚尕奇乡党委")}


@pytest.mark.parametrize("text, name", [
    ("伊宁县喀拉亚尕奇乡党委书记艾尔肯·吐尔逊介绍，全乡推行积分管理。", "艾尔肯·吐尔逊"),
    ("伊宁县喀拉亚尕奇乡党委书记买买提•艾力说：“要把党员组织起来。”", "买买提·艾力"),
    ("伊宁县喀拉亚尕奇乡党委书记阿卜杜热依木·阿卜杜拉表示，将抓好落实。", "阿卜杜热依木·阿卜杜拉"),
], ids=["middle-dot", "ocr-bullet", "long-segments"])
def test_people_dotted_transliterated_names_are_whole(resources, text, name):
    assert people(resources, text) == {name: ("党委书记", "org:喀拉亚尕奇乡党委")}


def test_people_dotted_reporter_in_a_dateline(resources):
    found = people(resources, "全县新建党群服务中心12个。", dateline="本报伊宁讯（记者 阿依古丽·买买提）")
    assert found == {"阿依古丽·买买提": ("记者", None)}


@pytest.mark.parametrize("text", [
    "村党支部书记带领群众修路。",
    "党员全覆盖，群众得实惠。",
    "镇党委书记·",
], ids=["role-then-verb", "common-role-phrase", "dangling-dot"])
def test_people_no_person_without_a_name(resources, text):
    assert people(resources, text) == {}


def test_people_common_role_needs_speech_to_confirm_a_name(resources):
    assert people(resources, "老党员吐尔洪·克热木说，日子越过越好。") == {"吐尔洪·克热木": ("老党员", None)}


def test_people_credit_names_stop_at_the_next_role(resources):
    found = people(resources, "全县新建党群服务中心12个。", dateline="本报讯（记者 李娜 通讯员 张伟）")
    assert found == {"李娜": ("记者", None), "张伟": ("通讯员", None)}


def test_people_deputy_has_the_role_but_does_not_lead(resources):
    found = people(resources, "伊宁县喀拉亚尕奇乡党委副书记陈志刚说，全乡推行积分管理。")
    assert found == {"陈志刚": ("党委副书记", None)}


_TOWNSHIP = "org:喀拉亚尕奇乡党委"


@pytest.mark.parametrize("text, found", [
    ("伊宁县喀拉亚尕奇乡党委书记黄海燕说，全乡推行积分管理。", {"黄海燕": ("党委书记", _TOWNSHIP)}),
    ("伊宁县喀拉亚尕奇乡党委书记江山红表示，将抓好落实。", {"江山红": ("党委书记", _TOWNSHIP)}),
    ("伊宁县喀拉亚尕奇乡党委书记黄河边的村庄，风景优美。", {}),
    ("伊宁县喀拉亚尕奇乡党委书记致富路上走在前。", {}),
], ids=["surname-then-word", "surname-then-word-2", "word-not-confirmed", "no-surname"])
def test_people_name_opening_with_a_common_word_needs_a_surname_and_speech(resources, text, found):
    assert people(resources, text) == found


def test_people_name_ends_before_an_ongoing_action(resources):
    found = people(resources, "称文镇白龙村党支部书记尼玛扎西正带领党员修缮房屋。")
    assert list(found) == ["尼玛扎西"]


def test_people_two_roles_of_one_person_and_the_body_the_first_leads(resources):
    found = people(resources, "康定市金汤镇寇家河坝村党总支书记、村委会主任陈志刚说，全村实现增收。")
    assert found == {"陈志刚": ("党总支书记、村委会主任", "org:寇家河坝村党总支")}


def test_people_members_have_a_role_and_lead_nothing(resources):
    assert people(resources, "伊宁县喀拉亚尕奇乡党委委员陈志刚说，全乡推行积分管理。") == {
        "陈志刚": ("党委委员", None)}
    assert people(resources, "召开专题议政性常委会会议，围绕重点议题协商。") == {}


def test_people_bare_secretary_takes_the_body_word_of_its_body(resources):
    found = people(resources, "乌鲁木齐市天山区和平路街道党工委书记陈志刚说，街道推行网格化管理。")
    assert found == {"陈志刚": ("党工委书记", "org:和平路街道党工委")}


@pytest.mark.parametrize("text, found", [
    ("康定市金汤镇寇家河坝村党总支书记和文军说，村里成立了合作社。",
     {"和文军": ("党总支书记", "org:寇家河坝村党总支")}),
    ("康定市金汤镇寇家河坝村党总支书记和村民说，要好好干。", {}),
    ("康定市金汤镇寇家河坝村党总支书记和群众一起劳动。", {}),
], ids=["surname-he", "conjunction-then-word", "conjunction-then-verb"])
def test_people_surname_that_is_a_function_word(resources, text, found):
    assert people(resources, text) == found


@pytest.mark.parametrize("text, found", [
    ("伊宁县喀拉亚尕奇乡党委委员陈志刚参加活动。", {"陈志刚": ("党委委员", None)}),
    ("伊宁县喀拉亚尕奇乡党委书记陈志刚主持会议。", {"陈志刚": ("党委书记", "org:喀拉亚尕奇乡党委")}),
    ("伊宁县喀拉亚尕奇乡党委书记亲自主持会议。", {}),
], ids=["takes-part", "chairs", "adverb-is-no-name"])
def test_people_name_before_a_verb_of_office(resources, text, found):
    assert people(resources, text) == found


@pytest.mark.parametrize("text, found", [
    ("康定市金汤镇党委副书记、镇长王强说，全镇推进积分制。", {"王强": ("党委副书记、镇长", None)}),
    ("四川长虹电器股份有限公司董事长赵勇表示，将加强党建。",
     {"赵勇": ("董事长", "unit:四川长虹电器股份有限公司")}),
    ("康定市副市长李军说，要抓好落实。", {"李军": ("副市长", None)}),
    ("乡长期坚持走访群众，乡长期望很高。", {}),
], ids=["deputy-and-township-head", "chairman-leads-the-company", "deputy-mayor", "inside-a-word"])
def test_people_heads_of_governments_and_enterprises(resources, text, found):
    assert people(resources, text) == found


def _leads(resources, text: str) -> set[tuple[str, str]]:
    from pathlib import Path

    from kg.keys import split_key
    from kg.pipeline import extract_page
    from kg.types import RawText

    page = extract_page(RawText(Path("t.txt"), text + "\n", "utf-8"), resources)
    return {(split_key(r.head)[1], split_key(r.tail)[1]) for a in page.articles for r in a.relations
            if r.label.value == "leads"}


def test_people_branch_secretary_and_manager_leads_branch_and_company(resources):
    text = "伊宁县金穗农业科技有限公司党支部书记、总经理马文军说，企业要带动农户。"
    assert _leads(resources, text) >= {("马文军", "伊宁县金穗农业科技有限公司党支部"),
                                       ("马文军", "伊宁县金穗农业科技有限公司")}
    # the twin: a secretary alone leads the branch only
    alone = "伊宁县金穗农业科技有限公司党支部书记马文军说，企业要带动农户。"
    assert ("马文军", "伊宁县金穗农业科技有限公司") not in _leads(resources, alone)


def test_people_team_leader_and_first_secretary_leads_the_village_branch(resources):
    text = ("伊宁县喀拉亚尕奇乡胡吉尔特村党支部召开会议。自治区农业农村厅驻胡吉尔特村工作队队长、"
            "第一书记周建华说，要把产业抓起来。")
    found = _leads(resources, text)
    assert ("周建华", "胡吉尔特村党支部") in found
    assert any(tail.endswith("驻胡吉尔特村工作队") for name, tail in found if name == "周建华")
