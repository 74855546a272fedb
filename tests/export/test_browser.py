"""graph.html in a real headless Chromium (Debian's, driven by Playwright), network off.

The test setup installs Debian's ``chromium`` with apt where it is absent (CI runs as
root on a Debian machine); elsewhere, without it, these tests are skipped, except under
``CI=true`` where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kg.build import write_outputs
from kg.export.network import read_graphml
from kg.merge import merge_pages
from kg.pipeline import extract_page
from kg.types import RawText
from tests.export.test_html import HOSTILE
from tests.helpers import ROOT

pytestmark = pytest.mark.slow
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found or not shutil.which("apt-get") or os.geteuid() != 0:
        return found
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], env=env, check=False, capture_output=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium",
                    "fonts-noto-cjk"], env=env,
                   check=False, capture_output=True)
    return shutil.which("chromium")


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Debian chromium could not be installed for the browser tests")
        pytest.skip("no chromium here and no apt to install it")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _open(browser, path: Path):
    """A page with every non-file request aborted (offline), console errors collected."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
               else route.abort())
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function("typeof vis !== 'undefined' && typeof network !== 'undefined'",
                           timeout=30_000)
    return page, errors, dialogs


def test_browser_seed_graph_drawn_offline_and_searchable(browser, seed_build):
    out = seed_build[1]
    page, errors, _ = _open(browser, out / "graph.html")
    ARTIFACTS.mkdir(exist_ok=True)
    expected = read_graphml(out / "graph.graphml").number_of_nodes()
    assert page.evaluate("nodes.length") == expected
    assert page.evaluate("network.body.data.nodes.length") == expected
    # the first view is fitted to the best-connected nodes, near enough to read them
    assert page.evaluate("network.getScale()") >= 0.25
    page.screenshot(path=str(ARTIFACTS / "graph-first-view.png"))
    page.fill("#kg-search", "森格社区")
    page.wait_for_function("document.getElementById('kg-found').textContent.length > 0")
    found = page.text_content("#kg-found")
    assert found and int(found.split()[0]) >= 1
    assert page.evaluate("network.getSelectedNodes().length") >= 1
    page.screenshot(path=str(ARTIFACTS / "graph-search.png"))
    def total_of(selector: str) -> int:
        return sum(int(c) for c in page.eval_on_selector_all(selector, "cs => cs.map(c => c.textContent)"))

    total = total_of(".kg-count")
    assert total == expected
    before = page.evaluate("[network.getScale(), network.getViewPosition()]")
    page.select_option("#kg-pref", "阿里地区")
    hidden = page.evaluate("nodes.get({filter: function (n) { return n.hidden; }}).length")
    assert 0 < hidden < expected
    # the legend counts what the filter leaves, and the view refits to it
    assert total_of(".kg-count") == expected - hidden
    bodies = int(page.text_content('.kg-count[data-type="org"]'))
    assert total_of(".kg-kind-count") == bodies  # the bodies by kind are recounted too
    assert page.text_content("#kg-shown").startswith(f"{expected - hidden} / {expected}")
    assert page.evaluate("[network.getScale(), network.getViewPosition()]") != before
    page.screenshot(path=str(ARTIFACTS / "graph-filter.png"))
    # hovering a node shows its tooltip, wrapped
    node = page.evaluate("nodes.get({filter: function (n) { return !n.hidden; }})[0].id")
    x, y = page.evaluate(f"(function () {{ var p = network.canvasToDOM(network.getPosition({node!r}));"
                         "var r = document.querySelector('#mynetwork canvas').getBoundingClientRect();"
                         "return [r.left + p.x, r.top + p.y]; })()")
    page.mouse.move(x, y)
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=10_000)
    assert page.eval_on_selector("div.vis-tooltip", "t => getComputedStyle(t).whiteSpace") == "pre-wrap"
    page.screenshot(path=str(ARTIFACTS / "graph-hover.png"))
    page.screenshot(path=str(ARTIFACTS / "graph.png"))
    assert errors == []
    page.close()


def test_browser_hostile_page_text_is_shown_not_run(browser, resources, tmp_path):
    page_obj = extract_page(RawText(Path("evil.txt"), HOSTILE, "utf-8"), resources)
    write_outputs(merge_pages([page_obj], resources.gaz), tmp_path)
    page, errors, dialogs = _open(browser, tmp_path / "graph.html")
    positions = page.evaluate(
        "(() => { const p = network.getPositions(); return Object.keys(p).map("
        "k => network.canvasToDOM(p[k])); })()")
    assert positions
    for pos in positions:  # hover every node: pyvis's popup path must not run page text
        page.mouse.move(pos["x"], pos["y"] + 60)
        page.wait_for_timeout(50)
    assert page.evaluate("typeof window.__x") == "undefined"
    assert dialogs == []
    labels = page.evaluate("nodes.get().map(n => n.label).join(' ')")
    assert "<script>alert(1)</script>" in labels  # a 《document》 title, shown as text
    titles = page.evaluate("nodes.get().map(n => n.title).join(' ')")
    assert "<img src=x onerror=" in titles and "&lt;" not in titles  # shown as written …
    shown = page.evaluate("[...document.querySelectorAll('.vis-tooltip')].map(t => t.innerText).join(' ')")
    assert "&gt;" not in shown  # … and as text: the hovers above ran nothing (window.__x)
    assert errors == []
    page.close()


def _poll(page, expression: str, timeout_s: float = 30) -> None:
    """Wait for a condition by polling ``page.evaluate``: the query page's CSP forbids the
    eval that ``wait_for_function`` injects, and that is as it should be."""
    import time

    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(50)


def test_browser_query_page_runs_examples_offline_and_shows_page_text_as_text(browser, resources, tmp_path):
    """``kg serve``'s query page in Chromium: every request that is not to the endpoint is
    aborted and counted (there must be none), an example query runs, and a hostile label
    from a page is shown as text, not run."""
    from kg.serve import Endpoint, ServeOptions

    page_obj = extract_page(RawText(Path("evil.txt"), HOSTILE, "utf-8"), resources)
    write_outputs(merge_pages([page_obj], resources.gaz), tmp_path)
    with Endpoint(tmp_path / "graph.ttl", bind="127.0.0.1:0", options=ServeOptions(workers=1)) as ep:
        base = f"http://{ep.address}"
        page = browser.new_page()
        elsewhere: list[str] = []
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                   else (elsewhere.append(route.request.url), route.abort()))
        page.goto(base + "/", wait_until="load")
        _poll(page, "document.getElementById('examples').options.length > 1")
        assert "PREFIX dj: <https://w3id.org/dangjian-kg/ontology#>" in page.input_value("#query")
        names = page.evaluate("[...document.getElementById('examples').options].map(o => o.text)")
        assert "who_leads_what.rq" in names
        page.fill("#query", "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                            "SELECT ?label WHERE { ?s rdfs:label ?label }")
        page.click("#run")
        _poll(page, "document.querySelectorAll('#results td').length > 0")
        cells = page.evaluate("[...document.querySelectorAll('#results td')].map(td => td.textContent)")
        assert any("<script>alert(1)</script>" in c for c in cells)  # the 《title》, as text
        assert page.evaluate("document.querySelectorAll('#results script, #results img').length") == 0
        page.fill("#query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }")
        page.click("#run")
        _poll(page, "document.getElementById('status').textContent.startsWith('400')")
        assert "SERVICE" in page.text_content("#status")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "query-page.png"))
        assert page.evaluate("typeof window.__x") == "undefined" and dialogs == [] and elsewhere == []
        page.close()
