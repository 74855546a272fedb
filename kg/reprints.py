"""The same story printed twice: recognised by its text, counted once, sources kept.

A provincial daily reprints a national paper's story, a county account reposts its own
media centre's item, a scraper fetches one article under two URLs. Counting each copy
would double every mention, relation and figure of the story and make one event look like
two. Two articles are one story when their body text is the same after normalising what
reprinting changes (width, spaces, punctuation marks) — headlines, bylines and mastheads
differ between outlets and are left out. The earliest copy (by publication date, then page
id) is the story; every other copy is kept in the graph as an article of its own page, with
its own date and outlet, pointing to the story (``dj:sameStoryAs``), and adds no evidence.

Corpus-level (it compares pages), so :func:`kg.build.build` tells each page to a
:class:`StoryIndex` as it is extracted and marks the copies before the merge, not inside
the per-page pipeline; ``kg eval`` scores every page as read.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from kg.constants import PartKind
from kg.types import Article, Page

#: a body shorter than this (after normalising) is boilerplate or a brief, which two
#: different stories can share; it is never taken for a reprint
MIN_STORY_CHARS = 120
_NOISE = re.compile(r"[\s\W_]+")


def story_key(article: Article) -> str | None:
    """A digest of the article's body text as reprinting leaves it, or None when the body
    is too short to tell one story from another."""
    body = "".join(article.part_text(PartKind.BODY))
    norm = _NOISE.sub("", unicodedata.normalize("NFKC", body))
    if len(norm) < MIN_STORY_CHARS:
        return None
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()


class StoryIndex:
    """The stories of a corpus, told one page at a time: which articles are later copies.

    Which copy comes first is known only once every page is seen, so a build that merges
    pages as it reads them back (:class:`kg.spool.PageSpool`) tells each page here as it is
    extracted, and asks :meth:`reprints` before the merge. Articles are numbered in the
    order they are told: the merge sees them in the same order."""

    def __init__(self) -> None:
        self._first: dict[str, tuple[tuple[str, str, int], int, str]] = {}
        self._copies: list[tuple[str, int]] = []  # (story key, serial) of every article with one
        self._told = 0

    def add(self, page: Page) -> None:
        for article in page.articles:
            serial, self._told = self._told, self._told + 1
            if (key := story_key(article)) is None:
                continue
            order = (page.meta.date or "9999-99-99", page.name, article.index)
            self._copies.append((key, serial))
            if key not in self._first or order < self._first[key][0]:
                self._first[key] = (order, serial, article.doc_id)

    def reprints(self) -> dict[int, str]:
        """The serial number of every later copy of a story -> the first copy's article id."""
        out: dict[int, str] = {}
        for key, serial in self._copies:
            _first_order, first, doc_id = self._first[key]
            if first != serial:
                out[serial] = doc_id
        return out
