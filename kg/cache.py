"""The extraction cache of ``kg build --update``: one file per extracted page.

Extraction is a pure function of a page's decoded text and metadata, the package's code and
data, the pipeline and the default province, so a page whose inputs have not changed need
not be extracted again. Each extracted :class:`~kg.types.Page` is kept in
``OUT/.kg-cache/pages/<key>.pickle``, the key hashing all of those inputs; an update extracts
only the pages with no file under their key, reads the others back and merges them all
exactly as a full build would (same order, same merge), so its outputs are byte-identical to
a full build of the same inputs. Files no page of the run used (a page deleted or changed,
an older version of the package) are removed at the end.

The files are Python pickles, read back only by this module from the output folder the
user chose: like any build output they are to be trusted as much as that folder is (a
folder others can write to should not be given to ``--update``).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from pathlib import Path

import kg
from kg.pipeline import Pipeline
from kg.types import Page, RawText

#: the cache folder inside the output folder
CACHE_FOLDER = ".kg-cache"
_SUFFIX = ".pickle"


@cache
def package_fingerprint() -> str:
    """A hash of the installed package's code and data (every file under ``kg/``): a page
    extracted by another version of either is extracted again."""
    root = Path(kg.__file__).parent
    digest = hashlib.sha256(kg.__version__.encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def run_fingerprint(pipeline: Pipeline, default_province: str | None) -> str:
    """What a page's extraction depends on besides the page: the package, the pipeline's
    components (by name and function) and the province 自治区 means by default."""
    digest = hashlib.sha256(package_fingerprint().encode())
    for stage in pipeline.stages:
        digest.update(f"{stage.name}\0{stage.func.__module__}.{stage.func.__qualname__}\0".encode())
    digest.update((default_province or "").encode())
    return digest.hexdigest()


class PageCache:
    """Extracted pages by the hash of their inputs, under ``out/.kg-cache/pages/``."""

    def __init__(self, out: Path, fingerprint: str) -> None:
        self.folder = out / CACHE_FOLDER / "pages"
        self.fingerprint = fingerprint
        self.used: set[str] = set()
        self.hits = 0

    def key(self, raw: RawText) -> str:
        """The hash of everything a page's extraction reads (its text, offsets, name,
        metadata) and of the run (:func:`run_fingerprint`). Not the folder it was read from:
        the same corpus given as ``pages/`` or ``/data/pages/``, or moved, is the same
        (the path is copied onto a page read back, :meth:`get`)."""
        located = replace(raw, path=Path(raw.name))  # the name stays, the folder goes
        return hashlib.sha256(self.fingerprint.encode() + pickle.dumps(located, protocol=5)).hexdigest()

    def get(self, key: str, path: Path) -> Page | None:
        """The page kept under ``key`` (:meth:`key`), read from ``path`` this time, or None
        (none, torn or foreign)."""
        self.used.add(key)
        try:
            blob = self.file(key).read_bytes()
        except OSError:
            return None
        try:
            page = pickle.loads(blob)  # noqa: S301 -- written by put() below, in the user's own folder
        except Exception:  # noqa: BLE001 -- a torn or foreign file: extract the page again
            return None
        if not isinstance(page, Page):
            return None
        self.hits += 1
        return replace(page, path=path)

    def file(self, key: str) -> Path:
        """The file a page is kept in under ``key``."""
        return self.folder / f"{key}{_SUFFIX}"

    def put(self, key: str, page: Page) -> Path:
        """Keep ``page`` under ``key`` (written aside and renamed: never a torn file);
        return its file."""
        self.used.add(key)
        self.folder.mkdir(parents=True, exist_ok=True)
        final = self.file(key)
        temp = final.with_name(f".{key}.{os.getpid()}.tmp")
        temp.write_bytes(pickle.dumps(page, protocol=5))
        os.replace(temp, final)
        return final

    def prune(self) -> int:
        """Remove the files no page of this run used; return how many."""
        removed = 0
        for path in self._files():
            if path.name.removesuffix(_SUFFIX) not in self.used:
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def _files(self) -> Iterable[Path]:
        if not self.folder.is_dir():
            return []
        return [p for p in self.folder.iterdir() if p.suffix == _SUFFIX or p.name.endswith(".tmp")]
