"""OCR layout repair: real breaks from the seeds are joined; real paragraph breaks kept."""

from __future__ import annotations

import pytest

from kg.preprocess.linebreaks import repair_linebreaks

LONG = "围绕“加强边境地区公共服务能力建设”等议题深入协商议政10余次，协商成果得到充分肯定"


@pytest.mark.parametrize("text_in, text_out", [
    # a long line cut inside a word, blank line between (seed 000)
    (LONG + "，围绕“加强边境地区公共服务能\n\n力建设”等议题。",
     LONG + "，围绕“加强边境地区公共服务能力建设”等议题。"),
    # a short line cut before a fragment: 党建品|牌， (seed 001)
    ("为有效防范电信诈骗案件发生，阿扎乡派出所党支部努力打造属于自己的党建品\n\n牌，通过“指尖服务”。",
     "为有效防范电信诈骗案件发生，阿扎乡派出所党支部努力打造属于自己的党建品牌，通过“指尖服务”。"),
    # an unclosed 《 (seed 004)
    ("活动中,党员志愿者与唐布齐村老党员共同学习《中国共产党纪律处\n\n分条例》。",
     "活动中,党员志愿者与唐布齐村老党员共同学习《中国共产党纪律处分条例》。"),
    # a full stop inside a short line means body text
    ("推进组织振兴引领乡村振兴。实施村级党组织书记“头雁”领航、“两委”班子培\n\n养提升工程。",
     "推进组织振兴引领乡村振兴。实施村级党组织书记“头雁”领航、“两委”班子培养提升工程。"),
])
def test_linebreaks_joins_broken_lines(text_in, text_out):
    assert repair_linebreaks(text_in) == text_out


@pytest.mark.parametrize("text_in, text_out", [
    # headline, sub-headline and byline stay separate paragraphs
    ("讲政治 顾大局 敢担当\n\n——自治区政协机关党建工作综述\n\n本报记者 索朗琼珠\n\n习近平总书记。",
     "讲政治 顾大局 敢担当\n\n——自治区政协机关党建工作综述\n\n本报记者 索朗琼珠\n\n习近平总书记。"),
    # a byline never swallows the fragment after it
    ("本报记者 刘琳琳\n\n委监委、中法、检察院党组工作汇报。",
     "本报记者 刘琳琳\n\n委监委、中法、检察院党组工作汇报。"),
    # a section head with a comma is not joined to its body
    ("大抓基层、大抓基础，增强党组织政治功能和组织功能\n\n拉萨市始终坚持。",
     "大抓基层、大抓基础，增强党组织政治功能和组织功能\n\n拉萨市始终坚持。"),
    # a long headline is not joined to the byline or dateline under it
    ("拉萨市尼木县卡如乡党委开展“我为群众办实事”实践活动扎实推进基层治理工作取得新成效\n\n本报记者 扎西",
     "拉萨市尼木县卡如乡党委开展“我为群众办实事”实践活动扎实推进基层治理工作取得新成效\n\n本报记者 扎西"),
    # a finished sentence ends its paragraph
    ("第一段结束了。\n第二段开始。", "第一段结束了。\n\n第二段开始。"),
    # Markdown headings are headings
    ("## 实施“攀登者计划” 打造党建高地\n本报拉萨讯", "## 实施“攀登者计划” 打造党建高地\n\n本报拉萨讯"),
    # a masthead or column line set in columns is layout, however long its spaces make it
    ("2024年3月5日 星期二" + " " * 34 + "6\n党建·基层" + " " * 30 + "责任编辑：周 文\n茶山上的党课",
     "2024年3月5日 星期二" + " " * 34 + "6\n\n党建·基层" + " " * 30 + "责任编辑：周 文\n\n茶山上的党课"),
])
def test_linebreaks_keeps_real_breaks(text_in, text_out):
    assert repair_linebreaks(text_in) == text_out


def test_linebreaks_keeps_a_web_page_metadata_line_apart():
    """However long, ``发布时间：… 来源：…`` is layout (its twin: the long prose line below)."""
    meta = "发布时间：2024-03-05 09:12 来源：白河县委组织部 作者：李文 浏览次数：1234 字号：大 中 小"
    assert len(meta) >= 40
    lead = "今年以来，白河县推行网格党建。"
    assert repair_linebreaks(meta + "\n" + lead) == meta + "\n\n" + lead


def test_linebreaks_joins_a_long_broken_line_whose_spaces_are_single():
    """The twin of the column-line case: a long line with single spaces is cut-off prose."""
    prev = "茶山上 村党支部书记正带着几名党员给茶农讲授党课 讲的是如何把茶叶卖出好价钱 还有党员"
    assert len(prev) >= 40
    assert repair_linebreaks(prev + "\n示范户的经验。") == prev + "示范户的经验。"
