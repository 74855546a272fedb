"""The place linker on real divisions from outside the seeds (any province).

Each test names the trap or the kind of name it pins.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.constants import Level
from kg.pipeline import extract_page
from kg.recognize.places import recognize_places
from kg.types import RawText
from tests.helpers import make_article


def places(resources, text: str, *, province: str | None = None, headline: str | None = None):
    article = recognize_places(make_article(text, headline=headline), resources, province=province)
    return [(m.text, m.norm, m.kb_id) for m in article.mentions]


def codes(resources, text: str, **kw) -> list[str | None]:
    return [code for _t, _n, code in places(resources, text, **kw)]


def test_places_chain_fixes_every_level(resources):
    found = places(resources, "四川省甘孜藏族自治州康定市炉城街道水井子社区开展活动。")
    assert [c for _t, _n, c in found] == ["51", "5133", "513301", "513301001", "513301001002"]
    assert found[-1][1] == "水井子社区"  # 水井子社区居民委员会 as the text writes it


@pytest.mark.parametrize("text, code", [
    ("甘肃省兰州市城关区举办培训。", "620102"),
    ("西藏自治区拉萨市城关区举办培训。", "540102"),
], ids=["lanzhou", "lhasa"])
def test_places_same_name_decided_by_chain(resources, text, code):
    assert code in codes(resources, text)


def test_places_same_name_decided_by_article_context(resources):
    text = "兰州市召开会议。城关区各街道积极参与。"
    assert codes(resources, text) == ["6201", "620102"]


def test_places_ambiguous_name_without_context_stays_unlinked(resources):
    found = places(resources, "城关镇组织开展活动。")
    assert found == [("城关镇", "城关镇", None)]


@pytest.mark.parametrize("text, absent", [
    ("那曲市巴青县召开会议。", "130922"),   # 青县 (Hebei) inside 巴青县
    ("要积极探索县域经济发展新路径。", "540626"),  # 索县 inside 探索县域
    ("镇党委和县直单位联合开展活动。", "340523"),  # 和县 (Anhui): 和 + 县直单位
    ("坚持科教兴县、产业富县战略。", "141123"),  # 兴县 (Shanxi) in a slogan
    ("坚持科教兴县、产业富县战略。", "610628"),  # 富县 (Shaanxi) likewise
], ids=["qingxian-in-baqing", "suoxian-in-tansuo", "hexian-conjunction", "xingxian-slogan",
        "fuxian-slogan"])
def test_places_name_inside_longer_word_does_not_fire(resources, text, absent):
    assert absent not in codes(resources, text)


@pytest.mark.parametrize("text", [
    "全面推进乡村振兴，加强村级组织建设。",
    "驻村工作队走访全村，村(居)干部参加。",
    "乡镇干部和县级部门联合开展行动。",
    "新设街道5个，完善经济技术开发区管理。",
    "党员志愿者在中山路、北京东路、延安大街开展服务。",
], ids=["xiangcun", "zhucun", "xiangzhen", "generic-official-names", "street-names"])
def test_places_common_nouns_are_not_places(resources, text):
    assert places(resources, text) == []


def test_places_short_county_forms_in_a_list_ending_in_county(resources):
    found = codes(resources, "定日、聂拉木、吉隆等边境县加强基层组织建设。")
    assert found == ["540223", "540235", "540234"]


def test_places_short_county_form_alone_is_not_enough(resources):
    assert codes(resources, "他在定日工作多年。") == []


def test_places_short_prefecture_form_outside_the_page_province_is_ignored(resources):
    assert codes(resources, "大唐怒江公司开展活动。", province="54") == []


def test_places_historic_name_links_to_the_current_division(resources):
    found = places(resources, "湖北省襄樊市开展党建活动。")
    assert ("襄樊市", "襄阳市", "4206") in found


@pytest.mark.parametrize("text, form, official, code", [
    ("内蒙古伊克昭盟开展党建活动。", "伊克昭盟", "鄂尔多斯市", "1506"),
    ("浙江省绍兴县开展党建活动。", "绍兴县", "柯桥区", "330603"),
    ("贵州省黔西县开展党建活动。", "黔西县", "黔西市", "520581"),
    ("三沙市西沙区开展活动。", "西沙区", "西沙群岛", "460321"),
    ("凉山州昭觉县开展活动。", "凉山州", "凉山彝族自治州", "5134"),
    ("阿坝州开展活动。", "阿坝州", "阿坝藏族羌族自治州", "5132"),
    ("青海省互助县开展活动。", "互助县", "互助土族自治县", "630223"),
], ids=["historic-league-to-city", "historic-county-to-district", "historic-county-to-city",
        "name-newer-than-the-codes", "autonomous-prefecture-zhou", "autonomous-two-groups-stripped",
        "autonomous-county"])
def test_places_historic_and_autonomous_forms_the_press_uses(resources, text, form, official, code):
    assert (form, official, code) in places(resources, text)


def test_places_historic_two_character_name_inside_a_word_does_not_fire(resources):
    assert codes(resources, "会议召开县委常委会。") == []  # 开县 (now 开州区) inside 召开县委


def test_places_ethnic_township_short_form(resources):
    found = places(resources, "四川省乐山市五通桥区大龙潭乡开展活动。")
    assert ("大龙潭乡", "大龙潭彝族乡", "510411200") in found


def test_places_autonomous_region_words_mean_the_page_province(resources):
    text = "乌鲁木齐市天山区开展活动。全区各级党组织积极响应，自治区党委作出部署。"
    found = places(resources, text, province="65")
    assert [(t, c) for t, _n, c in found if c == "65"] == [("全区", "65"), ("自治区", "65")]


@pytest.mark.parametrize("text, province, code", [
    ("百色市田阳区委组织部负责人介绍，全区152个村全部建立党群服务中心。", "45", "451003"),
    ("郑州市金水区召开会议，全区党员干部参加。", "41", "410105"),
    ("呼和浩特经济技术开发区生产总值占全区的10%。", "15", "15"),
    ("百色市田阳区召开会议。全区党员干部参加。", "45", "45"),
], ids=["district-in-autonomous-region", "district-in-province", "zone-is-no-district",
        "other-sentence"])
def test_places_region_words_after_a_district_mean_the_district(resources, text, province, code):
    found = places(resources, text, province=province)
    assert [c for t, _n, c in found if t == "全区"] == [code]


def test_places_region_words_ignored_in_an_ordinary_province(resources):
    assert "51" not in codes(resources, "成都市全区干部参加学习。", province="51")


def test_places_village_linked_under_the_article_county(resources):
    found = places(resources, "康定市金汤镇寇家河坝村党支部开展活动。")
    assert found[-1] == ("寇家河坝村", "寇家河坝村", "513301105202")


def test_places_village_name_repeated_in_county_stays_unlinked_with_candidates(resources):
    article = recognize_places(make_article("康定市召开会议。河坝村党支部发言。"), resources,
                               province="51")
    village = [m for m in article.mentions if m.text == "河坝村"]
    assert len(village) == 1 and village[0].kb_id is None
    assert village[0].place_info.candidates == ("513301105222", "513301218213")


def test_places_village_missing_from_gazetteer_after_township(resources):
    article = recognize_places(make_article("康定市金汤镇雅拉新村遭遇暴雨。"), resources, province="51")
    village = article.mentions[-1]
    assert (village.norm, village.kb_id, village.place_info.parent_code) == ("雅拉新村", None, "513301105")
    assert village.place_info.level is Level.VILLAGE


@pytest.mark.parametrize("code", ["420602006207", "441424103203", "451302107210"],
                         ids=["mo", "she", "na"])
def test_places_astral_plane_village_names(resources, code):
    """The gazetteer's three names with characters outside the BMP (莫𡐓村 …) are matched
    at the right offsets (Python indexes code points, pyahocorasick must agree)."""
    gaz = resources.gaz
    village, township = gaz.get(code), gaz.get(code[:9])
    county = gaz.get(code[:6])
    text = f"{county.name}{township.name}{village.display_name}开展活动。"
    found = places(resources, text)
    assert (village.display_name, village.display_name, code) in found
    start = text.index(village.display_name)
    article = recognize_places(make_article(text), resources, province=None)
    mention = next(m for m in article.mentions if m.kb_id == code)
    assert (mention.start, mention.end) == (start, start + len(village.display_name))


def test_places_short_form_of_a_city_already_named_is_that_city(resources):
    """乌鲁木齐 is short for both 乌鲁木齐市 and 乌鲁木齐县 (a county of it); after the
    headline names the city, the short form is the city."""
    article = make_article(" 近日，各族群众积极参与。", headline="乌鲁木齐市天山区：基层治理见实效",
                           dateline="本报乌鲁木齐电")
    found = recognize_places(article, resources, province="65").mentions
    assert [m.kb_id for m in found if m.text == "乌鲁木齐"] == ["6501"]


def test_gazetteer_village_lookup_by_code(resources):
    """Village codes resolve through their county's lazily read villages (广州市海珠区)."""
    gaz = resources.gaz
    village = gaz.get("440105001102")
    assert village is not None and village.name == "鹭江社区居委会"
    assert [d.code for d in gaz.ancestors(village.code)][:2] == ["440105001", "440105"]
    assert gaz.get("440105001999") is None  # no such village in a county that has villages
    assert gaz.get("999999001001") is None  # no such county


def _village_occurrences_by_scan(gaz, text: str, counties: list[str]) -> list[tuple]:
    """Every occurrence of every village form of ``counties``, by ``str.find``."""
    from collections import defaultdict

    from kg.gazetteer import village_forms

    codes: dict[str, set[str]] = defaultdict(set)
    for county in counties:
        for village in gaz.villages_of(county):
            for form in village_forms(village.name):
                codes[form].add(village.code)
    found = []
    for form, of in codes.items():
        at = text.find(form)
        while at >= 0:
            found.append((at, at + len(form), form, tuple(sorted(of))))
            at = text.find(form, at + 1)
    return sorted(found, key=lambda m: (m[1], m[0]))


@pytest.mark.parametrize("how_many", [1, 3, 12])
def test_gazetteer_villages_found_per_county_or_by_one_automaton_alike(resources, how_many):
    """A page naming a few counties is scanned by each county's automaton, an article naming
    many by one over all of them: both give every occurrence, overlapping ones too, with
    the villages of every county the form may denote -- what a scan for each form gives. A
    form two counties share (a common village name) carries both counties' villages."""
    from collections import Counter

    from kg.gazetteer import village_forms

    gaz = resources.gaz
    counties = [c for c in sorted(gaz.divisions) if len(c) == 6 and gaz.villages_of(c)][:how_many * 40:40]
    pieces = []
    for county in counties:
        first, *_, last = gaz.villages_of(county)
        pieces += [village_forms(first.name)[0], "和", village_forms(last.name)[-1], "的党支部。"]
    shared = Counter(form for county in counties
                     for form in {f for v in gaz.villages_of(county) for f in village_forms(v.name)})
    common = [form for form, n in shared.items() if n > 1]
    if common:
        pieces.append(sorted(common)[0])
    text = "".join(pieces)
    found = gaz.find_villages(text, set(counties))
    assert found == _village_occurrences_by_scan(gaz, text, counties)
    assert len(found) >= 2 * how_many
    if how_many > 1:  # 40 counties apart, some village name recurs
        assert common and any(len({code[:6] for code in codes}) > 1 for *_, codes in found)
    assert gaz.find_villages(text, set()) == []


def _unlinked(resources, text: str):
    article = recognize_places(make_article(text), resources, province=None)
    return [(m.norm, m.place_info.level, m.place_info.parent_code, m.key) for m in article.mentions
            if m.kb_id is None]


def test_places_unlisted_township_after_a_county_and_its_village(resources):
    """支尔莫乡 (昭觉县) was merged away before 2023; its village keeps the chain."""
    found = _unlinked(resources, "凉山州昭觉县支尔莫乡阿土勒尔村开展活动。阿土勒尔村党支部带头。")
    assert found == [
        ("支尔莫乡", "township", "513431", "place:513431/支尔莫乡"),
        ("阿土勒尔村", "village", "513431/支尔莫乡", "place:513431/支尔莫乡/阿土勒尔村"),
        ("阿土勒尔村", "village", None, "place:?/t/阿土勒尔村"),  # the whole name, adopted at merge
    ]


@pytest.mark.parametrize("text", [
    "理塘县各乡镇开展活动。",
    "理塘县城镇居民参加活动。",
    "理塘县开展乡村振兴活动。",
    "理塘县推进新型城镇化。",
], ids=["each-township", "towns", "verb-then-xiang", "urbanisation"])
def test_places_no_unlisted_township_from_common_words(resources, text):
    assert [c for c in codes(resources, text) if c is None] == []


def test_places_township_spelt_one_character_off_is_fixed_by_its_village(resources):
    """今汤镇 is not listed; 寇家河坝村 of 康定市 lies in 金汤镇, one character away."""
    found = places(resources, "康定市今汤镇寇家河坝村开展活动。")
    assert ("今汤镇", "金汤镇", "513301105") in found


def test_places_unlisted_township_not_fixed_without_a_village(resources):
    found = places(resources, "康定市今汤镇开展活动。")
    assert ("今汤镇", "今汤镇", None) in found


def test_places_page_province_from_a_province_short_form_when_no_full_name_decides(resources):
    """通州区 is Beijing's and Nantong's; the masthead 北京日报 names the province."""
    page = extract_page(RawText(Path("p.txt"), "北京日报\n通州区：党建引领\n通州区各街道开展活动。", "utf-8"),
                        resources)
    codes = [m.kb_id for a in page.articles for m in a.mentions if m.text == "通州区"]
    assert codes and set(codes) == {"110112"}


@pytest.mark.parametrize("masthead, code", [("新华日报", "320612"), ("北京日报", "110112")],
                         ids=["jiangsu-paper", "beijing-paper"])
def test_places_masthead_gives_the_page_province(resources, masthead, code):
    """新华日报 is Jiangsu's paper though it names no province: its 通州区 is Nantong's."""
    text = f"{masthead}\n通州区：党建引领\n通州区各街道开展活动。"
    page = extract_page(RawText(Path("p.txt"), text, "utf-8"), resources)
    assert {m.kb_id for a in page.articles for m in a.mentions if m.text == "通州区"} == {code}


def test_places_counties_named_by_a_common_word_only_after_their_prefecture(resources):
    """阳泉市's districts are officially 城区, 矿区 and 郊区; elsewhere those are nouns."""
    found = places(resources, "阳泉市城区、矿区、郊区党员干部下沉社区。全市城区和郊区同步推进。")
    assert [(t, c) for t, _n, c in found] == [("阳泉市", "1403"), ("城区", "140302"),
                                              ("矿区", "140303"), ("郊区", "140311")]


@pytest.mark.parametrize("text, code", [
    ("攀枝花市东区、西区开展活动。", ["5104", "510402", "510403"]),
    ("小区东区3号楼和西区5号楼的党员参加活动。", []),
], ids=["after-prefecture", "parts-of-an-estate"])
def test_places_east_and_west_districts_need_their_prefecture(resources, text, code):
    assert codes(resources, text, province="51") == code


def test_places_conjunction_county_after_its_prefecture(resources):
    assert codes(resources, "马鞍山市和县开展活动。") == ["3405", "340523"]


def test_places_inner_mongolian_banners_sumu_and_gacha(resources):
    """旗 (county), 苏木 (township), 嘎查 (village; the gazetteer writes 嘎查委员会)."""
    found = places(resources, "通辽市扎鲁特旗道老杜苏木巴彦芒哈嘎查党支部开展活动。")
    assert [c for _t, _n, c in found] == ["1505", "150526", "150526202", "150526202210"]
    unlisted = _unlinked(resources, "扎鲁特旗道老杜苏木宝日嘎查开展活动。")
    assert unlisted == [("宝日嘎查", "village", "150526202", "place:150526202/宝日嘎查")]


@pytest.mark.parametrize("text, code", [
    ("吕梁市兴县开展活动。", "141123"), ("深入兴县调研。", "141123"), ("延安富县开展活动。", "610628"),
    ("阿坝州理县、茂县开展活动。", "513222"), ("德宏州芒市开展活动。", "533103"),
], ids=["after-prefecture", "after-verb", "after-short-prefecture", "after-zhou-form", "city-after-zhou"])
def test_places_two_character_county_where_it_is_the_county(resources, text, code):
    assert code in codes(resources, text)


def test_places_shared_name_keeps_the_candidates_of_the_page_province(resources):
    """Jiangsu has two 鼓楼区 (Nanjing, Xuzhou); Fujian and Henan have the others."""
    text = "新华日报\n鼓楼区：党建引领社区治理\n鼓楼区各社区开展活动。"
    page = extract_page(RawText(Path("p.txt"), text, "utf-8"), resources)
    found = {(m.kb_id, " ".join(m.place_info.candidates)) for a in page.articles for m in a.mentions
             if m.text == "鼓楼区"}
    assert found == {(None, "320106 320302")}


def test_places_township_named_after_a_street_is_still_a_township(resources):
    assert codes(resources, "广州市越秀区北京街道开展活动。") == ["4401", "440104", "440104003"]


def test_places_full_name_before_a_road_word_is_the_place(resources):
    assert codes(resources, "318国道仲巴县路段开展整治。") == ["540232"]


def test_places_gazetteer_folder_supplies_every_table(tmp_path):
    """``load_gazetteer(folder)`` reads every table from that folder, none from the package:
    a rename the folder's own table adds is used, and a folder without one is refused."""
    import shutil
    from importlib import resources as pkg

    from kg.errors import GazetteerError
    from kg.gazetteer import GAZETTEER_FILES, load_gazetteer

    for name in GAZETTEER_FILES:
        shutil.copy(str(pkg.files("kg.data").joinpath(name)), tmp_path / name)
    with (tmp_path / "renames.tsv").open("a", encoding="utf-8") as fh:
        fh.write("虚构旧县\t330523\n")  # an invented old name for 安吉县
    gaz = load_gazetteer(tmp_path)
    assert gaz.renames["虚构旧县"] == "330523"
    assert "虚构旧县" not in load_gazetteer().renames
    (tmp_path / "mastheads.tsv").unlink()
    with pytest.raises(GazetteerError, match="mastheads.tsv is missing"):
        load_gazetteer(tmp_path)


def test_places_short_form_glued_to_another_county_opens_a_company_name(resources):
    """阜平县 (Hebei) + 嘉禾 (嘉禾县 is in Hunan): the short form right after a full county
    name that is not its parent opens the company's name; after its own prefecture, or on
    its own with its level character, it is the county."""
    assert "431024" not in codes(resources, "阜平县嘉禾菌业有限公司召开职工大会。")
    assert "431024" in codes(resources, "郴州市嘉禾县召开职工大会。")
    assert "431024" in codes(resources, "湖南省嘉禾县菌业公司召开职工大会。")


@pytest.mark.parametrize("name", sorted(__import__("kg.gazetteer", fromlist=["GENERIC_NAMES"]).GENERIC_NAMES))
def test_places_an_official_name_that_is_a_class_noun_is_no_place_alone(resources, name):
    """``kg/data/lexicon/class_place_names.tsv``: 新设街道5个 names no 街道; the name is an
    official division's (so the row is no dead entry), reached only through a chain."""
    assert any(d.name == name for d in resources.gaz.divisions.values()), name
    assert name not in {m.norm for m in recognize_places(make_article(f"全县今年新设{name}两个。"),
                                                         resources, province=None).mentions}
