"""Finding places at every level and linking each to its 统计用区划代码.

Steps, each a small function:

1. **match** every surface form of provinces .. townships (Aho-Corasick), keep matches
   that sit on jieba token boundaries (``索县`` inside ``探索县域`` is dropped) and are no
   conjunction or slogan tail (``乡镇和县直``, ``科教兴县``), choose leftmost-longest
   (``白朗县`` over ``朗县``);
2. **chains** (``拉萨市尼木县卡如乡``): each name restricts the next to its children;
3. **context**: names that are still ambiguous are decided by the unambiguous places of
   the article, then by the page's province (from its places, masthead or a province's
   short form); short county forms (``尼木``) need such context, a list ending in ``县``,
   or a dateline; counties named by a common word (``城区``) only follow their prefecture;
4. **villages**: the villages of the counties the article is about are matched; a
   ``X村``/``X社区``/``X嘎查`` after a township that the gazetteer lacks becomes an unlinked
   village, as does an ``X乡``/``X镇``/``X街道``/``X苏木`` right after a county (a
   township merged away) -- or the listed township one character off when the village
   after it fixes it;
5. ``自治区``/``全区``/``我区``/``区内`` mean the page's province when it is autonomous;
   ``全区`` right after a district in its sentence means that district.

Anything context cannot decide stays an unlinked place with its candidate codes noted:
an honest "unknown" beats a confident wrong code.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from kg.constants import EntityLabel, Level, PartKind
from kg.data import alternation, function_chars, level_words, numerals, table
from kg.gazetteer import DERIVED, FULL, HISTORIC, SHORT, Alias, Gazetteer
from kg.keys import place_key, unlinked_place_key
from kg.resources import Resources
from kg.spans import GrowingSpans, SpanSet
from kg.tokenize import FrozenTokenizer
from kg.types import Article, Mention, PlaceInfo

#: Words ending in 村/社区 that are common nouns, not villages (GUIDELINES.md "generic").
_STEM_ROWS = table("lexicon/village_stems.tsv")
_GENERIC_VILLAGE_STEMS = re.compile(
    f"^(?:{alternation(r['stem'] for r in _STEM_ROWS if r['match'] == 'whole')})$"
    f"|(?:{alternation(r['stem'] for r in _STEM_ROWS if r['match'] == 'end')})$")
_RE_VILLAGE_AFTER = re.compile(r"[\u4e00-\u9fff]{1,4}?(?:村|社区|嘎查)")
_RE_TOWNSHIP_AFTER = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:乡|镇|街道|苏木)")
_RE_VILLAGE_BEFORE_BODY = re.compile(r"(?:村|社区)(?=党总支|党支部|党委|驻村工作队|工作队|两委|村委会)")
#: Characters that begin a clause, never a village name (在然乌村 is 在 + 然乌村).
_JOINERS = function_chars("place_joiner") | {"、"}
_FUNCTION_CHARS = function_chars("place_stem")
_CONJUNCTIONS = function_chars("place_conjunction")
#: An enumeration of county short forms: 札达、普兰、日土、噶尔4个边境县
_RE_COUNTY_LIST_END = re.compile(
    rf"[、，和及与\u4e00-\u9fff]{{0,30}}?(?:[等\d{numerals('digit', 'ten')}]+个)?(?:边境)?县")
_REGION_WORDS = tuple(level_words("region"))
_ZONE_FORMS = tuple(level_words("zone-short"))
#: What follows a place name that names a street: 北京东路, 中山路, 延安大街 (a 街道 is a
#: township); a name ending in its level character (仲巴县路段) is the place.
_RE_ROAD_AFTER = re.compile(r"[东西南北中]?(?:路|大道|大街|街(?!道))")
_LEVEL_CHARS = frozenset(level_words("ends"))
#: jieba tags of a word that makes a two-character county after it a slogan (科教兴县,
#: 产业富县, 旅游兴县): nouns, verbal nouns, adjectives -- not places, verbs, prepositions.
_SLOGAN_TAGS = frozenset({"n", "vn", "an", "a", "nz"})
#: Level words of two characters; any other level word is one (村, 乡, 镇).
_TWO_CHARACTER_LEVELS = tuple(level_words("two-character"))
#: the level words of townships and villages, which a short form of a higher place never
#: precedes as itself (巴彦淖尔嘎查 is a village, not 巴彦淖尔市)
_LOWER_LEVEL_WORDS = tuple(w for w, lv in {**level_words("ends"), **level_words("two-character")}.items()
                           if lv in ("township", "village"))
_ZONE_NAMES = tuple(level_words("zone"))
_AUTONOMOUS_SUFFIX = "自治区"


@dataclass
class PlaceHit:
    """A candidate place mention before it becomes a :class:`Mention`."""

    start: int
    end: int
    form: str
    aliases: tuple[Alias, ...]
    codes: tuple[str, ...] = ()
    rule: str = "gazetteer"
    parent_code: str | None = None
    name: str | None = None  # for unlinked places
    level: Level | None = None

    def __post_init__(self) -> None:
        if not self.codes:
            self.codes = tuple(sorted({a.code for a in self.aliases}))

    @property
    def kinds(self) -> set[str]:
        return {a.kind for a in self.aliases}

    @property
    def linked(self) -> bool:
        return len(self.codes) == 1


# -- 1. matching -------------------------------------------------------------------
def _select_longest(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    chosen: list[tuple[int, int, str]] = []
    for start, end, form in sorted(spans, key=lambda s: (s[0], s[0] - s[1])):
        if chosen and start < chosen[-1][1]:
            continue
        chosen.append((start, end, form))
    return chosen


#: the level words whose place's committee jieba writes as one word with them (康定|市委,
#: 米林|市委组织部): the place ends inside that word, and the word is its committee's
_COMMITTEE_LEVELS = frozenset(level_words("ends")) - {"村"}


def _before_its_committee(text: str, span: tuple[int, int, str]) -> bool:
    """``康定市委``: a place ending with its level word right before 委 is aligned even
    though jieba cuts 康定|市委 (the committee of the place, 市委, is one dictionary word)."""
    end = span[1]
    return text[end - 1:end] in _COMMITTEE_LEVELS and text[end:end + 1] == "委"


def match_places(text: str, resources: Resources) -> list[PlaceHit]:
    """Gazetteer matches on token boundaries, leftmost-longest, with their aliases.

    Only the matches leftmost-longest selection keeps are checked against jieba (most raw
    matches are shorter forms inside longer ones); a rejected one frees its span for the
    matches it overlapped, and selection runs again.
    """
    gaz, tok = resources.gaz, resources.tokenizer
    spans = gaz.iter_matches(text)
    checked: dict[tuple[int, int, str], bool] = {}
    while True:
        chosen = _select_longest(spans)
        rejected = set()
        for span in chosen:
            if span not in checked:
                checked[span] = (tok.aligned(text, span[0], span[1]) or (
                    _before_its_committee(text, span) and tok.aligned(text, span[0], span[0]))) \
                    and not _names_a_street(text, span) \
                    and not _conjunction_county(text, span, gaz) and not _slogan_county(text, span, tok)
            if not checked[span]:
                rejected.add(span)
        if not rejected:
            break
        spans = [span for span in spans if span not in rejected]
    return [PlaceHit(s, e, f, gaz.aliases[f]) for s, e, f in chosen]


def _glued_two_characters(text: str, span: tuple[int, int, str]) -> bool:
    """A two-character name (和县, 兴县) right after a Chinese character: the two traps
    below only concern these."""
    start, _end, form = span
    return len(form) == 2 and start > 0 and _is_cjk(text[start - 1])


def _conjunction_county(text: str, span: tuple[int, int, str], gaz: Gazetteer) -> bool:
    """``和县`` inside ``乡镇和县直单位``: a two-character county whose first character is a
    conjunction, glued to the word before it, is that conjunction and 县 -- unless its own
    prefecture comes right before (马鞍山市和县)."""
    start, _end, form = span
    if not _glued_two_characters(text, span) or form[0] not in _CONJUNCTIONS:
        return False
    prefectures = {gaz.divisions[a.code[:4]].name for a in gaz.aliases[form]
                   if len(a.code) == 6 and a.code[:4] in gaz.divisions}
    return not any(text.endswith(name, 0, start) for name in prefectures)


def _slogan_county(text: str, span: tuple[int, int, str], tok: FrozenTokenizer) -> bool:
    """``科教兴县``: a two-character county name (兴县, 富县) glued to a noun before it is
    the verb-object tail of a slogan; after a place (吕梁市兴县), a verb (走进兴县) or a
    preposition it is the county."""
    if not _glued_two_characters(text, span):
        return False
    start = span[0]
    before = list(tok.jieba.cut(text[max(0, start - 6):start], HMM=False))
    return bool(before) and tok.tags.get(before[-1]) in _SLOGAN_TAGS


def _names_a_street(text: str, span: tuple[int, int, str]) -> bool:
    """``北京东路``, ``中山路``: a short form before 路/大道/大街 names a street. A full name
    with its level character does not (``仲巴县路段``, ``卡如乡路口``)."""
    return span[2][-1] not in _LEVEL_CHARS and bool(_RE_ROAD_AFTER.match(text, span[1]))


# -- 2. chains ---------------------------------------------------------------------
def _under(codes: tuple[str, ...], parents: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c for c in codes if any(c.startswith(p) and len(c) > len(p) for p in parents))


def resolve_chains(hits: list[PlaceHit]) -> None:
    """Adjacent names restrict each other: in 拉萨市城关区, 城关区 is Lhasa's."""
    for prev, hit in zip(hits, hits[1:], strict=False):
        if prev.end != hit.start:
            continue
        narrowed = _under(hit.codes, prev.codes)
        if narrowed:
            hit.codes = narrowed
            hit.rule = "chain"
            prev.codes = tuple(p for p in prev.codes if any(c.startswith(p) for c in narrowed))


# -- 3. context --------------------------------------------------------------------
def _is_trusted(hit: PlaceHit) -> bool:
    return hit.linked and bool(hit.kinds & {FULL, HISTORIC, DERIVED}) \
        and (hit.rule == "chain" or not _like_township(hit.codes[0]))


def _like_township(code: str) -> bool:
    """A 类似乡级单位: township-level codes 400–599 are state farms, forestry bureaus, zones
    and the like (国家统计局《统计用区划代码编制规则》), often named by a class noun
    (林业局, 农场, 良种场): 安吉县林业局 is the county's bureau, not a township in Heilongjiang."""
    return len(code) == 9 and "400" <= code[6:] <= "599"


def _in_its_region(code: str, context: set[str]) -> bool:
    """Some other place of the article contains ``code``'s place (its county or prefecture)."""
    return any(c != code and len(c) >= 4 and code.startswith(c) for c in context)


def _context_codes(hits: list[PlaceHit]) -> set[str]:
    return {hit.codes[0] for hit in hits if _is_trusted(hit)}


def page_province(hits: list[PlaceHit], default: str | None = None,
                  masthead: str | None = None) -> str | None:
    """The province most of a page's unambiguous places lie in (ties: the default); with
    none, the province of the page's masthead (新华日报: 江苏), then of the short form of a
    province or prefecture (北京 in 北京日报, 长春 in 长春日报), then the default."""
    counts = Counter(hit.codes[0][:2] for hit in hits if _is_trusted(hit))
    if not counts and masthead:
        return masthead
    if not counts:
        counts = Counter(hit.codes[0][:2] for hit in hits if hit.linked and len(hit.codes[0]) <= 4)
    if not counts:
        return default
    ranked = counts.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return default or ranked[0][0]
    return ranked[0][0]


def _decide(hit: PlaceHit, context: set[str], province: str | None) -> None:
    if hit.linked:
        return
    named = [code for code in hit.codes if code in context]
    if len(named) == 1:  # 乌鲁木齐 after 乌鲁木齐市 is that city, not 乌鲁木齐县 inside it
        hit.codes, hit.rule = (named[0],), "context"
        return
    best: list[str] = []
    depth = 0
    for code in hit.codes:
        for ctx in context:
            if code != ctx and code.startswith(ctx) and len(ctx) >= depth:
                if len(ctx) > depth:
                    best, depth = [], len(ctx)
                best.append(code)
    best = sorted(set(best))
    if len(best) == 1:
        hit.codes, hit.rule = (best[0],), "context"
        return
    pool = tuple(best) or hit.codes
    if province and len(pool[0]) <= 6:
        in_province = tuple(c for c in pool if c.startswith(province))
        if len(in_province) == 1:
            hit.codes, hit.rule = in_province, "province"
            return
        if in_province:  # 鼓楼区 in a Jiangsu paper: Nanjing's or Xuzhou's, not Fuzhou's
            pool = in_province
    hit.codes = pool


def _short_form_codes(hit: PlaceHit, text: str, article: Article, context: set[str],
                      province: str | None) -> tuple[str, ...]:
    """The codes a short form (``西藏``, ``阿里``, ``尼木``) may stand for here.

    A province's short form always counts. A prefecture's counts in its own province
    (``怒江`` in 大唐怒江公司 on a Tibetan page is no place). A county's needs more: a
    dateline, a list ending in 县 (``札达、普兰、日土、噶尔4个边境县``), or its
    prefecture among the article's places.
    """
    in_dateline = article.part_of(hit.start) is PartKind.DATELINE
    county_list = bool(_RE_COUNTY_LIST_END.match(text, hit.end))
    if text.startswith(_LOWER_LEVEL_WORDS, hit.end):
        return ()  # 巴彦淖尔|嘎查, 拉萨|村: the short form opens the name of a lower place
    kept = []
    for code in hit.codes:
        if len(code) == 2:
            kept.append(code)
        elif len(code) == 4:
            if province is None or code.startswith(province) or code in context or in_dateline:
                kept.append(code)
        elif in_dateline or county_list or (code[:4] in context and _stands_alone(text, hit)):
            kept.append(code)
    return tuple(kept)


def _stands_alone(text: str, hit: PlaceHit) -> bool:
    """A short form glued between Chinese characters (纳玛达孜以工代赈) is part of
    another name; standing alone, it is delimited by punctuation or a conjunction."""
    before = text[hit.start - 1] if hit.start else ""
    after = text[hit.end] if hit.end < len(text) else ""
    return (not _is_cjk(before) or before in _JOINERS) and (not _is_cjk(after) or after in _JOINERS)


def _is_cjk(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


def apply_context(hits: list[PlaceHit], article: Article, province: str | None) -> list[PlaceHit]:
    """Decide ambiguous hits from the article's unambiguous places and the province."""
    text = article.text
    context = _context_codes(hits)
    kept: list[PlaceHit] = []
    ends = {h.end: h for h in hits if h.form[-1] in _LEVEL_CHARS}
    for hit in hits:
        only_short = hit.kinds == {SHORT}
        if only_short and hit.rule != "chain" and hit.start in ends:
            continue  # 阜平县嘉禾菌业有限公司: a short form glued to a full name that is not
            # its parent opens the name of a company or a unit there (嘉禾 is no 嘉禾县 here)
        if only_short and hit.rule != "chain":
            hit.codes = _short_form_codes(hit, text, article, context, province)
            if not hit.codes:
                continue
        _decide(hit, context, province)
        if only_short and not hit.linked:
            continue  # an ambiguous short form is too weak to keep
        if hit.linked and hit.rule != "chain" and _like_township(hit.codes[0]) \
                and not _in_its_region(hit.codes[0], context):
            continue  # 林业局, 农场 far from their county: a class noun, no place
        kept.append(hit)
    return kept


def generic_counties(text: str, hits: list[PlaceHit], gaz: Gazetteer) -> list[PlaceHit]:
    """``阳泉市城区、矿区、郊区``: counties named by a common word, right after their linked
    prefecture and on through a list of its others; anywhere else 城区 is a common noun."""
    found = []
    spans = _spans(hits)
    for hit in hits:
        children = gaz.generic_counties.get(hit.codes[0]) if hit.linked else None
        if not children:
            continue
        pos = hit.end
        while name := next((n for n in sorted(children) if text.startswith(n, pos)), None):
            if spans.overlaps(pos, pos + len(name)):
                break
            found.append(PlaceHit(pos, pos + len(name), name, (Alias(children[name], FULL),),
                                  rule="chain"))
            pos += len(name)
            if text[pos:pos + 1] not in ("、", "和", "及", "与"):
                break
            pos += 1
    return found


# -- 4. villages -------------------------------------------------------------------
def _spans(hits: Iterable[PlaceHit]) -> SpanSet:
    """The hits' spans, asked once per candidate whether they overlap it (a scan of every
    hit for each made a long article quadratic)."""
    return SpanSet((h.start, h.end) for h in hits)


def match_villages(text: str, hits: list[PlaceHit], resources: Resources) -> list[PlaceHit]:
    """Villages of the counties the article names, decided by chain or township context."""
    gaz, tok = resources.gaz, resources.tokenizer
    counties = {h.codes[0][:6] for h in hits if h.linked and len(h.codes[0]) >= 6}
    if not counties:
        return []
    townships = {h.codes[0] for h in hits if h.linked and len(h.codes[0]) == 9}
    spans = []
    codes_of: dict[str, tuple[str, ...]] = {}  # a form's villages, wherever it occurs
    named = _spans(hits)  # a long article has thousands of hits
    for start, end, form, codes in gaz.find_villages(text, counties):
        if not named.overlaps(start, end) and tok.aligned(text, start, end):
            spans.append((start, end, form))
            codes_of[form] = codes
    linked_ending: dict[int, PlaceHit] = {}
    for h in hits:
        if h.linked:
            linked_ending.setdefault(h.end, h)  # the first, as a scan of the hits would find
    found: list[PlaceHit] = []
    for start, end, form in _select_longest(spans):
        codes = codes_of[form]
        before = linked_ending.get(start)
        if before is not None and (narrowed := _under(codes, before.codes)):
            codes, rule = narrowed, "chain"
        elif len(codes) > 1 and (narrowed := _under(codes, tuple(townships))):
            codes, rule = narrowed, "context"
        else:
            rule = "context" if len(codes) == 1 else "ambiguous"
        found.append(PlaceHit(start, end, form, (), codes=codes, rule=rule, level=Level.VILLAGE))
    return found


def _unlinked_village(text: str, start: int, end: int, parent: str | None, rule: str) -> PlaceHit:
    name = text[start:end]
    return PlaceHit(start, end, name, (), codes=(), rule=rule, parent_code=parent,
                    name=name, level=Level.VILLAGE)


def _level_stem(name: str) -> str:
    """The name without its level word: 支尔莫 of 支尔莫乡, 森格 of 森格社区."""
    return name[:-2] if name.endswith(_TWO_CHARACTER_LEVELS) else name[:-1]


def _plausible_village(name: str) -> bool:
    stem = _level_stem(name)
    return bool(stem) and not _GENERIC_VILLAGE_STEMS.search(stem)


def _village_stem_ok(stem: str, tok: FrozenTokenizer) -> bool:
    """A stem of an unlisted village: Chinese, no clause word at either end, no common
    word inside (``组织村党支部`` is 组织 + 村党支部; ``打造在社区党委`` likewise)."""
    if not all("\u4e00" <= ch <= "\u9fff" for ch in stem):
        return False
    if stem[0] in _FUNCTION_CHARS or stem[-1] in _FUNCTION_CHARS:
        return False
    pieces = {stem[i:j] for i in range(len(stem)) for j in range(i + 2, len(stem) + 1)}
    return not any(tok.is_common(piece) for piece in pieces)


def find_unlisted_townships(text: str, hits: list[PlaceHit], resources: Resources) -> list[PlaceHit]:
    """Townships the gazetteer lacks right after a linked county.

    ``昭觉县支尔莫乡`` is a township of 昭觉县 even when no code is left for it (merged
    away or renamed since 2023). The stem is 2-4 characters, no common word (``县城镇``,
    ``各乡镇``, ``开展乡`` are not townships) and on jieba token boundaries.

    When a village of the county follows (``八宿县邦达镇查龙村``) and its township's
    official name differs from the text's by one character (帮达镇: a variant or OCR
    spelling), the chain fixes the township: it is linked to that code.
    """
    tok = resources.tokenizer
    found = []
    spans = _spans(hits)
    for hit in hits:
        if not hit.linked or len(hit.codes[0]) != 6:
            continue
        m = _RE_TOWNSHIP_AFTER.match(text, hit.end)
        if m is None or spans.overlaps(m.start(), m.end()):
            continue
        form = m.group(0)
        stem = _level_stem(form)
        if len(stem) < 2 or not _village_stem_ok(stem, tok) or not tok.aligned(text, m.start(), m.end()):
            continue
        township = _variant_township(form, hit.codes[0], m.end(), hits, resources.gaz)
        if township is not None:
            found.append(PlaceHit(m.start(), m.end(), form, (), codes=(township,), rule="chain-variant"))
        else:
            found.append(PlaceHit(m.start(), m.end(), form, (), codes=(), rule="chain",
                                  parent_code=hit.codes[0], name=form, level=Level.TOWNSHIP))
    return found


def _variant_township(form: str, county: str, end: int, hits: list[PlaceHit],
                      gaz: Gazetteer) -> str | None:
    """The code of the township of the linked village right after ``end`` when its
    official name is ``form`` with one character substituted (same length and suffix)."""
    village = next((h for h in hits if h.start == end and h.linked and len(h.codes[0]) == 12
                    and h.codes[0].startswith(county)), None)
    if village is None:
        return None
    official = gaz.get(village.codes[0][:9])
    if official is None or len(official.name) != len(form) or official.name[-1] != form[-1]:
        return None
    differing = sum(a != b for a, b in zip(official.name, form, strict=True))
    return official.code if differing == 1 else None


def _township_parent(hit: PlaceHit) -> str | None:
    """What a village after this township hit names as its parent: the code of a linked
    township, the key tail (``513431/支尔莫乡``) of an unlinked one whose county is known."""
    if hit.linked and len(hit.codes[0]) == 9:
        return hit.codes[0]
    if not hit.codes and hit.level is Level.TOWNSHIP and hit.parent_code:
        return f"{hit.parent_code}/{hit.name}"
    return None


def find_unlisted_villages(text: str, hits: list[PlaceHit], tok: FrozenTokenizer) -> list[PlaceHit]:
    """Villages the gazetteer lacks (new, merged or renamed), where the text is certain.

    * ``卡如乡赤朗村``: a ``X村``/``X社区`` right after a township (listed or not), parent
      that township;
    * ``加桑村工作队``: a 2-3 character name right before a village body or team.
    """
    found: list[PlaceHit] = []
    spans = _spans(hits)
    for hit in hits:
        if (parent := _township_parent(hit)) is None:
            continue
        m = _RE_VILLAGE_AFTER.match(text, hit.end)
        stem = m.group(0).removesuffix("社区").removesuffix("嘎查").removesuffix("村") if m else ""
        if m and stem and _village_stem_ok(stem, tok) and _plausible_village(m.group(0)) \
                and not spans.overlaps(m.start(), m.end()):
            if tok.aligned(text, m.start(), m.end()):
                found.append(_unlinked_village(text, m.start(), m.end(), parent, "chain"))
    taken = GrowingSpans()
    for hit in (*hits, *found):
        taken.add(hit.start, hit.end)
    for m in _RE_VILLAGE_BEFORE_BODY.finditer(text):
        # a name the chain gave earlier in the article comes first, whatever its length:
        # 支尔莫乡阿土勒尔村 … 阿土勒尔村党支部, not 土勒尔村
        named = sorted({len(v.name) - len(m.group(0)) for v in found
                        if v.name and text.endswith(v.name, 0, m.end())}, reverse=True)
        for size in (*named, 3, 2):
            start, end = m.start() - size, m.end()
            if start < 0 or taken.overlaps(start, end):
                continue
            stem = text[start:m.start()]
            if _village_stem_ok(stem, tok) and _plausible_village(text[start:end]) \
                    and tok.aligned(text, start, end):
                village = _unlinked_village(text, start, end, None, "pattern")
                found.append(village)
                taken.add(village.start, village.end)
                break
    return found


# -- 5. the province of the page ---------------------------------------------------
def region_words(article: Article, hits: list[PlaceHit], province: str | None,
                 gaz: Gazetteer) -> list[PlaceHit]:
    """``自治区``, ``全区``, ``我区``, ``区内`` as mentions of the page's autonomous region.

    ``全区``/``我区``/``区内`` right after a district in the same sentence mean that district
    (``田阳区委组织部负责人介绍，全区152个村``), in any province; a development zone
    (经开区, 高新区) is no district here: ``占全区的23%`` after 拉萨经开区 is the region.
    """
    text = article.text
    autonomous = bool(province) and gaz.divisions[province].name.endswith(_AUTONOMOUS_SUFFIX)
    found = []
    spans = _spans(hits)
    by_start = sorted(range(len(hits)), key=lambda i: hits[i].start)  # stable: ties in hit order
    starts = [hits[i].start for i in by_start]
    for word in _REGION_WORDS:
        for m in re.finditer(word, text):
            if spans.overlaps(m.start(), m.end()):
                continue
            district = _district_before(article, m.start(), hits, (by_start, starts), gaz) \
                if word != "自治区" else None
            if district is not None:
                found.append(PlaceHit(m.start(), m.end(), word, (Alias(district, SHORT),),
                                      rule="region-district"))
            elif autonomous:
                found.append(PlaceHit(m.start(), m.end(), word, (Alias(str(province), SHORT),),
                                      rule="region"))
    return found


def _district_before(article: Article, pos: int, hits: list[PlaceHit],
                     by_start: tuple[list[int], list[int]], gaz: Gazetteer) -> str | None:
    """The code of the district (a county-level 区, not a zone) that is the last place
    named before ``pos`` in its sentence. ``by_start``: the hits' indexes in the order of
    their starts, and those starts (the sentence's hits found by bisection, not a scan)."""
    order, starts = by_start
    sentence_start = article.sentence_of(pos)[0]
    before = [i for i in order[bisect_left(starts, sentence_start):bisect_left(starts, pos)]
              if hits[i].end <= pos]
    if not before:
        return None
    last = hits[max(before, key=lambda i: (hits[i].end, -i))]  # the first of the latest-ending
    if not last.linked or len(last.codes[0]) != 6:
        return None
    division = gaz.get(last.codes[0])
    name = division.name if division else ""
    return last.codes[0] if name.endswith("区") and not name.endswith(_ZONE_NAMES) else None


# -- putting it together -----------------------------------------------------------
def _to_mention(hit: PlaceHit, text: str, gaz: Gazetteer, page: str) -> Mention:
    """The mention of a hit. Identity is the code; an unlinked place is keyed by its parent
    and name, and one without a parent by its page and name (``place:?/p.txt/新华村``):
    parentless namesakes on different pages are not taken for one place (see
    ``kg.merge`` for when one joins a namesake whose parent is known)."""
    if hit.linked:
        code = hit.codes[0]
        division = gaz.get(code)
        name = division.display_name if division else hit.form
        level = division.level if division else hit.level
        parent = gaz.parent(code)
        parent_code, candidates = (parent.code if parent else None), ()
        key = place_key(code)
    else:
        code = None
        name = hit.name or hit.form
        level = hit.level or _common_level(hit.codes)
        parent_code, candidates = hit.parent_code or None, tuple(hit.codes)
        key = unlinked_place_key(name, hit.parent_code, page)
    # 拉萨经开区: bodies named after a short zone name take the full name
    short = hit.linked and hit.kinds == {DERIVED} and hit.form.endswith(_ZONE_FORMS)
    return Mention(start=hit.start, end=hit.end, text=text[hit.start:hit.end],
                   label=EntityLabel.PLACE, norm=name, key=key, kb_id=code, rule=hit.rule,
                   info=PlaceInfo(level=level, parent_code=parent_code, candidates=candidates,
                                  abbreviation=short, short_form=hit.kinds == {SHORT}))


def _common_level(codes: tuple[str, ...]) -> Level | None:
    lengths = {len(c) for c in codes}
    if len(lengths) == 1:
        return {2: Level.PROVINCE, 4: Level.PREFECTURE, 6: Level.COUNTY,
                9: Level.TOWNSHIP, 12: Level.VILLAGE}[lengths.pop()]
    return None


def recognize_places(article: Article, resources: Resources, *, province: str | None,
                     matched: list[PlaceHit] | None = None) -> Article:
    """Add place mentions, linked to codes where context decides, to ``article``.

    ``matched`` may pass the article's gazetteer matches from the province pass
    (:func:`match_page_places`), so they are not computed twice.
    """
    text = article.text
    gaz = resources.gaz
    raw = matched if matched is not None else match_places(text, resources)
    hits = [PlaceHit(h.start, h.end, h.form, h.aliases) for h in raw
            if article.part_of(h.start) is not PartKind.BYLINE]
    resolve_chains(hits)
    hits = apply_context(hits, article, province)
    hits += generic_counties(text, hits, gaz)
    villages = match_villages(text, hits, resources)
    hits = sorted(hits + villages, key=lambda h: h.start)
    resolve_chains(hits)

    hits += find_unlisted_townships(text, hits, resources)
    hits += find_unlisted_villages(text, hits, resources.tokenizer)
    hits += region_words(article, hits, province, gaz)
    hits.sort(key=lambda h: h.start)
    mentions = [_to_mention(hit, text, gaz, article.page) for hit in hits]
    article.mentions = sorted([*article.mentions, *mentions], key=lambda m: (m.start, m.end))
    return article


def match_page_places(articles: list[Article], resources: Resources) -> dict[str, list[PlaceHit]]:
    """Gazetteer matches of every article of a page, by article id."""
    return {article.doc_id: match_places(article.text, resources) for article in articles}


def masthead_province(text: str, gaz: Gazetteer) -> str | None:
    """The province of a newspaper named on one of the page's first three lines
    (``kg/data/mastheads.tsv``: papers whose names do not name their province)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:3]
    return next((code for line in lines for name, code in gaz.mastheads.items()
                 if line.startswith(name)), None)


def first_pass_province(matches: dict[str, list[PlaceHit]], resources: Resources,
                        masthead: str | None = None) -> str | None:
    """The page's province, from the unambiguous places of all its articles."""
    hits: list[PlaceHit] = []
    for article_hits in matches.values():
        copies = [PlaceHit(h.start, h.end, h.form, h.aliases) for h in article_hits]
        resolve_chains(copies)
        hits.extend(copies)
    return page_province(hits, resources.default_province, masthead)


__all__ = ["PlaceHit", "first_pass_province", "match_page_places", "match_places",
           "masthead_province", "recognize_places"]
