"""``kg serve``: a read-only SPARQL endpoint a team can share.

The server answers the SPARQL 1.1 protocol itself; no other engine listens anywhere. The
graph and the ontology are bulk-loaded once into an Oxigraph store in a private
temporary folder, and every query is checked and run in a sandboxed worker process over
that store (:mod:`kg.sandbox`: the text checked is the text run, by a parser no two
threads share; no network; a deadline and a memory cap that are enforced by killing the
worker; a fast and a long lane so that cheap queries are answered while expensive ones run
out their time).

What the HTTP side guarantees:

* an allow-list of routes: ``/query`` and ``/sparql`` (GET, POST), the query page ``/``
  with ``/ui.js`` and ``/examples.json`` (GET, HEAD); ``/update`` and ``/store`` are 403,
  anything else 404, other methods 405;
* content types compared without regard to case and with their parameters
  (``Application/SPARQL-Query; charset=UTF-8``); only ``application/sparql-query`` and
  ``application/x-www-form-urlencoded`` bodies; ``default-graph-uri`` / ``named-graph-uri``
  refused like ``FROM``;
* bodies bounded (``Content-Length`` required, digits only, at most ``max_body`` bytes, read
  within ``io_timeout_s``), headers bounded by :mod:`http.server` (100 lines of 64 KiB),
  at most ``max_clients`` connections at once (503 beyond);
* a query page that loads nothing from elsewhere (its Content-Security-Policy allows this
  origin only) and writes every value as text.

Lifecycle: the listening socket is bound before anything is built, so a bad or busy
address fails at once with one line; the store folder is removed on every exit, and on a
SIGKILL of the server by a small janitor process that outlives it only for that.
"""

from __future__ import annotations

import contextlib
import email.message
import ipaddress
import json
import logging
import multiprocessing.util
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path

from kg.errors import Errors, KGError
from kg.sandbox import Job, Limits, QueryPool, QueryRefusedError, StoreSpec

log = logging.getLogger(__name__)

DEFAULT_BIND = "127.0.0.1:7878"
QUERY_ROUTES = ("/query", "/sparql")
READ_ONLY_ROUTES = ("/update", "/store")
_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-query"
_DATASET_PARAMS = ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri")
_CSP = ("default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; "
        "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
# Waits for end-of-file on its stdin, which comes when the server exits, however it does.
# A server that closes normally says so first, and then only its store is the janitor's:
# the fork server's folder is shared by every endpoint of the process and multiprocessing
# removes it at a normal exit; after a SIGKILL the janitor removes both.
_JANITOR = ("import shutil, sys\n"
            "closed = sys.stdin.buffer.read() == b'closed'\n"
            "for path in sys.argv[1:2] if closed else sys.argv[1:]:\n"
            "    shutil.rmtree(path, ignore_errors=True)\n")


@dataclass(frozen=True)
class ServeOptions:
    """The endpoint's limits (``kg serve --help`` names each)."""

    workers: int = 6
    long_queries: int = 2
    fast_slice_s: float = 0.3
    max_clients: int = 64
    max_body: int = 1_000_000
    io_timeout_s: float = 10.0
    queue_timeout_s: float = 10.0


def parse_bind(bind: str) -> tuple[str, int]:
    """``host:port`` or ``[v6]:port`` into its parts.

    >>> parse_bind("0.0.0.0:8080"), parse_bind("[::1]:0")
    (('0.0.0.0', 8080), ('::1', 0))

    Raises:
        KGError: no port, a port that is not a number from 0 to 65535, or a bad host.
    """
    host, sep, port = bind.rpartition(":")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise KGError(Errors.E072.format(bind=bind, example=DEFAULT_BIND))
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if not host or not re.fullmatch(r"[\w.:-]+", host):
        raise KGError(Errors.E073.format(bind=bind))
    return host, int(port)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def prepare_store(graph: Path, location: Path) -> None:
    """Bulk-load the graph and the ontology into an Oxigraph store at ``location``.

    Raises:
        KGError: the graph is missing, of another format, or does not load.
    """
    import pyoxigraph

    from kg.query import fill_store

    store = pyoxigraph.Store(str(location))
    try:
        fill_store(store, graph)
        store.flush()
    except OSError as e:
        raise KGError(Errors.E037.format(path=graph, detail=e)) from e
    finally:
        del store


def examples() -> dict[str, object]:
    """The query page's examples: the ontology's prefixes and the shipped ``queries/``."""
    data = resources.files("kg.data")
    ontology = data.joinpath("ontology.ttl").read_text("utf-8")
    prefixes = "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in
                         re.findall(r"^@prefix\s+(\w*):\s*<([^>]*)>", ontology, flags=re.M))
    queries = sorted((q for q in data.joinpath("queries").iterdir() if q.name.endswith(".rq")),
                     key=lambda q: q.name)
    return {"prefixes": prefixes,
            "queries": [{"name": q.name, "text": q.read_text("utf-8")} for q in queries]}


class _RefusalError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.headers = status, headers or {}


def _content_type(value: str) -> tuple[str, str | None]:
    """Media type (lower-cased) and charset of a Content-Type header."""
    message = email.message.Message()
    message["content-type"] = value
    charset = message.get_param("charset")
    return message.get_content_type(), (str(charset).lower() if charset else None)


def _single(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise _RefusalError(400, f"Give one {name!r} parameter, not {len(values)}.")
    return values[0] if values else None


def _parse_params(text: str) -> dict[str, list[str]]:
    try:
        return urllib.parse.parse_qs(text, keep_blank_values=True, max_num_fields=50,
                                     errors="strict")
    except (ValueError, UnicodeDecodeError) as e:
        raise _RefusalError(400, f"Malformed parameters: {e}") from e


class _Handler(BaseHTTPRequestHandler):
    """One request. ``pool``, ``options``, ``static`` and ``timeout`` are set per endpoint
    on a subclass :class:`Endpoint` makes."""

    server_version = "dangjian-kg"
    sys_version = ""
    protocol_version = "HTTP/1.0"
    pool: QueryPool
    options: ServeOptions
    static: dict[str, tuple[str, bytes]]

    def log_message(self, *_args: object) -> None:  # quiet; the CLI prints the address
        return

    # -- responses --------------------------------------------------------------------
    def _send(self, status: int, media_type: str, body: bytes, headers: dict[str, str] | None = None,
              *, head: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _refuse(self, refusal: _RefusalError, *, head: bool = False) -> None:
        self._send(refusal.status, "text/plain; charset=utf-8", str(refusal).encode("utf-8"),
                   refusal.headers, head=head)

    # -- requests ---------------------------------------------------------------------
    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding"):
            raise _RefusalError(411, "Send the body with a Content-Length, not a Transfer-Encoding.")
        lengths = self.headers.get_all("Content-Length") or []
        if len(lengths) != 1:
            raise _RefusalError(411, "A POST needs exactly one Content-Length header.")
        text = lengths[0].strip()
        if not text.isdigit():
            raise _RefusalError(400, f"Content-Length {text!r} is not a byte count.")
        length = int(text)
        if length > self.options.max_body:
            raise _RefusalError(413, f"The request body is over {self.options.max_body} bytes.")
        chunks, got = [], 0
        deadline = time.monotonic() + self.options.io_timeout_s
        while got < length:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _RefusalError(408, f"The body did not arrive within {self.options.io_timeout_s:.0f} s.")
            self.connection.settimeout(left)
            try:
                chunk = self.rfile.read1(length - got)
            except TimeoutError:
                raise _RefusalError(408, "The body did not arrive in time.") from None
            if not chunk:
                raise _RefusalError(400, f"The body ended after {got} of {length} bytes.")
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def _sparql(self, method: str, url: urllib.parse.SplitResult) -> str:
        params = _parse_params(url.query)
        if method == "GET":
            given = params
        else:
            types = self.headers.get_all("Content-Type") or []
            if len(types) != 1:
                raise _RefusalError(415, f"A POST needs one Content-Type: {_DIRECT} or {_FORM}.")
            media, charset = _content_type(types[0])
            if charset not in (None, "utf-8", "us-ascii"):
                raise _RefusalError(415, f"Charset {charset!r} is not accepted; send UTF-8.")
            body = self._read_body()
            if media == _DIRECT:
                if "query" in params:
                    raise _RefusalError(400, "The query is in the body; do not also give ?query=.")
                try:
                    return body.decode("utf-8")
                except UnicodeDecodeError as e:
                    raise _RefusalError(400, f"The query is not UTF-8: {e}") from e
            if media != _FORM:
                raise _RefusalError(415, f"Content-Type {media!r} is not accepted: use {_DIRECT} or {_FORM}.")
            try:
                form = _parse_params(body.decode("ascii"))
            except UnicodeDecodeError as e:
                raise _RefusalError(400, "A form body is percent-encoded ASCII.") from e
            if "update" in form:
                raise _RefusalError(403, "This endpoint is read-only.")
            if "query" in params and "query" in form:
                raise _RefusalError(400, "Give the query once, in the body or in the URL.")
            given = {**params, **form}
        for name in _DATASET_PARAMS:
            if name in given:
                raise _RefusalError(400, f"Query refused: {name} is not allowed (the dataset is the graph).")
        sparql = _single(given, "query")
        if sparql is None:
            raise _RefusalError(400, "No query given: GET ?query=… or POST the query.")
        return sparql

    def _answer(self, method: str) -> None:
        url = urllib.parse.urlsplit(self.path)
        route = url.path
        head = method == "HEAD"
        if route in READ_ONLY_ROUTES or route.startswith(tuple(r + "/" for r in READ_ONLY_ROUTES)):
            raise _RefusalError(403, "This endpoint is read-only.")
        if route in QUERY_ROUTES:
            if method not in ("GET", "POST"):
                raise _RefusalError(405, "Use GET or POST.", {"Allow": "GET, POST"})
            sparql = self._sparql(method, url)
            try:
                answer = self.pool.run(Job(sparql, mode="http", accept=self.headers.get("Accept", "")))
            except QueryRefusedError as e:
                extra = {"Retry-After": "5"} if e.status == 503 else None
                raise _RefusalError(e.status, str(e), extra) from None
            self._send(200, answer.media_type, answer.body)
            return
        if route in self.static:
            if method not in ("GET", "HEAD"):
                raise _RefusalError(405, "Use GET.", {"Allow": "GET, HEAD"})
            media, body = self.static[route]
            self._send(200, media, body, {"Content-Security-Policy": _CSP}, head=head)
            return
        raise _RefusalError(404, f"No such route: {route}. The endpoint is /query.")

    def _handle(self, method: str) -> None:
        try:
            self._answer(method)
        except _RefusalError as refusal:
            self._refuse(refusal, head=method == "HEAD")
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception:  # a bug of ours: the client gets a status, the log the traceback
            log.exception("internal error answering %s %s", method, self.path[:200])
            with contextlib.suppress(OSError):
                self._refuse(_RefusalError(500, "Internal error; the server log has the details."))

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._handle("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def do_HEAD(self) -> None:  # noqa: N802
        self._handle("HEAD")

    def _not_allowed(self) -> None:
        self._handle(self.command)

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _not_allowed  # noqa: N815


def _static_files() -> dict[str, tuple[str, bytes]]:
    ui = resources.files("kg.data").joinpath("ui")
    return {"/": ("text/html; charset=utf-8", ui.joinpath("index.html").read_bytes()),
            "/ui.js": ("text/javascript; charset=utf-8", ui.joinpath("ui.js").read_bytes()),
            "/examples.json": ("application/json", json.dumps(examples(), ensure_ascii=False)
                               .encode("utf-8"))}


class _Server(ThreadingHTTPServer):
    """A threading server that serves at most ``max_clients`` connections at once and
    keeps a client's broken connection out of stderr."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # socketserver's 5 drops SYNs under a burst: 1 s client retries

    def __init__(self, address: tuple[str, int], handler: type[_Handler], max_clients: int) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.slots = threading.BoundedSemaphore(max_clients)
        super().__init__(address, handler)

    def process_request(self, request, client_address) -> None:
        if not self.slots.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.sendall(b"HTTP/1.0 503 Service Unavailable\r\nRetry-After: 5\r\n"
                                b"Content-Type: text/plain\r\nContent-Length: 22\r\n\r\n"
                                b"Too many connections.\n")
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request, client_address) -> None:
        log.debug("request from %s failed", client_address, exc_info=True)


class Endpoint:
    """A running endpoint: the listening socket, the query workers and their store."""

    def __init__(self, graph: Path, *, bind: str = DEFAULT_BIND, limits: Limits | None = None,
                 options: ServeOptions | None = None) -> None:
        limits, options = limits or Limits(), options or ServeOptions()
        host, port = parse_bind(bind)
        handler = type("Handler", (_Handler,), {"options": options, "static": _static_files(),
                                                "timeout": options.io_timeout_s})
        try:
            self.server = _Server((host, port), handler, options.max_clients)
        except OSError as e:
            raise KGError(Errors.E074.format(bind=bind, detail=e.strerror or e)) from None
        if not _is_loopback(host):
            print(f"warning: listening on {host}: the endpoint has no authentication; anyone "
                  "who can reach this address can query the graph.", file=sys.stderr)
        self.location: Path | None = None
        self.janitor: subprocess.Popen | None = None
        self.pool: QueryPool | None = None
        self.thread: threading.Thread | None = None
        try:
            from kg.sandbox import graph_spec

            spec = graph_spec(Path(graph))
            if spec.kind == "store":  # a build's own store (kg build): opened as it is
                self.pool = QueryPool(spec, limits, workers=options.workers,
                                      long_queries=options.long_queries, fast_slice_s=options.fast_slice_s,
                                      queue_timeout_s=options.queue_timeout_s)
                handler.pool = self.pool
                name, bound = self.server.server_address[:2]
                self.address = f"[{name}]:{bound}" if ":" in name else f"{name}:{bound}"
                return
            graph = Path(spec.path)
            self.location = Path(tempfile.mkdtemp(prefix="kg-store-"))
            # the fork server's socket folder too (multiprocessing removes it on a normal exit)
            scratch = multiprocessing.util.get_temp_dir()
            self.janitor = subprocess.Popen([sys.executable, "-c", _JANITOR, str(self.location), scratch],
                                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL, start_new_session=True)
            prepare_store(graph, self.location)
            self.pool = QueryPool(StoreSpec(str(self.location)), limits, workers=options.workers,
                                  long_queries=options.long_queries, fast_slice_s=options.fast_slice_s,
                                  queue_timeout_s=options.queue_timeout_s)
        except BaseException:
            self.close()
            raise
        handler.pool = self.pool
        name, bound = self.server.server_address[:2]
        self.address = f"[{name}]:{bound}" if ":" in name else f"{name}:{bound}"

    def start(self) -> Endpoint:
        """Serve in a background thread (tests; the CLI waits on it)."""
        self.thread = threading.Thread(target=self.server.serve_forever, name="kg-serve", daemon=True)
        self.thread.start()
        return self

    def close(self) -> None:
        """Stop serving, end the workers, remove the store; safe to call twice."""
        if self.thread is not None and self.thread.is_alive():
            self.server.shutdown()
        self.server.server_close()
        if self.pool is not None:
            self.pool.close()
            self.pool = None
        if self.location is not None:
            shutil.rmtree(self.location, ignore_errors=True)
        if self.janitor is not None:
            with contextlib.suppress(OSError):
                self.janitor.stdin.write(b"closed")
                self.janitor.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.janitor.wait(timeout=10)
            self.janitor = None

    def __enter__(self) -> Endpoint:
        return self.start() if self.thread is None else self

    def __exit__(self, *_exc: object) -> None:
        self.close()
