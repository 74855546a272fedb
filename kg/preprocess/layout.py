"""Which lines of a page are the web page's layout, not its article.

A scraped page keeps its site's chrome as text: the masthead (``阜平县人民政府``), the
navigation bar (``首页 | 政务公开 | 政务服务``), the breadcrumb (``当前位置：首页 > 新闻中心 >
部门动态``), the metadata line (``发布时间：2025-06-17 10:05  来源：…``), the tools
(``字号：大 中 小  【打印】【关闭】``), the footer (``上一篇：…``, ``主办：…``, ``版权所有``) and
related-link lists (``· 某某县召开…``). Read as text they become the article's headline
(the masthead is the first short line) or are joined to its lead by the OCR repair; marked
as layout they are neither. The words are those of ``kg/data/lexicon/page_metadata.tsv``;
the shapes (``|`` between short items, ``>`` between them) are how every site writes them.
"""

from __future__ import annotations

import re
from functools import cache

from kg.data import alternation

_SENTENCE = re.compile(r"[。！？]")
_NAV = re.compile(r"^(?:[^|｜。，]{1,10}\s*[|｜]\s*){2,}[^|｜。，]{0,10}$")
_BULLET = re.compile(r"^[·•▶►▸◆◇■□]\s*\S")


def _words(*kinds: str) -> str:
    from kg.metadata import page_words  # the one reader of page_metadata.tsv

    return alternation(page_words(*kinds))


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    return {
        "breadcrumb": re.compile(rf"^(?:(?:{_words('breadcrumb')})\s*[:：]\s*)?"
                                 r"(?:[^>›»。，]{1,12}\s*[>›»]\s*)+[^>›»。，]{0,12}$"),
        "meta": re.compile(rf"(?:^|\s)(?:{_words('date-label', 'source-label')})\s*[:：]"),
        "tool": re.compile(rf"(?:{_words('page-tool')})"),
        "footer": re.compile(rf"^[【\[（(]?(?:{_words('footer')})|ICP备|公网安备|版权所有"),
        "footer_any": re.compile(r"ICP备|公网安备|版权所有"),
        "outlet_end": re.compile(rf"(?:{_words('outlet-end')})(?:主办|承办)?$"),
    }


def is_nav(line: str) -> bool:
    """``首页 | 时政要闻 | 乡镇动态``: short items between bars."""
    return bool(_NAV.match(line))


def is_breadcrumb(line: str) -> bool:
    """``当前位置：首页 > 新闻中心 > 部门动态``, ``人民网 > 人民日报 > 党建``."""
    return bool(_patterns()["breadcrumb"].match(line))


def is_layout_line(line: str) -> bool:
    """A line of the site's chrome wherever it stands: navigation, breadcrumb, a metadata
    line (labels 发布时间/来源 with no sentence), tools, footer, a related link."""
    line = line.strip()
    if not line or _SENTENCE.search(line):
        return False
    pats = _patterns()
    return (is_nav(line) or is_breadcrumb(line) or bool(pats["meta"].search(line))
            or (len(line) <= 60 and bool(pats["tool"].search(line)))
            or bool(pats["footer"].match(line) or pats["footer_any"].search(line))
            or bool(_BULLET.match(line) and len(line) <= 60))


def is_masthead(lines: list[str]) -> bool:
    """Whether ``lines[0]`` is a site's masthead: a short name line, some part of it
    ending as an outlet's name does (日报, 人民政府, 融媒体中心 …), followed by navigation, a
    breadcrumb or a date line (a headline is followed by its article)."""
    if len(lines) < 2:
        return False
    first = lines[0].strip()
    if len(first) > 40 or re.search(r"[，。：:“”\"！？]", first):
        return False
    parts = [p for p in re.split(r"\s*(?:[·•|｜]|—{1,2}|-{2,})\s*", first) if p]
    if not any(_patterns()["outlet_end"].search(p) for p in parts):
        return False
    return any(is_nav(line) or is_breadcrumb(line) or _is_date_line(line) for line in lines[1:3])


def _is_date_line(line: str) -> bool:
    from kg.metadata import parse_date  # the one date parser

    return parse_date(line) is not None and not re.search(r"[，。]", line) and len(line) <= 60


def layout_indices(lines: list[str]) -> set[int]:
    """Indices of the (non-empty, stripped) ``lines`` that are layout."""
    found = {i for i, line in enumerate(lines) if is_layout_line(line)}
    if is_masthead(lines):
        found.add(0)  # and the masthead's own date line under it (2025年4月16日 星期三)
        found.update(i for i in (1, 2) if i < len(lines) and _is_date_line(lines[i]))
    return found
