"""The knowledge graph as a networkx graph (for analysis, GraphML and the HTML view).

Every node carries what a viewer shows, as plain strings, so ``graph.graphml`` alone is
enough to draw a focused view later (``kg viz``): name, type, level or kind, code, parent
chain, prefectures, and the first evidence sentences with their articles.
"""

from __future__ import annotations

import io
from collections import defaultdict

import networkx as nx

from kg.constants import EntityLabel, Level, RelationLabel
from kg.types import KnowledgeGraph

MAX_EVIDENCE = 3


def _prefectures(G: KnowledgeGraph) -> dict[str, set[str]]:
    """The prefectures each entity lies in or acts in."""
    out: dict[str, set[str]] = defaultdict(set)
    for key, entity in G.entities.items():
        if entity.label is EntityLabel.PLACE:
            for up in [key, *G.ancestors(key)]:
                if G.entities[up].kind == Level.PREFECTURE.value:
                    out[key].add(G.entities[up].name)
    for (head, label, tail) in G.relations:
        if label in (RelationLabel.ORG_OF, RelationLabel.LEADS):
            out[head] |= out.get(tail, set())
    for (head, label, tail) in G.relations:
        if label is RelationLabel.IMPLEMENTS:
            out[tail] |= out.get(head, set())
    return out


def _articles(G: KnowledgeGraph) -> dict[str, tuple[str, str]]:
    """Article id -> (its title, its page's publication date), for evidence lines."""
    return {a.doc_id: (a.title or "", p.meta.date or "") for p in G.pages for a in p.articles}


def _source(doc_id: str, articles: dict[str, tuple[str, str]]) -> str:
    """``《title》 2025-04-16, page#1``: where an evidence sentence was read."""
    title, date = articles.get(doc_id, ("", ""))
    head = " ".join(x for x in (f"《{title[:30]}》" if title else "", date) if x)
    return f"{head}, {doc_id}" if head else doc_id


def _seen(G: KnowledgeGraph) -> dict[str, tuple[str, str]]:
    """Entity key -> the first and last publication dates of the pages that mention it."""
    dates = {p.name: p.meta.date for p in G.pages if p.meta.date}
    out = {}
    for key, entity in G.entities.items():
        seen = sorted({dates[ev.page] for ev in entity.mentions if ev.page in dates})
        if seen:
            out[key] = (seen[0], seen[-1])
    return out


def to_networkx(G: KnowledgeGraph) -> nx.MultiDiGraph:
    """A directed multigraph: nodes are entity keys, edges carry the relation label.

    Node attributes: ``label``, ``type``, ``kind``, ``code``, ``candidates`` (codes an
    unlinked place may have, space-joined), ``mentions``, ``pages``,
    ``chain`` (parent places, ``>``-joined), ``prefectures`` (``|``-joined), ``evidence``
    (up to three ``sentence (《title》 date, article)`` lines), ``first_seen`` and
    ``last_seen`` (publication dates of the pages naming it; empty where none is known).
    Edge attributes: ``relation``,
    ``evidence`` (count). Insertion is sorted, so GraphML output is deterministic.
    """
    graph = nx.MultiDiGraph()
    prefectures = _prefectures(G)
    evidence: dict[str, list[str]] = defaultdict(list)
    articles, seen = _articles(G), _seen(G)
    for key, entity in G.entities.items():
        for ev in entity.mentions[:MAX_EVIDENCE]:
            evidence[key].append(f"{ev.sentence[:90]} ({_source(ev.article, articles)})")
    for key in sorted(G.entities):
        entity = G.entities[key]
        graph.add_node(key, label=entity.name, type=entity.label.value, kind=entity.kind or "",
                       code=entity.code or "", candidates=" ".join(sorted(entity.candidates)),
                       mentions=len(entity.mentions),
                       pages=" ".join(sorted(entity.pages)),
                       chain=" > ".join(G.entities[k].name for k in G.ancestors(key)),
                       prefectures="|".join(sorted(prefectures.get(key, ()))),
                       evidence="\n".join(evidence.get(key, [])),
                       first_seen=seen.get(key, ("", ""))[0], last_seen=seen.get(key, ("", ""))[1])
    for (head, label, tail) in sorted(G.relations, key=lambda t: (t[0], t[1].value, t[2])):
        graph.add_edge(head, tail, key=label.value, relation=label.value,
                       evidence=len(G.relations[(head, label, tail)]))
    return graph


def graphml_bytes(graph: nx.MultiDiGraph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(graph, buf, encoding="utf-8")
    return buf.getvalue()


def read_graphml(path) -> nx.MultiDiGraph:
    """A graph written by :func:`graphml_bytes`, read back with its attributes."""
    return nx.read_graphml(path, force_multigraph=True)
