"""The knowledge graph as a networkx graph (for analysis, GraphML and the HTML view)."""

from __future__ import annotations

import io

import networkx as nx

from kg.types import KnowledgeGraph


def to_networkx(G: KnowledgeGraph) -> nx.MultiDiGraph:
    """A directed multigraph: nodes are entity keys, edges carry the relation label.

    Node attributes: ``label`` (name), ``type`` (entity label), ``kind`` (level or org
    kind), ``code``, ``mentions`` (count), ``pages``; edge attributes: ``relation`` and
    ``evidence`` (count). Insertion is sorted, so GraphML output is deterministic.
    """
    graph = nx.MultiDiGraph()
    for key in sorted(G.entities):
        entity = G.entities[key]
        graph.add_node(key, label=entity.name, type=entity.label.value, kind=entity.kind or "",
                       code=entity.code or "", mentions=len(entity.mentions),
                       pages=" ".join(sorted(entity.pages)))
    for (head, label, tail) in sorted(G.relations, key=lambda t: (t[0], t[1].value, t[2])):
        graph.add_edge(head, tail, key=label.value, relation=label.value,
                       evidence=len(G.relations[(head, label, tail)]))
    return graph


def graphml_bytes(graph: nx.MultiDiGraph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(graph, buf, encoding="utf-8")
    return buf.getvalue()
