"""Fill a build's Oxigraph store from its N-Triples, in a process of its own.

``python -m kg.storefill GRAPH.nt FOLDER`` bulk-loads the sorted N-Triples a build has just
written, and the ontology, into a new store in ``FOLDER`` (:func:`load_in_batches`). The build
starts it as soon as graph.nt is on disk and writes its other outputs meanwhile: the store
is the longest of them (a quarter of a 48 MB build), and a second core takes it. The child
reads nothing but the file and is killed with its parent; a failure is its exit status and
one line on stderr, which the build reports.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable
from pathlib import Path

#: triples per bulk load into the store: the bulk loader holds each batch in memory (one
#: batch of a 4 MB build's 520,000 triples took 680 MB more; batches of 20,000 take 45 MB
#: and the same time), and a compaction at the end leaves queries as fast as one load
STORE_BATCH = 20_000


def load_in_batches(folder: Path, quads: Iterable) -> None:
    """An on-disk Oxigraph store of ``quads`` and the ontology in ``folder``: ``kg query
    OUT/`` and ``kg serve OUT/`` open it read-only in milliseconds instead of parsing
    graph.ttl again. Not :func:`kg.query.fill_store`, one bulk load of a file, which is
    twice as fast in memory and held 1.7 GB more for a 48 MB build's graph on disk."""
    import pyoxigraph

    from kg.query import ONTOLOGY

    store = pyoxigraph.Store(str(folder))
    try:
        quads = iter(quads)
        while batch := list(itertools.islice(quads, STORE_BATCH)):
            store.bulk_extend(batch)
        store.bulk_load(path=str(ONTOLOGY), format=pyoxigraph.RdfFormat.TURTLE)
        store.optimize()
        store.flush()
    finally:
        del store


def main(argv: list[str]) -> int:
    from kg.export.rdf import parse_ntriples
    from kg.sandbox import die_with_parent

    die_with_parent()
    graph, folder = map(Path, argv)
    try:
        load_in_batches(folder, parse_ntriples(graph))
    except (OSError, SyntaxError) as e:  # a full disk; a torn file
        print(f"{type(e).__name__}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
