"""Fill a build's Oxigraph store from its sorted runs of N-Triples, in a process of its own.

``python -m kg.storefill FOLDER`` makes a new store in ``FOLDER`` of the N-Triples files
named on its standard input (each path ended by a NUL byte, as the file is complete), and
of the ontology once the input ends (:func:`load_files`). The build names each sorted run
of graph.nt (:func:`kg.export.rdf.sorted_runs`) the moment it is written, so the store
fills on a second core while graph.nt is merged from the same runs and the other outputs
are made; it used to wait for the whole graph.nt and was then the last output to finish
(a tenth of a 48 MB build spent waiting for it). The child reads nothing but the files it
is named and is killed with its parent; a failure is its exit status and one line on
stderr, which the build reports.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

#: bytes read from the build's pipe at a time
_READ = 1 << 16


def load_files(folder: Path, files: Iterable[Path]) -> None:
    """An on-disk Oxigraph store of the N-Triples ``files`` and the ontology in ``folder``:
    ``kg query OUT/`` and ``kg serve OUT/`` open it read-only in milliseconds instead of
    parsing graph.ttl again. Each file is one bulk load, parsed by Oxigraph itself (no
    Python object per triple): a run of 50,000 triples holds ~80 MB while it loads, where
    one bulk load of a 48 MB build's whole graph.nt held 1.7 GB. A triple in two runs is
    stored once; a compaction at the end leaves queries as fast as after one load."""
    import pyoxigraph

    from kg.query import ONTOLOGY

    store = pyoxigraph.Store(str(folder))
    try:
        for file in files:
            _load(store, file, pyoxigraph.RdfFormat.N_TRIPLES, lenient=True)
        _load(store, ONTOLOGY, pyoxigraph.RdfFormat.TURTLE)
        store.optimize()
        store.flush()
    finally:
        del store


def _load(store, file: Path, fmt, *, lenient: bool = False) -> None:
    """One bulk load; its failure names the file (Oxigraph's own message does not).
    ``lenient`` skips Oxigraph's check of each IRI: a fifth less CPU for the runs of
    graph.nt, whose every term pyoxigraph already checked when it was made
    (:mod:`kg.export.rdf` mints each IRI as a ``NamedNode``); a line it cannot parse is
    still an error."""
    try:
        store.bulk_load(path=str(file), format=fmt, lenient=lenient)
    except (OSError, SyntaxError) as e:
        raise type(e)(f"{file}: {e}") from e


def named_files(stream: BinaryIO) -> Iterator[Path]:
    """The paths written to ``stream``, each given as soon as its NUL arrives (a path may
    hold any other byte: the output folder is the user's to name)."""
    pending = b""
    while chunk := stream.read1(_READ):  # type: ignore[attr-defined]
        *complete, pending = (pending + chunk).split(b"\0")
        yield from (Path(os.fsdecode(name)) for name in complete)
    if pending:
        raise OSError(f"the input ended inside a file name: {pending!r}")


def main(argv: list[str]) -> int:
    from kg.sandbox import run_as_child

    [folder] = map(Path, argv)
    return run_as_child(lambda: load_files(folder, named_files(sys.stdin.buffer)))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
