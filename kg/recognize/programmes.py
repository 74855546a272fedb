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
from kg.tokenize import FrozenTokenizer
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
#: an honour list: 先后获得“A”、首届“B”、“C”等荣誉称号 -- every quote between the verb
#: and 称号/荣誉 is an honour, not only the last one
_RE_HONOUR_LIST = re.compile(
    r"(?:获得|荣获|获评|评为|授予|被评为|命名为)([^。；;]{0,200}?)(?:等)?(?:荣誉称号|称号|荣誉)")
#: quoted problems being solved: 化解“指导不深、统筹不够”的问题
_RE_PROBLEM_BEFORE = re.compile(r"(?:化解|解决|破解|整治|克服|纠治|防止)$")
#: a quote that names a body or its members: “4840”党支部, “两委”班子, “两新”组织
_RE_BODY_AFTER = re.compile(r"^(?:党支部|党总支|党委|班子|成员|干部|委员|组织|书记)")
#: a numeral and a classifier is a count, not a name: “三项”, “四级”
_RE_COUNTER = re.compile(rf"^[{_NUMERAL}\d]+[项级个批次类种名家条]$")
#: unquoted campaigns after an action verb, ending in the standard heads of campaign names:
#: 深入开展党纪学习教育, 持续推进支部标准化建设, 推进新兴领域党建集中攻坚
_RE_UNQUOTED = re.compile(
    r"(?:开展|推进|实施|深化|推动|抓好|启动|部署)(?:了|好)?"
    r"([\u4e00-\u9fff]{2,12}?(?:学习教育|主题教育|专项整治|集中攻坚|攻坚行动|标准化建设|模范机关建设"
    r"|示范创建|专项行动|提升行动))")
_RE_SPEECH = re.compile(r"[，。！？；,!?;：:]")
_RE_FAMILY = re.compile(r"^(党建\+|[\u4e00-\u9fff]{1,4}\+)")
#: Quoted words that are figures of speech, not programmes (a closed list of idioms the
#: press uses as metaphors; not names of any seed programme).
_COMMON_NOUN_FREQ = 80
_METAPHORS = frozenset({"最后一公里", "神经末梢", "主引擎", "新引擎", "朋友圈", "同心圆",
                        "金钥匙", "金饭碗", "领头雁", "主心骨", "指挥棒", "风向标", "压舱石"})


def _core_spans(article: Article) -> list[tuple[int, int]]:
    spans = [(p.start, p.end) for p in article.parts
             if p.kind in (PartKind.HEADLINE, PartKind.SUBHEADLINE, PartKind.SECTION)]
    body = next((s for s in article.sentences if article.part_of(s[0]) is PartKind.BODY), None)
    if body:
        spans.append(body)
    return spans


def _honour_spans(text: str) -> list[tuple[int, int]]:
    return [m.span(1) for m in _RE_HONOUR_LIST.finditer(text)]


def _entity_spans(article: Article) -> list[tuple[int, int]]:
    return [(m.start, m.end) for m in article.mentions
            if m.label in (EntityLabel.PLACE, EntityLabel.ORG, EntityLabel.UNIT)]


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


def _common_noun(word: str, tokenizer: FrozenTokenizer | None) -> bool:
    """A frequent dictionary noun (导师, 后盾, 突击队): quoted, it is emphasis, not a
    programme, whose names are coinages. Verb phrases (交朋友) are not filtered."""
    if tokenizer is None:
        return False
    return (tokenizer.jieba.FREQ.get(word, 0) >= _COMMON_NOUN_FREQ
            and tokenizer.tags.get(word, "")[:1] == "n")


def recognize_programmes(article: Article, tokenizer: FrozenTokenizer | None = None) -> Article:
    """Add programme mentions; ``core`` marks those the article is about.

    With a ``tokenizer``, quoted common nouns are not taken as programmes.
    """
    text = article.text
    core_spans = _core_spans(article)
    found: list[Mention] = []
    occupied = [(m.start, m.end) for m in article.mentions if m.label is EntityLabel.DOCUMENT]
    honours = _honour_spans(text)
    entities = _entity_spans(article)
    for m in _RE_QUOTE.finditer(text):
        if any(a <= m.start() < b for a, b in occupied + honours):
            continue
        if article.part_of(m.start()) in (PartKind.BYLINE, PartKind.CAPTION):
            continue
        before = text[max(0, m.start() - 10):m.start()]
        if _RE_HONOUR_BEFORE.search(before) or _RE_HONOUR_AFTER.match(text[m.end():]):
            continue
        if _RE_PROBLEM_BEFORE.search(before):
            continue
        inner = m.group(1).strip()
        if inner.isdigit() or _RE_COUNTER.match(inner) or _RE_BODY_AFTER.match(text[m.end():]):
            continue  # a count, or part of the name of a body (“4840”党支部, “两委”班子)
        if any(a <= m.start(1) and m.end(1) <= b for a, b in entities):
            continue  # a quoted place or body name is that entity, not a programme
        named = _name_for(text, m)
        if named is None:
            continue
        name, start, end = named
        if name in _METAPHORS or len(name) < 2 or _common_noun(name, tokenizer):
            continue
        core = any(a <= m.start() < b for a, b in core_spans)
        attrs = {"core": "1" if core else ""}
        if (family := _RE_FAMILY.match(name)) and family.group(1) != name:
            attrs["family"] = family.group(1)
        found.append(Mention(start=start, end=end, text=text[start:end],
                             label=EntityLabel.PROGRAMME, norm=name, key=f"programme:{name}",
                             rule="quoted", attrs=tuple(sorted(attrs.items()))))
    found += _unquoted(article, core_spans, found)
    article.mentions = sorted([*article.mentions, *found], key=lambda x: (x.start, x.end))
    return article


def _unquoted(article: Article, core_spans: list[tuple[int, int]],
              found: list[Mention]) -> list[Mention]:
    """Campaign names without quotation marks, after an action verb (see _RE_UNQUOTED)."""
    text = article.text
    taken = [(m.start, m.end) for m in [*article.mentions, *found]]
    out = []
    for m in _RE_UNQUOTED.finditer(text):
        start, end = m.span(1)
        if any(a < end and start < b for a, b in taken):
            continue
        name = m.group(1)
        core = any(a <= start < b for a, b in core_spans)
        out.append(Mention(start=start, end=end, text=name, label=EntityLabel.PROGRAMME, norm=name,
                           key=f"programme:{name}", rule="unquoted",
                           attrs=(("core", "1" if core else ""),)))
    return out
