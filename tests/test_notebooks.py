"""Every notebook runs top to bottom in a fresh kernel (nbclient), and fails the suite if
any cell errors; the notebooks' own asserts guard key numbers of the builder.

Notebooks are committed with outputs stripped: executing them is the test, their outputs
(inline pages of ~1 MB, numbers that move with the builder) would only bloat diffs.
"""

from __future__ import annotations

import os

import nbformat
import pytest

from tests.helpers import ROOT

pytestmark = pytest.mark.slow
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_notebooks_exist():
    assert [p.name for p in NOTEBOOKS] == ["01_overview.ipynb", "02_sparql.ipynb",
                                           "03_network.ipynb", "04_figures.ipynb", "05_diffusion.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_committed_without_outputs(path):
    book = nbformat.read(path, as_version=4)
    for cell in book.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_run_top_to_bottom(path, tmp_path):
    nbclient = pytest.importorskip("nbclient")
    book = nbformat.read(path, as_version=4)
    # the kernel's own inline backend, so every chart becomes an image in the notebook
    env = {k: v for k, v in dict(os.environ, PYTHONPATH=str(ROOT), PYTHONWARNINGS="ignore").items()
           if k != "MPLBACKEND"}
    client = nbclient.NotebookClient(book, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(ROOT / "notebooks")}})
    old = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(old)
    errors = [o for c in book.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert errors == []
    charts = [c for c in book.cells if c.cell_type == "code" and "plt.show()" in c.source]
    for cell in charts:  # a chart cell that drew nothing would pass silently otherwise
        assert any("image/png" in o.get("data", {}) for o in cell.outputs), cell.source[:80]
    from kg.analysis import cjk_font

    if cjk_font() is not None:  # the machine draws Chinese: so must the notebooks
        printed = "".join(o.get("text", "") for c in charts for o in c.outputs if o.output_type == "stream")
        assert "no CJK font" not in printed
