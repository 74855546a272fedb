"""Merging extracted pages into one knowledge graph.

Extraction is per page; identity is global. Mentions that share a key (a place's code, an
organisation's full name ...) become one :class:`~kg.types.Entity` whatever page they come
from, and a relation found in several sentences keeps all its evidence.

Linked places also bring their gazetteer ancestors, joined by ``located_in``, so that every
village reaches its county, prefecture and province by a path even where the text skips
levels.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import cache

from kg.constants import EntityLabel, RelationLabel
from kg.gazetteer import Division, Gazetteer
from kg.keys import is_orphan, place_key, split_key
from kg.types import Article, Entity, Evidence, KnowledgeGraph, Mention, Page, PageRecord, Relation

#: an article's sentences as evidence: span -> (stripped text, span in the raw file)
SentenceCache = dict[tuple[int, int], tuple[str, tuple[int, int]]]


def _sentence(article: Article, span: tuple[int, int],
              cache: SentenceCache) -> tuple[str, tuple[int, int]]:
    """The evidence text and raw span of a sentence, made once per article: every mention
    and relation in the sentence shares one string."""
    if (found := cache.get(span)) is None:
        found = cache[span] = (article.text[span[0]:span[1]].strip(), article.raw_span(*span))
    return found


def _entity_for(mention: Mention) -> Entity:
    typed = mention.place_info.level or mention.body_info.kind
    kind = typed.value if typed else None
    return Entity(key=mention.key, label=mention.label, name=mention.norm, kind=kind,
                  code=mention.kb_id)


def _add_place_ancestors(G: KnowledgeGraph, ancestors: Callable[[str], list[Division]],
                         entity: Entity, evidence: Evidence) -> None:
    child_key = entity.key
    gazetteer = Evidence(evidence.page, evidence.article, evidence.sentence, "gazetteer",
                         span=evidence.span)
    for division in ancestors(entity.code) if entity.code else []:
        key = place_key(division.code)
        if key not in G.entities:
            G.entities[key] = Entity(key=key, label=EntityLabel.PLACE, name=division.display_name,
                                     kind=division.level.value, code=division.code)
        G.entities[child_key].parent = key
        _add_relation(G, (child_key, RelationLabel.LOCATED_IN, key), gazetteer)
        child_key = key


def _add_relation(G: KnowledgeGraph, triple: tuple[str, RelationLabel, str],
                  evidence: Evidence) -> None:
    """Append; duplicates are removed once at the end (:func:`_dedupe_evidence`), since a
    membership test here would make merging quadratic in the mentions of a relation."""
    G.relations.setdefault(triple, []).append(evidence)


def _dedupe_evidence(G: KnowledgeGraph) -> None:
    """Each relation keeps each piece of evidence once, in first-seen order."""
    for triple, evidence in G.relations.items():
        G.relations[triple] = list(dict.fromkeys(evidence))


def _merge_mention(G: KnowledgeGraph, ancestors: Callable[[str], list[Division]],
                   article: Article, mention: Mention, sentences: SentenceCache,
                   placed: set[str]) -> None:
    entity = G.entities.get(mention.key)
    if entity is None:
        entity = G.entities[mention.key] = _entity_for(mention)
    entity.aliases.add(mention.text)
    entity.candidates.update(mention.place_info.candidates)  # every code any mention may have
    entity.role = entity.role or mention.person_info.role or None
    entity.family = entity.family or mention.programme_info.family
    if mention.programme_info.core:
        entity.core_in.add(article.page)
    sentence, raw_span = _sentence(article, article.sentence_of(mention.start), sentences)
    evidence = Evidence(article.page, article.doc_id, sentence, mention.rule, span=raw_span)
    entity.mentions.append(evidence)
    if mention.label is EntityLabel.PLACE:
        if entity.code:
            if entity.key not in placed:  # the gazetteer's chain is evidenced once per article
                placed.add(entity.key)
                _add_place_ancestors(G, ancestors, entity, evidence)
        elif parent := mention.place_info.parent_code:
            parent_key = place_key(parent)
            if parent_key in G.entities:
                entity.parent = parent_key
                _add_relation(G, (entity.key, RelationLabel.LOCATED_IN, parent_key),
                              Evidence(article.page, article.doc_id, evidence.sentence, "chain",
                                       span=evidence.span))


def _merge_relation(G: KnowledgeGraph, article: Article, rel: Relation,
                    sentences: SentenceCache) -> None:
    if rel.head not in G.entities or rel.tail not in G.entities:
        return
    sentence, raw_span = _sentence(article, rel.sentence, sentences)
    _add_relation(G, (rel.head, rel.label, rel.tail),
                  Evidence(article.page, article.doc_id, sentence, rel.rule, rel.confidence,
                           span=raw_span))


def _adopt_orphans(G: KnowledgeGraph) -> None:
    """An unlinked place seen on a page without its parent (``place:?/p.txt/赤朗村``) is the
    same as the one unlinked place of that name whose parent the text gave elsewhere in the
    same province (the orphan's page's province, when known). Two parentless namesakes stay
    apart: nothing says they are one place.

    Indexed by name and by the relations of each orphan, so a corpus with thousands of
    unlinked places merges in linear time."""
    orphans = [k for k in G.entities if is_orphan(k)]
    if not orphans:
        return
    province_of_page = {page.name: page.province for page in G.pages}
    unlinked: dict[str, list[Entity]] = {}
    for e in G.entities.values():
        if e.label is EntityLabel.PLACE and e.code is None and not is_orphan(e.key):
            unlinked.setdefault(e.name, []).append(e)
    touching: dict[str, list[tuple[str, RelationLabel, str]]] = {k: [] for k in orphans}
    for triple in G.relations:
        for end in {triple[0], triple[2]} & touching.keys():
            touching[end].append(triple)
    adopted: dict[str, str] = {}
    for key in orphans:
        orphan = G.entities[key]
        provinces = {province_of_page.get(page) for page in orphan.pages} - {None}
        twins = [e for e in unlinked.get(orphan.name, [])
                 if not provinces or split_key(e.key)[1][:2] in provinces]
        if len(twins) != 1:
            continue
        twin = twins[0]
        twin.mentions.extend(orphan.mentions)
        twin.aliases |= orphan.aliases
        for (head, label, tail) in touching.pop(key):
            if (head, label, tail) not in G.relations:
                continue  # moved already, with the orphan at its other end
            evidence = G.relations.pop((head, label, tail))
            moved = (twin.key if head == key else head, label, twin.key if tail == key else tail)
            for end in {moved[0], moved[2]} & touching.keys():
                touching[end].append(moved)
            for ev in evidence:
                _add_relation(G, moved, ev)
        adopted[key] = twin.key
        del G.entities[key]
    if adopted:
        G.figures = [(page, doc, replace(fig, subject=adopted[fig.subject])
                      if fig.subject in adopted else fig, text) for page, doc, fig, text in G.figures]


def merge_pages(pages: Iterable[Page], gaz: Gazetteer) -> KnowledgeGraph:
    """One graph from many pages; deterministic for the same pages in the same order."""
    G = KnowledgeGraph()
    ancestors = cache(gaz.ancestors)  # the same few codes are mentioned again and again
    for page in pages:
        G.pages.append(PageRecord.of(page))  # the page itself can go once merged
        for article in page.articles:
            if article.reprint_of:  # a copy of a story counted once (kg.reprints)
                continue
            sentences: SentenceCache = {}
            placed: set[str] = set()  # the linked places whose ancestors the article evidenced
            for mention in article.mentions:
                _merge_mention(G, ancestors, article, mention, sentences, placed)
            for rel in article.relations:
                _merge_relation(G, article, rel, sentences)
            G.figures.extend((page.name, article.doc_id, fig, _sentence(article, fig.sentence, sentences)[0])
                             for fig in article.figures)
    _adopt_orphans(G)
    _dedupe_evidence(G)
    return G
