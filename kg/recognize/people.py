"""People with the role the text gives them.

* reporters and correspondents from bylines, datelines and photo credits
  (``本报记者 索朗琼珠``, ``（记者 万慧）``, ``通讯员 小央``), role 记者/通讯员;
* a role then a name (``然乌村党支部书记蒋雄``, ``地委书记段海``, ``老党员卓嘎``), the
  organisation before the role being the body the person leads;
* a name then 总书记 (``习近平总书记``).

Transliterated names keep their middle dot (``艾尔肯·吐尔逊``, ``阿依古丽·买买提``): they are
the usual spelling of Uyghur, Kazakh and other minority names in Chinese news and are longer
than the two to four characters of a Han name. OCR's look-alike dots (•, ‧, ・) are read as
``·``.

Names are cut by jieba (HMM on, which recognises unseen two- to four-character names)
and refused when they are common words.
"""

from __future__ import annotations

import re
from functools import cache

from kg.constants import EntityLabel, PartKind
from kg.data import word_list
from kg.resources import Resources
from kg.tokenize import FrozenTokenizer
from kg.types import Article, Mention

_DOTS = "·•‧・"
_CREDIT_ROLES = "本报记者|见习记者|特约记者|记者|通讯员|实习生"
#: A credit role then its names; the names stop at the next role (记者 李娜 通讯员 张伟).
_RE_CREDIT = re.compile(rf"({_CREDIT_ROLES})[\s　]*"
                        rf"((?:(?!{_CREDIT_ROLES})[\u4e00-\u9fff{_DOTS}]{{2,15}}[\s　]*)+)")
#: The part of a dotted name before its last segment: 艾尔肯· in 艾尔肯·吐尔逊介绍.
_RE_DOTTED_HEAD = re.compile(rf"(?:[\u4e00-\u9fff]{{1,7}}[{_DOTS}]){{1,3}}")
_RE_DOTTED_NAME = re.compile(rf"[\u4e00-\u9fff]{{1,7}}(?:[{_DOTS}][\u4e00-\u9fff]{{1,7}}){{1,3}}")
_LEAD_ROLES = ("党支部书记", "党总支书记", "党委书记", "第一书记", "支部书记", "地委书记",
               "市委书记", "县委书记", "书记", "队长", "主任", "站长", "所长", "院长", "部长")
#: Members of a body: the role is theirs, but they lead nothing (党委委员张磊).
_MEMBER_ROLES = ("组织委员", "宣传委员", "纪检委员", "委员", "常委")
#: Heads of governments and enterprises: a government is a place, not a body, so 镇长
#: leads nothing here; 董事长 leads the company before it.
_HEAD_ROLES = ("县长", "市长", "州长", "区长", "乡长", "镇长", "局长", "校长", "董事长", "总经理")
#: Roles that are also inside common words (乡长期, 委员会): they count on jieba's token
#: boundaries only.
_ALIGNED_ROLES = frozenset(_MEMBER_ROLES + _HEAD_ROLES)
_OTHER_ROLES = ("老党员", "党员", "群众", "村民", "居民", "牧民", "学生", "快递小哥", "外卖小哥",
                "外卖骑手", "志愿者", "社区居民", "驻村干部", "工作人员", "民警")
def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


#: A role; 副书记, 副镇长 ...: a deputy has the role but does not lead the body (no ``org``).
_RE_ROLE = re.compile(f"(副(?:{_alternatives(_LEAD_ROLES + _HEAD_ROLES)})|"
                      f"{_alternatives(_LEAD_ROLES + _HEAD_ROLES + _MEMBER_ROLES + _OTHER_ROLES)})")
#: Between two roles of one person: 党总支书记、村委会主任 / 县委常委、组织部部长.
_RE_ROLE_JOINT = re.compile(r"、[\u4e00-\u9fff]{0,6}")
#: The body word a bare 书记/委员 takes from its body's name (学院路街道党工委书记 -> 党工委书记).
_BODY_WORDS = ("临时党支部", "党支部", "党总支", "党工委", "党委", "党组")
_RE_NAME_END = re.compile(
    r"^(?:[，,。：:“（(！!？?、]|说|告诉|表示|介绍|如是说|讲授|讲述|满怀|自豪|兴奋|深入|看着|带领|"
    r"主持|参加|参与|率队|带队|一行|前往|来到|走访|调研|指出|强调|要求|宣讲|讲话|"
    r"同志|激动|笑着|感慨|高兴|正(?:在|带领|带着|组织|忙着|为|给|向|与|和)|一边|指着|向|和|与|也|还|便|就|又|都|为|是|$)")
#: After a common role noun (党员, 群众 ...) only a verb of speech or feeling confirms a
#: name: 党员全覆盖 and 党员亮身份 are phrases, 党员阿旺江措说 names a person.
_RE_SPEECH_END = re.compile(r"^(?:说|告诉|表示|介绍|如是说|讲述|满怀|自豪|兴奋|看着|激动|笑着|感慨|高兴)")
_FUNCTION_CHARS = frozenset("的了在是之对正用还有和与及等把被将从向为以也都就又")
#: Surnames written with a function character (和文军, 向明, 于洋).
_FUNCTION_SURNAMES = frozenset("和向于")
_RE_GENERAL_SECRETARY = re.compile(r"([\u4e00-\u9fff]{3})总书记")
_NOT_NAMES = frozenset({"同志", "们", "代表", "干部", "群众", "一行", "等人"})


def _person(text: str, start: int, end: int, name: str, role: str, rule: str,
            org_key: str | None = None) -> Mention:
    attrs = {"role": role}
    if org_key:
        attrs["org"] = org_key
    return Mention(start=start, end=end, text=text[start:end], label=EntityLabel.PERSON,
                   norm=name, key=f"person:{name}", rule=rule, attrs=tuple(sorted(attrs.items())))


def _credits(article: Article) -> list[Mention]:
    text = article.text
    found = []
    for part in article.parts:
        if part.kind not in (PartKind.BYLINE, PartKind.DATELINE, PartKind.CAPTION):
            continue
        for m in _RE_CREDIT.finditer(text, part.start, part.end):
            role = "通讯员" if m.group(1) == "通讯员" else "记者"
            offset = m.start(2)
            for name in re.split(r"[\s　]+", m.group(2)):
                start = text.find(name, offset)
                offset = start + len(name)
                if (2 <= len(name) <= 4 and name != "摄") or _RE_DOTTED_NAME.fullmatch(name):
                    found.append(_person(text, start, offset, _dotted(name), role, "credit"))
    return found


def _org_before(article: Article, start: int, role: str) -> Mention | None:
    """The body right before the role; 阿里地委书记 ends the body inside the role word."""
    ends = {start, start + len(role) - len("书记")} if role.endswith("书记") else {start}
    bodies = [m for m in article.mentions if m.end in ends and
              m.label in (EntityLabel.ORG, EntityLabel.UNIT)]
    # 运输公司党支部书记: the branch (ending inside the role word) outranks the company
    return max(bodies, key=lambda m: (m.end, m.label is EntityLabel.ORG), default=None)


def _dotted(name: str) -> str:
    """The name with its middle dots spelled ``·`` whatever dot the OCR read."""
    return re.sub(f"[{_DOTS}]", "·", name)


def _dotted_name_after(text: str, pos: int, end_re: re.Pattern[str]) -> str | None:
    """A dotted name at ``pos`` whose last segment is the shortest one followed by what
    follows names: ``艾尔肯·吐尔逊`` in ``艾尔肯·吐尔逊介绍``."""
    head = _RE_DOTTED_HEAD.match(text, pos)
    if head is None:
        return None
    for size in range(1, 8):
        end = head.end() + size
        if not re.fullmatch(r"[\u4e00-\u9fff]+", text[head.end():end]) or end > len(text):
            return None
        if end_re.match(text[end:]):
            return text[pos:end]
    return None


def _name_after(text: str, pos: int, tok: FrozenTokenizer, *, strict: bool = False) -> str | None:
    """A personal name of 2-4 characters at ``pos``, shortest first, that is followed by
    what follows names in news prose (punctuation, 说, 介绍, 表示 ...: ``蒋雄如是说``,
    ``卓玛群宗说``) and does not open with a common word (``致富路。``); or a dotted
    transliterated name of any length."""
    end_re = _RE_SPEECH_END if strict else _RE_NAME_END
    dotted = _dotted_name_after(text, pos, end_re)
    if dotted is not None:
        return dotted
    for size in (2, 3, 4):
        name = text[pos:pos + size]
        if len(name) < size or not re.fullmatch(r"[\u4e00-\u9fff]+", name):
            return None
        if name[0] in _FUNCTION_CHARS:
            # 书记和村民 is 书记 and 村民; 书记和文军说 names 和文军 (和 is a Naxi surname):
            # a surname that is also a function word needs three characters, no word after
            # it, and speech right after
            if name[0] in _FUNCTION_SURNAMES and size == 3 and not tok.is_common(name[1:]) \
                    and _RE_SPEECH_END.match(text[pos + size:]):
                return name
            if size == 2:
                continue
            return None
        opens_with_word = _is_common_word(name[:2], tok)
        if opens_with_word or tok.is_common(name):
            # 致富路 opens with a word: no name. 黄海燕说 opens with 黄海 too, but with a
            # surname, and speech right after the full name confirms it.
            if not opens_with_word or name[0] not in surnames():
                return None
            if size > 2 and not tok.is_common(name) and _RE_SPEECH_END.match(text[pos + size:]):
                return name
            continue
        if end_re.match(text[pos + size:]):
            return name
    return None


@cache
def surnames() -> frozenset[str]:
    """Common single-character surnames (``kg/data/surnames.txt``), read once."""
    return frozenset(word_list("surnames.txt"))


def _is_common_word(word: str, tok: FrozenTokenizer) -> bool:
    return tok.is_common(word) and tok.tags.get(word, "nr")[:2] != "nr"


def _role_chain(text: str, roles: list[re.Match[str]], i: int) -> list[re.Match[str]]:
    """The roles one person holds, first to last, ending with ``roles[i]``:
    ``余村党总支书记、村委会主任汪玉成`` holds 党总支书记 and 主任."""
    chain = [roles[i]]
    while i > 0 and _RE_ROLE_JOINT.fullmatch(text, roles[i - 1].end(), chain[0].start()):
        i -= 1
        chain.insert(0, roles[i])
    return chain


def _led_body(article: Article, m: re.Match[str]) -> Mention | None:
    """The body a leading role heads (a deputy or a member heads none)."""
    role = m.group(1)
    return _org_before(article, m.start(), role) if role in _LEAD_ROLES + _HEAD_ROLES else None


def _role_text(article: Article, chain: list[re.Match[str]]) -> str:
    """The roles as the text gives them; a bare 书记 or 委员 takes its body's kind
    (``卡如乡党委书记`` -> 党委书记, ``镇党委委员`` -> 党委委员)."""
    first = chain[0].group(1)
    roles = article.text[chain[0].start():chain[-1].end()]
    if first.removeprefix("副") in ("书记", "委员"):
        body = _org_before(article, chain[0].start(), first)
        if body is not None:
            roles = next((k for k in _BODY_WORDS if body.norm.endswith(k)), "") + roles
    return roles


def recognize_people(article: Article, resources: Resources) -> Article:
    """Add person mentions with ``role`` (and ``org`` when the text ties them to one)."""
    text = article.text
    tok = resources.tokenizer
    found = _credits(article)
    roles = list(_RE_ROLE.finditer(text))
    for i, m in enumerate(roles):
        if m.group(1).removeprefix("副") in _ALIGNED_ROLES and not tok.aligned(text, m.start(), m.end()):
            continue  # 常委会, 委员会, 乡长期: a body, a meeting, another word
        name = _name_after(text, m.end(), tok, strict=m.group(1) in _OTHER_ROLES)
        if name is None or name in _NOT_NAMES or article.part_of(m.start()) is PartKind.BYLINE:
            continue
        chain = _role_chain(text, roles, i)
        org = next((body for r in reversed(chain) if (body := _led_body(article, r))), None)
        role = _role_text(article, chain)
        found.append(_person(text, m.end(), m.end() + len(name), _dotted(name), role, "role-name",
                             org.key if org else None))
    for m in _RE_GENERAL_SECRETARY.finditer(text):
        central = "org:党中央" if "党中央" in text else None
        found.append(_person(text, m.start(1), m.end(1), m.group(1), "总书记", "name-role", central))
    article.mentions = sorted([*article.mentions, *found], key=lambda x: (x.start, x.end))
    return article
