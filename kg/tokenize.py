"""A private jieba tokenizer, fed the project's dictionaries, never the global one.

``jieba.cut`` uses the module-level ``jieba.dt``; ``add_word`` on it mutates process-wide
state during other cuts (hazard R10, ``tests/test_hardening.py``), and its cache goes to a fixed
``/tmp/jieba.cache`` (R11). So we build one :class:`jieba.Tokenizer` per
:class:`kg.resources.Resources`, with its cache in a private temporary folder, add our
words once, and treat it as frozen afterwards.

jieba decides *token boundaries*: a name found by the automaton is kept only when it does
not cut a jieba token in two (``索县`` inside ``探索县域`` is rejected). Rules and
dictionaries decide what the names are.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path

import jieba

from kg.scratch import sweep_orphans

_LOCK = threading.Lock()
#: Frequency given to our words: enough that jieba keeps a name whole where nothing
#: competes, too little to override common words (``文明村镇`` must stay 文明/村镇, not
#: 文/明村镇 because 明村镇 is a township of 平度市).
USER_WORD_FREQ = 3
#: A jieba dictionary word at least this frequent is a common word: a name match that
#: would cut one in two is no name (``探索`` 2653 in 探索县域, ``文明`` 6584).
MIN_COMMON_FREQ = 20
#: Longest stretch of a common word on either side of a boundary worth checking.
_MAX_SIDE = 4


#: Characters that end one of jieba's blocks (the complement of ``jieba.re_han_default``).
#: jieba segments each block on its own, so no token crosses one of these, and a window
#: clipped at one segments the rest exactly as the unclipped window would.
RE_BLOCK_EDGE = re.compile(r"[^\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]")

_MUTATORS = ("add_word", "del_word", "load_userdict", "suggest_freq", "set_dictionary", "initialize")


def _frozen(name: str):
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError(f"the kg tokenizer is frozen after start-up; {name}() is not allowed")
    return refuse


#: the private jieba cache folders: kg-jieba-<pid>-<random>
CACHE_PREFIX = "kg-jieba-"


def sweep_stale_caches(tmp: Path) -> None:
    """Remove the cache folders of builds killed while jieba initialised (a folder lives
    only those seconds): those whose process is gone (:func:`kg.scratch.sweep_orphans`)."""
    sweep_orphans(tmp, CACHE_PREFIX)


class FrozenTokenizer:
    """A jieba tokenizer built once with extra words, then only read."""

    def __init__(self, words: Iterable[tuple[str, str, int]] = ()) -> None:
        tokenizer = jieba.Tokenizer()
        jieba.setLogLevel(logging.WARNING)
        # jieba writes its marshal cache while initialising; it saves no time here
        # (hazard R11, ``tests/test_hardening.py``), so it goes to a private folder removed straight after.
        sweep_stale_caches(Path(tempfile.gettempdir()))
        with _LOCK, tempfile.TemporaryDirectory(prefix=f"{CACHE_PREFIX}{os.getpid()}-") as tmp:
            tokenizer.tmp_dir = tmp
            tokenizer.cache_file = str(Path(tmp) / "jieba.cache")
            tokenizer.initialize()
            for word, tag, freq in words:
                tokenizer.add_word(word, freq, tag)
        for method in _MUTATORS:  # frozen: a later add_word would race with cuts (R10)
            setattr(tokenizer, method, _frozen(method))
        self._tokenizer = tokenizer

    @cached_property
    def tags(self) -> dict[str, str]:
        """Part-of-speech tag of each word of jieba's dictionary (``组织`` -> ``v``).

        Read from the dictionary file rather than through ``jieba.posseg``, whose global
        tokenizer we must not touch, and whose HMM tagging is 6x slower than ``cut``.
        """
        table: dict[str, str] = {}
        tag_of: dict[str, str] = {}  # one string per tag, not one per word (~15 MB)
        with jieba.get_dict_file() as fh:
            for raw in fh:
                parts = raw.decode("utf-8").split()
                if len(parts) == 3:
                    table[parts[0]] = tag_of.setdefault(parts[2], parts[2])
        return table

    def warm(self) -> None:
        """Build the tables made on first use now (tags, common bigrams)."""
        _ = self.tags, self._common_bigrams

    @property
    def jieba(self) -> jieba.Tokenizer:
        """The underlying tokenizer, for read-only use (``cut``, ``tokenize``)."""
        return self._tokenizer

    def cut(self, text: str) -> list[str]:
        return list(self._tokenizer.cut(text, HMM=True))

    @cached_property
    def _common_bigrams(self) -> frozenset[str]:
        """Every two-character stretch of a common word of up to 8 characters (~75k, ~4 MB).

        A word that spans a position holds the two characters around it, so where those
        two are no such stretch no common word can cross (most positions checked)."""
        return frozenset(word[i:i + 2] for word, count in self._tokenizer.FREQ.items()
                         if count >= MIN_COMMON_FREQ and 2 <= len(word) <= 2 * _MAX_SIDE
                         for i in range(len(word) - 1))

    def _common_crosses(self, text: str, pos: int) -> bool:
        """True if some common dictionary word of up to 8 characters spans ``pos``."""
        if pos < 1 or text[pos - 1:pos + 1] not in self._common_bigrams:
            return False
        freq = self._tokenizer.FREQ
        window = text[max(0, pos - _MAX_SIDE):pos + _MAX_SIDE]
        cut = min(pos, _MAX_SIDE)
        for left in range(1, cut + 1):
            for right in range(1, len(window) - cut + 1):
                count = freq.get(window[cut - left:cut + right])
                if count is None:
                    break  # jieba's FREQ holds every prefix of its words: none goes on
                if count >= MIN_COMMON_FREQ:
                    return True
        return False

    def is_common(self, word: str) -> bool:
        """True for a frequent jieba dictionary word (``组织``, ``担任``), never a name."""
        return self._tokenizer.FREQ.get(word, 0) >= MIN_COMMON_FREQ

    def aligned(self, text: str, start: int, end: int, *, window: int = 8) -> bool:
        """True unless a common jieba word crosses the start or the end of ``text[start:end]``.

        Unknown names come out of jieba in pieces, which is harmless; what matters is a
        common word straddling the edge (``探索|县域`` around ``索县``). Only a window
        around the span is cut, so this costs microseconds, not a pass over the page.
        """
        if not (self._common_crosses(text, start) or self._common_crosses(text, end)):
            return True  # no common word can straddle either edge: nothing for jieba to decide
        lo = max(0, start - window)
        hi = min(len(text), end + window)
        if edge := RE_BLOCK_EDGE.search(text, end, hi):
            hi = edge.start()  # tokens past a block edge cannot cross the span's edges
        while lo < start and (edge := RE_BLOCK_EDGE.search(text, lo, start)):
            lo = edge.end()
        offset = lo
        for token in self._tokenizer.cut(text[lo:hi], HMM=False):
            t_start, t_end = offset, offset + len(token)
            offset = t_end
            crosses = t_start < start < t_end or t_start < end < t_end
            if crosses and self.is_common(token):
                return False
        return True
