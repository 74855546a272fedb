"""`kg serve` under load, over loopback only, bounded in count and time.

    python benchmarks/bench_serve.py [--mb 16] [--graph build/graph.ttl] [--clients 20]
                                     [--per-client 100] [--json out.json]

Builds a corpus of ``--mb`` MB (the seed pages replicated, as in bench_build.py) with the
real ``kg build`` unless ``--graph`` names a built graph, starts the real ``kg serve`` on
a free loopback port, and runs two phases of ``--clients`` threads × ``--per-client``
queries each:

1. *mixed*: the shipped ``queries/`` and a few cheap lookups, round-robin;
2. *hostile*: the same, with every fifth query hostile or pathological (SERVICE to a probe
   listener on loopback, FROM <file:…>, a 3-way cartesian COUNT, a cartesian ORDER BY that
   grows memory, a 1 MB VALUES query, a negative Content-Length).

For each phase: how many queries were answered (200) or refused with a status (none may
go unanswered), p50/p99 latency of all and of the cheap lookups, the longest any query
took against the timeout, and the peak RSS of the server and of every worker process
(sampled from /proc every 0.2 s) against the per-query memory cap. The probe listener must
receive nothing. Figures are for whatever machine runs it; compare runs on one machine.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_build import corpus  # noqa: E402

PREFIX = ("PREFIX dj: <https://w3id.org/dangjian-kg/ontology#> "
          "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ")
CHEAP = {
    "cheap_villages": PREFIX + "SELECT ?v ?l WHERE { ?v a dj:Village ; rdfs:label ?l } LIMIT 20",
    "cheap_ask": "ASK { ?s ?p ?o }",
    "cheap_leaders": PREFIX + "SELECT ?p ?b WHERE { ?p dj:leads ?b } LIMIT 50",
}


def hostile(probe_port: int) -> dict[str, str | bytes]:
    values = " ".join(f'"{i}"' for i in range(120_000))
    return {
        "hostile_service": f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{probe_port}/x> {{ ?s ?p ?o }} }}",
        "hostile_from": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "patho_cartesian_count": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        "patho_cartesian_order": "SELECT ?a ?c WHERE { ?a ?p ?b . ?c ?q ?d } ORDER BY ?b ?d",
        "patho_1mb_values": f"SELECT ?x WHERE {{ VALUES ?x {{ {values} }} }}",
        "hostile_bad_length": b"POST /query HTTP/1.0\r\nContent-Type: application/sparql-query\r\n"
                              b"Content-Length: -5\r\n\r\n",
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _status_of(port: int, payload: bytes, timeout: float) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(payload)
        head = b""
        while b"\r\n" not in head:
            chunk = sock.recv(4096)
            if not chunk:
                break
            head += chunk
        while sock.recv(65536):  # read the answer out (HTTP/1.0: the server closes)
            pass
    return int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0


def ask(port: int, query: str | bytes, timeout: float) -> int:
    if isinstance(query, bytes):
        return _status_of(port, query, timeout)
    body = query.encode("utf-8")
    return _status_of(port, b"POST /query HTTP/1.0\r\nHost: 127.0.0.1\r\n"
                      b"Content-Type: application/sparql-query\r\n"
                      b"Accept: application/sparql-results+json\r\n"
                      b"Content-Length: %d\r\n\r\n%s" % (len(body), body), timeout)


class Sampler(threading.Thread):
    """Peak RSS (MB) of the server and each of its child processes, from /proc."""

    def __init__(self, server_pid: int) -> None:
        super().__init__(daemon=True)
        self.server_pid = server_pid
        self.peaks: dict[int, float] = {}
        self.roles: dict[int, str] = {}
        self.stop = threading.Event()

    @staticmethod
    def _read(pid: int) -> tuple[int, float, str] | None:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            return None
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        rss = int(fields.get("VmRSS", "0 kB").split()[0]) / 1024
        return int(fields["PPid"]), rss, cmd

    def run(self) -> None:
        while not self.stop.is_set():
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                read = self._read(int(entry.name))
                if read is None:
                    continue
                ppid, rss, cmd = read
                pid = int(entry.name)
                if pid == self.server_pid or ppid == self.server_pid or ppid in self.roles:
                    role = "server" if pid == self.server_pid else (
                        "janitor" if "rmtree" in cmd else "forkserver" if "forkserver" in cmd
                        or "resource_tracker" in cmd else "worker")
                    self.roles[pid] = role
                    self.peaks[pid] = max(self.peaks.get(pid, 0.0), rss)
            time.sleep(0.2)


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def phase(port: int, mix: list[tuple[str, str | bytes]], clients: int, per_client: int,
          timeout: float) -> dict:
    results: list[tuple[str, int, float]] = []
    lock = threading.Lock()

    def client(index: int) -> None:
        for i in range(per_client):
            name, query = mix[(index * 7 + i) % len(mix)]
            started = time.perf_counter()
            try:
                status = ask(port, query, timeout + 30)
            except OSError:
                status = 0  # no answer at all: must not happen
            with lock:
                results.append((name, status, time.perf_counter() - started))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    by_status: dict[int, int] = {}
    for _, status, _ in results:
        by_status[status] = by_status.get(status, 0) + 1
    latencies = [s for _, _, s in results]
    cheap = [s for name, status, s in results if name.startswith("cheap")]
    by_query = {}
    for name in sorted({n for n, _, _ in results}):
        mine = [(st, s) for n, st, s in results if n == name]
        by_query[name] = {"n": len(mine), "statuses": sorted({st for st, _ in mine}),
                          "p50_s": round(_pct([s for _, s in mine], 0.5), 3),
                          "max_s": round(max(s for _, s in mine), 3)}
    return {"queries": len(results), "wall_s": round(wall, 1), "statuses": by_status,
            "unanswered": by_status.get(0, 0),
            "p50_s": round(_pct(latencies, 0.5), 3), "p99_s": round(_pct(latencies, 0.99), 3),
            "cheap_p50_s": round(_pct(cheap, 0.5), 3), "cheap_p99_s": round(_pct(cheap, 0.99), 3),
            "max_s": round(max(latencies), 3), "by_query": by_query}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=16.0)
    parser.add_argument("--graph", type=Path, help="a built graph.ttl (skips the build)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--per-client", type=int, default=100)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--memory-mb", type=int, default=1024)
    parser.add_argument("--workers", type=int, default=6)
    parser.add_argument("--long-queries", type=int, default=2)
    parser.add_argument("--fast-slice", type=float, default=0.3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        graph = args.graph
        build_s = None
        if graph is None:
            pages_dir, out = Path(tmp, "pages"), Path(tmp, "out")
            pages_dir.mkdir()
            for page in corpus(args.mb):
                (pages_dir / page.name).write_text(page.text, encoding="utf-8")
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "kg", "build", str(pages_dir), "--out", str(out)],
                           cwd=ROOT, check=True, capture_output=True)
            build_s = time.perf_counter() - started
            graph = out / "graph.ttl"
        port = _free_port()
        started = time.perf_counter()
        server = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", str(graph), "--bind", f"127.0.0.1:{port}",
             "--timeout", str(args.timeout), "--max-memory-mb", str(args.memory_mb),
             "--workers", str(args.workers), "--long-queries", str(args.long_queries),
             "--fast-slice", str(args.fast_slice),
             "--max-clients", str(args.clients * 2)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            server.stdout.readline()
            startup_s = time.perf_counter() - started
            time.sleep(2)  # let the pool fill
            sampler = Sampler(server.pid)
            sampler.start()
            probe = socket.socket()
            probe.bind(("127.0.0.1", 0))
            probe.listen(64)
            probe.settimeout(0.2)
            hits: list[bytes] = []
            stop_probe = threading.Event()

            def listen() -> None:
                while not stop_probe.is_set():
                    try:
                        conn, _ = probe.accept()
                        hits.append(b"connected")
                        conn.close()
                    except OSError:
                        continue

            listener = threading.Thread(target=listen, daemon=True)
            listener.start()
            shipped = [(p.stem, p.read_text("utf-8")) for p in sorted((ROOT / "queries").glob("*.rq"))]
            mixed = shipped + list(CHEAP.items())
            first = phase(port, mixed, args.clients, args.per_client, args.timeout)
            bad = list(hostile(probe.getsockname()[1]).items())
            mix2: list[tuple[str, str | bytes]] = []
            for i, item in enumerate(mixed * 3):
                mix2.append(item)
                if i % 4 == 3:
                    mix2.append(bad[(i // 4) % len(bad)])
            second = phase(port, mix2, args.clients, args.per_client, args.timeout)
            sampler.stop.set()
            sampler.join()
            stop_probe.set()
            listener.join()
            probe.close()
        finally:
            server.terminate()
            server.communicate(timeout=30)
        workers = [rss for pid, rss in sampler.peaks.items() if sampler.roles[pid] == "worker"]
        figures = {
            "graph_mb": round(graph.stat().st_size / 1e6, 1) if graph.exists() else None,
            "build_s": None if build_s is None else round(build_s, 1),
            "serve_startup_s": round(startup_s, 1),
            "limits": {"timeout_s": args.timeout, "memory_mb": args.memory_mb,
                       "workers": args.workers, "long_queries": args.long_queries,
                       "fast_slice_s": args.fast_slice},
            "mixed": first, "hostile": second,
            "probe_connections": len(hits),
            "server_peak_rss_mb": round(max(rss for pid, rss in sampler.peaks.items()
                                            if sampler.roles[pid] == "server")),
            "workers_seen": len(workers),
            "worker_peak_rss_mb": round(max(workers)) if workers else None,
            "worker_median_peak_rss_mb": round(statistics.median(workers)) if workers else None,
        }
    out = json.dumps(figures, indent=1)
    print(out)
    if args.json:
        args.json.write_text(out + "\n", encoding="utf-8")
    ok = (first["unanswered"] == 0 and second["unanswered"] == 0 and not hits
          and second["max_s"] <= args.timeout + 5)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
