"""`kg query` engines on a large synthetic graph: pyoxigraph vs rdflib, same queries.

    python benchmarks/bench_query.py [--triples 1000000] [--engines oxigraph,rdflib]

The graph has the shape of a real build (ontology names, place hierarchy by code, Party
bodies, programmes, evidence nodes) scaled up; it is generated in memory with fixed
seeds and written as N-Triples. Each engine runs in a fresh subprocess (so peak memory is
its own): load the file, then run the queries three times (median). Figures: seconds and
peak RSS; both engines must return the same counts.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DJ = "https://w3id.org/dangjian-kg/ontology#"
ID = "https://w3id.org/dangjian-kg/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PREFIX = f"PREFIX dj: <{DJ}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
QUERIES = {
    "count_by_type": PREFIX + "SELECT ?t (COUNT(?s) AS ?n) WHERE { ?s a ?t } GROUP BY ?t ORDER BY ?t",
    "bodies_under_prefecture": PREFIX + "SELECT (COUNT(*) AS ?n) WHERE { ?o dj:orgOf ?h . "
                               "?h dj:locatedIn/dj:locatedIn/dj:locatedIn ?p . ?p a dj:Prefecture }",
    "label_regex": PREFIX + 'SELECT (COUNT(*) AS ?n) WHERE { ?s rdfs:label ?l '
                   'FILTER regex(str(?l), "党支部$|^拉萨") }',
}


def _iri(kind: str, key: str) -> str:
    return f"<{ID}{kind}/{key}>"


def generate(path: Path, triples: int) -> int:
    """Write a synthetic graph of about ``triples`` triples; return the exact count."""
    rnd = random.Random(1)
    names = ["拉萨", "日喀则", "昌都", "林芝", "山南", "那曲", "阿里", "甘孜", "阿坝", "玉树"]
    lines: list[str] = []

    def add(s: str, p: str, o: str) -> None:
        lines.append(f"{s} <{p}> {o} .\n")

    def lit(text: str) -> str:
        return f'"{text}"@zh'

    n = 0
    with path.open("w", encoding="utf-8") as fh:
        prefectures = [f"54{i:02d}" for i in range(1, 8)]
        counties = [f"{p}{j:02d}" for p in prefectures for j in range(1, 12)]
        for code in prefectures:
            add(_iri("place", code), RDF_TYPE, f"<{DJ}Prefecture>")
            add(_iri("place", code), LABEL, lit(rnd.choice(names) + "市"))
        for code in counties:
            add(_iri("place", code), RDF_TYPE, f"<{DJ}County>")
            add(_iri("place", code), f"{DJ}locatedIn", _iri("place", code[:4]))
            add(_iri("place", code), LABEL, lit(rnd.choice(names) + "县"))
        i = 0
        while len(lines) + n < triples:
            county = rnd.choice(counties)
            town = f"{county}{i % 900:03d}"
            village = f"{town}{i % 997:03d}"
            org = _iri("org", f"o{i}")
            ev = _iri("evidence", f"e{i}")
            for s, p, o in (
                (_iri("place", town), RDF_TYPE, f"<{DJ}Township>"),
                (_iri("place", town), f"{DJ}locatedIn", _iri("place", county)),
                (_iri("place", village), RDF_TYPE, f"<{DJ}Village>"),
                (_iri("place", village), f"{DJ}locatedIn", _iri("place", town)),
                (_iri("place", village), LABEL, lit(f"{rnd.choice(names)}{i}村")),
                (org, RDF_TYPE, f"<{DJ}Branch>"),
                (org, LABEL, lit(f"{rnd.choice(names)}{i}村党支部")),
                (org, f"{DJ}orgOf", _iri("place", village)),
                (org, f"{DJ}implements", _iri("programme", f"p{i % 500}")),
                (ev, RDF_TYPE, f"<{DJ}Evidence>"),
                (ev, f"{DJ}sentence", lit(f"{i}村党支部开展活动。")),
            ):
                add(s, p, o)
            i += 1
            if len(lines) > 100_000:
                fh.writelines(lines)
                n += len(lines)
                lines.clear()
        fh.writelines(lines)
        n += len(lines)
    return n


def run_engine(engine: str, path: Path) -> dict:
    """Load and query in this process (called in a subprocess per engine)."""
    start = time.perf_counter()
    if engine == "oxigraph":
        import pyoxigraph

        store = pyoxigraph.Store()
        store.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.N_TRIPLES)

        def query(q: str) -> list:
            return [[t.value for t in row] for row in store.query(q)]
    else:
        import rdflib

        graph = rdflib.Graph()
        graph.parse(path, format="nt")

        def query(q: str) -> list:
            return [[str(t) for t in row] for row in graph.query(q)]
    load_s = time.perf_counter() - start
    out: dict = {"engine": engine, "load_s": round(load_s, 2), "queries": {}}
    for name, q in QUERIES.items():
        times, rows = [], None
        for _ in range(3):
            t0 = time.perf_counter()
            rows = query(q)
            times.append(time.perf_counter() - t0)
        out["queries"][name] = {"median_s": round(statistics.median(times), 3), "rows": rows}
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--engines", default="oxigraph,rdflib")
    parser.add_argument("--engine-only", help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine_only:
        print(json.dumps(run_engine(args.engine_only, args.file)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.nt"
        count = generate(path, args.triples)
        results = []
        for engine in args.engines.split(","):
            done = subprocess.run([sys.executable, __file__, "--engine-only", engine, "--file", str(path)],
                                  capture_output=True, text=True, check=True)
            results.append(json.loads(done.stdout))
    answers = [{k: v["rows"] for k, v in r["queries"].items()} for r in results]
    summary = {
        "triples": count,
        "same_answers": all(a == answers[0] for a in answers),
        "engines": [{"engine": r["engine"], "load_s": r["load_s"], "peak_rss_mb": r["peak_rss_mb"],
                     **{k: v["median_s"] for k, v in r["queries"].items()}} for r in results],
    }
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
