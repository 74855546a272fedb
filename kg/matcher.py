"""Find every occurrence of many names at once: an Aho-Corasick automaton over surface forms.

We use ``ahocorasick_rs`` (a wrapper of the Rust ``aho-corasick`` crate) rather than
``pyahocorasick``. Both return the same overlapping matches, but pyahocorasick looks up a
node's children by a linear scan, and the root of a Chinese gazetteer has thousands of
children (one per first character): it scans ~1.2M chars/s here, ahocorasick_rs ~30M,
which is what lets a build keep pace with plain ``jieba.cut``. It also has no
``set()``/``iter_long`` with the astral-character and longest-match bugs of RELIABILITY.md
R13; offsets are code-point indexes into the ``str``, astral characters included (tested).

The caller chooses among overlapping matches (leftmost-longest, token boundaries).
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick_rs


class NameMatcher:
    """All (start, end, form) occurrences of a fixed set of forms in a text."""

    __slots__ = ("_automaton", "_forms")

    def __init__(self, forms: Iterable[str]) -> None:
        # sorted: the pattern index -> form table must not depend on set/dict order
        self._forms = tuple(sorted({form for form in forms if form}))
        self._automaton = (ahocorasick_rs.AhoCorasick(self._forms, store_patterns=False)
                           if self._forms else None)

    def __len__(self) -> int:
        return len(self._forms)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Every occurrence, overlapping ones too, ordered by end then start."""
        if self._automaton is None or not text:
            return []
        forms = self._forms
        found = [(start, end, forms[index]) for index, start, end
                 in self._automaton.find_matches_as_indexes(text, overlapping=True)]
        found.sort(key=lambda m: (m[1], m[0]))
        return found


__all__ = ["NameMatcher"]
