"""Segmenting seed pages into articles: headlines, bylines, datelines, captions."""

from __future__ import annotations

import pytest

from kg.constants import PartKind
from kg.io import read_text
from kg.preprocess.linebreaks import repair_linebreaks
from kg.segment import split_articles, split_sentences
from kg.types import Part
from tests.helpers import SEEDS


def _articles(name: str):
    raw = read_text(SEEDS / name)
    return split_articles(name, repair_linebreaks(raw.text))


def _first(article, kind):
    texts = article.part_text(kind)
    return texts[0] if texts else None


@pytest.mark.parametrize("page, index, headline, byline, dateline", [
    ("000_6b5420230e65fc81.txt", 0, "讲政治 顾大局 敢担当", "本报记者 索朗琼珠", None),
    ("000_6b5420230e65fc81.txt", 2, "昌都市", None, "本报昌都电（记者 万慧）"),
    ("002_6297df77ee962a0f.txt", 2, "林芝市委组织部 开展“三访”解民忧办实事", None, "本报巴宜电(记者 张猛)"),
    ("003_ebe6c6a426d89a77.txt", 0, "守边固边 共建家园", "本报记者 索朗琼珠 次仁片多", None),
    ("004_3fc45f89ec18f5f3.txt", 6, "党旗高扬风帆劲", "本报记者 次仁片多", None),
    # a caption ending in its photo credit is not joined to the next article's headline
    ("004_3fc45f89ec18f5f3.txt", 3, "日喀则市白朗县洛江镇: 党建引领促发展 乡村振兴显成效",
     "本报记者 次仁片多 索琼 珠", None),
])
def test_segment_seed_article_heads(page, index, headline, byline, dateline):
    article = _articles(page)[index]
    assert article.title == headline
    assert _first(article, PartKind.BYLINE) == byline
    assert _first(article, PartKind.DATELINE) == dateline


def test_segment_subheadline_and_markdown():
    article = _articles("003_ebe6c6a426d89a77.txt")[0]
    assert article.part_text(PartKind.SUBHEADLINE) == ["——阿里地区党建引领打造边境坚强堡垒"]
    assert "突出政治功能" in article.part_text(PartKind.SECTION)


def test_segment_trailing_headline_takes_its_body():
    """OCR put the flood-relief headline after its body; the body moves to it."""
    articles = _articles("000_6b5420230e65fc81.txt")
    flood = articles[1]
    assert flood.title == "为群众筑起“红色堤坝”"
    assert "拉萨市尼木县卡如乡赤朗村遭遇暴雨袭击" in flood.text
    assert "赤朗村" not in articles[0].text


def test_segment_captions_kept_apart():
    """The photo-news item (近日，… + 图为…) is its own article, with its caption."""
    article = _articles("004_3fc45f89ec18f5f3.txt")[2]
    captions = article.part_text(PartKind.CAPTION)
    assert any(c.startswith("图为活动中") for c in captions)
    assert article.title is None and "守护长江源" in article.text


_BODY = "该县坚持把基层党建作为重中之重，扎实推进各项工作落地见效，取得了明显成效。"


def _split(*paras: str):
    return split_articles("page.txt", "\n".join(paras))


def test_segment_photo_news_before_its_caption_is_an_article():
    articles = _split("县域党建谱新篇", "本报记者 张三", _BODY, _BODY,
                      "近日，绵竹市委组织部组织党员前往红色教育基地开展学习活动，重温入党誓词。",
                      "图为活动现场。", "本报记者 李四 摄")
    assert len(articles) == 2
    assert articles[1].title is None and articles[1].text.startswith("近日，绵竹市委组织部")
    assert "图为活动现场。" in articles[1].part_text(PartKind.CAPTION)


def test_segment_body_after_a_photo_credit_starts_an_article():
    articles = _split("县域党建谱新篇", "本报记者 张三", _BODY, "图为活动现场。", "本报记者 李四 摄",
                      "5月8日，某公司举办企业开放日活动，邀请周边群众走进厂区参观。" + _BODY)
    assert len(articles) == 2 and articles[1].text.startswith("5月8日")


def test_segment_heads_after_a_byline_finish_a_trailing_headline():
    """标题 / 本报记者 X / 主标题 / 下一篇标题 / 正文: the second head after the byline
    heads the body; the first finishes the trailing headline, which takes its body."""
    articles = _split("大标题 综述", "本报记者 王五", _BODY, "阿坝州多措并举",
                      _BODY.replace("该县", "阿坝州"), "四个聚焦 激发活力", "本报记者 赵六",
                      "阿坝州抓好驻村工作",
                      "打造文化品牌 践行初心使命", _BODY)
    titles = [a.title for a in articles]
    assert titles == ["大标题 综述", "四个聚焦 激发活力", "打造文化品牌 践行初心使命"]
    assert "阿坝州" in articles[1].text and "阿坝州" not in articles[0].text


def test_segment_section_label_stays_with_its_article():
    """宜居—— … and a comma clause cut by the column belong to the article before the next
    headline, not to that headline."""
    articles = _split("大标题 综述", "本报记者 王五", _BODY, "宜居—— 绘就美丽画卷", _BODY,
                      "放眼全县各村，一条条道路", "多举措增强组织功能", "本报成都讯(记者 孙七)" + _BODY)
    assert articles[1].title == "多举措增强组织功能"
    assert "宜居—— 绘就美丽画卷" in articles[0].part_text(PartKind.SECTION)


def test_segment_page_without_headline_starts_an_untitled_article():
    assert _articles("004_3fc45f89ec18f5f3.txt")[0].title is None


@pytest.mark.parametrize("text, expected", [
    ("甲说。乙来了！丙？", ["甲说。", "乙来了！", "丙？"]),
    ("他说：“我们要干。大家一起干。”然后走了。", ["他说：“我们要干。大家一起干。”", "然后走了。"]),
    ("没有句号的标题", ["没有句号的标题"]),
])
def test_segment_sentences_balance_quotes(text, expected):
    spans = split_sentences(text, [Part(PartKind.BODY, 0, len(text))])
    assert [text[a:b] for a, b in spans] == expected


def test_segment_markdown_heading_as_high_as_the_headline_opens_an_article():
    articles = _split("### 肩题", "## 主标题", "本报成都讯(记者 孙七)" + _BODY, "### 小节", _BODY,
                      "## 另一篇", _BODY, "图为活动现场。 本报记者 李四 摄")
    assert [a.title for a in articles] == ["肩题", "另一篇"]
    assert "小节" in articles[0].part_text(PartKind.SECTION)


def test_segment_body_after_a_mid_article_photo_goes_on():
    articles = _split("县域党建谱新篇", "本报记者 张三", _BODY, "图为活动现场。", "本报记者 李四 摄",
                      "与此同时，该县还注重发挥党员先锋模范作用，带动群众增收致富。" + _BODY)
    assert len(articles) == 1


@pytest.mark.parametrize("opening, dateline", [
    ("本报讯（记者 李娜 通讯员 张伟）11月20日，兰考县召开会议。", "本报讯（记者 李娜 通讯员 张伟）"),
    ("本报郑州11月20日讯（记者 李娜）全省召开会议。", "本报郑州11月20日讯（记者 李娜）"),
    ("新华社乌鲁木齐11月20日电（记者 阿依古丽·买买提）全区召开会议。",
     "新华社乌鲁木齐11月20日电（记者 阿依古丽·买买提）"),
], ids=["no-place", "place-and-date", "news-agency"])
def test_segment_dateline_forms(opening, dateline):
    article = split_articles("t", "兰考县：党建引领乡村振兴\n" + opening)[0]
    assert _first(article, PartKind.DATELINE) == dateline


def test_segment_trailing_headline_at_page_end_maps_every_character():
    """A kicker and a photo credit end the page, and the body they take comes from before
    them: the joining newline of the reordered article must still map into the page (it
    pointed one past the page's end and aborted the whole build)."""
    page = "\n\n".join([
        "永宁县坚持把村级集体经济作为重点，扎实推进各项工作落地见效，取得了明显成效。",
        "在组织生活上，临川市推行结对共建等开放式组织生活，组织快递员党员开展学习，确保党员流动不流失。",
        "——临川市夯实快递员群体党建工作",
        "本报记者 周明 摄",
    ])
    articles = split_articles("page.txt", page)
    assert articles and any("临川市推行" in a.text for a in articles)
    for article in articles:
        assert len(article.offsets) == len(article.text)
        assert all(0 <= o < len(page) for o in article.offsets)
        # the characters map back to the same characters of the page (newlines aside)
        assert all(page[o] == c for o, c in zip(article.offsets, article.text, strict=True) if c != "\n")


def test_web_page_chrome_is_layout_not_headline_or_lead():
    """A scraped page: masthead, navigation, breadcrumb, headline, metadata line, tools,
    body, footer. The headline is the article's title and the body opens its lead; the
    site's chrome is layout (its twin: the same article without chrome has the same title)."""
    body = "12月3日，白河县东坝镇党委组织全镇党员开展冬训，邀请县委党校教师讲授党课。"
    page = ("白河县人民政府\n首页 | 政务公开 | 政务服务 | 互动交流\n"
            "当前位置：首页 > 新闻中心 > 乡镇动态\n东坝镇：党员冬训开班\n"
            "发布时间：2024-12-04 09:30  来源：东坝镇人民政府  作者：李文  浏览次数：1024 字号：大 中 小\n"
            "【打印】【关闭】\n" + body + "\n上一篇：白河县召开防汛工作会议\n主办：白河县人民政府办公室\n")
    [article] = split_articles("p.txt", repair_linebreaks(page))
    assert article.title == "东坝镇：党员冬训开班"
    lead = article.lead_sentences()
    assert article.text[lead[0][0]:lead[0][1]] == body
    layout = article.part_text(PartKind.LAYOUT)
    assert layout[0] == "白河县人民政府" and any(t.startswith("发布时间") for t in layout)
    assert any(t.startswith("主办") for t in layout)
    [plain] = split_articles("q.txt", repair_linebreaks("东坝镇：党员冬训开班\n\n" + body + "\n"))
    assert plain.title == article.title and plain.part_text(PartKind.LAYOUT) == []
