"""The store of a build, filled in a process of its own from the runs of graph.nt as each
is written (:mod:`kg.storefill`): the names it is told, what it stores, how it fails."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pyoxigraph
import pytest

from kg.storefill import load_files, named_files

DJ = "https://w3id.org/dangjian-kg/ontology#"


class _Trickle(io.RawIOBase):
    """A pipe that hands over a few bytes at a time, as a build writing names does."""

    def __init__(self, data: bytes, step: int) -> None:
        self._data, self._step = data, step

    def readable(self) -> bool:
        return True

    def read1(self, size: int = -1) -> bytes:
        chunk, self._data = self._data[:self._step], self._data[self._step:]
        return chunk


@pytest.mark.parametrize("step", [1, 3, 1 << 16])
def test_storefill_names_split_on_nul_whatever_the_chunks(step, tmp_path):
    """A name arrives in pieces; a folder the user named with a line break or in Chinese is
    still one name (NUL is the only byte a path cannot hold)."""
    names = [tmp_path / "run-00000.nt", tmp_path / "输出\n第二行" / "run-00001.nt"]
    data = b"".join(os.fsencode(n) + b"\0" for n in names)
    assert list(named_files(_Trickle(data, step))) == names
    assert list(named_files(_Trickle(b"", step))) == []


def test_storefill_a_name_cut_short_is_an_error(tmp_path):
    stream = _Trickle(os.fsencode(tmp_path / "run-00000.nt") + b"\0" + b"/tmp/ru", 4)
    with pytest.raises(OSError, match="inside a file name"):
        list(named_files(stream))


def _run(tmp_path, name: str, lines: list[str]):
    path = tmp_path / name
    path.write_text("".join(lines), "utf-8")
    return path


def test_storefill_store_is_every_run_once_and_the_ontology(tmp_path):
    """Two runs sharing a triple (a repeat the merge of graph.nt keeps once): the store holds
    each triple once, with the ontology's classes beside them."""
    a = f"<http://example.org/a> <{DJ}locatedIn> <http://example.org/b> .\n"
    b = '<http://example.org/b> <http://www.w3.org/2000/01/rdf-schema#label> "东坝镇"@zh .\n'
    c = f"<http://example.org/c> <{DJ}orgOf> <http://example.org/b> .\n"
    runs = [_run(tmp_path, "run-0.nt", [a, b]), _run(tmp_path, "run-1.nt", [b, c])]
    load_files(tmp_path / "store", runs)
    store = pyoxigraph.Store.read_only(str(tmp_path / "store"))
    stored = {str(q.triple) for q in store}
    assert {line.removesuffix(" .\n") for line in (a, b, c)} <= stored
    label = pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    assert len(list(store.quads_for_pattern(pyoxigraph.NamedNode("http://example.org/b"), label, None))) == 1
    assert any(DJ + "PartyOrganisation" in s for s in stored)  # the ontology


def _fill(tmp_path, names: list, *args: str) -> subprocess.CompletedProcess:
    data = b"".join(os.fsencode(n) + b"\0" for n in names)
    return subprocess.run([sys.executable, "-m", "kg.storefill", str(tmp_path / "store"), *args],
                          input=data, capture_output=True, timeout=120)


def test_storefill_process_fills_from_names_and_fails_in_one_line(tmp_path):
    good = _run(tmp_path, "run-0.nt", [f"<http://example.org/a> <{DJ}locatedIn> <http://example.org/b> .\n"])
    done = _fill(tmp_path, [good])
    assert done.returncode == 0 and done.stderr == b""
    assert len(pyoxigraph.Store.read_only(str(tmp_path / "store"))) > 1
    torn = _run(tmp_path, "run-1.nt", ["<http://example.org/a> <http://exa"])
    done = _fill(tmp_path, [good, torn])
    lines = done.stderr.decode().strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1 and lines[0].startswith("SyntaxError")
    done = _fill(tmp_path, [tmp_path / "gone.nt"])
    assert done.returncode == 1 and "gone.nt" in done.stderr.decode()


def test_children_of_a_build_run_its_own_package(tmp_path, monkeypatch):
    """A process a build starts (the store, graph.jsonld) imports the ``kg`` of the build
    that started it, not whatever ``kg`` comes first where it runs: here a decoy on
    PYTHONPATH, which a child with the plain environment does import."""
    from kg.build import _same_package_env
    from tests.helpers import ROOT

    decoy = tmp_path / "decoy" / "kg"
    decoy.mkdir(parents=True)
    (decoy / "__init__.py").write_text("", "utf-8")
    monkeypatch.setenv("PYTHONPATH", str(decoy.parent))
    which = [sys.executable, "-c", "import kg; print(kg.__file__)"]

    def imported(env) -> str:
        return subprocess.run(which, cwd=tmp_path, env=env, capture_output=True, text=True,
                              check=True).stdout.strip()

    assert imported(dict(os.environ)) == str(decoy / "__init__.py")
    assert imported(_same_package_env()) == str(ROOT / "kg" / "__init__.py")
