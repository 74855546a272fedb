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

from kg.constants import EntityLabel, OrgKind, PartKind
from kg.data import alternation, function_chars, numerals, table, word_list
from kg.keys import entity_key, key_name
from kg.resources import Resources
from kg.spans import SpanSet
from kg.tokenize import FrozenTokenizer
from kg.types import Article, Mention, PersonInfo

_DOTS = "·•‧・"
_ROLE_ROWS = table("lexicon/person_roles.tsv")


def _roles(kind: str) -> tuple[str, ...]:
    return tuple(row["role"] for row in _ROLE_ROWS if row["class"] == kind)


_CREDIT_ROLES = alternation(_roles("credit"))
#: A credit label then its names; the names stop at the next label (记者 李娜 通讯员 张伟),
#: at a word followed by a colon (点击数：) and at anything not a name.
#: Credit runs stay on their line: spaces and tabs separate names, a line break ends them.
_RE_CREDIT_NAME = rf"(?!{_CREDIT_ROLES})(?![\u4e00-\u9fff]+[：:])[\u4e00-\u9fff{_DOTS}]{{1,15}}[ \t　\xa0、]*"
_RE_CREDIT = re.compile(rf"({_CREDIT_ROLES})[ \t　\xa0]*([：:])?[ \t　\xa0]*((?:{_RE_CREDIT_NAME})+)")
#: Where a credit line opens: the start of a line, a bracket (（记者 王某 摄）), a run of
#: spaces between the columns of a masthead line (星期三  5  党建  责任编辑  王某), or the
#: outlet's name opening the line (经济日报记者 王某, 湖北日报全媒记者 王某).
_RE_CREDIT_OPEN = re.compile(r"(?:^[\s　]*[（(【/]?|[（(【]|[ 　\t]{2,})[\s　]*$"
                             r"|^[\s　]*[\u4e00-\u9fff]{1,8}(?:日报|晚报|报|通讯社|社|电视台|台|网)$")
#: The part of a dotted name before its last segment: 艾尔肯· in 艾尔肯·吐尔逊介绍.
_RE_DOTTED_HEAD = re.compile(rf"(?:[\u4e00-\u9fff]{{1,7}}[{_DOTS}]){{1,3}}")
_RE_DOTTED_NAME = re.compile(rf"[\u4e00-\u9fff]{{1,7}}(?:[{_DOTS}][\u4e00-\u9fff]{{1,7}}){{1,3}}")
_LEAD_ROLES = _roles("lead")
#: Members of a body: the role is theirs, but they lead nothing (党委委员张磊).
_MEMBER_ROLES = _roles("member")
#: Heads of governments and enterprises: a government is a place, not a body, so 镇长
#: leads nothing here; 董事长 leads the company before it.
_HEAD_ROLES = _roles("head")
#: Roles that are also inside common words (乡长期, 委员会): they count on jieba's token
#: boundaries only.
_ALIGNED_ROLES = frozenset(_MEMBER_ROLES + _HEAD_ROLES)
_OTHER_ROLES = _roles("other")


#: A role; 副书记, 副镇长 ...: a deputy has the role but does not lead the body (no ``org``).
_RE_ROLE = re.compile(f"(副(?:{alternation(_LEAD_ROLES + _HEAD_ROLES)})|"
                      f"{alternation(_LEAD_ROLES + _HEAD_ROLES + _MEMBER_ROLES + _OTHER_ROLES)})")
#: An age before a name (今年52岁的王某某, 67岁的苗族老人王某某, 63岁的老牧民X): Chinese news
#: introduces residents by their age, then ethnicity and status, then name
_RE_AGED = re.compile(rf"(?:\d{{1,3}}|[{numerals('digit', 'ten')}]{{1,3}})岁的(?:[\u4e00-\u9fff]{{1,3}}族)?"
                      rf"((?:老人|老?(?:{alternation(_OTHER_ROLES)}))?)")
#: Between two roles of one person: 党总支书记、村委会主任 / 县委常委、组织部部长.
_RE_ROLE_JOINT = re.compile(r"、[\u4e00-\u9fff]{0,6}")
#: The body word a bare 书记/委员 takes from its body's name (学院路街道党工委书记 -> 党工委书记).
_BODY_WORDS = tuple(sorted((row["suffix"] for row in table("lexicon/party_bodies.tsv")
                            if "secretary" in row["uses"].split()), key=len, reverse=True))
_CONTEXT_ROWS = table("lexicon/person_context.tsv")


def _context(kind: str) -> list[str]:
    return [row["word"] for row in _CONTEXT_ROWS if row["class"] == kind]


_SPEECH = alternation(_context("speech"))
#: What ends a name after a role: punctuation, the end of the text, a verb of speech, or
#: another word of the clause about the person (kg/data/lexicon/person_context.tsv).
_RE_NAME_END = re.compile(rf"(?:[，,。：:“（(！!？?、]|{_SPEECH}|{alternation(_context('end'))}|$)")
#: After a common role noun (党员, 群众 ...) only a verb of speech or feeling confirms a
#: name: 党员全覆盖 and 党员亮身份 are phrases, 党员阿旺江措说 names a person.
_RE_SPEECH_END = re.compile(rf"(?:{_SPEECH})")
#: After a status or occupation (村民, 茶农, 骑手 …) a surname-initial name may also be
#: followed by what begins the clause about that person: 村民王某家…, 骑手李某已在…
_RE_OTHER_END = re.compile(rf"(?:{alternation(_context('clause'))})|"
                           + _RE_NAME_END.pattern)
_FUNCTION_CHARS = function_chars("name_stop")
#: Surnames written with a function character (和文军, 向明, 于洋).
_FUNCTION_SURNAMES = function_chars("surname")
_RE_GENERAL_SECRETARY = re.compile(r"([\u4e00-\u9fff]{3})总书记")
_NOT_NAMES = frozenset(_context("no-name"))


def _person(text: str, start: int, end: int, name: str, role: str, rule: str,
            org_key: str | None = None, also: str | None = None) -> Mention:
    return Mention(start=start, end=end, text=text[start:end], label=EntityLabel.PERSON,
                   norm=name, key=entity_key(EntityLabel.PERSON, name), rule=rule,
                   info=PersonInfo(role=role, org=org_key or None,
                                   also=also if also and also != org_key else None))


def _credit_names(run: str) -> list[tuple[int, int, str]]:
    """The names of a credit run as (start, end, name), offsets in the run. A two-character
    name padded to three with spaces (``程 亮``, ``秦  岚``, a web typesetting habit) is one
    name.

    >>> _credit_names("周 航　　李想 摄")
    [(0, 3, '周航'), (5, 7, '李想'), (8, 9, '摄')]
    """
    tokens = [(m.start(), m.end(), m.group(0)) for m in re.finditer(rf"[\u4e00-\u9fff{_DOTS}]+", run)]
    names, i = [], 0
    while i < len(tokens):
        start, end, token = tokens[i]
        if len(token) == 1 and i + 1 < len(tokens) and len(tokens[i + 1][2]) == 1 \
                and tokens[i + 1][0] - end <= 2:
            names.append((start, tokens[i + 1][1], token + tokens[i + 1][2]))
            i += 2
            continue
        names.append((start, end, token))
        i += 1
    return names


#: what may stand on a layout line before its closing credit (党的建设, a column's name)
_LAYOUT_LEAD_MAX = 12
#: how far back from a credit label its opening (a bracket, column spaces) is looked for
#: when the line is longer: the start-of-line forms need the whole of a short lead
_CREDIT_LEAD_MAX = 24
_RE_CREDIT_OPEN_TAIL = re.compile(r"(?:[（(【]|[ 　\t]{2,})[\s　]*$")


def _ends_layout_line(text: str, line: int, m: re.Match[str]) -> bool:
    """A credit that closes a short layout line (``党的建设 责任编辑 廖 凡``, its column
    spaces collapsed to one as HTML collapses them): the names, and any credits after
    them, run to the line's end, and nothing before the label is a sentence."""
    if m.start() - line > _LAYOUT_LEAD_MAX:
        return False  # (asked before the line's rest is cut out: a page may be one line)
    end = text.find("\n", m.end())
    rest, before = text[m.end():len(text) if end < 0 else end], text[line:m.start()]
    while (more := _RE_CREDIT.match(rest.lstrip(" \t　\xa0"))) is not None:  # 责任编辑 X 美编 Y
        rest = rest.lstrip(" \t　\xa0")[more.end():]
    return rest.strip() == "" and not re.search(r"[，。；！？、,;]", before)


def _credits(article: Article, tok: FrozenTokenizer) -> list[Mention]:
    """Names in bylines, datelines, photo credits and credit blocks: every credit label in
    a byline, dateline or caption part; elsewhere one followed by a colon (编辑：X) or
    opening a line or a bracket (责任编辑 X, （通讯员 X 摄）), a name there also being no
    common word."""
    text = article.text
    found = []
    in_credit_part = [(p.start, p.end) for p in article.parts
                      if p.kind in (PartKind.BYLINE, PartKind.DATELINE, PartKind.CAPTION)]
    credit_parts = SpanSet(in_credit_part)
    line_ok: set[int] = set()  # lines where a credit label has opened a credit run
    for m in _RE_CREDIT.finditer(text):
        line = text.rfind("\n", 0, m.start()) + 1
        in_part = credit_parts.covers(m.start())
        if m.start() - line <= _CREDIT_LEAD_MAX:
            opens = bool(_RE_CREDIT_OPEN.search(text[line:m.start()]))
        else:  # only the forms that end at the label can match a longer lead
            opens = bool(_RE_CREDIT_OPEN_TAIL.search(text, m.start() - _CREDIT_LEAD_MAX, m.start()))
        opens = opens or _ends_layout_line(text, line, m)
        if not (in_part or m.group(2) or opens or line in line_ok):
            continue
        line_ok.add(line)
        label = m.group(1)
        role = "记者" if label.endswith("记者") else label  # 本报记者, 全媒记者 …: 记者
        for a, b, name in _credit_names(m.group(3)):
            if name == "摄" or not (2 <= len(name) <= 4 or _RE_DOTTED_NAME.fullmatch(name)):
                continue
            if not in_part and (name in _NOT_NAMES or _is_common_word(name, tok)):
                continue
            found.append(_person(text, m.start(3) + a, m.start(3) + b, _dotted(name), role, "credit"))
    return found


#: unit words a role after them refers by (合作社理事长X: the cooperative named before),
#: from kg/data/lexicon/generic_hosts.tsv
_UNIT_HOST_WORDS = tuple(row["head"] for row in table("lexicon/generic_hosts.tsv") if row["kind"] == "unit")


def _org_before(article: Article, start: int, role: str) -> Mention | None:
    """The body right before the role; 阿里地委书记 ends the body inside the role word; a
    bare unit word (合作社理事长, 公司总经理) opening its clause is the last unit of that kind
    the article named (the press names a host in full once, then by its head noun)."""
    ends = {start, start + len(role) - len("书记")} if role.endswith("书记") else {start}
    bodies = [m for end in ends for m in article.mentions_ending(end)
              if m.label in (EntityLabel.ORG, EntityLabel.UNIT)]
    if not bodies:
        text = article.text
        word = next((w for w in _UNIT_HOST_WORDS if text.endswith(w, 0, start)
                     and (start == len(w) or not "\u4e00" <= text[start - len(w) - 1] <= "\u9fff")), None)
        if word is not None:
            named = [m for m in article.mentions_of(EntityLabel.UNIT) if m.end <= start - len(word)
                     and m.norm.endswith(word) and len(m.norm) > len(word)]
            return named[-1] if named else None
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
        if end_re.match(text, end):
            return text[pos:end]
    return None


#: jieba tags of what may follow a name after a title as the predicate of its clause:
#: 村委会主任贺建军蹲在…, 支部书记由…韦仕宁担任, 项目经理杨海涛任支部书记
_PREDICATE_TAGS = frozenset({"v", "vd", "p", "d", "t", "c", "ad", "vg"})


def _predicate_follows(text: str, pos: int, tok: FrozenTokenizer) -> bool:
    """Whether the clause's verb (or its adverb, preposition …) opens at ``pos``."""
    words = list(tok.jieba.cut(text[pos:pos + 6], HMM=False))
    # 任 (serve as) is tagged a pronoun by jieba's dictionary
    return bool(words) and len(words[0]) <= 2 and (tok.tags.get(words[0]) in _PREDICATE_TAGS
                                                   or words[0] == "任")


def _name_after(text: str, pos: int, tok: FrozenTokenizer, *, strict: bool = False,
                end_re: re.Pattern[str] | None = None, titled: bool = False) -> str | None:
    """A personal name of 2-4 characters at ``pos``, shortest first, that is followed by
    what follows names in news prose (punctuation, 说, 介绍, 表示 ...: ``蒋雄如是说``,
    ``卓玛群宗说``) and does not open with a common word (``致富路。``); or a dotted
    transliterated name of any length. After a title (``titled``: 书记, 主任, 队长 …) a
    three-character name opening with a surname may also be followed by its clause's verb
    (贺建军蹲在)."""
    end_re = end_re or (_RE_SPEECH_END if strict else _RE_NAME_END)
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
                    and _RE_SPEECH_END.match(text, pos + size):
                return name
            if size == 2:
                continue
            return None
        opens_with_word = _is_common_word(name[:2], tok)
        common = tok.is_common(name)
        if opens_with_word or common:
            # 致富路 opens with a word: no name. 黄海燕说 opens with 黄海 too, but with a
            # surname, and speech right after the full name confirms it; 林海燕 goes on
            # past the word 林海; 王海军 is a word of jieba's that it tags as a name
            if name[0] not in surnames():
                # 致富路 opens with a word and no surname: no name -- unless the longer
                # candidate is a name jieba knows (乌力吉, 巴特尔) or speech follows it
                # (阿苏拉则说), as non-Han names open with no Han surname
                if size > 2 and not common and (tok.tags.get(name, "").startswith("nr")
                                                or _RE_SPEECH_END.match(text, pos + size)):
                    return name
                if size < 4 and tok.tags.get(name[:2], "")[:1] == "n":
                    continue  # 乌力, 巴特, 阿苏: nouns; never 广泛 or 致富 (an adverb, a verb)
                return None
            if size > 2 and ((not common and _RE_SPEECH_END.match(text, pos + size))
                             or (tok.tags.get(name, "").startswith("nr") and end_re.match(text, pos + size))):
                return name
            continue
        if end_re.match(text, pos + size):
            return name
        if titled and size == 3 and name[0] in surnames() and _predicate_follows(text, pos + size, tok):
            # three characters only: a two-character name would take a verb as its end
            # (龙金|花), a four-character one a verb as its last character (高建民|任) --
            # unless speech follows four (书记吉克阿呷说: a Yi name)
            longer = text[pos:pos + 4]
            if re.fullmatch(r"[\u4e00-\u9fff]{4}", longer) and _RE_SPEECH_END.match(text, pos + 4) \
                    and not _has_common_word(longer, tok):
                return longer
            return name
    return _long_name_before_speech(text, pos, tok)


#: the longest names read before a verb of speech (额尔敦巴雅尔说: Mongolian, Yi, Tibetan
#: names written in full run to six characters and more)
_LONG_NAME_SIZES = (5, 6, 7, 8)


def _has_common_word(name: str, tok: FrozenTokenizer) -> bool:
    """Some two-character stretch of ``name`` is a frequent dictionary word (干部, 群众)."""
    return any(tok.is_common(name[i:i + 2]) for i in range(len(name) - 1))


def _long_name_before_speech(text: str, pos: int, tok: FrozenTokenizer) -> str | None:
    """A transliterated name of five to eight characters, confirmed only by speech right
    after it and by holding no common word (阿七独支玛说, never 干部群众代表说)."""
    for size in _LONG_NAME_SIZES:
        name = text[pos:pos + size]
        if not re.fullmatch(r"[\u4e00-\u9fff]+", name) or len(name) < size:
            return None
        if name[0] in _FUNCTION_CHARS or _has_common_word(name, tok):
            return None
        if _RE_SPEECH_END.match(text, pos + size):
            return name
    return None


def _status_name(text: str, pos: int, tok: FrozenTokenizer) -> str | None:
    """A name after a status or occupation word without speech after it: only a two- or
    three-character name that opens with a surname and is no common word (村民王秀兰家,
    but not 村民代表, 党员干部), or a dotted transliterated name."""
    name = _name_after(text, pos, tok, end_re=_RE_OTHER_END, titled=True)
    if name is None or _RE_DOTTED_NAME.fullmatch(name):
        return name
    if len(name) > 3 or name[0] not in surnames() or tok.is_common(name):
        return None
    return name


#: forms of address after a surname (刘女士, 王师傅, 张大爷): no name of a person
_ADDRESS = frozenset(_context("address"))


def _is_title_only(name: str) -> bool:
    return len(name) == 3 and name[1:] in _ADDRESS


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


#: the roles of a team's head that make him the village's Party secretary as well
_VILLAGE_SECRETARY = frozenset(row["role"] for row in _ROLE_ROWS if row["sent"])


def _also_led(article: Article, chain: list[re.Match[str]], org: Mention) -> str | None:
    """A second body a chain of roles heads: 公司党支部书记、总经理X also heads the company
    (a head role after the branch's role heads the branch's host unit); 驻Y村工作队队长、
    第一书记X also heads Y村's Party branch (a 第一书记 is sent to lead the village's)."""
    words = [r.group(1) for r in chain]
    host = org.body_info.of or ""
    if org.label is EntityLabel.ORG and any(w in _HEAD_ROLES for w in words[1:]) \
            and key_name(host, EntityLabel.UNIT) is not None:
        return host
    if org.label is EntityLabel.UNIT and any(w.removeprefix("驻村") in _VILLAGE_SECRETARY for w in words) \
            and host:
        branch = [m for m in article.mentions if m.label is EntityLabel.ORG and m.body_info.of == host
                  and m.body_info.kind in (OrgKind.BRANCH, OrgKind.GENERAL_BRANCH)]
        if branch:
            return branch[0].key
    return None


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
    found = _credits(article, tok)
    # a member or head word inside another word is no role (委员会, 常委会, 乡长期): left out
    # here too, so it cannot break a chain of roles (嘎查党支部书记、嘎查委员会主任X)
    roles = [m for m in _RE_ROLE.finditer(text)
             if m.group(1).removeprefix("副") not in _ALIGNED_ROLES or tok.aligned(text, m.start(), m.end())]
    # the characters inside place names, to test a candidate name against at once; a bare
    # short form that no other place leads into (贺玉林: 玉林) may be inside a name, and
    # then it is the name's (see _drop_places_in_names)
    places = [p for p in article.mentions if p.label is EntityLabel.PLACE]
    place_ends = {p.end for p in places}
    in_place = {i for p in places if not (p.place_info.short_form and p.start not in place_ends)
                for i in range(p.start, p.end)}

    def no_name(name: str | None, start: int, context: int) -> bool:
        """No person here: no candidate, a word that is no name, a byline (credits are read
        apart), a surname and a form of address (刘女士, GUIDELINES.md), or characters of a
        place name (长冈乡, 沙镇溪镇)."""
        return (name is None or name in _NOT_NAMES or article.part_of(context) is PartKind.BYLINE
                or _is_title_only(name) or not in_place.isdisjoint(range(start, start + len(name))))

    for i, m in enumerate(roles):
        role_word = m.group(1).removeprefix("副")
        name = _name_after(text, m.end(), tok, strict=m.group(1) in _OTHER_ROLES,
                           titled=role_word in _LEAD_ROLES or role_word in _HEAD_ROLES)
        if name is None and m.group(1) in _OTHER_ROLES:
            name = _status_name(text, m.end(), tok)
        if no_name(name, m.end(), m.start()):
            continue
        if _RE_ROLE.match(text, m.end() + 1) and "·" not in name:
            continue  # 委员任书记, 书记李书记: a role after one character is a title, no name
        chain = _role_chain(text, roles, i)
        org = next((body for r in reversed(chain) if (body := _led_body(article, r))), None)
        role = _role_text(article, chain)
        also = _also_led(article, chain, org) if org else None
        found.append(_person(text, m.end(), m.end() + len(name), _dotted(name), role, "role-name",
                             org.key if org else None, also))
    for m in _RE_AGED.finditer(text):  # 今年52岁的王某某是…, 67岁的苗族老人王某某拿着…
        pos = m.end()
        if any(f.start == pos for f in found):
            continue
        name = _name_after(text, pos, tok, titled=True)
        if no_name(name, pos, pos):
            continue
        found.append(_person(text, pos, pos + len(name), _dotted(name), m.group(1) or "", "aged"))
    for m in _RE_GENERAL_SECRETARY.finditer(text):
        central = entity_key(EntityLabel.ORG, "党中央") if "党中央" in text else None
        found.append(_person(text, m.start(1), m.end(1), m.group(1), "总书记", "name-role", central))
    kept = _drop_places_in_names(article.mentions, found)
    article.mentions = sorted([*kept, *found], key=lambda x: (x.start, x.end))
    return article


def _drop_places_in_names(mentions: list[Mention], people: list[Mention]) -> list[Mention]:
    """A place written as a bare short form inside a person's name (书记贺玉林: 玉林 is no
    玉林市) is part of the name: the name, read from a role before it, is the stronger
    evidence."""
    names = SpanSet((p.start, p.end) for p in people)
    return [m for m in mentions if not (m.label is EntityLabel.PLACE and m.place_info.short_form
                                        and names.contains(m.start, m.end))]
