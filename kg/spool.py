"""Extracted pages waiting for the merge, in memory up to a bound and on disk beyond it.

The merge can only start once every page is extracted: which copy of a reprinted story is
the first is known only then (:mod:`kg.reprints`). Holding every extracted page until
then held the corpus's text, mentions and offsets at once (≈ 26 MB per MB of text, 1.2 GB
for a year of a provincial daily). A :class:`PageSpool` keeps the first pages in memory,
up to :data:`MEMORY_CHARS` characters of article text (a small corpus never touches the
disk, and pays nothing), and pickles every later one to a scratch folder of the output
folder as it comes; the merge reads them back one at a time, in input order, and each page
is let go once merged (:class:`kg.types.PageRecord`).

A page the extraction cache of ``--update`` already holds is not written again: the spool
reads it back from the cache's own file (:class:`kg.cache.PageCache`). The scratch files
are pickles this process wrote a moment before, in the folder the user chose for the
outputs (as trusted as the cache, which is the same format).
"""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from types import TracebackType

from kg.scratch import owned_scratch
from kg.types import Page

#: article text kept in memory before pages go to disk: ≈ 3 MB of Chinese text, ≈ 80 MB
#: of extracted pages
MEMORY_CHARS = 1_000_000
#: the scratch folders in the output folder: .kg-pages.<pid>-<random>
SPOOL_PREFIX = ".kg-pages."

_Entry = Page | tuple[Path, Path]  # a page, or (its pickle, the path it was read from)


def page_chars(page: Page) -> int:
    """The characters of a page's article text: what its extracted form grows with."""
    return sum(len(article.text) for article in page.articles)


class PageSpool:
    """The pages of one build in input order (:meth:`add`), given back once (:meth:`drain`).

    Use it as a context manager: the scratch folder goes when the block ends, however it
    ends (a killed build's is swept by the next, :func:`kg.scratch.owned_scratch`)."""

    def __init__(self, out: Path, memory_chars: int | None = None) -> None:
        self._out = out
        self._room = MEMORY_CHARS if memory_chars is None else memory_chars
        self._entries: list[_Entry | None] = []
        self._folder: Path | None = None

    def __enter__(self) -> PageSpool:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def on_disk(self) -> int:
        """How many pages went to disk."""
        return sum(isinstance(entry, tuple) for entry in self._entries)

    def add(self, page: Page, kept: Path | None = None) -> None:
        """Take the next page; ``kept`` is a file that already holds it pickled (the
        extraction cache's), read back instead of writing the page again."""
        chars = page_chars(page)
        if chars <= self._room:
            self._room -= chars
            self._entries.append(page)
            return
        self._room = 0  # the pages after the first to go to disk go too: memory stays put
        if kept is None:
            kept = self._scratch() / f"{len(self._entries)}.pickle"
            kept.write_bytes(pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL))
        self._entries.append((kept, page.path))

    def drain(self) -> Iterator[Page]:
        """Each page in the order it was added, let go as soon as it is given: a page read
        back from disk is in memory only until the next one is asked for."""
        for i, entry in enumerate(self._entries):
            self._entries[i] = None
            if isinstance(entry, Page):
                yield entry
            elif entry is not None:
                file, path = entry
                page = pickle.loads(file.read_bytes())  # noqa: S301 -- written by add() above, or the cache
                if self._folder is not None and file.parent == self._folder:
                    file.unlink()
                yield replace(page, path=path)

    def close(self) -> None:
        self._entries = []
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def _scratch(self) -> Path:
        if self._folder is None:
            self._out.mkdir(parents=True, exist_ok=True)
            self._folder = owned_scratch(self._out, SPOOL_PREFIX)
        return self._folder
