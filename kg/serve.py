"""``kg serve``: a real SPARQL endpoint (the Oxigraph server from PyPI, with its query UI).

The graph and the ontology are bulk-loaded into a store in a temporary folder, then
``oxigraph serve-read-only`` answers on localhost: read-only, so ``LOAD`` and updates are
refused, with a per-query timeout.
"""

from __future__ import annotations

import shutil
import subprocess
import sysconfig
import tempfile
from pathlib import Path

from kg.errors import Errors, KGError
from kg.query import ONTOLOGY

DEFAULT_BIND = "127.0.0.1:7878"


def oxigraph_binary() -> str:
    """The ``oxigraph`` executable installed with this package's dependencies.

    Raises:
        KGError: it is not installed.
    """
    beside = Path(sysconfig.get_path("scripts")) / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise KGError("The oxigraph server is not installed: pip install oxigraph")
    return found


def prepare_store(graph: Path, location: Path) -> None:
    """Bulk-load the graph and the ontology into an Oxigraph store at ``location``.

    Raises:
        KGError: the graph is missing or does not load.
    """
    if not graph.is_file():
        raise KGError(Errors.E031.format(path=graph))
    binary = oxigraph_binary()
    for path in (graph, ONTOLOGY):
        done = subprocess.run([binary, "load", "--location", str(location), "--file", str(path)],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise KGError(f"{path}: oxigraph could not load it: {done.stderr.strip()}")


def start_server(graph: Path, *, bind: str = DEFAULT_BIND, timeout_s: int = 30,
                 location: Path | None = None) -> tuple[subprocess.Popen, Path]:
    """Start a read-only endpoint for ``graph``; return the process and the store folder.

    The caller stops the process (``terminate``) and may delete the folder.
    """
    location = location or Path(tempfile.mkdtemp(prefix="kg-store-"))
    prepare_store(graph, location)
    process = subprocess.Popen(
        [oxigraph_binary(), "serve-read-only", "--location", str(location), "--bind", bind,
         "--timeout-s", str(timeout_s)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return process, location
