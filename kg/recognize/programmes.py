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
from functools import cache
from importlib import resources as package_files

from kg.constants import EntityLabel, Level, PartKind
from kg.data import alternation, numeral_values, numerals, table
from kg.keys import entity_key
from kg.recognize.documents import RE_TITLE
from kg.spans import DisjointSpans, SpanSet
from kg.tokenize import FrozenTokenizer
from kg.types import Article, Mention, ProgrammeInfo

_RE_QUOTE = re.compile(r"[“\"]([^“”\"\n]{2,24})[”\"]")
_NUMERAL = numerals("digit", "ten", "colloquial", "hundred", "thousand")
#: After the quote: a numbered label (四色工作法, 四件大事) or a head noun (服务模式).
_HEAD_ROWS = table("lexicon/programme_heads.tsv")


def _heads(use: str) -> str:
    """The alternation of the heads of kg/data/lexicon/programme_heads.tsv with ``use``."""
    return alternation(r["head"] for r in _HEAD_ROWS if use in r["uses"].split())


_RE_NUMBERED_LABEL = re.compile(rf"^([{_NUMERAL}\d]+[个色件项大步][\u4e00-\u9fff]{{0,4}}?"
                                f"(?:{_heads('numbered')}))")
#: a head after a quote, or a 创建 campaign (“五好”党支部创建)
_RE_HEAD = re.compile(f"([\u4e00-\u9fff]{{0,2}}?(?:{_heads('after-quote')})|[\u4e00-\u9fff]{{0,5}}?创建)")
#: a numbered label takes a head written right after it (“三个一”工作法), not a modified one:
#: in “三个一”教学模式 the label is the name and 教学模式 says what kind of thing it is
_RE_DIRECT_HEAD = re.compile(f"^((?:{_heads('after-quote')})|[\u4e00-\u9fff]{{0,5}}?创建)")
_RE_NUMBERED_INNER = re.compile(rf"[{_NUMERAL}]\w{{1,2}}")
#: A quote that is no name on its own, so the head noun after it completes the name:
#: digits and operators (“1+3+N”服务模式), an ``X式`` manner (“订单式”服务模式), a numbered
#: two-character label (“五学”模式, “四强”党支部创建). A quote that is a name keeps its
#: own form: “党建+旅游+服务”治理模式 is 党建+旅游+服务.
_RE_NEEDS_HEAD = re.compile(rf"[\d+＋\-×·.\sA-Za-z]+|.+式|[{_NUMERAL}双]\w{{1,2}}")
#: the context words of kg/data/lexicon/programme_cues.tsv, read once
_CUE_ROWS = table("lexicon/programme_cues.tsv")


_CUE_READS = {(r["side"], r["cue"]): r["reads"] for r in _CUE_ROWS}


def _cues(side: str, reads: str | None = None) -> list[str]:
    return [r["cue"] for r in _CUE_ROWS if r["side"] == side and reads in (None, r["reads"])]


_HONOUR_VERBS = alternation(_cues("honour-verb"))
_HONOUR_AFTER = alternation(_cues("honour-after"))
_RE_HONOUR_BEFORE = re.compile(f"(?:{_HONOUR_VERBS})[^，。]{{0,6}}$")
_RE_HONOUR_AFTER = re.compile(f"(?:等)?(?:{_HONOUR_AFTER})")
#: an honour list: 先后获得“A”、首届“B”、“C”等荣誉称号 -- every quote between the verb
#: and 称号/荣誉 is an honour, not only the last one
_RE_HONOUR_LIST = re.compile(f"(?:{_HONOUR_VERBS})([^。；;]{{0,200}}?)(?:等)?(?:{_HONOUR_AFTER})")
#: quoted problems being solved: 化解“指导不深、统筹不够”的问题
_RE_PROBLEM_BEFORE = re.compile(f"(?:{alternation(_cues('problem-verb'))})了?$")
#: a quoted outcome reached: 实现集体经济“清零”, 实现“两个一百年”
_RE_OUTCOME_BEFORE = re.compile(f"(?:{alternation(_cues('outcome-verb'))})了?[\u4e00-\u9fff]{{0,6}}$")
#: 经济发展是“民生之源”: a predicate here, though the same words may name a programme
#: elsewhere in the article (so this one is not spread, unlike the cues above)
_RE_PREDICATE_BEFORE = re.compile(r"是$")
#: What follows a quote (or a run of quotes “A”“B”“C”) and shows it names no programme:
#: a quality or duty (“懂政协”的水平, “…”的政治责任), a role (“流动网格员”作用), categories
#: or stages (“…家庭”四个类型, 三个阶段), a goal, an instruction, a guiding direction,
#: a fund, a problem, a channel or account, a training class, or a counted class of
#: things (“四上”企业106家; a count right after the quote, “党员之家”92个, counts the
#: programme's own sites and is no cue).
_RE_NOT_PROGRAMME_AFTER = re.compile(
    f"^(?:{alternation(_cues('after-run'))}"
    rf"|[{_NUMERAL}\d]+个?(?:{alternation(_cues('after-count'))})"
    r"|\d+(?:余|多)?[名位](?!次)"
    rf"|[{_NUMERAL}]级)")
#: a class noun and its count after a quote (“四上”企业106家): the quote names a class of
#: things; a verb or adverb between them (“X”已走进全县7个镇) makes the quote the subject
#: of a clause that counts where it reached, so the test asks the tokenizer
_RE_CLASS_COUNT_AFTER = re.compile(r"^([\u4e00-\u9fff]{1,6}?)\d+(?:\.\d+)?(?:余|多)?[人名家个户](?!次)")
_SITE_WORDS = tuple(_cues("site"))
#: verbs, adverbs, prepositions (not verbal nouns: 服务点 is a class noun)
_CLAUSE_TAGS = frozenset({"v", "vi", "vd", "d", "p"})
#: Quotes that state a value or a requirement rather than a programme of action:
#: ending in 精神/故事 (工匠精神, 讲好…故事), opening with 把/便于 (a requirement); a group
#: (党员服务小组, 党建协调委员会) is a body, a role (宣讲员, 网格员) a person; a manner alone (“枫桥式”) is
#: a modifier: “订单式”服务模式 is named with its head before this test.
_RE_NOT_PROGRAMME = re.compile(
    r"(?!讲).*(?:精神|故事)|(?:把|便于|确保).*|.+小组|.+委员会|.+(?<!模)式|.+[^党]员"
    # a short question (难在“谁来管”, “怎么办”): the problem a text poses, not a programme;
    # a parallel formula with them (“干什么学什么、缺什么补什么”) is one
    r"|[^、，,]{0,2}(?:谁|怎么|怎样|什么|哪里|哪儿|如何|为何)[^、，,]{0,2}")
#: Standard terms for bodies, not programmes: 两委 (a village's Party branch committee and
#: villagers' committee), 两新 (new economic and social organisations).
_BODY_TERMS = frozenset(_cues("inner", "body"))
#: practices every Party branch keeps, which GUIDELINES.md does not count as programmes even
#: quoted (主题党日; 联合主题党日, a named form of it, is one)
_GENERIC_PRACTICES = frozenset(_cues("inner", "practice"))
#: (以下简称“派驻组”): an alias of a name just given
_RE_ALIAS_BEFORE = re.compile(r"简称$")
#: 村(居)“两委”: a quote after the villages names one of their bodies
_RE_PLACE_BODY_BEFORE = re.compile(r"[(（]居[)）]$")
_RE_LEVELS_AFTER = re.compile(rf"[{_NUMERAL}]级")
_RE_QUOTE_RUN = re.compile(r"(?:[、，,]?“[^“”\n]{1,24}”)*")
#: a quote that names a body or its members: “4840”党支部, “两委”班子, “两新”组织
_BODY_SUFFIXES = [row["suffix"] for row in table("lexicon/party_bodies.tsv")
                  if "whole" not in row["uses"].split()]
_RE_BODY_AFTER = re.compile(f"(?:联合)?(?:{alternation(_BODY_SUFFIXES + _cues('body-after'))})")
#: a quoted Party body: “旅游公路项目临时党支部” (the body, set up for a project, is no
#: programme) -- a name of two characters or more before the suffix, and no chain of levels
#: (“大党委” and “社区党委—小区党支部” name models of organisation)
_RE_BODY_NAME = re.compile(r"[^—\-]{2,}(?:" + alternation(_BODY_SUFFIXES) + ")")
#: a numeral and a classifier is a count, not a name: “三项”, “四级”
_RE_COUNTER = re.compile(rf"^[{_NUMERAL}\d]+[项级个批次类种名家条]$")
#: unquoted campaigns after an action verb, ending in the standard heads of campaign names:
#: 深入开展党纪学习教育, 持续推进支部标准化建设, 推进新兴领域党建集中攻坚
_RE_UNQUOTED = re.compile(
    f"(?:{alternation(_cues('unquoted-verb'))})(?:了|好|的)?"
    f"([\u4e00-\u9fff]{{0,16}}?(?:{_heads('unquoted')}))")
_FRAME_ROWS = table("lexicon/programme_frames.tsv")
#: 党建引领X / 抓党建促X (kg/data/lexicon/programme_frames.tsv): the field X is a noun
#: phrase of four to ten characters ending with an area head (乡村振兴, 基层治理), never a
#: verb phrase (党建引领助推乡村振兴, 党建引领促发展: 党建引领 is then the subject of a
#: sentence) nor "every field" (各项事业发展); a + after it makes it part of a formula
_RE_FRAME = re.compile(
    "(?:" + alternation(r["word"] for r in _FRAME_ROWS if r["role"] == "frame") + ")"
    + "(?!" + alternation(r["word"] for r in _FRAME_ROWS if r["role"] == "not-field") + ")"
    + r"([\u4e00-\u9fff]{0,8}?(?:" + alternation(r["word"] for r in _FRAME_ROWS if r["role"] == "area") + "))"
    + r"(?![+＋])")
#: a frame that modifies the name of a mechanism or a measure (建立党建引领基层治理领导协调
#: 机制, 出台党建引领基层治理共治共建措施) is not named itself
_MIN_FIELD = 4  # 乡村振兴, 基层治理, 移风易俗; 抓党建促发展 names no field
_RE_FRAME_MODIFIES = re.compile(
    r"[\u4e00-\u9fff]{0,8}?(?:"
    + alternation(r["word"] for r in _FRAME_ROWS if r["role"] == "modified") + ")")
_COMPOUND_ROWS = table("lexicon/programme_compounds.tsv")


def _compound(role: str) -> str:
    return alternation(r["word"] for r in _COMPOUND_ROWS if r["role"] == role)


#: a linking method named by a compound (kg/data/lexicon/programme_compounds.tsv): 党员联户,
#: 村企联建 -- alone between clause marks (a paragraph's start, a comma, 、, 即 or 是 before it;
#: a clause mark or a space after it), never inside a longer phrase (机关联村对子 counts pairs)
_RE_COMPOUND = re.compile(
    r"(?:^|(?<=[\n，,、。；;：:即是 　]))"
    f"((?:{_compound('actor')})(?:(?:{_compound('verb')})[\u4e00-\u9fff]|(?:{_compound('joint')})))"
    r"(?=[，,、。；;：:\s]|$)")
#: a list of such phrases closed by 的 describes something (工委领导、干部包联、组织覆盖的工作
#: 格局): its items are attributes, not names
_RE_ATTRIBUTE_LIST = re.compile(r"(?:、[\u4e00-\u9fff]{2,8})*的")
_JOINT_VERBS = tuple(r["word"] for r in _COMPOUND_ROWS if r["role"] == "joint")
#: a verb and its object this frequent in jieba's dictionary are a common word (带头 675)
_COMPOUND_COMMON_FREQ = 100
#: 以高质量党建引领…: the national formula of an aim (高质量党建引领高质量发展), no programme
_RE_FRAME_AIM = re.compile(r"高质量$")
SKOS = "http://www.w3.org/2004/02/skos/core#"


@cache
def national_programmes() -> dict[str, str]:
    """Every label of the packaged vocabulary (``kg/data/programmes.ttl``, a SKOS scheme)
    with the preferred label of its family: a variant's is its own concept's, a concept
    with a broader one takes that (闽宁协作 -> 东西部协作), else its own."""
    import pyoxigraph

    data = package_files.files("kg.data").joinpath("programmes.ttl").read_bytes()
    store = pyoxigraph.Store()
    store.load(data, format=pyoxigraph.RdfFormat.TURTLE)
    query = f"""PREFIX skos: <{SKOS}>
        SELECT ?label ?pref ?family WHERE {{
          ?c skos:prefLabel ?pref . {{ ?c skos:prefLabel ?label }} UNION {{ ?c skos:altLabel ?label }}
          OPTIONAL {{ ?c skos:broader/skos:prefLabel ?family }} }}"""
    out = {}
    for row in store.query(query):
        family = row["family"].value if row["family"] is not None else row["pref"].value
        out[row["label"].value] = family
    return dict(sorted(out.items()))


@cache
def _vocabulary_pattern() -> re.Pattern[str]:
    return re.compile(alternation(national_programmes()))


#: Scope words before a campaign name are not part of it: (全区)民族团结进步…示范点创建.
_RE_SCOPE = re.compile(f"^(?:{alternation(_cues('scope'))})")
#: Heads too generic to stand alone as a name (开展专项整治 names no campaign).
_GENERIC_HEADS = frozenset(_cues("unquoted", "generic"))
#: 主题教育 is one national campaign; a prefix only says where it runs (第二批, 干部驻村工作领域).
_CAMPAIGN = "主题教育"
#: A list of items named by a quoted count after it: 开展基层下访、案件接访、重点约访“三访”工作 --
#: each item is a programme when the list is as long as the count says.
_RE_COUNTED_LIST = re.compile(
    rf"((?:[\u4e00-\u9fff]{{2,8}}、)+[\u4e00-\u9fff]{{2,8}})“([{_NUMERAL}])([\u4e00-\u9fff]{{1,2}})”"
    f"({_heads('counted')})")
#: ``A、B、C、D“四项”行动``: a counted set of actions named as one (“三访”工作 is not a name,
#: so its items are the programmes)
_SET_HEADS = frozenset(r["head"] for r in _HEAD_ROWS if "set" in r["uses"].split())
_NUMBER_OF = {c: v for c, v in numeral_values().items()
              if c in numerals("zero", "digit", "ten", "colloquial")}
_RE_SPEECH = re.compile(r"[，。！？；,!?;：:]")
#: A quoted couplet (两句对仗) is a motto a body adopts, not speech, when the sentence says
#: so: 坚持“以党建促业务，以业务强党建”, 以“…，…”为切入点, 遵循“…，…”的指导方针.
_RE_COUPLET = re.compile(r"([\u4e00-\u9fff\d]{4,12})[，,]([\u4e00-\u9fff\d]{4,12})")
_RE_MOTTO_BEFORE = re.compile(f"(?:{alternation(_cues('motto-before'))})$")
_RE_MOTTO_AFTER = re.compile(f"^(?:{alternation(_cues('motto-after'))})")
_RE_FAMILY = re.compile(r"^(党建\+|[\u4e00-\u9fff]{1,4}\+)")
#: Quoted words that are figures of speech, not programmes (a closed list of idioms the
#: press uses as metaphors; not names of any seed programme).
_COMMON_NOUN_FREQ = 80
#: a verb this frequent in jieba's dictionary is everyday language (充电 304, 探头 384)
_COMMON_VERB_FREQ = 200
_METAPHORS = frozenset(_cues("inner", "metaphor"))



_RE_CUE_BEFORE = re.compile(
    f"(?:{alternation(c for c in _cues('before') if _CUE_READS['before', c] != 'metaphor')})$")
#: a verb of a figure of speech takes its object with a short modifier (当好牧民身边“X”,
#: 筑牢防汛救灾“X”), never across a verb that takes a programme (成为全县推行“X”)
_RE_CUE_METAPHOR = re.compile(
    f"(?:{alternation(_cues('before', 'metaphor'))})"
    f"(?![\u4e00-\u9fff]{{0,2}}(?:{alternation(_cues('before-de'))}))[\u4e00-\u9fff]{{0,4}}$")
#: a causative frame: 让群众“X”, 确保后备力量“X” (never 转让/出让, which take goods)
_RE_CUE_CLAUSE = re.compile(f"(?<![转出])(?:{alternation(_cues('clause'))})[\u4e00-\u9fff]{{1,8}}$")
_RE_CUE_AFTER = re.compile(f"^(?:等)?(?:{alternation(_cues('after'))})")
#: kg/data/lexicon/programme_heads.tsv: a quote ending with one names a programme
_RE_NAMED_BY_HEAD = re.compile(f"(?:{_heads('name')})$")
_RE_ACTION_DE = re.compile(f"(?:{alternation(_cues('before-de'))})的$")
#: the kinds of quote that name another kind of thing (spread to the whole article);
#: a figure of speech, a state or a problem is a use of the words here only
_SPREAD = frozenset({"nickname", "column", "channel", "product", "festival", "honour"})
#: a clause end after a quote
_RE_CLAUSE_END = re.compile(r"^(?:[。，；！？!?,;、]|\n|$)")
#: 从“靠天种”到“科技种”: two states of a change, not programmes
_RE_FROM_TO = re.compile(r"从“[^“”\n]{1,12}”到“[^“”\n]{1,12}”")
#: quoted speech: a clause of seven or more characters opened after a comma, colon or a
#: verb of saying (村民说“……”), closed by the end of a sentence
_RE_SPEECH_BEFORE = re.compile(f"(?:[，,：:]|{alternation(_cues('speech-before'))})$")
_RE_SENTENCE_END_AFTER = re.compile(r"^(?:[。！？!?]|$|\n)")
_SPEECH_MIN = 7


#: between two quotes of one run: nothing, 、, 和, 与, 及
_RE_QUOTES_JOINED = re.compile(r"[、和与及]?")


def context_reading(text: str, m: re.Match[str]) -> tuple[str, bool] | None:
    """What the words around a quote say it is, when it is no programme: ``(reads,
    spread)``, ``spread`` when the words name another kind of thing wherever the article
    repeats them (a nickname, a column, a cultivar …). None where nothing around says so.

    >>> m = re.search("“(.+?)”", "他被村民称为“牛倌书记”。")
    >>> context_reading(m.string, m)
    ('nickname', True)
    """
    before = text[max(0, m.start() - 10):m.start()]
    after = text[m.end():m.end() + 8]
    inner = m.group(1)
    if cue := _RE_CUE_BEFORE.search(before):
        reads = _CUE_READS["before", cue.group(0)]
        return reads, reads in _SPREAD
    if cue := _RE_CUE_AFTER.match(after):
        reads = _CUE_READS["after", cue.group(0).removeprefix("等")]
        return reads, reads in _SPREAD
    if _RE_CUE_METAPHOR.search(before):
        return "metaphor", False
    if _RE_NAMED_BY_HEAD.search(inner):
        return None  # “五步考核法”: the words name a way of working, whatever the clause
    if _RE_CUE_CLAUSE.search(before):
        return "outcome", False
    if any(a <= m.start() < b for a, b in (f.span() for f in _RE_FROM_TO.finditer(
            text, max(0, m.start() - 30), min(len(text), m.end() + 30)))):
        return "change", False
    if before.endswith("的") and not _RE_ACTION_DE.search(before) and _RE_CLAUSE_END.match(after):
        return "metaphor", False  # 群众增收的“X”。: a figure of speech ends the clause
    if len(inner) >= _SPEECH_MIN and "+" not in inner and "、" not in inner \
            and _RE_SPEECH_BEFORE.search(before) and _RE_SENTENCE_END_AFTER.match(after):
        return "speech", False
    return None


def _core_spans(article: Article) -> list[tuple[int, int]]:
    spans = [(p.start, p.end) for p in article.parts
             if p.kind in (PartKind.HEADLINE, PartKind.SUBHEADLINE, PartKind.SECTION)]
    spans.extend(article.lead_sentences())
    spans.extend(_run_in_heads(article))
    return spans


#: A run-in head: a short first sentence of a paragraph that titles it
#: (“居民点单”提诉求。/ 推动基层下访。/ 第二批主题教育推动有力。)
RUN_IN_MAX = 24
#: a paragraph opening with a connective or a time goes on with the story; no head
_RE_CONNECTIVE = re.compile(f"^(?:{alternation(_cues('connective'))})")
_RE_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*[个名人家次项万亿元%]")


def _run_in_heads(article: Article) -> list[tuple[int, int]]:
    text = article.text
    out = []
    for start, end in article.sentences:
        sentence = text[start:end]
        start += len(sentence) - len(sentence.lstrip())
        if start > 0 and text[start - 1] != "\n":
            continue  # not the first sentence of its paragraph
        if article.part_of(start) is not PartKind.BODY:
            continue
        body = text[start:end].rstrip("。！!；;")
        if len(body) <= RUN_IN_MAX and sum(body.count(ch) for ch in "，,") <= 1 \
                and ":" not in body and "：" not in body and not _RE_FIGURE.search(body) \
                and not _RE_CONNECTIVE.match(body):
            out.append((start, end))
    return out




def _honour_spans(text: str) -> list[tuple[int, int]]:
    return [m.span(1) for m in _RE_HONOUR_LIST.finditer(text)]


def _entity_spans(article: Article) -> list[tuple[int, int]]:
    return [(m.start, m.end) for m in article.mentions
            if m.label in (EntityLabel.PLACE, EntityLabel.ORG, EntityLabel.UNIT)]


def _name_for(text: str, m: re.Match[str]) -> tuple[str, int, int] | None:
    inner = m.group(1).strip()
    after = text[m.end():m.end() + 12]
    in_run = text[max(0, m.start() - 1):m.start()] == "”"
    numbered = _RE_NUMBERED_LABEL.match(after)
    if numbered and ("、" in m.group(1) or in_run) and numbered.group(1)[1] in "项大步":
        numbered = None
    if numbered:
        # “绿蓝橙红”四色工作法 is named by its label; a label after a list (“育苗、储雁”三项
        # 工程, “选人、育人、用人”三步走工作法) or after a run of quotes (“壮骨”“活血”“培元”
        # 六大工程) only counts the items
        return numbered.group(1), m.end(), m.end() + len(numbered.group(1))
    if _RE_SPEECH.search(inner.replace("、", "")) and not _is_motto(text, m, inner):
        return None
    heads = _RE_DIRECT_HEAD if _RE_NUMBERED_INNER.fullmatch(inner) else _RE_HEAD
    if _RE_NEEDS_HEAD.fullmatch(inner) and (head := heads.match(after)):
        return inner + head.group(1), m.start(1), m.end() + len(head.group(1))
    return inner, m.start(1), m.end(1)


def _counts_a_class(after: str, tokenizer: FrozenTokenizer | None) -> bool:
    if not (count := _RE_CLASS_COUNT_AFTER.match(after)) or count.group(1).endswith(_SITE_WORDS):
        return False  # “小哥之家”服务站32个 counts the programme's own sites
    if tokenizer is None:
        return True
    return not any(tokenizer.tags.get(w, "") in _CLAUSE_TAGS for w in tokenizer.cut(count.group(1)))


def _in_other_sense(text: str, m: re.Match[str], tokenizer: FrozenTokenizer | None = None) -> bool:
    """The quote is a problem, a value, a requirement, an alias, a body's name, or a
    category, role, goal … (see _RE_NOT_PROGRAMME_AFTER)."""
    if m.group(1) in _BODY_TERMS or m.group(1) in _GENERIC_PRACTICES or _RE_BODY_NAME.fullmatch(m.group(1)):
        return True
    before = text[max(0, m.start() - 10):m.start()]
    if _RE_PROBLEM_BEFORE.search(before) or _RE_ALIAS_BEFORE.search(before) \
            or _RE_OUTCOME_BEFORE.search(before) \
            or _RE_PLACE_BODY_BEFORE.search(before):
        return True
    run_end = m.end() + len(_RE_QUOTE_RUN.match(text, m.end()).group(0))
    if m.group(1).endswith("式") and _RE_HEAD.match(text, m.end()):
        return False  # “订单式”服务模式
    if "—" in m.group(1) and _RE_LEVELS_AFTER.match(text, m.end()):
        return False  # “大工委—大党委—党支部”四级组织体系: a named chain of levels
    return bool(_RE_NOT_PROGRAMME_AFTER.match(text[run_end:run_end + 16])
                or _counts_a_class(text[run_end:run_end + 16], tokenizer)
                or _RE_NOT_PROGRAMME.fullmatch(m.group(1)))


def _is_motto(text: str, m: re.Match[str], inner: str) -> bool:
    """A quoted couplet in a motto position (see _RE_COUPLET): two clauses of near-equal
    length, introduced by 坚持/以/遵循… or followed by 为/的指导方针…"""
    if not (couplet := _RE_COUPLET.fullmatch(inner)):
        return False
    if abs(len(couplet.group(1)) - len(couplet.group(2))) > 2:
        return False
    return bool(_RE_MOTTO_BEFORE.search(text[max(0, m.start() - 4):m.start()])
                or _RE_MOTTO_AFTER.match(text[m.end():m.end() + 8]))


def _common_noun(word: str, tokenizer: FrozenTokenizer | None) -> bool:
    """A frequent dictionary noun (导师, 后盾, 突击队), a very common verb (充电, 加油, 吃亏),
    an idiom (各自为战, 和稀泥) or a common numeral phrase (一对一): quoted, it is emphasis or
    a figure of speech, not a programme, whose names are coinages. Rarer verbs (育苗, a
    stage of a programme) and verb phrases (交朋友) are not filtered."""
    if tokenizer is None:
        return False
    freq, tag = tokenizer.jieba.FREQ.get(word, 0), tokenizer.tags.get(word, "")
    return ((freq >= _COMMON_NOUN_FREQ and tag[:1] == "n")
            or (freq >= _COMMON_VERB_FREQ and tag in ("v", "vi", "vd"))
            or (freq > 0 and tag in ("i", "l"))
            or (freq >= _COMMON_NOUN_FREQ and tag == "m"))  # 一对一: a common numeral phrase


def _quantity_phrase(name: str, tokenizer: FrozenTokenizer | None) -> bool:
    """One of a thing, with its measure word (一头牛, 一片叶子, 一亩茶园), or a verb with such
    an amount (坐一桌, 下一盘棋): an amount, which a text quotes as a figure of speech; a
    programme's name that opens so is a formula (一村一品), carries a head (一线工作法) or
    names a part of a quoted list (“一张网” of “一张网摸底、一批站服务”). A count of more
    (三个意识, 两支队伍) numbers a formula's items."""
    if tokenizer is None or "一" not in name or _RE_NAMED_BY_HEAD.search(name):
        return False  # both readings below hold a token opening with 一
    tokens = tokenizer.jieba.lcut(name, HMM=False)
    tags = [tokenizer.tags.get(t, "") for t in tokens]
    if tags[:1] == ["v"] and len(tokens) in (2, 3):  # 坐一桌, 下一盘棋: a verb with the amount
        tokens, tags = tokens[1:], tags[1:]
        if len(tokens) == 1:
            return tags[0] == "m" and tokens[0][0] == "一"
    return len(tokens) == 2 and tags[0] == "m" and tokens[0][0] == "一" and tags[1][:1] == "n"


def recognize_programmes(article: Article, tokenizer: FrozenTokenizer | None = None) -> Article:
    """Add programme mentions; ``core`` marks those the article is about.

    With a ``tokenizer``, quoted common nouns are not taken as programmes.
    """
    text = article.text
    core_set = SpanSet(_core_spans(article))
    found: list[Mention] = []
    occupied = SpanSet([*((m.start, m.end) for m in article.mentions
                          if m.label is EntityLabel.DOCUMENT),
                        *(t.span() for t in RE_TITLE.finditer(text)),  # any title
                        *_honour_spans(text)])
    entities = SpanSet(_entity_spans(article))
    rejected: set[str] = set()
    # 赤朗村“两委”: a quote right after a village names one of its bodies
    village_ends = {m.end for m in article.mentions
                    if m.label is EntityLabel.PLACE and m.place_info.level is Level.VILLAGE}
    party_context = any(m.label is EntityLabel.ORG for m in article.mentions) \
        or bool(_RE_PARTY_WORD.search(text))
    read_as: tuple[int, tuple[str, bool]] | None = None  # the end and reading of a quote read by its context
    for m in _RE_QUOTE.finditer(text):
        if occupied.covers(m.start()):
            continue
        if article.part_of(m.start()) is PartKind.BYLINE:
            continue
        before = text[max(0, m.start() - 10):m.start()]
        if _RE_HONOUR_BEFORE.search(before) or _RE_HONOUR_AFTER.match(text, m.end()) \
                or _RE_PREDICATE_BEFORE.search(before):
            continue  # an honour or a predicate here; the words may name a programme elsewhere
        if _in_other_sense(text, m, tokenizer) or m.start() in village_ends:
            rejected.add(m.group(1).strip())
            continue
        if (reading := context_reading(text, m)) is None and read_as is not None \
                and _RE_QUOTES_JOINED.fullmatch(text, read_as[0], m.start()):
            reading = read_as[1]  # 成为“流动的探头”和“热心的帮手”: one reading for the run
        if reading is not None:
            if reading[1]:
                rejected.add(m.group(1).strip())
            read_as = (m.end(), reading)
            continue
        read_as = None
        named = _name_for(text, m)
        if named is None:
            continue
        name, start, end = named
        inner = m.group(1).strip()
        headed = end > m.end()  # “四强”党支部创建: the head makes it a programme
        if inner.isdigit() or _RE_COUNTER.match(inner) \
                or (not headed and _RE_BODY_AFTER.match(text, m.end())):
            continue  # a count, or part of the name of a body (“4840”党支部, “两委”班子)
        if entities.contains(m.start(1), m.end(1)):
            continue  # a quoted place or body name is that entity, not a programme
        if name in _METAPHORS or len(name) < 2 or _common_noun(name, tokenizer):
            continue
        if _quantity_phrase(name, tokenizer) and not re.search(f"[“、]{re.escape(name)}(?!”)", text):
            continue  # 让“一头牛”变成…: an amount of a thing, unless a quoted list opens with it
        if not party_context and not _has_programme_form(
                name, headed or bool(_RE_HEAD.match(text[m.end():m.end() + 8]))):  # “幸福院”工程
            continue  # 接受“压力测试”, “海水稻” in a story with no Party body: words, not programmes
        core = core_set.covers(m.start())
        family = _RE_FAMILY.match(name)
        found.append(Mention(start=start, end=end, text=text[start:end],
                             label=EntityLabel.PROGRAMME, norm=name,
                             key=entity_key(EntityLabel.PROGRAMME, name), rule="quoted",
                             info=ProgrammeInfo(core=core, family=family.group(1) if family
                                                and family.group(1) != name else None)))
    # one sense per article: a quote the article uses as a category, role or problem is
    # not a programme where it recurs without those cues
    found = [f for f in found if f.norm not in rejected]
    found += _unquoted(article, core_set, found, tokenizer)
    named = [(f.start, f.end) for f in found if f.rule == "vocabulary"]
    kept = [m for m in article.mentions if m.label is not EntityLabel.UNIT
            or not any(a <= m.start and m.end <= b for a, b in named)]
    article.mentions = sorted([*kept, *found], key=lambda x: (x.start, x.end))
    return article


#: words of Party work: an article without them (and without a Party body) is no story of
#: Party building, and its quotes are programmes only by their form
_RE_PARTY_WORD = re.compile(alternation([*_cues("party-word"), *_BODY_SUFFIXES]))


def _has_programme_form(name: str, headed: bool) -> bool:
    """Whether a quote is written as a programme is: a head names it (“X”工作法, 某某工程),
    a formula (企业+合作社+农户, 一村一品, 三个一), or a national programme's name."""
    return headed or "+" in name or "＋" in name or bool(_RE_NAMED_BY_HEAD.search(name)) \
        or bool(_RE_NUMBERED_INNER.search(name)) or name in national_programmes()


def _common_compound(name: str, tokenizer: FrozenTokenizer | None) -> bool:
    """党员带头: the verb and object are a common word, so the phrase is no name."""
    if tokenizer is None or name.endswith(_JOINT_VERBS):
        return False  # 村企共建: a verb of joint building takes no object to test
    return tokenizer.jieba.FREQ.get(name[-2:], 0) >= _COMPOUND_COMMON_FREQ


#: a count right before a name: what follows is counted (214个村党组织领办合作社), not named
_RE_COUNT_BEFORE = re.compile(rf"[{_NUMERAL}\d]+(?:余|多)?[个家所支]$")


def _quoted_holding(found: list[Mention], name: str) -> Mention | None:
    """The programme the article quotes whose name holds ``name`` (新风积分超市 holds
    积分超市): a text names its programme in full once and then by its head."""
    holding = [f for f in found if f.rule == "quoted" and name in f.norm and f.norm != name]
    return min(holding, key=lambda f: (len(f.norm), f.start)) if holding else None


def _unquoted(article: Article, core_set: SpanSet,
              found: list[Mention], tokenizer: FrozenTokenizer | None = None) -> list[Mention]:
    """Campaign names without quotation marks, after an action verb (see _RE_UNQUOTED)."""
    text = article.text
    taken = [(m.start, m.end) for m in [*article.mentions, *found]]
    # a unit inside a name of the vocabulary is that name's word (党组织领办合作社 names a
    # model of organisation, not a cooperative)
    units = [(m.start, m.end) for m in article.mentions if m.label is EntityLabel.UNIT]
    out = []
    spans: list[tuple[int, int, str, str]] = []
    for m in _RE_UNQUOTED.finditer(text):
        name = m.group(1)
        if name in _GENERIC_HEADS:
            continue
        start, end = m.span(1)
        if scope := _RE_SCOPE.match(name):
            start, name = start + scope.end(), name[scope.end():]
        if name.endswith(_CAMPAIGN):
            start, name = end - len(_CAMPAIGN), _CAMPAIGN
        spans.append((start, end, name, "unquoted"))
    for m in _vocabulary_pattern().finditer(text):
        spans.append((m.start(), m.end(), m.group(0), "vocabulary"))
    for m in _RE_FRAME.finditer(text):
        if len(m.group(1)) >= _MIN_FIELD and not _RE_FRAME_MODIFIES.match(text, m.end()) \
                and not _RE_FRAME_AIM.search(text, max(0, m.start() - 3), m.start()):
            spans.append((m.start(), m.end(), m.group(0), "frame"))
    spans.extend((m.start(1), m.end(1), m.group(1), "compound") for m in _RE_COMPOUND.finditer(text)
                 if not _common_compound(m.group(1), tokenizer)
                 and not _RE_ATTRIBUTE_LIST.match(text, m.end()))
    taken_set = SpanSet(taken)
    for m in _RE_COUNTED_LIST.finditer(text):
        items = m.group(1).split("、")
        if _NUMBER_OF.get(m.group(2)) != len(items):
            continue
        start = m.start(1)
        if taken_set.overlaps(start, m.end(1)):
            continue  # 卡如乡机关干部、赤朗村“两委”: a list of bodies, not of programmes
        rest = {len(item) for item in items[1:]}
        if len(rest) == 1 and len(items[0]) > (n := rest.pop()):
            # the list has no left edge: 开展基层下访、案件接访… -- items share a length
            start += len(items[0]) - n
            items[0] = items[0][-n:]
        if m.group(4) in _SET_HEADS:
            name = "、".join(items) + m.group(2) + m.group(3) + m.group(4)
            spans.append((start, m.end(), name, "counted-set"))
            continue
        for item in items:
            spans.append((start, start + len(item), item, "counted-list"))
            start += len(item) + 1
    unit_spans = set(units)
    named_spans = SpanSet(t for t in taken if t not in unit_spans)  # never give way
    unit_set = SpanSet(t for t in taken if t in unit_spans)  # give way to a vocabulary name holding them
    added = DisjointSpans()
    for start, end, name, rule in spans:
        if named_spans.overlaps(start, end) or added.overlaps(start, end):
            continue
        if unit_set.overlaps(start, end) and (rule != "vocabulary" or unit_set.overlaps_outside(start, end)):
            continue
        if rule == "vocabulary" and _RE_COUNT_BEFORE.search(text, max(0, start - 6), start):
            continue  # 全县已有214个村党组织领办合作社: bodies counted, no programme named
        core = core_set.covers(start)
        # 闽宁协作 -> 东西部协作, 党支部领办合作社 -> its concept
        family = national_programmes()[name] if rule == "vocabulary" else name
        if rule == "vocabulary" and (longer := _quoted_holding(found, name)) is not None:
            # “新风积分超市” … 积分超市每月开放两次: the article's own programme, by its head
            name, family = longer.norm, longer.programme_info.family or longer.norm
        out.append(Mention(start=start, end=end, text=text[start:end], label=EntityLabel.PROGRAMME,
                           norm=name, key=entity_key(EntityLabel.PROGRAMME, name), rule=rule,
                           info=ProgrammeInfo(core=core, family=family if family != name else None)))
        added.add(start, end)
    return out

