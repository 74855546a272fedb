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
import math
import re

import networkx as nx
from pyvis.network import Network

from kg.constants import EntityLabel
from kg.errors import Errors, KGError
from kg.keys import key_name

DEFAULT_MAX_NODES = 1500
_HREF = re.compile("href", re.IGNORECASE)
#: pyvis adds Bootstrap from a CDN in every mode (R8) and a stray ../node_modules/vis
#: reference; with vis-network inlined the page needs neither, and an offline page must
#: not try to fetch anything (a failed load is also a console error).
_RE_REMOTE = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)=[\"'][^\"']+[\"'][^>]*>(?:\s*</script>)?")

#: Colour and shape per node type. The five place levels are five well-separated steps of
#: one sequential scale (ColorBrewer YlGnBu: dark for the province, light for the village), so
#: they read as a hierarchy; every other type has its own hue and shape.
STYLE: dict[str, tuple[str, str, str]] = {
    # key: (legend label, colour, shape)
    "province": ("省级 province", "#253494", "dot"),
    "prefecture": ("地级 prefecture", "#2c7fb8", "dot"),
    "county": ("县级 county", "#41b6c4", "dot"),
    "township": ("乡级 township", "#7fcdbb", "dot"),
    "village": ("村级 village", "#c7e9b4", "dot"),
    "org": ("党组织 Party body", "#cb181d", "diamond"),
    "unit": ("单位 unit", "#8c564b", "square"),
    "programme": ("举措 programme", "#e6ab02", "triangle"),
    "document": ("文件 document", "#6a51a3", "box"),
    "person": ("人物 person", "#f781bf", "star"),
}
LEVELS = tuple(STYLE)  # row of each type in the hierarchical layout
#: Party bodies by kind: reds from the centre to the party group, each its own legend entry.
ORG_COLOURS = {"central": "#67000d", "committee": "#a50f15", "leading_group": "#cb181d",
               "discipline": "#7f2704", "department": "#ef3b2c", "school": "#fd8d3c",
               "general_branch": "#e7298a", "branch": "#f768a1", "group": "#fcc5c0"}
ORG_LABELS = {"central": "中央 central", "committee": "党委 committee", "leading_group": "党组 party group",
              "discipline": "纪委 discipline", "department": "部门 department", "school": "党校 school",
              "general_branch": "党总支 general branch", "branch": "党支部 branch", "group": "党小组 group"}
EDGE_COLOURS = {"located_in": "#9ecae1", "org_of": "#cb181d", "sub_org_of": "#67000d",
                "implements": "#e6ab02", "leads": "#f781bf"}
#: how strongly each relation holds its ends together in the layout: a place by its parent
#: and a body by its place, firmly; a programme many places run, loosely (else it pulls
#: places of different provinces side by side)
EDGE_WEIGHTS = {"located_in": 4.0, "org_of": 3.0, "sub_org_of": 3.0, "leads": 2.0, "implements": 0.3}
#: the best-connected nodes: the first view is fitted to them, and their labels are larger
FIRST_VIEW_NODES = 30
#: legend icons: the shape vis-network draws, as a small SVG
_ICONS = {
    "dot": '<circle cx="7" cy="7" r="5.5"/>',
    "diamond": '<polygon points="7,1 13,7 7,13 1,7"/>',
    "square": '<rect x="2" y="2" width="10" height="10"/>',
    "triangle": '<polygon points="7,1.5 13,12.5 1,12.5"/>',
    "box": '<rect x="1" y="3.5" width="12" height="7" rx="2"/>',
    "star": '<polygon points="7,1 8.6,5.2 13,5.2 9.4,7.9 10.8,12.3 7,9.6 3.2,12.3 4.6,7.9 1,5.2 5.4,5.2"/>',
}


def script_json(value: object) -> str:
    """JSON safe inside a ``<script>``: node ids hold page text, and a ``</script>`` in
    them must not end the script (``<``, ``>`` and ``&`` as ``\\u`` escapes, as ``tojson``).

    >>> print(script_json(["《</script><b>》"]))
    ["《\\u003c/script\\u003e\\u003cb\\u003e》"]
    """
    return (json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026"))


def legend_icon(shape: str, colour: str) -> str:
    """The legend's picture of a node: its shape in its colour (a diamond for a body)."""
    return (f'<svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" '
            f'style="vertical-align:-2px"><g fill="{colour}" stroke="#444" stroke-width="0.8">'
            f'{_ICONS[shape]}</g></svg>')


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
    if data.get("members") is not None:  # a prefecture of the overview: what it holds
        return inert_title("\n".join([*lines, "in it:", *(f"· {m}" for m in data["members"].splitlines())]))
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
                              if prefecture in _prefectures_of(d)
                              or d.get("label") == prefecture])
    return view.copy()


def best_connected(graph: nx.MultiDiGraph) -> list[str]:
    """The nodes by degree, then mentions, then key: which to keep, which to show first."""
    return sorted(graph.nodes, key=lambda n: (-graph.degree(n), -int(graph.nodes[n]["mentions"]), n))


def reduce_graph(graph: nx.MultiDiGraph, max_nodes: int) -> tuple[nx.MultiDiGraph, int]:
    """Keep the ``max_nodes`` best-connected nodes (degree, then mentions, then key)."""
    if graph.number_of_nodes() <= max_nodes:
        return graph, 0
    keep = best_connected(graph)[:max_nodes]
    return graph.subgraph(keep).copy(), graph.number_of_nodes() - len(keep)


#: what a prefecture of the overview counts, in this order (legend keys of :data:`STYLE`)
_MEMBER_TYPES = ("county", "township", "village", "org", "unit", "programme", "document", "person")
#: the programmes an overview draws: those run in the most prefectures (more is a hairball)
OVERVIEW_PROGRAMMES = 60


def overview(graph: nx.MultiDiGraph, max_nodes: int) -> tuple[nx.MultiDiGraph, int]:
    """The graph by prefecture, for one too large to draw whole: every prefecture (under
    its province) stands for the entities that lie or act in it — how many counties,
    villages, Party bodies, programmes, people …, in its hover text and its size — and the
    programmes run in two or more prefectures (the :data:`OVERVIEW_PROGRAMMES` run in the
    most) are drawn between the prefectures that run them (``implements``, weighted by how
    many of each prefecture's entities do). Returns the overview and how many entities it
    leaves undrawn.

    A best-connected cut of a large graph keeps a hairball of one region's bodies; the
    overview keeps the country's shape and the spread of programmes, and ``kg viz
    --prefecture NAME`` draws any one prefecture whole.
    """
    places = {n: d for n, d in graph.nodes(data=True) if d["type"] == EntityLabel.PLACE.value}
    prefectures = sorted(n for n, d in places.items() if d["kind"] == "prefecture")
    by_name: dict[str, list[str]] = {}
    for key in prefectures:
        by_name.setdefault(str(graph.nodes[key]["label"]), []).append(key)
    members: dict[str, dict[str, int]] = {key: {} for key in prefectures}
    inside: dict[str, set[str]] = {}  # node -> the prefectures it lies or acts in
    spread: dict[str, set[str]] = {}  # programme -> the prefectures that run it
    for node, data in graph.nodes(data=True):
        style = _style_key(data)
        inside[node] = {k for name in _prefectures_of(data) for k in by_name.get(name, ())}
        if style == "programme":
            spread[node] = inside[node]
        for key in inside[node] - {node}:
            members[key][style] = members[key].get(style, 0) + 1
    ranked = sorted(prefectures, key=lambda k: (-sum(members[k].values()), k))
    provinces = {up for key in ranked for _h, up, rel in graph.out_edges(key, data="relation")
                 if rel == "located_in" and places.get(up, {}).get("kind") == "province"}
    room = max(0, max_nodes - len(provinces))
    ranked = ranked[:room]
    drawn = set(ranked)
    shared = sorted((prog for prog, where in spread.items() if len(where & drawn) >= 2),
                    key=lambda p: (-len(spread[p]), -int(graph.nodes[p]["mentions"]), p))
    shared = shared[:max(0, min(OVERVIEW_PROGRAMMES, room - len(ranked)))]
    view = nx.MultiDiGraph()
    for key in sorted({*ranked, *provinces}):
        data = dict(graph.nodes[key])
        counts = members.get(key, {})
        if key in members:  # a province stays as it is
            data["mentions"] = sum(counts.values())
            data["members"] = "\n".join(f"{counts[t]} {STYLE[t][0]}" for t in _MEMBER_TYPES if counts.get(t))
            data["evidence"] = ""
        view.add_node(key, **data)
    for prog in shared:
        view.add_node(prog, **graph.nodes[prog])
    for key in ranked:
        for _h, up, rel in graph.out_edges(key, data="relation"):
            if rel == "located_in" and up in provinces:
                view.add_edge(key, up, key="located_in", relation="located_in", evidence=1)
    runs: dict[tuple[str, str], int] = {}
    for actor, prog, rel in graph.edges(data="relation"):
        if rel == "implements" and prog in view and prog in spread:
            for key in inside[actor] & drawn:
                runs[(key, prog)] = runs.get((key, prog), 0) + 1
    for (key, prog), n in sorted(runs.items()):
        view.add_edge(key, prog, key="implements", relation="implements", evidence=n)
    return view, graph.number_of_nodes() - view.number_of_nodes()


#: above this many drawn nodes, the layout is the tree one (:func:`tree_layout`): a spring
#: layout compares every pair of nodes (7.7 s for 1,500 nodes here), the tree one is linear
SPRING_MAX_NODES = 800


def _weighted(graph: nx.MultiDiGraph) -> nx.Graph:
    """One undirected edge per pair of nodes, weighted by its strongest relation."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    for head, tail, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["relation"])):
        weight = EDGE_WEIGHTS.get(data["relation"], 1.0)
        if head != tail and weight > simple.get_edge_data(head, tail, {"weight": 0.0})["weight"]:
            simple.add_edge(head, tail, weight=weight)
    return simple


def layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Deterministic positions, scaled for vis-network: a spring layout (fixed seed) in which
    places hold to their parents and bodies to their places (:data:`EDGE_WEIGHTS`), started
    from one circle per prefecture, so that places far apart are not drawn side by side;
    above :data:`SPRING_MAX_NODES` nodes, :func:`tree_layout`."""
    if graph.number_of_nodes() == 0:
        return {}
    simple = _weighted(graph)
    if simple.number_of_nodes() > SPRING_MAX_NODES:
        return tree_layout(simple)
    groups = sorted({_first_prefecture(graph.nodes[n]) for n in simple.nodes})
    centre = {g: (math.cos(2 * math.pi * i / len(groups)), math.sin(2 * math.pi * i / len(groups)))
              for i, g in enumerate(groups)}
    start = {}
    for i, n in enumerate(sorted(simple.nodes)):
        cx, cy = centre[_first_prefecture(graph.nodes[n])]
        start[n] = (cx + 0.15 * math.cos(i), cy + 0.15 * math.sin(i))  # spread within the group
    iterations = 50 if simple.number_of_nodes() <= 2000 else 20
    pos = nx.spring_layout(simple, pos=start, seed=1, iterations=iterations, weight="weight")
    scale = 150 * max(4.0, simple.number_of_nodes() ** 0.5)
    return {n: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for n, (x, y) in pos.items()}


#: pixels between the rings of a tree, and the least arc between two nodes of a ring
_RING, _ARC = 160.0, 46.0


def tree_layout(simple: nx.Graph) -> dict[str, tuple[float, float]]:
    """Places under their parents, bodies beside their places, in time linear in the graph
    (after sorting its edges): the maximum-weight spanning forest of :data:`EDGE_WEIGHTS`
    (located_in and org_of outweigh the rest, so a village hangs from its township and a
    branch from its village), each tree drawn radially from its highest place — every subtree
    gets an arc in proportion to its size — and the trees packed in rows, largest first."""
    forest = nx.maximum_spanning_tree(simple, weight="weight", algorithm="kruskal")
    placed: dict[str, tuple[float, float]] = {}
    trees = sorted((sorted(c) for c in nx.connected_components(forest)), key=lambda c: (-len(c), c[0]))
    x = y = row_height = 0.0
    row_width = _ARC * 6 * max(1.0, len(simple) ** 0.5)
    for nodes in trees:
        root = min(nodes, key=lambda n: (_level_rank(n), -simple.degree(n, weight="weight"), n))
        local, radius = _radial(forest, root)
        if x and x + 2 * radius > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (lx, ly) in local.items():
            placed[node] = (round(x + radius + lx, 1), round(y + radius + ly, 1))
        x += 2 * radius + _ARC
        row_height = max(row_height, 2 * radius + _ARC)
    return placed


def _level_rank(node: str) -> int:
    """A linked place by its level (the length of its code: 54 < 5401 < 540102 …), before
    anything else: a tree is drawn from its highest place."""
    code = key_name(node, EntityLabel.PLACE)
    return len(code) if code and code.isdigit() else 99


def _radial(tree: nx.Graph, root: str) -> tuple[dict[str, tuple[float, float]], float]:
    """Positions of one tree around its root at (0, 0), and the radius it takes."""
    children: dict[str, list[str]] = {}
    order = [root]
    seen = {root}
    for node in order:  # breadth first: parents before children
        kids = sorted(n for n in tree.neighbors(node) if n not in seen)
        seen.update(kids)
        children[node] = kids
        order.extend(kids)
    size: dict[str, int] = {}
    for node in reversed(order):
        size[node] = 1 + sum(size[c] for c in children[node])
    depth = {root: 0}
    for node in order:
        for c in children[node]:
            depth[c] = depth[node] + 1
    per_ring: dict[int, int] = {}
    for d in depth.values():
        per_ring[d] = per_ring.get(d, 0) + 1
    # each ring far enough out to give its nodes their arc
    radius_of = {0: 0.0}
    for d in range(1, max(per_ring) + 1):
        radius_of[d] = max(radius_of[d - 1] + _RING, per_ring[d] * _ARC / (2 * math.pi))
    span = {root: (0.0, 2 * math.pi)}
    pos = {root: (0.0, 0.0)}
    for node in order:
        start, end = span[node]
        total = size[node] - 1
        for c in children[node]:
            width = (end - start) * size[c] / total
            span[c] = (start, start + width)
            angle = start + width / 2
            r = radius_of[depth[c]]
            pos[c] = (r * math.cos(angle), r * math.sin(angle))
            start += width
    return pos, radius_of[max(per_ring)] + _ARC


def _prefectures_of(data: dict) -> list[str]:
    """The prefectures a node lies or acts in (its ``|``-joined ``prefectures``)."""
    return [p for p in str(data.get("prefectures") or "").split("|") if p]


def _first_prefecture(data: dict) -> str:
    return next(iter(_prefectures_of(data)), "")


def _controls(counts: dict[str, int], org_counts: dict[str, int], prefectures: list[str],
              dropped: int, first_view: list[str], *, overview_of: int = 0) -> tuple[str, str]:
    """The control bar (top of the page) and its script (end of the page); ``overview_of``
    is the size of the graph an overview (:func:`overview`) stands for."""
    legend = "".join(
        f'<label style="margin-right:10px;white-space:nowrap"><input type="checkbox" class="kg-type" '
        f'value="{key}" checked> {legend_icon(shape, colour)} {html.escape(label)} '
        f'(<span class="kg-count" data-type="{key}">{counts.get(key, 0)}</span>)</label>'
        for key, (label, colour, shape) in STYLE.items())
    kinds = "".join(
        f'<span style="margin-right:8px;white-space:nowrap">{legend_icon("diamond", ORG_COLOURS[kind])} '
        f'{html.escape(ORG_LABELS[kind])} (<span class="kg-kind-count" data-kind="{kind}">'
        f'{org_counts[kind]}</span>)</span>'
        for kind in ORG_COLOURS if org_counts.get(kind))
    if overview_of:
        note = (f'<div id="kg-note">Overview by prefecture of a graph of {overview_of} nodes: each '
                f'prefecture stands for the entities in it (hover for the counts), with the programmes '
                f'run in the most prefectures. Use <code>kg viz build/graph.graphml --prefecture '
                f'NAME</code> for one prefecture, <code>--around NAME</code> for one entity.</div>')
    elif dropped:
        note = (f'<div id="kg-note">Showing the best-connected nodes; {dropped} nodes left out. '
                f'Use <code>kg viz --around NAME</code> for a focused view.</div>')
    else:
        note = ""
    options = "".join(f'<option value="{html.escape(p, quote=True)}">{html.escape(p)}</option>'
                      for p in prefectures)
    return f"""<style>
  div.vis-tooltip {{ white-space: pre-wrap; max-width: 420px; font-size: 13px; line-height: 1.4; }}
</style>
<div id="kg-controls" style="font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;
  padding:6px;background:#f7f7f7;border-bottom:1px solid #ddd;font-size:13px">
  <input id="kg-search" type="search" placeholder="搜索 search…" style="width:220px">
  <span id="kg-found"></span>
  <select id="kg-pref"><option value="">全部地区 all prefectures</option>{options}</select>
  <span id="kg-shown"></span>
  <br>{legend}<br><span style="color:#555">党组织 by kind:</span> {kinds}{note}
</div>
""", """<script>
(function () {
  var firstView = """ + script_json(first_view) + """;
  function visible() { return nodes.get({filter: function (n) { return !n.hidden; }}); }
  function fitTo(list) {
    if (list.length) { network.fit({nodes: list.map(function (n) { return n.id || n; }), animation: false}); }
  }
  function recount(list) {
    var counts = {}, kinds = {};
    list.forEach(function (n) {
      counts[n.kgType] = (counts[n.kgType] || 0) + 1;
      if (n.kgKind) { kinds[n.kgKind] = (kinds[n.kgKind] || 0) + 1; }
    });
    document.querySelectorAll('.kg-count').forEach(function (c) {
      c.textContent = counts[c.getAttribute('data-type')] || 0;
    });
    document.querySelectorAll('.kg-kind-count').forEach(function (c) {
      c.textContent = kinds[c.getAttribute('data-kind')] || 0;
    });
    document.getElementById('kg-shown').textContent = list.length + ' / ' + nodes.length + ' shown';
  }
  function refresh(refit) {
    var shown = {};
    document.querySelectorAll('.kg-type').forEach(function (b) { shown[b.value] = b.checked; });
    var pref = document.getElementById('kg-pref').value;
    var inPref = {};
    nodes.update(nodes.get().map(function (n) {
      var mine = !pref || (n.kgPref || []).indexOf(pref) >= 0 || n.label === pref;
      inPref[n.id] = mine;
      return {id: n.id, hidden: !(shown[n.kgType] && mine)};
    }));
    var list = visible();
    recount(nodes.get({filter: function (n) { return inPref[n.id]; }}));
    document.getElementById('kg-shown').textContent = list.length + ' / ' + nodes.length + ' shown';
    if (refit) { fitTo(list); }
  }
  document.querySelectorAll('.kg-type').forEach(function (b) {
    b.addEventListener('change', function () { refresh(false); });
  });
  document.getElementById('kg-pref').addEventListener('change', function () { refresh(true); });
  document.getElementById('kg-search').addEventListener('input', function (e) {
    var q = e.target.value.trim();
    var hits = q ? nodes.get({filter: function (n) { return n.label.indexOf(q) >= 0; }}) : [];
    document.getElementById('kg-found').textContent = q ? hits.length + ' found' : '';
    network.selectNodes(hits.map(function (n) { return n.id; }));
    if (hits.length) { network.focus(hits[0].id, {scale: 1.2, animation: false}); }
  });
  recount(nodes.get());
  fitTo(firstView);  // the best-connected nodes, near enough to read their labels
})();
</script>
"""


def to_html(graph: nx.MultiDiGraph, *, max_nodes: int = DEFAULT_MAX_NODES,
            hierarchical: bool = False) -> str:
    """The page as a string: inline vis-network, precomputed layout, physics off.

    ``hierarchical`` stacks the levels top-down (province … village, then bodies, units,
    programmes) instead of the spring layout.
    """
    view, dropped, overview_of = graph, 0, 0
    if graph.number_of_nodes() > max_nodes:
        view, dropped = overview(graph, max_nodes)
        overview_of = graph.number_of_nodes()
        if not any(data.get("members") is not None for _n, data in view.nodes(data=True)):
            view, dropped = reduce_graph(graph, max_nodes)  # no prefecture to sum by: a cut
            overview_of = 0
    pos = {} if hierarchical else layout(view)
    net = Network(height="860px", width="100%", directed=True, cdn_resources="in_line")
    counts: dict[str, int] = {}
    org_counts: dict[str, int] = {}
    prefectures: set[str] = set()
    first_view = best_connected(view)[:FIRST_VIEW_NODES]
    prominent = set(first_view)
    max_mentions = max((int(view.nodes[n]["mentions"]) for n in view.nodes), default=1) or 1
    for key in sorted(view.nodes):
        data = view.nodes[key]
        style = _style_key(data)
        counts[style] = counts.get(style, 0) + 1
        pref = _prefectures_of(data)
        prefectures.update(pref)
        _label, colour, shape = STYLE[style]
        if style == "org":
            colour = ORG_COLOURS.get(str(data.get("kind")), colour)
            org_counts[str(data.get("kind"))] = org_counts.get(str(data.get("kind")), 0) + 1
        node = {
            "id": key, "label": data["label"], "title": _title(data), "kgType": style,
            "kgPref": pref, "shape": shape,
            "kgKind": str(data.get("kind")) if style == "org" else None,
            "size": 10 + 20 * (int(data["mentions"]) / max_mentions) ** 0.5,
            "font": {"face": "Noto Sans CJK SC, Microsoft YaHei, sans-serif",
                     "size": 30 if key in prominent else 14},
            "borderWidth": 1, "color": {"background": colour, "border": "#444",
                                        "highlight": {"background": colour, "border": "#000"}},
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
    bar, script = _controls(counts, org_counts, sorted(prefectures), dropped, first_view,
                            overview_of=overview_of)
    page = re.sub(r"<body[^>]*>", lambda m: m.group(0) + bar, page, count=1)
    return page.replace("</body>", script + "</body>", 1)
