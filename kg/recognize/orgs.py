"""Party organisations and the units that host them.

Party bodies come in a closed set of kinds (the suffix decides: 党支部, 党总支, 党委,
纪委监委 ...) with open-ended names: the *host* before the suffix is a place
(``卡如乡党委``), a unit (``阿扎乡派出所党支部``), or another Party body
(``林芝市委组织部``). The host is found by walking left over jieba tokens while they look
like parts of a name (nouns, places, ordinals, unknown words) and stopping at a verb,
preposition, conjunction or punctuation, using jieba's own dictionary tags.

Rules decide the kinds; jieba decides where the name starts; the gazetteer (through the
place mentions already found) decides what the host place is.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import replace

from kg.constants import EntityLabel, Level, OrgKind, PartKind
from kg.data import alternation, function_chars, level_words, numeral_values, numerals, table
from kg.keys import entity_key, is_orphan, key_name, place_key
from kg.recognize.documents import RE_TITLE
from kg.resources import Resources
from kg.spans import GrowingSpans, SpanSet
from kg.tokenize import RE_BLOCK_EDGE, FrozenTokenizer
from kg.types import Article, BodyInfo, Mention

#: Suffix -> kind, longest first (GUIDELINES.md "orgs"), from the lexicon.
_ALL_BODY_ROWS = table("lexicon/party_bodies.tsv")


def _body_words(use: str) -> frozenset[str]:
    return frozenset(row["suffix"] for row in _ALL_BODY_ROWS if use in row["uses"].split())


_BODY_ROWS = [row for row in _ALL_BODY_ROWS if "whole" not in row["uses"].split()]
ORG_SUFFIXES: tuple[tuple[str, OrgKind], ...] = tuple(
    (row["suffix"], OrgKind(row["kind"])) for row in sorted(_BODY_ROWS, key=lambda r: -len(r["suffix"])))
#: the word that ends a Party body's name, named or not (各村党支部, 县委组织部)
RE_BODY_SUFFIX = re.compile(alternation(s for s, _ in ORG_SUFFIXES))
_KIND_OF = dict(ORG_SUFFIXES)
#: fixed whole names (党中央, 中央党校), found wherever written
_CENTRAL = {row["suffix"]: OrgKind(row["kind"]) for row in _ALL_BODY_ROWS if "whole" in row["uses"].split()}
#: Bodies that belong to a committee named right before them (县委组织部, 区委党校).
_ORGANS_OF_A_COMMITTEE = frozenset({OrgKind.DEPARTMENT, OrgKind.DISCIPLINE, OrgKind.SCHOOL})
#: A suffix followed by these is another word: 党组织, 组织部门, 党委会 is a meeting.
_RE_SUFFIX_CONTINUES = re.compile(r"(?:织|门|会)")
#: “4840”党支部: a body named by a quoted code (a quoted slogan such as “四强” is not a
#: name but a programme: 四强党支部创建).
_RE_QUOTED_HOST = re.compile(r"“(\d{2,8})”$")
#: Suffixes that are a whole name on their own (联村党委: the joint committee of villages).
_STANDALONE = _body_words("standalone")
#: A count before a name (15个机关党支部, 709个党小组) makes it a class, not one body.
_RE_QUANTITY = re.compile(r"\d+(?:\.\d+)?(?:余|多)?[个名家所支批次]")
#: An ordinal of a batch or session (第十三批) is no name.
_ORDINAL = numerals("digit", "ten", "hundred")
_RE_ORDINAL = re.compile(rf"第[{_ORDINAL}\d]+(?![批次届期轮])")
#: a joint body's host is a description, which a text may quote: 组建“茶香片区”联合党支部
#: (a numbered label, “五星”联合党支部, rates a class of bodies and names none)
_RE_QUOTED_JOINT_HOST = re.compile(rf"“((?![{_ORDINAL}])[\u4e00-\u9fff]{{2,8}})”$")
#: Words that end a unit's name: the bodies that host Party organisations.
_UNIT_ROWS = table("lexicon/unit_heads.tsv")
UNIT_SUFFIXES = tuple(row["head"] for row in _UNIT_ROWS)
#: heads that name a unit only as a body's host (局, 厅, 站, 系, 机关), never standing alone
_HOST_ONLY_HEADS = frozenset(row["head"] for row in _UNIT_ROWS if not row["alone"])
#: one-character heads that end a host of four or more characters (安吉县林业局党组)
_SHORT_HEADS = frozenset(row["head"] for row in _UNIT_ROWS if row["short"])
_RE_UNIT = re.compile(f"(?:{alternation(UNIT_SUFFIXES)})")
#: jieba dictionary tags that end a name when walking left: verbs, prepositions,
#: conjunctions, particles, adverbs, pronouns (``贯彻|拉萨市委``, ``联合|第五…党支部``).
_STOP_TAGS = frozenset({"v", "p", "c", "u", "d", "r", "y", "e", "o", "ad", "vd", "uj", "ul",
                        "uz", "ug", "ud", "uv", "zg", "t", "vg", "dg", "rr", "rz"})
#: Abbreviations jieba's dictionary tags as verbs, though they name banks: 建行那曲分行.
_HOST_WORDS = table("lexicon/host_words.tsv")
_NAME_TOKENS = frozenset(r["word"] for r in _HOST_WORDS if r["class"] == "name-token")
#: Tags of tokens that make a host a *named* one (a proper name, not 上级 or 楼栋).
_PROPER_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nz", "nt", "j"})
#: verbs of founding (kg/data/lexicon/relation_cues.tsv): the body after one is what was
#: founded, whatever jieba tags the verb (新建 is tagged as an adjective)
_FOUNDING_VERBS = frozenset(row["word"] for row in table("lexicon/relation_cues.tsv")
                            if row["class"] in ("forms", "formed"))
_PUNCTUATION = frozenset("、，。；：！？“”（）()《》,.;:!?\n\t —-+＋")
_STOP = function_chars("host_stop") | _PUNCTUATION
#: hosts that name a class of bodies, not one (基层党组织, 各级党委, 村党支部 as a class)
_CLASS_HOSTS = frozenset(r["word"] for r in _HOST_WORDS if r["class"] == "class")
_ORDINAL_LIST = re.compile(
    rf"((?:第[{numerals('digit', 'ten')}\d]+、)+第[{numerals('digit', 'ten')}\d]+)(党支部|党总支)")
_MAX_HOST = 18
#: a level word written for the place the article is about (县农业农村局, 市人力社保局)
#: level words a name for the article's own place opens with (县农业农村局, 地区驻村办)
_LEVEL_WORD_UNIT = {word: Level(level) for word, level in level_words("level-word").items()}
_LEVEL_CHARS = frozenset(_LEVEL_WORD_UNIT)
_LEVEL_WORDS_LONGEST_FIRST = sorted(_LEVEL_WORD_UNIT, key=len, reverse=True)


def _opening_level_word(name: str) -> str | None:
    """The level word ``name`` opens with (地区 before 地…), or None."""
    return next((w for w in _LEVEL_WORDS_LONGEST_FIRST if name.startswith(w)), None)


_COOP_FORMS = ("专业合作社", "农民专业合作社")


#: longer than any place name the gazetteer holds (新疆维吾尔自治区…: under 20 characters)
_LONGEST_PLACE = 40


def _walk_left(text: str, end: int, resources: Resources, article: Article) -> int:
    """Start of the name that ends at ``end``: walk left over name-like jieba tokens.

    Tokens inside a place mention are always part of the name (jieba cuts an unknown
    village as 西德/村, and tags 村 as a morpheme that would otherwise stop the walk).
    Fast path without jieba: place mentions right up to ``end`` preceded by punctuation
    or the start of the text (``，卡如乡党委``).
    """
    start = place_chain_start(article, end)
    if start < end and (start == 0 or text[start - 1] in _STOP):
        return start
    # the characters of places near the end (the walk goes no further left than _MAX_HOST)
    in_place = {i for m in article.mentions_starting(max(0, end - _MAX_HOST - _LONGEST_PLACE), end)
                if m.label is EntityLabel.PLACE for i in range(m.start, m.end)}
    if end == 0 or (text[end - 1] in _STOP and end - 1 not in in_place):
        return end  # the token holding the stop ends the walk before it starts
    lo = max(0, end - _MAX_HOST)
    for i in range(end - 1, lo - 1, -1):  # the walk stops at punctuation: cut no further
        if text[i] in _STOP and i not in in_place and RE_BLOCK_EDGE.match(text, i):
            lo = i + 1
            break
    tags = resources.tokenizer.tags
    start = end
    verb_taken = False
    tokens = list(resources.tokenizer.jieba.cut(text[lo:end], HMM=True))
    for i in range(len(tokens) - 1, -1, -1):
        token = tokens[i]
        if start - 1 in in_place:
            start -= len(token)
            continue
        if token == "和" and _organ_conjunction(text, start, end, _places_near(article, start - 8, start)):
            start -= 1  # 琼中县旅游|和|文化广电体育局: one organ's name, not two organs
            continue
        if (any(ch in _STOP for ch in token) and token not in ("自治区",)) or token in _FOUNDING_VERBS:
            break  # 镇党委新建|产业园联合党委: a verb of founding opens no body's name
        before = tokens[i - 1] if i else ""
        if token in _LEVEL_CHARS and (start - 1 == 0 or text[start - 2] in _STOP
                                      or tags.get(before) in ("v", "vn") or before in _FOUNDING_VERBS):
            # 。县农业农村局党组, 组织|县|人民医院: the level word opens a name the article's
            # county completes
            start -= 1
            break
        if tags.get(token) in _STOP_TAGS and not _RE_UNIT.fullmatch(token) \
                and token not in _NAME_TOKENS:
            # one verb right before a sector or unit head is part of the name:
            # 快递|行业党委, 牵手|合作社 (jieba tags 快递 and 牵手 as verbs)
            head = text[start:end] or text[end:end + 2]
            # a cooperative's registered name puts its trade, often a verb, right before its
            # legal form (柚香种植|专业合作社: 字号 + 行业 + 专业合作社, 农民专业合作社法)
            at_head = not text[start:end] and text.startswith(_COOP_FORMS, end)
            if _RE_UNIT.fullmatch(token + text[start:end]):
                pass  # 驻|村办: the token opens the unit's head (驻村办)
            elif verb_taken or len(token) < 2 or not (_RE_UNIT.fullmatch(head) or head == "行业" or at_head):
                break
            else:
                verb_taken = True
        start -= len(token)
    return start


#: the heads of a government organ's name, which may hold 和 (住房和城乡建设局, 人力资源和社会保障局,
#: 旅游和文化广电体育局: the names of state organs, 国务院组成部门 and their local counterparts)
_ORGAN_ENDS = ("局", "厅", "委员会", "委")


def _organ_conjunction(text: str, start: int, end: int, places: list[Mention]) -> bool:
    """Whether the 和 right before ``start`` joins the two halves of one organ's name: the
    name after it ends as an organ's does, and a place opens the half before it, at most
    six characters away with nothing between them but characters of a name."""
    if not text[start:end].endswith(_ORGAN_ENDS) or start < 2:
        return False
    conj = start - 1
    return any(p.end <= conj and 2 <= conj - p.end <= 6
               and re.fullmatch(r"[\u4e00-\u9fff]+", text[p.end:conj]) is not None
               and not any(ch in _STOP for ch in text[p.end:conj]) for p in places)


def place_chain_start(article: Article, pos: int) -> int:
    """Start of the run of adjacent place mentions ending at ``pos`` (``pos`` if none):
    拉萨市|尼木县|卡如乡 before 党委."""
    while before := _places_ending_at(article, pos):
        pos = before[0].start
    return pos


def _places_near(article: Article, start: int, end: int) -> list[Mention]:
    """The place mentions that start in ``[start - a place's length, end)``, by position."""
    return [m for m in article.mentions_starting(max(0, start - _LONGEST_PLACE), end)
            if m.label is EntityLabel.PLACE]


def _places_ending_at(article: Article, pos: int) -> list[Mention]:
    return [m for m in _places_near(article, pos, pos) if m.end == pos]


def _snap_to_places(article: Article, start: int, end: int,
                    namesakes: frozenset[str] = frozenset()) -> int:
    """Align a name's start with place mentions: never start inside one, and keep only the
    most specific place of a leading chain (``拉萨市墨竹工卡县念村党总支`` -> 念村党总支,
    as GUIDELINES.md names bodies by their own place; a unit and its body keep the chain
    the text writes, 兴国县长冈乡中心小学党支部, as a unit is named as registered) -- with
    its township where the page names two villages of that name (曲当乡扎西岗村党支部
    beside 扎西岗乡扎西岗村党支部: the fullest unambiguous form)."""
    places = _places_near(article, start, end)  # by position, as the walk below needs
    for m in places:
        if m.start < start < m.end:
            start = m.start
    chain = []
    pos = start
    for m in places:
        # the last place may run into the suffix: 百色市|田阳区 before 区委
        if m.start == pos and m.start < end:
            chain.append(m)
            pos = m.end
    if len(chain) >= 2 and not _RE_UNIT.search(article.text, chain[-1].end, end):
        start = chain[-1].start  # a unit keeps its name as written: 兴国县长冈乡中心小学
    # the place right before the suffix names the body even when an unrecognised name
    # (an OCR variant such as 邦达镇) breaks the chain: 八宿县邦达镇查龙村党支部 -> 查龙村党支部
    last = next((m for m in places if m.end == end and m.start > start), None)
    if last is not None and last.place_info.level in (Level.VILLAGE, Level.TOWNSHIP):
        start = last.start
    own = next((m for m in places if m.start == start and m.end <= end), None)
    if own is not None and own.place_info.level is Level.VILLAGE and own.norm in namesakes:
        town = next((m for m in places if m.end == own.start and m.place_info.level is Level.TOWNSHIP), None)
        start = town.start if town is not None else start
    return start


def _is_named(text: str, start: int, end: int, article: Article, resources: Resources) -> bool:
    """A host names something: a place, a digit or ordinal, or a proper-name token."""
    host = text[start:end]
    if not host or host in _CLASS_HOSTS or host in _GENERIC_HOSTS or _RE_QUANTITY.search(host):
        return False
    if text.startswith("联合", end) and len(host) >= 2:
        return True  # 楼宇联合党委, 物流企业联合党支部: a joint body is named by what it joins
    if (unit := _RE_UNIT.search(host)) and unit.end() == len(host) and unit.start() >= 2:
        return True  # 藏医系, 阿扎乡派出所: a named unit hosts the body
    if any(m.label is EntityLabel.PLACE for m in article.mentions_starting(start, end)):
        return True
    if _RE_ORDINAL.search(host) or re.search(r"\d", host):
        return True
    tags = resources.tokenizer.tags
    return any(tags.get(tok) in _PROPER_TAGS or (tok not in tags and len(tok) >= 2)
               for tok in resources.tokenizer.jieba.cut(host, HMM=False))


class _Found(list[Mention]):
    """The mentions :func:`recognize_orgs` has found so far, with the lookups its helpers
    make once per candidate kept up as the list grows: a scan of the list for each made one
    long article quadratic (a page that is one article: OCR that lost its breaks). It only
    grows (``append``, ``extend``, ``+=``); each lookup keeps the list's order."""

    def __init__(self) -> None:
        super().__init__()
        self.covered = GrowingSpans()
        self.by_span: dict[tuple[int, int], list[Mention]] = {}
        self.orgs: list[Mention] = []
        self.orgs_ending: dict[int, list[Mention]] = {}
        self.orgs_starting: dict[int, list[Mention]] = {}
        #: bodies by every ending of their name of two characters or more
        self.orgs_by_ending: dict[str, list[Mention]] = {}
        #: bodies by the key of the place or unit they are of
        self.orgs_of: dict[str, list[Mention]] = {}

    def append(self, m: Mention) -> None:
        super().append(m)
        self.covered.add(m.start, m.end)
        self.by_span.setdefault((m.start, m.end), []).append(m)
        if m.label is not EntityLabel.ORG:
            return
        self.orgs.append(m)
        self.orgs_ending.setdefault(m.end, []).append(m)
        self.orgs_starting.setdefault(m.start, []).append(m)
        for i in range(len(m.norm) - 1):
            self.orgs_by_ending.setdefault(m.norm[i:], []).append(m)
        if m.body_info.of:
            self.orgs_of.setdefault(m.body_info.of, []).append(m)

    def extend(self, mentions: Iterable[Mention]) -> None:
        for m in mentions:
            self.append(m)

    def __iadd__(self, mentions: Iterable[Mention]) -> _Found:  # type: ignore[override,misc]
        self.extend(mentions)
        return self

    def _only_grows(self, *_args: object, **_kwargs: object) -> None:
        raise TypeError("the mentions found so far only grow (append, extend)")

    insert = pop = remove = clear = sort = reverse = __setitem__ = __delitem__ = _only_grows  # type: ignore[assignment]


def _place_mentions(article: Article) -> list[Mention]:
    return article.mentions_of(EntityLabel.PLACE)


def _last_ending_by(mentions: list[Mention], starts: list[int], pos: int, n: int = 1) -> list[Mention]:
    """The last ``n`` of ``mentions`` (sorted by start; ``starts`` theirs) that end by
    ``pos``, in order: a walk back from ``pos`` past the few that run over it, not a scan."""
    out: list[Mention] = []
    for i in range(bisect_left(starts, pos) - 1, -1, -1):
        if mentions[i].end <= pos:
            out.append(mentions[i])
            if len(out) == n:
                break
    return out[::-1]


def _named_ending_with(mentions: Iterable[Mention], head: str) -> tuple[list[Mention], list[int]]:
    """The mentions whose longer name ends with ``head`` (社区, 工作队), and their starts,
    for :func:`_last_ending_by`."""
    named = [m for m in mentions if m.norm.endswith(head) and len(m.norm) > len(head)]
    return named, [m.start for m in named]


def _places_ending_with(article: Article, head: str) -> tuple[list[Mention], list[int]]:
    """The article's places whose longer name ends with ``head``, built once per article."""
    return article.cached(("places ending with", head),
                          lambda: _named_ending_with(_place_mentions(article), head))


def _places_ending(article: Article) -> dict[int, Mention]:
    """The article's place mentions by where they end (the last there), built once per
    article: every body asks (a scan per body made a long article quadratic)."""
    return article.cached(("places by end",), lambda: {m.end: m for m in _place_mentions(article)})


def _places_starting(article: Article) -> dict[int, list[Mention]]:
    """The article's place mentions by where they start, in order, built once per article."""
    def index() -> dict[int, list[Mention]]:
        table: dict[int, list[Mention]] = {}
        for m in _place_mentions(article):
            table.setdefault(m.start, []).append(m)
        return table

    return article.cached(("places by start",), index)


def _host_place(article: Article, start: int, end: int) -> Mention | None:
    """The most specific place that starts inside ``[start, end)`` (成都市 in 成都市委 runs
    into the suffix 市委, and is still the host)."""
    inside = [m for m in article.mentions_starting(start, end) if m.label is EntityLabel.PLACE]
    return max(inside, key=lambda m: (m.start, len(m.kb_id or ""))) if inside else None


def _org_mention(text: str, start: int, end: int, kind: OrgKind, rule: str,
                 info: BodyInfo | None = None) -> Mention:
    name = text[start:end]
    return Mention(start=start, end=end, text=name, label=EntityLabel.ORG, norm=name,
                   key=entity_key(EntityLabel.ORG, name), rule=rule,
                   info=replace(info or BodyInfo(), kind=kind))


def _unit_mention(text: str, start: int, end: int, of: str | None = None) -> Mention:
    name = text[start:end]
    return Mention(start=start, end=end, text=name, label=EntityLabel.UNIT, norm=name,
                   key=entity_key(EntityLabel.UNIT, name), rule="unit-suffix", info=BodyInfo(of=of))


def _host_attrs(article: Article, text: str, start: int, host_end: int,
                found: _Found) -> tuple[BodyInfo, Mention | None]:
    """``of`` (the place or unit key) and ``parent`` (a body the host names: 门诊总支|第四党支部)
    for a body whose host is ``text[start:host_end]``, and the host unit if there is one."""
    of = parent = None
    unit = None
    host = text[start:host_end]
    inner = [m for m in found.orgs_starting.get(start, ()) if start < m.end <= host_end]
    if inner:
        parent = max(inner, key=lambda m: m.end).key
    # a one-character head (局, 厅) ends a unit only as the end of a host of four or more
    # characters (阜平县农业农村局党组), never inside one
    # a head needs a name of two characters before it, or a level word the article's place
    # completes (镇|卫生院 -> 天荒坪镇卫生院)
    def ends_a_unit(u: re.Match[str]) -> bool:
        named = u.start() >= 2 or host[:u.start()] in _LEVEL_WORD_UNIT
        return named and (len(u.group(0)) >= 2 or (u.end() == len(host) and len(host) >= 4
                                                   and u.group(0) in _SHORT_HEADS))

    units = [u for u in _RE_UNIT.finditer(host) if ends_a_unit(u)]
    if host.startswith("派驻"):
        units = []  # 派驻那曲分行纪检组: its sender is named elsewhere (see kg.coref)
    if "派驻" in host[2:] and units and units[0].end() <= host.index("派驻", 2):
        # 建行西藏分行派驻那曲分行纪检组: the body is sent by the unit before 派驻
        unit = _unit_mention(text, start, start + host.index("派驻", 2))
        of = unit.key
    elif (dept := _RE_DEPARTMENT.search(host)) and dept.end() == len(host):
        unit = _unit_mention(text, start, host_end)  # 四川大学华西临床医学系
        of = unit.key
    elif units:
        # the host may go on past its unit: 自治区人民医院|门诊, 自治区纪委监委机关|第四监督检查室
        unit_end = units[-1].end() if units[-1].end() == len(host) else units[0].end()
        unit = _unit_mention(text, start, start + unit_end)
        of = unit.key
    elif place := _host_place(article, start, host_end):
        of = place.key
    return BodyInfo(of=of, parent=parent), unit


#: Committees written without their place, and the level of the place they stand for:
#: 地委 in an article about 阿里地区 is 阿里地委; 村党支部 in one about 通夏村 is 通夏村党支部.
_ABBREVIATED = {row["suffix"]: (Level(row["level"]), row["place_suffix"], row["short_form"])
                for row in _BODY_ROWS if row["level"]}


def subject_place(article: Article, level: Level, *, head_only: bool = False,
                   ending: str = "") -> Mention | None:
    """The one linked place of ``level`` (whose name ends with ``ending``) the article is
    about: named in its head, or the only one of that level in the article. 州 alone is the
    article's 自治州, not the 市 beside it; 县里, 镇里, 我县 refer to it (kg.relations)."""
    return article.cached(("subject_place", level, head_only, ending),
                          lambda: _subject_place(article, level, head_only, ending))


def _subject_place(article: Article, level: Level, head_only: bool, ending: str) -> Mention | None:
    places = [m for m in _place_mentions(article) if m.place_info.level is level
              and m.norm.endswith(ending)  # 本报拉萨讯: filed from; a masthead: published by
              and article.part_of(m.start) not in (PartKind.DATELINE, PartKind.LAYOUT)]
    head_end = max((p.end for p in article.parts if p.kind in (PartKind.HEADLINE,
                                                                PartKind.SUBHEADLINE)), default=0)
    lead = article.lead_sentences()
    lead_end = lead[-1][1] if lead else 0
    pools = [[m for m in places if m.start < head_end]]
    if not head_only:
        pools += [[m for m in places if m.start < lead_end], places]
    for pool in pools:
        # one place by name; an unlinked one counts too, so that a village the gazetteer
        # lacks is not passed over for the one linked village named in passing
        if len({m.norm for m in pool}) == 1:
            linked = [m for m in pool if m.kb_id]
            return linked[0] if linked else min(pool, key=lambda m: is_orphan(m.key))
    return None


def _township_before(article: Article, offset: int) -> Mention | None:
    s_start, _ = article.sentence_of(offset)
    towns = [m for m in _place_mentions(article)
             if s_start <= m.start < offset and m.place_info.level is Level.TOWNSHIP]
    return towns[-1] if towns else None


def _village_in_paragraph(article: Article, offset: int) -> Mention | None:
    """``在通夏村荣誉室里…在村党支部的带领下``: the village the paragraph is telling of, the
    one it names before ``offset``; where it names none, the one the nearest paragraph before
    it names (崖底村有苹果园… ⏎ 分红前… ⏎ 村党支部推行…: the story is still 崖底村's). None
    where that paragraph names several different ones."""
    villages = [m for m in _place_mentions(article)
                if m.start < offset and m.place_info.level is Level.VILLAGE]
    end = offset
    while end > 0:
        start = article.text.rfind("\n", 0, end) + 1
        named = {m.key: m for m in villages if start <= m.start < end}
        if named:
            return next(iter(named.values())) if len(named) == 1 else None
        if start == 0:
            return None
        end = start - 1
    return None


def _is_shorthand(host: str, suffix: str = "") -> bool:
    """``市快递行业``: 市 or 县 standing for the article's place, then a named sector;
    ``市直|机关工委``: the one working committee of the place's own organs."""
    if host in ("市直", "县直") and suffix == "机关工委":
        return True
    return (len(host) >= 3 and host[0] in "市县" and host[1] not in "县市乡区镇两各直级委"
            and not _RE_QUANTITY.search(host) and not re.search(r"\d", host))


#: 县直机关党支部: the branches of a county's organs, a class rather than one body
_RE_ORGANS_CLASS = re.compile(r"^[市县区州]直(?:机关|单位)$")


_RE_VILLAGE_WORD = re.compile(r"(?:^|[^\u4e00-\u9fff]|[该本在])村$")


def _committee_ending_at(found: _Found, pos: int) -> Mention | None:
    """The committee (党委, 县委 …) found so far whose name ends at ``pos``."""
    return next((f for f in found.orgs_ending.get(pos, ()) if f.body_info.kind is OrgKind.COMMITTEE),
                None)


def _organ_after_standing_member(text: str, m: re.Match[str], found: _Found) -> Mention | None:
    """``安吉县委常委、组织部部长``: a bare 组织部 (宣传部, 统战部 …) after ``X委常委、`` is
    X委's: a standing member who heads one of its departments."""
    joint = "常委、"
    if not text.endswith(joint, 0, m.start()):
        return None
    committee = _committee_ending_at(found, m.start() - len(joint))
    if committee is None:
        return None
    name = committee.norm + m.group(0)
    return Mention(start=m.start(), end=m.end(), text=m.group(0), label=EntityLabel.ORG, norm=name,
                   key=entity_key(EntityLabel.ORG, name), rule="abbreviation",
                   info=BodyInfo(kind=_KIND_OF[m.group(0)], of=committee.body_info.of,
                                 parent=committee.key))


_GENERIC_HOSTS = {row["head"]: row["kind"] for row in table("lexicon/generic_hosts.tsv")}
_CLASS_BEFORE = function_chars("class_before")


def _generic_host_body(article: Article, text: str, start: int, m: re.Match[str],
                       found: _Found) -> Mention | None:
    """``社区党委``, ``公司党支部`` after the host was named in full: the body of the last
    host of that kind before it — an earlier body whose name ends the same way
    (阜平县某某有限公司党支部 … 公司党支部书记), else, for a place word, the last place whose
    name ends with it (月光社区 … 社区党委 = 月光社区党委)."""
    if start == m.start():  # the walk stopped at the host word itself (。村|党委: 村 alone)
        start = next((m.start() - len(h) for h in _GENERIC_HOSTS if text.endswith(h, 0, m.start())
                      and (m.start() - len(h) == 0 or text[m.start() - len(h) - 1] in _STOP)), start)
    lead = "该" if text[start:start + 1] == "该" else ""
    head = text[start + len(lead):m.start()]
    kind = _GENERIC_HOSTS.get(head)
    if kind is None or (not lead and start > 0 and text[start - 1] in _CLASS_BEFORE):
        return None  # 各镇党委, 两乡党委: a class of bodies
    if prior := _earlier_body_ending(head + m.group(0), start, found):
        return _same_body(prior, text, start, m.end(), "generic-host")
    if kind != "place":
        return None
    places = _last_ending_by(*_places_ending_with(article, head), start, 3)
    if not places or len({p.key for p in places[-3:]}) > 1:
        return None  # no such place named before, or several lately: ambiguous
    place = places[-1]
    if place.place_info.level is Level.VILLAGE and any(
            f.end <= start for f in found.orgs_of.get(place.key, ())):
        return None  # 森格社区党支部 … 在社区党委引领下: a community's body is named; this is a
        # generic phrase (a county or township has many bodies: 县委组织部 … 县纪委监委)
    name = place.norm + m.group(0)
    return Mention(start=start, end=m.end(), text=text[start:m.end()], label=EntityLabel.ORG,
                   norm=name, key=entity_key(EntityLabel.ORG, name), rule="generic-host",
                   info=BodyInfo(kind=_KIND_OF[m.group(0)], of=place.key))


#: committees written by their level alone (县委 for the county's): the text's own earlier
#: spelling of the committee, where it gave one, is the name (前郭县委, not the official
#: 前郭尔罗斯蒙古族自治县委)
_COMMITTEE_SHORT_FORMS = frozenset(row["suffix"] for row in _BODY_ROWS
                                   if row["level"] and row["short_form"] == row["suffix"])
#: bare body words that say nothing of which body is meant: 党委 alone may be any 党委
_BARE_BODY_WORDS = _body_words("bare")


def _coordinated_organ(text: str, m: re.Match[str], found: _Found) -> Mention | None:
    """``喜德县委组织部、宣传部``: an organ right after 、 and a department of a committee is
    that committee's organ too (coordinated ellipsis of the shared committee)."""
    if m.start() < 1 or text[m.start() - 1] != "、":
        return None
    prior = next((f for f in reversed(found.orgs_ending.get(m.start() - 1, []))
                  if f.body_info.parent and f.body_info.kind in _ORGANS_OF_A_COMMITTEE), None)
    if prior is None or (committee := prior.body_info.parent) is None:
        return None
    name = (key_name(committee, EntityLabel.ORG) or "") + m.group(0)
    # the organ shares the committee, and so its place
    info = replace(prior.body_info, kind=_KIND_OF[m.group(0)])
    return Mention(start=m.start(), end=m.end(), text=m.group(0), label=EntityLabel.ORG, norm=name,
                   key=entity_key(EntityLabel.ORG, name), rule="ellipsis", info=info)


#: heads a team is called by once it was named (工作队, 服务队): a school, a company or a
#: university written alone is as often any such body as the one named before
_TEAM_HEADS = frozenset(row["head"] for row in _UNIT_ROWS if row["class"] == "team")


def _definite_units(text: str, found: list[Mention]) -> list[Mention]:
    """``重庆市人力社保局驻朝元村工作队 … 工作队进驻后``: a unit's head written alone at the
    start of a clause is the last unit of that head the article named in full (Chinese names
    a unit in full once, then by its head noun: 定指)."""
    units = sorted((m for m in found if m.label is EntityLabel.UNIT), key=lambda m: m.start)
    by_head: dict[str, tuple[list[Mention], list[int]]] = {}
    taken = SpanSet((f.start, f.end) for f in found)
    out = []
    for m in _RE_UNIT.finditer(text):
        head = m.group(0)
        if head not in _TEAM_HEADS or taken.covers(m.start()):
            continue
        if m.start() > 0 and text[m.start() - 1] not in _STOP and text[m.start() - 1] != "该":
            continue
        if head not in by_head:
            by_head[head] = _named_ending_with(units, head)
        if prior := _last_ending_by(*by_head[head], m.start()):
            out.append(replace(prior[-1], start=m.start(), end=m.end(), text=head, rule="definite"))
    return out


def _bodies_of_named_units(text: str, found: list[Mention]) -> list[Mention]:
    """``山东某某食品有限公司…。公司党支部书记陈建国``: a unit word (公司, 合作社, 医院, 学校)
    before a body word, opening its clause, is the last unit of that kind the article named
    (the press names a host in full once, then by its head noun), when no body was found
    there. Runs after the units are known."""
    units = [m for m in found if m.label is EntityLabel.UNIT]
    taken = SpanSet((f.start, f.end) for f in found if f.label is EntityLabel.ORG)
    out = []
    for m in RE_BODY_SUFFIX.finditer(text):
        if taken.covers(m.start()):
            continue
        head = next((h for h, kind in _GENERIC_HOSTS.items()
                     if kind == "unit" and text.endswith(h, 0, m.start())), None)
        start = m.start() - len(head) if head else 0
        if head is None or (start > 0 and text[start - 1] not in _STOP and text[start - 1] != "该"):
            continue
        prior = [u for u in units if u.end <= start and u.norm.endswith(head) and len(u.norm) > len(head)]
        if not prior:
            continue
        unit = prior[-1]
        name = unit.norm + m.group(0)
        out.append(Mention(start=start, end=m.end(), text=text[start:m.end()], label=EntityLabel.ORG,
                           norm=name, key=entity_key(EntityLabel.ORG, name), rule="generic-host",
                           info=BodyInfo(kind=_KIND_OF[m.group(0)], of=unit.key)))
    return out


def _coordinated_places(article: Article, org: Mention) -> list[Mention]:
    """``长沙镇、巫山镇党委``: places of one level joined by 、 share the body word after the
    last (coordinated ellipsis), so each names its own body (长沙镇党委, 巫山镇党委)."""
    places = _places_ending(article)
    host = next((m for m in _places_starting(article).get(org.start, ())
                 if m.key == org.body_info.of), None)
    if host is None or host.place_info.level is None:
        return []
    word = org.norm[len(host.norm):] if org.norm.startswith(host.norm) else ""
    out = []
    pos = host.start
    while word and pos > 0 and article.text[pos - 1] == "、" and (prior := places.get(pos - 1)) is not None \
            and prior.place_info.level is host.place_info.level:
        name = prior.norm + word
        out.append(Mention(start=prior.start, end=prior.end, text=prior.text, label=EntityLabel.ORG,
                           norm=name, key=entity_key(EntityLabel.ORG, name), rule="ellipsis",
                           info=replace(org.body_info, of=prior.key, parent=None)))
        pos = prior.start
    return out


def _definite_body(text: str, start: int, m: re.Match[str], found: _Found) -> Mention | None:
    """A body written by the tail of the name it was given earlier in the article:
    冲乎尔镇转场临时党支部 … 临时党支部下设3个党小组; 红毛镇乡村旅游联合党支部 … 联合党支部推行…
    (Chinese names a body in full once and then by its head, 定指 by the head noun). The
    tail must say more than a bare 党支部/党委, and the last earlier body it ends is meant."""
    lead = "该" if text[start:start + 1] == "该" else ""
    tail = text[start + len(lead):m.end()]
    if tail in _BARE_BODY_WORDS:
        return None
    prior = _earlier_body_ending(tail, start, found)
    return _same_body(prior, text, start, m.end(), "definite") if prior else None


def _earlier_body_ending(tail: str, start: int, found: _Found) -> Mention | None:
    """The last body before ``start`` whose longer name ends with ``tail``."""
    ending = found.orgs_by_ending.get(tail, []) if len(tail) >= 2 else found.orgs
    return next((f for f in reversed(ending) if f.end <= start
                 and f.norm.endswith(tail) and len(f.norm) > len(tail)), None)


def _same_body(prior: Mention, text: str, start: int, end: int, rule: str) -> Mention:
    """A mention at ``start:end`` of the body ``prior`` names."""
    return Mention(start=start, end=end, text=text[start:end], label=EntityLabel.ORG,
                   norm=prior.norm, key=prior.key, rule=rule, info=prior.info)


def _village_in_sentence(article: Article, offset: int) -> bool:
    """Whether the sentence names a village before ``offset`` (来到加比村，观摩村党支部…)."""
    s_start, _ = article.sentence_of(offset)
    return any(p.label is EntityLabel.PLACE and p.place_info.level is Level.VILLAGE
               for p in article.mentions_starting(s_start, offset))


def _after_verb(text: str, pos: int, tok: FrozenTokenizer | None) -> bool:
    """Whether a common verb ends at ``pos`` (观摩|村党支部, 指导|村党支部): the 村 after it
    is then the word for "the village", not the end of a village's name."""
    if tok is None:
        return False
    return any(tok.is_common(w := text[pos - n:pos]) and tok.tags.get(w, "")[:1] == "v" for n in (2, 1)
               if pos >= n)


def _resolve_abbreviation(article: Article, text: str, start: int, m: re.Match[str],
                          namesakes: frozenset[str] = frozenset(),
                          tok: FrozenTokenizer | None = None) -> Mention | None:
    """A bare 地委/县委 or 村党支部/该村党总支 as the body of the place the article is about."""
    rule = _ABBREVIATED.get(m.group(0))
    if rule is None:
        return None
    level, place_suffix, body = rule
    if m.group(0) in ("党支部", "党总支"):  # only 村党支部, 该村党支部: a bare 党支部 names no place
        after_verb = text[m.start() - 1:m.start()] == "村" and _after_verb(text, m.start() - 1, tok)
        if not (_RE_VILLAGE_WORD.search(text[max(0, m.start() - 2):m.start()]) or after_verb):
            return None
        if after_verb and not _village_in_sentence(article, m.start()):
            return None  # 担任村党支部书记: any village's branch, unless the sentence names one
        start = m.start() - 1
    elif text[start:m.start()] not in ("", "该"):
        return None
    place = (_village_in_paragraph(article, m.start()) if level is Level.VILLAGE else None) \
        or subject_place(article, level)
    if place is None or not place.norm.endswith(place_suffix):
        return None
    name = _as_written(place, place_suffix, article)[: -len(place_suffix)] + body
    if place.norm in namesakes and (town := _township_written_before(article, place)) is not None:
        name = town.norm + name  # 村党支部 of one of two 巴夏克其村: 克孜勒镇巴夏克其村党支部
    return Mention(start=start, end=m.end(), text=text[start:m.end()], label=EntityLabel.ORG,
                   norm=name, key=entity_key(EntityLabel.ORG, name), rule="abbreviation",
                   info=BodyInfo(kind=_KIND_OF[m.group(0)], of=place.key))


def _township_written_before(article: Article, village: Mention) -> Mention | None:
    """The township the article writes right before some mention of ``village``."""
    places = _place_mentions(article)
    ends = {m.end: m for m in places if m.place_info.level is Level.TOWNSHIP}
    return next((ends[m.start] for m in places if m.key == village.key and m.start in ends), None)


def _as_written(place: Mention, place_suffix: str, article: Article) -> str:
    """The place as the article writes it most often, ending with ``place_suffix``:
    前郭县委组织部 … 县委社会工作部 is 前郭县委社会工作部, the form the text supports
    (GUIDELINES.md), not the official 前郭尔罗斯蒙古族自治县 a header may spell out."""
    forms: dict[str, int] = {}
    for m in _place_mentions(article):
        if m.key != place.key or not place.norm.endswith(place_suffix):
            continue
        if m.text.endswith(place_suffix) and len(m.text) > len(place_suffix):
            form = m.text
        elif len(m.text) >= 2 and place.norm.startswith(m.text):
            form = m.text + place_suffix  # 互助 (in 互助县委) for 互助土族自治县: 互助县
        else:
            continue
        forms[form] = forms.get(form, 0) + 1
    if not forms:
        return place.norm
    return max(forms, key=lambda f: (forms[f], -len(f)))


#: a province-level city (直辖市: 重庆市) as (name, place key): what 市 alone means on its pages
Municipality = tuple[str, str] | None


def _municipality(province: str | None, resources: Resources) -> Municipality:
    """The page's province when it is a province-level city (北京, 天津, 上海, 重庆), whose
    pages write 市 for it (市人力社保局 on a 重庆 page: 重庆市人力社保局)."""
    division = resources.gaz.divisions.get(province) if province else None
    return (division.name, place_key(division.code)) if division and division.name.endswith("市") else None


def _expand_level_word(org: Mention, article: Article, unit: Mention | None = None,
                       muni: Municipality = None) -> Mention:
    """``市交通运输行业党委`` in an article about 日喀则市 is 日喀则市交通运输行业党委: the
    press writes a level word (市, 县, 区, 地区) alone for the place the article is about. A unit
    (县农业农村局) is completed the same way; a body whose host is that unit is given the
    completed unit (``unit``) as its ``of``."""
    word = _opening_level_word(org.norm)
    rest = org.norm[len(word):] if word else ""
    if word is None or len(rest) < 2 or rest[0] in "委县级区乡镇":
        return org  # 县委, 县级, 市区 …: no name of a unit or body of the place
    place = subject_place(article, _LEVEL_WORD_UNIT[word], ending=word)
    if place is not None:
        name, place_key_ = _as_written(place, word, article) + rest, place.key
    elif word == "市" and muni is not None:
        name, place_key_ = muni[0] + rest, muni[1]
    else:
        return org
    of = unit.key if unit is not None and key_name(org.body_info.of or "", EntityLabel.UNIT) is not None \
        else place_key_
    return Mention(start=org.start, end=org.end, text=org.text, label=org.label, norm=name,
                   key=entity_key(org.label, name), rule="level-word",
                   info=replace(org.body_info, of=of))


_RE_ORDINAL_BODY = re.compile(rf"第[{_ORDINAL}\d]+(?:党支部|党总支|党小组|支部)$")


def _short_names_in_unit(text: str, found: list[Mention]) -> list[Mention]:
    """``自治区人民医院门诊总支第四党支部``: two bodies of one unit, named as GUIDELINES.md
    names them -- 第四党支部 under 门诊总支 -- while their keys keep the full name, so
    that the fourth branch of another unit stays another body."""
    by_key = {m.key: m for m in found if m.label is EntityLabel.ORG}
    renamed: dict[str, str] = {}
    for m in by_key.values():
        parent = by_key.get(m.body_info.parent or "")
        if parent is None or (unit := key_name(parent.body_info.of or "", EntityLabel.UNIT)) is None:
            continue
        own = text[parent.end:m.end]
        if parent.end <= m.start or not _RE_ORDINAL_BODY.fullmatch(own) \
                or not parent.norm.startswith(unit) or m.start != parent.start:
            continue
        renamed[m.key] = own
        renamed[parent.key] = parent.norm[len(unit):]
    return [replace(m, norm=renamed[m.key]) if m.key in renamed else m for m in found]


def _sector_committees(article: Article, text: str, start: int, end: int,
                       resources: Resources) -> list[Mention]:
    """``成立了互联网行业党委``, ``新成立物业、快递行业党委``: committees of a sector are set
    up by a city or county, which the press leaves out; they take the place the article is
    about, and a coordinated sector (物业、快递) gets its own committee."""
    if not 2 <= end - start <= 6 or re.search(r"[\d党]", text[start:end]):
        return []  # 3家行业党委 counts committees; it names none
    sectors = [(start, end)]
    if sectors and text[start - 1:start] == "、":
        tokens = list(resources.tokenizer.jieba.cut(text[max(0, start - 7):start - 1], HMM=False))
        if tokens and len(tokens[-1]) >= 2 and resources.tokenizer.tags.get(tokens[-1], "n")[:1] in "nv":
            sectors.append((start - 1 - len(tokens[-1]), start - 1))
    place = subject_place(article, Level.COUNTY, head_only=True) \
        or subject_place(article, Level.PREFECTURE) or subject_place(article, Level.COUNTY)
    if place is None:
        return []
    out = []
    for a, b in sectors:
        name = place.norm + text[a:b] + "行业党委"
        out.append(Mention(start=a, end=end + len("行业党委"), text=text[a:end + len("行业党委")],
                           label=EntityLabel.ORG, norm=name, key=entity_key(EntityLabel.ORG, name),
                           rule="sector", info=BodyInfo(kind=OrgKind.COMMITTEE, of=place.key)))
    return out


def _full_host_name(org: Mention, article: Article) -> Mention:
    """``拉萨经开区党工委`` is 拉萨经济技术开发区党工委: a body named after an abbreviated
    county-level zone takes the zone's official name (GUIDELINES: the fullest form)."""
    place = next((m for m in _places_starting(article).get(org.start, ())
                  if m.place_info.abbreviation), None)
    if place is None:
        return org
    name = place.norm + org.text[place.end - place.start:]
    return replace(org, norm=name, key=entity_key(EntityLabel.ORG, name))


def _inherit_host(org: Mention, found: _Found, article: Article) -> Mention:
    """``…机关第四监督检查室党支部联合第五监督检查室党支部``: a body named by an ordinal
    alone takes the host of the ordinal body before it in the sentence."""
    if not org.norm.startswith("第"):
        return org
    s_start, _ = article.sentence_of(org.start)
    for prev in reversed(found.orgs):
        if prev.start >= s_start and "第" in prev.norm[1:]:
            host = prev.norm[: prev.norm.index("第", 1)]
            name = host + org.norm
            return Mention(start=org.start, end=org.end, text=org.text, label=org.label,
                           norm=name, key=entity_key(EntityLabel.ORG, name), rule="inherited-host",
                           info=replace(prev.body_info, kind=org.body_info.kind))
    return org


def recognize_orgs(article: Article, resources: Resources, *, province: str | None,
                   namesakes: frozenset[str] = frozenset()) -> Article:
    """Add Party organisation and unit mentions (with ``of``/``parent`` attributes);
    ``province`` is the page's (a province-level city completes a bare 市), ``namesakes``
    the village names the page gives to two places (see :func:`village_namesakes`)."""
    text = article.text
    muni = _municipality(province, resources)
    found = _Found()
    for name, kind in _CENTRAL.items():
        for m in re.finditer(name, text):
            found.append(_org_mention(text, m.start(), m.end(), kind, "central"))
    for m in _ORDINAL_LIST.finditer(text):
        host_start = _walk_left(text, m.start(), resources, article)
        if _RE_UNIT.search(text[host_start:m.start()]):
            found.append(_unit_mention(text, host_start, m.start()))
        for ordinal in m.group(1).split("、"):
            full = text[host_start:m.start()] + ordinal + m.group(2)
            info, _ = _host_attrs(article, text, host_start, m.start(), found)
            found.append(Mention(start=host_start, end=m.end(), text=m.group(0), label=EntityLabel.ORG,
                                 norm=full, key=entity_key(EntityLabel.ORG, full), rule="ordinal-list",
                                 info=replace(info, kind=_KIND_OF[m.group(2)])))
    for m in RE_BODY_SUFFIX.finditer(text):
        if found.covered.covers(m.start()):
            continue
        if _RE_SUFFIX_CONTINUES.match(text, m.end()) and m.group(0) in ("党组", "组织部", "党委"):
            continue
        window = text[max(0, m.start() - 14):m.start()]
        if (quoted := _RE_QUOTED_HOST.search(window)) \
                or (m.group(0).startswith("联合") and (quoted := _RE_QUOTED_JOINT_HOST.search(window))):
            name = quoted.group(1) + m.group(0)
            found.append(Mention(start=m.start() - len(quoted.group(0)), end=m.end(),
                                 text=text[m.start() - len(quoted.group(0)):m.end()],
                                 label=EntityLabel.ORG, norm=name, key=entity_key(EntityLabel.ORG, name),
                                 rule="quoted-host", info=BodyInfo(kind=_KIND_OF[m.group(0)])))
            continue
        start = _snap_to_places(article, _walk_left(text, m.start(), resources, article), m.start(),
                                namesakes)
        if start == m.start() and _KIND_OF[m.group(0)] in _ORGANS_OF_A_COMMITTEE:
            # 田阳区委|组织部: jieba cuts 田阳区/委 and the walk stops at 委; the committee
            # found right before is the host
            if (committee := _committee_ending_at(found, m.start())) is not None:
                start = committee.start
            if start == m.start() and (organ := _organ_after_standing_member(text, m, found)):
                found.append(organ)  # 安吉县委常委、组织部部长: the county committee's department
                continue
            if start == m.start() and (organ := _coordinated_organ(text, m, found)):
                found.append(organ)  # 县委组织部、宣传部: the second department of one committee
                continue
        if start == m.start() and m.group(0) in _STANDALONE \
                and (definite := _definite_body(text, start, m, found)):
            found.append(definite)  # 长冈乡油茶产业联村党委 … 联村党委推行…: the body named before
            continue
        if start == m.start() and m.group(0) in _STANDALONE:
            # 洛江镇…4个村成立联村党委: the joint committee of the villages of a township
            town = _township_before(article, m.start()) or subject_place(article, Level.TOWNSHIP)
            found.append(_org_mention(text, start, m.end(), _KIND_OF[m.group(0)], "suffix",
                                      BodyInfo(of=town.key if town else None)))
            continue
        if _RE_ORGANS_CLASS.match(text[start:m.start()]) and m.group(0) not in ("机关工委", "党委"):
            continue
        shorthand = _is_shorthand(text[start:m.start()], m.group(0)) \
            and subject_place(article, Level.PREFECTURE if text[start] == "市" else Level.COUNTY)
        if not shorthand and not _is_named(text, start, m.start(), article, resources):
            if start == m.start() and m.group(0) in _COMMITTEE_SHORT_FORMS \
                    and (definite := _definite_body(text, start, m, found)):
                found.append(definite)  # 前郭县委组织部 … 县委: the committee the text named
            elif abbreviated := _resolve_abbreviation(article, text, start, m, namesakes,
                                                      resources.tokenizer):
                found.append(abbreviated)
            elif generic := _generic_host_body(article, text, start, m, found):
                found.append(generic)
            elif definite := _definite_body(text, start, m, found):
                found.append(definite)
            elif parent := next((f for f in found.by_span.get((start, m.start()), ())
                                 if f.rule in ("abbreviation", "definite")), None):
                # 区委组织部: the department of the committee 区委 resolved to (金牛区委)
                name = parent.norm + m.group(0)
                found.append(Mention(start=start, end=m.end(), text=text[start:m.end()],
                                     label=EntityLabel.ORG, norm=name, key=entity_key(EntityLabel.ORG, name),
                                     rule="abbreviation",
                                     # the committee's place is its organ's (县委宣传部 -> 县)
                                     info=BodyInfo(kind=_KIND_OF[m.group(0)], of=parent.body_info.of,
                                                   parent=parent.key)))
            elif m.group(0) == "行业党委":
                found.extend(_sector_committees(article, text, start, m.start(), resources))
            continue
        info, unit = _host_attrs(article, text, start, m.start(), found)
        org = _org_mention(text, start, m.end(), _KIND_OF[m.group(0)], "suffix", info)
        if unit:
            unit = _expand_level_word(unit, article, muni=muni)
        org = _expand_level_word(_full_host_name(org, article), article, unit, muni)
        found.append(_inherit_host(org, found, article))
        found.extend(_coordinated_places(article, org))
        if unit:
            found.append(unit)
    found += _bodies_of_counted_places(article, text)
    # 一个跨村联合党支部, 一家食品企业党支部: a body or unit introduced by an indefinite count
    # is described, not named
    found = [f for f in found if not _RE_INDEFINITE.search(f.norm)]
    found = _without_party_prefix(found)
    found = _short_names_in_unit(text, found)
    found += _standalone_units(article, resources, found, muni, namesakes)
    found += _bodies_of_named_units(text, found)
    found += _definite_units(text, found)
    # a title is one name: 中国共产党支部 in 《中国共产党支部工作条例》 is no body
    titles = SpanSet(m.span() for m in RE_TITLE.finditer(text))  # documents, books, songs
    found = [f for f in found if not titles.contains(f.start, f.end)]
    article.mentions = sorted([*article.mentions, *_dedupe(found)], key=lambda x: (x.start, x.end))
    return article


#: one, a few, some + a classifier of bodies and units (not 第一, an ordinal)
_RE_INDEFINITE = re.compile("(?<!第)(?:[一几]|若干)[个家所座]")
#: 两县县委组织部, 三镇党委, 两村党支部: the bodies of the places of one level the article has
#: named, counted (a count, a level character, and the body of a place of that level)
COUNTS = "两二三四五"
COUNT_VALUES = {c: v for c, v in numeral_values().items() if c in COUNTS}
_RE_COUNTED_PLACES_BODY = re.compile(
    f"([{COUNTS}])(?:(县|市|区|旗)(?=\\2委)|(镇|乡|街道|村|社区)(?=党))"
    "((?:县|市|区|旗)委(?:组织部|宣传部|统战部)?|党委|党工委|党支部|党总支)")
_LEVEL_OF_CHAR = {"县": Level.COUNTY, "市": Level.COUNTY, "区": Level.COUNTY, "旗": Level.COUNTY,
                  "镇": Level.TOWNSHIP, "乡": Level.TOWNSHIP, "街道": Level.TOWNSHIP,
                  "村": Level.VILLAGE, "社区": Level.VILLAGE}


def _bodies_of_counted_places(article: Article, text: str) -> list[Mention]:
    """``定日县、拉孜县 … 在两县县委组织部的牵线下``: each named county's department (and
    its committee) when the article names exactly as many places of that level, ending with
    that level character, as the count says; otherwise no body can be told."""
    out = []
    for m in _RE_COUNTED_PLACES_BODY.finditer(text):
        word = m.group(2) or m.group(3)
        places = {p.key: p for p in _place_mentions(article) if p.kb_id and p.start < m.start()
                  and p.place_info.level is _LEVEL_OF_CHAR[word] and p.norm.endswith(word)}
        if len(places) != COUNT_VALUES[m.group(1)]:
            continue

        def body(name: str, kind: OrgKind, of: str, parent: str | None = None,
                 span: re.Match[str] = m) -> Mention:
            return Mention(start=span.start(), end=span.end(), text=span.group(0), label=EntityLabel.ORG,
                           norm=name, key=entity_key(EntityLabel.ORG, name), rule="counted-places",
                           info=BodyInfo(kind=kind, of=of, parent=parent))

        written = m.group(4)
        for place in places.values():
            if written.endswith("委") or "委" not in written:  # 县委, 党委, 党支部: one body
                own = written[len(word):] if written.startswith(word) else written
                out.append(body(place.norm + own, _KIND_OF[written if written in _KIND_OF else own],
                                place.key))
                continue
            committee = body(place.norm + "委", OrgKind.COMMITTEE, place.key)
            organ = written[len(word) + 1:]
            out += [committee, body(committee.norm + organ, _KIND_OF[organ], place.key, committee.key)]
    return out


#: a department of a university: 西藏藏医药大学藏医系 (系 alone is too common a character)
_RE_DEPARTMENT = re.compile(r"(?:大学|学院)[\u4e00-\u9fff]{1,8}?系(?![统列数])")


def _teams_of_place(article: Article, text: str, end: int) -> int:
    """Start of ``孜托镇各驻村工作队`` (the teams of a place, with 各) or of
    ``驻米林县南伊乡各村工作队`` (stationed in the villages of a place: with 驻 the whole
    place phrase belongs to the name); ``end`` where it stays if neither."""
    lead = "各村" if text[end - 2:end] == "各村" else "各" if text[end - 1:end] == "各" else ""
    last = next(iter(_places_ending_at(article, end - len(lead))), None) if lead else None
    if last is None:
        return end
    start = last.start
    chain_start = place_chain_start(article, start)
    if text[chain_start - 1:chain_start] == "驻":
        return chain_start - 1
    return start


_MAX_REGISTERED = 32


def _registered_name_start(article: Article, text: str, end: int,
                           bodies: list[Mention]) -> int | None:
    """Start of a registered company name, ``西藏大唐国际怒江上游水电开发有限公司``: it runs
    from a place name to 有限公司 and may hold verbs of its trade (开发, 投资), so jieba's
    tags cannot bound it; the leftmost place with no punctuation and no Party body up to
    the suffix does (``四那村党支部联合广西田阳农业开发有限公司``: the company starts at 广西)."""
    if not text[max(0, end - 2):end] == "有限":
        return None
    lo = end - _MAX_REGISTERED
    for m in sorted(_place_mentions(article), key=lambda x: x.start):
        # punctuation and 的 bound the name (会川镇的|甘肃陇渭药业有限公司), another function
        # character does not: a trade name may hold one (天津市和顺物业服务有限公司)
        if lo <= m.start < end and not any(ch in _PUNCTUATION or ch == "的" for ch in text[m.start:end]) \
                and not any(m.start < b.end <= end for b in bodies if b.label is EntityLabel.ORG):
            return m.start
    return None


#: 中共 (the Communist Party of China) before a local body: 中共布尔津县委 is 布尔津县委, as
#: GUIDELINES.md names bodies; 中共中央 keeps it (the Central Committee's own name)
_PARTY_PREFIX = "中共"


def _without_party_prefix(found: list[Mention]) -> list[Mention]:
    renamed = {m.key: m.norm[len(_PARTY_PREFIX):] for m in found if m.label is EntityLabel.ORG
               and m.norm.startswith(_PARTY_PREFIX) and not m.norm.startswith("中共中央")
               and len(m.norm) - len(_PARTY_PREFIX) >= 3}
    if not renamed:
        return found
    keys = {old: entity_key(EntityLabel.ORG, name) for old, name in renamed.items()}
    out = []
    for m in found:
        out.append(replace(m.rekeyed(keys), norm=renamed[m.key]) if m.key in renamed else m.rekeyed(keys))
    return out


def _standalone_units(article: Article, resources: Resources, found: list[Mention],
                      muni: Municipality = None, namesakes: frozenset[str] = frozenset()) -> list[Mention]:
    text = article.text
    units: list[Mention] = []
    in_found = SpanSet((f.start, f.end) for f in found)
    in_units = GrowingSpans()  # what ``units`` covers, kept up as it grows

    def keep(unit: Mention) -> None:
        units.append(unit)
        in_units.add(unit.start, unit.end)

    for m in _RE_DEPARTMENT.finditer(text):  # the university's name ends where 大学 starts
        start = _snap_to_places(article, _walk_left(text, m.start(), resources, article), m.start(),
                                namesakes)
        if start < m.start() and not in_found.covers(m.start()):
            keep(_unit_mention(text, start, m.end()))
    for m in _RE_UNIT.finditer(text):
        if in_found.covers(m.start()) or in_units.covers(m.start()):
            continue
        if m.group(0) in _HOST_ONLY_HEADS:
            continue  # too short or too common to stand alone
        if not resources.tokenizer.aligned(text, m.end(), m.end()):
            continue  # 大学 in 大学生 is no unit
        start = _registered_name_start(article, text, m.start(), found) \
            or _snap_to_places(article, _walk_left(text, m.start(), resources, article), m.start(), namesakes)
        if start == m.start():
            start = _teams_of_place(article, text, m.start())
        stationed = _stationed_in(article, text, start) if m.group(0).endswith("工作队") else None
        if stationed is not None:
            start = stationed  # 驻热角村工作队: the team is named by the village it is in
        host = text[start:m.start()]
        if _RE_BODY_IN_HOST.search(host):
            continue  # 村党组织领办养殖合作社: a model of organisation, not a unit's name
        if host.startswith("派驻") or _RE_BATCH.search(host):
            continue  # 派驻那曲分行: sent, its sender unnamed; 第十三批/首批驻村工作队: a batch
        if level := _LEVEL_WORD_UNIT.get(host):
            # 市公安局, 地区驻村办 in an article about a city or prefecture
            if unit := _level_word_unit(article, text, start, m.end(), level, muni):
                keep(unit)
            continue
        if len(host) < 2 or not _is_named(text, start, m.start(), article, resources):
            continue
        place = _host_place(article, start, m.start())
        if place is None and len(host) < 3:
            continue
        unit = _unit_mention(text, start, m.end(), place.key if place else None)
        if stationed is not None and text[start] != "驻":
            name = "驻" + unit.norm
            unit = replace(unit, norm=name, key=entity_key(EntityLabel.UNIT, name))
        if stationed is not None and (sender := _sender_of_team(article, text, unit, resources, muni)):
            # 阿克苏地区水利局驻巴夏克其村工作队: the team is named with the unit that sent it
            keep(sender)
            name = sender.norm + unit.norm
            unit = replace(unit, norm=name, key=entity_key(EntityLabel.UNIT, name),
                           start=sender.start, text=text[sender.start:unit.end])
        keep(_strip_seat(unit, article))
    return units


#: a Party body inside a unit's host: a unit hosts bodies, its name holds none -- the body
#: words of kg/data/lexicon/party_bodies.tsv with 党 in them, and 党组织, the Party
#: constitution's general word for any of them
_RE_BODY_IN_HOST = re.compile(alternation(
    sorted({s for s, kind in ORG_SUFFIXES if "党" in s and kind in (
        OrgKind.COMMITTEE, OrgKind.BRANCH, OrgKind.GENERAL_BRANCH, OrgKind.GROUP)} | {"党组织"})))
#: a batch of teams, anywhere in the host: 第十三批驻村工作队, 2011年原林芝地区首批驻村工作队
_RE_BATCH = re.compile(rf"(?:第[{_ORDINAL}\d]+|首)批")


def _level_word_unit(article: Article, text: str, start: int, end: int,
                     level: Level, muni: Municipality = None) -> Mention | None:
    """``市公安局``, ``地区驻村办``, ``州农业农村局``: the unit of the article's place of that
    level (on a page of a province-level city, 市 is that city)."""
    host = text[start:end]
    word = _opening_level_word(host) or ""
    place = subject_place(article, level, ending=word)
    if place is not None:  # the place as the article writes it (前郭县, not 前郭尔罗斯蒙古族自治县)
        name, of = _as_written(place, word, article) + host[len(word):], place.key
    elif word == "市" and muni is not None:
        name, of = muni[0] + host[len(word):], muni[1]
    else:
        return None
    return Mention(start=start, end=end, text=host, label=EntityLabel.UNIT, norm=name,
                   key=entity_key(EntityLabel.UNIT, name), rule="level-word", info=BodyInfo(of=of))


def _sender_of_team(article: Article, text: str, team: Mention, resources: Resources,
                    muni: Municipality = None) -> Mention | None:
    """The unit named right before a team's 驻 (自治区农业农村厅|驻克皮乃克村工作队), or None."""
    if text[team.start] == "驻":
        zhu = team.start
    else:
        zhu = place_chain_start(article, team.start) - 1
        if zhu < 0 or text[zhu] != "驻":
            return None
    if zhu < 3:
        return None
    start = _walk_left(text, zhu, resources, article)
    host = text[start:zhu]
    unit = _RE_UNIT.search(host)
    if len(host) < 3 or unit is None or unit.end() != len(host) or "工作队" in host:
        return None
    sender = _unit_mention(text, start, zhu)
    return _expand_level_word(sender, article, muni=muni)


def _stationed_in(article: Article, text: str, start: int) -> int | None:
    """``驻日土县热角村工作队``: where 驻 precedes the place chain before a team, the start of
    the most specific place (the team is named 驻热角村工作队); None without 驻."""
    first = next(iter(_places_starting(article).get(start, ())), None)
    if first is None:
        return start - 1 if text[start - 1:start] == "驻" else None
    chain_start = place_chain_start(article, start)
    return start if text[chain_start - 1:chain_start] == "驻" else None


def _strip_seat(unit: Mention, article: Article) -> Mention:
    """``阿里地区阿琼多人力资源物业服务公司``: a company after the full name of its seat is
    named without it (a registered name uses a short form: 西藏大唐…有限公司)."""
    if not unit.norm.endswith("公司"):
        return unit
    seat = next((p for p in _places_starting(article).get(unit.start, ())
                 if p.text == p.norm
                 and p.place_info.level not in (Level.PROVINCE, Level.COUNTY, Level.TOWNSHIP)), None)
    if seat is None or len(unit.norm) - len(seat.text) < 6:
        return unit
    name = unit.norm[len(seat.text):]
    return replace(unit, norm=name, key=entity_key(EntityLabel.UNIT, name), info=BodyInfo(of=seat.key))


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for m in sorted(mentions, key=lambda x: (x.start, x.end, x.key)):
        ident = (m.start, m.end, m.key)
        if ident not in seen:
            seen.add(ident)
            out.append(m)
    return out


def village_namesakes(articles: Iterable[Article]) -> frozenset[str]:
    """The village names a page gives to two different places (温宿县克孜勒镇巴夏克其村 and
    墨玉县扎瓦镇巴夏克其村): bodies named after them keep their township."""
    towns: dict[str, set[str]] = {}
    for article in articles:
        for m in article.mentions:
            if m.label is EntityLabel.PLACE and m.place_info.level is Level.VILLAGE:
                # the township each mention puts the village in; a mention that puts it
                # nowhere (an orphan, adopted at merge) says nothing of namesakes
                town = m.kb_id[:9] if m.kb_id else (m.place_info.parent_code or "")[:9]
                if town:
                    towns.setdefault(m.norm, set()).add(town)
    return frozenset(name for name, found in towns.items() if len(found) > 1)

