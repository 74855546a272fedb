"""Sorted triples written as Turtle, N-Triples or JSON-LD by pyoxigraph, streamed; and the
process a build writes one of them in while it writes its other outputs.

``python -m kg.export.serial GRAPH.nt FORMAT FILE`` writes ``FILE`` (an existing file, which
it overwrites and syncs) from the sorted N-Triples of a build. The build writes graph.ttl
and graph.jsonld that way while it makes the network outputs and the CSVs, on other cores:
each reads graph.nt back one triple at a time, and none needs another. This module imports
pyoxigraph and the prefixes, not rdflib, so the process starts in a tenth of a second.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph

from kg.prefixes import PREFIXES

FORMATS = {"turtle": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES,
           "jsonld": pyoxigraph.RdfFormat.JSON_LD}


def parse_ntriples(path: Path) -> Iterator[pyoxigraph.Quad]:
    """The triples of an N-Triples file as they come (in the default graph), streamed."""
    return pyoxigraph.parse(path=str(path), format=FORMATS["nt"])


def serialize(triples: Iterable[pyoxigraph.Triple], fmt: str) -> bytes:
    """``turtle``, ``nt`` or ``jsonld`` bytes of sorted triples (as :func:`to_rdf` gives).

    pyoxigraph writes triples in the order given, grouping a subject's consecutive ones in
    Turtle, so sorted input gives byte-identical output whatever the hash seed (R4)."""
    buf = io.BytesIO()
    write_serialized(triples, fmt, buf)
    return buf.getvalue()


def write_serialized(triples: Iterable[pyoxigraph.Triple], fmt: str, fh: BinaryIO) -> None:
    """:func:`serialize` straight into the binary file ``fh`` (a build's outputs: no buffer
    of the whole serialisation, which at 48 MB of text was 2 GB of N-Triples in memory)."""
    sink = _LastByte(fh)
    pyoxigraph.serialize(triples, sink, format=FORMATS[fmt],
                         prefixes=PREFIXES if fmt == "turtle" else None)
    if sink.last != b"\n":
        fh.write(b"\n")


class _LastByte:
    """A write-only file that remembers the last byte written (every output ends with a
    newline, which pyoxigraph's JSON-LD writer leaves out)."""

    def __init__(self, fh: BinaryIO) -> None:
        self._fh, self.last = fh, b""

    def write(self, data: bytes) -> int:
        if data:
            self.last = bytes(data[-1:])
        return self._fh.write(data)

    def flush(self) -> None:
        self._fh.flush()


def main(argv: list[str]) -> int:
    from kg.sandbox import run_as_child

    graph, fmt, target = argv

    def work() -> None:
        with open(target, "wb") as fh:
            write_serialized(parse_ntriples(Path(graph)), fmt, fh)
            fh.flush()
            os.fsync(fh.fileno())

    return run_as_child(work)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
