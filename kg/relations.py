"""Relations between the entities of one article, each with its evidence sentence.

* ``org_of`` and ``sub_org_of`` come from the structure of a body's name, found by the
  organisation recogniser (``阿扎乡派出所党支部`` -> 阿扎乡派出所; ``林芝市委组织部`` -> 林芝市委);
* ``leads`` from a role before a name (``然乌村党支部书记蒋雄``);
* ``implements`` from sentence structure: the actor is the nearest Party body or unit
  before the programme in its sentence, else a place in subject position (the sentence's
  first mention), else the subject of the article (its headline or lead). Co-occurrence
  alone never makes an edge: a body *after* the programme is no actor.
* ``located_in`` is added at merge time, from chains and the gazetteer.
"""

from __future__ import annotations

from kg.constants import EntityLabel, Level, PartKind, RelationLabel
from kg.resources import Resources
from kg.types import Article, Mention, Relation

_ACTORS = (EntityLabel.ORG, EntityLabel.UNIT)


def _structural(article: Article, keys: set[str]) -> list[Relation]:
    rels = []
    for m in article.mentions:
        span = article.sentence_of(m.start)
        if m.label is EntityLabel.ORG:
            if (of := m.attr("of")) and of in keys:
                rels.append(Relation(m.key, RelationLabel.ORG_OF, of, span, "name-structure"))
            if (parent := m.attr("parent")) and parent in keys and parent != m.key:
                rels.append(Relation(m.key, RelationLabel.SUB_ORG_OF, parent, span, "name-structure"))
        elif m.label is EntityLabel.PERSON and (org := m.attr("org")) and org in keys:
            rels.append(Relation(m.key, RelationLabel.LEADS, org, span, "role-name"))
    return rels


def article_subject(article: Article) -> Mention | None:
    """The body, unit or place an article is about.

    In order: a body or unit named in the head; the Party body (or unit) of a place named
    in the head when the lead names it (拉萨经开区 in the head, 拉萨经开区党工委 in the lead);
    the most specific place of the head; then the same for the lead sentence.
    """
    lead = next((s for s in article.sentences if article.part_of(s[0]) is PartKind.BODY), None)
    head_end = max((p.end for p in article.parts
                    if p.kind in (PartKind.HEADLINE, PartKind.SUBHEADLINE)), default=0)
    lead_end = lead[1] if lead else 0
    head = [m for m in article.mentions if m.start < head_end]
    in_lead = [m for m in article.mentions if lead and lead[0] <= m.start < lead_end]
    actors = [m for m in head if m.label in _ACTORS]
    if actors:
        return actors[0]
    head_places = {m.key for m in head if m.label is EntityLabel.PLACE}
    own = [m for m in in_lead if m.label in _ACTORS and m.attr("of") in head_places]
    if own:
        return own[0]
    for pool in (head, in_lead):
        places = [m for m in pool if m.label is EntityLabel.PLACE and m.attr("level") in
                  (Level.PREFECTURE.value, Level.COUNTY.value, Level.TOWNSHIP.value,
                   Level.VILLAGE.value)]
        if places:
            return max(places, key=lambda m: len(m.kb_id or "x" * 12))
        actors = [m for m in pool if m.label in _ACTORS]
        if actors:
            return actors[0]
    return None


def _actor_for(article: Article, prog: Mention, subject: Mention | None) -> tuple[Mention | None, str, float]:
    s_start, _ = article.sentence_of(prog.start)
    before = [m for m in article.mentions if s_start <= m.start and m.end <= prog.start]
    actors = [m for m in before if m.label in _ACTORS]
    if actors:
        return actors[-1], "nearest-actor", 0.8
    if before and before[0].label is EntityLabel.PLACE and before[0].start - s_start <= 12:
        return before[0], "subject-place", 0.7
    return subject, "article-subject", 0.5


def _implements(article: Article) -> list[Relation]:
    subject = article_subject(article)
    rels = []
    for prog in article.mentions:
        if prog.label is not EntityLabel.PROGRAMME:
            continue
        actor, rule, confidence = _actor_for(article, prog, subject)
        if actor is not None:
            rels.append(Relation(actor.key, RelationLabel.IMPLEMENTS, prog.key,
                                 article.sentence_of(prog.start), rule, confidence))
    return rels


def extract_relations(article: Article, resources: Resources) -> Article:
    """Fill ``article.relations`` (de-duplicated, first evidence kept)."""
    keys = {m.key for m in article.mentions}
    seen: dict[Relation, Relation] = {}
    for rel in _structural(article, keys) + _implements(article):
        seen.setdefault(rel, rel)
    article.relations = list(seen.values())
    return article
