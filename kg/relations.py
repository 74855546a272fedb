"""Relations between the entities of one article, each with its evidence sentence.

* ``org_of`` and ``sub_org_of`` come from the structure of a body's name, found by the
  organisation recogniser (``阿扎乡派出所党支部`` -> 阿扎乡派出所; ``林芝市委组织部`` -> 林芝市委);
* ``leads`` from a role before a name (``然乌村党支部书记蒋雄``), or a name the clause
  appoints to lead the body it is about (``临时党支部由X兼任书记``);
* ``implements`` from sentence structure: the actor is a body the sentence forms before
  the programme (…组建X联合党支部，推行“Y”), else the nearest Party body or unit before the
  programme in its sentence that is no verb's object (推动A…: A is pushed), else a place
  in subject position (the sentence's first mention), else the whole area where every
  lower body is the subject (各村党组织按照“X”… -> the county), else the subject an earlier
  sentence of the paragraph opened with (主语承前省略), else the subject of the article
  (its headline or lead). Co-occurrence alone never makes an edge: a body *after* the
  programme is no actor.
* ``located_in`` is added at merge time, from chains and the gazetteer.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from kg.constants import EntityLabel, Level, OrgKind, PartKind, RelationLabel
from kg.data import alternation, level_words, table
from kg.recognize.orgs import COUNT_VALUES, COUNTS, RE_BODY_SUFFIX, place_chain_start, subject_place
from kg.resources import Resources
from kg.spans import SpanSet
from kg.types import Article, Mention, Relation

_ACTORS = (EntityLabel.ORG, EntityLabel.UNIT)

_CUE_ROWS = table("lexicon/relation_cues.tsv")
_SPEECH_WORDS = [row["word"] for row in table("lexicon/person_context.tsv") if row["class"] == "speech"]
#: the one-character level words a text refers to its own place with (县里, 镇里, 我县)
_LEVEL_WORDS = {w: lv for w, lv in level_words("ends").items() if lv != "province"}
_LEVEL_ALTERNATION = alternation(_LEVEL_WORDS)


def _cues(kind: str) -> str:
    """The alternation of the words of ``kind`` in kg/data/lexicon/relation_cues.tsv."""
    return alternation(row["word"] for row in _CUE_ROWS if row["class"] == kind)


_LEAD_ROLE_WORDS = alternation(row["role"] for row in table("lexicon/person_roles.tsv")
                               if row["class"] == "lead")
#: ``临时党支部由村党支部书记才仁多杰兼任书记``: the person after 由 who takes the lead
#: role leads the body the clause is about (the one right before 由)
_RE_APPOINTED = re.compile(rf"(?:担任|兼任|出任|任)(?:{_LEAD_ROLE_WORDS})")
_RE_BY = re.compile(r"[，,]?\s*由")


def _appointed(article: Article, keys: set[str]) -> list[Relation]:
    """``X由（…）Y担任书记``: Y leads X (rule ``appointed``)."""
    rels = []
    bodies = [m for m in article.mentions if m.label in _ACTORS]
    for person in article.mentions:
        if person.label is not EntityLabel.PERSON or not _RE_APPOINTED.match(article.text, person.end):
            continue
        s_start, _ = article.sentence_of(person.start)
        by = article.text.rfind("由", s_start, person.start)
        if by < 0:
            continue
        body = next((b for b in reversed(bodies) if s_start <= b.start and b.end <= by
                     and _RE_BY.fullmatch(article.text[b.end:by + 1])), None)
        if body is not None and body.key in keys:
            rels.append(Relation(person.key, RelationLabel.LEADS, body.key,
                                 article.sentence_of(person.start), "appointed"))
    return rels


def _structural(article: Article, keys: set[str]) -> list[Relation]:
    rels = []
    for m in article.mentions:
        span = article.sentence_of(m.start)
        if m.label is EntityLabel.ORG:
            if (of := m.body_info.of) and of in keys:
                rels.append(Relation(m.key, RelationLabel.ORG_OF, of, span, "name-structure"))
            if (parent := m.body_info.parent) and parent in keys and parent != m.key:
                rels.append(Relation(m.key, RelationLabel.SUB_ORG_OF, parent, span, "name-structure"))
        elif m.label is EntityLabel.PERSON:
            for org in (m.person_info.org, m.person_info.also):
                if org and org in keys:
                    rels.append(Relation(m.key, RelationLabel.LEADS, org, span, "role-name"))
    return rels


#: a body that forms or sets up another is its parent (GUIDELINES.md: 组建/成立/下设 is
#: subordination; forming it together with others, 与…组建, is membership)
_RE_FORMS = re.compile(f"(?:{_cues('forms')})了?$")
_RE_JOINT = re.compile(_cues("joint"))
#: the former is one of several: 甲、乙党支部 / 甲与乙党支部 right before it
_RE_CO_FORMER = re.compile(r"[、与和及同][^，,。；;、与和及同]{0,6}$")


def _formed_sub_orgs(article: Article, keys: set[str]) -> list[Relation]:
    """``镇党委成立产业园联合党委``: the body formed is under the body that formed it."""
    text = article.text
    orgs = [m for m in article.mentions if m.label is EntityLabel.ORG]
    rels = []
    for child in orgs:
        verb = _RE_FORMS.search(text, max(0, child.start - 3), child.start)
        if verb is None:
            continue
        s_start, _ = article.sentence_of(child.start)
        before = [m for m in orgs if s_start <= m.start and m.end <= verb.start()
                  and not (m.start <= child.start < m.end)]
        if not before:
            continue
        parent = max(before, key=lambda m: (m.end, m.end - m.start))
        between = text[parent.end:verb.start()]
        if _RE_JOINT.search(between) or any(ch in between for ch in "；;。") \
                or _RE_CO_FORMER.search(text, max(0, parent.start - 8), parent.start):
            continue  # 甲、乙党支部成立…, 甲与乙党支部组建…: members, not a parent
        if parent.key != child.key and parent.key in keys and child.key in keys:
            rels.append(Relation(child.key, RelationLabel.SUB_ORG_OF, parent.key,
                                 article.sentence_of(child.start), "formed-by"))
    return rels


def article_subject(article: Article) -> Mention | None:
    """The body, unit or place an article is about.

    In order: a body or unit named in the head (the fullest one starting there:
    林芝市委组织部, not the 林芝市委 inside it); the Party body (or unit) of a place named
    in the head when the lead names it (拉萨经开区 in the head, 拉萨经开区党工委 in the
    lead); the most specific place of the head; then the same for the lead.
    """
    lead = article.lead_sentences()
    head_end = max((p.end for p in article.parts
                    if p.kind in (PartKind.HEADLINE, PartKind.SUBHEADLINE)), default=0)
    lead_start, lead_end = (lead[0][0], lead[-1][1]) if lead else (0, 0)
    # the head is the headline and its sub-headline, not the site's chrome above them
    head = [m for m in article.mentions
            if m.start < head_end and article.part_of(m.start) is not PartKind.LAYOUT]
    in_lead = [m for m in article.mentions if lead_start <= m.start < lead_end]
    actors = [m for m in head if m.label in _ACTORS]
    if actors:
        return _fullest(actors)
    if not head and (runner := _lead_actor(article, in_lead)) is not None:
        return runner
    head_places = {m.key for m in head if m.label is EntityLabel.PLACE}
    # the place as the head writes it too: 前郭县 (前郭尔罗斯蒙古族自治县) opens 前郭县委组织部
    head_names = tuple(sorted({n for m in head if m.label is EntityLabel.PLACE for n in (m.norm, m.text)
                               if len(n) >= 2}))
    # the lead's body of a place the head names: its ``of`` (拉萨经开区党工委), or its name
    # opens with the place's (凤凰县委组织部, whose ``of`` is 凤凰县委)
    # the lead paragraph (导语) names the actor: the head's place itself, or one of its own
    # bodies, whichever it names first (凤凰县：… ⏎ 今年以来，凤凰县委组织部坚持…)
    paragraph = article.lead_sentences(paragraph=True)
    para_end = max(lead_end, paragraph[-1][1] if paragraph else 0)
    own = [m for m in article.mentions if lead_start <= m.start < para_end
           and ((m.label in _ACTORS and not _is_object(article, m)
                 and (m.body_info.of in head_places or (head_names and m.norm.startswith(head_names))))
                or (m.label is EntityLabel.PLACE and m.key in head_places
                    and not m.place_info.short_form and _opens_clause(article, m)))]
    # a body opening with the place's name (凤凰县|委组织部) starts where the place does
    if own and (first := min(own, key=lambda m: (m.start, m.label is EntityLabel.PLACE))).label in _ACTORS:
        return _fullest([m for m in own if m.start == first.start and m.label in _ACTORS])
    for pool in (head, in_lead):
        places = [m for m in pool if m.label is EntityLabel.PLACE and m.place_info.level in
                  (Level.PREFECTURE, Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE)]
        if places:
            return max(places, key=lambda m: len(m.kb_id or "x" * 12))
        actors = [m for m in pool if m.label in _ACTORS]
        if actors:
            return _fullest(actors)
    return None


#: what may stand before a clause's subject: a clause mark, or the place's parents (百色市凌云县)
_RE_CLAUSE_OPENING = re.compile(r"(?:^|[，,。；;：:\n])$")


def _opens_clause(article: Article, m: Mention) -> bool:
    """``凌云县党委…`` or ``今年以来，凌云县…`` opens a clause; in ``茶叶是凌云县群众增收的…``
    the place only qualifies a noun of the predicate and names no actor (nor does a short
    form before a noun, 凌云白毫茶: the caller skips short forms)."""
    start = place_chain_start(article, m.start)  # 百色市|凌云县: with the places before it
    return bool(_RE_CLAUSE_OPENING.search(article.text, max(0, start - 1), start)) or start == 0


def co_subjects(article: Article, subject: Mention | None) -> tuple[Mention, ...]:
    """The bodies the text joins to a body subject where it names it acting
    (``前郭县委组织部、县委社会工作部聚焦…``): they are the article's subject together."""
    if subject is None or subject.label not in _ACTORS:
        return ()
    named = next((m for m in article.mentions if m.key == subject.key and m.label in _ACTORS
                  and article.part_of(m.start) is PartKind.BODY), None)
    if named is None:
        return ()
    s_start, s_end = article.sentence_of(named.start)
    before = [m for m in article.mentions
              if m.label in _ACTORS and s_start <= m.start and m.end <= named.start]
    joined = [m for m in _coordinated(article, [*before, named]) if m.key != subject.key]
    after = sorted((m for m in article.mentions if m.label in _ACTORS and named.end <= m.start < s_end),
                   key=lambda m: (m.start, -m.end))
    prev = named
    for m in after:
        if m.start < prev.end:
            continue  # nested in the one before
        if not _RE_COORDINATION.match(article.text[prev.end:m.start]) or m.key == subject.key:
            break
        joined.append(m)
        prev = m
    return tuple(sorted({m.key: m for m in joined}.values(), key=lambda m: m.start))


def _lead_actor(article: Article, in_lead: list[Mention]) -> Mention | None:
    """Without a headline, the body or unit that runs the lead's first programme."""
    first = next((m for m in in_lead if m.label is EntityLabel.PROGRAMME), None)
    if first is None:
        return None
    actors, rule, _ = _actors_for(article, first, None)
    return actors[0] if rule == "nearest-actor" else None


def _fullest(mentions: list[Mention]) -> Mention:
    first = min(m.start for m in mentions)
    return max((m for m in mentions if m.start == first), key=lambda m: m.end)


#: What may stand between two actors of one subject: 第一、第二党支部,联合A、B等单位以及C
_RE_COORDINATION = re.compile(f"^(?:[、，,和与及同]|{_cues('coordination')})*$")


#: A body right after these verbs is their object, not the actor of what follows:
#: 建立市直机关工委班子联系机制，创建“2+2”模式 -- 市直机关工委 creates nothing.
_RE_OBJECT_VERB = re.compile(f"(?:{_cues('object')})$")
#: A body formed in the sentence (…组建边境联合党支部，推行“X”): the new body runs what
#: the sentence goes on to, whoever formed it
_RE_FORMED_BEFORE = re.compile(f"(?:{_cues('formed')})了?$")
_RE_CLAUSE_AFTER = re.compile(r"[，,；;]")


def _is_formed(article: Article, m: Mention) -> bool:
    """A founding verb right before the name with the places that open it: 成立|安吉县|余村白茶
    专业合作社 (the unit's name leaves out the county it keeps as its place)."""
    at = place_chain_start(article, m.start)
    return bool(_RE_FORMED_BEFORE.search(article.text[max(0, at - 3):at]))


def _is_object(article: Article, m: Mention) -> bool:
    """The object of a verb (推动A…), or joined to one (推动A、B牵头成立…: B is pushed too)."""
    text = article.text
    while True:
        if _RE_OBJECT_VERB.search(text[max(0, m.start - 3):m.start]):
            return True
        joined = [o for o in article.mentions_starting(max(0, m.start - 40), m.start)
                  if o.label in _ACTORS and o.end < m.start
                  and _RE_COORDINATION.match(text[o.end:m.start])]
        if not joined:
            return False
        m = min(joined, key=lambda o: o.start)


def _coordinated(article: Article, actors: list[Mention]) -> list[Mention]:
    """The nearest actor and those joined to it by 、/和/联合/以及 (one subject)."""
    chosen = [actors[-1]]
    for m in reversed(actors[:-1]):
        if m.end <= chosen[-1].start and _RE_COORDINATION.match(
                article.text[m.end:chosen[-1].start]):
            chosen.append(m)
        elif (m.start, m.end) == (chosen[-1].start, chosen[-1].end):
            chosen.append(m)  # 第一、第二党支部: bodies of one ordinal list share a span
        elif m.end > chosen[-1].start:
            continue  # nested: 林芝市委 inside 林芝市委组织部
        else:
            break
    return chosen


def _chain_end(article: Article, place: Mention) -> Mention:
    """The most specific place of a chain: 林芝市巴宜区白玛岗街道白玛岗社区 -> 白玛岗社区."""
    while nxt := [m for m in article.mentions_starting(place.end, place.end + 1)
                  if m.label is EntityLabel.PLACE]:
        place = nxt[-1]  # the last one starting there, as a map by start would keep
    return place


#: a body's spokesperson before what they say: 县委组织部相关负责人介绍，…; 镇党委书记X表示，…
_RE_SPEAKER_AFTER = re.compile(
    f"[^，。；：:“]{{0,14}}?(?:{alternation(_SPEECH_WORDS)})[，：:]")
_RE_SPEECH = re.compile(f"(?:{alternation(_SPEECH_WORDS)})[，：:]")
#: what a spokesperson states as the body's own next step: 下一步将…, 今后要…
_RE_PLAN = re.compile(f"(?:{_cues('plan')})")
#: the text's own place by its level: 县里, 镇里, 村里 (in the county, the township …), 我县
_RE_LEVEL_PRONOUN = re.compile(f"(?:我({_LEVEL_ALTERNATION})|({_LEVEL_ALTERNATION})里)")


def _is_speakers_body(article: Article, m: Mention, prog: Mention) -> bool:
    """``河东村党支部书记钟玉华说，在科技特派员指导下…``: the body is the affiliation of
    someone reporting, not the actor of what they report -- unless they state its own next
    step (``县委组织部负责人表示，下一步将推广“X”``: the body runs X)."""
    said = _RE_SPEAKER_AFTER.match(article.text, m.end, prog.start)
    return bool(said) and not _RE_PLAN.match(article.text, said.end(), prog.start)


def _level_pronoun(article: Article, start: int, end: int) -> tuple[int, Level, str] | None:
    """The last 县里/镇里/我县 … before ``end`` in the sentence: (its end, level, word)."""
    found = None
    for m in _RE_LEVEL_PRONOUN.finditer(article.text, start, end):
        word = m.group(1) or m.group(2)
        found = (m.end(), Level(_LEVEL_WORDS[word]), word)
    return found


def _actors_for(article: Article, prog: Mention,
                subject: Mention | None) -> tuple[list[Mention], str, float]:
    s_start, _ = article.sentence_of(prog.start)
    before = [m for m in article.mentions_starting(s_start, prog.start) if m.end <= prog.start]
    formed = [m for m in before if m.label in _ACTORS and _RE_CLAUSE_AFTER.match(article.text, m.end)
              and _is_formed(article, m)]
    if formed and formed[-1].label is EntityLabel.ORG:
        return [formed[-1]], "formed-body", 0.7
    if formed:
        # a unit founded in the sentence (村党支部牵头成立X合作社，推行“Y”) runs Y with its
        # founder, the actor before it
        founders = [m for m in before if m.label in _ACTORS and m.end <= formed[-1].start
                    and not _is_object(article, m)]
        return [*(_coordinated(article, founders) if founders else []), formed[-1]], "formed-body", 0.7
    # a body word inside a programme's name (“社区党委—小区党支部—楼栋党小组”) acts nowhere
    named = SpanSet((m.start, m.end) for m in before if m.label is EntityLabel.PROGRAMME)
    actors = [m for m in before if m.label in _ACTORS and not _is_object(article, m)
              and not _is_speakers_body(article, m, prog) and not named.contains(m.start, m.end)]
    pronoun = _level_pronoun(article, s_start, prog.start)
    if actors and (pronoun is None or actors[-1].end > pronoun[0]):
        return _coordinated(article, actors), "nearest-actor", 0.8
    if pronoun is not None and (place := subject_place(article, pronoun[1], ending=pronoun[2])):
        return [place], "level-pronoun", 0.7
    said = _RE_SPEECH.search(article.text, s_start, prog.start)
    if before and before[0].label is EntityLabel.PLACE and before[0].start - s_start <= 12 \
            and (said is None or said.start() < before[0].start):  # 在X县挂职的…他说，要把“Y”…
        place = _chain_end(article, before[0])
        if subject is not None and subject.label in _ACTORS \
                and (place.text in subject.norm or subject.body_info.of == place.key):
            # 驻米林县南伊乡…各村工作队 in the lead of the article about those teams;
            # 念村 in the article about 念村党总支 stands for it
            return [subject, *article.co_subjects], "article-subject", 0.6
        if article.text.startswith("的", place.end):
            return [], "subject-place", 0.7  # 巴特尔社区的服务站开设“X”: the place only owns the actor
        return [place], "subject-place", 0.7
    if article.part_of(prog.start) is PartKind.LAYOUT:
        return [], "article-subject", 0.5  # a related link is another article's: no subject here
    if counted := _counted_places(article, prog):
        return counted, "counted-places", 0.6
    if (area := _collective_area(article, prog, subject)) is not None:
        return [area], "collective-subject", 0.6
    if (topic := _paragraph_topic(article, prog, said)) is not None:
        return [topic], "paragraph-topic", 0.55
    if said is not None and not _speaks_for(article, subject, s_start, said.start()):
        return [], "article-subject", 0.5  # reported speech of another: the speaker's own subjects
    return ([subject, *article.co_subjects] if subject else []), "article-subject", 0.5


#: the level of each word that ends a place's name (村, 社区, 乡, 街道 …)
_LEVEL_OF_WORD = {w: Level(lv) for use in ("ends", "two-character") for w, lv in level_words(use).items()}
#: the lower levels a clause may open with for all the places of that level (各村党组织, 各边境
#:村党支部, 全县各乡镇)
_LOWER_LEVEL_WORDS = {w: lv for w, lv in _LEVEL_OF_WORD.items() if lv in (Level.TOWNSHIP, Level.VILLAGE)}
_RE_COLLECTIVE = re.compile(
    f"\\s*(?:全(?:{_LEVEL_ALTERNATION}))?各[\u4e00-\u9fff]{{0,3}}?({alternation(_LOWER_LEVEL_WORDS)})")


#: a count of places opening a clause: 两村推行“X”, 三个乡镇…
_PLACE_WORDS = {w: lv for w, lv in _LEVEL_OF_WORD.items() if lv is not Level.PROVINCE
                and lv is not Level.PREFECTURE}
_RE_COUNTED_OPENING = re.compile(f"\\s*([{COUNTS}])个?({alternation(_PLACE_WORDS)})")
#: the bodies that act for the place they are of: its committee or branch, not a department
_OWN_KINDS = frozenset({OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH})


def _clause_start(article: Article, sentence_start: int, pos: int) -> int:
    """Where the clause holding ``pos`` starts: after the last comma or semicolon of its
    sentence before it."""
    return max(sentence_start, *(article.text.rfind(mark, sentence_start, pos) + 1 for mark in "，,；;"))


def _counted_places(article: Article, prog: Mention) -> list[Mention]:
    """``两村推行“X”`` where the article has named exactly two villages: each of them runs X,
    by its own committee or branch where the article names one (none can be told where
    it names more or fewer places of the level than the count)."""
    s_start, _ = article.sentence_of(prog.start)
    clause = _clause_start(article, s_start, prog.start)
    found = next((m for m in (_RE_COUNTED_OPENING.match(article.text, at, prog.start)
                              for at in dict.fromkeys((clause, s_start))) if m), None)
    if found is None or article.text.startswith("的", found.end()):
        return []  # 三个村的党员…: the places own the subject and name no actor
    word = found.group(2)
    places = {m.key: m for m in article.mentions_of(EntityLabel.PLACE) if m.kb_id
              and m.start < prog.start and m.place_info.level is _PLACE_WORDS[word]
              and m.norm.endswith(word)}
    if len(places) != COUNT_VALUES[found.group(1)]:
        return []
    out = []
    for key, place in places.items():
        own = {m.key: m for m in article.mentions_of(EntityLabel.ORG)
               if m.body_info.of == key and m.body_info.kind in _OWN_KINDS}
        out.append(next(iter(own.values())) if len(own) == 1 else place)
    return out


def _collective_area(article: Article, prog: Mention, subject: Mention | None) -> Mention | None:
    """A clause whose subject is every body or place of a lower level (各村党组织按照“X”…,
    各边境村党支部建立“Y”) tells what the whole area runs: the place the article is about,
    where it is above that level (its subject, or the place that opens its subject's name)."""
    s_start, _ = article.sentence_of(prog.start)
    clause = _clause_start(article, s_start, prog.start)
    found = _RE_COLLECTIVE.match(article.text[clause:prog.start])
    if found is None or subject is None:
        return None
    if subject.label is EntityLabel.PLACE:
        area = subject
    else:
        places = [m for m in article.mentions_starting(subject.start, subject.start + 1)
                  if m.label is EntityLabel.PLACE and m.end < subject.end]
        if not places:
            return None
        area = _chain_end(article, max(places, key=lambda m: m.end))
    lower = _LOWER_LEVEL_WORDS[found.group(1)]
    return area if _RANK[area.place_info.level] < _RANK[lower] else None


_RANK = {level: i for i, level in enumerate(Level)}


def _speaks_for(article: Article, subject: Mention | None, start: int, end: int) -> bool:
    """Whether a body named in ``[start, end)`` (where a speaker is introduced) is the
    article's subject or one of its bodies (县委组织部相关负责人介绍，… in the article about
    the county): what the speaker reports is then the subject's own work."""
    if subject is None:
        return False
    own = {subject.key, *(m.key for m in article.co_subjects)}
    return any(m.label in _ACTORS and (m.key in own or m.norm.startswith(subject.norm)
                                       or m.body_info.of == subject.key)
               for m in article.mentions_starting(start, end))


def _clause_subject(article: Article, m: Mention) -> bool:
    """A body or unit that opens a clause as its subject: not a verb's object, not the
    affiliation of someone speaking (县委组织部负责人表示，…)."""
    if m.label not in _ACTORS or _is_object(article, m) or not _opens_clause(article, m):
        return False
    _, s_end = article.sentence_of(m.start)
    return _RE_SPEAKER_AFTER.match(article.text, m.end, s_end) is None


#: how many sentences back a paragraph's subject carries (a paragraph of a few sentences;
#: bounded, so that an article that lost its line breaks is not read back to its start)
_TOPIC_SENTENCES = 6


def _paragraph_topic(article: Article, prog: Mention, said: re.Match[str] | None) -> Mention | None:
    """The actor a sentence without one continues: Chinese leaves out a subject its
    paragraph already named (主语承前省略), so the last body or unit that opened a clause
    earlier in the paragraph carries on; a paragraph's run-in head (一是织密“一张网”。) is
    carried out by the subject of the sentence after it."""
    text = article.text
    s_start, s_end = article.sentence_of(prog.start)
    clause = _clause_start(article, s_start, prog.start)
    if RE_BODY_SUFFIX.search(text, clause, prog.start):
        return None  # the clause has a subject of its own (各边境村党支部建立“X”), named or not
    if said is not None:  # a speech verb before the programme in its sentence
        return None  # reported speech (负责人介绍，…): the speaker's words have their own subjects
    sentences = article.sentences
    at = bisect_left(sentences, (s_start, s_end))  # the programme's sentence
    boundary = s_start
    for start, _ in reversed(sentences[max(0, at - _TOPIC_SENTENCES):at]):
        newline = text.rfind("\n", start, boundary)
        earlier = [m for m in article.mentions_starting(max(start, newline + 1), boundary)
                   if _clause_subject(article, m)]
        if earlier:
            last = max(m.start for m in earlier)
            return _fullest([m for m in earlier if m.start == last])
        if newline >= 0:
            break  # the paragraph's first sentence passed: its subject was none
        boundary = start
    opening = text[max(0, s_start - 8):s_start].rstrip(" \t\u3000")
    if opening and not opening.endswith("\n"):
        return None  # not a paragraph's first sentence: no run-in head
    _, n_end = article.sentence_of(s_end)
    later = [m for m in article.mentions_starting(s_end, n_end) if _clause_subject(article, m)
             and text.find("\n", s_end, m.start) < 0]
    return _fullest(later) if later else None


#: a programme banned or refused in its clause is carried out by nobody: 严禁搞“X”, 杜绝“X”
_RE_NEGATED = re.compile(f"(?:{_cues('negation')})[^，。；！？\n]{{0,6}}$")


#: a clause after the programme naming who carries it out: ``推行“X”，由街道党工委统筹…``
_RE_AGENT_CLAUSE = re.compile(r"[，,；;]\s*由")


def _agent_after(article: Article, prog: Mention) -> Mention | None:
    """The body or unit a ``由…`` clause after the programme, in its sentence, makes the
    agent of it (``联村党委推行“X”模式，由合作社负责收购``: the cooperative runs X too); a
    person there stands for the body they lead (``由社区党委书记包红梅带头讲解``)."""
    _, s_end = article.sentence_of(prog.start)
    clause = _RE_AGENT_CLAUSE.search(article.text, prog.end, s_end)
    if clause is None or _RE_AGENT_CLAUSE.search(article.text, prog.end, clause.start()):
        return None
    first = next((m for m in article.mentions_starting(clause.end(), s_end)
                  if m.label in (*_ACTORS, EntityLabel.PERSON)), None)
    if first is None:
        return None
    if first.label is EntityLabel.PERSON:  # their role comes between: 由社区党委书记包红梅
        led = first.person_info.org
        if not led or not article.text[clause.end():first.start].strip():
            return None
        return next((m for m in article.mentions if m.key == led and m.label in _ACTORS), None)
    if place_chain_start(article, first.start) != clause.end():
        return None  # 由 must open the agent's name: 由党员、村民代表逐户讲解 names none
    return _fullest([m for m in article.mentions_starting(first.start, first.start + 1)
                     if m.label in _ACTORS])


def _implements(article: Article) -> list[Relation]:
    subject = article.subject
    rels = []
    for prog in article.mentions:
        if prog.label is not EntityLabel.PROGRAMME:
            continue
        opening = prog.start - (article.text[prog.start - 1:prog.start] in ("“", "\""))
        if _RE_NEGATED.search(article.text, max(0, opening - 10), opening):
            continue  # 严禁搞“形象工程”
        actors, rule, confidence = _actors_for(article, prog, subject)
        for actor in actors:
            rels.append(Relation(actor.key, RelationLabel.IMPLEMENTS, prog.key,
                                 article.sentence_of(prog.start), rule, confidence))
        if (agent := _agent_after(article, prog)) is not None:
            rels.append(Relation(agent.key, RelationLabel.IMPLEMENTS, prog.key,
                                 article.sentence_of(prog.start), "by-agent", 0.7))
    # where some clause names who runs a programme (社区党委推行“双报到”), that actor is the
    # article's answer; the topic of a headline or paragraph (援藏巷社区：…“双报到”) stands
    # in only for programmes no clause gives an actor
    explicit = {r.tail for r in rels if r.rule in _CLAUSE_RULES}
    return [r for r in rels if r.rule in _CLAUSE_RULES or r.tail not in explicit]


#: the rules that find a programme's actor in its own clause
_CLAUSE_RULES = frozenset({"nearest-actor", "formed-body", "by-agent"})


def extract_relations(article: Article, resources: Resources) -> Article:
    """Fill ``article.relations`` (de-duplicated, first evidence kept); implements falls back
    on ``article.subject`` (the ``subject`` component)."""
    keys = {m.key for m in article.mentions}
    seen: dict[Relation, Relation] = {}
    for rel in _structural(article, keys) + _appointed(article, keys) + _formed_sub_orgs(article, keys) \
            + _implements(article):
        seen.setdefault(rel, rel)
    article.relations = list(seen.values())
    return article
