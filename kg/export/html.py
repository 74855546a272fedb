"""An interactive HTML page of the graph, built with pyvis, that works offline.

Hazards designed around (RELIABILITY.md R7-R9):

* only ``cdn_resources="in_line"`` works offline (``local`` still fetches vis-network);
* pyvis puts ``heading`` in raw and switches a node ``title`` containing ``href`` to its
  own ``innerHTML`` popup, so page text never goes into a heading, and titles have
  ``href`` defused (vis-network sets a string title as ``innerText``: shown, never parsed,
  so it is not HTML-escaped, which showed ``&gt;`` literally); node and edge data reach the
  page through ``tojson``, which escapes ``<``;
* physics on 1,500 nodes takes minutes, and ``add_node``/``add_edge`` are quadratic, so
  positions are computed in Python (networkx), physics is off, and nodes and edges are
  filled in directly; graphs over ``max_nodes`` are cut to the best-connected nodes, with
  a note saying what was left out.
"""

from __future__ import annotations

import html
import json
import re

import networkx as nx
from pyvis.network import Network

from kg.constants import EntityLabel
from kg.errors import Errors, KGError

DEFAULT_MAX_NODES = 1500
_HREF = re.compile("href", re.IGNORECASE)
#: pyvis adds Bootstrap from a CDN in every mode (R8) and a stray ../node_modules/vis
#: reference; with vis-network inlined the page needs neither, and an offline page must
#: not try to fetch anything (a failed load is also a console error).
_RE_REMOTE = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)=[\"'][^\"']+[\"'][^>]*>(?:\s*</script>)?")

#: Colour and shape per node type; place levels and Party bodies get their own shades.
STYLE: dict[str, tuple[str, str, str]] = {
    # key: (legend label, colour, shape)
    "province": ("省级 province", "#08306b", "dot"),
    "prefecture": ("地级 prefecture", "#2171b5", "dot"),
    "county": ("县级 county", "#4292c6", "dot"),
    "township": ("乡级 township", "#6baed6", "dot"),
    "village": ("村级 village", "#9ecae1", "dot"),
    "org": ("党组织 Party body", "#cb181d", "diamond"),
    "unit": ("单位 unit", "#fb6a4a", "square"),
    "programme": ("举措 programme", "#238b45", "triangle"),
    "document": ("文件 document", "#6a51a3", "box"),
    "person": ("人物 person", "#d94801", "star"),
}
LEVELS = tuple(STYLE)  # row of each type in the hierarchical layout
#: Shades of red per kind of Party body (the legend's 党组织 entry covers them all).
ORG_COLOURS = {"central": "#67000d", "committee": "#a50f15", "leading_group": "#cb181d",
               "discipline": "#7f2704", "department": "#ef3b2c", "school": "#fb6a4a",
               "general_branch": "#e7298a", "branch": "#f768a1", "group": "#fcc5c0"}
EDGE_COLOURS = {"located_in": "#9ecae1", "org_of": "#cb181d", "sub_org_of": "#67000d",
                "implements": "#238b45", "leads": "#d94801"}


def _style_key(node: dict) -> str:
    if node["type"] == EntityLabel.PLACE.value:
        return node["kind"] if node["kind"] in STYLE else "village"
    return node["type"]


def _title(data: dict) -> str:
    """Hover text of a node, from its attributes only (escaped: page text is data)."""
    kind = f"/{data['kind']}" if data.get("kind") else ""
    lines = [f"{data['label']} [{data['type']}{kind}]"]
    if data.get("code"):
        lines.append(f"code {data['code']}")
    elif data.get("candidates"):
        lines.append(f"no code; may be {data['candidates']}")
    if data.get("chain"):
        lines.append(data["chain"])
    lines += [f"· {line}" for line in str(data.get("evidence") or "").splitlines()]
    if int(data.get("mentions", 0)) > 3:
        lines.append(f"… {int(data['mentions']) - 3} more mentions")
    return inert_title("\n".join(lines))


def inert_title(text: str) -> str:
    """A node's hover text as vis-network shows it: a string title is set as the tooltip's
    ``innerText`` (vis-network 9), so it is shown as written (县 > 乡, not ``&gt;``) and never
    parsed; only ``href`` is defused, as pyvis's template sends a title holding it to its own
    ``innerHTML`` popup.

    >>> inert_title("<img src=x onerror=alert(1)> 日喀则市 > 定日县 href")
    '<img src=x onerror=alert(1)> 日喀则市 > 定日县 hre\\u200bf'
    """
    return _HREF.sub(lambda m: m.group(0)[:3] + "\u200b" + m.group(0)[3:], text)


def focus(graph: nx.MultiDiGraph, *, around: str | None = None, depth: int = 1,
          types: set[str] | None = None, prefecture: str | None = None) -> nx.MultiDiGraph:
    """A focused view: the neighbourhood of the entities named ``around`` (within ``depth``
    steps, either direction), only some types (``village``, ``org`` …), or one prefecture.

    Raises:
        KGError: ``around`` names no entity.
    """
    view = graph
    if around:
        seeds = [n for n, d in graph.nodes(data=True) if d.get("label") == around]
        seeds = seeds or [n for n, d in graph.nodes(data=True) if around in str(d.get("label"))]
        if not seeds:
            raise KGError(Errors.E036.format(name=around))
        undirected = graph.to_undirected(as_view=True)
        keep: set[str] = set()
        for seed in seeds:
            keep |= set(nx.single_source_shortest_path_length(undirected, seed, cutoff=depth))
        view = graph.subgraph(keep)
    if types:
        view = view.subgraph([n for n, d in view.nodes(data=True) if _style_key(d) in types])
    if prefecture:
        view = view.subgraph([n for n, d in view.nodes(data=True)
                              if prefecture in str(d.get("prefectures", "")).split("|")
                              or d.get("label") == prefecture])
    return view.copy()


def reduce_graph(graph: nx.MultiDiGraph, max_nodes: int) -> tuple[nx.MultiDiGraph, int]:
    """Keep the ``max_nodes`` best-connected nodes (degree, then mentions, then key)."""
    if graph.number_of_nodes() <= max_nodes:
        return graph, 0
    ranked = sorted(graph.nodes, key=lambda n: (-graph.degree(n), -graph.nodes[n]["mentions"], n))
    keep = ranked[:max_nodes]
    return graph.subgraph(keep).copy(), graph.number_of_nodes() - len(keep)


def layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Deterministic positions (spring layout, fixed seed), scaled for vis-network."""
    if graph.number_of_nodes() == 0:
        return {}
    simple = nx.Graph(graph.to_undirected())
    iterations = 50 if simple.number_of_nodes() <= 2000 else 20
    pos = nx.spring_layout(simple, seed=1, iterations=iterations)
    scale = 150 * max(4.0, simple.number_of_nodes() ** 0.5)
    return {n: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for n, (x, y) in pos.items()}


def _controls(counts: dict[str, int], prefectures: list[str], dropped: int) -> tuple[str, str]:
    """The control bar (top of the page) and its script (end of the page)."""
    legend = "".join(
        f'<label style="margin-right:10px"><input type="checkbox" class="kg-type" value="{key}" '
        f'checked> <span style="color:{colour}">&#9679;</span> {html.escape(label)} '
        f'({counts.get(key, 0)})</label>'
        for key, (label, colour, _shape) in STYLE.items())
    note = (f'<div id="kg-note">Showing the best-connected nodes; {dropped} nodes left out. '
            f'Use <code>kg viz --around NAME</code> for a focused view.</div>') if dropped else ""
    options = "".join(f'<option value="{html.escape(p, quote=True)}">{html.escape(p)}</option>'
                      for p in prefectures)
    return f"""<div id="kg-controls" style="font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;
  padding:6px;background:#f7f7f7;border-bottom:1px solid #ddd">
  <input id="kg-search" type="search" placeholder="搜索 search…" style="width:220px">
  <span id="kg-found"></span>
  <select id="kg-pref"><option value="">全部地区 all prefectures</option>{options}</select>
  <br>{legend}{note}
</div>
""", """<script>
(function () {
  function refresh() {
    var shown = {};
    document.querySelectorAll('.kg-type').forEach(function (b) { shown[b.value] = b.checked; });
    var pref = document.getElementById('kg-pref').value;
    nodes.update(nodes.get().map(function (n) {
      var inPref = !pref || (n.kgPref || []).indexOf(pref) >= 0 || n.label === pref;
      return {id: n.id, hidden: !(shown[n.kgType] && inPref)};
    }));
  }
  document.querySelectorAll('.kg-type').forEach(function (b) { b.addEventListener('change', refresh); });
  document.getElementById('kg-pref').addEventListener('change', refresh);
  document.getElementById('kg-search').addEventListener('input', function (e) {
    var q = e.target.value.trim();
    var hits = q ? nodes.get({filter: function (n) { return n.label.indexOf(q) >= 0; }}) : [];
    document.getElementById('kg-found').textContent = q ? hits.length + ' found' : '';
    network.selectNodes(hits.map(function (n) { return n.id; }));
    if (hits.length) { network.focus(hits[0].id, {scale: 1.2, animation: false}); }
  });
})();
</script>
"""


def to_html(graph: nx.MultiDiGraph, *, max_nodes: int = DEFAULT_MAX_NODES,
            hierarchical: bool = False) -> str:
    """The page as a string: inline vis-network, precomputed layout, physics off.

    ``hierarchical`` stacks the levels top-down (province … village, then bodies, units,
    programmes) instead of the spring layout.
    """
    view, dropped = reduce_graph(graph, max_nodes)
    pos = {} if hierarchical else layout(view)
    net = Network(height="860px", width="100%", directed=True, cdn_resources="in_line")
    counts: dict[str, int] = {}
    prefectures: set[str] = set()
    max_mentions = max((int(view.nodes[n]["mentions"]) for n in view.nodes), default=1) or 1
    for key in sorted(view.nodes):
        data = view.nodes[key]
        style = _style_key(data)
        counts[style] = counts.get(style, 0) + 1
        pref = [p for p in str(data.get("prefectures") or "").split("|") if p]
        prefectures.update(pref)
        _label, colour, shape = STYLE[style]
        if style == "org":
            colour = ORG_COLOURS.get(str(data.get("kind")), colour)
        node = {
            "id": key, "label": data["label"], "title": _title(data), "kgType": style,
            "kgPref": pref, "color": colour, "shape": shape,
            "size": 10 + 20 * (int(data["mentions"]) / max_mentions) ** 0.5,
            "font": {"face": "Noto Sans CJK SC, Microsoft YaHei, sans-serif"},
        }
        if hierarchical:
            node["level"] = LEVELS.index(style)
        else:
            node["x"], node["y"] = pos[key]
        net.nodes.append(node)
    for head, tail, data in sorted(view.edges(data=True), key=lambda e: (e[0], e[1], e[2]["relation"])):
        rel = data["relation"]
        net.edges.append({"from": head, "to": tail, "label": rel, "title": rel,
                          "color": EDGE_COLOURS.get(rel, "#999"), "arrows": "to",
                          "dashes": rel == "located_in", "font": {"size": 9}})
    if hierarchical:
        net.set_options(json.dumps({
            "layout": {"hierarchical": {"enabled": True, "direction": "UD", "sortMethod": "directed",
                                        "levelSeparation": 160, "nodeSpacing": 120}},
            "physics": {"enabled": False}, "interaction": {"hover": True}}))
    else:
        net.toggle_physics(False)
    page = _RE_REMOTE.sub("", net.generate_html(notebook=False))
    bar, script = _controls(counts, sorted(prefectures), dropped)
    page = re.sub(r"<body[^>]*>", lambda m: m.group(0) + bar, page, count=1)
    return page.replace("</body>", script + "</body>", 1)
