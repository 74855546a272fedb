"""``kg serve``: a real SPARQL endpoint (the Oxigraph server from PyPI, with its query UI),
behind a guard.

The graph and the ontology are bulk-loaded into a store in a temporary folder, and
``oxigraph serve-read-only`` answers on a private loopback port, with a per-query timeout;
read-only, it refuses ``LOAD`` and updates. Oxigraph federates ``SERVICE`` unconditionally
(RELIABILITY.md R1), so the public port is a small guard: every query is parsed and checked
(:func:`kg.query.check_query`: no ``SERVICE``, no ``FROM``) before it is passed on, and
``/update`` and ``/store`` are refused outright.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sysconfig
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kg.errors import Errors, KGError, QueryError
from kg.query import ONTOLOGY, check_query

DEFAULT_BIND = "127.0.0.1:7878"
_FORWARDED_HEADERS = ("Accept", "Content-Type")
_MAX_BODY = 1_000_000


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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _query_of(method: str, path: str, body: bytes, content_type: str) -> str | None:
    """The SPARQL text of a protocol request (GET ?query=, POST form or direct)."""
    url = urllib.parse.urlsplit(path)
    if method == "GET":
        return (urllib.parse.parse_qs(url.query).get("query") or [None])[0]
    if content_type.startswith("application/sparql-query"):
        return body.decode("utf-8", errors="replace")
    return (urllib.parse.parse_qs(body.decode("utf-8", errors="replace")).get("query") or [None])[0]


DEFAULT_MAX_RESULT_BYTES = 50_000_000


def make_guard(backend: str, max_result_bytes: int = DEFAULT_MAX_RESULT_BYTES
               ) -> type[BaseHTTPRequestHandler]:
    """A request handler that checks queries and passes them on to ``backend``; answers
    larger than ``max_result_bytes`` are refused (413) rather than streamed."""

    class Guard(BaseHTTPRequestHandler):
        server_version = "dangjian-kg"

        def log_message(self, *_args: object) -> None:  # quiet; the CLI prints the address
            return

        def _refuse(self, status: int, message: str) -> None:
            data = message.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _handle(self, method: str) -> None:
            route = urllib.parse.urlsplit(self.path).path
            if route.startswith(("/update", "/store")):
                self._refuse(403, "This endpoint is read-only.")
                return
            length = min(int(self.headers.get("Content-Length") or 0), _MAX_BODY)
            body = self.rfile.read(length) if method == "POST" else b""
            if route.startswith("/query"):
                sparql = _query_of(method, self.path, body, self.headers.get("Content-Type", ""))
                if sparql is None:
                    self._refuse(400, "No query given.")
                    return
                try:
                    check_query(sparql)
                except QueryError as e:
                    self._refuse(400, str(e))
                    return
            headers = {h: self.headers[h] for h in _FORWARDED_HEADERS if self.headers.get(h)}
            request = urllib.request.Request(backend + self.path, data=body or None,
                                             headers=headers, method=method)
            try:
                with urllib.request.urlopen(request, timeout=600) as response:  # noqa: S310
                    status, payload = response.status, response.read(max_result_bytes + 1)
                    kind = response.headers.get("Content-Type", "application/octet-stream")
                if len(payload) > max_result_bytes:
                    self._refuse(413, f"The result is larger than {max_result_bytes} bytes; "
                                      "narrow the query (LIMIT) or raise --max-result-bytes.")
                    return
            except urllib.error.HTTPError as e:
                with e:
                    status, payload = e.code, e.read()
                    kind = e.headers.get("Content-Type", "text/plain")
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            self._handle("GET")

        def do_POST(self) -> None:  # noqa: N802
            self._handle("POST")

    return Guard


class Endpoint:
    """A running endpoint: the Oxigraph server on a private port and the guard in front."""

    def __init__(self, graph: Path, *, bind: str = DEFAULT_BIND, timeout_s: int = 30,
                 max_result_bytes: int = DEFAULT_MAX_RESULT_BYTES) -> None:
        host, _, port = bind.rpartition(":")
        self.location = Path(tempfile.mkdtemp(prefix="kg-store-"))
        prepare_store(graph, self.location)
        inner = f"127.0.0.1:{_free_port()}"
        self.process = subprocess.Popen(
            [oxigraph_binary(), "serve-read-only", "--location", str(self.location), "--bind",
             inner, "--timeout-s", str(timeout_s)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.server = ThreadingHTTPServer((host or "127.0.0.1", int(port)),
                                          make_guard(f"http://{inner}", max_result_bytes))
        self.address = f"{self.server.server_address[0]}:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.location, ignore_errors=True)

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
