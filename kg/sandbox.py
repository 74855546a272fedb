"""Queries run in sandboxed worker processes, under limits that hold.

Oxigraph evaluates a query in Rust with no deadline and no memory bound, and federates
``SERVICE`` on its own (RELIABILITY.md R1 and §6). So no query of a user's runs in the
process that owns the command or the HTTP server. Each runs in a worker process (forked
by multiprocessing's fork server) that

* checks the query text with :func:`kg.query.check_query` (no ``SERVICE``, ``FROM``,
  updates) and then runs *that same text*: the parser is rdflib's, which is not
  thread-safe, and a worker is single-threaded, so it is never shared;
* has the network taken away where Linux allows it (a network namespace of its own, with
  no interface up: a ``SERVICE`` that slipped past the check still reaches nothing);
* runs under an address-space limit (``RLIMIT_AS``) set once its store is open, so one
  query can grow it by at most ``memory_mb``; an allocation past it ends the worker;
* is killed at the deadline by its parent: checking, evaluation and serialising are all
  inside the time limit;
* dies with its parent (``PR_SET_PDEATHSIG``, and end-of-file on its job pipe).

:class:`QueryPool` keeps a fast lane of workers and a long lane. Every query starts in
the fast lane; one still running after ``fast_slice_s`` moves, with its worker, to the
long lane (at most ``long_queries`` at once, at a lower CPU priority; beyond that it is
stopped and refused with 503), and a fresh worker takes its place, so cheap queries keep
being answered while expensive ones run out their time. A query text that outran the slice
once goes straight to the long lane when it comes again (or is refused at once when that
lane is full). A worker that dies or is killed is replaced; a failure in one query never
reaches the next.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import logging
import multiprocessing
import os
import queue
import resource
import signal
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from kg.errors import Errors, KGError, QueryError

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1
_LONG_LANE_NICE = 10
_KNOWN_LONG = 4096
_KNOWN_LONG_S = 60.0
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000


@dataclass(frozen=True)
class Limits:
    """What one query may cost. The same limits hold in ``kg query`` and ``kg serve``."""

    timeout_s: float | None = 30.0  # None: no deadline (``kg query --timeout 0``)
    memory_mb: int = 2048  # address space one query may add to its worker
    max_rows: int = 10_000  # rows mode (``kg query``)
    truncate: bool = False  # past max_rows: cut the rows there (``kg query``) instead of refusing
    max_bytes: int = 50_000_000  # serialised answer (``kg serve``)


@dataclass(frozen=True)
class StoreSpec:
    """Where a worker gets its data: an Oxigraph store folder opened read-only (shared by
    every worker, re-opened in milliseconds) or a graph file loaded into memory."""

    path: str
    kind: str = "store"  # "store" | "graph"
    with_ontology: bool = True


@dataclass(frozen=True)
class Job:
    """One query: ``mode`` is ``"rows"`` (a :class:`kg.query.QueryResult`) or ``"http"``
    (serialised bytes in a format that fits ``accept``)."""

    sparql: str
    mode: str = "rows"
    accept: str = ""


@dataclass(frozen=True)
class Answer:
    """A serialised answer: its media type and bytes (``"http"`` mode)."""

    media_type: str
    body: bytes


@dataclass
class PoolStats:
    """Counters for benchmarks and logs."""

    answered: int = 0
    refused: int = 0
    timed_out: int = 0
    killed_for_memory: int = 0
    moved_to_long_lane: int = 0
    busy: int = 0
    spawned: int = 0
    isolated_network: bool | None = None


class QueryRefusedError(QueryError):
    """A query that was not answered, with the HTTP status that says why."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


# ---------------------------------------------------------------------------------------
# The worker process
# ---------------------------------------------------------------------------------------

def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent exits (query workers, whose parent is
    multiprocessing's fork server, which exits when the process that owns the pool does;
    ``kg build --jobs`` workers, whose parent is the build). Elsewhere the job pipe's
    end-of-file, or the pool's own shutdown, has to end the worker."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def run_as_child(work: Callable[[], None]) -> int:
    """The exit status of a build's helper process (its store, its JSON-LD): ``work`` run
    after :func:`die_with_parent`; a full disk or a torn file is one line on stderr, which
    the build reports, and status 1."""
    die_with_parent()
    try:
        work()
    except (OSError, SyntaxError) as e:
        print(f"{type(e).__name__}: {e}", file=sys.stderr)
        return 1
    return 0


def _isolate_network() -> bool:
    """Move this process into a network namespace of its own (no interface up), so that
    nothing it runs can open a connection. Root may do it directly; other users through a
    user namespace where the kernel allows them. Returns whether it worked."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    for flags in (_CLONE_NEWNET, _CLONE_NEWUSER | _CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            return True
    return False


def _vm_size_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise OSError("no VmSize in /proc/self/status")


def _cap_memory(memory_mb: int) -> bool:
    """Limit the address space to what is mapped now plus ``memory_mb``."""
    try:
        limit = _vm_size_bytes() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (OSError, ValueError):
        return False
    return True


def _open_store(spec: StoreSpec):
    import pyoxigraph

    from kg.query import load_store

    if spec.kind == "store":
        return pyoxigraph.Store.read_only(spec.path)
    return load_store(Path(spec.path), with_ontology=spec.with_ontology)


class _CappedWriter:
    """A file-like sink for pyoxigraph's streaming serialisers that stops at ``cap``
    bytes, so an oversized answer is refused before it is held in memory."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.size = 0
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.cap:
            raise OverflowError(self.cap)
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None


def _serialise(result, accept: str, cap: int) -> Answer:
    import pyoxigraph

    from kg.query import negotiate

    fmt = negotiate(accept, graph=isinstance(result, pyoxigraph.QueryTriples))
    if fmt is None:
        raise QueryRefusedError(Errors.E047, 406)
    sink = _CappedWriter(cap)
    try:
        result.serialize(sink, fmt)
    except OverflowError as e:
        raise QueryRefusedError(Errors.E048.format(cap=cap), 413) from e
    return Answer(fmt.media_type, b"".join(sink.chunks))


def _answer(store, job: Job, limits: Limits):
    from kg.query import check_query, evaluate

    check_query(job.sparql)
    if job.mode == "rows":
        return evaluate(store, job.sparql, limits.max_rows, truncate=limits.truncate)
    try:
        result = store.query(job.sparql)
    except (SyntaxError, ValueError, OSError) as e:
        raise QueryRefusedError(Errors.E041.format(detail=str(e))) from e
    return _serialise(result, job.accept, limits.max_bytes)


def worker_main(jobs: Connection, answers: Connection, spec: StoreSpec, limits: Limits) -> int:
    """A worker's life: open the store, cap memory, then answer jobs until the pipe closes
    (the pool's side of the protocol is :class:`_Worker`)."""
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    with open(os.devnull, "wb") as null:  # Rust's abort message is no user's business
        os.dup2(null.fileno(), 1)
        os.dup2(null.fileno(), 2)
    isolated = _isolate_network()
    try:
        store = _open_store(spec)
    except Exception as e:  # reported to the parent, which names the file
        answers.send(("failed", str(e)))
        return 1
    capped = _cap_memory(limits.memory_mb)
    answers.send(("ready", {"isolated_network": isolated, "memory_capped": capped}))
    while True:
        try:
            job = jobs.recv()
        except (EOFError, OSError):
            return 0
        try:
            answers.send(("ok", _answer(store, job, limits)))
        except QueryRefusedError as e:
            answers.send(("refused", e.status, str(e)))
        except QueryError as e:
            answers.send(("refused", 400, str(e)))
        except MemoryError:
            answers.send(("refused", 507, Errors.E044.format(limit=limits.memory_mb)))
            return 3  # a worker that ran out of memory is not trusted with the next query
        except RecursionError:
            answers.send(("refused", 400, Errors.E041.format(detail="the query is nested too deeply")))


# ---------------------------------------------------------------------------------------
# The pool, in the parent
# ---------------------------------------------------------------------------------------

class _Worker:
    """The parent's handle on one worker process."""

    def __init__(self, spec: StoreSpec, limits: Limits, start_timeout_s: float) -> None:
        ctx = _context()
        job_r, self.jobs = ctx.Pipe(duplex=False)
        self.answers, ans_w = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=worker_main, args=(job_r, ans_w, spec, limits),
                                   name="kg-query-worker", daemon=True)
        try:
            self.process.start()
        finally:
            job_r.close()
            ans_w.close()
        if not self.answers.poll(start_timeout_s):
            self.kill()
            raise KGError(Errors.E051.format(seconds=start_timeout_s))
        try:
            message = self.answers.recv()
        except EOFError:
            self.kill()
            raise KGError(Errors.E052.format(path=spec.path)) from None
        if message[0] != "ready":
            self.kill()
            raise KGError(Errors.E053.format(path=spec.path, detail=message[1]))
        self.info: dict = message[1]

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, AttributeError, ValueError):
            self.process.kill()
            self.process.join()
        for conn in ("jobs", "answers"):
            with contextlib.suppress(AttributeError, OSError):
                getattr(self, conn).close()


def _digest(sparql: str) -> bytes:
    """The key of a query text in the known-long memo."""
    return hashlib.sha256(sparql.encode("utf-8", "surrogatepass")).digest()


def _context():
    """multiprocessing's fork server, preloaded with the query modules: a new worker is a
    fork of a process that has already imported rdflib and pyoxigraph (milliseconds, not
    the half second of a fresh interpreter), and it was forked before any thread of ours
    existed. Only these modules are preloaded, never ``__main__`` (the CLI)."""
    ctx = multiprocessing.get_context("forkserver")
    # rdflib's SPARQL parser and algebra too: kg.query imports them only where a query is
    # checked, so that a process that never checks one (the CLI of kg query) goes without
    ctx.set_forkserver_preload(["kg.query", "kg.sandbox", "rdflib.plugins.sparql.parser",
                                "rdflib.plugins.sparql.algebra"])
    return ctx


class QueryPool:
    """Worker processes over one store, with a fast and a long lane (module docstring).

    ``fast_slice_s`` defaults to the whole timeout when ``long_queries`` is 0 (one lane).
    Thread-safe: every HTTP request thread calls :meth:`run` directly.
    """

    def __init__(self, spec: StoreSpec, limits: Limits | None = None, *, workers: int = 2,
                 long_queries: int = 0, fast_slice_s: float = 1.0, queue_timeout_s: float = 10.0,
                 start_timeout_s: float = 120.0) -> None:
        limits = limits or Limits()
        self.spec, self.limits = spec, limits
        self.size = max(1, workers)
        self.fast_slice_s = fast_slice_s if long_queries else limits.timeout_s
        if self.fast_slice_s is not None and limits.timeout_s is not None:
            self.fast_slice_s = min(self.fast_slice_s, limits.timeout_s)
        self.queue_timeout_s = queue_timeout_s
        self.start_timeout_s = start_timeout_s
        self.stats = PoolStats()
        self._long = threading.BoundedSemaphore(long_queries) if long_queries else None
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._pending = 0  # replacements asked for and not yet ready
        self._cond = threading.Condition()
        self._closed = False
        self._long_texts: OrderedDict[bytes, float] = OrderedDict()  # digest -> when it was long
        # Linux sends PDEATHSIG when the *thread* that started a child exits, so every
        # worker is started by this one thread, which lives as long as the pool.
        self._spawns: queue.SimpleQueue[int | None] = queue.SimpleQueue()
        self._spawner = threading.Thread(target=self._spawn_loop, name="kg-spawner", daemon=True)
        self._adopt(_Worker(spec, limits, start_timeout_s))  # fail fast, in the caller, if it cannot
        self._spawner.start()
        for _ in range(self.size - 1):
            self._request_spawn()

    # -- workers ----------------------------------------------------------------------
    def _adopt(self, worker: _Worker) -> None:
        with self._cond:
            if self._closed:
                worker.kill()
                return
            self.stats.spawned += 1
            self.stats.isolated_network = bool(worker.info.get("isolated_network"))
            self._idle.append(worker)
            self._cond.notify()

    def _request_spawn(self) -> None:
        with self._cond:
            self._pending += 1
        self._spawns.put(1)

    def _spawn_loop(self) -> None:
        while self._spawns.get() is not None:
            try:
                worker = _Worker(self.spec, self.limits, self.start_timeout_s)
            except KGError as e:
                log.warning("query worker failed to start: %s", e)
                worker = None
            with self._cond:
                self._pending -= 1
                self._cond.notify_all()
            if worker is not None:
                self._adopt(worker)

    def _take(self, wait_s: float) -> _Worker:
        deadline = time.monotonic() + wait_s
        with self._cond:
            while not self._idle:
                left = deadline - time.monotonic()
                if self._closed or left <= 0 or (not self._pending and not self._busy):
                    self.stats.busy += 1
                    raise QueryRefusedError(Errors.E045.format(wait=wait_s), 503)
                self._cond.wait(left)
            worker = self._idle.pop()
            self._busy.add(worker)
            return worker

    def _give_back(self, worker: _Worker) -> None:
        with self._cond:
            self._busy.discard(worker)
            if self._closed:
                worker.kill()
                return
            self._idle.append(worker)
            self._cond.notify()

    def _retire(self, worker: _Worker, *, replace: bool) -> None:
        worker.kill()
        with self._cond:
            self._busy.discard(worker)
        if replace and not self._closed:
            self._request_spawn()

    # -- queries ----------------------------------------------------------------------
    def run(self, job: Job):
        """Answer one job: a :class:`kg.query.QueryResult` or an :class:`Answer`. The
        deadline runs from the call, so time spent waiting for a free worker counts.

        Raises:
            QueryRefusedError: refused by the check, too large, over time (504), over memory
                (507), or no worker free in time (503).
        """
        timeout = self.limits.timeout_s
        deadline = None if timeout is None else time.monotonic() + timeout  # waiting counts too
        digest = _digest(job.sparql)
        # a text that outran the slice lately holds a long-lane place from the start
        known_long = self._long is not None and self._is_known_long(digest)
        if known_long and not self._long.acquire(blocking=False):
            self.stats.busy += 1  # refused at once: no fast-lane time spent on it again
            raise QueryRefusedError(Errors.E046, 503)
        holds_long = known_long
        try:
            worker = self._take(self.queue_timeout_s if timeout is None
                                else min(self.queue_timeout_s, timeout))
            try:
                worker.jobs.send(job)
            except OSError:
                self._retire(worker, replace=True)
                raise QueryRefusedError(Errors.E049, 503) from None
            first = 0.0 if known_long else self.fast_slice_s
            if deadline is not None:
                first = max(0.0, min(first, deadline - time.monotonic()))
            if not known_long and not worker.answers.poll(first):
                self._remember_long(digest)
                holds_long = self._long is not None and self._long.acquire(blocking=False)
                if not holds_long:
                    self._retire(worker, replace=True)
                    if self._long is None:
                        self.stats.timed_out += 1
                        raise QueryRefusedError(Errors.E043.format(limit=self.limits.timeout_s), 504)
                    self.stats.busy += 1
                    raise QueryRefusedError(Errors.E046, 503)
            if holds_long:
                self.stats.moved_to_long_lane += 1
                with contextlib.suppress(OSError):  # the fast lane keeps first call on the CPUs
                    os.setpriority(os.PRIO_PROCESS, worker.pid, _LONG_LANE_NICE)
                with self._cond:
                    self._busy.discard(worker)  # it no longer counts against the fast lane
                self._request_spawn()
            started = time.monotonic()
            answer = self._collect(worker, deadline, moved=holds_long)
        finally:
            if holds_long:
                self._long.release()
        if known_long and time.monotonic() - started < self.fast_slice_s:
            self._forget_long(digest)
        return answer

    def _is_known_long(self, digest: bytes) -> bool:
        with self._cond:
            seen = self._long_texts.get(digest)
            if seen is not None and time.monotonic() - seen > _KNOWN_LONG_S:
                del self._long_texts[digest]  # a busy moment is not a verdict for ever
                seen = None
            return seen is not None

    def _forget_long(self, digest: bytes) -> None:
        """A known-long text that finished within the slice after all (it was slow only
        while the machine was busy) goes back to the fast lane."""
        with self._cond:
            self._long_texts.pop(digest, None)

    def _remember_long(self, digest: bytes) -> None:
        """Keep the last :data:`_KNOWN_LONG` query texts that outran the fast slice, for
        :data:`_KNOWN_LONG_S` seconds: sent again (a retry after 503, a refreshed page),
        they go straight to the long lane or are refused at once, instead of taking
        fast-lane time from cheap queries again."""
        with self._cond:
            self._long_texts[digest] = time.monotonic()
            self._long_texts.move_to_end(digest)
            while len(self._long_texts) > _KNOWN_LONG:
                self._long_texts.popitem(last=False)

    def _collect(self, worker: _Worker, deadline: float | None, moved: bool):
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        if not worker.answers.poll(left):
            self._retire(worker, replace=not moved)
            self.stats.timed_out += 1
            raise QueryRefusedError(Errors.E043.format(limit=self.limits.timeout_s), 504)
        try:
            message = worker.answers.recv()
        except (EOFError, OSError):
            self._retire(worker, replace=not moved)
            self.stats.killed_for_memory += 1
            raise QueryRefusedError(Errors.E044.format(limit=self.limits.memory_mb), 507) from None
        if moved:
            self._retire(worker, replace=False)  # its replacement is already in the fast lane
        elif message[0] == "refused" and message[1] == 507:
            self._retire(worker, replace=True)
        else:
            self._give_back(worker)
        if message[0] == "ok":
            self.stats.answered += 1
            return message[1]
        self.stats.refused += 1
        raise QueryRefusedError(message[2], message[1])

    def pids(self) -> list[int]:
        with self._cond:
            return sorted(w.pid for w in (*self._idle, *self._busy))

    def close(self) -> None:
        with self._cond:
            self._closed = True
            workers = [*self._idle, *self._busy]
            self._idle.clear()
            self._busy.clear()
            self._cond.notify_all()
        self._spawns.put(None)
        for worker in workers:
            worker.kill()
        self._spawner.join(timeout=self.start_timeout_s)

    def __enter__(self) -> QueryPool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def is_store(folder: Path) -> bool:
    """Whether ``folder`` holds an Oxigraph (RocksDB) store."""
    return folder.is_dir() and (folder / "CURRENT").is_file() and any(folder.glob("MANIFEST-*"))


def graph_spec(graph: Path, *, with_ontology: bool = True) -> StoreSpec:
    """What a worker opens for ``graph`` (see :func:`run_sandboxed`).

    Raises:
        KGError: nothing to query there (E031).
    """
    if graph.is_dir():
        for candidate in (graph, graph / "store"):
            if is_store(candidate):
                return StoreSpec(str(candidate.resolve()), kind="store")
        graph = graph / "graph.ttl"
    if not graph.is_file():
        raise KGError(Errors.E031.format(path=graph))
    return StoreSpec(str(graph.resolve()), kind="graph", with_ontology=with_ontology)


def run_sandboxed(graph: Path, sparql: str, limits: Limits | None = None, *,
                  with_ontology: bool = True):
    """Load ``graph`` in one worker and run one query there (``kg query``): a graph file,
    an Oxigraph store folder, or a build folder (its ``store/`` if it has one, else its
    ``graph.ttl``)."""
    spec = graph_spec(graph, with_ontology=with_ontology)
    with QueryPool(spec, limits or Limits(), workers=1) as pool:
        return pool.run(Job(sparql, mode="rows"))
