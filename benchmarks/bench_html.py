"""How fast a large graph.html becomes usable in headless Chromium (network blocked).

    python benchmarks/bench_html.py [--nodes 5000] [--runs 3]

A synthetic graph with the attributes of a build (Chinese labels, every node type,
~2 edges per node) goes through the real exporter (``to_html``: layout in Python, physics
off). Reported: Python time to write the page, its size, and in Chromium the time to the
``load`` event and until the network is drawn with all nodes in its DataSet (median of
``--runs``), plus the time of one ``network.redraw()``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.export.html import STYLE, to_html  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def synthetic(n: int) -> nx.MultiDiGraph:
    rnd = random.Random(1)
    base = nx.barabasi_albert_graph(n, 2, seed=1)
    graph = nx.MultiDiGraph()
    types = list(STYLE)
    for node in base.nodes:
        kind = types[node % len(types)]
        is_place = kind in ("province", "prefecture", "county", "township", "village")
        graph.add_node(f"n{node}", label=f"示例{node}村党支部", type="place" if is_place else kind,
                       kind=kind if is_place else "", code="", mentions=rnd.randint(1, 20),
                       pages="p.txt", chain="拉萨市 > 西藏自治区",
                       prefectures=rnd.choice(["拉萨市", "阿里地区", "昌都市"]),
                       evidence="近日，示例村党支部开展“三个一批”活动。 (p.txt#0)")
    for a, b in base.edges:
        graph.add_edge(f"n{a}", f"n{b}", key="implements", relation="implements", evidence=1)
    return graph


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    graph = synthetic(args.nodes)
    start = time.perf_counter()
    page_html = to_html(graph, max_nodes=args.nodes)
    write_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.html"
        path.write_text(page_html, encoding="utf-8")
        loads, usable, redraws = [], [], []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
            for _ in range(args.runs):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                           else r.abort())
                t0 = time.perf_counter()
                page.goto(path.as_uri(), wait_until="load", timeout=600_000)
                loads.append(time.perf_counter() - t0)
                page.wait_for_function(f"typeof network !== 'undefined' && "
                                       f"network.body.data.nodes.length === {args.nodes}",
                                       timeout=600_000)
                usable.append(time.perf_counter() - t0)
                redraws.append(page.evaluate("(() => { const t = performance.now(); "
                                             "network.redraw(); return performance.now() - t; })()"))
                page.close()
            browser.close()
    print(json.dumps({
        "nodes": args.nodes, "edges": graph.number_of_edges(),
        "write_html_s": round(write_s, 2), "html_mb": round(len(page_html.encode()) / 1e6, 2),
        "load_s": round(statistics.median(loads), 2), "usable_s": round(statistics.median(usable), 2),
        "redraw_ms": round(statistics.median(redraws)),
    }, indent=1))


if __name__ == "__main__":
    main()
