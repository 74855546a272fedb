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


def to_networkx(G: KnowledgeGraph) -> nx.MultiDiGraph:
    """A directed multigraph: nodes are entity keys, edges carry the relation label.

    Node attributes: ``label``, ``type``, ``kind``, ``code``, ``candidates`` (codes an
    unlinked place may have, space-joined), ``mentions``, ``pages``,
    ``chain`` (parent places, ``>``-joined), ``prefectures`` (``|``-joined), ``evidence``
    (up to three ``sentence (article)`` lines). Edge attributes: ``relation``,
    ``evidence`` (count). Insertion is sorted, so GraphML output is deterministic.
    """
    graph = nx.MultiDiGraph()
    prefectures = _prefectures(G)
    evidence: dict[str, list[str]] = defaultdict(list)
    for key, entity in G.entities.items():
        for ev in entity.mentions[:MAX_EVIDENCE]:
            evidence[key].append(f"{ev.sentence[:90]} ({ev.article})")
    for key in sorted(G.entities):
        entity = G.entities[key]
        graph.add_node(key, label=entity.name, type=entity.label.value, kind=entity.kind or "",
                       code=entity.code or "", candidates=" ".join(sorted(entity.candidates)),
                       mentions=len(entity.mentions),
                       pages=" ".join(sorted(entity.pages)),
                       chain=" > ".join(G.entities[k].name for k in G.ancestors(key)),
                       prefectures="|".join(sorted(prefectures.get(key, ()))),
                       evidence="\n".join(evidence.get(key, [])))
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
