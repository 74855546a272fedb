"""Programmes: named campaigns, initiatives, working methods and brands.

Most are quoted (``“三个一批”``, ``“党建+三农”``); a numbered label may follow the quote
(``“绿蓝橙红”四色工作法`` names 四色工作法) or a head noun completes it
(``“1+2+2”服务模式``). Quoted speech (with sentence punctuation), honours (after
获得/荣获/评为…, before 称号/荣誉) and bare praise are not programmes.

A programme is *core* to an article when its headline, sub-headline, section heads or
lead sentence name it.
"""

from __future__ import annotations

import re

from kg.constants import EntityLabel, PartKind
from kg.types import Article, Mention

_RE_QUOTE = re.compile(r"[“\"]([^“”\"\n]{2,24})[”\"]")
_NUMERAL = "一二三四五六七八九十两百千"
#: After the quote: a numbered label (四色工作法, 四件大事) or a head noun (服务模式).
_RE_NUMBERED_LABEL = re.compile(rf"^([{_NUMERAL}\d]+[个色件项大步][\u4e00-\u9fff]{{0,4}}?"
                                r"(?:工作法|法|大事|机制|模式|工程|行动|计划|制度|要求))")
_HEADS = ("服务模式", "工作法", "工作模式", "治理模式", "模式", "计划", "工程", "品牌")
_RE_HEAD = re.compile("^(" + "|".join(_HEADS) + ")")
_RE_HONOUR_BEFORE = re.compile(r"(?:获得|荣获|获评|评为|授予|命名为|入选|入围|被评|获)[^，。]{0,6}$")
_RE_HONOUR_AFTER = re.compile(r"^(?:等)?(?:荣誉|称号|奖|示范点|先进|光荣)")
_RE_SPEECH = re.compile(r"[，。！？；,!?;：:]")
_RE_FAMILY = re.compile(r"^(党建\+|[\u4e00-\u9fff]{1,4}\+)")
#: Quoted words that are figures of speech, not programmes (a closed list of idioms the
#: press uses as metaphors; not names of any seed programme).
_METAPHORS = frozenset({"最后一公里", "神经末梢", "主引擎", "新引擎", "朋友圈", "同心圆",
                        "金钥匙", "金饭碗", "领头雁", "主心骨", "指挥棒", "风向标", "压舱石"})


def _core_spans(article: Article) -> list[tuple[int, int]]:
    spans = [(p.start, p.end) for p in article.parts
             if p.kind in (PartKind.HEADLINE, PartKind.SUBHEADLINE, PartKind.SECTION)]
    body = next((s for s in article.sentences if article.part_of(s[0]) is PartKind.BODY), None)
    if body:
        spans.append(body)
    return spans


def _name_for(text: str, m: re.Match[str]) -> tuple[str, int, int] | None:
    inner = m.group(1).strip()
    after = text[m.end():m.end() + 12]
    if numbered := _RE_NUMBERED_LABEL.match(after):
        return numbered.group(1), m.end(), m.end() + len(numbered.group(1))
    if _RE_SPEECH.search(inner.replace("、", "")):
        return None
    if head := _RE_HEAD.match(after):
        return inner + head.group(1), m.start(1), m.end() + len(head.group(1))
    return inner, m.start(1), m.end(1)


def recognize_programmes(article: Article) -> Article:
    """Add programme mentions; ``core`` marks those the article is about."""
    text = article.text
    core_spans = _core_spans(article)
    found: list[Mention] = []
    occupied = [(m.start, m.end) for m in article.mentions if m.label is EntityLabel.DOCUMENT]
    for m in _RE_QUOTE.finditer(text):
        if any(a <= m.start() < b for a, b in occupied):
            continue
        if article.part_of(m.start()) in (PartKind.BYLINE, PartKind.CAPTION):
            continue
        before = text[max(0, m.start() - 10):m.start()]
        if _RE_HONOUR_BEFORE.search(before) or _RE_HONOUR_AFTER.match(text[m.end():]):
            continue
        named = _name_for(text, m)
        if named is None:
            continue
        name, start, end = named
        if name in _METAPHORS or len(name) < 2:
            continue
        core = any(a <= m.start() < b for a, b in core_spans)
        attrs = {"core": "1" if core else ""}
        if (family := _RE_FAMILY.match(name)) and family.group(1) != name:
            attrs["family"] = family.group(1)
        found.append(Mention(start=start, end=end, text=text[start:end],
                             label=EntityLabel.PROGRAMME, norm=name, key=f"programme:{name}",
                             rule="quoted", attrs=tuple(sorted(attrs.items()))))
    article.mentions = sorted([*article.mentions, *found], key=lambda x: (x.start, x.end))
    return article
